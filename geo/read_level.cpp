// Index of this file:
// [SECTION] Fields: explicit names or the usual Chinese and English ones
// [SECTION] Geometry: polygons out of whatever the feature holds
// [SECTION] Reading a level
#include "geo/read_level.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "geo/gdal_util.hpp"
#include "geo/layer_text.hpp"
#include "geo/text_encoding.hpp"

namespace geo {

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Fields
// ---------------------------------------------------------------------------

// Field names seen in delivered grid data, compared without regard to ASCII
// case. The first match wins.
const std::array<std::vector<std::string>, 5> kFieldAliases = {{
    {"CODE", "GRIDCODE", "GRID_CODE", "WGBM", "BM", "DM", "网格编码", "社区编码", "小区编码",
     "编码", "代码", "ID_CODE", "ADCODE", "XZQDM", "行政区划代码", "区划代码"},
    {"NAME", "MC", "WGMC", "SQMC", "XQMC", "XZQMC", "名称", "网格名称", "社区名称", "小区名称"},
    {"PARENT", "PARENT_CODE", "PCODE", "SJBM", "上级编码", "所属编码", "PARENT_ID"},
    {"POP", "POPULATION", "RK", "RKS", "人口", "人口数"},
    {"HH", "HOUSEHOLDS", "HS", "户数"},
}};
enum FieldRole { kCode, kName, kParent, kPopulation, kHouseholds };
const char* const kRoleNames[] = {"code", "name", "parent", "population", "households"};

// Index of each role's field, from the explicit map or the aliases; a name
// the map gives that the layer lacks is an error listing what it has.
Result<std::array<int, 5>> MatchFields(const std::vector<std::string>& names, const FieldMap& map,
                                       const std::string& where) {
  const std::string* explicit_names[] = {&map.code, &map.name, &map.parent, &map.population,
                                         &map.households};
  std::array<int, 5> index;
  index.fill(-1);
  const auto find = [&](std::string_view wanted) {
    for (size_t f = 0; f < names.size(); ++f) {
      if (EqualCi(names[f], wanted)) return static_cast<int>(f);
    }
    return -1;
  };
  for (int role = 0; role < 5; ++role) {
    if (!explicit_names[role]->empty()) {
      index[role] = find(*explicit_names[role]);
      if (index[role] < 0) {
        std::string have;
        for (const std::string& n : names) have += (have.empty() ? "" : ", ") + n;
        return Fail(ErrorCode::kInvalidInput,
                    fmt::format("{}: the {} field \"{}\" is not in the layer (it has: {})", where,
                                kRoleNames[role], *explicit_names[role], have));
      }
      continue;
    }
    for (const std::string& alias : kFieldAliases[role]) {
      if ((index[role] = find(alias)) >= 0) break;
    }
  }
  return index;
}

// ---------------------------------------------------------------------------
// [SECTION] Geometry
// ---------------------------------------------------------------------------

void AppendRing(const OGRLinearRing& ring, RawFeature& raw) {
  int n = ring.getNumPoints();
  if (n > 1 && ring.getX(0) == ring.getX(n - 1) && ring.getY(0) == ring.getY(n - 1)) --n;
  for (int i = 0; i < n; ++i) {
    raw.xs.push_back(ring.getX(i));
    raw.ys.push_back(ring.getY(i));
  }
  raw.ring_ends.push_back(static_cast<uint32_t>(raw.xs.size()));
}

// Adds every polygon inside `g` (polygons, multipolygons, and the polygon
// parts of a collection that repair produced).
void AppendPolygons(const OGRGeometry& g, RawFeature& raw) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon: {
      const OGRPolygon* p = g.toPolygon();
      if (p->IsEmpty() || !p->getExteriorRing()) return;
      AppendRing(*p->getExteriorRing(), raw);
      for (int h = 0; h < p->getNumInteriorRings(); ++h) AppendRing(*p->getInteriorRing(h), raw);
      raw.poly_ends.push_back(static_cast<uint32_t>(raw.ring_ends.size()));
      return;
    }
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g.toGeometryCollection()) AppendPolygons(*part, raw);
      return;
    default:
      return;  // lines and points left over from a repair carry no area
  }
}

