// Planar tessellation for the sample-county generator: random Voronoi
// partitions of a polygon (Lloyd-relaxed for even sizes) and the clean-up that
// turns independently clipped cells into an exact coverage.
//
// All coordinates are projected metres. Rings are open (first point not
// repeated) and hole-free; OGR/GEOS does the clipping of cells against
// non-convex regions.
#pragma once

#include <ogr_geometry.h>

#include <memory>
#include <optional>
#include <vector>

#include "data/generator/rng.hpp"
#include "geo/geometry.hpp"

namespace sample_county {

using Ring = std::vector<geo::Meters>;

// Conversions between an open ring and a (closed-ring) OGR polygon.
std::unique_ptr<OGRPolygon> ToPolygon(const Ring& ring);
Ring ExteriorRing(const OGRPolygon& polygon);

// The polygonal part of an OGR result as one hole-free ring; nullopt when it
// is empty, in several pieces (any piece above 1e-6 m^2 counts) or has holes.
std::optional<Ring> SingleRing(const OGRGeometry& geometry);

// The largest polygon of a polygonal OGR result, holes dropped; nullopt when
// there is none.
std::optional<Ring> LargestRing(const OGRGeometry& geometry);

// The area (m^2) of the polygonal parts of an OGR result; 0 for null, empty,
// lines and points (what touching neighbours intersect in).
double PolygonalArea(const OGRGeometry* geometry);

// A uniformly random point inside the polygon (rejection sampling in its
// bounds).
geo::Meters RandomPointIn(const OGRPolygon& polygon, Rng& rng);

struct PartitionOptions {
  int lloyd_iterations = 3;
  // Seeds are redrawn until every cell is one piece of at least this fraction
  // of the mean cell area, at most max_attempts times.
  double min_area_fraction = 0.3;
  int max_attempts = 200;
  // Junctions of three or more cells inside the region must lie at least
  // this far apart (m): no "pie" where many cells meet at almost one point.
  double min_junction_spacing = 0;
  // Anisotropy: distances across direction_rad count `stretch` times more,
  // so cells come out elongated along it (city blocks along a river).
  double direction_rad = 0;
  double stretch = 1;
};

// Splits the region into n hole-free single polygons that tile it: the
// Voronoi cells of n random seeds, clipped to the region. Cells are ordered
// by their seeds (deterministic for a given Rng state). nullopt when no
// attempt produced single pieces of acceptable size.
std::optional<std::vector<Ring>> Partition(const OGRPolygon& region, int n, Rng& rng,
                                           const PartitionOptions& options);

// Turns rings that tile (up to floating-point noise) into an exact coverage:
// vertices closer than `tolerance` metres become one identical coordinate,
// and every coverage vertex lying on another ring's edge is inserted into
// that edge, so neighbours share identical vertices and no T-junction leaves
// a sliver. Consecutive duplicates and zero-width spikes are removed.
void CanonicaliseCoverage(const std::vector<Ring*>& rings, double tolerance);

}  // namespace sample_county
