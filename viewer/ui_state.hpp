// What the person at the screen has chosen: selection, layers, filters,
// requests to move the camera. Panels read and write it; the frame loop acts
// on it.
#pragma once

#include <cstdint>

#include "geo/grid_set.hpp"
#include "ops/demand_filter.hpp"
#include "ops/hotspots.hpp"
#include "viewer/coordination.hpp"
#include "viewer/live_view.hpp"
#include "viewer/map_renderer.hpp"

namespace viewer {

// The live layers drawn over the areas.
struct LiveLayers {
  bool demands = false;   // demand points by stage (on once drilled to a grid)
  bool heat = false;      // demand density
  bool sensors = true;    // sensor glyphs by kind, warn/alarm colours
  bool incidents = true;  // incident areas by level
  // Rings where demands arrive, move on and close, at every level: the
  // county alive even where the points are off (viewer/layers/ping_layer.hpp).
  bool pings = true;
};

// A point on the map the supervisor opened: a demand, a sensor or an incident.
struct PickedPoint {
  enum Kind : uint8_t { kNone, kDemand, kSensor, kIncident };
  Kind kind = kNone;
  int64_t id = 0;      // demand or incident id
  size_t sensor = 0;   // index into the snapshot's sensors
};

// Time: live, or the store replayed at a moment, playing at a speed.
struct TimeTravel {
  bool active = false;   // false: live
  ops::TimeMs at = 0;    // the moment shown while active
  bool playing = false;
  double speed = 60;     // county seconds per wall second, 1 … 3600
};

struct UiState {
  geo::FeatureId selected = geo::kNoFeature;
  geo::FeatureId hovered = geo::kNoFeature;
  MapLayers layers;
  LiveLayers live;
  Metric metric = Metric::kOpen;  // of the choropleth and the rankings
  ops::DemandFilter filter;
  PickedPoint picked;
  TimeTravel time;
  int show_tab = -1;  // a side-panel tab to bring forward once (0 situation, 1 hotspots, 2 layers)
  ops::GridMetric hotspot_metric = ops::GridMetric::kMatching;  // the hotspots ranking
  bool show_labels = true;
  bool fit_county = true;                  // fit the whole county on the next frame
  geo::FeatureId zoom_to = geo::kNoFeature;  // fit this feature on the next frame
  geo::FeatureId tree_revealed = geo::kNoFeature;  // the selection the tree last opened up to
  CoordinationUi coordination;  // a new incident being drawn; what the board's fields hold
};

// Selects `id` and asks the camera to show it whole.
inline void SelectAndZoom(UiState& ui, geo::FeatureId id) {
  ui.selected = id;
  ui.zoom_to = id;
}

// Selects `id` (kNoFeature: the county) and shows it. The choropleth shows
// grids for the county and a community (the unit of grid governance), and a
// grid's compounds once a grid is chosen; demand points show from a grid
// down (the layers tab switches them at any level).
inline void DrillTo(UiState& ui, const geo::GridSet& set, geo::FeatureId id) {
  SelectAndZoom(ui, id);
  ui.layers.thematic_level = geo::Level::kGrid;  // the unit of grid governance
  // Demand points over a whole county's choropleth are a blizzard; within a
  // grid they are the detail a supervisor came for.
  ui.live.demands = id != geo::kNoFeature && set.features[id].level >= geo::Level::kGrid;
  if (id == geo::kNoFeature) {
    ui.fit_county = true;
    return;
  }
  const geo::Feature& f = set.features[id];
  if (f.level >= geo::Level::kGrid) {
    ui.layers.thematic_level =
        f.children.empty() ? f.level : set.features[f.children.front()].level;
  }
}

}  // namespace viewer
