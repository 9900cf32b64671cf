// The live-point index's storage: a uniform grid of square cells over the
// county, cells grouped into tiles of 8 × 8, each tile one immutable block
// that snapshots share (point_index.hpp explains who writes and who reads).
//
// Positions are stored quantised inside their cell: 16 bits per axis, so a
// point costs 8 bytes in its tile ({id, qx, qy}). With a power-of-two cell
// size the lattice is exact in binary: the stored position
//   x = origin_x + cx * cell_size + qx * cell_size / 65536
// is an exact double, and every query compares exact stored positions, so
// results are reproducible with plain double arithmetic (the tests do).
// At 128 m cells the lattice step is 1/512 m ≈ 2 mm, finer than event
// positions are known (~cm).
//
// Points outside the grid (strays: a bad GPS fix, an event across the county
// line) are kept exactly in a short unsorted list that every query scans.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "geo/geometry.hpp"

namespace geo {

using PointId = uint32_t;
using PolygonId = uint32_t;
inline constexpr PolygonId kNoPolygon = UINT32_MAX;

// Cells per tile side (a power of two) and per tile.
inline constexpr int kPointTileShift = 3;
inline constexpr int kPointTileSide = 1 << kPointTileShift;
inline constexpr int kPointTileCells = kPointTileSide * kPointTileSide;
// Lattice steps per cell side.
inline constexpr double kPointLattice = 65536.0;

// One point in a tile: its id and its position on its cell's lattice.
struct PointEntry {
  PointId id;
  uint16_t qx;
  uint16_t qy;
};
static_assert(sizeof(PointEntry) == 8);

// The points of 8 × 8 cells in one block, cells in row-major order inside
// the tile: cell c (= local_row * 8 + local_column) holds
// entries[offsets[c], offsets[c + 1]). Order inside a cell is arbitrary.
struct PointTile {
  std::array<uint32_t, kPointTileCells + 1> offsets{};
  std::vector<PointEntry> entries;
};

// A point outside the grid, kept exactly.
struct StrayPoint {
  PointId id;
  Meters position;
};

// The mapping between display metres and cells. Immutable after creation;
// every snapshot carries a copy.
struct PointGrid {
  double origin_x = 0;  // metres; lower-left corner of cell (0, 0), a multiple of cell_size
  double origin_y = 0;
  double cell_size = 1;             // metres, a power of two
  double step = 1 / kPointLattice;  // cell_size / 65536: the lattice step, metres
  // 1 / cell_size and 1 / step: exact (powers of two), so multiplying by them
  // is dividing, only faster.
  double inv_cell = 1;
  double inv_step = kPointLattice;
  int32_t cells_x = 1, cells_y = 1;
  int32_t tiles_x = 1, tiles_y = 1;

  // The cell holding `p`; false when `p` is outside the grid or not finite.
  bool CellOf(Meters p, int32_t& cx, int32_t& cy) const {
    const double fx = (p.x - origin_x) * inv_cell;
    const double fy = (p.y - origin_y) * inv_cell;
    // Written so that NaN fails too; truncation is floor once fx ≥ 0.
    if (!(fx >= 0 && fx < cells_x && fy >= 0 && fy < cells_y)) return false;
    cx = static_cast<int32_t>(fx);
    cy = static_cast<int32_t>(fy);
    return true;
  }
  double CellX(int32_t cx) const { return origin_x + cx * cell_size; }
  double CellY(int32_t cy) const { return origin_y + cy * cell_size; }

  // `v` (a coordinate inside the cell starting at `cell_min`) to the
  // nearest lattice step (halves up), the last step where rounding would
  // leave the cell.
  uint16_t Quantise(double v, double cell_min) const {
    const double q = (v - cell_min) * inv_step + 0.5;
    return static_cast<uint16_t>(q < 1 ? 0 : q >= kPointLattice ? kPointLattice - 1 : q);
  }

  // Tile-major cell number: tile * 64 + cell inside the tile. The writer
  // records it per id; it names the tile and the cell range in one value.
  uint32_t CellKey(int32_t cx, int32_t cy) const {
    const uint32_t tile =
        static_cast<uint32_t>((cy >> kPointTileShift) * tiles_x + (cx >> kPointTileShift));
    const uint32_t local = static_cast<uint32_t>(((cy & (kPointTileSide - 1)) << kPointTileShift) |
                                                 (cx & (kPointTileSide - 1)));
    return tile * kPointTileCells + local;
  }
  size_t TileCount() const { return static_cast<size_t>(tiles_x) * tiles_y; }

  // Where the index keeps `p`: on its cell's lattice inside the grid, `p`
  // itself outside. |stored − p| ≤ step per axis.
  Meters Stored(Meters p) const {
    int32_t cx, cy;
    if (!CellOf(p, cx, cy)) return p;
    const double x0 = CellX(cx), y0 = CellY(cy);
    return {x0 + Quantise(p.x, x0) * step, y0 + Quantise(p.y, y0) * step};
  }
};

// Even-odd (crossing-number) test of `p` against the closed ring `ring`
// (open: first point not repeated), in double arithmetic. The index answers
// InPolygon exactly as this function does for every stored position. A point
// within rounding (~1e-9 m) of an edge may go either way; a point exactly on
// a horizontal edge or vertex follows the half-open rule of PNPOLY, so that
// rings sharing an edge do not both claim it.
inline bool RingContains(std::span<const Meters> ring, Meters p) {
  bool inside = false;
  const size_t n = ring.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const Meters a = ring[i], b = ring[j];
    if ((a.y > p.y) != (b.y > p.y)) {
      const double xi = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
      if (p.x < xi) inside = !inside;
    }
  }
  return inside;
}

}  // namespace geo
