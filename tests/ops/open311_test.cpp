// Open311 GeoReport v2 as a client meets it: the spec's own examples, form
// and JSON bodies (Chinese text, escapes), every kind of bad request, the GET
// filters and the shape of what we answer.
#include "ops/open311.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "geo/text_encoding.hpp"
#include "ops/api_json.hpp"
#include "support/test_support.hpp"

namespace ops {
namespace {

using nlohmann::json;

constexpr std::string_view kForm = "application/x-www-form-urlencoded; charset=utf-8";
constexpr std::string_view kJson = "application/json";

Catalog TestCatalog() {
  Catalog c;
  c.families = {{"sanitation", "环境卫生", "Sanitation"}, {"street", "市政设施", "Streets"}};
  c.categories = {
      {"S01", "楼道杂物清理", "Clearing clutter from stairwells", "sanitation",
       ItemKind::kSelfGovernance, 72, "楼道、消防通道堆放杂物的清理"},
      {"A07", "路灯损坏", "Broken street light", "street", ItemKind::kAssisted, 48, ""},
      {"001", "Cans left out 24x7", "Cans left out 24x7", "sanitation", ItemKind::kAssisted, 24,
       ""},
  };
  c.departments = {{"sanitation", "县环卫中心", "County sanitation centre", "0912-1", 30}};
  return c;
}

geo::GridSet TestGrids() {
  geo::GridSet g;
  const auto add = [&g](geo::Level level, const char* code, const char* name) {
    geo::Feature f;
    f.level = level;
    f.code = code;
    f.name = name;
    g.features.push_back(f);
  };
  add(geo::Level::kCommunity, "610822001001", "府州社区");
  add(geo::Level::kGrid, "61082200100101", "府州社区第一网格");
  add(geo::Level::kCompound, "6108220010010101", "府州小区");
  return g;
}

Demand TestDemand() {
  Demand d;
  d.id = 7;
  d.category = "S01";
  d.source = Source::kHotline;
  d.description = "楼道堆放杂物";
  d.address = "府州路 12 号";
  d.lonlat = {111.0712, 39.0321};
  d.areas = {0, 1, 2, geo::kNoFeature};
  d.stage = Stage::kDispatched;
  d.received = *ParseTime("2026-11-25T08:30:00Z");
  d.deadline = d.received + 72 * kHour;
  d.updated = d.received + kHour;
  d.assignee = "sanitation";
  return d;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string SpecFile(const std::string& name) {
  return ReadFile(test::SharedData("open311/spec-examples/" + name));
}

// The keys of a spec example, read with a pattern because three of the
// examples are not valid JSON.
std::set<std::string> KeysOf(const std::string& text) {
  std::set<std::string> keys;
  const std::regex key("\"([a-z_]+)\"\\s*:");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), key); it != std::sregex_iterator();
       ++it) {
    keys.insert((*it)[1]);
  }
  return keys;
}

// Every refusal names its field first and stays printable as JSON.
void ExpectWellFormed(const RequestError& e) {
  const std::string lead = (e.field.empty() ? std::string("body") : e.field) + ": ";
  EXPECT_EQ(e.message.rfind(lead, 0), 0u) << e.message;
  EXPECT_TRUE(geo::IsValidUtf8(e.message)) << e.message;
  EXPECT_NO_THROW((void)Open311ErrorJson(e).dump());
}

RequestError PostError(std::string_view type, std::string_view body) {
  const auto r = ParseRequestPost(type, body, TestCatalog());
  EXPECT_FALSE(r.has_value()) << body.substr(0, 200);
  if (r) return {};
  ExpectWellFormed(r.error());
  return r.error();
}

// ---------------------------------------------------------------------------
// The spec's examples

TEST(Open311Spec, ExamplePostArgumentsParse) {
  const std::string spec = SpecFile("GeoReport_v2_index.md");
  const size_t at = spec.find("api_key=xyz&");
  ASSERT_NE(at, std::string::npos);
  const std::string body = spec.substr(at, spec.find('\n', at) - at);
  const auto r = ParseRequestPost(kForm, body, TestCatalog());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->category, "001");
  EXPECT_DOUBLE_EQ(r->location.lat, 37.76524078);
  EXPECT_DOUBLE_EQ(r->location.lon, -122.4212043);
  EXPECT_EQ(r->address, "1234 5th street");
  EXPECT_EQ(r->contact_email, "smit333@sfgov.edu");
  EXPECT_EQ(r->device_id, "tt222111");
  EXPECT_EQ(r->contact_name, "john smith");
  EXPECT_EQ(r->contact_phone, "111111111");
  EXPECT_EQ(r->description, "A large sinkhole is destroying the street");
  EXPECT_EQ(r->media_url, "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg");
  EXPECT_EQ(r->source, Source::kApp);
  EXPECT_EQ(r->at, 0);
}

