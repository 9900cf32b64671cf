#include "data/generator/town.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include "geo/gcj02.hpp"

// Sections: [SECTION] Parameters, [SECTION] County and town,
// [SECTION] Hierarchy.

namespace sample_county {
namespace {

// ---------------------------------------------------------------------------
// [SECTION] Parameters
// ---------------------------------------------------------------------------

constexpr int kMinGridsPerCommunity = 3;
constexpr int kCompoundsPerGrid = 3;  // the largest grids get one more

// The town blob: centre offset from the seat (m), semi-axes (m) along and
// across kTownDirection, and its vertex count.
constexpr double kBlobOffsetX = 0, kBlobOffsetY = 150;
constexpr double kBlobAlong = 3400, kBlobAcross = 1500;
constexpr int kBlobVertices = 180;
// The blob's radius is modulated by these harmonics (order, relative
// amplitude) with random phases, for an outline that is not an ellipse.
constexpr struct {
  int order;
  double amplitude;
} kBlobHarmonics[] = {{2, 0.09}, {3, 0.07}, {5, 0.05}, {7, 0.035}, {11, 0.02}};

// Coverage vertices closer than this (m) are one vertex.
constexpr double kSnapTolerance = 1e-3;
// Street half-widths around compounds (m).
constexpr double kStreetMin = 8, kStreetMax = 12;
constexpr double kMinCompoundArea = 2000;  // m^2

double Area(const Ring& ring) {
  return std::abs(geo::SignedArea(ring));
}

// n_i proportional to area with at least kMinGridsPerCommunity, summing to
// total (largest remainder).
std::vector<int> Apportion(const std::vector<double>& weights, int total, int minimum) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  const int free = total - minimum * static_cast<int>(weights.size());
  std::vector<int> counts(weights.size());
  std::vector<std::pair<double, size_t>> remainders;
  int given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const double exact = free * weights[i] / sum;
    counts[i] = minimum + static_cast<int>(exact);
    given += static_cast<int>(exact);
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  for (int k = 0; k < free - given; ++k) ++counts[remainders[k].second];
  return counts;
}

// Splits a grid into `count` compounds separated by streets.
std::optional<std::vector<Ring>> MakeCompounds(const Ring& grid, int count, Rng& rng) {
  const auto grid_polygon = ToPolygon(grid);
  PartitionOptions options{.lloyd_iterations = 2, .min_area_fraction = 0.4, .max_attempts = 1};
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto cells = Partition(*grid_polygon, count, rng, options);
    if (!cells) continue;
    std::vector<Ring> compounds;
    for (const Ring& cell : *cells) {
      OGRGeometryUniquePtr shrunk(ToPolygon(cell)->Buffer(-rng.Uniform(kStreetMin, kStreetMax), 3));
      std::optional<Ring> ring = shrunk ? LargestRing(*shrunk) : std::nullopt;
      if (!ring || Area(*ring) < kMinCompoundArea) break;
      compounds.push_back(std::move(*ring));
    }
    if (static_cast<int>(compounds.size()) == count) return compounds;
  }
  return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] County and town
// ---------------------------------------------------------------------------

Transforms MakeTransforms() {
  OGRSpatialReference geographic, projected;
  geographic.importFromEPSG(4490);
  projected.importFromEPSG(kDisplayEpsg);
  geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  projected.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return {TransformPtr(OGRCreateCoordinateTransformation(&geographic, &projected)),
          TransformPtr(OGRCreateCoordinateTransformation(&projected, &geographic))};
}

geo::Meters ToMetres(geo::LonLat p, OGRCoordinateTransformation& to_metres) {
  double x = p.lon, y = p.lat;
  to_metres.Transform(1, &x, &y);
  return {x, y};
}

geo::Result<std::unique_ptr<OGRPolygon>> LoadCounty(const std::filesystem::path& path,
                                                    OGRCoordinateTransformation& to_metres) {
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr));
  if (!dataset || dataset->GetLayerCount() < 1) {
    return geo::Fail(geo::ErrorCode::kUnreadable,
                     path.string() + ": cannot open the county outline: " + CPLGetLastErrorMsg());
  }
  OGRLayer* layer = dataset->GetLayer(0);
  layer->ResetReading();
  OGRFeatureUniquePtr feature(layer->GetNextFeature());
  if (!feature || !feature->GetGeometryRef()) {
    return geo::Fail(geo::ErrorCode::kInvalidInput, path.string() + ": no county geometry");
  }
  std::optional<Ring> gcj_ring = LargestRing(*feature->GetGeometryRef());
  if (!gcj_ring) {
    return geo::Fail(geo::ErrorCode::kInvalidInput,
                     path.string() + ": the county is not a polygon");
  }
  Ring ring;
  for (const geo::Meters p : *gcj_ring) {
    ring.push_back(ToMetres(geo::Wgs84FromGcj02({p.x, p.y}), to_metres));
  }
  return ToPolygon(ring);
}

geo::Result<std::unique_ptr<OGRPolygon>> MakeTown(const OGRPolygon& county, geo::Meters seat,
                                                  Rng& rng) {
  std::vector<double> phases;
  for (size_t h = 0; h < std::size(kBlobHarmonics); ++h) {
    phases.push_back(rng.Uniform(0, 2 * std::numbers::pi));
  }
  const double c = std::cos(kTownDirection), s = std::sin(kTownDirection);
  Ring blob;
  for (int k = 0; k < kBlobVertices; ++k) {
    const double theta = 2 * std::numbers::pi * k / kBlobVertices;
    double wobble = 1;
    for (size_t h = 0; h < std::size(kBlobHarmonics); ++h) {
      wobble += kBlobHarmonics[h].amplitude * std::sin(kBlobHarmonics[h].order * theta + phases[h]);
    }
    const double u = kBlobAlong * std::cos(theta) * wobble;
    const double v = kBlobAcross * std::sin(theta) * wobble;
    blob.push_back({seat.x + kBlobOffsetX + u * c - v * s, seat.y + kBlobOffsetY + u * s + v * c});
  }
  OGRGeometryUniquePtr town(county.Intersection(ToPolygon(blob).get()));
  std::optional<Ring> ring = town ? SingleRing(*town) : std::nullopt;
  if (!ring) {
    return geo::Fail(geo::ErrorCode::kInternal,
                     "the town blob clipped by the county is not one polygon; adjust kBlob*");
  }
  return ToPolygon(*ring);
}

