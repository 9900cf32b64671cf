// An allocator for large flat arrays (indexes of 10^5…10^7 entries): blocks
// of 2 MiB or more are 2 MiB-aligned and marked MADV_HUGEPAGE, so Linux with
// transparent huge pages in "madvise" mode (the usual default) backs them
// with huge pages. Building a large index then takes one page fault per
// 2 MiB instead of per 4 KiB (page faults are dear, in virtual machines
// especially), and random lookups miss the TLB far less. Smaller blocks, and
// other systems, get plain operator new.
//
//   std::vector<double, geo::HugePageAllocator<double>> xs;
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace geo {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_array_new_length();
    const size_t bytes = n * sizeof(T);
#if defined(__linux__)
    if (bytes >= kHugePage) {
      const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
      void* p = std::aligned_alloc(kHugePage, rounded);
      if (!p) throw std::bad_alloc();
      madvise(p, rounded, MADV_HUGEPAGE);  // a hint: without it, plain pages
      return static_cast<T*>(p);
    }
#endif
    return static_cast<T*>(::operator new(bytes));
  }

  void deallocate(T* p, size_t n) {
#if defined(__linux__)
    if (n * sizeof(T) >= kHugePage) {
      std::free(p);
      return;
    }
#endif
    ::operator delete(p);
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

// A flat array that may grow large.
template <typename T>
using LargeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace geo
