// What a vector source holds, for `gridops inspect SRC [--json]`: its layers,
// feature counts, geometry types, CRS, text encoding and fields.
//
// Inspect never modifies the source: a shapefile without its .shx index is
// read through a copy in GDAL's in-memory file system, where GDAL may rebuild
// the index, never beside the original.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "geo/error.hpp"
#include "geo/text_encoding.hpp"  // for callers that took TextEncoding from here

namespace geo {

struct FieldInfo {
  std::string name;  // UTF-8, decoded with the layer's encoding
  std::string type;  // OGR type name: "String", "Integer", "Integer64", "Real", "Date", ...
  int width = 0;     // 0 when the format does not say
  int precision = 0;
};

struct LayerInfo {
  std::string name;
  int64_t feature_count = -1;  // -1 when the driver cannot count
  // OGC name in camel case ("Polygon", "MultiPolygon", "Point"), with " Z",
  // " M" or " ZM" for measured or 3D layers; "Unknown" when a layer mixes
  // types, "None" when it has no geometry.
  std::string geometry_type;
  // "EPSG:4490" when identifiable (an authority code, or a registered CRS
  // GDAL matches with confidence >= 90), else the CRS's own name, else ""
  // meaning the layer declares no CRS.
  std::string crs;
  // The encoding of the source's text: "GBK (CP936)", "UTF-8", "ISO-8859-1",
  // "ASCII", "CP1250", ...; "" when the layer holds no text attributes at all
  // (a shapefile without .dbf); "unknown" when neither the format nor the
  // bytes say.
  std::string encoding;
  // How the encoding was decided, for a person: ".cpg file says 936",
  // "DBF language driver byte 0x4D", "detected from bytes", "GeoJSON is UTF-8
  // by specification", "driver default", ...
  std::string encoding_source;
  std::vector<FieldInfo> fields;
  // Geometry health, from reading every feature: polygons GEOS finds invalid
  // (the loader repairs them), and features with no or an empty geometry
  // (the loader skips them).
  int64_t invalid_repaired = 0;
  int64_t skipped_null = 0;
  int64_t skipped_empty = 0;
  // The hierarchy level this layer would map to ("community", "grid",
  // "compound", "building"), from its name or the form of its codes
  // (e.g. "CJ/T 213-2005 unit grid (14 digits)" in `level_source`), or ""
  // when it holds no polygons.
  std::string level;
  std::string level_source;
};

struct SourceInfo {
  std::string path;    // as given to Inspect
  std::string driver;  // GDAL short name, e.g. "ESRI Shapefile", "GeoJSON"
  std::vector<LayerInfo> layers;
};

// Opens `path` read-only with OpenVector (geo/gdal_util.hpp) and describes
// every layer of every dataset it found. A path ending in .zip is read
// through /vsizip/, including shapefiles in sub-folders of the archive. A
// missing path is kNotFound; anything GDAL cannot read as vector data (a
// text file, a raster, a folder or archive with no vector layer, a corrupt
// .shp) is kUnreadable. Both messages start with the path and give GDAL's
// reason when it has one; GDAL prints nothing. Every string in the result
// is valid UTF-8.
// `encoding` (a CPLRecode name such as "GBK") overrides what the sources
// say, as --encoding does; an unknown name is kInvalidInput.
Result<SourceInfo> Inspect(const std::string& path, const std::string& encoding = "");

// {"path", "driver", "layers": [{"name", "feature_count", "geometry_type",
// "crs", "encoding", "encoding_source", "fields": [{"name", "type", "width",
// "precision"}]}]}. Safe to dump(): all strings are valid UTF-8.
nlohmann::json ToJson(const SourceInfo& info);

// A multi-line summary for a terminal, UTF-8 (Chinese names as they are),
// ending with a newline.
std::string FormatText(const SourceInfo& info);

}  // namespace geo
