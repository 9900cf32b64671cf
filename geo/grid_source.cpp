#include "geo/grid_source.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "geo/text_encoding.hpp"

namespace geo {

namespace fs = std::filesystem;

namespace {

const char* const kFieldKeys[] = {"code", "name", "parent", "population", "households"};

std::string* FieldSlot(FieldMap& m, std::string_view key) {
  if (key == "code") return &m.code;
  if (key == "name") return &m.name;
  if (key == "parent") return &m.parent;
  if (key == "population") return &m.population;
  if (key == "households") return &m.households;
  return nullptr;
}

// 1-based line of byte offset `at` in `text`.
size_t LineOf(const std::string& text, size_t at) {
  size_t line = 1;
  for (size_t i = 0; i < std::min(at, text.size()); ++i) line += text[i] == '\n';
  return line;
}

Result<std::string> StringAt(const nlohmann::json& obj, const char* key, const std::string& where) {
  if (!obj.contains(key)) return std::string();
  if (!obj[key].is_string()) {
    return Fail(ErrorCode::kInvalidInput, fmt::format("{}: \"{}\" must be a string", where, key));
  }
  return obj[key].get<std::string>();
}

Result<void> ReadLevel(const nlohmann::json& j, const fs::path& base, const std::string& where,
                       LevelSource& out) {
  if (!j.is_object()) {
    return Fail(ErrorCode::kInvalidInput, fmt::format("{} must be an object with \"source\"", where));
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "source" && key != "layer" && key != "fields") {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("{}: unknown key \"{}\" (expected source, layer, fields)", where, key));
    }
  }
  auto source = StringAt(j, "source", where);
  if (!source) return std::unexpected(source.error());
  if (source->empty()) {
    return Fail(ErrorCode::kInvalidInput, fmt::format("{}: \"source\" is missing", where));
  }
  // Relative paths are the file's own; connection strings and /vsi paths stay.
  const bool literal = source->starts_with("PG:") || source->starts_with("/vsi") ||
                       fs::path(*source).is_absolute();
  out.path = literal ? *source : (base / *source).lexically_normal().string();
  auto layer = StringAt(j, "layer", where);
  if (!layer) return std::unexpected(layer.error());
  out.layer = *layer;
  if (j.contains("fields")) {
    const auto& fields = j["fields"];
    if (!fields.is_object()) {
      return Fail(ErrorCode::kInvalidInput, fmt::format("{}: \"fields\" must be an object", where));
    }
    for (const auto& [key, value] : fields.items()) {
      std::string* slot = FieldSlot(out.fields, key);
      if (!slot) {
        return Fail(ErrorCode::kInvalidInput,
                    fmt::format("{}.fields: unknown key \"{}\" (expected code, name, parent, "
                                "population, households)",
                                where, key));
      }
      if (!value.is_string()) {
        return Fail(ErrorCode::kInvalidInput,
                    fmt::format("{}.fields.{} must be a field name", where, key));
      }
      *slot = value.get<std::string>();
    }
  }
  return {};
}

}  // namespace

Level LevelFromLayerName(std::string_view name) {
  const std::string n = Lower(name);
  const auto has = [&](std::string_view w) { return n.find(w) != std::string::npos; };
  if (has("build") || has("楼")) return Level::kBuilding;
  if (has("compound") || has("小区") || has("xq") || has("estate")) return Level::kCompound;
  if (has("grid") || has("网格") || has("wg")) return Level::kGrid;
  return Level::kCommunity;
}

