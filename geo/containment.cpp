#include "geo/containment.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "geo/locate.hpp"

namespace geo {

namespace {

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

// GEOS reports topology exceptions by message and a null result; the null
// is handled where it comes, the message is not wanted on stderr.
void Quiet(const char*, void*) {}

// One closed GEOS ring from an open ring of display metres, or null when it
// has fewer than three points.
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

// A feature's polygons as one GEOS multipolygon, made valid when it is not
// (self-touching rings are common in surveyed data), or null when it has no
// polygon GEOS accepts.
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
  GeomPtr g(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(),
                                        static_cast<unsigned>(polygons.size())),
            GeomDeleter{ctx});
  if (g && GEOSisValid_r(ctx, g.get()) != 1) {
    GeomPtr valid(GEOSMakeValid_r(ctx, g.get()), GeomDeleter{ctx});
    if (valid) g = std::move(valid);
  }
  return g;
}

double IntersectionArea(GEOSContextHandle_t ctx, const GEOSGeometry* a, const GEOSGeometry* b) {
  GeomPtr both(GEOSIntersection_r(ctx, a, b), GeomDeleter{ctx});
  double area = 0;
  if (!both || !GEOSArea_r(ctx, both.get(), &area)) return 0;
  return area;
}

bool Overlaps(const Bounds& a, const Bounds& b) {
  return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

bool Holds(const Bounds& b, Meters p) {
  return p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y;
}

}  // namespace

struct ContainmentIndex::Impl {
  const GridSet& set;
  Level level;
  std::unique_ptr<GEOSContextHandle_HS, ContextDeleter> ctx{GEOS_init_r()};
  std::vector<GeomPtr> envelopes;  // the tree's items' envelopes; the tree refers to them
  std::unique_ptr<GEOSSTRtree, TreeDeleter> tree{nullptr, TreeDeleter{nullptr}};
  std::vector<GeomPtr> shapes;  // by id - level begin, built when first needed
  std::vector<bool> shape_built;

  Impl(const GridSet& s, Level l) : set(s), level(l) {
    GEOSContextHandle_t c = ctx.get();
    GEOSContext_setErrorMessageHandler_r(c, Quiet, nullptr);
    GEOSContext_setNoticeMessageHandler_r(c, Quiet, nullptr);
    tree = {GEOSSTRtree_create_r(c, 10), TreeDeleter{c}};
    const FeatureId begin = set.LevelBegin(level), end = set.LevelEnd(level);
    shapes.reserve(end - begin);
    for (FeatureId id = begin; id < end; ++id) {
      shapes.emplace_back(nullptr, GeomDeleter{c});
      const Bounds& b = set.features[id].bounds;
      if (b.Empty()) continue;
      envelopes.emplace_back(GEOSGeom_createRectangle_r(c, b.min_x, b.min_y, b.max_x, b.max_y),
                             GeomDeleter{c});
      if (!envelopes.back()) continue;
      GEOSSTRtree_insert_r(c, tree.get(), envelopes.back().get(),
                           reinterpret_cast<void*>(static_cast<uintptr_t>(id)));
    }
    shape_built.assign(end - begin, false);
  }

  // Features of the level whose bounds overlap `b`, in id order.
  std::vector<FeatureId> Candidates(const Bounds& b) {
    std::vector<FeatureId> out;
    GEOSContextHandle_t c = ctx.get();
    GeomPtr query(GEOSGeom_createRectangle_r(c, b.min_x, b.min_y, b.max_x, b.max_y),
                  GeomDeleter{c});
    if (!query) return out;
    GEOSSTRtree_query_r(
        c, tree.get(), query.get(),
        [](void* item, void* user) {
          static_cast<std::vector<FeatureId>*>(user)->push_back(
              static_cast<FeatureId>(reinterpret_cast<uintptr_t>(item)));
        },
        &out);
    std::sort(out.begin(), out.end());
    std::erase_if(out, [&](FeatureId id) { return !Overlaps(set.features[id].bounds, b); });
    return out;
  }

  const GEOSGeometry* Shape(FeatureId id) {
    const size_t i = id - set.LevelBegin(level);
    if (!shape_built[i]) {
      shapes[i] = FeatureGeometry(ctx.get(), set, id);
      shape_built[i] = true;
    }
    return shapes[i].get();
  }
};

ContainmentIndex::ContainmentIndex(const GridSet& set, Level level)
    : impl_(std::make_unique<Impl>(set, level)) {}

ContainmentIndex::~ContainmentIndex() = default;

FeatureId ContainmentIndex::Holder(FeatureId child) {
  const GridSet& set = impl_->set;
  const Feature& f = set.features[child];
  if (f.bounds.Empty()) return kNoFeature;
  const std::vector<FeatureId> candidates = impl_->Candidates(f.bounds);
  if (candidates.empty()) return kNoFeature;

  // Point on surface first: cheap, and decisive for areas that nest.
  FeatureId holder = kNoFeature;
  int holders = 0;
  if (Holds(f.bounds, f.label_point)) {
    for (FeatureId id : candidates) {
      if (Holds(set.features[id].bounds, f.label_point) &&
          FeatureContains(set, id, f.label_point)) {
        holder = id;
        ++holders;
      }
    }
  }
  if (holders == 1) return holder;

  // Otherwise the largest area in common.
  GEOSContextHandle_t c = impl_->ctx.get();
  const GeomPtr shape = FeatureGeometry(c, set, child);
  if (!shape) return kNoFeature;
  double child_area = 0;
  GEOSArea_r(c, shape.get(), &child_area);
  double best_area = 1e-9 * child_area;
  FeatureId best = kNoFeature;
  for (FeatureId id : candidates) {
    const GEOSGeometry* other = impl_->Shape(id);
    if (!other) continue;
    const double area = IntersectionArea(c, shape.get(), other);
    if (area > best_area) {
      best_area = area;
      best = id;
    }
  }
  return best;
}

}  // namespace geo
