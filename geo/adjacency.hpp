// Which features of one level share a boundary (rook contiguity): the
// neighbourhood that hotspot statistics (Getis-Ord Gi*) and "the grids next
// to this one" are computed over. Plain geometry, no GEOS: two features are
// neighbours when edges of theirs run along each other, within a tolerance,
// for at least a minimum length; touching at a corner is not enough.
#pragma once

#include <cassert>
#include <span>
#include <vector>

#include "geo/grid_set.hpp"

namespace geo {

// Neighbour lists of the features of one level in compressed rows (CSR),
// indexed by FeatureId over the whole set: feature f's neighbours are
// neighbours[offsets[f] … offsets[f + 1]), ascending, and shared_m holds the
// length of boundary (metres) each one shares with f. Features of other
// levels have empty rows. Symmetric: g is in f's row iff f is in g's.
struct Adjacency {
  Level level = Level::kGrid;
  std::vector<uint32_t> offsets{0};  // features + 1 entries
  std::vector<FeatureId> neighbours;
  std::vector<double> shared_m;  // parallel to `neighbours`

  size_t FeatureCount() const { return offsets.size() - 1; }
  std::span<const FeatureId> Of(FeatureId f) const {
    assert(f < FeatureCount() && "Of(f): f is not a feature of the set this was built for");
    return {neighbours.data() + offsets[f], neighbours.data() + offsets[f + 1]};
  }
  std::span<const double> SharedOf(FeatureId f) const {
    assert(f < FeatureCount() && "SharedOf(f): f is not a feature of the set this was built for");
    return {shared_m.data() + offsets[f], shared_m.data() + offsets[f + 1]};
  }
};

// The features of `level` that share at least `min_shared_m` metres of
// boundary with each other. Two edges count as shared where they are
// parallel and within `tolerance_m` of each other; the shared length is the
// overlap of their projections, summed over all edges of the pair. Handles
// neighbours whose vertices do not line up (T-junctions: one long edge
// against several short ones) and holes (a feature inside another's hole is
// its neighbour). Cost: O(edges · log edges) for features of comparable size.
Adjacency AdjacencyOf(const GridSet& set, Level level, double min_shared_m = 1.0,
                      double tolerance_m = 0.05);

// An Adjacency from explicit neighbour lists (lists[f] for FeatureId f, each
// made symmetric and sorted; shared lengths 0): for crafted tests and for
// callers with their own notion of neighbourhood.
Adjacency AdjacencyFromLists(Level level, const std::vector<std::vector<FeatureId>>& lists);

}  // namespace geo
