// The static polygon index (geo/polygon_index.hpp):
//
//   [SECTION] PackedRTree          searches equal a brute-force scan
//   [SECTION] Boundary rule        a 3×3 grid of squares, triangles cut on
//                                  slanted diagonals, a fan of wedges around
//                                  one vertex, a jittered tiling: every point
//                                  on a shared edge or vertex has exactly one
//                                  owner, the one the rule names
//   [SECTION] Sample county        vertices and midpoints of shared edges:
//                                  one grid and one community each, the grid
//                                  inside the community; nothing inside lost
//   [SECTION] Shapes               holes, multipolygons, many-banded rings,
//                                  empty and degenerate input
//   [SECTION] Differential         100 000 random points per data set give
//                                  the same holders as GEOS through OGR
//                                  (prepared Contains), except within 1e-9
//                                  (relative) of a boundary
#include "geo/polygon_index.hpp"

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include "support/test_support.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <memory>
#include <numbers>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "geo/locate.hpp"
#include "geo/packed_rtree.hpp"

namespace geo {
namespace {

// A uniform double in [0, 1) from the top 53 bits of one draw: the same
// numbers with every standard library.
double Uniform01(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

Meters RandomIn(const Bounds& b, std::mt19937_64& rng) {
  return {b.min_x + Uniform01(rng) * b.Width(), b.min_y + Uniform01(rng) * b.Height()};
}

// Polygons and features built in memory: each AddFeature takes polygons as
// lists of rings.
struct Layer {
  PolygonSet polygons;
  std::vector<FeaturePolygons> features;

  uint32_t AddFeature(const std::vector<std::vector<std::vector<Meters>>>& parts) {
    FeaturePolygons f{static_cast<uint32_t>(polygons.PolygonCount()),
                      static_cast<uint32_t>(parts.size())};
    for (const auto& rings : parts) {
      for (const auto& ring : rings) {
        polygons.points.insert(polygons.points.end(), ring.begin(), ring.end());
        polygons.ring_points.push_back(static_cast<uint32_t>(polygons.points.size()));
      }
      polygons.polygon_rings.push_back(static_cast<uint32_t>(polygons.RingCount()));
    }
    features.push_back(f);
    return static_cast<uint32_t>(features.size() - 1);
  }
  uint32_t Add(std::vector<Meters> ring) { return AddFeature({{std::move(ring)}}); }
  PolygonLayerIndex Index() const { return PolygonLayerIndex::Build(polygons, features); }

  // Every feature holding p, by the exact test without an index.
  std::vector<uint32_t> Holders(Meters p) const {
    std::vector<uint32_t> out;
    for (uint32_t f = 0; f < features.size(); ++f) {
      if (FeatureHolds(polygons, features[f], p)) out.push_back(f);
    }
    return out;
  }
};

std::vector<uint32_t> IndexHolders(const PolygonLayerIndex& index, Meters p) {
  std::vector<uint32_t> out;
  index.Holding(p, [&](uint32_t f) { out.push_back(f); });
  std::sort(out.begin(), out.end());
  return out;
}

// Checks one point against the index three ways (Locate, Holding, Holds)
// and returns its holders by brute force.
std::vector<uint32_t> CheckPoint(const Layer& layer, const PolygonLayerIndex& index, Meters p) {
  const std::vector<uint32_t> holders = layer.Holders(p);
  const uint32_t located = index.Locate(p);
  if (holders.empty()) {
    EXPECT_EQ(located, PolygonLayerIndex::kNone) << p.x << " " << p.y;
  } else {
    EXPECT_TRUE(std::find(holders.begin(), holders.end(), located) != holders.end())
        << p.x << " " << p.y << " located " << located;
  }
  EXPECT_EQ(IndexHolders(index, p), holders) << p.x << " " << p.y;
  for (uint32_t f = 0; f < layer.features.size(); ++f) {
    const bool held = std::find(holders.begin(), holders.end(), f) != holders.end();
    if (index.Holds(f, p) != held) ADD_FAILURE() << "Holds(" << f << ") at " << p.x << " " << p.y;
  }
  return holders;
}

// ---------------------------------------------------------------------------
// [SECTION] PackedRTree

TEST(PolygonIndexRTree, SearchEqualsBruteForce) {
  std::mt19937_64 rng(7);
  for (size_t n : {0u, 1u, 15u, 16u, 17u, 255u, 256u, 257u, 5000u}) {
    std::vector<Bounds> boxes(n);
    PackedRTree tree;
    for (Bounds& b : boxes) {
      const Meters c{Uniform01(rng) * 1000, Uniform01(rng) * 1000};
      const double w = Uniform01(rng) * 40, h = Uniform01(rng) * 40;
      b = {c.x, c.y, c.x + w, c.y + h};
      tree.Add(b);
    }
    tree.Finish();
    ASSERT_EQ(tree.size(), n);
    for (int q = 0; q < 200; ++q) {
      const Meters c{Uniform01(rng) * 1000, Uniform01(rng) * 1000};
      const Bounds query{c.x, c.y, c.x + Uniform01(rng) * 100, c.y + Uniform01(rng) * 100};
      std::vector<uint32_t> expected, got;
      for (uint32_t i = 0; i < n; ++i) {
        const Bounds& b = boxes[i];
        if (b.min_x <= query.max_x && query.min_x <= b.max_x && b.min_y <= query.max_y &&
            query.min_y <= b.max_y) {
          expected.push_back(i);
        }
      }
      tree.Search(query, [&](uint32_t i) { got.push_back(i); });
      std::sort(got.begin(), got.end());
      ASSERT_EQ(got, expected) << "n=" << n << " query " << q;
    }
  }
}

TEST(PolygonIndexRTree, TouchingCountsAndVisitCanStop) {
  PackedRTree tree;
  for (int i = 0; i < 100; ++i) tree.Add({double(i), 0, double(i + 1), 1});
  tree.Add(Bounds{});  // empty: kept for the ids, never found
  tree.Finish();
  std::vector<uint32_t> hits;
  tree.SearchPoint({5, 1}, [&](uint32_t i) { hits.push_back(i); });  // a shared corner
  std::sort(hits.begin(), hits.end());
  EXPECT_EQ(hits, (std::vector<uint32_t>{4, 5}));
  int visits = 0;
  const bool finished = tree.Search({-1e9, -1e9, 1e9, 1e9}, [&](uint32_t) { return ++visits < 3; });
  EXPECT_FALSE(finished);
  EXPECT_EQ(visits, 3);
}

#ifndef NDEBUG
TEST(PolygonIndexRTreeDeathTest, SearchBeforeFinishSaysWhatToCall) {
  PackedRTree tree;
  tree.Add({0, 0, 1, 1});
  EXPECT_DEATH(tree.SearchPoint({0, 0}, [](uint32_t) {}), "call Finish\\(\\)");
}
#endif

// ---------------------------------------------------------------------------
// [SECTION] Boundary rule

// The feature the rule names for p: the one holding p + (ε, ε²) for small ε,
// probed with an ε far above rounding and far below the shapes' sizes.
std::vector<uint32_t> RuleOwner(const Layer& layer, Meters p, double eps) {
  return layer.Holders({p.x + eps, p.y + eps * eps});
}

// A 3 × 3 grid of unit squares at `origin`, each square one feature, id
// 3 * row + column.
Layer Squares(Meters origin) {
  Layer layer;
  for (int row = 0; row < 3; ++row) {
    for (int col = 0; col < 3; ++col) {
      const double x = origin.x + col, y = origin.y + row;
      layer.Add({{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}});
    }
  }
  return layer;
}

TEST(PolygonIndexRule, EveryPointOfTheInnerGridLinesHasExactlyOneSquare) {
  for (const Meters origin : {Meters{0, 0}, Meters{500000, 4321000}}) {
    const Layer layer = Squares(origin);
    const PolygonLayerIndex index = layer.Index();
    // Every point at multiples of 1/8 along the grid lines: edges, inner
    // corners (where four squares meet), and the outer boundary.
    for (int i = 0; i <= 24; ++i) {
      for (int j = 0; j <= 24; ++j) {
        if (i % 8 != 0 && j % 8 != 0) continue;  // not on a grid line
        const Meters p{origin.x + i / 8.0, origin.y + j / 8.0};
        const std::vector<uint32_t> holders = CheckPoint(layer, index, p);
        // Squares are closed west and south, open east and north.
        const bool held = i < 24 && j < 24;
        ASSERT_EQ(holders.size(), held ? 1u : 0u) << i << "/8, " << j << "/8";
        if (held) {
          EXPECT_EQ(holders[0], static_cast<uint32_t>(3 * (j / 8) + i / 8)) << i << ", " << j;
          EXPECT_EQ(holders, RuleOwner(layer, p, 1e-4));
        }
      }
    }
  }
}

TEST(PolygonIndexRule, SlantedSharedEdgesGoToOneSideEvenWhenRounded) {
  // Each cell of an irregular lattice cut along its diagonal into two
  // triangles; diagonals and lattice lines are slanted, so their midpoints
  // are not exactly on them.
  const Meters origin{500000.123, 4321000.456};
  std::mt19937_64 rng(11);
  constexpr int kN = 6;
  std::vector<Meters> v((kN + 1) * (kN + 1));
  for (int j = 0; j <= kN; ++j) {
    for (int i = 0; i <= kN; ++i) {
      const bool inner = i > 0 && i < kN && j > 0 && j < kN;
      v[j * (kN + 1) + i] = {origin.x + i * 10.0 + (inner ? Uniform01(rng) * 6 - 3 : 0),
                             origin.y + j * 10.0 + (inner ? Uniform01(rng) * 6 - 3 : 0)};
    }
  }
  auto at = [&](int i, int j) { return v[j * (kN + 1) + i]; };
  Layer layer;
  for (int j = 0; j < kN; ++j) {
    for (int i = 0; i < kN; ++i) {
      layer.Add({at(i, j), at(i + 1, j), at(i + 1, j + 1)});
      layer.Add({at(i, j), at(i + 1, j + 1), at(i, j + 1)});
    }
  }
  const PolygonLayerIndex index = layer.Index();
  // Vertices, midpoints and points at 1/3 and 1/7 of every edge.
  std::set<std::pair<double, double>> seen;
  size_t inner_points = 0;
  for (const auto& f : layer.features) {
    const auto ring = layer.polygons.Ring(layer.polygons.polygon_rings[f.first_polygon]);
    for (size_t k = 0; k < ring.size(); ++k) {
      const Meters a = ring[k], b = ring[(k + 1) % ring.size()];
      for (double t : {0.0, 0.5, 1.0 / 3, 1.0 / 7}) {
        const Meters p{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
        if (!seen.insert({p.x, p.y}).second) continue;
        const std::vector<uint32_t> holders = CheckPoint(layer, index, p);
        ASSERT_LE(holders.size(), 1u) << p.x << " " << p.y;
        const bool inner = p.x > origin.x + 1e-6 && p.x < origin.x + kN * 10 - 1e-6 &&
                           p.y > origin.y + 1e-6 && p.y < origin.y + kN * 10 - 1e-6;
        if (inner) {
          ++inner_points;
          EXPECT_EQ(holders.size(), 1u) << "lost: " << p.x << " " << p.y;
        }
      }
    }
  }
  EXPECT_GT(inner_points, 300u);
}

TEST(PolygonIndexRule, AVertexSharedByManyWedgesHasOneOwner) {
  // 12 triangles around one centre, some sides horizontal and vertical.
  for (const Meters c : {Meters{0, 0}, Meters{500000.5, 4321000.25}}) {
    Layer layer;
    constexpr int kWedges = 12;
    std::vector<Meters> rim;
    for (int k = 0; k < kWedges; ++k) {
      const double angle = 2 * std::numbers::pi * k / kWedges;
      // Snap the axis directions so those sides are exactly axis-parallel.
      const double dx = k % 3 == 0 ? std::round(std::cos(angle)) : std::cos(angle);
      const double dy = k % 3 == 0 ? std::round(std::sin(angle)) : std::sin(angle);
      rim.push_back({c.x + 10 * dx, c.y + 10 * dy});
    }
    for (int k = 0; k < kWedges; ++k) layer.Add({c, rim[k], rim[(k + 1) % kWedges]});
    const PolygonLayerIndex index = layer.Index();
    const std::vector<uint32_t> holders = CheckPoint(layer, index, c);
    ASSERT_EQ(holders.size(), 1u);
    // East of the centre runs the horizontal side between wedges 11 and 0:
    // the point belongs north of it, to wedge 0.
    EXPECT_EQ(holders[0], 0u);
    EXPECT_EQ(holders, RuleOwner(layer, c, 1e-3));
    // Points along every spoke.
    for (int k = 0; k < kWedges; ++k) {
      for (double t : {0.25, 0.5, 0.75}) {
        const Meters p{c.x + t * (rim[k].x - c.x), c.y + t * (rim[k].y - c.y)};
        EXPECT_EQ(CheckPoint(layer, index, p).size(), 1u) << "spoke " << k << " at " << t;
      }
    }
  }
}

// A jittered tiling of `n` × `n` quadrilaterals with shared vertices.
Layer JitteredTiling(int n, uint64_t seed, Meters origin, double size) {
  std::mt19937_64 rng(seed);
  std::vector<Meters> v((n + 1) * (n + 1));
  for (int j = 0; j <= n; ++j) {
    for (int i = 0; i <= n; ++i) {
      const bool inner = i > 0 && i < n && j > 0 && j < n;
      v[j * (n + 1) + i] = {origin.x + size * (i + (inner ? Uniform01(rng) * 0.6 - 0.3 : 0)),
                            origin.y + size * (j + (inner ? Uniform01(rng) * 0.6 - 0.3 : 0))};
    }
  }
  Layer layer;
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      layer.Add({v[j * (n + 1) + i], v[j * (n + 1) + i + 1], v[(j + 1) * (n + 1) + i + 1],
                 v[(j + 1) * (n + 1) + i]});
    }
  }
  return layer;
}

TEST(PolygonIndexRule, ATilingLosesNoPointAndCountsNoneTwice) {
  const Meters origin{480000, 4300000};
  const Layer layer = JitteredTiling(40, 3, origin, 25.0);
  const PolygonLayerIndex index = layer.Index();
  std::mt19937_64 rng(5);
  const Bounds inside{origin.x, origin.y, origin.x + 1000, origin.y + 1000};
  for (int k = 0; k < 20000; ++k) {
    const Meters p = RandomIn(inside, rng);
    ASSERT_EQ(CheckPoint(layer, index, p).size(), 1u) << p.x << " " << p.y;
  }
  // Every vertex and edge midpoint strictly inside the tiling.
  for (const auto& f : layer.features) {
    const auto ring = layer.polygons.Ring(layer.polygons.polygon_rings[f.first_polygon]);
    for (size_t k = 0; k < ring.size(); ++k) {
      const Meters a = ring[k], b = ring[(k + 1) % ring.size()];
      for (const Meters p : {a, Meters{a.x + (b.x - a.x) / 2, a.y + (b.y - a.y) / 2}}) {
        const bool inner =
            p.x > inside.min_x && p.x < inside.max_x && p.y > inside.min_y && p.y < inside.max_y;
        const size_t owners = CheckPoint(layer, index, p).size();
        if (inner) {
          ASSERT_EQ(owners, 1u) << p.x << " " << p.y;
        } else {
          ASSERT_LE(owners, 1u) << p.x << " " << p.y;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// [SECTION] Sample county

const GridSet& County() {
  return test::SampleCounty();
}

const PolygonIndex& CountyIndex() {
  static const PolygonIndex index = PolygonIndex::Build(County());
  return index;
}

// Every vertex of every polygon of `level`, and the midpoint of every edge
// that two features of the level share (the same two vertices).
struct BoundaryPoints {
  std::vector<Meters> vertices;
  std::vector<Meters> shared_midpoints;
  std::vector<std::array<FeatureId, 2>> shared_by;
};

BoundaryPoints BoundaryOf(const GridSet& set, Level level) {
  BoundaryPoints out;
  std::map<std::pair<std::pair<double, double>, std::pair<double, double>>, std::vector<FeatureId>>
      edges;
  std::set<std::pair<double, double>> vertices;
  for (FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    const Feature& f = set.features[id];
    for (uint32_t poly = f.first_polygon; poly < f.first_polygon + f.polygon_count; ++poly) {
      for (uint32_t r = set.polygons.polygon_rings[poly]; r < set.polygons.polygon_rings[poly + 1];
           ++r) {
        const auto ring = set.polygons.Ring(r);
        for (size_t k = 0; k < ring.size(); ++k) {
          const Meters a = ring[k], b = ring[(k + 1) % ring.size()];
          vertices.insert({a.x, a.y});
          const std::pair<double, double> pa{a.x, a.y}, pb{b.x, b.y};
          edges[{std::min(pa, pb), std::max(pa, pb)}].push_back(id);
        }
      }
    }
  }
  for (const auto& [x, y] : vertices) out.vertices.push_back({x, y});
  for (const auto& [edge, ids] : edges) {
    if (ids.size() != 2 || ids[0] == ids[1]) continue;
    const auto [a, b] = edge;
    out.shared_midpoints.push_back(
        {a.first + (b.first - a.first) / 2, a.second + (b.second - a.second) / 2});
    out.shared_by.push_back({ids[0], ids[1]});
  }
  return out;
}

// Whether every point 1 mm around p lies in some feature of `level`: p is
// inside the union of the level's areas, not on its outer boundary.
bool Surrounded(const PolygonIndex& index, Level level, Meters p) {
  for (int k = 0; k < 16; ++k) {
    const double angle = 2 * std::numbers::pi * (k + 0.5) / 16;
    if (index.Locate(level, {p.x + 1e-3 * std::cos(angle), p.y + 1e-3 * std::sin(angle)}) ==
        kNoFeature) {
      return false;
    }
  }
  return true;
}

// Holders of p at `level` by the exact test without an index.
std::vector<FeatureId> CountyHolders(Level level, Meters p) {
  std::vector<FeatureId> out;
  for (FeatureId id = County().LevelBegin(level); id < County().LevelEnd(level); ++id) {
    if (FeatureContains(County(), id, p)) out.push_back(id);
  }
  return out;
}

TEST(PolygonIndexCounty, SharedGridVerticesAndEdgesHaveOneGridAndOneCommunity) {
  const GridSet& set = County();
  ASSERT_EQ(set.LevelCount(Level::kGrid), 79u);
  const PolygonIndex& index = CountyIndex();
  const BoundaryPoints grid = BoundaryOf(set, Level::kGrid);
  ASSERT_GT(grid.shared_midpoints.size(), 100u) << "grids should share edges";

  size_t inner = 0, checked = 0;
  auto check = [&](Meters p, const char* what) {
    ++checked;
    const std::vector<FeatureId> grids = CountyHolders(Level::kGrid, p);
    const std::vector<FeatureId> communities = CountyHolders(Level::kCommunity, p);
    ASSERT_LE(grids.size(), 1u) << what << " " << p.x << " " << p.y;
    ASSERT_LE(communities.size(), 1u) << what << " " << p.x << " " << p.y;
    const FeatureId g = index.Locate(Level::kGrid, p);
    const FeatureId c = index.Locate(Level::kCommunity, p);
    EXPECT_EQ(g, grids.empty() ? kNoFeature : grids[0]) << what;
    EXPECT_EQ(c, communities.empty() ? kNoFeature : communities[0]) << what;
    if (Surrounded(index, Level::kGrid, p)) {
      ++inner;
      ASSERT_NE(g, kNoFeature) << what << " lost: " << p.x << " " << p.y;
    }
    // Consistent across levels: the grid found lies in the community found.
    if (g != kNoFeature) {
      EXPECT_EQ(set.features[g].parent, c)
          << what << " " << p.x << " " << p.y << " grid " << set.features[g].code;
    }
  };
  for (const Meters p : grid.vertices) check(p, "vertex");
  for (size_t k = 0; k < grid.shared_midpoints.size(); ++k) {
    const Meters p = grid.shared_midpoints[k];
    check(p, "midpoint");
    // The owner of a shared edge's midpoint is one of the two sharing it.
    const FeatureId g = index.Locate(Level::kGrid, p);
    EXPECT_TRUE(g == grid.shared_by[k][0] || g == grid.shared_by[k][1]);
  }
  EXPECT_GT(inner, grid.vertices.size() / 2) << "most grid vertices are inside the town";
  RecordProperty("points", static_cast<int>(checked));
}

TEST(PolygonIndexCounty, SharedCommunityVerticesHaveOneCommunity) {
  const PolygonIndex& index = CountyIndex();
  const BoundaryPoints communities = BoundaryOf(County(), Level::kCommunity);
  ASSERT_GT(communities.shared_midpoints.size(), 20u);
  for (const std::vector<Meters>* points : {&communities.vertices, &communities.shared_midpoints}) {
    for (const Meters p : *points) {
      const std::vector<FeatureId> holders = CountyHolders(Level::kCommunity, p);
      ASSERT_LE(holders.size(), 1u) << p.x << " " << p.y;
      if (Surrounded(index, Level::kCommunity, p)) {
        ASSERT_EQ(holders.size(), 1u);
      }
      EXPECT_EQ(index.Locate(Level::kCommunity, p), holders.empty() ? kNoFeature : holders[0]);
    }
  }
}

TEST(PolygonIndexCounty, RandomPointsAgreeWithTheScanAtEveryLevel) {
  const GridSet& set = County();
  const PolygonIndex& index = CountyIndex();
  std::mt19937_64 rng(42);
  size_t in_town = 0;
  for (int k = 0; k < 100000; ++k) {
    const Meters p = RandomIn(set.bounds, rng);
    const auto ids = index.LocateAll(p);
    for (int l = 0; l < kLevelCount; ++l) {
      ASSERT_EQ(ids[l], FeatureAt(set, static_cast<Level>(l), p)) << "level " << l;
    }
    // Nothing inside a community is lost between grids, no grid point lies
    // outside its community, and compounds sit in their grid.
    in_town += ids[0] != kNoFeature;
    ASSERT_EQ(ids[0] != kNoFeature, ids[1] != kNoFeature) << p.x << " " << p.y;
    if (ids[1] != kNoFeature) {
      ASSERT_EQ(set.features[ids[1]].parent, ids[0]);
    }
    if (ids[2] != kNoFeature) {
      ASSERT_EQ(set.features[ids[2]].parent, ids[1]);
    }
    EXPECT_EQ(index.Deepest(p), DeepestFeatureAt(set, p));
  }
  EXPECT_GT(in_town, 20000u);
}

TEST(PolygonIndexCounty, LabelPointsAndSearch) {
  const GridSet& set = County();
  const PolygonIndex& index = CountyIndex();
  for (FeatureId id = 0; id < set.features.size(); ++id) {
    const Feature& f = set.features[id];
    EXPECT_EQ(index.Locate(f.level, f.label_point), id) << f.code;
    EXPECT_TRUE(index.Holds(id, f.label_point)) << f.code;
    // Search by the feature's own bounds finds it, once.
    int found = 0;
    index.Search(f.level, f.bounds, [&](FeatureId hit) { found += hit == id; });
    EXPECT_EQ(found, 1) << f.code;
  }
  EXPECT_GT(index.MemoryBytes(), 0u);
}

// ---------------------------------------------------------------------------
// [SECTION] Shapes

std::vector<Meters> Square(double x, double y, double size, bool clockwise = false) {
  std::vector<Meters> ring{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}};
  if (clockwise) std::reverse(ring.begin(), ring.end());
  return ring;
}

TEST(PolygonIndexShapes, HolesAndMultipolygons) {
  Layer layer;
  // Feature 0: a square with a square hole, plus a second square far away.
  layer.AddFeature({{Square(0, 0, 10), Square(3, 3, 4, true)}, {Square(100, 100, 5)}});
  // Feature 1: the hole's filling, sharing the hole's edges.
  layer.Add(Square(3, 3, 4));
  const PolygonLayerIndex index = layer.Index();
  EXPECT_EQ(index.Locate({1, 1}), 0u);
  EXPECT_EQ(index.Locate({5, 5}), 1u);      // in the hole, in the filling
  EXPECT_EQ(index.Locate({102, 102}), 0u);  // the far part
  EXPECT_EQ(index.Locate({50, 50}), PolygonLayerIndex::kNone);
  // The hole's west and south edges belong to the filling, east and north to the ring.
  EXPECT_EQ(index.Locate({3, 5}), 1u);
  EXPECT_EQ(index.Locate({7, 5}), 0u);
  EXPECT_EQ(index.Locate({5, 3}), 1u);
  EXPECT_EQ(index.Locate({5, 7}), 0u);
  // Search visits a multipolygon feature once even when both parts meet the query.
  int visits = 0;
  index.Search({-1, -1, 200, 200}, [&](uint32_t f) { visits += f == 0; });
  EXPECT_EQ(visits, 1);
  std::mt19937_64 rng(9);
  for (int k = 0; k < 5000; ++k) CheckPoint(layer, index, RandomIn({-5, -5, 110, 110}, rng));
}

TEST(PolygonIndexShapes, ManyBandsGiveTheSameBitsAsTheScan) {
  // A 5000-gon (1250 bands) and a comb whose teeth share one long edge.
  Layer layer;
  std::vector<Meters> circle;
  const Meters c{500000, 4321000};
  for (int k = 0; k < 5000; ++k) {
    const double a = 2 * std::numbers::pi * k / 5000;
    circle.push_back({c.x + 1000 * std::cos(a), c.y + 1000 * std::sin(a) * 0.7});
  }
  layer.Add(circle);
  std::vector<Meters> comb{{c.x - 3000, c.y - 900}, {c.x - 1500, c.y - 900}};
  for (int k = 0; k < 200; ++k) {
    const double y = c.y - 900 + k * 9;
    comb.push_back({c.x - 1500, y + 4.5});
    comb.push_back({c.x - 2000, y + 5});
    comb.push_back({c.x - 1500, y + 9});
  }
  comb.push_back({c.x - 3000, c.y + 900});
  layer.Add(comb);
  const PolygonLayerIndex index = layer.Index();
  std::mt19937_64 rng(13);
  const Bounds around{c.x - 3100, c.y - 1000, c.x + 1100, c.y + 1000};
  for (int k = 0; k < 50000; ++k) CheckPoint(layer, index, RandomIn(around, rng));
  for (const Meters& p : circle) CheckPoint(layer, index, p);
  for (const Meters& p : comb) CheckPoint(layer, index, p);
}

TEST(PolygonIndexShapes, EmptyAndDegenerateInputs) {
  const PolygonLayerIndex nothing;
  EXPECT_EQ(nothing.Locate({0, 0}), PolygonLayerIndex::kNone);
  EXPECT_EQ(PolygonIndex{}.Locate(Level::kGrid, {0, 0}), kNoFeature);

  Layer layer;
  layer.AddFeature({});                 // no polygons at all
  layer.Add({{0, 0}, {1, 1}, {2, 2}});  // collinear: no area
  layer.Add({{5, 5}});                  // one point
  layer.Add({{10, 10}, {11, 10}});      // two points, horizontal
  const uint32_t real = layer.Add(Square(20, 20, 1));
  const PolygonLayerIndex index = layer.Index();
  EXPECT_EQ(index.size(), 5u);
  for (const Meters p : {Meters{1, 1}, Meters{5, 5}, Meters{10.5, 10}, Meters{0, 0}}) {
    EXPECT_EQ(index.Locate(p), PolygonLayerIndex::kNone);
  }
  EXPECT_EQ(index.Locate({20.5, 20.5}), real);
  EXPECT_EQ(index.Locate({NAN, 20.5}), PolygonLayerIndex::kNone);
  EXPECT_EQ(index.Locate({INFINITY, INFINITY}), PolygonLayerIndex::kNone);
  // A layer of only one point-sized polygon.
  Layer dot;
  dot.Add({{3, 3}, {3, 3}, {3, 3}});
  EXPECT_EQ(dot.Index().Locate({3, 3}), PolygonLayerIndex::kNone);
}

TEST(PolygonIndexShapes, OverlapsAreAllReportedByHolding) {
  Layer layer;
  layer.Add(Square(0, 0, 10));
  layer.Add(Square(5, 5, 10));
  const PolygonLayerIndex index = layer.Index();
  EXPECT_EQ(IndexHolders(index, {7, 7}), (std::vector<uint32_t>{0, 1}));
  const uint32_t one = index.Locate({7, 7});
  EXPECT_TRUE(one == 0 || one == 1);
  EXPECT_EQ(index.Locate({7, 7}), one) << "the same one every time";
}

// ---------------------------------------------------------------------------
// [SECTION] Differential against GEOS through OGR

struct Reference {
  Layer layer;
  std::vector<std::unique_ptr<OGRGeometry>> geometries;  // as GEOS sees each feature
  std::vector<OGREnvelope> envelopes;
  Bounds bounds;
};

void AppendPolygon(const OGRPolygon& polygon, PolygonSet& ps) {
  for (int r = -1; r < polygon.getNumInteriorRings(); ++r) {
    const OGRLinearRing* ring = r < 0 ? polygon.getExteriorRing() : polygon.getInteriorRing(r);
    int n = ring->getNumPoints();
    if (n > 1 && ring->getX(0) == ring->getX(n - 1) && ring->getY(0) == ring->getY(n - 1)) --n;
    for (int k = 0; k < n; ++k) ps.points.push_back({ring->getX(k), ring->getY(k)});
    ps.ring_points.push_back(static_cast<uint32_t>(ps.points.size()));
  }
  ps.polygon_rings.push_back(static_cast<uint32_t>(ps.RingCount()));
}

// Adds `g` (polygon or multipolygon) as one feature of both sides.
void AddReference(Reference& ref, std::unique_ptr<OGRGeometry> g) {
  FeaturePolygons f{static_cast<uint32_t>(ref.layer.polygons.PolygonCount()), 0};
  const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
  if (type == wkbPolygon) {
    AppendPolygon(*g->toPolygon(), ref.layer.polygons);
    f.polygon_count = 1;
  } else if (type == wkbMultiPolygon) {
    for (const OGRPolygon* part : *g->toMultiPolygon()) {
      AppendPolygon(*part, ref.layer.polygons);
      ++f.polygon_count;
    }
  } else {
    return;
  }
  OGREnvelope e;
  g->getEnvelope(&e);
  ref.bounds.Extend(Meters{e.MinX, e.MinY});
  ref.bounds.Extend(Meters{e.MaxX, e.MaxY});
  ref.layer.features.push_back(f);
  ref.envelopes.push_back(e);
  ref.geometries.push_back(std::move(g));
}

// Every polygon feature of an OGR source, coordinates as stored (the index
// and GEOS work in the same plane, whatever the CRS).
Reference ReadSource(const std::string& path) {
  GDALAllRegister();
  Reference ref;
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) {
    ADD_FAILURE() << "cannot open " << path;
    return ref;
  }
  OGRLayer* layer = ds->GetLayer(0);
  for (auto& feature : *layer) {
    const OGRGeometry* g = feature->GetGeometryRef();
    if (!g || g->IsEmpty()) continue;
    std::unique_ptr<OGRGeometry> copy(g->clone());
    copy->flattenTo2D();
    AddReference(ref, std::move(copy));
  }
  return ref;
}

// One level of the sample county as OGR geometries, in display metres.
Reference CountyLevel(Level level) {
  const GridSet& set = County();
  Reference ref;
  for (FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    const Feature& f = set.features[id];
    auto multi = std::make_unique<OGRMultiPolygon>();
    for (uint32_t poly = f.first_polygon; poly < f.first_polygon + f.polygon_count; ++poly) {
      OGRPolygon polygon;
      for (uint32_t r = set.polygons.polygon_rings[poly]; r < set.polygons.polygon_rings[poly + 1];
           ++r) {
        OGRLinearRing ring;
        for (const Meters& m : set.polygons.Ring(r)) ring.addPoint(m.x, m.y);
        ring.closeRings();
        polygon.addRing(&ring);
      }
      multi->addGeometry(&polygon);
    }
    std::unique_ptr<OGRGeometry> g = std::move(multi);
    if (f.polygon_count == 1) {
      g.reset(OGRGeometryFactory::forceToPolygon(g.release()));
    }
    AddReference(ref, std::move(g));
  }
  return ref;
}

struct DiffResult {
  size_t points = 0, held = 0, disagreements = 0, on_boundary = 0;
};

// 100 000 random points in the data's bounds: the features holding each, by
// the index and by OGR's prepared Contains (GEOS), must be the same, except
// where the point lies within 1e-9 of the extent from a disagreeing
// feature's boundary.
DiffResult Differential(const Reference& ref, uint64_t seed, size_t count = 100000) {
  DiffResult result;
  const PolygonLayerIndex index = ref.layer.Index();
  std::vector<OGRPreparedGeometryUniquePtr> prepared;
  for (const auto& g : ref.geometries) prepared.emplace_back(OGRCreatePreparedGeometry(g.get()));
  const double tolerance = 1e-9 * std::max(ref.bounds.Width(), ref.bounds.Height());
  std::mt19937_64 rng(seed);
  for (size_t k = 0; k < count; ++k) {
    const Meters p = RandomIn(ref.bounds, rng);
    OGRPoint point(p.x, p.y);
    std::vector<uint32_t> ogr;
    for (uint32_t f = 0; f < ref.envelopes.size(); ++f) {
      const OGREnvelope& e = ref.envelopes[f];
      if (p.x < e.MinX || p.x > e.MaxX || p.y < e.MinY || p.y > e.MaxY) continue;
      if (OGRPreparedGeometryContains(prepared[f].get(), &point)) ogr.push_back(f);
    }
    const std::vector<uint32_t> ours = IndexHolders(index, p);
    const uint32_t located = index.Locate(p);
    const bool locate_ok = ours.empty() ? located == PolygonLayerIndex::kNone
                                        : std::count(ours.begin(), ours.end(), located) == 1;
    EXPECT_TRUE(locate_ok) << p.x << " " << p.y;
    ++result.points;
    result.held += !ogr.empty();
    if (ours == ogr) continue;
    std::vector<uint32_t> differ;
    std::set_symmetric_difference(ours.begin(), ours.end(), ogr.begin(), ogr.end(),
                                  std::back_inserter(differ));
    bool boundary = true;
    for (uint32_t f : differ) {
      std::unique_ptr<OGRGeometry> outline(ref.geometries[f]->Boundary());
      boundary = boundary && outline && outline->Distance(&point) <= tolerance;
    }
    if (boundary) {
      ++result.on_boundary;
    } else {
      ++result.disagreements;
      if (result.disagreements <= 5) {
        ADD_FAILURE() << std::setprecision(17) << "at " << p.x << " " << p.y << ": index "
                      << ::testing::PrintToString(ours) << ", GEOS "
                      << ::testing::PrintToString(ogr);
      }
    }
  }
  return result;
}

void ExpectAgreement(const DiffResult& r, const char* name) {
  EXPECT_EQ(r.disagreements, 0u) << name;
  EXPECT_GT(r.held, r.points / 20) << name << ": too few points inside to mean anything";
  ::testing::Test::RecordProperty(std::string(name) + "_held", static_cast<int>(r.held));
  ::testing::Test::RecordProperty(std::string(name) + "_on_boundary",
                                  static_cast<int>(r.on_boundary));
}

TEST(PolygonIndexDifferential, SampleCountyEveryLevel) {
  for (int l = 0; l < 3; ++l) {
    const Reference ref = CountyLevel(static_cast<Level>(l));
    ASSERT_EQ(ref.layer.features.size(), County().LevelCount(static_cast<Level>(l)));
    ExpectAgreement(Differential(ref, 100 + l), kLevelNames[l]);
  }
}

TEST(PolygonIndexDifferential, ShapelibPolygonsWithHoles) {
  const Reference ref =
      ReadSource(test::SharedData("conformance/shapelib-shape_eg_data/polygon.shp"));
  ASSERT_EQ(ref.layer.features.size(), 474u);
  size_t holes = 0;
  for (size_t p = 0; p < ref.layer.polygons.PolygonCount(); ++p) {
    holes += ref.layer.polygons.polygon_rings[p + 1] - ref.layer.polygons.polygon_rings[p] - 1;
  }
  EXPECT_GT(holes, 0u);
  ExpectAgreement(Differential(ref, 200), "shapelib");
}

TEST(PolygonIndexDifferential, PyshpBlockgroups) {
  const Reference ref =
      ReadSource(test::SharedData("conformance/pyshp/tests-shapefiles/blockgroups.shp"));
  ASSERT_EQ(ref.layer.features.size(), 663u);
  ExpectAgreement(Differential(ref, 300), "blockgroups");
}

TEST(PolygonIndexDifferential, YulinCounties) {
  const Reference ref = ReadSource(test::SharedData("china/610800_yulin_city.json"));
  ASSERT_EQ(ref.layer.features.size(), 12u);
  ExpectAgreement(Differential(ref, 400), "yulin");
}

}  // namespace
}  // namespace geo
