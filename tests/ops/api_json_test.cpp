// The JSON bodies of docs/api.md: each one parsed as documented, refused with
// its field named when wrong, read back from what the simulator sends, and
// the answers' shape.
#include "ops/api_json.hpp"

#include <gtest/gtest.h>

#include <random>

#include "geo/text_encoding.hpp"
#include "ops/incident_log.hpp"

namespace ops {
namespace {

using nlohmann::json;

// Every refusal names its field first and stays printable as JSON.
void ExpectWellFormed(const RequestError& e) {
  const std::string lead = (e.field.empty() ? std::string("body") : e.field) + ": ";
  EXPECT_EQ(e.message.rfind(lead, 0), 0u) << e.message;
  EXPECT_TRUE(geo::IsValidUtf8(e.message)) << e.message;
  EXPECT_NO_THROW((void)ErrorJson(e).dump());
}

template <typename T>
RequestError ErrorOf(const Checked<T>& r) {
  EXPECT_FALSE(r.has_value());
  if (r) return {};
  ExpectWellFormed(r.error());
  return r.error();
}

template <typename T>
std::optional<RequestError> Refusal(const Checked<T>& r) {
  return r ? std::nullopt : std::optional(r.error());
}

bool Mentions(const RequestError& e, std::string_view text) {
  return e.message.find(text) != std::string::npos;
}

TimeMs Utc(const char* text) {
  return *ParseTime(text);
}

// ---------------------------------------------------------------------------
// Every parser: what is not an object, not JSON or not UTF-8

TEST(ApiJsonBodies, EveryParserRefusesWhatIsNotAnObject) {
  const char* bodies[] = {"",
                          "  ",
                          "[]",
                          "5",
                          "\"to\"",
                          "null",
                          "{",
                          "{\"to\": }",
                          "{} {}",
                          "{\"to\": \"closed\xFF\"}",
                          "{\"to\": \"\\ud800\"}",
                          "{\"a\": 1e400}",
                          "{\"a\": 001}",
                          "\xEF\xBB\xBF{\"to\": 1"};
  for (const char* body : bodies) {
    for (const auto& e :
         {Refusal(ParseTransition(body)), Refusal(ParseIncident(body)), Refusal(ParseSummons(body)),
          Refusal(ParseReportIn(body)), Refusal(ParseIncidentStage(body)),
          Refusal(ParseText(body, "text")), Refusal(ParseChief(body)),
          Refusal(ParseMemberUnit(body)), Refusal(ParseSensors(body))}) {
      ASSERT_TRUE(e) << body;
      EXPECT_EQ(e->status, 400) << body;
      ExpectWellFormed(*e);
    }
  }
  const RequestError at = ErrorOf(ParseTransition("{\"to\": \"closed\",\n \"note\": 00}"));
  EXPECT_TRUE(Mentions(at, "at byte")) << at.message;
  EXPECT_TRUE(Mentions(at, "line 2")) << at.message;
}

TEST(ApiJsonBodies, RandomBytesNeverCrash) {
  std::mt19937 rng(2026);
  const std::string seeds[] = {
      R"({"to": "dispatched", "actor": "网格员 王芳", "assignee": "sanitation", "at": "2026-11-25T08:30:00+08:00"})",
      R"({"level": "II", "class": "natural_disaster", "title": "暴雨", "polygon": [[111,39],[111.1,39],[111,39.1]]})",
      R"({"departments": ["fire", "emergency"], "report_in_minutes": 30})",
      R"([{"sensor": "WL-001", "at": "2026-11-25T08:30:00+08:00", "value": 7.62}, 5, {"value": 1}])",
  };
  for (int i = 0; i < 4000; ++i) {
    std::string body = seeds[i % 4];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) body[rng() % body.size()] = static_cast<char>(rng() % 256);
    ASSERT_NO_THROW({
      if (auto r = ParseTransition(body); !r) ExpectWellFormed(r.error());
      if (auto r = ParseIncident(body); !r) ExpectWellFormed(r.error());
      if (auto r = ParseSummons(body); !r) ExpectWellFormed(r.error());
      if (auto r = ParseSensors(body); !r) ExpectWellFormed(r.error());
      if (auto r = ParseReadings(body); !r) {
        ExpectWellFormed(r.error());
      } else {
        for (const auto& [index, e] : r->rejected) ExpectWellFormed(e);
        for (const Reading& reading : r->readings) EXPECT_TRUE(geo::IsValidUtf8(reading.sensor));
      }
    });
  }
}

// ---------------------------------------------------------------------------
// Demands: transitions

TEST(ApiJsonTransition, DocumentedBodyAndRoundTrip) {
  const auto t = ParseTransition(
      R"({"to": "dispatched", "actor": "网格员 王芳", "assignee": "sanitation", "note": "已派至环卫站"})");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->to, Stage::kDispatched);
  EXPECT_EQ(t->actor, "网格员 王芳");
  EXPECT_EQ(t->assignee, "sanitation");
  EXPECT_EQ(t->note, "已派至环卫站");
  EXPECT_EQ(t->at, 0);

