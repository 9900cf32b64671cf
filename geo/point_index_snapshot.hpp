// What readers of the live-point index hold: an immutable snapshot of every
// live point at one moment, published by the writer (point_index.hpp). Any
// number of threads may query one snapshot at once; nothing in it changes
// while anyone holds it.
//
// Queries report each point as visit(PointId id, Meters stored_position),
// in no particular order, each point once. Positions are the stored ones
// (PointGrid::Stored: on a 1/65536-of-a-cell lattice), and every predicate is
// evaluated exactly on them in double arithmetic:
//   Window     min ≤ x ≤ max and min ≤ y ≤ max (closed bounds)
//   Radius     dx * dx + dy * dy ≤ r * r, dx = x − centre.x
//   InPolygon  RingContains(ring, position)
//   Nearest    by dx * dx + dy * dy, ties by smaller id
//
// [SECTION] PointSnapshot
// [SECTION] Window, Radius, InPolygon, ForEach (templates, inline)
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "geo/geometry.hpp"
#include "geo/point_index_grid.hpp"

namespace geo {

// One answer of Nearest.
struct Neighbor {
  PointId id;
  double distance_sq;  // m², from the query to the stored position
  Meters position;     // stored position
};

// Per-polygon counts of live points, one array per level: level l, polygon p
// is counts[level_begin[l] + p].
struct PointCounts {
  std::vector<uint32_t> level_begin{0};
  std::vector<uint32_t> counts;
};

// ---------------------------------------------------------------------------
// [SECTION] PointSnapshot
// ---------------------------------------------------------------------------

class PointSnapshot {
 public:
  size_t Size() const { return size_; }
  // 1 for the first published snapshot, then +1 per publication that
  // changed something.
  uint64_t Version() const { return version_; }
  const PointGrid& Grid() const { return grid_; }

  // Points inside the closed window. An empty window finds nothing.
  template <typename Visit>
  void Window(const Bounds& window, Visit&& visit) const;
  // Points within `radius_m` of `centre` (boundary included).
  template <typename Visit>
  void Radius(Meters centre, double radius_m, Visit&& visit) const;
  // Points inside the ring (open, either orientation, at least 3 points;
  // self-intersecting rings count by even-odd).
  template <typename Visit>
  void InPolygon(std::span<const Meters> ring, Visit&& visit) const;
  // Every point.
  template <typename Visit>
  void ForEach(Visit&& visit) const;

  // The `k` points nearest `query`, nearest first, ties by smaller id; fewer
  // when the snapshot holds fewer. `out` is cleared first and its capacity
  // reused, so a reader that keeps one vector allocates nothing per query.
  void Nearest(Meters query, size_t k, std::vector<Neighbor>& out) const;
  std::vector<PointId> Nearest(Meters query, size_t k) const;

  // Live points whose polygon at `level` is `polygon` (as given to the
  // writer's Insert / Move).
  size_t LevelCount() const { return counts_->level_begin.size() - 1; }
  uint32_t CountIn(size_t level, PolygonId polygon) const;
  // All counts of one level, indexed by polygon id.
  std::span<const uint32_t> Counts(size_t level) const;

  // Bytes this snapshot alone adds to what it shares with the writer (its
  // tile directory and itself).
  size_t OwnBytes() const;

 private:
  friend class PointIndex;
  PointSnapshot() = default;

  // A ring's edges sorted into the cell rows its bounds cover (InPolygon).
  struct Edge {
    Meters a, b;
    double min_x, max_x;
  };
  struct RingRows {
    int32_t cx0 = 0, cx1 = -1, cy0 = 0, cy1 = -1;
    std::vector<uint32_t> row_begin;  // row cy - cy0: edges[row_begin[i], row_begin[i + 1])
    std::vector<Edge> edges;
  };
  void PrepareRing(std::span<const Meters> ring, RingRows& rows) const;
  static bool EdgesContain(std::span<const Edge> edges, double px, double py) {
    bool inside = false;
    for (const Edge& e : edges) {
      if ((e.a.y > py) != (e.b.y > py)) {
        const double xi = e.a.x + (py - e.a.y) * (e.b.x - e.a.x) / (e.b.y - e.a.y);
        if (px < xi) inside = !inside;
      }
    }
    return inside;
  }

