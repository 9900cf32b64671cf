// Where a county's grid areas come from: a grid-set file mapping each level
// to a source, a layer and its fields; a delivered folder; or one vector
// source on its own.
#pragma once

#include <array>
#include <string>

#include "geo/error.hpp"
#include "geo/grid_set.hpp"

namespace geo {

// The attribute fields that carry each property; an empty name means "find
// it by its usual Chinese or English name" (CODE, 网格编码, NAME, 名称, …).
struct FieldMap {
  std::string code, name, parent, population, households;
};

struct LevelSource {
  std::string path;   // any OGR vector source; empty: the level is not delivered
  std::string layer;  // empty: the first layer
  FieldMap fields;
};

struct GridSource {
  std::array<LevelSource, kLevelCount> levels;
  std::string county_code;  // e.g. "610822"; "" when the source does not say
  std::string county_name;  // e.g. "府谷县"
  // Overrides for every level (`--source-crs`, `--encoding`): "" keeps what
  // each source declares. source_crs takes anything PROJ reads, or "gcj02" /
  // "bd09" for Chinese web-map coordinates.
  std::string source_crs;
  std::string encoding;
  // A single vector source: its one level is named after its layer.
  bool flat = false;
  std::string description;  // what was resolved, for messages: the path given
};

// Reads a grid-set file:
//
//   {"county": {"code": "610822", "name": "府谷县"},
//    "source_crs": "EPSG:4490", "encoding": "GBK",            (both optional)
//    "levels": {"community": {"source": "communities.shp", "layer": "…",
//                             "fields": {"code": "CODE", "name": "NAME", "parent": "PARENT",
//                                        "population": "POP", "households": "HH"}},
//               "grid": {…}, "compound": {…}, "building": {…}}}
//
// Sources are relative to the file's folder. Every level but one is
// optional. Errors name the file and the key (and the line for bad JSON).
Result<GridSource> ReadGridSetFile(const std::string& path);

// What `--grids PATH` means: a grid-set file (.json with "levels"); a folder
// holding gridset.json, or communities/grids/compounds/buildings.shp; or any
// single vector source (flat), placed at the level its layer name suggests.
// A path that does not exist (PG: and /vsi paths aside) is kNotFound, with a
// sentence on what to give instead.
Result<GridSource> ResolveGridSource(const std::string& path);

// The conventional folder layout; the bundled sample county is one.
GridSource GridSourceFromDirectory(const std::string& dir);

// data/sample-county in the source tree this binary was built from.
std::string SampleCountyDirectory();

// The level a layer name suggests: 社区/community → community, 网格/grid →
// grid, 小区/compound → compound, 楼/building → building; else community.
Level LevelFromLayerName(std::string_view name);

}  // namespace geo
