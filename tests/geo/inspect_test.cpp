// Inspect: what a user sees from `gridops inspect` on real third-party files
// (shapefiles in GBK with and without .cpg or language-driver byte, Latin-1,
// zips, missing .shx, GeoJSON) and on paths that are not vector data. The
// text-encoding detector has its own tests (text_encoding_test.cpp).
#include "geo/inspect.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>

#include "support/test_support.hpp"
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace geo {
namespace {

namespace fs = std::filesystem;

std::string Data(const std::string& relative) {
  return std::string(GRIDOPS_SHARED_DATA) + "/" + relative;
}


std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

// Copies `stem`.<ext> from `from_dir` for each ext into `to_dir`.
void CopyParts(const fs::path& from_dir, const std::string& stem,
               const std::vector<std::string>& exts, const fs::path& to_dir) {
  for (const std::string& ext : exts) {
    fs::copy_file(from_dir / (stem + "." + ext), to_dir / (stem + "." + ext));
  }
}

void SetDbfLanguageDriver(const fs::path& dbf, unsigned char ldid) {
  std::string bytes = ReadFile(dbf);
  ASSERT_GT(bytes.size(), 32u);
  bytes[29] = static_cast<char>(ldid);
  WriteFile(dbf, bytes);
}

// A standalone dBASE III file with one character field: enough for the
// shapefile driver to open as a layer without geometry. Names and values are
// raw bytes, written as they are.
void WriteDbf(const fs::path& path, unsigned char ldid, const std::string& field_name,
              const std::vector<std::string>& values) {
  constexpr size_t kWidth = 20;
  const size_t header_length = 32 + 32 + 1;
  const size_t record_length = 1 + kWidth;
  std::string h(32, '\0');
  h[0] = 0x03;
  h[1] = 124;  // last update 2024-05-01
  h[2] = 5;
  h[3] = 1;
  h[4] = static_cast<char>(values.size());
  h[8] = static_cast<char>(header_length & 0xFF);
  h[9] = static_cast<char>(header_length >> 8);
  h[10] = static_cast<char>(record_length);
  h[29] = static_cast<char>(ldid);
  std::string d(32, '\0');
  std::copy(field_name.begin(), field_name.begin() + std::min<size_t>(field_name.size(), 10),
            d.begin());
  d[11] = 'C';
  d[16] = static_cast<char>(kWidth);
  std::string bytes = h + d + "\r";
  for (const std::string& v : values) {
    std::string value = v.substr(0, kWidth);
    value.resize(kWidth, ' ');
    bytes += " " + value;
  }
  bytes += '\x1A';
  WriteFile(path, bytes);
}

// The first feature's value of `field`, as GDAL decodes it.
std::string FirstValue(const std::string& path, const char* field) {
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  CPLPopErrorHandler();
  if (!ds || ds->GetLayerCount() == 0) return "<cannot open>";
  OGRLayer* layer = ds->GetLayer(0);
  layer->ResetReading();
  OGRFeatureUniquePtr feature(layer->GetNextFeature());
  if (!feature) return "<no feature>";
  return feature->GetFieldAsString(field);
}

std::set<std::string> FilesUnder(const fs::path& root) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) out.insert(e.path().string());
  return out;
}

const std::string kGbkShequ = "\xC9\xE7\xC7\xF8";                          // 社区
const std::string kGbkCeshiZhongwen = "\xB2\xE2\xCA\xD4\xD6\xD0\xCE\xC4";  // 测试中文
const std::string kGbkWangge = "\xCD\xF8\xB8\xF1";                         // 网格

//-----------------------------------------------------------------------------
// Inspect: shapefile text encodings
//-----------------------------------------------------------------------------

TEST(Inspect, GbkShapefileWithCpgReportsGbkFromCpg) {
  const std::string path = Data("conformance/shapefile-rs-test-data/file_cp936.shp");
  auto info = Inspect(path);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->driver, "ESRI Shapefile");
  ASSERT_EQ(info->layers.size(), 1u);
  const LayerInfo& layer = info->layers[0];
  EXPECT_EQ(layer.name, "file_cp936");
  EXPECT_EQ(layer.feature_count, 1);
  EXPECT_EQ(layer.encoding, "GBK (CP936)");
  EXPECT_EQ(layer.encoding_source, ".cpg file says 936");
  ASSERT_EQ(layer.fields.size(), 1u);
  EXPECT_EQ(layer.fields[0].name, "TEST");
  EXPECT_EQ(layer.fields[0].type, "String");
  EXPECT_EQ(layer.fields[0].width, 50);
  // What the report promises: GDAL decodes the GBK bytes to Chinese.
  EXPECT_EQ(FirstValue(path, "TEST"), "测试中文");
}

