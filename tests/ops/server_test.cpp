// The ingest API as a client meets it, on a real loopback socket: every
// class of bad input gets a 4xx naming the field and stores nothing; the
// closed loop, CAP alerts and the change stream work end to end.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "ops/server.hpp"
#include "store_fixture.hpp"

namespace {

using nlohmann::json;

constexpr const char* kToken = "test-token-0123456789abcdef";
constexpr const char* kGrid = "61082200200504";

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = test::OpenSampleStore(dir_.path() / "county.db");
    ASSERT_TRUE(store_);
    ops::ServerOptions o;
    o.port = 0;
    o.token = kToken;
    o.token_file = "/tmp/token";
    o.max_body = 64 << 10;
    server_ = std::make_unique<ops::Server>(*store_, o);
    auto port = server_->Bind();
    ASSERT_TRUE(port);
    port_ = *port;
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_default_headers({{"Authorization", std::string("Bearer ") + kToken}});
    here_ = test::PointIn(*store_, kGrid);
  }
  void TearDown() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Result Post(const std::string& path, const std::string& body,
                       const char* type = "application/json") {
    return client_->Post(path.c_str(), body, type);
  }
  std::string DemandForm() const {
    return fmt::format("service_code=S01&lat={}&long={}&description=%E6%A5%BC%E9%81%93", here_.lat,
                       here_.lon);
  }

  test::TempDir dir_;
  std::unique_ptr<ops::Store> store_;
  std::unique_ptr<ops::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
  geo::LonLat here_;
};

