// `gridops inspect SRC…`: what vector sources hold.
#include <memory>

#include "geo/inspect.hpp"
#include "viewer/commands/commands.hpp"
#include "viewer/print.hpp"

namespace viewer {

namespace {

struct InspectOptions {
  std::vector<std::string> sources;
  bool json = false;
  std::string encoding;
};

int RunInspect(const InspectOptions& o) {
  int status = 0;
  nlohmann::json all = nlohmann::json::array();
  for (const std::string& src : o.sources) {
    auto info = geo::Inspect(src, o.encoding);
    if (!info) {
      PrintError("gridops inspect: {}", info.error().message);
      status = 1;
      continue;
    }
    if (o.json) {
      all.push_back(geo::ToJson(*info));
    } else {
      Print("{}", geo::FormatText(*info));
    }
  }
  if (o.json && !all.empty()) Print("{}", (all.size() == 1 ? all[0] : all).dump(2));
  return status;
}

}  // namespace

Command AddInspectCommand(CLI::App& cli) {
  auto options = std::make_shared<InspectOptions>();
  CLI::App* cmd = cli.add_subcommand(
      "inspect", "print what vector sources hold: layers, counts, CRS, encoding, fields");
  cmd->add_option("SRC", options->sources, "a shapefile, GeoPackage, GeoJSON, zip, …")
      ->required();
  cmd->add_flag("--json", options->json, "print JSON: {\"layers\": [...]}");
  cmd->add_option("--encoding", options->encoding,
                  "the text encoding, overriding .cpg and DBF: GBK, UTF-8, ISO-8859-1, …");
  return {cmd, [options] { return RunInspect(*options); }};
}

}  // namespace viewer
