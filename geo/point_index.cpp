// The live-point index's writer: creation, Insert / Move / Remove with
// copy-on-write tiles, Publish, and the memory account (the bulk Assign is in
// point_index_assign.cpp).
//
// [SECTION] Creation
// [SECTION] Checks
// [SECTION] Tiles and strays (copy-on-write)
// [SECTION] Polygon tuples and counts
// [SECTION] Insert, Move, Remove
// [SECTION] Publish and memory
#include "geo/point_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <utility>

namespace geo {

// ---------------------------------------------------------------------------
// [SECTION] Creation
// ---------------------------------------------------------------------------

double SuggestCellSize(const Bounds& extent, size_t expected_points, double points_per_cell) {
  if (extent.Empty() || expected_points == 0) return 128;
  const double area = std::max(extent.Width(), 1.0) * std::max(extent.Height(), 1.0);
  const double side = std::sqrt(area * points_per_cell / static_cast<double>(expected_points));
  const double rounded = std::exp2(std::round(std::log2(std::max(side, 1.0))));
  return std::clamp(rounded, 1.0, 4096.0);
}

Result<std::unique_ptr<PointIndex>> PointIndex::Create(PointIndexOptions options) {
  const Bounds& e = options.extent;
  if (e.Empty() || !(e.min_y <= e.max_y) || !std::isfinite(e.min_x) || !std::isfinite(e.max_x) ||
      !std::isfinite(e.min_y) || !std::isfinite(e.max_y)) {
    return Fail(ErrorCode::kInvalidInput,
                "point index: extent must be finite and non-empty (min ≤ max on both axes)");
  }
  const double cell = options.cell_size_m;
  int exponent = 0;
  if (!(cell >= 1.0 / 16 && cell <= 4096) || std::frexp(cell, &exponent) != 0.5) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("point index: cell_size_m {} must be a power of two from 1/16 to "
                            "4096 m (SuggestCellSize gives one)",
                            cell));
  }
  if (options.polygons_per_level.size() > kMaxPointLevels) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("point index: {} polygon levels given, at most {}",
                            options.polygons_per_level.size(), kMaxPointLevels));
  }
  PointGrid g;
  g.cell_size = cell;
  g.inv_cell = 1 / cell;
  g.step = cell / kPointLattice;
  g.inv_step = kPointLattice / cell;
  g.origin_x = std::floor(e.min_x / cell) * cell;
  g.origin_y = std::floor(e.min_y / cell) * cell;
  // One cell more than the extent needs, so that max itself is inside.
  const double nx = std::floor((e.max_x - g.origin_x) / cell) + 1;
  const double ny = std::floor((e.max_y - g.origin_y) / cell) + 1;
  constexpr double kMaxCells = 1 << 26;
  if (nx * ny > kMaxCells || std::abs(g.origin_x) / cell > 1e12 ||
      std::abs(g.origin_y) / cell > 1e12) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("point index: an extent of {:.0f} × {:.0f} m at {} m cells needs "
                            "{:.0f} cells, more than 2^26; use larger cells",
                            e.Width(), e.Height(), cell, nx * ny));
  }
  g.cells_x = static_cast<int32_t>(nx);
  g.cells_y = static_cast<int32_t>(ny);
  g.tiles_x = (g.cells_x + kPointTileSide - 1) / kPointTileSide;
  g.tiles_y = (g.cells_y + kPointTileSide - 1) / kPointTileSide;
  return std::unique_ptr<PointIndex>(new PointIndex(g, std::move(options.polygons_per_level)));
}