TEST_F(ServerTest, DemandThroughItsClosedLoop) {
  auto r = Post("/open311/v2/requests.json", DemandForm(), "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const json created = json::parse(r->body);
  EXPECT_EQ(created[0]["service_request_id"], "1");
  for (const char* to : {"dispatched", "handling", "reported", "verified", "closed"}) {
    auto t =
        Post("/api/v1/demands/1/transition", json{{"to", to}, {"actor", "网格员 王芳"}}.dump());
    ASSERT_TRUE(t);
    EXPECT_EQ(t->status, 200) << t->body;
  }
  auto got = client_->Get("/open311/v2/requests/1.json");
  ASSERT_TRUE(got);
  const json request = json::parse(got->body)[0];
  EXPECT_EQ(request["status"], "closed");
  EXPECT_EQ(request["stage"], "closed");
  EXPECT_EQ(request["grid"], kGrid);
  auto open = client_->Get("/open311/v2/requests.json?status=open");
  EXPECT_EQ(json::parse(open->body).size(), 0u);
  auto detail = client_->Get("/api/v1/demands/1");
  EXPECT_EQ(json::parse(detail->body)["timeline"].size(), 6u);
}

TEST_F(ServerTest, BadInputGets4xxNamingTheFieldAndStoresNothing) {
  const int64_t seq = store_->Latest()->seq;
  const std::string form = "application/x-www-form-urlencoded";
  struct Case {
    const char* what;
    std::string path, body, type;
    int status;
    std::string field;
  };
  const std::string lat = fmt::format("{}", here_.lat), lon = fmt::format("{}", here_.lon);
  const std::vector<Case> cases = {
      {"malformed JSON", "/open311/v2/requests.json", "{\"service_code\": ", "application/json",
       400, ""},
      {"unknown category", "/open311/v2/requests.json",
       "service_code=X99&lat=" + lat + "&long=" + lon, form, 400, "service_code"},
      {"swapped", "/open311/v2/requests.json", "service_code=S01&lat=" + lon + "&long=" + lat, form,
       400, "lat"},
      {"outside", "/open311/v2/requests.json", "service_code=S01&lat=31.23&long=121.47", form, 400,
       "lat"},
      {"missing lat", "/open311/v2/requests.json", "service_code=S01&long=" + lon, form, 400,
       "lat"},
      {"mistyped lat", "/open311/v2/requests.json",
       "{\"service_code\":\"S01\",\"lat\":\"north\",\"long\":" + lon + "}", "application/json", 400,
       "lat"},
      {"oversized", "/open311/v2/requests.json", std::string(70 << 10, 'a'), form, 413, ""},
      {"wrong type", "/open311/v2/requests.json", "<xml/>", "application/xml", 415, ""},
      {"bad stage", "/api/v1/demands/1/transition", "{\"to\":\"done\"}", "application/json", 400,
       "to"},
      {"unknown demand", "/api/v1/demands/77/transition", "{\"to\":\"dispatched\"}",
       "application/json", 404, "id"},
      {"readings not JSON", "/api/v1/readings", "[{", "application/json", 400, ""},
      {"CAP not XML", "/api/v1/cap", "<alert", "application/xml", 400, ""},
      {"CAP XXE", "/api/v1/cap",
       "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
       "application/xml", 400, ""},
      {"incident without area", "/api/v1/incidents",
       "{\"level\":\"II\",\"class\":\"accident\",\"title\":\"t\"}", "application/json", 400, ""},
      {"unknown incident", "/api/v1/incidents/5/summons", "{\"departments\":[\"fire\"]}",
       "application/json", 404, "id"},
  };
  for (const Case& c : cases) {
    auto r = Post(c.path, c.body, c.type.c_str());
    ASSERT_TRUE(r) << c.what;
    EXPECT_EQ(r->status, c.status) << c.what << ": " << r->body;
    const json body = json::parse(r->body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << c.what << ": the answer is JSON: " << r->body;
    const json& e = body.is_array() ? body[0] : body["error"];
    const std::string message = e.contains("description") ? e["description"] : e["message"];
    EXPECT_FALSE(message.empty()) << c.what;
    if (!c.field.empty()) {
      EXPECT_EQ(e["field"], c.field) << c.what << ": " << message;
    }
  }
  httplib::Client anonymous("127.0.0.1", port_);
  auto r = anonymous.Post("/open311/v2/requests.json", DemandForm(), form.c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(store_->Latest()->seq, seq) << "nothing of a refused request is stored";
  EXPECT_EQ(store_->Latest()->demands.size(), 0u);
  // …and the server keeps serving.
  auto ok = Post("/open311/v2/requests.json", DemandForm(), form.c_str());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201);
}

TEST_F(ServerTest, CapAlertOpensUpdatesAndCancelsAnIncident) {
  auto cap = [&](const std::string& id, const std::string& type, const std::string& refs,
                 const std::string& severity) {
    return fmt::format(
        R"(<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{}</identifier><sender>61082241600000</sender>
  <sent>2026-07-11T08:30:00+08:00</sent><status>Actual</status><msgType>{}</msgType>
  <scope>Public</scope>{}
  <info><language>zh-CN</language><category>Met</category><event>暴雨</event>
    <urgency>Immediate</urgency><severity>{}</severity><certainty>Likely</certainty>
    <headline>府谷县气象台发布暴雨橙色预警</headline>
    <area><areaDesc>府谷县城区</areaDesc><circle>{},{} 1.5</circle></area></info>
</alert>)",
        id, type, refs, severity, here_.lat, here_.lon);
  };
  auto opened = Post("/api/v1/cap", cap("61082241600000_20260711083000_0", "Alert", "", "Severe"),
                     "application/xml");
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201) << opened->body;
  auto incident = json::parse(client_->Get("/api/v1/incidents/1")->body);
  EXPECT_EQ(incident["level"], "II");
  auto again = Post("/api/v1/cap", cap("61082241600000_20260711083000_0", "Alert", "", "Severe"),
                    "application/xml");
  EXPECT_EQ(again->status, 409) << again->body;
  const std::string ref =
      "<references>61082241600000,61082241600000_20260711083000_0,2026-07-11T08:30:00+08:00</"
      "references>";
  auto updated =
      Post("/api/v1/cap", cap("61082241600000_20260711093000_1", "Update", ref, "Extreme"),
           "application/xml");
  ASSERT_EQ(updated->status, 200) << updated->body;
  EXPECT_EQ(json::parse(client_->Get("/api/v1/incidents/1")->body)["level"], "I");
  auto cancelled =
      Post("/api/v1/cap", cap("61082241600000_20260711103000_2", "Cancel", ref, "Extreme"),
           "application/xml");
  ASSERT_EQ(cancelled->status, 200) << cancelled->body;
  EXPECT_EQ(json::parse(client_->Get("/api/v1/incidents/1")->body)["stage"], "ended");
}

