// Topology QA: gaps and overlaps between sibling areas, and children that
// stick out of their parent — how a county proves its grid is seamless
// (社区网格无缝隙). Computed with GEOS in display metres.
#pragma once

#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "geo/error.hpp"
#include "geo/geometry.hpp"
#include "geo/grid_set.hpp"

namespace geo {

struct TopologyIssue {
  enum Kind {
    kGap,            // part of a parent (or a hole in the top level) no child covers
    kOverlap,        // two siblings cover the same area
    kOutsideParent,  // part of a child outside its parent
  };
  Kind kind = kGap;
  // The level of the areas that should have tiled, or that overlap, or that
  // stick out: kGrid for a gap between grids in a community.
  Level level = Level::kCommunity;
  // The features involved, parent first where there is one:
  //   kGap:           the parent (none for the top level), then every child
  //                   touching the gap, by code;
  //   kOverlap:       the two siblings, by code;
  //   kOutsideParent: the child, then its parent.
  std::vector<std::string> codes;
  double area_m2 = 0;
  Meters location;   // a point inside the problem area (GEOS point on surface)
  PolygonSet shape;  // the problem area in display metres
};

// A stable lower-case name for people and files: "gap", "overlap",
// "outside_parent".
const char* TopologyKindName(TopologyIssue::Kind kind);

struct TopologyOptions {
  // Problems of this area or less are digitising noise and not reported. A
  // gap is judged per connected piece, an overlap per pair of siblings, an
  // outside part per child.
  double min_area_m2 = 1.0;
  // Overlays snap coordinates to a grid of this spacing (metres; GEOS
  // snap-rounding), so vertices that differ by a rounding error, as after a
  // round trip through another CRS, do not leave hair-thin slivers that
  // join a real gap and pull its location away. 0: full floating precision.
  double grid_size_m = 1e-3;
  // Whether each level must tile its parent (or, for the top level, leave no
  // hole inside the union of its areas). Grids tile their community and
  // communities the county; compounds and buildings do not (streets run
  // between them), so only their overlaps and outside parts are checked.
  std::array<bool, kLevelCount> must_tile = {true, true, false, false};
};

// Checks every parent against its children in the level below, and the top
// level (the first level with features) against itself as the county:
// overlaps between siblings whose bounds overlap, gaps where the children's
// level must tile, and children outside their parent. Orphans take part only
// when they are in the top level. Issues come ordered by level, then parent,
// then kind.
//
// An invalid polygon (self-intersection, a ring of fewer than three points)
// or a GEOS failure is a kInvalidInput / kInternal error naming the feature,
// since no overlay of it can be trusted.
Result<std::vector<TopologyIssue>> CheckTopology(const GridSet& set,
                                                 const TopologyOptions& options = {});

// The issues as a GeoJSON FeatureCollection in lon/lat (CGCS2000, EPSG:4490,
// which equals WGS 84 to centimetres): one Feature per issue, a Polygon or
// MultiPolygon, with properties kind, level, codes, area_m2. Fails only when
// `set.display_crs` cannot be transformed.
Result<nlohmann::json> TopologyGeoJson(const std::vector<TopologyIssue>& issues,
                                       const GridSet& set);

}  // namespace geo