PointIndex::PointIndex(const PointGrid& grid, std::vector<uint32_t> polygons_per_level)
    : grid_(grid), levels_(polygons_per_level.size()) {
  tiles_.resize(grid_.TileCount());
  tile_owned_.assign(grid_.TileCount(), 0);
  strays_ = std::make_shared<std::vector<StrayPoint>>();
  auto counts = std::make_shared<PointCounts>();
  for (uint32_t n : polygons_per_level)
    counts->level_begin.push_back(counts->level_begin.back() + n);
  counts->counts.assign(counts->level_begin.back(), 0);
  counts_ = std::move(counts);
  // Version 0: the empty index, so that Latest() always has an answer.
  auto empty = std::shared_ptr<PointSnapshot>(new PointSnapshot());
  empty->grid_ = grid_;
  empty->tiles_.assign(tiles_.begin(), tiles_.end());
  empty->strays_ = strays_;
  empty->counts_ = counts_;
  latest_ = std::move(empty);
}

PointIndex::~PointIndex() = default;

// ---------------------------------------------------------------------------
// [SECTION] Checks
// ---------------------------------------------------------------------------

bool PointIndex::Contains(PointId id) const {
  return id < cell_of_.size() && cell_of_[id] != kAbsent;
}

Result<void> PointIndex::CheckPoint(PointId id, Meters p) const {
  if (id > kMaxPointId) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("point {}: ids above {} are refused; ids index arrays, keep them "
                            "dense (row numbers, not hashes)",
                            id, kMaxPointId));
  }
  if (std::isfinite(p.x) && std::isfinite(p.y)) return {};
  return Fail(ErrorCode::kInvalidInput,
              fmt::format("point {}: position ({}, {}) is not finite", id, p.x, p.y));
}

Result<void> PointIndex::CheckPolygons(PointId id, std::span<const PolygonId> polygons) const {
  if (polygons.size() != levels_) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("point {}: {} polygon ids given, the index counts {} levels (pass "
                            "kNoPolygon where a level has none)",
                            id, polygons.size(), levels_));
  }
  const std::vector<uint32_t>& begin = counts_->level_begin;
  for (size_t l = 0; l < levels_; ++l) {
    const uint32_t n = begin[l + 1] - begin[l];
    if (polygons[l] != kNoPolygon && polygons[l] >= n) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("point {}: polygon {} at level {} is out of range (the level has "
                              "{} polygons)",
                              id, polygons[l], l, n));
    }
  }
  return {};
}

uint32_t PointIndex::CellKeyOf(Meters p) const {
  int32_t cx, cy;
  return grid_.CellOf(p, cx, cy) ? grid_.CellKey(cx, cy) : kStray;
}

// The cell key of `p` (kStray outside the grid) and, inside, its entry.
uint32_t PointIndex::Place(Meters p, PointId id, PointEntry& entry) const {
  int32_t cx, cy;
  if (!grid_.CellOf(p, cx, cy)) return kStray;
  entry =
      PointEntry{id, grid_.Quantise(p.x, grid_.CellX(cx)), grid_.Quantise(p.y, grid_.CellY(cy))};
  return grid_.CellKey(cx, cy);
}

void PointIndex::GrowIds(PointId id) {
  if (id < cell_of_.size()) return;
  // Geometric growth, so inserting ids in order is amortised O(1).
  const size_t n = std::max<size_t>(static_cast<size_t>(id) + 1, cell_of_.size() * 3 / 2);
  cell_of_.resize(n, kAbsent);
  if (levels_ > 0) region_of_.resize(n, 0);
}

// ---------------------------------------------------------------------------
// [SECTION] Tiles and strays (copy-on-write)
// ---------------------------------------------------------------------------

// The writer's own copy of tile `t`: the tile itself when made after the
// last Publish, else a copy (with 1/16 headroom for points moving in), or a
// new empty tile.
PointTile& PointIndex::MutableTile(uint32_t t) {
  if (tile_owned_[t]) return *tiles_[t];
  auto copy = std::make_shared<PointTile>();
  if (const PointTile* old = tiles_[t].get()) {
    copy->offsets = old->offsets;
    copy->entries.reserve(old->entries.size() + old->entries.size() / 16 + 4);
    copy->entries.assign(old->entries.begin(), old->entries.end());
  }
  tiles_[t] = std::move(copy);
  tile_owned_[t] = 1;
  owned_list_.push_back(t);
  return *tiles_[t];
}