TEST(Open311Spec, ExactlyThreeExamplesAreNotJsonAndWeRefuseThemWithAPosition) {
  std::set<std::string> invalid;
  for (const char* name : {"errors_403.json", "post_request_response.json",
                           "service_definition.json", "service_request.json",
                           "service_requests.json", "services_list.json", "token_response.json"}) {
    const std::string text = SpecFile(name);
    if (!json::accept(text)) invalid.insert(name);
    const auto parsed = ParseJsonBody(text);
    EXPECT_EQ(parsed.has_value(), json::accept(text)) << name;
    if (parsed) continue;
    EXPECT_EQ(parsed.error().status, 400);
    EXPECT_EQ(parsed.error().field, "");
    EXPECT_NE(parsed.error().message.find("at byte"), std::string::npos) << parsed.error().message;
    EXPECT_NE(parsed.error().message.find("line"), std::string::npos) << parsed.error().message;
    // Posted as a request body, the same: a 400, never a crash.
    const RequestError e = PostError(kJson, text);
    EXPECT_EQ(e.status, 400);
    EXPECT_NE(e.message.find("not valid JSON at byte"), std::string::npos) << e.message;
  }
  EXPECT_EQ(invalid, (std::set<std::string>{"service_request.json", "service_requests.json",
                                            "services_list.json"}));
}

TEST(Open311Spec, RequestJsonHasEveryFieldOfTheSpecExamples) {
  const json ours = RequestJson(TestDemand(), TestCatalog(), TestGrids(), TestDemand().received);
  for (const char* name : {"service_request.json", "service_requests.json"}) {
    const auto keys = KeysOf(SpecFile(name));
    ASSERT_GE(keys.size(), 17u) << name;
    for (const std::string& key : keys) EXPECT_TRUE(ours.contains(key)) << name << ": " << key;
  }
  // As the spec's XML and JSON examples give them: w3 times, status open/closed.
  EXPECT_TRUE(ours["service_request_id"].is_string());
  EXPECT_TRUE(ParseTime(ours["requested_datetime"].get<std::string>()));
  EXPECT_TRUE(ParseTime(ours["expected_datetime"].get<std::string>()));
  EXPECT_EQ(ours["status"], "open");
}

TEST(Open311Spec, ServicesJsonHasEveryFieldOfTheSpecExample) {
  const json ours = ServicesJson(TestCatalog());
  ASSERT_EQ(ours.size(), 3u);
  for (const std::string& key : KeysOf(SpecFile("services_list.json"))) {
    for (const json& service : ours) EXPECT_TRUE(service.contains(key)) << key;
  }
}

TEST(Open311Spec, ServiceDefinitionAndErrorHaveTheSpecShape) {
  const json spec_definition = json::parse(SpecFile("service_definition.json"));
  const auto ours = ServiceDefinitionJson(TestCatalog(), "S01");
  ASSERT_TRUE(ours);
  for (const auto& [key, value] : spec_definition.items()) {
    EXPECT_TRUE(ours->contains(key)) << key;
    EXPECT_EQ((*ours)[key].type(), value.type()) << key;
  }

  const json spec_error = json::parse(SpecFile("errors_403.json"));
  const json error = Open311ErrorJson({403, "api_key", "api_key: wrong"});
  ASSERT_TRUE(error.is_array());
  ASSERT_EQ(error.size(), 1u);
  for (const auto& [key, value] : spec_error[0].items()) {
    EXPECT_EQ(error[0][key].is_number(), value.is_number()) << key;
    EXPECT_EQ(error[0][key].is_string(), value.is_string()) << key;
  }
  EXPECT_EQ(error[0]["code"], 403);
  EXPECT_EQ(error[0]["field"], "api_key");
}

// ---------------------------------------------------------------------------
// POST bodies

