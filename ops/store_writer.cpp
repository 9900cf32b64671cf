#include "ops/store_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "geo/text_encoding.hpp"
#include "ops/api_json.hpp"
#include "ops/store_codec.hpp"

namespace ops {

using nlohmann::json;

// ---------------------------------------------------------------------------
// [SECTION] Setup, load, rebuild

Store::Writer::Writer(sql::Database db, const geo::GridSet& grids, const Catalog& catalog,
                      const Locator& locator, TimeMs retention)
    : db_(std::move(db)),
      grids_(grids),
      catalog_(catalog),
      locator_(locator),
      retention_(retention),
      codes_(grids),
      state_(std::make_unique<LiveState>(grids, catalog)) {
  PrepareStatements();
}

void Store::Writer::PrepareStatements() {
  insert_event_.emplace(db_,
                        "INSERT INTO events(seq, at, kind, entity, actor, payload) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
  upsert_demand_.emplace(
      db_,
      "INSERT OR REPLACE INTO demands(id, category, source, description, address, lon, lat, "
      "community, grid, compound, building, stage, received, deadline, updated, closed, "
      "rework_count, satisfaction, assignee, responded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?)");
  upsert_sensor_.emplace(db_,
                         "INSERT OR REPLACE INTO sensors(id, spec, state, state_since, last_value, "
                         "last_at) VALUES (?, ?, ?, ?, ?, ?)");
  insert_reading_.emplace(db_,
                          "INSERT OR REPLACE INTO readings(sensor, at, value) VALUES (?, ?, ?)");
  upsert_incident_.emplace(db_,
                           "INSERT OR REPLACE INTO incidents(id, stage, level, cap_sender, "
                           "cap_identifier, doc) VALUES (?, ?, ?, ?, ?, ?)");
  put_organisation_.emplace(db_, "INSERT OR REPLACE INTO organisation(id, doc) VALUES (1, ?)");
}

void Store::Writer::Load() {
  state_ = std::make_unique<LiveState>(grids_, catalog_);
  {
    sql::Statement q(db_, "SELECT coalesce(max(seq), 0) FROM events");
    seq_ = q.Step() ? q.Int(0) : 0;
  }
  sql::Statement org(db_, "SELECT doc FROM organisation WHERE id = 1");
  if (org.Step()) state_->SetOrganisation(codec::OrganisationFrom(json::parse(org.TextView(0))));
  sql::Statement sensors(db_,
                         "SELECT spec, state, state_since, last_value, last_at FROM sensors "
                         "ORDER BY rowid");
  while (sensors.Step()) {
    Sensor s;
    s.spec = codec::SensorSpecFrom(json::parse(sensors.TextView(0)));
    s.state =
        ParseName<AlertState>(kAlertStateNames, sensors.TextView(1)).value_or(AlertState::kNormal);
    s.state_since = sensors.Int(2);
    s.last_value = sensors.Real(3);
    s.last_at = sensors.Int(4);
    const Located where = locator_.Locate(s.spec.location).value_or(Located{});
    s.xy = where.xy;
    s.areas = where.areas;
    state_->PutSensor(std::move(s));
  }
  sql::Statement incidents(db_, "SELECT doc FROM incidents ORDER BY id");
  while (incidents.Step())
    state_->PutIncident(codec::IncidentFrom(json::parse(incidents.TextView(0))));
  // Demands, column by column (no JSON on this path: a restart reads them
  // all); display positions are recomputed in one pass, as the display CRS
  // may have changed since they were stored.
  sql::Statement demands(db_,
                         "SELECT id, category, source, description, address, lon, lat, community, "
                         "grid, compound, building, stage, received, deadline, updated, closed, "
                         "rework_count, satisfaction, assignee, responded FROM demands ORDER BY id");
  // Two stages on two threads: this one reads rows, the other places and
  // adds them, a batch at a time.
  constexpr size_t kBatch = 8192;
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::vector<Demand>> batches;
  bool done = false;
  std::thread adder([&] {
    for (;;) {
      std::vector<Demand> batch;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return done || !batches.empty(); });
        if (batches.empty()) return;
        batch = std::move(batches.front());
        batches.pop_front();
      }
      ready.notify_all();
      std::vector<double> xs(batch.size()), ys(batch.size());
      for (size_t i = 0; i < batch.size(); ++i) {
        xs[i] = batch[i].lonlat.lon;
        ys[i] = batch[i].lonlat.lat;
      }
      locator_.ToDisplay(xs, ys);
      for (size_t i = 0; i < batch.size(); ++i) {
        batch[i].xy = {xs[i], ys[i]};
        state_->AddDemand(std::move(batch[i]));
      }
    }
  });
  auto hand_over = [&](std::vector<Demand>& batch) {
    std::unique_lock lock(mutex);
    ready.wait(lock, [&] { return batches.size() < 4; });  // bounded: memory stays flat
    batches.push_back(std::move(batch));
    batch.clear();
    ready.notify_all();
  };
  std::vector<Demand> batch;
  try {
    while (demands.Step()) {
      Demand& d = batch.emplace_back();
      d.id = demands.Int(0);
      d.category = demands.Text(1);
      d.source = ParseName<Source>(kSourceNames, demands.TextView(2)).value_or(Source::kApp);
      d.description = demands.Text(3);
      d.address = demands.Text(4);
      d.lonlat = {demands.Real(5), demands.Real(6)};
      for (int l = 0; l < geo::kLevelCount; ++l) d.areas[l] = codes_.Find(demands.TextView(7 + l));
      d.stage = ParseStage(demands.TextView(11)).value_or(Stage::kReceived);
      d.received = demands.Int(12);
      d.deadline = demands.Int(13);
      d.updated = demands.Int(14);
      d.closed = demands.Int(15);
      d.rework_count = static_cast<int>(demands.Int(16));
      d.satisfaction = static_cast<int>(demands.Int(17));
      d.assignee = demands.Text(18);
      d.responded = demands.Int(19);
      if (batch.size() == kBatch) hand_over(batch);
    }
    if (!batch.empty()) hand_over(batch);
  } catch (...) {
    {
      std::lock_guard lock(mutex);
      done = true;
    }
    ready.notify_all();
    adder.join();
    throw;
  }
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  ready.notify_all();
  adder.join();
  state_->SeedRecentDemands();
}

