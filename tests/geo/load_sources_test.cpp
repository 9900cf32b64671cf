// The loader on every kind of source a county may deliver: the sample county
// as a grid-set file, converted at test time to GeoPackage, GeoJSON,
// FlatGeobuf and a zip with the shapefiles in a sub-folder; the Yulin
// counties (GCJ-02 GeoJSON, and GBK shapefiles with and without .cpg); CRS
// decisions (.prj missing, projected, an HTML page, a bad --source-crs); and
// geometry repair.
#include <cpl_conv.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "geo/gdal_util.hpp"
#include "geo/load.hpp"
#include "geo/text_encoding.hpp"
#include "support/test_support.hpp"

namespace geo {
namespace {

namespace fs = std::filesystem;

// [SECTION] Helpers: temp folders, conversions, zips, loading

using test::TempDir;

std::string Shared(const std::string& relative) {
  return std::string(GRIDOPS_SHARED_DATA) + "/" + relative;
}
std::string Sample(const std::string& file) {
  return (fs::path(SampleCountyDirectory()) / file).string();
}
const std::string kYulin = Shared("china/610800_yulin_city.json");

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// ogr2ogr `args` `dst` `src`, through the GDAL C API.
void Translate(const std::string& src, const std::string& dst, std::vector<std::string> args) {
  EnsureGdalRegistered();
  GDALDatasetH in = GDALOpenEx(src.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(in, nullptr) << src;
  CPLStringList argv;
  for (const std::string& a : args) argv.AddString(a.c_str());
  GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(argv.List(), nullptr);
  ASSERT_NE(options, nullptr);
  int usage_error = 0;
  GDALDatasetH out = GDALVectorTranslate(dst.c_str(), nullptr, 1, &in, options, &usage_error);
  GDALVectorTranslateOptionsFree(options);
  EXPECT_NE(out, nullptr) << src << " -> " << dst;
  if (out) GDALClose(out);
  GDALClose(in);
}

// A zip archive holding `files`: {name in the archive, file on disk}.
void WriteZip(const std::string& zip,
              const std::vector<std::pair<std::string, std::string>>& files) {
  const ErrorCapture quiet;  // GDAL warns of the CP437 fallback for names in Chinese
  void* handle = CPLCreateZip(zip.c_str(), nullptr);
  ASSERT_NE(handle, nullptr) << zip;
  for (const auto& [name, path] : files) {
    const std::string bytes = ReadBytes(path);
    ASSERT_EQ(CPLCreateFileInZip(handle, name.c_str(), nullptr), CE_None) << name;
    ASSERT_EQ(CPLWriteFileInZip(handle, bytes.data(), static_cast<int>(bytes.size())), CE_None);
    ASSERT_EQ(CPLCloseFileInZip(handle), CE_None);
  }
  ASSERT_EQ(CPLCloseZip(handle), CE_None);
}

// What `gridops … --grids PATH --source-crs CRS --encoding ENC` loads.
Result<GridSet> Load(const std::string& path, const std::string& crs = "",
                     const std::string& encoding = "") {
  auto source = ResolveGridSource(path);
  if (!source) return std::unexpected(source.error());
  source->source_crs = crs;
  source->encoding = encoding;
  return LoadGridSet(*source);
}

bool NoteMentions(const GridSet& set, std::initializer_list<std::string_view> words) {
  for (const LoadNote& n : set.notes) {
    bool all = true;
    for (std::string_view w : words) all = all && n.message.find(w) != std::string::npos;
    if (all) return true;
  }
  return false;
}

std::string Notes(const GridSet& set) {
  std::string out;
  for (const LoadNote& n : set.notes) out += n.message + "\n";
  return out;
}

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

// Same levels, codes, names, parents and areas (within `rel` of each other).
void ExpectSameCounty(const GridSet& a, const GridSet& b, double rel = 1e-9) {
  for (int l = 0; l < kLevelCount; ++l) {
    ASSERT_EQ(a.LevelCount(static_cast<Level>(l)), b.LevelCount(static_cast<Level>(l))) << l;
  }
  for (FeatureId id = 0; id < a.features.size(); ++id) {
    const Feature& fa = a.features[id];
    const Feature& fb = b.features[id];
    ASSERT_EQ(fa.code, fb.code);
    EXPECT_EQ(fa.name, fb.name) << fa.code;
    EXPECT_EQ(fa.parent_code, fb.parent_code) << fa.code;
    EXPECT_EQ(fa.parent == kNoFeature, fb.parent == kNoFeature) << fa.code;
    EXPECT_EQ(fa.population, fb.population) << fa.code;
    EXPECT_NEAR(fa.area_m2, fb.area_m2, fa.area_m2 * rel) << fa.code;
  }
}

const GridSet& SampleSet() {
  static const GridSet set = [] {
    auto s = LoadGridSet(GridSourceFromDirectory(SampleCountyDirectory()));
    if (!s) ADD_FAILURE() << s.error().message;
    return s ? std::move(*s) : GridSet{};
  }();
  return set;
}

// [SECTION] The sample county in every format

TEST(LoadSources, SampleGridSetFileEqualsItsFolder) {
  auto via_file = Load(Sample("gridset.json"));
  ASSERT_TRUE(via_file.has_value()) << via_file.error().message;
  EXPECT_EQ(via_file->county_name, "府谷县");
  ExpectSameCounty(*via_file, SampleSet());
}

TEST(LoadSources, SampleConvertedToGeoPackageGeoJsonAndFlatGeobuf) {
  const char* const stems[] = {"communities", "grids", "compounds"};
  struct Format {
    const char* driver;
    const char* ext;
    bool one_file;  // every level a layer of one file
  };
  for (const Format& f : {Format{"GPKG", ".gpkg", true}, Format{"GeoJSON", ".geojson", false},
                          Format{"FlatGeobuf", ".fgb", false}}) {
    SCOPED_TRACE(f.driver);
    TempDir dir;
    std::string levels;
    for (int l = 0; l < 3; ++l) {
      const std::string file =
          f.one_file ? std::string("county") + f.ext : stems[l] + std::string(f.ext);
      std::vector<std::string> args = {"-f", f.driver, "-nln", stems[l]};
      if (f.one_file && l > 0) args.push_back("-update");
      Translate(Sample(stems[l] + std::string(".shp")), dir / file, args);
      // Fields left out: CODE, NAME, PARENT, POP, HH are found by name.
      levels += fmt::format("{}\"{}\": {{\"source\": \"{}\", \"layer\": \"{}\"}}", l ? ", " : "",
                            kLevelNames[l], file, stems[l]);
    }
    WriteBytes(dir / "gridset.json", "{\"levels\": {" + levels + "}}");
    auto set = Load(dir / "gridset.json");
    ASSERT_TRUE(set.has_value()) << set.error().message;
    EXPECT_TRUE(set->notes.empty()) << Notes(*set);
    EXPECT_EQ(set->reports[1].encoding, "UTF-8");
    ExpectSameCounty(*set, SampleSet(), 1e-6);
  }
}

TEST(LoadSources, SampleZippedWithShapefilesInASubfolder) {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> files;
  for (const char* stem : {"communities", "grids", "compounds"}) {
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
      files.push_back({std::string("府谷县/") + stem + ext, Sample(std::string(stem) + ext)});
    }
  }
  WriteZip(dir / "county.zip", files);
  WriteBytes(dir / "gridset.json", R"({"levels": {
      "community": {"source": "county.zip", "layer": "communities"},
      "grid": {"source": "county.zip", "layer": "grids"},
      "compound": {"source": "county.zip", "layer": "compounds"}}})");
  auto set = Load(dir / "gridset.json");
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_TRUE(set->notes.empty()) << Notes(*set);
  ExpectSameCounty(*set, SampleSet());

