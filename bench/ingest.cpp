// bench_ingest: the ingest path of docs/api.md end to end, on the real Store
// (one SQLite file in a scratch folder under /tmp, removed afterwards) and
// the real Server on loopback. Demands and the transport's ceiling are driven
// by a wrk-style epoll load generator (bench/load_client.hpp: one thread, 16
// keep-alive connections, one request in flight on each); readings and the
// latency run by cpp-httplib clients, one per thread. Not Google Benchmark: each measurement
// is a timed run of concurrent clients against a fresh store, not a loop to
// repeat. stdout gets one JSON object per measurement and nothing else;
// progress goes to stderr. The figures and targets are in bench/README.md
// ("Ingest").
//
//   bench_ingest [--seconds=S] [--restart-events=N] [--restart-threads=T]
//                [--only=NAME,NAME…] [--sync=full|normal]
//
// NAME is one of healthz, open311_post, store_post, readings,
// post_to_snapshot_latency, restart; --sync keeps only the runs with that
// durability setting.
//
// [SECTION] Harness: county, scratch store, loopback server, output
// [SECTION] open311_post: acknowledged demands per second
// [SECTION] healthz: the transport's own ceiling (no store write)
// [SECTION] store_post: the store's own ceiling (no HTTP)
// [SECTION] readings: readings per second in batches of 1,000
// [SECTION] post_to_snapshot_latency: POST → visible in Store::Latest()
// [SECTION] restart: Store::Open on a store of 1,000,000 events
// [SECTION] main
#include <fmt/format.h>
#include <httplib.h>

#include <sys/resource.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <latch>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/load_client.hpp"
#include "geo/crs.hpp"
#include "geo/grid_source.hpp"
#include "geo/load.hpp"
#include "ops/catalog.hpp"
#include "ops/server.hpp"
#include "ops/store.hpp"

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Harness: county, scratch store, loopback server, output

using Clock = std::chrono::steady_clock;
using nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr const char* kHost = "127.0.0.1";
constexpr const char* kToken = "bench-token-0123456789abcdef";
constexpr const char* kRequests = "/open311/v2/requests.json";

