// Grid-set files and what `--grids PATH` resolves to: good files, every
// mistake a person writing one by hand makes (each named with the file and
// the key or line), relative sources, single sources placed at a level, and
// paths that lead nowhere (a missing file, a PostGIS server that is not there).
#include "geo/grid_source.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "geo/load.hpp"
#include "support/test_support.hpp"

namespace geo {
namespace {

namespace fs = std::filesystem;

using test::TempDir;

// Writes `text` to `dir`/`name` and returns the path.
std::string Write(const TempDir& dir, const std::string& name, const std::string& text) {
  const fs::path p = dir.path() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

std::string Sample(const std::string& file) {
  return (fs::path(SampleCountyDirectory()) / file).string();
}

// The error of reading `text` as a grid-set file; fails the test when it reads.
Error ReadError(const std::string& text, std::string* path_out = nullptr) {
  TempDir dir;
  const std::string path = Write(dir, "gridset.json", text);
  if (path_out) *path_out = path;
  auto read = ReadGridSetFile(path);
  EXPECT_FALSE(read.has_value()) << text;
  return read ? Error{} : read.error();
}

#define EXPECT_HAS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

TEST(GridSetFile, ReadsEveryKey) {
  TempDir dir;
  const std::string path = Write(dir, "set.json", R"({
    "_comment": "keys starting with _ are for people",
    "county": {"code": "610822", "name": "府谷县"},
    "source_crs": "EPSG:4490", "encoding": "GBK",
    "levels": {
      "community": {"source": "a/communities.shp", "layer": "communities",
                    "fields": {"code": "CODE", "name": "NAME", "parent": "PARENT",
                               "population": "POP", "households": "HH"}},
      "grid": {"source": "../grids.gpkg"},
      "building": {"source": "PG:dbname=city", "layer": "public.buildings"}
    }})");
  auto s = ReadGridSetFile(path);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->county_code, "610822");
  EXPECT_EQ(s->county_name, "府谷县");
  EXPECT_EQ(s->source_crs, "EPSG:4490");
  EXPECT_EQ(s->encoding, "GBK");
  EXPECT_FALSE(s->flat);
  const LevelSource& c = s->levels[static_cast<int>(Level::kCommunity)];
  // Relative sources are the file's own; connection strings stay as written.
  EXPECT_EQ(c.path, (dir.path() / "a" / "communities.shp").string());
  EXPECT_EQ(c.layer, "communities");
  EXPECT_EQ(c.fields.code, "CODE");
  EXPECT_EQ(c.fields.name, "NAME");
  EXPECT_EQ(c.fields.parent, "PARENT");
  EXPECT_EQ(c.fields.population, "POP");
  EXPECT_EQ(c.fields.households, "HH");
  EXPECT_EQ(s->levels[static_cast<int>(Level::kGrid)].path,
            (dir.path().parent_path() / "grids.gpkg").string());
  EXPECT_TRUE(s->levels[static_cast<int>(Level::kGrid)].fields.code.empty());
  EXPECT_TRUE(s->levels[static_cast<int>(Level::kCompound)].path.empty());
  EXPECT_EQ(s->levels[static_cast<int>(Level::kBuilding)].path, "PG:dbname=city");
}

TEST(GridSetFile, AbsoluteAndVsiSourcesStay) {
  TempDir dir;
  const std::string path = Write(dir, "set.json", R"({"levels": {
      "community": {"source": "/data/c.shp"},
      "grid": {"source": "/vsizip//data/g.zip/g.shp"}}})");
  auto s = ReadGridSetFile(path);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->levels[0].path, "/data/c.shp");
  EXPECT_EQ(s->levels[1].path, "/vsizip//data/g.zip/g.shp");
}

TEST(GridSetFile, BadJsonNamesTheLine) {
  std::string path;
  const Error e =
      ReadError("{\n  \"levels\": {\n    \"grid\": {\"source\": \"g.shp\",}\n  }\n}", &path);
  EXPECT_EQ(e.code, ErrorCode::kUnreadable);
  EXPECT_HAS(e.message, path);
  EXPECT_HAS(e.message, "line 3");
}

TEST(GridSetFile, MissingFileIsNotFound) {
  auto s = ReadGridSetFile("/no/such/gridset.json");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_HAS(s.error().message, "/no/such/gridset.json");
}

TEST(GridSetFile, UnknownLevelIsNamed) {
  const Error e = ReadError(R"({"levels": {"street": {"source": "s.shp"}}})");
  EXPECT_EQ(e.code, ErrorCode::kInvalidInput);
  EXPECT_HAS(e.message, "unknown level \"street\"");
  EXPECT_HAS(e.message, "community, grid, compound, building");
}