// An emptied tile is freed; the next point there makes a new one.
void PointIndex::ReleaseIfEmpty(uint32_t t) {
  if (tiles_[t] && tiles_[t]->entries.empty()) {
    tiles_[t].reset();
    tile_owned_[t] = 0;
  }
}

std::vector<StrayPoint>& PointIndex::MutableStrays() {
  if (!strays_owned_) {
    strays_ = std::make_shared<std::vector<StrayPoint>>(*strays_);
    strays_owned_ = true;
  }
  return *strays_;
}

void PointIndex::AddToCell(uint32_t key, PointEntry entry) {
  PointTile& tile = MutableTile(key / kPointTileCells);
  const uint32_t local = key % kPointTileCells;
  std::vector<PointEntry>& entries = tile.entries;
  // Grow by 1/16, not the vector's doubling: slack is memory per point.
  if (entries.size() == entries.capacity()) entries.reserve(entries.size() * 17 / 16 + 4);
  entries.insert(entries.begin() + tile.offsets[local + 1], entry);
  for (uint32_t c = local + 1; c <= kPointTileCells; ++c) ++tile.offsets[c];
}

// Finds `id` in cell `key` (it must be there) and takes it out.
PointEntry PointIndex::TakeFromCell(uint32_t key, PointId id) {
  const uint32_t t = key / kPointTileCells, local = key % kPointTileCells;
  PointTile& tile = MutableTile(t);
  std::vector<PointEntry>& entries = tile.entries;
  uint32_t i = tile.offsets[local];
  while (i < tile.offsets[local + 1] && entries[i].id != id) ++i;
  assert(i < tile.offsets[local + 1] && "cell_of_ names a cell that lacks the point");
  const PointEntry entry = entries[i];
  entries.erase(entries.begin() + i);
  for (uint32_t c = local + 1; c <= kPointTileCells; ++c) --tile.offsets[c];
  ReleaseIfEmpty(t);
  return entry;
}

// Moves the point of `entry.id` from one cell to another of the same tile:
// shifts only the entries between the two cells by one.
void PointIndex::ChangeCellInTile(uint32_t old_key, uint32_t new_key, PointEntry entry) {
  PointTile& tile = MutableTile(old_key / kPointTileCells);
  const uint32_t from = old_key % kPointTileCells, to = new_key % kPointTileCells;
  PointEntry* e = tile.entries.data();
  uint32_t i = tile.offsets[from];
  while (i < tile.offsets[from + 1] && e[i].id != entry.id) ++i;
  assert(i < tile.offsets[from + 1] && "cell_of_ names a cell that lacks the point");
  if (to > from) {
    const uint32_t target = tile.offsets[to + 1] - 1;
    std::memmove(e + i, e + i + 1, (target - i) * sizeof(PointEntry));
    e[target] = entry;
    for (uint32_t c = from + 1; c <= to; ++c) --tile.offsets[c];
  } else {
    const uint32_t target = tile.offsets[to + 1];
    std::memmove(e + target + 1, e + target, (i - target) * sizeof(PointEntry));
    e[target] = entry;
    for (uint32_t c = to + 1; c <= from; ++c) ++tile.offsets[c];
  }
}

// ---------------------------------------------------------------------------
// [SECTION] Polygon tuples and counts
// ---------------------------------------------------------------------------

size_t PointIndex::TupleHash::operator()(const Tuple& t) const {
  uint64_t h = 0x9e3779b97f4a7c15ull;
  for (PolygonId p : t) h = (h ^ p) * 0xff51afd7ed558ccdull;
  return static_cast<size_t>(h ^ (h >> 32));
}

