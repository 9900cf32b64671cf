#include "data/generator/tessellation.hpp"

#include <ogr_api.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace sample_county {
namespace {

using geo::Meters;

// ---------------------------------------------------------------------------
// [SECTION] OGR conversions
// ---------------------------------------------------------------------------

Ring RingOf(const OGRLinearRing& ring) {
  Ring out;
  const int n = ring.getNumPoints();
  for (int i = 0; i + 1 < n; ++i) out.push_back({ring.getX(i), ring.getY(i)});
  return out;
}

// The polygons of a polygonal (or mixed) OGR result, degenerate pieces of at
// most kNegligibleArea m^2 left out.
constexpr double kNegligibleArea = 1e-6;

std::vector<const OGRPolygon*> PolygonsOf(const OGRGeometry& geometry) {
  std::vector<const OGRPolygon*> out;
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon) {
    const auto* polygon = geometry.toPolygon();
    if (!polygon->IsEmpty() && polygon->get_Area() > kNegligibleArea) out.push_back(polygon);
  } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
      for (const OGRPolygon* polygon : PolygonsOf(*part)) out.push_back(polygon);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Voronoi cells by half-plane clipping
// ---------------------------------------------------------------------------

// The affine map in which Voronoi distances are measured: rotate so the
// direction becomes the x axis, then scale y by the stretch. Bisectors are
// straight in both spaces, so cells map back to exact polygons.
struct Frame {
  Meters origin;
  double cos_a = 1, sin_a = 0, stretch = 1;

  Meters To(Meters p) const {
    const double dx = p.x - origin.x, dy = p.y - origin.y;
    return {dx * cos_a + dy * sin_a, (-dx * sin_a + dy * cos_a) * stretch};
  }
  Meters From(Meters q) const {
    const double v = q.y / stretch;
    return {origin.x + q.x * cos_a - v * sin_a, origin.y + q.x * sin_a + v * cos_a};
  }
};

// Keeps the part of a convex polygon where (p - m) . normal <= 0.
Ring ClipHalfPlane(const Ring& polygon, Meters m, Meters normal) {
  Ring out;
  const size_t n = polygon.size();
  for (size_t i = 0; i < n; ++i) {
    const Meters a = polygon[i], b = polygon[(i + 1) % n];
    const double da = (a.x - m.x) * normal.x + (a.y - m.y) * normal.y;
    const double db = (b.x - m.x) * normal.x + (b.y - m.y) * normal.y;
    if (da <= 0) out.push_back(a);
    if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
      const double t = da / (da - db);
      out.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
    }
  }
  return out;
}

// The Voronoi cells of the seeds (given in frame space) inside a box that
// contains them all, returned in original space.
std::vector<Ring> VoronoiCells(const std::vector<Meters>& seeds, const Frame& frame,
                               const geo::Bounds& box) {
  std::vector<Ring> cells;
  for (size_t i = 0; i < seeds.size(); ++i) {
    Ring cell = {{box.min_x, box.min_y},
                 {box.max_x, box.min_y},
                 {box.max_x, box.max_y},
                 {box.min_x, box.max_y}};
    for (size_t j = 0; j < seeds.size() && !cell.empty(); ++j) {
      if (j == i) continue;
      const Meters mid{(seeds[i].x + seeds[j].x) / 2, (seeds[i].y + seeds[j].y) / 2};
      cell = ClipHalfPlane(cell, mid, {seeds[j].x - seeds[i].x, seeds[j].y - seeds[i].y});
    }
    for (Meters& p : cell) p = frame.From(p);
    cells.push_back(std::move(cell));
  }
  return cells;
}

