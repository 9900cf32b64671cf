// Index of this file:
// [SECTION] CRS: the layer's own, an override, GCJ-02/BD-09, or lon/lat in China
// [SECTION] Messages without passwords
// [SECTION] Assembling the GridSet
#include "geo/load.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "geo/crs.hpp"
#include "geo/gdal_util.hpp"
#include "geo/gcj02.hpp"
#include "geo/hierarchy.hpp"
#include "geo/read_level.hpp"
#include "geo/text_encoding.hpp"

namespace geo {

namespace {

// ---------------------------------------------------------------------------
// [SECTION] CRS
// ---------------------------------------------------------------------------

enum class WebOffset { kNone, kGcj02, kBd09 };

// How a level's coordinates become lon/lat or projected coordinates PROJ
// can take: the CRS to hand PROJ, and an offset to undo first.
struct SourceCrs {
  std::string proj;  // for PROJ
  WebOffset offset = WebOffset::kNone;
  std::string label;   // for people
  std::string source;  // how it was decided
};

bool LooksLikeLonLatInChina(const OGREnvelope& e) {
  return e.MinX >= 73 && e.MaxX <= 136 && e.MinY >= 3 && e.MaxY <= 54 && e.MinX <= e.MaxX;
}

Result<SourceCrs> DecideCrs(const LevelData& level, const std::string& override_crs,
                            const std::string& path, std::vector<LoadNote>& notes) {
  if (!override_crs.empty()) {
    const std::string o = Lower(override_crs);
    if (o == "gcj02" || o == "gcj-02") {
      return SourceCrs{"EPSG:4326", WebOffset::kGcj02, "GCJ-02 (Chinese web-map offset of WGS 84)",
                       "--source-crs"};
    }
    if (o == "bd09" || o == "bd-09") {
      return SourceCrs{"EPSG:4326", WebOffset::kBd09, "BD-09 (Baidu offset of GCJ-02)",
                       "--source-crs"};
    }
    return SourceCrs{override_crs, WebOffset::kNone, override_crs, "--source-crs"};
  }
  if (!level.declared_crs.empty()) {
    return SourceCrs{level.declared_crs, WebOffset::kNone, level.declared_crs_label,
                     "declared by the source"};
  }
  const OGREnvelope& e = level.extent;
  const std::string problem = level.prj_problem.empty() ? "" : "; " + level.prj_problem;
  if (LooksLikeLonLatInChina(e)) {
    notes.push_back({fmt::format("{}: no coordinate reference system declared{}; its coordinates "
                                 "look like longitude/latitude in China, so gridops takes them as "
                                 "CGCS2000 (EPSG:4490). Pass --source-crs if they are not (gcj02 "
                                 "for web-map coordinates)",
                                 path, problem)});
    return SourceCrs{"EPSG:4490", WebOffset::kNone,
                     "EPSG:4490 (China Geodetic Coordinate System 2000)",
                     "assumed: no CRS declared, lon/lat in China"};
  }
  return Fail(ErrorCode::kInvalidInput,
              fmt::format("{}: no coordinate reference system declared{}, and its coordinates "
                          "(x {:.6g}…{:.6g}, y {:.6g}…{:.6g}) are not longitude/latitude in China. "
                          "Say what they are with --source-crs, e.g. --source-crs EPSG:4546 "
                          "(CGCS2000 Gauss-Krüger, central meridian 111°E)",
                          path, problem, e.MinX, e.MaxX, e.MinY, e.MaxY));
}

// An override that is neither a web-map offset nor a CRS PROJ can use is
// refused before any file is read, so that no file is blamed for it.
Result<void> CheckOverrideCrs(const std::string& override_crs) {
  const std::string o = Lower(override_crs);
  if (o.empty() || o == "gcj02" || o == "gcj-02" || o == "bd09" || o == "bd-09") return {};
  auto t = Transformer::Create(override_crs, "EPSG:4490");
  if (t) return {};
  return Fail(ErrorCode::kInvalidInput,
              fmt::format("--source-crs: {}; give an EPSG code such as EPSG:4490 or EPSG:4546, a "
                          "WKT or PROJ string, or gcj02 / bd09 for Chinese web-map coordinates",
                          t.error().message));
}

// Undoes a web-map offset in place (lon/lat degrees), the convention being
// that points outside China carry none.
void UndoOffset(WebOffset offset, std::vector<double>& xs, std::vector<double>& ys) {
  if (offset == WebOffset::kNone) return;
  for (size_t i = 0; i < xs.size(); ++i) {
    const LonLat p = offset == WebOffset::kGcj02 ? Wgs84FromGcj02({xs[i], ys[i]})
                                                 : Wgs84FromBd09({xs[i], ys[i]});
    xs[i] = p.lon;
    ys[i] = p.lat;
  }
}

// Transforms every coordinate of a level into the display CRS.
Result<void> ToDisplay(LevelData& level, const SourceCrs& crs, const std::string& display_crs,
                       const std::string& path) {
  auto t = Transformer::Create(crs.proj, display_crs);
  if (!t) {
    return Fail(t.error().code, fmt::format("{}: {}", path, t.error().message));
  }
  for (RawFeature& raw : level.features) {
    std::vector<double> lx{raw.label_x}, ly{raw.label_y};
    UndoOffset(crs.offset, raw.xs, raw.ys);
    UndoOffset(crs.offset, lx, ly);
    if (!t->Transform(raw.xs, raw.ys) || !t->Transform(lx, ly)) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("{}: feature {} has coordinates that cannot be transformed from {} "
                              "to {}: is the source CRS right?",
                              path, raw.feature.code, crs.label, display_crs));
    }
    raw.label_x = lx[0];
    raw.label_y = ly[0];
  }
  return {};
}

