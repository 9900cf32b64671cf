// The attributes of the sample county's features: names, hierarchical codes,
// households and population.
#pragma once

#include <ogr_geometry.h>

#include <vector>

#include "data/generator/rng.hpp"
#include "data/generator/shapefile_writer.hpp"
#include "data/generator/town.hpp"

namespace sample_county {

struct Layers {
  std::vector<FeatureRecord> communities;
  std::vector<FeatureRecord> grids;
  std::vector<FeatureRecord> compounds;
};

// Names and codes the town's features and gives them households and
// population, each layer ordered by code:
//   - streets are consecutive stretches of the town along the river;
//   - the community holding the seat is 府州社区, those with the most Yellow
//     River frontage get river names, the rest inland names;
//   - a grid has 300-600 households of 2.6-3.0 persons; a community is the sum
//     of its grids; a grid's households and persons are shared among its
//     compounds by area.
Layers BuildRecords(const Town& town, const OGRPolygon& county, geo::Meters seat, Rng& rng);

}  // namespace sample_county