TEST(Inspect, GbkShapefileWithLanguageDriverByteAndNoCpg) {
  test::TempDir dir;
  CopyParts(Data("conformance/shapefile-rs-test-data"), "file_cp936", {"shp", "shx", "dbf"},
            dir.path());
  SetDbfLanguageDriver(dir.path() / "file_cp936.dbf", 0x4D);
  const std::string path = (dir.path() / "file_cp936.shp").string();
  auto info = Inspect(path);
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->layers.size(), 1u);
  EXPECT_EQ(info->layers[0].encoding, "GBK (CP936)");
  EXPECT_EQ(info->layers[0].encoding_source, "DBF language driver byte 0x4D");
  EXPECT_EQ(FirstValue(path, "TEST"), "测试中文");
}

TEST(Inspect, GbkShapefileWithNeitherCpgNorLanguageDriverIsDetected) {
  test::TempDir dir;
  CopyParts(Data("conformance/shapefile-rs-test-data"), "file_cp936", {"shp", "shx", "dbf"},
            dir.path());
  SetDbfLanguageDriver(dir.path() / "file_cp936.dbf", 0);
  auto info = Inspect((dir.path() / "file_cp936.shp").string());
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->layers.size(), 1u);
  EXPECT_EQ(info->layers[0].encoding, "GBK (CP936)");
  EXPECT_EQ(info->layers[0].encoding_source, "detected from bytes");
}

TEST(Inspect, GbkFieldNamesAreReportedAsChineseWhicheverWayTheEncodingIsKnown) {
  test::TempDir dir;
  const std::vector<std::string> values = {kGbkShequ + "01", kGbkWangge + "02", kGbkCeshiZhongwen};
  WriteDbf(dir.path() / "detected.dbf", 0, kGbkShequ, values);
  WriteDbf(dir.path() / "by_ldid.dbf", 0x4D, kGbkShequ, values);
  WriteDbf(dir.path() / "by_cpg.dbf", 0, kGbkShequ, values);
  WriteFile(dir.path() / "by_cpg.cpg", "936\n");
  WriteDbf(dir.path() / "by_ansi.dbf", 0x57, kGbkShequ, values);

  const struct {
    const char* file;
    const char* source;
  } cases[] = {
      {"detected.dbf", "detected from bytes"},
      {"by_ldid.dbf", "DBF language driver byte 0x4D"},
      {"by_cpg.dbf", ".cpg file says 936"},
      {"by_ansi.dbf",
       "detected from bytes (DBF language driver byte 0x57 only means the writer's ANSI code "
       "page)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    auto info = Inspect((dir.path() / c.file).string());
    ASSERT_TRUE(info) << info.error().message;
    ASSERT_EQ(info->layers.size(), 1u);
    const LayerInfo& layer = info->layers[0];
    EXPECT_EQ(layer.geometry_type, "None");
    EXPECT_EQ(layer.feature_count, 3);
    EXPECT_EQ(layer.encoding, "GBK (CP936)");
    EXPECT_EQ(layer.encoding_source, c.source);
    ASSERT_EQ(layer.fields.size(), 1u);
    EXPECT_EQ(layer.fields[0].name, "社区");
    EXPECT_NE(FormatText(*info).find("社区"), std::string::npos);
  }
}

TEST(Inspect, Latin1ShapefileWithoutCpgOrShxIsDetectedAndTheSourceIsUntouched) {
  const fs::path folder = Data("conformance/pyshp/tests-shapefiles");
  const std::set<std::string> before = FilesUnder(folder);
  auto info = Inspect((folder / "latin1.shp").string());
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->layers.size(), 1u);
  const LayerInfo& layer = info->layers[0];
  EXPECT_EQ(layer.name, "latin1");
  EXPECT_EQ(layer.feature_count, 1);
  EXPECT_EQ(layer.geometry_type, "Polygon");
  EXPECT_EQ(layer.encoding, "ISO-8859-1");
  EXPECT_EQ(layer.encoding_source, "detected from bytes");
  // The .shx GDAL rebuilt lives in memory, never beside the user's file.
  EXPECT_EQ(FilesUnder(folder), before);
}

