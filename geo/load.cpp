#include "geo/load.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "geo/crs.hpp"
#include "geo/hierarchy.hpp"
#include "geo/gdal_util.hpp"

namespace geo {

// ---------------------------------------------------------------------------
// [SECTION] Fields
// ---------------------------------------------------------------------------

namespace {

// Field names seen in delivered grid data, Chinese and English, compared
// without regard to ASCII case. The first match wins.
const std::array<std::vector<std::string>, 5> kFieldAliases = {{
    {"CODE", "GRIDCODE", "GRID_CODE", "WGBM", "BM", "网格编码", "社区编码", "小区编码", "编码", "代码"},
    {"NAME", "MC", "WGMC", "名称", "网格名称", "社区名称", "小区名称"},
    {"PARENT", "PARENT_CODE", "PCODE", "SJBM", "上级编码", "所属编码"},
    {"POP", "POPULATION", "RK", "RKS", "人口", "人口数"},
    {"HH", "HOUSEHOLDS", "HS", "户数"},
}};
enum FieldRole { kCode, kName, kParent, kPopulation, kHouseholds };

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Index of each role's field in `defn`, or -1.
std::array<int, 5> MatchFields(OGRFeatureDefn& defn) {
  std::array<int, 5> index;
  index.fill(-1);
  for (int role = 0; role < 5; ++role) {
    for (const std::string& alias : kFieldAliases[role]) {
      for (int f = 0; f < defn.GetFieldCount() && index[role] < 0; ++f) {
        if (Upper(defn.GetFieldDefn(f)->GetNameRef()) == Upper(alias)) index[role] = f;
      }
      if (index[role] >= 0) break;
    }
  }
  return index;
}

// ---------------------------------------------------------------------------
// [SECTION] Geometry
// ---------------------------------------------------------------------------

// Appends one OGR ring (closed, as OGR stores it) in source coordinates.
void AppendRing(const OGRLinearRing& ring, std::vector<double>& xs, std::vector<double>& ys) {
  int n = ring.getNumPoints();
  if (n > 1 && ring.getX(0) == ring.getX(n - 1) && ring.getY(0) == ring.getY(n - 1)) --n;
  for (int i = 0; i < n; ++i) {
    xs.push_back(ring.getX(i));
    ys.push_back(ring.getY(i));
  }
}

// The polygons of a (multi)polygon geometry, curves linearised.
std::vector<const OGRPolygon*> Polygons(const OGRGeometry& geom,
                                        std::unique_ptr<OGRGeometry>& owned) {
  const OGRGeometry* g = &geom;
  if (geom.hasCurveGeometry()) {
    owned.reset(geom.getLinearGeometry());
    g = owned.get();
  }
  std::vector<const OGRPolygon*> out;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon:
      out.push_back(g->toPolygon());
      break;
    case wkbMultiPolygon:
      for (const OGRPolygon* p : *g->toMultiPolygon()) out.push_back(p);
      break;
    default:
      break;
  }
  return out;
}

struct RawFeature {
  Feature feature;
  std::vector<double> xs, ys;       // all rings, source CRS
  std::vector<uint32_t> ring_ends;  // cumulative point counts
  std::vector<uint32_t> poly_ends;  // cumulative ring counts
  double label_x = 0, label_y = 0;
};

// Moves one feature's transformed rings into `set`, outer rings
// counter-clockwise and holes clockwise, and fills its area and bounds.
void AddPolygons(RawFeature& raw, GridSet& set) {
  Feature& f = raw.feature;
  f.first_polygon = static_cast<uint32_t>(set.polygons.PolygonCount());
  PolygonSet& ps = set.polygons;
  uint32_t ring = 0, point = 0;
  for (uint32_t poly_end : raw.poly_ends) {
    for (bool outer = true; ring < poly_end; ++ring, outer = false) {
      const uint32_t begin = point, end = raw.ring_ends[ring];
      point = end;
      const size_t first = ps.points.size();
      for (uint32_t i = begin; i < end; ++i) {
        ps.points.push_back({raw.xs[i], raw.ys[i]});
        f.bounds.Extend(ps.points.back());
      }
      std::span<Meters> added(ps.points.data() + first, ps.points.size() - first);
      const double area = SignedArea(added);
      if ((outer && area < 0) || (!outer && area > 0)) std::reverse(added.begin(), added.end());
      f.area_m2 += outer ? std::abs(area) : -std::abs(area);
      ps.ring_points.push_back(static_cast<uint32_t>(ps.points.size()));
    }
    ps.polygon_rings.push_back(static_cast<uint32_t>(ps.RingCount()));
  }
  f.polygon_count = static_cast<uint32_t>(ps.PolygonCount()) - f.first_polygon;
  f.label_point = {raw.label_x, raw.label_y};
  set.bounds.Extend(f.bounds);
}

// ---------------------------------------------------------------------------
// [SECTION] Reading one level
// ---------------------------------------------------------------------------

struct LevelData {
  std::vector<RawFeature> features;
  std::string crs;  // PROJ-readable (WKT or AUTHORITY:CODE)
  std::string crs_label;
  OGREnvelope extent;
};

Result<LevelData> ReadLevel(const LevelSource& src, Level level, std::vector<LoadNote>& notes) {
  const char* level_name = kLevelNames[static_cast<int>(level)];
  auto opened = OpenVector(src.path);
  if (!opened) return std::unexpected(opened.error());
  if (opened->Layers().empty()) {
    return Fail(ErrorCode::kUnreadable, fmt::format("{}: holds no vector layer", src.path));
  }
  OGRLayer* layer = opened->FindLayer(src.layer);
  if (!layer) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("{}: no layer '{}' for the {} level", src.path, src.layer, level_name));
  }
  OGRFeatureDefn& defn = *layer->GetLayerDefn();
  const std::array<int, 5> field = MatchFields(defn);
  if (field[kCode] < 0) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("{}: no code field in the {} layer (looked for CODE, 网格编码, 编码, …)",
                            src.path, level_name));
  }
  LevelData out;
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (!srs) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("{}: the {} layer has no coordinate reference system (no .prj); "
                            "gridops will not guess where it lies",
                            src.path, level_name));
  }
  out.crs = CrsString(*srs);
  out.crs_label = CrsLabel(*srs);

  if (layer->GetExtent(&out.extent, TRUE) != OGRERR_NONE) {
    return Fail(ErrorCode::kUnreadable, fmt::format("{}: cannot read the layer's extent", src.path));
  }

  layer->ResetReading();
  for (auto& ogr : *layer) {
    RawFeature raw;
    Feature& f = raw.feature;
    f.level = level;
    f.code = ogr->GetFieldAsString(field[kCode]);
    if (f.code.empty()) {
      notes.push_back({fmt::format("{}: feature {} has an empty code; skipped", src.path,
                                   ogr->GetFID())});
      continue;
    }
    if (field[kName] >= 0) f.name = ogr->GetFieldAsString(field[kName]);
    if (field[kParent] >= 0) f.parent_code = ogr->GetFieldAsString(field[kParent]);
    if (field[kPopulation] >= 0) f.population = ogr->GetFieldAsInteger64(field[kPopulation]);
    if (field[kHouseholds] >= 0) f.households = ogr->GetFieldAsInteger64(field[kHouseholds]);
    const OGRGeometry* geom = ogr->GetGeometryRef();
    if (!geom || geom->IsEmpty()) {
      notes.push_back({fmt::format("{}: feature {} ({}) has no geometry; skipped", src.path,
                                   ogr->GetFID(), f.code)});
      continue;
    }
    std::unique_ptr<OGRGeometry> linear;
    const std::vector<const OGRPolygon*> polys = Polygons(*geom, linear);
    if (polys.empty()) {
      notes.push_back({fmt::format("{}: feature {} ({}) is a {}, not a polygon; skipped", src.path,
                                   ogr->GetFID(), f.code, geom->getGeometryName())});
      continue;
    }
    for (const OGRPolygon* p : polys) {
      if (p->IsEmpty()) continue;
      AppendRing(*p->getExteriorRing(), raw.xs, raw.ys);
      raw.ring_ends.push_back(static_cast<uint32_t>(raw.xs.size()));
      for (int h = 0; h < p->getNumInteriorRings(); ++h) {
        AppendRing(*p->getInteriorRing(h), raw.xs, raw.ys);
        raw.ring_ends.push_back(static_cast<uint32_t>(raw.xs.size()));
      }
      raw.poly_ends.push_back(static_cast<uint32_t>(raw.ring_ends.size()));
    }
    // GEOS's point on surface: inside the area even when it is concave.
    OGRGeometryH inside = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(geom)));
    if (inside && !OGR_G_IsEmpty(inside)) {
      raw.label_x = OGR_G_GetX(inside, 0);
      raw.label_y = OGR_G_GetY(inside, 0);
    } else {
      OGREnvelope env;
      geom->getEnvelope(&env);
      raw.label_x = (env.MinX + env.MaxX) / 2;
      raw.label_y = (env.MinY + env.MaxY) / 2;
    }
    if (inside) OGR_G_DestroyGeometry(inside);
    out.features.push_back(std::move(raw));
  }
  std::stable_sort(out.features.begin(), out.features.end(),
                   [](const RawFeature& a, const RawFeature& b) {
                     return a.feature.code < b.feature.code;
                   });
  return out;
}