// ---------------------------------------------------------------------------
// [SECTION] Messages without passwords
// ---------------------------------------------------------------------------

// Every message of a load with the sources' passwords hidden.
Result<GridSet> WithoutPasswords(const GridSource& source, Result<GridSet> result) {
  for (const LevelSource& level : source.levels) {
    if (!level.path.starts_with("PG:")) continue;
    if (!result) {
      HidePassword(level.path, result.error().message);
      continue;
    }
    for (LoadNote& note : result->notes) HidePassword(level.path, note.message);
    for (LevelReport& report : result->reports) HidePassword(level.path, report.path);
  }
  return result;
}

// ---------------------------------------------------------------------------
// [SECTION] Assembling the GridSet
// ---------------------------------------------------------------------------

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

// LoadGridSet, but for the passwords in its messages.
Result<GridSet> Load(const GridSource& source) {
  if (auto ok = CheckOverrideCrs(source.source_crs); !ok) return std::unexpected(ok.error());
  GridSet set;
  set.county_code = source.county_code;
  set.county_name = source.county_name;
  std::array<LevelData, kLevelCount> levels;
  std::array<SourceCrs, kLevelCount> crs;
  int top = -1;  // the highest level delivered
  for (int l = 0; l < kLevelCount; ++l) {
    const LevelSource& src = source.levels[l];
    if (src.path.empty()) continue;  // an optional level not delivered
    // A single source may be any layer: its features are then known by FID.
    const ReadOptions options{source.encoding, source.flat};
    auto level = ReadLevel(src, static_cast<Level>(l), options, set.notes);
    if (!level) {
      Error e = level.error();
      if (!source.flat && e.code == ErrorCode::kNotFound) {
        e.message += fmt::format(" (the {} level of {})", kLevelNames[l], source.description);
      }
      return std::unexpected(e);
    }
    auto decided = DecideCrs(*level, source.source_crs, src.path, set.notes);
    if (!decided) return std::unexpected(decided.error());
    crs[l] = *decided;
    levels[l] = std::move(*level);
    levels[l].report.crs = crs[l].label;
    levels[l].report.crs_source = crs[l].source;
    if (source.flat) levels[l].report.label = levels[l].report.layer;
    if (top < 0) top = l;
  }
  if (top < 0) return Fail(ErrorCode::kInvalidInput, "the grid source names no level to load");

  // The display CRS follows the data: the zone of the top level's centre.
  const OGREnvelope& e = levels[top].extent;
  std::vector<double> cx{(e.MinX + e.MaxX) / 2}, cy{(e.MinY + e.MaxY) / 2};
  UndoOffset(crs[top].offset, cx, cy);
  auto to_lonlat = Transformer::Create(crs[top].proj, "EPSG:4490");
  if (!to_lonlat) {
    return Fail(to_lonlat.error().code,
                fmt::format("{}: {}", source.levels[top].path, to_lonlat.error().message));
  }
  to_lonlat->Transform(cx, cy);
  set.display_crs = DisplayCrsFor({cx[0], cy[0]});
  set.source_crs = crs[top].label;

  for (int l = 0; l < kLevelCount; ++l) {
    set.level_begin[l] = static_cast<FeatureId>(set.features.size());
    if (source.levels[l].path.empty()) continue;
    if (auto ok = ToDisplay(levels[l], crs[l], set.display_crs, source.levels[l].path); !ok) {
      return std::unexpected(ok.error());
    }
    for (RawFeature& raw : levels[l].features) {
      AddPolygons(raw, set);
      set.features.push_back(std::move(raw.feature));
    }
    set.reports[l] = std::move(levels[l].report);
  }
  set.level_begin[kLevelCount] = static_cast<FeatureId>(set.features.size());
  if (set.county_code.empty() && !set.features.empty() && set.features[0].code.size() >= 6) {
    set.county_code = set.features[0].code.substr(0, 6);
  }
  LinkHierarchy(set);
  return set;
}

}  // namespace

Result<GridSet> LoadGridSet(const GridSource& source) {
  return WithoutPasswords(source, Load(source));
}

}  // namespace geo
