// `gridops check`: topology QA — gaps and overlaps between sibling areas and
// children outside their parent, as a table and, with --out, as GeoJSON.
// Exit 0 clean, 2 problems found, 1 error.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "geo/topology.hpp"
#include "viewer/commands/commands.hpp"
#include "viewer/commands/grid_options.hpp"
#include "viewer/print.hpp"

namespace viewer {

namespace {

struct CheckOptions {
  std::string grids;
  std::string source_crs;
  std::string encoding;
  double min_area_m2 = 1.0;
  std::string out_geojson;
};

constexpr std::array<const char*, geo::kLevelCount> kLevelPlurals = {"communities", "grids",
                                                                     "compounds", "buildings"};

// "14 communities, 79 grids, 241 compounds": the levels delivered.
std::string Counts(const geo::GridSet& set) {
  std::string out;
  for (int l = 0; l < geo::kLevelCount; ++l) {
    const size_t n = set.LevelCount(static_cast<geo::Level>(l));
    if (n == 0) continue;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, kLevelPlurals[l]);
  }
  return out;
}

// Widths in characters, not bytes: the header holds "m²".
size_t Width(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a continuation byte
  }));
}

void PrintTable(const std::vector<std::array<std::string, 5>>& rows) {
  std::array<size_t, 5> width{};
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], Width(row[c]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - Width(row[c]), ' ');
      const bool numeric = c == 3;  // area, right-aligned
      line += numeric ? pad + row[c] : row[c];
      if (c + 1 < row.size()) line += (numeric ? "" : pad) + "  ";
    }
    Print("{}", line);
  }
}

std::string Summary(const std::vector<geo::TopologyIssue>& issues) {
  std::array<size_t, 3> n{};
  for (const geo::TopologyIssue& i : issues) ++n[i.kind];
  const char* names[] = {"gap", "overlap", "outside its parent"};
  const char* plurals[] = {"gaps", "overlaps", "outside their parent"};
  std::string parts;
  for (int k = 0; k < 3; ++k) {
    if (n[k] == 0) continue;
    parts +=
        fmt::format("{}{} {}", parts.empty() ? "" : ", ", n[k], n[k] == 1 ? names[k] : plurals[k]);
  }
  return parts;
}

int RunCheck(const CheckOptions& o) {
  auto set = LoadGrids(o.grids, o.source_crs, o.encoding);
  if (!set) {
    PrintError("gridops check: {}", set.error().message);
    return 1;
  }
  for (const geo::LoadNote& note : set->notes) PrintError("note: {}", note.message);
  geo::TopologyOptions options;
  options.min_area_m2 = o.min_area_m2;
  auto issues = geo::CheckTopology(*set, options);
  if (!issues) {
    PrintError("gridops check: {}", issues.error().message);
    return 1;
  }
  if (!o.out_geojson.empty()) {
    auto json = geo::TopologyGeoJson(*issues, *set);
    if (!json) {
      PrintError("gridops check: {}", json.error().message);
      return 1;
    }
    std::ofstream file(o.out_geojson, std::ios::binary);
    file << json->dump() << '\n';
    if (!file.flush()) {
      PrintError("gridops check: cannot write {}: {}", o.out_geojson, std::strerror(errno));
      return 1;
    }
  }
  if (issues->empty()) {
    Print("clean: {}; no gap or overlap above {:g} m²", Counts(*set), o.min_area_m2);
    if (!o.out_geojson.empty()) Print("wrote {} (no features)", o.out_geojson);
    return 0;
  }
  auto to_lonlat = geo::Transformer::Create(set->display_crs, "EPSG:4490");
  if (!to_lonlat) {
    PrintError("gridops check: {}", to_lonlat.error().message);
    return 1;
  }
  std::vector<std::array<std::string, 5>> rows = {
      {"kind", "level", "codes", "area m²", "location (lon, lat)"}};
  for (const geo::TopologyIssue& i : *issues) {
    std::string codes;
    for (const std::string& c : i.codes) codes += (codes.empty() ? "" : " ") + c;
    const geo::Meters ll = to_lonlat->Forward(i.location.x, i.location.y);
    rows.push_back({geo::TopologyKindName(i.kind), geo::kLevelNames[static_cast<int>(i.level)],
                    codes, fmt::format("{:.2f}", i.area_m2),
                    fmt::format("{:.6f}, {:.6f}", ll.x, ll.y)});
  }
  PrintTable(rows);
  Print("{} problems above {:g} m² in {}: {}", issues->size(), o.min_area_m2, Counts(*set),
        Summary(*issues));
  if (!o.out_geojson.empty()) Print("wrote {}", o.out_geojson);
  return 2;
}

}  // namespace

Command AddCheckCommand(CLI::App& cli) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = cli.add_subcommand(
      "check",
      "topology QA: gaps and overlaps between sibling areas, and areas outside their parent "
      "(exit 0 clean, 2 problems found, 1 error)");
  AddGridOptions(*cmd, options->grids, options->source_crs, options->encoding);
  cmd->add_option("--min-area", options->min_area_m2,
                  "report only problems larger than this, in m² (default 1)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--out", options->out_geojson,
                  "also write the problems as GeoJSON (lon/lat, CGCS2000) for a GIS");
  return {cmd, [options] { return RunCheck(*options); }};
}

}  // namespace viewer