  TransitionInput close{
      Stage::kClosed, "12345 坐席 07", "居民满意", "", 5, Utc("2026-11-25T08:30:00.125+08:00")};
  const auto back = ParseTransition(ToJson(close).dump());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->to, close.to);
  EXPECT_EQ(back->actor, close.actor);
  EXPECT_EQ(back->note, close.note);
  EXPECT_EQ(back->assignee, close.assignee);
  EXPECT_EQ(back->satisfaction, 5);
  EXPECT_EQ(back->at, close.at);
}

TEST(ApiJsonTransition, BadFieldsAreNamed) {
  const struct {
    const char* body;
    const char* field;
    const char* says;
  } cases[] = {
      {R"({"actor": "x"})", "to", "to: missing"},
      {R"({"to": "pending"})", "to",
       "received, dispatched, handling, reported, verified or closed"},
      {R"({"to": 3})", "to", "3 is not a string"},
      {R"({"to": "closed", "satisfaction": 6})", "satisfaction", "6 is outside 0…5"},
      {R"({"to": "closed", "satisfaction": 4.5})", "satisfaction", "not a whole number"},
      {R"({"to": "closed", "satisfaction": "5"})", "satisfaction", "not a number"},
      {R"({"to": "handling", "satisfaction": 5})", "satisfaction", "only a move to closed"},
      {R"({"to": "closed", "at": "2026-11-25T08:30:00"})", "at", "has no time zone"},
      {R"({"to": "closed", "at": "25/11/2026"})", "at", "is not an RFC 3339 time"},
      {R"({"to": "closed", "at": 1764030600000})", "at", "is not an RFC 3339 time"},
      {R"({"to": "closed", "at": "1970-01-01T00:00:00Z"})", "at", "not after 1970"},
      {R"({"to": "closed", "actor": ["a"]})", "actor", "an array is not a string"},
      {R"({"to": "closed", "note": "a\u0000b"})", "note", "NUL"},
  };
  for (const auto& c : cases) {
    const RequestError e = ErrorOf(ParseTransition(c.body));
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.field, c.field) << c.body;
    EXPECT_TRUE(Mentions(e, c.says)) << e.message;
  }
  // actor: at most 200 bytes (66 Chinese characters are 198).
  std::string actor;
  for (int i = 0; i < 66; ++i) actor += "王";
  EXPECT_TRUE(ParseTransition(json{{"to", "closed"}, {"actor", actor}}.dump()));
  EXPECT_EQ(ErrorOf(ParseTransition(json{{"to", "closed"}, {"actor", actor + "王"}}.dump())).field,
            "actor");
  // null is absent; unknown fields are ignored.
  const auto lenient = ParseTransition(R"({"to": "处置", "note": null, "seq": 9})");
  ASSERT_TRUE(lenient);
  EXPECT_EQ(lenient->to, Stage::kHandling);
}

// ---------------------------------------------------------------------------
// Sensors

constexpr const char* kDocSensor =
    R"({"id": "WL-001", "kind": "water_level", "name": "黄河府谷水文站", "lon": 111.08, "lat": 39.03,
        "unit": "m", "warn": 7.5, "alarm": 8.5, "hysteresis": 0.2, "falling": false})";