uint32_t PointIndex::Intern(std::span<const PolygonId> polygons) {
  Tuple t;
  t.fill(kNoPolygon);
  std::copy(polygons.begin(), polygons.end(), t.begin());
  const auto [it, added] = tuple_ids_.try_emplace(t, static_cast<uint32_t>(tuples_.size()));
  if (added) tuples_.push_back(t);
  return it->second;
}

void PointIndex::Count(uint32_t region, int delta) {
  if (levels_ == 0) return;
  if (!counts_owned_) {
    counts_ = std::make_shared<PointCounts>(*counts_);
    counts_owned_ = true;
  }
  const Tuple& t = tuples_[region];
  for (size_t l = 0; l < levels_; ++l) {
    if (t[l] != kNoPolygon) counts_->counts[counts_->level_begin[l] + t[l]] += delta;
  }
}

// ---------------------------------------------------------------------------
// [SECTION] Insert, Move, Remove
// ---------------------------------------------------------------------------

Result<void> PointIndex::Insert(PointId id, Meters p, std::span<const PolygonId> polygons) {
  if (Contains(id)) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("point {} is already in the index; Move it instead", id));
  }
  if (auto ok = CheckPoint(id, p); !ok) return ok;
  if (auto ok = CheckPolygons(id, polygons); !ok) return ok;
  GrowIds(id);
  PointEntry entry;
  const uint32_t key = Place(p, id, entry);
  if (key == kStray) {
    MutableStrays().push_back({id, p});
  } else {
    AddToCell(key, entry);
  }
  cell_of_[id] = key;
  if (levels_ > 0) {
    region_of_[id] = Intern(polygons);
    Count(region_of_[id], +1);
  }
  ++size_;
  changed_ = true;
  return {};
}

Result<void> PointIndex::Move(PointId id, Meters p, std::span<const PolygonId> polygons) {
  if (!Contains(id)) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("point {} is not in the index; Insert it first", id));
  }
  if (auto ok = CheckPoint(id, p); !ok) return ok;
  if (!polygons.empty()) {
    if (auto ok = CheckPolygons(id, polygons); !ok) return ok;
  }
  const uint32_t old_key = cell_of_[id];
  PointEntry entry;
  const uint32_t new_key = Place(p, id, entry);
  if (old_key != kStray && new_key == old_key) {
    // The common case: a small step inside the cell.
    PointTile& tile = MutableTile(old_key / kPointTileCells);
    const uint32_t local = old_key % kPointTileCells;
    uint32_t i = tile.offsets[local];
    while (tile.entries[i].id != id) ++i;
    tile.entries[i] = entry;
  } else if (old_key != kStray && new_key != kStray &&
             old_key / kPointTileCells == new_key / kPointTileCells) {
    ChangeCellInTile(old_key, new_key, entry);
  } else {
    if (old_key == kStray) {
      std::vector<StrayPoint>& strays = MutableStrays();
      auto it = std::find_if(strays.begin(), strays.end(),
                             [id](const StrayPoint& s) { return s.id == id; });
      assert(it != strays.end() && "cell_of_ says stray, the stray list lacks it");
      *it = strays.back();
      strays.pop_back();
    } else {
      TakeFromCell(old_key, id);
    }
    if (new_key == kStray) {
      MutableStrays().push_back({id, p});
    } else {
      AddToCell(new_key, entry);
    }
  }
  cell_of_[id] = new_key;
  if (levels_ > 0 && !polygons.empty() &&
      !std::equal(polygons.begin(), polygons.end(), tuples_[region_of_[id]].begin())) {
    Count(region_of_[id], -1);
    region_of_[id] = Intern(polygons);
    Count(region_of_[id], +1);
  }
  changed_ = true;
  return {};
}

Result<void> PointIndex::Remove(PointId id) {
  if (!Contains(id)) {
    return Fail(ErrorCode::kNotFound, fmt::format("point {} is not in the index", id));
  }
  const uint32_t key = cell_of_[id];
  if (key == kStray) {
    std::vector<StrayPoint>& strays = MutableStrays();
    auto it = std::find_if(strays.begin(), strays.end(),
                           [id](const StrayPoint& s) { return s.id == id; });
    *it = strays.back();
    strays.pop_back();
  } else {
    TakeFromCell(key, id);
  }
  cell_of_[id] = kAbsent;
  if (levels_ > 0) Count(region_of_[id], -1);
  --size_;
  changed_ = true;
  return {};
}

