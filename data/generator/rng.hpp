// The generator's only source of randomness: a fixed-seed std::mt19937_64
// with hand-written conversions.
//
// The engine's output sequence is fixed by the C++ standard, but
// std::uniform_real_distribution and friends are not (libstdc++, libc++ and
// MSVC give different numbers), so every draw goes through this class to keep
// the sample county byte-for-byte reproducible everywhere.
#pragma once

#include <cassert>
#include <cstdint>
#include <random>

namespace sample_county {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1) with 53 random bits.
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // Uniform in [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }

  // Uniform integer in [lo, hi], both inclusive. The bias of the float path
  // is below 2^-40 for the small ranges used here.
  int Int(int lo, int hi) {
    assert(lo <= hi && "Int takes an inclusive range: lo must not exceed hi");
    const int span = hi - lo + 1;
    int k = static_cast<int>(Unit() * span);
    return lo + (k < span ? k : span - 1);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace sample_county
