// bench_follow: how long a new display (ops::Follower, `gridops view
// --connect`) takes to catch up with a `gridops serve` holding N events: it
// reads the whole log through GET /api/v1/stream from seq 0 and applies
// every event. The real Store (a scratch folder under /tmp, removed
// afterwards) and Server on loopback. One JSON line per store size on
// stdout; progress on stderr.
//
// `propagation`: how soon what a coordinator does is on every display. Five
// followers (three walls, two desks) follow one serve while demands arrive
// at 50 a second; a desk sends 120 coordination actions through
// ops::HttpSink, as `view --connect --token-file` does (open an incident,
// summon, report in, log, move the stage, close; one every 100 ms), and each
// is timed from just before it is sent until each follower's state holds it
// (its snapshot's seq reaches the seq the server had published when the
// action was answered).
//
//   bench_follow [N …] [propagation]   (default: 10000 100000 propagation)
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "geo/crs.hpp"
#include "geo/grid_source.hpp"
#include "geo/load.hpp"
#include "ops/catalog.hpp"
#include "ops/follower.hpp"
#include "ops/http_sink.hpp"
#include "ops/server.hpp"
#include "ops/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// `serve` over a store on a loopback port, from Start until Stop.
class Served {
 public:
  Served(ops::Store& store, std::string token) : server_(store, Options(std::move(token))) {}
  ~Served() { Stop(); }
  // Binds and serves; false, with the reason printed, when it cannot bind.
  bool Start() {
    auto port = server_.Bind();
    if (!port) {
      fmt::print(stderr, "{}\n", port.error().message);
      return false;
    }
    url_ = fmt::format("http://127.0.0.1:{}", *port);
    thread_ = std::thread([this] { server_.Run(); });
    return true;
  }
  void Stop() {
    if (!thread_.joinable()) return;
    server_.Stop();
    thread_.join();
  }
  const std::string& url() const { return url_; }

 private:
  static ops::ServerOptions Options(std::string token) {
    ops::ServerOptions o;
    o.port = 0;
    o.token = std::move(token);
    return o;
  }
  ops::Server server_;
  std::string url_;
  std::thread thread_;
};

// Each grid's label point as lon/lat: where the demands go.
std::vector<geo::LonLat> GridPoints(const geo::GridSet& g) {
  std::vector<geo::LonLat> out;
  auto back = geo::Transformer::Create(g.display_crs, "EPSG:4490");
  for (const geo::Feature& f : g.features) {
    if (f.level != geo::Level::kGrid) continue;
    const geo::Meters ll = back->Forward(f.label_point.x, f.label_point.y);
    out.push_back({ll.x, ll.y});
  }
  return out;
}

int Run(const geo::GridSet& grids, const ops::Catalog& catalog, size_t demands) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("bench_follow_{}", ::getpid());
  fs::create_directories(dir);
  ops::StoreOptions o;
  o.path = dir / "county.db";
  o.synchronous_full = false;
  auto store = ops::Store::Open(o, grids, catalog);
  if (!store) {
    fmt::print(stderr, "{}\n", store.error().message);
    return 1;
  }
  // Many threads so that group commit batches them: building is not measured.
  fmt::print(stderr, "building a store of {} demands\n", demands);
  const auto points = GridPoints(grids);
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < 32; ++t) {
    pool.emplace_back([&] {
      ops::DemandInput d;
      d.category = "S01";
      d.source = ops::Source::kHotline;
      d.description = "楼道堆放杂物，影响通行";
      for (size_t i = next++; i < demands; i = next++) {
        d.location = points[i % points.size()];
        (void)(*store)->PostDemand(d);
      }
    });
  }
  for (std::thread& t : pool) t.join();
  const int64_t events = (*store)->Latest()->seq;

  Served served(**store, "bench");
  if (!served.Start()) return 1;
  const auto start = Clock::now();
  auto follower = ops::Follower::Start(served.url(), grids, catalog);
  const bool caught_up = follower && (*follower)->WaitCaughtUp(std::chrono::minutes(30));
  const double s = Seconds(Clock::now() - start);
  const int64_t seq = follower ? (*follower)->Latest()->seq : 0;
  if (follower) follower->reset();  // stops it before the server
  served.Stop();
  store->reset();
  fs::remove_all(dir);
  fmt::print(
      "{{\"bench\": \"follow_catch_up\", \"events\": {}, \"caught_up\": {}, \"seq\": {}, "
      "\"seconds\": {:.3f}, \"events_per_second\": {:.0f}}}\n",
      events, caught_up, seq, s, events / s);
  std::fflush(stdout);
  return caught_up ? 0 : 1;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

