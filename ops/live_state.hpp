// The live state the store keeps in memory and publishes to readers
// (MapLibre's Immutable<T>): the writer mutates a LiveState; Publish() hands
// out an immutable Snapshot that shares every unchanged part with the one
// before, so publishing after each group commit costs what changed, not the
// county. Readers hold a std::shared_ptr<const Snapshot> as long as they
// like and never block the writer.
//
// [SECTION] KPIs
// [SECTION] DemandTable: a persistent array of demands
// [SECTION] Snapshot
// [SECTION] LiveState (the writer's side)
#pragma once

#include <array>
#include <memory>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "geo/grid_set.hpp"
#include "geo/point_index.hpp"
#include "ops/catalog.hpp"
#include "ops/model.hpp"

namespace ops {

// ---------------------------------------------------------------------------
// [SECTION] KPIs

// What the dashboard counts for one area (or the county). "Today" is the
// local (Asia/Shanghai) calendar day of the store's clock.
struct AreaKpis {
  int32_t open = 0;     // demands not closed
  int32_t overdue = 0;  // open and past their deadline
  int32_t received_today = 0;
  int32_t closed_today = 0;
  int32_t received = 0;        // all time
  int32_t closed = 0;          // all time
  int32_t closed_on_time = 0;  // closed by the deadline (按期结案)
  int32_t reworked = 0;        // closed demands that went through rework (返工)
  int32_t rated = 0;           // closed demands with a satisfaction rating
  int32_t satisfaction_sum = 0;
  // The response rate (响应率), see ResponseLimit: demands due a response
  // (responded at all, or still in received past the limit; a demand whose
  // response time is unknown is in neither) and those responded in time.
  int32_t response_due = 0;
  int32_t responded_in_time = 0;
  // The resolution rate (解决率): closed demands solved at the first answer,
  // see IsResolved.
  int32_t resolved = 0;
  int32_t sensors_warn = 0;
  int32_t sensors_alarm = 0;
  int32_t incidents_active = 0;

  // Rates in [0, 1]; -1 where there is nothing to rate yet.
  double OnTimeRate() const { return closed ? double(closed_on_time) / closed : -1; }
  double ReworkRate() const { return closed ? double(reworked) / closed : -1; }
  double ResponseRate() const {
    return response_due ? double(responded_in_time) / response_due : -1;
  }
  double ResolutionRate() const { return closed ? double(resolved) / closed : -1; }
  double Satisfaction() const { return rated ? double(satisfaction_sum) / rated : -1; }
};

// The 12345 assessment's response limit (响应时限) for a demand: urgent
// items (those the catalogue gives a deadline of at most 24 h: a burst
// pipe, a gas smell) must be answered within 2 h, every other within 24 h,
// as county hotlines commonly assess "2 小时紧急、24 小时一般". A response is
// the demand's first move out of received (派遣): the centre has acted on
// it. The catalogue has no response limit of its own; the deadline span
// stands in for urgency so the KPI needs no catalogue lookup per demand.
inline constexpr TimeMs kUrgentSpan = 24 * kHour;
inline constexpr TimeMs kUrgentResponse = 2 * kHour;
inline constexpr TimeMs kNormalResponse = 24 * kHour;
inline TimeMs ResponseLimit(const Demand& d) {
  return d.deadline - d.received <= kUrgentSpan ? kUrgentResponse : kNormalResponse;
}

// Whether a closed demand counts as resolved (解决) for the 12345
// assessment, where "resolved" is the resident's judgement of the outcome:
// closed without rework (核查 found it solved the first time it was reported
// done) and not rated dissatisfied (1 or 2 of 5). A closed demand nobody
// rated stands on the verification alone.
inline bool IsResolved(const Demand& d) {
  return d.rework_count == 0 && !(d.satisfaction >= 1 && d.satisfaction <= 2);
}

struct Kpis {
  AreaKpis county;
  std::vector<AreaKpis> areas;                  // by geo::FeatureId
  std::array<int32_t, 4> incidents_by_level{};  // active, I … IV
  TimeMs day_start = 0;                         // UTC time of the local midnight "today" began
};

// k += sign × d, field by field.
void AddKpis(AreaKpis& k, const AreaKpis& d, int sign);
// Adds `d` to the county and to each of `areas` (kNoFeature skipped).
void AddKpisTo(Kpis& kpis, const AreaIds& areas, const AreaKpis& d, int sign);
// What one demand contributes at `now`, "today" beginning at `day_start`.
AreaKpis DemandKpis(const Demand& d, TimeMs now, TimeMs day_start);
// What one demand contributed as it stood at an earlier moment `at` (the
// trend's "24 h ago"), from its own times: open unless closed by `at`,
// responded only if it responded by `at`, received and closed "today" in
// `at`'s local day up to `at`. Nothing for a demand received after `at`.
// Stages in between are not kept, so rework counts as it is now.
AreaKpis DemandKpisAt(const Demand& d, TimeMs at, TimeMs day_start);

// The UTC time of the local (UTC+8, China has no daylight saving) midnight
// on or before `t`.
TimeMs LocalDayStart(TimeMs t);

// ---------------------------------------------------------------------------
// [SECTION] DemandTable

// Demands by id (1 … size) in chunks shared between snapshots; a chunk is
// copied only when a demand in it changes after it was published.
class DemandTable {
 public:
  static constexpr size_t kChunk = 256;
  using Chunk = std::array<std::shared_ptr<const Demand>, kChunk>;