  // The cells [c0, c1] along one axis that may hold stored coordinates in
  // [lo, hi]; false when none do.
  static bool CellSpan(double lo, double hi, double origin, double cell, int32_t count, int32_t& c0,
                       int32_t& c1) {
    double f0 = std::floor((lo - origin) / cell), f1 = std::floor((hi - origin) / cell);
    if (!(f0 <= f1) || f1 < 0 || f0 > count - 1) return false;
    c0 = static_cast<int32_t>(std::max(f0, 0.0));
    c1 = static_cast<int32_t>(std::min(f1, count - 1.0));
    return true;
  }
  // The lattice steps [q0, q1] of a cell starting at `cell_min` whose stored
  // coordinate lies in [lo, hi]. Exact: inside the cell lo − cell_min is an
  // exact double and the division by a power of two is too.
  static void LatticeSpan(double lo, double hi, double cell_min, double step, int32_t& q0,
                          int32_t& q1) {
    const double f0 = std::ceil((lo - cell_min) / step), f1 = std::floor((hi - cell_min) / step);
    q0 = static_cast<int32_t>(std::clamp(f0, 0.0, kPointLattice));
    q1 = static_cast<int32_t>(std::clamp(f1, -1.0, kPointLattice - 1));
  }
  const PointTile* TileAt(int32_t cx, int32_t cy) const {
    return tiles_[static_cast<size_t>(cy >> kPointTileShift) * grid_.tiles_x +
                  (cx >> kPointTileShift)]
        .get();
  }
  static uint32_t LocalCell(int32_t cx, int32_t cy) {
    return static_cast<uint32_t>(((cy & (kPointTileSide - 1)) << kPointTileShift) |
                                 (cx & (kPointTileSide - 1)));
  }

