#include "ops/store_codec.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "geo/text_encoding.hpp"
#include "ops/api_json.hpp"

namespace ops::codec {

using nlohmann::json;

namespace {

template <typename E, size_t N>
E EnumFrom(const std::array<Names, N>& names, const json& j, E fallback) {
  if (!j.is_string()) return fallback;
  return ParseName<E>(names, j.get<std::string>()).value_or(fallback);
}

json LonLatJson(geo::LonLat p) {
  return json::array({p.lon, p.lat});
}
geo::LonLat LonLatFrom(const json& j) {
  return j.is_array() && j.size() == 2 ? geo::LonLat{j[0].get<double>(), j[1].get<double>()}
                                       : geo::LonLat{};
}

}  // namespace

json AreasJson(const AreaIds& areas, const geo::GridSet& grids) {
  json out = json::array();
  for (geo::FeatureId f : areas) {
    out.push_back(f == geo::kNoFeature || f >= grids.features.size() ? "" : grids.features[f].code);
  }
  return out;
}

CodeIndex::CodeIndex(const geo::GridSet& grids) {
  for (geo::FeatureId f = 0; f < grids.features.size(); ++f)
    ids_.emplace(grids.features[f].code, f);
}

AreaIds AreasFrom(const json& j, const CodeIndex& codes) {
  AreaIds areas{geo::kNoFeature, geo::kNoFeature, geo::kNoFeature, geo::kNoFeature};
  if (!j.is_array()) return areas;
  for (size_t l = 0; l < j.size() && l < areas.size(); ++l) {
    const std::string code = j[l].is_string() ? j[l].get<std::string>() : "";
    if (!code.empty()) areas[l] = codes.Find(code);
  }
  return areas;
}

json DemandJson(const Demand& d, const geo::GridSet& grids) {
  return json{{"id", d.id},
              {"category", d.category},
              {"source", NameOf(kSourceNames, d.source)},
              {"description", d.description},
              {"address", d.address},
              {"at", LonLatJson(d.lonlat)},
              {"areas", AreasJson(d.areas, grids)},
              {"stage", StageName(d.stage)},
              {"received", d.received},
              {"deadline", d.deadline},
              {"updated", d.updated},
              {"closed", d.closed},
              {"rework_count", d.rework_count},
              {"satisfaction", d.satisfaction},
              {"assignee", d.assignee}};
}

void AppendJsonString(std::string& out, std::string_view text) {
  std::string valid;
  if (!geo::IsValidUtf8(text)) text = valid = ToValidUtf8(text);
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

namespace {

// A double as nlohmann writes one: the shortest text that reads back to it,
// with ".0" on an integral value so that it reads back as a float; null for
// a value JSON cannot hold.
void AppendJsonDouble(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  const size_t start = out.size();
  fmt::format_to(std::back_inserter(out), "{}", v);
  if (out.find_first_of(".eE", start) == std::string::npos) out += ".0";
}

}  // namespace

std::string DemandReceivedText(const Demand& d, const geo::GridSet& grids,
                               const DemandInput& contact) {
  std::string out;
  out.reserve(256 + d.description.size() + d.address.size());
  auto key = [&](std::string_view k) {
    out += out.size() == 1 ? "\"" : ",\"";
    out += k;
    out += "\":";
  };
  auto text = [&](std::string_view k, std::string_view v) {
    key(k);
    AppendJsonString(out, v);
  };
  auto number = [&](std::string_view k, int64_t v) {
    key(k);
    fmt::format_to(std::back_inserter(out), "{}", v);
  };
  out += '{';
  text("address", d.address);
  key("areas");
  out += '[';
  for (size_t l = 0; l < d.areas.size(); ++l) {
    const geo::FeatureId f = d.areas[l];
    if (l) out += ',';
    AppendJsonString(out, f == geo::kNoFeature || f >= grids.features.size()
                              ? std::string_view()
                              : std::string_view(grids.features[f].code));
  }
  out += ']';
  text("assignee", d.assignee);
  key("at");
  out += '[';
  AppendJsonDouble(out, d.lonlat.lon);
  out += ',';
  AppendJsonDouble(out, d.lonlat.lat);
  out += ']';
  text("category", d.category);
  number("closed", d.closed);
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"device_id", &contact.device_id},   {"email", &contact.contact_email},
      {"media_url", &contact.media_url},   {"name", &contact.contact_name},
      {"phone", &contact.contact_phone}};  // sorted, as dump() sorts keys
  bool any = false;
  for (const auto& [k, v] : fields) {
    if (v->empty()) continue;
    if (!any) {
      key("contact");
      out += '{';
    } else {
      out += ',';
    }
    any = true;
    out += '"';
    out += k;
    out += "\":";
    AppendJsonString(out, *v);
  }
  if (any) out += '}';
  number("deadline", d.deadline);
  text("description", d.description);
  number("id", d.id);
  number("received", d.received);
  number("rework_count", d.rework_count);
  number("satisfaction", d.satisfaction);
  text("source", NameOf(kSourceNames, d.source));
  text("stage", StageName(d.stage));
  number("updated", d.updated);
  out += '}';
  return out;
}