// What an incident's area covers: the grid it is drawn on, its residents,
// the open demand inside; and the same for a circle before any incident.
TEST_F(ServerTest, ImpactOfAnIncidentAndOfADrawnCircle) {
  ASSERT_EQ(
      Post("/open311/v2/requests.json", DemandForm(), "application/x-www-form-urlencoded")->status,
      201);
  auto opened = Post("/api/v1/incidents", json{{"level", "II"},
                                               {"class", "natural_disaster"},
                                               {"title", "内涝"},
                                               {"lon", here_.lon},
                                               {"lat", here_.lat},
                                               {"radius_m", 300}}
                                              .dump());
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201) << opened->body;
  const int64_t id = json::parse(opened->body)["incident"];
  auto got = client_->Get(fmt::format("/api/v1/incidents/{}/impact", id).c_str());
  ASSERT_TRUE(got);
  ASSERT_EQ(got->status, 200) << got->body;
  const json impact = json::parse(got->body);
  bool has_grid = false;
  for (const json& g : impact["grids"]) has_grid |= g["code"] == kGrid;
  EXPECT_TRUE(has_grid) << impact.dump();
  EXPECT_EQ(impact["open_demands"], 1);
  EXPECT_EQ(impact["open_demand_ids"], json::array({1}));
  EXPECT_GT(impact["population"].get<int64_t>(), 0);
  EXPECT_FALSE(impact["communities"].empty());

  // Before drawing: the same circle as a preview gives the same answer.
  auto preview = client_->Get(
      fmt::format("/api/v1/impact?lon={}&lat={}&radius_m=300", here_.lon, here_.lat).c_str());
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200) << preview->body;
  EXPECT_EQ(json::parse(preview->body)["grids"], impact["grids"]);

  // Bad queries name the parameter; an unknown incident is a 404.
  auto no_lat = client_->Get(fmt::format("/api/v1/impact?lon={}&radius_m=3", here_.lon).c_str());
  ASSERT_TRUE(no_lat);
  EXPECT_EQ(no_lat->status, 400);
  EXPECT_EQ(json::parse(no_lat->body)["error"]["field"], "lat") << no_lat->body;
  auto bad_radius = client_->Get(
      fmt::format("/api/v1/impact?lon={}&lat={}&radius_m=-5", here_.lon, here_.lat).c_str());
  ASSERT_TRUE(bad_radius);
  EXPECT_EQ(bad_radius->status, 400);
  EXPECT_EQ(json::parse(bad_radius->body)["error"]["field"], "radius_m");
  auto text_radius = client_->Get(
      fmt::format("/api/v1/impact?lon={}&lat={}&radius_m=abc", here_.lon, here_.lat).c_str());
  ASSERT_TRUE(text_radius);
  EXPECT_EQ(text_radius->status, 400);
  auto missing = client_->Get("/api/v1/incidents/99/impact");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

// An area drawn as a polygon, with no label point: the server places one
// inside it (here a C-shaped ring whose centroid lies in its empty middle,
// outside the ring), and the impact is the polygon's, not a circle's.
TEST_F(ServerTest, APolygonAreaWithoutALabelPointIsOpenedAroundItsDemands) {
  ASSERT_EQ(
      Post("/open311/v2/requests.json", DemandForm(), "application/x-www-form-urlencoded")->status,
      201);
  const double d = 0.002;  // about 200 m
  auto at = [&](double x, double y) { return json::array({here_.lon + x * d, here_.lat + y * d}); };
  // The C's spine runs through the demand: x from -1 to 0.5, y from -2 to
  // 2; its arms reach x = 3, which puts the centroid at x ≈ 0.66, outside.
  const json ring = json::array(
      {at(-1, -2), at(3, -2), at(3, -1), at(0.5, -1), at(0.5, 1), at(3, 1), at(3, 2), at(-1, 2)});
  auto opened = Post(
      "/api/v1/incidents",
      json{{"level", "III"}, {"class", "public_health"}, {"title", "封控区"}, {"polygon", ring}}
          .dump());
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201) << opened->body;
  const int64_t id = json::parse(opened->body)["incident"];
  const json incident =
      json::parse(client_->Get(fmt::format("/api/v1/incidents/{}", id).c_str())->body);
  EXPECT_EQ(incident["polygon"].size(), 8u) << incident.dump();
  const double lon = incident["lon"], lat = incident["lat"];
  EXPECT_GT(lon, here_.lon - d) << "the label point lies on the C's spine";
  EXPECT_LT(lon, here_.lon + 0.5 * d) << "the label point lies on the C's spine";
  EXPECT_NEAR(lat, here_.lat, 1e-9);
  auto impact =
      json::parse(client_->Get(fmt::format("/api/v1/incidents/{}/impact", id).c_str())->body);
  EXPECT_EQ(impact["open_demand_ids"], json::array({1})) << impact.dump();
}

