#include "geo/polygon_index.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace geo {

// ---------------------------------------------------------------------------
// [SECTION] Exact tests without an index

namespace {

// Whether edge (a, b) crosses the ray from p towards +x under the boundary
// rule (polygon_index.hpp). The endpoints are ordered lower-first before any
// arithmetic, so both polygons sharing the edge get the same bits.
inline bool Crosses(Meters a, Meters b, Meters p) {
  if (a.y == b.y) return false;
  const Meters lo = a.y < b.y ? a : b;
  const Meters hi = a.y < b.y ? b : a;
  if (p.y < lo.y || p.y >= hi.y) return false;
  // p strictly west of the upward edge lo→hi: (p - lo) × (hi - lo) < 0.
  return (p.x - lo.x) * (hi.y - lo.y) < (p.y - lo.y) * (hi.x - lo.x);
}

}  // namespace

bool PolygonHolds(const PolygonSet& set, size_t polygon, Meters p) {
  bool odd = false;
  for (uint32_t r = set.polygon_rings[polygon]; r < set.polygon_rings[polygon + 1]; ++r) {
    const std::span<const Meters> ring = set.Ring(r);
    const size_t n = ring.size();
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
      if (Crosses(ring[j], ring[i], p)) odd = !odd;
    }
  }
  return odd;
}

