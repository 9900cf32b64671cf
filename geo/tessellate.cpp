// Ear-clipping tessellation of polygons with holes (see tessellate.hpp).
//
// [SECTION] Z-order index
// [SECTION] Ear clipping and fallbacks
// [SECTION] Public API
//
// The linked rings, their predicates and the conventions they keep are in
// tessellate_ring.hpp; hole bridging is in tessellate_holes.cpp.
#include "geo/tessellate.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "geo/tessellate_ring.hpp"

namespace geo {
namespace detail {
namespace {

// Rings of more points than this use the z-order index for ear tests; on
// smaller ones scanning the ring is cheaper than building the index.
constexpr size_t kZOrderMinPoints = 80;

// Z-order keys quantise each axis to 15 bits over the polygon's extent.
constexpr double kZOrderCells = 32767;

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

}  // namespace

// ============================================================================
// [SECTION] Z-order index
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
// [SECTION] Ear clipping and fallbacks
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

}  // namespace detail

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
  detail::Tessellator().Run(points, ring_offsets, out);
  return out;
}

std::vector<uint32_t> Tessellate(const PolygonSet& set) {
  std::vector<uint32_t> out;
  out.reserve(3 * (set.points.size() + 2 * set.RingCount()));
  detail::Tessellator tessellator;
  for (size_t p = 0; p < set.PolygonCount(); ++p) {
    const uint32_t first_ring = set.polygon_rings[p];
    const uint32_t rings = set.polygon_rings[p + 1] - first_ring;
    tessellator.Run(set.points, std::span(set.ring_points).subspan(first_ring, rings + 1), out);
  }
  return out;
}

}  // namespace geo