TEST(ApiJsonSensors, DocumentedObjectArrayAndRoundTrip) {
  const auto one = ParseSensors(kDocSensor);
  ASSERT_TRUE(one) << one.error().message;
  ASSERT_EQ(one->size(), 1u);
  const SensorSpec& s = (*one)[0];
  EXPECT_EQ(s.id, "WL-001");
  EXPECT_EQ(s.kind, SensorKind::kWaterLevel);
  EXPECT_EQ(s.name, "黄河府谷水文站");
  EXPECT_EQ(s.location, (geo::LonLat{111.08, 39.03}));
  EXPECT_EQ(s.unit, "m");
  EXPECT_EQ(s.warn, 7.5);
  EXPECT_EQ(s.alarm, 8.5);
  EXPECT_EQ(s.hysteresis, 0.2);
  EXPECT_FALSE(s.falling);

  SensorSpec pressure{
      "GP-7", SensorKind::kGas, "燃气管网压力", {111.05, 39.02}, "kPa", 0.3, 0.2, 0.01, true};
  const json array = {ToJson(s), ToJson(pressure)};
  const auto both = ParseSensors(array.dump());
  ASSERT_TRUE(both) << both.error().message;
  ASSERT_EQ(both->size(), 2u);
  const SensorSpec& p = (*both)[1];
  EXPECT_EQ(p.id, pressure.id);
  EXPECT_EQ(p.kind, pressure.kind);
  EXPECT_EQ(p.name, pressure.name);
  EXPECT_EQ(p.location, pressure.location);
  EXPECT_EQ(p.unit, pressure.unit);
  EXPECT_EQ(p.warn, pressure.warn);
  EXPECT_EQ(p.alarm, pressure.alarm);
  EXPECT_EQ(p.hysteresis, pressure.hysteresis);
  EXPECT_EQ(p.falling, pressure.falling);
}

TEST(ApiJsonSensors, BadSensorsAreNamed) {
  const auto with = [](json patch) {
    json s = json::parse(kDocSensor);
    s.merge_patch(patch);
    return ParseSensors(s.dump());
  };
  const struct {
    json patch;
    const char* field;
    const char* says;
  } cases[] = {
      {{{"kind", "rain"}}, "kind", "water_level, air_quality, gas"},
      {{{"id", ""}}, "id", "empty"},
      {{{"id", std::string(65, 'x')}}, "id", "65 bytes"},
      {{{"id", nullptr}}, "id", "missing"},
      {{{"alarm", 7.0}}, "alarm", "not above warn 7.5"},
      {{{"alarm", 7.5}}, "alarm", "not above warn"},
      {{{"falling", true}}, "alarm", "not below warn"},
      {{{"falling", "yes"}}, "falling", "not true or false"},
      {{{"hysteresis", -0.1}}, "hysteresis", "-0.1 is less than 0"},
      {{{"warn", "7.5"}}, "warn", "not a number"},
      {{{"lat", 111.08}, {"lon", 39.03}}, "lat", "swapped"},
      {{{"lon", nullptr}}, "lon", "missing"},
  };
  for (const auto& c : cases) {
    const RequestError e = ErrorOf(with(c.patch));
    EXPECT_EQ(e.field, c.field) << c.patch.dump();
    EXPECT_TRUE(Mentions(e, c.says)) << e.message;
  }
  EXPECT_TRUE(with({{"id", std::string(64, 'x')}}));
  EXPECT_TRUE(with({{"falling", true}, {"warn", 9}, {"alarm", 8}}));

  const json twice = {json::parse(kDocSensor), json::parse(kDocSensor)};
  const RequestError dup = ErrorOf(ParseSensors(twice.dump()));
  EXPECT_EQ(dup.field, "sensors[1].id");
  EXPECT_TRUE(Mentions(dup, "sensors[0]")) << dup.message;
  EXPECT_EQ(ErrorOf(ParseSensors(R"([{"id": "a"}])")).field, "sensors[0].kind");
  EXPECT_EQ(ErrorOf(ParseSensors("[5]")).field, "sensors[0]");
  EXPECT_TRUE(Mentions(ErrorOf(ParseSensors("[]")), "empty array"));
}

// ---------------------------------------------------------------------------
// Readings

