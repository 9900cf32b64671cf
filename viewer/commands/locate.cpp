// `gridops locate [LON LAT]`: which community / grid / compound holds a
// point; with no coordinates, `lon,lat` lines from stdin, one JSON object
// out per line, for bulk use.
//
// Bulk input is a stream: the index is built once, lines are parsed with
// std::from_chars as they arrive, transformed to display metres in batches
// (one PROJ call per batch), located with geo::PolygonIndex and written in
// large blocks, flushed whenever the input pauses, so a pipe from a live
// feed sees its answers without waiting for end of file.
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "geo/crs.hpp"
#include "geo/locate.hpp"
#include "geo/polygon_index.hpp"
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

// "lon,lat" or "lon lat" (also tab- or semicolon-separated, surrounding
// blanks and a trailing CR allowed); nullopt when it is not two finite
// numbers.
std::optional<std::pair<double, double>> ParseLine(std::string_view line) {
  const char* p = line.data();
  const char* const end = p + line.size();
  auto is_separator = [](char c) { return c == ' ' || c == ',' || c == '\t' || c == ';'; };
  auto number = [&](double& out) {
    if (p != end && *p == '+') ++p;
    const auto [next, ec] = std::from_chars(p, end, out);
    if (ec != std::errc()) return false;
    p = next;
    return true;
  };
  double lon = 0, lat = 0;
  while (p != end && (*p == ' ' || *p == '\t')) ++p;
  if (!number(lon)) return std::nullopt;
  while (p != end && is_separator(*p)) ++p;
  if (!number(lat)) return std::nullopt;
  while (p != end && (is_separator(*p) || *p == '\r')) ++p;
  if (p != end || !std::isfinite(lon) || !std::isfinite(lat)) return std::nullopt;
  return std::pair{lon, lat};
}

// A number as nlohmann::json writes it: shortest round trip, and ".0" on
// integral values so it stays a JSON float.
void AppendNumber(fmt::memory_buffer& out, double v) {
  const size_t before = out.size();
  fmt::format_to(std::back_inserter(out), "{}", v);
  const std::string_view written(out.data() + before, out.size() - before);
  if (written.find_first_of(".eE") == std::string_view::npos) {
    out.append(std::string_view(".0"));
  }
}

// Streams stdin lines through the index to stdout, one JSON object per line.
class BulkLocator {
 public:
  BulkLocator(const geo::GridSet& set, const geo::Transformer& to_display)
      : set_(set), to_display_(to_display), index_(geo::PolygonIndex::Build(set)) {
    // Each feature's JSON once: {"level":…,"code":…,"name":…}.
    fragment_.reserve(set.features.size());
    for (const geo::Feature& f : set.features) {
      fragment_.push_back(nlohmann::ordered_json{
          {"level", set.reports[static_cast<int>(f.level)].label},
          {"code", f.code},
          {"name", f.name}}.dump());
    }
  }

  // Returns the exit status: 0, or 1 if any line was not "lon,lat" or stdin
  // could not be read.
  int Run() {
    std::vector<char> buffer(1 << 20);
    size_t held = 0;  // bytes of an unfinished line at the buffer's start
    for (;;) {
      if (held == buffer.size()) buffer.resize(buffer.size() * 2);  // a very long line
      const ssize_t got = read(STDIN_FILENO, buffer.data() + held, buffer.size() - held);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        PrintError("gridops locate: cannot read stdin: {}", std::strerror(errno));
        Flush();
        return 1;
      }
      const size_t filled = held + static_cast<size_t>(got);
      const bool eof = got == 0;
      size_t line_start = 0;
      for (size_t i = held; i < filled; ++i) {
        if (buffer[i] != '\n') continue;
        Line(std::string_view(buffer.data() + line_start, i - line_start));
        line_start = i + 1;
      }
      if (eof && line_start < filled) {  // the last line has no newline
        Line(std::string_view(buffer.data() + line_start, filled - line_start));
        line_start = filled;
      }
      held = filled - line_start;
      std::memmove(buffer.data(), buffer.data() + line_start, held);
      // The input paused or ended: answer everything read so far.
      LocateBatch();
      Flush();
      if (eof) return status_;
    }
  }

 private:
  static constexpr size_t kBatch = 4096;

  // One input line: skipped, an error in place, or a point for the batch.
  void Line(std::string_view line) {
    ++line_number_;
    if (line.empty() || line[0] == '#') return;
    const auto point = ParseLine(line);
    if (!point) {
      // Answers stay in input order: the points before this line go first.
      LocateBatch();
      PrintError("gridops locate: stdin line {}: \"{}\" is not \"lon,lat\"", line_number_,
                 line.substr(0, 80));
      fmt::format_to(std::back_inserter(out_), "{{\"line\":{},\"error\":\"not lon,lat\"}}\n",
                     line_number_);
      status_ = 1;
      return;
    }
    lon_.push_back(point->first);
    lat_.push_back(point->second);
    if (lon_.size() == kBatch) LocateBatch();
  }

  void LocateBatch() {
    if (lon_.empty()) return;
    xs_.assign(lon_.begin(), lon_.end());
    ys_.assign(lat_.begin(), lat_.end());
    // Points PROJ cannot transform come back as HUGE_VAL and are held by no area.
    to_display_.Transform(xs_, ys_);
    for (size_t i = 0; i < lon_.size(); ++i) {
      out_.append(std::string_view("{\"lon\":"));
      AppendNumber(out_, lon_[i]);
      out_.append(std::string_view(",\"lat\":"));
      AppendNumber(out_, lat_[i]);
      out_.append(std::string_view(",\"levels\":["));
      const auto ids = index_.LocateAll({xs_[i], ys_[i]});
      bool first = true;
      for (const geo::FeatureId id : ids) {
        if (id == geo::kNoFeature) continue;
        if (!first) out_.push_back(',');
        out_.append(fragment_[id]);
        first = false;
      }
      out_.append(std::string_view("]}\n"));
    }
    lon_.clear();
    lat_.clear();
    if (out_.size() > (1 << 20)) Flush();
  }

  void Flush() {
    if (out_.size() > 0) std::fwrite(out_.data(), 1, out_.size(), stdout);
    std::fflush(stdout);
    out_.clear();
  }

  const geo::GridSet& set_;
  const geo::Transformer& to_display_;
  const geo::PolygonIndex index_;
  std::vector<std::string> fragment_;  // by FeatureId
  std::vector<double> lon_, lat_, xs_, ys_;
  fmt::memory_buffer out_;
  size_t line_number_ = 0;
  int status_ = 0;
};

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
      Print("{} {}: outside every area of {}", lon, lat,
            set->county_name.empty() ? set->county_code : set->county_name);
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
  return BulkLocator(*set, *to_display).Run();
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
