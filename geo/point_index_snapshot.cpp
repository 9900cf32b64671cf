// The snapshot's queries that are not templates: k-nearest by rings of cells,
// the ring preparation of InPolygon, and the counts.
#include "geo/point_index_snapshot.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace geo {

namespace {

// Strict order of answers: nearer first, then smaller id.
bool Before(double d2, PointId id, const Neighbor& n) {
  return d2 < n.distance_sq || (d2 == n.distance_sq && id < n.id);
}

// The best answers so far, sorted, at most k: an insertion into a short
// sorted array beats a heap at k ~ 10, and the test against the worst answer
// rejects most points before any of it.
class Best {
 public:
  Best(std::vector<Neighbor>& out, size_t k) : out_(out), k_(k) {
    out_.clear();
    out_.reserve(k);  // k ≤ the snapshot's size: the caller clamps it
  }
  bool Full() const { return out_.size() == k_; }
  // Squared distance beyond which nothing can enter (infinite until full).
  double Worst() const { return Full() ? out_.back().distance_sq : kInf; }
  void Consider(PointId id, double d2, Meters p) {
    if (Full() && !Before(d2, id, out_.back())) return;
    size_t i = out_.size();
    if (i < k_) {
      out_.push_back({id, d2, p});
    } else {
      i = k_ - 1;
    }
    for (; i > 0 && Before(d2, id, out_[i - 1]); --i) out_[i] = out_[i - 1];
    out_[i] = {id, d2, p};
  }

 private:
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<Neighbor>& out_;
  size_t k_;
};

}  // namespace

// Cells in rings of growing Chebyshev radius r around the query's cell (the
// query clamped into the grid), the best answers so far sorted in `out`.
// Before ring r ≥ 1 the search stops when every cell of the ring is farther
// than the k-th answer: ring r lies outside the block of rings < r, and the
// query is inside that block (a query outside the grid is clamped only
// across grid edges, where no ring continues), so the distance from the
// query to the block's nearest open side bounds every point of the ring from
// below. The bound and the distances are rounded alike (monotone), so the
// stop never drops a point the exact order would keep, ties included.
void PointSnapshot::Nearest(Meters q, size_t k, std::vector<Neighbor>& out) const {
  out.clear();
  if (k == 0 || size_ == 0 || !std::isfinite(q.x) || !std::isfinite(q.y)) return;
  Best best(out, std::min(k, size_));
  for (const StrayPoint& s : *strays_) {
    const double dx = s.position.x - q.x, dy = s.position.y - q.y;
    best.Consider(s.id, dx * dx + dy * dy, s.position);
  }

  const PointGrid& g = grid_;
  const size_t grid_points = size_ - strays_->size();
  size_t seen = 0;
  const int32_t cx = static_cast<int32_t>(
      std::clamp(std::floor((q.x - g.origin_x) * g.inv_cell), 0.0, g.cells_x - 1.0));
  const int32_t cy = static_cast<int32_t>(
      std::clamp(std::floor((q.y - g.origin_y) * g.inv_cell), 0.0, g.cells_y - 1.0));

  auto scan_cell = [&](int32_t x, int32_t y) {
    const PointTile* tile = TileAt(x, y);
    if (tile == nullptr) return;
    const uint32_t local = LocalCell(x, y);
    const PointEntry* e = tile->entries.data() + tile->offsets[local];
    const PointEntry* end = tile->entries.data() + tile->offsets[local + 1];
    if (e == end) return;
    const double x0 = g.CellX(x), y0 = g.CellY(y);
    if (best.Full()) {
      // Skip a cell wholly farther than the k-th answer.
      const double dx_lo = x0 - q.x, dx_hi = (x0 + g.cell_size) - q.x;
      const double dy_lo = y0 - q.y, dy_hi = (y0 + g.cell_size) - q.y;
      const double nx = dx_lo > 0 ? dx_lo : dx_hi < 0 ? -dx_hi : 0;
      const double ny = dy_lo > 0 ? dy_lo : dy_hi < 0 ? -dy_hi : 0;
      if (nx * nx + ny * ny > best.Worst()) return;
    }
    seen += static_cast<size_t>(end - e);
    for (; e != end; ++e) {
      const Meters p{x0 + e->qx * g.step, y0 + e->qy * g.step};
      const double dx = p.x - q.x, dy = p.y - q.y;
      const double d2 = dx * dx + dy * dy;
      if (d2 <= best.Worst()) best.Consider(e->id, d2, p);
    }
  };

  scan_cell(cx, cy);
  for (int32_t r = 1;; ++r) {
    double bound = std::numeric_limits<double>::infinity();
    const bool left = cx - r >= 0, right = cx + r < g.cells_x;
    const bool down = cy - r >= 0, up = cy + r < g.cells_y;
    if (!left && !right && !down && !up) break;  // the whole grid is done
    if (left) bound = std::min(bound, q.x - g.CellX(cx - r + 1));
    if (right) bound = std::min(bound, g.CellX(cx + r) - q.x);
    if (down) bound = std::min(bound, q.y - g.CellY(cy - r + 1));
    if (up) bound = std::min(bound, g.CellY(cy + r) - q.y);
    if (best.Full() ? bound * bound > best.Worst() : seen == grid_points) break;
    const int32_t x_lo = std::max(cx - r, 0), x_hi = std::min(cx + r, g.cells_x - 1);
    const int32_t y_lo = std::max(cy - r + 1, 0), y_hi = std::min(cy + r - 1, g.cells_y - 1);
    if (down) {
      for (int32_t x = x_lo; x <= x_hi; ++x) scan_cell(x, cy - r);
    }
    if (up) {
      for (int32_t x = x_lo; x <= x_hi; ++x) scan_cell(x, cy + r);
    }
    if (left) {
      for (int32_t y = y_lo; y <= y_hi; ++y) scan_cell(cx - r, y);
    }
    if (right) {
      for (int32_t y = y_lo; y <= y_hi; ++y) scan_cell(cx + r, y);
    }
  }
}

