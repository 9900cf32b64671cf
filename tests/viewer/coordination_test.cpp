// Emergency coordination from the desk, without a window: the new-incident
// draft's checks (a circle, or an area drawn corner by corner), what can be summoned and who is
// still expected, and the whole workflow (open, summon, report in, move the stage, log, close)
// through viewer::Coordinator — into the store in this process, and over
// HTTP to a `serve` with its token, as `view --connect --token-file` does.
#include "viewer/coordination.hpp"
#include "viewer/strings.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "ops/http_sink.hpp"
#include "ops/server.hpp"
#include "ops/store_fixture.hpp"
#include "ops/store_sink.hpp"

namespace {

using viewer::CommandOutcome;
using viewer::Coordinator;
using viewer::IncidentDraft;

constexpr const char* kGrid = "61082200200504";

IncidentDraft PlacedDraft(const ops::Store& store) {
  IncidentDraft d;
  d.active = true;
  d.placed = true;
  d.center = test::PointIn(store, kGrid);
  d.radius_m = 800;
  d.level = 2;
  d.klass = ops::IncidentClass::kNaturalDisaster;
  std::snprintf(d.title, sizeof d.title, "%s", "城东片区内涝");
  return d;
}

// Waits for `n` outcomes (at most 20 s), in the order they were submitted.
std::vector<CommandOutcome> Await(Coordinator& c, size_t n) {
  std::vector<CommandOutcome> all;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (all.size() < n && std::chrono::steady_clock::now() < until) {
    for (auto& o : c.TakeOutcomes()) all.push_back(std::move(o));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return all;
}

TEST(Coordination, TheDraftSaysWhatIsMissing) {
  IncidentDraft d;
  auto no_centre = viewer::IncidentFromDraft(d, 1000);
  ASSERT_FALSE(no_centre);
  EXPECT_EQ(no_centre.error().field, "center");
  d.placed = true;
  d.center = {109.7, 32.7};
  auto no_title = viewer::IncidentFromDraft(d, 1000);
  ASSERT_FALSE(no_title);
  EXPECT_EQ(no_title.error().field, "title");
  std::snprintf(d.title, sizeof d.title, "%s", "  ");
  EXPECT_EQ(viewer::IncidentFromDraft(d, 1000).error().field, "title") << "blanks are no title";
  std::snprintf(d.title, sizeof d.title, "%s", "化工厂泄漏");
  d.radius_m = 20;
  auto small = viewer::IncidentFromDraft(d, 1000);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().field, "radius_m");
  d.radius_m = 1500;
  d.level = 1;
  d.klass = ops::IncidentClass::kAccident;
  auto in = viewer::IncidentFromDraft(d, 1234);
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->level, ops::IncidentLevel::kI);
  EXPECT_EQ(in->klass, ops::IncidentClass::kAccident);
  EXPECT_EQ(in->title, "化工厂泄漏");
  EXPECT_DOUBLE_EQ(in->radius_m, 1500);
  EXPECT_DOUBLE_EQ(in->center.lon, 109.7);
  EXPECT_EQ(in->actor, viewer::kDeskActor);
  EXPECT_EQ(in->at, 1234);
}

// An area drawn corner by corner: repeated clicks and closing on the first
// corner add nothing, a corner whose side would cross one drawn is refused
// and says so, and the draft names what is missing until it is an area.
TEST(Coordination, AnAreaIsDrawnCornerByCorner) {
  IncidentDraft d;
  d.active = true;
  d.shape = viewer::DraftShape::kArea;
  std::snprintf(d.title, sizeof d.title, "%s", "危化品仓库火灾");
  EXPECT_FALSE(viewer::DraftDrawn(d));
  auto none = viewer::IncidentFromDraft(d, 1000);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "polygon");
  viewer::ClickDraft(d, {111.00, 39.00});
  viewer::ClickDraft(d, {111.00, 39.00});  // a double click
  viewer::ClickDraft(d, {111.02, 39.00});
  ASSERT_EQ(d.corners.size(), 2u);
  auto two = viewer::IncidentFromDraft(d, 1000);
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().field, "polygon");
  EXPECT_NE(two.error().message.find('2'), std::string::npos) << two.error().message;
  viewer::ClickDraft(d, {110.99, 39.00});  // back along the first side
  EXPECT_TRUE(d.corner_refused);
  EXPECT_EQ(d.corners.size(), 2u);
  viewer::ClickDraft(d, {111.02, 39.02});
  EXPECT_FALSE(d.corner_refused) << "the next click clears the refusal";
  viewer::ClickDraft(d, {111.01, 38.99});  // its side would cut the first
  EXPECT_TRUE(d.corner_refused);
  viewer::ClickDraft(d, {111.00, 39.02});
  ASSERT_EQ(d.corners.size(), 4u);
  viewer::ClickDraft(d, {111.00, 39.00});  // on the first corner: closed already
  EXPECT_EQ(d.corners.size(), 4u);
  EXPECT_TRUE(viewer::DraftDrawn(d));

  d.level = 2;
  auto in = viewer::IncidentFromDraft(d, 1234);
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->polygon, d.corners);
  EXPECT_EQ(in->radius_m, 0) << "an area is no circle";
  EXPECT_NEAR(in->center.lon, 111.01, 1e-12);
  EXPECT_NEAR(in->center.lat, 39.01, 1e-12);
  EXPECT_EQ(in->level, ops::IncidentLevel::kII);

  // Corners moved so that the closing side crosses: named, with its sides.
  d.corners = {{111.00, 39.02}, {111.02, 39.02}, {111.00, 39.00}, {111.02, 39.00}};
  auto crossed = viewer::IncidentFromDraft(d, 1000);
  ASSERT_FALSE(crossed);
  EXPECT_EQ(crossed.error().field, "polygon");
  EXPECT_NE(crossed.error().message.find('4'), std::string::npos) << crossed.error().message;

  // The circle keeps its own state: switching back needs its centre.
  d.shape = viewer::DraftShape::kCircle;
  EXPECT_EQ(viewer::IncidentFromDraft(d, 1000).error().field, "center");
}

