// Which area holds a point, fast: a static index over the polygons of every
// level of a grid set, with an exact point-in-polygon test whose rule for
// points on edges and vertices gives every point of a tiling exactly one
// owner.
//
// [SECTION] The boundary rule
//
// A polygon holds the points inside it, plus the points of its boundary that
// it lies east of (or, along a horizontal edge, north of). Formally:
//
//   polygon P holds p  ⇔  p + (ε, ε²) is inside P for every small enough ε > 0
//
// so a polygon is closed on its west and south sides and open on its east
// and north sides, like a pixel:
//
//   - a point on a shared non-horizontal edge belongs to the polygon east of
//     that edge (on its +x side);
//   - a point on a shared horizontal edge belongs to the polygon north of it
//     (+y);
//   - a shared vertex belongs to the polygon that holds the points just east
//     of it (just north-east where an edge leaves it eastwards).
//
// Consequence, the contract users rely on: when polygons tile an area and
// neighbours share identical vertices (as the loader delivers the sample
// county and as topology QA demands), every point of the tiled area belongs
// to exactly one of them — none is counted twice, none is lost, shared edges
// and vertices included. Points on the outer boundary of the tiling belong to
// it on its west and south sides only. Levels that nest with identical
// vertices (communities made of their grids) give consistent answers: the
// grid found lies in the community found.
//
// How: the crossing number of the ray from p towards +x, counting an edge iff
// y_lo ≤ p.y < y_hi (half-open, so a vertex on the ray counts once and
// horizontal edges never) and p lies strictly west of it, decided by the sign
// of a cross product computed from the edge's endpoints ordered lower-first.
// Both polygons sharing an edge therefore compute bit-identical products, so
// a point within rounding of a shared slanted edge (which a computed midpoint
// usually is) still goes to exactly one side. A point exactly on a vertex is
// decided without rounding. The exactly-one guarantee needs identical shared
// vertices: at a T-junction (a vertex in the middle of the neighbour's edge)
// points within about 1e-16 (relative) of that edge may go to neither or
// both.
//
// Holes and multipolygons: each polygon is even-odd over all of its rings
// (outer and holes); a feature holds p when any of its polygons does.
//
// [SECTION] Exact tests without an index
// [SECTION] PolygonLayerIndex: one set of features
// [SECTION] PolygonIndex: every level of a GridSet
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "geo/geometry.hpp"
#include "geo/grid_set.hpp"
#include "geo/huge_page_allocator.hpp"
#include "geo/packed_rtree.hpp"

namespace geo {

// ---------------------------------------------------------------------------
// [SECTION] Exact tests without an index

// The polygons of one feature: [first_polygon, first_polygon + polygon_count)
// of a PolygonSet.
struct FeaturePolygons {
  uint32_t first_polygon = 0;
  uint32_t polygon_count = 0;
};

// Whether polygon `polygon` of `set` holds `p` under the boundary rule: a
// scan of all its edges, O(vertices). The index gives the same answer, bit
// for bit, faster.
bool PolygonHolds(const PolygonSet& set, size_t polygon, Meters p);

// Whether any polygon of `feature` holds `p`.
bool FeatureHolds(const PolygonSet& set, FeaturePolygons feature, Meters p);

// ---------------------------------------------------------------------------
// [SECTION] PolygonLayerIndex: one set of features

// An index over one set of features that should not overlap (one level of a
// grid set, or any polygon layer). Three parts, all flat arrays:
//
//   - per polygon, a header and its edges in one run of 32-byte slots, the
//     edges bucketed into horizontal bands when there are many, so the exact
//     test reads a few consecutive cache lines;
//   - a packed Hilbert R-tree over the bounds of every polygon, for Search
//     and Holding;
//   - for Locate, a uniform grid of cells over the layer (about
//     kCellsPerPolygon per polygon, at least kMinCells): a cell no boundary
//     comes near names the feature holding all of it, or none; any other
//     cell lists the features holding all of it, then the polygons whose
//     boundary passes near it (within a margin far above rounding), tested
//     exactly. So many points cost one read of the grid, most of the rest
//     one more. Locate answers exactly what the scan (FeatureHolds) would.
//
// The grid is uniform: a layer of very unevenly sized or tightly clustered
// polygons gets long cell lists where they crowd, and Locate slows there;
// its answers stay exact.
//
// The index copies what it needs: the PolygonSet may change or go once it is
// built. Immutable after Build, so any number of threads may query it. At
// most 2^30 − 1 features and 2^30 slots (about 2^30 edges) per layer.
class PolygonLayerIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr uint32_t kCellsPerPolygon = 16;
  static constexpr uint32_t kMinCells = 16384;

