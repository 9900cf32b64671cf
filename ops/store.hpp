// The operations store: one SQLite file in WAL mode holding an append-only
// event log (from which every current table can be rebuilt) and the current
// tables, and the live state fed from it.
//
// Writes are commands queued to one writer thread. The writer takes every
// command waiting, runs them in one transaction (group commit), commits, and
// only then answers each: acknowledged means committed. A command refused
// (bad input, an illegal transition) changes nothing and is answered at once
// after the group. After each group the writer publishes a new Snapshot and
// appends the group's events to the change stream.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "geo/error.hpp"
#include "geo/grid_set.hpp"
#include "geo/polygon_index.hpp"
#include "ops/catalog.hpp"
#include "ops/live_state.hpp"
#include "ops/locator.hpp"
#include "ops/model.hpp"
#include "ops/request_error.hpp"
#include "ops/sqlite.hpp"

namespace ops {

struct StoreOptions {
  std::filesystem::path path;
  // FULL: every commit is fsynced, so an acknowledged event survives a power
  // failure. NORMAL (WAL): commits survive a process crash; a power failure
  // may lose the last commits before a checkpoint.
  bool synchronous_full = true;
  TimeMs readings_retention = 7 * kDay;  // raw readings older are kept as hourly aggregates
  // Seeds for a new store (organisation.json, sensors.json beside the grid set); may be empty.
  std::filesystem::path organisation_file;
  std::filesystem::path sensors_file;
};

// The schema version (PRAGMA user_version) this gridops writes and reads.
int StoreSchemaVersion();

// One entry of the event log and of the change stream.
struct StoredEvent {
  int64_t seq = 0;
  TimeMs at = 0;
  std::string kind;    // "demand.received" …
  std::string entity;  // "demand/7", "incident/2", "sensor/WL-001", "org"
  std::string actor;
  std::string payload;  // JSON
};

// What a write produced.
struct Outcome {
  int64_t id = 0;   // the demand or incident written
  int64_t seq = 0;  // its last event
  size_t accepted = 0;
  std::vector<std::pair<size_t, RequestError>> rejected;  // readings: item by item
  std::string notice;  // a sentence for the sender ("Assigned to …; due …")
};
// The outcome of writing entity `id` up to event `seq`.
inline Outcome Wrote(int64_t id, int64_t seq) {
  Outcome out;
  out.id = id;
  out.seq = seq;
  return out;
}

struct DemandTimelineEntry {
  int64_t seq = 0;
  TimeMs at = 0;
  std::string kind;
  std::string actor;
  std::string payload;
};

class Store {
 public:
  // Opens or creates the store, migrating its schema, and rebuilds the live
  // state from it. `grids` and `catalog` must outlive the store.
  static geo::Result<std::unique_ptr<Store>> Open(const StoreOptions& options,
                                                  const geo::GridSet& grids,
                                                  const Catalog& catalog);
  ~Store();  // answers every queued command, then stops

