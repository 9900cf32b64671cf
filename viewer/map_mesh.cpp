#include "viewer/map_mesh.hpp"

#include <algorithm>
#include <cmath>

#include "geo/tessellate.hpp"
#include "viewer/map_style.hpp"

namespace viewer {

namespace {

// A sharp corner's miter would shoot far out; past this length the join is
// cut (the outline is at most this many half-widths away from the vertex).
constexpr double kMaxMiter = 3.0;

void AppendFills(const geo::GridSet& set, geo::FeatureId id, MapMesh& mesh) {
  const geo::Feature& f = set.features[id];
  const Rgba c = FillColor(set, id);
  const FeatureIds ids = IdsOf(set, id);
  const geo::PolygonSet& ps = set.polygons;
  for (uint32_t p = f.first_polygon; p < f.first_polygon + f.polygon_count; ++p) {
    const uint32_t ring_begin = ps.polygon_rings[p], ring_end = ps.polygon_rings[p + 1];
    const uint32_t point_begin = ps.ring_points[ring_begin];
    const uint32_t point_end = ps.ring_points[ring_end];
    std::vector<uint32_t> offsets;
    for (uint32_t r = ring_begin; r <= ring_end; ++r) offsets.push_back(ps.ring_points[r] - point_begin);
    const std::span<const geo::Meters> points(ps.points.data() + point_begin, point_end - point_begin);
    const std::vector<uint32_t> tris = geo::TessellatePolygon(points, offsets);
    const auto base = static_cast<uint32_t>(mesh.fill_vertices.size());
    for (const geo::Meters& m : points) {
      mesh.fill_vertices.push_back({static_cast<float>(m.x - mesh.origin.x),
                                    static_cast<float>(m.y - mesh.origin.y),
                                    {c.r, c.g, c.b, c.a},
                                    ids});
    }
    for (uint32_t i : tris) mesh.fill_indices.push_back(base + i);
  }
}

}  // namespace

// Two vertices per ring vertex, extruded along the miter of its two
// segments; one quad per segment, the ring closed.
void AppendRingOutline(std::span<const geo::Meters> ring, Rgba c, float width,
                       const FeatureIds& ids, MapMesh& mesh) {
  const size_t n = ring.size();
  if (n < 2) return;
  const auto base = static_cast<uint32_t>(mesh.line_vertices.size());
  auto unit_normal = [&](size_t a, size_t b) {
    const double dx = ring[b].x - ring[a].x, dy = ring[b].y - ring[a].y;
    const double len = std::hypot(dx, dy);
    return len > 0 ? geo::Meters{-dy / len, dx / len} : geo::Meters{0, 0};
  };
  for (size_t i = 0; i < n; ++i) {
    const geo::Meters n0 = unit_normal((i + n - 1) % n, i), n1 = unit_normal(i, (i + 1) % n);
    geo::Meters m{n0.x + n1.x, n0.y + n1.y};
    const double mlen = std::hypot(m.x, m.y);
    if (mlen < 1e-9) {
      m = n1;
    } else {
      m = {m.x / mlen, m.y / mlen};
      const double cos_half = m.x * n1.x + m.y * n1.y;
      const double scale = std::min(1 / std::max(cos_half, 1e-6), kMaxMiter);
      m = {m.x * scale, m.y * scale};
    }
    const float x = static_cast<float>(ring[i].x - mesh.origin.x);
    const float y = static_cast<float>(ring[i].y - mesh.origin.y);
    for (float side : {1.0f, -1.0f}) {
      mesh.line_vertices.push_back({x, y, static_cast<float>(m.x) * side,
                                    static_cast<float>(m.y) * side, {c.r, c.g, c.b, c.a}, width,
                                    ids});
    }
  }
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t a = base + 2 * i, b = base + 2 * static_cast<uint32_t>((i + 1) % n);
    mesh.line_indices.insert(mesh.line_indices.end(), {a, a + 1, b, b, a + 1, b + 1});
  }
}

FeatureIds IdsOf(const geo::GridSet& set, geo::FeatureId id) {
  FeatureIds ids = {id, geo::kNoFeature, geo::kNoFeature};
  for (geo::FeatureId up = id; up != geo::kNoFeature; up = set.features[up].parent) {
    if (set.features[up].level == geo::Level::kGrid) ids[1] = up;
    if (set.features[up].level == geo::Level::kCommunity) ids[2] = up;
  }
  return ids;
}

MapMesh BuildMapMesh(const geo::GridSet& set) {
  MapMesh mesh;
  mesh.origin = set.bounds.Center();
  for (int l = 0; l < geo::kLevelCount; ++l) {
    const auto level = static_cast<geo::Level>(l);
    mesh.fill_ranges[l].first = static_cast<uint32_t>(mesh.fill_indices.size());
    mesh.line_ranges[l].first = static_cast<uint32_t>(mesh.line_indices.size());
    for (geo::FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
      AppendFills(set, id, mesh);
      const geo::Feature& f = set.features[id];
      const FeatureIds ids = IdsOf(set, id);
      const uint32_t ring_begin = set.polygons.polygon_rings[f.first_polygon];
      const uint32_t ring_end = set.polygons.polygon_rings[f.first_polygon + f.polygon_count];
      for (uint32_t r = ring_begin; r < ring_end; ++r) {
        AppendRingOutline(set.polygons.Ring(r), OutlineColor(level), OutlineWidthPx(level), ids,
                          mesh);
      }
    }
    mesh.fill_ranges[l].count =
        static_cast<uint32_t>(mesh.fill_indices.size()) - mesh.fill_ranges[l].first;
    mesh.line_ranges[l].count =
        static_cast<uint32_t>(mesh.line_indices.size()) - mesh.line_ranges[l].first;
  }
  return mesh;
}

}  // namespace viewer