TEST(Open311Post, FormTakesChinesePercentEscapesAndPlusSpaces) {
  const auto r = ParseRequestPost(
      kForm,
      "service_code=S01&lat=39.0321&long=111.0712&description=%E6%A5%BC%E9%81%93+%E5%A0%86%E6%94%BE"
      "&address_string=府州路+12号&first_name=%E8%8A%B3&last_name=王&source=grid_worker"
      "&requested_datetime=2026-11-25T08%3A30%3A00%2B08%3A00&attribute%5BWHISPAWN%5D=123",
      TestCatalog());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->description, "楼道 堆放");
  EXPECT_EQ(r->address, "府州路 12号");
  EXPECT_EQ(r->contact_name, "王芳");
  EXPECT_EQ(r->source, Source::kGridWorker);
  EXPECT_EQ(r->at, *ParseTime("2026-11-25T00:30:00Z"));
}

TEST(Open311Post, MalformedEscapesAreRefusedNamingTheField) {
  for (const char* bad : {"%zz", "%4", "%", "abc%g1"}) {
    const RequestError e =
        PostError(kForm, std::string("service_code=S01&lat=39&long=111&description=") + bad);
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.field, "description") << bad;
    EXPECT_NE(e.message.find("percent-escape"), std::string::npos) << e.message;
  }
  EXPECT_EQ(PostError(kForm, "service_code=S01&%zzlat=1").field, "");
}

TEST(Open311Post, TextThatIsNotUtf8IsRefused) {
  // GBK bytes of 楼道, escaped and raw.
  for (const std::string& desc : {std::string("%C2%A5%B5%C0"), std::string("\xC2\xA5\xB5\xC0")}) {
    const RequestError e = PostError(kForm, "service_code=S01&lat=39&long=111&description=" + desc);
    EXPECT_EQ(e.field, "description");
    EXPECT_NE(e.message.find("not UTF-8"), std::string::npos) << e.message;
  }
  EXPECT_EQ(PostError(kForm, "service_code=S01&lat=%FF&long=111").field, "lat");
  // In JSON the parser itself refuses the bytes.
  EXPECT_EQ(PostError(kJson, "{\"service_code\": \"S01\xFF\"}").status, 400);
}

TEST(Open311Post, JsonObjectOrTheSpecsArrayOfOne) {
  const std::string object =
      R"({"service_code": "A07", "lat": 39.03, "long": 111.07, "description": "路灯不亮",
          "account_id": null, "attribute": {"X": 1}, "media_url": null})";
  for (const std::string& body : {object, "[" + object + "]"}) {
    const auto r = ParseRequestPost("Application/JSON; charset=UTF-8", body, TestCatalog());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->category, "A07");
    EXPECT_EQ(r->description, "路灯不亮");
    EXPECT_EQ(r->media_url, "");
  }
  EXPECT_EQ(PostError(kJson, "[" + object + "," + object + "]").status, 400);
  EXPECT_EQ(PostError(kJson, "[]").status, 400);
  EXPECT_EQ(PostError(kJson, "\"S01\"").status, 400);
}

TEST(Open311Post, SwappedTypesAreRefusedNamingTheField) {
  const struct {
    const char* body;
    const char* field;
    const char* says;
  } cases[] = {
      {R"({"service_code": 1, "lat": 39, "long": 111})", "service_code", "1 is not a string"},
      {R"({"service_code": "S01", "lat": "39.03", "long": 111})", "lat",
       "\"39.03\" is not a number"},
      {R"({"service_code": "S01", "lat": 39, "long": [111]})", "long", "an array is not a number"},
      {R"({"service_code": "S01", "lat": 39, "long": 111, "description": 5})", "description",
       "5 is not a string"},
      {R"({"service_code": "S01", "lat": 39, "long": 111, "source": true})", "source",
       "true is not a string"},
      {R"({"service_code": "S01", "lat": 39, "long": 111, "requested_datetime": 1764030600})",
       "requested_datetime", "1764030600 is not an RFC 3339 time"},
  };
  for (const auto& c : cases) {
    const RequestError e = PostError(kJson, c.body);
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.field, c.field) << c.body;
    EXPECT_NE(e.message.find(c.says), std::string::npos) << e.message;
  }
  EXPECT_EQ(PostError(kForm, "service_code=S01&lat=abc&long=111").message,
            "lat: \"abc\" is not a number");
}

TEST(Open311Post, ServiceCodeIsRequiredAndMustBeOurs) {
  const RequestError missing = PostError(kForm, "lat=39&long=111");
  EXPECT_EQ(missing.field, "service_code");
  EXPECT_NE(missing.message.find("services.json"), std::string::npos);
  EXPECT_EQ(PostError(kForm, "service_code=X99&lat=39&long=111").message,
            "service_code: \"X99\" is not a service of this county; GET "
            "/open311/v2/services.json lists them");
  EXPECT_EQ(PostError(kForm, "service_code=&lat=39&long=111").field, "service_code");
}

