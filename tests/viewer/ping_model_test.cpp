// The ping model as a wall shows it, without a window: a demand received
// between two looks rings once, a closure rings leaving, a move between
// stages flashes; the first look, a jump, a rebuilt state, a paused replay
// and what happened before the last look ring nothing; filters hold; at most kMaxPings live; each
// dies after its lifetime on the injected frame clock.
#include <gtest/gtest.h>

#include <memory>

#include "layer_test_support.hpp"
#include "ops/demand_filter.hpp"
#include "viewer/layers/ping_model.hpp"

namespace viewer::test_layers {
namespace {

class PingModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const geo::GridSet& set = test::SampleCounty();
    center_ = set.features[set.LevelBegin(geo::Level::kGrid)].label_point;
    live_ = std::make_unique<ops::LiveState>(set, SampleCatalog());
    now_ = ops::NowMs();
    live_->AdvanceClock(now_);
  }

  // The next demand, `i` steps of 40 m east of the first grid's label
  // point, received `ago` before the clock it started at (negative: after;
  // the store clock moves on to it).
  int64_t Add(int i = 0, const std::string& category = "S01", ops::TimeMs ago = 0,
              ops::Stage stage = ops::Stage::kReceived) {
    ops::Demand d;
    d.id = static_cast<int64_t>(live_->DemandCount()) + 1;
    d.category = category;
    d.stage = stage;
    d.xy = {center_.x + 40.0 * i, center_.y};
    d.areas = SampleIndex().LocateAll(d.xy);
    d.received = now_ - ago;
    d.updated = d.received;
    d.deadline = now_ + ops::kDay;
    live_->AddDemand(d);
    return d.id;
  }
  void Move(int64_t id, ops::Stage stage) {
    ops::Demand d = *live_->FindDemand(id);
    d.stage = stage;
    d.updated = now_;
    if (stage == ops::Stage::kClosed) d.closed = now_;
    live_->ReplaceDemand(std::move(d));
  }
  std::shared_ptr<const ops::Snapshot> Publish() { return live_->Publish(++seq_); }

  // Looks at the latest state through `filter` at frame time `now_s`.
  PingLook Look(double now_s, SnapshotFeed feed = SnapshotFeed::kLive,
                const ops::DemandFilter& filter = {}) {
    auto snapshot = Publish();
    const ops::FilterMatcher matcher(filter, SampleCatalog(), snapshot->now);
    return model_.Observe(*snapshot, feed, matcher, now_s);
  }

  geo::Meters center_;
  std::unique_ptr<ops::LiveState> live_;
  ops::TimeMs now_ = 0;
  int64_t seq_ = 0;
  PingModel model_;
};

TEST_F(PingModelTest, TheFirstLookIsTheBaselineAndRingsNothing) {
  for (int i = 0; i < 40; ++i) Add(i);
  const PingLook look = Look(1.0);
  EXPECT_TRUE(look.rebased);
  EXPECT_EQ(look.fired, 0u);
  EXPECT_TRUE(model_.empty());
  // The same state again: nothing changed, nothing rings.
  EXPECT_EQ(Look(1.1).fired, 0u);
  EXPECT_TRUE(model_.empty());
}

TEST_F(PingModelTest, ANewDemandRingsOnceInTheReceivedStageWhereItIs) {
  for (int i = 0; i < 3; ++i) Add(i);
  Look(1.0);
  const uint64_t version = model_.version();
  const int64_t id = Add(7);
  const PingLook look = Look(2.0);
  EXPECT_FALSE(look.rebased);
  EXPECT_EQ(look.changed, 1u);
  ASSERT_EQ(model_.pings().size(), 1u);
  const Ping& p = model_.pings().front();
  EXPECT_EQ(p.demand, id);
  EXPECT_EQ(p.kind, PingKind::kArrival);
  EXPECT_EQ(p.stage, ops::Stage::kReceived);
  EXPECT_EQ(p.at, live_->FindDemand(id)->xy);
  EXPECT_EQ(p.born_s, 2.0);
  EXPECT_NE(model_.version(), version);
  // Looking again at the same state rings nothing more.
  EXPECT_EQ(Look(2.1).fired, 0u);
  EXPECT_EQ(model_.pings().size(), 1u);
}

