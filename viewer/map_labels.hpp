// Which area names to show at the current zoom, and where, so that no two
// overlap: communities first, then grids, then compounds, each only where
// its area on screen is wide enough for its name. Pure: the caller measures
// text, so this is tested without a window.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "geo/grid_set.hpp"
#include "viewer/camera.hpp"

namespace viewer {

struct TextSize {
  float width = 0, height = 0;
};

struct PlacedLabel {
  geo::FeatureId id = geo::kNoFeature;
  ScreenPx center;  // of the text box
  TextSize size;
};

using MeasureText = std::function<TextSize(std::string_view text, geo::Level level)>;

std::vector<PlacedLabel> PlaceLabels(const geo::GridSet& set, const Camera& camera,
                                     const MeasureText& measure);

}  // namespace viewer
