// Arrivals and departures as a command-centre wall shows them, at every
// level: where a demand is received a ring in the received colour grows and
// fades; where one is closed a green ring shrinks into it and fades; a move
// between open stages flashes a small ring in the new stage's colour (sizes
// and colours in point_style.hpp). Over the county choropleth, where the
// points themselves would be a blizzard, this is what shows the county alive.
//
// What fires a ping, and what does not (the first snapshot, a replay seek, a
// follower catching up, a rebuild), is the window-free PingModel
// (ping_model.hpp). This class draws it: one instanced quad per living ping
// (ping.vert / ping.frag), animated in the shader from its birth time and
// the frame clock, so the GPU buffer (a few kB: at most kMaxPings) is
// written only when pings are born or filtered away, never per frame, and
// nothing is drawn or asked for once the last ping has faded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ops/catalog.hpp"
#include "ops/demand_filter.hpp"
#include "ops/live_state.hpp"
#include "viewer/camera.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/layers/ping_model.hpp"

namespace viewer {

class PingLayer {
 public:
  // Compiles ping.vert/.frag; errors name the file.
  static geo::Result<PingLayer> Create(const std::string& shader_dir);

  // Positions go to the GPU relative to `origin` (e.g. the county's centre),
  // so floats keep centimetres.
  void SetOrigin(geo::Meters origin) { origin_ = origin; }

  // Looks at `snapshot` (from `feed`) under `filter` at `now_s`, the frame
  // clock in wall seconds: fires pings for what changed since the last look,
  // drops the ones that faded, and uploads only when pings were born or
  // filtered away. Cheap when nothing changed: a pointer per 256 demands.
  void Sync(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
            const ops::DemandFilter& filter, SnapshotFeed feed, double now_s);
  // The layer is off: no pings, and the next Sync only sets the baseline.
  void Clear();

  // Draws into the bound framebuffer, `framebuffer_height` pixels high,
  // over the camera's viewport (window pixels, top-left origin,
  // `pixel_scale` framebuffer pixels each) as the pings are at `now_s`
  // (the clock Sync was given).
  void Draw(const Camera& camera, double now_s, int framebuffer_height, double pixel_scale) const;

  // A ping is alive: the viewer must keep drawing frames until it is not.
  bool animating() const { return !model_.empty(); }
  const PingModel& model() const { return model_; }
  size_t uploads() const { return uploads_; }  // buffer uploads so far, for tests

 private:
  void Upload(double now_s);

  PingModel model_;
  gl::Program program_;
  gl::VertexArray vao_;
  gl::Buffer buffer_;
  geo::Meters origin_;
  ops::DemandFilter filter_;  // the filter of the last Sync
  // Birth times go to the GPU as seconds since this frame clock (the last
  // upload's), so a float keeps them exact on a wall running for weeks.
  double epoch_s_ = 0;
  size_t uploaded_ = 0;  // instances in the buffer (faded ones are culled by the shader)
  size_t uploads_ = 0;
};

}  // namespace viewer