TEST(Open311Post, CoordinatesAreRequiredDegrees) {
  const struct {
    const char* args;
    const char* field;
    const char* says;
  } cases[] = {
      {"lat=200&long=111", "lat", "200 is not a latitude"},
      {"lat=39&long=-181", "long", "-181 is not a longitude"},
      {"lat=111.07&long=39.03", "lat", "were lat and long swapped?"},
      {"lat=nan&long=111", "lat", "not a finite number"},
      {"lat=inf&long=111", "lat", "not a finite number"},
      {"lat=1e999&long=111", "lat", ""},
      {"lat=&long=111", "lat", "\"\" is not a number"},
      {"lat=+39&long=111", "lat", "not a number"},
      {"lat=39", "long", "missing"},
      {"long=111", "lat", "missing"},
  };
  for (const auto& c : cases) {
    const RequestError e = PostError(kForm, std::string("service_code=S01&") + c.args);
    EXPECT_EQ(e.field, c.field) << c.args;
    EXPECT_NE(e.message.find(c.says), std::string::npos) << e.message;
  }
  // nlohmann refuses a number beyond double's range while parsing.
  EXPECT_NE(PostError(kJson, R"({"service_code": "S01", "lat": 1e400, "long": 111})")
                .message.find("1e400"),
            std::string::npos);
  EXPECT_EQ(PostError(kJson, R"({"service_code": "S01", "lat": NaN, "long": 111})").status, 400);
}

TEST(Open311Post, SizesContentTypesAndEmptyBodies) {
  const std::string long_text(4001, 'x');
  EXPECT_EQ(PostError(kForm, "service_code=S01&lat=39&long=111&description=" + long_text).field,
            "description");
  EXPECT_TRUE(ParseRequestPost(
      kForm, "service_code=S01&lat=39&long=111&description=" + long_text.substr(1), TestCatalog()));
  // Megabytes of fields nobody reads: ignored, and no crash.
  std::string huge = "service_code=S01&lat=39&long=111";
  for (int i = 0; i < 200000; ++i) huge += "&x" + std::to_string(i) + "=%E6%A5%BC";
  EXPECT_TRUE(ParseRequestPost(kForm, huge, TestCatalog()));

  EXPECT_EQ(PostError(kForm, "").field, "service_code");
  EXPECT_EQ(PostError(kJson, "").message, "body: empty; expected JSON");
  EXPECT_EQ(PostError("text/plain", "service_code=S01").status, 415);
  EXPECT_EQ(PostError("", "service_code=S01").status, 415);
  EXPECT_EQ(PostError("application/x-www-form-urlencoded; charset=GBK", "service_code=S01").status,
            415);
  EXPECT_EQ(PostError("multipart/form-data; boundary=x", "service_code=S01").field, "Content-Type");
}

TEST(Open311Post, ExtensionsSourceAndRequestedTime) {
  EXPECT_NE(PostError(kForm, "service_code=S01&lat=39&long=111&source=twitter")
                .message.find("hotline, grid_worker, app, window or sensor"),
            std::string::npos);
  EXPECT_NE(PostError(kForm,
                      "service_code=S01&lat=39&long=111&requested_datetime="
                      "2026-11-25T08:30:00")
                .message.find("no time zone"),
            std::string::npos);
  EXPECT_EQ(PostError(kForm, "service_code=S01&lat=39&long=111&requested_datetime=yesterday").field,
            "requested_datetime");
}

TEST(Open311Post, SimulatorBodyRoundTrips) {
  DemandInput d;
  d.category = "S01";
  d.source = Source::kWindow;
  d.description = "楼道堆放杂物\n三单元 \"急\"";
  d.location = {111.07123456789012, 39.032109876543};
  d.address = "府州路 12 号";
  d.contact_name = "王芳";
  d.contact_phone = "13800000000";
  d.contact_email = "w@example.cn";
  d.device_id = "sim-1";
  d.media_url = "https://example.cn/1.jpg";
  d.at = *ParseTime("2026-11-25T08:30:00.250Z");
  DemandInput bare;
  bare.category = "A07";
  bare.location = {111, 39};
  for (const DemandInput& in : {d, bare}) {
    const auto r = ParseRequestPost(kJson, ToOpen311Json(in).dump(), TestCatalog());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->category, in.category);
    EXPECT_EQ(r->source, in.source);
    EXPECT_EQ(r->description, in.description);
    EXPECT_EQ(r->location, in.location);
    EXPECT_EQ(r->address, in.address);
    EXPECT_EQ(r->contact_name, in.contact_name);
    EXPECT_EQ(r->contact_phone, in.contact_phone);
    EXPECT_EQ(r->contact_email, in.contact_email);
    EXPECT_EQ(r->device_id, in.device_id);
    EXPECT_EQ(r->media_url, in.media_url);
    EXPECT_EQ(r->at, in.at);
  }
}

