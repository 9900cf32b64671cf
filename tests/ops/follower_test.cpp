// Several displays, one truth: followers of a real `gridops serve` (an
// in-process ops::Server on loopback) end in the server's state after a
// burst from several clients, a connection cut mid-burst (a TCP proxy whose
// sockets are closed) and a server restart. Waits are on conditions with
// generous limits, never on timings.
//
// [SECTION] Comparing states
// [SECTION] Following a burst through a cut and a restart
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "follower_fixture.hpp"

namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using test::ClientOf;
using test::Follow;
using test::LiveServer;
using test::TcpProxy;
using test::WaitFor;

// ---------------------------------------------------------------------------
// [SECTION] Comparing states

void ExpectSameKpis(const ops::AreaKpis& a, const ops::AreaKpis& b, bool same_day,
                    const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(a.open, b.open);
  EXPECT_EQ(a.received, b.received);
  EXPECT_EQ(a.closed, b.closed);
  EXPECT_EQ(a.closed_on_time, b.closed_on_time);
  EXPECT_EQ(a.reworked, b.reworked);
  EXPECT_EQ(a.rated, b.rated);
  EXPECT_EQ(a.satisfaction_sum, b.satisfaction_sum);
  EXPECT_EQ(a.sensors_warn, b.sensors_warn);
  EXPECT_EQ(a.sensors_alarm, b.sensors_alarm);
  EXPECT_EQ(a.incidents_active, b.incidents_active);
  if (!same_day) return;  // the test ran over local midnight: "today" differs by design
  EXPECT_EQ(a.overdue, b.overdue);
  EXPECT_EQ(a.received_today, b.received_today);
  EXPECT_EQ(a.closed_today, b.closed_today);
}

// What a display shows must be the server's: every demand, sensor state,
// incident and KPI. (A sensor's last value is left out: readings that do
// not change a state are not events; the follower's header says so.)
void ExpectSameState(const ops::Snapshot& server, const ops::Snapshot& display) {
  ASSERT_EQ(server.seq, display.seq);
  ASSERT_EQ(server.demands.size(), display.demands.size());
  server.demands.ForEach([&](const ops::Demand& s) {
    const ops::Demand* d = display.demands.Find(s.id);
    ASSERT_NE(d, nullptr) << s.id;
    SCOPED_TRACE(fmt::format("demand {}", s.id));
    EXPECT_EQ(s.category, d->category);
    EXPECT_EQ(s.stage, d->stage);
    EXPECT_EQ(s.received, d->received);
    EXPECT_EQ(s.deadline, d->deadline);
    EXPECT_EQ(s.updated, d->updated);
    EXPECT_EQ(s.closed, d->closed);
    EXPECT_EQ(s.rework_count, d->rework_count);
    EXPECT_EQ(s.satisfaction, d->satisfaction);
    EXPECT_EQ(s.assignee, d->assignee);
    EXPECT_EQ(s.areas, d->areas);
    EXPECT_NEAR(s.xy.x, d->xy.x, 1e-6);
    EXPECT_NEAR(s.xy.y, d->xy.y, 1e-6);
  });
  ASSERT_EQ(server.sensors->size(), display.sensors->size());
  for (size_t i = 0; i < server.sensors->size(); ++i) {
    const ops::Sensor &s = (*server.sensors)[i], &d = (*display.sensors)[i];
    SCOPED_TRACE(s.spec.id);
    EXPECT_EQ(s.spec.id, d.spec.id);
    EXPECT_EQ(s.state, d.state);
    EXPECT_EQ(s.state_since, d.state_since);
    EXPECT_EQ(s.areas, d.areas);
  }
  ASSERT_EQ(server.incidents->size(), display.incidents->size());
  for (size_t i = 0; i < server.incidents->size(); ++i) {
    const ops::Incident &s = (*server.incidents)[i], &d = (*display.incidents)[i];
    SCOPED_TRACE(fmt::format("incident {}", s.id));
    EXPECT_EQ(s.id, d.id);
    EXPECT_EQ(s.stage, d.stage);
    EXPECT_EQ(s.opened_as.level, d.opened_as.level);
    EXPECT_EQ(s.opened, d.opened);
    EXPECT_EQ(s.ended, d.ended);
    EXPECT_EQ(s.log.size(), d.log.size());
    ASSERT_EQ(s.summons.size(), d.summons.size());
    for (size_t k = 0; k < s.summons.size(); ++k) {
      EXPECT_EQ(s.summons[k].department, d.summons[k].department);
      EXPECT_EQ(s.summons[k].reported, d.summons[k].reported);
      EXPECT_EQ(s.summons[k].reported_by, d.summons[k].reported_by);
    }
  }
  EXPECT_EQ(server.organisation->chiefs.size(), display.organisation->chiefs.size());
  const bool same_day = server.kpis->day_start == display.kpis->day_start;
  ExpectSameKpis(server.kpis->county, display.kpis->county, same_day, "county");
  ASSERT_EQ(server.kpis->areas.size(), display.kpis->areas.size());
  for (size_t f = 0; f < server.kpis->areas.size(); ++f) {
    ExpectSameKpis(server.kpis->areas[f], display.kpis->areas[f], same_day,
                   fmt::format("area {}", f));
  }
  EXPECT_EQ(server.kpis->incidents_by_level, display.kpis->incidents_by_level);
  EXPECT_EQ(server.open_points->Size(), display.open_points->Size());
}

