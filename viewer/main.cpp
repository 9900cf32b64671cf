// gridops: one binary, a subcommand per job. See README.md § CLI.
#include <CLI/CLI.hpp>

#include "geo/inspect.hpp"
#include "viewer/app.hpp"
#include "viewer/print.hpp"

namespace {

void AddFrameOptions(CLI::App& cmd, viewer::ViewOptions& o) {
  cmd.add_option("--grids", o.grids_dir,
                 "folder with communities.shp, grids.shp and compounds.shp "
                 "(default: the bundled sample county)");
  cmd.add_option("--width", o.width, "width in pixels")->check(CLI::Range(320, 16384));
  cmd.add_option("--height", o.height, "height in pixels")->check(CLI::Range(240, 16384));
  cmd.add_option("--select", o.select_code, "select and zoom to the area with this code");
}

int RunInspect(const std::vector<std::string>& sources, bool json) {
  int status = 0;
  nlohmann::json all = nlohmann::json::array();
  for (const std::string& src : sources) {
    auto info = geo::Inspect(src);
    if (!info) {
      viewer::PrintError("gridops inspect: {}", info.error().message);
      status = 1;
      continue;
    }
    if (json) {
      all.push_back(geo::ToJson(*info));
    } else {
      viewer::Print("{}", geo::FormatText(*info));
    }
  }
  if (json && !all.empty()) viewer::Print("{}", (all.size() == 1 ? all[0] : all).dump(2));
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gridops — real-time city operations for grid-based governance (网格化管理)"};
  app.require_subcommand(1);

  viewer::ViewOptions view;
  CLI::App* view_cmd = app.add_subcommand("view", "open the dashboard window");
  AddFrameOptions(*view_cmd, view);

  viewer::RenderOptions render;
  render.width = 1920;
  render.height = 1080;
  CLI::App* render_cmd =
      app.add_subcommand("render", "draw one dashboard frame headless and write it as a PNG");
  AddFrameOptions(*render_cmd, render);
  render_cmd->add_option("--out", render.out_png, "the PNG to write")->required();
  render_cmd->add_option("--frames", render.frames, "frames to time for the reported frame time")
      ->check(CLI::Range(1, 10000));

  std::vector<std::string> sources;
  bool json = false;
  CLI::App* inspect_cmd =
      app.add_subcommand("inspect", "print what vector sources hold: layers, counts, CRS, encoding");
  inspect_cmd->add_option("SRC", sources, "a shapefile, GeoPackage, GeoJSON, zip, …")
      ->required();
  inspect_cmd->add_flag("--json", json, "print JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*view_cmd) return viewer::RunView(view);
  if (*render_cmd) return viewer::RunRender(render);
  if (*inspect_cmd) return RunInspect(sources, json);
  return 1;
}
