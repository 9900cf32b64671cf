// LiveView's wall-clock throttle, without a window and with an injected
// clock: a replay at 3600× brings a new snapshot every frame, and the scans
// over all demands (the filtered KPIs, the 24-hours-ago trend) must not run
// every frame; yet once the snapshots stop the numbers must be exact.
#include <gtest/gtest.h>

#include "ops/live_state.hpp"
#include "ops/store_fixture.hpp"
#include "viewer/live_view.hpp"

namespace {

using ops::kDay;
using ops::kHour;
using viewer::LiveView;
using viewer::Metric;

// The live state's clock never runs behind the wall clock.
const ops::TimeMs kNow = ops::NowMs() + kDay;

class ThrottleTest : public ::testing::Test {
 protected:
  ThrottleTest()
      : live_(test::SampleCounty(), test::SampleCatalog()),
        view_(test::SampleCounty(), test::SampleCatalog(), [this] { return wall_; }) {
    live_.AdvanceClock(kNow);
    sanitation_.families = {"sanitation"};
  }
  // One more open sanitation demand in the first grid, received now.
  std::shared_ptr<const ops::Snapshot> AddDemand() {
    const geo::GridSet& g = test::SampleCounty();
    const geo::FeatureId grid = g.LevelBegin(geo::Level::kGrid);
    const int64_t id = static_cast<int64_t>(live_.DemandCount()) + 1;
    ops::Demand d;
    d.id = id;
    d.category = "S01";
    d.received = d.updated = live_.now();
    d.deadline = d.received + 2 * kDay;
    d.areas[0] = g.features[grid].parent;
    d.areas[1] = grid;
    d.xy = g.features[grid].label_point;
    live_.AddDemand(std::move(d));
    return live_.Publish(id);
  }
  bool Update(const std::shared_ptr<const ops::Snapshot>& s, const ops::DemandFilter& f,
              geo::FeatureId selected = geo::kNoFeature) {
    return view_.Update(s, f, selected, Metric::kOpen, geo::Level::kGrid);
  }

  double wall_ = 1000;  // seconds
  ops::LiveState live_;
  LiveView view_;
  ops::DemandFilter sanitation_;
};

TEST_F(ThrottleTest, FilteredKpisRecountAtMostTwiceASecondAndExactlyOnceIdle) {
  Update(AddDemand(), sanitation_);
  EXPECT_EQ(view_.kpis().county.open, 1) << "a new filter is counted at once";
  // Sixteen snapshots in a second, as at 3600× (wall steps are exact binary
  // fractions, so the half seconds fall exactly on a step).
  int recounts = 0;
  const ops::Kpis* seen = &view_.kpis();
  for (int i = 0; i < 16; ++i) {
    wall_ += 0.0625;
    Update(AddDemand(), sanitation_);
    if (&view_.kpis() != seen) ++recounts;
    seen = &view_.kpis();
  }
  EXPECT_EQ(recounts, 2) << "one recount per half second of wall time, not 16";
  // The stream stops: the last snapshot is counted once its interval is up.
  const auto last = AddDemand();
  wall_ += 0.015625;
  Update(last, sanitation_);
  EXPECT_EQ(view_.kpis().county.open, 17) << "held back";
  EXPECT_FALSE(view_.RecountDue()) << "not yet: the half second is not up";
  wall_ += LiveView::kKpiWallInterval;
  EXPECT_TRUE(view_.RecountDue()) << "the frame loop must draw once more";
  EXPECT_TRUE(Update(last, sanitation_));
  EXPECT_EQ(view_.kpis().county.open, 18) << "exact once the stream stopped";
  EXPECT_FALSE(view_.RecountDue());
  EXPECT_FALSE(Update(last, sanitation_)) << "idle: nothing more to do";
}

TEST_F(ThrottleTest, ANewFilterAndNoFilterAreNeverHeldBack) {
  Update(AddDemand(), sanitation_);
  wall_ += 0.01;
  const auto s = AddDemand();
  ops::DemandFilter all;
  Update(s, all);
  EXPECT_EQ(&view_.kpis(), s->kpis.get()) << "no filter: the snapshot's own KPIs, free";
  wall_ += 0.01;
  Update(AddDemand(), all);
  EXPECT_EQ(view_.kpis().county.open, 3) << "no filter, no throttle";
  wall_ += 0.01;
  Update(live_.Publish(3), sanitation_);
  EXPECT_EQ(view_.kpis().county.open, 3) << "a changed filter is recounted at once";
  EXPECT_FALSE(view_.RecountDue());
}

TEST_F(ThrottleTest, TheTrendFollowsAFastClockEveryTwoSecondsAndSettlesExactly) {
  auto s = AddDemand();
  Update(s, sanitation_);
  const ops::TimeMs start = s->now;
  EXPECT_EQ(view_.day_ago_for(), start);
  // An hour of county time per eighth of a second of wall time (3600×).
  for (int i = 1; i <= 15; ++i) {
    live_.AdvanceClock(start + i * kHour);
    wall_ += 0.125;
    Update(live_.Publish(1), sanitation_);
  }
  EXPECT_EQ(view_.day_ago_for(), start) << "1.875 s of wall: no trend recount yet";
  live_.AdvanceClock(start + 16 * kHour);
  wall_ += 0.125;
  Update(live_.Publish(1), sanitation_);
  EXPECT_EQ(view_.day_ago_for(), start + 16 * kHour) << "2 s of wall: recounted";
  // The clock creeps on by less than kTrendInterval and stops.
  live_.AdvanceClock(start + 16 * kHour + 4'000);
  s = live_.Publish(1);
  wall_ += 2.5;
  Update(s, sanitation_);
  EXPECT_EQ(view_.day_ago_for(), start + 16 * kHour) << "4 s of clock: not due while running";
  wall_ += LiveView::kTrendSettle - 0.125;
  EXPECT_FALSE(view_.RecountDue());
  wall_ += 0.25;
  EXPECT_TRUE(view_.RecountDue()) << "the clock has stood still: settle the trend";
  Update(s, sanitation_);
  EXPECT_EQ(view_.day_ago_for(), s->now) << "idle: the trend is for exactly 24 h before now";
  EXPECT_FALSE(view_.RecountDue());
}

TEST_F(ThrottleTest, ChoosingAnAreaRecountsTheTrendAtOnce) {
  auto s = AddDemand();
  Update(s, sanitation_);
  live_.AdvanceClock(s->now + kHour);
  s = live_.Publish(1);
  wall_ += 0.01;
  const geo::FeatureId grid = test::SampleCounty().LevelBegin(geo::Level::kGrid);
  Update(s, sanitation_, grid);
  EXPECT_EQ(view_.day_ago_for(), s->now);
}

}  // namespace