Demand DemandFrom(const json& j, const CodeIndex& codes) {
  Demand d;
  d.id = j.value("id", int64_t{0});
  d.category = j.value("category", "");
  d.source = EnumFrom(kSourceNames, j.value("source", json()), Source::kApp);
  d.description = j.value("description", "");
  d.address = j.value("address", "");
  d.lonlat = LonLatFrom(j.value("at", json()));
  d.areas = AreasFrom(j.value("areas", json()), codes);
  d.stage = ParseStage(j.value("stage", "received")).value_or(Stage::kReceived);
  d.received = j.value("received", TimeMs{0});
  d.deadline = j.value("deadline", TimeMs{0});
  d.updated = j.value("updated", TimeMs{0});
  d.closed = j.value("closed", TimeMs{0});
  d.rework_count = j.value("rework_count", 0);
  d.satisfaction = j.value("satisfaction", 0);
  d.assignee = j.value("assignee", "");
  return d;
}

json SensorSpecJson(const SensorSpec& s) {
  return json{{"id", s.id},          {"kind", NameOf(kSensorKindNames, s.kind)},
              {"name", s.name},      {"at", LonLatJson(s.location)},
              {"unit", s.unit},      {"warn", s.warn},
              {"alarm", s.alarm},    {"hysteresis", s.hysteresis},
              {"falling", s.falling}};
}

SensorSpec SensorSpecFrom(const json& j) {
  SensorSpec s;
  s.id = j.value("id", "");
  s.kind = EnumFrom(kSensorKindNames, j.value("kind", json()), SensorKind::kWaterLevel);
  s.name = j.value("name", "");
  s.location = LonLatFrom(j.value("at", json()));
  s.unit = j.value("unit", "");
  s.warn = j.value("warn", 0.0);
  s.alarm = j.value("alarm", 0.0);
  s.hysteresis = j.value("hysteresis", 0.0);
  s.falling = j.value("falling", false);
  return s;
}

// A log line: its parts only where it has them, so a note stays as small as
// the lines of a store from before LogKind, which read back as notes.
json LogEntryJson(const LogEntry& e) {
  json j{{"at", e.at}, {"actor", e.actor}, {"text", e.text}};
  if (e.kind == LogKind::kNote) return j;
  j["kind"] = NameOf(kLogKindNames, e.kind);
  if (e.value) j["value"] = e.value;
  if (!e.subject.empty()) j["subject"] = e.subject;
  if (!e.alert.empty()) j["alert"] = e.alert;
  if (!e.departments.empty()) {
    json departments = json::array();
    for (const LogDepartment& d : e.departments)
      departments.push_back({{"code", d.code}, {"minutes", d.minutes}});
    j["departments"] = std::move(departments);
  }
  return j;
}

LogEntry LogEntryFrom(const json& j) {
  LogEntry e;
  e.at = j.value("at", TimeMs{0});
  e.actor = j.value("actor", "");
  e.text = j.value("text", "");
  e.kind = EnumFrom(kLogKindNames, j.value("kind", json()), LogKind::kNote);
  e.value = j.value("value", 0);
  e.subject = j.value("subject", "");
  e.alert = j.value("alert", "");
  for (const json& d : j.value("departments", json::array()))
    e.departments.push_back(LogDepartment{d.value("code", ""), d.value("minutes", 0)});
  return e;
}

json IncidentJson(const Incident& i) {
  const IncidentInput& in = i.opened_as;
  json polygon = json::array();
  for (geo::LonLat p : in.polygon) polygon.push_back(LonLatJson(p));
  json summons = json::array();
  for (const Summons& s : i.summons) {
    summons.push_back({{"department", s.department},
                       {"summoned", s.summoned},
                       {"deadline", s.deadline},
                       {"reported", s.reported},
                       {"escalated", s.escalated},
                       {"reported_by", s.reported_by}});
  }
  json log = json::array();
  for (const LogEntry& e : i.log) log.push_back(LogEntryJson(e));
  return json{{"id", i.id},
              {"level", NameOf(kIncidentLevelNames, in.level)},
              {"class", NameOf(kIncidentClassNames, in.klass)},
              {"title", in.title},
              {"description", in.description},
              {"center", LonLatJson(in.center)},
              {"radius_m", in.radius_m},
              {"polygon", polygon},
              {"cap_identifier", in.cap_identifier},
              {"cap_sender", in.cap_sender},
              {"opened_by", in.actor},
              {"stage", NameOf(kIncidentStageNames, i.stage)},
              {"opened", i.opened},
              {"ended", i.ended},
              {"summary", i.summary},
              {"summons", summons},
              {"log", log}};
}