TEST(ApiJsonReadings, ArrayOrObjectAndRoundTrip) {
  const char* item = R"({"sensor": "WL-001", "at": "2026-11-25T08:30:00+08:00", "value": 7.62})";
  for (const std::string& body :
       {std::string("[") + item + "]",
        std::string(R"({"source": {"x": [1, {"readings": 2}]}, "readings": [)") + item + "]}"}) {
    const auto b = ParseReadings(body);
    ASSERT_TRUE(b) << b.error().message;
    ASSERT_EQ(b->readings.size(), 1u) << body;
    EXPECT_EQ(b->readings[0].sensor, "WL-001");
    EXPECT_EQ(b->readings[0].at, Utc("2026-11-25T00:30:00Z"));
    EXPECT_EQ(b->readings[0].value, 7.62);
    EXPECT_EQ(b->index, std::vector<size_t>{0});
    EXPECT_TRUE(b->rejected.empty());
  }

  std::vector<Reading> many;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> value(-1e6, 1e6);
  for (int i = 0; i < 1000; ++i) {
    many.push_back({"S-" + std::to_string(i % 37) + (i % 5 ? "" : "-长名称的传感器编号"),
                    i % 9 ? Utc("2026-11-25T08:30:00Z") + i * 1007 : 0, value(rng)});
  }
  const auto back = ParseReadings(ToJson(many).dump());
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->readings.size(), many.size());
  for (size_t i = 0; i < many.size(); ++i) {
    EXPECT_EQ(back->readings[i].sensor, many[i].sensor);
    EXPECT_EQ(back->readings[i].at, many[i].at);
    EXPECT_EQ(back->readings[i].value, many[i].value);
    EXPECT_EQ(back->index[i], i);
  }
}

TEST(ApiJsonReadings, BadItemsAreSetAsideOneByOne) {
  const auto b = ParseReadings(R"([
    {"sensor": "A", "value": 1, "extra": {"value": "x", "nested": [[{}]]}},
    {"sensor": "A", "at": "2026-11-25T08:30:00Z"},
    {"sensor": "A", "value": "7.62"},
    5,
    {"value": 2},
    {"sensor": "A", "at": "2026-11-25T08:30:00", "value": 3},
    {"sensor": "A", "value": {"v": 1}},
    [1, 2],
    {"sensor": 12, "value": 1},
    {"sensor": "", "value": 1},
    {"sensor": "B", "value": null},
    {"sensor": "B", "value": -0.5, "at": null}
  ])");
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(b->readings.size(), 2u);
  EXPECT_EQ(b->index, (std::vector<size_t>{0, 11}));
  EXPECT_EQ(b->readings[1].value, -0.5);
  const std::vector<std::pair<size_t, std::string>> expected = {
      {1, "readings[1].value: missing"},
      {2, "readings[2].value: \"7.62\" is not a number"},
      {3, "readings[3]: 5 is not an object"},
      {4, "readings[4].sensor: missing"},
      {5, "readings[5].at: \"2026-11-25T08:30:00\" has no time zone; add Z or +08:00"},
      {6, "readings[6].value: an object is not a number"},
      {7, "readings[7]: an array is not an object"},
      {8, "readings[8].sensor: 12 is not a string"},
      {9, "readings[9].sensor: empty"},
      {10, "readings[10].value: missing"},
  };
  ASSERT_EQ(b->rejected.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(b->rejected[i].first, expected[i].first);
    EXPECT_EQ(b->rejected[i].second.message, expected[i].second);
    EXPECT_EQ(b->rejected[i].second.field,
              expected[i].second.substr(0, expected[i].second.find(':')));
    ExpectWellFormed(b->rejected[i].second);
  }
}

TEST(ApiJsonReadings, WholeBodyProblems) {
  EXPECT_TRUE(Mentions(ErrorOf(ParseReadings(R"([{"sensor": "A", "value": 1},)")), "at byte"));
  EXPECT_TRUE(Mentions(ErrorOf(ParseReadings(R"([{"sensor": "A", "value": 1e999}])")), "1e999"));
  EXPECT_TRUE(Mentions(ErrorOf(ParseReadings("")), "empty"));
  EXPECT_EQ(ErrorOf(ParseReadings("5")).field, "");
  EXPECT_EQ(ErrorOf(ParseReadings(R"({"sensor": "A"})")).field, "readings");
  EXPECT_EQ(ErrorOf(ParseReadings(R"({"readings": {"sensor": "A"}})")).field, "readings");
  EXPECT_EQ(ErrorOf(ParseReadings(R"({"readings": [], "readings": []})")).status, 400);
  const RequestError too_many = ErrorOf(ParseReadings(R"([{}, {}, {}])", 2));
  EXPECT_EQ(too_many.status, 413);
  EXPECT_TRUE(ParseReadings(R"([{}, {}])", 2));
  const auto empty = ParseReadings("[]");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->readings.empty() && empty->rejected.empty());
}

// ---------------------------------------------------------------------------
// Incidents and coordination

