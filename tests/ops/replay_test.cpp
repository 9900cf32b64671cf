// Time replay: the county at a past moment holds exactly the demands
// received by then, in the stages they had, with overdue and today's counts
// as they were; at the present it equals the live store; it is the same
// however the scrubber got there; it catches up with events appended after
// it opened; and bad input is refused in a sentence or clamped.
#include "ops/replay.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "ops/simulator.hpp"
#include "ops/sqlite.hpp"
#include "ops/store_sink.hpp"
#include "store_fixture.hpp"

namespace {

using ops::kDay;
using ops::kHour;
using ops::kMinute;
using ops::Stage;
using ops::TimeMs;

constexpr const char* kGrid = "61082200200504";  // 长城社区第四网格

// The local (UTC+8) midnight `days` days before today's.
TimeMs LocalMidnight(int days) {
  return ops::LocalDayStart(ops::NowMs()) - days * kDay;
}

std::string KpiText(const ops::AreaKpis& k) {
  return fmt::format(
      "open {} overdue {} rt {} ct {} r {} c {} ot {} rw {} rated {} sat {} w {} a {} i {}", k.open,
      k.overdue, k.received_today, k.closed_today, k.received, k.closed, k.closed_on_time,
      k.reworked, k.rated, k.satisfaction_sum, k.sensors_warn, k.sensors_alarm, k.incidents_active);
}

std::string KpisText(const ops::Kpis& k) {
  std::string out = fmt::format("day {} levels {} county {}\n", k.day_start,
                                fmt::join(k.incidents_by_level, ","), KpiText(k.county));
  for (size_t i = 0; i < k.areas.size(); ++i)
    out += fmt::format("a{} {}\n", i, KpiText(k.areas[i]));
  return out;
}

// Everything a user could notice in a snapshot, as text.
std::string Describe(const ops::Snapshot& s) {
  std::string out = fmt::format("now {}\n", s.now);
  s.demands.ForEach([&](const ops::Demand& d) {
    out += fmt::format("d{} {} {} {} r{} s{} {} {} {} {}\n", d.id, d.category,
                       ops::StageName(d.stage), d.areas[1], d.rework_count, d.satisfaction,
                       d.deadline, d.updated, d.closed, d.assignee);
  });
  for (const auto& x : *s.sensors) {
    out += fmt::format("s {} {} {} {} {} {}\n", x.spec.id, static_cast<int>(x.state), x.state_since,
                       x.last_value, x.last_at, x.areas[1]);
  }
  for (const auto& i : *s.incidents) {
    out += fmt::format("i{} {} {} {} {}\n", i.id, static_cast<int>(i.stage),
                       static_cast<int>(i.opened_as.level), i.summons.size(), i.log.size());
  }
  out += fmt::format("org {} {} {}\n", s.organisation->chiefs.size(), s.organisation->units.size(),
                     s.organisation->party_orgs.size());
  out += fmt::format("open points {}\n", s.open_points->Size());
  return out + KpisText(*s.kpis);
}

// "" when two descriptions agree, else their first differing line (and
// how many differ), which reads better than two whole counties.
std::string Difference(const std::string& a, const std::string& b) {
  std::istringstream x(a), y(b);
  std::string lx, ly, first;
  size_t differ = 0;
  for (size_t line = 1;; ++line) {
    lx.clear();
    ly.clear();
    const bool more_x = static_cast<bool>(std::getline(x, lx));
    const bool more_y = static_cast<bool>(std::getline(y, ly));
    if (!more_x && !more_y) break;
    if (lx != ly && !differ++) first = fmt::format("line {}: \"{}\" vs \"{}\"", line, lx, ly);
  }
  return differ ? fmt::format("{} ({} lines differ)", first, differ) : "";
}

// The KPIs counted from nothing at the snapshot's moment, on the live
// counters' rules.
ops::Kpis Recount(const ops::Snapshot& s) {
  ops::Kpis k;
  k.areas.resize(s.kpis->areas.size());
  k.day_start = ops::LocalDayStart(s.now);
  s.demands.ForEach([&](const ops::Demand& d) {
    ops::AddKpisTo(k, d.areas, ops::DemandKpis(d, s.now, k.day_start), +1);
  });
  for (const ops::Sensor& x : *s.sensors) {
    ops::AreaKpis a;
    a.sensors_warn = x.state == ops::AlertState::kWarn;
    a.sensors_alarm = x.state == ops::AlertState::kAlarm;
    ops::AddKpisTo(k, x.areas, a, +1);
  }
  for (const ops::Incident& i : *s.incidents) {
    if (i.stage == ops::IncidentStage::kEnded) continue;
    ++k.county.incidents_active;
    ++k.incidents_by_level[static_cast<size_t>(i.opened_as.level) - 1];
  }
  return k;
}

std::unique_ptr<ops::Replay> OpenReplay(const ops::Store& store, ops::ReplayOptions options = {}) {
  auto replay = ops::Replay::Open(store.path(), store.grids(), store.catalog(), options);
  EXPECT_TRUE(replay) << replay.error().message;
  return replay ? std::move(*replay) : nullptr;
}

std::shared_ptr<const ops::Snapshot> At(ops::Replay& replay, TimeMs t) {
  auto s = replay.At(t);
  EXPECT_TRUE(s) << s.error().message;
  return s ? *s : nullptr;
}

ops::TransitionInput Move(Stage to, TimeMs at) {
  ops::TransitionInput m;
  m.to = to;
  m.at = at;
  m.actor = "网格员 王芳";
  return m;
}

ops::ReplayOptions Keyframes(TimeMs every, size_t at_most) {
  ops::ReplayOptions o;
  o.keyframe_every = every;
  o.max_keyframes = at_most;
  return o;
}

ops::DemandInput DemandAt(const ops::Store& store, TimeMs at, std::string category = "S01") {
  ops::DemandInput d = test::Demand(test::PointIn(store, kGrid), std::move(category));
  d.at = at;
  return d;
}

// ---------------------------------------------------------------------------
// A county's simulated days, shared by the tests that only read it.

struct SimulatedCounty {
  test::TempDir dir{"gridops_replay"};
  std::unique_ptr<ops::Store> store;
  TimeMs start = 0, end = 0;
  SimulatedCounty() {
    store = test::OpenSampleStore(dir.path() / "county.db");
    if (!store) return;
    auto sensors =
        ops::LoadSensors(std::filesystem::path(geo::SampleCountyDirectory()) / "sensors.json");
    EXPECT_TRUE(sensors);
    start = LocalMidnight(2);
    end = start + 2 * kDay;  // today's midnight: in the past
    ops::Simulator sim(store->grids(), store->catalog(),
                       sensors.value_or(std::vector<ops::SensorSpec>{}),
                       ops::SimConfig{.seed = 5, .demands_per_hour = 40, .start = start});
    ops::StoreSink sink(*store);
    sim.RunUntil(end, sink);
    EXPECT_EQ(sim.stats().refused, 0u) << sim.stats().last_refusal;
    // Readings that change no state are published with the next snapshot,
    // at most a second later when the store is idle: wait for it, so the
    // live snapshot holds every reading the replay reads.
    const TimeMs sent = ops::NowMs();
    for (int i = 0; i < 100 && store->Latest()->now <= sent; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
};

const SimulatedCounty& Simulated() {
  static const SimulatedCounty county;
  return county;
}

// The stage demand `id` had at `t`, from its timeline in the store.
Stage StageFromTimeline(const ops::Store& store, int64_t id, TimeMs t) {
  Stage stage = Stage::kReceived;
  for (const auto& e : store.Timeline(fmt::format("demand/{}", id))) {
    if (e.kind != "demand.transition" || e.at > t) continue;
    stage = ops::ParseStage(nlohmann::json::parse(e.payload).value("to", "")).value();
  }
  return stage;
}

// ---------------------------------------------------------------------------

TEST(Replay, ADemandIsInTheStageItHadAtEachMoment) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  const TimeMs ten = LocalMidnight(3) + 10 * kHour;  // 10:00 three days ago
  auto posted = store->PostDemand(DemandAt(*store, ten));
  ASSERT_TRUE(posted) << posted.error().message;
  for (auto [stage, at] : {std::pair{Stage::kDispatched, ten + kHour},
                           {Stage::kHandling, ten + 150 * kMinute},
                           {Stage::kReported, ten + 210 * kMinute},
                           {Stage::kVerified, ten + 4 * kHour},
                           {Stage::kClosed, ten + 5 * kHour}}) {
    auto moved = store->Transition(posted->id, Move(stage, at));
    ASSERT_TRUE(moved) << moved.error().message;
  }
  auto replay = OpenReplay(*store);
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->Earliest(), ten);
  EXPECT_GE(replay->Latest(), ten + 5 * kHour);

