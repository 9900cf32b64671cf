// What the wall shows beside the map, without a window: its type sizes per
// resolution, the ticker built from a snapshot, the clock in Asia/Shanghai
// and the feed's health.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "live_fixture.hpp"
#include "viewer/wall_model.hpp"

namespace viewer {
namespace {

using test_live::kNow;

TEST(WallTypeTest, TextIsAtLeast28PxAt1080AndScalesWithTheHeight) {
  EXPECT_GE(WallTypeFor(1080).body_px, 28);
  EXPECT_GE(WallTypeFor(2160).body_px, 56);
  EXPECT_GE(WallTypeFor(1440).body_px, 37);
  // A smaller screen shows less, never smaller type.
  EXPECT_GE(WallTypeFor(720).body_px, 28);
  for (int h : {720, 1080, 1440, 2160, 4320}) {
    const WallType t = WallTypeFor(h);
    EXPECT_GE(t.heading_px, t.body_px);
    EXPECT_GE(t.figure_px, 2 * t.body_px);
    EXPECT_GE(t.body_px, kWallMinBodyPx1080 * h / 1080.0f - 0.5f) << h;
  }
}

TEST(WallTickerTest, NewestFirstAndStable) {
  const auto s = test_live::CraftedSnapshot();
  const auto& set = test::SampleCounty();
  const auto ten = TickerOf(*s, set, test_live::Catalog(), 10);
  ASSERT_EQ(ten.size(), 10u);
  for (size_t i = 1; i < ten.size(); ++i) EXPECT_GE(ten[i - 1].at, ten[i].at);
  EXPECT_LE(ten.front().at, s->now);
  const auto fifty = TickerOf(*s, set, test_live::Catalog(), 50);
  for (size_t i = 0; i < ten.size(); ++i) {
    EXPECT_EQ(ten[i].at, fifty[i].at);
    EXPECT_EQ(ten[i].text, fifty[i].text);
  }
  EXPECT_TRUE(TickerOf(*s, set, test_live::Catalog(), 0).empty());
}

// The ticker reads the snapshot's ring of the latest changes, not every
// demand: where changes arrive in time order (a store stamps them as they
// come) that gives the very lines a look through every demand gives.
TEST(WallTickerTest, TheLatestChangesGiveTheLinesALookThroughEveryDemandGives) {
  const geo::GridSet& g = test::SampleCounty();
  ops::LiveState live(g, test_live::Catalog());
  live.AdvanceClock(kNow);
  const geo::FeatureId grid = g.LevelBegin(geo::Level::kGrid) + 3;
  const ops::TimeMs start = kNow - 2 * ops::kDay;
  int64_t ids = 0;
  for (int k = 0; k < 2000; ++k) {
    const ops::TimeMs at = start + k * ops::kMinute;
    if (k % 3 == 2 && ids > 10) {
      // A demand received earlier moves on now.
      ops::Demand d = *live.FindDemand(ids - 7);
      if (!d.Open()) continue;
      d.stage = ops::Stage::kDispatched;
      d.updated = at;
      live.ReplaceDemand(std::move(d));
      continue;
    }
    ops::Demand d;
    d.id = ++ids;
    d.category = test_live::Catalog().categories[static_cast<size_t>(k) % 5].code;
    d.stage = ops::Stage::kReceived;
    d.received = d.updated = at;
    d.deadline = at + ops::kDay;
    d.areas[0] = g.features[grid].parent;
    d.areas[1] = grid;
    d.xy = g.features[grid].label_point;
    live.AddDemand(std::move(d));
  }
  const auto s = live.Publish(1);
  ASSERT_TRUE(s->recent_demands);
  ops::Snapshot everything = *s;
  everything.recent_demands = nullptr;
  for (size_t count : {size_t{1}, size_t{12}, size_t{40}}) {
    const auto ring = TickerOf(*s, g, test_live::Catalog(), count);
    const auto scan = TickerOf(everything, g, test_live::Catalog(), count);
    ASSERT_EQ(ring.size(), count);
    ASSERT_EQ(ring.size(), scan.size());
    for (size_t i = 0; i < ring.size(); ++i) {
      EXPECT_EQ(ring[i].at, scan[i].at) << i;
      EXPECT_EQ(ring[i].kind, scan[i].kind) << i;
      EXPECT_EQ(ring[i].text, scan[i].text) << i;
    }
  }
}

TEST(WallTickerTest, TellsDemandsSensorsIncidentsSummonsAndReportIns) {
  const auto s = test_live::CraftedSnapshot();
  const auto lines = TickerOf(*s, test::SampleCounty(), test_live::Catalog(), 100000);
  std::set<int> kinds;
  for (const TickerLine& l : lines) kinds.insert(l.kind);
  for (int k :
       {TickerLine::kNewDemand, TickerLine::kStage, TickerLine::kSensor, TickerLine::kIncident,
        TickerLine::kSummons, TickerLine::kReportIn, TickerLine::kEscalated}) {
    EXPECT_TRUE(kinds.count(k)) << "no line of kind " << k;
  }
  // The flood's late fire brigade: escalated 19 minutes ago, in red.
  auto escalated = std::find_if(lines.begin(), lines.end(), [](const TickerLine& l) {
    return l.kind == TickerLine::kEscalated;
  });
  ASSERT_NE(escalated, lines.end());
  EXPECT_EQ(escalated->at, kNow - 19 * ops::kMinute);
  EXPECT_EQ(escalated->severity, 2);
  EXPECT_EQ(escalated->label, "超时升级");
  // The opened flood names its level and title.
  auto opened = std::find_if(lines.begin(), lines.end(), [](const TickerLine& l) {
    return l.kind == TickerLine::kIncident && l.level == 2;
  });
  ASSERT_NE(opened, lines.end());
  EXPECT_NE(opened->text.find("II 重大"), std::string::npos) << opened->text;
  EXPECT_NE(opened->text.find("黄河汛期水位超警"), std::string::npos);
}

// In English every label reads as a label: "Handling", "Warn", "New demand".
TEST(WallTickerTest, EnglishLabelsStartWithACapital) {
  SetLanguage(Language::kEnglish);
  const auto lines =
      TickerOf(*test_live::CraftedSnapshot(), test::SampleCounty(), test_live::Catalog(), 100000);
  SetLanguage(Language::kChinese);
  ASSERT_FALSE(lines.empty());
  for (const TickerLine& l : lines) {
    ASSERT_FALSE(l.label.empty());
    EXPECT_TRUE(l.label[0] >= 'A' && l.label[0] <= 'Z') << l.label;
  }
}

TEST(WallClockTest, ShowsShanghaiTimeAndWeekday) {
  EXPECT_EQ(WallClockTime(kNow), "10:00:00");
  EXPECT_EQ(WallClockDate(kNow), "2030-06-03 星期一");
  // 16:00 UTC is already the next day in Shanghai.
  const ops::TimeMs midnight = kNow + 14 * ops::kHour;
  EXPECT_EQ(WallClockTime(midnight), "00:00:00");
  EXPECT_EQ(WallClockDate(midnight), "2030-06-04 星期二");
  EXPECT_EQ(WallClockTime(midnight - 1000), "23:59:59");
}

TEST(FeedWatchTest, SilentAfter30SecondsWithoutAnEventOrAMovingClock) {
  auto s = std::make_shared<ops::Snapshot>(*test_live::CraftedSnapshot());
  FeedWatch watch;
  EXPECT_EQ(watch.Check(s.get(), "", 1000), "");
  EXPECT_EQ(watch.Check(s.get(), "", 1029), "");
  const std::string silent = watch.Check(s.get(), "", 1031);
  EXPECT_NE(silent.find("31"), std::string::npos) << silent;
  // The store's clock moving (the writer's tick) is a sign of life.
  auto ticked = std::make_shared<ops::Snapshot>(*s);
  ticked->now += 1000;
  EXPECT_EQ(watch.Check(ticked.get(), "", 1032), "");
  EXPECT_EQ(watch.Check(ticked.get(), "", 1061), "");
  // A followed server's own sentence wins at once.
  EXPECT_EQ(watch.Check(ticked.get(), "server unreachable", 1062), "server unreachable");
}

// A followed server's trouble in the wall's language: the headline in
// Chinese or English, the follower's own sentence of what failed below it.
TEST(FeedTroubleTextTest, EachTroubleInBothLanguages) {
  ops::FeedTrouble t;
  t.url = "http://10.0.0.5:8311";
  EXPECT_EQ(FeedTroubleText(t, Language::kChinese), "") << "live: no banner";
  t.kind = ops::FeedTrouble::kDown;
  t.seconds = 42;
  t.detail = "cannot reach http://10.0.0.5:8311: Connection error";
  EXPECT_EQ(FeedTroubleText(t, Language::kChinese),
            "http://10.0.0.5:8311 已 42 秒无法连接\n原因：cannot reach http://10.0.0.5:8311: "
            "Connection error");
  EXPECT_EQ(FeedTroubleText(t, Language::kEnglish),
            "http://10.0.0.5:8311 unreachable for 42 s\nwhy: cannot reach "
            "http://10.0.0.5:8311: Connection error");
  t.seconds = 0;  // never heard from
  t.detail.clear();
  EXPECT_EQ(FeedTroubleText(t, Language::kChinese), "无法连接 http://10.0.0.5:8311");
  EXPECT_EQ(FeedTroubleText(t, Language::kEnglish), "http://10.0.0.5:8311 cannot be reached");
  t.kind = ops::FeedTrouble::kSilent;
  t.seconds = 45;
  EXPECT_EQ(FeedTroubleText(t, Language::kChinese),
            "http://10.0.0.5:8311 已 45 秒无任何消息，数据源可能停滞");
  EXPECT_EQ(FeedTroubleText(t, Language::kEnglish),
            "no news from http://10.0.0.5:8311 for 45 s: the feed may be stalled");
  t.kind = ops::FeedTrouble::kCatchingUp;
  t.seq = 120;
  t.server_seq = 5000;
  EXPECT_EQ(FeedTroubleText(t, Language::kChinese),
            "正在同步 http://10.0.0.5:8311：第 120 / 5000 条事件");
  t.kind = ops::FeedTrouble::kGivenUp;
  t.detail = "another county";
  EXPECT_EQ(FeedTroubleText(t, Language::kEnglish),
            "stopped following http://10.0.0.5:8311\nwhy: another county");
  t.kind = ops::FeedTrouble::kConnecting;
  t.detail.clear();
  EXPECT_EQ(FeedTroubleText(t, Language::kChinese), "正在连接 http://10.0.0.5:8311 …");
}

// A map 1000 × 600 at (100, 50); the legend 300 × 200, 10 px in.
TEST(LegendPlacementTest, TheCornerThatHidesLeastOfTheSubject) {
  const Viewport map{100, 50, 1000, 600};
  auto corner = [&](std::function<bool(ScreenPx)> shown) {
    return LeastHiddenCorner(map, 300, 200, 10, shown);
  };
  // Nothing to hide: where a legend is looked for first.
  EXPECT_EQ(corner([](ScreenPx) { return false; }), MapCorner::kBottomRight);
  // Everything shown: every corner hides as much; still the bottom right.
  EXPECT_EQ(corner([](ScreenPx) { return true; }), MapCorner::kBottomRight);
  // A county running from bottom-left to top-right (above the diagonal's
  // lower band is empty): the top-left corner is free.
  auto band = [&](ScreenPx p) {
    const double u = (p.x - map.x) / map.width, v = 1 - (p.y - map.y) / map.height;
    return std::abs(u - v) < 0.35;
  };
  const MapCorner diagonal = corner(band);
  EXPECT_TRUE(diagonal == MapCorner::kTopLeft || diagonal == MapCorner::kBottomRight);
  auto shifted = [&](ScreenPx p) {
    const double u = (p.x - map.x) / map.width, v = 1 - (p.y - map.y) / map.height;
    return std::abs(u - v - 0.1) < 0.35;  // the band a little further right and down
  };
  EXPECT_EQ(corner(shifted), MapCorner::kTopLeft);
  // The subject filling all but the top right.
  EXPECT_EQ(corner([&](ScreenPx p) { return p.x < 700 || p.y > 300; }), MapCorner::kTopRight);
  // A ragged edge: the corner with the fewest shown samples wins, not the
  // one whose middle is free.
  EXPECT_EQ(corner([&](ScreenPx p) { return p.y > 500 && p.x > 150; }), MapCorner::kTopLeft);
}

TEST(LegendPlacementTest, TheBoxSitsInsideTheMapAtItsCorner) {
  const Viewport map{100, 50, 1000, 600};
  auto at = [&](MapCorner c) { return CornerBoxOrigin(map, 300, 200, 10, c); };
  EXPECT_DOUBLE_EQ(at(MapCorner::kBottomRight).x, 100 + 1000 - 10 - 300);
  EXPECT_DOUBLE_EQ(at(MapCorner::kBottomRight).y, 50 + 600 - 10 - 200);
  EXPECT_DOUBLE_EQ(at(MapCorner::kTopLeft).x, 110);
  EXPECT_DOUBLE_EQ(at(MapCorner::kTopLeft).y, 60);
  EXPECT_DOUBLE_EQ(at(MapCorner::kBottomLeft).x, 110);
  EXPECT_DOUBLE_EQ(at(MapCorner::kBottomLeft).y, 440);
  EXPECT_DOUBLE_EQ(at(MapCorner::kTopRight).x, 790);
  EXPECT_DOUBLE_EQ(at(MapCorner::kTopRight).y, 60);
}

}  // namespace
}  // namespace viewer
