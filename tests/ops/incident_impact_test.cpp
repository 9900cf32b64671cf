// What an incident covers: areas with their shares, residents by areal
// weighting, the open demands and sensors inside — on the sample county.
#include <gtest/gtest.h>

#include <algorithm>

#include "ops/incident_impact.hpp"
#include "store_fixture.hpp"

namespace {

constexpr const char* kGrid = "61082200200504";  // 长城社区第四网格

std::unique_ptr<ops::ImpactCalculator> Calculator() {
  auto c = ops::ImpactCalculator::Create(test::SampleCounty());
  EXPECT_TRUE(c) << c.error().message;
  return c ? std::move(*c) : nullptr;
}

// The grid's own outer ring, as lon/lat: an incident drawn exactly on it.
ops::IncidentInput OnTheGrid(geo::FeatureId grid) {
  const geo::GridSet& g = test::SampleCounty();
  auto back = geo::Transformer::Create(g.display_crs, "EPSG:4490");
  ops::IncidentInput in;
  const uint32_t polygon = g.features[grid].first_polygon;
  for (geo::Meters m : g.polygons.Ring(g.polygons.polygon_rings[polygon])) {
    const geo::Meters ll = back->Forward(m.x, m.y);
    in.polygon.push_back({ll.x, ll.y});
  }
  return in;
}

double ShareOf(const std::vector<geo::AreaShare>& shares, geo::FeatureId f) {
  auto it = std::find_if(shares.begin(), shares.end(),
                         [&](const geo::AreaShare& s) { return s.feature == f; });
  return it == shares.end() ? 0 : it->share;
}

TEST(IncidentImpact, AnAreaDrawnOnAGridCoversThatGridWholeAndNoNeighbour) {
  const geo::GridSet& g = test::SampleCounty();
  const geo::FeatureId grid = g.Find(kGrid);
  ASSERT_NE(grid, geo::kNoFeature);
  ASSERT_EQ(g.features[grid].polygon_count, 1u) << "the test draws the grid's one polygon";
  auto calc = Calculator();
  ops::Snapshot empty;
  const ops::IncidentImpact impact = calc->Of(OnTheGrid(grid), empty);
  const auto& grids = impact.areas[static_cast<int>(geo::Level::kGrid)];
  ASSERT_EQ(grids.size(), 1u) << "neighbours share only edges with it";
  EXPECT_EQ(grids[0].feature, grid);
  EXPECT_NEAR(grids[0].share, 1.0, 1e-6);
  EXPECT_NEAR(impact.population, static_cast<double>(g.features[grid].population), 1e-3);
  EXPECT_NEAR(impact.households, static_cast<double>(g.features[grid].households), 1e-3);
  // Its community is covered by the grid's share of it, and nothing else.
  const auto& communities = impact.areas[static_cast<int>(geo::Level::kCommunity)];
  ASSERT_EQ(communities.size(), 1u);
  EXPECT_EQ(communities[0].feature, g.features[grid].parent);
  EXPECT_NEAR(communities[0].share,
              g.features[grid].area_m2 / g.features[g.features[grid].parent].area_m2, 1e-3);
  // Every compound listed belongs to the grid.
  for (const geo::AreaShare& c : impact.areas[static_cast<int>(geo::Level::kCompound)])
    EXPECT_EQ(g.features[c.feature].parent, grid) << g.features[c.feature].name;
}

TEST(IncidentImpact, ACircleFindsTheOpenDemandsAndSensorsInsideIt) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  const geo::GridSet& g = store->grids();
  const geo::FeatureId grid = g.Find(kGrid);
  const geo::LonLat inside = test::PointIn(*store, kGrid);
  // Two demands at the grid's label point, one far away (another community).
  ASSERT_TRUE(store->PostDemand(test::Demand(inside)));
  ASSERT_TRUE(store->PostDemand(test::Demand(inside, "S01", "路灯不亮")));
  const geo::FeatureId far = g.LevelEnd(geo::Level::kGrid) - 1;
  ASSERT_NE(g.features[far].parent, g.features[grid].parent);
  ASSERT_TRUE(store->PostDemand(test::Demand(test::PointIn(*store, g.features[far].code))));
  // The second is closed: only open demands count.
  ops::TransitionInput close;
  for (ops::Stage s : {ops::Stage::kDispatched, ops::Stage::kHandling, ops::Stage::kReported,
                       ops::Stage::kVerified, ops::Stage::kClosed}) {
    close.to = s;
    close.actor = "test";
    ASSERT_TRUE(store->Transition(2, close));
  }
  auto snapshot = store->Latest();
  ops::IncidentInput circle;
  circle.center = inside;
  circle.radius_m = 150;
  auto calc = Calculator();
  const ops::IncidentImpact impact = calc->Of(circle, *snapshot);
  EXPECT_EQ(impact.open_demands, std::vector<int64_t>{1});
  EXPECT_EQ(impact.overdue, 0);
  EXPECT_GT(ShareOf(impact.areas[static_cast<int>(geo::Level::kGrid)], grid), 0);
  EXPECT_LT(ShareOf(impact.areas[static_cast<int>(geo::Level::kGrid)], grid), 1);
  EXPECT_GT(impact.population, 0);
  EXPECT_LT(impact.population, static_cast<double>(g.features[grid].population) + 1);

  // A sensor: a small circle on it finds it, in its state.
  ASSERT_FALSE(snapshot->sensors->empty());
  const ops::Sensor& s = snapshot->sensors->front();
  ops::IncidentInput on_sensor;
  on_sensor.center = s.spec.location;
  on_sensor.radius_m = 5;
  const ops::IncidentImpact near = calc->Of(on_sensor, *snapshot);
  EXPECT_NE(std::find(near.sensors.begin(), near.sensors.end(), s.spec.id), near.sensors.end());
}

TEST(IncidentImpact, AnAreaOutsideTheCountyCoversNothing) {
  auto calc = Calculator();
  ops::IncidentInput far;
  far.center = {116.39, 39.91};  // Beijing
  far.radius_m = 1000;
  const ops::IncidentImpact impact = calc->Of(far, ops::Snapshot{});
  for (const auto& level : impact.areas) EXPECT_TRUE(level.empty());
  EXPECT_EQ(impact.population, 0);
  EXPECT_TRUE(impact.open_demands.empty());
}

TEST(IncidentImpact, ASelfCrossingAreaIsRepairedNotRefused) {
  const geo::GridSet& g = test::SampleCounty();
  const geo::FeatureId grid = g.Find(kGrid);
  auto back = geo::Transformer::Create(g.display_crs, "EPSG:4490");
  const geo::Bounds& b = g.features[grid].bounds;
  // A bow tie over the grid's bounds: corners in crossing order.
  ops::IncidentInput bow;
  for (geo::Meters m : {geo::Meters{b.min_x, b.min_y}, geo::Meters{b.max_x, b.max_y},
                        geo::Meters{b.max_x, b.min_y}, geo::Meters{b.min_x, b.max_y}}) {
    const geo::Meters ll = back->Forward(m.x, m.y);
    bow.polygon.push_back({ll.x, ll.y});
  }
  auto calc = Calculator();
  const ops::IncidentImpact impact = calc->Of(bow, ops::Snapshot{});
  EXPECT_GT(ShareOf(impact.areas[static_cast<int>(geo::Level::kGrid)], grid), 0);
}

}  // namespace
