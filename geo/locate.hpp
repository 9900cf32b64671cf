// Which area holds a point. Exact even-odd point-in-polygon over the grid
// set's rings, with a bounds check first. A linear scan: right for picking
// one point per click; the live index of a later stage replaces it for
// streams of events.
#pragma once

#include "geo/grid_set.hpp"

namespace geo {

// Whether feature `id` contains `p` (holes excluded). A point exactly on an
// edge may go either way; shared-edge rules belong to the spatial index.
bool FeatureContains(const GridSet& set, FeatureId id, Meters p);

// The feature of `level` containing `p`, or kNoFeature.
FeatureId FeatureAt(const GridSet& set, Level level, Meters p);

// The deepest feature containing `p`: a compound, else a grid, else a
// community, else kNoFeature.
FeatureId DeepestFeatureAt(const GridSet& set, Meters p);

}  // namespace geo