// ---------------------------------------------------------------------------
// [SECTION] Publish and memory
// ---------------------------------------------------------------------------

std::shared_ptr<const PointSnapshot> PointIndex::Publish() {
  if (!changed_) return Latest();
  auto snap = std::shared_ptr<PointSnapshot>(new PointSnapshot());
  snap->grid_ = grid_;
  snap->tiles_.assign(tiles_.begin(), tiles_.end());
  snap->strays_ = strays_;
  snap->counts_ = counts_;
  snap->size_ = size_;
  snap->version_ = ++version_;
  // From here on the snapshot shares every tile: the next change copies.
  for (uint32_t t : owned_list_) tile_owned_[t] = 0;
  owned_list_.clear();
  strays_owned_ = false;
  counts_owned_ = false;
  changed_ = false;
  std::shared_ptr<const PointSnapshot> previous;
  {
    std::lock_guard<std::mutex> lock(latest_mutex_);
    previous = std::exchange(latest_, snap);
  }
  return snap;  // `previous` is dropped here, outside the lock
}

size_t PointIndex::MemoryBytes() const {
  // Per heap block: the allocator's header (glibc: 16 bytes on 64-bit).
  constexpr size_t kBlock = 16;
  // make_shared's control block sits in the same block as the object.
  constexpr size_t kControl = 16;
  size_t bytes = sizeof(*this);
  for (const auto& tile : tiles_) {
    if (!tile) continue;
    bytes += kBlock + kControl + sizeof(PointTile);
    bytes += kBlock + tile->entries.capacity() * sizeof(PointEntry);
  }
  bytes += tiles_.capacity() * sizeof(tiles_[0]) + tile_owned_.capacity() +
           owned_list_.capacity() * sizeof(uint32_t);
  bytes += kBlock + kControl + sizeof(*strays_) + strays_->capacity() * sizeof(StrayPoint);
  bytes += cell_of_.capacity() * sizeof(uint32_t) + region_of_.capacity() * sizeof(uint32_t);
  bytes += tuples_.capacity() * sizeof(Tuple);
  // unordered_map: one node (next pointer, the pair, the cached hash) per
  // tuple, and the bucket array.
  bytes += tuple_ids_.size() * (kBlock + sizeof(void*) + sizeof(Tuple) + 8 + sizeof(size_t)) +
           tuple_ids_.bucket_count() * sizeof(void*);
  bytes += kBlock + kControl + sizeof(PointCounts) + counts_->counts.capacity() * sizeof(uint32_t) +
           counts_->level_begin.capacity() * sizeof(uint32_t);
  // The latest snapshot, which the index itself keeps alive: its directory,
  // and during a batch the old versions of the tiles changed since.
  const std::shared_ptr<const PointSnapshot> latest = Latest();
  bytes += latest->OwnBytes();
  for (size_t t = 0; t < latest->tiles_.size(); ++t) {
    const PointTile* old = latest->tiles_[t].get();
    if (old == nullptr || old == tiles_[t].get()) continue;
    bytes += kBlock + kControl + sizeof(PointTile) + kBlock +
             old->entries.capacity() * sizeof(PointEntry);
  }
  if (latest->strays_ != strays_) {
    bytes +=
        kBlock + kControl + sizeof(*strays_) + latest->strays_->capacity() * sizeof(StrayPoint);
  }
  if (latest->counts_ != counts_) {
    bytes += kBlock + kControl + sizeof(PointCounts) +
             latest->counts_->counts.capacity() * sizeof(uint32_t);
  }
  return bytes;
}

}  // namespace geo