  const auto at_1030 = At(*replay, ten + 30 * kMinute);
  ASSERT_TRUE(at_1030);
  EXPECT_EQ(at_1030->now, ten + 30 * kMinute);
  ASSERT_EQ(at_1030->demands.size(), 1u);
  EXPECT_EQ(at_1030->demands.Find(1)->stage, Stage::kReceived);
  EXPECT_EQ(at_1030->kpis->county.open, 1);
  EXPECT_EQ(at_1030->kpis->county.received_today, 1);
  EXPECT_EQ(at_1030->kpis->day_start, LocalMidnight(3));
  EXPECT_EQ(at_1030->open_points->Size(), 1u);
  // The organisation and the sensors describe the county: already there.
  EXPECT_FALSE(at_1030->organisation->chiefs.empty());
  EXPECT_EQ(at_1030->sensors->size(), store->Latest()->sensors->size());

  const auto at_noon = At(*replay, ten + 2 * kHour);
  EXPECT_EQ(at_noon->demands.Find(1)->stage, Stage::kDispatched);
  EXPECT_EQ(at_noon->kpis->county.open, 1);

  const auto at_four = At(*replay, ten + 6 * kHour);
  const ops::Demand* closed = at_four->demands.Find(1);
  EXPECT_EQ(closed->stage, Stage::kClosed);
  EXPECT_EQ(closed->closed, ten + 5 * kHour);
  EXPECT_EQ(at_four->kpis->county.open, 0);
  EXPECT_EQ(at_four->kpis->county.closed, 1);
  EXPECT_EQ(at_four->kpis->county.closed_today, 1);
  EXPECT_EQ(at_four->open_points->Size(), 0u);

