// A county's grid areas, every level in one structure: Community → Grid →
// Compound, each a Feature with its polygons in display metres and its place
// in the hierarchy. Plain data: ids are indices into `features`.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "geo/geometry.hpp"

namespace geo {

// The levels below the county. Building is optional: most counties deliver
// three levels, and its range in a GridSet is then empty.
enum class Level : uint8_t { kCommunity = 0, kGrid = 1, kCompound = 2, kBuilding = 3 };
inline constexpr int kLevelCount = 4;
inline constexpr std::array<const char*, kLevelCount> kLevelNames = {"community", "grid",
                                                                     "compound", "building"};
// Names for people: 社区 / 网格 / 小区 / 楼栋.
inline constexpr std::array<const char*, kLevelCount> kLevelNamesZh = {"社区", "网格", "小区",
                                                                       "楼栋"};

using FeatureId = uint32_t;
inline constexpr FeatureId kNoFeature = UINT32_MAX;

struct Feature {
  Level level = Level::kCommunity;
  std::string code;         // hierarchical GridCode, e.g. 61082210000101
  std::string name;         // UTF-8
  std::string parent_code;  // as the source says; may be the street for communities
  int64_t population = 0;
  int64_t households = 0;
  // Polygons [first_polygon, first_polygon + polygon_count) of GridSet::polygons.
  uint32_t first_polygon = 0;
  uint32_t polygon_count = 0;
  FeatureId parent = kNoFeature;  // kNoFeature for communities and orphans
  std::vector<FeatureId> children;
  Bounds bounds;
  Meters label_point;  // a point inside the area (on its surface), for labels and tests
  double area_m2 = 0;
};

// What loading noticed and did, for `inspect`, the log and the UI.
struct LoadNote {
  std::string message;
};

// How one level was read: where from, how its text and coordinates were
// understood, and what had to be repaired or skipped.
struct LevelReport {
  std::string path;
  std::string layer;
  std::string label;            // the level's name for people: "grid", or a flat source's layer
  std::string encoding;         // "GBK (CP936)", "UTF-8", …
  std::string encoding_source;  // ".cpg file says 936", "detected from bytes", "--encoding GBK"
  std::string crs;              // "EPSG:4490 (China Geodetic Coordinate System 2000)", "GCJ-02"
  std::string crs_source;       // "the layer's .prj", "assumed: …", "--source-crs"
  size_t features = 0;          // loaded
  size_t invalid_repaired = 0;  // invalid polygons made valid
  size_t skipped_null = 0;      // no geometry
  size_t skipped_empty = 0;     // empty geometry
  size_t skipped_other = 0;     // not a polygon, no code, or beyond repair
  size_t zm_dropped = 0;        // Z or M values dropped
};

struct GridSet {
  std::string county_code;  // "610822" when the source says, else from the codes
  std::string county_name;  // "府谷县" when the source says, else ""
  std::string display_crs;  // e.g. "EPSG:4546"
  std::string source_crs;   // of the community level, as identified
  PolygonSet polygons;
  std::vector<Feature> features;  // grouped by level: communities, then grids, then compounds
  std::array<FeatureId, kLevelCount + 1> level_begin{};  // level l = [level_begin[l], level_begin[l+1])
  Bounds bounds;
  std::vector<LoadNote> notes;
  std::array<LevelReport, kLevelCount> reports;  // by level; path "" when not delivered

  size_t LevelCount(Level l) const {
    return level_begin[static_cast<int>(l) + 1] - level_begin[static_cast<int>(l)];
  }
  FeatureId LevelBegin(Level l) const { return level_begin[static_cast<int>(l)]; }
  FeatureId LevelEnd(Level l) const { return level_begin[static_cast<int>(l) + 1]; }
  // The feature with this exact code, or kNoFeature.
  FeatureId Find(std::string_view code) const;
};

}  // namespace geo