  // One zipped shapefile in a folder, given on its own.
  files.clear();
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
    files.push_back({std::string("data/grids") + ext, Sample(std::string("grids") + ext)});
  }
  WriteZip(dir / "grids.zip", files);
  auto grids = Load(dir / "grids.zip");
  ASSERT_TRUE(grids.has_value()) << grids.error().message;
  EXPECT_EQ(grids->LevelCount(Level::kGrid), 79u);
  EXPECT_EQ(grids->features[grids->LevelBegin(Level::kGrid)].name,
            SampleSet().features[SampleSet().LevelBegin(Level::kGrid)].name);
}

// [SECTION] Yulin: GCJ-02 GeoJSON, GBK shapefiles

std::vector<std::string> Names(const GridSet& set) {
  std::vector<std::string> names;
  for (const Feature& f : set.features) names.push_back(f.name);
  return names;
}

const GridSet& YulinGeoJson() {
  static const GridSet set = [] {
    auto s = Load(kYulin);
    if (!s) ADD_FAILURE() << s.error().message;
    return s ? std::move(*s) : GridSet{};
  }();
  return set;
}

TEST(Yulin, GeoJsonIsOneFlatLevelOfTwelveCounties) {
  const GridSet& set = YulinGeoJson();
  ASSERT_EQ(set.features.size(), 12u);
  EXPECT_EQ(set.reports[0].label, "610800_yulin_city");
  EXPECT_EQ(set.features.front().code, "610802");
  EXPECT_EQ(set.features.front().name, "榆阳区");
  const std::vector<std::string> names = Names(set);
  EXPECT_NE(std::find(names.begin(), names.end(), "府谷县"), names.end());
  EXPECT_TRUE(set.source_crs.starts_with("EPSG:4326")) << set.source_crs;
}

