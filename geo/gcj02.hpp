// GCJ-02 and BD-09: the obfuscated datums of Chinese web maps.
//
// PROJ knows neither. GCJ-02 ("Mars coordinates", used by AMap/Gaode, Tencent
// and DataV outlines) is WGS84 plus a smooth, deliberately irregular offset of
// a few hundred metres computed on the Krasovsky 1940 ellipsoid. BD-09 (Baidu)
// is GCJ-02 plus a second small polar perturbation. The forward formulas are
// public; the inverses are not closed-form, so they are solved by fixed-point
// iteration to 1e-9 degrees (about 0.1 mm).
//
// WGS84 and CGCS2000 differ by centimetres, far below GCJ-02's own accuracy,
// so "WGS84" here serves as CGCS2000 too.
//
// All functions take and return degrees in GIS order (lon, lat), are pure and
// thread-safe.
#pragma once

#include "geo/geometry.hpp"

namespace geo {

// Whether GCJ-02 applies at this point: the rough bounding box of China the
// reference implementations use (lon 72.004..137.8347, lat 0.8293..55.8271).
// Outside it the WGS84 <-> GCJ-02 functions return their input unchanged.
bool InChinaRoughBox(LonLat p);

// WGS84 -> GCJ-02, the forward obfuscation.
LonLat Gcj02FromWgs84(LonLat wgs84);

// GCJ-02 -> WGS84, the iterative inverse of Gcj02FromWgs84: for a WGS84 point
// w more than ~1 km inside the box, |Wgs84FromGcj02(Gcj02FromWgs84(w)) - w| is
// below 1e-9 degrees. Nearer the box edge the forward map is discontinuous
// (it switches off), and the result there is the iterate after at most 30
// steps.
LonLat Wgs84FromGcj02(LonLat gcj02);

// GCJ-02 -> BD-09, Baidu's forward perturbation (applied everywhere).
LonLat Bd09FromGcj02(LonLat gcj02);

// BD-09 -> GCJ-02, the iterative inverse of Bd09FromGcj02 (1e-9 degrees).
// More exact than the usual one-shot formula, which is off by up to ~2e-6 (20 cm).
LonLat Gcj02FromBd09(LonLat bd09);

// Compositions through GCJ-02.
LonLat Bd09FromWgs84(LonLat wgs84);
LonLat Wgs84FromBd09(LonLat bd09);

}  // namespace geo
