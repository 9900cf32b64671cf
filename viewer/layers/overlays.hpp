// Situation monitoring and emergencies on the map: sensors as glyphs by kind
// (disc water level, square air, diamond gas, triangles crowd and traffic,
// hexagon power, ring noise, cross smoke) in their state's colour, alarms
// pulsing; and each incident not yet ended as its area (circle or polygon)
// in its level's colour (I red, II orange, III yellow, IV blue), pulsing.
// Both follow the snapshot: rebuilt only when its sensors or incidents
// changed (a pointer comparison otherwise), a few kB at most.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "geo/grid_set.hpp"
#include "ops/live_state.hpp"
#include "viewer/camera.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/map_mesh.hpp"
#include "viewer/ui_state.hpp"

namespace viewer {

// A sensor's colour by state: normal a muted steel blue (present, not
// shouting), warn amber, alarm red.
Rgba SensorStateColor(ops::AlertState state);

class OverlayLayer {
 public:
  // Compiles glyph.vert/.frag, area.vert/.frag and line.vert +
  // color.frag from `shader_dir`; `set` gives the display CRS incidents'
  // lon/lat are projected into and the origin positions are relative to.
  static geo::Result<OverlayLayer> Create(const std::string& shader_dir, const geo::GridSet& set);

  void Sync(const ops::Snapshot& snapshot);
  void Draw(const Camera& camera, double time_s, int framebuffer_height, double pixel_scale,
            bool sensors, bool incidents) const;
  // True while something pulses (a sensor in alarm, an active incident).
  bool animating() const { return alarms_ > 0 || active_incidents_ > 0; }

  // The sensor or incident under `at`: a sensor within its glyph, else an
  // incident within a few pixels of its area's centre (a click elsewhere
  // inside an area still drills into the map beneath).
  PickedPoint Pick(const Camera& camera, ScreenPx at) const;

  size_t sensor_count() const { return sensor_xy_.size(); }
  size_t incident_count() const { return incident_ids_.size(); }

 private:
  OverlayLayer() = default;
  void BuildIncidents(const ops::Snapshot& snapshot);

  geo::Meters origin_;
  std::optional<geo::Transformer> to_display_;
  gl::Program glyph_program_, area_program_, line_program_;
  gl::VertexArray glyph_vao_, area_vao_, line_vao_;
  gl::Buffer corner_vbo_, glyph_vbo_, area_vbo_, area_ibo_, line_vbo_, line_ibo_;
  const void* sensors_seen_ = nullptr;    // the snapshot's sensors vector last synced
  const void* incidents_seen_ = nullptr;  // and its incidents vector
  std::vector<geo::Meters> sensor_xy_;    // by snapshot sensor index
  int alarms_ = 0;
  int active_incidents_ = 0;
  uint32_t area_index_count_ = 0, line_index_count_ = 0;
  // Picking: each drawn incident's id and ring, display metres.
  std::vector<int64_t> incident_ids_;
  std::vector<geo::Meters> incident_centres_;
};

}  // namespace viewer