TEST(Inspect, Latin1WithAnsiLanguageDriverByteTrustsTheByte) {
  auto info = Inspect(Data("conformance/mbostock-shapefile-0.6.6/latin1-property.shp"));
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->layers.size(), 1u);
  EXPECT_EQ(info->layers[0].encoding, "ISO-8859-1");
  EXPECT_EQ(info->layers[0].encoding_source, "DBF language driver byte 0x57");
}

TEST(Inspect, EsriAnsiCodePageInCpgIsUnderstood) {
  auto info = Inspect(Data("conformance/shpjs-test-data/codepage.shp"));
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->layers.size(), 1u);
  EXPECT_EQ(info->layers[0].encoding, "CP1250");
  EXPECT_EQ(info->layers[0].encoding_source, ".cpg file says ANSI 1250");
  EXPECT_EQ(info->layers[0].crs, "EPSG:4326");
}

TEST(Inspect, HtmlInPlaceOfCpgFallsBackToDetection) {
  auto info = Inspect(Data("conformance/shpjs-test-data/htmlcpg.shp"));
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->layers.size(), 1u);
  EXPECT_EQ(info->layers[0].feature_count, 2);
  EXPECT_TRUE(info->layers[0].encoding_source.starts_with("detected from bytes (.cpg file"))
      << info->layers[0].encoding_source;
  EXPECT_NO_THROW(ToJson(*info).dump());
}

TEST(Inspect, UnusableCpgDoesNotHideTheLanguageDriverByte) {
  test::TempDir dir;
  WriteDbf(dir.path() / "t.dbf", 0x4D, kGbkShequ, {kGbkWangge});
  WriteFile(dir.path() / "t.cpg", "<!DOCTYPE html><html><head>\n");
  auto info = Inspect((dir.path() / "t.dbf").string());
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->layers.size(), 1u);
  EXPECT_EQ(info->layers[0].encoding, "GBK (CP936)");
  EXPECT_EQ(info->layers[0].encoding_source,
            "DBF language driver byte 0x4D; .cpg file \"<!DOCTYPE html><html><head>\" names no "
            "code page");
  ASSERT_EQ(info->layers[0].fields.size(), 1u);
  EXPECT_EQ(info->layers[0].fields[0].name, "社区");
}

TEST(Inspect, ShapefileWithoutDbfHasNoText) {
  auto info = Inspect(Data("conformance/shpjs-test-data/no-dbf.shp"));
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->layers.size(), 1u);
  EXPECT_EQ(info->layers[0].encoding, "");
  EXPECT_TRUE(info->layers[0].fields.empty());
}

//-----------------------------------------------------------------------------
// Inspect: other sources, the JSON shape
//-----------------------------------------------------------------------------

TEST(Inspect, PolyShpJsonHasTheDocumentedShape) {
  auto info = Inspect(Data("conformance/gdal-3.6.2-swig-java-test_data/poly.shp"));
  ASSERT_TRUE(info) << info.error().message;
  const nlohmann::json j = ToJson(*info);
  ASSERT_TRUE(j.contains("layers") && j["layers"].is_array());
  ASSERT_EQ(j["layers"].size(), 1u);
  const nlohmann::json& layer = j["layers"][0];
  for (const char* key : {"name", "geometry_type", "crs", "encoding", "encoding_source"}) {
    ASSERT_TRUE(layer.contains(key) && layer[key].is_string()) << key;
  }
  ASSERT_TRUE(layer["feature_count"].is_number_integer());
  ASSERT_TRUE(layer["fields"].is_array());
  EXPECT_EQ(layer["name"], "poly");
  EXPECT_EQ(layer["feature_count"], 10);
  EXPECT_EQ(layer["geometry_type"], "Polygon");
  EXPECT_EQ(layer["crs"], "") << "this copy of poly.shp comes without its .prj";
  std::vector<std::string> names;
  for (const nlohmann::json& f : layer["fields"]) {
    ASSERT_TRUE(f["name"].is_string() && f["type"].is_string());
    ASSERT_TRUE(f["width"].is_number_integer() && f["precision"].is_number_integer());
    names.push_back(f["name"]);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"AREA", "EAS_ID", "PRFEDEA"}));
  EXPECT_EQ(layer["fields"][0]["type"], "Real");
  EXPECT_EQ(layer["fields"][2]["type"], "String");
  EXPECT_EQ(j["driver"], "ESRI Shapefile");
  EXPECT_TRUE(j["path"].get<std::string>().ends_with("poly.shp"));
}

