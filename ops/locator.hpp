// Where a reported lon/lat falls: its display-CRS position and the area
// holding it at every level, or a sentence saying why it cannot be placed
// (not a coordinate, outside the county, lat and long swapped).
#pragma once

#include <span>
#include <string_view>

#include "geo/grid_set.hpp"
#include "geo/polygon_index.hpp"
#include "ops/model.hpp"
#include "ops/request_error.hpp"

namespace ops {

struct Located {
  geo::Meters xy;
  AreaIds areas{geo::kNoFeature, geo::kNoFeature, geo::kNoFeature, geo::kNoFeature};
};

class Locator {
 public:
  // `index` must be built from `grids` and outlive the Locator.
  Locator(const geo::GridSet& grids, const geo::PolygonIndex& index);

  // Any thread: each thread transforms with its own PROJ context.
  // `lon_field`/`lat_field` name the fields in errors ("long"/"lat" for
  // Open311, "lon"/"lat" elsewhere).
  Checked<Located> Locate(geo::LonLat p, std::string_view lon_field = "lon",
                          std::string_view lat_field = "lat") const;
  // The display-CRS position of a lon/lat (HUGE_VAL when PROJ fails).
  geo::Meters ToDisplay(geo::LonLat p) const;
  // In place, many at once (a restart's demands).
  void ToDisplay(std::span<double> lons, std::span<double> lats) const;

  const geo::GridSet& grids() const { return grids_; }

 private:
  const geo::GridSet& grids_;
  const geo::PolygonIndex& index_;
  geo::LonLat min_{}, max_{};  // the county's lon/lat bounding box, for messages
};

}  // namespace ops
