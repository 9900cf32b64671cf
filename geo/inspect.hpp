// What a vector source holds, for `gridops inspect SRC [--json]`: its layers,
// feature counts, geometry types, CRS, text encoding and fields.
//
// Inspect never modifies the source: a shapefile without its .shx index is
// read through a copy in GDAL's in-memory file system, where GDAL may rebuild
// the index, never beside the original.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "geo/error.hpp"

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
};

struct SourceInfo {
  std::string path;    // as given to Inspect
  std::string driver;  // GDAL short name, e.g. "ESRI Shapefile", "GeoJSON"
  std::vector<LayerInfo> layers;
};

// Opens `path` read-only with GDAL and describes every layer. A path ending
// in .zip is read through /vsizip/, including shapefiles in sub-folders of
// the archive. A missing path is kNotFound; anything GDAL cannot read as
// vector data (a text file, a raster, a folder or archive with no vector
// layer, a corrupt .shp) is kUnreadable. Both messages start with the path
// and give GDAL's reason when it has one; GDAL prints nothing. Every string
// in the result is valid UTF-8.
Result<SourceInfo> Inspect(const std::string& path);

// {"path", "driver", "layers": [{"name", "feature_count", "geometry_type",
// "crs", "encoding", "encoding_source", "fields": [{"name", "type", "width",
// "precision"}]}]}. Safe to dump(): all strings are valid UTF-8.
nlohmann::json ToJson(const SourceInfo& info);

// A multi-line summary for a terminal, UTF-8 (Chinese names as they are),
// ending with a newline.
std::string FormatText(const SourceInfo& info);

// [SECTION] Text encoding detection

enum class TextEncoding {
  kAscii,   // only bytes < 0x80: every encoding gdal meets reads it the same
  kUtf8,    // valid UTF-8 with multi-byte sequences
  kGbk,     // GBK / GB18030 double-byte (and four-byte) sequences
  kLatin1,  // anything else: single-byte, read as ISO-8859-1
};

// Guesses the encoding of text bytes (DBF field names and string values
// joined by '\n', for instance) in this order: pure ASCII; UTF-8 when its
// multi-byte sequences are valid; GBK when the high bytes pair up as GBK
// (lead 0x81-0xFE, trail 0x40-0xFE except 0x7F, or GB18030 four-byte
// sequences) and most pairs have a high trail byte, as Chinese characters
// do; else ISO-8859-1. A multi-byte character cut short right before '\n'
// or the end of the bytes is ignored (fixed-width DBF fields cut them), and
// up to one malformed sequence in 20 good ones is tolerated. Short Latin-1
// runs of two accented letters ("ÀÉ") are valid GBK and read as GBK: the
// guess is for text, not for a handful of bytes.
TextEncoding DetectTextEncoding(std::string_view bytes);

// "ASCII", "UTF-8", "GBK (CP936)", "ISO-8859-1": for people.
std::string_view TextEncodingName(TextEncoding encoding);

// The name GDAL's CPLRecode and the shapefile driver's ENCODING open option
// take: "UTF-8" (also for ASCII, a subset), "CP936", "ISO-8859-1".
std::string_view TextEncodingGdalName(TextEncoding encoding);

// Reads a .dbf file (any GDAL path, /vsizip/ included) and detects the
// encoding of its field names and character field values, from at most the
// first 4 MiB of records. kNotFound when it cannot be opened, kUnreadable
// when its header is not a DBF header.
Result<TextEncoding> DetectDbfTextEncoding(const std::string& dbf_path);

}  // namespace geo