TEST(Yulin, Gcj02MovesEveryCountyAFewHundredMetres) {
  auto shifted = Load(kYulin, "gcj02");
  ASSERT_TRUE(shifted.has_value()) << shifted.error().message;
  const GridSet& raw = YulinGeoJson();
  ASSERT_EQ(shifted->features.size(), raw.features.size());
  ASSERT_EQ(shifted->display_crs, raw.display_crs);
  EXPECT_HAS(shifted->reports[0].crs, "GCJ-02");
  for (size_t i = 0; i < raw.features.size(); ++i) {
    const Bounds& a = raw.features[i].bounds;
    const Bounds& b = shifted->features[i].bounds;
    const double dx = (b.min_x + b.max_x - a.min_x - a.max_x) / 2;
    const double dy = (b.min_y + b.max_y - a.min_y - a.max_y) / 2;
    const double moved = std::hypot(dx, dy);
    EXPECT_GT(moved, 100) << raw.features[i].name;
    EXPECT_LT(moved, 700) << raw.features[i].name;
    // GCJ-02's offset is not uniform: it stretches areas by some tenths of a percent.
    EXPECT_NEAR(shifted->features[i].area_m2, raw.features[i].area_m2,
                raw.features[i].area_m2 * 1e-2);
  }
}

// Yulin as a GBK shapefile `dir`/yulin.shp (.cpg "CP936", LDID 0), in
// `t_srs` when given.
std::string YulinShapefile(const TempDir& dir, const std::string& t_srs = "") {
  std::vector<std::string> args = {"-f",      "ESRI Shapefile", "-lco", "ENCODING=CP936",
                                   "-select", "adcode,name",    "-nln", "yulin"};
  if (!t_srs.empty()) args.insert(args.end(), {"-t_srs", t_srs});
  Translate(kYulin, dir / "yulin.shp", args);
  return dir / "yulin.shp";
}

void SetLdid(const std::string& dbf, unsigned char ldid) {
  std::string bytes = ReadBytes(dbf);
  ASSERT_GT(bytes.size(), 32u);
  bytes[29] = static_cast<char>(ldid);
  WriteBytes(dbf, bytes);
}

TEST(Yulin, GbkShapefileWithCpg) {
  TempDir dir;
  const std::string shp = YulinShapefile(dir);
  auto set = Load(shp);
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(Names(*set), Names(YulinGeoJson()));
  EXPECT_HAS(set->reports[0].encoding, "GBK");
  EXPECT_HAS(set->reports[0].encoding_source, ".cpg");
}

