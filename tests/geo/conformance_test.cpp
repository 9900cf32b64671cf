// Every vector file of the conformance corpus (../shared/data/conformance:
// shapefile readers' test suites, broken files included), read as a user
// would read it, `gridops … --grids FILE`. Each one is either loaded with the
// polygon count, names and areas that GDAL's own reading gives (and the
// mbostock suite's expected GeoJSON, where there is one), or refused with one
// line that names the file. Never a crash, a hang or text that is not UTF-8.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "geo/gdal_util.hpp"
#include "geo/layer_text.hpp"
#include "geo/load.hpp"
#include "geo/text_encoding.hpp"

namespace geo {
namespace {

namespace fs = std::filesystem;

// [SECTION] The corpus and a watchdog

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> out;
  const fs::path root = fs::path(GRIDOPS_SHARED_DATA) / "conformance";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = Lower(entry.path().extension().string());
    if (entry.is_regular_file() &&
        (ext == ".shp" || ext == ".zip" || ext == ".json" || ext == ".geojson")) {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Aborts the test binary, naming `what`, if it is still alive after `limit`:
// a hang is reported as one, not as a test run that never ends.
class Watchdog {
 public:
  Watchdog(std::string what, std::chrono::seconds limit)
      : thread_([this, what = std::move(what), limit] {
          std::unique_lock lock(mutex_);
          if (!done_cv_.wait_for(lock, limit, [this] { return done_; })) {
            std::fprintf(stderr, "conformance: %s still loading after %llds: a hang\n",
                         what.c_str(), static_cast<long long>(limit.count()));
            std::abort();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

// [SECTION] What GDAL's own reading gives

bool HoldsPolygon(const OGRGeometry& g) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon:
    case wkbCurvePolygon:
      return !g.IsEmpty();
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

// The polygons in `g`, whatever else a collection holds (a multipatch's TINs).
void AddPolygons(const OGRGeometry& g, OGRMultiPolygon& out) {
  const auto type = wkbFlatten(g.getGeometryType());
  if (type == wkbPolygon) out.addGeometry(&g);
  if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (const OGRGeometry* part : *g.toGeometryCollection()) AddPolygons(*part, out);
  }
}

struct Reference {
  bool opened = false;
  size_t features = 0;
  size_t polygons = 0;             // features with a non-empty polygonal geometry
  std::vector<std::string> names;  // of those, where the layer has a NAME field GDAL decoded
  bool names_known = false;
  bool has_srs = false;
  OGREnvelope extent;                                    // of those polygons
  std::vector<std::unique_ptr<OGRGeometry>> geometries;  // 2D, made valid, source CRS
};

// The first layer as GDAL reads it (through OpenVector, which restores a
// missing .shx and looks into zip sub-folders as the loader does).
Reference ReadReference(const std::string& path) {
  Reference ref;
  const ErrorCapture quiet;
  auto opened = OpenVector(path);
  if (!opened) return ref;
  OGRLayer* layer = opened->FindLayer("");
  if (!layer) return ref;
  ref.opened = true;
  ref.has_srs = layer->GetSpatialRef() && !layer->GetSpatialRef()->IsEmpty();
  const int name_field = layer->GetLayerDefn()->GetFieldIndex("NAME");
  ref.names_known = name_field >= 0;
  for (auto& f : *layer) {
    ++ref.features;
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g || !HoldsPolygon(*g)) continue;
    std::unique_ptr<OGRGeometry> linear(g->hasCurveGeometry() ? g->getLinearGeometry()
                                                              : g->clone());
    std::unique_ptr<OGRGeometry> flat = std::make_unique<OGRMultiPolygon>();
    AddPolygons(*linear, *flat->toMultiPolygon());
    flat->flattenTo2D();
    flat->closeRings();  // as a shapefile reader must: GEOS refuses open rings
    if (!flat->IsValid()) flat.reset(flat->MakeValid());
    // Beyond repair, or collapsed to lines (a multipatch's walls seen from
    // above): no area, which the loader skips too.
    if (!flat || !HoldsPolygon(*flat)) continue;
    ++ref.polygons;
    OGREnvelope e;
    flat->getEnvelope(&e);
    ref.extent.Merge(e);
    ref.geometries.push_back(std::move(flat));
    if (name_field >= 0) {
      const std::string name = Trim(f->GetFieldAsString(name_field));
      // Bytes GDAL passed through undecoded are the loader's to decode: only
      // what GDAL decoded itself is a reference.
      if (IsValidUtf8(name))
        ref.names.push_back(name);
      else
        ref.names_known = false;
    }
  }
  return ref;
}

// The reference polygons' total area in `display_crs`, read in `layer_srs`,
// or `source_crs` when that is null, as GEOS through OGR measures it.
double ReferenceArea(const Reference& ref, const OGRSpatialReference* layer_srs,
                     const std::string& source_crs, const std::string& display_crs) {
  OGRSpatialReference from, to;
  if (layer_srs)
    from = *layer_srs;
  else
    from.SetFromUserInput(source_crs.c_str());
  to.SetFromUserInput(display_crs.c_str());
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, &to));
  if (!t) return -1;
  double area = 0;
  for (const auto& g : ref.geometries) {
    std::unique_ptr<OGRGeometry> moved(g->clone());
    if (moved->transform(t.get()) != OGRERR_NONE) return -1;
    area += OGR_G_Area(OGRGeometry::ToHandle(moved.get()));
  }
  return area;
}

// The polygon features and their names in the mbostock suite's expected
// output beside a .shp, when there is one.
struct Expected {
  bool present = false;
  size_t polygons = 0;
  std::vector<std::string> names;
};

Expected ReadExpected(const std::string& shp) {
  Expected out;
  const fs::path json = fs::path(shp).replace_extension(".json");
  if (!EqualCi(fs::path(shp).extension().string(), ".shp") || !fs::exists(json)) return out;
  std::ifstream in(json);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("features")) return out;
  out.present = true;
  for (const auto& f : j["features"]) {
    const auto& g = f["geometry"];
    if (!g.is_object()) continue;
    const std::string type = g.value("type", "");
    if ((type != "Polygon" && type != "MultiPolygon") || g["coordinates"].empty()) continue;
    ++out.polygons;
    if (f["properties"].is_object() && f["properties"].contains("name") &&
        f["properties"]["name"].is_string()) {
      out.names.push_back(f["properties"]["name"].get<std::string>());
    }
  }
  return out;
}

// [SECTION] The walk

std::string Reason(const std::string& message) {
  for (const char* reason :
       {"no such file", "holds no polygons", "holds no features", "has no geometry",
        "has no polygon gridops can use", "no coordinate reference system", "cannot be transformed",
        "not a vector source", "no vector layer", "not a zip archive", "no code field"}) {
    if (message.find(reason) != std::string::npos) return reason;
  }
  return "other";
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(Conformance, EveryFileLoadsLikeGdalReadsItOrIsRefusedInOneLine) {
  const std::vector<std::string> files = CorpusFiles();
  ASSERT_GT(files.size(), 100u);
  std::map<std::string, std::vector<std::string>> refused;  // reason → files
  std::vector<std::string> loaded;
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    const Watchdog watchdog(path, std::chrono::seconds(60));
    const Reference ref = ReadReference(path);
    auto source = ResolveGridSource(path);
    ASSERT_TRUE(source.has_value()) << source.error().message;
    ASSERT_TRUE(source->flat);
    auto set = LoadGridSet(*source);
    std::string crs_given;
    // A user told to pass --source-crs for lon/lat outside China does so.
    const OGREnvelope& e = ref.extent;
    if (!set && set.error().message.find("--source-crs") != std::string::npos && ref.polygons > 0 &&
        e.MinX >= -180 && e.MaxX <= 180 && e.MinY >= -90 && e.MaxY <= 90) {
      crs_given = source->source_crs = "EPSG:4326";
      set = LoadGridSet(*source);
    }
    const std::string short_path = fs::relative(path, GRIDOPS_SHARED_DATA).string() +
                                   (crs_given.empty() ? "" : " (--source-crs EPSG:4326)");
    if (!set) {
      const std::string& m = set.error().message;
      EXPECT_EQ(m.find('\n'), std::string::npos) << m;
      EXPECT_NE(m.find(path), std::string::npos) << m;
      EXPECT_TRUE(IsValidUtf8(m)) << m;
      // GDAL reading polygons is no excuse for a refusal about the data.
      if (ref.polygons > 0) {
        EXPECT_TRUE(Reason(m) == "no coordinate reference system" ||
                    Reason(m) == "cannot be transformed")
            << m;
      }
      refused[Reason(m)].push_back(short_path + m.substr(m.find(path) + path.size()));
      continue;
    }
    loaded.push_back(fmt::format("{}: {} polygon features", short_path, set->features.size()));
    EXPECT_EQ(set->features.size(), ref.polygons);
    std::vector<std::string> names;
    for (const Feature& f : set->features) {
      EXPECT_TRUE(IsValidUtf8(f.name)) << f.name;
      EXPECT_TRUE(IsValidUtf8(f.code)) << f.code;
      EXPECT_TRUE(IsValidUtf8(f.parent_code)) << f.parent_code;
      names.push_back(f.name);
    }
    for (const LoadNote& n : set->notes) EXPECT_TRUE(IsValidUtf8(n.message)) << n.message;
    if (ref.names_known) {
      EXPECT_EQ(Sorted(names), Sorted(ref.names));
    }
    const Expected expected = ReadExpected(path);
    if (expected.present) {
      EXPECT_EQ(set->features.size(), expected.polygons) << "the suite's expected output";
      if (!expected.names.empty()) {
        EXPECT_EQ(Sorted(names), Sorted(expected.names));
      }
    }
    // Areas as GEOS through OGR measures the same polygons in the display CRS.
    double area = 0;
    for (const Feature& f : set->features) area += f.area_m2;
    auto opened = OpenVector(path);
    ASSERT_TRUE(opened.has_value());
    OGRLayer* layer = opened->FindLayer("");
    const OGRSpatialReference* srs =
        ref.has_srs && crs_given.empty() ? layer->GetSpatialRef() : nullptr;
    const double want =
        ReferenceArea(ref, srs, crs_given.empty() ? "EPSG:4490" : crs_given, set->display_crs);
    EXPECT_NEAR(area, want, std::max(want * 1e-6, 1e-6)) << set->display_crs;
  }
  std::string summary = fmt::format("{} files: {} loaded, ", files.size(), loaded.size());
  size_t refused_count = 0;
  for (const auto& [reason, list] : refused) refused_count += list.size();
  summary += fmt::format("{} refused\n", refused_count);
  for (const std::string& l : loaded) summary += "  loaded  " + l + "\n";
  for (const auto& [reason, list] : refused) {
    summary += fmt::format(" refused, {} ({}):\n", reason, list.size());
    for (const std::string& l : list) summary += "    " + l + "\n";
  }
  std::printf("%s", summary.c_str());
}

TEST(Conformance, FlatSourceWithoutCodeFieldIsKnownByFid) {
  const std::string poly =
      std::string(GRIDOPS_SHARED_DATA) + "/conformance/gdal-3.6.2-swig-java-test_data/poly.shp";
  auto source = ResolveGridSource(poly);
  ASSERT_TRUE(source.has_value()) << source.error().message;
  source->source_crs = "EPSG:27700";  // British National Grid, which poly.shp is in
  auto set = LoadGridSet(*source);
  ASSERT_TRUE(set.has_value()) << set.error().message;
  ASSERT_EQ(set->features.size(), 10u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(set->features[i].code, std::to_string(i));
  ASSERT_FALSE(set->notes.empty());
  EXPECT_NE(set->notes[0].message.find(poly), std::string::npos) << set->notes[0].message;
  EXPECT_NE(set->notes[0].message.find("identified by their FID"), std::string::npos)
      << set->notes[0].message;
}

// A county's level needs codes: the same files, named in a grid-set file
// rather than given alone, are refused in one line when they have none.
TEST(Conformance, LevelWithoutCodeFieldIsRefusedInOneLine) {
  for (const char* relative : {"conformance/gdal-3.6.2-swig-java-test_data/poly.shp",
                               "conformance/shpjs-test-data/counties.zip",
                               "conformance/mbostock-shapefile-0.6.6/polygons.json"}) {
    const std::string path = std::string(GRIDOPS_SHARED_DATA) + "/" + relative;
    GridSource source;
    source.levels[static_cast<int>(Level::kGrid)].path = path;
    auto set = LoadGridSet(source);
    ASSERT_FALSE(set.has_value()) << path;
    EXPECT_NE(set.error().message.find(path), std::string::npos) << set.error().message;
    EXPECT_NE(set.error().message.find("no code field"), std::string::npos) << set.error().message;
    EXPECT_NE(set.error().message.find("fields.code"), std::string::npos) << set.error().message;
    EXPECT_EQ(set.error().message.find('\n'), std::string::npos) << set.error().message;
  }
}

}  // namespace
}  // namespace geo
