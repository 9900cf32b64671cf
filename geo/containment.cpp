#include "geo/containment.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "geo/geos_util.hpp"
#include "geo/locate.hpp"

namespace geo {

using geos::FeatureGeometry;
using geos::GeomDeleter;
using geos::GeomPtr;
using geos::IntersectionArea;
using geos::TreeDeleter;

namespace {

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
  geos::ContextPtr ctx = geos::QuietContext();
  std::vector<GeomPtr> envelopes;  // the tree's items' envelopes; the tree refers to them
  std::unique_ptr<GEOSSTRtree, TreeDeleter> tree{nullptr, TreeDeleter{nullptr}};
  std::vector<GeomPtr> shapes;  // by id - level begin, built when first needed
  std::vector<bool> shape_built;

  Impl(const GridSet& s, Level l) : set(s), level(l) {
    GEOSContextHandle_t c = ctx.get();
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
