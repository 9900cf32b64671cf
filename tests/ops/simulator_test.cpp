#include "ops/simulator.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "geo/crs.hpp"
#include "geo/polygon_index.hpp"
#include "ops/http_sink.hpp"
#include "ops/server.hpp"
#include "store_fixture.hpp"
#include "support/test_support.hpp"

namespace ops {
namespace {

// ---------------------------------------------------------------------------
// A sink that remembers everything, checks order as it goes, and assigns
// ids 1, 2, 3 … like the store.

struct DemandRecord {
  DemandInput input;
  Stage stage = Stage::kReceived;
  TimeMs updated = 0;
  TimeMs closed = 0;
  int reworks = 0;
  int satisfaction = 0;
};

struct IncidentRecord {
  IncidentInput input;
  std::vector<IncidentStage> stages;
  std::map<std::string, TimeMs> deadlines;  // department → report in by
  size_t late = 0, report_ins = 0;
  std::string summary;
};

class RecordingSink : public SimSink {
 public:
  std::vector<std::string> log;  // every call, as text, for comparisons
  std::vector<DemandRecord> demands;
  std::vector<IncidentRecord> incidents;
  std::vector<SensorSpec> sensors;
  std::vector<Reading> readings;
  std::vector<std::string> problems;  // order or legality violations
  bool refuse_demands = false;
  bool keep_readings = true;

  Checked<int64_t> PostDemand(const DemandInput& d) override {
    if (refuse_demands) return Refuse(400, "service_code", "refused for the test");
    Saw(d.at, "PostDemand");
    log.push_back(fmt::format("D {} {} {} {:.7f} {:.7f} {}", d.at, d.category,
                              NameOf(kSourceNames, d.source), d.location.lon, d.location.lat,
                              d.description));
    demands.push_back({d, Stage::kReceived, d.at});
    return static_cast<int64_t>(demands.size());
  }
  Checked<void> Transition(int64_t id, const TransitionInput& m) override {
    Saw(m.at, "Transition");
    log.push_back(fmt::format("T {} {} {} {} {}", m.at, id, StageName(m.to), m.actor, m.note));
    DemandRecord& d = demands.at(static_cast<size_t>(id - 1));
    if (!CanTransition(d.stage, m.to)) {
      problems.push_back(
          fmt::format("demand {}: {} → {}", id, StageName(d.stage), StageName(m.to)));
    }
    if (m.at < d.updated) problems.push_back(fmt::format("demand {}: time goes back", id));
    d.reworks += IsRework(d.stage, m.to);
    d.stage = m.to;
    d.updated = m.at;
    if (m.to == Stage::kClosed) {
      d.closed = m.at;
      d.satisfaction = m.satisfaction;
    }
    return {};
  }
  Checked<void> RegisterSensor(const SensorSpec& s) override {
    log.push_back("S " + s.id);
    sensors.push_back(s);
    return {};
  }
  Checked<size_t> PostReadings(std::span<const Reading> batch) override {
    for (const Reading& r : batch) Saw(r.at, "PostReadings");
    log.push_back(fmt::format("R {} {} {}", batch.front().at, batch.size(), batch.front().value));
    if (keep_readings) readings.insert(readings.end(), batch.begin(), batch.end());
    return batch.size();
  }
  Checked<int64_t> OpenIncident(const IncidentInput& in) override {
    Saw(in.at, "OpenIncident");
    log.push_back(
        fmt::format("I {} {} {}", in.at, NameOf(kIncidentLevelNames, in.level), in.title));
    IncidentRecord r;
    r.input = in;
    r.stages = {IncidentStage::kWarning};
    incidents.push_back(std::move(r));
    return static_cast<int64_t>(incidents.size());
  }
  Checked<void> Summon(int64_t id, std::span<const std::string> departments, int minutes,
                       const std::string& /*actor*/, TimeMs at) override {
    Saw(at, "Summon");
    log.push_back(fmt::format("U {} {} {} {}", at, id, departments.size(), minutes));
    for (const std::string& d : departments) {
      incidents.at(static_cast<size_t>(id - 1)).deadlines[d] = at + minutes * kMinute;
    }
    return {};
  }
  Checked<void> ReportIn(int64_t id, const std::string& department, const std::string& actor,
                         TimeMs at) override {
    Saw(at, "ReportIn");
    log.push_back(fmt::format("P {} {} {} {}", at, id, department, actor));
    IncidentRecord& r = incidents.at(static_cast<size_t>(id - 1));
    if (!r.deadlines.count(department)) problems.push_back("report-in without a summons");
    ++r.report_ins;
    r.late += at > r.deadlines[department];
    return {};
  }
  Checked<void> SetIncidentStage(int64_t id, IncidentStage stage, const std::string& /*actor*/,
                                 TimeMs at) override {
    Saw(at, "SetIncidentStage");
    log.push_back(fmt::format("G {} {} {}", at, id, NameOf(kIncidentStageNames, stage)));
    incidents.at(static_cast<size_t>(id - 1)).stages.push_back(stage);
    return {};
  }
  Checked<void> LogIncident(int64_t id, const std::string& text, const std::string& /*actor*/,
                            TimeMs at) override {
    Saw(at, "LogIncident");
    log.push_back(fmt::format("L {} {} {}", at, id, text));
    return {};
  }
  Checked<void> CloseIncident(int64_t id, const std::string& summary, const std::string& /*actor*/,
                              TimeMs at) override {
    Saw(at, "CloseIncident");
    log.push_back(fmt::format("C {} {} {}", at, id, summary));
    IncidentRecord& r = incidents.at(static_cast<size_t>(id - 1));
    r.summary = summary;
    r.stages.push_back(IncidentStage::kEnded);  // closing ends it
    return {};
  }

