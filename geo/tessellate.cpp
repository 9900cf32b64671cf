// Ear-clipping tessellation of polygons with holes (see tessellate.hpp).
//
// [SECTION] Nodes and predicates
// [SECTION] Tessellator: ring list primitives
// [SECTION] Tessellator: hole bridging
// [SECTION] Tessellator: z-order index
// [SECTION] Tessellator: ear clipping and fallbacks
// [SECTION] Public API
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
#include "geo/tessellate.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace geo {
namespace {

// ============================================================================
// [SECTION] Nodes and predicates
// ============================================================================

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Rings of more points than this use the z-order index for ear tests; on
// smaller ones scanning the ring is cheaper than building the index.
constexpr size_t kZOrderMinPoints = 80;

// Z-order keys quantise each axis to 15 bits over the polygon's extent.
constexpr double kZOrderCells = 32767;

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
double Cross(const Node& a, const Node& b, const Node& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool Equal(const Node& a, const Node& b) {
  return a.x == b.x && a.y == b.y;
}

// Whether b, known to be collinear with a and c, lies strictly between them
// (a straight vertex) rather than where the ring turns back (a spike).
bool IsStraight(const Node& a, const Node& b, const Node& c) {
  return (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) > 0;
}

// Whether p lies inside or on the counter-clockwise triangle (a, b, c).
bool PointInTriangle(double ax, double ay, double bx, double by, double cx, double cy, double px,
                     double py) {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax) >= 0 &&
         (cx - bx) * (py - by) - (cy - by) * (px - bx) >= 0 &&
         (ax - cx) * (py - cy) - (ay - cy) * (px - cx) >= 0;
}

int Sign(double v) {
  return (v > 0) - (v < 0);
}

// Whether q lies within the bounding box of segment p-r; used only when p, q
// and r are known to be collinear.
bool OnSegment(const Node& p, const Node& q, const Node& r) {
  return q.x <= std::max(p.x, r.x) && q.x >= std::min(p.x, r.x) && q.y <= std::max(p.y, r.y) &&
         q.y >= std::min(p.y, r.y);
}

// Whether segments p1-q1 and p2-q2 cross or touch.
bool Intersects(const Node& p1, const Node& q1, const Node& p2, const Node& q2) {
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

// Interleaves the low 16 bits of x and y into a Morton (z-order) key.
uint32_t Interleave(uint32_t x, uint32_t y) {
  x = (x | (x << 8)) & 0x00FF00FFu;
  x = (x | (x << 4)) & 0x0F0F0F0Fu;
  x = (x | (x << 2)) & 0x33333333u;
  x = (x | (x << 1)) & 0x55555555u;
  y = (y | (y << 8)) & 0x00FF00FFu;
  y = (y | (y << 4)) & 0x0F0F0F0Fu;
  y = (y | (y << 2)) & 0x33333333u;
  y = (y | (y << 1)) & 0x55555555u;
  return x | (y << 1);
}

// ============================================================================
// [SECTION] Tessellator: ring list primitives
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

  uint32_t EliminateHoles(std::span<const Meters> points, std::span<const uint32_t> ring_offsets,
                          uint32_t outer);
  uint32_t EliminateHole(uint32_t hole, uint32_t outer);
  uint32_t FindHoleBridge(uint32_t hole, uint32_t outer) const;
  uint32_t PickTouchingCopy(uint32_t hole, uint32_t first_copy) const;
  bool SectorContainsSector(uint32_t m, uint32_t p) const;

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

// Removes a node from its ring and from the z-order list. The node keeps its
// own links, so callers may still step from it to its former neighbours.
void Tessellator::Unlink(uint32_t id) {
  const Node& n = nodes_[id];
  nodes_[n.next].prev = n.prev;
  nodes_[n.prev].next = n.next;
  if (n.prev_z != kNone) nodes_[n.prev_z].next_z = n.next_z;
  if (n.next_z != kNone) nodes_[n.next_z].prev_z = n.prev_z;
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

// ============================================================================
// [SECTION] Tessellator: hole bridging
// ============================================================================

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

// ============================================================================
// [SECTION] Tessellator: z-order index
// ============================================================================

uint32_t Tessellator::ZOrder(double x, double y) const {
  // x, y are never negative (relative to the bounds minimum); the clamp only
  // guards the conversion against rounding at the far edge.
  const double cx = std::min(x * inv_cell_, kZOrderCells);
  const double cy = std::min(y * inv_cell_, kZOrderCells);
  return Interleave(static_cast<uint32_t>(std::max(cx, 0.0)),
                    static_cast<uint32_t>(std::max(cy, 0.0)));
}

// Keys every node of the ring and links them in z-order, so that ear tests
// visit only the nodes whose keys fall within a triangle's bounding box.
void Tessellator::IndexCurve(uint32_t start) {
  scratch_.clear();
  uint32_t p = start;
  do {
    Node& n = nodes_[p];
    n.z = ZOrder(n.x, n.y);
    scratch_.push_back(p);
    p = n.next;
  } while (p != start);
  std::sort(scratch_.begin(), scratch_.end(), [&](uint32_t a, uint32_t b) {
    const uint32_t za = nodes_[a].z;
    const uint32_t zb = nodes_[b].z;
    return za != zb ? za < zb : a < b;
  });
  for (size_t k = 0; k < scratch_.size(); ++k) {
    Node& n = nodes_[scratch_[k]];
    n.prev_z = k > 0 ? scratch_[k - 1] : kNone;
    n.next_z = k + 1 < scratch_.size() ? scratch_[k + 1] : kNone;
  }
}

// ============================================================================
// [SECTION] Tessellator: ear clipping and fallbacks
// ============================================================================

void Tessellator::Emit(uint32_t a, uint32_t b, uint32_t c) {
  out_->push_back(nodes_[a].i);
  out_->push_back(nodes_[b].i);
  out_->push_back(nodes_[c].i);
}

// Whether node p keeps (a, b, c) from being an ear: it is a reflex or
// straight vertex inside or on the triangle. A copy of a (a bridge end) does
// not count: it is the same point as a corner, not an obstacle.
bool Tessellator::BlocksEar(const Node& a, const Node& b, const Node& c, const Node& p) const {
  return !Equal(p, a) && PointInTriangle(a.x, a.y, b.x, b.y, c.x, c.y, p.x, p.y) &&
         Cross(nodes_[p.prev], p, nodes_[p.next]) <= 0;
}

// Whether (ear.prev, ear, ear.next) is a counter-clockwise triangle with no
// other vertex of the ring that could block it; scans the whole ring.
bool Tessellator::IsEar(uint32_t ear) const {
  const Node& b = nodes_[ear];
  const Node& a = nodes_[b.prev];
  const Node& c = nodes_[b.next];
  if (Cross(a, b, c) <= 0) return false;  // reflex or flat: never an ear
  const double x0 = std::min({a.x, b.x, c.x});
  const double y0 = std::min({a.y, b.y, c.y});
  const double x1 = std::max({a.x, b.x, c.x});
  const double y1 = std::max({a.y, b.y, c.y});
  for (uint32_t p = c.next; p != b.prev; p = nodes_[p].next) {
    const Node& n = nodes_[p];
    if (n.x >= x0 && n.x <= x1 && n.y >= y0 && n.y <= y1 && BlocksEar(a, b, c, n)) {
      return false;
    }
  }
  return true;
}

// IsEar through the z-order index: walks outwards from the ear in both
// directions while keys stay within the triangle's bounding box.
bool Tessellator::IsEarHashed(uint32_t ear) const {
  const Node& b = nodes_[ear];
  const Node& a = nodes_[b.prev];
  const Node& c = nodes_[b.next];
  if (Cross(a, b, c) <= 0) return false;
  const double x0 = std::min({a.x, b.x, c.x});
  const double y0 = std::min({a.y, b.y, c.y});
  const double x1 = std::max({a.x, b.x, c.x});
  const double y1 = std::max({a.y, b.y, c.y});
  const uint32_t min_z = ZOrder(x0, y0);
  const uint32_t max_z = ZOrder(x1, y1);
  const auto blocks = [&](uint32_t p) {
    const Node& n = nodes_[p];
    return p != b.prev && p != b.next && n.x >= x0 && n.x <= x1 && n.y >= y0 && n.y <= y1 &&
           BlocksEar(a, b, c, n);
  };
  uint32_t p = b.prev_z;
  uint32_t n = b.next_z;
  while (p != kNone && nodes_[p].z >= min_z && n != kNone && nodes_[n].z <= max_z) {
    if (blocks(p) || blocks(n)) return false;
    p = nodes_[p].prev_z;
    n = nodes_[n].next_z;
  }
  for (; p != kNone && nodes_[p].z >= min_z; p = nodes_[p].prev_z) {
    if (blocks(p)) return false;
  }
  for (; n != kNone && nodes_[n].z <= max_z; n = nodes_[n].next_z) {
    if (blocks(n)) return false;
  }
  return true;
}

// Clips ears from the ring holding `start`, and from the pieces the
// fallbacks make of it, until every piece is down to two nodes. When a full
// round finds no ear, each pass escalates: filter degenerate points, then
// cure local self-intersections, then split along a diagonal. Pieces wait on
// an explicit stack, so pathological input cannot exhaust the call stack.
void Tessellator::ClipEars(uint32_t start) {
  pieces_.clear();
  pieces_.push_back({start, 0});
  while (!pieces_.empty()) {
    const auto [first, pass] = pieces_.back();
    pieces_.pop_back();
    uint32_t ear = first;
    if (ear == kNone) continue;
    const bool hashed = inv_cell_ > 0;
    if (pass == 0 && hashed) IndexCurve(ear);
    uint32_t stop = ear;
    while (Prev(ear) != Next(ear)) {
      const uint32_t prev = Prev(ear);
      const uint32_t next = Next(ear);
      if (hashed ? IsEarHashed(ear) : IsEar(ear)) {
        Emit(prev, ear, next);
        Unlink(ear);
        // Skipping past the next vertex spreads the clipping around the
        // ring and gives fewer slivers.
        ear = Next(next);
        stop = ear;
        continue;
      }
      ear = next;
      if (ear == stop) {
        if (pass == 0) {
          pieces_.push_back({Filter(ear), 1});
        } else if (pass == 1) {
          pieces_.push_back({CureLocalIntersections(Filter(ear)), 2});
        } else {
          SplitEarcut(ear);
        }
        break;
      }
    }
  }
}

// Where edges a-p and p.next-b cross (a small twist in the ring), replaces
// the twist by the edge a-b, emitting triangle (a, p, b) when it is
// counter-clockwise. Returns a node of the filtered ring.
uint32_t Tessellator::CureLocalIntersections(uint32_t start) {
  uint32_t p = start;
  do {
    const uint32_t a = Prev(p);
    const uint32_t pn = Next(p);
    const uint32_t b = Next(pn);
    if (!Equal(nodes_[a], nodes_[b]) && Intersects(nodes_[a], nodes_[p], nodes_[pn], nodes_[b]) &&
        LocallyInside(a, b) && LocallyInside(b, a)) {
      if (Cross(nodes_[a], nodes_[p], nodes_[b]) > 0) Emit(a, p, b);
      Unlink(p);
      Unlink(pn);
      p = start = b;
    }
    p = Next(p);
  } while (p != start);
  return Filter(p);
}

// Looks for a valid diagonal and queues the two rings it cuts the ring into;
// when there is none the ring is too broken to fill and is dropped.
void Tessellator::SplitEarcut(uint32_t start) {
  uint32_t a = start;
  do {
    for (uint32_t b = Next(Next(a)); b != Prev(a); b = Next(b)) {
      if (nodes_[a].i != nodes_[b].i && IsValidDiagonal(a, b)) {
        uint32_t c = SplitPolygon(a, b);
        a = Filter(a, Next(a));
        c = Filter(c, Next(c));
        pieces_.push_back({c, 0});
        pieces_.push_back({a, 0});
        return;
      }
    }
    a = Next(a);
  } while (a != start);
}

void Tessellator::Run(std::span<const Meters> points, std::span<const uint32_t> ring_offsets,
                      std::vector<uint32_t>& out) {
  if (ring_offsets.size() < 2) return;
  assert(points.size() < kNone && "indices are 32-bit: split the input");
  assert(ring_offsets.back() <= points.size() && "ring_offsets point past the end of points");
  assert(std::is_sorted(ring_offsets.begin(), ring_offsets.end()) &&
         "ring_offsets must not decrease (ring r is [off[r], off[r+1]))");

  Bounds bounds;
  for (uint32_t k = ring_offsets.front(); k < ring_offsets.back(); ++k) {
    if (!std::isfinite(points[k].x) || !std::isfinite(points[k].y)) return;
    bounds.Extend(points[k]);
  }
  if (bounds.Empty()) return;
  origin_ = Meters{bounds.min_x, bounds.min_y};
  const size_t n_points = ring_offsets.back() - ring_offsets.front();
  const double extent = std::max(bounds.Width(), bounds.Height());
  inv_cell_ = n_points > kZOrderMinPoints && extent > 0 ? kZOrderCells / extent : 0;

  nodes_.clear();
  nodes_.reserve(n_points + 2 * ring_offsets.size());
  uint32_t outer = LinkRing(points, ring_offsets[0], ring_offsets[1], true);
  if (outer == kNone) return;
  if (ring_offsets.size() > 2) {
    outer = EliminateHoles(points, ring_offsets, outer);
  }
  out_ = &out;
  ClipEars(outer);
  out_ = nullptr;
}

}  // namespace

// ============================================================================
// [SECTION] Public API
// ============================================================================

std::vector<uint32_t> TessellatePolygon(std::span<const Meters> points,
                                        std::span<const uint32_t> ring_offsets) {
  std::vector<uint32_t> out;
  if (ring_offsets.size() >= 2) {
    // n - 2 + 2h triangles for a simple polygon; never more.
    out.reserve(3 * (ring_offsets.back() - ring_offsets.front() + 2 * ring_offsets.size()));
  }
  Tessellator().Run(points, ring_offsets, out);
  return out;
}

std::vector<uint32_t> Tessellate(const PolygonSet& set) {
  std::vector<uint32_t> out;
  out.reserve(3 * (set.points.size() + 2 * set.RingCount()));
  Tessellator tessellator;
  for (size_t p = 0; p < set.PolygonCount(); ++p) {
    const uint32_t first_ring = set.polygon_rings[p];
    const uint32_t rings = set.polygon_rings[p + 1] - first_ring;
    tessellator.Run(set.points, std::span(set.ring_points).subspan(first_ring, rings + 1), out);
  }
  return out;
}

}  // namespace geo