  PointGrid grid_;
  std::vector<std::shared_ptr<const PointTile>> tiles_;  // by tile; null when empty
  std::shared_ptr<const std::vector<StrayPoint>> strays_;
  std::shared_ptr<const PointCounts> counts_;
  size_t size_ = 0;
  uint64_t version_ = 0;
};

// ---------------------------------------------------------------------------
// [SECTION] Window, Radius, InPolygon, ForEach
// ---------------------------------------------------------------------------

template <typename Visit>
void PointSnapshot::Window(const Bounds& w, Visit&& visit) const {
  if (!(w.min_x <= w.max_x && w.min_y <= w.max_y)) return;
  const PointGrid& g = grid_;
  int32_t cx0, cx1, cy0, cy1;
  if (CellSpan(w.min_x, w.max_x, g.origin_x, g.cell_size, g.cells_x, cx0, cx1) &&
      CellSpan(w.min_y, w.max_y, g.origin_y, g.cell_size, g.cells_y, cy0, cy1)) {
    for (int32_t cy = cy0; cy <= cy1; ++cy) {
      const double y0 = g.CellY(cy);
      int32_t qy0, qy1;
      LatticeSpan(w.min_y, w.max_y, y0, g.step, qy0, qy1);
      const bool all_y = qy0 == 0 && qy1 == kPointLattice - 1;
      for (int32_t cx = cx0; cx <= cx1; ++cx) {
        const PointTile* tile = TileAt(cx, cy);
        if (tile == nullptr) {  // skip the rest of this tile's row
          cx |= kPointTileSide - 1;
          continue;
        }
        const uint32_t local = LocalCell(cx, cy);
        const PointEntry* e = tile->entries.data() + tile->offsets[local];
        const PointEntry* end = tile->entries.data() + tile->offsets[local + 1];
        if (e == end) continue;
        const double x0 = g.CellX(cx);
        int32_t qx0, qx1;
        LatticeSpan(w.min_x, w.max_x, x0, g.step, qx0, qx1);
        if (all_y && qx0 == 0 && qx1 == kPointLattice - 1) {
          for (; e != end; ++e) visit(e->id, Meters{x0 + e->qx * g.step, y0 + e->qy * g.step});
        } else {
          for (; e != end; ++e) {
            if (e->qx >= qx0 && e->qx <= qx1 && e->qy >= qy0 && e->qy <= qy1) {
              visit(e->id, Meters{x0 + e->qx * g.step, y0 + e->qy * g.step});
            }
          }
        }
      }
    }
  }
  for (const StrayPoint& s : *strays_) {
    const Meters p = s.position;
    if (p.x >= w.min_x && p.x <= w.max_x && p.y >= w.min_y && p.y <= w.max_y) visit(s.id, p);
  }
}

template <typename Visit>
void PointSnapshot::Radius(Meters c, double r, Visit&& visit) const {
  if (!(r >= 0) || !std::isfinite(c.x) || !std::isfinite(c.y)) return;
  const PointGrid& g = grid_;
  const double r2 = r * r;
  int32_t cx0, cx1, cy0, cy1;
  if (CellSpan(c.x - r, c.x + r, g.origin_x, g.cell_size, g.cells_x, cx0, cx1) &&
      CellSpan(c.y - r, c.y + r, g.origin_y, g.cell_size, g.cells_y, cy0, cy1)) {
    for (int32_t cy = cy0; cy <= cy1; ++cy) {
      const double y0 = g.CellY(cy);
      // Nearest and farthest y of the cell, as rounding sees them: for any
      // stored y in the cell the computed |y − c.y| lies between the two, so
      // the whole-cell decisions below agree with the per-point test.
      const double dy_lo = y0 - c.y, dy_hi = (y0 + g.cell_size) - c.y;
      const double near_y = dy_lo > 0 ? dy_lo : dy_hi < 0 ? -dy_hi : 0;
      const double far_y = std::max(std::abs(dy_lo), std::abs(dy_hi));
      for (int32_t cx = cx0; cx <= cx1; ++cx) {
        const PointTile* tile = TileAt(cx, cy);
        if (tile == nullptr) {
          cx |= kPointTileSide - 1;
          continue;
        }
        const uint32_t local = LocalCell(cx, cy);
        const PointEntry* e = tile->entries.data() + tile->offsets[local];
        const PointEntry* end = tile->entries.data() + tile->offsets[local + 1];
        if (e == end) continue;
        const double x0 = g.CellX(cx);
        const double dx_lo = x0 - c.x, dx_hi = (x0 + g.cell_size) - c.x;
        const double near_x = dx_lo > 0 ? dx_lo : dx_hi < 0 ? -dx_hi : 0;
        if (near_x * near_x + near_y * near_y > r2) continue;
        const double far_x = std::max(std::abs(dx_lo), std::abs(dx_hi));
        const bool all = far_x * far_x + far_y * far_y <= r2;
        for (; e != end; ++e) {
          const Meters p{x0 + e->qx * g.step, y0 + e->qy * g.step};
          const double dx = p.x - c.x, dy = p.y - c.y;
          if (all || dx * dx + dy * dy <= r2) visit(e->id, p);
        }
      }
    }
  }
  for (const StrayPoint& s : *strays_) {
    const double dx = s.position.x - c.x, dy = s.position.y - c.y;
    if (dx * dx + dy * dy <= r2) visit(s.id, s.position);
  }
}

template <typename Visit>
void PointSnapshot::InPolygon(std::span<const Meters> ring, Visit&& visit) const {
  if (ring.size() < 3) return;
  const PointGrid& g = grid_;
  RingRows rows;
  PrepareRing(ring, rows);
  for (int32_t cy = rows.cy0; cy <= rows.cy1; ++cy) {
    const size_t row = static_cast<size_t>(cy - rows.cy0);
    const std::span<const Edge> edges(rows.edges.data() + rows.row_begin[row],
                                      rows.edges.data() + rows.row_begin[row + 1]);
    if (edges.empty()) continue;  // the row misses the ring
    const double y0 = g.CellY(cy);
    for (int32_t cx = rows.cx0; cx <= rows.cx1; ++cx) {
      const PointTile* tile = TileAt(cx, cy);
      if (tile == nullptr) {
        cx |= kPointTileSide - 1;
        continue;
      }
      const uint32_t local = LocalCell(cx, cy);
      const PointEntry* e = tile->entries.data() + tile->offsets[local];
      const PointEntry* end = tile->entries.data() + tile->offsets[local + 1];
      if (e == end) continue;
      const double x0 = g.CellX(cx);
      // No edge comes within one lattice step of the cell: every point of
      // the cell is on the same side, by a margin far beyond rounding, so
      // one point's answer is all of theirs.
      const double lo = x0 - g.step, hi = x0 + g.cell_size + g.step;
      const bool crossed = std::any_of(edges.begin(), edges.end(), [&](const Edge& edge) {
        return edge.max_x >= lo && edge.min_x <= hi;
      });
      if (!crossed) {
        if (!EdgesContain(edges, x0 + e->qx * g.step, y0 + e->qy * g.step)) continue;
        for (; e != end; ++e) visit(e->id, Meters{x0 + e->qx * g.step, y0 + e->qy * g.step});
        continue;
      }
      for (; e != end; ++e) {
        const Meters p{x0 + e->qx * g.step, y0 + e->qy * g.step};
        if (EdgesContain(edges, p.x, p.y)) visit(e->id, p);
      }
    }
  }
  for (const StrayPoint& s : *strays_) {
    if (RingContains(ring, s.position)) visit(s.id, s.position);
  }
}

template <typename Visit>
void PointSnapshot::ForEach(Visit&& visit) const {
  const PointGrid& g = grid_;
  for (size_t t = 0; t < tiles_.size(); ++t) {
    const PointTile* tile = tiles_[t].get();
    if (tile == nullptr) continue;
    const int32_t tx = static_cast<int32_t>(t % g.tiles_x),
                  ty = static_cast<int32_t>(t / g.tiles_x);
    for (uint32_t local = 0; local < kPointTileCells; ++local) {
      const double x0 =
          g.CellX((tx << kPointTileShift) + static_cast<int32_t>(local % kPointTileSide));
      const double y0 =
          g.CellY((ty << kPointTileShift) + static_cast<int32_t>(local / kPointTileSide));
      for (uint32_t i = tile->offsets[local]; i < tile->offsets[local + 1]; ++i) {
        const PointEntry& e = tile->entries[i];
        visit(e.id, Meters{x0 + e.qx * g.step, y0 + e.qy * g.step});
      }
    }
  }
  for (const StrayPoint& s : *strays_) visit(s.id, s.position);
}

}  // namespace geo
