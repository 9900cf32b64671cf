#include "geo/packed_rtree.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace geo {

namespace {

// Hilbert curve index of (x, y) on a 2^16 × 2^16 lattice, from "Fast Hilbert
// curve generation, sorting, and range queries" (rawrunprotected.com), as
// flatbush uses it.
uint32_t Hilbert(uint32_t x, uint32_t y) {
  uint32_t a = x ^ y;
  uint32_t b = 0xFFFF ^ a;
  uint32_t c = 0xFFFF ^ (x | y);
  uint32_t d = x & (y ^ 0xFFFF);

  uint32_t A = a | (b >> 1);
  uint32_t B = (a >> 1) ^ a;
  uint32_t C = ((c >> 1) ^ (b & (d >> 1))) ^ c;
  uint32_t D = ((a & (c >> 1)) ^ (d >> 1)) ^ d;

  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));

  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));

  a = A;
  b = B;
  c = C;
  d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));

  a = C ^ (C >> 1);
  b = D ^ (D >> 1);

  uint32_t i0 = x ^ y;
  uint32_t i1 = b | (0xFFFF ^ (i0 | a));

  i0 = (i0 | (i0 << 8)) & 0x00FF00FF;
  i0 = (i0 | (i0 << 4)) & 0x0F0F0F0F;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;

  i1 = (i1 | (i1 << 8)) & 0x00FF00FF;
  i1 = (i1 | (i1 << 4)) & 0x0F0F0F0F;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;

  return (i1 << 1) | i0;
}

}  // namespace

std::vector<uint32_t> HilbertOrder(std::span<const Bounds> boxes) {
  Bounds all;
  for (const Bounds& b : boxes) all.Extend(b);
  const double width = all.Width() > 0 ? all.Width() : 1;
  const double height = all.Height() > 0 ? all.Height() : 1;
  constexpr double kMax = 0xFFFF;
  // Key: Hilbert value in the high half, input position in the low half, so
  // one plain sort gives a deterministic order; empty boxes get the largest
  // key and go last.
  std::vector<uint64_t> keys(boxes.size());
  for (size_t i = 0; i < boxes.size(); ++i) {
    uint64_t h = UINT32_MAX;
    if (!boxes[i].Empty()) {
      const Meters c = boxes[i].Center();
      const auto x = static_cast<uint32_t>(std::floor(kMax * (c.x - all.min_x) / width));
      const auto y = static_cast<uint32_t>(std::floor(kMax * (c.y - all.min_y) / height));
      h = Hilbert(std::min<uint32_t>(x, 0xFFFF), std::min<uint32_t>(y, 0xFFFF));
    }
    keys[i] = (h << 32) | i;
  }
  std::sort(keys.begin(), keys.end());
  std::vector<uint32_t> order(boxes.size());
  for (size_t i = 0; i < keys.size(); ++i) order[i] = static_cast<uint32_t>(keys[i]);
  return order;
}

void PackedRTree::Reserve(size_t items) {
  min_x_.reserve(items);
  min_y_.reserve(items);
  max_x_.reserve(items);
  max_y_.reserve(items);
}

uint32_t PackedRTree::Add(const Bounds& box) {
  assert(!finished_ && "PackedRTree: Add() after Finish(); build a new tree instead");
  assert(item_count_ < UINT32_MAX && "PackedRTree: more than 2^32 - 1 items");
  min_x_.push_back(box.min_x);
  min_y_.push_back(box.min_y);
  max_x_.push_back(box.max_x);
  max_y_.push_back(box.max_y);
  return item_count_++;
}

void PackedRTree::Finish() {
  assert(!finished_ && "PackedRTree: Finish() called twice");
  finished_ = true;
  const uint32_t n = item_count_;
  if (n == 0) {
    level_end_ = {0};
    return;
  }

  // Leaves in Hilbert order.
  std::vector<Bounds> boxes(n);
  for (uint32_t i = 0; i < n; ++i) boxes[i] = {min_x_[i], min_y_[i], max_x_[i], max_y_[i]};
  const std::vector<uint32_t> order = HilbertOrder(boxes);

  // Level sizes: n, ⌈n/16⌉, … down to one root entry.
  level_end_.clear();
  uint32_t count = n, total = n;
  level_end_.push_back(total);
  while (count > 1) {
    count = (count + kNodeSize - 1) / kNodeSize;
    total += count;
    level_end_.push_back(total);
  }
  min_x_.assign(total, 0);
  min_y_.assign(total, 0);
  max_x_.assign(total, 0);
  max_y_.assign(total, 0);
  index_.assign(total, 0);
  for (uint32_t pos = 0; pos < n; ++pos) {
    const Bounds& b = boxes[order[pos]];
    min_x_[pos] = b.min_x;
    min_y_[pos] = b.min_y;
    max_x_[pos] = b.max_x;
    max_y_[pos] = b.max_y;
    index_[pos] = order[pos];
  }

  // Each parent entry covers the next ≤ kNodeSize entries of the level below.
  uint32_t begin = 0;
  for (size_t level = 1; level < level_end_.size(); ++level) {
    const uint32_t end = level_end_[level - 1];
    uint32_t out = end;
    for (uint32_t child = begin; child < end; child += kNodeSize, ++out) {
      Bounds node;
      const uint32_t last = std::min(child + kNodeSize, end);
      for (uint32_t c = child; c < last; ++c) {
        if (min_x_[c] > max_x_[c]) continue;  // an empty item
        node.Extend(Bounds{min_x_[c], min_y_[c], max_x_[c], max_y_[c]});
      }
      min_x_[out] = node.min_x;
      min_y_[out] = node.min_y;
      max_x_[out] = node.max_x;
      max_y_[out] = node.max_y;
      index_[out] = child;
    }
    begin = end;
  }
}

size_t PackedRTree::MemoryBytes() const {
  return sizeof(*this) +
         (min_x_.capacity() + min_y_.capacity() + max_x_.capacity() + max_y_.capacity()) *
             sizeof(double) +
         index_.capacity() * sizeof(uint32_t) + level_end_.capacity() * sizeof(uint32_t);
}

}  // namespace geo
