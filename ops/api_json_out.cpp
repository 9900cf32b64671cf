// The API's answers: errors, demands, sensors and incidents as JSON, with
// every enum in its API name and its Chinese label, and times in RFC 3339
// UTC (null when not yet).
#include <fmt/format.h>

#include "geo/text_encoding.hpp"
#include "ops/api_json.hpp"
#include "ops/incident_log.hpp"

namespace ops {

using nlohmann::json;

namespace {

json TimeOrNull(TimeMs t) {
  return t ? json(FormatTime(t)) : json(nullptr);
}

}  // namespace

json ErrorJson(const RequestError& error) {
  // Dumping must not throw: a message quoting raw bytes would.
  const auto text = [](const std::string& s) { return geo::IsValidUtf8(s) ? s : ToValidUtf8(s); };
  return {
      {"error",
       {{"status", error.status}, {"field", text(error.field)}, {"message", text(error.message)}}}};
}

json AreasJson(const AreaIds& areas, const geo::GridSet& grids) {
  json out = json::object();
  for (int l = 0; l < geo::kLevelCount; ++l) {
    const geo::FeatureId id = areas[l];
    if (id == geo::kNoFeature || id >= grids.features.size()) {
      out[geo::kLevelNames[l]] = nullptr;
    } else {
      const geo::Feature& f = grids.features[id];
      out[geo::kLevelNames[l]] = {{"code", f.code}, {"name", f.name}};
    }
  }
  return out;
}

json DemandJson(const Demand& d, const Catalog& catalog, const geo::GridSet& grids, TimeMs now) {
  const Category* category = catalog.FindCategory(d.category);
  const Family* family = category ? catalog.FindFamily(category->family) : nullptr;
  const Department* department = catalog.FindDepartment(d.assignee);
  const auto source = static_cast<size_t>(d.source);
  const auto stage = static_cast<size_t>(d.stage);
  return {
      {"id", d.id},
      {"category", d.category},
      {"category_zh", category ? category->zh : ""},
      {"category_en", category ? category->en : ""},
      {"family", category ? category->family : ""},
      {"family_zh", family ? family->zh : ""},
      {"source", kSourceNames[source].en},
      {"source_zh", kSourceNames[source].zh},
      {"description", d.description},
      {"address", d.address},
      {"lon", d.lonlat.lon},
      {"lat", d.lonlat.lat},
      {"areas", AreasJson(d.areas, grids)},
      {"stage", kStageNames[stage].en},
      {"stage_zh", kStageNames[stage].zh},
      {"open", d.Open()},
      {"received", TimeOrNull(d.received)},
      {"deadline", TimeOrNull(d.deadline)},
      {"updated", TimeOrNull(d.updated)},
      {"closed", TimeOrNull(d.closed)},
      {"overdue", d.Overdue(now)},
      {"rework_count", d.rework_count},
      {"satisfaction", d.satisfaction ? json(d.satisfaction) : json(nullptr)},
      {"assignee", d.assignee},
      {"assignee_zh", department ? department->zh : ""},
  };
}

json SensorJson(const Sensor& s, const geo::GridSet& grids) {
  json j = ToJson(s.spec);
  const auto state = static_cast<size_t>(s.state);
  j["kind_zh"] = kSensorKindNames[static_cast<size_t>(s.spec.kind)].zh;
  j["state"] = kAlertStateNames[state].en;
  j["state_zh"] = kAlertStateNames[state].zh;
  j["state_since"] = TimeOrNull(s.state_since);
  j["last_value"] = s.last_at ? json(s.last_value) : json(nullptr);
  j["last_at"] = TimeOrNull(s.last_at);
  j["areas"] = AreasJson(s.areas, grids);
  return j;
}

json IncidentJson(const Incident& incident, const Catalog& catalog, TimeMs now) {
  const IncidentInput& in = incident.opened_as;
  json j = ToJson(in);
  j.erase("at");
  j.erase("actor");
  j["id"] = incident.id;
  j["level_zh"] = kIncidentLevelNames[static_cast<size_t>(in.level) - 1].zh;
  j["class_zh"] = kIncidentClassNames[static_cast<size_t>(in.klass)].zh;
  j["description"] = in.description;
  j["lon"] = in.center.lon;
  j["lat"] = in.center.lat;
  j["radius_m"] = in.radius_m;
  if (!j.contains("polygon")) j["polygon"] = json::array();
  j["opened_by"] = in.actor;
  const auto stage = static_cast<size_t>(incident.stage);
  j["stage"] = kIncidentStageNames[stage].en;
  j["stage_zh"] = kIncidentStageNames[stage].zh;
  j["active"] = incident.stage != IncidentStage::kEnded;
  j["opened"] = TimeOrNull(incident.opened);
  j["ended"] = TimeOrNull(incident.ended);
  j["summary"] = incident.summary;

  json summons = json::array();
  for (const Summons& s : incident.summons) {
    const Department* department = catalog.FindDepartment(s.department);
    const bool late = s.reported ? s.reported > s.deadline : now > s.deadline;
    summons.push_back({{"department", s.department},
                       {"department_zh", department ? department->zh : ""},
                       {"department_en", department ? department->en : ""},
                       {"summoned", TimeOrNull(s.summoned)},
                       {"deadline", TimeOrNull(s.deadline)},
                       {"reported", TimeOrNull(s.reported)},
                       {"reported_by", s.reported_by},
                       {"escalated", TimeOrNull(s.escalated)},
                       {"late", late}});
  }
  j["summons"] = std::move(summons);

  json log = json::array();
  for (const LogEntry& e : incident.log) {
    log.push_back({{"at", TimeOrNull(e.at)},
                   {"actor", e.actor},
                   {"kind", NameOf(kLogKindNames, e.kind)},
                   {"text", e.text},
                   {"text_en", LogLine(e, catalog, Wording::kEnglish)}});
  }
  j["log"] = std::move(log);
  return j;
}

}  // namespace ops
