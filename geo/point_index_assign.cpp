// The live-point index's bulk load: Assign, a counting sort of all points
// into freshly made tiles.
#include <fmt/format.h>

#include <algorithm>

#include "geo/point_index.hpp"

namespace geo {

// Two passes over the points: the first finds each point's cell and counts
// per cell, the second places each entry at its cell's cursor. Tiles come out
// exactly sized; nothing is sorted.
Result<void> PointIndex::Assign(std::span<const PointId> ids, std::span<const Meters> positions,
                                std::span<const PolygonId> polygons) {
  const size_t n = ids.size();
  if (positions.size() != n || polygons.size() != n * levels_) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("point index: Assign got {} ids, {} positions and {} polygon ids; "
                            "it needs one position and {} polygon ids per id",
                            n, positions.size(), polygons.size(), levels_));
  }
  PointId max_id = 0;
  for (PointId id : ids) max_id = std::max(max_id, id);
  if (max_id > kMaxPointId) return CheckPoint(max_id, Meters{});
  std::vector<uint32_t> cell_of(n == 0 ? 0 : static_cast<size_t>(max_id) + 1, kAbsent);
  std::vector<uint32_t> per_cell(grid_.TileCount() * kPointTileCells, 0);
  // Pass 1: check, find cells, count.
  for (size_t i = 0; i < n; ++i) {
    const PointId id = ids[i];
    if (cell_of[id] != kAbsent) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("point index: Assign got point {} twice", id));
    }
    if (auto ok = CheckPoint(id, positions[i]); !ok) return ok;
    if (levels_ > 0) {
      if (auto ok = CheckPolygons(id, polygons.subspan(i * levels_, levels_)); !ok) return ok;
    }
    const uint32_t key = CellKeyOf(positions[i]);
    cell_of[id] = key;
    if (key != kStray) ++per_cell[key];
  }
  // Tiles: offsets from the counts; per_cell becomes each cell's cursor.
  std::vector<std::shared_ptr<PointTile>> tiles(grid_.TileCount());
  for (size_t t = 0; t < tiles.size(); ++t) {
    uint32_t* counts = per_cell.data() + t * kPointTileCells;
    uint32_t total = 0;
    for (int c = 0; c < kPointTileCells; ++c) total += counts[c];
    if (total == 0) continue;
    auto tile = std::make_shared<PointTile>();
    uint32_t at = 0;
    for (int c = 0; c < kPointTileCells; ++c) {
      tile->offsets[c] = at;
      at += counts[c];
      counts[c] = tile->offsets[c];
    }
    tile->offsets[kPointTileCells] = at;
    tile->entries.resize(total);
    tiles[t] = std::move(tile);
  }
  // Pass 2: place.
  auto strays = std::make_shared<std::vector<StrayPoint>>();
  for (size_t i = 0; i < n; ++i) {
    const uint32_t key = cell_of[ids[i]];
    if (key == kStray) {
      strays->push_back({ids[i], positions[i]});
      continue;
    }
    PointEntry entry;
    Place(positions[i], ids[i], entry);
    tiles[key / kPointTileCells]->entries[per_cell[key]++] = entry;
  }
  // Counts.
  auto counts = std::make_shared<PointCounts>();
  counts->level_begin = counts_->level_begin;
  counts->counts.assign(counts->level_begin.back(), 0);
  std::vector<uint32_t> region_of;
  if (levels_ > 0) {
    counts_ = counts;  // Count() adds into it
    counts_owned_ = true;
    region_of.assign(cell_of.size(), 0);
    for (size_t i = 0; i < n; ++i) {
      region_of[ids[i]] = Intern(polygons.subspan(i * levels_, levels_));
      Count(region_of[ids[i]], +1);
    }
  }
  // Commit: everything is new, so the writer owns all of it.
  tiles_ = std::move(tiles);
  owned_list_.clear();
  for (uint32_t t = 0; t < tiles_.size(); ++t) {
    tile_owned_[t] = tiles_[t] != nullptr;
    if (tiles_[t]) owned_list_.push_back(t);
  }
  strays_ = std::move(strays);
  strays_owned_ = true;
  counts_ = std::move(counts);
  counts_owned_ = true;
  cell_of_ = std::move(cell_of);
  region_of_ = std::move(region_of);
  size_ = n;
  changed_ = true;
  return {};
}

}  // namespace geo