  // --- writes: any thread; each blocks until its group is committed ---------
  Checked<Outcome> PostDemand(const DemandInput& input);
  // The same without blocking: `done` gets the outcome once the group is
  // committed (or at once for a refusal), on the writer thread or this one.
  // It must not block; the HTTP transport's event loop posts with it.
  using Done = std::function<void(Checked<Outcome>)>;
  void PostDemand(const DemandInput& input, Done done);
  Checked<Outcome> Transition(int64_t demand, const TransitionInput& move);
  Checked<Outcome> RegisterSensors(const std::vector<SensorSpec>& sensors);
  // Item-by-item: refused readings are listed, the rest stored.
  Checked<Outcome> PostReadings(std::vector<Reading> readings,
                                std::vector<std::pair<size_t, RequestError>> refused = {},
                                std::vector<size_t> index = {});
  Checked<Outcome> OpenIncident(const IncidentInput& input);
  // CAP Update / Cancel: the incident opened from any of `references`
  // ("sender,identifier" pairs) changes or ends.
  Checked<Outcome> UpdateIncidentFromCap(
      const std::vector<std::pair<std::string, std::string>>& references,
      const IncidentInput& update, bool cancel);
  Checked<Outcome> Summon(int64_t incident, const std::vector<std::string>& departments,
                          int report_in_minutes, const std::string& actor, TimeMs at);
  Checked<Outcome> ReportIn(int64_t incident, const std::string& department,
                            const std::string& actor, TimeMs at);
  Checked<Outcome> SetIncidentStage(int64_t incident, IncidentStage stage, const std::string& actor,
                                    TimeMs at);
  Checked<Outcome> LogIncident(int64_t incident, const std::string& text, const std::string& actor,
                               TimeMs at);
  Checked<Outcome> CloseIncident(int64_t incident, const std::string& summary,
                                 const std::string& actor, TimeMs at);
  Checked<Outcome> PutChief(const Chief& chief);
  Checked<Outcome> PutUnit(const MemberUnit& unit);
  Checked<Outcome> PutPartyOrg(const PartyOrg& org);
  // Aggregates raw readings past the retention window now (the writer also
  // does it hourly); Outcome::accepted is how many raw readings went.
  Checked<Outcome> CompactReadings();

  // --- reads: any thread, never blocking the writer -------------------------
  std::shared_ptr<const Snapshot> Latest() const;
  // Events with seq > `after`, at most `limit`, oldest first: from memory
  // when recent, else from the log on disk.
  std::vector<StoredEvent> EventsAfter(int64_t after, size_t limit) const;
  // Waits up to `timeout` for an event after `after`; true if one came.
  bool WaitForEvents(int64_t after, std::chrono::milliseconds timeout) const;
  // A sensor's readings since `since`: raw within the retention window,
  // hourly means before it; oldest first.
  struct ReadingPoint {
    TimeMs at = 0;
    double value = 0;
    double min = 0, max = 0;  // equal to value for a raw reading
    int64_t n = 1;            // readings it stands for
  };
  std::vector<ReadingPoint> Readings(std::string_view sensor, TimeMs since, size_t limit) const;
  // A demand's events, oldest first.
  std::vector<DemandTimelineEntry> Timeline(std::string_view entity) const;
  const Locator& locator() const { return *locator_; }
  const geo::GridSet& grids() const { return grids_; }
  const Catalog& catalog() const { return catalog_; }
  const std::filesystem::path& path() const { return options_.path; }

  // Rebuilds every current table and the live state from the event log
  // alone (for repair and to prove the log is complete). Writer-exclusive:
  // call with no writes in flight.
  geo::Result<void> RebuildFromEvents();

  class Writer;  // the writer thread's state (store_writer.cpp)

 private:
  Store(const StoreOptions& options, const geo::GridSet& grids, const Catalog& catalog);
  using Job = std::function<Checked<Outcome>(Writer&)>;
  Checked<Outcome> Submit(Job job);
  void Submit(Job job, Done done);
  void WriterLoop();
  void CheckpointLoop();

  StoreOptions options_;
  const geo::GridSet& grids_;
  const Catalog& catalog_;
  geo::PolygonIndex index_;
  std::unique_ptr<Locator> locator_;
  std::unique_ptr<Writer> writer_;

  struct Pending {
    Job job;
    Done done;  // called once, after the commit
  };
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::condition_variable stop_cv_;  // wakes the checkpointer to stop
  std::vector<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::thread checkpointer_;

  // Published state and the recent change stream.
  mutable std::mutex published_mutex_;
  mutable std::condition_variable published_cv_;
  std::shared_ptr<const Snapshot> latest_;
  std::deque<StoredEvent> recent_;  // the last kRecentEvents events
  int64_t last_seq_ = 0;
  // A reader connection for the log on disk (timelines, old stream events).
  mutable std::mutex reader_mutex_;
  std::unique_ptr<sql::Database> reader_;
};

}  // namespace ops
