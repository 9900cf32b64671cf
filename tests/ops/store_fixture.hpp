// A store on the sample county in a temporary folder, for the store, server
// and durability tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "geo/crs.hpp"
#include "geo/grid_source.hpp"
#include "ops/catalog.hpp"
#include "ops/store.hpp"
#include "support/test_support.hpp"

namespace test {

inline const ops::Catalog& SampleCatalog() {
  static const ops::Catalog catalog = [] {
    auto c = ops::LoadCatalog(ops::OpsDataDirectory());
    EXPECT_TRUE(c) << c.error().message;
    return c ? *c : ops::Catalog{};
  }();
  return catalog;
}

inline std::unique_ptr<ops::Store> OpenSampleStore(const std::filesystem::path& path,
                                                   bool seed = true) {
  ops::StoreOptions o;
  o.path = path;
  o.synchronous_full = false;  // tests need no power-failure safety
  if (seed) {
    const std::filesystem::path dir = geo::SampleCountyDirectory();
    o.organisation_file = dir / "organisation.json";
    o.sensors_file = dir / "sensors.json";
  }
  auto store = ops::Store::Open(o, SampleCounty(), SampleCatalog());
  EXPECT_TRUE(store) << store.error().message;
  return store ? std::move(*store) : nullptr;
}

// A point inside the sample county's grid `code` (its label point) as lon/lat.
inline geo::LonLat PointIn(const ops::Store& store, std::string_view code) {
  const geo::GridSet& g = store.grids();
  const geo::FeatureId f = g.Find(code);
  EXPECT_NE(f, geo::kNoFeature) << code;
  auto back = geo::Transformer::Create(g.display_crs, "EPSG:4490");
  const geo::Meters m = g.features[f].label_point;
  const geo::Meters ll = back->Forward(m.x, m.y);
  return {ll.x, ll.y};
}

inline ops::DemandInput Demand(geo::LonLat at, std::string category = "S01",
                               std::string description = "楼道堆放杂物") {
  ops::DemandInput d;
  d.category = std::move(category);
  d.source = ops::Source::kHotline;
  d.description = std::move(description);
  d.location = at;
  return d;
}

}  // namespace test
