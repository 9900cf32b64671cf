// Time replay: the county as it was at any moment its store remembers, for
// the viewer's timeline (scrub, play forward at 1× … 3600×, back to live).
//
// A Replay reads the store file on its own read-only connection (WAL: it
// runs beside a live Store, in this process or another) and applies the
// logged events to its own LiveState through the writer's own decoding
// (ops::DecodeEvent), so what it hands out is the ops::Snapshot the live
// store publishes, as of the moment asked: Snapshot::now is that moment,
// overdue is what it was then, and "today" is that moment's local day.
//
// Which events are in force at T. An event carries the time it happened
// (`at`), which a sender may set in the past (the simulator backfilling the
// last day, a grid worker reporting an hour late); the log order (seq) is
// only when the store heard of it. A replay shows what had happened by T:
//   - Set-up events, the organisation (org.*) and sensor registrations,
//     describe the county rather than happen in it, and carry the time they
//     were typed in: they are in force from Earliest() on, in log order.
//   - Every other event is in force from its `at`, but never before an
//     event it depends on: the same demand's, sensor's or incident's
//     earlier events, and for a new demand or incident the one with the
//     previous id (ids come in order). So a demand reported late, after
//     later ones, appears together with the one logged before it.
// Events in force replay in order of that time, then of seq. Each entity
// sees its own events in log order, so from Latest() on, when every event
// is in force, the replay holds exactly what the live store holds.
// Sensors' last value and time are their last reading at or before T (raw
// within the store's retention window, else that hour's mean).
//
// Costs. Open reads seq, at, kind and entity of every event; 24 bytes each
// stay in memory (payloads are read when applied). At(t) moves one cursor:
// forward, it decodes and applies only the events in between; backward (or
// far forward), it restarts from the nearest keyframe at or before t, which
// rebuilds a LiveState from it (O(demands)), then goes forward, leaving a
// trail of snapshots on the way, so the next steps of a scrub back (or
// forward again) within that stretch restart nothing. Keyframes are the
// cursor's own snapshots, taken as it crosses each `keyframe_every` of
// county time; snapshots share what did not change, so each costs what
// changed since the one before. Every At() also recounts what depends on
// the moment itself: overdue (O(open demands)), received and closed today
// (O(that day's demand events)), and each sensor's last reading (one
// indexed query per sensor, all in one read transaction). The first At()
// replays the log up to t at 10–20 µs an event: 0.05–0.1 s for each day of
// the sample county's simulated feed (40 demands an hour, ~5,000 events).
//
// One thread uses a Replay; the snapshots it returns are immutable and may
// go to any thread.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "geo/error.hpp"
#include "geo/grid_set.hpp"
#include "geo/polygon_index.hpp"
#include "ops/catalog.hpp"
#include "ops/live_state.hpp"
#include "ops/locator.hpp"
#include "ops/model.hpp"
#include "ops/sqlite.hpp"
#include "ops/store_codec.hpp"

namespace ops {

struct ReplayOptions {
  // County time between keyframes at first. When there are more keyframes
  // than `max_keyframes`, or they may hold more than `keyframe_bytes`, the
  // spacing doubles and the keyframes between go: memory stays bounded on
  // a long log, and seeks there replay up to twice the events. No keyframe
  // is taken fewer than 64 events after the one before.
  TimeMs keyframe_every = kHour;
  size_t max_keyframes = 1024;
  // A keyframe holds what changed since the one before; on a busy county
  // that is soon every chunk of the demand table, so each is reckoned at
  // 16 bytes per demand (plus its KPIs).
  size_t keyframe_bytes = size_t{256} << 20;
};

class Replay {
 public:
  // Opens the store file at `path` read-only and reads its event log.
  // Fails with kNotFound when there is no such file, kUnreadable when it is
  // not a gridops store (naming the path and why) or cannot be read, and
  // kUnsupported when its schema is newer than this gridops. `grids` and
  // `catalog` must be the ones the store was written with, and outlive the
  // replay.
  static geo::Result<std::unique_ptr<Replay>> Open(const std::filesystem::path& path,
                                                   const geo::GridSet& grids,
                                                   const Catalog& catalog,
                                                   ReplayOptions options = {});
  ~Replay();
  Replay(const Replay&) = delete;
  Replay& operator=(const Replay&) = delete;

  // The first and the last moment an event comes into force (UTC ms); both
  // 0 while the log is empty.
  TimeMs Earliest() const { return earliest_; }
  TimeMs Latest() const { return latest_; }