TEST(Coordination, SummonableAwaitingAndNextStage) {
  const ops::Catalog& catalog = test::SampleCatalog();
  ASSERT_GE(catalog.departments.size(), 3u);
  ops::Incident i;
  i.summons.push_back({catalog.departments[0].code, 1000, 2000, 0, 0, ""});
  i.summons.push_back({catalog.departments[2].code, 1000, 2000, 1500, 0, "x"});
  const auto can = viewer::Summonable(catalog, i);
  EXPECT_EQ(can.size(), catalog.departments.size() - 2);
  for (const ops::Department* d : can) {
    EXPECT_NE(d->code, catalog.departments[0].code);
    EXPECT_NE(d->code, catalog.departments[2].code);
  }
  EXPECT_EQ(viewer::AwaitingReportIn(i), std::vector<std::string>{catalog.departments[0].code})
      << "the one that reported in is not awaited";
  EXPECT_EQ(viewer::NextStage(ops::IncidentStage::kWarning), ops::IncidentStage::kResponding);
  EXPECT_EQ(viewer::NextStage(ops::IncidentStage::kResponding), ops::IncidentStage::kHandling);
  EXPECT_FALSE(viewer::NextStage(ops::IncidentStage::kHandling)) << "ending is closing";

  viewer::IncidentActions a;
  viewer::FocusActions(a, 3);
  a.chosen.push_back("x");
  viewer::FocusActions(a, 3);
  EXPECT_EQ(a.chosen.size(), 1u) << "the same incident keeps what was ticked";
  viewer::FocusActions(a, 4);
  EXPECT_TRUE(a.chosen.empty()) << "another incident starts clean";
}

// Open, summon two, one reports in, respond, log, close; then a refusal.
void RunWorkflow(Coordinator& c, const ops::Store& store) {
  const ops::Catalog& catalog = test::SampleCatalog();
  const ops::TimeMs t0 = ops::NowMs();
  auto in = viewer::IncidentFromDraft(PlacedDraft(store), t0);
  ASSERT_TRUE(in);
  c.Open(*in);
  auto opened = Await(c, 1);
  ASSERT_EQ(opened.size(), 1u);
  ASSERT_TRUE(opened[0].ok) << opened[0].message;
  EXPECT_TRUE(opened[0].opened);
  const int64_t id = opened[0].incident;
  ASSERT_GE(id, 1);

  const std::string a = catalog.departments[0].code, b = catalog.departments[1].code;
  c.Summon(id, {a, b}, 20, t0 + 1000);  // a summons starts the response
  c.ReportIn(id, a, t0 + 2000);
  c.ReportIn(id, "no-such-department", t0 + 2500);
  c.SetStage(id, ops::IncidentStage::kHandling, t0 + 3000);
  c.Log(id, "排涝泵车已到场", t0 + 4000);
  c.Close(id, "积水已排除，无人员伤亡", t0 + 5000);
  const auto done = Await(c, 6);
  ASSERT_EQ(done.size(), 6u);
  for (size_t k : {0, 1, 3, 4, 5}) {
    EXPECT_TRUE(done[k].ok) << done[k].what << ": " << done[k].message;
  }
  EXPECT_FALSE(done[2].ok) << "a department that was not summoned is refused";
  EXPECT_NE(done[2].message.find("no-such-department"), std::string::npos) << done[2].message;
  EXPECT_EQ(done[2].status, 409);
  EXPECT_STREQ(viewer::RefusalReason(done[2].status).zh.data(),
               "事件状态已变化，可能另一席位已处理");
  EXPECT_EQ(c.pending(), 0);

  // Everything is stored, with the desk as its actor.
  const auto s = store.Latest();
  ASSERT_GE(s->incidents->size(), static_cast<size_t>(id));
  const ops::Incident& i = (*s->incidents)[static_cast<size_t>(id - 1)];
  EXPECT_EQ(i.opened_as.title, "城东片区内涝");
  EXPECT_EQ(i.opened_as.level, ops::IncidentLevel::kII);
  EXPECT_EQ(i.stage, ops::IncidentStage::kEnded);
  EXPECT_EQ(i.summary, "积水已排除，无人员伤亡");
  ASSERT_EQ(i.summons.size(), 2u);
  EXPECT_EQ(i.summons[0].deadline, t0 + 1000 + 20 * ops::kMinute);
  EXPECT_EQ(i.summons[0].reported, t0 + 2000);
  EXPECT_EQ(i.summons[1].reported, 0);
  bool logged = false;
  for (const ops::LogEntry& e : i.log) {
    if (e.text.find("排涝泵车已到场") == std::string::npos) continue;
    logged = true;
    EXPECT_EQ(e.actor, viewer::kDeskActor);
    EXPECT_EQ(e.at, t0 + 4000);
  }
  EXPECT_TRUE(logged) << "the desk's log entry is in the incident's log";
}

