// How the map looks: colours and line widths per level, one hue per
// community so a supervisor sees at a glance which community a compound
// belongs to. Pure functions, tested without a window.
#pragma once

#include <array>
#include <cstdint>

#include "geo/grid_set.hpp"

namespace viewer {

struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

// The dark command-centre background, also outside the county.
inline constexpr Rgba kBackground = {14, 20, 30, 255};

// Fill of a feature (communities dark, compounds light, grids not filled:
// they are drawn as outlines over their community).
Rgba FillColor(const geo::GridSet& set, geo::FeatureId id);
// Outline colour and width in screen pixels, by level.
Rgba OutlineColor(geo::Level level);
float OutlineWidthPx(geo::Level level);

// An incident's colour by level 1–4 (I red, II orange, III yellow, IV blue),
// as China's emergency plans colour them.
Rgba IncidentLevelColor(int level);

// The community a feature lies in (itself for a community), or kNoFeature.
geo::FeatureId CommunityOf(const geo::GridSet& set, geo::FeatureId id);

}  // namespace viewer
