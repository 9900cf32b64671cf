// What the person at the screen has chosen: selection, layers, requests to
// move the camera. Panels read and write it; the frame loop acts on it.
#pragma once

#include "geo/grid_set.hpp"
#include "viewer/map_renderer.hpp"

namespace viewer {

struct UiState {
  geo::FeatureId selected = geo::kNoFeature;
  geo::FeatureId hovered = geo::kNoFeature;
  MapLayers layers;
  bool show_labels = true;
  bool fit_county = true;                  // fit the whole county on the next frame
  geo::FeatureId zoom_to = geo::kNoFeature;  // fit this feature on the next frame
  geo::FeatureId tree_revealed = geo::kNoFeature;  // the selection the tree last opened up to
};

// Selects `id` and asks the camera to show it whole.
inline void SelectAndZoom(UiState& ui, geo::FeatureId id) {
  ui.selected = id;
  ui.zoom_to = id;
}

}  // namespace viewer