// `serve` on a loopback port for the test's length, with a write token.
struct Serving {
  static constexpr const char* kToken = "desk-token-0123456789abcdef";
  explicit Serving(ops::Store& store) : server(store, Options()) {
    auto port = server.Bind();
    if (!port) return;
    url = "http://127.0.0.1:" + std::to_string(*port);
    thread = std::thread([this] { server.Run(); });
  }
  ~Serving() {
    server.Stop();
    if (thread.joinable()) thread.join();
  }
  static ops::ServerOptions Options() {
    ops::ServerOptions o;
    o.port = 0;
    o.token = kToken;
    return o;
  }
  ops::Server server;
  std::string url;  // empty: it could not bind
  std::thread thread;
};

// A square drawn about the grid's point, opened: stored as the polygon drawn.
void OpenDrawnArea(Coordinator& c, const ops::Store& store) {
  IncidentDraft d = PlacedDraft(store);
  d.shape = viewer::DraftShape::kArea;
  const geo::LonLat p = d.center;
  for (auto [x, y] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}})
    viewer::ClickDraft(d, {p.lon + x * 0.003, p.lat + y * 0.002});
  auto in = viewer::IncidentFromDraft(d, ops::NowMs());
  ASSERT_TRUE(in) << in.error().message;
  c.Open(*in);
  auto opened = Await(c, 1);
  ASSERT_EQ(opened.size(), 1u);
  ASSERT_TRUE(opened[0].ok) << opened[0].message;
  const auto s = store.Latest();
  const ops::Incident& i = (*s->incidents)[static_cast<size_t>(opened[0].incident - 1)];
  EXPECT_EQ(i.opened_as.polygon, d.corners);
  EXPECT_EQ(i.opened_as.radius_m, 0);
  EXPECT_NEAR(i.opened_as.center.lon, p.lon, 1e-9);
  EXPECT_NEAR(i.opened_as.center.lat, p.lat, 1e-9);
}

TEST(Coordination, TheDeskOpensADrawnAreaHereAndOverHttp) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  {
    Coordinator here([&] { return std::make_unique<ops::StoreSink>(*store); });
    OpenDrawnArea(here, *store);
  }
  Serving serving(*store);
  ASSERT_FALSE(serving.url.empty());
  {
    Coordinator remote(
        [&] { return std::make_unique<ops::HttpSink>(serving.url, Serving::kToken); });
    OpenDrawnArea(remote, *store);
  }
  EXPECT_EQ(store->Latest()->incidents->size(), 2u);
}

TEST(Coordination, TheDeskWorksTheIncidentThroughTheStoreHere) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  Coordinator c([&] { return std::make_unique<ops::StoreSink>(*store); });
  RunWorkflow(c, *store);
}

TEST(Coordination, TheDeskWorksTheIncidentOverHttpWithTheToken) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  Serving serving(*store);
  ASSERT_FALSE(serving.url.empty());
  const std::string& url = serving.url;
  Coordinator c([&] { return std::make_unique<ops::HttpSink>(url, Serving::kToken); });
  RunWorkflow(c, *store);
  // A desk with the wrong token is told so, and nothing is stored.
  Coordinator wrong([&] { return std::make_unique<ops::HttpSink>(url, "not-the-token-000000"); });
  const size_t before = store->Latest()->incidents->size();
  auto in = viewer::IncidentFromDraft(PlacedDraft(*store), ops::NowMs());
  wrong.Open(*in);
  const auto refused = Await(wrong, 1);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_FALSE(refused[0].ok);
  EXPECT_NE(refused[0].message.find("token"), std::string::npos) << refused[0].message;
  EXPECT_EQ(refused[0].status, 401);
  EXPECT_EQ(&viewer::RefusalReason(refused[0].status), &viewer::kRefusedNoAccess)
      << "the desk says why in words";
  EXPECT_EQ(store->Latest()->incidents->size(), before);
}

}  // namespace