void Store::Writer::Rebuild() {
  db_.Exec(
      "DELETE FROM demands; DELETE FROM sensors; DELETE FROM incidents; "
      "DELETE FROM organisation;");
  state_ = std::make_unique<LiveState>(grids_, catalog_);
  sql::Statement events(db_, "SELECT seq, kind, payload FROM events ORDER BY seq");
  while (events.Step()) {
    seq_ = events.Int(0);
    Apply(events.TextView(1), json::parse(events.TextView(2)));
  }
}

void Store::Writer::Reset() {
  group_events_.clear();
  PrepareStatements();
  Load();
}

TimeMs Store::Writer::Stamp(TimeMs at) const {
  return at ? at : std::max(NowMs(), state_->now());
}

// ---------------------------------------------------------------------------
// [SECTION] Emit and apply: the only way state changes

int64_t Store::Writer::Emit(std::string_view kind, std::string entity, std::string_view actor,
                            TimeMs at, json payload) {
  const int64_t seq = Append(kind, std::move(entity), actor, at,
                             payload.dump(-1, ' ', false, json::error_handler_t::replace));
  Apply(kind, payload);
  return seq;
}

int64_t Store::Writer::Append(std::string_view kind, std::string entity, std::string_view actor,
                              TimeMs at, std::string text) {
  const int64_t seq = ++seq_;
  // Read in place: every string outlives Run(), which clears the bindings.
  insert_event_->Bind(1, seq)
      .Bind(2, at)
      .BindStatic(3, kind)
      .BindStatic(4, entity)
      .BindStatic(5, actor)
      .BindStatic(6, text);
  insert_event_->Run();
  group_events_.push_back(StoredEvent{seq, at, std::string(kind), std::move(entity),
                                      std::string(actor), std::move(text)});
  return seq;
}

void Store::Writer::Apply(std::string_view kind, const json& p) {
  EventChange c = DecodeEvent(kind, p, *state_, codes_, locator_);
  switch (c.what) {
    case EventChange::What::kNothing:
      return;
    case EventChange::What::kNewDemand:
      return ApplyDemand(c.demand, true);
    case EventChange::What::kDemand:
      return ApplyDemand(c.demand, false);
    case EventChange::What::kSensor:
      return ApplySensor(c.sensor);
    case EventChange::What::kIncident:
      return ApplyIncident(c.incident);
    case EventChange::What::kOrganisation:
      return ApplyOrganisation(c.organisation);
  }
}

