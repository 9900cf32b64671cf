// Topology QA with GEOS (C API, reentrant: one context per CheckTopology call).
//
// [SECTION] GEOS handles      — context, owned geometries, error capture
// [SECTION] Conversions       — PolygonSet ⇄ GEOS
// [SECTION] Checks            — overlaps, gaps, outside parts of one family
// [SECTION] Public            — CheckTopology, TopologyGeoJson
#include "geo/topology.hpp"

#include <geos_c.h>

#include <fmt/format.h>
#include <algorithm>
#include <cassert>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "geo/crs.hpp"

namespace geo {

namespace {

// ---------------------------------------------------------------------------
// [SECTION] GEOS handles
// ---------------------------------------------------------------------------

struct GeomDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx, g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const { GEOSPreparedGeom_destroy_r(ctx, g); }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// One GEOS context and the last error it reported. Neither copied nor moved:
// GEOS keeps a pointer to `last_error_`.
class Geos {
 public:
  Geos() : ctx_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(ctx_.get(), &OnError, &last_error_);
  }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;

  GEOSContextHandle_t ctx() const { return ctx_.get(); }
  GeomPtr Own(GEOSGeometry* g) const { return GeomPtr(g, GeomDeleter{ctx_.get()}); }
  PreparedPtr Prepare(const GEOSGeometry* g) const {
    return PreparedPtr(GEOSPrepare_r(ctx_.get(), g), PreparedDeleter{ctx_.get()});
  }
  // A kInternal error for a failed GEOS call: what was being done, to which
  // features, and what GEOS said.
  Error Failed(const std::string& what) const {
    return Error{ErrorCode::kInternal,
                 fmt::format("GEOS failed to compute {}: {}", what,
                             last_error_.empty() ? "no reason given" : last_error_)};
  }

 private:
  struct ContextDeleter {
    void operator()(GEOSContextHandle_HS* c) const { GEOS_finish_r(c); }
  };
  static void OnError(const char* message, void* user) {
    *static_cast<std::string*>(user) = message ? message : "";
  }
  std::unique_ptr<GEOSContextHandle_HS, ContextDeleter> ctx_;
  std::string last_error_;
};

// ---------------------------------------------------------------------------
// [SECTION] Conversions
// ---------------------------------------------------------------------------

std::string FeatureLabel(const Feature& f) {
  return fmt::format("{} {}", kLevelNames[static_cast<int>(f.level)], f.code);
}

// One feature's polygons as a GEOS Polygon or MultiPolygon, checked valid.
Result<GeomPtr> FeatureGeometry(const Geos& geos, const GridSet& set, const Feature& f) {
  GEOSContextHandle_t ctx = geos.ctx();
  const PolygonSet& ps = set.polygons;
  std::vector<GEOSGeometry*> polygons;  // owned until handed to a collection
  auto free_polygons = [&] {
    for (GEOSGeometry* p : polygons) GEOSGeom_destroy_r(ctx, p);
  };
  std::vector<double> xy;
  for (uint32_t p = f.first_polygon; p < f.first_polygon + f.polygon_count; ++p) {
    std::vector<GEOSGeometry*> rings;
    for (uint32_t r = ps.polygon_rings[p]; r < ps.polygon_rings[p + 1]; ++r) {
      const std::span<const Meters> ring = ps.Ring(r);
      if (ring.size() < 3) {
        for (GEOSGeometry* g : rings) GEOSGeom_destroy_r(ctx, g);
        free_polygons();
        return Fail(ErrorCode::kInvalidInput,
                    fmt::format("{} has a ring of {} points; a polygon ring needs at least 3",
                                FeatureLabel(f), ring.size()));
      }
      xy.clear();
      for (const Meters& m : ring) xy.insert(xy.end(), {m.x, m.y});
      xy.insert(xy.end(), {ring[0].x, ring[0].y});  // GEOS rings are closed
      GEOSCoordSequence* seq =
          GEOSCoordSeq_copyFromBuffer_r(ctx, xy.data(), static_cast<unsigned>(xy.size() / 2), 0, 0);
      GEOSGeometry* linear = seq ? GEOSGeom_createLinearRing_r(ctx, seq) : nullptr;
      if (!linear) {
        for (GEOSGeometry* g : rings) GEOSGeom_destroy_r(ctx, g);
        free_polygons();
        return std::unexpected(geos.Failed("the rings of " + FeatureLabel(f)));
      }
      rings.push_back(linear);
    }
    GEOSGeometry* polygon = GEOSGeom_createPolygon_r(ctx, rings[0], rings.data() + 1,
                                                     static_cast<unsigned>(rings.size() - 1));
    if (!polygon) {
      free_polygons();
      return std::unexpected(geos.Failed("the polygon of " + FeatureLabel(f)));
    }
    polygons.push_back(polygon);
  }
  GEOSGeometry* g = nullptr;
  if (polygons.size() == 1) {
    g = polygons[0];
  } else {
    g = GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(),
                                    static_cast<unsigned>(polygons.size()));
    if (!g) {
      free_polygons();
      return std::unexpected(geos.Failed("the multipolygon of " + FeatureLabel(f)));
    }
  }
  GeomPtr owned = geos.Own(g);
  if (GEOSisValid_r(ctx, g) != 1) {
    char* reason = GEOSisValidReason_r(ctx, g);
    const std::string why = reason ? reason : "no reason given";
    if (reason) GEOSFree_r(ctx, reason);
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("{} is not a valid polygon ({}); fix it before checking topology",
                            FeatureLabel(f), why));
  }
  return owned;
}

