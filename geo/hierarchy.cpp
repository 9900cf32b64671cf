#include "geo/hierarchy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_map>

namespace geo {

namespace {

// The nearest level above `level` that has features (buildings hang under
// grids when a county delivers no compounds), or `level` itself for the top.
Level LevelAbove(const GridSet& set, Level level) {
  int up = static_cast<int>(level) - 1;
  while (up > 0 && set.LevelCount(static_cast<Level>(up)) == 0) --up;
  return static_cast<Level>(std::max(up, 0));
}

// The parent of `f` in the level above: its parent code if that names a
// feature there, else the longest code there that prefixes its own.
FeatureId FindParent(const GridSet& set, const std::unordered_map<std::string, FeatureId>& by_code,
                     const Feature& f) {
  const Level up = LevelAbove(set, f.level);
  if (!f.parent_code.empty()) {
    const auto it = by_code.find(f.parent_code);
    if (it != by_code.end() && set.features[it->second].level == up) return it->second;
  }
  FeatureId best = kNoFeature;
  for (FeatureId id = set.LevelBegin(up); id < set.LevelEnd(up); ++id) {
    const std::string& code = set.features[id].code;
    if (code.size() < f.code.size() && f.code.starts_with(code) &&
        (best == kNoFeature || code.size() > set.features[best].code.size())) {
      best = id;
    }
  }
  return best;
}

}  // namespace

void LinkHierarchy(GridSet& set) {
  std::unordered_map<std::string, FeatureId> by_code;
  for (FeatureId id = 0; id < set.features.size(); ++id) by_code.emplace(set.features[id].code, id);
  for (FeatureId id = set.LevelBegin(Level::kGrid); id < set.features.size(); ++id) {
    Feature& f = set.features[id];
    f.parent = FindParent(set, by_code, f);
    if (f.parent == kNoFeature) {
      set.notes.push_back({fmt::format("{} {} ({}) has no parent: parent code '{}' matches no {}",
                                       kLevelNames[static_cast<int>(f.level)], f.code, f.name,
                                       f.parent_code,
                                       kLevelNames[static_cast<int>(LevelAbove(set, f.level))])});
      continue;
    }
    set.features[f.parent].children.push_back(id);
  }
}

}  // namespace geo
