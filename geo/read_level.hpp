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
  OGREnvelope extent;       // of the features read, source CRS
  LevelReport report;
};

struct ReadOptions {
  std::string encoding;  // overrides the source's own; "" = decide from the source
  // A layer with no code field is refused, unless this is set: then each
  // feature's FID becomes its code, with a note. For a single source a user
  // inspects (any layer at all), not for a county's levels, whose codes link them.
  bool codes_from_fid = false;
};

// Reads `src` as level `level`. Notes go to `notes`. A layer that yields no
// polygon (no features, only points or lines, or none usable) is refused
// with one line saying why.
Result<LevelData> ReadLevel(const LevelSource& src, Level level, const ReadOptions& options,
                            std::vector<LoadNote>& notes);

}  // namespace geo
