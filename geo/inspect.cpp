// Index of this file:
// [SECTION] Small helpers
// [SECTION] Text: shortening, terminal width, encoding labels, .cpg code pages
// [SECTION] Layers: geometry type, CRS, shapefile encoding, fields
// [SECTION] Opening: every dataset OpenVector found
// [SECTION] Public entry points and output
#include "geo/inspect.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_core.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>
#include <algorithm>
#include <cstdlib>
#include <exception>
#include <utility>

#include "geo/gdal_util.hpp"
#include "geo/text_encoding.hpp"

namespace geo {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Small helpers
//-----------------------------------------------------------------------------

unsigned char Byte(char c) {
  return static_cast<unsigned char>(c);
}

std::string Trim(std::string_view s) {
  const auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

//-----------------------------------------------------------------------------
// [SECTION] Text
//-----------------------------------------------------------------------------

// At most `max_bytes` of UTF-8 text, cut on a character boundary.
std::string Shorten(std::string s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (Byte(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s + "...";
}

// Terminal columns of UTF-8 text: East Asian wide characters take two.
size_t DisplayWidth(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t n = Byte(s[i]) < 0x80 ? 1 : std::max<size_t>(1, Utf8SequenceAt(s, i));
    uint32_t cp = Byte(s[i]);
    if (n > 1) {
      cp &= 0xFFu >> (n + 1);
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (Byte(s[i + k]) & 0x3F);
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
    i += n;
  }
  return width;
}

std::string PadRight(const std::string& s, size_t columns) {
  const size_t w = DisplayWidth(s);
  return w >= columns ? s : s + std::string(columns - w, ' ');
}

// A GDAL encoding name as people know it.
std::string EncodingLabel(std::string_view gdal_name) {
  const std::string n = Lower(gdal_name);
  if (n == "cp936" || n == "gbk" || n == "936" || n == "ms936" || n == "windows-936") {
    return std::string(TextEncodingName(TextEncoding::kGbk));
  }
  if (n == "utf-8" || n == "utf8") return "UTF-8";
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "latin1") return "ISO-8859-1";
  return std::string(gdal_name);
}

// The CPLRecode name of a .cpg value GDAL does not map itself: Esri writes
// "ANSI 1250" or "1252" for Windows code pages. "" when it names none.
std::string CodePageFromCpg(std::string_view cpg) {
  std::string rest = Lower(Trim(cpg));
  for (std::string_view prefix : {"ansi", "windows", "cp", "ms"}) {
    if (rest.starts_with(prefix)) {
      rest.erase(0, prefix.size());
      break;
    }
  }
  while (!rest.empty() && (rest[0] == ' ' || rest[0] == '-' || rest[0] == '_')) rest.erase(0, 1);
  if (rest.size() < 3 || rest.size() > 5) return "";
  if (!std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "";
  }
  return "CP" + rest;
}

//-----------------------------------------------------------------------------
// [SECTION] Layers
//-----------------------------------------------------------------------------

std::string GeometryTypeName(OGRwkbGeometryType type) {
  // OGRGeometryTypeToName says "Multi Polygon"; people and WKT say this.
  static constexpr std::pair<OGRwkbGeometryType, const char*> kNames[] = {
      {wkbPoint, "Point"},
      {wkbLineString, "LineString"},
      {wkbPolygon, "Polygon"},
      {wkbMultiPoint, "MultiPoint"},
      {wkbMultiLineString, "MultiLineString"},
      {wkbMultiPolygon, "MultiPolygon"},
      {wkbGeometryCollection, "GeometryCollection"},
      {wkbCircularString, "CircularString"},
      {wkbCompoundCurve, "CompoundCurve"},
      {wkbCurvePolygon, "CurvePolygon"},
      {wkbMultiCurve, "MultiCurve"},
      {wkbMultiSurface, "MultiSurface"},
      {wkbCurve, "Curve"},
      {wkbSurface, "Surface"},
      {wkbPolyhedralSurface, "PolyhedralSurface"},
      {wkbTIN, "TIN"},
      {wkbTriangle, "Triangle"},
  };
  if (type == wkbNone) return "None";
  const OGRwkbGeometryType flat = wkbFlatten(type);
  if (flat == wkbUnknown) return "Unknown";
  const auto* it = std::find_if(std::begin(kNames), std::end(kNames),
                                [&](const auto& entry) { return entry.first == flat; });
  if (it == std::end(kNames)) return OGRGeometryTypeToName(type);
  const std::string name = it->second;
  const bool z = OGR_GT_HasZ(type), m = OGR_GT_HasM(type);
  if (z && m) return name + " ZM";
  if (z) return name + " Z";
  if (m) return name + " M";
  return name;
}

std::string AuthorityCode(const OGRSpatialReference& srs) {
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  return authority && code ? fmt::format("{}:{}", authority, code) : std::string();
}

// See LayerInfo::crs.
std::string CrsName(const OGRSpatialReference* srs) {
  if (!srs || srs->IsEmpty()) return "";
  if (std::string id = AuthorityCode(*srs); !id.empty()) return id;
  OGRSpatialReference copy(*srs);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE) {
    if (std::string id = AuthorityCode(copy); !id.empty()) return id;
  }
  // Esri WKT in a .prj names no authority; a registered CRS GDAL is sure of
  // is the one meant.
  int count = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = srs->FindMatches(nullptr, &count, &confidence);
  std::string id;
  if (matches && confidence && count > 0 && confidence[0] >= 90) {
    id = AuthorityCode(*OGRSpatialReference::FromHandle(matches[0]));
  }
  if (matches) OSRFreeSRSArray(matches);
  CPLFree(confidence);
  if (!id.empty()) return id;
  const char* name = srs->GetName();
  if (name && *name && !EqualCi(name, "unknown")) return ToUtf8(name);
  return "unnamed CRS";
}

// How a shapefile layer's text is encoded, and how GDAL decoded it.
struct TextVerdict {
  std::string label;      // LayerInfo::encoding
  std::string source;     // LayerInfo::encoding_source
  std::string real;       // CPLRecode name of the bytes on disk; "" when unknown
  std::string gdal_from;  // what GDAL recoded from ("" = it passes bytes through)
};

constexpr int kLdidAnsi = 0x57;  // "the writer's Windows ANSI code page"

TextVerdict DecideShapefileEncoding(OGRLayer& layer, const std::string& dbf_path) {
  CSLConstList md = layer.GetMetadata("SHAPEFILE");
  const auto get = [&](const char* key) {
    const char* v = CSLFetchNameValue(md, key);
    return v ? std::string(v) : std::string();
  };
  // SOURCE_ENCODING is what GDAL actually recodes from: set from the .cpg or
  // the LDID when it can recode from it, empty when it passes bytes through.
  const std::string gdal_from = get("SOURCE_ENCODING");
  const std::string cpg = Trim(get("CPG_VALUE"));
  const std::string from_cpg = get("ENCODING_FROM_CPG");
  const std::string from_ldid = get("ENCODING_FROM_LDID");
  const std::string ldid_text = get("LDID_VALUE");
  const int ldid = ldid_text.empty() ? 0 : std::atoi(ldid_text.c_str());

  if (dbf_path.empty()) return {"", "no .dbf file: the layer has no attributes", "", gdal_from};
  const auto detect = [&](std::string_view why) -> TextVerdict {
    const Result<TextEncoding> found = DetectDbfTextEncoding(dbf_path);
    if (!found) {
      return {"unknown", "driver default (cannot detect: " + found.error().message + ")", gdal_from,
              gdal_from};
    }
    std::string source = "detected from bytes";
    if (!why.empty()) source += fmt::format(" ({})", why);
    return {std::string(TextEncodingName(*found)), source,
            std::string(TextEncodingGdalName(*found)), gdal_from};
  };

  if (!gdal_from.empty()) {
    if (!cpg.empty() && EqualCi(gdal_from, from_cpg)) {
      return {EncodingLabel(gdal_from), ".cpg file says " + ToUtf8(cpg), gdal_from, gdal_from};
    }
    if (cpg.empty() && ldid != 0 && EqualCi(gdal_from, from_ldid)) {
      // GDAL reads 0x57 as ISO-8859-1, yet a Chinese Windows writes GBK
      // under it: trust the bytes when they are clearly multi-byte text.
      if (ldid == kLdidAnsi) {
        const Result<TextEncoding> found = DetectDbfTextEncoding(dbf_path);
        if (found && (*found == TextEncoding::kGbk || *found == TextEncoding::kUtf8)) {
          return detect("DBF language driver byte 0x57 only means the writer's ANSI code page");
        }
      }
      return {EncodingLabel(gdal_from), fmt::format("DBF language driver byte 0x{:02X}", ldid),
              gdal_from, gdal_from};
    }
    return {EncodingLabel(gdal_from), "SHAPE_ENCODING configuration option", gdal_from, gdal_from};
  }
  // GDAL passes the bytes through: no .cpg and no LDID it knows, or a .cpg
  // it cannot recode from.
  if (!cpg.empty()) {
    const std::string code_page = CodePageFromCpg(cpg);
    if (!code_page.empty() && CPLCanRecode("test", code_page.c_str(), CPL_ENC_UTF8)) {
      return {EncodingLabel(code_page), ".cpg file says " + ToUtf8(cpg), code_page, ""};
    }
    const std::string unusable =
        fmt::format(".cpg file \"{}\" names no code page", Shorten(ToUtf8(cpg), 40));
    // GDAL lets a .cpg it cannot use hide a language driver byte it could.
    if (!from_ldid.empty() && ldid != kLdidAnsi &&
        CPLCanRecode("test", from_ldid.c_str(), CPL_ENC_UTF8)) {
      return {EncodingLabel(from_ldid),
              fmt::format("DBF language driver byte 0x{:02X}; {}", ldid, unusable), from_ldid, ""};
    }
    return detect(unusable);
  }
  if (ldid != 0) {
    return detect(fmt::format("DBF language driver byte 0x{:02X} names no code page", ldid));
  }
  return detect("");
}

// A field name GDAL returned, as UTF-8 in the encoding the verdict found.
std::string FixText(const char* from_gdal, const TextVerdict& verdict) {
  const std::string_view text = from_gdal ? from_gdal : "";
  if (verdict.real.empty() || EqualCi(verdict.real, verdict.gdal_from)) return ToUtf8(text);
  const std::string bytes = verdict.gdal_from.empty()
                                ? std::string(text)
                                : Recode(text, CPL_ENC_UTF8, verdict.gdal_from.c_str());
  return ToUtf8(bytes, verdict.real);
}

std::string FindDbf(const CPLStringList& files, const std::string& layer_name) {
  for (int i = 0; i < files.size(); ++i) {
    const std::string f = files[i];
    if (EqualCi(PathExtension(f), "dbf") && PathBaseName(f) == layer_name) return f;
  }
  for (int i = 0; i < files.size(); ++i) {
    const std::string f = files[i];
    if (EqualCi(PathExtension(f), "dbf") && EqualCi(PathBaseName(f), layer_name)) return f;
  }
  return "";
}

LayerInfo DescribeLayer(OGRLayer& layer, const std::string& driver, const CPLStringList& files) {
  LayerInfo info;
  info.name = ToUtf8(layer.GetName());
  info.feature_count = layer.GetFeatureCount(TRUE);
  info.geometry_type = GeometryTypeName(layer.GetGeomType());
  info.crs = CrsName(layer.GetSpatialRef());

  TextVerdict verdict;
  if (driver == "ESRI Shapefile") {
    verdict = DecideShapefileEncoding(layer, FindDbf(files, layer.GetName()));
  } else if (driver == "GeoJSON" || driver == "GeoJSONSeq") {
    verdict = {"UTF-8", "GeoJSON is UTF-8 by specification", "", ""};
  } else if (driver == "TopoJSON") {
    verdict = {"UTF-8", "TopoJSON is JSON, UTF-8 by specification", "", ""};
  } else if (driver == "GPKG") {
    verdict = {"UTF-8", "GeoPackage is UTF-8 by specification", "", ""};
  } else if (driver == "FlatGeobuf") {
    verdict = {"UTF-8", "FlatGeobuf is UTF-8 by specification", "", ""};
  } else if (layer.TestCapability(OLCStringsAsUTF8)) {
    verdict = {"UTF-8", "driver reports UTF-8", "", ""};
  } else {
    verdict = {"unknown", "driver default", "", ""};
  }
  info.encoding = verdict.label;
  info.encoding_source = verdict.source;

  const OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; defn && i < defn->GetFieldCount(); ++i) {
    const OGRFieldDefn* field = defn->GetFieldDefn(i);
    info.fields.push_back({FixText(field->GetNameRef(), verdict),
                           OGRFieldDefn::GetFieldTypeName(field->GetType()), field->GetWidth(),
                           field->GetPrecision()});
  }
  return info;
}

//-----------------------------------------------------------------------------
// [SECTION] Opening
//-----------------------------------------------------------------------------

// Adds the layers of one dataset OpenVector found; the driver names of
// several datasets are joined ("ESRI Shapefile, GeoJSON").
void AppendLayers(GDALDataset& ds, SourceInfo& out) {
  const std::string driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
  if (out.driver.empty()) {
    out.driver = driver;
  } else if (!driver.empty() && out.driver.find(driver) == std::string::npos) {
    out.driver += ", " + driver;
  }
  const CPLStringList files(ds.GetFileList(), TRUE);
  for (OGRLayer* layer : ds.GetLayers()) {
    if (layer) out.layers.push_back(DescribeLayer(*layer, driver, files));
  }
}

Result<SourceInfo> InspectUnguarded(const std::string& path) {
  const ErrorCapture quiet;  // GDAL prints nothing while layers are described
  Result<OpenedVector> opened = OpenVector(path);
  if (!opened) return std::unexpected(std::move(opened.error()));
  SourceInfo info{ToUtf8(path), "", {}};
  for (const GDALDatasetUniquePtr& ds : opened->datasets) AppendLayers(*ds, info);
  return info;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Public entry points and output
//-----------------------------------------------------------------------------

Result<SourceInfo> Inspect(const std::string& path) {
  // Library code below may throw (bad_alloc, filesystem); callers get a value.
  try {
    return InspectUnguarded(path);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, fmt::format("{}: {}", ToUtf8(path), e.what()));
  } catch (...) {
    return Fail(ErrorCode::kInternal, fmt::format("{}: unexpected failure", ToUtf8(path)));
  }
}

nlohmann::json ToJson(const SourceInfo& info) {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerInfo& layer : info.layers) {
    nlohmann::json fields = nlohmann::json::array();
    for (const FieldInfo& f : layer.fields) {
      fields.push_back(
          {{"name", f.name}, {"type", f.type}, {"width", f.width}, {"precision", f.precision}});
    }
    layers.push_back({{"name", layer.name},
                      {"feature_count", layer.feature_count},
                      {"geometry_type", layer.geometry_type},
                      {"crs", layer.crs},
                      {"encoding", layer.encoding},
                      {"encoding_source", layer.encoding_source},
                      {"fields", std::move(fields)}});
  }
  return {{"path", ToUtf8(info.path)}, {"driver", info.driver}, {"layers", std::move(layers)}};
}

