// The ingest API's situation-monitoring, incident, organisation and live
// routes: sensors and readings, CAP and coordination (吹哨报到), the
// snapshot and the change stream.
#include <fmt/format.h>

#include <algorithm>

#include "ops/api_json.hpp"
#include "ops/cap.hpp"
#include "ops/server_util.hpp"

namespace ops::http {

using nlohmann::json;

namespace {

json KpisJson(const AreaKpis& k) {
  auto rate = [](double r) { return r < 0 ? json(nullptr) : json(r); };
  return json{{"open", k.open},
              {"overdue", k.overdue},
              {"received_today", k.received_today},
              {"closed_today", k.closed_today},
              {"received", k.received},
              {"closed", k.closed},
              {"on_time_rate", rate(k.OnTimeRate())},
              {"rework_rate", rate(k.ReworkRate())},
              {"response_rate", rate(k.ResponseRate())},
              {"resolution_rate", rate(k.ResolutionRate())},
              {"satisfaction", rate(k.Satisfaction())},
              {"sensors_warn", k.sensors_warn},
              {"sensors_alarm", k.sensors_alarm},
              {"incidents_active", k.incidents_active}};
}

json SnapshotJson(const Snapshot& s, const Store& store, size_t demand_limit) {
  const geo::GridSet& grids = store.grids();
  json areas = json::object();
  for (size_t f = 0; f < s.kpis->areas.size(); ++f) {
    const AreaKpis& k = s.kpis->areas[f];
    if (k.received || k.sensors_warn || k.sensors_alarm)
      areas[grids.features[f].code] = KpisJson(k);
  }
  json demands = json::array();
  for (int64_t id = static_cast<int64_t>(s.demands.size()); id >= 1; --id) {
    if (demands.size() >= demand_limit) break;
    const Demand& d = *s.demands.Find(id);
    if (d.Open()) demands.push_back(DemandJson(d, store.catalog(), grids, s.now));
  }
  json sensors = json::array();
  for (const Sensor& x : *s.sensors) sensors.push_back(SensorJson(x, grids));
  json incidents = json::array();
  for (const Incident& i : *s.incidents) {
    if (i.stage != IncidentStage::kEnded)
      incidents.push_back(IncidentJson(i, store.catalog(), s.now));
  }
  const auto& by_level = s.kpis->incidents_by_level;
  return json{
      {"seq", s.seq},
      {"now", FormatTime(s.now)},
      {"county", {{"code", grids.county_code}, {"name", grids.county_name}}},
      {"kpis",
       {{"county", KpisJson(s.kpis->county)},
        {"incidents_by_level",
         {{"I", by_level[0]}, {"II", by_level[1]}, {"III", by_level[2]}, {"IV", by_level[3]}}},
        {"areas", areas}}},
      {"open_demands", demands},
      {"sensors", sensors},
      {"incidents", incidents}};
}

// A CAP point (a circle of radius 0, e.g. an earthquake's epicentre) is
// drawn and searched as a circle of this radius.
constexpr double kCapPointRadiusM = 500;

Checked<IncidentInput> IncidentOf(const CapAlert& alert) {
  auto in = IncidentFromCap(alert);
  if (in && in->radius_m <= 0 && in->polygon.size() < 3) in->radius_m = kCapPointRadiusM;
  return in;
}

int64_t ResumeFrom(const Request& req) {
  std::string text = req.Header("Last-Event-ID");
  if (text.empty() && req.HasParam("after")) text = req.Param("after");
  int64_t seq = 0;
  std::from_chars(text.data(), text.data() + text.size(), seq);
  return std::max<int64_t>(seq, 0);
}

}  // namespace

const Incident* IncidentOr404(const Snapshot& snap, int64_t id, Response& res) {
  if (id < 1 || id > static_cast<int64_t>(snap.incidents->size())) {
    SendError(res, {404, "id", fmt::format("incident {} does not exist", id)});
    return nullptr;
  }
  return &(*snap.incidents)[static_cast<size_t>(id - 1)];
}

void AddLiveRoutes(HttpServer& h, Store& store, const ServerOptions& o) {
  // --- sensors and readings -------------------------------------------------
  h.Post("/api/v1/sensors", [&](const Request& req, Response& res) {
    if (!Authorised(req, res, o)) return;
    auto sensors = ParseSensors(req.body);
    if (!sensors) return SendError(res, sensors.error());
    Answer(res, store.RegisterSensors(*sensors), [](const Outcome& out) {
      return json{{"registered", out.accepted}, {"seq", out.seq}};
    });
  });
  h.Get("/api/v1/sensors", [&](const Request& req, Response& res) {
    if (!MayRead(req, res, o)) return;
    json out = json::array();
    for (const Sensor& s : *store.Latest()->sensors) out.push_back(SensorJson(s, store.grids()));
    SendJson(res, out);
  });
  h.Get(R"(/api/v1/sensors/([^/]+)/readings)", [&](const Request& req, Response& res) {
    if (!MayRead(req, res, o)) return;
    const std::string id = req.matches[1];
    const auto snap = store.Latest();
    const auto it = std::find_if(snap->sensors->begin(), snap->sensors->end(),
                                 [&](const Sensor& s) { return s.spec.id == id; });
    if (it == snap->sensors->end()) {
      return SendError(res, {404, "id", fmt::format("sensor \"{}\" is not registered", id)});
    }
    double hours = 24;
    if (req.HasParam("hours")) hours = std::strtod(req.Param("hours").c_str(), nullptr);
    if (!(hours > 0 && hours <= 24 * 400)) {
      return SendError(res, {400, "hours", "hours: expected a number of hours in (0, 9600]"});
    }
    json points = json::array();
    for (const auto& p :
         store.Readings(id, snap->now - static_cast<TimeMs>(hours * kHour), 20000)) {
      points.push_back({{"at", FormatTime(p.at)},
                        {"value", p.value},
                        {"min", p.min},
                        {"max", p.max},
                        {"n", p.n}});
    }
    SendJson(res, {{"sensor", SensorJson(*it, store.grids())}, {"readings", points}});
  });
  h.Post("/api/v1/readings", [&](const Request& req, Response& res) {
    if (!Authorised(req, res, o, false, o.max_readings_body)) return;
    auto batch = ParseReadings(req.body);
    if (!batch) return SendError(res, batch.error());
    const size_t total = batch->readings.size() + batch->rejected.size();
    auto out = store.PostReadings(std::move(batch->readings), std::move(batch->rejected),
                                  std::move(batch->index));
    if (!out) return SendError(res, out.error());
    json rejected = json::array();
    for (const auto& [i, e] : out->rejected) {
      rejected.push_back({{"index", i}, {"field", e.field}, {"message", e.message}});
    }
    const int status = out->accepted == 0 && total > 0 ? 400 : 200;
    SendJson(res, {{"accepted", out->accepted}, {"rejected", rejected}, {"seq", out->seq}}, status);
  });

  // --- incidents -------------------------------------------------------------
  auto incident_answer = [](const Outcome& out) {
    return json{{"incident", out.id}, {"seq", out.seq}};
  };
  h.Post("/api/v1/cap", [&, incident_answer](const Request& req, Response& res) {
    if (!Authorised(req, res, o)) return;
    auto alert = ParseCap(req.body);
    if (!alert) return SendError(res, alert.error());
    if (alert->msg_type == "Ack" || alert->msg_type == "Error") {
      return SendJson(res,
                      {{"ignored", fmt::format("msgType {} opens no incident", alert->msg_type)}});
    }
    if (alert->msg_type == "Cancel" || alert->msg_type == "Update") {
      std::vector<std::pair<std::string, std::string>> refs;
      for (const auto& r : alert->references) refs.emplace_back(r.sender, r.identifier);
      IncidentInput update;
      if (alert->msg_type == "Update") {
        auto in = IncidentOf(*alert);
        if (!in) return SendError(res, in.error());
        update = std::move(*in);
      } else {
        update.cap_identifier = alert->identifier;
        update.at = alert->sent;
      }
      if (update.actor.empty()) update.actor = alert->sender;
      return Answer(res, store.UpdateIncidentFromCap(refs, update, alert->msg_type == "Cancel"),
                    incident_answer);
    }
    auto in = IncidentOf(*alert);
    if (!in) return SendError(res, in.error());
    Answer(res, store.OpenIncident(*in), incident_answer, 201);
  });
  h.Post("/api/v1/incidents", [&, incident_answer](const Request& req, Response& res) {
    if (!Authorised(req, res, o)) return;
    auto in = ParseIncident(req.body);
    if (!in) return SendError(res, in.error());
    Answer(res, store.OpenIncident(*in), incident_answer, 201);
  });
  h.Get("/api/v1/incidents", [&](const Request& req, Response& res) {
    if (!MayRead(req, res, o)) return;
    const auto snap = store.Latest();
    json out = json::array();
    for (const Incident& i : *snap->incidents)
      out.push_back(IncidentJson(i, store.catalog(), snap->now));
    SendJson(res, out);
  });
  h.Get(R"(/api/v1/incidents/([^/]+))", [&](const Request& req, Response& res) {
    if (!MayRead(req, res, o)) return;
    auto id = PathId(req, res, 1, "incident");
    if (!id) return;
    const auto snap = store.Latest();
    if (const Incident* i = IncidentOr404(*snap, *id, res))
      SendJson(res, IncidentJson(*i, store.catalog(), snap->now));
  });
  h.Post(R"(/api/v1/incidents/([^/]+)/(summons|report-ins|stage|log|close))",
         [&, incident_answer](const Request& req, Response& res) {
           if (!Authorised(req, res, o)) return;
           auto id = PathId(req, res, 1, "incident");
           if (!id) return;
           const std::string action = req.matches[2];
           if (action == "summons") {
             auto in = ParseSummons(req.body);
             if (!in) return SendError(res, in.error());
             return Answer(
                 res, store.Summon(*id, in->departments, in->report_in_minutes, in->actor, in->at),
                 incident_answer);
           }
           if (action == "report-ins") {
             auto in = ParseReportIn(req.body);
             if (!in) return SendError(res, in.error());
             return Answer(res, store.ReportIn(*id, in->department, in->actor, in->at),
                           incident_answer);
           }
           if (action == "stage") {
             auto in = ParseIncidentStage(req.body);
             if (!in) return SendError(res, in.error());
             return Answer(res, store.SetIncidentStage(*id, in->to, in->actor, in->at),
                           incident_answer);
           }
           const bool close = action == "close";
           auto in = ParseText(req.body, close ? "summary" : "text");
           if (!in) return SendError(res, in.error());
           Answer(res,
                  close ? store.CloseIncident(*id, in->text, in->actor, in->at)
                        : store.LogIncident(*id, in->text, in->actor, in->at),
                  incident_answer);
         });

  // --- organisation (基层数据动态维护) ----------------------------------------
  h.Get("/api/v1/organisation", [&](const Request& req, Response& res) {
    if (!MayRead(req, res, o)) return;
    // The shapes the PUTs below take; ?area= keeps one area's.
    const auto org = store.Latest()->organisation;
    const std::string area = req.HasParam("area") ? req.Param("area") : "";
    json chiefs = json::array(), party = json::array(), units = json::array();
    for (const Chief& c : org->chiefs) {
      if (area.empty() || c.area_code == area) chiefs.push_back(ToJson(c));
    }
    for (const PartyOrg& p : org->party_orgs) {
      if (area.empty() || p.area_code == area) party.push_back(ToJson(p));
    }
    for (const MemberUnit& u : org->units) {
      if (area.empty() || u.community_code == area) units.push_back(ToJson(u));
    }
    json out{{"chiefs", chiefs}, {"party_orgs", party}, {"units", units}};
    if (area.empty()) out["demonstration_compounds"] = org->demonstration_compounds;
    SendJson(res, out);
  });
  h.Put("/api/v1/organisation/party", [&](const Request& req, Response& res) {
    if (!Authorised(req, res, o)) return;
    auto org = ParsePartyOrg(req.body);
    if (!org) return SendError(res, org.error());
    Answer(res, store.PutPartyOrg(*org), [](const Outcome& out) { return json{{"seq", out.seq}}; });
  });
  h.Put("/api/v1/organisation/chiefs", [&](const Request& req, Response& res) {
    if (!Authorised(req, res, o)) return;
    auto chief = ParseChief(req.body);
    if (!chief) return SendError(res, chief.error());
    Answer(res, store.PutChief(*chief), [](const Outcome& out) { return json{{"seq", out.seq}}; });
  });
  h.Put("/api/v1/organisation/units", [&](const Request& req, Response& res) {
    if (!Authorised(req, res, o)) return;
    auto unit = ParseMemberUnit(req.body);
    if (!unit) return SendError(res, unit.error());
    Answer(res, store.PutUnit(*unit), [](const Outcome& out) { return json{{"seq", out.seq}}; });
  });

  // --- live state ------------------------------------------------------------
  h.Get("/api/v1/snapshot", [&](const Request& req, Response& res) {
    if (!MayRead(req, res, o)) return;
    size_t limit = 10000;
    if (req.HasParam("limit")) limit = std::strtoul(req.Param("limit").c_str(), nullptr, 10);
    SendJson(res, SnapshotJson(*store.Latest(), store, limit));
  });
  h.Get("/api/v1/stream", [&](const Request& req, Response& res) {
    if (!MayRead(req, res, o)) return;
    auto cursor = std::make_shared<int64_t>(ResumeFrom(req));
    res.content_type = "text/event-stream";
    res.SetHeader("Cache-Control", "no-cache");
    res.stream = [&store, cursor](StreamSink& sink) {
      const auto events = store.EventsAfter(*cursor, 1000);
      if (events.empty()) {
        // A comment line now and then keeps proxies from closing an idle stream.
        if (!store.WaitForEvents(*cursor, std::chrono::seconds(1))) return sink.Write(": idle\n\n");
        return sink.Open();
      }
      std::string out;
      for (const StoredEvent& e : events) {
        out += fmt::format("id: {}\nevent: {}\ndata: {}\n\n", e.seq, e.kind, e.payload);
        *cursor = e.seq;
      }
      return sink.Write(out);
    };
  });
}

}  // namespace ops::http
