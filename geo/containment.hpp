// Which feature of one level holds another feature: the hierarchy linker's
// last resort when codes say nothing (hierarchy.cpp). Geometry through the
// GEOS C API, reentrant, one context per index, so indexes on different
// threads are independent.
#pragma once

#include <memory>

#include "geo/grid_set.hpp"

namespace geo {

// An index over the features of one level of `set` (which must outlive it
// and keep its features and polygons unchanged while it is used).
class ContainmentIndex {
 public:
  ContainmentIndex(const GridSet& set, Level level);
  ~ContainmentIndex();
  ContainmentIndex(const ContainmentIndex&) = delete;
  ContainmentIndex& operator=(const ContainmentIndex&) = delete;

  // The feature of the indexed level that holds most of feature `child`:
  // the one candidate (bounds overlapping) containing the child's label
  // point when exactly one does; otherwise the candidate with the largest
  // area of intersection with the child. kNoFeature when none overlaps it by
  // more than a rounding sliver (1e-9 of the child's area): touching along an
  // edge is not holding.
  FeatureId Holder(FeatureId child);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geo
