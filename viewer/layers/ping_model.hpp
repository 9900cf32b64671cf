// What the ping layer shows, without a window: the demands that arrived,
// moved on or left between two snapshots, as pings that live a few seconds
// of wall-clock time (not the store's clock, which a simulation or a replay
// may run at 3600×).
//
// How changes are found. A DemandTable keeps demands by id (1 … size) in
// chunks of 256 that snapshots share: LiveState copies a chunk only when a
// demand in it changes, and gives a changed demand a new object while the
// other pointers of its chunk stay as they were. The model keeps the table
// it last observed (a cheap copy that also keeps its chunks alive, so no
// address is reused) and compares: one pointer per chunk, then, in a chunk
// whose address moved, one pointer per slot, and only a demand whose object
// changed is read. Ids past the last size are arrivals; an open demand now
// closed is leaving; a move between open stages is a stage ping. The same
// comparison as DemandInstances makes for the GPU buffer of the points.
//
// What is news. Only the changes between two consecutive looks at one feed
// fire pings; anything that is not live news re-bases silently (the table
// seen becomes the baseline, nothing fires):
//   - the first look (the first snapshot on start, a layer switched on);
//   - a switch between the live store and a replay, and every look at a
//     replay that is not playing forward (a seek, a pause);
//   - a table that shrank (a seek back, a rebuild);
//   - more than kMaxChangesPerLook changed demands (a seek forward, a
//     `--connect` follower catching up, a burst no wall can show);
//   - every known demand replaced at once (a rebuilt LiveState: a follower
//     starting over on a foreign log);
//   - and of what changed, only what happened since the last look by the
//     store's clock: its demand received (an arrival) or last updated (a
//     move, a closure) no earlier than the last look's snapshot `now` less
//     kNewsSlackMs (a report a minute late), and at most kNewsWindowMs
//     before this one's. So the day the built-in simulator fills in behind
//     a new window (a few dozen changes a look, for half a minute), a
//     follower's first whole state, or a grid worker's report of last week
//     do not ring as if they happened now, while a simulation or a replay
//     running at 3600× rings what happened between two looks.
//
// Pings already alive stay and fade out; at most kMaxPings live at once, the
// newest.
//
// Filters apply to the demand as it now is (its stage, source, category and
// received time), as for the points: a closure shows unless the stage
// filter leaves out "closed"; an arrival unless it leaves out "received".
//
// [SECTION] Pings
// [SECTION] PingModel
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "geo/geometry.hpp"
#include "ops/live_state.hpp"
#include "ops/stage.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Pings

enum class PingKind : uint8_t {
  kArrival,  // a new demand: a ring grows out of it
  kStage,    // moved to another open stage: a small brief flash
  kLeaving,  // closed: a ring shrinks into it
};

// How long a ping lives, wall seconds.
inline constexpr double kArrivalLifetimeS = 3.0;
inline constexpr double kLeavingLifetimeS = 3.0;
inline constexpr double kStageLifetimeS = 1.2;
constexpr double PingLifetimeS(PingKind kind) {
  return kind == PingKind::kArrival   ? kArrivalLifetimeS
         : kind == PingKind::kLeaving ? kLeavingLifetimeS
                                      : kStageLifetimeS;
}

// At most this many pings at once (the newest): a burst never draws more.
inline constexpr size_t kMaxPings = 400;
// More changed demands than this between two looks is not live news but a
// jump. The sample county's simulator at 3600× changes about 8 demands per
// frame at 30 frames/s, and a wall that sleeps 0.25 s between looks when idle
// sees a few dozen.
inline constexpr size_t kMaxChangesPerLook = 300;
// How long before the last look's store clock a change may lie and still
// be news: events carry the time they happened, which a sender may set a
// little before the store hears of them.
inline constexpr ops::TimeMs kNewsSlackMs = 2 * ops::kMinute;
// And at most this long before the snapshot's clock (a window restored
// after hours minimised looks again at an old baseline): a look at a
// replay playing at 3600× every 0.25 s spans 15 min of it.
inline constexpr ops::TimeMs kNewsWindowMs = 15 * ops::kMinute;
// A table whose every demand was replaced at once is a rebuilt state, when
// it had at least this many (fewer could all change in one look for real).
inline constexpr size_t kRebuildMinDemands = 16;

struct Ping {
  int64_t demand = 0;  // its id
  geo::Meters at;      // display CRS
  PingKind kind = PingKind::kArrival;
  // The stage it shows: received for an arrival, the new one for a stage
  // ping, closed for a leaving one.
  ops::Stage stage = ops::Stage::kReceived;
  double born_s = 0;  // wall clock, seconds (the frame clock)

  // 0 at birth … 1 at the end of its life, clamped.
  double Progress(double now_s) const;
};

// Where a snapshot comes from, as the dashboard takes it.
enum class SnapshotFeed : uint8_t {
  kLive,           // the live store's (or a followed server's) latest
  kReplayPlaying,  // a replay moving forward in time
  kReplayStill,    // a replay paused or sought: no news
};

// What one look found, for tests and the layer.
struct PingLook {
  size_t changed = 0;    // demands whose object changed since the last look
  size_t fired = 0;      // pings made (recent changes through the filter)
  bool rebased = false;  // the look only set the baseline
};

// ---------------------------------------------------------------------------
// [SECTION] PingModel

class PingModel {
 public:
  // Whether a demand passes the filter (ops::FilterMatcher, or anything).
  using Matches = std::function<bool(const ops::Demand&)>;

  // Compares the snapshot's demands with the table of the last look and
  // fires a ping for each recent change `matches` lets through, born at
  // `now_s` (wall seconds); or, when it is no live news (see the header),
  // only takes them as the baseline.
  PingLook Observe(const ops::Snapshot& snapshot, SnapshotFeed feed, const Matches& matches,
                   double now_s);
  // Forgets the baseline: the next look fires nothing. Living pings stay.
  void Rebase();
  // Forgets the baseline and every ping (the layer switched off).
  void Clear();

  // Drops pings whose life ended by `now_s`; returns whether any went.
  bool Expire(double now_s);
  // Drops pings whose demand no longer passes `matches` (a filter changed);
  // returns whether any went.
  bool Refilter(const ops::DemandTable& demands, const Matches& matches);

  // Oldest first.
  const std::vector<Ping>& pings() const { return pings_; }
  bool empty() const { return pings_.empty(); }
  // Bumped whenever pings() changes: the GPU copy is refreshed only then.
  uint64_t version() const { return version_; }

 private:
  void Fire(const ops::Demand& demand, PingKind kind, ops::Stage stage, double now_s);

  ops::DemandTable baseline_;     // the table of the last look; holding it keeps its chunks alive
  ops::TimeMs baseline_now_ = 0;  // its snapshot's clock
  bool based_ = false;
  SnapshotFeed feed_ = SnapshotFeed::kLive;
  std::vector<Ping> pings_;
  uint64_t version_ = 0;
  // The demands changed since the last look: before (null: new) and after.
  std::vector<std::pair<const ops::Demand*, const ops::Demand*>> changes_;
};

}  // namespace viewer
