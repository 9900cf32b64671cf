// Polygon tessellation: index lists that fill polygons with holes, ready for
// a GPU index buffer (geo/ returns them; only viewer/ uploads).
//
// An ear-clipping triangulator in the manner of Mapbox's earcut: each hole is
// bridged into the outer ring (holes taken by leftmost x), ears are clipped
// with a point-in-triangle test over reflex vertices (found through a z-order
// index on rings of more than 80 points), and degenerate input falls back to
// filtering duplicate and collinear points, curing local self-intersections
// and, last, splitting the ring along a valid diagonal.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "geo/geometry.hpp"

namespace geo {

// Triangulates one polygon with holes. `points` holds its rings one after
// another; ring_offsets has rings+1 entries (ring r = [ring_offsets[r],
// ring_offsets[r+1])), ring 0 the outer boundary, the rest holes, in any
// orientation, open (a repeated closing point is tolerated and ignored).
//
// Returns indices into `points`, three per triangle, each triangle
// counter-clockwise with strictly positive area as computed relative to the
// polygon's bounds minimum (so coordinates of any magnitude keep precision).
//
// Contract, for a valid polygon (OGC simple: rings do not cross, holes lie
// inside the outer ring and may touch it or each other at points): the
// triangles cover the polygon exactly once, so their areas sum to the outer
// area minus the hole areas; with n points and h holes there are
// n - 2 + 2h triangles, one fewer for each vertex dropped as a duplicate or
// as lying on a straight line between its neighbours (such triangles would
// have zero area). For invalid input (self-intersections, holes outside) it
// returns a best effort that still keeps the orientation promise; a hole that
// lies outside the outer ring is ignored. Fewer than 3 outer points, an empty
// ring_offsets or non-finite coordinates give no triangles.
std::vector<uint32_t> TessellatePolygon(std::span<const Meters> points,
                                        std::span<const uint32_t> ring_offsets);

// Tessellates every polygon of a PolygonSet; indices are into set.points.
// Scratch memory is shared between polygons, so this is cheaper than calling
// TessellatePolygon once per polygon.
std::vector<uint32_t> Tessellate(const PolygonSet& set);

}  // namespace geo