std::vector<PointId> PointSnapshot::Nearest(Meters query, size_t k) const {
  std::vector<Neighbor> found;
  Nearest(query, k, found);
  std::vector<PointId> ids(found.size());
  std::transform(found.begin(), found.end(), ids.begin(), [](const Neighbor& n) { return n.id; });
  return ids;
}

// Each edge goes to every cell row whose band (the row widened by one
// lattice step each way) its y-range meets; a point's crossing test needs
// exactly the edges whose y-range holds the point's y, all in its row.
void PointSnapshot::PrepareRing(std::span<const Meters> ring, RingRows& rows) const {
  const PointGrid& g = grid_;
  Bounds box;
  for (const Meters& p : ring) box.Extend(p);
  if (!CellSpan(box.min_x, box.max_x, g.origin_x, g.cell_size, g.cells_x, rows.cx0, rows.cx1) ||
      !CellSpan(box.min_y, box.max_y, g.origin_y, g.cell_size, g.cells_y, rows.cy0, rows.cy1)) {
    rows.cy0 = 0;
    rows.cy1 = -1;
    return;
  }
  const size_t row_count = static_cast<size_t>(rows.cy1 - rows.cy0 + 1);
  const size_t n = ring.size();
  // The rows an edge may touch, then the exact band test; two passes, so
  // the edge lists are one flat array.
  auto row_range = [&](double min_y, double max_y, int32_t& lo, int32_t& hi) {
    lo = std::max(rows.cy0, static_cast<int32_t>(
                                std::max(std::floor((min_y - g.origin_y) * g.inv_cell) - 1, -1.0)));
    hi = std::min(rows.cy1,
                  static_cast<int32_t>(std::min(std::floor((max_y - g.origin_y) * g.inv_cell) + 1,
                                                static_cast<double>(g.cells_y))));
  };
  auto in_band = [&](double min_y, double max_y, int32_t row) {
    const double y0 = g.CellY(row);
    return max_y >= y0 - g.step && min_y <= y0 + g.cell_size + g.step;
  };
  std::vector<Edge> edges;
  edges.reserve(n);
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const Meters a = ring[i], b = ring[j];
    edges.push_back({a, b, std::min(a.x, b.x), std::max(a.x, b.x)});
  }
  rows.row_begin.assign(row_count + 1, 0);
  for (const Edge& e : edges) {
    const double min_y = std::min(e.a.y, e.b.y), max_y = std::max(e.a.y, e.b.y);
    int32_t lo, hi;
    row_range(min_y, max_y, lo, hi);
    for (int32_t row = lo; row <= hi; ++row) {
      if (in_band(min_y, max_y, row)) ++rows.row_begin[static_cast<size_t>(row - rows.cy0) + 1];
    }
  }
  for (size_t r = 0; r < row_count; ++r) rows.row_begin[r + 1] += rows.row_begin[r];
  rows.edges.resize(rows.row_begin[row_count]);
  std::vector<uint32_t> cursor(rows.row_begin.begin(), rows.row_begin.end() - 1);
  for (const Edge& e : edges) {
    const double min_y = std::min(e.a.y, e.b.y), max_y = std::max(e.a.y, e.b.y);
    int32_t lo, hi;
    row_range(min_y, max_y, lo, hi);
    for (int32_t row = lo; row <= hi; ++row) {
      if (in_band(min_y, max_y, row)) rows.edges[cursor[static_cast<size_t>(row - rows.cy0)]++] = e;
    }
  }
}

uint32_t PointSnapshot::CountIn(size_t level, PolygonId polygon) const {
  const std::span<const uint32_t> counts = Counts(level);
  assert(polygon < counts.size() && "CountIn: polygon id out of range for this level");
  return polygon < counts.size() ? counts[polygon] : 0;
}

std::span<const uint32_t> PointSnapshot::Counts(size_t level) const {
  assert(level < LevelCount() && "CountIn: level beyond the polygons_per_level given to Create");
  if (level >= LevelCount()) return {};
  const PointCounts& c = *counts_;
  return {c.counts.data() + c.level_begin[level], c.counts.data() + c.level_begin[level + 1]};
}

size_t PointSnapshot::OwnBytes() const {
  return 16 + sizeof(PointSnapshot) + 16 + tiles_.capacity() * sizeof(tiles_[0]);
}

}  // namespace geo