TEST(GridSetFile, UnknownKeysAreNamedWhereverTheyAre) {
  EXPECT_HAS(ReadError(R"({"levels": {"grid": {"source": "g.shp"}}, "crs": "EPSG:4490"})").message,
             "unknown key \"crs\"");
  EXPECT_HAS(ReadError(R"({"levels": {"grid": {"source": "g.shp", "path": "x"}}})").message,
             "levels.grid: unknown key \"path\"");
  EXPECT_HAS(
      ReadError(R"({"levels": {"grid": {"source": "g.shp", "fields": {"id": "ID"}}}})").message,
      "levels.grid.fields: unknown key \"id\"");
}

TEST(GridSetFile, MissingSourceIsNamed) {
  const Error e = ReadError(R"({"levels": {"grid": {"layer": "grids"}}})");
  EXPECT_EQ(e.code, ErrorCode::kInvalidInput);
  EXPECT_HAS(e.message, "levels.grid: \"source\" is missing");
}

TEST(GridSetFile, WrongShapesAreNamed) {
  EXPECT_HAS(ReadError(R"({"levels": {"grid": {"source": "g.shp", "fields": "CODE"}}})").message,
             "\"fields\" must be an object");
  EXPECT_HAS(
      ReadError(R"({"levels": {"grid": {"source": "g.shp", "fields": {"code": 3}}}})").message,
      "levels.grid.fields.code must be a field name");
  EXPECT_HAS(ReadError(R"({"levels": {"grid": {"source": 7}}})").message,
             "\"source\" must be a string");
  EXPECT_HAS(ReadError(R"({"levels": {"grid": "g.shp"}})").message,
             "levels.grid must be an object");
  EXPECT_HAS(ReadError(R"({"levels": {}})").message, "\"levels\" is empty");
  EXPECT_HAS(ReadError(R"({"grid": {"source": "g.shp"}})").message, "needs an object \"levels\"");
  EXPECT_HAS(ReadError(R"({"county": "府谷县", "levels": {"grid": {"source": "g.shp"}}})").message,
             "\"county\" must be");
}

TEST(GridSetFile, ExplicitFieldTheLayerLacksListsWhatItHas) {
  TempDir dir;
  const std::string path = Write(dir, "set.json",
                                 R"({"levels": {"grid": {"source": ")" + Sample("grids.shp") +
                                     R"(", "fields": {"code": "GRID_NO"}}}})");
  auto source = ReadGridSetFile(path);
  ASSERT_TRUE(source.has_value()) << source.error().message;
  auto set = LoadGridSet(*source);
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().code, ErrorCode::kInvalidInput);
  EXPECT_HAS(set.error().message, "grids.shp");
  EXPECT_HAS(set.error().message, "\"GRID_NO\"");
  EXPECT_HAS(set.error().message, "CODE, NAME, PARENT, POP, HH");
}

TEST(GridSetFile, FieldNamesAreMatchedWithoutCase) {
  TempDir dir;
  const std::string path =
      Write(dir, "set.json",
            R"({"levels": {"grid": {"source": ")" + Sample("grids.shp") +
                R"(", "fields": {"code": "code", "name": "Name", "parent": "parent"}}}})");
  auto source = ReadGridSetFile(path);
  ASSERT_TRUE(source.has_value()) << source.error().message;
  auto set = LoadGridSet(*source);
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(set->LevelCount(Level::kGrid), 79u);
  EXPECT_NE(set->features[set->LevelBegin(Level::kGrid)].name.find("网格"), std::string::npos);
}

TEST(ResolveGridSource, SampleFolderUsesItsGridSetFile) {
  auto s = ResolveGridSource(SampleCountyDirectory());
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->county_name, "府谷县");
  EXPECT_EQ(s->county_code, "610822");
  EXPECT_FALSE(s->flat);
  EXPECT_EQ(s->levels[0].path, Sample("communities.shp"));
  EXPECT_EQ(s->levels[2].path, Sample("compounds.shp"));
  EXPECT_TRUE(s->levels[3].path.empty());
}

TEST(ResolveGridSource, GridSetFileGivenByPath) {
  auto s = ResolveGridSource(Sample("gridset.json"));
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->county_name, "府谷县");
  EXPECT_EQ(s->levels[1].path, Sample("grids.shp"));
}

