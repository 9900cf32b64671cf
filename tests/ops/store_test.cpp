// The operations store: acknowledged means committed, restart and rebuild
// from the event log give the same state, refusals store nothing, group
// commit under concurrent writers, sensor hysteresis, and the incident
// workflow with late report-ins escalating.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "ops/sqlite.hpp"
#include "store_fixture.hpp"

namespace {

using ops::Stage;
using ops::TimeMs;

constexpr const char* kGrid = "61082200200504";  // 长城社区第四网格

int64_t CountRows(const std::filesystem::path& db, const char* table) {
  auto d = ops::sql::Database::Open(db.string(), false, true);
  ops::sql::Statement q(d, std::string("SELECT count(*) FROM ") + table);
  return q.Step() ? q.Int(0) : -1;
}

// Everything a user could notice about the live state, as text.
std::string Describe(const ops::Snapshot& s) {
  std::string out;
  s.demands.ForEach([&](const ops::Demand& d) {
    out += fmt::format("d{} {} {} {} r{} s{} {} {}\n", d.id, d.category, ops::StageName(d.stage),
                       d.areas[1], d.rework_count, d.satisfaction, d.deadline, d.closed);
  });
  for (const auto& x : *s.sensors) {
    out += fmt::format("s {} {} {}\n", x.spec.id, static_cast<int>(x.state), x.areas[1]);
  }
  for (const auto& i : *s.incidents) {
    out += fmt::format("i{} {} {} {}\n", i.id, static_cast<int>(i.stage), i.summons.size(),
                       i.log.size());
  }
  const auto& k = s.kpis->county;
  out += fmt::format("kpi {} {} {} {} {}\n", k.open, k.closed, k.reworked, k.sensors_alarm,
                     k.incidents_active);
  out += fmt::format("org {} {}\n", s.organisation->chiefs.size(), s.organisation->units.size());
  return out;
}

TEST(Store, DemandLifecycleSurvivesRestartAndRebuild) {
  test::TempDir dir;
  const auto db = dir.path() / "county.db";
  std::string before;
  {
    auto store = test::OpenSampleStore(db);
    ASSERT_TRUE(store);
    const geo::LonLat p = test::PointIn(*store, kGrid);
    auto a = store->PostDemand(test::Demand(p));
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->id, 1);
    auto b = store->PostDemand(test::Demand(p, "A01", "低保申请"));
    ASSERT_TRUE(b) << b.error().message;
    // The whole loop, with one rework.
    for (Stage s : {Stage::kDispatched, Stage::kHandling, Stage::kReported, Stage::kHandling,
                    Stage::kReported, Stage::kVerified, Stage::kClosed}) {
      ops::TransitionInput move;
      move.to = s;
      move.actor = "网格员 王芳";
      if (s == Stage::kClosed) move.satisfaction = 5;
      auto out = store->Transition(1, move);
      ASSERT_TRUE(out) << out.error().message;
    }
    const auto snap = store->Latest();
    const ops::Demand* d = snap->demands.Find(1);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->stage, Stage::kClosed);
    EXPECT_EQ(d->rework_count, 1);
    EXPECT_EQ(d->satisfaction, 5);
    EXPECT_EQ(store->grids().features[d->areas[1]].code, kGrid);
    EXPECT_EQ(snap->kpis->county.open, 1);
    EXPECT_EQ(snap->kpis->county.closed, 1);
    EXPECT_EQ(snap->kpis->county.reworked, 1);
    EXPECT_EQ(snap->kpis->areas[d->areas[1]].received, 2);
    EXPECT_EQ(store->Timeline("demand/1").size(), 8u);
    before = Describe(*snap);
  }
  {
    auto store = test::OpenSampleStore(db);
    ASSERT_TRUE(store);
    EXPECT_EQ(Describe(*store->Latest()), before) << "restart must rebuild the same state";
    ASSERT_TRUE(store->RebuildFromEvents());
    auto next = store->PostDemand(test::Demand(test::PointIn(*store, kGrid)));  // publishes
    ASSERT_TRUE(next);
    EXPECT_EQ(next->id, 3);
  }
  {
    // Rebuilt tables, reopened: the two original demands are as they were.
    auto store = test::OpenSampleStore(db);
    std::string after = Describe(*store->Latest());
    EXPECT_NE(after.find(before.substr(0, before.find("d2"))), std::string::npos);
  }
}