// Appends the rings of one GEOS polygon: outer counter-clockwise, holes
// clockwise, open.
void AppendPolygon(const Geos& geos, const GEOSGeometry* polygon, PolygonSet& out) {
  GEOSContextHandle_t ctx = geos.ctx();
  const int holes = GEOSGetNumInteriorRings_r(ctx, polygon);
  std::vector<double> xy;
  for (int r = -1; r < holes; ++r) {
    const GEOSGeometry* ring =
        r < 0 ? GEOSGetExteriorRing_r(ctx, polygon) : GEOSGetInteriorRingN_r(ctx, polygon, r);
    const GEOSCoordSequence* seq = ring ? GEOSGeom_getCoordSeq_r(ctx, ring) : nullptr;
    unsigned size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(ctx, seq, &size) || size < 4) continue;
    xy.resize(size * 2);
    GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy.data(), 0, 0);
    const size_t first = out.points.size();
    for (unsigned i = 0; i + 1 < size; ++i) out.points.push_back({xy[2 * i], xy[2 * i + 1]});
    std::span<Meters> added(out.points.data() + first, out.points.size() - first);
    const double area = SignedArea(added);
    if ((r < 0 && area < 0) || (r >= 0 && area > 0)) std::reverse(added.begin(), added.end());
    out.ring_points.push_back(static_cast<uint32_t>(out.points.size()));
  }
  out.polygon_rings.push_back(static_cast<uint32_t>(out.RingCount()));
}

// Collects the polygons of any geometry (a collection's lines and points,
// as where neighbours merely touch, are dropped).
void CollectPolygons(const Geos& geos, const GEOSGeometry* g,
                     std::vector<const GEOSGeometry*>& out) {
  const int type = GEOSGeomTypeId_r(geos.ctx(), g);
  if (type == GEOS_POLYGON) {
    if (!GEOSisEmpty_r(geos.ctx(), g)) out.push_back(g);
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(geos.ctx(), g);
    for (int i = 0; i < n; ++i) CollectPolygons(geos, GEOSGetGeometryN_r(geos.ctx(), g, i), out);
  }
}