// ---------------------------------------------------------------------------
// [SECTION] Following a burst through a cut and a restart

// One client's share of the burst: demands through their closed loop.
void PostDemands(int port, geo::LonLat at, int count, std::atomic<int>& posted) {
  httplib::Client c = ClientOf(port);
  const std::string form = fmt::format("service_code=S01&lat={}&long={}&description=%E5%A0%86", at.lat,
                                       at.lon);
  for (int i = 0; i < count; ++i) {
    auto r = c.Post("/open311/v2/requests.json", form, "application/x-www-form-urlencoded");
    ASSERT_TRUE(r && r->status == 201) << (r ? r->body : httplib::to_string(r.error()));
    const std::string id = json::parse(r->body)[0]["service_request_id"];
    ++posted;
    std::vector<json> steps = {{{"to", "dispatched"}, {"assignee", "sanitation"}},
                               {{"to", "handling"}}};
    if (i % 3 == 0) {
      steps.push_back({{"to", "reported"}});
      steps.push_back({{"to", "handling"}, {"note", "返工"}});
      steps.push_back({{"to", "reported"}});
      steps.push_back({{"to", "verified"}});
      steps.push_back({{"to", "closed"}, {"satisfaction", 4}});
    }
    for (const json& step : steps) {
      auto t = c.Post(fmt::format("/api/v1/demands/{}/transition", id), step.dump(),
                      "application/json");
      ASSERT_TRUE(t && t->status == 200) << (t ? t->body : httplib::to_string(t.error()));
    }
  }
}

// A gauge whose readings cross its alarm line each time: a state change each.
void PostReadings(int port, geo::LonLat at) {
  httplib::Client c = ClientOf(port);
  auto reg = c.Post("/api/v1/sensors",
                    json{{"id", "T-1"}, {"kind", "water_level"}, {"name", "测试水位"},
                         {"lon", at.lon}, {"lat", at.lat}, {"unit", "m"}, {"warn", 7.5},
                         {"alarm", 8.5}, {"hysteresis", 0.2}}
                        .dump(),
                    "application/json");
  ASSERT_TRUE(reg && reg->status == 200) << (reg ? reg->body : "no answer");
  const ops::TimeMs base = ops::NowMs() - 60'000;
  for (int i = 0; i < 30; ++i) {
    const json reading{{"sensor", "T-1"},
                       {"at", ops::FormatTime(base + i * 1000)},
                       {"value", i % 2 ? 5.0 : 9.0}};
    auto r = c.Post("/api/v1/readings", json::array({reading}).dump(), "application/json");
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  }
}

// An incident through coordination: summons, a report-in, a stage, a log;
// a second one opened and closed.
void RunIncidents(int port, geo::LonLat at) {
  httplib::Client c = ClientOf(port);
  auto post = [&](const std::string& path, const json& body, int status = 200) {
    auto r = c.Post(path, body.dump(), "application/json");
    EXPECT_TRUE(r && r->status == status) << path << ": " << (r ? r->body : "no answer");
  };
  for (int n = 1; n <= 2; ++n) {
    post("/api/v1/incidents",
         {{"level", n == 1 ? "II" : "IV"}, {"class", "natural_disaster"},
          {"title", fmt::format("测试事件 {}", n)}, {"lon", at.lon}, {"lat", at.lat},
          {"radius_m", 800}},
         201);
    const std::string path = fmt::format("/api/v1/incidents/{}", n);
    post(path + "/summons", {{"departments", {"fire", "emergency"}}, {"report_in_minutes", 30}});
    post(path + "/report-ins", {{"department", "fire"}, {"actor", "消防 李队"}});
    post(path + "/stage", {{"to", "handling"}});  // a summons has made it responding
    post(path + "/log", {{"text", "现场已封控"}});
  }
  post("/api/v1/incidents/2/close", {{"summary", "已处置"}});
}

