// A static packed Hilbert R-tree over axis-aligned boxes, after flatbush
// (github.com/mourner/flatbush): items are sorted by the Hilbert value of
// their box centres and packed bottom-up into nodes of kNodeSize boxes, every
// level stored in the same flat arrays. Nothing is allocated per query.
//
// Phases are explicit: Add every box, Finish once, then Search. Searching an
// unfinished tree, or adding to a finished one, asserts with a sentence.
//
//   PackedRTree tree;
//   for (const Bounds& b : boxes) tree.Add(b);   // item ids 0, 1, 2, … in order
//   tree.Finish();
//   tree.Search(query, [&](uint32_t item) { hits.push_back(item); });
//
// Boxes are closed: a box touching the query at one point intersects it.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "geo/geometry.hpp"
#include "geo/huge_page_allocator.hpp"

namespace geo {

// The order of `boxes` along a Hilbert curve through their centres over a
// 2^16 × 2^16 lattice on the union of the boxes; ties keep input order, so
// the result is deterministic. Empty boxes sort last.
std::vector<uint32_t> HilbertOrder(std::span<const Bounds> boxes);

class PackedRTree {
 public:
  static constexpr uint32_t kNodeSize = 16;

  PackedRTree() = default;

  // Reserves room for `items` boxes (optional).
  void Reserve(size_t items);
  // Adds a box and returns its item id: 0 for the first, then 1, 2, … An
  // empty box is kept (so ids stay dense) but never found.
  uint32_t Add(const Bounds& box);
  // Sorts the items along the Hilbert curve and builds the upper levels.
  // Items added in HilbertOrder already keep their positions (leaf position ==
  // item id), which lets a caller lay out its own per-item data in the same
  // cache-friendly order.
  void Finish();

  bool finished() const { return finished_; }
  size_t size() const { return item_count_; }
  size_t MemoryBytes() const;

  // Calls visit(item) for every item whose box intersects `query`. `visit`
  // may return void, or bool: false stops the search. Returns false when a
  // visit stopped it, true when it ran to the end.
  template <typename Visit>
  bool Search(const Bounds& query, Visit&& visit) const {
    return Walk(query.min_x, query.min_y, query.max_x, query.max_y, visit);
  }
  // The same for the items whose box contains `p` (boundary included).
  template <typename Visit>
  bool SearchPoint(Meters p, Visit&& visit) const {
    return Walk(p.x, p.y, p.x, p.y, visit);
  }

 private:
  template <typename Visit>
  bool Walk(double qx0, double qy0, double qx1, double qy1, Visit& visit) const;

  // Every box of every level, leaves first, then each level of parents; the
  // root is the last. Structure of arrays so a node's 16 tests vectorise.
  LargeVector<double> min_x_, min_y_, max_x_, max_y_;
  // For a leaf entry, its item id; for a parent entry, the position of its
  // first child (its children are the next ≤ kNodeSize entries).
  LargeVector<uint32_t> index_;
  // level_end_[l]: one past the last entry of level l (0 = leaves).
  std::vector<uint32_t> level_end_;
  uint32_t item_count_ = 0;
  bool finished_ = false;
};

// ---------------------------------------------------------------------------

template <typename Visit>
bool PackedRTree::Walk(double qx0, double qy0, double qx1, double qy1, Visit& visit) const {
  assert(finished_ && "PackedRTree: call Finish() after the last Add() and before searching");
  if (item_count_ == 0) return true;
  // Depth-first with an explicit stack of node starts: at most kNodeSize - 1
  // siblings wait per level, and a 32-bit id space has at most 8 levels.
  std::array<uint32_t, kNodeSize * 9> stack;
  std::array<uint8_t, kNodeSize * 9> stack_level;
  size_t top = 0;
  uint32_t node = level_end_.back() - 1;  // the root, alone on the top level
  size_t level = level_end_.size() - 1;
  const double* min_x = min_x_.data();
  const double* min_y = min_y_.data();
  const double* max_x = max_x_.data();
  const double* max_y = max_y_.data();
  for (;;) {
    // Test the node's boxes without branching, then visit the hits: random
    // queries make a branch per box unpredictable.
    const uint32_t count = std::min<uint32_t>(kNodeSize, level_end_[level] - node);
    uint32_t hits = 0;
    for (uint32_t k = 0; k < count; ++k) {
      const uint32_t pos = node + k;
      const bool miss =
          (max_x[pos] < qx0) | (max_y[pos] < qy0) | (min_x[pos] > qx1) | (min_y[pos] > qy1);
      hits |= static_cast<uint32_t>(!miss) << k;
    }
    for (; hits != 0; hits &= hits - 1) {
      const uint32_t pos = node + static_cast<uint32_t>(std::countr_zero(hits));
      if (level == 0) {
        if constexpr (std::is_same_v<decltype(visit(index_[pos])), bool>) {
          if (!visit(index_[pos])) return false;
        } else {
          visit(index_[pos]);
        }
      } else {
        stack[top] = index_[pos];
        stack_level[top] = static_cast<uint8_t>(level - 1);
        ++top;
      }
    }
    if (top == 0) return true;
    --top;
    node = stack[top];
    level = stack_level[top];
  }
}

}  // namespace geo