// The polygonal part of `g` as one MultiPolygon (possibly empty).
Result<GeomPtr> Polygonal(const Geos& geos, const GEOSGeometry* g, const std::string& what) {
  std::vector<const GEOSGeometry*> parts;
  CollectPolygons(geos, g, parts);
  std::vector<GEOSGeometry*> clones;
  for (const GEOSGeometry* p : parts) clones.push_back(GEOSGeom_clone_r(geos.ctx(), p));
  GEOSGeometry* multi = GEOSGeom_createCollection_r(geos.ctx(), GEOS_MULTIPOLYGON, clones.data(),
                                                    static_cast<unsigned>(clones.size()));
  if (!multi) {
    for (GEOSGeometry* c : clones) GEOSGeom_destroy_r(geos.ctx(), c);
    return std::unexpected(geos.Failed(what));
  }
  return geos.Own(multi);
}

// The union of some features' geometries, in full precision: snapping is
// left to the one overlay that compares it with the region to cover, so
// that both sides snap alike.
Result<GeomPtr> Union(const Geos& geos, const std::vector<GeomPtr>& geoms,
                      const std::vector<FeatureId>& ids, const std::string& what) {
  std::vector<GEOSGeometry*> clones;
  for (FeatureId id : ids) clones.push_back(GEOSGeom_clone_r(geos.ctx(), geoms[id].get()));
  GEOSGeometry* all = GEOSGeom_createCollection_r(
      geos.ctx(), GEOS_GEOMETRYCOLLECTION, clones.data(), static_cast<unsigned>(clones.size()));
  if (!all) {
    for (GEOSGeometry* c : clones) GEOSGeom_destroy_r(geos.ctx(), c);
    return std::unexpected(geos.Failed(what));
  }
  GeomPtr owned = geos.Own(all);
  GEOSGeometry* u = GEOSUnaryUnion_r(geos.ctx(), all);
  if (!u) return std::unexpected(geos.Failed(what));
  return geos.Own(u);
}

// ---------------------------------------------------------------------------
// [SECTION] Checks
// ---------------------------------------------------------------------------

// Strict overlap: bounds that merely touch cannot hold an overlap of area.
bool BoundsOverlap(const Bounds& a, const Bounds& b) {
  return a.min_x < b.max_x && b.min_x < a.max_x && a.min_y < b.max_y && b.min_y < a.max_y;
}

// How near (metres) a child must be to a gap to be named with it, at least:
// the gap's edges are computed from the children's, so they meet to far
// below this.
constexpr double kTouchTolerance = 1e-3;

// A parent (kNoFeature for the county) and its children, all of one level.
struct Family {
  FeatureId parent = kNoFeature;
  Level level = Level::kCommunity;
  std::vector<FeatureId> children;
};

class Checker {
 public:
  Checker(const Geos& geos, const GridSet& set, const std::vector<GeomPtr>& geoms,
          const TopologyOptions& options, std::vector<TopologyIssue>& out)
      : geos_(geos), set_(set), geoms_(geoms), options_(options), out_(out) {}

  Result<void> Check(const Family& family) {
    if (options_.must_tile[static_cast<int>(family.level)]) {
      if (auto ok = Gaps(family); !ok) return ok;
    }
    if (auto ok = Overlaps(family); !ok) return ok;
    if (family.parent != kNoFeature) return OutsideParent(family);
    return {};
  }

 private:
  const std::string& Code(FeatureId id) const { return set_.features[id].code; }

  std::string FamilyLabel(const Family& family) const {
    return family.parent == kNoFeature
               ? fmt::format("the {} level", kLevelNames[static_cast<int>(family.level)])
               : fmt::format("the children of {}", FeatureLabel(set_.features[family.parent]));
  }

