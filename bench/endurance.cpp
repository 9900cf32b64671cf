// bench_endurance: a wall left running. The command centre's wall follows a
// simulated county for a whole day; what must not happen is memory creeping
// up or frames slowing down as the day's demands, readings and incidents
// pile into the store and the live state. This runs the real thing headless:
// the sample county's Store (SQLite in a scratch folder), the simulator
// feeding it through StoreSink at SPEED × real time from HOURS ago, and the
// dashboard in wall mode drawing 1920×1080 frames from the store's snapshots
// (under Xvfb + Mesa llvmpipe), at most FPS a second, as the wall redraws.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" bench_endurance
//       [--hours=24] [--speed=10] [--fps=5] [--sample=60] [--rate=40] [--desk]
//
// stdout gets one JSON object per SAMPLE seconds of wall time (resident
// memory, the store's size, frames drawn and their mean and 95th-percentile
// time in that window) and a summary line at the end: memory and frame time
// in the first window after warm-up and the last, and the memory trend
// (least squares, MB per simulated hour). 24 simulated hours at 10× take
// 2.4 hours. With no DISPLAY it says so and exits 0 (a benchmark, not a test).
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "geo/grid_source.hpp"
#include "geo/load.hpp"
#include "ops/catalog.hpp"
#include "ops/simulator.hpp"
#include "ops/store.hpp"
#include "ops/store_sink.hpp"
#include "viewer/dashboard.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/headless.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::ordered_json;

struct Options {
  double hours = 24;   // simulated
  double speed = 10;   // simulated seconds per wall second
  double fps = 5;      // frames drawn a second at most
  double sample_s = 60;
  double rate = 40;    // demands per hour, county-wide
  bool wall = true;
};

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto number = [&](const char* prefix, double& out) {
      if (!a.starts_with(prefix)) return false;
      out = std::stod(a.substr(std::string(prefix).size()));
      return true;
    };
    try {
      if (number("--hours=", o.hours) || number("--speed=", o.speed) ||
          number("--fps=", o.fps) || number("--sample=", o.sample_s) ||
          number("--rate=", o.rate)) {
        continue;
      }
      if (a == "--desk") {
        o.wall = false;
        continue;
      }
      throw std::invalid_argument(a);
    } catch (const std::exception&) {
      fmt::print(stderr,
                 "bench_endurance: {}: expected --hours=H --speed=X --fps=F --sample=S "
                 "--rate=N or --desk\n",
                 a);
      return false;
    }
  }
  if (o.hours <= 0 || o.speed <= 0 || o.fps <= 0 || o.sample_s <= 0) {
    fmt::print(stderr, "bench_endurance: --hours, --speed, --fps and --sample must be > 0\n");
    return false;
  }
  return true;
}

// Resident memory of this process, MB (VmRSS of /proc/self/status).
double ResidentMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

double Mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

double Round(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

// One window of the run.
struct Sample {
  double wall_s = 0, sim_hours = 0, rss_mb = 0, db_mb = 0;
  int64_t seq = 0;
  size_t demands = 0, frames = 0;
  int font_builds = 0;
  double frame_ms_mean = 0, frame_ms_p95 = 0;
};

// The least-squares slope of y over x.
double Slope(const std::vector<double>& x, const std::vector<double>& y) {
  const double mx = Mean(x), my = Mean(y);
  double num = 0, den = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    num += (x[i] - mx) * (y[i] - my);
    den += (x[i] - mx) * (x[i] - mx);
  }
  return den > 0 ? num / den : 0;
}

