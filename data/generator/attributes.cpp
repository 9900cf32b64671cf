#include "data/generator/attributes.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <string>

#include "data/generator/naming.hpp"

namespace sample_county {
namespace {

constexpr int kMinHouseholds = 300, kMaxHouseholds = 600;  // per grid
constexpr double kMinPersonsPerHousehold = 2.6, kMaxPersonsPerHousehold = 3.0;
// A community fronts the river when more than this much (m) of its boundary
// is the county's boundary.
constexpr double kMinRiverFrontage = 200;
// Communities per street, from the south-west end of the town.
constexpr int kCommunitiesPerStreet[] = {5, 5, 4};

geo::Meters Centroid(const Ring& ring) {
  OGRPoint centre;
  ToPolygon(ring)->Centroid(&centre);
  return {centre.getX(), centre.getY()};
}

// Indices of the rings ordered along the town's axis (south-west first).
std::vector<size_t> AlongTown(const std::vector<Ring>& rings) {
  const double c = std::cos(kTownDirection), s = std::sin(kTownDirection);
  std::vector<double> along;
  for (const Ring& ring : rings) {
    const geo::Meters p = Centroid(ring);
    along.push_back(p.x * c + p.y * s);
  }
  std::vector<size_t> order(rings.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return along[a] < along[b]; });
  return order;
}

// Splits total into integer shares proportional to weights that sum exactly
// to total (largest remainder).
std::vector<int64_t> Share(int64_t total, const std::vector<double>& weights) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<int64_t> shares;
  std::vector<std::pair<double, size_t>> remainders;
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    shares.push_back(static_cast<int64_t>(std::floor(exact)));
    given += shares.back();
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int64_t k = 0; k < total - given; ++k) ++shares[remainders[k].second];
  return shares;
}

// Community names (without 社区), indexed like town.communities.
std::vector<std::string> CommunityNames(const Town& town, const OGRPolygon& county,
                                        geo::Meters seat, const std::vector<size_t>& order) {
  const size_t n = town.communities.size();
  OGRPoint seat_point(seat.x, seat.y);
  OGRLineString county_line;
  county_line.addSubLineString(county.getExteriorRing());
  OGRGeometryUniquePtr river_band(county_line.Buffer(1.0));  // 2 m wide
  std::vector<std::pair<double, size_t>> frontage;
  std::vector<std::string> names(n);
  for (size_t i = 0; i < n; ++i) {
    const auto polygon = ToPolygon(town.communities[i]);
    if (polygon->Contains(&seat_point)) {
      names[i] = InlandCommunityNames().front();
      continue;
    }
    OGRGeometryUniquePtr bank(polygon->Intersection(river_band.get()));
    const double length = PolygonalArea(bank.get()) / 2;
    if (length > kMinRiverFrontage) frontage.emplace_back(length, i);
  }
  std::stable_sort(frontage.begin(), frontage.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; k < frontage.size() && k < RiverCommunityNames().size(); ++k) {
    names[frontage[k].second] = RiverCommunityNames()[k];
  }
  size_t next_inland = 1;
  for (const size_t i : order) {
    if (!names[i].empty()) continue;
    assert(next_inland < InlandCommunityNames().size() && "add inland community names");
    names[i] = InlandCommunityNames()[next_inland++];
  }
  return names;
}

}  // namespace

Layers BuildRecords(const Town& town, const OGRPolygon& county, geo::Meters seat, Rng& rng) {
  Layers layers;
  const std::vector<size_t> order = AlongTown(town.communities);
  const std::vector<std::string> names = CommunityNames(town, county, seat, order);
  std::vector<std::string> compound_names = CompoundNames(kCompoundCount, rng);
  size_t next_compound_name = 0;

  size_t rank = 0;
  for (size_t street = 0; street < std::size(kCommunitiesPerStreet); ++street) {
    const Street& s = Streets()[street];
    const std::string street_code = std::string(kCountyCode) + s.code;
    for (int k = 1; k <= kCommunitiesPerStreet[street]; ++k, ++rank) {
      assert(rank < order.size() && "kCommunitiesPerStreet must add up to kCommunityCount");
      const size_t c = order[rank];
      FeatureRecord community{.code = street_code + ZeroPadded(k, 3),
                              .name = names[c] + "社区",
                              .parent = street_code,
                              .street = s.name,
                              .ring = town.communities[c]};

      const std::vector<size_t> grid_order = AlongTown(town.grids[c]);
      for (size_t g = 0; g < grid_order.size(); ++g) {
        const size_t gi = grid_order[g];
        const int households = rng.Int(kMinHouseholds, kMaxHouseholds);
        const double persons = rng.Uniform(kMinPersonsPerHousehold, kMaxPersonsPerHousehold);
        FeatureRecord grid{
            .code = community.code + ZeroPadded(static_cast<int>(g) + 1, 2),
            .name = community.name + "第" + ChineseNumeral(static_cast<int>(g) + 1) + "网格",
            .parent = community.code,
            .street = "",
            .population = std::llround(households * persons),
            .households = households,
            .ring = town.grids[c][gi]};
        community.population += grid.population;
        community.households += grid.households;

        const std::vector<Ring>& compounds = town.compounds[c][gi];
        const std::vector<size_t> compound_order = AlongTown(compounds);
        std::vector<double> areas;
        for (const size_t k2 : compound_order)
          areas.push_back(std::abs(geo::SignedArea(compounds[k2])));
        const std::vector<int64_t> compound_households = Share(grid.households, areas);
        const std::vector<int64_t> compound_population = Share(grid.population, areas);
        for (size_t m = 0; m < compound_order.size(); ++m) {
          layers.compounds.push_back({.code = grid.code + ZeroPadded(static_cast<int>(m) + 1, 3),
                                      .name = compound_names[next_compound_name++],
                                      .parent = grid.code,
                                      .street = "",
                                      .population = compound_population[m],
                                      .households = compound_households[m],
                                      .ring = compounds[compound_order[m]]});
        }
        layers.grids.push_back(std::move(grid));
      }
      layers.communities.push_back(std::move(community));
    }
  }
  assert(rank == order.size() && "kCommunitiesPerStreet must add up to kCommunityCount");
  return layers;
}

}  // namespace sample_county