EventChange DecodeEvent(std::string_view kind, const json& p, const LiveState& state,
                        const codec::CodeIndex& codes, const Locator& locator) {
  EventChange out;
  if (kind == "demand.received") {
    out.what = EventChange::What::kNewDemand;
    out.demand = codec::DemandFrom(p, codes);
    out.demand.xy = locator.ToDisplay(out.demand.lonlat);
  } else if (kind == "demand.transition") {
    const Demand* before = state.FindDemand(p.value("id", int64_t{0}));
    if (!before) return out;
    out.what = EventChange::What::kDemand;
    Demand& d = out.demand = *before;
    const Stage to = ParseStage(p.value("to", "")).value_or(d.stage);
    if (IsRework(d.stage, to)) ++d.rework_count;
    d.updated = p.value("at", d.updated);
    // The first move out of received is the response the response rate
    // times; it is stored with the demand, so a restart keeps it.
    if (d.responded == 0 && d.stage == Stage::kReceived && to != Stage::kReceived)
      d.responded = d.updated;
    d.stage = to;
    if (to == Stage::kClosed) {
      d.closed = d.updated;
      d.satisfaction = p.value("satisfaction", 0);
    }
    if (const std::string a = p.value("assignee", ""); !a.empty()) d.assignee = a;
  } else if (kind == "sensor.registered" || kind == "sensor.state") {
    out.what = EventChange::What::kSensor;
    Sensor& s = out.sensor;
    if (const Sensor* old = state.FindSensor(p.value("id", ""))) s = *old;
    if (kind == "sensor.registered") {
      s.spec = codec::SensorSpecFrom(p);
      const Located where = locator.Locate(s.spec.location).value_or(Located{});
      s.xy = where.xy;
      s.areas = where.areas;
    } else {
      s.state = ParseName<AlertState>(kAlertStateNames, p.value("to", "normal"))
                    .value_or(AlertState::kNormal);
      s.state_since = p.value("at", TimeMs{0});
      s.last_value = p.value("value", s.last_value);
      s.last_at = std::max(s.last_at, s.state_since);
    }
  } else if (kind.starts_with("incident.")) {
    out.what = EventChange::What::kIncident;
    out.incident = codec::IncidentFrom(p.at("incident"));
  } else if (kind == "org.seeded") {
    out.what = EventChange::What::kOrganisation;
    out.organisation = codec::OrganisationFrom(p);
  } else if (kind == "org.chief" || kind == "org.unit" || kind == "org.party") {
    out.what = EventChange::What::kOrganisation;
    Organisation& o = out.organisation = state.organisation();
    if (kind == "org.chief") {
      const Chief c = codec::ChiefFrom(p);
      auto it = std::find_if(o.chiefs.begin(), o.chiefs.end(), [&](const Chief& x) {
        return x.area_code == c.area_code && x.role == c.role;
      });
      if (it == o.chiefs.end())
        o.chiefs.push_back(c);
      else
        *it = c;
    } else if (kind == "org.party") {
      const PartyOrg g = codec::PartyOrgFrom(p);
      auto it = std::find_if(o.party_orgs.begin(), o.party_orgs.end(), [&](const PartyOrg& x) {
        return x.area_code == g.area_code && x.kind == g.kind;
      });
      if (it == o.party_orgs.end()) {
        o.party_orgs.push_back(g);
      } else {
        *it = g;
      }
    } else {
      const MemberUnit u = codec::UnitFrom(p);
      auto it = std::find_if(o.units.begin(), o.units.end(),
                             [&](const MemberUnit& x) { return x.id == u.id; });
      if (it == o.units.end())
        o.units.push_back(u);
      else
        *it = u;
    }
  }
  return out;
}

void ApplyChange(EventChange change, LiveState& state) {
  switch (change.what) {
    case EventChange::What::kNothing:
      return;
    case EventChange::What::kNewDemand:
      return state.AddDemand(std::move(change.demand));
    case EventChange::What::kDemand:
      return state.ReplaceDemand(std::move(change.demand));
    case EventChange::What::kSensor:
      return state.PutSensor(std::move(change.sensor));
    case EventChange::What::kIncident:
      return state.PutIncident(std::move(change.incident));
    case EventChange::What::kOrganisation:
      return state.SetOrganisation(std::move(change.organisation));
  }
}

