// How much of each area of a level lies inside a polygon: which grids and
// compounds an incident covers, and by what share of their surface (for
// estimating the residents inside by areal weighting). Exact intersections
// through GEOS.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "geo/grid_set.hpp"

namespace geo {

struct AreaShare {
  FeatureId feature = kNoFeature;
  double share = 0;  // of the feature's area inside the polygon, (0, 1]
};

// Holds a GEOS geometry of every feature of `set` (which must outlive it),
// made once. One thread at a time: it owns one GEOS context.
class AreaOverlap {
 public:
  explicit AreaOverlap(const GridSet& set);
  ~AreaOverlap();
  AreaOverlap(const AreaOverlap&) = delete;
  AreaOverlap& operator=(const AreaOverlap&) = delete;

  // The features of `level` that `ring` (an open ring in display metres, at
  // least 3 points; one that crosses itself is repaired) covers, each with
  // the share of its area inside, largest share first, ties by id. A feature
  // touched along an edge or by a sliver under 1e-6 of its area is not
  // covered. Empty for a degenerate ring.
  std::vector<AreaShare> Shares(Level level, std::span<const Meters> ring) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A circle as an open ring of `sides` points, counter-clockwise, its
// vertices on the circle (so the ring is a hair inside it).
std::vector<Meters> CircleRing(Meters centre, double radius_m, int sides = 72);

}  // namespace geo
