// The geometry of the sample county town: the county outline, the town area
// clipped by it, and its communities, grids and compounds, all in CGCS2000 /
// 3-degree Gauss-Kruger CM 111E metres (EPSG:4546).
#pragma once

#include <ogr_spatialref.h>

#include <filesystem>
#include <memory>
#include <numbers>
#include <vector>

#include "data/generator/rng.hpp"
#include "data/generator/tessellation.hpp"
#include "geo/error.hpp"
#include "geo/geometry.hpp"

namespace sample_county {

inline constexpr int kCommunityCount = 14;
inline constexpr int kGridCount = 79;
inline constexpr int kCompoundCount = 241;

// The county seat (DataV's "center" of 府谷县), GCJ-02.
inline constexpr geo::LonLat kSeatGcj02{111.069645, 39.029243};
// The town's long axis, roughly along the Yellow River (radians from east).
inline constexpr double kTownDirection = 28 * std::numbers::pi / 180;

inline constexpr int kDisplayEpsg = 4546;  // CGCS2000 / 3-degree Gauss-Kruger CM 111E

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* t) const {
    OGRCoordinateTransformation::DestroyCT(t);
  }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

struct Transforms {
  TransformPtr to_metres;      // EPSG:4490 -> kDisplayEpsg
  TransformPtr to_geographic;  // kDisplayEpsg -> EPSG:4490
};

// Both directions in GIS axis order (lon, lat / easting, northing).
Transforms MakeTransforms();

geo::Meters ToMetres(geo::LonLat p, OGRCoordinateTransformation& to_metres);

// The county's largest polygon from a DataV GeoJSON, GCJ-02 undone (WGS84
// serves as CGCS2000: they differ by centimetres), in metres.
geo::Result<std::unique_ptr<OGRPolygon>> LoadCounty(const std::filesystem::path& path,
                                                    OGRCoordinateTransformation& to_metres);

// An irregular blob around the seat clipped by the county, so that the town
// follows the county's Yellow River boundary. Fails unless it is one polygon.
geo::Result<std::unique_ptr<OGRPolygon>> MakeTown(const OGRPolygon& county, geo::Meters seat,
                                                  Rng& rng);

struct Town {
  std::vector<Ring> communities;
  std::vector<std::vector<Ring>> grids;                   // [community][grid]
  std::vector<std::vector<std::vector<Ring>>> compounds;  // [community][grid][compound]
};

// Communities tiling the town area and grids tiling each community, made an
// exact coverage (neighbours share identical vertices).
geo::Result<void> Subdivide(Town& town, const OGRPolygon& town_area, Rng& rng);

// Fails unless the grids tile each community (area sums to 1e-9 relative,
// symmetric difference under 1e-3 m^2) and the communities tile the town.
geo::Result<void> VerifyCoverage(const Town& town, const OGRPolygon& town_area);

// 3 compounds per grid (4 in the largest grids, kCompoundCount in all): pieces
// of the grid shrunk by 8-12 m, so streets run between them and along the
// grid's edge.
geo::Result<void> AddCompounds(Town& town, Rng& rng);

}  // namespace sample_county