// Cells of the seeds (original space) clipped to the region; null where a
// cell misses it.
std::vector<OGRGeometryUniquePtr> ClippedCells(const OGRPolygon& region,
                                               const std::vector<Meters>& seeds,
                                               const Frame& frame) {
  std::vector<Meters> frame_seeds;
  geo::Bounds box;
  OGREnvelope envelope;
  region.getEnvelope(&envelope);
  for (const Meters corner :
       {Meters{envelope.MinX, envelope.MinY}, Meters{envelope.MaxX, envelope.MinY},
        Meters{envelope.MaxX, envelope.MaxY}, Meters{envelope.MinX, envelope.MaxY}}) {
    box.Extend(frame.To(corner));
  }
  for (const Meters s : seeds) {
    frame_seeds.push_back(frame.To(s));
    box.Extend(frame_seeds.back());
  }
  const double margin = std::max(box.Width(), box.Height());
  box.Extend(Meters{box.min_x - margin, box.min_y - margin});
  box.Extend(Meters{box.max_x + margin, box.max_y + margin});

  std::vector<OGRGeometryUniquePtr> out;
  for (const Ring& cell : VoronoiCells(frame_seeds, frame, box)) {
    if (cell.size() < 3) {
      out.emplace_back();
      continue;
    }
    const auto cell_polygon = ToPolygon(cell);
    out.emplace_back(region.Intersection(cell_polygon.get()));
  }
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Coverage clean-up helpers
// ---------------------------------------------------------------------------

// Removes consecutive duplicates and a-b-a spikes, including across the
// ring's wrap-around.
Ring WithoutDuplicatesAndSpikes(const Ring& ring) {
  Ring out;
  for (const Meters p : ring) {
    if (!out.empty() && out.back() == p) continue;
    if (out.size() >= 2 && out[out.size() - 2] == p) {
      out.pop_back();
      continue;
    }
    out.push_back(p);
  }
  bool changed = true;
  while (changed && out.size() >= 3) {
    changed = false;
    if (out.front() == out.back()) {
      out.pop_back();
      changed = true;
    } else if (out[out.size() - 2] == out.front()) {
      out.pop_back();
      changed = true;
    } else if (out[1] == out.back()) {
      out.erase(out.begin());
      changed = true;
    }
  }
  return out;
}

// Whether the cells' vertices inside the region (farther than 1 m from its
// boundary) are pairwise either identical to the millimetre or at least
// `spacing` apart.
bool JunctionsWellSpaced(const std::vector<Ring>& cells, const OGRPolygon& region, double spacing) {
  if (spacing <= 0) return true;
  OGRLineString boundary;
  boundary.addSubLineString(region.getExteriorRing());
  std::vector<Meters> junctions;
  for (const Ring& cell : cells) {
    for (const Meters p : cell) {
      OGRPoint point(p.x, p.y);
      if (boundary.Distance(&point) > 1.0) junctions.push_back(p);
    }
  }
  for (size_t i = 0; i < junctions.size(); ++i) {
    for (size_t j = i + 1; j < junctions.size(); ++j) {
      const double d = std::hypot(junctions[i].x - junctions[j].x, junctions[i].y - junctions[j].y);
      if (d > 1e-3 && d < spacing) return false;
    }
  }
  return true;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Public functions
// ---------------------------------------------------------------------------

std::unique_ptr<OGRPolygon> ToPolygon(const Ring& ring) {
  auto linear_ring = std::make_unique<OGRLinearRing>();
  for (const Meters p : ring) linear_ring->addPoint(p.x, p.y);
  if (!ring.empty()) linear_ring->addPoint(ring.front().x, ring.front().y);
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRingDirectly(linear_ring.release());
  return polygon;
}

Ring ExteriorRing(const OGRPolygon& polygon) {
  assert(polygon.getExteriorRing() && "ExteriorRing needs a non-empty polygon");
  return RingOf(*polygon.getExteriorRing());
}

std::optional<Ring> SingleRing(const OGRGeometry& geometry) {
  const std::vector<const OGRPolygon*> polygons = PolygonsOf(geometry);
  if (polygons.size() != 1) return std::nullopt;
  if (polygons[0]->getNumInteriorRings() != 0) return std::nullopt;
  return ExteriorRing(*polygons[0]);
}

std::optional<Ring> LargestRing(const OGRGeometry& geometry) {
  const OGRPolygon* best = nullptr;
  for (const OGRPolygon* polygon : PolygonsOf(geometry)) {
    if (!best || polygon->get_Area() > best->get_Area()) best = polygon;
  }
  if (!best) return std::nullopt;
  return ExteriorRing(*best);
}

double PolygonalArea(const OGRGeometry* geometry) {
  if (!geometry) return 0;
  double sum = 0;
  for (const OGRPolygon* polygon : PolygonsOf(*geometry)) sum += polygon->get_Area();
  return sum;
}

Meters RandomPointIn(const OGRPolygon& polygon, Rng& rng) {
  OGREnvelope envelope;
  polygon.getEnvelope(&envelope);
  for (;;) {
    OGRPoint point(rng.Uniform(envelope.MinX, envelope.MaxX),
                   rng.Uniform(envelope.MinY, envelope.MaxY));
    if (polygon.Contains(&point)) return {point.getX(), point.getY()};
  }
}

std::optional<std::vector<Ring>> Partition(const OGRPolygon& region, int n, Rng& rng,
                                           const PartitionOptions& options) {
  assert(n >= 1 && "Partition needs at least one cell");
  OGRPoint region_centre;
  region.Centroid(&region_centre);
  const Frame frame{{region_centre.getX(), region_centre.getY()},
                    std::cos(options.direction_rad),
                    std::sin(options.direction_rad),
                    options.stretch};
  const double min_area = options.min_area_fraction * region.get_Area() / n;

  for (int attempt = 0; attempt < options.max_attempts; ++attempt) {
    std::vector<Meters> seeds;
    for (int i = 0; i < n; ++i) seeds.push_back(RandomPointIn(region, rng));

    // Lloyd relaxation: move each seed to its clipped cell's centroid (or a
    // point on it, where a non-convex cell has its centroid outside).
    bool lost_cell = false;
    for (int iteration = 0; iteration < options.lloyd_iterations && !lost_cell; ++iteration) {
      const auto cells = ClippedCells(region, seeds, frame);
      for (size_t i = 0; i < cells.size(); ++i) {
        if (!cells[i] || cells[i]->IsEmpty()) {
          lost_cell = true;
          break;
        }
        OGRPoint centre;
        cells[i]->Centroid(&centre);
        if (!region.Contains(&centre)) {
          OGRGeometryUniquePtr inside(
              OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(cells[i].get()))));
          if (!inside || inside->IsEmpty()) {
            lost_cell = true;
            break;
          }
          centre = *inside->toPoint();
        }
        seeds[i] = {centre.getX(), centre.getY()};
      }
    }
    if (lost_cell) continue;

    std::vector<Ring> rings;
    for (const auto& cell : ClippedCells(region, seeds, frame)) {
      if (!cell) break;
      std::optional<Ring> ring = SingleRing(*cell);
      if (!ring || ToPolygon(*ring)->get_Area() < min_area) break;
      rings.push_back(std::move(*ring));
    }
    if (static_cast<int>(rings.size()) == n &&
        JunctionsWellSpaced(rings, region, options.min_junction_spacing)) {
      return rings;
    }
  }
  return std::nullopt;
}