  // The county at `t` (UTC ms). Before Earliest(): the empty county (no
  // organisation, sensors, demands or incidents). Past the present, the
  // later of Latest() and the wall clock, `t` is clamped to it: a replay
  // shows no future, and Snapshot::now says where it stopped. Asking for
  // the same moment twice returns the same snapshot. Its seq is the largest
  // seq among the events in force. Fails (kUnreadable)
  // only when the file cannot be read or holds an event the store could not
  // have written; the replay stays usable.
  geo::Result<std::shared_ptr<const Snapshot>> At(TimeMs t);

  // Reads the events appended since Open or the last Refresh; returns how
  // many. New events in force before moments already replayed (a late
  // report, a new sensor, an organisation change) drop the keyframes after
  // them, so the next At() there costs a restart.
  geo::Result<size_t> Refresh();

  // The last event read (its seq); 0 for an empty log.
  int64_t LastSeq() const { return last_seq_; }

 private:
  // One logged event, in replay order.
  struct Entry {
    int64_t seq = 0;
    TimeMs in_force = 0;  // kSetUp for set-up events
    int64_t demand = 0;   // the demand a demand.* event changes; 0 for others
  };
  // The cursor's state with entries_[0, position) applied.
  struct Keyframe {
    size_t position = 0;
    TimeMs label = 0;  // the multiple of the spacing it was taken at
    std::shared_ptr<const Snapshot> snapshot;
  };

  Replay(sql::Database db, const geo::GridSet& grids, const Catalog& catalog,
         ReplayOptions options);
  // Appends the events after last_seq_ to entries_; returns the index of
  // the first entry whose position changed (entries_.size() when none did).
  size_t ReadEvents();
  TimeMs InForce(TimeMs at, std::string_view kind, std::string_view entity, int64_t& demand);
  size_t PositionAt(TimeMs t) const;
  void Seek(size_t position);
  void Restart(const Keyframe* from);
  void Advance(size_t position, bool trail);
  std::shared_ptr<const Snapshot> FromTrail(size_t position) const;
  void MaybeKeyframe(size_t position);
  std::shared_ptr<const Snapshot> AsOf(const Snapshot& raw, TimeMs t, size_t position);
  std::shared_ptr<const Kpis> KpisAt(const Snapshot& raw, TimeMs t, size_t position);
  std::shared_ptr<const std::vector<Sensor>> SensorsAt(
      const std::shared_ptr<const std::vector<Sensor>>& sensors, TimeMs t);
  std::shared_ptr<const Snapshot> EmptyAt(TimeMs t) const;

  sql::Database db_;
  const geo::GridSet& grids_;
  const Catalog& catalog_;
  ReplayOptions options_;
  TimeMs spacing_;  // between keyframes, now
  geo::PolygonIndex index_;
  Locator locator_;
  codec::CodeIndex codes_;
  std::optional<sql::Statement> read_events_, read_payloads_, last_reading_, last_hourly_;

  // The log, in replay order, and what orders the next event of each chain.
  std::vector<Entry> entries_;
  int64_t last_seq_ = 0;
  TimeMs earliest_ = 0, latest_ = 0;
  std::vector<TimeMs> demand_chain_, incident_chain_;  // by id - 1
  TimeMs last_new_demand_, last_new_incident_;
  std::unordered_map<std::string, TimeMs> sensor_chain_;

  std::vector<Keyframe> keyframes_;  // by position
  // The cursor: a live state with entries_[0, position_) applied (null
  // until the first At, and after a failure), and its snapshot (null until
  // published at this position).
  std::unique_ptr<LiveState> state_;
  size_t position_ = 0;
  int64_t cursor_seq_ = 0;  // the largest seq applied
  std::shared_ptr<const Snapshot> raw_;
  // Going back restarts from a keyframe (O(demands)); on the way to the
  // position asked, the cursor leaves a snapshot at every position between
  // (each costs what changed), so scrubbing on backward or forward within
  // that stretch costs no restart.
  std::vector<std::pair<size_t, std::shared_ptr<const Snapshot>>> trail_;  // by position
  std::shared_ptr<const Snapshot> empty_;
  // Demands already counted by KpisAt: stamp_[id - 1] == generation_.
  std::vector<uint32_t> stamp_;
  uint32_t generation_ = 0;
  // The last answer, returned again for the same moment.
  size_t last_position_ = 0;
  TimeMs last_t_ = 0;
  std::shared_ptr<const Snapshot> last_;
};

}  // namespace ops