  // Adds one issue for the polygonal `shape` if its area is above the
  // threshold.
  Result<void> Report(TopologyIssue::Kind kind, Level level, std::vector<std::string> codes,
                      const GEOSGeometry* shape, const std::string& what) {
    double area = 0;
    if (!GEOSArea_r(geos_.ctx(), shape, &area)) return std::unexpected(geos_.Failed(what));
    if (!(area > options_.min_area_m2)) return {};
    TopologyIssue issue{kind, level, std::move(codes), area, {}, {}};
    GeomPtr point = geos_.Own(GEOSPointOnSurface_r(geos_.ctx(), shape));
    if (!point || !GEOSGeomGetX_r(geos_.ctx(), point.get(), &issue.location.x) ||
        !GEOSGeomGetY_r(geos_.ctx(), point.get(), &issue.location.y)) {
      return std::unexpected(geos_.Failed("a point inside " + what));
    }
    std::vector<const GEOSGeometry*> polygons;
    CollectPolygons(geos_, shape, polygons);
    for (const GEOSGeometry* p : polygons) AppendPolygon(geos_, p, issue.shape);
    out_.push_back(std::move(issue));
    return {};
  }

  // Pairs of siblings whose bounds overlap, found by a sweep along x:
  // O(n log n) plus the pairs it tests.
  Result<void> Overlaps(const Family& family) {
    std::vector<FeatureId> order = family.children;
    auto bounds = [&](FeatureId id) -> const Bounds& { return set_.features[id].bounds; };
    std::sort(order.begin(), order.end(),
              [&](FeatureId a, FeatureId b) { return bounds(a).min_x < bounds(b).min_x; });
    for (size_t i = 0; i < order.size(); ++i) {
      for (size_t j = i + 1; j < order.size() && bounds(order[j]).min_x < bounds(order[i]).max_x;
           ++j) {
        if (!BoundsOverlap(bounds(order[i]), bounds(order[j]))) continue;
        const auto [a, b] = std::minmax(order[i], order[j]);
        const std::string what = fmt::format("the overlap of {} and {}", Code(a), Code(b));
        GeomPtr both = geos_.Own(GEOSIntersectionPrec_r(geos_.ctx(), geoms_[a].get(),
                                                        geoms_[b].get(), options_.grid_size_m));
        if (!both) return std::unexpected(geos_.Failed(what));
        auto polygonal = Polygonal(geos_, both.get(), what);
        if (!polygonal) return std::unexpected(polygonal.error());
        if (auto ok = Report(TopologyIssue::kOverlap, family.level, {Code(a), Code(b)},
                             polygonal->get(), what);
            !ok) {
          return ok;
        }
      }
    }
    return {};
  }

  // Each child's part outside its parent; a child the parent contains costs
  // one prepared test.
  Result<void> OutsideParent(const Family& family) {
    if (family.children.empty()) return {};
    const GEOSGeometry* parent = geoms_[family.parent].get();
    PreparedPtr prepared = geos_.Prepare(parent);
    if (!prepared) return std::unexpected(geos_.Failed("an index of " + Code(family.parent)));
    for (FeatureId child : family.children) {
      const char inside = GEOSPreparedContains_r(geos_.ctx(), prepared.get(), geoms_[child].get());
      if (inside == 1) continue;
      const std::string what =
          fmt::format("the part of {} outside {}", Code(child), Code(family.parent));
      if (inside != 0) return std::unexpected(geos_.Failed(what));
      GeomPtr outside = geos_.Own(
          GEOSDifferencePrec_r(geos_.ctx(), geoms_[child].get(), parent, options_.grid_size_m));
      if (!outside) return std::unexpected(geos_.Failed(what));
      auto polygonal = Polygonal(geos_, outside.get(), what);
      if (!polygonal) return std::unexpected(polygonal.error());
      if (auto ok = Report(TopologyIssue::kOutsideParent, family.level,
                           {Code(child), Code(family.parent)}, polygonal->get(), what);
          !ok) {
        return ok;
      }
    }
    return {};
  }

