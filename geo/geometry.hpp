// Plain geometry types shared by every module.
//
// Each coordinate space is its own type; conversions between them are named
// functions (crs.hpp, gcj02.hpp), never implicit.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace geo {

// Geographic longitude/latitude in degrees, east/north positive, always in
// this order (GIS order), whatever the authority's axis order says.
struct LonLat {
  double lon = 0;
  double lat = 0;
  friend bool operator==(const LonLat&, const LonLat&) = default;
};

// Projected display coordinates in metres (easting, northing) of the display
// CRS chosen for the data (a CGCS2000 Gauss-Krüger zone).
struct Meters {
  double x = 0;
  double y = 0;
  friend bool operator==(const Meters&, const Meters&) = default;
};

// Axis-aligned bounds in display metres. Empty until the first Extend.
struct Bounds {
  double min_x = 1e300, min_y = 1e300, max_x = -1e300, max_y = -1e300;
  bool Empty() const { return min_x > max_x; }
  void Extend(Meters p) {
    if (p.x < min_x) min_x = p.x;
    if (p.y < min_y) min_y = p.y;
    if (p.x > max_x) max_x = p.x;
    if (p.y > max_y) max_y = p.y;
  }
  void Extend(const Bounds& b) {
    if (b.Empty()) return;
    Extend(Meters{b.min_x, b.min_y});
    Extend(Meters{b.max_x, b.max_y});
  }
  Meters Center() const { return {(min_x + max_x) / 2, (min_y + max_y) / 2}; }
  double Width() const { return max_x - min_x; }
  double Height() const { return max_y - min_y; }
};

// A set of polygons with holes in flat arrays.
//
//   polygon p has rings [polygon_rings[p], polygon_rings[p + 1])
//   ring r has points   [ring_points[r], ring_points[r + 1])
//
// Ring 0 of each polygon is its outer boundary, counter-clockwise; the others
// are holes, clockwise. Rings are open: the first point is not repeated at the
// end. A multipolygon is simply several polygons of one feature.
struct PolygonSet {
  std::vector<Meters> points;
  std::vector<uint32_t> ring_points{0};
  std::vector<uint32_t> polygon_rings{0};

  size_t PolygonCount() const { return polygon_rings.size() - 1; }
  size_t RingCount() const { return ring_points.size() - 1; }
  std::span<const Meters> Ring(size_t r) const {
    return {points.data() + ring_points[r], points.data() + ring_points[r + 1]};
  }
};

// Signed area of a closed ring given open (first point not repeated), in
// square units of its coordinates: positive when counter-clockwise. Computed
// relative to the first point so that large projected coordinates keep their
// precision.
inline double SignedArea(std::span<const Meters> ring) {
  if (ring.size() < 3) return 0;
  const Meters o = ring[0];
  double twice = 0;
  for (size_t i = 1; i + 1 < ring.size(); ++i) {
    const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
    const double bx = ring[i + 1].x - o.x, by = ring[i + 1].y - o.y;
    twice += ax * by - bx * ay;
  }
  return twice / 2;
}

}  // namespace geo
