// The store's writer thread: its connection, its prepared statements, the
// live state it owns, and every command as validate → emit events → apply.
// Every change to state goes through Emit(), which appends the event to the
// log and applies it; RebuildFromEvents() applies the same events again, so
// the live path and the rebuild path cannot disagree.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "ops/store.hpp"
#include "ops/store_codec.hpp"

namespace ops {

// One whole record as it is after a logged event. DecodeEvent is the only
// code that reads an event's payload: the writer's Apply (current tables and
// live state) and ops::Replay (a live state alone) both go through it, so a
// replay cannot drift from what the store did.
struct EventChange {
  enum class What : uint8_t { kNothing, kNewDemand, kDemand, kSensor, kIncident, kOrganisation };
  What what = What::kNothing;
  Demand demand;              // kNewDemand, kDemand
  Sensor sensor;              // kSensor
  Incident incident;          // kIncident
  Organisation organisation;  // kOrganisation
};
// `state` is the live state before the event (a transition changes the
// demand it holds; an organisation change, the organisation); it is only
// read. Throws nlohmann::json::exception on a payload its kind cannot read.
EventChange DecodeEvent(std::string_view kind, const nlohmann::json& payload,
                        const LiveState& state, const codec::CodeIndex& codes,
                        const Locator& locator);
// Puts a decoded change into a live state: what the writer does to its live
// state besides writing its tables.
void ApplyChange(EventChange change, LiveState& state);

class Store::Writer {
 public:
  Writer(sql::Database db, const geo::GridSet& grids, const Catalog& catalog,
         const Locator& locator, TimeMs retention);

  // Reads the current tables into the live state (a restart).
  void Load();
  // Empties the current tables and applies every logged event again.
  void Rebuild();
  // Late summons escalate; old readings are aggregated. Called between groups.
  void Periodic();
  // Raw readings older than the retention window become hourly aggregates;
  // returns how many raw readings went.
  size_t CompactReadings(TimeMs now);

  Checked<Outcome> PostDemand(const DemandInput& input, const Located& where);
  Checked<Outcome> Transition(int64_t id, const TransitionInput& move);
  Checked<Outcome> RegisterSensors(const std::vector<SensorSpec>& sensors);
  Checked<Outcome> PostReadings(const std::vector<Reading>& readings);
  Checked<Outcome> OpenIncident(const IncidentInput& input);
  Checked<Outcome> UpdateIncidentFromCap(
      const std::vector<std::pair<std::string, std::string>>& references,
      const IncidentInput& update, bool cancel);
  Checked<Outcome> Summon(int64_t id, const std::vector<std::string>& departments, int minutes,
                          const std::string& actor, TimeMs at);
  Checked<Outcome> ReportIn(int64_t id, const std::string& department, const std::string& actor,
                            TimeMs at);
  Checked<Outcome> SetIncidentStage(int64_t id, IncidentStage stage, const std::string& actor,
                                    TimeMs at);
  Checked<Outcome> LogIncident(int64_t id, const std::string& text, const std::string& actor,
                               TimeMs at);
  Checked<Outcome> CloseIncident(int64_t id, const std::string& summary, const std::string& actor,
                                 TimeMs at);
  Checked<Outcome> PutChief(const Chief& chief);
  Checked<Outcome> PutUnit(const MemberUnit& unit);
  Checked<Outcome> PutPartyOrg(const PartyOrg& org);
  // Seeds a new store's organisation and sensors.
  void Seed(const std::optional<Organisation>& organisation,
            const std::vector<SensorSpec>& sensors);

  sql::Database& db() { return db_; }
  LiveState& state() { return *state_; }
  int64_t seq() const { return seq_; }
  // The events emitted since the last TakeEvents (this group's).
  std::vector<StoredEvent> TakeEvents() { return std::exchange(group_events_, {}); }
  // After a failed group: forget its events and reload state from disk.
  void Reset();

 private:
  int64_t Emit(std::string_view kind, std::string entity, std::string_view actor, TimeMs at,
               nlohmann::json payload);
  // Appends an event whose payload is already text to the log and to this
  // group's events, without applying it: for a caller that applies the
  // change itself, from the values the text was written from.
  int64_t Append(std::string_view kind, std::string entity, std::string_view actor, TimeMs at,
                 std::string text);
  void Apply(std::string_view kind, const nlohmann::json& payload);
  void ApplyDemand(const Demand& d, bool added);
  void ApplySensor(const Sensor& s);
  void ApplyIncident(const Incident& i);
  void ApplyOrganisation(const Organisation& o);
  TimeMs Stamp(TimeMs at) const;  // `at`, or the group's commit time when 0
  Checked<Incident> ActiveIncident(int64_t id) const;
  // Emits `kind` carrying the whole incident after the change, with `line`
  // (its kind and parts; actor, time and Chinese text are filled here) logged.
  Checked<Outcome> ChangeIncident(Incident incident, std::string_view kind,
                                  const std::string& actor, TimeMs at, LogEntry line,
                                  nlohmann::json detail = {});
  void PrepareStatements();

  sql::Database db_;
  const geo::GridSet& grids_;
  const Catalog& catalog_;
  const Locator& locator_;
  TimeMs retention_;
  codec::CodeIndex codes_;
  std::unique_ptr<LiveState> state_;
  int64_t seq_ = 0;
  std::vector<StoredEvent> group_events_;
  TimeMs last_periodic_ = 0;
  TimeMs last_retention_ = 0;

  std::optional<sql::Statement> insert_event_;
  std::optional<sql::Statement> upsert_demand_;
  std::optional<sql::Statement> upsert_sensor_;
  std::optional<sql::Statement> insert_reading_;
  std::optional<sql::Statement> upsert_incident_;
  std::optional<sql::Statement> put_organisation_;
};

}  // namespace ops