  // The next day it was closed, but not today.
  const auto next_day = At(*replay, ten + kDay);
  EXPECT_EQ(next_day->kpis->county.closed, 1);
  EXPECT_EQ(next_day->kpis->county.closed_today, 0);
  EXPECT_EQ(next_day->kpis->county.received_today, 0);
}

TEST(Replay, BeforeTheFirstEventTheCountyIsEmpty) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  const TimeMs ten = LocalMidnight(1) + 10 * kHour;
  ASSERT_TRUE(store->PostDemand(DemandAt(*store, ten)));
  auto replay = OpenReplay(*store);
  ASSERT_TRUE(replay);
  for (TimeMs t : {ten - kMinute, ten - 400 * kDay}) {
    const auto s = At(*replay, t);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->now, t);
    EXPECT_EQ(s->demands.size(), 0u);
    EXPECT_TRUE(s->sensors->empty());
    EXPECT_TRUE(s->incidents->empty());
    EXPECT_TRUE(s->organisation->chiefs.empty());
    EXPECT_EQ(s->kpis->county.received, 0);
    EXPECT_EQ(s->kpis->day_start, ops::LocalDayStart(t));
    EXPECT_EQ(s->open_points->Size(), 0u);
  }
  EXPECT_EQ(At(*replay, ten)->demands.size(), 1u);
}