bool FeatureHolds(const PolygonSet& set, FeaturePolygons feature, Meters p) {
  for (uint32_t poly = feature.first_polygon; poly < feature.first_polygon + feature.polygon_count;
       ++poly) {
    if (PolygonHolds(set, poly, p)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// [SECTION] PolygonLayerIndex: one set of features

namespace {

// Bands per polygon: about four edges each, one band for small polygons
// (a scan of eight edges is as fast as finding the band), at most 4096.
uint32_t BandCount(size_t edges) {
  if (edges <= 8) return 1;
  return static_cast<uint32_t>(std::min<size_t>(edges / 4, 4096));
}

// The band of height y; monotone in y, which is what makes the bucketing
// exact: lo_y ≤ y < hi_y implies Band(lo_y) ≤ Band(y) ≤ Band(hi_y).
inline uint32_t Band(double y, double y0, double scale, uint32_t count) {
  const double k = (y - y0) * scale;
  if (!(k > 0)) return 0;  // also NaN
  if (k >= count) return count - 1;
  return static_cast<uint32_t>(k);
}

// Calls edge(lo, hi) for every non-horizontal edge of polygon `poly`, its
// endpoints ordered lower-first.
template <typename Visit>
void ForEachEdge(const PolygonSet& polygons, uint32_t poly, Visit&& edge) {
  for (uint32_t r = polygons.polygon_rings[poly]; r < polygons.polygon_rings[poly + 1]; ++r) {
    const std::span<const Meters> ring = polygons.Ring(r);
    const size_t n = ring.size();
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
      const Meters a = ring[j], b = ring[i];
      if (a.y == b.y) continue;
      edge(a.y < b.y ? a : b, a.y < b.y ? b : a);
    }
  }
}

}  // namespace

PolygonLayerIndex PolygonLayerIndex::Build(const PolygonSet& polygons,
                                           std::span<const FeaturePolygons> features) {
  PolygonLayerIndex index;
  assert(features.size() < kPayload && "PolygonLayerIndex: at most 2^30 - 1 features per layer");

  // Every polygon of every feature is one entry, placed in Hilbert order of
  // its bounds so that neighbours in space are neighbours in memory.
  std::vector<uint32_t> polygon_of, feature_of;
  std::vector<Bounds> bounds;
  size_t slot_count = 0;
  for (uint32_t f = 0; f < features.size(); ++f) {
    const FeaturePolygons fp = features[f];
    assert(fp.first_polygon + fp.polygon_count <= polygons.PolygonCount() &&
           "FeaturePolygons range beyond the PolygonSet: wrong set or stale features?");
    for (uint32_t poly = fp.first_polygon; poly < fp.first_polygon + fp.polygon_count; ++poly) {
      // Bounds of every ring, holes too (a hole outside its outer ring is
      // invalid, but the even-odd rule still counts it). With no rings the
      // box stays empty and the entry is never found.
      Bounds b;
      const uint32_t first = polygons.ring_points[polygons.polygon_rings[poly]];
      const uint32_t last = polygons.ring_points[polygons.polygon_rings[poly + 1]];
      for (uint32_t k = first; k < last; ++k) b.Extend(polygons.points[k]);
      // Slots: a header and each non-horizontal edge once per band it spans.
      uint32_t edges = 0;
      ForEachEdge(polygons, poly, [&](Meters, Meters) { ++edges; });
      const uint32_t bands = BandCount(edges);
      slot_count += 1 + edges;
      if (bands > 1) {
        const double scale = bands / b.Height();
        ForEachEdge(polygons, poly, [&](Meters lo, Meters hi) {
          slot_count += Band(hi.y, b.min_y, scale, bands) - Band(lo.y, b.min_y, scale, bands);
        });
      }
      polygon_of.push_back(poly);
      feature_of.push_back(f);
      bounds.push_back(b);
    }
  }
  const std::vector<uint32_t> order = HilbertOrder(bounds);
  const auto entry_count = static_cast<uint32_t>(order.size());

  index.tree_.Reserve(entry_count);
  index.entry_slot_.resize(entry_count);
  index.entry_bounds_.resize(entry_count);
  index.slots_.reserve(slot_count);
  std::vector<Edge> polygon_edges;
  std::vector<uint32_t> edge_band_lo, edge_band_hi, band_fill;
  std::vector<uint32_t> entry_polygon(entry_count);
  for (uint32_t e = 0; e < entry_count; ++e) {
    const uint32_t src = order[e];
    const uint32_t item = index.tree_.Add(bounds[src]);
    assert(item == e && "entries are added in Hilbert order");
    (void)item;
    index.entry_bounds_[e] = bounds[src];
    entry_polygon[e] = polygon_of[src];

    // The polygon's non-horizontal edges, lower endpoint first.
    polygon_edges.clear();
    ForEachEdge(polygons, polygon_of[src], [&](Meters lo, Meters hi) {
      polygon_edges.push_back({lo.x, lo.y, hi.y, hi.x - lo.x});
    });

    const Bounds& box = bounds[src];
    Header header{};
    header.feature = feature_of[src];
    header.bands = BandCount(polygon_edges.size());
    header.y0 = box.Empty() ? 0 : box.min_y;
    header.scale = !box.Empty() && box.Height() > 0 ? header.bands / box.Height() : 0;
    const auto slot = static_cast<uint32_t>(index.slots_.size());
    index.entry_slot_[e] = slot;
    index.slots_.push_back(Slot{.header = header});
    if (header.bands == 1) {
      for (const Edge& edge : polygon_edges) index.slots_.push_back(Slot{.edge = edge});
      index.slots_[slot].header.edges = static_cast<uint32_t>(polygon_edges.size());
      continue;
    }

    // Bucket them: counting sort into the bands each edge spans.
    edge_band_lo.resize(polygon_edges.size());
    edge_band_hi.resize(polygon_edges.size());
    band_fill.assign(header.bands + 1, 0);
    for (size_t i = 0; i < polygon_edges.size(); ++i) {
      const Edge& edge = polygon_edges[i];
      edge_band_lo[i] = Band(edge.lo_y, header.y0, header.scale, header.bands);
      edge_band_hi[i] = Band(edge.hi_y, header.y0, header.scale, header.bands);
      for (uint32_t k = edge_band_lo[i]; k <= edge_band_hi[i]; ++k) ++band_fill[k + 1];
    }
    for (uint32_t k = 0; k < header.bands; ++k) band_fill[k + 1] += band_fill[k];
    index.slots_[slot].header.table = static_cast<uint32_t>(index.band_start_.size());
    index.slots_[slot].header.edges = band_fill[header.bands];
    index.band_start_.insert(index.band_start_.end(), band_fill.begin(), band_fill.end());
    const size_t base = slot + 1;
    index.slots_.resize(base + band_fill[header.bands]);
    for (size_t i = 0; i < polygon_edges.size(); ++i) {
      for (uint32_t k = edge_band_lo[i]; k <= edge_band_hi[i]; ++k) {
        index.slots_[base + band_fill[k]++].edge = polygon_edges[i];
      }
    }
  }
  assert(index.slots_.size() == slot_count && "slots counted and slots made differ");
  assert(index.slots_.size() <= kPayload && "PolygonLayerIndex: more than 2^30 slots in a layer");
  index.tree_.Finish();

  // Each feature's entries, ascending.
  index.feature_entries_.assign(features.size() + 1, 0);
  for (uint32_t e = 0; e < entry_count; ++e) {
    ++index.feature_entries_[index.slots_[index.entry_slot_[e]].header.feature + 1];
  }
  for (size_t f = 0; f < features.size(); ++f) {
    index.feature_entries_[f + 1] += index.feature_entries_[f];
  }
  index.entries_.resize(entry_count);
  std::vector<uint32_t> fill(index.feature_entries_.begin(), index.feature_entries_.end() - 1);
  for (uint32_t e = 0; e < entry_count; ++e) {
    index.entries_[fill[index.slots_[index.entry_slot_[e]].header.feature]++] = e;
  }

  index.BuildGrid(polygons, entry_polygon);
  return index;
}

bool PolygonLayerIndex::SlotHolds(uint32_t slot, Meters p) const {
  const Header& h = slots_[slot].header;
  const Slot* edges = slots_.data() + slot + 1;
  uint32_t begin = 0, end = h.edges;
  if (h.bands > 1) {
    const uint32_t k = h.table + Band(p.y, h.y0, h.scale, h.bands);
    begin = band_start_[k];
    end = band_start_[k + 1];
  }
  // The same predicate as Crosses(), on the same bits: branch-free so the
  // compiler keeps the loop tight.
  bool odd = false;
  for (uint32_t i = begin; i < end; ++i) {
    const Edge& edge = edges[i].edge;
    const bool in_range = (edge.lo_y <= p.y) & (p.y < edge.hi_y);
    const bool west = (p.x - edge.lo_x) * (edge.hi_y - edge.lo_y) < (p.y - edge.lo_y) * edge.dx;
    odd ^= in_range & west;
  }
  return odd;
}

namespace {

inline bool Contains(const Bounds& b, Meters p) {
  return p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y;
}

inline bool Meets(const Bounds& a, const Bounds& b) {
  return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

}  // namespace

bool PolygonLayerIndex::EarlierEntryHolds(uint32_t feature, uint32_t e, Meters p) const {
  for (uint32_t i = feature_entries_[feature]; i < feature_entries_[feature + 1]; ++i) {
    const uint32_t other = entries_[i];
    if (other >= e) break;
    if (Contains(entry_bounds_[other], p) && SlotHolds(entry_slot_[other], p)) return true;
  }
  return false;
}

bool PolygonLayerIndex::EarlierEntryMeets(uint32_t feature, uint32_t e, const Bounds& query) const {
  for (uint32_t i = feature_entries_[feature]; i < feature_entries_[feature + 1]; ++i) {
    const uint32_t other = entries_[i];
    if (other >= e) break;
    if (Meets(entry_bounds_[other], query)) return true;
  }
  return false;
}

uint32_t PolygonLayerIndex::Locate(Meters p) const {
  const CellGrid& g = grid_;
  const double fx = (p.x - g.x0) * g.inv, fy = (p.y - g.y0) * g.inv;
  // Also false for NaN. Every polygon lies within the grid (BuildGrid).
  if (!(fx >= 0 && fy >= 0 && fx < g.cols && fy < g.rows)) return kNone;
  const Cell cell = g.cells[static_cast<size_t>(fy) * g.cols + static_cast<size_t>(fx)];
  uint32_t feature = kNone;
  // A second polygon to test is read while the first is tested, so when the
  // first misses, its cache misses have overlapped.
  if ((cell.second & (kMoreItems | kWholeItem)) == 0)
    __builtin_prefetch(slots_.data() + cell.second);
  if (cell.first == kNoItem || ItemHolds(cell.first, p, feature)) return feature;
  if (cell.second == kNoItem) return kNone;
  if (!(cell.second & kMoreItems)) return ItemHolds(cell.second, p, feature) ? feature : kNone;
  for (const uint32_t* item = g.items.data() + (cell.second & ~kMoreItems);; ++item) {
    if (ItemHolds(*item & ~kLastItem, p, feature)) return feature;
    if (*item & kLastItem) return kNone;
  }
}

bool PolygonLayerIndex::Holds(uint32_t feature, Meters p) const {
  assert(feature < size() && "PolygonLayerIndex::Holds: feature index beyond the layer");
  for (uint32_t i = feature_entries_[feature]; i < feature_entries_[feature + 1]; ++i) {
    const uint32_t e = entries_[i];
    if (Contains(entry_bounds_[e], p) && SlotHolds(entry_slot_[e], p)) return true;
  }
  return false;
}

namespace {

// The column (or row) of a coordinate, clamped to [0, n): monotone in v.
inline uint32_t CellOf(double v, double v0, double inv, uint32_t n) {
  const double k = (v - v0) * inv;
  if (!(k > 0)) return 0;
  if (k >= n) return n - 1;
  return static_cast<uint32_t>(k);
}

}  // namespace

// Every cell a polygon's bounds meet is one of: crossed by its boundary (an
// edge passes within `eps` of it: the point must be tested), inside it (all
// of the cell is held: no test), or outside it (not listed). `eps` covers the
// rounding of the cell arithmetic, so a point on or within rounding of an
// edge always lands in a cell where that edge's polygon is tested exactly.
void PolygonLayerIndex::BuildGrid(const PolygonSet& polygons,
                                  std::span<const uint32_t> entry_polygon) {
  CellGrid& g = grid_;
  Bounds all;
  for (const Bounds& b : entry_bounds_) all.Extend(b);
  if (all.Empty()) return;  // zero columns: Locate finds nothing

  const auto entries = static_cast<double>(entry_polygon.size());
  const double w = all.Width(), h = all.Height();
  const double target = std::clamp(kCellsPerPolygon * entries, double{kMinCells}, double{1 << 24});
  double cell = std::sqrt(w * h / target);
  if (!(cell > 0)) cell = std::max(w, h) / target;  // a line of polygons
  if (!(cell > 0)) cell = 1;                        // a point
  while ((std::floor(w / cell) + 1) * (std::floor(h / cell) + 1) > double{1 << 25}) cell *= 2;
  g.x0 = all.min_x;
  g.y0 = all.min_y;
  g.inv = 1 / cell;
  g.cols = static_cast<uint32_t>(w * g.inv) + 1;
  g.rows = static_cast<uint32_t>(h * g.inv) + 1;
  const double step = 1 / g.inv;
  const double magnitude = std::max(
      {std::abs(all.min_x), std::abs(all.max_x), std::abs(all.min_y), std::abs(all.max_y)});
  const double eps = 1e-6 * step + 64 * std::numeric_limits<double>::epsilon() * magnitude;

  // Every polygon's cells: which cells of its bounds its edges pass near.
  struct Span {
    uint32_t i0, i1, j0, j1;
  };
  auto span_of = [&](const Bounds& b) {
    return Span{
        CellOf(b.min_x - eps, g.x0, g.inv, g.cols), CellOf(b.max_x + eps, g.x0, g.inv, g.cols),
        CellOf(b.min_y - eps, g.y0, g.inv, g.rows), CellOf(b.max_y + eps, g.y0, g.inv, g.rows)};
  };
  // (cell, item) for every listed pair. Items of boundary cells whose centre
  // the polygon does not hold carry kLater (they are less likely to hold a
  // point of the cell, so they are tested last).
  struct Pair {
    uint32_t cell, item;
  };
  constexpr uint32_t kLater = 1u << 31;
  size_t bound = 0;
  for (const Bounds& b : entry_bounds_) {
    if (b.Empty()) continue;
    const Span s = span_of(b);
    bound += size_t{s.i1 - s.i0 + 1} * (s.j1 - s.j0 + 1);
  }
  LargeVector<Pair> pairs;
  pairs.reserve(bound);  // pages are only touched where written
  std::vector<uint8_t> mark;
  for (uint32_t e = 0; e < entry_polygon.size(); ++e) {
    const Bounds& b = entry_bounds_[e];
    if (b.Empty()) continue;
    const auto [i0, i1, j0, j1] = span_of(b);
    const uint32_t span_x = i1 - i0 + 1;
    mark.assign(size_t{span_x} * (j1 - j0 + 1), 0);

    // Mark the cells every edge (horizontal ones too) passes within eps of:
    // per column, the edge's y range over the column's x range.
    const uint32_t poly = entry_polygon[e];
    for (uint32_t r = polygons.polygon_rings[poly]; r < polygons.polygon_rings[poly + 1]; ++r) {
      const std::span<const Meters> ring = polygons.Ring(r);
      const size_t n = ring.size();
      for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const Meters a = ring[j], c = ring[i];
        const double xlo = std::min(a.x, c.x) - eps, xhi = std::max(a.x, c.x) + eps;
        const double ylo = std::min(a.y, c.y), yhi = std::max(a.y, c.y);
        const uint32_t c0 = std::max(CellOf(xlo, g.x0, g.inv, g.cols), i0);
        const uint32_t c1 = std::min(CellOf(xhi, g.x0, g.inv, g.cols), i1);
        const double slope = (c.y - a.y) / (c.x - a.x);
        const bool sloped = a.x != c.x && std::isfinite(slope);
        for (uint32_t col = c0; col <= c1; ++col) {
          double y_lo = ylo, y_hi = yhi;
          if (sloped && c0 != c1) {
            const double sx0 = std::max(xlo, g.x0 + col * step - eps);
            const double sx1 = std::min(xhi, g.x0 + (col + 1) * step + eps);
            const double y0 = a.y + (sx0 - a.x) * slope, y1 = a.y + (sx1 - a.x) * slope;
            y_lo = std::max(ylo, std::min(y0, y1));
            y_hi = std::min(yhi, std::max(y0, y1));
            if (!(y_lo <= y_hi)) y_lo = ylo, y_hi = yhi;  // rounding: take all of it
          }
          const uint32_t r0 = std::max(CellOf(y_lo - eps, g.y0, g.inv, g.rows), j0);
          const uint32_t r1 = std::min(CellOf(y_hi + eps, g.y0, g.inv, g.rows), j1);
          for (uint32_t row = r0; row <= r1; ++row) mark[size_t{row - j0} * span_x + col - i0] = 1;
        }
      }
    }

    // Classify by the cells' centres. Along a row, neighbouring unmarked
    // cells are all inside or all outside (no edge passes between their
    // centres), so one test serves each run of them.
    const uint32_t slot = entry_slot_[e];
    const uint32_t whole = slots_[slot].header.feature | kWholeItem;
    for (uint32_t row = j0; row <= j1; ++row) {
      int run = -1;  // inside status of the current run of unmarked cells; -1: not known
      for (uint32_t col = i0; col <= i1; ++col) {
        const Meters centre{g.x0 + (col + 0.5) * step, g.y0 + (row + 0.5) * step};
        const uint32_t cell = row * g.cols + col;
        if (mark[size_t{row - j0} * span_x + col - i0]) {
          pairs.push_back({cell, SlotHolds(slot, centre) ? slot : slot | kLater});
          run = -1;
          continue;
        }
        if (run < 0) run = SlotHolds(slot, centre);
        if (run) pairs.push_back({cell, whole});
      }
    }
  }

  // Counting sort by cell; within a cell, whole-cell items first, then
  // those holding the centre, then the rest.
  const size_t cells = size_t{g.cols} * g.rows;
  LargeVector<uint32_t> end(cells, 0);
  for (const Pair& pair : pairs) ++end[pair.cell];
  uint32_t total = 0;
  for (uint32_t& e : end) e = total += e;
  LargeVector<uint32_t> sorted(pairs.size());
  for (auto it = pairs.rbegin(); it != pairs.rend(); ++it) sorted[--end[it->cell]] = it->item;
  // end[c] is now the beginning of cell c.
  auto rank = [](uint32_t item) { return (item & kWholeItem) ? 0 : (item & kLater) ? 2 : 1; };
  g.cells.assign(cells, Cell{});
  g.items.clear();
  for (size_t c = 0; c < cells; ++c) {
    const uint32_t begin = end[c], stop = c + 1 < cells ? end[c + 1] : total;
    if (begin == stop) continue;
    uint32_t* list = sorted.data() + begin;
    const uint32_t n = stop - begin;
    for (uint32_t k = 1; k < n; ++k) {  // insertion sort: lists are short
      const uint32_t item = list[k];
      uint32_t m = k;
      for (; m > 0 && rank(list[m - 1]) > rank(item); --m) list[m] = list[m - 1];
      list[m] = item;
    }
    for (uint32_t k = 0; k < n; ++k) list[k] &= ~kLater;
    g.cells[c].first = list[0];
    if (n == 2) g.cells[c].second = list[1];
    if (n <= 2) continue;
    assert(g.items.size() < kMoreItems && "PolygonLayerIndex: more than 2^31 grid items");
    g.cells[c].second = kMoreItems | static_cast<uint32_t>(g.items.size());
    g.items.insert(g.items.end(), list + 1, list + n);
    g.items.back() |= kLastItem;
  }
}

size_t PolygonLayerIndex::MemoryBytes() const {
  return sizeof(*this) + tree_.MemoryBytes() - sizeof(tree_) + slots_.capacity() * sizeof(Slot) +
         (band_start_.capacity() + entry_slot_.capacity() + feature_entries_.capacity() +
          entries_.capacity() + grid_.items.capacity()) *
             sizeof(uint32_t) +
         grid_.cells.capacity() * sizeof(Cell) + entry_bounds_.capacity() * sizeof(Bounds);
}

// ---------------------------------------------------------------------------
// [SECTION] PolygonIndex: every level of a GridSet

PolygonIndex PolygonIndex::Build(const GridSet& set) {
  PolygonIndex index;
  index.level_begin_ = set.level_begin;
  std::vector<FeaturePolygons> features;
  for (int l = 0; l < kLevelCount; ++l) {
    features.clear();
    for (FeatureId id = set.level_begin[l]; id < set.level_begin[l + 1]; ++id) {
      features.push_back({set.features[id].first_polygon, set.features[id].polygon_count});
    }
    index.layers_[l] = PolygonLayerIndex::Build(set.polygons, features);
  }
  return index;
}

FeatureId PolygonIndex::Locate(Level level, Meters p) const {
  const int l = static_cast<int>(level);
  const uint32_t f = layers_[l].Locate(p);
  return f == PolygonLayerIndex::kNone ? kNoFeature : level_begin_[l] + f;
}

std::array<FeatureId, kLevelCount> PolygonIndex::LocateAll(Meters p) const {
  std::array<FeatureId, kLevelCount> ids;
  for (int l = 0; l < kLevelCount; ++l) ids[l] = Locate(static_cast<Level>(l), p);
  return ids;
}

FeatureId PolygonIndex::Deepest(Meters p) const {
  for (int l = kLevelCount - 1; l >= 0; --l) {
    const FeatureId id = Locate(static_cast<Level>(l), p);
    if (id != kNoFeature) return id;
  }
  return kNoFeature;
}

bool PolygonIndex::Holds(FeatureId id, Meters p) const {
  for (int l = 0; l < kLevelCount; ++l) {
    if (id >= level_begin_[l] && id < level_begin_[l + 1])
      return layers_[l].Holds(id - level_begin_[l], p);
  }
  assert(false && "PolygonIndex::Holds: id beyond the grid set the index was built from");
  return false;
}

size_t PolygonIndex::MemoryBytes() const {
  size_t bytes = sizeof(*this);
  for (const PolygonLayerIndex& layer : layers_) bytes += layer.MemoryBytes() - sizeof(layer);
  return bytes;
}

}  // namespace geo
