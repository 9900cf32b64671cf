// Rook contiguity by shared-edge matching.
//
// [SECTION] Edges      — every ring edge of the level, with its owner
// [SECTION] Buckets    — a uniform grid of cells so only nearby edges meet
// [SECTION] Overlap    — the length two edges run along each other
// [SECTION] Public     — AdjacencyOf, AdjacencyFromLists
#include "geo/adjacency.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace geo {

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Edges
// ---------------------------------------------------------------------------

struct Edge {
  Meters a, b;
  FeatureId owner = kNoFeature;
  // The cells its bounds (grown by the tolerance) cover, inclusive.
  int32_t cx0 = 0, cy0 = 0, cx1 = 0, cy1 = 0;
};

std::vector<Edge> EdgesOf(const GridSet& set, Level level) {
  std::vector<Edge> edges;
  const PolygonSet& ps = set.polygons;
  for (FeatureId f = set.LevelBegin(level); f < set.LevelEnd(level); ++f) {
    const Feature& feature = set.features[f];
    for (uint32_t p = feature.first_polygon; p < feature.first_polygon + feature.polygon_count;
         ++p) {
      for (uint32_t r = ps.polygon_rings[p]; r < ps.polygon_rings[p + 1]; ++r) {
        const std::span<const Meters> ring = ps.Ring(r);
        for (size_t i = 0; i < ring.size(); ++i) {
          const Meters a = ring[i], b = ring[(i + 1) % ring.size()];
          if (a == b) continue;  // repeated vertex: no length to share
          edges.push_back(Edge{a, b, f});
        }
      }
    }
  }
  return edges;
}

// ---------------------------------------------------------------------------
// [SECTION] Buckets
// ---------------------------------------------------------------------------

// Sets each edge's cell range and returns (cell key, edge) pairs sorted by
// cell, so the edges of one cell are consecutive.
std::vector<std::pair<uint64_t, uint32_t>> Bucket(std::vector<Edge>& edges, double tolerance_m) {
  Bounds all;
  double total_length = 0;
  for (const Edge& e : edges) {
    all.Extend(e.a);
    all.Extend(e.b);
    total_length += std::hypot(e.b.x - e.a.x, e.b.y - e.a.y);
  }
  // Cells about as long as a typical edge keep a cell's population small;
  // the floor keeps the cell count bounded (at most ~4,096² cells) when a
  // few edges are tiny.
  const double extent = std::max({all.Width(), all.Height(), 1.0});
  const double cell =
      std::max({total_length / double(edges.size()) * 2, extent / 4096, tolerance_m * 4, 1e-3});
  std::vector<std::pair<uint64_t, uint32_t>> keyed;
  keyed.reserve(edges.size() * 2);
  for (uint32_t i = 0; i < edges.size(); ++i) {
    Edge& e = edges[i];
    auto cell_of = [&](double v, double origin) {
      return static_cast<int32_t>(std::floor((v - origin) / cell));
    };
    e.cx0 = cell_of(std::min(e.a.x, e.b.x) - tolerance_m, all.min_x);
    e.cx1 = cell_of(std::max(e.a.x, e.b.x) + tolerance_m, all.min_x);
    e.cy0 = cell_of(std::min(e.a.y, e.b.y) - tolerance_m, all.min_y);
    e.cy1 = cell_of(std::max(e.a.y, e.b.y) + tolerance_m, all.min_y);
    for (int32_t cy = e.cy0; cy <= e.cy1; ++cy) {
      for (int32_t cx = e.cx0; cx <= e.cx1; ++cx) {
        // +1 keeps the tolerance margin's -1 cell non-negative.
        const uint64_t key = (uint64_t(uint32_t(cy + 1)) << 32) | uint32_t(cx + 1);
        keyed.emplace_back(key, i);
      }
    }
  }
  std::sort(keyed.begin(), keyed.end());
  return keyed;
}

// ---------------------------------------------------------------------------
// [SECTION] Overlap
// ---------------------------------------------------------------------------