  size_t size() const { return size_; }
  // The demand with this id, or nullptr.
  const Demand* Find(int64_t id) const {
    if (id < 1 || static_cast<size_t>(id) > size_) return nullptr;
    const size_t i = static_cast<size_t>(id - 1);
    return (*chunks_[i / kChunk])[i % kChunk].get();
  }
  template <typename Visit>
  void ForEach(Visit&& visit) const {
    for (size_t i = 0; i < size_; ++i) visit(*(*chunks_[i / kChunk])[i % kChunk]);
  }
  // The chunks, for readers that follow changes (the map's GPU buffers): a
  // chunk's address differs from the previous snapshot's exactly when a
  // demand in it changed, as long as the reader keeps the previous table
  // (a copy is cheap) so that no address is reused. Slots past size() are
  // null.
  size_t ChunkCount() const { return chunks_.size(); }
  const Chunk* ChunkAt(size_t i) const { return chunks_[i].get(); }

 private:
  friend class LiveState;
  std::vector<std::shared_ptr<const Chunk>> chunks_;
  size_t size_ = 0;
};

// The ids of the latest demand changes (received or moved on), in the order
// they were applied, the last kCapacity of them; a demand changed twice
// shows twice. For the wall's ticker, which would otherwise look through
// every demand the store holds.
class RecentDemands {
 public:
  static constexpr size_t kCapacity = 256;
  void Add(int64_t id) {
    if (ids_.size() < kCapacity) {
      ids_.push_back(id);
    } else {
      ids_[next_] = id;
    }
    next_ = (next_ + 1) % kCapacity;
  }
  size_t size() const { return ids_.size(); }
  // Newest first.
  void Clear() {
    ids_.clear();
    next_ = 0;
  }
  template <typename Visit>
  void ForEachNewestFirst(Visit&& visit) const {
    const size_t n = ids_.size();
    for (size_t k = 0; k < n; ++k) visit(ids_[(next_ + 2 * n - 1 - k) % n]);
  }