Incident IncidentFrom(const json& j) {
  Incident i;
  i.id = j.value("id", int64_t{0});
  IncidentInput& in = i.opened_as;
  in.level = EnumFrom(kIncidentLevelNames, j.value("level", json()), IncidentLevel::kIV);
  in.klass = EnumFrom(kIncidentClassNames, j.value("class", json()), IncidentClass::kAccident);
  in.title = j.value("title", "");
  in.description = j.value("description", "");
  in.center = LonLatFrom(j.value("center", json()));
  in.radius_m = j.value("radius_m", 0.0);
  for (const json& p : j.value("polygon", json::array())) in.polygon.push_back(LonLatFrom(p));
  in.cap_identifier = j.value("cap_identifier", "");
  in.cap_sender = j.value("cap_sender", "");
  in.actor = j.value("opened_by", "");
  i.stage = EnumFrom(kIncidentStageNames, j.value("stage", json()), IncidentStage::kWarning);
  i.opened = j.value("opened", TimeMs{0});
  in.at = i.opened;
  i.ended = j.value("ended", TimeMs{0});
  i.summary = j.value("summary", "");
  for (const json& s : j.value("summons", json::array())) {
    i.summons.push_back(Summons{s.value("department", ""), s.value("summoned", TimeMs{0}),
                                s.value("deadline", TimeMs{0}), s.value("reported", TimeMs{0}),
                                s.value("escalated", TimeMs{0}), s.value("reported_by", "")});
  }
  for (const json& e : j.value("log", json::array())) i.log.push_back(LogEntryFrom(e));
  return i;
}

json ChiefJson(const Chief& c) {
  return json{{"area", c.area_code},
              {"role", NameOf(kChiefRoleNames, c.role)},
              {"name", c.name},
              {"phone", c.phone},
              {"on_duty", c.on_duty}};
}

Chief ChiefFrom(const json& j) {
  return Chief{j.value("area", ""),
               EnumFrom(kChiefRoleNames, j.value("role", json()), ChiefRole::kGrid),
               j.value("name", ""), j.value("phone", ""), j.value("on_duty", true)};
}

json UnitJson(const MemberUnit& u) {
  return json{{"id", u.id},           {"name", u.name},       {"community", u.community_code},
              {"members", u.members}, {"contact", u.contact}, {"phone", u.phone}};
}

MemberUnit UnitFrom(const json& j) {
  return MemberUnit{j.value("id", ""),     j.value("name", ""),    j.value("community", ""),
                    j.value("members", 0), j.value("contact", ""), j.value("phone", "")};
}

json PartyOrgJson(const PartyOrg& p) {
  return json{{"area", p.area_code},
              {"kind", NameOf(kPartyOrgKindNames, p.kind)},
              {"name", p.name},
              {"secretary", p.secretary},
              {"phone", p.phone}};
}

PartyOrg PartyOrgFrom(const json& p) {
  return PartyOrg{
      p.value("area", ""),
      EnumFrom(kPartyOrgKindNames, p.value("kind", json()), PartyOrgKind::kGridOrganisation),
      p.value("name", ""), p.value("secretary", ""), p.value("phone", "")};
}

json OrganisationJson(const Organisation& o) {
  json chiefs = json::array(), orgs = json::array(), units = json::array();
  for (const Chief& c : o.chiefs) chiefs.push_back(ChiefJson(c));
  for (const PartyOrg& p : o.party_orgs) orgs.push_back(PartyOrgJson(p));
  for (const MemberUnit& u : o.units) units.push_back(UnitJson(u));
  return json{{"chiefs", chiefs},
              {"party_orgs", orgs},
              {"units", units},
              {"demonstration_compounds", o.demonstration_compounds}};
}

Organisation OrganisationFrom(const json& j) {
  Organisation o;
  for (const json& c : j.value("chiefs", json::array())) o.chiefs.push_back(ChiefFrom(c));
  for (const json& p : j.value("party_orgs", json::array())) {
    o.party_orgs.push_back(PartyOrgFrom(p));
  }
  for (const json& u : j.value("units", json::array())) o.units.push_back(UnitFrom(u));
  for (const json& c : j.value("demonstration_compounds", json::array())) {
    if (c.is_string()) o.demonstration_compounds.push_back(c.get<std::string>());
  }
  return o;
}

}  // namespace ops::codec
