// Reading one level of a grid source into plain features in its source CRS
// (geo/load.cpp transforms and assembles them).
#pragma once

#include <ogr_core.h>

#include <string>
#include <vector>

#include "geo/error.hpp"
#include "geo/grid_set.hpp"
#include "geo/grid_source.hpp"

namespace geo {

// One feature as read: attributes decoded, rings in source coordinates.
struct RawFeature {
  Feature feature;
  std::vector<double> xs, ys;       // all rings, source CRS, open (no closing point)
  std::vector<uint32_t> ring_ends;  // cumulative point counts
  std::vector<uint32_t> poly_ends;  // cumulative ring counts
  double label_x = 0, label_y = 0;  // point on surface, source CRS
};

struct LevelData {
  std::vector<RawFeature> features;  // sorted by code
  std::string declared_crs;          // PROJ-readable CRS of the layer; "" when none
  std::string declared_crs_label;
  std::string prj_problem;  // why a .prj beside the source could not be used, or ""
  OGREnvelope extent;
  LevelReport report;
};

// Reads `src` as level `level`, with `encoding` ("" = decide) overriding the
// source's own. Notes go to `notes`.
Result<LevelData> ReadLevel(const LevelSource& src, Level level, const std::string& encoding,
                            std::vector<LoadNote>& notes);

}  // namespace geo