TEST_F(PingModelTest, AClosureRingsLeavingAndAMoveFlashesInTheNewStage) {
  const int64_t a = Add(0), b = Add(1), c = Add(2);
  Look(1.0);
  Move(a, ops::Stage::kDispatched);
  Move(a, ops::Stage::kHandling);  // two moves between looks: one flash, where it is now
  Move(b, ops::Stage::kClosed);
  ops::Demand same = *live_->FindDemand(c);
  same.assignee = "县城管执法局";  // changed, same stage: nothing to show
  live_->ReplaceDemand(same);
  const PingLook look = Look(2.0);
  EXPECT_EQ(look.changed, 3u);
  ASSERT_EQ(look.fired, 2u);
  ASSERT_EQ(model_.pings().size(), 2u);
  for (const Ping& p : model_.pings()) {
    if (p.demand == a) {
      EXPECT_EQ(p.kind, PingKind::kStage);
      EXPECT_EQ(p.stage, ops::Stage::kHandling);
    } else {
      EXPECT_EQ(p.demand, b);
      EXPECT_EQ(p.kind, PingKind::kLeaving);
      EXPECT_EQ(p.stage, ops::Stage::kClosed);
    }
  }
}

TEST_F(PingModelTest, AJumpRingsNothingAndBecomesTheBaseline) {
  Add(0);
  Look(1.0);
  for (size_t i = 0; i <= kMaxChangesPerLook; ++i) Add(static_cast<int>(i % 50));
  const PingLook jump = Look(2.0);
  EXPECT_TRUE(jump.rebased);
  EXPECT_EQ(jump.fired, 0u);
  EXPECT_TRUE(model_.empty());
  // Live news after it rings again, against the new baseline.
  Add(3);
  const PingLook next = Look(3.0);
  EXPECT_FALSE(next.rebased);
  EXPECT_EQ(next.fired, 1u);
}

TEST_F(PingModelTest, ARebuiltStateRingsNothing) {
  for (int i = 0; i < 40; ++i) Add(i);
  Look(1.0);
  // The same demands in a new LiveState (a follower starting over, a
  // switch to a replay): every object is new, nothing happened.
  ops::LiveState rebuilt(test::SampleCounty(), SampleCatalog());
  rebuilt.AdvanceClock(now_);
  for (int64_t id = 1; id <= 40; ++id) rebuilt.AddDemand(*live_->FindDemand(id));
  auto snapshot = rebuilt.Publish(99);
  const ops::FilterMatcher all({}, SampleCatalog(), now_);
  const PingLook look = model_.Observe(*snapshot, SnapshotFeed::kLive, all, 2.0);
  EXPECT_TRUE(look.rebased);
  EXPECT_TRUE(model_.empty());
  // A table that shrank (a seek back) rebases too.
  ops::LiveState shorter(test::SampleCounty(), SampleCatalog());
  shorter.AddDemand(*live_->FindDemand(1));
  EXPECT_TRUE(model_.Observe(*shorter.Publish(1), SnapshotFeed::kLive, all, 3.0).rebased);
  EXPECT_TRUE(model_.empty());
}

TEST_F(PingModelTest, AReplayRingsOnlyWhilePlayingForward) {
  Add(0);
  Look(1.0, SnapshotFeed::kLive);
  Add(1);
  // Live → replay: another feed, a baseline only.
  EXPECT_TRUE(Look(2.0, SnapshotFeed::kReplayStill).rebased);
  Add(2);
  EXPECT_TRUE(Look(3.0, SnapshotFeed::kReplayStill).rebased) << "a paused replay's seek";
  EXPECT_TRUE(Look(4.0, SnapshotFeed::kReplayPlaying).rebased) << "pressing play";
  Add(3);
  EXPECT_EQ(Look(5.0, SnapshotFeed::kReplayPlaying).fired, 1u) << "playing forward";
  Add(4);
  EXPECT_TRUE(Look(6.0, SnapshotFeed::kLive).rebased) << "back to live";
  EXPECT_EQ(model_.pings().size(), 1u);
}

TEST_F(PingModelTest, OnlyWhatHappenedSinceTheLastLookRings) {
  Add(0);
  Look(1.0);
  // The day the simulator fills in behind a new window: received before
  // the last look's clock, hours ago or minutes ago.
  Add(1, "S01", 5 * ops::kHour);
  Add(2, "S01", kNewsSlackMs + ops::kMinute);
  // A report that reached the store a minute after it was made: news.
  const int64_t late = Add(3, "S01", kNewsSlackMs - ops::kMinute);
  PingLook look = Look(2.0);
  EXPECT_FALSE(look.rebased);
  EXPECT_EQ(look.changed, 3u);
  ASSERT_EQ(model_.pings().size(), 1u);
  EXPECT_EQ(model_.pings().front().demand, late);

  // A simulation at 3600×: the store clock runs ahead of the wall, and what
  // happened between two looks rings however far it moved.
  const int64_t ahead = Add(4, "S01", -10 * ops::kMinute);
  look = Look(3.0);
  EXPECT_EQ(look.fired, 1u);
  EXPECT_EQ(model_.pings().back().demand, ahead);

  // A window back after hours away: at most kNewsWindowMs of it rings.
  const int64_t latest = Add(5, "S01", -3 * ops::kHour);
  Add(6, "S01", -3 * ops::kHour + kNewsWindowMs + ops::kMinute);
  look = Look(4.0);
  EXPECT_EQ(look.changed, 2u);
  EXPECT_EQ(look.fired, 1u);
  EXPECT_EQ(model_.pings().back().demand, latest);
}

