// What every bench/index/*.cpp shares: the synthetic city, the sample
// county, and random points, each made once per process and deterministic
// (fixed seeds, our own uniform conversion, so every standard library gives
// the same points). Header-only, and free of Google Benchmark, so a test or
// a tool may include it too.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "geo/grid_set.hpp"
#include "geo/grid_source.hpp"
#include "geo/load.hpp"

namespace bench_index {

// A uniform double in [0, 1) from the top 53 bits of one draw.
inline double Uniform01(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// `count` points uniform in `box`, the same for a given seed everywhere.
inline std::vector<geo::Meters> RandomPoints(const geo::Bounds& box, size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<geo::Meters> points(count);
  for (geo::Meters& p : points) {
    p.x = box.min_x + Uniform01(rng) * box.Width();
    p.y = box.min_y + Uniform01(rng) * box.Height();
  }
  return points;
}

// A synthetic city: `columns` × `rows` blocks tiling a `width_m` × `height_m`
// rectangle in a Gauss-Krüger-like frame (easting near 500 km, northing near
// 4 300 km, so coordinates have realistic magnitudes). Blocks are octagons:
// the corners of a regular lattice, each jittered by up to ±20 % of a block,
// plus one point per side pushed sideways by up to ±10 %. Neighbours share
// identical vertices, so the blocks tile the rectangle without gaps or
// overlaps. All blocks are features of the grid level (kGrid); the other
// levels are empty. Default: 400 × 250 = 100 000 blocks of 75 × 120 m.
struct CityOptions {
  uint32_t columns = 400;
  uint32_t rows = 250;
  double width_m = 30'000;
  double height_m = 30'000;
  uint64_t seed = 20'240'601;
};

inline geo::GridSet SyntheticCity(const CityOptions& o = {}) {
  const geo::Meters origin{485'000, 4'300'000};
  const double cw = o.width_m / o.columns, ch = o.height_m / o.rows;
  std::mt19937_64 rng(o.seed);
  auto jitter = [&](double amplitude) { return (2 * Uniform01(rng) - 1) * amplitude; };

  // Lattice corners (columns + 1) × (rows + 1); the outline stays straight.
  const uint32_t cols1 = o.columns + 1, rows1 = o.rows + 1;
  std::vector<geo::Meters> corner(size_t{cols1} * rows1);
  for (uint32_t j = 0; j < rows1; ++j) {
    for (uint32_t i = 0; i < cols1; ++i) {
      const bool inner_x = i > 0 && i<o.columns, inner_y = j> 0 && j < o.rows;
      corner[size_t{j} * cols1 + i] = {origin.x + i * cw + (inner_x ? jitter(0.2 * cw) : 0),
                                       origin.y + j * ch + (inner_y ? jitter(0.2 * ch) : 0)};
    }
  }
  auto at = [&](uint32_t i, uint32_t j) { return corner[size_t{j} * cols1 + i]; };
  // Side points: along x between (i, j) and (i + 1, j), pushed in y; along y
  // between (i, j) and (i, j + 1), pushed in x. Outline sides stay straight.
  std::vector<geo::Meters> side_x(size_t{o.columns} * rows1), side_y(size_t{cols1} * o.rows);
  for (uint32_t j = 0; j < rows1; ++j) {
    for (uint32_t i = 0; i < o.columns; ++i) {
      const geo::Meters a = at(i, j), b = at(i + 1, j);
      const bool inner = j > 0 && j < o.rows;
      side_x[size_t{j} * o.columns + i] = {(a.x + b.x) / 2,
                                           (a.y + b.y) / 2 + (inner ? jitter(0.1 * ch) : 0)};
    }
  }
  for (uint32_t j = 0; j < o.rows; ++j) {
    for (uint32_t i = 0; i < cols1; ++i) {
      const geo::Meters a = at(i, j), b = at(i, j + 1);
      const bool inner = i > 0 && i < o.columns;
      side_y[size_t{j} * cols1 + i] = {(a.x + b.x) / 2 + (inner ? jitter(0.1 * cw) : 0),
                                       (a.y + b.y) / 2};
    }
  }

  geo::GridSet set;
  set.county_code = "999999";
  set.county_name = "synthetic city";
  set.display_crs = "EPSG:4546";
  set.features.reserve(size_t{o.columns} * o.rows);
  for (uint32_t j = 0; j < o.rows; ++j) {
    for (uint32_t i = 0; i < o.columns; ++i) {
      // Counter-clockwise: bottom side eastwards, right side north, top west, left south.
      const geo::Meters ring[8] = {at(i, j),         side_x[size_t{j} * o.columns + i],
                                   at(i + 1, j),     side_y[size_t{j} * cols1 + i + 1],
                                   at(i + 1, j + 1), side_x[size_t{j + 1} * o.columns + i],
                                   at(i, j + 1),     side_y[size_t{j} * cols1 + i]};
      geo::Feature f;
      f.level = geo::Level::kGrid;
      f.code = std::to_string(size_t{j} * o.columns + i);
      f.first_polygon = static_cast<uint32_t>(set.polygons.PolygonCount());
      f.polygon_count = 1;
      for (const geo::Meters& m : ring) {
        set.polygons.points.push_back(m);
        f.bounds.Extend(m);
      }
      set.polygons.ring_points.push_back(static_cast<uint32_t>(set.polygons.points.size()));
      set.polygons.polygon_rings.push_back(static_cast<uint32_t>(set.polygons.RingCount()));
      f.label_point = f.bounds.Center();
      f.area_m2 = geo::SignedArea(ring);
      set.bounds.Extend(f.bounds);
      set.features.push_back(std::move(f));
    }
  }
  const auto n = static_cast<geo::FeatureId>(set.features.size());
  set.level_begin = {0, 0, n, n, n};
  return set;
}

// The synthetic city with default options, made on first use.
inline const geo::GridSet& City() {
  static const geo::GridSet city = SyntheticCity();
  return city;
}

// The bundled sample county, loaded on first use; a load failure ends the
// process with the loader's sentence (nothing can be measured without it).
inline const geo::GridSet& SampleCounty() {
  static const geo::GridSet county = [] {
    auto set = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
    if (!set) {
      std::fprintf(stderr, "bench_index: cannot load the sample county: %s\n",
                   set.error().message.c_str());
      std::exit(1);
    }
    return std::move(*set);
  }();
  return county;
}

}  // namespace bench_index
