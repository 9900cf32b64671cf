#include "ops/locator.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>

#include "geo/crs.hpp"

namespace ops {

namespace {

// Lon/lat as received: CGCS2000 (EPSG:4490); WGS 84 differs by centimetres.
constexpr std::string_view kLonLatCrs = "EPSG:4490";

// PROJ objects are not shared between threads: one per thread and display CRS.
const geo::Transformer* ThreadTransformer(const std::string& from, const std::string& to) {
  thread_local std::optional<geo::Transformer> cached;
  thread_local std::string cached_key;
  const std::string key = from + "→" + to;
  if (!cached || cached_key != key) {
    auto t = geo::Transformer::Create(from, to);
    if (!t) return nullptr;
    cached = std::move(*t);
    cached_key = key;
  }
  return &*cached;
}

}  // namespace

Locator::Locator(const geo::GridSet& grids, const geo::PolygonIndex& index)
    : grids_(grids), index_(index) {
  // The county's lon/lat box from its display bounds' corners.
  const geo::Transformer* back = ThreadTransformer(grids.display_crs, std::string(kLonLatCrs));
  if (back) {
    double xs[4] = {grids.bounds.min_x, grids.bounds.max_x, grids.bounds.min_x, grids.bounds.max_x};
    double ys[4] = {grids.bounds.min_y, grids.bounds.min_y, grids.bounds.max_y, grids.bounds.max_y};
    back->Transform(xs, ys);
    min_ = {std::min({xs[0], xs[1], xs[2], xs[3]}), std::min({ys[0], ys[1], ys[2], ys[3]})};
    max_ = {std::max({xs[0], xs[1], xs[2], xs[3]}), std::max({ys[0], ys[1], ys[2], ys[3]})};
  }
}

geo::Meters Locator::ToDisplay(geo::LonLat p) const {
  const geo::Transformer* t = ThreadTransformer(std::string(kLonLatCrs), grids_.display_crs);
  if (!t) return {HUGE_VAL, HUGE_VAL};
  return t->Forward(p.lon, p.lat);
}

void Locator::ToDisplay(std::span<double> lons, std::span<double> lats) const {
  const geo::Transformer* t = ThreadTransformer(std::string(kLonLatCrs), grids_.display_crs);
  if (t) {
    t->Transform(lons, lats);
  } else {
    std::fill(lons.begin(), lons.end(), HUGE_VAL);
  }
}

Checked<Located> Locator::Locate(geo::LonLat p, std::string_view lon_field,
                                 std::string_view lat_field) const {
  if (!std::isfinite(p.lon) || p.lon < -180 || p.lon > 180) {
    return Refuse(400, std::string(lon_field),
                  fmt::format("{}: {} is not a longitude (−180…180)", lon_field, p.lon));
  }
  if (!std::isfinite(p.lat) || p.lat < -90 || p.lat > 90) {
    return Refuse(400, std::string(lat_field),
                  fmt::format("{}: {} is not a latitude (−90…90); were {} and {} swapped?",
                              lat_field, p.lat, lat_field, lon_field));
  }
  auto inside = [&](geo::LonLat q, Located& out) {
    out.xy = ToDisplay(q);
    if (!std::isfinite(out.xy.x)) return false;
    const auto all = index_.LocateAll(out.xy);
    for (size_t l = 0; l < all.size(); ++l) out.areas[l] = all[l];
    return out.areas[0] != geo::kNoFeature;
  };
  Located located;
  if (inside(p, located)) return located;
  const std::string county = grids_.county_name.empty() ? "the county" : grids_.county_name;
  Located swapped;
  if (std::abs(p.lon) <= 90 && inside({p.lat, p.lon}, swapped)) {
    return Refuse(400, std::string(lat_field),
                  fmt::format("{}/{}: ({}, {}) is not inside {}; were {} and {} swapped? "
                              "({} {}, {} {} would be)",
                              lon_field, lat_field, p.lon, p.lat, county, lat_field, lon_field,
                              lon_field, p.lat, lat_field, p.lon));
  }
  return Refuse(
      400, std::string(lat_field),
      fmt::format("{}/{}: ({:.6f}, {:.6f}) is not inside any community of {} (they lie within "
                  "lon {:.3f}…{:.3f}, lat {:.3f}…{:.3f})",
                  lon_field, lat_field, p.lon, p.lat, county, min_.lon, max_.lon, min_.lat,
                  max_.lat));
}

}  // namespace ops
