#include "geo/locate.hpp"

#include "geo/polygon_index.hpp"

namespace geo {

bool FeatureContains(const GridSet& set, FeatureId id, Meters p) {
  const Feature& f = set.features[id];
  if (p.x < f.bounds.min_x || p.x > f.bounds.max_x || p.y < f.bounds.min_y ||
      p.y > f.bounds.max_y) {
    return false;
  }
  return FeatureHolds(set.polygons, {f.first_polygon, f.polygon_count}, p);
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