 private:
  // Every action comes in simulated-time order, each with its time.
  void Saw(TimeMs at, const char* what) {
    if (at < last_at_) problems.push_back(fmt::format("{} at {} after {}", what, at, last_at_));
    last_at_ = std::max(last_at_, at);
  }
  TimeMs last_at_ = 0;
};

// 2026-11-25T00:00:00+08:00, a Wednesday.
constexpr TimeMs kStart = 1795564800000 - 8 * kHour;

const Catalog& TheCatalog() {
  static const Catalog catalog = [] {
    auto c = LoadCatalog(OpsDataDirectory());
    if (!c) ADD_FAILURE() << c.error().message;
    return c ? *c : Catalog{};
  }();
  return catalog;
}

const std::vector<SensorSpec>& TheSensors() {
  static const std::vector<SensorSpec> sensors = [] {
    auto s = LoadSensors(std::filesystem::path(geo::SampleCountyDirectory()) / "sensors.json");
    if (!s) ADD_FAILURE() << s.error().message;
    return s ? *s : std::vector<SensorSpec>{};
  }();
  return sensors;
}

SimConfig Config(uint64_t seed, double per_hour = 40) {
  return {seed, per_hour, kStart};
}

// One simulated stretch, recorded; shared by the tests that only read it.
struct SimRun {
  RecordingSink sink;
  Simulator::Stats stats;
  std::vector<geo::FeatureId> hotspots;
  SimRun(SimConfig config, TimeMs length, std::vector<SensorSpec> sensors = TheSensors(),
         TimeMs settle = 0) {
    Simulator sim(test::SampleCounty(), TheCatalog(), std::move(sensors), config);
    sim.RunUntil(config.start + length, sink);
    // Let the demands of the stretch finish their loop (no new arrivals
    // counted: they come after `length`).
    if (settle) sim.RunUntil(config.start + length + settle, sink);
    stats = sim.stats();
    hotspots = sim.hotspots();
  }
  std::vector<const DemandRecord*> DemandsBefore(TimeMs t) const {
    std::vector<const DemandRecord*> out;
    for (const auto& d : sink.demands) {
      if (d.input.at < t) out.push_back(&d);
    }
    return out;
  }
};

const SimRun& OneDaySeed1() {
  // 22 days more: every deadline of the first day's demands (at most 21
  // days) has passed, so each is known to be overdue or not.
  static const SimRun run(Config(1), kDay, TheSensors(), 22 * kDay);
  return run;
}

// ---------------------------------------------------------------------------

TEST(Simulator, SameSeedSameActionsOtherSeedOthers) {
  SimRun a(Config(7), 6 * kHour), b(Config(7), 6 * kHour), c(Config(8), 6 * kHour);
  ASSERT_GT(a.sink.log.size(), 100u);
  EXPECT_EQ(a.sink.log, b.sink.log);
  EXPECT_NE(a.sink.log, c.sink.log);
}

TEST(Simulator, RunningInPiecesGivesTheSameFeed) {
  Simulator sim(test::SampleCounty(), TheCatalog(), TheSensors(), Config(3));
  RecordingSink pieces;
  for (TimeMs t = kStart; t <= kStart + 6 * kHour; t += 17 * kMinute) sim.RunUntil(t, pieces);
  sim.RunUntil(kStart + 6 * kHour, pieces);
  SimRun whole(Config(3), 6 * kHour);
  EXPECT_EQ(pieces.log, whole.sink.log);
  EXPECT_EQ(sim.now(), kStart + 6 * kHour);
}

TEST(Simulator, ADayAt40AnHourIsAboutNineHundredSixtyDemands) {
  const SimRun& run = OneDaySeed1();
  const size_t day = run.DemandsBefore(kStart + kDay).size();
  // Poisson: 960 ± 4σ, σ = √960 ≈ 31.
  EXPECT_NEAR(static_cast<double>(day), 960, 4 * std::sqrt(960.0));
  EXPECT_TRUE(run.sink.problems.empty()) << run.sink.problems.front();
}

TEST(Simulator, NightsAreQuietDaysBusy) {
  SimRun run(Config(2), 3 * kDay, {});
  std::array<int, 24> by_hour{};
  for (const auto& d : run.sink.demands) {
    ++by_hour[static_cast<size_t>((d.input.at - kStart) % kDay /
                                  kHour)];  // kStart is local midnight
  }
  const double night = (by_hour[1] + by_hour[2] + by_hour[3] + by_hour[4]) / 4.0;
  const double morning = (by_hour[9] + by_hour[10] + by_hour[11]) / 3.0;
  const double evening = (by_hour[18] + by_hour[19]) / 2.0;
  EXPECT_LT(night, 0.1 * morning);
  EXPECT_LT(night, 0.1 * evening);
  EXPECT_GT(morning, by_hour[13] * 1.2) << "mid-morning is busier than after lunch";
  // The rhythm averages 1 over a day, so demands_per_hour is the mean.
  double mean = 0;
  for (int m = 0; m < 24 * 60; ++m) mean += Simulator::DailyRhythm(kStart + m * kMinute);
  EXPECT_NEAR(mean / (24 * 60), 1.0, 1e-3);
}

TEST(Simulator, HotspotGridsAreOutsizedAndEveryDemandLiesInAGrid) {
  SimRun run(Config(4), 3 * kDay, {});
  const geo::GridSet& county = test::SampleCounty();
  const auto index = geo::PolygonIndex::Build(county);
  auto to_display = geo::Transformer::Create("EPSG:4490", county.display_crs);
  ASSERT_TRUE(to_display);
  std::map<geo::FeatureId, size_t> per_grid;
  for (const auto& d : run.sink.demands) {
    const geo::Meters xy = to_display->Forward(d.input.location.lon, d.input.location.lat);
    const geo::FeatureId grid = index.Locate(geo::Level::kGrid, xy);
    ASSERT_NE(grid, geo::kNoFeature) << d.input.location.lon << " " << d.input.location.lat;
    ++per_grid[grid];
    EXPECT_FALSE(d.input.description.empty());
    EXPECT_FALSE(d.input.address.empty());
  }
  std::vector<size_t> counts;
  for (const auto& [grid, n] : per_grid) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  size_t top5 = 0;
  for (size_t i = 0; i < 5 && i < counts.size(); ++i) top5 += counts[i];
  // Without hotspots five grids of 79 would hold about 8%.
  EXPECT_GT(static_cast<double>(top5) / run.sink.demands.size(), 0.2);
  EXPECT_GE(run.hotspots.size(), 3u);
  for (geo::FeatureId h : run.hotspots) {
    EXPECT_GT(per_grid[h], 3 * run.sink.demands.size() / 79) << county.features[h].name;
  }
}

TEST(Simulator, ClosedLoopsAreLegalSomeOverdueSomeReworked) {
  const SimRun& run = OneDaySeed1();
  EXPECT_TRUE(run.sink.problems.empty()) << run.sink.problems.front();
  const auto day = run.DemandsBefore(kStart + kDay);
  size_t overdue = 0, reworked = 0, closed = 0, rated = 0;
  std::array<size_t, kSourceCount> sources{};
  for (const DemandRecord* d : day) {
    ++sources[static_cast<size_t>(d->input.source)];
    const Category* c = TheCatalog().FindCategory(d->input.category);
    ASSERT_NE(c, nullptr) << d->input.category;
    const TimeMs deadline = d->input.at + c->deadline_hours * kHour;
    closed += d->stage == Stage::kClosed;
    overdue += d->closed ? d->closed > deadline : true;
    reworked += d->reworks > 0;
    if (d->satisfaction) {
      ++rated;
      EXPECT_GE(d->satisfaction, 1);
      EXPECT_LE(d->satisfaction, 5);
    }
  }
  EXPECT_GT(closed, day.size() * 97 / 100);
  const double n = static_cast<double>(day.size());
  EXPECT_GT(overdue / n, 0.09);
  EXPECT_LT(overdue / n, 0.17);
  EXPECT_GT(reworked / n, 0.04);
  EXPECT_LT(reworked / n, 0.09);
  EXPECT_GT(rated / n, 0.85);
  EXPECT_NEAR(sources[0] / n, 0.35, 0.05);
  EXPECT_NEAR(sources[1] / n, 0.30, 0.05);
  EXPECT_NEAR(sources[4] / n, 0.05, 0.025);
  EXPECT_EQ(run.stats.reworks, static_cast<size_t>(std::count_if(
                                   run.sink.demands.begin(), run.sink.demands.end(),
                                   [](const DemandRecord& d) { return d.reworks > 0; })));
}

TEST(Simulator, SensorsReportEveryFiveMinutesAndSomeCrossWarn) {
  const SimRun& run = OneDaySeed1();
  const auto& sensors = TheSensors();
  ASSERT_EQ(run.sink.sensors.size(), sensors.size());
  EXPECT_EQ(run.sink.log.front(), "S " + sensors.front().id) << "sensors are registered first";
  std::map<std::string, const SensorSpec*> by_id;
  for (const SensorSpec& s : sensors) by_id[s.id] = &s;
  std::set<std::string> warned, alarmed;
  size_t first_day = 0;
  for (const Reading& r : run.sink.readings) {
    if (r.at >= kStart + kDay) continue;
    ++first_day;
    const SensorSpec& s = *by_id.at(r.sensor);
    EXPECT_TRUE(std::isfinite(r.value));
    const bool past_warn = s.falling ? r.value <= s.warn : r.value >= s.warn;
    const bool past_alarm = s.falling ? r.value <= s.alarm : r.value >= s.alarm;
    if (past_warn) warned.insert(r.sensor);
    if (past_alarm) alarmed.insert(r.sensor);
  }
  EXPECT_EQ(first_day, sensors.size() * 288);
  EXPECT_GE(warned.size(), 2u);
  EXPECT_LE(warned.size(), sensors.size() / 3) << "most sensors stay normal on a day";
  // Over the 23 days, alarms happen, on a few sensors.
  alarmed.clear();
  for (const Reading& r : run.sink.readings) {
    const SensorSpec& s = *by_id.at(r.sensor);
    if (s.falling ? r.value <= s.alarm : r.value >= s.alarm) alarmed.insert(r.sensor);
  }
  EXPECT_GE(alarmed.size(), 3u);
}

TEST(Simulator, IncidentsSummonDepartmentsAndSomeReportInLate) {
  SimRun run(Config(5, 0), 14 * kDay, {}, 3 * kDay);
  const auto& incidents = run.sink.incidents;
  EXPECT_GE(incidents.size(), 14u);
  EXPECT_LE(incidents.size(), 50u);
  size_t late = 0, report_ins = 0;
  for (const IncidentRecord& r : incidents) {
    EXPECT_GE(r.deadlines.size(), 2u) << r.input.title;
    EXPECT_LE(r.deadlines.size(), 5u) << r.input.title;
    EXPECT_EQ(r.report_ins, r.deadlines.size()) << r.input.title;
    const std::vector<IncidentStage> course = {IncidentStage::kWarning, IncidentStage::kResponding,
                                               IncidentStage::kHandling, IncidentStage::kEnded};
    EXPECT_EQ(r.stages, course) << r.input.title;
    EXPECT_FALSE(r.summary.empty()) << r.input.title;
    EXPECT_GT(r.input.radius_m, 0);
    late += r.late;
    report_ins += r.report_ins;
  }
  EXPECT_GT(late, 0u);
  EXPECT_NEAR(static_cast<double>(late) / report_ins, 0.15, 0.08);
  EXPECT_EQ(run.stats.late_report_ins, late);
  EXPECT_TRUE(run.sink.problems.empty()) << run.sink.problems.front();
}

TEST(Simulator, EveryIncidentLevelOccursOverAYearMostlyIV) {
  SimRun run(Config(6, 0), 365 * kDay, {});
  std::map<IncidentLevel, size_t> levels;
  for (const IncidentRecord& r : run.sink.incidents) ++levels[r.input.level];
  EXPECT_GT(levels[IncidentLevel::kI], 0u);
  EXPECT_GT(levels[IncidentLevel::kII], levels[IncidentLevel::kI]);
  EXPECT_GT(levels[IncidentLevel::kIII], levels[IncidentLevel::kII]);
  EXPECT_GT(levels[IncidentLevel::kIV], 3 * levels[IncidentLevel::kIII]);
}

TEST(Simulator, RefusalsAreCountedNotFatal) {
  Simulator sim(test::SampleCounty(), TheCatalog(), {}, Config(9));
  RecordingSink sink;
  sink.refuse_demands = true;
  const size_t sent = sim.RunUntil(kStart + 6 * kHour, sink);
  EXPECT_GT(sim.stats().refused, 10u);
  EXPECT_EQ(sim.stats().demands, 0u);
  EXPECT_EQ(sim.stats().transitions, 0u);
  EXPECT_GE(sent, sim.stats().refused);
  EXPECT_NE(sim.stats().last_refusal.find("refused for the test"), std::string::npos);
}

}  // namespace
}  // namespace ops
namespace ops {
namespace {

// ---------------------------------------------------------------------------
// HttpSink: the same feed over the API

TEST(SimulatorHttpSink, DecodesEveryErrorForm) {
  const std::string url = "http://127.0.0.1:8311/api/v1/demands/7/transition";
  RequestError e = DecodeErrorBody(
      409, R"({"error": {"status": 409, "field": "to", "message": "to: closed → handling"}})", url);
  EXPECT_EQ(e.status, 409);
  EXPECT_EQ(e.field, "to");
  EXPECT_EQ(e.message, "to: closed → handling");

  e = DecodeErrorBody(400, R"([{"code": 400, "field": "service_code", "description": "X99"}])",
                      url);
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.field, "service_code");
  EXPECT_EQ(e.message, "X99");