// Whether `g` is or holds a polygon (a multipatch's TINs, say, are no polygon).
bool HoldsPolygon(const OGRGeometry& g) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon:
    case wkbCurvePolygon:
      return true;
    case wkbMultiPolygon:
    case wkbMultiSurface:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g.toGeometryCollection()) {
        if (part && HoldsPolygon(*part)) return true;
      }
      return false;
    default:
      return false;
  }
}

// Adds the polygons inside `g` to `out`.
void CollectPolygons(const OGRGeometry& g, OGRMultiPolygon& out) {
  if (wkbFlatten(g.getGeometryType()) == wkbPolygon) {
    out.addGeometry(&g);
  } else if (OGR_GT_IsSubClassOf(wkbFlatten(g.getGeometryType()), wkbGeometryCollection)) {
    for (const OGRGeometry* part : *g.toGeometryCollection()) {
      if (part) CollectPolygons(*part, out);
    }
  }
}

// "POINT", "LINESTRING", or "GEOMETRYCOLLECTION of TIN" for people.
std::string GeometryKind(const OGRGeometry& g) {
  std::string kind = g.getGeometryName();
  if (wkbFlatten(g.getGeometryType()) == wkbGeometryCollection) {
    const OGRGeometryCollection* c = g.toGeometryCollection();
    if (c->getNumGeometries() > 0) {
      kind += std::string(" of ") + c->getGeometryRef(0)->getGeometryName();
    }
  }
  return kind;
}

// Why a feature was skipped, or "" when `raw` now holds its polygons.
std::string ReadGeometry(const OGRGeometry* geom, RawFeature& raw, LevelReport& report) {
  if (!geom) {
    ++report.skipped_null;
    return "has no geometry";
  }
  if (geom->IsEmpty()) {
    ++report.skipped_empty;
    return "has an empty geometry";
  }
  if (!HoldsPolygon(*geom)) {
    ++report.skipped_other;
    return fmt::format("is a {}, not a polygon", GeometryKind(*geom));
  }
  std::unique_ptr<OGRGeometry> g(geom->hasCurveGeometry() ? geom->getLinearGeometry()
                                                          : geom->clone());
  if (g->Is3D() || g->IsMeasured()) {
    g->flattenTo2D();
    ++report.zm_dropped;
  }
  // A multipatch's collection keeps its polygons; its triangle strips (TIN)
  // are 3D surfaces, not areas.
  if (wkbFlatten(g->getGeometryType()) == wkbGeometryCollection) {
    auto polygons = std::make_unique<OGRMultiPolygon>();
    CollectPolygons(*g, *polygons);
    g = std::move(polygons);
  }
  // Shapefile writers leave rings open that GEOS would reject outright.
  g->closeRings();
  if (!g->IsValid()) {
    std::unique_ptr<OGRGeometry> valid(g->MakeValid());
    if (!valid || valid->IsEmpty()) {
      ++report.skipped_other;
      return "is an invalid polygon that cannot be repaired";
    }
    g = std::move(valid);
    ++report.invalid_repaired;
  }
  AppendPolygons(*g, raw);
  if (raw.poly_ends.empty()) {
    ++report.skipped_other;
    return "holds no polygon with area";
  }
  // GEOS's point on surface: inside the area even when it is concave.
  OGRGeometryH inside = OGR_G_PointOnSurface(OGRGeometry::ToHandle(g.get()));
  if (inside && !OGR_G_IsEmpty(inside)) {
    raw.label_x = OGR_G_GetX(inside, 0);
    raw.label_y = OGR_G_GetY(inside, 0);
  } else {
    OGREnvelope env;
    g->getEnvelope(&env);
    raw.label_x = (env.MinX + env.MaxX) / 2;
    raw.label_y = (env.MinY + env.MaxY) / 2;
  }
  if (inside) OGR_G_DestroyGeometry(inside);
  return "";
}