// ---------------------------------------------------------------------------
// [SECTION] Hierarchy
// ---------------------------------------------------------------------------

geo::Result<void> Subdivide(Town& town, const OGRPolygon& town_area, Rng& rng) {
  PartitionOptions community_options{.lloyd_iterations = 4,
                                     .min_area_fraction = 0.4,
                                     .min_junction_spacing = 60,
                                     .direction_rad = kTownDirection,
                                     .stretch = 1.3};
  auto communities = Partition(town_area, kCommunityCount, rng, community_options);
  if (!communities) return geo::Fail(geo::ErrorCode::kInternal, "cannot partition the town");
  town.communities = std::move(*communities);

  std::vector<double> areas;
  for (const Ring& c : town.communities) areas.push_back(Area(c));
  const std::vector<int> grid_counts = Apportion(areas, kGridCount, kMinGridsPerCommunity);
  PartitionOptions grid_options{.lloyd_iterations = 3,
                                .min_area_fraction = 0.35,
                                .min_junction_spacing = 30,
                                .direction_rad = kTownDirection,
                                .stretch = 1.15};
  for (size_t i = 0; i < town.communities.size(); ++i) {
    auto grids = Partition(*ToPolygon(town.communities[i]), grid_counts[i], rng, grid_options);
    if (!grids) {
      return geo::Fail(geo::ErrorCode::kInternal,
                       "cannot partition community " + std::to_string(i) + " into grids");
    }
    town.grids.push_back(std::move(*grids));
  }

  std::vector<Ring*> coverage;
  for (Ring& c : town.communities) coverage.push_back(&c);
  for (auto& grids : town.grids) {
    for (Ring& g : grids) coverage.push_back(&g);
  }
  CanonicaliseCoverage(coverage, kSnapTolerance);
  return {};
}

geo::Result<void> VerifyCoverage(const Town& town, const OGRPolygon& town_area) {
  OGRMultiPolygon all_communities;
  for (size_t i = 0; i < town.communities.size(); ++i) {
    const auto community = ToPolygon(town.communities[i]);
    OGRMultiPolygon grids;
    double grid_area_sum = 0;
    for (const Ring& g : town.grids[i]) {
      const auto grid = ToPolygon(g);
      if (!grid->IsValid()) {
        return geo::Fail(geo::ErrorCode::kInternal,
                         "invalid grid in community " + std::to_string(i));
      }
      grid_area_sum += grid->get_Area();
      grids.addGeometryDirectly(grid->clone());
    }
    OGRGeometryUniquePtr grid_union(grids.UnionCascaded());
    OGRGeometryUniquePtr difference(grid_union ? grid_union->SymDifference(community.get())
                                               : nullptr);
    const double symmetric = grid_union ? PolygonalArea(difference.get()) : community->get_Area();
    if (!community->IsValid() || std::abs(grid_area_sum / community->get_Area() - 1) > 1e-9 ||
        symmetric > 1e-3) {
      return geo::Fail(geo::ErrorCode::kInternal,
                       "grids do not tile community " + std::to_string(i));
    }
    all_communities.addGeometryDirectly(community->clone());
  }
  OGRGeometryUniquePtr union_all(all_communities.UnionCascaded());
  OGRGeometryUniquePtr difference(union_all ? union_all->SymDifference(&town_area) : nullptr);
  if (!difference || PolygonalArea(difference.get()) > 1.0) {
    return geo::Fail(geo::ErrorCode::kInternal, "communities do not tile the town");
  }
  return {};
}

geo::Result<void> AddCompounds(Town& town, Rng& rng) {
  // Grids by area, largest first, get the compounds beyond kCompoundsPerGrid.
  std::vector<std::pair<double, std::pair<size_t, size_t>>> by_area;
  for (size_t i = 0; i < town.grids.size(); ++i) {
    for (size_t j = 0; j < town.grids[i].size(); ++j) {
      by_area.push_back({Area(town.grids[i][j]), {i, j}});
    }
  }
  std::stable_sort(by_area.begin(), by_area.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  const int extra = kCompoundCount - kCompoundsPerGrid * static_cast<int>(by_area.size());
  std::vector<std::vector<int>> counts;
  for (const auto& grids : town.grids) counts.emplace_back(grids.size(), kCompoundsPerGrid);
  for (int k = 0; k < extra; ++k) ++counts[by_area[k].second.first][by_area[k].second.second];

  for (size_t i = 0; i < town.grids.size(); ++i) {
    town.compounds.emplace_back();
    for (size_t j = 0; j < town.grids[i].size(); ++j) {
      auto compounds = MakeCompounds(town.grids[i][j], counts[i][j], rng);
      if (!compounds) {
        return geo::Fail(geo::ErrorCode::kInternal, "cannot split grid " + std::to_string(i) + "/" +
                                                        std::to_string(j) + " into compounds");
      }
      town.compounds[i].push_back(std::move(*compounds));
    }
  }
  return {};
}

}  // namespace sample_county
