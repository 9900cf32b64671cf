#include "viewer/map_style.hpp"

#include <algorithm>
#include <cmath>

namespace viewer {

namespace {

// HSV (h in turns, s and v in 0..1) to sRGB bytes.
Rgba Hsv(double h, double s, double v) {
  h = (h - std::floor(h)) * 6;
  const int i = static_cast<int>(h) % 6;
  const double f = h - std::floor(h);
  const double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
  double r = 0, g = 0, b = 0;
  switch (i) {
    case 0: r = v, g = t, b = p; break;
    case 1: r = q, g = v, b = p; break;
    case 2: r = p, g = v, b = t; break;
    case 3: r = p, g = q, b = v; break;
    case 4: r = t, g = p, b = v; break;
    default: r = v, g = p, b = q; break;
  }
  auto byte = [](double c) { return static_cast<uint8_t>(std::lround(std::clamp(c, 0.0, 1.0) * 255)); };
  return {byte(r), byte(g), byte(b), 255};
}

// Hue of the n-th community: golden-angle steps, so neighbours in code order
// (usually neighbours on the map) get far-apart hues.
double CommunityHue(geo::FeatureId community_index) {
  return 0.58 + community_index * 0.381966;
}

}  // namespace

Rgba IncidentLevelColor(int level) {
  switch (level) {
    case 1: return {230, 40, 40, 255};
    case 2: return {255, 140, 0, 255};
    case 3: return {250, 215, 30, 255};
    default: return {40, 120, 235, 255};
  }
}

geo::FeatureId CommunityOf(const geo::GridSet& set, geo::FeatureId id) {
  while (id != geo::kNoFeature && set.features[id].level != geo::Level::kCommunity) {
    id = set.features[id].parent;
  }
  return id;
}

Rgba FillColor(const geo::GridSet& set, geo::FeatureId id) {
  const geo::FeatureId community = CommunityOf(set, id);
  if (community == geo::kNoFeature) return {90, 90, 96, 255};  // an orphan: neutral grey
  const double hue = CommunityHue(community - set.LevelBegin(geo::Level::kCommunity));
  switch (set.features[id].level) {
    case geo::Level::kCommunity: return Hsv(hue, 0.45, 0.26);
    case geo::Level::kGrid: return Hsv(hue, 0.45, 0.30);
    case geo::Level::kCompound: return Hsv(hue, 0.38, 0.62);
    case geo::Level::kBuilding: return Hsv(hue, 0.30, 0.80);
  }
  return kBackground;
}

Rgba OutlineColor(geo::Level level) {
  switch (level) {
    case geo::Level::kCommunity: return {236, 242, 255, 255};
    case geo::Level::kGrid: return {200, 214, 235, 150};
    case geo::Level::kCompound: return {255, 255, 255, 70};
    case geo::Level::kBuilding: return {20, 28, 40, 160};
  }
  return {};
}

float OutlineWidthPx(geo::Level level) {
  switch (level) {
    case geo::Level::kCommunity: return 2.6f;
    case geo::Level::kGrid: return 1.2f;
    case geo::Level::kCompound: return 0.8f;
    case geo::Level::kBuilding: return 0.8f;
  }
  return 1;
}

}  // namespace viewer