void CanonicaliseCoverage(const std::vector<Ring*>& rings, double tolerance) {
  assert(tolerance > 0 && "CanonicaliseCoverage snaps within a positive distance");

  // 1. Snap: the first vertex seen in a neighbourhood becomes the canonical
  // coordinate for every later vertex within the tolerance. A hash grid of
  // tolerance-sized cells finds neighbours in the 3x3 block around a cell.
  std::vector<Meters> canonical;
  std::unordered_map<uint64_t, std::vector<uint32_t>> cells;
  const auto key = [](int64_t ix, int64_t iy) {
    return (static_cast<uint64_t>(ix) << 32) ^ static_cast<uint64_t>(iy & 0xffffffff);
  };
  for (Ring* ring : rings) {
    for (Meters& p : *ring) {
      const auto ix = static_cast<int64_t>(std::floor(p.x / tolerance));
      const auto iy = static_cast<int64_t>(std::floor(p.y / tolerance));
      std::optional<uint32_t> found;
      for (int64_t dx = -1; dx <= 1 && !found; ++dx) {
        for (int64_t dy = -1; dy <= 1 && !found; ++dy) {
          const auto it = cells.find(key(ix + dx, iy + dy));
          if (it == cells.end()) continue;
          for (const uint32_t c : it->second) {
            if (std::hypot(canonical[c].x - p.x, canonical[c].y - p.y) < tolerance) {
              found = c;
              break;
            }
          }
        }
      }
      if (found) {
        p = canonical[*found];
      } else {
        cells[key(ix, iy)].push_back(static_cast<uint32_t>(canonical.size()));
        canonical.push_back(p);
      }
    }
    *ring = WithoutDuplicatesAndSpikes(*ring);
  }

  // 2. Insert every canonical vertex that lies on an edge (closer than the
  // tolerance, strictly between its ends) into that edge, in order along it.
  std::sort(canonical.begin(), canonical.end(),
            [](Meters a, Meters b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  for (Ring* ring : rings) {
    Ring out;
    const size_t n = ring->size();
    for (size_t i = 0; i < n; ++i) {
      const Meters a = (*ring)[i], b = (*ring)[(i + 1) % n];
      out.push_back(a);
      const double ex = b.x - a.x, ey = b.y - a.y;
      const double length2 = ex * ex + ey * ey;
      const double lo_x = std::min(a.x, b.x) - tolerance, hi_x = std::max(a.x, b.x) + tolerance;
      const double lo_y = std::min(a.y, b.y) - tolerance, hi_y = std::max(a.y, b.y) + tolerance;
      std::vector<std::pair<double, Meters>> on_edge;
      auto it = std::lower_bound(canonical.begin(), canonical.end(), lo_x,
                                 [](Meters v, double x) { return v.x < x; });
      for (; it != canonical.end() && it->x <= hi_x; ++it) {
        const Meters v = *it;
        if (v.y < lo_y || v.y > hi_y || v == a || v == b) continue;
        const double t = ((v.x - a.x) * ex + (v.y - a.y) * ey) / length2;
        if (t <= 0 || t >= 1) continue;
        const double distance = std::hypot(a.x + t * ex - v.x, a.y + t * ey - v.y);
        if (distance < tolerance) on_edge.emplace_back(t, v);
      }
      std::sort(on_edge.begin(), on_edge.end(),
                [](const auto& l, const auto& r) { return l.first < r.first; });
      for (const auto& [t, v] : on_edge) out.push_back(v);
    }
    *ring = WithoutDuplicatesAndSpikes(out);
  }
}

}  // namespace sample_county