TEST(ApiJsonIncidents, CircleAndPolygonRoundTrip) {
  const auto circle = ParseIncident(
      R"({"level": "II", "class": "natural_disaster", "title": "黄河水位上涨", "lon": 111.08,
          "lat": 39.03, "radius_m": 800, "actor": "值班长"})");
  ASSERT_TRUE(circle) << circle.error().message;
  EXPECT_EQ(circle->level, IncidentLevel::kII);
  EXPECT_EQ(circle->klass, IncidentClass::kNaturalDisaster);
  EXPECT_EQ(circle->center, (geo::LonLat{111.08, 39.03}));
  EXPECT_EQ(circle->radius_m, 800);

  IncidentInput area;
  area.level = IncidentLevel::kI;
  area.klass = IncidentClass::kPublicHealth;
  area.title = "疫情封控区";
  area.description = "三个小区";
  area.polygon = {{111.0, 39.0}, {111.01, 39.0}, {111.01, 39.01}, {111.0, 39.0}};
  area.center = {111.006, 39.003};  // its label point, inside
  area.cap_identifier = "61082241600000020261125083000001";
  area.cap_sender = "府谷县应急管理局";
  area.actor = "指挥长";
  area.at = Utc("2026-11-25T08:30:00Z");
  for (const IncidentInput& in : {*circle, area}) {
    const auto back = ParseIncident(ToJson(in).dump());
    ASSERT_TRUE(back) << back.error().message << ToJson(in).dump();
    EXPECT_EQ(back->level, in.level);
    EXPECT_EQ(back->klass, in.klass);
    EXPECT_EQ(back->title, in.title);
    EXPECT_EQ(back->description, in.description);
    EXPECT_EQ(back->center, in.center);
    EXPECT_EQ(back->radius_m, in.radius_m);
    EXPECT_EQ(back->polygon, in.polygon);
    EXPECT_EQ(back->cap_identifier, in.cap_identifier);
    EXPECT_EQ(back->cap_sender, in.cap_sender);
    EXPECT_EQ(back->actor, in.actor);
    EXPECT_EQ(back->at, in.at);
  }
  // Without a label point, one inside the area is chosen: the triangle's centroid.
  area.center = {};
  const auto unlabelled = ParseIncident(ToJson(area).dump());
  ASSERT_TRUE(unlabelled) << unlabelled.error().message;
  EXPECT_NEAR(unlabelled->center.lon, 111.0 + 0.02 / 3, 1e-9);
  EXPECT_NEAR(unlabelled->center.lat, 39.0 + 0.01 / 3, 1e-9);
}

TEST(ApiJsonIncidents, BadAreasAndNamesAreNamed) {
  const auto with = [](json patch) {
    json i = {{"level", "III"}, {"class", "accident"}, {"title", "燃气泄漏"},
              {"lon", 111.0},   {"lat", 39.0},         {"radius_m", 300}};
    i.merge_patch(patch);
    return ParseIncident(i.dump());
  };
  const struct {
    json patch;
    const char* field;
    const char* says;
  } cases[] = {
      {{{"level", "V"}}, "level", "I, II, III or IV"},
      {{{"class", "fire"}}, "class", "natural_disaster, accident, public_health or social_safety"},
      {{{"title", nullptr}}, "title", "missing"},
      {{{"title", ""}}, "title", "empty"},
      {{{"radius_m", 0}}, "radius_m", "more than 0"},
      {{{"radius_m", -5}}, "radius_m", "more than 0"},
      {{{"radius_m", 1e7}}, "radius_m", "at most"},
      {{{"lon", nullptr}}, "lon", "missing"},
      {{{"radius_m", nullptr}}, "radius_m", "missing"},
      {{{"radius_m", nullptr}, {"lon", nullptr}, {"lat", nullptr}}, "polygon", "missing"},
      {{{"polygon", {{111, 39}, {111.1, 39}, {111, 39.1}}}}, "radius_m", "not both"},
      {{{"radius_m", nullptr}, {"polygon", {{111, 39}, {111.1, 39}, {111, 39}}}},
       "polygon",
       "2 distinct points"},
      {{{"radius_m", nullptr}, {"polygon", {{111, 39}, {200, 39}, {111, 39.1}}}},
       "polygon[1]",
       "not a longitude"},
      {{{"radius_m", nullptr}, {"polygon", {{111, 39}, "x", {111, 39.1}}}},
       "polygon[1]",
       "not a [lon, lat] pair"},
      {{{"radius_m", nullptr}, {"polygon", "POLYGON((…))"}}, "polygon", "not an array"},
  };
  for (const auto& c : cases) {
    const RequestError e = ErrorOf(with(c.patch));
    EXPECT_EQ(e.field, c.field) << c.patch.dump();
    EXPECT_TRUE(Mentions(e, c.says)) << e.message;
  }
  // A polygon may come with a label point, and with the spec's radius 0.
  EXPECT_TRUE(with({{"radius_m", 0}, {"polygon", {{111, 39}, {111.1, 39}, {111, 39.1}}}}));
}