TEST_F(PingModelTest, FiltersDropPings) {
  const int64_t open = Add(0, "S01");
  Look(1.0);
  ops::DemandFilter property;
  property.families = {"property"};  // S07 is property, S01 sanitation
  Add(1, "S01");
  const int64_t kept = Add(2, "S07");
  Move(open, ops::Stage::kClosed);
  Look(2.0, SnapshotFeed::kLive, property);
  ASSERT_EQ(model_.pings().size(), 1u);
  EXPECT_EQ(model_.pings().front().demand, kept);

  // The stage filter: a closure shows unless "closed" is left out.
  ops::DemandFilter not_closed;
  not_closed.stages[static_cast<size_t>(ops::Stage::kClosed)] = false;
  Move(kept, ops::Stage::kClosed);
  const int64_t fresh = Add(3, "S07");
  Look(3.0, SnapshotFeed::kLive, not_closed);
  ASSERT_EQ(model_.pings().size(), 2u);
  EXPECT_EQ(model_.pings().back().demand, fresh);

  // A filter changed while pings live drops those it leaves out.
  ops::DemandFilter sanitation;
  sanitation.families = {"sanitation"};
  const ops::FilterMatcher matcher(sanitation, SampleCatalog(), now_);
  EXPECT_TRUE(model_.Refilter(live_->Publish(++seq_)->demands, matcher));
  EXPECT_TRUE(model_.empty());
}

TEST_F(PingModelTest, AtMostTheNewestPingsLive) {
  Add(0);
  Look(0.0);
  constexpr int kBurst = 200;  // a plausible look, three times over
  static_assert(kBurst <= kMaxChangesPerLook && 3 * kBurst > kMaxPings);
  int64_t last = 0;
  for (int look = 1; look <= 3; ++look) {
    for (int i = 0; i < kBurst; ++i) last = Add(i % 50);
    EXPECT_EQ(Look(look * 0.1).fired, static_cast<size_t>(kBurst));
    EXPECT_LE(model_.pings().size(), kMaxPings);
  }
  ASSERT_EQ(model_.pings().size(), kMaxPings);
  EXPECT_EQ(model_.pings().back().demand, last);
  EXPECT_EQ(model_.pings().front().demand, last - static_cast<int64_t>(kMaxPings) + 1);
}

TEST_F(PingModelTest, PingsDieAfterTheirLifetimeOnTheFrameClock) {
  const int64_t moving = Add(0);
  Look(10.0);
  Add(1);
  Move(moving, ops::Stage::kDispatched);
  Look(10.0);
  ASSERT_EQ(model_.pings().size(), 2u);
  for (const Ping& p : model_.pings()) {
    EXPECT_NEAR(p.Progress(10.0 + PingLifetimeS(p.kind) / 2), 0.5, 1e-9);
  }
  EXPECT_FALSE(model_.Expire(10.0 + kStageLifetimeS - 0.01));
  EXPECT_TRUE(model_.Expire(10.0 + kStageLifetimeS + 1e-9)) << "the stage flash is brief";
  ASSERT_EQ(model_.pings().size(), 1u);
  EXPECT_EQ(model_.pings().front().kind, PingKind::kArrival);
  EXPECT_FALSE(model_.Expire(10.0 + kArrivalLifetimeS - 0.01));
  EXPECT_TRUE(model_.Expire(10.0 + kArrivalLifetimeS + 1e-9));
  EXPECT_TRUE(model_.empty());
  // The simulated clock may run at 3600×: the lifetime is wall time, and a
  // snapshot hours later in county time rings nothing by itself.
  live_->AdvanceClock(now_ + 3 * ops::kHour);
  EXPECT_EQ(Look(13.5).fired, 0u);
  EXPECT_TRUE(model_.empty());
}

TEST_F(PingModelTest, ClearForgetsPingsAndBaseline) {
  Add(0);
  Look(1.0);
  Add(1);
  Look(2.0);
  ASSERT_FALSE(model_.empty());
  model_.Clear();
  EXPECT_TRUE(model_.empty());
  Add(2);
  EXPECT_TRUE(Look(3.0).rebased) << "switched on again: a baseline first";
  EXPECT_TRUE(model_.empty());
}

}  // namespace
}  // namespace viewer::test_layers