void Store::Writer::ApplyDemand(const Demand& d, bool added) {
  auto code = [&](int level) -> std::string_view {
    const geo::FeatureId f = d.areas[level];
    return f == geo::kNoFeature ? std::string_view() : std::string_view(grids_.features[f].code);
  };
  // Text read in place: `d`, the grid set and the names outlive Run().
  upsert_demand_->Bind(1, d.id)
      .BindStatic(2, d.category)
      .BindStatic(3, NameOf(kSourceNames, d.source))
      .BindStatic(4, d.description)
      .BindStatic(5, d.address)
      .Bind(6, d.lonlat.lon)
      .Bind(7, d.lonlat.lat)
      .BindStatic(8, code(0))
      .BindStatic(9, code(1))
      .BindStatic(10, code(2))
      .BindStatic(11, code(3))
      .BindStatic(12, StageName(d.stage))
      .Bind(13, d.received)
      .Bind(14, d.deadline)
      .Bind(15, d.updated)
      .Bind(16, d.closed)
      .Bind(17, d.rework_count)
      .Bind(18, d.satisfaction)
      .BindStatic(19, d.assignee)
      .Bind(20, d.responded);
  upsert_demand_->Run();
  if (added) {
    state_->AddDemand(d);
  } else {
    state_->ReplaceDemand(d);
  }
}

void Store::Writer::ApplySensor(const Sensor& s) {
  upsert_sensor_->Bind(1, s.spec.id)
      .Bind(2, codec::SensorSpecJson(s.spec).dump(-1, ' ', false, json::error_handler_t::replace))
      .Bind(3, NameOf(kAlertStateNames, s.state))
      .Bind(4, s.state_since)
      .Bind(5, s.last_value)
      .Bind(6, s.last_at);
  upsert_sensor_->Run();
  state_->PutSensor(s);
}

void Store::Writer::ApplyIncident(const Incident& i) {
  upsert_incident_->Bind(1, i.id)
      .Bind(2, NameOf(kIncidentStageNames, i.stage))
      .Bind(3, NameOf(kIncidentLevelNames, i.opened_as.level))
      .Bind(4, i.opened_as.cap_sender)
      .Bind(5, i.opened_as.cap_identifier)
      .Bind(6, codec::IncidentJson(i).dump(-1, ' ', false, json::error_handler_t::replace));
  upsert_incident_->Run();
  state_->PutIncident(i);
}

void Store::Writer::ApplyOrganisation(const Organisation& o) {
  put_organisation_->Bind(
      1, codec::OrganisationJson(o).dump(-1, ' ', false, json::error_handler_t::replace));
  put_organisation_->Run();
  state_->SetOrganisation(o);
}

// ---------------------------------------------------------------------------
// [SECTION] Demands

Checked<Outcome> Store::Writer::PostDemand(const DemandInput& input, const Located& where) {
  const Category* category = catalog_.FindCategory(input.category);
  if (!category) {
    return Refuse(
        400, "service_code",
        fmt::format("service_code: \"{}\" is not a service of this county", input.category));
  }
  Demand d;
  d.id = static_cast<int64_t>(state_->DemandCount()) + 1;
  d.category = input.category;
  d.source = input.source;
  // The API refuses text that is not UTF-8; an in-process caller's is
  // repaired here, as the event's text will hold it.
  auto valid = [](const std::string& s) { return geo::IsValidUtf8(s) ? s : ToValidUtf8(s); };
  d.description = valid(input.description);
  d.address = valid(input.address);
  d.lonlat = input.location;
  d.areas = where.areas;
  d.received = d.updated = Stamp(input.at);
  d.deadline = d.received + category->deadline_hours * kHour;
  // The event's text and the change it makes are written from the same
  // values; replay decodes the text back to this demand (DecodeEvent), which
  // the codec's tests hold it to.
  const int64_t seq =
      Append("demand.received", fmt::format("demand/{}", d.id), NameOf(kSourceNames, d.source),
             d.received, codec::DemandReceivedText(d, grids_, input));
  d.xy = locator_.ToDisplay(d.lonlat);
  ApplyDemand(d, true);
  const geo::FeatureId grid = where.areas[1] != geo::kNoFeature ? where.areas[1] : where.areas[0];
  Outcome out = Wrote(d.id, seq);
  out.notice = fmt::format("受理: {} · {}; due {}", grids_.features[grid].name, category->zh,
                           FormatTime(d.deadline));
  return out;
}