// Transforms every coordinate of a level into the display CRS.
Result<void> ToDisplay(LevelData& level, const std::string& display_crs, const std::string& path) {
  auto t = Transformer::Create(level.crs, display_crs);
  if (!t) return std::unexpected(t.error());
  for (RawFeature& raw : level.features) {
    const bool ok = t->Transform(raw.xs, raw.ys) &&
                    t->Transform(std::span<double>(&raw.label_x, 1),
                                 std::span<double>(&raw.label_y, 1));
    if (!ok) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("{}: feature {} has coordinates that cannot be transformed from {} "
                              "to {}",
                              path, raw.feature.code, level.crs_label, display_crs));
    }
  }
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Public
// ---------------------------------------------------------------------------

FeatureId GridSet::Find(std::string_view code) const {
  for (FeatureId id = 0; id < features.size(); ++id) {
    if (features[id].code == code) return id;
  }
  return kNoFeature;
}

GridSource GridSourceFromDirectory(const std::string& dir) {
  const std::filesystem::path d(dir);
  GridSource s;
  s.levels[0].path = (d / "communities.shp").string();
  s.levels[1].path = (d / "grids.shp").string();
  s.levels[2].path = (d / "compounds.shp").string();
  return s;
}

std::string SampleCountyDirectory() {
  return (std::filesystem::path(GRIDOPS_SOURCE_DIR) / "data" / "sample-county").string();
}