  // The top level's region to cover: the union's outlines with their holes
  // filled, so that a gap is a hole, not the world outside.
  Result<GeomPtr> Filled(const GEOSGeometry* children_union, const std::string& what) {
    std::vector<const GEOSGeometry*> polygons;
    CollectPolygons(geos_, children_union, polygons);
    std::vector<GEOSGeometry*> shells;
    for (const GEOSGeometry* p : polygons) {
      GEOSGeometry* ring = GEOSGeom_clone_r(geos_.ctx(), GEOSGetExteriorRing_r(geos_.ctx(), p));
      GEOSGeometry* shell =
          ring ? GEOSGeom_createPolygon_r(geos_.ctx(), ring, nullptr, 0) : nullptr;
      if (shell) shells.push_back(shell);
    }
    GEOSGeometry* all = GEOSGeom_createCollection_r(
        geos_.ctx(), GEOS_GEOMETRYCOLLECTION, shells.data(), static_cast<unsigned>(shells.size()));
    if (!all) {
      for (GEOSGeometry* s : shells) GEOSGeom_destroy_r(geos_.ctx(), s);
      return std::unexpected(geos_.Failed(what));
    }
    GeomPtr owned = geos_.Own(all);
    GeomPtr filled = geos_.Own(GEOSUnaryUnion_r(geos_.ctx(), all));
    if (!filled) return std::unexpected(geos_.Failed(what));
    return filled;
  }

  // The region minus the union of the children, one issue per piece, named
  // with the parent and the children around it.
  Result<void> Gaps(const Family& family) {
    const std::string what = "the gaps among " + FamilyLabel(family);
    auto covered = Union(geos_, geoms_, family.children, what);
    if (!covered) return std::unexpected(covered.error());
    GeomPtr filled;
    if (family.parent == kNoFeature) {
      auto f = Filled(covered->get(), what);
      if (!f) return std::unexpected(f.error());
      filled = std::move(*f);
    }
    const GEOSGeometry* region =
        family.parent == kNoFeature ? filled.get() : geoms_[family.parent].get();
    GeomPtr gaps =
        geos_.Own(GEOSDifferencePrec_r(geos_.ctx(), region, covered->get(), options_.grid_size_m));
    if (!gaps) return std::unexpected(geos_.Failed(what));
    // Snapping moves the gap's edges by up to half a grid cell diagonally.
    const double touch = std::max(kTouchTolerance, 2 * options_.grid_size_m);
    std::vector<const GEOSGeometry*> pieces;
    CollectPolygons(geos_, gaps.get(), pieces);
    for (const GEOSGeometry* piece : pieces) {
      double area = 0;
      if (!GEOSArea_r(geos_.ctx(), piece, &area)) return std::unexpected(geos_.Failed(what));
      if (!(area > options_.min_area_m2)) continue;
      std::vector<std::string> codes;
      if (family.parent != kNoFeature) codes.push_back(Code(family.parent));
      PreparedPtr prepared = geos_.Prepare(piece);
      if (!prepared) return std::unexpected(geos_.Failed(what));
      std::vector<FeatureId> around;
      for (FeatureId child : family.children) {
        const char near =
            GEOSPreparedDistanceWithin_r(geos_.ctx(), prepared.get(), geoms_[child].get(), touch);
        if (near == 2) return std::unexpected(geos_.Failed(what));
        if (near == 1) around.push_back(child);
      }
      std::sort(around.begin(), around.end(),
                [&](FeatureId a, FeatureId b) { return Code(a) < Code(b); });
      for (FeatureId child : around) codes.push_back(Code(child));
      if (auto ok = Report(TopologyIssue::kGap, family.level, std::move(codes), piece, what); !ok) {
        return ok;
      }
    }
    return {};
  }

  const Geos& geos_;
  const GridSet& set_;
  const std::vector<GeomPtr>& geoms_;
  const TopologyOptions& options_;
  std::vector<TopologyIssue>& out_;
};

