// `gridops locate [LON LAT]`: which community / grid / compound holds a
// point; with no coordinates, `lon,lat` lines from stdin, one JSON object
// out per line, for bulk use.
#include <cmath>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "geo/crs.hpp"
#include "geo/locate.hpp"
#include "viewer/commands/commands.hpp"
#include "viewer/commands/grid_options.hpp"
#include "viewer/print.hpp"

namespace viewer {

namespace {

struct LocateOptions {
  std::string grids, source_crs, encoding;
  std::string input_crs = "EPSG:4326";
  std::vector<double> coordinates;
  bool json = false;
};

// The areas holding `p`, from the top level down.
nlohmann::ordered_json Levels(const geo::GridSet& set, geo::Meters p) {
  nlohmann::ordered_json levels = nlohmann::ordered_json::array();
  for (int l = 0; l < geo::kLevelCount; ++l) {
    const auto level = static_cast<geo::Level>(l);
    if (set.LevelCount(level) == 0) continue;
    const geo::FeatureId id = geo::FeatureAt(set, level, p);
    if (id == geo::kNoFeature) continue;
    levels.push_back({{"level", set.reports[l].label},
                      {"code", set.features[id].code},
                      {"name", set.features[id].name}});
  }
  return levels;
}

// "lon,lat" or "lon lat" (also tab-separated); nullopt when it is not two
// finite numbers.
std::optional<std::pair<double, double>> ParseLine(const std::string& line) {
  std::string s = line;
  for (char& c : s) {
    if (c == ',' || c == '\t' || c == ';') c = ' ';
  }
  char* end = nullptr;
  const double lon = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return std::nullopt;
  char* end2 = nullptr;
  const double lat = std::strtod(end, &end2);
  if (end2 == end) return std::nullopt;
  for (const char* rest = end2; *rest; ++rest) {
    if (*rest != ' ' && *rest != '\r') return std::nullopt;
  }
  if (!std::isfinite(lon) || !std::isfinite(lat)) return std::nullopt;
  return std::pair{lon, lat};
}

int RunLocate(const LocateOptions& o) {
  auto set = LoadGrids(o.grids, o.source_crs, o.encoding);
  if (!set) {
    PrintError("gridops locate: {}", set.error().message);
    return 1;
  }
  auto to_display = geo::Transformer::Create(o.input_crs, set->display_crs);
  if (!to_display) {
    PrintError("gridops locate: --input-crs: {}", to_display.error().message);
    return 1;
  }
  if (o.coordinates.size() == 2) {
    const double lon = o.coordinates[0], lat = o.coordinates[1];
    const nlohmann::ordered_json levels = Levels(*set, to_display->Forward(lon, lat));
    if (o.json) {
      Print("{}", nlohmann::ordered_json{{"lon", lon}, {"lat", lat}, {"levels", levels}}.dump());
    } else if (levels.empty()) {
      Print("{} {}: outside every area of {}", lon, lat, set->county_name.empty()
                                                            ? set->county_code
                                                            : set->county_name);
    } else {
      for (const auto& l : levels) {
        Print("{:<10} {:<18} {}", l["level"].get<std::string>(), l["code"].get<std::string>(),
              l["name"].get<std::string>());
      }
    }
    return 0;
  }
  if (!o.coordinates.empty()) {
    PrintError("gridops locate: give LON LAT (two numbers), or none to read lines from stdin");
    return 1;
  }
  int status = 0;
  std::string line;
  for (size_t n = 1; std::getline(std::cin, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const auto point = ParseLine(line);
    if (!point) {
      PrintError("gridops locate: stdin line {}: \"{}\" is not \"lon,lat\"", n,
                 line.substr(0, 80));
      Print("{}", nlohmann::ordered_json{{"line", n}, {"error", "not lon,lat"}}.dump());
      status = 1;
      continue;
    }
    const auto [lon, lat] = *point;
    Print("{}", nlohmann::ordered_json{{"lon", lon},
                               {"lat", lat},
                               {"levels", Levels(*set, to_display->Forward(lon, lat))}}
                    .dump());
  }
  return status;
}

}  // namespace

Command AddLocateCommand(CLI::App& cli) {
  auto o = std::make_shared<LocateOptions>();
  CLI::App* cmd = cli.add_subcommand(
      "locate", "which community, grid and compound hold a point (or stdin lines of lon,lat)");
  AddGridOptions(*cmd, o->grids, o->source_crs, o->encoding);
  cmd->add_option("--input-crs", o->input_crs,
                  "CRS of the points (default EPSG:4326, WGS 84 longitude/latitude)");
  cmd->add_option("LON_LAT", o->coordinates, "longitude and latitude")->expected(0, 2);
  cmd->add_flag("--json", o->json, "print JSON (always so for stdin)");
  return {cmd, [o] { return RunLocate(*o); }};
}

}  // namespace viewer
