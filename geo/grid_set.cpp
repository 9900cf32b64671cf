#include "geo/grid_set.hpp"

namespace geo {

FeatureId GridSet::Find(std::string_view code) const {
  for (FeatureId id = 0; id < features.size(); ++id) {
    if (features[id].code == code) return id;
  }
  return kNoFeature;
}

}  // namespace geo