Result<GridSet> LoadGridSet(const GridSource& source) {
  GridSet set;
  std::array<LevelData, kLevelCount> levels;
  int top = -1;  // the highest level delivered
  for (int l = 0; l < kLevelCount; ++l) {
    if (source.levels[l].path.empty()) continue;  // an optional level not delivered
    auto level = ReadLevel(source.levels[l], static_cast<Level>(l), set.notes);
    if (!level) return std::unexpected(level.error());
    levels[l] = std::move(*level);
    if (top < 0) top = l;
  }
  if (top < 0) return Fail(ErrorCode::kInvalidInput, "the grid source names no level to load");
  // The display CRS follows the data: the zone of the top level's centre.
  const OGREnvelope& e = levels[top].extent;
  auto to_lonlat = Transformer::Create(levels[top].crs, "EPSG:4490");
  if (!to_lonlat) return std::unexpected(to_lonlat.error());
  const Meters c = to_lonlat->Forward((e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2);
  set.display_crs = DisplayCrsFor({c.x, c.y});
  set.source_crs = levels[top].crs_label;

  for (int l = 0; l < kLevelCount; ++l) {
    set.level_begin[l] = static_cast<FeatureId>(set.features.size());
    if (source.levels[l].path.empty()) continue;
    if (auto ok = ToDisplay(levels[l], set.display_crs, source.levels[l].path); !ok) {
      return std::unexpected(ok.error());
    }
    for (RawFeature& raw : levels[l].features) {
      AddPolygons(raw, set);
      set.features.push_back(std::move(raw.feature));
    }
  }
  set.level_begin[kLevelCount] = static_cast<FeatureId>(set.features.size());
  LinkHierarchy(set);
  return set;
}

}  // namespace geo