TEST(ApiJsonCoordination, SummonsReportInStageTextRoundTrip) {
  const SummonsInput summons{{"fire", "emergency"}, 30, "指挥长", Utc("2026-11-25T08:30:00Z")};
  const auto s = ParseSummons(ToJson(summons).dump());
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(*s, summons);
  const auto doc =
      ParseSummons(R"({"departments": ["fire", "emergency"], "report_in_minutes": 30})");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->departments, (std::vector<std::string>{"fire", "emergency"}));
  EXPECT_EQ(ParseSummons(R"({"departments": ["fire"]})")->report_in_minutes, 0);

  const ReportInInput report{"fire", "消防 李队", Utc("2026-11-25T08:41:00Z")};
  EXPECT_EQ(*ParseReportIn(ToJson(report).dump()), report);
  EXPECT_EQ(ParseReportIn(R"({"department": "fire", "actor": "消防 李队"})")->actor, "消防 李队");

  const IncidentStageInput stage{IncidentStage::kHandling, "", 0};
  EXPECT_EQ(*ParseIncidentStage(ToJson(stage).dump()), stage);
  EXPECT_EQ(ParseIncidentStage(R"({"to": "responding"})")->to, IncidentStage::kResponding);

  const TextInput log{"水位 8.1 m，开始转移", "值班员", Utc("2026-11-25T09:00:00Z")};
  EXPECT_EQ(*ParseText(ToJson(log, "text").dump(), "text"), log);
  EXPECT_EQ(*ParseText(ToJson(log, "summary").dump(), "summary"), log);
  EXPECT_EQ(ErrorOf(ParseText(ToJson(log, "text").dump(), "summary")).field, "summary");
}

TEST(ApiJsonCoordination, BadCoordinationBodiesAreNamed) {
  const auto summons = [](const char* body) { return Refusal(ParseSummons(body)); };
  const struct {
    std::optional<RequestError> error;
    const char* field;
    const char* says;
  } cases[] = {
      {summons(R"({})"), "departments", "missing"},
      {summons(R"({"departments": []})"), "departments", "empty array"},
      {summons(R"({"departments": "fire"})"), "departments", "not an array"},
      {summons(R"({"departments": ["fire", 3]})"), "departments[1]", "not a department"},
      {summons(R"({"departments": ["fire", ""]})"), "departments[1]", "not a department"},
      {summons(R"({"departments": ["fire", "fire"]})"), "departments[1]", "twice"},
      {summons(R"({"departments": ["fire"], "report_in_minutes": 1441})"), "report_in_minutes",
       "0…1440"},
      {summons(R"({"departments": ["fire"], "report_in_minutes": -1})"), "report_in_minutes",
       "0…1440"},
      {summons(R"({"departments": ["fire"], "report_in_minutes": 1e300})"), "report_in_minutes",
       "whole"},
      {summons(R"({"departments": ["fire"], "report_in_minutes": 18446744073709551615})"),
       "report_in_minutes", "0…1440"},
      {Refusal(ParseReportIn(R"({"actor": "x"})")), "department", "missing"},
      {Refusal(ParseIncidentStage(R"({"to": "closed"})")), "to",
       "warning, responding, handling or ended"},
      {Refusal(ParseText(R"({"text": ""})", "text")), "text", "empty"},
      {Refusal(ParseText(R"({})", "summary")), "summary", "missing"},
  };
  for (const auto& c : cases) {
    ASSERT_TRUE(c.error) << c.field;
    ExpectWellFormed(*c.error);
    EXPECT_EQ(c.error->field, c.field) << c.error->message;
    EXPECT_TRUE(Mentions(*c.error, c.says)) << c.error->message;
  }
  EXPECT_EQ(ErrorOf(ParseText(json{{"text", std::string(4001, 'x')}}.dump(), "text")).field,
            "text");
  EXPECT_TRUE(ParseText(json{{"text", std::string(4000, 'x')}}.dump(), "text"));
}

