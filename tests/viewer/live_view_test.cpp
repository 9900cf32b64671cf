// The live view-model without a window: the choropleth's classes, drill-down
// breadcrumbs and rankings, the 24-hours-ago trend, and that the derived
// state follows the snapshot and the filter.
#include <gtest/gtest.h>

#include "ops/live_state.hpp"
#include "ops/store_fixture.hpp"
#include "viewer/live_view.hpp"
#include "viewer/ui_state.hpp"

namespace {

using ops::kDay;
using ops::kHour;
using viewer::Metric;

// The live state's clock never runs behind the wall clock: "now" is a little
// ahead of it, fixed for the run.
const ops::TimeMs kNow = ops::NowMs() + kDay;

ops::Demand Make(int64_t id, geo::FeatureId grid, ops::TimeMs received, ops::TimeMs closed = 0,
                 std::string category = "S01") {
  const geo::GridSet& g = test::SampleCounty();
  ops::Demand d;
  d.id = id;
  d.category = std::move(category);
  d.received = received;
  d.updated = closed ? closed : received;
  d.deadline = received + 2 * kDay;
  if (closed) {
    d.stage = ops::Stage::kClosed;
    d.closed = closed;
  }
  d.areas[0] = g.features[grid].parent;
  d.areas[1] = grid;
  d.xy = g.features[grid].label_point;
  return d;
}

geo::FeatureId Grid(size_t i) { return test::SampleCounty().LevelBegin(geo::Level::kGrid) + i; }

TEST(LegendTest, ZeroIsItsOwnClassAndCountsSplitIntoWholeNumbers) {
  std::vector<double> values = {0, 0, -1};
  for (int v = 1; v <= 20; ++v) values.push_back(v);
  const viewer::Legend l = viewer::MakeLegend(Metric::kOpen, values);
  ASSERT_EQ(l.classes.size(), 5u);
  EXPECT_EQ(l.classes[0].to, 0);
  EXPECT_EQ(l.classes[0].areas, 2);
  for (size_t i = 1; i < l.classes.size(); ++i) {
    EXPECT_EQ(l.classes[i].from, std::floor(l.classes[i].from)) << "counts have whole bounds";
    EXPECT_EQ(l.classes[i].from, l.classes[i - 1].to + 1) << "classes leave no gap";
  }
  EXPECT_EQ(l.classes.back().to, 20);
  int areas = 0;
  for (const auto& c : l.classes) areas += c.areas;
  EXPECT_EQ(areas, 22) << "every area with a value is in one class";
  EXPECT_EQ(l.classes.back().areas, 2) << "the hottest class is the top tenth";
  EXPECT_EQ(l.ColorOf(-1), l.no_value);
  EXPECT_EQ(l.ColorOf(0), l.classes[0].color);
  EXPECT_EQ(l.ColorOf(20), l.classes.back().color);
  EXPECT_NE(l.ColorOf(1), l.ColorOf(20));
}

TEST(LegendTest, FewDistinctValuesGiveFewClassesAndTheHottestColourStaysHottest) {
  const viewer::Legend one = viewer::MakeLegend(Metric::kOpen, {0, 3, 3, 3});
  ASSERT_EQ(one.classes.size(), 2u);
  const viewer::Legend many = viewer::MakeLegend(Metric::kOpen, {1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(one.classes.back().color, many.classes.back().color);
  EXPECT_TRUE(viewer::MakeLegend(Metric::kOpen, {-1, -1}).classes.empty());
}

TEST(DrillDownTest, BreadcrumbsRunFromTheCommunityToTheSelection) {
  const geo::GridSet& g = test::SampleCounty();
  const geo::FeatureId compound = g.LevelBegin(geo::Level::kCompound);
  const auto path = viewer::Breadcrumbs(g, compound);
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(g.features[path[0]].level, geo::Level::kCommunity);
  EXPECT_EQ(g.features[path[1]].level, geo::Level::kGrid);
  EXPECT_EQ(path[2], compound);
  EXPECT_EQ(path[1], g.features[compound].parent);
  EXPECT_TRUE(viewer::Breadcrumbs(g, geo::kNoFeature).empty());
}

TEST(DrillDownTest, EachClickGoesOneLevelDownTowardsThePointClicked) {
  const geo::GridSet& g = test::SampleCounty();
  const geo::FeatureId compound = g.LevelBegin(geo::Level::kCompound);
  const geo::FeatureId grid = g.features[compound].parent;
  const geo::FeatureId community = g.features[grid].parent;
  EXPECT_EQ(viewer::DrillTarget(g, geo::kNoFeature, compound), community);
  EXPECT_EQ(viewer::DrillTarget(g, community, compound), grid);
  EXPECT_EQ(viewer::DrillTarget(g, grid, compound), compound);
  EXPECT_EQ(viewer::DrillTarget(g, compound, compound), compound);
  // A click in another community starts there.
  const geo::FeatureId other = g.LevelEnd(geo::Level::kCommunity) - 1;
  ASSERT_NE(other, community);
  EXPECT_EQ(viewer::DrillTarget(g, grid, g.features[other].children.front()), other);
  EXPECT_EQ(viewer::DrillTarget(g, grid, geo::kNoFeature), geo::kNoFeature);

  viewer::UiState ui;
  viewer::DrillTo(ui, g, grid);
  EXPECT_EQ(ui.selected, grid);
  EXPECT_EQ(ui.zoom_to, grid);
  EXPECT_EQ(ui.layers.thematic_level, geo::Level::kCompound) << "a grid shows its compounds";
  EXPECT_TRUE(ui.live.demands) << "and its demands as points";
  viewer::DrillTo(ui, g, geo::kNoFeature);
  EXPECT_TRUE(ui.fit_county);
  EXPECT_EQ(ui.layers.thematic_level, geo::Level::kGrid);
  EXPECT_FALSE(ui.live.demands);
}

TEST(DrillDownTest, ChildrenAreRankedByTheChosenMetric) {
  const geo::GridSet& g = test::SampleCounty();
  ops::LiveState live(g, test::SampleCatalog());
  live.AdvanceClock(kNow);
  const geo::FeatureId community = g.features[Grid(0)].parent;
  const auto& grids = g.features[community].children;
  ASSERT_GE(grids.size(), 3u);
  // Three open in the community's third grid, one in its first, one overdue in the second.
  int64_t id = 0;
  for (int i = 0; i < 3; ++i) live.AddDemand(Make(++id, grids[2], kNow - kHour));
  live.AddDemand(Make(++id, grids[0], kNow - kHour));
  live.AddDemand(Make(++id, grids[1], kNow - 3 * kDay));
  auto snap = live.Publish(id);

  auto by_open = viewer::RankChildren(g, *snap->kpis, community, Metric::kOpen);
  ASSERT_EQ(by_open.size(), grids.size());
  EXPECT_EQ(by_open[0].id, grids[2]);
  EXPECT_EQ(by_open[0].value, 3);
  auto by_overdue = viewer::RankChildren(g, *snap->kpis, community, Metric::kOverdue);
  EXPECT_EQ(by_overdue[0].id, grids[1]);
  EXPECT_EQ(by_overdue[0].value, 1);
  // The county's children are its communities, this one first.
  auto county = viewer::RankChildren(g, *snap->kpis, geo::kNoFeature, Metric::kOpen);
  EXPECT_EQ(county.size(), g.LevelCount(geo::Level::kCommunity));
  EXPECT_EQ(county[0].id, community);
  EXPECT_EQ(county[0].value, 5);
  // Rate per 1,000 residents follows the grid's population.
  auto rate = viewer::RankChildren(g, *snap->kpis, community, Metric::kPer1000);
  const geo::Feature& top = g.features[rate[0].id];
  EXPECT_NEAR(rate[0].value,
              1000.0 * viewer::KpisOf(*snap->kpis, rate[0].id).open / top.population, 1e-9);
}

TEST(TrendTest, KpisADayAgoCountWhatWasOpenThen) {
  const geo::GridSet& g = test::SampleCounty();
  ops::LiveState live(g, test::SampleCatalog());
  live.AdvanceClock(kNow);
  // Received two days ago and closed 12 hours ago: open a day ago, closed now.
  live.AddDemand(Make(1, Grid(0), kNow - 2 * kDay, kNow - 12 * kHour));
  // Received 3 days ago, still open: open then and now, overdue only now.
  live.AddDemand(Make(2, Grid(0), kNow - 3 * kDay + 12 * kHour));
  // Received an hour ago: not there a day ago.
  live.AddDemand(Make(3, Grid(1), kNow - kHour));
  auto snap = live.Publish(3);
  const auto then =
      viewer::KpisAt(*snap, test::SampleCatalog(), {}, snap->now - kDay, Grid(0));
  EXPECT_EQ(then.county.open, 2);
  EXPECT_EQ(then.county.overdue, 0);
  EXPECT_EQ(then.county.received, 2);
  EXPECT_EQ(then.area.open, 2);
  EXPECT_EQ(snap->kpis->county.open, 2);
  EXPECT_EQ(snap->kpis->county.overdue, 1);
}

TEST(LiveViewTest, FollowsTheSnapshotAndTheFilterAndColoursTheChosenLevel) {
  const geo::GridSet& g = test::SampleCounty();
  ops::LiveState live(g, test::SampleCatalog());
  live.AdvanceClock(kNow);
  live.AddDemand(Make(1, Grid(0), kNow - kHour));
  live.AddDemand(Make(2, Grid(0), kNow - kHour));
  live.AddDemand(Make(3, Grid(1), kNow - kHour, 0, "A01"));
  auto first = live.Publish(3);

  // A wall clock a second further on at every look, so no recount is held
  // back (the throttle has its own tests: live_view_throttle_test.cpp).
  double wall = 0;
  viewer::LiveView view(g, test::SampleCatalog(), [&wall] { return wall += 1; });
  ops::DemandFilter all;
  EXPECT_TRUE(view.Update(first, all, geo::kNoFeature, Metric::kOpen, geo::Level::kGrid));
  EXPECT_EQ(view.kpis().county.open, 3);
  const uint64_t version = view.colors_version();
  EXPECT_FALSE(view.Update(first, all, geo::kNoFeature, Metric::kOpen, geo::Level::kGrid))
      << "nothing changed, nothing to redraw";
  EXPECT_EQ(view.colors_version(), version);
  // Grid 0 (two open) is hotter than grid 1 (one), communities are not themed.
  const auto& colors = view.feature_colors();
  EXPECT_EQ(colors[Grid(0)], view.legend().ColorOf(2));
  EXPECT_NE(colors[Grid(0)], colors[Grid(1)]);
  EXPECT_EQ(colors[g.LevelBegin(geo::Level::kCommunity)].a, 0);

  ops::DemandFilter sanitation;
  sanitation.families = {"sanitation"};
  EXPECT_TRUE(view.Update(first, sanitation, geo::kNoFeature, Metric::kOpen, geo::Level::kGrid));
  EXPECT_EQ(view.kpis().county.open, 2);
  EXPECT_EQ(view.filter_text(), "类别：环境卫生");
  EXPECT_EQ(view.feature_colors()[Grid(1)], view.legend().ColorOf(0));

  live.AddDemand(Make(4, Grid(1), kNow - kHour));
  EXPECT_TRUE(view.Update(live.Publish(4), sanitation, geo::kNoFeature, Metric::kOpen,
                          geo::Level::kGrid));
  EXPECT_EQ(view.kpis().county.open, 3);
  EXPECT_GT(view.colors_version(), version);

  EXPECT_TRUE(view.Update(live.Publish(4), sanitation,
                          geo::kNoFeature, Metric::kOpen, geo::Level::kCommunity));
  EXPECT_EQ(view.feature_colors()[Grid(0)].a, 0) << "only the chosen level is themed";
  EXPECT_GT(view.feature_colors()[g.LevelBegin(geo::Level::kCommunity)].a, 0);
}

}  // namespace
