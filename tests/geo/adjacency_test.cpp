// Rook contiguity: squares built in memory (a 2×2 block, T-junctions, a
// hole, contacts too short or too far apart), and the sample county, whose
// grid neighbours must be symmetric, exist for every grid, cross community
// borders where communities meet, and agree with GEOS (through OGR) on which
// boundaries are shared.
#include "geo/adjacency.hpp"

#include <ogr_geometry.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/test_support.hpp"

namespace geo {
namespace {

// Near the sample county in EPSG:4546, so coordinates are as large as real
// ones.
constexpr Meters kOrigin{500000, 4321000};

struct Rect {
  double x0, y0, x1, y1;
};

std::vector<Meters> Ring(Rect r) {  // counter-clockwise
  return {{r.x0, r.y0}, {r.x1, r.y0}, {r.x1, r.y1}, {r.x0, r.y1}};
}

// A set of grids, one polygon each, rings given relative to kOrigin.
GridSet GridsOf(const std::vector<std::vector<std::vector<Meters>>>& polygons) {
  GridSet set;
  set.display_crs = "EPSG:4546";
  PolygonSet& ps = set.polygons;
  for (size_t i = 0; i < polygons.size(); ++i) {
    Feature f;
    f.level = Level::kGrid;
    f.code = "6108220010010" + std::to_string(i);
    f.first_polygon = static_cast<uint32_t>(ps.PolygonCount());
    f.polygon_count = 1;
    for (const std::vector<Meters>& ring : polygons[i]) {
      for (const Meters& m : ring) {
        ps.points.push_back({kOrigin.x + m.x, kOrigin.y + m.y});
        f.bounds.Extend(ps.points.back());
      }
      ps.ring_points.push_back(static_cast<uint32_t>(ps.points.size()));
    }
    ps.polygon_rings.push_back(static_cast<uint32_t>(ps.RingCount()));
    set.features.push_back(std::move(f));
  }
  const auto n = static_cast<FeatureId>(polygons.size());
  set.level_begin = {0, 0, n, n, n};
  return set;
}

GridSet RectGrids(const std::vector<Rect>& rects) {
  std::vector<std::vector<std::vector<Meters>>> polygons;
  for (const Rect& r : rects) polygons.push_back({Ring(r)});
  return GridsOf(polygons);
}

std::vector<FeatureId> Neighbours(const Adjacency& adj, FeatureId f) {
  const auto row = adj.Of(f);
  return {row.begin(), row.end()};
}

TEST(Adjacency, TwoByTwoBlockIsRookNotQueen) {
  // 2 3
  // 0 1   100 m squares; 0 and 3 (and 1 and 2) meet only at the centre.
  const GridSet set =
      RectGrids({{0, 0, 100, 100}, {100, 0, 200, 100}, {0, 100, 100, 200}, {100, 100, 200, 200}});
  const Adjacency adj = AdjacencyOf(set, Level::kGrid);
  EXPECT_EQ(Neighbours(adj, 0), (std::vector<FeatureId>{1, 2}));
  EXPECT_EQ(Neighbours(adj, 1), (std::vector<FeatureId>{0, 3}));
  EXPECT_EQ(Neighbours(adj, 2), (std::vector<FeatureId>{0, 3}));
  EXPECT_EQ(Neighbours(adj, 3), (std::vector<FeatureId>{1, 2}));
  for (double m : adj.SharedOf(0)) EXPECT_NEAR(m, 100.0, 1e-6);
}

TEST(Adjacency, LongEdgeAgainstShortOnesWithoutSharedVertices) {
  // A 300 m strip below three squares whose corners are not vertices of the
  // strip (T-junctions), and a fourth square only touching its corner.
  const GridSet set = RectGrids({{0, 0, 300, 50},
                                 {0, 50, 100, 150},
                                 {100, 50, 220, 150},
                                 {220, 50, 300, 150},
                                 {300, 50, 400, 150}});
  const Adjacency adj = AdjacencyOf(set, Level::kGrid);
  EXPECT_EQ(Neighbours(adj, 0), (std::vector<FeatureId>{1, 2, 3}));
  const auto shared = adj.SharedOf(0);
  EXPECT_NEAR(shared[0], 100.0, 1e-6);
  EXPECT_NEAR(shared[1], 120.0, 1e-6);
  EXPECT_NEAR(shared[2], 80.0, 1e-6);
  EXPECT_EQ(Neighbours(adj, 4), (std::vector<FeatureId>{3}));
}

TEST(Adjacency, ShortContactNeedsTheMinimumLength) {
  // Squares stacked with a 0.5 m overlap of their facing edges.
  const GridSet set = RectGrids({{0, 0, 100, 100}, {99.5, 100, 199.5, 200}});
  EXPECT_TRUE(AdjacencyOf(set, Level::kGrid, 1.0).Of(0).empty());
  EXPECT_EQ(Neighbours(AdjacencyOf(set, Level::kGrid, 0.25), 0), (std::vector<FeatureId>{1}));
}

TEST(Adjacency, ToleranceBridgesDigitisingNoiseButNotAStreet) {
  const GridSet noisy = RectGrids({{0, 0, 100, 100}, {100.01, 0, 200, 100}});
  EXPECT_EQ(Neighbours(AdjacencyOf(noisy, Level::kGrid), 0), (std::vector<FeatureId>{1}));
  const GridSet street = RectGrids({{0, 0, 100, 100}, {110, 0, 200, 100}});
  EXPECT_TRUE(AdjacencyOf(street, Level::kGrid).Of(0).empty());
}

TEST(Adjacency, FeatureInAHoleNeighboursTheFeatureAroundIt) {
  std::vector<Meters> hole = Ring({40, 40, 60, 60});
  std::reverse(hole.begin(), hole.end());  // holes run clockwise
  const GridSet set = GridsOf({{Ring({0, 0, 100, 100}), hole}, {Ring({40, 40, 60, 60})}});
  const Adjacency adj = AdjacencyOf(set, Level::kGrid);
  EXPECT_EQ(Neighbours(adj, 1), (std::vector<FeatureId>{0}));
  EXPECT_NEAR(adj.SharedOf(1)[0], 80.0, 1e-6);
}

TEST(Adjacency, OtherLevelsHaveEmptyRows) {
  const GridSet& county = test::SampleCounty();
  const Adjacency adj = AdjacencyOf(county, Level::kGrid);
  ASSERT_EQ(adj.FeatureCount(), county.features.size());
  for (FeatureId f = county.LevelBegin(Level::kCommunity); f < county.LevelEnd(Level::kCommunity);
       ++f) {
    EXPECT_TRUE(adj.Of(f).empty());
  }
  for (FeatureId f = county.LevelBegin(Level::kCompound); f < county.LevelEnd(Level::kCompound);
       ++f) {
    EXPECT_TRUE(adj.Of(f).empty());
  }
}

TEST(Adjacency, SampleCountyGridsAreSymmetricAndNoneIsAlone) {
  const GridSet& county = test::SampleCounty();
  ASSERT_EQ(county.LevelCount(Level::kGrid), 79u);
  const Adjacency adj = AdjacencyOf(county, Level::kGrid);
  for (FeatureId f = county.LevelBegin(Level::kGrid); f < county.LevelEnd(Level::kGrid); ++f) {
    EXPECT_GE(adj.Of(f).size(), 1u) << county.features[f].name << " has no neighbour";
    for (FeatureId g : adj.Of(f)) {
      EXPECT_EQ(county.features[g].level, Level::kGrid);
      const auto back = adj.Of(g);
      EXPECT_TRUE(std::binary_search(back.begin(), back.end(), f))
          << county.features[f].code << " → " << county.features[g].code << " but not back";
    }
  }
}

TEST(Adjacency, SampleGridsBorderGridsOfNeighbouringCommunities) {
  // Wherever two communities meet, some grid of one borders a grid of the
  // other: a hotspot does not stop at a community line.
  const GridSet& county = test::SampleCounty();
  const Adjacency communities = AdjacencyOf(county, Level::kCommunity);
  const Adjacency grids = AdjacencyOf(county, Level::kGrid);
  std::set<std::pair<FeatureId, FeatureId>> across;  // community pairs bridged by grids
  for (FeatureId f = county.LevelBegin(Level::kGrid); f < county.LevelEnd(Level::kGrid); ++f) {
    for (FeatureId g : grids.Of(f)) {
      const FeatureId a = county.features[f].parent, b = county.features[g].parent;
      if (a != b) across.emplace(std::min(a, b), std::max(a, b));
    }
  }
  size_t community_pairs = 0;
  for (FeatureId c = county.LevelBegin(Level::kCommunity); c < county.LevelEnd(Level::kCommunity);
       ++c) {
    for (FeatureId d : communities.Of(c)) {
      if (d < c) continue;
      ++community_pairs;
      EXPECT_TRUE(across.contains({c, d}))
          << county.features[c].name << " meets " << county.features[d].name
          << " but no grid of one neighbours a grid of the other";
    }
  }
  EXPECT_GE(community_pairs, 13u);  // 14 communities in one town are connected
}

TEST(Adjacency, SampleCompoundsAreSeparatedByStreets) {
  // Compounds are set back 8–12 m from each other: none share a boundary.
  const GridSet& county = test::SampleCounty();
  const Adjacency adj = AdjacencyOf(county, Level::kCompound);
  EXPECT_TRUE(adj.neighbours.empty());
}

// The length of the lines in an OGR geometry (m).
double LineLength(const OGRGeometry* g) {
  if (!g) return 0;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbLineString:
    case wkbLinearRing:
      return g->toLineString()->get_Length();
    case wkbMultiLineString:
    case wkbGeometryCollection: {
      double sum = 0;
      for (const OGRGeometry* part : *g->toGeometryCollection()) sum += LineLength(part);
      return sum;
    }
    default:
      return 0;
  }
}

std::unique_ptr<OGRGeometry> BoundaryOf(const GridSet& set, FeatureId f) {
  const Feature& feature = set.features[f];
  auto polygon = std::make_unique<OGRPolygon>();
  const PolygonSet& ps = set.polygons;
  for (uint32_t r = ps.polygon_rings[feature.first_polygon];
       r < ps.polygon_rings[feature.first_polygon + 1]; ++r) {
    OGRLinearRing ring;
    for (const Meters& m : ps.Ring(r)) ring.addPoint(m.x, m.y);
    ring.closeRings();
    polygon->addRing(&ring);
  }
  return std::unique_ptr<OGRGeometry>(polygon->Boundary());
}

TEST(Adjacency, SampleGridsAgreeWithGeos) {
  const GridSet& county = test::SampleCounty();
  const Adjacency adj = AdjacencyOf(county, Level::kGrid);
  const FeatureId begin = county.LevelBegin(Level::kGrid), end = county.LevelEnd(Level::kGrid);
  std::vector<std::unique_ptr<OGRGeometry>> boundaries;
  for (FeatureId f = begin; f < end; ++f) {
    ASSERT_EQ(county.features[f].polygon_count, 1u) << "the sample's grids are single polygons";
    boundaries.push_back(BoundaryOf(county, f));
  }
  size_t pairs = 0;
  for (FeatureId f = begin; f < end; ++f) {
    const auto row = adj.Of(f);
    const auto shared = adj.SharedOf(f);
    for (FeatureId g = f + 1; g < end; ++g) {
      std::unique_ptr<OGRGeometry> common(
          boundaries[f - begin]->Intersection(boundaries[g - begin].get()));
      const double geos_m = LineLength(common.get());
      const auto it = std::lower_bound(row.begin(), row.end(), g);
      const bool ours = it != row.end() && *it == g;
      EXPECT_EQ(ours, geos_m >= 1.0) << county.features[f].code << " / " << county.features[g].code
                                     << ": GEOS shares " << geos_m << " m";
      if (ours) {
        ++pairs;
        EXPECT_NEAR(shared[it - row.begin()], geos_m, 0.01);
      }
    }
  }
  EXPECT_GE(pairs, 79u);
}

TEST(Adjacency, FromListsIsSymmetricAndSorted) {
  const Adjacency adj = AdjacencyFromLists(Level::kGrid, {{2, 1}, {}, {0}, {3}});
  EXPECT_EQ(Neighbours(adj, 0), (std::vector<FeatureId>{1, 2}));
  EXPECT_EQ(Neighbours(adj, 1), (std::vector<FeatureId>{0}));
  EXPECT_EQ(Neighbours(adj, 2), (std::vector<FeatureId>{0}));
  EXPECT_TRUE(adj.Of(3).empty());
}

}  // namespace
}  // namespace geo