// ---------------------------------------------------------------------------
// Organisation

TEST(ApiJsonOrganisation, ChiefsAndUnitsRoundTrip) {
  const Chief chief{"61082200100101", ChiefRole::kGrid, "王芳", "13800000000", false};
  const auto c = ParseChief(ToJson(chief).dump());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->area_code, chief.area_code);
  EXPECT_EQ(c->role, chief.role);
  EXPECT_EQ(c->name, chief.name);
  EXPECT_EQ(c->phone, chief.phone);
  EXPECT_EQ(c->on_duty, chief.on_duty);
  EXPECT_TRUE(
      ParseChief(R"({"area_code": "610822001001", "role": "社区长", "name": "李"})")->on_duty);

  const MemberUnit unit{"U001", "县财政局", "610822001001", 42, "张三", "0912-1"};
  const auto u = ParseMemberUnit(ToJson(unit).dump());
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->id, unit.id);
  EXPECT_EQ(u->name, unit.name);
  EXPECT_EQ(u->community_code, unit.community_code);
  EXPECT_EQ(u->members, unit.members);
  EXPECT_EQ(u->contact, unit.contact);
  EXPECT_EQ(u->phone, unit.phone);

  EXPECT_EQ(ErrorOf(ParseChief(R"({"area_code": "1", "role": "mayor", "name": "x"})")).field,
            "role");
  EXPECT_EQ(ErrorOf(ParseChief(R"({"area_code": "1", "role": "grid"})")).field, "name");
  EXPECT_EQ(
      ErrorOf(ParseMemberUnit(R"({"id": "U1", "name": "x", "community_code": "1", "members": -1})"))
          .field,
      "members");
  EXPECT_EQ(ErrorOf(ParseMemberUnit(R"({"id": "U1", "name": "x"})")).field, "community_code");

  const json org = ToJson(PartyOrg{"61082200100101", PartyOrgKind::kGridOrganisation,
                                   "第一网格党支部", "赵书记", "0912-2"});
  EXPECT_EQ(org["kind"], "grid_organisation");
  EXPECT_EQ(org["secretary"], "赵书记");
}

// ---------------------------------------------------------------------------
// Answers

Catalog TestCatalog() {
  Catalog c;
  c.families = {{"sanitation", "环境卫生", "Sanitation"}};
  c.categories = {{"S01", "楼道杂物清理", "Clearing clutter from stairwells", "sanitation",
                   ItemKind::kSelfGovernance, 72, ""}};
  c.departments = {{"fire", "县消防救援大队", "County fire brigade", "119", 15},
                   {"sanitation", "县环卫中心", "County sanitation centre", "", 30}};
  return c;
}

geo::GridSet TestGrids() {
  geo::GridSet g;
  for (const auto& [code, name] :
       {std::pair{"610822001001", "府州社区"}, std::pair{"61082200100101", "府州社区第一网格"}}) {
    geo::Feature f;
    f.code = code;
    f.name = name;
    g.features.push_back(f);
  }
  return g;
}

TEST(ApiJsonAnswers, ErrorsStayPrintable) {
  const json e = ErrorJson({400, "lat", "lat: 110.9 is not inside 府谷县"});
  EXPECT_EQ(e, json::parse(R"({"error": {"status": 400, "field": "lat",
                                          "message": "lat: 110.9 is not inside 府谷县"}})"));
  const json raw = ErrorJson({400, "x", "x: \xFF\xFE"});
  EXPECT_NO_THROW((void)raw.dump());
  EXPECT_EQ(raw["error"]["message"], "x: \\xFF\\xFE");
  EXPECT_EQ(DumpJson(json("a\xFF")), "\"a\xEF\xBF\xBD\"");
}

