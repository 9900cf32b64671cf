// Loading a county's grid areas from OGR vector sources into a GridSet.
#pragma once

#include <array>
#include <string>

#include "geo/error.hpp"
#include "geo/grid_set.hpp"

namespace geo {

// Where each level comes from: any OGR vector source (a path GDAL opens) and,
// optionally, the layer in it (first layer when empty).
struct LevelSource {
  std::string path;
  std::string layer;
};

struct GridSource {
  std::array<LevelSource, kLevelCount> levels;
};

// The conventional layout of a delivered county: communities.shp, grids.shp
// and compounds.shp in one folder (the bundled sample county is one).
GridSource GridSourceFromDirectory(const std::string& dir);

// The bundled sample county: data/sample-county next to the binary's
// install, or in the source tree.
std::string SampleCountyDirectory();

// Reads the three levels, transforms them into one display CRS chosen from
// the data (DisplayCrsFor the communities' centre), and links the hierarchy
// from parent codes (or code prefixes where the parent field is missing).
// Text is decoded as the source declares (.cpg / DBF language driver byte).
// Null and empty geometries are skipped and noted; a missing file, a layer
// without a CRS or a feature with no code is an error naming it.
Result<GridSet> LoadGridSet(const GridSource& source);

}  // namespace geo
