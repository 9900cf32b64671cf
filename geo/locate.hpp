// Which area holds a point, without an index: a linear scan of one level
// with the exact test and boundary rule of geo/polygon_index.hpp, so both
// give the same answer. Right for one point per click on a county's few
// hundred areas; for streams of points build a PolygonIndex once and ask it.
#pragma once

#include "geo/grid_set.hpp"

namespace geo {

// Whether feature `id` holds `p` (holes excluded) under the boundary rule of
// geo/polygon_index.hpp: a point on an edge shared by two features belongs to
// exactly one of them, the one east (or, on a horizontal edge, north) of it.
bool FeatureContains(const GridSet& set, FeatureId id, Meters p);

// The feature of `level` holding `p`, or kNoFeature; the lowest id if
// features of the level overlap.
FeatureId FeatureAt(const GridSet& set, Level level, Meters p);

// The deepest feature holding `p`: a building, else a compound, else a grid,
// else a community, else kNoFeature.
FeatureId DeepestFeatureAt(const GridSet& set, Meters p);

}  // namespace geo
