// The Tessellator's hole bridging: every hole is cut into the outer ring
// along a bridge, so that ear clipping sees one ring (see
// tessellate_ring.hpp for the conventions).
#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/tessellate_ring.hpp"

namespace geo::detail {

// Links every hole clockwise and merges them into the outer ring, leftmost
// hole first, so that each bridge only has to see holes already merged.
// Returns a node of the merged ring.
uint32_t Tessellator::EliminateHoles(std::span<const Meters> points,
                                     std::span<const uint32_t> ring_offsets, uint32_t outer) {
  scratch_.clear();
  for (size_t r = 1; r + 1 < ring_offsets.size(); ++r) {
    const uint32_t last = LinkRing(points, ring_offsets[r], ring_offsets[r + 1], false);
    if (last == kNone) continue;  // fewer than 3 points: no area to cut out
    uint32_t leftmost = last;
    uint32_t p = last;
    do {
      const Node& n = nodes_[p];
      const Node& l = nodes_[leftmost];
      if (n.x < l.x || (n.x == l.x && n.y < l.y)) leftmost = p;
      p = n.next;
    } while (p != last);
    scratch_.push_back(leftmost);
  }
  // Holes sharing a leftmost point are ordered by the direction of their
  // next edge, and then by id, so the result never depends on std::sort.
  std::sort(scratch_.begin(), scratch_.end(), [&](uint32_t a, uint32_t b) {
    const Node& na = nodes_[a];
    const Node& nb = nodes_[b];
    if (na.x != nb.x) return na.x < nb.x;
    if (na.y != nb.y) return na.y < nb.y;
    const Node& an = nodes_[na.next];
    const Node& bn = nodes_[nb.next];
    const double turn = (an.x - na.x) * (bn.y - nb.y) - (an.y - na.y) * (bn.x - nb.x);
    if (turn != 0) return turn > 0;
    return a < b;
  });
  // EliminateHole never touches scratch_ (only IndexCurve does, later).
  for (const uint32_t hole : scratch_) outer = EliminateHole(hole, outer);
  return outer;
}

// Bridges one hole (given by its leftmost node) into the ring holding
// `outer`; returns a node of the merged ring.
uint32_t Tessellator::EliminateHole(uint32_t hole, uint32_t outer) {
  const uint32_t bridge = FindHoleBridge(hole, outer);
  if (bridge == kNone) return outer;  // the hole is outside: ignore it
  const uint32_t bridge_reverse = SplitPolygon(bridge, hole);
  // Zero-length bridges (a hole touching the ring) and spikes can appear at
  // both ends of the cut.
  Filter(bridge_reverse, Next(bridge_reverse), /*keep_straight=*/true);
  return Filter(bridge, Next(bridge), /*keep_straight=*/true);
}

// Finds the outer-ring vertex to connect to the hole's leftmost point
// (David Eberly, "Triangulation by Ear Clipping", section 3): cast a ray to
// the left, take the nearest edge it hits, and that edge's left end unless a
// reflex vertex inside the triangle (hole point, hit, end) blocks the view;
// then the blocking vertex with the smallest angle to the ray.
uint32_t Tessellator::FindHoleBridge(uint32_t hole, uint32_t outer) const {
  const double hx = nodes_[hole].x;
  const double hy = nodes_[hole].y;
  double qx = -std::numeric_limits<double>::infinity();
  uint32_t m = kNone;
  uint32_t p = outer;
  do {
    const Node& u = nodes_[p];
    const Node& v = nodes_[u.next];
    // The hole touches the outer ring at a vertex: a zero-length bridge.
    if (u.x == hx && u.y == hy) return PickTouchingCopy(hole, p);
    // A ray from the interior towards -x first meets an edge whose interior
    // side faces +x; with the interior on each edge's left, that edge heads
    // down (-y). Edges heading up are hit from outside and are skipped.
    if (hy <= u.y && hy >= v.y && v.y != u.y) {
      const double x = u.x + (hy - u.y) * (v.x - u.x) / (v.y - u.y);
      if (x <= hx && x > qx) {
        qx = x;
        m = u.x < v.x ? p : u.next;
        // The hole point lies on this edge: bridge to its left end.
        if (x == hx && !(v.x == hx && v.y == hy)) return m;
      }
    }
    p = u.next;
  } while (p != outer);
  if (m == kNone) return kNone;

  const uint32_t stop = m;
  const double mx = nodes_[m].x;
  const double my = nodes_[m].y;
  double tan_min = std::numeric_limits<double>::infinity();
  p = m;
  do {
    const Node& n = nodes_[p];
    // Triangle (hole point, ray hit, m) taken counter-clockwise.
    if (hx >= n.x && n.x >= mx && hx != n.x &&
        PointInTriangle(hy < my ? hx : qx, hy, mx, my, hy < my ? qx : hx, hy, n.x, n.y)) {
      const double tan = std::abs(hy - n.y) / (hx - n.x);
      if (LocallyInside(p, hole) &&
          (tan < tan_min ||
           (tan == tan_min &&
            (n.x > nodes_[m].x || (n.x == nodes_[m].x && SectorContainsSector(m, p)))))) {
        m = p;
        tan_min = tan;
      }
    }
    p = n.next;
  } while (p != stop);
  return m;
}

// Among the ring's copies of the point the hole touches (an earlier bridge
// may have duplicated it), picks one whose sector the hole starts into.
uint32_t Tessellator::PickTouchingCopy(uint32_t hole, uint32_t first_copy) const {
  const uint32_t towards = Next(hole);
  uint32_t p = first_copy;
  do {
    if (Equal(nodes_[p], nodes_[first_copy]) && LocallyInside(p, towards)) {
      return p;
    }
    p = Next(p);
  } while (p != first_copy);
  return first_copy;
}

// Whether the sector at p lies within the sector at m (two copies of one
// point): the tie-break that keeps bridges from crossing earlier bridges.
bool Tessellator::SectorContainsSector(uint32_t m, uint32_t p) const {
  const Node& nm = nodes_[m];
  const Node& np = nodes_[p];
  return Cross(nodes_[nm.prev], nm, nodes_[np.prev]) > 0 &&
         Cross(nodes_[np.next], nm, nodes_[nm.next]) > 0;
}

}  // namespace geo::detail