TEST(Inspect, GeoJsonCountyOutline) {
  auto info = Inspect(Data("china/610822_fugu_county.json"));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->driver, "GeoJSON");
  ASSERT_EQ(info->layers.size(), 1u);
  const LayerInfo& layer = info->layers[0];
  EXPECT_EQ(layer.feature_count, 1);
  EXPECT_EQ(layer.geometry_type, "MultiPolygon");
  EXPECT_EQ(layer.crs, "EPSG:4326");
  EXPECT_EQ(layer.encoding, "UTF-8");
  EXPECT_EQ(layer.encoding_source, "GeoJSON is UTF-8 by specification");
  const std::string text = FormatText(*info);
  EXPECT_NE(text.find("MultiPolygon"), std::string::npos);
  EXPECT_NE(text.find("EPSG:4326"), std::string::npos);
}

TEST(Inspect, ZipOfAShapefileReadsThroughVsizip) {
  auto info = Inspect(Data("conformance/shpjs-test-data/utf.zip"));
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->layers.size(), 1u);
  EXPECT_EQ(info->layers[0].name, "utf");
  EXPECT_EQ(info->layers[0].encoding, "UTF-8");
  EXPECT_EQ(info->layers[0].encoding_source, ".cpg file says UTF-8");
}

TEST(Inspect, ZipWithShapefilesInASubfolder) {
  auto one = Inspect(Data("conformance/shpjs-test-data/T8Th4_6n.zip"));
  ASSERT_TRUE(one) << one.error().message;
  ASSERT_EQ(one->layers.size(), 1u);
  EXPECT_EQ(one->layers[0].name, "POLYLINE");

  auto two = Inspect(Data("conformance/shpjs-test-data/multiple.zip"));
  ASSERT_TRUE(two) << two.error().message;
  std::vector<std::string> names;
  for (const LayerInfo& l : two->layers) names.push_back(l.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"layer1", "layer2"}));
}

//-----------------------------------------------------------------------------
// Inspect: what is not there or not vector data
//-----------------------------------------------------------------------------

TEST(Inspect, MissingPathIsNotFoundAndNamesThePath) {
  const std::string path = Data("conformance/no/such/file.shp");
  auto info = Inspect(path);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(info.error().message, path + ": no such file or directory");
}

TEST(Inspect, TextFileIsUnreadable) {
  const std::string path = Data("README.md");
  auto info = Inspect(path);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kUnreadable);
  EXPECT_TRUE(info.error().message.starts_with(path + ": not a vector source GDAL can read"))
      << info.error().message;
}

TEST(Inspect, DirectoryWithoutVectorDataIsUnreadable) {
  test::TempDir dir;
  WriteFile(dir.path() / "notes.txt", "nothing to see\n");
  auto info = Inspect(dir.path().string());
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kUnreadable);
  EXPECT_TRUE(info.error().message.starts_with(dir.path().string() + ": ")) << info.error().message;
}

TEST(Inspect, RasterIsUnreadable) {
  test::TempDir dir;
  const std::string path = (dir.path() / "one_pixel.tif").string();
  GDALAllRegister();
  {
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    ASSERT_NE(gtiff, nullptr);
    GDALDatasetUniquePtr raster(gtiff->Create(path.c_str(), 1, 1, 1, GDT_Byte, nullptr));
    ASSERT_NE(raster, nullptr);
  }
  auto info = Inspect(path);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kUnreadable);
  EXPECT_TRUE(info.error().message.starts_with(path + ": not a vector source"))
      << info.error().message;
}

TEST(Inspect, GarbageShapefileAndBrokenZipAreUnreadable) {
  for (const char* file :
       {"conformance/shpjs-test-data/bad.shp", "conformance/shpjs-test-data/badzip.zip",
        "conformance/pyshp/tests-shapefiles/empty_zipfile.zip"}) {
    SCOPED_TRACE(file);
    auto info = Inspect(Data(file));
    ASSERT_FALSE(info);
    EXPECT_EQ(info.error().code, ErrorCode::kUnreadable);
    EXPECT_TRUE(info.error().message.starts_with(Data(file) + ": ")) << info.error().message;
  }
}