TEST(Replay, OverdueIsWhatItWasThen) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  const TimeMs ten = LocalMidnight(2) + 10 * kHour;
  // A15 is due two hours after it is received.
  auto first = store->PostDemand(DemandAt(*store, ten, "A15"));
  auto second = store->PostDemand(DemandAt(*store, ten + 30 * kMinute, "A15"));
  ASSERT_TRUE(first && second);
  for (auto [stage, at] : {std::pair{Stage::kDispatched, ten + kHour},
                           {Stage::kHandling, ten + 2 * kHour},
                           {Stage::kReported, ten + 150 * kMinute},
                           {Stage::kVerified, ten + 160 * kMinute},
                           {Stage::kClosed, ten + 3 * kHour}}) {
    ASSERT_TRUE(store->Transition(first->id, Move(stage, at)));
  }
  auto replay = OpenReplay(*store);
  ASSERT_TRUE(replay);
  const geo::FeatureId grid = store->grids().Find(kGrid);
  auto overdue = [&](TimeMs t) {
    const auto s = At(*replay, t);
    EXPECT_EQ(s->kpis->areas[grid].overdue, s->kpis->county.overdue);
    return s->kpis->county.overdue;
  };
  EXPECT_EQ(overdue(ten + 2 * kHour - kMinute), 0);
  EXPECT_EQ(overdue(ten + 2 * kHour + kMinute), 1);
  EXPECT_EQ(overdue(ten + 150 * kMinute + kMinute), 2);
  EXPECT_EQ(overdue(ten + 4 * kHour), 1);  // the first closed, late
  EXPECT_EQ(At(*replay, ten + 4 * kHour)->kpis->county.closed_on_time, 0);
  EXPECT_EQ(overdue(ten + kDay), 1);
  // And back: the scrubber going backward sees the same.
  EXPECT_EQ(overdue(ten + 2 * kHour - kMinute), 0);
}

TEST(Replay, AtThePresentItEqualsTheLiveStore) {
  const SimulatedCounty& county = Simulated();
  ASSERT_TRUE(county.store);
  const auto live = county.store->Latest();
  // Something of everything to compare.
  ASSERT_GT(live->demands.size(), 1000u);
  ASSERT_FALSE(live->incidents->empty());
  ASSERT_TRUE(std::any_of(live->sensors->begin(), live->sensors->end(),
                          [](const ops::Sensor& x) { return x.state_since > 0; }));
  auto replay = OpenReplay(*county.store);
  ASSERT_TRUE(replay);
  EXPECT_LE(replay->Latest(), live->now);
  const auto replayed = At(*replay, live->now);
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->seq, live->seq);
  EXPECT_EQ(Difference(Describe(*replayed), Describe(*live)), "");
}

TEST(Replay, EveryMomentShowsOnlyItsPastAndCountsAsARecount) {
  const SimulatedCounty& county = Simulated();
  ASSERT_TRUE(county.store);
  const ops::Store& store = *county.store;
  const auto live = store.Latest();
  auto replay = OpenReplay(store);
  ASSERT_TRUE(replay);
  for (TimeMs t = county.start + 7 * kHour + 13 * kMinute; t < county.end; t += 5 * kHour) {
    SCOPED_TRACE(ops::FormatTime(t));
    const auto s = At(*replay, t);
    ASSERT_TRUE(s);
    // Exactly the demands received by t (the simulator sends them in time
    // order, so they are the first ids).
    size_t received = 0;
    live->demands.ForEach([&](const ops::Demand& d) { received += d.received <= t; });
    EXPECT_EQ(s->demands.size(), received);
    s->demands.ForEach([&](const ops::Demand& d) {
      EXPECT_LE(d.updated, t) << "demand " << d.id;
      if (d.id % 29 == 0) {
        EXPECT_EQ(d.stage, StageFromTimeline(store, d.id, t)) << "demand " << d.id;
      }
    });
    for (const ops::Sensor& x : *s->sensors) {
      EXPECT_LE(x.state_since, t) << x.spec.id;
      EXPECT_LE(x.last_at, t) << x.spec.id;
      EXPECT_GT(x.last_at, t - kHour) << x.spec.id << " reports every five minutes";
    }
    for (const ops::Incident& i : *s->incidents) {
      EXPECT_LE(i.log.back().at, t) << "incident " << i.id;
    }
    EXPECT_EQ(KpisText(*s->kpis), KpisText(Recount(*s)));
  }
}