int RunPropagation(const geo::GridSet& grids, const ops::Catalog& catalog) {
  constexpr int kFollowers = 5, kActions = 120;
  const fs::path dir = fs::temp_directory_path() / fmt::format("bench_prop_{}", ::getpid());
  fs::create_directories(dir);
  ops::StoreOptions o;
  o.path = dir / "county.db";
  auto store = ops::Store::Open(o, grids, catalog);  // synchronous=FULL, as served by default
  if (!store) {
    fmt::print(stderr, "{}\n", store.error().message);
    return 1;
  }
  const std::string token = "bench-propagation-token";
  Served served(**store, token);
  if (!served.Start()) return 1;
  const std::string& url = served.url();
  std::vector<std::unique_ptr<ops::Follower>> followers;
  for (int i = 0; i < kFollowers; ++i) {
    auto f = ops::Follower::Start(url, grids, catalog);
    if (!f) {
      fmt::print(stderr, "{}\n", f.error().message);
      return 1;
    }
    (*f)->WaitCaughtUp(std::chrono::seconds(30));
    followers.push_back(std::move(*f));
  }
  fmt::print(stderr, "propagation: {} followers, {} actions\n", kFollowers, kActions);

  // The county goes on meanwhile: demands at 50 a second.
  std::atomic<bool> stop{false};
  std::thread background([&] {
    ops::HttpSink sink(url, token);
    const auto points = GridPoints(grids);
    ops::DemandInput d;
    d.category = "S01";
    d.source = ops::Source::kHotline;
    d.description = "路灯不亮";
    for (size_t i = 0; !stop; ++i) {
      d.location = points[i % points.size()];
      d.at = ops::NowMs();
      (void)sink.PostDemand(d);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });

  ops::HttpSink desk(url, token);
  const auto points = GridPoints(grids);
  const std::string actor = "指挥中心值班席";
  const std::string dep_a = catalog.departments.at(0).code, dep_b = catalog.departments.at(1).code;
  std::vector<double> ms;  // per action and follower
  int refused = 0, unseen = 0;
  int64_t incident = 0;
  for (int k = 0; k < kActions; ++k) {
    const ops::TimeMs now = ops::NowMs();
    const auto sent = Clock::now();
    bool ok = true;
    switch (k % 6) {
      case 0: {
        ops::IncidentInput in;
        in.level = ops::IncidentLevel::kII;
        in.klass = ops::IncidentClass::kNaturalDisaster;
        in.title = fmt::format("演练 {}", k / 6 + 1);
        in.center = points[static_cast<size_t>(k) % points.size()];
        in.radius_m = 1000;
        in.actor = actor;
        in.at = now;
        auto id = desk.OpenIncident(in);
        ok = id.has_value();
        incident = ok ? *id : incident;
        break;
      }
      case 1:
        ok = desk.Summon(incident, std::vector{dep_a, dep_b}, 30, actor, now).has_value();
        break;
      case 2:
        ok = desk.ReportIn(incident, dep_a, actor, now).has_value();
        break;
      case 3:
        ok = desk.LogIncident(incident, "现场已处置", actor, now).has_value();
        break;
      case 4:
        ok = desk.SetIncidentStage(incident, ops::IncidentStage::kHandling, actor, now).has_value();
        break;
      case 5:
        ok = desk.CloseIncident(incident, "演练结束", actor, now).has_value();
        break;
    }
    if (!ok) {
      ++refused;
      continue;
    }
    // Answered after its commit, which was published first: the store's seq
    // now covers it.
    const int64_t seq = (*store)->Latest()->seq;
    std::vector<bool> seen(kFollowers, false);
    int left = kFollowers;
    while (left > 0 && Clock::now() - sent < std::chrono::seconds(5)) {
      for (int i = 0; i < kFollowers; ++i) {
        if (!seen[i] && followers[i]->Latest()->seq >= seq) {
          seen[i] = true;
          --left;
          ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        }
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    unseen += left;
    std::this_thread::sleep_until(sent + std::chrono::milliseconds(100));
  }
  stop = true;
  background.join();
  followers.clear();
  served.Stop();
  store->reset();
  fs::remove_all(dir);
  fmt::print(
      "{{\"bench\": \"coordination_propagation\", \"followers\": {}, \"actions\": {}, "
      "\"refused\": {}, \"unseen_after_5s\": {}, \"samples\": {}, \"p50_ms\": {:.2f}, "
      "\"p99_ms\": {:.2f}, \"max_ms\": {:.2f}, \"sync\": \"full\"}}\n",
      kFollowers, kActions, refused, unseen, ms.size(), Percentile(ms, 0.5), Percentile(ms, 0.99),
      ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()));
  std::fflush(stdout);
  return refused == 0 && unseen == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto grids = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
  auto catalog = ops::LoadCatalog(ops::OpsDataDirectory());
  if (!grids || !catalog) {
    fmt::print(stderr, "cannot load the sample county\n");
    return 1;
  }
  std::vector<size_t> sizes;
  bool propagation = argc == 1;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "propagation")
      propagation = true;
    else
      sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  }
  if (argc == 1) sizes = {10'000, 100'000};
  int rc = 0;
  for (size_t n : sizes) rc |= Run(*grids, *catalog, n);
  if (propagation) rc |= RunPropagation(*grids, *catalog);
  return rc;
}