 private:
  std::vector<int64_t> ids_;
  size_t next_ = 0;  // where the next id goes
};

// ---------------------------------------------------------------------------
// [SECTION] Snapshot

struct Snapshot {
  int64_t seq = 0;  // the last stored event it includes
  TimeMs now = 0;   // the store's clock when published
  DemandTable demands;
  std::shared_ptr<const std::vector<Sensor>> sensors;
  std::shared_ptr<const std::vector<Incident>> incidents;  // by id - 1
  std::shared_ptr<const Organisation> organisation;
  std::shared_ptr<const Kpis> kpis;
  // Open demands as live points (id = demand id), with counts per area.
  std::shared_ptr<const geo::PointSnapshot> open_points;
  std::shared_ptr<const RecentDemands> recent_demands;  // null: not kept
};

// ---------------------------------------------------------------------------
// [SECTION] LiveState

class LiveState {
 public:
  LiveState(const geo::GridSet& grids, const Catalog& catalog);

  const geo::GridSet& grids() const { return grids_; }
  const Catalog& catalog() const { return catalog_; }

  // The store's clock: the latest of the wall clock and every event time
  // seen, so a simulation running ahead of the wall keeps overdue honest.
  TimeMs now() const { return now_; }
  void AdvanceClock(TimeMs t);

  // Demands. Ids come in order: AddDemand takes size() + 1.
  size_t DemandCount() const { return demands_.size_; }
  const Demand* FindDemand(int64_t id) const { return demands_.Find(id); }
  void AddDemand(Demand demand);
  void ReplaceDemand(Demand demand);  // same id, new state
  // After demands were loaded in id order rather than applied as they
  // happened (a restart, a replay keyframe): the recent-changes ring holds
  // the demands changed last by their own times instead.
  void SeedRecentDemands();

  // Sensors, by their operator's code.
  const Sensor* FindSensor(std::string_view id) const;
  const std::vector<Sensor>& sensors() const { return *sensors_; }
  void PutSensor(Sensor sensor);  // adds or replaces

  // Incidents, ids 1 … n.
  const Incident* FindIncident(int64_t id) const;
  const Incident* FindIncidentByCap(std::string_view sender, std::string_view identifier) const;
  size_t IncidentCount() const { return incidents_->size(); }
  void PutIncident(Incident incident);  // id == count + 1 adds, else replaces

  const Organisation& organisation() const { return *organisation_; }
  void SetOrganisation(Organisation organisation);

  // Everything done so far as an immutable snapshot at event `seq`.
  std::shared_ptr<const Snapshot> Publish(int64_t seq);

 private:
  void CountDemand(const Demand& d, int sign);
  void CountSensor(const Sensor& s, int sign);
  void CountIncident(const Incident& i, int sign);
  void RecountAll();
  void Add(const AreaIds& areas, const AreaKpis& delta, int sign);
  DemandTable::Chunk& MutableChunk(size_t chunk);
  void UpdatePoint(const Demand* before, const Demand& after);
  void NoteRecent(int64_t id);

  const geo::GridSet& grids_;
  const Catalog& catalog_;
  TimeMs now_ = 0;
  DemandTable demands_;
  std::vector<bool> chunk_published_;
  std::shared_ptr<std::vector<Sensor>> sensors_;
  std::unordered_map<std::string, size_t> sensor_index_;
  bool sensors_published_ = false;
  std::shared_ptr<std::vector<Incident>> incidents_;
  bool incidents_published_ = false;
  std::shared_ptr<const Organisation> organisation_;
  std::shared_ptr<Kpis> kpis_;
  bool kpis_published_ = false;
  std::shared_ptr<RecentDemands> recent_ = std::make_shared<RecentDemands>();
  bool recent_published_ = false;
  // Open demands by deadline, to move them into "overdue" as the clock
  // passes it; stale entries (closed since) are skipped when popped.
  using TimeQueue = std::priority_queue<std::pair<TimeMs, int64_t>,
                                        std::vector<std::pair<TimeMs, int64_t>>, std::greater<>>;
  TimeQueue deadlines_;
  // Demands in received by the end of their response limit, to count them as
  // missed responses as the clock passes it; stale entries skipped likewise.
  TimeQueue response_limits_;
  std::unique_ptr<geo::PointIndex> points_;
  size_t point_levels_ = 0;
  std::shared_ptr<const Snapshot> latest_;
};

}  // namespace ops