TEST_F(ServerTest, StreamResumesFromLastEventId) {
  for (int i = 0; i < 3; ++i) {
    auto r = Post("/open311/v2/requests.json", DemandForm(), "application/x-www-form-urlencoded");
    ASSERT_EQ(r->status, 201);
  }
  const int64_t last = store_->Latest()->seq;
  httplib::Client reader("127.0.0.1", port_);
  std::string received;
  auto r = reader.Get("/api/v1/stream", {{"Last-Event-ID", std::to_string(last - 2)}},
                      [&](const char* data, size_t n) {
                        received.append(data, n);
                        return received.find(fmt::format("id: {}\n", last)) == std::string::npos;
                      });
  EXPECT_EQ(received.find(fmt::format("id: {}\n", last - 2)), std::string::npos);
  EXPECT_NE(received.find(fmt::format("id: {}\nevent: demand.received", last - 1)),
            std::string::npos)
      << received;
  EXPECT_NE(received.find(fmt::format("id: {}\n", last)), std::string::npos);
  auto snapshot = json::parse(client_->Get("/api/v1/snapshot")->body);
  EXPECT_EQ(snapshot["seq"], last);
  EXPECT_EQ(snapshot["kpis"]["county"]["open"], 3);
  EXPECT_EQ(snapshot["open_demands"].size(), 3u);
}

TEST_F(ServerTest, OrganisationChangesThroughTheApiWithoutTouchingShapefiles) {
  auto before = json::parse(client_->Get(fmt::format("/api/v1/organisation?area={}", kGrid))->body);
  ASSERT_EQ(before["chiefs"].size(), 1u) << "the seed has one grid chief per grid";
  EXPECT_EQ(before["chiefs"][0]["role"], "grid");
  auto chief = client_->Put("/api/v1/organisation/chiefs",
                            json{{"area_code", kGrid},
                                 {"role", "grid"},
                                 {"name", "李明"},
                                 {"phone", "139-0000-0001"},
                                 {"on_duty", false}}
                                .dump(),
                            "application/json");
  ASSERT_EQ(chief->status, 200) << chief->body;
  auto party = client_->Put("/api/v1/organisation/party",
                            json{{"area_code", kGrid},
                                 {"kind", "grid_organisation"},
                                 {"name", "第四网格党支部"},
                                 {"secretary", "赵红"}}
                                .dump(),
                            "application/json");
  ASSERT_EQ(party->status, 200) << party->body;
  auto bad =
      client_->Put("/api/v1/organisation/units",
                   json{{"id", "U999"}, {"name", "县水务局"}, {"community_code", kGrid}}.dump(),
                   "application/json");
  EXPECT_EQ(bad->status, 400) << "a unit registers with a community, not a grid";
  EXPECT_EQ(json::parse(bad->body)["error"]["field"], "community_code");
  const json after =
      json::parse(client_->Get(fmt::format("/api/v1/organisation?area={}", kGrid))->body);
  ASSERT_EQ(after["chiefs"].size(), 1u);
  EXPECT_EQ(after["chiefs"][0]["name"], "李明");
  EXPECT_EQ(after["chiefs"][0]["on_duty"], false);
  bool found = false;
  for (const json& p : after["party_orgs"]) found |= p["secretary"] == "赵红";
  EXPECT_TRUE(found);
}

}  // namespace