int Run(const Options& o) {
  auto grids = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
  auto catalog = ops::LoadCatalog(ops::OpsDataDirectory());
  const fs::path county = geo::SampleCountyDirectory();
  auto sensors = ops::LoadSensors(county / "sensors.json");
  if (!grids || !catalog || !sensors) {
    fmt::print(stderr, "bench_endurance: cannot load the sample county\n");
    return 1;
  }
  const fs::path dir = fs::temp_directory_path() /
                       fmt::format("gridops_endurance_{}_{}", getpid(), std::random_device{}());
  fs::create_directories(dir);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};

  ops::StoreOptions so;
  so.path = dir / "county.db";
  so.organisation_file = county / "organisation.json";
  so.sensors_file = county / "sensors.json";
  auto store = ops::Store::Open(so, *grids, *catalog);
  if (!store) {
    fmt::print(stderr, "bench_endurance: {}\n", store.error().message);
    return 1;
  }

  auto window = viewer::Window::Open(64, 64, false, "bench_endurance");
  if (!window) {
    fmt::print(stderr, "bench_endurance: {} (a benchmark: nothing measured)\n",
               window.error().message);
    return 0;
  }
  auto dashboard = viewer::Dashboard::Create(window->handle(), *grids,
                                              viewer::LiveSourceOf(*catalog, **store));
  if (!dashboard) {
    fmt::print(stderr, "bench_endurance: {}\n", dashboard.error().message);
    return 1;
  }
  viewer::Dashboard& d = **dashboard;
  if (o.wall) {
    viewer::WallOptions wall;
    wall.enabled = true;
    d.EnableWall(wall);
  }

  // The feed: simulated time runs at `speed` from `hours` ago to now.
  const ops::TimeMs end = ops::NowMs();
  const ops::TimeMs start = end - static_cast<ops::TimeMs>(o.hours * ops::kHour);
  std::atomic<ops::TimeMs> sim_now{start};
  std::atomic<bool> done{false};
  const auto wall_start = Clock::now();
  std::thread feed([&] {
    ops::Simulator sim(*grids, *catalog, *sensors,
                       ops::SimConfig{.seed = 7, .demands_per_hour = o.rate, .start = start});
    ops::StoreSink sink(**store);
    for (;;) {
      const double elapsed = std::chrono::duration<double>(Clock::now() - wall_start).count();
      const ops::TimeMs t =
          std::min(end, start + static_cast<ops::TimeMs>(elapsed * o.speed * 1000));
      sim.RunUntil(t, sink);
      sim_now = t;
      if (t >= end) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    done = true;
  });

  fmt::print(stderr, "bench_endurance: {} simulated hours at {}× ({:.1f} min), {} at {} fps\n",
             o.hours, o.speed, o.hours * 60 / o.speed, o.wall ? "wall" : "desk", o.fps);
  std::vector<Sample> samples;
  std::vector<double> window_ms;
  const auto frame_every = std::chrono::duration<double>(1.0 / o.fps);
  auto next_sample = wall_start + std::chrono::duration<double>(o.sample_s);
  auto record = [&] {
    Sample s;
    s.wall_s = std::chrono::duration<double>(Clock::now() - wall_start).count();
    s.sim_hours = static_cast<double>(sim_now - start) / ops::kHour;
    s.rss_mb = ResidentMb();
    // The database and its write-ahead log, which holds the latest commits.
    for (const fs::path& f : {so.path, fs::path(so.path.string() + "-wal")}) {
      std::error_code ec;
      const uintmax_t bytes = fs::file_size(f, ec);
      if (!ec) s.db_mb += static_cast<double>(bytes) / (1 << 20);
    }
    const auto latest = (*store)->Latest();
    s.seq = latest->seq;
    s.demands = latest->demands.size();
    s.frames = window_ms.size();
    s.font_builds = d.font_builds();
    s.frame_ms_mean = Mean(window_ms);
    s.frame_ms_p95 = Quantile(window_ms, 0.95);
    window_ms.clear();
    samples.push_back(s);
    std::puts(ordered_json{{"bench", "endurance_sample"},
                           {"wall_s", Round(s.wall_s, 1)},
                           {"sim_hours", Round(s.sim_hours, 2)},
                           {"events", s.seq},
                           {"demands", s.demands},
                           {"rss_mb", Round(s.rss_mb, 1)},
                           {"db_mb", Round(s.db_mb, 1)},
                           {"frames", s.frames},
                           {"font_builds", s.font_builds},
                           {"frame_ms_mean", Round(s.frame_ms_mean, 2)},
                           {"frame_ms_p95", Round(s.frame_ms_p95, 2)}}
                  .dump()
                  .c_str());
    std::fflush(stdout);
  };
  const viewer::FrameSize size{1920, 1080, 1.0, 0};
  while (!done) {
    const auto frame_start = Clock::now();
    viewer::FrameSize now_size = size;
    now_size.time_s = std::chrono::duration<double>(frame_start - wall_start).count();
    if (d.NeedsFrame() || window_ms.empty()) {
      if (auto ok = d.Frame(now_size, false); !ok) {
        fmt::print(stderr, "bench_endurance: {}\n", ok.error().message);
        done = true;
        break;
      }
      glFinish();
      window_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - frame_start).count());
    }
    if (Clock::now() >= next_sample) {
      record();
      next_sample += std::chrono::duration<double>(o.sample_s);
    }
    std::this_thread::sleep_until(frame_start + frame_every);
  }
  feed.join();
  if (!window_ms.empty() || samples.empty()) record();  // the last part window

  // Warm-up: the first tenth of the run (the store and the atlas filling).
  const size_t first = std::min(samples.size() - 1, samples.size() / 10 + 1);
  std::vector<double> hours, rss;
  for (size_t i = first; i < samples.size(); ++i) {
    hours.push_back(samples[i].sim_hours);
    rss.push_back(samples[i].rss_mb);
  }
  const Sample& a = samples[first];
  const Sample& b = samples.back();
  // The largest step between two samples after warm-up: a one-off growth
  // (a font atlas rebuilt for new glyphs) reads differently from a creep.
  double step = 0, step_at = 0;
  for (size_t i = first + 1; i < samples.size(); ++i) {
    if (samples[i].rss_mb - samples[i - 1].rss_mb > step) {
      step = samples[i].rss_mb - samples[i - 1].rss_mb;
      step_at = samples[i].sim_hours;
    }
  }
  std::puts(ordered_json{{"bench", "endurance"},
                         {"sim_hours", o.hours},
                         {"speed", o.speed},
                         {"mode", o.wall ? "wall" : "desk"},
                         {"events", b.seq},
                         {"demands", b.demands},
                         {"rss_mb_after_warmup", Round(a.rss_mb, 1)},
                         {"rss_mb_end", Round(b.rss_mb, 1)},
                         {"rss_mb_per_sim_hour", Round(Slope(hours, rss), 3)},
                         {"rss_largest_step_mb", Round(step, 1)},
                         {"rss_largest_step_at_sim_hour", Round(step_at, 1)},
                         {"frame_ms_after_warmup", Round(a.frame_ms_mean, 2)},
                         {"frame_ms_end", Round(b.frame_ms_mean, 2)},
                         {"frame_ms_p95_end", Round(b.frame_ms_p95, 2)}}
                .dump()
                .c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) return 2;
  try {
    return Run(o);
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_endurance: {}\n", e.what());
    return 1;
  }
}
