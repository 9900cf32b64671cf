// The request bodies of docs/api.md (other than Open311 and readings): parse
// into model structs, and back for the simulator's HTTP client.
//
// [SECTION] Helpers
// [SECTION] Demands: transitions
// [SECTION] Sensors
// [SECTION] Incidents and coordination
// [SECTION] Organisation
#include <fmt/format.h>

#include <limits>
#include <span>
#include <unordered_map>

#include "geo/ring.hpp"
#include "ops/api_json.hpp"

namespace ops {

using nlohmann::json;

// ---------------------------------------------------------------------------
// [SECTION] Helpers

namespace {

constexpr size_t kMaxSensorsPerBody = 10000;
constexpr size_t kMaxPolygonPoints = 10000;
constexpr size_t kMaxDepartments = 100;
constexpr double kMaxRadiusM = 200'000;
constexpr double kHuge = std::numeric_limits<double>::max();

// Parses `body` as one object and reads it with `read(FieldReader&, T&)`.
template <typename T, typename Read>
Checked<T> ReadBody(std::string_view body, Read read) {
  auto object = ParseJsonObject(body);
  if (!object) return std::unexpected(object.error());
  FieldReader f(*object);
  T out;
  read(f, out);
  if (f.Error()) return std::unexpected(*f.Error());
  return out;
}

void ReadActorAt(FieldReader& f, std::string& actor, TimeMs& at) {
  f.String("actor", actor, kMaxActorBytes);
  f.Time("at", at);
}

void PutActorAt(json& j, const std::string& actor, TimeMs at) {
  if (!actor.empty()) j["actor"] = actor;
  if (at) j["at"] = FormatTime(at);
}

void PutIfNotEmpty(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Demands: transitions

Checked<TransitionInput> ParseTransition(std::string_view body) {
  return ReadBody<TransitionInput>(body, [](FieldReader& f, TransitionInput& t) {
    f.Enum("to", kStageNames, t.to, /*required=*/true);
    f.String("note", t.note, kMaxTextBytes);
    f.String("assignee", t.assignee, kMaxNameBytes);
    if (f.Int("satisfaction", t.satisfaction, 0, 5) && t.satisfaction != 0 &&
        t.to != Stage::kClosed) {
      f.Fail("satisfaction", fmt::format("{} given with a move to {}; only a move to closed "
                                         "takes the resident's satisfaction (1–5)",
                                         t.satisfaction, StageName(t.to)));
    }
    ReadActorAt(f, t.actor, t.at);
  });
}

json ToJson(const TransitionInput& move) {
  json j = {{"to", StageName(move.to)}};
  PutIfNotEmpty(j, "note", move.note);
  PutIfNotEmpty(j, "assignee", move.assignee);
  if (move.satisfaction) j["satisfaction"] = move.satisfaction;
  PutActorAt(j, move.actor, move.at);
  return j;
}

// ---------------------------------------------------------------------------
// [SECTION] Sensors

namespace {

void ReadSensor(FieldReader& f, SensorSpec& s) {
  f.String("id", s.id, kMaxIdBytes, /*required=*/true);
  f.Enum("kind", kSensorKindNames, s.kind, /*required=*/true);
  f.String("name", s.name, kMaxNameBytes);
  f.LonLat("lon", "lat", s.location, /*required=*/true);
  f.String("unit", s.unit, kMaxIdBytes);
  f.Number("warn", s.warn, -kHuge, kHuge, /*required=*/true);
  f.Number("alarm", s.alarm, -kHuge, kHuge, /*required=*/true);
  f.Number("hysteresis", s.hysteresis, 0, kHuge);
  f.Bool("falling", s.falling);
  if (f.Error()) return;
  if (!s.falling && !(s.warn < s.alarm)) {
    f.Fail("alarm", fmt::format("{} is not above warn {}; a rising sensor alarms above its "
                                "warning level (\"falling\": true when low values are the danger)",
                                s.alarm, s.warn));
  } else if (s.falling && !(s.warn > s.alarm)) {
    f.Fail("alarm", fmt::format("{} is not below warn {}; a falling sensor alarms below its "
                                "warning level",
                                s.alarm, s.warn));
  }
}

}  // namespace

Checked<std::vector<SensorSpec>> ParseSensors(std::string_view body) {
  auto value = ParseJsonBody(body);
  if (!value) return std::unexpected(value.error());
  std::vector<SensorSpec> out;
  if (value->is_object()) {
    FieldReader f(*value);
    ReadSensor(f, out.emplace_back());
    if (f.Error()) return std::unexpected(*f.Error());
    return out;
  }
  if (!value->is_array()) {
    return Refuse(400, "", "body: " + ShowJson(*value) + " is not a sensor object or an array");
  }
  if (value->empty()) return Refuse(400, "", "body: an empty array; send at least one sensor");
  if (value->size() > kMaxSensorsPerBody) {
    return Refuse(413, "",
                  fmt::format("body: {} sensors is over the limit of {} in one request",
                              value->size(), kMaxSensorsPerBody));
  }
  out.reserve(value->size());
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < value->size(); ++i) {
    FieldReader f((*value)[i], fmt::format("sensors[{}].", i));
    ReadSensor(f, out.emplace_back());
    if (!f.Error()) {
      if (const auto [it, fresh] = seen.emplace(out[i].id, i); !fresh) {
        f.Fail("id", fmt::format("{} is given twice, also as sensors[{}]", ShowText(out[i].id),
                                 it->second));
      }
    }
    if (f.Error()) return std::unexpected(*f.Error());
  }
  return out;
}

json ToJson(const SensorSpec& s) {
  return {{"id", s.id},
          {"kind", NameOf(kSensorKindNames, s.kind)},
          {"name", s.name},
          {"lon", s.location.lon},
          {"lat", s.location.lat},
          {"unit", s.unit},
          {"warn", s.warn},
          {"alarm", s.alarm},
          {"hysteresis", s.hysteresis},
          {"falling", s.falling}};
}

// ---------------------------------------------------------------------------
// [SECTION] Incidents and coordination

namespace {

// "polygon": [[lon, lat], …], an outer ring of at least 3 distinct points
// (a closing point equal to the first may follow).
void ReadPolygon(FieldReader& f, std::vector<geo::LonLat>& out) {
  const json* v = f.Find("polygon");
  if (!v) return;
  if (!v->is_array()) return f.Fail("polygon", ShowJson(*v) + " is not an array of [lon, lat]");
  if (v->size() > kMaxPolygonPoints) {
    return f.Fail("polygon",
                  fmt::format("{} points is over the limit of {}", v->size(), kMaxPolygonPoints));
  }
  for (size_t i = 0; i < v->size(); ++i) {
    const json& p = (*v)[i];
    const std::string key = fmt::format("polygon[{}]", i);
    if (!p.is_array() || p.size() < 2 || p.size() > 3 || !p[0].is_number() || !p[1].is_number()) {
      return f.Fail(key, ShowJson(p) + " is not a [lon, lat] pair of numbers");
    }
    const geo::LonLat q{p[0].get<double>(), p[1].get<double>()};
    if (!(q.lon >= -180 && q.lon <= 180 && q.lat >= -90 && q.lat <= 90)) {
      return f.Fail(key, fmt::format("[{}, {}] is not a longitude (−180…180) and latitude "
                                     "(−90…90) in degrees",
                                     ShowJson(p[0]), ShowJson(p[1])));
    }
    out.push_back(q);
  }
  const size_t distinct = out.size() - (out.size() > 1 && out.front() == out.back() ? 1 : 0);
  if (distinct < 3) {
    f.Fail("polygon", fmt::format("{} distinct points; an area needs at least 3", distinct));
  }
}

void ReadIncident(FieldReader& f, IncidentInput& in) {
  f.Enum("level", kIncidentLevelNames, in.level, /*required=*/true);
  f.Enum("class", kIncidentClassNames, in.klass, /*required=*/true);
  f.String("title", in.title, kMaxNameBytes, /*required=*/true);
  f.String("description", in.description, kMaxTextBytes);
  const bool has_center = f.LonLat("lon", "lat", in.center);
  const bool has_radius = f.Number("radius_m", in.radius_m, -kHuge, kHuge);
  ReadPolygon(f, in.polygon);
  f.String("cap_identifier", in.cap_identifier, kMaxNameBytes);
  f.String("cap_sender", in.cap_sender, kMaxNameBytes);
  ReadActorAt(f, in.actor, in.at);
  if (f.Error()) return;
  if (!in.polygon.empty()) {
    // lon/lat may come with a polygon (where to label it); a radius may not.
    if (has_radius && in.radius_m != 0) {
      f.Fail("radius_m", fmt::format("{} given with a polygon; give lon, lat and radius_m for a "
                                     "circle, or a polygon, not both",
                                     in.radius_m));
    }
    if (!has_center) {
      // Label it, and locate it in the county, by a point inside it.
      std::span<const geo::LonLat> ring(in.polygon);
      if (ring.front() == ring.back()) ring = ring.first(ring.size() - 1);
      in.center = geo::InteriorPoint(ring);
    }
  } else if (!has_radius) {
    f.Fail(has_center ? "radius_m" : "polygon",
           "missing; give lon, lat and radius_m (metres) for a circle, or polygon "
           "[[lon, lat], …] with at least 3 points");
  } else if (in.radius_m <= 0 || in.radius_m > kMaxRadiusM) {
    f.Fail("radius_m", fmt::format("{} is not a radius in metres (more than 0, at most {})",
                                   in.radius_m, kMaxRadiusM));
  } else if (!has_center) {
    f.Fail("lon", "missing; a circle needs lon, lat and radius_m");
  }
}

}  // namespace

Checked<IncidentInput> ParseIncident(std::string_view body) {
  return ReadBody<IncidentInput>(body, ReadIncident);
}

json ToJson(const IncidentInput& in) {
  json j = {{"level", NameOf(kIncidentLevelNames, in.level)},
            {"class", NameOf(kIncidentClassNames, in.klass)},
            {"title", in.title}};
  PutIfNotEmpty(j, "description", in.description);
  if (in.radius_m > 0 || in.center != geo::LonLat{}) {
    j["lon"] = in.center.lon;
    j["lat"] = in.center.lat;
  }
  if (in.radius_m > 0) j["radius_m"] = in.radius_m;
  if (!in.polygon.empty()) {
    json ring = json::array();
    for (const geo::LonLat& p : in.polygon) ring.push_back({p.lon, p.lat});
    j["polygon"] = std::move(ring);
  }
  PutIfNotEmpty(j, "cap_identifier", in.cap_identifier);
  PutIfNotEmpty(j, "cap_sender", in.cap_sender);
  PutActorAt(j, in.actor, in.at);
  return j;
}

Checked<SummonsInput> ParseSummons(std::string_view body) {
  return ReadBody<SummonsInput>(body, [](FieldReader& f, SummonsInput& s) {
    const json* v = f.Find("departments");
    if (!v) return f.Fail("departments", "missing; list the department codes to summon");
    if (!v->is_array()) return f.Fail("departments", ShowJson(*v) + " is not an array");
    if (v->empty()) return f.Fail("departments", "an empty array; summon at least one department");
    if (v->size() > kMaxDepartments) {
      return f.Fail("departments", fmt::format("{} departments is over the limit of {}", v->size(),
                                               kMaxDepartments));
    }
    for (size_t i = 0; i < v->size(); ++i) {
      const json& d = (*v)[i];
      const std::string key = fmt::format("departments[{}]", i);
      if (!d.is_string() || d.get_ref<const std::string&>().empty() ||
          d.get_ref<const std::string&>().size() > kMaxIdBytes) {
        return f.Fail(key, ShowJson(d) + " is not a department code");
      }
      const auto& code = d.get_ref<const std::string&>();
      for (size_t k = 0; k < s.departments.size(); ++k) {
        if (s.departments[k] == code) {
          return f.Fail(
              key, fmt::format("{} is listed twice, also as departments[{}]", ShowText(code), k));
        }
      }
      s.departments.push_back(code);
    }
    f.Int("report_in_minutes", s.report_in_minutes, 0, 1440);
    ReadActorAt(f, s.actor, s.at);
  });
}

json ToJson(const SummonsInput& s) {
  json j = {{"departments", s.departments}};
  if (s.report_in_minutes) j["report_in_minutes"] = s.report_in_minutes;
  PutActorAt(j, s.actor, s.at);
  return j;
}

Checked<ReportInInput> ParseReportIn(std::string_view body) {
  return ReadBody<ReportInInput>(body, [](FieldReader& f, ReportInInput& r) {
    f.String("department", r.department, kMaxIdBytes, /*required=*/true);
    ReadActorAt(f, r.actor, r.at);
  });
}

json ToJson(const ReportInInput& r) {
  json j = {{"department", r.department}};
  PutActorAt(j, r.actor, r.at);
  return j;
}

Checked<IncidentStageInput> ParseIncidentStage(std::string_view body) {
  return ReadBody<IncidentStageInput>(body, [](FieldReader& f, IncidentStageInput& s) {
    f.Enum("to", kIncidentStageNames, s.to, /*required=*/true);
    ReadActorAt(f, s.actor, s.at);
  });
}

json ToJson(const IncidentStageInput& s) {
  json j = {{"to", NameOf(kIncidentStageNames, s.to)}};
  PutActorAt(j, s.actor, s.at);
  return j;
}

Checked<TextInput> ParseText(std::string_view body, std::string_view field) {
  return ReadBody<TextInput>(body, [field](FieldReader& f, TextInput& t) {
    f.String(field, t.text, kMaxTextBytes, /*required=*/true);
    ReadActorAt(f, t.actor, t.at);
  });
}

json ToJson(const TextInput& t, std::string_view field) {
  json j = json::object();
  j[std::string(field)] = t.text;
  PutActorAt(j, t.actor, t.at);
  return j;
}

// ---------------------------------------------------------------------------
// [SECTION] Organisation

Checked<Chief> ParseChief(std::string_view body) {
  return ReadBody<Chief>(body, [](FieldReader& f, Chief& c) {
    f.String("area_code", c.area_code, kMaxIdBytes, /*required=*/true);
    f.Enum("role", kChiefRoleNames, c.role, /*required=*/true);
    f.String("name", c.name, kMaxNameBytes, /*required=*/true);
    f.String("phone", c.phone, kMaxIdBytes);
    f.Bool("on_duty", c.on_duty);
  });
}

Checked<MemberUnit> ParseMemberUnit(std::string_view body) {
  return ReadBody<MemberUnit>(body, [](FieldReader& f, MemberUnit& u) {
    f.String("id", u.id, kMaxIdBytes, /*required=*/true);
    f.String("name", u.name, kMaxNameBytes, /*required=*/true);
    f.String("community_code", u.community_code, kMaxIdBytes, /*required=*/true);
    f.Int("members", u.members, 0, 1'000'000);
    f.String("contact", u.contact, kMaxNameBytes);
    f.String("phone", u.phone, kMaxIdBytes);
  });
}

Checked<PartyOrg> ParsePartyOrg(std::string_view body) {
  return ReadBody<PartyOrg>(body, [](FieldReader& f, PartyOrg& o) {
    f.String("area_code", o.area_code, kMaxIdBytes, /*required=*/true);
    f.Enum("kind", kPartyOrgKindNames, o.kind, /*required=*/true);
    f.String("name", o.name, kMaxNameBytes, /*required=*/true);
    f.String("secretary", o.secretary, kMaxNameBytes);
    f.String("phone", o.phone, kMaxIdBytes);
  });
}

json ToJson(const Chief& c) {
  return {{"area_code", c.area_code},
          {"role", NameOf(kChiefRoleNames, c.role)},
          {"name", c.name},
          {"phone", c.phone},
          {"on_duty", c.on_duty}};
}

json ToJson(const MemberUnit& u) {
  return {{"id", u.id},           {"name", u.name},       {"community_code", u.community_code},
          {"members", u.members}, {"contact", u.contact}, {"phone", u.phone}};
}

json ToJson(const PartyOrg& o) {
  return {{"area_code", o.area_code},
          {"kind", NameOf(kPartyOrgKindNames, o.kind)},
          {"name", o.name},
          {"secretary", o.secretary},
          {"phone", o.phone}};
}

}  // namespace ops