TEST(Open311Post, RandomBytesNeverCrash) {
  std::mt19937 rng(311);
  const std::string spec_form =
      "service_code=S01&lat=39.03&long=111.07&description=%E6%A5%BC+x&first_name=a&last_name=b";
  for (int i = 0; i < 3000; ++i) {
    std::string body = spec_form;
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < edits; ++k) body[rng() % body.size()] = static_cast<char>(rng() % 256);
    if (i % 3 == 0) {
      body.assign(rng() % 64, '\0');
      for (char& c : body) c = static_cast<char>(rng() % 256);
    }
    for (std::string_view type : {kForm, kJson}) {
      Checked<DemandInput> r;
      ASSERT_NO_THROW(r = ParseRequestPost(type, body, TestCatalog()));
      if (r) {
        EXPECT_TRUE(geo::IsValidUtf8(r->description));
      } else {
        ExpectWellFormed(r.error());
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Services and GET

TEST(Open311Services, ListsChineseNamesWithOurExtensions) {
  const json list = ServicesJson(TestCatalog());
  const json& s = list[0];
  EXPECT_EQ(s["service_code"], "S01");
  EXPECT_EQ(s["service_name"], "楼道杂物清理");
  EXPECT_EQ(s["service_name_en"], "Clearing clutter from stairwells");
  EXPECT_EQ(s["group"], "环境卫生");
  EXPECT_EQ(s["family"], "sanitation");
  EXPECT_EQ(s["kind"], "self_governance");
  EXPECT_EQ(s["deadline_hours"], 72);
  EXPECT_EQ(s["metadata"], false);
  EXPECT_EQ(s["type"], "realtime");
  EXPECT_EQ(list[1]["kind"], "assisted");

  const auto unknown = ServiceDefinitionJson(TestCatalog(), "X\xFF");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().status, 404);
  ExpectWellFormed(unknown.error());
}

std::multimap<std::string, std::string> Params(
    std::initializer_list<std::pair<const std::string, std::string>> list) {
  return {list};
}

TEST(Open311Query, SpecSampleUrlAndExtensions) {
  const auto q = ParseRequestQuery(Params({{"start_date", "2010-05-24T00:00:00Z"},
                                           {"end_date", "2010-06-24T00:00:00Z"},
                                           {"status", "open"},
                                           {"jurisdiction_id", "city.gov"}}));
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->start, *ParseTime("2010-05-24T00:00:00Z"));
  EXPECT_EQ(q->end, *ParseTime("2010-06-24T00:00:00Z"));
  EXPECT_EQ(q->open, true);
  EXPECT_EQ(q->limit, 1000u);

  const auto ext = ParseRequestQuery(Params({{"service_request_id", "1, 2,3"},
                                             {"service_code", "S01"},
                                             {"service_code", "A07"},
                                             {"status", "open,closed"},
                                             {"stage", "handling"},
                                             {"area", "61082200100101"},
                                             {"limit", "50"}}));
  ASSERT_TRUE(ext) << ext.error().message;
  EXPECT_EQ(ext->ids, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(ext->service_code, "S01,A07");
  EXPECT_EQ(ext->open, std::nullopt);
  EXPECT_EQ(ext->stage, Stage::kHandling);
  EXPECT_EQ(ext->area, "61082200100101");
  EXPECT_EQ(ext->limit, 50u);
}

TEST(Open311Query, BadFiltersNameTheParameter) {
  const struct {
    const char* key;
    const char* value;
  } cases[] = {
      {"service_request_id", "7,x"},
      {"service_request_id", "-1"},
      {"start_date", "2010-05-24"},
      {"end_date", "2010-05-24T00:00:00"},
      {"status", "pending"},
      {"stage", "done"},
      {"limit", "0"},
      {"limit", "10001"},
      {"limit", "ten"},
      {"area", "\xFF"},
  };
  for (const auto& c : cases) {
    const auto q = ParseRequestQuery(Params({{c.key, c.value}}));
    ASSERT_FALSE(q) << c.key << "=" << c.value;
    EXPECT_EQ(q.error().status, 400);
    EXPECT_EQ(q.error().field, c.key);
    ExpectWellFormed(q.error());
  }
  const auto reversed = ParseRequestQuery(
      Params({{"start_date", "2026-11-25T00:00:00Z"}, {"end_date", "2026-11-24T00:00:00Z"}}));
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().field, "end_date");
  EXPECT_FALSE(ParseRequestQuery(Params({{"limit", "5"}, {"limit", "6"}})));
}

TEST(Open311Query, MatchesEachFilter) {
  const geo::GridSet grids = TestGrids();
  const Demand d = TestDemand();
  const auto match = [&](std::initializer_list<std::pair<const std::string, std::string>> p) {
    const auto q = ParseRequestQuery(Params(p));
    EXPECT_TRUE(q) << q.error().message;
    return q && Matches(*q, d, grids);
  };
  EXPECT_TRUE(match({}));
  EXPECT_TRUE(match({{"service_request_id", "3,7"}}));
  EXPECT_FALSE(match({{"service_request_id", "3"}}));
  // The ids override every other filter, as the spec says.
  EXPECT_TRUE(match({{"service_request_id", "7"}, {"status", "closed"}}));
  EXPECT_TRUE(match({{"service_code", "A07,S01"}}));
  EXPECT_FALSE(match({{"service_code", "A07"}}));
  EXPECT_TRUE(match({{"start_date", "2026-11-25T16:30:00+08:00"}}));
  EXPECT_FALSE(match({{"start_date", "2026-11-25T08:30:01Z"}}));
  EXPECT_FALSE(match({{"end_date", "2026-11-25T08:29:59Z"}}));
  EXPECT_TRUE(match({{"status", "open"}}));
  EXPECT_FALSE(match({{"status", "closed"}}));
  EXPECT_TRUE(match({{"stage", "dispatched"}}));
  EXPECT_TRUE(match({{"stage", "派遣"}}));
  EXPECT_FALSE(match({{"stage", "closed"}}));
  EXPECT_TRUE(match({{"area", "610822001001"}}));
  EXPECT_TRUE(match({{"area", "6108220010010101"}}));
  EXPECT_FALSE(match({{"area", "610822001002"}}));
}

TEST(Open311Requests, RequestJsonCarriesOurLoopAndAreas) {
  Demand d = TestDemand();
  const Catalog catalog = TestCatalog();
  const geo::GridSet grids = TestGrids();
  json j = RequestJson(d, catalog, grids, d.received);
  EXPECT_EQ(j["service_request_id"], "7");
  EXPECT_EQ(j["service_name"], "楼道杂物清理");
  EXPECT_EQ(j["agency_responsible"], "sanitation");
  EXPECT_EQ(j["service_notice"], "Assigned to 府州社区第一网格; due 2026-11-28T08:30:00Z");
  EXPECT_EQ(j["expected_datetime"], "2026-11-28T08:30:00Z");
  EXPECT_EQ(j["updated_datetime"], "2026-11-25T09:30:00Z");
  EXPECT_EQ(j["lat"], 39.0321);
  EXPECT_EQ(j["long"], 111.0712);
  EXPECT_EQ(j["stage"], "dispatched");
  EXPECT_EQ(j["stage_zh"], "派遣");
  EXPECT_EQ(j["overdue"], false);
  EXPECT_EQ(j["source"], "hotline");
  EXPECT_EQ(j["community"], "610822001001");
  EXPECT_EQ(j["grid"], "61082200100101");
  EXPECT_EQ(j["compound"], "6108220010010101");

  d.stage = Stage::kClosed;
  d.closed = d.deadline + kHour;
  d.areas = {geo::kNoFeature, geo::kNoFeature, geo::kNoFeature, geo::kNoFeature};
  d.assignee.clear();
  j = RequestJson(d, catalog, grids, d.received);
  EXPECT_EQ(j["status"], "closed");
  EXPECT_EQ(j["overdue"], true);
  EXPECT_EQ(j["grid"], "");
  EXPECT_TRUE(j["agency_responsible"].is_null());
  EXPECT_EQ(j["service_notice"].get<std::string>().rfind("Outside every grid", 0), 0u);
}

}  // namespace
}  // namespace ops