TEST(Yulin, GbkShapefileWithoutCpgIsDetectedOrReadFromLanguageDriver) {
  TempDir dir;
  const std::string shp = YulinShapefile(dir);
  fs::remove(dir / "yulin.cpg");
  SetLdid(dir / "yulin.dbf", 0);
  auto detected = Load(shp);
  ASSERT_TRUE(detected.has_value()) << detected.error().message;
  EXPECT_EQ(Names(*detected), Names(YulinGeoJson()));
  EXPECT_HAS(detected->reports[0].encoding, "GBK");
  EXPECT_HAS(detected->reports[0].encoding_source, "detected");

  SetLdid(dir / "yulin.dbf", 0x4D);  // GB2312 by the language driver byte
  auto by_ldid = Load(shp);
  ASSERT_TRUE(by_ldid.has_value()) << by_ldid.error().message;
  EXPECT_EQ(Names(*by_ldid), Names(YulinGeoJson()));
}

TEST(Yulin, EncodingOverrideWinsAndNeverGivesInvalidText) {
  TempDir dir;
  const std::string shp = YulinShapefile(dir);
  auto latin1 = Load(shp, "", "ISO-8859-1");
  ASSERT_TRUE(latin1.has_value()) << latin1.error().message;
  ASSERT_EQ(latin1->features.size(), 12u);
  EXPECT_EQ(latin1->reports[0].encoding_source, "--encoding ISO-8859-1");
  for (size_t i = 0; i < 12; ++i) {
    EXPECT_NE(latin1->features[i].name, YulinGeoJson().features[i].name);
    EXPECT_TRUE(IsValidUtf8(latin1->features[i].name)) << latin1->features[i].name;
  }
  fs::remove(dir / "yulin.cpg");
  auto gbk = Load(shp, "", "GBK");
  ASSERT_TRUE(gbk.has_value()) << gbk.error().message;
  EXPECT_EQ(Names(*gbk), Names(YulinGeoJson()));

  auto unknown = Load(shp, "", "KLINGON-8");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_HAS(unknown.error().message, "--encoding KLINGON-8");
}

// [SECTION] CRS: none declared, projected, an HTML page for a .prj, invalid

TEST(LoadCrs, NoPrjWithLonLatInChinaIsTakenAsCgcs2000WithANote) {
  TempDir dir;
  const std::string shp = YulinShapefile(dir);
  fs::remove(dir / "yulin.prj");
  auto set = Load(shp);
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(set->features.size(), 12u);
  EXPECT_TRUE(set->source_crs.starts_with("EPSG:4490")) << set->source_crs;
  EXPECT_HAS(set->reports[0].crs_source, "assumed");
  EXPECT_TRUE(NoteMentions(*set, {shp, "EPSG:4490", "--source-crs"})) << Notes(*set);
}

TEST(LoadCrs, NoPrjWithProjectedCoordinatesAsksForSourceCrs) {
  TempDir dir;
  const std::string shp = YulinShapefile(dir, "EPSG:4546");
  fs::remove(dir / "yulin.prj");
  auto set = Load(shp);
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().code, ErrorCode::kInvalidInput);
  EXPECT_HAS(set.error().message, shp);
  EXPECT_HAS(set.error().message, "--source-crs");
  EXPECT_EQ(set.error().message.find('\n'), std::string::npos);

  // Doing what it says gives the same counties as the lon/lat source.
  auto told = Load(shp, "EPSG:4546");
  ASSERT_TRUE(told.has_value()) << told.error().message;
  ASSERT_EQ(told->features.size(), 12u);
  EXPECT_EQ(told->display_crs, YulinGeoJson().display_crs);
  for (size_t i = 0; i < 12; ++i) {
    EXPECT_NEAR(told->features[i].area_m2, YulinGeoJson().features[i].area_m2,
                YulinGeoJson().features[i].area_m2 * 1e-6);
  }
}

