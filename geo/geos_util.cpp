#include "geo/geos_util.hpp"

#include <vector>

namespace geo::geos {

namespace {

void Quiet(const char*, void*) {}

GeomPtr MadeValid(GEOSContextHandle_t ctx, GeomPtr g) {
  if (g && GEOSisValid_r(ctx, g.get()) != 1) {
    GeomPtr valid(GEOSMakeValid_r(ctx, g.get()), GeomDeleter{ctx});
    if (valid) g = std::move(valid);
  }
  return g;
}

}  // namespace

ContextPtr QuietContext() {
  ContextPtr ctx(GEOS_init_r());
  GEOSContext_setErrorMessageHandler_r(ctx.get(), Quiet, nullptr);
  GEOSContext_setNoticeMessageHandler_r(ctx.get(), Quiet, nullptr);
  return ctx;
}

GEOSGeometry* Ring(GEOSContextHandle_t ctx, std::span<const Meters> ring) {
  if (ring.size() < 3) return nullptr;
  std::vector<double> xy;
  xy.reserve(2 * ring.size() + 2);
  for (Meters p : ring) {
    xy.push_back(p.x);
    xy.push_back(p.y);
  }
  xy.push_back(ring[0].x);
  xy.push_back(ring[0].y);
  GEOSCoordSequence* seq =
      GEOSCoordSeq_copyFromBuffer_r(ctx, xy.data(), static_cast<unsigned>(ring.size() + 1), 0, 0);
  return seq ? GEOSGeom_createLinearRing_r(ctx, seq) : nullptr;
}

GeomPtr FeatureGeometry(GEOSContextHandle_t ctx, const GridSet& set, FeatureId id) {
  const Feature& f = set.features[id];
  const PolygonSet& ps = set.polygons;
  std::vector<GEOSGeometry*> polygons;
  for (uint32_t poly = f.first_polygon; poly < f.first_polygon + f.polygon_count; ++poly) {
    const uint32_t first_ring = ps.polygon_rings[poly], end_ring = ps.polygon_rings[poly + 1];
    GEOSGeometry* shell = Ring(ctx, ps.Ring(first_ring));
    if (!shell) continue;
    std::vector<GEOSGeometry*> holes;
    for (uint32_t r = first_ring + 1; r < end_ring; ++r) {
      if (GEOSGeometry* hole = Ring(ctx, ps.Ring(r))) holes.push_back(hole);
    }
    GEOSGeometry* p =
        GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size()));
    if (p) polygons.push_back(p);
  }
  if (polygons.empty()) return GeomPtr(nullptr, GeomDeleter{ctx});
  return MadeValid(ctx, GeomPtr(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON,
                                                            polygons.data(),
                                                            static_cast<unsigned>(polygons.size())),
                                GeomDeleter{ctx}));
}

GeomPtr RingPolygon(GEOSContextHandle_t ctx, std::span<const Meters> ring) {
  GEOSGeometry* shell = Ring(ctx, ring);
  if (!shell) return GeomPtr(nullptr, GeomDeleter{ctx});
  return MadeValid(ctx, GeomPtr(GEOSGeom_createPolygon_r(ctx, shell, nullptr, 0), GeomDeleter{ctx}));
}

double IntersectionArea(GEOSContextHandle_t ctx, const GEOSGeometry* a, const GEOSGeometry* b) {
  GeomPtr both(GEOSIntersection_r(ctx, a, b), GeomDeleter{ctx});
  double area = 0;
  if (!both || !GEOSArea_r(ctx, both.get(), &area)) return 0;
  return area;
}

}  // namespace geo::geos
