// bench_follow: how long a new display (ops::Follower, `gridops view
// --connect`) takes to catch up with a `gridops serve` holding N events: it
// reads the whole log through GET /api/v1/stream from seq 0 and applies
// every event. The real Store (a scratch folder under /tmp, removed
// afterwards) and Server on loopback. One JSON line per store size on
// stdout; progress on stderr.
//
//   bench_follow [N …]   (default: 10000 100000)
#include <fmt/format.h>
#include <unistd.h>

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
#include "ops/server.hpp"
#include "ops/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

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

  ops::ServerOptions so;
  so.port = 0;
  so.token = "bench";
  ops::Server server(**store, so);
  auto port = server.Bind();
  if (!port) {
    fmt::print(stderr, "{}\n", port.error().message);
    return 1;
  }
  std::thread serving([&] { server.Run(); });
  const auto start = Clock::now();
  auto follower =
      ops::Follower::Start(fmt::format("http://127.0.0.1:{}", *port), grids, catalog);
  const bool caught_up = follower && (*follower)->WaitCaughtUp(std::chrono::minutes(30));
  const double s = Seconds(Clock::now() - start);
  const int64_t seq = follower ? (*follower)->Latest()->seq : 0;
  if (follower) follower->reset();  // stops it before the server
  server.Stop();
  serving.join();
  store->reset();
  fs::remove_all(dir);
  fmt::print("{{\"bench\": \"follow_catch_up\", \"events\": {}, \"caught_up\": {}, \"seq\": {}, "
             "\"seconds\": {:.3f}, \"events_per_second\": {:.0f}}}\n",
             events, caught_up, seq, s, events / s);
  std::fflush(stdout);
  return caught_up ? 0 : 1;
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
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {10'000, 100'000};
  int rc = 0;
  for (size_t n : sizes) rc |= Run(*grids, *catalog, n);
  return rc;
}