TEST(Replay, ScrubbingBackAndForthGivesWhatAFreshReplayGives) {
  const SimulatedCounty& county = Simulated();
  ASSERT_TRUE(county.store);
  // Keyframes every ten minutes, at most eight: the spacing doubles many
  // times on the way.
  auto scrubbed = OpenReplay(*county.store, Keyframes(10 * kMinute, 8));
  ASSERT_TRUE(scrubbed);
  const TimeMs s = county.start;
  for (TimeMs t :
       {s + 40 * kHour, s + 10 * kHour, s + 10 * kHour + kMinute, s + 30 * kHour, s + 29 * kHour,
        s + 5 * kHour, s + 47 * kHour, s + 46 * kHour + 59 * kMinute, s + kHour, s + 40 * kHour}) {
    SCOPED_TRACE(ops::FormatTime(t));
    auto fresh = OpenReplay(*county.store);
    ASSERT_TRUE(fresh);
    const auto a = At(*scrubbed, t), b = At(*fresh, t);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(Difference(Describe(*a), Describe(*b)), "");
  }
  // Dragging back a minute at a time over a busy hour shows what playing
  // forward a minute at a time (3600× at 60 frames/s) shows.
  std::vector<std::string> backward;
  for (TimeMs t = s + 11 * kHour; t >= s + 10 * kHour; t -= kMinute) {
    backward.push_back(Describe(*At(*scrubbed, t)));
  }
  auto forward = OpenReplay(*county.store);
  for (TimeMs t = s + 10 * kHour; t <= s + 11 * kHour; t += kMinute) {
    SCOPED_TRACE(ops::FormatTime(t));
    ASSERT_FALSE(backward.empty());
    EXPECT_EQ(Difference(backward.back(), Describe(*At(*forward, t))), "");
    backward.pop_back();
  }
}

TEST(Replay, EventsAppendedAfterOpenAppearAfterARefresh) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  const TimeMs ten = LocalMidnight(1) + 10 * kHour;
  ASSERT_TRUE(store->PostDemand(DemandAt(*store, ten)));
  ASSERT_TRUE(store->PostDemand(DemandAt(*store, ten + 2 * kHour)));
  auto replay = OpenReplay(*store, Keyframes(10 * kMinute, 1024));
  ASSERT_TRUE(replay);
  ASSERT_EQ(At(*replay, ten + 3 * kHour)->demands.size(), 2u);

  // A demand reported late (it happened at 11:00, but is logged after the
  // one of 12:00), a demand now, a move, and an incident that began at 10:30.
  ASSERT_TRUE(store->PostDemand(DemandAt(*store, ten + kHour)));
  ASSERT_TRUE(store->PostDemand(DemandAt(*store, 0)));
  ASSERT_TRUE(store->Transition(1, Move(Stage::kDispatched, ten + 90 * kMinute)));
  ops::IncidentInput in;
  in.level = ops::IncidentLevel::kIII;
  in.title = "燃气泄漏";
  in.center = test::PointIn(*store, kGrid);
  in.radius_m = 200;
  in.at = ten + 30 * kMinute;
  ASSERT_TRUE(store->OpenIncident(in));

  EXPECT_EQ(At(*replay, ops::NowMs())->demands.size(), 2u) << "nothing new before a refresh";
  auto added = replay->Refresh();
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(*added, 4u);
  EXPECT_EQ(replay->LastSeq(), store->Latest()->seq);

  const auto live = store->Latest();
  EXPECT_EQ(Difference(Describe(*At(*replay, live->now)), Describe(*live)), "");
  // The late report comes into force with the demand logged before it.
  const auto at_1130 = At(*replay, ten + 90 * kMinute);
  EXPECT_EQ(at_1130->demands.size(), 1u);
  EXPECT_EQ(at_1130->demands.Find(1)->stage, Stage::kDispatched);
  ASSERT_EQ(at_1130->incidents->size(), 1u);
  EXPECT_EQ(at_1130->kpis->county.incidents_active, 1);
  EXPECT_EQ(At(*replay, ten + 2 * kHour)->demands.size(), 3u);
  EXPECT_EQ(At(*replay, ten + 20 * kMinute)->incidents->size(), 0u);
  // The same as a replay opened after the events.
  auto fresh = OpenReplay(*store);
  for (TimeMs t : {ten + 20 * kMinute, ten + 3 * kHour, ten + 45 * kMinute}) {
    EXPECT_EQ(Difference(Describe(*At(*replay, t)), Describe(*At(*fresh, t))), "")
        << ops::FormatTime(t);
  }
  auto none = replay->Refresh();
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0u);
}

