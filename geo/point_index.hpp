// The live-point index: events (demands, sensors, incidents, grid workers)
// with a stable id and a position in display metres, inserted, moved and
// removed at a high rate while the renderer and the API query them.
//
// Threading model — one writer, many readers that never wait for it:
//
//   writer (the ingest thread, one at a time)
//       Insert / Move / Remove / Assign, then Publish() after a batch.
//       Every member of PointIndex except Latest() is the writer's alone.
//   readers (render, API, any number of threads)
//       auto snap = index.Latest();   // std::shared_ptr<const PointSnapshot>
//       snap->Window(...); snap->Nearest(...); snap->CountIn(...);
//       Latest() is safe from any thread at any time, also during a batch.
//
// A reader sees exactly the state at the last Publish() before its Latest(),
// never a half-applied batch, and the snapshot it holds never changes, however
// long it holds it. Readers never wait for the writer's work: queries touch
// only immutable memory, and the one lock anyone takes guards nothing but the
// latest snapshot's pointer, held for a shared_ptr copy (a reader) or swap
// (Publish) — tens of nanoseconds; freeing an old snapshot happens outside it.
// (Why not std::atomic<std::shared_ptr>: in libstdc++ 12 it is a spin lock
// over the same copy anyway, and its load() releases that lock with a relaxed
// store, a data race ThreadSanitizer reports — google/sanitizers#1558.)
//
// How: points live in tiles of 8 × 8 grid cells (point_index_grid.hpp). A
// published snapshot holds shared pointers to the tiles. The first time the
// writer changes a tile after a Publish it copies that tile (copy-on-write)
// and changes the copy; untouched tiles stay shared. Publish() hands the
// current tiles to a new snapshot and swaps it in as the latest. A snapshot's
// memory is freed when the last reader drops it.
//
// Cost model: Insert, Move and Remove are O(1) expected (a scan of one cell,
// plus a memmove inside one tile when a point changes cell), plus one tile
// copy (~10 KB at 16 points per cell) the first time a tile changes after a
// Publish. Publish is O(tiles) (a directory of shared pointers, ~3,000 for a
// 30 km county at 128 m cells). So publish once per batch (a frame, ~16 ms),
// not once per move.
//
// Per-polygon counts (choropleths): the caller locates each point in the
// static polygon index and passes its polygon per level (kNoPolygon where
// none) to Insert / Move; the index keeps counts[level][polygon] up to date
// and every snapshot carries the counts of its moment.
//
// Memory: 8 bytes per point in its tile (+ up to 1/16 copy-on-write headroom),
// 4 per id slot (id → cell) and, with polygon levels, 4 per id slot for the
// point's interned polygon tuple; tiles' offsets and the directory add < 1
// byte per point at 16 points per cell. Measured at 1M points (MemoryBytes):
// 12.3 bytes per point without levels, 16.4 with three; during a batch that
// touches every tile, until its Publish, 21.7 (old and new tiles both live).
// Ids index plain arrays: keep them dense (row numbers, not hashes); the
// arrays grow to the largest id seen.
//
// Limits of a uniform grid: the cell size is fixed at Create, so pick it for
// the expected density (SuggestCellSize). Crowded cells make Nearest scan
// more points, and very sparse data makes it walk many empty cells; windows
// and radii cost what they return plus the cells they cover.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "geo/error.hpp"
#include "geo/geometry.hpp"
#include "geo/point_index_grid.hpp"
#include "geo/point_index_snapshot.hpp"

namespace geo {

// At most this many polygon levels per point (community, grid, compound,
// building).
inline constexpr size_t kMaxPointLevels = 4;
// Ids index plain arrays (4–8 bytes per id up to the largest): this bound
// (4–8 GiB of arrays) catches hashes and other sparse ids passed by mistake.
inline constexpr PointId kMaxPointId = (1u << 30) - 1;

struct PointIndexOptions {
  // The county's extent in display metres. Points outside it still work
  // (kept exactly in a list that every query scans), but they are meant to
  // be strays, not thousands.
  Bounds extent;
  // Cell side in metres, a power of two from 1/16 to 4096 (so the storage
  // lattice is exact in binary). SuggestCellSize picks one for the data.
  double cell_size_m = 128;
  // Polygons per level for per-polygon counts, e.g. {14, 79, 241} for
  // communities, grids, compounds; empty for no counts.
  std::vector<uint32_t> polygons_per_level;
};

// A power-of-two cell size giving about `points_per_cell` points per cell
// when `expected_points` spread over `extent`, within [1, 4096] m.
double SuggestCellSize(const Bounds& extent, size_t expected_points, double points_per_cell = 16);

class PointIndex {
 public:
  // Fails with kInvalidInput naming the option when the extent is empty or
  // not finite, the cell size is not a power of two in range, the grid would
  // exceed 2^26 cells, or there are more than kMaxPointLevels levels.
  static Result<std::unique_ptr<PointIndex>> Create(PointIndexOptions options);

  PointIndex(const PointIndex&) = delete;
  PointIndex& operator=(const PointIndex&) = delete;
  ~PointIndex();