TEST(ApiJsonAnswers, DemandWithNamesAreasAndTimes) {
  Demand d;
  d.id = 3;
  d.category = "S01";
  d.source = Source::kGridWorker;
  d.lonlat = {111.07, 39.03};
  d.areas = {0, 1, geo::kNoFeature, geo::kNoFeature};
  d.stage = Stage::kHandling;
  d.received = Utc("2026-11-25T08:30:00Z");
  d.deadline = d.received + 72 * kHour;
  d.assignee = "sanitation";
  const json j = DemandJson(d, TestCatalog(), TestGrids(), d.deadline + 1);
  EXPECT_EQ(j["id"], 3);
  EXPECT_EQ(j["category_zh"], "楼道杂物清理");
  EXPECT_EQ(j["family_zh"], "环境卫生");
  EXPECT_EQ(j["source"], "grid_worker");
  EXPECT_EQ(j["source_zh"], "网格员上报");
  EXPECT_EQ(j["stage"], "handling");
  EXPECT_EQ(j["stage_zh"], "处置");
  EXPECT_EQ(j["areas"]["community"]["name"], "府州社区");
  EXPECT_EQ(j["areas"]["grid"]["code"], "61082200100101");
  EXPECT_TRUE(j["areas"]["compound"].is_null());
  EXPECT_EQ(j["received"], "2026-11-25T08:30:00Z");
  EXPECT_EQ(j["deadline"], "2026-11-28T08:30:00Z");
  EXPECT_TRUE(j["closed"].is_null());
  EXPECT_TRUE(j["satisfaction"].is_null());
  EXPECT_EQ(j["overdue"], true);
  EXPECT_EQ(j["assignee_zh"], "县环卫中心");
  EXPECT_NO_THROW((void)j.dump());
}

TEST(ApiJsonAnswers, SensorWithStateAndNoReadingYet) {
  Sensor s;
  s.spec = {
      "WL-001", SensorKind::kWaterLevel, "黄河府谷水文站", {111.08, 39.03}, "m", 7.5, 8.5, 0.2,
      false};
  s.areas = {0, geo::kNoFeature, geo::kNoFeature, geo::kNoFeature};
  json j = SensorJson(s, TestGrids());
  EXPECT_EQ(j["kind_zh"], "水位");
  EXPECT_EQ(j["state"], "normal");
  EXPECT_TRUE(j["last_value"].is_null());
  EXPECT_TRUE(j["areas"]["grid"].is_null());
  s.state = AlertState::kAlarm;
  s.last_value = 8.7;
  s.last_at = s.state_since = Utc("2026-11-25T08:30:00Z");
  j = SensorJson(s, TestGrids());
  EXPECT_EQ(j["state_zh"], "告警");
  EXPECT_EQ(j["last_value"], 8.7);
  EXPECT_EQ(j["last_at"], "2026-11-25T08:30:00Z");
}

TEST(ApiJsonAnswers, IncidentSummonsLateness) {
  Incident in;
  in.id = 2;
  in.opened_as.level = IncidentLevel::kII;
  in.opened_as.klass = IncidentClass::kNaturalDisaster;
  in.opened_as.title = "黄河水位上涨";
  in.opened_as.center = {111.08, 39.03};
  in.opened_as.radius_m = 800;
  in.stage = IncidentStage::kResponding;
  in.opened = Utc("2026-11-25T08:30:00Z");
  const TimeMs deadline = in.opened + 30 * kMinute;
  in.summons = {{"fire", in.opened, deadline, deadline - kMinute, 0, "消防 李队"},
                {"sanitation", in.opened, deadline, deadline + kMinute, 0, "环卫 张"},
                {"police", in.opened, deadline, 0, 0, ""}};
  in.log = {NoteLine(in.opened, "指挥长", "启动 II 级响应")};
  const json before = IncidentJson(in, TestCatalog(), deadline);
  EXPECT_EQ(before["level"], "II");
  EXPECT_EQ(before["level_zh"], "重大");
  EXPECT_EQ(before["class_zh"], "自然灾害");
  EXPECT_EQ(before["stage_zh"], "响应");
  EXPECT_EQ(before["radius_m"], 800);
  EXPECT_EQ(before["summons"][0]["department_zh"], "县消防救援大队");
  EXPECT_EQ(before["summons"][0]["late"], false);
  EXPECT_EQ(before["summons"][1]["late"], true);
  EXPECT_EQ(before["summons"][2]["late"], false);
  EXPECT_TRUE(before["summons"][2]["reported"].is_null());
  EXPECT_EQ(before["log"][0]["text"], "启动 II 级响应");
  EXPECT_EQ(before["log"][0]["kind"], "note");
  EXPECT_EQ(before["log"][0]["text_en"], "启动 II 级响应") << "a note is its own words";
  const json after = IncidentJson(in, TestCatalog(), deadline + 1);
  EXPECT_EQ(after["summons"][2]["late"], true);
}

}  // namespace
}  // namespace ops
