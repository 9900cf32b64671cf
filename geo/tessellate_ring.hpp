// Internal to the tessellator (geo/tessellate*.cpp); nothing outside geo/
// includes it. The linked rings ear clipping works on: nodes in one arena,
// the geometric predicates over them, and the Tessellator whose members are
// defined across
//   tessellate_ring.cpp   ring list primitives and diagonal tests
//   tessellate_holes.cpp  bridging holes into the outer ring
//   tessellate.cpp        z-order index, ear clipping, fallbacks, public API
//
// Conventions. Every ring lives in one arena of nodes linked by integer ids.
// The outer ring is linked counter-clockwise and holes clockwise, so the
// polygon's interior is always on the left of an edge p -> p.next. A vertex is
// convex when Cross(prev, v, next) > 0, and a clipped ear (prev, v, next) is
// then a counter-clockwise triangle. Coordinates are stored relative to the
// polygon's bounds minimum: for projected metres (x ~ 5e5, y ~ 4.3e6) the
// subtraction is exact (Sterbenz), the predicates that add coordinates
// (midpoints, ray hits) work at the precision of the polygon's size rather
// than of its distance from the CRS origin, and z-order keys span the
// polygon. Predicates are plain double arithmetic, not exact ones: inputs
// with features near 1e-16 of the polygon's size may be misjudged (the
// fallbacks then still give counter-clockwise triangles).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "geo/geometry.hpp"

namespace geo::detail {

// ============================================================================
// [SECTION] Nodes and predicates
// ============================================================================

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

struct Node {
  double x = 0;    // metres east of the polygon's bounds minimum
  double y = 0;    // metres north of the polygon's bounds minimum
  uint32_t i = 0;  // index into the caller's points
  uint32_t prev = kNone;
  uint32_t next = kNone;
  uint32_t z = 0;           // z-order key, set by IndexCurve
  uint32_t prev_z = kNone;  // neighbours in z-order; kNone at either end
  uint32_t next_z = kNone;
};

// Twice the signed area of triangle (a, b, c): positive when the turn
// a -> b -> c is to the left (counter-clockwise).
inline double Cross(const Node& a, const Node& b, const Node& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

inline bool Equal(const Node& a, const Node& b) {
  return a.x == b.x && a.y == b.y;
}

// Whether b, known to be collinear with a and c, lies strictly between them
// (a straight vertex) rather than where the ring turns back (a spike).
inline bool IsStraight(const Node& a, const Node& b, const Node& c) {
  return (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) > 0;
}

// Whether p lies inside or on the counter-clockwise triangle (a, b, c).
inline bool PointInTriangle(double ax, double ay, double bx, double by, double cx, double cy,
                            double px, double py) {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax) >= 0 &&
         (cx - bx) * (py - by) - (cy - by) * (px - bx) >= 0 &&
         (ax - cx) * (py - cy) - (ay - cy) * (px - cx) >= 0;
}

inline int Sign(double v) {
  return (v > 0) - (v < 0);
}

// Whether q lies within the bounding box of segment p-r; used only when p, q
// and r are known to be collinear.
inline bool OnSegment(const Node& p, const Node& q, const Node& r) {
  return q.x <= std::max(p.x, r.x) && q.x >= std::min(p.x, r.x) && q.y <= std::max(p.y, r.y) &&
         q.y >= std::min(p.y, r.y);
}

// Whether segments p1-q1 and p2-q2 cross or touch.
inline bool Intersects(const Node& p1, const Node& q1, const Node& p2, const Node& q2) {
  const int o1 = Sign(Cross(p1, q1, p2));
  const int o2 = Sign(Cross(p1, q1, q2));
  const int o3 = Sign(Cross(p2, q2, p1));
  const int o4 = Sign(Cross(p2, q2, q1));
  if (o1 != o2 && o3 != o4) return true;
  if (o1 == 0 && OnSegment(p1, p2, q1)) return true;
  if (o2 == 0 && OnSegment(p1, q2, q1)) return true;
  if (o3 == 0 && OnSegment(p2, p1, q2)) return true;
  if (o4 == 0 && OnSegment(p2, q1, q2)) return true;
  return false;
}

// ============================================================================
// [SECTION] Tessellator
// ============================================================================

// Reusable state for tessellating polygons one after another; Run appends to
// `out`. Node ids stay valid while the arena grows, references do not: code
// that adds nodes re-reads nodes_ afterwards.
class Tessellator {
 public:
  void Run(std::span<const Meters> points, std::span<const uint32_t> ring_offsets,
           std::vector<uint32_t>& out);