// Why the .prj beside a shapefile gave no CRS (an HTML page saved by a
// browser, say), or "" when there is none.
std::string PrjProblem(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path prj = fs::path(path).replace_extension(".prj");
  std::error_code ec;
  if (!fs::is_regular_file(prj, ec)) return "";
  std::ifstream in(prj, std::ios::binary);
  std::string head(60, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  for (char& c : head) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return fmt::format("{} is not a CRS GDAL can read (it begins \"{}\")", prj.string(),
                     Shorten(ToUtf8(head), 40));
}

// The bounds of every point read, source CRS.
OGREnvelope Extent(const std::vector<RawFeature>& features) {
  OGREnvelope e;
  for (const RawFeature& raw : features) {
    for (size_t i = 0; i < raw.xs.size(); ++i) e.Merge(raw.xs[i], raw.ys[i]);
  }
  return e;
}

// The one-line refusal of a layer that gave no polygon: why, from what was read.
std::unexpected<Error> RefuseEmpty(const std::string& path, const LevelReport& report, size_t read,
                                   std::vector<std::string> not_polygons,
                                   const std::vector<std::string>& skipped) {
  const std::string& layer = report.layer;
  if (read == 0) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("{}: layer \"{}\" holds no features, so there is no area to load",
                            path, layer));
  }
  const size_t no_geometry = report.skipped_null + report.skipped_empty;
  if (no_geometry == read) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("{}: layer \"{}\" has no geometry in any of its {} feature{}", path,
                            layer, read, read == 1 ? "" : "s"));
  }
  if (not_polygons.size() + no_geometry == read) {
    std::sort(not_polygons.begin(), not_polygons.end());
    not_polygons.erase(std::unique(not_polygons.begin(), not_polygons.end()), not_polygons.end());
    std::string kinds;
    for (const std::string& k : not_polygons) kinds += (kinds.empty() ? "" : ", ") + k;
    const std::string rest = no_geometry ? fmt::format("; {} without geometry", no_geometry) : "";
    return Fail(ErrorCode::kUnsupported,
                fmt::format("{}: layer \"{}\" holds no polygons (its {} feature{}: {}{}); "
                            "gridops reads areas: give it a polygon layer",
                            path, layer, read, read == 1 ? "" : "s", kinds, rest));
  }
  std::string list;
  for (size_t i = 0; i < std::min<size_t>(skipped.size(), 3); ++i) {
    list += (i ? "; " : "") + skipped[i];
  }
  if (skipped.size() > 3) list += fmt::format("; and {} more", skipped.size() - 3);
  return Fail(ErrorCode::kInvalidInput,
              fmt::format("{}: layer \"{}\" has no polygon gridops can use in its {} feature{} "
                          "({})",
                          path, layer, read, read == 1 ? "" : "s", list));
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Reading a level
// ---------------------------------------------------------------------------