  PolygonLayerIndex() = default;  // an index of nothing: every query misses

  // Feature i is features[i]; queries answer those indices.
  static PolygonLayerIndex Build(const PolygonSet& polygons,
                                 std::span<const FeaturePolygons> features);

  // The feature holding `p`, or kNone. If features overlap (they should not;
  // `gridops check` reports it) the answer is one of those holding p: the
  // same one every time, but not necessarily the lowest index.
  uint32_t Locate(Meters p) const;

  // Whether feature `feature` holds `p`.
  bool Holds(uint32_t feature, Meters p) const;

  // Calls visit(feature) once for every feature holding `p` (more than one
  // only where features overlap).
  template <typename Visit>
  void Holding(Meters p, Visit&& visit) const;

  // Calls visit(feature) once for every feature with a polygon whose bounds
  // intersect `query` (closed boxes). Candidates, not an exact intersection.
  template <typename Visit>
  void Search(const Bounds& query, Visit&& visit) const;

  size_t size() const { return feature_entries_.empty() ? 0 : feature_entries_.size() - 1; }
  size_t MemoryBytes() const;

 private:
  // One non-horizontal edge, endpoints ordered lower-first (lo_y < hi_y):
  // lo = (lo_x, lo_y), hi = (lo_x + dx, hi_y), with dx exactly as PolygonHolds
  // computes hi.x - lo.x.
  struct Edge {
    double lo_x, lo_y, hi_y, dx;
  };
  // A polygon's first slot. Its `edges` edge slots follow. With one band they
  // are all tested; with more, band k covers y in [y0 + k/scale,
  // y0 + (k+1)/scale) and its edges are the following slots
  // [band_start_[table + k], band_start_[table + k + 1]), every edge whose
  // [lo_y, hi_y] meets the band (an edge may be in several).
  struct Header {
    double y0, scale;
    uint32_t feature;
    uint32_t bands;
    uint32_t edges;
    uint32_t table;
  };
  union Slot {
    Edge edge;
    Header header;
  };
  static_assert(sizeof(Slot) == 32);

  // The Locate grid: the cell of p is (⌊(p.x − x0)·inv⌋, ⌊(p.y − y0)·inv⌋),
  // row-major. A cell holds its first two items in place, so most cells
  // cost one memory read; `second` may instead point at the rest of a
  // longer list in `items`, which ends at the item marked kLastItem. An item
  // is kWholeItem | feature (the feature holds all of the cell; such items
  // come first) or the slot of a polygon to test; kNoItem is none.
  struct Cell {
    uint32_t first = kNoItem;
    uint32_t second = kNoItem;
  };
  static constexpr uint32_t kNoItem = UINT32_MAX;
  static constexpr uint32_t kMoreItems = 1u << 31;  // on `second`: the rest are at items[payload]
  static constexpr uint32_t kLastItem = 1u << 31;   // on an item of `items`
  static constexpr uint32_t kWholeItem = 1u << 30;
  static constexpr uint32_t kPayload = kWholeItem - 1;
  struct CellGrid {
    double x0 = 0, y0 = 0, inv = 0;
    uint32_t cols = 0, rows = 0;
    LargeVector<Cell> cells;
    LargeVector<uint32_t> items;
  };

