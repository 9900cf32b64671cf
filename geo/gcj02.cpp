#include "geo/gcj02.hpp"

#include <cmath>
#include <numbers>

namespace geo {
namespace {

constexpr double kPi = std::numbers::pi;
// Krasovsky 1940 ellipsoid, as GCJ-02 uses it: semi-major axis (m) and first
// eccentricity squared.
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyEe = 0.00669342162296594323;
// BD-09's angular frequency: 3000 cycles per 180 degrees.
constexpr double kBdXPi = kPi * 3000.0 / 180.0;

// Iterative inverses stop when a step moves less than this (degrees, ~0.1 mm)
// or after kMaxIterations. Each forward map is the identity plus a field whose
// Jacobian is below ~2% (GCJ-02: ~0.3%), so every step shrinks the error by
// that factor and a handful of steps suffice.
constexpr double kInverseTolerance = 1e-9;
constexpr int kMaxIterations = 30;

// The two polynomial-plus-harmonics offset fields of GCJ-02, in Krasovsky
// "metres" before scaling to degrees; x and y are lon - 105 and lat - 35.
double OffsetLat(double x, double y) {
  double v = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  v += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  v += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  v += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return v;
}

double OffsetLon(double x, double y) {
  double v = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  v += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  v += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  v += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return v;
}

// Solves Forward(p) == target for p by p += target - Forward(p), starting at
// the target.
template <typename ForwardFn>
LonLat InvertByIteration(LonLat target, ForwardFn forward) {
  LonLat p = target;
  for (int i = 0; i < kMaxIterations; ++i) {
    const LonLat f = forward(p);
    const double d_lon = target.lon - f.lon;
    const double d_lat = target.lat - f.lat;
    p.lon += d_lon;
    p.lat += d_lat;
    if (std::abs(d_lon) < kInverseTolerance && std::abs(d_lat) < kInverseTolerance) break;
  }
  return p;
}

}  // namespace

bool InChinaRoughBox(LonLat p) {
  return p.lon >= 72.004 && p.lon <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

LonLat Gcj02FromWgs84(LonLat wgs84) {
  if (!InChinaRoughBox(wgs84)) return wgs84;
  const double x = wgs84.lon - 105.0, y = wgs84.lat - 35.0;
  const double rad_lat = wgs84.lat / 180.0 * kPi;
  const double s = std::sin(rad_lat);
  const double w2 = 1.0 - kKrasovskyEe * s * s;
  const double w = std::sqrt(w2);
  // Metres to degrees with the meridional and prime-vertical radii.
  const double meridian_radius = kKrasovskyA * (1.0 - kKrasovskyEe) / (w2 * w);
  const double parallel_radius = kKrasovskyA / w * std::cos(rad_lat);
  const double d_lat = OffsetLat(x, y) * 180.0 / (meridian_radius * kPi);
  const double d_lon = OffsetLon(x, y) * 180.0 / (parallel_radius * kPi);
  return {wgs84.lon + d_lon, wgs84.lat + d_lat};
}

LonLat Wgs84FromGcj02(LonLat gcj02) {
  if (!InChinaRoughBox(gcj02)) return gcj02;
  return InvertByIteration(gcj02, Gcj02FromWgs84);
}

LonLat Bd09FromGcj02(LonLat gcj02) {
  const double x = gcj02.lon, y = gcj02.lat;
  const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kBdXPi);
  const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kBdXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat Gcj02FromBd09(LonLat bd09) {
  return InvertByIteration(bd09, Bd09FromGcj02);
}

LonLat Bd09FromWgs84(LonLat wgs84) {
  return Bd09FromGcj02(Gcj02FromWgs84(wgs84));
}

LonLat Wgs84FromBd09(LonLat bd09) {
  return Wgs84FromGcj02(Gcj02FromBd09(bd09));
}

}  // namespace geo