TEST(LoadCrs, HtmlPageForAPrjIsNamedWithWhatToDo) {
  const std::string html = Shared("conformance/shpjs-test-data/htmlprj.prj");
  ASSERT_TRUE(ReadBytes(html).starts_with("<!DOCTYPE html>"));
  {
    TempDir dir;
    const std::string shp = YulinShapefile(dir);
    fs::copy_file(html, dir / "yulin.prj", fs::copy_options::overwrite_existing);
    auto set = Load(shp);
    ASSERT_TRUE(set.has_value()) << set.error().message;
    EXPECT_TRUE(NoteMentions(
        *set, {dir / "yulin.prj", "not a CRS", "<!DOCTYPE html>", "EPSG:4490", "--source-crs"}))
        << Notes(*set);
  }
  {
    TempDir dir;
    const std::string shp = YulinShapefile(dir, "EPSG:4546");
    fs::copy_file(html, dir / "yulin.prj", fs::copy_options::overwrite_existing);
    auto set = Load(shp);
    ASSERT_FALSE(set.has_value());
    EXPECT_HAS(set.error().message, dir / "yulin.prj");
    EXPECT_HAS(set.error().message, "--source-crs");
    EXPECT_EQ(set.error().message.find('\n'), std::string::npos);
  }
  // The shapefile it came with holds points (and has no .shx): refused for that.
  const std::string points = Shared("conformance/shpjs-test-data/htmlprj.shp");
  auto set = Load(points);
  ASSERT_FALSE(set.has_value());
  EXPECT_HAS(set.error().message, points);
  EXPECT_HAS(set.error().message, "no polygons");
  EXPECT_EQ(set.error().message.find('\n'), std::string::npos);
}

TEST(LoadCrs, InvalidSourceCrsIsQuoted) {
  auto set = Load(Sample("grids.shp"), "EPSG:0");
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().code, ErrorCode::kInvalidInput);
  EXPECT_HAS(set.error().message, "--source-crs");
  EXPECT_HAS(set.error().message, "'EPSG:0'");
  EXPECT_HAS(set.error().message, "give an EPSG code");
  EXPECT_EQ(set.error().message.find('\n'), std::string::npos);
}

// [SECTION] Geometry: repair, null and empty, Z, holes, multipolygons

// Squares and shapes near (500000, 4320000) in EPSG:4546 metres, where the
// display CRS is the same, so areas come out exact.
constexpr const char* kShapes = R"({"type": "FeatureCollection",
 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4546"}},
 "features": [
  {"type": "Feature", "properties": {"CODE": "A", "NAME": "clockwise square"},
   "geometry": {"type": "Polygon", "coordinates": [[[500000,4320000],[500000,4320100],[500100,4320100],[500100,4320000],[500000,4320000]]]}},
  {"type": "Feature", "properties": {"CODE": "B", "NAME": "null"}, "geometry": null},
  {"type": "Feature", "properties": {"CODE": "C", "NAME": "empty"},
   "geometry": {"type": "MultiPolygon", "coordinates": []}},
  {"type": "Feature", "properties": {"CODE": "D", "NAME": "bow-tie"},
   "geometry": {"type": "Polygon", "coordinates": [[[500200,4320000],[500300,4320100],[500300,4320000],[500200,4320100],[500200,4320000]]]}},
  {"type": "Feature", "properties": {"CODE": "E", "NAME": "with Z"},
   "geometry": {"type": "Polygon", "coordinates": [[[500400,4320000,5],[500500,4320000,5],[500500,4320100,7],[500400,4320100,7],[500400,4320000,5]]]}},
  {"type": "Feature", "properties": {"CODE": "F", "NAME": "hole"},
   "geometry": {"type": "Polygon", "coordinates": [[[500600,4320000],[500700,4320000],[500700,4320100],[500600,4320100],[500600,4320000]],
                                                  [[500640,4320040],[500660,4320040],[500660,4320060],[500640,4320060],[500640,4320040]]]}},
  {"type": "Feature", "properties": {"CODE": "G", "NAME": "two parts"},
   "geometry": {"type": "MultiPolygon", "coordinates": [[[[500800,4320000],[500850,4320000],[500850,4320050],[500800,4320050],[500800,4320000]]],
                                                       [[[500900,4320000],[500950,4320000],[500950,4320050],[500900,4320050],[500900,4320000]]]]}},
  {"type": "Feature", "properties": {"CODE": "H", "NAME": "a point"},
   "geometry": {"type": "Point", "coordinates": [500000, 4320000]}}
 ]})";

