// generate-sample-county: writes data/sample-county/, a plausible urban
// 府谷县 (Fugu County, Shaanxi) for gridops: 14 communities, 79 grids and 241
// compounds inside the real county outline, around the county seat on the
// Yellow River. Deterministic: one fixed seed, no clock, no locale.
//
//   generate-sample-county [OUT_DIR [COUNTY_OUTLINE_GEOJSON]]
//
// Method (all in CGCS2000 / 3-degree Gauss-Kruger CM 111E metres, EPSG:4546):
//   1. the DataV county outline, GCJ-02 -> WGS84 (= CGCS2000 to centimetres);
//   2. an irregular blob around the seat, clipped by the outline, so the town
//      gets the county's real Yellow River edge (town.cpp);
//   3. communities = Lloyd-relaxed Voronoi cells of the town, grids = the
//      same inside each community, made an exact coverage (tessellation.cpp);
//   4. compounds = 3-4 Voronoi pieces of each grid shrunk by 8-12 m of street;
//   5. names, hierarchical codes, households, population (attributes.cpp);
//   6. GBK shapefiles in EPSG:4490 (shapefile_writer.cpp).
#include <gdal_priv.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "data/generator/attributes.hpp"
#include "data/generator/rng.hpp"
#include "data/generator/shapefile_writer.hpp"
#include "data/generator/town.hpp"
#include "geo/gcj02.hpp"

namespace sample_county {
namespace {

constexpr uint64_t kSeed = 610822;

double TotalArea(const std::vector<FeatureRecord>& records) {
  double sum = 0;
  for (const FeatureRecord& r : records) sum += std::abs(geo::SignedArea(r.ring));
  return sum;
}

int64_t TotalPopulation(const std::vector<FeatureRecord>& records) {
  int64_t sum = 0;
  for (const FeatureRecord& r : records) sum += r.population;
  return sum;
}

geo::Result<void> Generate(const std::filesystem::path& out_dir,
                           const std::filesystem::path& outline) {
  Rng rng(kSeed);
  Transforms transforms = MakeTransforms();
  if (!transforms.to_metres || !transforms.to_geographic) {
    return geo::Fail(geo::ErrorCode::kInternal,
                     "PROJ cannot transform between EPSG:4490 and EPSG:4546");
  }
  auto county = LoadCounty(outline, *transforms.to_metres);
  if (!county) return std::unexpected(county.error());
  const geo::Meters seat = ToMetres(geo::Wgs84FromGcj02(kSeatGcj02), *transforms.to_metres);
  auto town_area = MakeTown(**county, seat, rng);
  if (!town_area) return std::unexpected(town_area.error());

  Town town;
  if (auto ok = Subdivide(town, **town_area, rng); !ok) return ok;
  if (auto ok = VerifyCoverage(town, **town_area); !ok) return ok;
  if (auto ok = AddCompounds(town, rng); !ok) return ok;
  const Layers layers = BuildRecords(town, **county, seat, rng);

  for (const auto& [name, records, with_street] :
       {std::tuple{"communities", &layers.communities, true},
        std::tuple{"grids", &layers.grids, false},
        std::tuple{"compounds", &layers.compounds, false}}) {
    if (auto ok = WriteShapefile(out_dir, name, *records, with_street, *transforms.to_geographic);
        !ok) {
      return ok;
    }
  }
  std::printf(
      "wrote %s: %zu communities, %zu grids, %zu compounds; town %.3f km^2, "
      "compounds %.3f km^2; population %lld\n",
      out_dir.c_str(), layers.communities.size(), layers.grids.size(), layers.compounds.size(),
      TotalArea(layers.communities) / 1e6, TotalArea(layers.compounds) / 1e6,
      static_cast<long long>(TotalPopulation(layers.communities)));
  return {};
}

}  // namespace
}  // namespace sample_county

int main(int argc, char** argv) {
  if (argc > 3 ||
      (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h"))) {
    std::fprintf(stderr,
                 "usage: %s [OUT_DIR [COUNTY_OUTLINE_GEOJSON]]\n"
                 "  OUT_DIR defaults to %s/data/sample-county\n"
                 "  the outline defaults to %s\n",
                 argv[0], GRIDOPS_SOURCE_DIR, GRIDOPS_COUNTY_OUTLINE);
    return argc > 3 ? 2 : 0;
  }
  const std::filesystem::path out_dir =
      argc > 1 ? std::filesystem::path(argv[1])
               : std::filesystem::path(GRIDOPS_SOURCE_DIR) / "data" / "sample-county";
  const std::filesystem::path outline = argc > 2 ? argv[2] : GRIDOPS_COUNTY_OUTLINE;

  GDALAllRegister();
  if (auto ok = sample_county::Generate(out_dir, outline); !ok) {
    std::fprintf(stderr, "generate-sample-county: %s\n", ok.error().message.c_str());
    return 1;
  }
  return 0;
}
