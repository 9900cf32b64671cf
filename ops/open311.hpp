// Open311 GeoReport v2 (the spec: ../shared/data/open311/spec-examples) for
// demands: the POST body of a new request, form-encoded as the spec says or
// JSON; the services list and definitions; the GET filters; a demand as a
// service request; and the spec's error form. gridops requires lat and long
// (it assigns every demand to its grid by location) and extends the spec
// with `source` and `requested_datetime` on POST and with our closed-loop
// stage, overdue flag and areas on every request (docs/api.md).
//
// Whether lat/long lie inside the county (or were swapped) is the server's
// to check, with the grid set in hand; here they only have to be degrees.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/model.hpp"
#include "ops/request_error.hpp"
#include "ops/stage.hpp"

namespace ops {

// POST /open311/v2/requests.json. `content_type` is the request's header
// ("application/x-www-form-urlencoded; charset=utf-8" or "application/json";
// anything else is a 415). A JSON body is an object, or an array holding one
// object. first_name and last_name join into the contact name (family name
// first when either is Chinese). Unknown fields, `attribute[…]` among them,
// are ignored.
Checked<DemandInput> ParseRequestPost(std::string_view content_type, std::string_view body,
                                      const Catalog& catalog);

// The JSON body the simulator POSTs for `demand`; ParseRequestPost reads it
// back to the same DemandInput.
nlohmann::json ToOpen311Json(const DemandInput& demand);

// GET /open311/v2/services.json: the spec's fields (service_name in Chinese,
// group the family's Chinese name, metadata false, type realtime) and ours:
// service_name_en, family (code), kind, deadline_hours.
nlohmann::json ServicesJson(const Catalog& catalog);

// GET /open311/v2/services/{code}.json: {"service_code", "attributes": []};
// 404 for a code the catalogue lacks.
Checked<nlohmann::json> ServiceDefinitionJson(const Catalog& catalog, std::string_view code);

// GET /open311/v2/requests.json filters.
struct RequestQuery {
  std::vector<int64_t> ids;   // service_request_id: when given, every other filter is ignored
  std::string service_code;   // "" = all; may list several, comma-separated
  TimeMs start = 0, end = 0;  // requested_datetime within [start, end]; 0 = unbounded
  std::optional<bool> open;   // status: open / closed; nullopt = both
  std::optional<Stage> stage;
  std::string area;     // a community, grid or compound code
  size_t limit = 1000;  // 1–10000; the spec's default 1000
};
// `params` as the HTTP server decoded them from the query string; several
// values of one parameter are read as one comma-separated list. Unknown
// parameters (jurisdiction_id, api_key …) are ignored.
Checked<RequestQuery> ParseRequestQuery(const std::multimap<std::string, std::string>& params);

// Whether `demand` passes the filters (not `limit`, which is the caller's).
bool Matches(const RequestQuery& query, const Demand& demand, const geo::GridSet& grids);

// One demand as a spec service request (service_request_id as a string,
// status open/closed, expected_datetime its deadline, agency_responsible its
// assignee …) with our fields: stage, stage_zh, overdue (at `now`),
// rework_count, source, community, grid, compound (codes; "" where none).
nlohmann::json RequestJson(const Demand& demand, const Catalog& catalog, const geo::GridSet& grids,
                           TimeMs now);

// The spec's error form with our field: [{"code", "field", "description"}].
nlohmann::json Open311ErrorJson(const RequestError& error);

}  // namespace ops