// The nearest level below `level` that has features, or -1.
int LevelBelow(const GridSet& set, int level) {
  for (int l = level + 1; l < kLevelCount; ++l) {
    if (set.LevelCount(static_cast<Level>(l)) > 0) return l;
  }
  return -1;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Public
// ---------------------------------------------------------------------------

const char* TopologyKindName(TopologyIssue::Kind kind) {
  switch (kind) {
    case TopologyIssue::kGap:
      return "gap";
    case TopologyIssue::kOverlap:
      return "overlap";
    case TopologyIssue::kOutsideParent:
      return "outside_parent";
  }
  return "?";
}

Result<std::vector<TopologyIssue>> CheckTopology(const GridSet& set,
                                                 const TopologyOptions& options) {
  Geos geos;
  std::vector<GeomPtr> geoms;
  geoms.reserve(set.features.size());
  for (const Feature& f : set.features) {
    auto g = FeatureGeometry(geos, set, f);
    if (!g) return std::unexpected(g.error());
    geoms.push_back(std::move(*g));
  }
  std::vector<TopologyIssue> issues;
  Checker checker(geos, set, geoms, options, issues);

  // The top level under the county, then every parent over its children.
  const int top = LevelBelow(set, -1);
  if (top < 0) return issues;
  Family county{kNoFeature, static_cast<Level>(top), {}};
  for (FeatureId id = set.LevelBegin(county.level); id < set.LevelEnd(county.level); ++id) {
    county.children.push_back(id);
  }
  if (auto ok = checker.Check(county); !ok) return std::unexpected(ok.error());
  for (FeatureId id = 0; id < set.features.size(); ++id) {
    const int below = LevelBelow(set, static_cast<int>(set.features[id].level));
    if (below < 0) continue;
    const Family family{id, static_cast<Level>(below), set.features[id].children};
    if (auto ok = checker.Check(family); !ok) return std::unexpected(ok.error());
  }
  return issues;
}

Result<nlohmann::json> TopologyGeoJson(const std::vector<TopologyIssue>& issues,
                                       const GridSet& set) {
  auto to_lonlat = Transformer::Create(set.display_crs, "EPSG:4490");
  if (!to_lonlat) return std::unexpected(to_lonlat.error());
  // 1e-9° is 0.1 mm: beyond the data, and it keeps files short.
  auto round = [](double v) { return std::round(v * 1e9) / 1e9; };
  nlohmann::json features = nlohmann::json::array();
  for (const TopologyIssue& issue : issues) {
    const PolygonSet& ps = issue.shape;
    std::vector<double> xs, ys;
    for (const Meters& m : ps.points) {
      xs.push_back(m.x);
      ys.push_back(m.y);
    }
    xs.push_back(issue.location.x);
    ys.push_back(issue.location.y);
    if (!to_lonlat->Transform(xs, ys)) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("the {} at {:.1f}, {:.1f} cannot be transformed from {} to lon/lat",
                              TopologyKindName(issue.kind), issue.location.x, issue.location.y,
                              set.display_crs));
    }
    nlohmann::json polygons = nlohmann::json::array();
    for (size_t p = 0; p < ps.PolygonCount(); ++p) {
      nlohmann::json rings = nlohmann::json::array();
      for (uint32_t r = ps.polygon_rings[p]; r < ps.polygon_rings[p + 1]; ++r) {
        nlohmann::json ring = nlohmann::json::array();
        for (uint32_t i = ps.ring_points[r]; i < ps.ring_points[r + 1]; ++i) {
          ring.push_back({round(xs[i]), round(ys[i])});
        }
        ring.push_back(ring.front());  // GeoJSON rings are closed
        rings.push_back(std::move(ring));
      }
      polygons.push_back(std::move(rings));
    }
    nlohmann::json geometry;  // null when the shape is empty
    if (polygons.size() == 1) {
      geometry = {{"type", "Polygon"}, {"coordinates", std::move(polygons[0])}};
    } else if (polygons.size() > 1) {
      geometry = {{"type", "MultiPolygon"}, {"coordinates", std::move(polygons)}};
    }
    features.push_back({
        {"type", "Feature"},
        {"geometry", std::move(geometry)},
        {"properties",
         {{"kind", TopologyKindName(issue.kind)},
          {"level", kLevelNames[static_cast<int>(issue.level)]},
          {"codes", issue.codes},
          {"area_m2", std::round(issue.area_m2 * 1000) / 1000},
          {"location", {round(xs.back()), round(ys.back())}}}},
    });
  }
  return nlohmann::json{{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

}  // namespace geo