  e = DecodeErrorBody(400,
                      R"({"accepted": 0, "rejected": [{"index": 3, "field": "readings[3].value",
               "message": "readings[3].value: NaN"}], "seq": 5})",
                      url);
  EXPECT_EQ(e.field, "readings[3].value");
  EXPECT_NE(e.message.find("readings[3].value: NaN"), std::string::npos) << e.message;

  e = DecodeErrorBody(502, "<html>Bad Gateway</html>", url);
  EXPECT_EQ(e.status, 502);
  EXPECT_EQ(e.message, url + " answered 502: <html>Bad Gateway</html>");
}

TEST(SimulatorHttpSink, AnUnreachableServerIsStatusZero) {
  HttpSink closed_port("http://127.0.0.1:1", "token");
  auto id = closed_port.PostDemand(DemandInput{});
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().status, 0);
  EXPECT_EQ(id.error().message.rfind("cannot reach http://127.0.0.1:1: ", 0), 0u)
      << id.error().message;

  HttpSink tls("https://gridops.example:8311/", "token");
  auto r = tls.RegisterSensor(SensorSpec{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 0);
  EXPECT_NE(r.error().message.find("only http://"), std::string::npos) << r.error().message;
}

// A day and a half of the feed through a real server on loopback: every
// action is accepted and stored.
TEST(SimulatorHttpSink, AFeedThroughTheServerIsAcceptedWhole) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db", false);
  ASSERT_TRUE(store);
  ServerOptions o;
  o.port = 0;
  o.token = "simulator-test-token";
  Server server(*store, o);
  auto port = server.Bind();
  ASSERT_TRUE(port) << port.error().message;
  std::thread serving([&] { server.Run(); });

  Simulator sim(test::SampleCounty(), TheCatalog(), TheSensors(), Config(11, 6));
  HttpSink sink(fmt::format("http://127.0.0.1:{}", *port), o.token);
  sim.RunUntil(kStart + 36 * kHour, sink);
  server.Stop();
  serving.join();

  const Simulator::Stats& s = sim.stats();
  EXPECT_EQ(s.refused, 0u) << s.last_refusal;
  EXPECT_GT(s.demands, 100u);
  EXPECT_GT(s.transitions, 2 * s.demands);
  EXPECT_EQ(s.readings, TheSensors().size() * (36 * 12 + 1));
  EXPECT_GT(s.incidents, 0u);
  EXPECT_GT(s.report_ins, 0u);
}

}  // namespace
}  // namespace ops
