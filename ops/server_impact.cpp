// What an incident's area covers, over the API: for an open incident
// (GET /api/v1/incidents/{id}/impact) and for a circle a coordinator is
// about to draw (GET /api/v1/impact?lon=…&lat=…&radius_m=…), before the
// incident exists. See ops/incident_impact.hpp.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <mutex>

#include "ops/api_json.hpp"
#include "ops/incident_impact.hpp"
#include "ops/server_util.hpp"

namespace ops::http {

using nlohmann::json;

namespace {

// At most this many demand ids are listed; the count is always whole.
constexpr size_t kListedDemands = 200;
constexpr double kMaxRadiusM = 50'000;

// One calculator for every handler thread, made on first use (it holds a
// GEOS geometry of every area), used under its mutex.
struct SharedCalculator {
  std::mutex mutex;
  std::unique_ptr<ImpactCalculator> calculator;
  std::string error;
};

json SharesJson(const std::vector<geo::AreaShare>& shares, const geo::GridSet& grids) {
  json out = json::array();
  for (const geo::AreaShare& s : shares) {
    const geo::Feature& f = grids.features[s.feature];
    out.push_back({{"code", f.code},
                   {"name", f.name},
                   {"share", std::round(s.share * 1e4) / 1e4},
                   {"population", f.population}});
  }
  return out;
}

json ImpactJson(const IncidentImpact& i, const geo::GridSet& grids) {
  json ids = json::array();
  for (size_t k = 0; k < i.open_demands.size() && k < kListedDemands; ++k)
    ids.push_back(i.open_demands[k]);
  return json{{"communities", SharesJson(i.areas[0], grids)},
              {"grids", SharesJson(i.areas[1], grids)},
              {"compounds", SharesJson(i.areas[2], grids)},
              {"population", std::llround(i.population)},
              {"households", std::llround(i.households)},
              {"population_method",
               "grid population x share of the grid's area inside (areal weighting)"},
              {"open_demands", i.open_demands.size()},
              {"open_demand_ids", ids},
              {"overdue", i.overdue},
              {"sensors", i.sensors},
              {"sensors_warn", i.sensors_warn},
              {"sensors_alarm", i.sensors_alarm}};
}

// A query parameter as a finite number, or a 400 naming it.
Checked<double> NumberParam(const Request& req, const char* name) {
  if (!req.HasParam(name)) {
    return Refuse(400, name, fmt::format("{}: missing; give lon, lat and radius_m", name));
  }
  const std::string text = req.Param(name);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return Refuse(400, name, fmt::format("{}: {} is not a number", name, ShowText(text)));
  }
  return v;
}

}  // namespace

void AddImpactRoutes(HttpServer& h, Store& store, const ServerOptions& o) {
  auto shared = std::make_shared<SharedCalculator>();
  auto answer = [&store, shared](Response& res, const IncidentInput& area,
                                 const Snapshot& snap) {
    std::lock_guard lock(shared->mutex);
    if (!shared->calculator && shared->error.empty()) {
      auto made = ImpactCalculator::Create(store.grids());
      if (made) {
        shared->calculator = std::move(*made);
      } else {
        shared->error = made.error().message;
      }
    }
    if (!shared->calculator) return SendError(res, {500, "", shared->error});
    json body = ImpactJson(shared->calculator->Of(area, snap), store.grids());
    body["seq"] = snap.seq;
    SendJson(res, body);
  };
  h.Get(R"(/api/v1/incidents/([^/]+)/impact)",
        [&store, &o, answer](const Request& req, Response& res) {
          if (!MayRead(req, res, o)) return;
          auto id = PathId(req, res, 1, "incident");
          if (!id) return;
          const auto snap = store.Latest();
          if (const Incident* i = IncidentOr404(*snap, *id, res)) answer(res, i->opened_as, *snap);
        });
  h.Get("/api/v1/impact", [&store, &o, answer](const Request& req,
                                                Response& res) {
    if (!MayRead(req, res, o)) return;
    IncidentInput area;
    for (const auto& [name, out] : {std::pair{"lon", &area.center.lon},
                                    std::pair{"lat", &area.center.lat},
                                    std::pair{"radius_m", &area.radius_m}}) {
      auto v = NumberParam(req, name);
      if (!v) return SendError(res, v.error());
      *out = *v;
    }
    if (area.radius_m <= 0 || area.radius_m > kMaxRadiusM) {
      return SendError(res, {400, "radius_m",
                             fmt::format("radius_m: {} is not a radius in metres (more than 0, "
                                         "at most {})",
                                         area.radius_m, kMaxRadiusM)});
    }
    answer(res, area, *store.Latest());
  });
}

}  // namespace ops::http
