// Tests for geo/ring.hpp: an incident area's label point and its crossings.
#include "geo/ring.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace geo {
namespace {

using Ring = std::vector<LonLat>;

TEST(SegmentsTouch, CrossingEndOnEdgeOverlapAndApart) {
  EXPECT_TRUE(SegmentsTouch({0, 0}, {2, 2}, {0, 2}, {2, 0}));     // an X
  EXPECT_TRUE(SegmentsTouch({0, 0}, {2, 0}, {1, 0}, {1, 5}));     // a T
  EXPECT_TRUE(SegmentsTouch({0, 0}, {2, 0}, {1, 0}, {3, 0}));     // overlapping
  EXPECT_FALSE(SegmentsTouch({0, 0}, {2, 0}, {3, 0}, {4, 0}));    // collinear, apart
  EXPECT_FALSE(SegmentsTouch({0, 0}, {2, 2}, {0, 1}, {0.9, 5}));  // parallel-ish, apart
  EXPECT_FALSE(SegmentsTouch({0, 0}, {1, 0}, {2, -1}, {2, 1}));   // would meet if longer
}

TEST(InsideRing, SquareAndConcave) {
  const Ring square{{0, 0}, {2, 0}, {2, 2}, {0, 2}};
  EXPECT_TRUE(InsideRing(square, {1, 1}));
  EXPECT_FALSE(InsideRing(square, {3, 1}));
  const Ring u{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}};
  EXPECT_FALSE(InsideRing(u, {1.5, 2}));  // in the U's notch
  EXPECT_TRUE(InsideRing(u, {0.5, 2}));
}

TEST(InteriorPoint, ConvexRingGivesItsCentroidInEitherOrientation) {
  const Ring ccw{{111.0, 39.0}, {111.2, 39.0}, {111.2, 39.1}, {111.0, 39.1}};
  const Ring cw(ccw.rbegin(), ccw.rend());
  for (const Ring& r : {ccw, cw}) {
    const LonLat p = InteriorPoint(r);
    EXPECT_NEAR(p.lon, 111.1, 1e-12);
    EXPECT_NEAR(p.lat, 39.05, 1e-12);
  }
  // A triangle's centroid is its vertex mean.
  const LonLat t = InteriorPoint(Ring{{0, 0}, {3, 0}, {0, 3}});
  EXPECT_NEAR(t.lon, 1, 1e-12);
  EXPECT_NEAR(t.lat, 1, 1e-12);
}

TEST(InteriorPoint, AConcaveRingWhoseCentroidIsOutsideGetsAPointInside) {
  // A thin C: its centroid sits in the empty middle.
  const Ring c{{0, 0}, {10, 0}, {10, 1}, {1, 1}, {1, 9}, {10, 9}, {10, 10}, {0, 10}};
  const LonLat p = InteriorPoint(c);
  EXPECT_TRUE(InsideRing(c, p)) << p.lon << " " << p.lat;
  EXPECT_NEAR(p.lon, 0.5, 1e-9);  // the middle of the C's spine, the only span there
}

TEST(InteriorPoint, RandomStarShapesAlwaysContainTheirPoint) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> radius(0.2, 1.0);
  for (int shape = 0; shape < 500; ++shape) {
    Ring r;
    const int n = 3 + shape % 17;
    for (int k = 0; k < n; ++k) {
      const double a = 2 * 3.141592653589793 * k / n;
      const double d = radius(rng);
      r.push_back({111 + 0.01 * d * std::cos(a), 39 + 0.01 * d * std::sin(a)});
    }
    EXPECT_TRUE(InsideRing(r, InteriorPoint(r))) << "shape " << shape;
  }
}

TEST(InteriorPoint, DegenerateRingsGiveTheirVertexMean) {
  const LonLat line = InteriorPoint(Ring{{0, 0}, {1, 1}, {2, 2}});
  EXPECT_NEAR(line.lon, 1, 1e-12);
  EXPECT_NEAR(line.lat, 1, 1e-12);
  EXPECT_EQ(InteriorPoint(Ring{{5, 6}}), (LonLat{5, 6}));
  EXPECT_EQ(InteriorPoint(Ring{}), (LonLat{}));
}

TEST(FirstCrossing, SimpleRingsHaveNone) {
  EXPECT_FALSE(FirstCrossing(Ring{{0, 0}, {2, 0}, {2, 2}, {0, 2}}));
  EXPECT_FALSE(FirstCrossing(Ring{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}}));
  EXPECT_FALSE(FirstCrossing(Ring{{0, 0}, {1, 0}, {0, 1}}));
  EXPECT_FALSE(FirstCrossing(Ring{{0, 0}, {1, 0}}));  // too few to say
}

TEST(FirstCrossing, ABowTieNamesTheEdgesThatCross) {
  // 0→1 along the bottom, 1→2 diagonal up-left, 2→3 along the top, 3→0 diagonal.
  const auto x = FirstCrossing(Ring{{0, 0}, {2, 0}, {0, 2}, {2, 2}});
  ASSERT_TRUE(x);
  EXPECT_EQ(*x, (std::pair<size_t, size_t>{1, 3}));
}

TEST(FirstCrossing, AClosingEdgeThatCutsThroughCounts) {
  // Drawn as a Z: the closing edge from the last point back to the first
  // crosses the middle stroke.
  const auto x = FirstCrossing(Ring{{0, 2}, {2, 2}, {0, 0}, {2, 0}});
  ASSERT_TRUE(x);
  EXPECT_EQ(*x, (std::pair<size_t, size_t>{1, 3}));
}

TEST(FirstCrossing, AnEdgeFoldingBackOverItsNeighbourCounts) {
  // Out along the bottom and back over it before going up.
  EXPECT_TRUE(FirstCrossing(Ring{{0, 0}, {3, 0}, {1, 0}, {1, 2}}));
  // A vertex touching a non-neighbouring edge counts.
  EXPECT_TRUE(FirstCrossing(Ring{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}}));
}

}  // namespace
}  // namespace geo