// The length (metres) over which edges p and q run along each other: both
// ends of the shorter lie within `tolerance_m` of the longer one's line, and
// the overlap of its projection onto the longer one. 0 for edges that cross
// at an angle or only touch at a point.
double SharedLength(const Edge& p, const Edge& q, double tolerance_m) {
  const double lp = std::hypot(p.b.x - p.a.x, p.b.y - p.a.y);
  const double lq = std::hypot(q.b.x - q.a.x, q.b.y - q.a.y);
  const Edge& longer = lp >= lq ? p : q;
  const Edge& shorter = lp >= lq ? q : p;
  const double length = std::max(lp, lq);
  const double ux = (longer.b.x - longer.a.x) / length, uy = (longer.b.y - longer.a.y) / length;
  auto along = [&](Meters m) { return (m.x - longer.a.x) * ux + (m.y - longer.a.y) * uy; };
  auto across = [&](Meters m) { return (m.y - longer.a.y) * ux - (m.x - longer.a.x) * uy; };
  if (std::abs(across(shorter.a)) > tolerance_m || std::abs(across(shorter.b)) > tolerance_m) {
    return 0;
  }
  const double t0 = along(shorter.a), t1 = along(shorter.b);
  return std::max(0.0, std::min(length, std::max(t0, t1)) - std::max(0.0, std::min(t0, t1)));
}

uint64_t PairKey(FeatureId a, FeatureId b) {
  if (a > b) std::swap(a, b);
  return (uint64_t(a) << 32) | b;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Public
// ---------------------------------------------------------------------------

Adjacency AdjacencyOf(const GridSet& set, Level level, double min_shared_m, double tolerance_m) {
  std::vector<Edge> edges = EdgesOf(set, level);
  std::unordered_map<uint64_t, double> shared;  // feature pair → metres
  if (!edges.empty()) {
    const auto keyed = Bucket(edges, tolerance_m);
    for (size_t begin = 0; begin < keyed.size();) {
      size_t end = begin;
      while (end < keyed.size() && keyed[end].first == keyed[begin].first) ++end;
      const int32_t cy = int32_t(keyed[begin].first >> 32) - 1;
      const int32_t cx = int32_t(uint32_t(keyed[begin].first)) - 1;
      for (size_t i = begin; i < end; ++i) {
        const Edge& p = edges[keyed[i].second];
        for (size_t j = i + 1; j < end; ++j) {
          const Edge& q = edges[keyed[j].second];
          if (p.owner == q.owner) continue;
          // A pair of edges shares every cell of the intersection of their
          // ranges; measure it only in the first, so it counts once.
          if (cx != std::max(p.cx0, q.cx0) || cy != std::max(p.cy0, q.cy0)) continue;
          const double length = SharedLength(p, q, tolerance_m);
          if (length > 0) shared[PairKey(p.owner, q.owner)] += length;
        }
      }
      begin = end;
    }
  }

  std::vector<std::vector<std::pair<FeatureId, double>>> rows(set.features.size());
  for (const auto& [key, length] : shared) {
    if (length < min_shared_m) continue;
    const FeatureId a = FeatureId(key >> 32), b = FeatureId(key & 0xffffffffu);
    rows[a].emplace_back(b, length);
    rows[b].emplace_back(a, length);
  }
  Adjacency out;
  out.level = level;
  out.offsets.reserve(rows.size() + 1);
  for (auto& row : rows) {
    std::sort(row.begin(), row.end());
    for (const auto& [neighbour, length] : row) {
      out.neighbours.push_back(neighbour);
      out.shared_m.push_back(length);
    }
    out.offsets.push_back(static_cast<uint32_t>(out.neighbours.size()));
  }
  return out;
}

Adjacency AdjacencyFromLists(Level level, const std::vector<std::vector<FeatureId>>& lists) {
  std::vector<std::vector<FeatureId>> rows(lists.size());
  for (FeatureId f = 0; f < lists.size(); ++f) {
    for (FeatureId g : lists[f]) {
      assert(g < lists.size() && "AdjacencyFromLists: a neighbour id past the end of the lists");
      if (g == f) continue;  // a feature is not its own neighbour
      rows[f].push_back(g);
      rows[g].push_back(f);
    }
  }
  Adjacency out;
  out.level = level;
  for (auto& row : rows) {
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    out.neighbours.insert(out.neighbours.end(), row.begin(), row.end());
    out.offsets.push_back(static_cast<uint32_t>(out.neighbours.size()));
  }
  out.shared_m.assign(out.neighbours.size(), 0.0);
  return out;
}

}  // namespace geo
