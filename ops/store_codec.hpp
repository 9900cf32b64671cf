// How the store writes its records as JSON: event payloads and the current
// tables' document columns. A storage format, not the API's (api_json.hpp):
// compact English keys, times as integer milliseconds, areas as codes so a
// store outlives a reload of the grid set.
#pragma once

#include <nlohmann/json.hpp>

#include "geo/grid_set.hpp"
#include "ops/model.hpp"

namespace ops::codec {

nlohmann::json AreasJson(const AreaIds& areas, const geo::GridSet& grids);
AreaIds AreasFrom(const nlohmann::json& j, const geo::GridSet& grids);

nlohmann::json DemandJson(const Demand& d, const geo::GridSet& grids);
Demand DemandFrom(const nlohmann::json& j, const geo::GridSet& grids);

nlohmann::json SensorSpecJson(const SensorSpec& s);
SensorSpec SensorSpecFrom(const nlohmann::json& j);

nlohmann::json IncidentJson(const Incident& i);
Incident IncidentFrom(const nlohmann::json& j);

nlohmann::json OrganisationJson(const Organisation& o);
Organisation OrganisationFrom(const nlohmann::json& j);
nlohmann::json ChiefJson(const Chief& c);
Chief ChiefFrom(const nlohmann::json& j);
nlohmann::json UnitJson(const MemberUnit& u);
MemberUnit UnitFrom(const nlohmann::json& j);

}  // namespace ops::codec
