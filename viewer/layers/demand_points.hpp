// Open demands on the map: one instanced point per demand, coloured by stage,
// overdue ones wearing a pulsing red ring; zoomed out, one bubble per grid
// with its count instead. The GPU buffer follows the store's snapshots chunk
// by chunk (viewer/layers/demand_instances.hpp): a frame never re-uploads the
// county, and Draw never touches the CPU-side demands.
//
// [SECTION] Bubbles
// [SECTION] DemandPointLayer
#pragma once

#include <cstdint>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "ops/demand_filter.hpp"
#include "ops/live_state.hpp"
#include "viewer/camera.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/layers/demand_instances.hpp"

struct ImDrawList;

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Bubbles

// Points or bubbles: kAuto decides by how close the visible points would
// lie (point_style.hpp, kAggregateBelowSpacingPx).
enum class PointMode : uint8_t { kAuto, kPoints, kBubbles };

// The drawn demands of one grid (or, outside every grid, of their community,
// or of a 2 km square), as the zoomed-out view shows them.
struct Bubble {
  geo::Meters at;  // mean position of its demands, display metres
  uint32_t count = 0;
  uint32_t overdue = 0;
  float size = 0;  // sqrt(count / the largest count), 0 … 1: areas compare like counts
};

// ---------------------------------------------------------------------------
// [SECTION] DemandPointLayer

class DemandPointLayer {
 public:
  // Compiles points.vert/.frag and bubbles.vert; errors name the file.
  static geo::Result<DemandPointLayer> Create(const std::string& shader_dir);

  // Positions go to the GPU relative to `origin` (e.g. MapMesh::origin);
  // without a call, near the first demand. Changing it re-uploads everything.
  void SetOrigin(geo::Meters origin) { instances_.SetOrigin(origin); }

  // Brings the GPU instance buffer up to `snapshot` under `filter`:
  // re-uploads only the slots of changed chunks (glBufferSubData), or
  // everything when the filter or the origin changed. Cheap when nothing
  // changed: a pointer comparison per 256 demands.
  void Sync(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
            const ops::DemandFilter& filter);

  // Draws into the bound framebuffer, `framebuffer_height` pixels high; the
  // camera's viewport is in window pixels (top-left origin), `pixel_scale`
  // framebuffer pixels each (see MapRenderer::Draw). `time_s` (any clock, in
  // seconds) drives the overdue pulse. Zoomed out it draws bubbles and, when
  // `labels` is not null, their counts as text on it (window pixels).
  void Draw(const Camera& camera, double time_s, int framebuffer_height, double pixel_scale,
            ImDrawList* labels) const;

  // Whether Draw shows bubbles rather than points for this camera.
  bool Aggregated(const Camera& camera) const;
  // A bubble's radius for this camera, window pixels: between
  // kBubbleMinRadiusPx and kBubbleMaxRadiusPx, and small enough that
  // neighbouring bubbles (at the median nearest distance) barely touch.
  float BubbleRadiusPx(const Bubble& bubble, const Camera& camera) const;
  void set_mode(PointMode mode) { mode_ = mode; }
  PointMode mode() const { return mode_; }

  size_t drawn() const { return instances_.drawn(); }  // open and passing the filter
  size_t overdue() const { return overdue_; }          // of those, past their deadline
  // Something pulses (an overdue demand is drawn): the viewer must keep
  // redrawing while this is true.
  bool animating() const { return overdue_ > 0; }
  // Largest first; empty when nothing is drawn.
  const std::vector<Bubble>& bubbles() const { return bubbles_; }
  // What the last Sync uploaded.
  const UploadStats& last_upload() const { return instances_.last_upload(); }

 private:
  struct Bin {
    uint32_t count = 0;
    uint32_t overdue = 0;
    double sum_x = 0, sum_y = 0;  // of instance positions (origin-relative)
  };
  static constexpr uint32_t kNoBin = UINT32_MAX;

  void OnSlotChanged(size_t slot, const PointInstance& before, const PointInstance& after,
                     const ops::Demand* demand);
  void SetOverdue(size_t slot, bool overdue);
  void AdvanceOverdue();
  void RebuildBubbles();

  gl::Program point_program_, bubble_program_;
  gl::VertexArray point_vao_, bubble_vao_;
  gl::Buffer bubble_buffer_;
  DemandInstances instances_;
  PointMode mode_ = PointMode::kAuto;

  // Per slot: its bin, and whether it is counted as overdue.
  std::vector<uint32_t> slot_bin_;
  std::vector<uint8_t> slot_overdue_;
  std::unordered_map<int64_t, uint32_t> bin_of_key_;
  std::vector<Bin> bins_;
  bool bins_changed_ = false;
  // Drawn slots not yet overdue, by deadline (seconds, ShaderSeconds), to
  // count them as the clock passes it; stale entries are skipped when popped.
  std::priority_queue<std::pair<int32_t, size_t>, std::vector<std::pair<int32_t, size_t>>,
                      std::greater<>>
      deadlines_;
  int32_t now_s_ = 0;
  size_t overdue_ = 0;
  std::vector<Bubble> bubbles_;
  double bubble_spacing_m_ = 0;  // median distance from a bubble to its nearest neighbour
};

}  // namespace viewer