TEST(ResolveGridSource, FolderWithoutGridSetFileUsesTheConventionalNames) {
  TempDir dir;
  for (const char* stem : {"communities", "grids", "compounds"}) {
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
      fs::copy_file(Sample(std::string(stem) + ext), dir.path() / (std::string(stem) + ext));
    }
  }
  auto s = ResolveGridSource(dir.path().string());
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_FALSE(s->flat);
  EXPECT_TRUE(s->county_name.empty());
  EXPECT_EQ(s->levels[1].path, (dir.path() / "grids.shp").string());
}

TEST(ResolveGridSource, GeoJsonIsAFlatSource) {
  const std::string path = std::string(GRIDOPS_SHARED_DATA) + "/china/610800_yulin_city.json";
  auto s = ResolveGridSource(path);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_TRUE(s->flat);
  EXPECT_EQ(s->description, path);
  EXPECT_EQ(s->levels[static_cast<int>(Level::kCommunity)].path, path);
  for (int l = 1; l < kLevelCount; ++l) EXPECT_TRUE(s->levels[l].path.empty()) << l;
}

TEST(ResolveGridSource, ShapefileIsPlacedAtTheLevelItsNameSuggests) {
  auto s = ResolveGridSource(Sample("grids.shp"));
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_TRUE(s->flat);
  EXPECT_EQ(s->levels[static_cast<int>(Level::kGrid)].path, Sample("grids.shp"));
  EXPECT_TRUE(s->levels[static_cast<int>(Level::kCommunity)].path.empty());
  auto set = LoadGridSet(*s);
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(set->LevelCount(Level::kGrid), 79u);
  EXPECT_EQ(set->reports[static_cast<int>(Level::kGrid)].label, "grids");
}

TEST(ResolveGridSource, MissingPathSaysWhatToGive) {
  auto s = ResolveGridSource("/no/such/county.shp");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_HAS(s.error().message, "/no/such/county.shp: no such file or directory");
  EXPECT_HAS(s.error().message, "give a grid-set file");
  EXPECT_EQ(s.error().message.find('\n'), std::string::npos);
}

TEST(ResolveGridSource, MissingLevelSourceNamesTheLevelAndTheFile) {
  TempDir dir;
  const std::string path =
      Write(dir, "set.json", R"({"levels": {"grid": {"source": "grids.shp"}}})");
  auto source = ResolveGridSource(path);
  ASSERT_TRUE(source.has_value()) << source.error().message;
  auto set = LoadGridSet(*source);
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().code, ErrorCode::kNotFound);
  EXPECT_HAS(set.error().message, (dir.path() / "grids.shp").string());
  EXPECT_HAS(set.error().message, "the grid level of " + path);
}

TEST(ResolveGridSource, PostgisWithNobodyListeningIsOneLine) {
  auto source = ResolveGridSource("PG:host=127.0.0.1 port=1 dbname=x connect_timeout=2");
  ASSERT_TRUE(source.has_value()) << source.error().message;
  EXPECT_TRUE(source->flat);
  auto set = LoadGridSet(*source);
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().code, ErrorCode::kUnreadable);
  EXPECT_HAS(set.error().message, "PG:host=127.0.0.1");
  EXPECT_HAS(set.error().message, "check that the server is running");
  EXPECT_EQ(set.error().message.find('\n'), std::string::npos) << set.error().message;
}

TEST(ResolveGridSource, PostgisPasswordIsNeverRepeated) {
  auto source = ResolveGridSource(
      "PG:host=127.0.0.1 port=1 dbname=x user=u password=s3cret connect_timeout=2");
  ASSERT_TRUE(source.has_value()) << source.error().message;
  auto set = LoadGridSet(*source);
  ASSERT_FALSE(set.has_value());
  EXPECT_EQ(set.error().message.find("s3cret"), std::string::npos) << set.error().message;
  EXPECT_HAS(set.error().message, "password=***");
}

TEST(LevelFromLayerName, ChineseAndEnglishNames) {
  EXPECT_EQ(LevelFromLayerName("社区边界"), Level::kCommunity);
  EXPECT_EQ(LevelFromLayerName("communities"), Level::kCommunity);
  EXPECT_EQ(LevelFromLayerName("网格"), Level::kGrid);
  EXPECT_EQ(LevelFromLayerName("Grids_2024"), Level::kGrid);
  EXPECT_EQ(LevelFromLayerName("小区"), Level::kCompound);
  EXPECT_EQ(LevelFromLayerName("compounds"), Level::kCompound);
  EXPECT_EQ(LevelFromLayerName("楼栋"), Level::kBuilding);
  EXPECT_EQ(LevelFromLayerName("buildings"), Level::kBuilding);
  EXPECT_EQ(LevelFromLayerName("610800_yulin_city"), Level::kCommunity);
}

}  // namespace
}  // namespace geo
