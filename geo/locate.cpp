#include "geo/locate.hpp"

namespace geo {

namespace {

// Crossing-number test of one ring: counts edges crossed by the ray from `p`
// towards +x, with the half-open rule on y so a vertex is counted once.
bool RingCrossesOdd(std::span<const Meters> ring, Meters p) {
  bool odd = false;
  const size_t n = ring.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const Meters a = ring[i], b = ring[j];
    if ((a.y > p.y) != (b.y > p.y)) {
      const double x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
      if (p.x < x) odd = !odd;
    }
  }
  return odd;
}

}  // namespace

bool FeatureContains(const GridSet& set, FeatureId id, Meters p) {
  const Feature& f = set.features[id];
  if (p.x < f.bounds.min_x || p.x > f.bounds.max_x || p.y < f.bounds.min_y ||
      p.y > f.bounds.max_y) {
    return false;
  }
  const PolygonSet& ps = set.polygons;
  for (uint32_t poly = f.first_polygon; poly < f.first_polygon + f.polygon_count; ++poly) {
    bool inside = false;
    for (uint32_t r = ps.polygon_rings[poly]; r < ps.polygon_rings[poly + 1]; ++r) {
      if (RingCrossesOdd(ps.Ring(r), p)) inside = !inside;
    }
    if (inside) return true;
  }
  return false;
}

FeatureId FeatureAt(const GridSet& set, Level level, Meters p) {
  for (FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    if (FeatureContains(set, id, p)) return id;
  }
  return kNoFeature;
}

FeatureId DeepestFeatureAt(const GridSet& set, Meters p) {
  for (int l = kLevelCount - 1; l >= 0; --l) {
    const FeatureId id = FeatureAt(set, static_cast<Level>(l), p);
    if (id != kNoFeature) return id;
  }
  return kNoFeature;
}

}  // namespace geo