TEST(Replay, ABackfilledDayReplaysByItsOwnTimes) {
  // What `gridops view` does: a new store (organisation and sensors seeded
  // now), then the simulator fills in the last day with its own times.
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  const TimeMs start = ops::NowMs() - kDay;
  ops::Simulator sim(store->grids(), store->catalog(), {},
                     ops::SimConfig{.seed = 3, .demands_per_hour = 20, .start = start});
  ops::StoreSink sink(*store);
  sim.RunUntil(start + kDay, sink);
  auto replay = OpenReplay(*store);
  ASSERT_TRUE(replay);
  const auto s = At(*replay, start + 12 * kHour);
  ASSERT_TRUE(s);
  EXPECT_GT(s->demands.size(), 50u);
  EXPECT_LT(s->demands.size(), store->Latest()->demands.size());
  s->demands.ForEach([&](const ops::Demand& d) { EXPECT_LE(d.updated, s->now) << d.id; });
  EXPECT_FALSE(s->organisation->units.empty());
  EXPECT_FALSE(s->sensors->empty());
}

TEST(Replay, BadInputIsRefusedOrClamped) {
  test::TempDir dir;
  const auto& grids = test::SampleCounty();
  const auto& catalog = test::SampleCatalog();

  auto missing = ops::Replay::Open(dir.path() / "no.db", grids, catalog);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, geo::ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("no.db"), std::string::npos) << missing.error().message;

  const auto text = dir.path() / "notes.txt";
  std::ofstream(text) << "这不是数据库 — not a database, just some text long enough to be read\n";
  auto not_store = ops::Replay::Open(text, grids, catalog);
  ASSERT_FALSE(not_store);
  EXPECT_EQ(not_store.error().code, geo::ErrorCode::kUnreadable);
  EXPECT_NE(not_store.error().message.find("notes.txt: not a gridops store"), std::string::npos)
      << not_store.error().message;

  const auto other = dir.path() / "other.db";
  ops::sql::Database::Open(other.string(), true).Exec("CREATE TABLE t(x)");
  auto no_log = ops::Replay::Open(other, grids, catalog);
  ASSERT_FALSE(no_log);
  EXPECT_NE(no_log.error().message.find("other.db: not a gridops store (no event log)"),
            std::string::npos)
      << no_log.error().message;

  const auto newer = dir.path() / "newer.db";
  ops::sql::Database::Open(newer.string(), true)
      .Exec("CREATE TABLE events(seq INTEGER PRIMARY KEY); PRAGMA user_version = 99");
  auto future_schema = ops::Replay::Open(newer, grids, catalog);
  ASSERT_FALSE(future_schema);
  EXPECT_EQ(future_schema.error().code, geo::ErrorCode::kUnsupported);
  EXPECT_NE(future_schema.error().message.find("schema version 99"), std::string::npos);

  // An empty log: the empty county at any moment.
  auto store = test::OpenSampleStore(dir.path() / "county.db", false);
  ASSERT_TRUE(store);
  auto empty = OpenReplay(*store);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->Earliest(), 0);
  EXPECT_EQ(empty->Latest(), 0);
  EXPECT_EQ(At(*empty, LocalMidnight(1))->demands.size(), 0u);

  // A moment in the future stops at the present.
  const TimeMs ten = LocalMidnight(1) + 10 * kHour;
  ASSERT_TRUE(store->PostDemand(DemandAt(*store, ten)));
  auto replay = OpenReplay(*store);
  ASSERT_TRUE(replay);
  const TimeMs far = ops::NowMs() + 365 * kDay;
  const auto future = At(*replay, far);
  ASSERT_TRUE(future);
  EXPECT_LT(future->now, far);
  EXPECT_LE(future->now, ops::NowMs());
  EXPECT_GE(future->now, replay->Latest());
  EXPECT_EQ(future->demands.size(), 1u);
  EXPECT_EQ(future->kpis->day_start, ops::LocalDayStart(future->now));
}

}  // namespace