TEST(Store, RefusalsStoreNothing) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  const geo::LonLat p = test::PointIn(*store, kGrid);
  ASSERT_TRUE(store->PostDemand(test::Demand(p)));
  const int64_t seq = store->Latest()->seq;

  ops::TransitionInput skip;
  skip.to = Stage::kClosed;
  auto illegal = store->Transition(1, skip);
  ASSERT_FALSE(illegal);
  EXPECT_EQ(illegal.error().status, 409);
  EXPECT_EQ(illegal.error().field, "to");

  auto missing = store->Transition(99, skip);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().status, 404);

  auto unknown = store->PostDemand(test::Demand(p, "X99"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "service_code");

  auto swapped = store->PostDemand(test::Demand({p.lat, p.lon}));
  ASSERT_FALSE(swapped);
  EXPECT_NE(swapped.error().message.find("swapped"), std::string::npos) << swapped.error().message;

  auto far = store->PostDemand(test::Demand({121.47, 31.23}));  // Shanghai
  ASSERT_FALSE(far);
  EXPECT_NE(far.error().message.find("is not inside"), std::string::npos) << far.error().message;

  ops::TransitionInput early;
  early.to = Stage::kDispatched;
  early.at = store->Latest()->demands.Find(1)->received - ops::kHour;
  auto backwards = store->Transition(1, early);
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().field, "at");

  ops::DemandInput future = test::Demand(p);
  future.at = ops::NowMs() + 30 * ops::kDay;  // a mistyped year must not move the store's clock
  auto ahead = store->PostDemand(future);
  ASSERT_FALSE(ahead);
  EXPECT_EQ(ahead.error().field, "requested_datetime");

  EXPECT_EQ(store->Latest()->seq, seq);
  EXPECT_EQ(store->Latest()->demands.size(), 1u);
}

TEST(Store, ConcurrentWritersAreGroupCommittedAndAllAcknowledged) {
  test::TempDir dir;
  const auto db = dir.path() / "county.db";
  constexpr int kThreads = 8, kEach = 200;
  std::vector<std::vector<int64_t>> ids(kThreads);
  {
    auto store = test::OpenSampleStore(db);
    ASSERT_TRUE(store);
    const geo::LonLat p = test::PointIn(*store, kGrid);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          auto out = store->PostDemand(test::Demand(p, "S01", fmt::format("t{} i{}", t, i)));
          if (out) ids[t].push_back(out->id);
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  std::set<int64_t> all;
  for (const auto& v : ids) {
    EXPECT_EQ(v.size(), static_cast<size_t>(kEach));
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(CountRows(db, "demands"), kThreads * kEach);
  auto store = test::OpenSampleStore(db);
  EXPECT_EQ(store->Latest()->kpis->county.open, kThreads * kEach);
}

TEST(Store, ReadingsMoveSensorStateWithHysteresis) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  ops::SensorSpec gauge;
  gauge.id = "T-GAUGE";
  gauge.kind = ops::SensorKind::kWaterLevel;
  gauge.location = test::PointIn(*store, kGrid);
  gauge.unit = "m";
  gauge.warn = 7.5;
  gauge.alarm = 8.5;
  gauge.hysteresis = 0.2;
  ASSERT_TRUE(store->RegisterSensors({gauge}));
  const TimeMs t0 = ops::NowMs();
  std::vector<ops::Reading> readings;
  const double values[] = {7.0, 7.6, 7.4, 7.2, 8.6, 8.4, 8.2, 7.0};
  for (size_t i = 0; i < std::size(values); ++i) {
    readings.push_back({"T-GAUGE", t0 + static_cast<TimeMs>(i) * ops::kMinute, values[i]});
  }
  readings.push_back({"NOPE", t0, 1});
  auto out = store->PostReadings(readings);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->accepted, std::size(values));
  ASSERT_EQ(out->rejected.size(), 1u);
  EXPECT_EQ(out->rejected[0].first, std::size(values));
  EXPECT_EQ(out->rejected[0].second.field, "readings[8].sensor");
  // normal → warn (7.6) → stays warn (7.4 within hysteresis) → normal (7.2)
  // → alarm (8.6) → stays alarm (8.4) → warn (8.2) → normal (7.0).
  std::vector<std::string> states;
  for (const auto& e : store->Timeline("sensor/T-GAUGE")) {
    if (e.kind == "sensor.state") states.push_back(nlohmann::json::parse(e.payload)["to"]);
  }
  EXPECT_EQ(states, (std::vector<std::string>{"warn", "normal", "alarm", "warn", "normal"}));
  const ops::Sensor* s = nullptr;
  for (const auto& x : *store->Latest()->sensors) {
    if (x.spec.id == "T-GAUGE") s = &x;
  }
  ASSERT_TRUE(s);
  EXPECT_EQ(s->state, ops::AlertState::kNormal);
  EXPECT_DOUBLE_EQ(s->last_value, 7.0);
}