 private:
  struct Piece {
    uint32_t start;
    int pass;  // 0 plain, 1 after filtering, 2 after curing intersections
  };

  Node& N(uint32_t id) { return nodes_[id]; }
  uint32_t Next(uint32_t id) const { return nodes_[id].next; }
  uint32_t Prev(uint32_t id) const { return nodes_[id].prev; }

  // Ring list primitives and diagonal tests: tessellate_ring.cpp (Unlink
  // below).
  uint32_t InsertAfter(uint32_t i, double x, double y, uint32_t last);
  void Unlink(uint32_t id);
  uint32_t LinkRing(std::span<const Meters> points, uint32_t begin, uint32_t end,
                    bool counter_clockwise);
  uint32_t Filter(uint32_t start, uint32_t end = kNone, bool keep_straight = false);
  uint32_t SplitPolygon(uint32_t a, uint32_t b);
  bool LocallyInside(uint32_t a, uint32_t b) const;
  bool MiddleInside(uint32_t a, uint32_t b) const;
  bool IntersectsPolygon(uint32_t a, uint32_t b) const;
  bool IsValidDiagonal(uint32_t a, uint32_t b) const;

  // Hole bridging: tessellate_holes.cpp.
  uint32_t EliminateHoles(std::span<const Meters> points, std::span<const uint32_t> ring_offsets,
                          uint32_t outer);
  uint32_t EliminateHole(uint32_t hole, uint32_t outer);
  uint32_t FindHoleBridge(uint32_t hole, uint32_t outer) const;
  uint32_t PickTouchingCopy(uint32_t hole, uint32_t first_copy) const;
  bool SectorContainsSector(uint32_t m, uint32_t p) const;

  // Z-order index, ear clipping and fallbacks: tessellate.cpp.
  uint32_t ZOrder(double x, double y) const;
  void IndexCurve(uint32_t start);

  void ClipEars(uint32_t start);
  bool IsEar(uint32_t ear) const;
  bool IsEarHashed(uint32_t ear) const;
  bool BlocksEar(const Node& a, const Node& b, const Node& c, const Node& p) const;
  uint32_t CureLocalIntersections(uint32_t start);
  void SplitEarcut(uint32_t start);
  void Emit(uint32_t a, uint32_t b, uint32_t c);

  std::vector<Node> nodes_;
  std::vector<uint32_t> scratch_;  // hole starts, then z-order sorting
  std::vector<Piece> pieces_;      // rings still to clip
  std::vector<uint32_t>* out_ = nullptr;
  Meters origin_;
  double inv_cell_ = 0;  // z-order cells per metre; 0 disables the index
};

// Removes a node from its ring and from the z-order list. The node keeps its
// own links, so callers may still step from it to its former neighbours.
// Defined here so that the ear-clipping loop can inline it.
inline void Tessellator::Unlink(uint32_t id) {
  const Node& n = nodes_[id];
  nodes_[n.next].prev = n.prev;
  nodes_[n.prev].next = n.next;
  if (n.prev_z != kNone) nodes_[n.prev_z].next_z = n.next_z;
  if (n.next_z != kNone) nodes_[n.next_z].prev_z = n.prev_z;
}

}  // namespace geo::detail
