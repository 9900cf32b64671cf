// The writer's upkeep, beside its event path (store_writer.cpp): the
// organisation's chiefs, party organisations and units, seeding a new store,
// and the periodic work between groups (late summons escalated, readings
// past retention compacted).
#include "ops/store_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "ops/incident_log.hpp"
#include "ops/store_codec.hpp"

namespace ops {

using nlohmann::json;

// ---------------------------------------------------------------------------
// [SECTION] Organisation and seeding

Checked<Outcome> Store::Writer::PutChief(const Chief& chief) {
  const bool street = chief.role == ChiefRole::kStreet;
  if (!street && codes_.Find(chief.area_code) == geo::kNoFeature) {
    return Refuse(400, "area_code",
                  fmt::format("area_code: \"{}\" is not an area of this county", chief.area_code));
  }
  const int64_t seq =
      Emit("org.chief", "org/" + chief.area_code, "", Stamp(0), codec::ChiefJson(chief));
  return Wrote(0, seq);
}

Checked<Outcome> Store::Writer::PutPartyOrg(const PartyOrg& org) {
  if (codes_.Find(org.area_code) == geo::kNoFeature) {
    return Refuse(400, "area_code",
                  fmt::format("area_code: \"{}\" is not an area of this county", org.area_code));
  }
  const int64_t seq =
      Emit("org.party", "org/" + org.area_code, "", Stamp(0), codec::PartyOrgJson(org));
  return Wrote(0, seq);
}

Checked<Outcome> Store::Writer::PutUnit(const MemberUnit& unit) {
  const geo::FeatureId f = codes_.Find(unit.community_code);
  if (f == geo::kNoFeature || grids_.features[f].level != geo::Level::kCommunity) {
    return Refuse(400, "community_code",
                  fmt::format("community_code: \"{}\" is not a community of this county",
                              unit.community_code));
  }
  const int64_t seq = Emit("org.unit", "org/" + unit.id, "", Stamp(0), codec::UnitJson(unit));
  return Wrote(0, seq);
}

void Store::Writer::Seed(const std::optional<Organisation>& organisation,
                         const std::vector<SensorSpec>& sensors) {
  if (organisation) {
    Emit("org.seeded", "org", "", Stamp(0), codec::OrganisationJson(*organisation));
  }
  for (const SensorSpec& s : sensors) {
    if (locator_.Locate(s.location)) {
      Emit("sensor.registered", "sensor/" + s.id, "", Stamp(0), codec::SensorSpecJson(s));
    }
  }
}

// ---------------------------------------------------------------------------
// [SECTION] Periodic work between groups

void Store::Writer::Periodic() {
  const TimeMs now = std::max(NowMs(), state_->now());
  if (now - last_periodic_ < 1000) return;
  last_periodic_ = now;
  // Late report-ins escalate once.
  for (size_t i = 0; i < state_->IncidentCount(); ++i) {
    const auto id = static_cast<int64_t>(i + 1);
    if (state_->FindIncident(id)->stage == IncidentStage::kEnded) continue;
    for (size_t k = 0; k < state_->FindIncident(id)->summons.size(); ++k) {
      const Incident* incident = state_->FindIncident(id);  // fresh: the last change replaced it
      const Summons& s = incident->summons[k];
      if (s.reported || s.escalated || s.deadline >= now) continue;
      Incident changed = *incident;
      changed.summons[k].escalated = now;
      (void)ChangeIncident(std::move(changed), "incident.escalated", std::string(kSystemActor), now,
                           EscalatedLine(s.department), json{{"department", s.department}});
    }
  }
  if (now - last_retention_ >= kHour) CompactReadings(now);
}

size_t Store::Writer::CompactReadings(TimeMs now) {
  last_retention_ = now;
  // Whole hours only, so an hour is aggregated once (late readings merge in).
  const TimeMs cutoff = (now - retention_) / kHour * kHour;
  sql::Statement aggregate(
      db_,
      "INSERT INTO readings_hourly(sensor, hour, n, min, max, mean) "
      "SELECT sensor, at / 3600000 * 3600000, count(*), min(value), max(value), avg(value) "
      "FROM readings WHERE at < ?1 GROUP BY 1, 2 "
      "ON CONFLICT(sensor, hour) DO UPDATE SET "
      "mean = (mean * n + excluded.mean * excluded.n) / (n + excluded.n), "
      "n = n + excluded.n, min = min(min, excluded.min), max = max(max, excluded.max)");
  aggregate.Bind(1, cutoff);
  aggregate.Run();
  sql::Statement drop(db_, "DELETE FROM readings WHERE at < ?1");
  drop.Bind(1, cutoff);
  drop.Run();
  return static_cast<size_t>(db_.Changes());
}

}  // namespace ops