  // --- writer ---------------------------------------------------------------

  // Replaces everything with these points in one pass (a counting sort into
  // the tiles): the fast way to load a county. `polygons` holds
  // polygons_per_level.size() ids per point, point-major, or is empty when
  // there are no levels. Rejected whole, changing nothing, on a repeated id
  // or one above kMaxPointId, a position that is not finite or a polygon id
  // out of range.
  [[nodiscard]] Result<void> Assign(std::span<const PointId> ids, std::span<const Meters> positions,
                                    std::span<const PolygonId> polygons = {});
  // Adds a point. `polygons`: one id per level (kNoPolygon where none).
  // Fails on an id already present or above kMaxPointId, a position that is
  // not finite or a bad polygon list, changing nothing.
  [[nodiscard]] Result<void> Insert(PointId id, Meters position,
                                    std::span<const PolygonId> polygons = {});
  // Moves a point. `polygons` empty keeps its polygons (a move that the
  // caller knows stayed inside them); otherwise one id per level. Fails on an
  // unknown id or a bad position or polygon list, changing nothing.
  [[nodiscard]] Result<void> Move(PointId id, Meters position,
                                  std::span<const PolygonId> polygons = {});
  // Removes a point. Fails on an unknown id.
  [[nodiscard]] Result<void> Remove(PointId id);

  bool Contains(PointId id) const;
  size_t Size() const { return size_; }
  // Where the index keeps `position` (the 1/65536-cell lattice).
  Meters Stored(Meters position) const { return grid_.Stored(position); }
  const PointGrid& Grid() const { return grid_; }

  // Makes everything done so far visible to readers as a new snapshot and
  // returns it. Without changes since the last call it returns the latest
  // snapshot again.
  std::shared_ptr<const PointSnapshot> Publish();

  // Bytes the index holds now: the writer's tiles (capacity, allocator
  // headers included), directory, id arrays, strays, counts, polygon tuples,
  // and the latest snapshot (its directory and, during a batch, the old
  // versions of what changed since). Older snapshots that readers still hold
  // are theirs, not counted.
  size_t MemoryBytes() const;

  // --- any thread -------------------------------------------------------------

  // The latest published snapshot (an empty one before the first Publish).
  std::shared_ptr<const PointSnapshot> Latest() const {
    std::lock_guard<std::mutex> lock(latest_mutex_);
    return latest_;
  }

 private:
  explicit PointIndex(const PointGrid& grid, std::vector<uint32_t> polygons_per_level);

  using Tuple = std::array<PolygonId, kMaxPointLevels>;
  struct TupleHash {
    size_t operator()(const Tuple& t) const;
  };

  // What `id` maps to in cell_of_ besides a cell key.
  static constexpr uint32_t kAbsent = UINT32_MAX;
  static constexpr uint32_t kStray = UINT32_MAX - 1;

  Result<void> CheckPoint(PointId id, Meters p) const;
  Result<void> CheckPolygons(PointId id, std::span<const PolygonId> polygons) const;
  uint32_t CellKeyOf(Meters p) const;  // kStray outside the grid
  PointTile& MutableTile(uint32_t tile);
  void ReleaseIfEmpty(uint32_t tile);
  std::vector<StrayPoint>& MutableStrays();
  void AddToCell(uint32_t key, PointEntry entry);
  PointEntry TakeFromCell(uint32_t key, PointId id);
  void ChangeCellInTile(uint32_t old_key, uint32_t new_key, PointEntry entry);
  uint32_t Intern(std::span<const PolygonId> polygons);
  void Count(uint32_t region, int delta);
  uint32_t Place(Meters p, PointId id, PointEntry& entry) const;
  void GrowIds(PointId id);

  PointGrid grid_;
  size_t levels_ = 0;

  // Tiles by tile number; null when empty. tile_owned_[t] says the writer
  // made tiles_[t] after the last Publish, so no snapshot can see it and it
  // may change in place; owned_list_ lists those tiles for Publish to reset.
  std::vector<std::shared_ptr<PointTile>> tiles_;
  std::vector<uint8_t> tile_owned_;
  std::vector<uint32_t> owned_list_;
  std::shared_ptr<std::vector<StrayPoint>> strays_;
  bool strays_owned_ = false;

  // By id: cell key (PointGrid::CellKey), kStray or kAbsent; and, with
  // levels, the point's polygon tuple (an index into tuples_).
  std::vector<uint32_t> cell_of_;
  std::vector<uint32_t> region_of_;
  size_t size_ = 0;

  // Distinct polygon tuples seen, interned: tuple r is tuples_[r]. A county
  // has about as many as it has areas, so a point carries 4 bytes, not 16.
  std::vector<Tuple> tuples_;
  std::unordered_map<Tuple, uint32_t, TupleHash> tuple_ids_;
  std::shared_ptr<PointCounts> counts_;
  bool counts_owned_ = false;

  bool changed_ = false;
  uint64_t version_ = 0;
  mutable std::mutex latest_mutex_;  // guards latest_ (the pointer) only
  std::shared_ptr<const PointSnapshot> latest_;
};

}  // namespace geo
