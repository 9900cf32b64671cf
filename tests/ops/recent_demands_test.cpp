// The live state's ring of the latest demand changes (the wall's ticker
// reads it instead of every demand): newest first, bounded, and a published
// snapshot's ring never changes under its readers.
#include <gtest/gtest.h>

#include <vector>

#include "ops/live_state.hpp"
#include "store_fixture.hpp"

namespace {

std::vector<int64_t> NewestFirst(const ops::RecentDemands& r) {
  std::vector<int64_t> out;
  r.ForEachNewestFirst([&](int64_t id) { out.push_back(id); });
  return out;
}

TEST(RecentDemands, NewestFirstAndOnlyTheLastCapacity) {
  ops::RecentDemands r;
  EXPECT_TRUE(NewestFirst(r).empty());
  r.Add(1);
  r.Add(2);
  r.Add(1);  // changed again: shows twice
  EXPECT_EQ(NewestFirst(r), (std::vector<int64_t>{1, 2, 1}));
  for (int64_t id = 10; id < 10 + static_cast<int64_t>(ops::RecentDemands::kCapacity); ++id) {
    r.Add(id);
  }
  const auto all = NewestFirst(r);
  ASSERT_EQ(all.size(), ops::RecentDemands::kCapacity);
  EXPECT_EQ(all.front(), 9 + static_cast<int64_t>(ops::RecentDemands::kCapacity));
  EXPECT_EQ(all.back(), 10) << "the first three were pushed out";
  for (size_t k = 1; k < all.size(); ++k) EXPECT_EQ(all[k - 1], all[k] + 1);
}

TEST(RecentDemands, TheLiveStateKeepsThemAndAPublishedRingStaysAsItWas) {
  const geo::GridSet& g = test::SampleCounty();
  ops::LiveState live(g, test::SampleCatalog());
  const ops::TimeMs now = ops::NowMs();
  live.AdvanceClock(now);
  auto demand = [&](int64_t id, ops::Stage stage) {
    ops::Demand d;
    d.id = id;
    d.category = "S01";
    d.stage = stage;
    d.received = now - ops::kHour;
    d.updated = now - ops::kHour + id * ops::kMinute;
    d.deadline = now + ops::kDay;
    const geo::FeatureId grid = g.LevelBegin(geo::Level::kGrid);
    d.areas[0] = g.features[grid].parent;
    d.areas[1] = grid;
    d.xy = g.features[grid].label_point;
    return d;
  };
  live.AddDemand(demand(1, ops::Stage::kReceived));
  live.AddDemand(demand(2, ops::Stage::kReceived));
  const auto first = live.Publish(2);
  ASSERT_TRUE(first->recent_demands);
  EXPECT_EQ(NewestFirst(*first->recent_demands), (std::vector<int64_t>{2, 1}));
  live.ReplaceDemand(demand(1, ops::Stage::kDispatched));
  const auto second = live.Publish(3);
  EXPECT_EQ(NewestFirst(*second->recent_demands), (std::vector<int64_t>{1, 2, 1}));
  EXPECT_EQ(NewestFirst(*first->recent_demands), (std::vector<int64_t>{2, 1}))
      << "the earlier snapshot's ring is its own";
  const auto third = live.Publish(3);
  EXPECT_EQ(third->recent_demands, second->recent_demands) << "nothing changed: shared";
}

// Loaded in id order (a restart reads the demands table so), the ring is
// seeded by the demands' own last-change times: an old demand moved on last
// comes first.
TEST(RecentDemands, ALoadedStateIsSeededByTheDemandsOwnTimes) {
  const geo::GridSet& g = test::SampleCounty();
  ops::LiveState live(g, test::SampleCatalog());
  const ops::TimeMs now = ops::NowMs();
  live.AdvanceClock(now);
  const geo::FeatureId grid = g.LevelBegin(geo::Level::kGrid);
  const int64_t n = 600;
  for (int64_t id = 1; id <= n; ++id) {
    ops::Demand d;
    d.id = id;
    d.category = "S01";
    d.received = now - ops::kDay + id * ops::kMinute;
    // Demand 5 moved on last of all; the others last changed on receipt.
    d.updated = id == 5 ? now : d.received;
    d.stage = id == 5 ? ops::Stage::kHandling : ops::Stage::kReceived;
    d.deadline = now + ops::kDay;
    d.areas[0] = g.features[grid].parent;
    d.areas[1] = grid;
    d.xy = g.features[grid].label_point;
    live.AddDemand(std::move(d));
  }
  live.SeedRecentDemands();
  const auto ids = NewestFirst(*live.Publish(1)->recent_demands);
  ASSERT_EQ(ids.size(), ops::RecentDemands::kCapacity);
  EXPECT_EQ(ids[0], 5);
  EXPECT_EQ(ids[1], n);
  EXPECT_EQ(ids[2], n - 1);
  EXPECT_EQ(ids.back(), n - static_cast<int64_t>(ops::RecentDemands::kCapacity) + 2);
}

}  // namespace
