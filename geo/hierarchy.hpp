// County → Community → Grid → Compound (→ Building): linking each feature to
// its parent in the nearest non-empty level above it.
#pragma once

#include "geo/grid_set.hpp"

namespace geo {

// Sets every feature's `parent` and `children`. A feature's parent is the
// feature of the level above named by its parent code, else the one whose
// code is the longest prefix of its own. Features left without a parent are
// orphans; each gets a note in `set.notes`, none is dropped.
void LinkHierarchy(GridSet& set);

}  // namespace geo