TEST(Store, IncidentSummonsReportInsAndLateEscalation) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  ops::IncidentInput in;
  in.level = ops::IncidentLevel::kII;
  in.klass = ops::IncidentClass::kNaturalDisaster;
  in.title = "黄河府谷段洪水";
  in.center = test::PointIn(*store, kGrid);
  in.radius_m = 800;
  in.actor = "指挥长";
  const TimeMs t0 = ops::NowMs() - 2 * ops::kHour;
  in.at = t0;
  auto opened = store->OpenIncident(in);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(store->Latest()->kpis->incidents_by_level[1], 1);

  const std::string fire = store->catalog().departments.at(0).code;
  const std::string second = store->catalog().departments.at(1).code;
  auto summons = store->Summon(opened->id, {fire, second}, 30, "指挥长", t0 + ops::kMinute);
  ASSERT_TRUE(summons) << summons.error().message;
  auto bad = store->Summon(opened->id, {"no_such_department"}, 30, "", 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "departments[0]");
  // The first reports in on time; the second never does and escalates.
  ASSERT_TRUE(store->ReportIn(opened->id, fire, "李队", t0 + 10 * ops::kMinute));
  auto twice = store->ReportIn(opened->id, fire, "李队", t0 + 11 * ops::kMinute);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().status, 409);
  bool escalated = false;
  for (int i = 0; i < 50 && !escalated; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    (void)store->LogIncident(opened->id, "巡查", "值班员", 0);  // a write runs the periodic pass
    const ops::Incident& now = store->Latest()->incidents->at(0);
    escalated = now.summons.at(1).escalated != 0;
  }
  EXPECT_TRUE(escalated) << "a summons past its deadline escalates";
  EXPECT_EQ(store->Latest()->incidents->at(0).summons.at(0).escalated, 0);
  ASSERT_TRUE(store->CloseIncident(opened->id, "险情解除", "指挥长", 0));
  auto after = store->LogIncident(opened->id, "x", "", 0);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().status, 409);
  EXPECT_EQ(store->Latest()->kpis->incidents_by_level[1], 0);
  EXPECT_GE(store->Timeline("incident/1").size(), 5u);
}

TEST(Store, EventLogIsAppendOnly) {
  test::TempDir dir;
  const auto db = dir.path() / "county.db";
  {
    auto store = test::OpenSampleStore(db);
    ASSERT_TRUE(store->PostDemand(test::Demand(test::PointIn(*store, kGrid))));
  }
  auto d = ops::sql::Database::Open(db.string(), false);
  EXPECT_THROW(d.Exec("DELETE FROM events"), ops::sql::Error);
  EXPECT_THROW(d.Exec("UPDATE events SET kind = 'x'"), ops::sql::Error);
}

// Schema 2 dropped the demands(grid, stage) index that schema 1 made;
// schema 3 added each demand's response time, recovered from the event log.
// A store of schema 1 opens with its demands and events intact, the index
// gone and the response time of a demand already dispatched back.
TEST(Store, MigratesASchema1StoreKeepingItsData) {
  test::TempDir dir;
  const auto db = dir.path() / "county.db";
  int64_t seq = 0;
  ops::TimeMs responded = 0;
  {
    auto store = test::OpenSampleStore(db);
    ASSERT_TRUE(store->PostDemand(test::Demand(test::PointIn(*store, kGrid))));
    ASSERT_TRUE(store->PostDemand(test::Demand(test::PointIn(*store, kGrid))));
    ops::TransitionInput move;
    move.to = ops::Stage::kDispatched;
    move.actor = "12345 坐席 07";
    ASSERT_TRUE(store->Transition(1, move));
    seq = store->Latest()->seq;
    responded = store->Latest()->demands.Find(1)->responded;
    ASSERT_NE(responded, 0);
  }
  {  // back to what schema 1 wrote
    auto d = ops::sql::Database::Open(db.string(), false);
    d.Exec(
        "ALTER TABLE demands DROP COLUMN responded; "
        "CREATE INDEX demands_grid ON demands(grid, stage); PRAGMA user_version = 1");
  }
  auto store = test::OpenSampleStore(db);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->Latest()->seq, seq);
  ASSERT_EQ(store->Latest()->demands.size(), 2u);
  EXPECT_EQ(store->Latest()->demands.Find(1)->description, "楼道堆放杂物");
  EXPECT_EQ(store->Latest()->demands.Find(1)->responded, responded);
  EXPECT_EQ(store->Latest()->demands.Find(2)->responded, 0);  // still in received
  store.reset();
  auto d = ops::sql::Database::Open(db.string(), false);
  ops::sql::Statement v(d, "PRAGMA user_version");
  ASSERT_TRUE(v.Step());
  EXPECT_EQ(v.Int(0), ops::StoreSchemaVersion());
  ops::sql::Statement index(d, "SELECT 1 FROM sqlite_master WHERE name = 'demands_grid'");
  EXPECT_FALSE(index.Step());
}

