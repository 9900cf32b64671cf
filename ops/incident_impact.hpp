// What an incident's area covers, the moment it is drawn: the communities,
// grids and compounds inside it (with the share of each), the residents
// there, the open demands and the sensors within it. What a coordinator
// reads before summoning departments (吹哨), and what the API and every
// display show beside the incident.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "geo/area_overlap.hpp"
#include "geo/crs.hpp"
#include "ops/live_state.hpp"

namespace ops {

// The incident's area as an open ring in display metres: its polygon, or
// its circle as a 72-gon. A point incident (radius 0, no polygon) is given
// `min_radius_m`. Empty when PROJ cannot place it.
std::vector<geo::Meters> IncidentRing(const IncidentInput& area,
                                      const geo::Transformer& to_display,
                                      double min_radius_m = 50);

struct IncidentImpact {
  // Communities, grids, compounds covered, largest share first.
  std::array<std::vector<geo::AreaShare>, 3> areas;
  // Residents and households inside, by areal weighting of the grids'
  // figures (population × share): grids are the finest level whose figures
  // the county keeps complete.
  double population = 0;
  double households = 0;
  std::vector<int64_t> open_demands;  // inside the area, oldest first
  int32_t overdue = 0;                // of those, past their deadline
  std::vector<std::string> sensors;   // inside the area, by id
  int32_t sensors_warn = 0;
  int32_t sensors_alarm = 0;
};

// One per thread (it holds a GEOS context and a PROJ transformer); the grid
// set must outlive it.
class ImpactCalculator {
 public:
  static geo::Result<std::unique_ptr<ImpactCalculator>> Create(const geo::GridSet& grids);

  IncidentImpact Of(const IncidentInput& area, const Snapshot& now) const;
  std::vector<geo::Meters> Ring(const IncidentInput& area) const {
    return IncidentRing(area, to_display_);
  }

 private:
  ImpactCalculator(const geo::GridSet& grids, geo::Transformer to_display);
  const geo::GridSet& grids_;
  geo::Transformer to_display_;
  geo::AreaOverlap overlap_;
};

}  // namespace ops
