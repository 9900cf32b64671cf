// GEOS (C API, reentrant) for the GIS core's few area computations: owned
// handles, a feature as a GEOS multipolygon, intersection areas. Internal to
// geo/; callers above geo/ use ContainmentIndex and AreaOverlap.
#pragma once

#include <geos_c.h>

#include <memory>
#include <span>

#include "geo/grid_set.hpp"

namespace geo::geos {

struct GeomDeleter {
  GEOSContextHandle_t ctx;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx, g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct TreeDeleter {
  GEOSContextHandle_t ctx;
  void operator()(GEOSSTRtree* t) const { GEOSSTRtree_destroy_r(ctx, t); }
};

struct ContextDeleter {
  void operator()(GEOSContextHandle_t ctx) const { GEOS_finish_r(ctx); }
};
using ContextPtr = std::unique_ptr<GEOSContextHandle_HS, ContextDeleter>;

// A new context whose error and notice messages are dropped: GEOS reports
// topology exceptions by message and a null result; the null is handled
// where it comes, the message is not wanted on stderr.
ContextPtr QuietContext();

// One closed GEOS ring from an open ring of display metres, or null when it
// has fewer than three points.
GEOSGeometry* Ring(GEOSContextHandle_t ctx, std::span<const Meters> ring);

// A feature's polygons as one GEOS multipolygon, made valid when it is not
// (self-touching rings are common in surveyed data), or null when it has no
// polygon GEOS accepts.
GeomPtr FeatureGeometry(GEOSContextHandle_t ctx, const GridSet& set, FeatureId id);

// A polygon from one open ring, made valid when it is not (a hand-drawn
// area may cross itself), or null when GEOS accepts none.
GeomPtr RingPolygon(GEOSContextHandle_t ctx, std::span<const Meters> ring);

// The area (m²) that `a` and `b` have in common; 0 when GEOS fails.
double IntersectionArea(GEOSContextHandle_t ctx, const GEOSGeometry* a, const GEOSGeometry* b);

}  // namespace geo::geos
