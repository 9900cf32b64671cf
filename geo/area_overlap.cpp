#include "geo/area_overlap.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "geo/geos_util.hpp"

namespace geo {

namespace {

bool Overlaps(const Bounds& a, const Bounds& b) {
  return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

constexpr double kSliver = 1e-6;

}  // namespace

struct AreaOverlap::Impl {
  const GridSet& set;
  geos::ContextPtr ctx = geos::QuietContext();
  std::vector<geos::GeomPtr> shapes;  // by feature id; null for one GEOS refuses
  std::vector<double> areas;          // of each shape, m²

  explicit Impl(const GridSet& s) : set(s) {
    GEOSContextHandle_t c = ctx.get();
    shapes.reserve(set.features.size());
    areas.assign(set.features.size(), 0);
    for (FeatureId id = 0; id < set.features.size(); ++id) {
      shapes.push_back(geos::FeatureGeometry(c, set, id));
      if (shapes.back()) GEOSArea_r(c, shapes.back().get(), &areas[id]);
    }
  }
};

AreaOverlap::AreaOverlap(const GridSet& set) : impl_(std::make_unique<Impl>(set)) {}
AreaOverlap::~AreaOverlap() = default;

std::vector<AreaShare> AreaOverlap::Shares(Level level, std::span<const Meters> ring) const {
  std::vector<AreaShare> out;
  GEOSContextHandle_t c = impl_->ctx.get();
  const geos::GeomPtr area = geos::RingPolygon(c, ring);
  if (!area) return out;
  Bounds bounds;
  for (Meters p : ring) bounds.Extend(p);
  const GridSet& set = impl_->set;
  for (FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    const GEOSGeometry* shape = impl_->shapes[id].get();
    const double whole = impl_->areas[id];
    if (!shape || whole <= 0 || !Overlaps(set.features[id].bounds, bounds)) continue;
    const double share = std::min(1.0, geos::IntersectionArea(c, shape, area.get()) / whole);
    if (share > kSliver) out.push_back({id, share});
  }
  std::sort(out.begin(), out.end(), [](const AreaShare& a, const AreaShare& b) {
    return a.share != b.share ? a.share > b.share : a.feature < b.feature;
  });
  return out;
}

std::vector<Meters> CircleRing(Meters centre, double radius_m, int sides) {
  std::vector<Meters> ring;
  ring.reserve(static_cast<size_t>(sides));
  for (int i = 0; i < sides; ++i) {
    const double a = 2 * std::numbers::pi * i / sides;
    ring.push_back({centre.x + radius_m * std::cos(a), centre.y + radius_m * std::sin(a)});
  }
  return ring;
}

}  // namespace geo
