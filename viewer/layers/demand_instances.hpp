// The live demands as one GPU buffer of small instances, kept in step with
// the store's snapshots by chunk: the slot of demand `id` is `id - 1`, so
// the 256 demands of a DemandTable chunk own 256 consecutive slots, and a
// chunk whose address did not change since the last sync is not even looked
// at. In a changed chunk only the slots whose demand object changed are
// evaluated again, compared with what the GPU holds, and the ones that
// differ uploaded (glBufferSubData, neighbours merged into one call).
// Everything is evaluated again only when the filter or the origin changes
// (user actions); a time window re-evaluates the chunks it slid across.
//
// Shared by the point and heat layers; both read the buffer through
// BindAttributes with the attribute locations of points.vert.
//
// [SECTION] Instances
// [SECTION] DemandInstances
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "geo/geometry.hpp"
#include "ops/demand_filter.hpp"
#include "ops/live_state.hpp"
#include "viewer/gl/objects.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Instances

// Shaders read times as whole seconds since this epoch (2020-01-01T00:00:00Z)
// in a 32-bit int: exact to the second until 2088, no float rounding.
inline constexpr ops::TimeMs kShaderEpochMs = 1'577'836'800'000;
// `t` as seconds since kShaderEpochMs, rounded down and clamped to int32.
int32_t ShaderSeconds(ops::TimeMs t);

inline constexpr uint8_t kHiddenStage = 255;

// One demand slot as the shaders see it (attribute locations 0, 1, 2).
struct PointInstance {
  float x = 0, y = 0;      // metres relative to DemandInstances::origin()
  int32_t deadline_s = 0;  // ShaderSeconds(deadline); overdue when below "now"
  uint8_t stage = kHiddenStage;  // ops::Stage, or kHiddenStage: closed, filtered out, no demand
  uint8_t pad[3] = {};

  bool drawn() const { return stage != kHiddenStage; }
  friend bool operator==(const PointInstance&, const PointInstance&) = default;
};
static_assert(sizeof(PointInstance) == 16, "the attribute layout in BindAttributes");

// What one Sync sent to the GPU, for tests and the bench.
struct UploadStats {
  size_t chunks = 0;  // chunks with at least one slot uploaded
  size_t slots = 0;   // slots uploaded (including small gaps merged into one call)
  size_t bytes = 0;
  size_t calls = 0;   // glBufferSubData calls
  bool full = false;  // everything was rebuilt (first sync, filter or origin change)
};

// A span of slots to draw: chunks with something drawn, small gaps merged.
struct SlotRun {
  size_t first = 0;
  size_t count = 0;
};

// ---------------------------------------------------------------------------
// [SECTION] DemandInstances

class DemandInstances {
 public:
  // Called for every slot whose instance changed, before → after; `demand`
  // is the demand now in the slot (null when there is none).
  using SlotChanged = std::function<void(size_t slot, const PointInstance& before,
                                         const PointInstance& after, const ops::Demand* demand)>;

  // Needs a current GL context.
  static DemandInstances Create();

  // Positions are uploaded relative to `origin` (display CRS metres), so
  // floats keep millimetres near it. Without a call, the first demand seen
  // (rounded to a kilometre) is the origin. A different origin rebuilds
  // everything at the next Sync.
  void SetOrigin(geo::Meters origin);

  // Brings the buffer up to `snapshot` under `filter`; returns whether any
  // slot changed. Cheap when nothing did: one pointer comparison per chunk.
  bool Sync(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
            const ops::DemandFilter& filter, const SlotChanged& on_change = {});

  // Points attributes 0 (a_pos), 1 (a_deadline), 2 (a_stage) of the bound
  // VAO at the buffer from slot `first_slot` on, advancing per instance
  // (divisor 1) or per vertex (divisor 0).
  void BindAttributes(size_t first_slot, int divisor) const;

  const std::vector<SlotRun>& runs() const { return runs_; }
  const std::vector<PointInstance>& instances() const { return mirror_; }  // what the GPU holds
  geo::Meters origin() const { return origin_; }
  ops::TimeMs now() const { return now_; }  // the synced snapshot's clock
  size_t drawn() const { return drawn_; }
  const UploadStats& last_upload() const { return last_upload_; }

 private:
  // What the GPU holds of a chunk.
  struct ChunkStats {
    uint32_t drawn = 0;
    // Received times of its open demands (filter or not; a range that may
    // be wider than they are): a sliding time window only needs to look
    // again at the chunks it crosses.
    ops::TimeMs open_received_min = INT64_MAX, open_received_max = INT64_MIN;
  };

  void Reserve(size_t slots);
  // The instance of demand `d` (null: none), widening `stats`' received range.
  PointInstance Evaluate(const ops::Demand* d, const ops::FilterMatcher& matches,
                         ChunkStats& stats) const;
  void Upload(size_t first_slot, size_t count);
  void Summarise();

  gl::Buffer buffer_;
  size_t capacity_slots_ = 0;           // of buffer_
  std::vector<PointInstance> mirror_;   // what buffer_ holds, slot by slot
  std::vector<ChunkStats> chunk_stats_;
  // The table last synced. Holding it keeps its chunks alive, so a chunk
  // address seen again really is the same chunk.
  ops::DemandTable synced_;
  bool synced_once_ = false;
  ops::DemandFilter filter_;
  ops::TimeMs since_ = 0;  // the filter's window start at the last sync
  geo::Meters origin_;
  bool origin_set_ = false, origin_changed_ = false;
  ops::TimeMs now_ = 0;
  size_t drawn_ = 0;
  std::vector<SlotRun> runs_;
  UploadStats last_upload_;
};

}  // namespace viewer
