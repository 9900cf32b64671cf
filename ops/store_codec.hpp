// How the store writes its records as JSON: event payloads and the current
// tables' document columns. A storage format, not the API's (api_json.hpp):
// compact English keys, times as integer milliseconds, areas as codes so a
// store outlives a reload of the grid set.
#pragma once

#include <nlohmann/json.hpp>

#include "geo/grid_set.hpp"
#include "ops/model.hpp"

#include <string_view>
#include <unordered_map>

namespace ops::codec {

// Area codes to feature ids in O(1) (GridSet::Find scans). The grid set
// must outlive it: the keys are views of its codes.
class CodeIndex {
 public:
  explicit CodeIndex(const geo::GridSet& grids);
  geo::FeatureId Find(std::string_view code) const {
    auto it = ids_.find(code);
    return it == ids_.end() ? geo::kNoFeature : it->second;
  }

 private:
  std::unordered_map<std::string_view, geo::FeatureId> ids_;
};

nlohmann::json AreasJson(const AreaIds& areas, const geo::GridSet& grids);
AreaIds AreasFrom(const nlohmann::json& j, const CodeIndex& codes);

nlohmann::json DemandJson(const Demand& d, const geo::GridSet& grids);
Demand DemandFrom(const nlohmann::json& j, const CodeIndex& codes);

// The `demand.received` event's payload: DemandJson(d) plus, when any is
// given, a "contact" object of the input's contact fields, written straight
// to text — byte for byte what nlohmann's dump() of that document writes
// (sorted keys, no spaces), without building the document. The writer
// stores one per acknowledged demand, where the tree and its allocations
// were a tenth of its time. Text that is not UTF-8 is stored as
// api_json's ToValidUtf8 writes it.
std::string DemandReceivedText(const Demand& d, const geo::GridSet& grids,
                               const DemandInput& contact);
// Appends `text` as a JSON string, quoted and escaped as nlohmann's dump()
// escapes it (ensure_ascii off).
void AppendJsonString(std::string& out, std::string_view text);

nlohmann::json SensorSpecJson(const SensorSpec& s);
SensorSpec SensorSpecFrom(const nlohmann::json& j);

nlohmann::json IncidentJson(const Incident& i);
Incident IncidentFrom(const nlohmann::json& j);
nlohmann::json LogEntryJson(const LogEntry& e);
LogEntry LogEntryFrom(const nlohmann::json& j);

nlohmann::json OrganisationJson(const Organisation& o);
Organisation OrganisationFrom(const nlohmann::json& j);
nlohmann::json ChiefJson(const Chief& c);
Chief ChiefFrom(const nlohmann::json& j);
nlohmann::json UnitJson(const MemberUnit& u);
nlohmann::json PartyOrgJson(const PartyOrg& p);
PartyOrg PartyOrgFrom(const nlohmann::json& j);
MemberUnit UnitFrom(const nlohmann::json& j);

}  // namespace ops::codec