TEST(Follower, TwoDisplaysEndInTheServersStateThroughACutAndARestart) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  LiveServer server(*store);
  const int port = server.Start(0);
  ASSERT_GT(port, 0);
  TcpProxy proxy(port);
  // A through the proxy that will be cut; B straight to the server (a
  // trailing '/' in the URL is tolerated).
  auto a = Follow(fmt::format("http://127.0.0.1:{}", proxy.port()));
  auto b = Follow(fmt::format("http://127.0.0.1:{}/", port));
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->WaitCaughtUp(20s));
  ASSERT_TRUE(b->WaitCaughtUp(20s));
  EXPECT_EQ(a->Latest()->seq, store->Latest()->seq) << "the seed (organisation, sensors)";

  const geo::LonLat here = test::PointIn(*store, "61082200200504");
  const geo::LonLat there = test::PointIn(*store, "61082200100101");
  std::atomic<int> posted{0};
  std::thread clients[] = {
      std::thread([&] { PostDemands(port, here, 25, posted); }),
      std::thread([&] { PostDemands(port, there, 25, posted); }),
      std::thread([&] { PostDemands(port, here, 25, posted); }),
      std::thread([&] { PostReadings(port, there); }),
      std::thread([&] { RunIncidents(port, here); }),
  };

  // Mid-burst, A's network fails: both sockets closed, and no way back in
  // until more of the burst has gone by.
  EXPECT_TRUE(WaitFor([&] { return posted >= 20; }));
  proxy.Down(true);
  proxy.Cut();
  EXPECT_TRUE(WaitFor([&] {
    const ops::FollowerHealth h = a->Health();
    return !h.connected && !h.error.empty();
  }));
  EXPECT_TRUE(WaitFor([&] { return posted >= 50; }));
  proxy.Down(false);
  for (std::thread& t : clients) t.join();

  // Then the server restarts on the same port (B loses its stream too),
  // and the feed goes on.
  const uint64_t b_connects = b->Health().connects;
  server.Stop();
  ASSERT_EQ(server.Start(port), port);
  std::atomic<int> after{0};
  PostDemands(port, there, 3, after);

  const int64_t seq = store->Latest()->seq;
  for (ops::Follower* f : {a.get(), b.get()}) {
    ASSERT_TRUE(WaitFor([&] { return f->Latest()->seq == seq; }))
        << f->url() << " stopped at " << f->Latest()->seq << " of " << seq << ": "
        << f->Health().error;
    SCOPED_TRACE(f->url());
    ExpectSameState(*store->Latest(), *f->Latest());
    const ops::FollowerHealth h = f->Health();
    // Every event applied exactly once: none lost, none twice.
    EXPECT_EQ(h.rebuilds, 0u) << h.error;
    EXPECT_EQ(h.events_applied, static_cast<uint64_t>(seq));
    EXPECT_GE(h.duplicates_skipped, 1u) << "a resume re-reads the last event to check it";
  }
  EXPECT_GE(a->Health().connects, 2u);
  EXPECT_GT(b->Health().connects, b_connects);
  EXPECT_GT(proxy.accepted(), 1);
}

TEST(Follower, DetailReadsOverHttp) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  LiveServer server(*store);
  const int port = server.Start(0);
  std::atomic<int> posted{0};
  PostDemands(port, test::PointIn(*store, "61082200200504"), 1, posted);
  PostReadings(port, test::PointIn(*store, "61082200100101"));
  auto f = Follow(fmt::format("http://127.0.0.1:{}", port));
  ASSERT_TRUE(f && f->WaitCaughtUp(20s));
  const auto remote = f->Timeline("demand/1");
  const auto local = store->Timeline("demand/1");
  ASSERT_EQ(remote.size(), local.size());
  for (size_t i = 0; i < local.size(); ++i) {
    EXPECT_EQ(remote[i].seq, local[i].seq);
    EXPECT_EQ(remote[i].kind, local[i].kind);
    EXPECT_EQ(remote[i].actor, local[i].actor);
    const json r = json::parse(remote[i].payload), l = json::parse(local[i].payload);
    if (local[i].kind == "demand.transition") {
      EXPECT_EQ(r["to"], l["to"]);
      EXPECT_EQ(r["rework"], l["rework"]);
      EXPECT_EQ(r["assignee"], l["assignee"]);
    }
  }
  const ops::TimeMs since = ops::NowMs() - ops::kDay;
  EXPECT_EQ(f->Readings("T-1", since, 100).size(), store->Readings("T-1", since, 100).size());
  EXPECT_TRUE(f->Timeline("demand/999").empty());
  EXPECT_TRUE(f->Readings("no such", since, 100).empty());
}

}  // namespace
