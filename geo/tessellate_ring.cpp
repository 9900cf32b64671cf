// The Tessellator's ring list primitives and diagonal tests (see
// tessellate_ring.hpp for the conventions).
#include "geo/tessellate_ring.hpp"

namespace geo::detail {

// Adds a node for point i after `last` (or as a ring of its own when last is
// kNone) and returns its id.
uint32_t Tessellator::InsertAfter(uint32_t i, double x, double y, uint32_t last) {
  const auto id = static_cast<uint32_t>(nodes_.size());
  Node& n = nodes_.emplace_back();
  n.x = x;
  n.y = y;
  n.i = i;
  if (last == kNone) {
    n.prev = n.next = id;
  } else {
    n.next = nodes_[last].next;
    n.prev = last;
    nodes_[n.next].prev = id;
    nodes_[last].next = id;
  }
  return id;
}

// Links points [begin, end) into a ring of the requested orientation and
// returns its last node, or kNone when fewer than 3 points remain once a
// repeated closing point is dropped.
uint32_t Tessellator::LinkRing(std::span<const Meters> points, uint32_t begin, uint32_t end,
                               bool counter_clockwise) {
  if (end - begin >= 2 && points[end - 1] == points[begin]) --end;
  if (end - begin < 3) return kNone;
  const std::span<const Meters> ring = points.subspan(begin, end - begin);
  const bool is_ccw = SignedArea(ring) > 0;
  uint32_t last = kNone;
  if (is_ccw == counter_clockwise) {
    for (uint32_t k = begin; k < end; ++k) {
      last = InsertAfter(k, points[k].x - origin_.x, points[k].y - origin_.y, last);
    }
  } else {
    for (uint32_t k = end; k-- > begin;) {
      last = InsertAfter(k, points[k].x - origin_.x, points[k].y - origin_.y, last);
    }
  }
  return last;
}

// Removes points that can only be corners of zero-area triangles: duplicates
// of their successor, spikes (the ring turns straight back) and, unless
// keep_straight, points on a straight line between their neighbours.
// Straight points can still be corners of proper triangles, so hole bridging
// keeps them and every point of a simple polygon gets used; once clipping is
// stuck they go too. Examines `start` and, after any removal, walks on until
// `end` comes round without a change; Filter(x) checks the whole ring.
// Returns a node still in the ring (one or two nodes when all collapsed).
uint32_t Tessellator::Filter(uint32_t start, uint32_t end, bool keep_straight) {
  if (start == kNone) return kNone;
  if (end == kNone) end = start;
  uint32_t p = start;
  bool again = false;
  do {
    again = false;
    const Node& n = nodes_[p];
    const Node& prev = nodes_[n.prev];
    const Node& next = nodes_[n.next];
    if (Equal(n, next) ||
        (Cross(prev, n, next) == 0 && !(keep_straight && IsStraight(prev, n, next)))) {
      Unlink(p);
      p = end = n.prev;
      if (p == Next(p)) break;
      again = true;
    } else {
      p = n.next;
    }
  } while (again || p != end);
  return end;
}

// Cuts the ring along diagonal a-b into two rings, duplicating a and b:
// a -> b -> ... stays with a; the copy of b starts the other ring, which it
// returns.
uint32_t Tessellator::SplitPolygon(uint32_t a, uint32_t b) {
  const Node a_copy = nodes_[a];
  const Node b_copy = nodes_[b];
  const uint32_t a2 = InsertAfter(a_copy.i, a_copy.x, a_copy.y, kNone);
  const uint32_t b2 = InsertAfter(b_copy.i, b_copy.x, b_copy.y, kNone);
  const uint32_t an = Next(a);
  const uint32_t bp = Prev(b);
  N(a).next = b;
  N(b).prev = a;
  N(a2).next = an;
  N(an).prev = a2;
  N(b2).next = a2;
  N(a2).prev = b2;
  N(bp).next = b2;
  N(b2).prev = bp;
  return b2;
}

// Whether the diagonal from a towards b starts into the interior at a:
// within the closed sector of a convex vertex, or the open one of a reflex
// (or straight) vertex.
bool Tessellator::LocallyInside(uint32_t a, uint32_t b) const {
  const Node& na = nodes_[a];
  const Node& nb = nodes_[b];
  const Node& p = nodes_[na.prev];
  const Node& n = nodes_[na.next];
  if (Cross(p, na, n) > 0) return Cross(na, n, nb) >= 0 && Cross(na, nb, p) >= 0;
  return Cross(na, nb, p) > 0 || Cross(na, n, nb) > 0;
}

// Whether the midpoint of a-b is inside the ring (even-odd ray crossing).
bool Tessellator::MiddleInside(uint32_t a, uint32_t b) const {
  const double px = (nodes_[a].x + nodes_[b].x) / 2;
  const double py = (nodes_[a].y + nodes_[b].y) / 2;
  bool inside = false;
  uint32_t p = a;
  do {
    const Node& u = nodes_[p];
    const Node& v = nodes_[u.next];
    if ((u.y > py) != (v.y > py) && v.y != u.y &&
        px < (v.x - u.x) * (py - u.y) / (v.y - u.y) + u.x) {
      inside = !inside;
    }
    p = u.next;
  } while (p != a);
  return inside;
}

// Whether a-b crosses or touches an edge of the ring other than those at a
// or b (compared by source point, so duplicated bridge ends count as a, b).
bool Tessellator::IntersectsPolygon(uint32_t a, uint32_t b) const {
  const Node& na = nodes_[a];
  const Node& nb = nodes_[b];
  uint32_t p = a;
  do {
    const Node& u = nodes_[p];
    const Node& v = nodes_[u.next];
    if (u.i != na.i && v.i != na.i && u.i != nb.i && v.i != nb.i && Intersects(u, v, na, nb)) {
      return true;
    }
    p = u.next;
  } while (p != a);
  return false;
}

// Whether a-b can split the ring into two rings that each still bound part
// of the interior.
bool Tessellator::IsValidDiagonal(uint32_t a, uint32_t b) const {
  const Node& na = nodes_[a];
  const Node& nb = nodes_[b];
  if (nodes_[na.next].i == nb.i || nodes_[na.prev].i == nb.i) return false;
  if (IntersectsPolygon(a, b)) return false;
  const bool visible = LocallyInside(a, b) && LocallyInside(b, a) && MiddleInside(a, b);
  // If a.prev, a, b.prev and b all lie on one line the cut would leave two
  // sectors facing each other across a zero-width gap.
  if (visible &&
      (Cross(nodes_[na.prev], na, nodes_[nb.prev]) != 0 || Cross(na, nodes_[nb.prev], nb) != 0)) {
    return true;
  }
  // Two reflex copies of one point (a pinch): a zero-length diagonal.
  return Equal(na, nb) && Cross(nodes_[na.prev], na, nodes_[na.next]) < 0 &&
         Cross(nodes_[nb.prev], nb, nodes_[nb.next]) < 0;
}

}  // namespace geo::detail
