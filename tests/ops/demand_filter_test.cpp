// The supervisor's filter: which demands it lets through, how it reads in
// the header, and that filtered KPIs count exactly the matching demands with
// the live counters' rules; and the 12345 assessment's response and
// resolution rates those rules include.
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

// ---------------------------------------------------------------------------
// The response rate (响应率) and the resolution rate (解决率)

class KpiRatesTest : public ::testing::Test {
 protected:
  KpiRatesTest() : live_(test::SampleCounty(), test::SampleCatalog()) {
    live_.AdvanceClock(kNow);
    grid_ = test::SampleCounty().LevelBegin(geo::Level::kGrid);
  }
  // A demand received `ago` before kNow, due `span` after receipt (24 h or
  // less: urgent, 2 h to respond; longer: 24 h to respond).
  Demand Received(int64_t id, ops::TimeMs ago, ops::TimeMs span) {
    Demand d = Make(id, "S01", ops::Stage::kReceived, ops::Source::kHotline, kNow - ago, grid_);
    d.deadline = d.received + span;
    return d;
  }
  // Moves demand `id` on to `to` at `at`, as the store's transition does.
  void Move(int64_t id, ops::Stage to, ops::TimeMs at, int satisfaction = 0) {
    Demand d = *live_.FindDemand(id);
    if (ops::IsRework(d.stage, to)) ++d.rework_count;
    d.stage = to;
    d.updated = at;
    if (to == ops::Stage::kClosed) {
      d.closed = at;
      d.satisfaction = satisfaction;
    }
    live_.ReplaceDemand(std::move(d));
  }
  ops::AreaKpis County() { return live_.Publish(1)->kpis->county; }
  // What a full recount gives (a filter that lets everything through but is
  // not empty, so FilteredKpis counts instead of returning the live KPIs).
  ops::AreaKpis Recount() {
    DemandFilter all;
    all.window = 365 * kDay;
    return ops::FilteredKpis(*live_.Publish(1), test::SampleCatalog(), all)->county;
  }

  ops::LiveState live_;
  geo::FeatureId grid_ = 0;
};

TEST_F(KpiRatesTest, NothingReceivedHasNoRates) {
  EXPECT_EQ(County().ResponseRate(), -1);
  EXPECT_EQ(County().ResolutionRate(), -1);
  EXPECT_EQ(Recount().ResponseRate(), -1);
}

TEST_F(KpiRatesTest, DemandsPendingWithinTheirLimitAreNotYetDue) {
  live_.AddDemand(Received(1, kHour, 12 * kHour));  // urgent: 1 h of its 2 h gone
  live_.AddDemand(Received(2, 20 * kHour, 3 * kDay));  // normal: 20 h of its 24 h gone
  EXPECT_EQ(County().response_due, 0);
  EXPECT_EQ(County().ResponseRate(), -1) << "all pending: nothing to rate yet";
  EXPECT_EQ(County().ResolutionRate(), -1) << "nothing closed";
}

TEST_F(KpiRatesTest, AnUnansweredDemandBecomesAMissAsTheClockPassesItsLimit) {
  live_.AddDemand(Received(1, kHour, 12 * kHour));     // urgent: limit at kNow + 1 h
  live_.AddDemand(Received(2, 20 * kHour, 3 * kDay));  // normal: limit at kNow + 4 h
  live_.AdvanceClock(kNow + kHour + ops::kMinute);
  EXPECT_EQ(County().response_due, 1);
  EXPECT_EQ(County().responded_in_time, 0);
  EXPECT_EQ(County().ResponseRate(), 0);
  live_.AdvanceClock(kNow + 5 * kHour);
  EXPECT_EQ(County().response_due, 2);
  EXPECT_EQ(County().ResponseRate(), 0);
  // Answered late, it stays a miss; the live counters agree with a recount.
  Move(1, ops::Stage::kDispatched, kNow + 5 * kHour);
  EXPECT_EQ(County().response_due, 2);
  EXPECT_EQ(County().responded_in_time, 0);
  EXPECT_EQ(Recount().response_due, 2);
  EXPECT_EQ(Recount().responded_in_time, 0);
}