// A restart keeps when each demand was first responded to.
TEST(Store, ARestartKeepsResponseTimes) {
  test::TempDir dir;
  const auto db = dir.path() / "county.db";
  ops::TimeMs responded = 0;
  {
    auto store = test::OpenSampleStore(db);
    ASSERT_TRUE(store->PostDemand(test::Demand(test::PointIn(*store, kGrid))));
    ops::TransitionInput move;
    move.actor = "12345 坐席 07";
    for (ops::Stage to : {ops::Stage::kDispatched, ops::Stage::kHandling}) {
      move.to = to;
      ASSERT_TRUE(store->Transition(1, move));
    }
    responded = store->Latest()->demands.Find(1)->responded;
    ASSERT_NE(responded, 0);
    ASSERT_EQ(store->Latest()->kpis->county.response_due, 1);
  }
  auto store = test::OpenSampleStore(db);
  EXPECT_EQ(store->Latest()->demands.Find(1)->responded, responded);
  EXPECT_EQ(store->Latest()->kpis->county.response_due, 1);
  EXPECT_EQ(store->Latest()->kpis->county.responded_in_time, 1);
}

TEST(Store, RefusesANewerSchema) {
  test::TempDir dir;
  const auto db = dir.path() / "county.db";
  {
    auto d = ops::sql::Database::Open(db.string(), true);
    d.Exec("PRAGMA user_version = 99");
  }
  ops::StoreOptions o;
  o.path = db;
  auto store = ops::Store::Open(o, test::SampleCounty(), test::SampleCatalog());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos);
}

}  // namespace

namespace {

TEST(Store, OldReadingsBecomeHourlyAggregates) {
  test::TempDir dir;
  ops::StoreOptions o;
  o.path = dir.path() / "county.db";
  o.synchronous_full = false;
  o.readings_retention = ops::kDay;
  auto opened = ops::Store::Open(o, test::SampleCounty(), test::SampleCatalog());
  ASSERT_TRUE(opened) << opened.error().message;
  auto& store = **opened;
  ops::SensorSpec s;
  s.id = "T-AIR";
  s.kind = ops::SensorKind::kAirQuality;
  s.location = test::PointIn(store, kGrid);
  s.warn = 75;
  s.alarm = 150;
  ASSERT_TRUE(store.RegisterSensors({s}));
  // Three days of readings every 10 minutes: the first two days age out.
  const ops::TimeMs hour0 = (ops::NowMs() / ops::kHour - 72) * ops::kHour;
  std::vector<ops::Reading> readings;
  for (int i = 0; i < 72 * 6; ++i) {
    readings.push_back({"T-AIR", hour0 + i * 10 * ops::kMinute, static_cast<double>(i % 6)});
  }
  ASSERT_EQ(store.PostReadings(readings)->accepted, readings.size());
  auto compacted = store.CompactReadings();
  ASSERT_TRUE(compacted);
  EXPECT_GE(compacted->accepted, 47u * 6);  // at least 47 whole hours aged out
  const auto points = store.Readings("T-AIR", hour0, 10000);
  ASSERT_FALSE(points.empty());
  // The oldest points are hourly: six readings 0…5, mean 2.5, min 0, max 5.
  EXPECT_EQ(points.front().at, hour0);
  EXPECT_EQ(points.front().n, 6);
  EXPECT_DOUBLE_EQ(points.front().value, 2.5);
  EXPECT_DOUBLE_EQ(points.front().min, 0);
  EXPECT_DOUBLE_EQ(points.front().max, 5);
  EXPECT_EQ(points.back().n, 1);  // the last day is raw
  int64_t total = 0;
  for (const auto& p : points) total += p.n;
  EXPECT_EQ(total, static_cast<int64_t>(readings.size())) << "nothing is lost, only summarised";
}

}  // namespace

namespace {

TEST(Store, OverdueMovesWithTheClockWithoutNewWrites) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  const ops::Category* category = store->catalog().FindCategory("S01");
  ASSERT_TRUE(category);
  // Received so that its deadline passes a second and a half from now.
  ops::DemandInput d = test::Demand(test::PointIn(*store, kGrid));
  d.at = ops::NowMs() - category->deadline_hours * ops::kHour + 1500;
  ASSERT_TRUE(store->PostDemand(d));
  EXPECT_EQ(store->Latest()->kpis->county.overdue, 0);
  int overdue = 0;
  for (int i = 0; i < 60 && overdue == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    overdue = store->Latest()->kpis->county.overdue;
  }
  EXPECT_EQ(overdue, 1) << "an idle wall still sees a demand go overdue";
}

}  // namespace
