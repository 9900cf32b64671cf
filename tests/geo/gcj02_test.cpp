// GCJ-02 / BD-09: forward formulas against published reference values, the
// iterative inverses by round trip over deterministic random points, and the
// pass-through outside China.
#include "geo/gcj02.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

namespace geo {
namespace {

// Distance in metres between two nearby points, with a local equirectangular
// approximation on a 6371 km sphere: good to ~0.5% over a few kilometres,
// ample for offsets of hundreds of metres and errors of centimetres.
double LocalMeters(LonLat a, LonLat b) {
  constexpr double kMetersPerDegree = 6371000.0 * 3.14159265358979323846 / 180.0;
  const double mid_lat = (a.lat + b.lat) / 2 * 3.14159265358979323846 / 180.0;
  const double dx = (b.lon - a.lon) * kMetersPerDegree * std::cos(mid_lat);
  const double dy = (b.lat - a.lat) * kMetersPerDegree;
  return std::hypot(dx, dy);
}

// Uniform double in [lo, hi) from the raw 64-bit engine output: std
// distributions differ between standard libraries, this does not.
double Uniform(std::mt19937_64& rng, double lo, double hi) {
  return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// Published outputs of the widely used reference implementation
// (wandergis/coordtransform) for the input (116.404, 39.915), Beijing.
TEST(Gcj02, ForwardMatchesReferenceNearBeijing) {
  const LonLat gcj = Gcj02FromWgs84({116.404, 39.915});
  EXPECT_NEAR(gcj.lon, 116.41024449916938, 1e-11);
  EXPECT_NEAR(gcj.lat, 39.91640428150164, 1e-11);
}

TEST(Gcj02, Bd09ForwardMatchesReferenceNearBeijing) {
  const LonLat bd = Bd09FromGcj02({116.404, 39.915});
  EXPECT_NEAR(bd.lon, 116.41036949371029, 1e-11);
  EXPECT_NEAR(bd.lat, 39.92133699351021, 1e-11);
}

// The reference inverse is the one-shot approximation; ours iterates, so they
// agree to the approximation's error (~2e-6 degrees), not exactly.
TEST(Gcj02, Bd09InverseAgreesWithOneShotApproximation) {
  const LonLat gcj = Gcj02FromBd09({116.404, 39.915});
  EXPECT_NEAR(gcj.lon, 116.39762729119315, 3e-6);
  EXPECT_NEAR(gcj.lat, 39.90865673957631, 3e-6);
}

// At Fugu's county seat the offset is a few hundred metres, as everywhere in
// China; the DataV outline of the sample county depends on undoing it.
TEST(Gcj02, OffsetIsHundredsOfMetresAtFugu) {
  const LonLat seat_gcj{111.0696, 39.0292};
  const LonLat seat_wgs = Wgs84FromGcj02(seat_gcj);
  const double offset = LocalMeters(seat_gcj, seat_wgs);
  EXPECT_GT(offset, 100.0);
  EXPECT_LT(offset, 700.0);
}

// In cities across China the offset is a few hundred metres. (Over the whole
// rough box it dips to ~10 m in a few places, so the lower bound is only
// asserted at real cities; the upper bound holds everywhere.)
TEST(Gcj02, OffsetMagnitudeIsPlausibleAcrossChina) {
  const LonLat cities[] = {
      {116.404, 39.915}, {121.47, 31.23}, {113.26, 23.13}, {104.07, 30.67},
      {87.62, 43.83},    {91.13, 29.65},  {126.53, 45.80}, {108.94, 34.34},
      {109.73, 38.29},   {102.71, 25.04}, {114.06, 22.54}, {111.07, 39.03},
  };
  for (const LonLat wgs : cities) {
    const double offset = LocalMeters(wgs, Gcj02FromWgs84(wgs));
    EXPECT_GT(offset, 100.0) << wgs.lon << ", " << wgs.lat;
    EXPECT_LT(offset, 700.0) << wgs.lon << ", " << wgs.lat;
  }
  std::mt19937_64 rng(20240601);
  for (int i = 0; i < 2000; ++i) {
    const LonLat wgs{Uniform(rng, 73.0, 135.0), Uniform(rng, 3.0, 53.5)};
    ASSERT_LT(LocalMeters(wgs, Gcj02FromWgs84(wgs)), 720.0) << wgs.lon << ", " << wgs.lat;
  }
}

TEST(Gcj02, RoundTripWgs84IsBelowFiveCentimetres) {
  std::mt19937_64 rng(7);
  double worst = 0;
  for (int i = 0; i < 5000; ++i) {
    const LonLat wgs{Uniform(rng, 73.0, 135.0), Uniform(rng, 3.0, 53.5)};
    const LonLat back = Wgs84FromGcj02(Gcj02FromWgs84(wgs));
    worst = std::max(worst, LocalMeters(wgs, back));
  }
  EXPECT_LT(worst, 0.05);
  // The iteration's stop criterion (1e-9 degrees) makes it far better still.
  EXPECT_LT(worst, 0.001);
}

TEST(Gcj02, RoundTripBd09IsBelowFiveCentimetres) {
  std::mt19937_64 rng(11);
  double worst_gcj = 0, worst_wgs = 0;
  for (int i = 0; i < 3000; ++i) {
    const LonLat wgs{Uniform(rng, 73.0, 135.0), Uniform(rng, 3.0, 53.5)};
    const LonLat gcj = Gcj02FromWgs84(wgs);
    worst_gcj = std::max(worst_gcj, LocalMeters(gcj, Gcj02FromBd09(Bd09FromGcj02(gcj))));
    worst_wgs = std::max(worst_wgs, LocalMeters(wgs, Wgs84FromBd09(Bd09FromWgs84(wgs))));
  }
  EXPECT_LT(worst_gcj, 0.05);
  EXPECT_LT(worst_wgs, 0.05);
}

TEST(Gcj02, InverseOfForwardFromTheOtherSide) {
  // Wgs84FromGcj02 then Gcj02FromWgs84 must land back on the GCJ-02 input.
  std::mt19937_64 rng(3);
  for (int i = 0; i < 1000; ++i) {
    const LonLat gcj{Uniform(rng, 100.0, 120.0), Uniform(rng, 25.0, 45.0)};
    ASSERT_LT(LocalMeters(gcj, Gcj02FromWgs84(Wgs84FromGcj02(gcj))), 0.001);
  }
}

TEST(Gcj02, OutsideChinaPassesThroughUnchanged) {
  const LonLat outside[] = {
      {-0.1276, 51.5072},   // London
      {139.6917, 35.6895},  // Tokyo: east of the box
      {116.4, 60.0},        // north of the box
      {100.5, 0.5},         // south of the box
      {2.35, 48.86},        // Paris
      {0.0, 0.0},
  };
  for (const LonLat p : outside) {
    EXPECT_EQ(Gcj02FromWgs84(p), p);
    EXPECT_EQ(Wgs84FromGcj02(p), p);
    EXPECT_FALSE(InChinaRoughBox(p));
  }
  EXPECT_TRUE(InChinaRoughBox({111.07, 39.03}));
}

TEST(Gcj02, Bd09AppliesEverywhere) {
  // Baidu shifts even outside China; only the GCJ-02 step is boxed.
  const LonLat london{-0.1276, 51.5072};
  EXPECT_NE(Bd09FromGcj02(london), london);
  EXPECT_LT(LocalMeters(london, Gcj02FromBd09(Bd09FromGcj02(london))), 0.001);
}

}  // namespace
}  // namespace geo