TEST(LoadGeometry, RepairedSkippedAndKeptAreCountedAndNamed) {
  TempDir dir;
  WriteBytes(dir / "grids.geojson", kShapes);
  auto set = Load(dir / "grids.geojson");
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(set->display_crs, "EPSG:4546");
  const LevelReport& r = set->reports[static_cast<int>(Level::kGrid)];
  EXPECT_EQ(r.features, 5u);
  EXPECT_EQ(r.invalid_repaired, 1u);
  EXPECT_EQ(r.skipped_null, 1u);
  EXPECT_EQ(r.skipped_empty, 1u);
  EXPECT_EQ(r.skipped_other, 1u);
  EXPECT_EQ(r.zm_dropped, 1u);
  EXPECT_TRUE(NoteMentions(*set, {"FID 1 (B) has no geometry", "FID 2 (C) has an empty geometry",
                                  "FID 7 (H) is a POINT"}))
      << Notes(*set);
  EXPECT_TRUE(NoteMentions(*set, {"repaired 1 invalid polygon"})) << Notes(*set);
  EXPECT_TRUE(NoteMentions(*set, {"dropped Z/M values of 1 feature"})) << Notes(*set);

  struct Want {
    const char* code;
    double area;
    uint32_t polygons, rings;
  };
  const PolygonSet& ps = set->polygons;
  for (const Want& w : {Want{"A", 10000, 1, 1}, Want{"D", 5000, 2, 2}, Want{"E", 10000, 1, 1},
                        Want{"F", 9600, 1, 2}, Want{"G", 5000, 2, 2}}) {
    SCOPED_TRACE(w.code);
    const FeatureId id = set->Find(w.code);
    ASSERT_NE(id, kNoFeature);
    const Feature& f = set->features[id];
    EXPECT_NEAR(f.area_m2, w.area, 1e-3);
    EXPECT_EQ(f.polygon_count, w.polygons);
    const uint32_t rings =
        ps.polygon_rings[f.first_polygon + f.polygon_count] - ps.polygon_rings[f.first_polygon];
    EXPECT_EQ(rings, w.rings);
    for (uint32_t p = f.first_polygon; p < f.first_polygon + f.polygon_count; ++p) {
      EXPECT_GT(SignedArea(ps.Ring(ps.polygon_rings[p])), 0) << "outer ring counter-clockwise";
      for (uint32_t h = ps.polygon_rings[p] + 1; h < ps.polygon_rings[p + 1]; ++h) {
        EXPECT_LT(SignedArea(ps.Ring(h)), 0) << "hole clockwise";
      }
    }
  }
}

TEST(LoadGeometry, LayerWithNothingUsableIsRefusedInOneLine) {
  TempDir dir;
  WriteBytes(dir / "grids.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"CODE": "B"}, "geometry": null},
    {"type": "Feature", "properties": {"CODE": "C"}, "geometry": {"type": "MultiPolygon", "coordinates": []}}]})");
  auto set = Load(dir / "grids.geojson");
  ASSERT_FALSE(set.has_value());
  EXPECT_HAS(set.error().message, dir / "grids.geojson");
  EXPECT_HAS(set.error().message, "has no geometry in any of its 2 features");
  EXPECT_EQ(set.error().message.find('\n'), std::string::npos);

  WriteBytes(dir / "grids.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"CODE": ""},
     "geometry": {"type": "Polygon", "coordinates": [[[111,39],[111.1,39],[111.1,39.1],[111,39]]]}}]})");
  set = Load(dir / "grids.geojson");
  ASSERT_FALSE(set.has_value());
  EXPECT_HAS(set.error().message, "has no polygon gridops can use in its 1 feature");
  EXPECT_HAS(set.error().message, "FID 0 has an empty code");
  EXPECT_EQ(set.error().message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace geo