Result<GridSource> ReadGridSetFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, fmt::format("{}: no such file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Fail(ErrorCode::kUnreadable,
                fmt::format("{}: line {}: not valid JSON ({})", path, LineOf(text, e.byte),
                            e.what()));
  }
  if (!j.is_object() || !j.contains("levels") || !j["levels"].is_object()) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("{}: a grid-set file needs an object \"levels\" mapping community, "
                            "grid, compound or building to a source",
                            path));
  }
  GridSource out;
  out.description = path;
  const fs::path base = fs::path(path).parent_path();
  for (const auto& [key, value] : j.items()) {
    if (key != "levels" && key != "county" && key != "source_crs" && key != "encoding" &&
        !key.starts_with("_")) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("{}: unknown key \"{}\" (expected county, levels, source_crs, "
                              "encoding)",
                              path, key));
    }
  }
  for (auto [key, slot] : {std::pair{"source_crs", &out.source_crs},
                           std::pair{"encoding", &out.encoding}}) {
    auto v = StringAt(j, key, path);
    if (!v) return std::unexpected(v.error());
    *slot = *v;
  }
  if (j.contains("county")) {
    const auto& c = j["county"];
    auto code = c.is_object() ? StringAt(c, "code", path + ": county") : std::string();
    auto name = c.is_object() ? StringAt(c, "name", path + ": county") : std::string();
    if (!c.is_object() || !code || !name) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("{}: \"county\" must be {{\"code\": \"610822\", \"name\": \"…\"}}",
                              path));
    }
    out.county_code = *code;
    out.county_name = *name;
  }
  bool any = false;
  for (const auto& [key, value] : j["levels"].items()) {
    int level = -1;
    for (int l = 0; l < kLevelCount; ++l) {
      if (key == kLevelNames[l]) level = l;
    }
    if (level < 0) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("{}: unknown level \"{}\" (expected community, grid, compound, "
                              "building)",
                              path, key));
    }
    if (auto ok = ReadLevel(value, base, fmt::format("{}: levels.{}", path, key),
                            out.levels[level]);
        !ok) {
      return std::unexpected(ok.error());
    }
    any = true;
  }
  if (!any) return Fail(ErrorCode::kInvalidInput, fmt::format("{}: \"levels\" is empty", path));
  return out;
}

GridSource GridSourceFromDirectory(const std::string& dir) {
  const fs::path d(dir);
  GridSource s;
  s.description = dir;
  s.levels[0].path = (d / "communities.shp").string();
  s.levels[1].path = (d / "grids.shp").string();
  s.levels[2].path = (d / "compounds.shp").string();
  std::error_code ec;
  if (fs::exists(d / "buildings.shp", ec)) s.levels[3].path = (d / "buildings.shp").string();
  return s;
}

std::string SampleCountyDirectory() {
  return (fs::path(GRIDOPS_SOURCE_DIR) / "data" / "sample-county").string();
}

Result<GridSource> ResolveGridSource(const std::string& path) {
  std::error_code ec;
  const bool literal = path.starts_with("PG:") || path.starts_with("/vsi");
  if (!literal && !fs::exists(path, ec)) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("{}: no such file or directory; give a grid-set file (.json), a folder "
                            "holding gridset.json or communities/grids/compounds.shp, or one vector "
                            "source (.shp, .zip, .gpkg, .geojson, .fgb, PG:…)",
                            path.empty() ? "(empty path)" : ToUtf8(path)));
  }
  const bool is_dir = fs::is_directory(path, ec);
  if (is_dir && fs::exists(fs::path(path) / "gridset.json", ec)) {
    return ReadGridSetFile((fs::path(path) / "gridset.json").string());
  }
  if (is_dir && fs::exists(fs::path(path) / "communities.shp", ec)) {
    return GridSourceFromDirectory(path);
  }
  if (EqualCi(fs::path(path).extension().string(), ".json") && fs::is_regular_file(path, ec)) {
    // A grid-set file has "levels"; any other JSON is a GeoJSON source.
    std::ifstream in(path, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    if (head.find("\"levels\"") != std::string::npos) return ReadGridSetFile(path);
  }
  GridSource s;
  s.flat = true;
  s.description = path;
  s.levels[static_cast<int>(LevelFromLayerName(fs::path(path).stem().string()))].path = path;
  return s;
}

}  // namespace geo
