// The county's areas as GPU-ready arrays: filled triangles and screen-width
// outline quads for every level. Built on the CPU once per grid set; only
// viewer/map_renderer uploads them.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "geo/grid_set.hpp"
#include "viewer/map_style.hpp"

namespace viewer {

// Ids a vertex belongs to, so the shader can highlight the selection and
// everything inside it: [0] the feature itself, [1] its grid, [2] its
// community (kNoFeature where there is none).
using FeatureIds = std::array<uint32_t, 3>;

struct FillVertex {
  float x, y;  // metres relative to MapMesh::origin (float holds mm at 10 km)
  uint8_t rgba[4];
  FeatureIds ids;
};

// One side of an outline vertex: the shader moves it by `extrude` (a unit
// normal scaled by the miter length) times half the width in pixels.
struct LineVertex {
  float x, y;
  float extrude_x, extrude_y;
  uint8_t rgba[4];
  float width_px;
  FeatureIds ids;
};

struct IndexRange {
  uint32_t first = 0;
  uint32_t count = 0;
};

struct MapMesh {
  geo::Meters origin;
  std::vector<FillVertex> fill_vertices;
  std::vector<uint32_t> fill_indices;
  std::array<IndexRange, geo::kLevelCount> fill_ranges;  // by level
  std::vector<LineVertex> line_vertices;
  std::vector<uint32_t> line_indices;
  std::array<IndexRange, geo::kLevelCount> line_ranges;  // by level
};

MapMesh BuildMapMesh(const geo::GridSet& set);

// Appends the outline quads of a closed ring (display metres; the last point
// is not repeated) to mesh.line_vertices/line_indices, `width` pixels wide.
void AppendRingOutline(std::span<const geo::Meters> ring, Rgba c, float width,
                       const FeatureIds& ids, MapMesh& mesh);

// The ids a feature's vertices carry (see FeatureIds).
FeatureIds IdsOf(const geo::GridSet& set, geo::FeatureId id);

}  // namespace viewer
