// Tessellation of the loaded sample county: the triangles of every feature
// cover exactly its area, holes subtracted, as the GPU will fill it.
#include <gtest/gtest.h>

#include "geo/load.hpp"
#include "geo/tessellate.hpp"

namespace geo {
namespace {

TEST(CountyTessellation, TrianglesConserveEveryFeaturesArea) {
  auto set = LoadGridSet(GridSourceFromDirectory(SampleCountyDirectory()));
  ASSERT_TRUE(set.has_value()) << set.error().message;
  ASSERT_EQ(set->features.size(), 14u + 79u + 241u);
  const PolygonSet& ps = set->polygons;
  for (const Feature& f : set->features) {
    double triangles = 0;
    for (uint32_t p = f.first_polygon; p < f.first_polygon + f.polygon_count; ++p) {
      const uint32_t r0 = ps.polygon_rings[p], r1 = ps.polygon_rings[p + 1];
      const uint32_t base = ps.ring_points[r0];
      std::vector<uint32_t> offsets;
      for (uint32_t r = r0; r <= r1; ++r) offsets.push_back(ps.ring_points[r] - base);
      const std::span<const Meters> pts(ps.points.data() + base, ps.ring_points[r1] - base);
      const std::vector<uint32_t> idx = TessellatePolygon(pts, offsets);
      ASSERT_EQ(idx.size() % 3, 0u);
      for (size_t i = 0; i < idx.size(); i += 3) {
        const double a = SignedArea(std::array{pts[idx[i]], pts[idx[i + 1]], pts[idx[i + 2]]});
        EXPECT_GT(a, 0) << f.code << ": triangle " << i / 3 << " is not counter-clockwise";
        triangles += a;
      }
    }
    EXPECT_NEAR(triangles, f.area_m2, f.area_m2 * 1e-9) << f.code << " " << f.name;
  }
}

}  // namespace
}  // namespace geo
