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
#include "geo/grid_code.hpp"
#include "geo/grid_source.hpp"
#include "geo/layer_text.hpp"
#include "geo/text_encoding.hpp"

namespace geo {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] Small helpers
//-----------------------------------------------------------------------------

unsigned char Byte(char c) {
  return static_cast<unsigned char>(c);
}

//-----------------------------------------------------------------------------
// [SECTION] Text
//-----------------------------------------------------------------------------

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

// Reads every feature once: geometry health counts, and the level the layer
// maps to (its name when it says, else the form of the first all-digit text
// value that looks like a grid code).
void ScanGeometries(OGRLayer& layer, const TextVerdict& verdict, LayerInfo& info) {
  const OGRwkbGeometryType type = wkbFlatten(layer.GetGeomType());
  const bool areal = type == wkbPolygon || type == wkbMultiPolygon || type == wkbUnknown ||
                     type == wkbCurvePolygon || type == wkbMultiSurface;
  GridCodeForm form = GridCodeForm::kUnknown;
  bool any_polygon = false;
  layer.ResetReading();
  for (auto& feature : layer) {
    const OGRGeometry* g = feature->GetGeometryRef();
    if (!g) {
      ++info.skipped_null;
      continue;
    }
    if (g->IsEmpty()) {
      ++info.skipped_empty;
      continue;
    }
    const auto t = wkbFlatten(g->getGeometryType());
    if (t != wkbPolygon && t != wkbMultiPolygon && t != wkbCurvePolygon && t != wkbMultiSurface) {
      continue;
    }
    any_polygon = true;
    if (!g->IsValid()) ++info.invalid_repaired;
    for (int f = 0; form == GridCodeForm::kUnknown && f < feature->GetFieldCount(); ++f) {
      if (feature->GetFieldDefnRef(f)->GetType() != OFTString) continue;
      const std::string v = Trim(FixText(feature->GetFieldAsString(f), verdict));
      if (v.size() >= 12) form = GridCodeFormOf(v);
    }
  }
  layer.ResetReading();
  if (!areal || !any_polygon) return;
  const std::string name = Lower(info.name);
  const bool named = name.find("communit") != std::string::npos ||
                     name.find("grid") != std::string::npos ||
                     name.find("compound") != std::string::npos ||
                     name.find("build") != std::string::npos || info.name.find("社区") != std::string::npos ||
                     info.name.find("网格") != std::string::npos ||
                     info.name.find("小区") != std::string::npos ||
                     info.name.find("楼") != std::string::npos;
  if (named || form == GridCodeForm::kUnknown) {
    info.level = kLevelNames[static_cast<int>(LevelFromLayerName(info.name))];
    info.level_source = named ? "layer name" : "default for a layer without grid codes";
    return;
  }
  Level level = Level::kCommunity;
  switch (form) {
    case GridCodeForm::kCjt213_14:
    case GridCodeForm::kGbt30428_15:
    case GridCodeForm::kCjt349_20: level = Level::kGrid; break;
    case GridCodeForm::kCompound17: level = Level::kCompound; break;
    default: level = Level::kCommunity; break;
  }
  info.level = kLevelNames[static_cast<int>(level)];
  info.level_source = fmt::format("codes in {} form", GridCodeFormName(form));
}

LayerInfo DescribeLayer(OGRLayer& layer, const std::string& driver, const CPLStringList& files,
                        const std::string& encoding) {
  LayerInfo info;
  info.name = ToUtf8(layer.GetName());
  info.feature_count = layer.GetFeatureCount(TRUE);
  info.geometry_type = GeometryTypeName(layer.GetGeomType());
  info.crs = CrsName(layer.GetSpatialRef());

  const TextVerdict verdict = encoding.empty() ? DecideLayerEncoding(layer, driver, files)
                                               : OverrideEncoding(layer, encoding);
  ScanGeometries(layer, verdict, info);
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
void AppendLayers(GDALDataset& ds, const std::string& encoding, SourceInfo& out) {
  const std::string driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
  if (out.driver.empty()) {
    out.driver = driver;
  } else if (!driver.empty() && out.driver.find(driver) == std::string::npos) {
    out.driver += ", " + driver;
  }
  const CPLStringList files(ds.GetFileList(), TRUE);
  for (OGRLayer* layer : ds.GetLayers()) {
    if (layer) out.layers.push_back(DescribeLayer(*layer, driver, files, encoding));
  }
}

Result<SourceInfo> InspectUnguarded(const std::string& path, const std::string& encoding) {
  const ErrorCapture quiet;  // GDAL prints nothing while layers are described
  Result<OpenedVector> opened = OpenVector(path);
  if (!opened) return std::unexpected(std::move(opened.error()));
  SourceInfo info{ToUtf8(path), "", {}};
  for (const GDALDatasetUniquePtr& ds : opened->datasets) AppendLayers(*ds, encoding, info);
  return info;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Public entry points and output
//-----------------------------------------------------------------------------

Result<SourceInfo> Inspect(const std::string& path, const std::string& encoding) {
  // Library code below may throw (bad_alloc, filesystem); callers get a value.
  try {
    if (!encoding.empty() && !CPLCanRecode("test", encoding.c_str(), CPL_ENC_UTF8)) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("--encoding {}: not an encoding gridops knows (try GBK, GB18030, "
                              "UTF-8, ISO-8859-1, CP1252)",
                              encoding));
    }
    return InspectUnguarded(path, encoding);
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
                      {"invalid_repaired", layer.invalid_repaired},
                      {"skipped_null", layer.skipped_null},
                      {"skipped_empty", layer.skipped_empty},
                      {"level", layer.level},
                      {"level_source", layer.level_source},
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
    if (!layer.level.empty()) {
      out += fmt::format("  level      {} ({})\n", layer.level, layer.level_source);
    }
    if (layer.invalid_repaired || layer.skipped_null || layer.skipped_empty) {
      out += fmt::format("  problems   {} invalid (repaired on load), {} null, {} empty (skipped)\n",
                         layer.invalid_repaired, layer.skipped_null, layer.skipped_empty);
    }
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
