#include "geo/ring.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace geo {

namespace {

// Twice the signed area of triangle abc: positive when counter-clockwise.
double Orient(LonLat a, LonLat b, LonLat c) {
  return (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon);
}

int Sign(double v) {
  return (v > 0) - (v < 0);
}

// Whether p, known collinear with ab, lies within ab's box.
bool WithinBox(LonLat a, LonLat b, LonLat p) {
  return std::min(a.lon, b.lon) <= p.lon && p.lon <= std::max(a.lon, b.lon) &&
         std::min(a.lat, b.lat) <= p.lat && p.lat <= std::max(a.lat, b.lat);
}

LonLat VertexMean(std::span<const LonLat> ring) {
  LonLat sum;
  for (const LonLat& p : ring) sum.lon += p.lon, sum.lat += p.lat;
  const double n = static_cast<double>(ring.size());
  return {sum.lon / n, sum.lat / n};
}

}  // namespace

bool SegmentsTouch(LonLat a, LonLat b, LonLat c, LonLat d) {
  const int o1 = Sign(Orient(a, b, c)), o2 = Sign(Orient(a, b, d));
  const int o3 = Sign(Orient(c, d, a)), o4 = Sign(Orient(c, d, b));
  if (o1 != o2 && o3 != o4) return true;
  return (o1 == 0 && WithinBox(a, b, c)) || (o2 == 0 && WithinBox(a, b, d)) ||
         (o3 == 0 && WithinBox(c, d, a)) || (o4 == 0 && WithinBox(c, d, b));
}

bool FoldsBack(LonLat shared, LonLat p, LonLat q) {
  const double dot =
      (p.lon - shared.lon) * (q.lon - shared.lon) + (p.lat - shared.lat) * (q.lat - shared.lat);
  return Orient(shared, p, q) == 0 && dot > 0;
}

bool InsideRing(std::span<const LonLat> ring, LonLat p) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const LonLat a = ring[i], b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat) &&
        p.lon < a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat)) {
      inside = !inside;
    }
  }
  return inside;
}

LonLat InteriorPoint(std::span<const LonLat> ring) {
  if (ring.size() < 3) return ring.empty() ? LonLat{} : VertexMean(ring);
  // The centroid, relative to the first point for precision.
  const LonLat o = ring[0];
  double twice_area = 0, cx = 0, cy = 0;
  for (size_t i = 0; i < ring.size(); ++i) {
    const LonLat& p = ring[i];
    const LonLat& q = ring[(i + 1) % ring.size()];
    const double px = p.lon - o.lon, py = p.lat - o.lat;
    const double qx = q.lon - o.lon, qy = q.lat - o.lat;
    const double cross = px * qy - qx * py;
    twice_area += cross;
    cx += (px + qx) * cross;
    cy += (py + qy) * cross;
  }
  if (!std::isfinite(twice_area) || std::abs(twice_area) < 1e-18) return VertexMean(ring);
  const LonLat centroid{o.lon + cx / (3 * twice_area), o.lat + cy / (3 * twice_area)};
  if (InsideRing(ring, centroid)) return centroid;
  // The horizontal through the centroid: where it enters and leaves the ring.
  std::vector<double> xs;
  for (size_t i = 0; i < ring.size(); ++i) {
    const LonLat a = ring[i], b = ring[(i + 1) % ring.size()];
    if ((a.lat > centroid.lat) != (b.lat > centroid.lat)) {
      xs.push_back(a.lon + (centroid.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat));
    }
  }
  std::sort(xs.begin(), xs.end());
  double best = -1;
  LonLat out = VertexMean(ring);
  for (size_t k = 0; k + 1 < xs.size(); k += 2) {
    if (xs[k + 1] - xs[k] > best) {
      best = xs[k + 1] - xs[k];
      out = {(xs[k] + xs[k + 1]) / 2, centroid.lat};
    }
  }
  return out;
}

std::optional<std::pair<size_t, size_t>> FirstCrossing(std::span<const LonLat> ring) {
  const size_t n = ring.size();
  if (n < 3) return std::nullopt;
  auto edge = [&](size_t i) { return std::pair{ring[i], ring[(i + 1) % n]}; };
  for (size_t i = 0; i < n; ++i) {
    const auto [a, b] = edge(i);
    for (size_t j = i + 1; j < n; ++j) {
      const auto [c, d] = edge(j);
      const bool next = j == i + 1, wraps = i == 0 && j == n - 1;
      if (next || wraps) {
        // Neighbours share one vertex; they cross only by folding back:
        // collinear, pointing the same way from the shared vertex.
        const LonLat shared = next ? b : a, p = next ? a : b, q = next ? d : c;
        if (FoldsBack(shared, p, q)) return std::pair{i, j};
        continue;
      }
      if (SegmentsTouch(a, b, c, d)) return std::pair{i, j};
    }
  }
  return std::nullopt;
}

}  // namespace geo