Result<LevelData> ReadLevel(const LevelSource& src, Level level, const ReadOptions& options,
                            std::vector<LoadNote>& notes) {
  const std::string& encoding = options.encoding;
  const char* level_name = kLevelNames[static_cast<int>(level)];
  const ErrorCapture quiet;  // GDAL's own warnings become our notes, not stderr noise
  auto opened = OpenVector(src.path);
  if (!opened) return std::unexpected(opened.error());
  OGRLayer* layer = opened->FindLayer(src.layer);
  if (!layer) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("{}: no layer \"{}\" for the {} level", src.path, src.layer,
                            level_name));
  }
  GDALDataset& ds = *opened->datasets.front();
  const std::string driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
  const CPLStringList files(ds.GetFileList(), TRUE);

  LevelData out;
  LevelReport& report = out.report;
  report.path = src.path;
  report.layer = ToUtf8(layer->GetName());
  report.label = level_name;
  TextVerdict verdict = encoding.empty() ? DecideLayerEncoding(*layer, driver, files)
                                         : OverrideEncoding(*layer, encoding);
  if (!encoding.empty() && verdict.real.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("--encoding {}: not an encoding gridops knows (try GBK, GB18030, "
                            "UTF-8, ISO-8859-1, CP1252)",
                            encoding));
  }
  report.encoding = verdict.label;
  report.encoding_source = verdict.source;

  OGRFeatureDefn& defn = *layer->GetLayerDefn();
  std::vector<std::string> field_names;
  for (int f = 0; f < defn.GetFieldCount(); ++f) {
    field_names.push_back(FixText(defn.GetFieldDefn(f)->GetNameRef(), verdict));
  }
  const std::string where = fmt::format("{} ({} level)", src.path, level_name);
  auto matched = MatchFields(field_names, src.fields, where);
  if (!matched) return std::unexpected(matched.error());
  const std::array<int, 5> field = *matched;
  const bool fid_codes = field[kCode] < 0;
  if (fid_codes) {
    std::string have;
    for (const std::string& n : field_names) have += (have.empty() ? "" : ", ") + n;
    const std::string missing =
        fmt::format("{}: no code field (looked for CODE, 网格编码, 编码, …; the layer has: {})",
                    where, have.empty() ? "no fields" : have);
    if (!options.codes_from_fid) {
      return Fail(ErrorCode::kInvalidInput,
                  missing + "; name it in a grid-set file under fields.code");
    }
    notes.push_back({missing + "; features are identified by their FID instead (name the code "
                               "field in a grid-set file under fields.code to use it)"});
  }

  if (const OGRSpatialReference* srs = layer->GetSpatialRef(); srs && !srs->IsEmpty()) {
    out.declared_crs = CrsString(*srs);
    out.declared_crs_label = CrsLabel(*srs);
  } else {
    out.prj_problem = PrjProblem(src.path);
  }

  std::vector<std::string> skipped;
  std::vector<std::string> not_polygons;  // geometry names of features that are no area
  size_t read = 0;
  const auto text = [&](const OGRFeature& f, int index) {
    return index < 0 ? std::string() : Trim(FixText(f.GetFieldAsString(index), verdict));
  };
  layer->ResetReading();
  for (auto& ogr : *layer) {
    ++read;
    RawFeature raw;
    Feature& f = raw.feature;
    f.level = level;
    f.code = field[kCode] >= 0 ? text(*ogr, field[kCode]) : std::to_string(ogr->GetFID());
    f.name = text(*ogr, field[kName]);
    f.parent_code = text(*ogr, field[kParent]);
    if (field[kPopulation] >= 0) f.population = ogr->GetFieldAsInteger64(field[kPopulation]);
    if (field[kHouseholds] >= 0) f.households = ogr->GetFieldAsInteger64(field[kHouseholds]);
    const OGRGeometry* geom = ogr->GetGeometryRef();
    std::string why = ReadGeometry(geom, raw, report);
    if (!why.empty() && geom && !geom->IsEmpty() && !HoldsPolygon(*geom)) {
      not_polygons.push_back(GeometryKind(*geom));
    }
    if (why.empty() && f.code.empty()) {
      ++report.skipped_other;
      why = "has an empty code";
    }
    if (!why.empty()) {
      skipped.push_back(fmt::format("FID {}{} {}", ogr->GetFID(),
                                    f.code.empty() || fid_codes ? "" : " (" + f.code + ")", why));
      continue;
    }
    out.features.push_back(std::move(raw));
  }
  report.features = out.features.size();
  if (out.features.empty()) return RefuseEmpty(src.path, report, read, not_polygons, skipped);
  out.extent = Extent(out.features);
  if (!skipped.empty()) {
    std::string list;
    for (size_t i = 0; i < std::min<size_t>(skipped.size(), 10); ++i) {
      list += (i ? "; " : "") + skipped[i];
    }
    if (skipped.size() > 10) list += fmt::format("; and {} more", skipped.size() - 10);
    notes.push_back({fmt::format("{}: skipped {} feature{}: {}", src.path, skipped.size(),
                                 skipped.size() == 1 ? "" : "s", list)});
  }
  if (report.invalid_repaired) {
    notes.push_back({fmt::format("{}: repaired {} invalid polygon{} (made valid with GEOS)",
                                 src.path, report.invalid_repaired,
                                 report.invalid_repaired == 1 ? "" : "s")});
  }
  if (report.zm_dropped) {
    notes.push_back({fmt::format("{}: dropped Z/M values of {} feature{}; gridops is 2D",
                                 src.path, report.zm_dropped, report.zm_dropped == 1 ? "" : "s")});
  }
  // FIDs stay in the source's order ("10" after "9").
  if (!fid_codes) {
    std::stable_sort(out.features.begin(), out.features.end(),
                     [](const RawFeature& a, const RawFeature& b) {
                       return a.feature.code < b.feature.code;
                     });
  }
  return out;
}

}  // namespace geo