  // Whether `item` (not kNoItem) says `p` is held; sets `feature` if so.
  bool ItemHolds(uint32_t item, Meters p, uint32_t& feature) const {
    if (item & kWholeItem) {
      feature = item & kPayload;
      return true;
    }
    if (!SlotHolds(item, p)) return false;
    feature = slots_[item].header.feature;
    return true;
  }

  void BuildGrid(const PolygonSet& polygons, std::span<const uint32_t> entry_polygon);

  // Whether the polygon whose header is slot `slot` holds `p` (any p).
  bool SlotHolds(uint32_t slot, Meters p) const;
  // Whether an entry of feature `feature` before entry `e` holds `p` or (for
  // Search) has bounds meeting `query`: the dedup for multipolygons.
  bool EarlierEntryHolds(uint32_t feature, uint32_t e, Meters p) const;
  bool EarlierEntryMeets(uint32_t feature, uint32_t e, const Bounds& query) const;

  // Entries are polygons in Hilbert order; entry e is item e of the tree and
  // its header is slots_[entry_slot_[e]].
  PackedRTree tree_;
  LargeVector<Slot> slots_;
  std::vector<uint32_t> band_start_;
  std::vector<uint32_t> entry_slot_;
  std::vector<Bounds> entry_bounds_;
  // Feature f's entries: entries_[feature_entries_[f] … feature_entries_[f + 1]), ascending.
  std::vector<uint32_t> feature_entries_;
  std::vector<uint32_t> entries_;
  CellGrid grid_;
};

// ---------------------------------------------------------------------------
// [SECTION] PolygonIndex: every level of a GridSet

// A PolygonLayerIndex per level of a grid set, answering FeatureIds.
class PolygonIndex {
 public:
  PolygonIndex() = default;  // an index of nothing
  static PolygonIndex Build(const GridSet& set);

  // The feature of `level` holding `p`, or kNoFeature.
  FeatureId Locate(Level level, Meters p) const;
  // The feature holding `p` at every level (kNoFeature where none does, and
  // for levels the set does not deliver).
  std::array<FeatureId, kLevelCount> LocateAll(Meters p) const;
  // The deepest feature holding `p`: a building, else a compound, else a
  // grid, else a community, else kNoFeature.
  FeatureId Deepest(Meters p) const;
  // Whether feature `id` holds `p`.
  bool Holds(FeatureId id, Meters p) const;

  // Calls visit(FeatureId) once for every feature of `level` with a polygon
  // whose bounds intersect `query`.
  template <typename Visit>
  void Search(Level level, const Bounds& query, Visit&& visit) const {
    const FeatureId base = level_begin_[static_cast<int>(level)];
    layers_[static_cast<int>(level)].Search(query, [&](uint32_t f) { visit(base + f); });
  }

  const PolygonLayerIndex& layer(Level level) const { return layers_[static_cast<int>(level)]; }
  size_t MemoryBytes() const;

 private:
  std::array<PolygonLayerIndex, kLevelCount> layers_;
  std::array<FeatureId, kLevelCount + 1> level_begin_{};
};

// ---------------------------------------------------------------------------

template <typename Visit>
void PolygonLayerIndex::Holding(Meters p, Visit&& visit) const {
  if (entry_slot_.empty()) return;
  tree_.SearchPoint(p, [&](uint32_t e) {
    if (!SlotHolds(entry_slot_[e], p)) return;
    const uint32_t f = slots_[entry_slot_[e]].header.feature;
    if (feature_entries_[f + 1] - feature_entries_[f] > 1 && EarlierEntryHolds(f, e, p)) return;
    visit(f);
  });
}

template <typename Visit>
void PolygonLayerIndex::Search(const Bounds& query, Visit&& visit) const {
  if (entry_slot_.empty()) return;
  tree_.Search(query, [&](uint32_t e) {
    const uint32_t f = slots_[entry_slot_[e]].header.feature;
    if (feature_entries_[f + 1] - feature_entries_[f] > 1 && EarlierEntryMeets(f, e, query)) return;
    visit(f);
  });
}

}  // namespace geo