TEST(Inspect, CorruptedShapefilesGiveAnAnswer) {
  // Fixed seed: the same 60 damaged copies of poly.shp on every run.
  std::mt19937 rng(20240501);
  const fs::path from = Data("conformance/gdal-3.6.2-swig-java-test_data");
  for (int round = 0; round < 60; ++round) {
    SCOPED_TRACE(round);
    test::TempDir dir;
    CopyParts(from, "poly", {"shp", "shx", "dbf"}, dir.path());
    for (const char* ext : {"shp", "shx", "dbf"}) {
      const fs::path part = dir.path() / (std::string("poly.") + ext);
      std::string bytes = ReadFile(part);
      if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());  // cut short
      const int flips = static_cast<int>(rng() % 8);
      for (int i = 0; i < flips && !bytes.empty(); ++i) {
        // Mostly in the headers, where lengths and counts live.
        const size_t at = rng() % std::min<size_t>(bytes.size(), rng() % 2 ? 128 : bytes.size());
        bytes[at] = static_cast<char>(rng());
      }
      WriteFile(part, bytes);
    }
    const std::string path = (dir.path() / "poly.shp").string();
    auto info = Inspect(path);
    if (info) {
      EXPECT_NO_THROW(ToJson(*info).dump());
    } else {
      EXPECT_TRUE(info.error().message.starts_with(path + ": ")) << info.error().message;
    }
  }
}

TEST(Inspect, EveryConformanceShapefileAndZipGivesAnAnswer) {
  const fs::path root = Data("conformance");
  const std::set<std::string> before = FilesUnder(root);
  int inspected = 0, readable = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::string ext = entry.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    if (ext != ".shp" && ext != ".zip") continue;
    const std::string path = entry.path().string();
    SCOPED_TRACE(path);
    ++inspected;
    auto info = Inspect(path);
    if (info) {
      ++readable;
      EXPECT_FALSE(info->layers.empty());
      EXPECT_NO_THROW(ToJson(*info).dump());  // throws on invalid UTF-8
      EXPECT_FALSE(FormatText(*info).empty());
    } else {
      EXPECT_FALSE(info.error().message.empty());
      EXPECT_NE(info.error().message.find(path), std::string::npos) << info.error().message;
    }
  }
  EXPECT_GT(inspected, 60);
  EXPECT_GT(readable, inspected / 2);
  EXPECT_EQ(FilesUnder(root), before) << "Inspect wrote into the source folders";
  // Nothing left behind in GDAL's in-memory file system either.
  const CPLStringList mem(VSIReadDir("/vsimem/"), TRUE);
  for (int i = 0; i < mem.size(); ++i) {
    EXPECT_FALSE(std::string(mem[i]).starts_with("gridops_inspect_")) << mem[i];
  }
}

TEST(Inspect, ReportsGeometryHealthAndTheLevelALayerMapsTo) {
  auto sample = Inspect(GRIDOPS_SOURCE_DIR "/data/sample-county/grids.shp");
  ASSERT_TRUE(sample.has_value()) << sample.error().message;
  const LayerInfo& grids = sample->layers.at(0);
  EXPECT_EQ(grids.level, "grid");
  EXPECT_EQ(grids.invalid_repaired, 0);
  EXPECT_EQ(grids.skipped_null, 0);
  EXPECT_EQ(grids.skipped_empty, 0);
  const nlohmann::json j = ToJson(*sample)["layers"][0];
  for (const char* key : {"invalid_repaired", "skipped_null", "skipped_empty", "level"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }

  // shapelib's polygons: two rings touch themselves (FID 231 and 378).
  auto shapelib = Inspect(std::string(GRIDOPS_SHARED_DATA) +
                          "/conformance/shapelib-shape_eg_data/polygon.shp");
  ASSERT_TRUE(shapelib.has_value()) << shapelib.error().message;
  EXPECT_EQ(shapelib->layers.at(0).invalid_repaired, 2);
  EXPECT_FALSE(shapelib->layers.at(0).level.empty());
}

}  // namespace
}  // namespace geo
