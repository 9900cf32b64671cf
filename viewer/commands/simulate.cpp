// `gridops simulate`: a realistic county feed (ops/simulator.hpp) sent to a
// running `gridops serve` over its HTTP API, paced by a simulated clock that
// runs --speed times the wall clock. Deterministic for a --seed. Exit 0 when
// --hours of simulated time are sent or on Ctrl-C, 1 when the server cannot
// be reached or the county's lists cannot be read.
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "ops/catalog.hpp"
#include "ops/http_sink.hpp"
#include "ops/simulator.hpp"
#include "viewer/commands/commands.hpp"
#include "viewer/commands/grid_options.hpp"
#include "viewer/commands/serve_options.hpp"
#include "viewer/print.hpp"

namespace viewer {

namespace {

struct SimulateOptions {
  std::string grids, source_crs, encoding;
  std::string url = "http://127.0.0.1:8311";
  std::string token_file;
  double rate = 40;
  double speed = 1;
  double hours = 0;
  uint64_t seed = 1;
  std::string start;
};

std::atomic<bool> g_interrupted{false};

void Progress(const ops::Simulator& sim) {
  const auto& s = sim.stats();
  Print(
      "  {} · {} demands, {} transitions ({} reworks), {} readings, {} incidents, {} summons, "
      "{} report-ins ({} late), {} refused{}",
      ops::FormatTime(sim.now()), s.demands, s.transitions, s.reworks, s.readings, s.incidents,
      s.summons, s.report_ins, s.late_report_ins, s.refused,
      s.last_refusal.empty() ? "" : " — last: " + s.last_refusal);
}

int RunSimulate(const SimulateOptions& o) {
  ops::TimeMs start = ops::NowMs();
  if (!o.start.empty()) {
    auto t = ops::ParseTime(o.start);
    if (!t) {
      PrintError(
          "gridops simulate: --start {}: expected RFC 3339 with a zone, e.g. "
          "2026-11-24T08:00:00+08:00",
          o.start);
      return 1;
    }
    start = *t;
  }
  std::string token_path = o.token_file;
  if (token_path.empty()) {
    PrintError("gridops simulate: --token-file is required: the file `gridops serve` printed");
    return 1;
  }
  std::string token;
  std::ifstream(token_path) >> token;
  if (token.empty()) {
    PrintError("gridops simulate: {}: no token in it (the file `gridops serve` printed)",
               token_path);
    return 1;
  }
  httplib::Client probe(o.url);
  probe.set_connection_timeout(3, 0);
  if (auto r = probe.Get("/healthz"); !r || r->status != 200) {
    PrintError("gridops simulate: cannot reach {} (is `gridops serve` running there?)", o.url);
    return 1;
  }
  auto grids = LoadGrids(o.grids, o.source_crs, o.encoding);
  if (!grids) {
    PrintError("gridops simulate: {}", grids.error().message);
    return 1;
  }
  auto catalog = ops::LoadCatalog(ops::OpsDataDirectory());
  if (!catalog) {
    PrintError("gridops simulate: {}", catalog.error().message);
    return 1;
  }
  std::vector<ops::SensorSpec> sensors;
  const auto sensors_file = CountyDataDirectory(o.grids) / "sensors.json";
  if (std::filesystem::exists(sensors_file)) {
    auto s = ops::LoadSensors(sensors_file);
    if (!s) {
      PrintError("gridops simulate: {}", s.error().message);
      return 1;
    }
    sensors = std::move(*s);
  }
  ops::Simulator sim(*grids, *catalog, std::move(sensors),
                     ops::SimConfig{.seed = o.seed, .demands_per_hour = o.rate, .start = start});
  ops::HttpSink sink(o.url, token);
  signal(SIGINT, [](int) { g_interrupted = true; });
  signal(SIGTERM, [](int) { g_interrupted = true; });

  const ops::TimeMs end =
      o.hours > 0 ? start + static_cast<ops::TimeMs>(o.hours * ops::kHour) : INT64_MAX;
  Print("gridops simulate: {} from {} at {}× ({} demands/h, seed {}) → {}", grids->county_name,
        ops::FormatTime(start), o.speed, o.rate, o.seed, o.url);
  const auto wall0 = std::chrono::steady_clock::now();
  auto last_report = wall0;
  while (!g_interrupted) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed_ms = std::chrono::duration<double, std::milli>(now - wall0).count();
    const ops::TimeMs target =
        std::min(end, start + static_cast<ops::TimeMs>(elapsed_ms * o.speed));
    sim.RunUntil(target, sink);
    if (now - last_report > std::chrono::seconds(5)) {
      Progress(sim);
      last_report = now;
    }
    if (target >= end) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  Progress(sim);
  return 0;
}

}  // namespace

Command AddSimulateCommand(CLI::App& cli) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* cmd = cli.add_subcommand(
      "simulate", "A realistic live feed (demands, sensors, incidents) against a running server");
  AddGridOptions(*cmd, o->grids, o->source_crs, o->encoding);
  cmd->add_option("--url", o->url, "The server `gridops serve` answers on")->capture_default_str();
  cmd->add_option("--token-file", o->token_file, "The bearer token file `gridops serve` printed")
      ->required();
  cmd->add_option("--rate", o->rate, "Demands per simulated hour, county average")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  cmd->add_option("--speed", o->speed, "Simulated seconds per wall-clock second")
      ->check(CLI::Range(0.01, 1e6))
      ->capture_default_str();
  cmd->add_option("--hours", o->hours, "Stop after this much simulated time (0: run until Ctrl-C)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", o->seed, "The same seed gives the same feed")->capture_default_str();
  cmd->add_option("--start", o->start, "Simulated start time, RFC 3339 (default: now)");
  return {cmd, [o] { return RunSimulate(*o); }};
}

}  // namespace viewer