std::string FormatText(const SourceInfo& info) {
  std::string out = fmt::format("{}  ({}, {} layer{})\n", info.path, info.driver,
                                info.layers.size(), info.layers.size() == 1 ? "" : "s");
  for (const LayerInfo& layer : info.layers) {
    out += fmt::format("\nLayer {}\n", layer.name);
    const std::string count =
        layer.feature_count < 0 ? "unknown" : std::to_string(layer.feature_count);
    out += fmt::format("  features   {}\n", count);
    out += fmt::format("  geometry   {}\n", layer.geometry_type);
    out += fmt::format("  CRS        {}\n", layer.crs.empty() ? "none declared" : layer.crs);
    const std::string encoding = layer.encoding.empty() ? "no text" : layer.encoding;
    out += fmt::format("  encoding   {} ({})\n", encoding, layer.encoding_source);
    out += fmt::format("  fields     {}\n", layer.fields.size());
    size_t name_columns = 0;
    for (const FieldInfo& f : layer.fields)
      name_columns = std::max(name_columns, DisplayWidth(f.name));
    for (const FieldInfo& f : layer.fields) {
      std::string type = f.type;
      if (f.width > 0 && f.precision > 0) {
        type += fmt::format("({}.{})", f.width, f.precision);
      } else if (f.width > 0) {
        type += fmt::format("({})", f.width);
      }
      out += fmt::format("    {}  {}\n", PadRight(f.name, name_columns), type);
    }
  }
  return out;
}

}  // namespace geo
