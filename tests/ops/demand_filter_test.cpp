// The supervisor's filter: which demands it lets through, how it reads in
// the header, and that filtered KPIs count exactly the matching demands with
// the live counters' rules.
#include <gtest/gtest.h>

#include "ops/demand_filter.hpp"
#include "ops/live_state.hpp"
#include "store_fixture.hpp"

namespace {

using ops::Demand;
using ops::DemandFilter;
using ops::kDay;
using ops::kHour;

// The live state's clock never runs behind the wall clock, so "now" is a
// little ahead of it, fixed for the whole run.
const ops::TimeMs kNow = ops::NowMs() + kDay;

// A demand in grid `grid` (and its community) of the sample county.
Demand Make(int64_t id, const std::string& category, ops::Stage stage, ops::Source source,
            ops::TimeMs received, geo::FeatureId grid) {
  const geo::GridSet& g = test::SampleCounty();
  Demand d;
  d.id = id;
  d.category = category;
  d.stage = stage;
  d.source = source;
  d.received = received;
  d.updated = received;
  d.deadline = received + 2 * kDay;
  if (stage == ops::Stage::kClosed) d.closed = received + kHour;
  d.areas[0] = g.features[grid].parent;
  d.areas[1] = grid;
  d.xy = g.features[grid].label_point;
  return d;
}

class DemandFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const geo::GridSet& g = test::SampleCounty();
    grid_a_ = g.LevelBegin(geo::Level::kGrid);
    grid_b_ = grid_a_ + 1;
    ops::LiveState live(g, test::SampleCatalog());
    live.AdvanceClock(kNow);
    // S01 is sanitation; find an item of another family for contrast.
    for (const ops::Category& c : test::SampleCatalog().categories) {
      if (c.family != "sanitation") {
        other_ = c;
        break;
      }
    }
    live.AddDemand(Make(1, "S01", ops::Stage::kReceived, ops::Source::kHotline, kNow - kHour, grid_a_));
    live.AddDemand(Make(2, "S01", ops::Stage::kHandling, ops::Source::kApp, kNow - 3 * kDay, grid_a_));
    live.AddDemand(Make(3, other_.code, ops::Stage::kReceived, ops::Source::kGridWorker, kNow - 2 * kHour, grid_b_));
    live.AddDemand(Make(4, other_.code, ops::Stage::kClosed, ops::Source::kHotline, kNow - 5 * kHour, grid_b_));
    snapshot_ = live.Publish(4);
  }
  geo::FeatureId grid_a_ = 0, grid_b_ = 0;
  ops::Category other_;
  std::shared_ptr<const ops::Snapshot> snapshot_;
};

TEST_F(DemandFilterTest, AnEmptyFilterReturnsTheLiveKpisThemselves) {
  DemandFilter f;
  EXPECT_TRUE(f.Empty());
  EXPECT_EQ(ops::DescribeFilter(f, test::SampleCatalog()), "");
  EXPECT_EQ(ops::FilteredKpis(*snapshot_, test::SampleCatalog(), f), snapshot_->kpis);
}

TEST_F(DemandFilterTest, AFamilyFilterCountsOnlyThatFamily) {
  DemandFilter f;
  f.families = {"sanitation"};
  auto k = ops::FilteredKpis(*snapshot_, test::SampleCatalog(), f);
  EXPECT_EQ(k->county.open, 2);
  EXPECT_EQ(k->county.overdue, 1);  // demand 2: received 3 days ago, due after 2
  EXPECT_EQ(k->areas[grid_a_].open, 2);
  EXPECT_EQ(k->areas[grid_b_].open, 0);
  EXPECT_EQ(k->areas[grid_b_].received, 0);
  EXPECT_EQ(ops::DescribeFilter(f, test::SampleCatalog()), "类别：环境卫生");
}

TEST_F(DemandFilterTest, StageSourceAndWindowCombine) {
  DemandFilter f;
  f.stages.fill(false);
  f.stages[static_cast<size_t>(ops::Stage::kReceived)] = true;
  auto k = ops::FilteredKpis(*snapshot_, test::SampleCatalog(), f);
  EXPECT_EQ(k->county.open, 2);    // demands 1 and 3
  EXPECT_EQ(k->county.closed, 0);  // the closed one is filtered out by stage

  f.sources.fill(false);
  f.sources[static_cast<size_t>(ops::Source::kGridWorker)] = true;
  k = ops::FilteredKpis(*snapshot_, test::SampleCatalog(), f);
  EXPECT_EQ(k->county.open, 1);
  EXPECT_EQ(k->areas[grid_b_].open, 1);

  DemandFilter recent;
  recent.window = 24 * kHour;
  k = ops::FilteredKpis(*snapshot_, test::SampleCatalog(), recent);
  EXPECT_EQ(k->county.received, 3);  // demand 2 came 3 days ago
  EXPECT_EQ(k->county.closed, 1);
  EXPECT_EQ(ops::DescribeFilter(recent, test::SampleCatalog()), "受理于近24小时");
  recent.window = 7 * kDay;
  EXPECT_EQ(ops::DescribeFilter(recent, test::SampleCatalog()), "受理于近7天");
}

TEST_F(DemandFilterTest, FilteredKpisKeepSensorAndIncidentCounts) {
  DemandFilter f;
  f.families = {"utilities"};
  auto k = ops::FilteredKpis(*snapshot_, test::SampleCatalog(), f);
  EXPECT_EQ(k->county.sensors_alarm, snapshot_->kpis->county.sensors_alarm);
  EXPECT_EQ(k->incidents_by_level, snapshot_->kpis->incidents_by_level);
  EXPECT_EQ(k->day_start, snapshot_->kpis->day_start);
}

TEST_F(DemandFilterTest, TheDescriptionNamesEveryRestriction) {
  DemandFilter f;
  f.families = {"sanitation", "property"};
  f.stages.fill(false);
  f.stages[static_cast<size_t>(ops::Stage::kHandling)] = true;
  f.sources[static_cast<size_t>(ops::Source::kSensor)] = false;
  const std::string s = ops::DescribeFilter(f, test::SampleCatalog());
  EXPECT_NE(s.find("类别：环境卫生、物业与设施"), std::string::npos) << s;
  EXPECT_NE(s.find("阶段：处置"), std::string::npos) << s;
  EXPECT_NE(s.find("来源：12345热线"), std::string::npos) << s;
  EXPECT_EQ(s.find("感知设备"), std::string::npos) << s;
}

}  // namespace
