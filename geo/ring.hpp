// Checks and points on one ring drawn by hand or received in a request (an
// incident's area): where to label it, and whether its edges cross. Plain
// planar arithmetic in the ring's own coordinates: incident areas span a few
// kilometres, where degrees are near enough to a plane for both questions.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <utility>

#include "geo/geometry.hpp"

namespace geo {

// Whether segments ab and cd share a point: a proper crossing, one's end on
// the other, or a collinear overlap.
bool SegmentsTouch(LonLat a, LonLat b, LonLat c, LonLat d);

// Whether sides shared→p and shared→q, meeting at `shared`, lie along one
// line pointing the same way: the second folds back over the first.
bool FoldsBack(LonLat shared, LonLat p, LonLat q);

// Whether `p` lies inside the ring (open, any orientation), by even-odd.
// A point exactly on an edge may fall either way.
bool InsideRing(std::span<const LonLat> ring, LonLat p);

// A point strictly inside the ring (open, at least 3 points, any
// orientation) to label it and locate it by: its area centroid when that
// lies inside, else the middle of the widest inside span of the horizontal
// line through the centroid (a concave ring's centroid may lie outside).
// A ring with no area gives its vertex mean.
LonLat InteriorPoint(std::span<const LonLat> ring);

// The first two edges of the closed ring (edge i runs from point i to point
// i+1, the last back to point 0) that touch other than at the vertex two
// neighbouring edges share, as (i, j) with i < j; none for a simple ring.
// Neighbouring edges count when they fold back over each other. O(n²): for
// rings a person draws or a request carries (at most a few thousand points).
std::optional<std::pair<size_t, size_t>> FirstCrossing(std::span<const LonLat> ring);

}  // namespace geo