struct Options {
  double seconds = 10;                // per timed run
  size_t restart_events = 1'000'000;  // demands in the store that `restart` reopens
  int restart_threads = 64;           // posting them in process
  std::set<std::string> only;         // empty: every measurement
  std::string sync;                   // "full", "normal", or empty: both
  bool Wants(const std::string& name) const { return only.empty() || only.contains(name); }
  bool WantsSync(bool full) const { return sync.empty() || sync == (full ? "full" : "normal"); }
};

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}
double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}
double Round(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}
// The nearest-rank quantile q (0 … 1) of `values`, which it sorts; 0 when empty.
double Quantile(std::vector<double>& values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

// CPU seconds this process has used, all threads, user and system: divided
// by the work done it gives a cost that the other programs sharing the
// cores move much less than they move a rate.
double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

void Emit(const ordered_json& line) {
  std::fputs((line.dump() + "\n").c_str(), stdout);
  std::fflush(stdout);
}

// The sample county with its catalogue and sensor network, loaded once.
// `points` are where the benchmark's demands land, as lon/lat: the label
// point of every grid and compound (79 + 241), interleaved so that
// consecutive demands fall far apart. Spread like a county's demands, they
// fill the live point index as the county would; a handful of points would
// pile every demand into a few cells, which measures the index's worst case
// (every group copying the few tiles that hold everything) instead.
struct County {
  fs::path dir;
  geo::GridSet grids;
  ops::Catalog catalog;
  std::vector<ops::SensorSpec> sensors;
  std::vector<geo::LonLat> points;
};

geo::Result<std::unique_ptr<County>> LoadCounty() {
  auto county = std::make_unique<County>();
  county->dir = geo::SampleCountyDirectory();
  auto grids = geo::LoadGridSet(geo::GridSourceFromDirectory(county->dir.string()));
  if (!grids) return std::unexpected(grids.error());
  county->grids = std::move(*grids);
  auto catalog = ops::LoadCatalog(ops::OpsDataDirectory());
  if (!catalog) return std::unexpected(catalog.error());
  county->catalog = std::move(*catalog);
  auto sensors = ops::LoadSensors(county->dir / "sensors.json");
  if (!sensors) return std::unexpected(sensors.error());
  county->sensors = std::move(*sensors);
  auto back = geo::Transformer::Create(county->grids.display_crs, "EPSG:4490");
  if (!back) return std::unexpected(back.error());
  const geo::GridSet& g = county->grids;
  std::vector<geo::FeatureId> features;
  for (geo::Level level : {geo::Level::kGrid, geo::Level::kCompound}) {
    for (size_t i = 0; i < g.LevelCount(level); ++i)
      features.push_back(static_cast<geo::FeatureId>(g.LevelBegin(level) + i));
  }
  // A fixed stride coprime with the count walks every point, far apart.
  const size_t stride = 97;
  for (size_t i = 0, f = 0; i < features.size(); ++i, f = (f + stride) % features.size()) {
    const geo::Meters m = g.features[features[f]].label_point;
    const geo::Meters ll = back->Forward(m.x, m.y);
    county->points.push_back({ll.x, ll.y});
  }
  return county;
}

// A fresh folder under /tmp, removed with its content.
class ScratchDir {
 public:
  ScratchDir() {
    path_ = fs::temp_directory_path() /
            fmt::format("gridops_bench_ingest_{}_{}", getpid(), std::random_device{}());
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

ops::StoreOptions StoreOptionsFor(const County& county, const fs::path& path, bool sync_full) {
  ops::StoreOptions o;
  o.path = path;
  o.synchronous_full = sync_full;
  o.organisation_file = county.dir / "organisation.json";
  o.sensors_file = county.dir / "sensors.json";
  return o;
}

std::unique_ptr<ops::Store> OpenStore(const County& county, const ops::StoreOptions& o) {
  auto store = ops::Store::Open(o, county.grids, county.catalog);
  if (!store) throw std::runtime_error(store.error().message);
  return std::move(*store);
}

// ops::Server on a free loopback port, served by its own thread until destroyed.
class LoopbackServer {
 public:
  explicit LoopbackServer(ops::Store& store) {
    ops::ServerOptions o;
    o.port = 0;
    o.token = kToken;
    o.token_file = "/tmp/token";
    server_ = std::make_unique<ops::Server>(store, o);
    auto port = server_->Bind();
    if (!port) throw std::runtime_error(port.error().message);
    port_ = *port;
    thread_ = std::thread([this] { server_->Run(); });
    // Once it has answered, it is listening, so Stop() cannot come too early.
    auto health = Client()->Get("/healthz");
    if (!health || health->status != 200) throw std::runtime_error("the server does not answer");
  }
  ~LoopbackServer() {
    server_->Stop();
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  int port() const { return port_; }
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // A keep-alive client with the bearer token, TCP_NODELAY as curl sets it.
  std::unique_ptr<httplib::Client> Client() const {
    auto c = std::make_unique<httplib::Client>(kHost, port_);
    c->set_default_headers({{"Authorization", std::string("Bearer ") + kToken}});
    c->set_keep_alive(true);
    c->set_tcp_nodelay(true);
    c->set_read_timeout(30, 0);
    c->set_write_timeout(30, 0);
    return c;
  }

 private:
  std::unique_ptr<ops::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

// Runs `client(thread, deadline)` on `threads` threads released together once
// every one is ready, for `seconds`; returns the wall time from the release
// to the last thread's end.
template <typename Body>
Clock::duration RunClients(int threads, double seconds, Body client) {
  std::latch ready(threads), go(1);
  Clock::time_point start, deadline;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      ready.count_down();
      go.wait();
      client(t, start, deadline);
    });
  }
  ready.wait();
  start = Clock::now();
  deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  go.count_down();
  for (std::thread& t : pool) t.join();
  return Clock::now() - start;
}

// What one client thread saw.
struct Tally {
  int64_t ok = 0;          // the expected 2xx
  int64_t refused = 0;     // another status
  int64_t transport = 0;   // no answer (connection, timeout)
  int64_t items = 0;       // readings accepted
  std::string example;     // one refusal, for stderr
  std::vector<double> ms;  // per acknowledged request
};

Tally Sum(std::vector<Tally>& tallies) {
  Tally all;
  for (Tally& t : tallies) {
    all.ok += t.ok;
    all.refused += t.refused;
    all.transport += t.transport;
    all.items += t.items;
    if (all.example.empty()) all.example = t.example;
    all.ms.insert(all.ms.end(), t.ms.begin(), t.ms.end());
  }
  if (all.refused + all.transport > 0) {
    fmt::print(stderr, "  {} refused, {} without answer; e.g. {}\n", all.refused, all.transport,
               all.example);
  }
  return all;
}

void Count(Tally& tally, const httplib::Result& r, int expected) {
  if (!r) {
    ++tally.transport;
    if (tally.example.empty()) tally.example = httplib::to_string(r.error());
  } else if (r->status == expected) {
    ++tally.ok;
  } else {
    ++tally.refused;
    if (tally.example.empty()) tally.example = fmt::format("{} {}", r->status, r->body);
  }
}

std::string DemandJson(geo::LonLat at, int64_t n) {
  return fmt::format(
      R"({{"service_code":"S01","lat":{},"long":{},"description":"楼道堆放杂物，影响通行 #{}"}})",
      at.lat, at.lon, n);
}

const char* SyncName(bool full) {
  return full ? "full" : "normal";
}

// ---------------------------------------------------------------------------
// [SECTION] open311_post: acknowledged demands per second

// Reports refusals and broken connections on stderr.
void Report(const bench::LoadResult& r) {
  if (r.refused + r.failed > 0) {
    fmt::print(stderr, "  {} refused, {} connections broke; e.g. {}\n", r.refused, r.failed,
               r.example);
  }
}

void BenchOpen311(const County& county, const Options& opt, bool sync_full) {
  constexpr int kClients = 16;
  fmt::print(stderr, "open311_post: {} clients, {} s, synchronous={}\n", kClients, opt.seconds,
             SyncName(sync_full));
  ScratchDir dir;
  auto store = OpenStore(county, StoreOptionsFor(county, dir.path() / "county.db", sync_full));
  LoopbackServer server(*store);
  const double cpu_before = ProcessCpuSeconds();
  bench::LoadResult r =
      bench::RunLoad(server.port(), kClients, opt.seconds, 201, [&](int c, int64_t n) {
        const geo::LonLat at = county.points[static_cast<size_t>(c + n) % county.points.size()];
        return bench::PostRequest(kRequests, kToken, "application/json",
                                  DemandJson(at, n * kClients + c));
      });
  const double cpu = ProcessCpuSeconds() - cpu_before;
  Report(r);
  const double seconds = Seconds(r.took);
  Emit(ordered_json{{"bench", "open311_post"},
                    {"clients", kClients},
                    {"sync", SyncName(sync_full)},
                    {"acknowledged_per_s", Round(static_cast<double>(r.answered) / seconds, 1)},
                    {"requests", r.answered + r.refused},
                    {"acknowledged", r.answered},
                    {"stored", store->Latest()->demands.size()},
                    {"seconds", Round(seconds, 3)},
                    {"p50_ms", Round(Quantile(r.ms, 0.50), 3)},
                    {"p99_ms", Round(Quantile(r.ms, 0.99), 3)},
                    {"cpu_us_per_demand", Round(cpu * 1e6 / static_cast<double>(r.answered), 1)}});
}

// ---------------------------------------------------------------------------
// [SECTION] healthz: the transport's own ceiling (no store write)

void BenchHealthz(const County& county, const Options& opt) {
  constexpr int kClients = 16;
  fmt::print(stderr, "healthz: {} clients, {} s\n", kClients, opt.seconds);
  ScratchDir dir;
  auto store = OpenStore(county, StoreOptionsFor(county, dir.path() / "county.db", false));
  LoopbackServer server(*store);
  const double cpu_before = ProcessCpuSeconds();
  bench::LoadResult r = bench::RunLoad(server.port(), kClients, opt.seconds, 200, [](int, int64_t) {
    return std::string("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  });
  const double cpu = ProcessCpuSeconds() - cpu_before;
  Report(r);
  Emit(ordered_json{{"bench", "healthz"},
                    {"clients", kClients},
                    {"answered_per_s", Round(static_cast<double>(r.answered) / Seconds(r.took), 1)},
                    {"p50_ms", Round(Quantile(r.ms, 0.50), 3)},
                    {"p99_ms", Round(Quantile(r.ms, 0.99), 3)},
                    {"cpu_us_per_request", Round(cpu * 1e6 / static_cast<double>(r.answered), 1)}});
}

// ---------------------------------------------------------------------------
// [SECTION] store_post: the store's own ceiling (no HTTP)

// 16 threads call Store::PostDemand in process, each waiting for its answer
// (acknowledged = committed) before the next, as the 16 HTTP clients do: the
// demands per second the writer takes when no transport shares the cores.
void BenchStorePost(const County& county, const Options& opt, bool sync_full) {
  constexpr int kClients = 16;
  fmt::print(stderr, "store_post: {} threads, {} s, synchronous={}\n", kClients, opt.seconds,
             SyncName(sync_full));
  ScratchDir dir;
  auto store = OpenStore(county, StoreOptionsFor(county, dir.path() / "county.db", sync_full));
  std::atomic<bool> stop{false};
  std::atomic<int64_t> acknowledged{0}, refused{0};
  const double cpu_before = ProcessCpuSeconds();
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int c = 0; c < kClients; ++c) {
    pool.emplace_back([&, c] {
      ops::DemandInput d;
      d.category = "S01";
      d.source = ops::Source::kHotline;
      d.description = "楼道堆放杂物，影响通行";
      for (size_t n = static_cast<size_t>(c); !stop; n += kClients) {
        d.location = county.points[n % county.points.size()];
        if (store->PostDemand(d)) {
          ++acknowledged;
        } else {
          ++refused;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(opt.seconds));
  stop = true;
  for (std::thread& t : pool) t.join();
  const double seconds = Seconds(Clock::now() - start);
  const double cpu = ProcessCpuSeconds() - cpu_before;
  Emit(ordered_json{{"bench", "store_post"},
                    {"threads", kClients},
                    {"sync", SyncName(sync_full)},
                    {"acknowledged_per_s", Round(static_cast<double>(acknowledged) / seconds, 1)},
                    {"acknowledged", acknowledged.load()},
                    {"refused", refused.load()},
                    {"stored", store->Latest()->demands.size()},
                    {"seconds", Round(seconds, 3)},
                    {"cpu_us_per_demand",
                     Round(cpu * 1e6 / static_cast<double>(std::max<int64_t>(acknowledged, 1)), 1)}});
}

// ---------------------------------------------------------------------------
// [SECTION] readings: readings per second in batches of 1,000

// {"readings": [...]} of `batch` readings cycling over the sensors from
// `first`, 1 ms apart from `at`, every value inside the normal band (no
// state change, so no events: the cost measured is storing readings).
std::string ReadingsBody(const std::vector<ops::SensorSpec>& sensors, size_t batch, size_t first,
                         ops::TimeMs at, std::mt19937& rng) {
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  std::string body = R"({"readings":[)";
  for (size_t i = 0; i < batch; ++i) {
    const ops::SensorSpec& s = sensors[(first + i) % sensors.size()];
    const double value = (s.falling ? s.warn * 2 : s.warn * 0.5) * jitter(rng);
    assert(ops::NextAlertState(s, ops::AlertState::kNormal, value) == ops::AlertState::kNormal &&
           "a benchmark reading must stay in the normal band");
    body += fmt::format(R"({}{{"sensor":"{}","at":"{}","value":{:.3f}}})", i ? "," : "", s.id,
                        ops::FormatTime(at + static_cast<ops::TimeMs>(i)), value);
  }
  return body + "]}";
}

void BenchReadings(const County& county, const Options& opt, bool sync_full) {
  constexpr int kClients = 4;
  constexpr size_t kBatch = 1000;
  constexpr size_t kBodiesPerClient = 8;
  fmt::print(stderr, "readings: {} clients, batches of {}, {} s, synchronous={}\n", kClients,
             kBatch, opt.seconds, SyncName(sync_full));
  ScratchDir dir;
  auto store = OpenStore(county, StoreOptionsFor(county, dir.path() / "county.db", sync_full));
  if (store->Latest()->sensors->size() != county.sensors.size()) {
    throw std::runtime_error("the store was not seeded with the sample county's sensors");
  }
  LoopbackServer server(*store);
  // Bodies are made before the clock starts, so the clients' share of the
  // two cores is sending, not formatting. Times are in the last hour.
  std::mt19937 rng(20261125);
  const ops::TimeMs base = ops::NowMs() - ops::kHour;
  std::vector<std::vector<std::string>> bodies(kClients);
  for (size_t t = 0; t < kClients; ++t) {
    for (size_t k = 0; k < kBodiesPerClient; ++k) {
      const size_t n = t * kBodiesPerClient + k;
      bodies[t].push_back(ReadingsBody(county.sensors, kBatch, n * 7,
                                       base + static_cast<ops::TimeMs>(n * kBatch), rng));
    }
  }
  std::vector<Tally> tallies(kClients);
  const Clock::duration took =
      RunClients(kClients, opt.seconds, [&](int t, Clock::time_point, Clock::time_point deadline) {
        auto client = server.Client();
        Tally& tally = tallies[t];
        for (size_t n = 0; Clock::now() < deadline; ++n) {
          const auto sent = Clock::now();
          auto r =
              client->Post("/api/v1/readings", bodies[t][n % kBodiesPerClient], "application/json");
          Count(tally, r, 200);
          if (!r || r->status != 200) continue;
          tally.ms.push_back(Ms(Clock::now() - sent));
          tally.items += nlohmann::json::parse(r->body).at("accepted").get<int64_t>();
        }
      });
  Tally all = Sum(tallies);
  const double seconds = Seconds(took);
  Emit(ordered_json{{"bench", "readings"},
                    {"batch", kBatch},
                    {"clients", kClients},
                    {"sync", SyncName(sync_full)},
                    {"readings_per_s", Round(static_cast<double>(all.items) / seconds, 1)},
                    {"readings", all.items},
                    {"batches", all.ok},
                    {"seconds", Round(seconds, 3)},
                    {"batch_p50_ms", Round(Quantile(all.ms, 0.50), 3)},
                    {"batch_p99_ms", Round(Quantile(all.ms, 0.99), 3)}});
}

// ---------------------------------------------------------------------------
// [SECTION] post_to_snapshot_latency: POST → visible in Store::Latest()

// Each client thread sends on a fixed schedule (rate / clients per second,
// the threads' schedules interleaved), so a slow answer delays only its own
// thread's next send. Keeping 1,000/s needs rate × answer time requests in
// flight: with 60 clients a stall of up to 60 ms (an fsync on a busy disk)
// does not lower the offered rate, where with 4 it would past 4 ms. A reader
// thread waits on the store's change signal (Store::WaitForEvents, as the
// change stream does) and stamps the moment each new demand id first shows
// in Latest()->demands.size(). Latency is from just before the send to that
// stamp.
void BenchLatency(const County& county, const Options& opt, bool sync_full) {
  constexpr int kRate = 1000;   // demands per second, all clients together
  constexpr int kClients = 60;  // within the server's 64 worker threads
  fmt::print(stderr, "post_to_snapshot_latency: {}/s over {} clients, {} s, synchronous={}\n",
             kRate, kClients, opt.seconds, SyncName(sync_full));
  ScratchDir dir;
  auto store = OpenStore(county, StoreOptionsFor(county, dir.path() / "county.db", sync_full));
  LoopbackServer server(*store);

  // visible[id]: when the reader first saw demand `id`.
  std::vector<Clock::time_point> visible(static_cast<size_t>(kRate * opt.seconds * 1.5) + 1000);
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    size_t seen = store->Latest()->demands.size();
    int64_t seq = store->Latest()->seq;
    while (!stop.load()) {
      store->WaitForEvents(seq, std::chrono::milliseconds(20));
      const auto snapshot = store->Latest();
      const auto now = Clock::now();
      for (size_t id = seen + 1; id <= snapshot->demands.size() && id < visible.size(); ++id) {
        visible[id] = now;
      }
      seen = snapshot->demands.size();
      seq = snapshot->seq;
    }
  });

  struct Sent {
    int64_t id;
    Clock::time_point scheduled, sent, answered;
  };
  std::vector<std::vector<Sent>> sent(kClients);
  std::vector<Tally> tallies(kClients);
  const auto period = std::chrono::microseconds(1'000'000 * kClients / kRate);
  const Clock::duration took = RunClients(
      kClients, opt.seconds, [&](int t, Clock::time_point start, Clock::time_point deadline) {
        auto client = server.Client();
        for (int64_t n = 0;; ++n) {
          const auto scheduled = start + period * n + period * t / kClients;
          if (scheduled >= deadline) break;
          std::this_thread::sleep_until(scheduled);
          const std::string body =
              DemandJson(county.points[static_cast<size_t>(t + n) % county.points.size()], n);
          const auto t0 = Clock::now();
          auto r = client->Post(kRequests, body, "application/json");
          const auto t1 = Clock::now();
          Count(tallies[t], r, 201);
          if (!r || r->status != 201) continue;
          const std::string id = nlohmann::json::parse(r->body).at(0).at("service_request_id");
          sent[t].push_back({std::stoll(id), scheduled, t0, t1});
        }
      });
  // Every acknowledged demand was published before its answer; give the
  // reader a moment to stamp the last ones.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  reader.join();

  Sum(tallies);
  std::vector<double> latency, from_schedule, ack;
  int64_t unseen = 0, late = 0;
  for (const auto& thread : sent) {
    for (const Sent& s : thread) {
      if (s.sent - s.scheduled > std::chrono::milliseconds(1)) ++late;
      ack.push_back(Ms(s.answered - s.sent));
      const size_t id = static_cast<size_t>(s.id);
      if (id >= visible.size() || visible[id] == Clock::time_point{}) {
        ++unseen;
        continue;
      }
      latency.push_back(Ms(visible[id] - s.sent));
      from_schedule.push_back(Ms(visible[id] - s.scheduled));
    }
  }
  const double seconds = Seconds(took);
  const size_t samples = latency.size();
  Emit(ordered_json{{"bench", "post_to_snapshot_latency"},
                    {"rate_per_s", kRate},
                    {"clients", kClients},
                    {"sync", SyncName(sync_full)},
                    {"achieved_per_s", Round(static_cast<double>(ack.size()) / seconds, 1)},
                    {"p50_ms", Round(Quantile(latency, 0.50), 3)},
                    {"p99_ms", Round(Quantile(latency, 0.99), 3)},
                    {"max_ms", Round(Quantile(latency, 1.0), 3)},
                    {"samples", samples},
                    {"stored", store->Latest()->demands.size()},
                    {"unseen", unseen},
                    {"sent_late", late},
                    {"p99_ms_from_schedule", Round(Quantile(from_schedule, 0.99), 3)},
                    {"ack_p50_ms", Round(Quantile(ack, 0.50), 3)},
                    {"ack_p99_ms", Round(Quantile(ack, 0.99), 3)}});
}

// ---------------------------------------------------------------------------
// [SECTION] restart: Store::Open on a store of 1,000,000 events

// Builds the store in process (Store::PostDemand from many threads, so group
// commit batches them; synchronous=NORMAL to build faster), closes it, then
// times Store::Open: the schema check and rebuilding the live state from the
// tables. The file is then in the page cache: this is a warm restart.
void BenchRestart(const County& county, const Options& opt) {
  fmt::print(stderr, "restart: building a store of {} demands from {} threads\n",
             opt.restart_events, opt.restart_threads);
  ScratchDir dir;
  ops::StoreOptions o = StoreOptionsFor(county, dir.path() / "county.db", false);
  o.sensors_file.clear();  // demands only: events ≈ demands
  int64_t events = 0;
  {
    auto store = OpenStore(county, o);
    std::atomic<size_t> next{0};
    std::atomic<int64_t> failed{0};
    const auto start = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < opt.restart_threads; ++t) {
      pool.emplace_back([&] {
        ops::DemandInput d;
        d.category = "S01";
        d.source = ops::Source::kHotline;
        d.description = "楼道堆放杂物，影响通行";
        for (size_t i = next++; i < opt.restart_events; i = next++) {
          d.location = county.points[i % county.points.size()];
          if (!store->PostDemand(d)) ++failed;
          if (i % 100'000 == 0 && i) {
            fmt::print(stderr, "  {} demands, {:.1f} s\n", i, Seconds(Clock::now() - start));
          }
        }
      });
    }
    for (std::thread& t : pool) t.join();
    events = store->Latest()->seq;
    fmt::print(stderr, "  built {} events in {:.1f} s ({} refused)\n", events,
               Seconds(Clock::now() - start), failed.load());
    const auto closing = Clock::now();
    store.reset();
    fmt::print(stderr, "  closed in {:.2f} s\n", Seconds(Clock::now() - closing));
  }
  const uintmax_t bytes = fs::file_size(o.path);
  const auto start = Clock::now();
  auto store = OpenStore(county, o);
  const double seconds = Seconds(Clock::now() - start);
  Emit(ordered_json{{"bench", "restart"},
                    {"events", events},
                    {"seconds", Round(seconds, 3)},
                    {"demands", store->Latest()->demands.size()},
                    {"db_bytes", bytes}});
}

// ---------------------------------------------------------------------------
// [SECTION] main

bool ParseArgs(int argc, char** argv, Options& opt) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    try {
      if (a.starts_with("--seconds=")) {
        opt.seconds = std::stod(a.substr(10));
      } else if (a.starts_with("--restart-events=")) {
        opt.restart_events = std::stoull(a.substr(17));
      } else if (a.starts_with("--restart-threads=")) {
        opt.restart_threads = std::max(1, std::stoi(a.substr(18)));
      } else if (a == "--sync=full" || a == "--sync=normal") {
        opt.sync = a.substr(7);
      } else if (a.starts_with("--only=")) {
        std::string list = a.substr(7);
        for (size_t p = 0; p <= list.size();) {
          const size_t comma = std::min(list.find(',', p), list.size());
          opt.only.insert(list.substr(p, comma - p));
          p = comma + 1;
        }
      } else {
        throw std::invalid_argument(a);
      }
    } catch (const std::exception&) {
      fmt::print(
          stderr,
          "bench_ingest: {}: expected --seconds=S, --restart-events=N, "
          "--restart-threads=T, --sync=full|normal or "
          "--only=healthz,open311_post,store_post,readings,post_to_snapshot_latency,restart\n",
          a);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!ParseArgs(argc, argv, opt)) return 2;
  auto county = LoadCounty();
  if (!county) {
    fmt::print(stderr, "bench_ingest: {}\n", county.error().message);
    return 1;
  }
  try {
    if (opt.Wants("healthz")) BenchHealthz(**county, opt);
    for (bool full : {true, false}) {
      if (opt.Wants("open311_post") && opt.WantsSync(full)) BenchOpen311(**county, opt, full);
    }
    for (bool full : {true, false}) {
      if (opt.Wants("store_post") && opt.WantsSync(full)) BenchStorePost(**county, opt, full);
    }
    for (bool full : {false, true}) {
      if (opt.Wants("readings") && opt.WantsSync(full)) BenchReadings(**county, opt, full);
    }
    for (bool full : {true, false}) {
      if (opt.Wants("post_to_snapshot_latency") && opt.WantsSync(full))
        BenchLatency(**county, opt, full);
    }
    if (opt.Wants("restart")) BenchRestart(**county, opt);
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_ingest: {}\n", e.what());
    return 1;
  }
  return 0;
}
