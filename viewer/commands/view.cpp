// `gridops view` and `gridops render`: the dashboard, in a window or headless.
#include <filesystem>
#include <memory>

#include "ops/server.hpp"
#include "viewer/app.hpp"
#include "viewer/commands/commands.hpp"
#include "viewer/commands/grid_options.hpp"
#include "viewer/commands/live_feed.hpp"
#include "viewer/commands/remote_feed.hpp"
#include "viewer/print.hpp"

namespace viewer {

namespace {

void AddFrameOptions(CLI::App& cmd, ViewOptions& o) {
  AddGridOptions(cmd, o.grids, o.source_crs, o.encoding);
  cmd.add_option("--width", o.width, "width in pixels")->check(CLI::Range(320, 16384));
  cmd.add_option("--height", o.height, "height in pixels")->check(CLI::Range(240, 16384));
  cmd.add_option("--select", o.select_code, "select and zoom to the area with this code "
                                            "(with --wall: start the tour at its community)");
  cmd.add_option("--lang", o.lang, "the language on screen: zh (Chinese) or en (English)")
      ->check(CLI::IsMember({"zh", "en"}))
      ->capture_default_str();
  cmd.add_flag("--wall", o.wall.enabled,
               "the command-centre wall: no controls, type for 5 m, a tour of the communities "
               "that jumps to new incidents, the event ticker and the clock");
  cmd.add_option("--dwell", o.wall.dwell_s, "with --wall: seconds on each stop of the tour")
      ->check(CLI::Range(1.0, 3600.0))
      ->capture_default_str();
}

}  // namespace

Command AddViewCommand(CLI::App& cli) {
  auto options = std::make_shared<ViewOptions>();
  auto feed = std::make_shared<LiveFeedOptions>();
  auto connect = std::make_shared<std::string>();
  CLI::App* cmd = cli.add_subcommand(
      "view", "open the dashboard window, with the ingest API and (by default) the simulator");
  AddFrameOptions(*cmd, *options);
  auto* monitor = cmd->add_option("--monitor", options->wall.monitor,
                                  "with --wall: fullscreen on this monitor (0: the primary)")
                      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--span", options->wall.span,
                "with --wall: one window spanning every monitor")
      ->excludes(monitor);
  AddStoreFlags(*cmd, feed->store, false);
  cmd->add_flag("!--no-simulate", feed->simulate, "do not run the built-in simulator");
  cmd->add_option("--seed", feed->seed, "the built-in simulator's seed")->capture_default_str();
  cmd->add_option("--connect", *connect,
                  "follow the `gridops serve` at this URL (http://HOST:8311) instead of running a "
                  "store here: several walls and desks, one state; with --token-file (the "
                  "server's token) this desk also opens and coordinates incidents there")
      ->excludes("--db");
  return {cmd, [options, feed, connect] {
            if (!connect->empty()) {
              // --token-file names the followed server's token: with it this
              // desk opens incidents, summons and records report-ins there;
              // without it the desk reads only.
              std::string token;
              const std::string& token_file = feed->store.token_file;
              if (!token_file.empty()) {
                if (!std::filesystem::exists(token_file)) {
                  PrintError("gridops view: --token-file {}: no such file (with --connect it is "
                             "the server's token file)",
                             token_file);
                  return 1;
                }
                bool created = false;
                auto loaded = ops::LoadOrCreateToken(token_file, created);
                if (!loaded) {
                  PrintError("gridops view: --token-file {}", loaded.error().message);
                  return 1;
                }
                token = std::move(*loaded);
              }
              // A display only: no store, no API, no simulator in this process.
              auto remote =
                  RemoteFeed::Start(*connect, options->grids, options->source_crs,
                                    options->encoding, std::chrono::seconds(10), std::move(token));
              if (!remote) {
                PrintError("gridops view: {}", remote.error());
                return 1;
              }
              Print("gridops view: {}", (*remote)->description());
              return RunView(*options, (*remote)->source());
            }
            feed->grids = options->grids;
            feed->source_crs = options->source_crs;
            feed->encoding = options->encoding;
            auto live = LiveFeed::Start(*feed);
            if (!live) {
              PrintError("gridops view: {}", live.error());
              return 1;
            }
            Print("gridops view: {}", (*live)->description());
            return RunView(*options, (*live)->source());
          }};
}

Command AddRenderCommand(CLI::App& cli) {
  auto options = std::make_shared<RenderOptions>();
  options->width = 1920;
  options->height = 1080;
  CLI::App* cmd =
      cli.add_subcommand("render", "draw one dashboard frame headless and write it as a PNG");
  AddFrameOptions(*cmd, *options);
  cmd->add_option("--out", options->out_png, "the PNG to write")->required();
  cmd->add_option("--frames", options->frames, "frames to time for the reported frame time")
      ->check(CLI::Range(1, 10000));
  auto* db = cmd->add_option("--db", options->db, "draw the live county of this store file");
  auto* sim = cmd->add_option("--simulate", options->simulate_hours,
                              "draw a county simulated for the last HOURS")
                  ->check(CLI::Range(0.01, 24.0 * 60));
  db->excludes(sim);
  auto* connect = cmd->add_option("--connect", options->connect,
                                  "draw the live county of the `gridops serve` at this URL, once "
                                  "caught up with it");
  connect->excludes(db)->excludes(sim);
  cmd->add_option("--seed", options->seed, "the simulation's seed")->capture_default_str();
  cmd->add_option("--incident", options->incident,
                  "open this incident's board (its id; a wrong one lists the store's incidents); "
                  "with --wall, show it as the wall shows a new incident");
  cmd->add_option("--at", options->at,
                  "draw the store as it was at this moment (ISO 8601 with a zone), replayed");
  cmd->add_option("--rate", options->rate, "simulated demands per hour, county-wide")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  // The wall's clock in a capture is the moment drawn, not the moment of
  // the capture: rendering the same store twice gives the same image.
  options->wall.clock_from_snapshot = true;
  return {cmd, [options] { return RunRender(*options); }};
}

}  // namespace viewer