TEST_F(KpiRatesTest, TheFirstMoveOutOfReceivedIsTheResponse) {
  live_.AddDemand(Received(1, 3 * kHour, 12 * kHour));
  live_.AddDemand(Received(2, 3 * kHour, 12 * kHour));
  live_.AddDemand(Received(3, 30 * kHour, 3 * kDay));
  Move(1, ops::Stage::kDispatched, kNow - 2 * kHour - 30 * ops::kMinute);  // after 30 min
  Move(2, ops::Stage::kDispatched, kNow - kHour + ops::kMinute);           // after 2 h 01
  Move(3, ops::Stage::kDispatched, kNow - 8 * kHour);                     // after 22 h: normal
  EXPECT_EQ(live_.FindDemand(1)->responded, kNow - 2 * kHour - 30 * ops::kMinute);
  Move(1, ops::Stage::kHandling, kNow);
  EXPECT_EQ(live_.FindDemand(1)->responded, kNow - 2 * kHour - 30 * ops::kMinute)
      << "later moves keep the first response";
  EXPECT_EQ(County().response_due, 3);
  EXPECT_EQ(County().responded_in_time, 2);
  EXPECT_DOUBLE_EQ(County().ResponseRate(), 2.0 / 3);
  EXPECT_EQ(Recount().responded_in_time, 2);
  // 24 h ago none had been received: no rate then.
  const ops::AreaKpis then = ops::DemandKpisAt(*live_.FindDemand(3), kNow - 24 * kHour,
                                               ops::LocalDayStart(kNow - 24 * kHour));
  EXPECT_EQ(then.response_due, 0) << "received 30 h ago, 6 h into its 24 h then";
}

TEST_F(KpiRatesTest, AResponseTimeNotSeenIsLeftOutRatherThanGuessed) {
  // As a restart loads it: past received, with no history.
  Demand d = Make(1, "S01", ops::Stage::kHandling, ops::Source::kApp, kNow - 3 * kHour, grid_);
  live_.AddDemand(d);
  EXPECT_EQ(County().response_due, 0);
  EXPECT_EQ(County().ResponseRate(), -1);
}

TEST_F(KpiRatesTest, ReworkAndDissatisfactionAreNotResolved) {
  for (int64_t id = 1; id <= 5; ++id) {
    live_.AddDemand(Received(id, 3 * kDay, 3 * kDay));
    Move(id, ops::Stage::kDispatched, kNow - 3 * kDay + kHour);
    Move(id, ops::Stage::kHandling, kNow - 2 * kDay);
    Move(id, ops::Stage::kReported, kNow - 2 * kDay + kHour);
  }
  // 1: back to handling once (返工), then closed with 5 stars.
  Move(1, ops::Stage::kHandling, kNow - 30 * kHour);
  Move(1, ops::Stage::kReported, kNow - 29 * kHour);
  Move(1, ops::Stage::kVerified, kNow - 28 * kHour);
  Move(1, ops::Stage::kClosed, kNow - 27 * kHour, 5);
  // 2: rated 2 stars (dissatisfied); 3: 5 stars; 4: not rated; 5: still open.
  for (int64_t id = 2; id <= 4; ++id) Move(id, ops::Stage::kVerified, kNow - 40 * kHour);
  Move(2, ops::Stage::kClosed, kNow - 20 * kHour, 2);
  Move(3, ops::Stage::kClosed, kNow - 20 * kHour, 5);
  Move(4, ops::Stage::kClosed, kNow - 20 * kHour, 0);
  EXPECT_EQ(County().closed, 4);
  EXPECT_EQ(County().resolved, 2) << "3 (5 stars) and 4 (verified, not rated)";
  EXPECT_DOUBLE_EQ(County().ResolutionRate(), 0.5);
  EXPECT_DOUBLE_EQ(County().ReworkRate(), 0.25);
  EXPECT_EQ(Recount().resolved, 2);
  // A day ago only demand 1 was closed, and it had been reworked.
  ops::AreaKpis then;
  live_.Publish(1)->demands.ForEach([&](const Demand& x) {
    ops::AddKpis(then, ops::DemandKpisAt(x, kNow - kDay, ops::LocalDayStart(kNow - kDay)), +1);
  });
  EXPECT_EQ(then.closed, 1);
  EXPECT_EQ(then.ResolutionRate(), 0);
}

}  // namespace