Checked<Outcome> Store::Writer::Transition(int64_t id, const TransitionInput& move) {
  const Demand* d = state_->FindDemand(id);
  if (!d) return Refuse(404, "id", fmt::format("demand {} does not exist", id));
  if (const std::string_view why = TransitionError(d->stage, move.to); !why.empty()) {
    return Refuse(409, "to", fmt::format("to: demand {} is {}; {}", id, StageName(d->stage), why));
  }
  const TimeMs at = Stamp(move.at);
  if (at < d->updated) {
    return Refuse(400, "at",
                  fmt::format("at: {} is before demand {}'s last change ({})", FormatTime(at), id,
                              FormatTime(d->updated)));
  }
  if (move.satisfaction && move.to != Stage::kClosed) {
    return Refuse(400, "satisfaction", "satisfaction: only a move to closed carries a rating");
  }
  json payload{{"id", id},
               {"from", StageName(d->stage)},
               {"to", StageName(move.to)},
               {"at", at},
               {"actor", move.actor},
               {"note", move.note},
               {"assignee", move.assignee},
               {"satisfaction", move.satisfaction},
               {"rework", IsRework(d->stage, move.to)}};
  const int64_t seq =
      Emit("demand.transition", fmt::format("demand/{}", id), move.actor, at, std::move(payload));
  return Wrote(id, seq);
}

// ---------------------------------------------------------------------------
// [SECTION] Sensors and readings

Checked<Outcome> Store::Writer::RegisterSensors(const std::vector<SensorSpec>& sensors) {
  for (size_t i = 0; i < sensors.size(); ++i) {
    if (auto where = locator_.Locate(sensors[i].location); !where) {
      RequestError e = where.error();
      e.field = fmt::format("[{}].{}", i, e.field);
      e.message = fmt::format("sensor {}: {}", sensors[i].id, e.message);
      return std::unexpected(e);
    }
  }
  Outcome out;
  for (const SensorSpec& s : sensors) {
    out.seq = Emit("sensor.registered", "sensor/" + s.id, "", Stamp(0), codec::SensorSpecJson(s));
    ++out.accepted;
  }
  return out;
}

Checked<Outcome> Store::Writer::PostReadings(const std::vector<Reading>& readings) {
  Outcome out;
  std::unordered_map<std::string, Sensor> touched;
  for (size_t i = 0; i < readings.size(); ++i) {
    const Reading& r = readings[i];
    auto it = touched.find(r.sensor);
    if (it == touched.end()) {
      const Sensor* s = state_->FindSensor(r.sensor);
      if (!s) {
        out.rejected.emplace_back(
            i, RequestError{400, "sensor",
                            fmt::format("sensor: \"{}\" is not a registered sensor", r.sensor)});
        continue;
      }
      it = touched.emplace(r.sensor, *s).first;
    }
    Sensor& s = it->second;
    const TimeMs at = Stamp(r.at);
    if (at > NowMs() + 7 * kDay) {
      out.rejected.emplace_back(
          i, RequestError{400, "at",
                          fmt::format("at: {} is more than 7 days ahead of now", FormatTime(at))});
      continue;
    }
    insert_reading_->Bind(1, r.sensor).Bind(2, at).Bind(3, r.value);
    insert_reading_->Run();
    ++out.accepted;
    if (at < s.last_at) continue;  // a late reading is stored but does not move the state
    s.last_value = r.value;
    s.last_at = at;
    const AlertState next = NextAlertState(s.spec, s.state, r.value);
    if (next != s.state) {
      out.seq = Emit("sensor.state", "sensor/" + s.spec.id, "", at,
                     json{{"id", s.spec.id},
                          {"from", NameOf(kAlertStateNames, s.state)},
                          {"to", NameOf(kAlertStateNames, next)},
                          {"value", r.value},
                          {"at", at}});
      const Sensor* applied = state_->FindSensor(s.spec.id);
      s.state = applied->state;
      s.state_since = applied->state_since;
    }
  }
  for (auto& [id, s] : touched) ApplySensor(s);
  return out;
}

}  // namespace ops
