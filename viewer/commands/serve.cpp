// `gridops serve`: the operations store and its ingest API, without a window.
// Opens (or creates) the SQLite store, rebuilds the live state from it, and
// answers on loopback until SIGINT/SIGTERM. Exit 0 after a clean stop, 1 when
// the grids, the store, the token or the address cannot be had.
#include <signal.h>

#include <filesystem>
#include <string>
#include <thread>

#include "ops/catalog.hpp"
#include "ops/server.hpp"
#include "ops/store.hpp"
#include "viewer/commands/commands.hpp"
#include "viewer/commands/grid_options.hpp"
#include "viewer/commands/serve_options.hpp"
#include "viewer/print.hpp"

namespace viewer {

namespace fs = std::filesystem;

namespace {

struct ServeOptions {
  std::string grids;
  std::string source_crs;
  std::string encoding;
  StoreFlags store;
};

int RunServe(const ServeOptions& o) {
  // Signals go to one waiting thread, not to whichever thread they hit.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto grids = LoadGrids(o.grids, o.source_crs, o.encoding);
  if (!grids) {
    PrintError("gridops serve: {}", grids.error().message);
    return 1;
  }
  auto opened = OpenStoreAndServer(o.store, o.grids, *grids);
  if (!opened) {
    PrintError("gridops serve: {}", opened.error());
    return 1;
  }
  LiveService& live = **opened;
  Print("gridops serve: {} on {} · store {} ({} events) · {}", grids->county_name, live.url,
        live.store->path().string(), live.store->Latest()->seq, live.token_note);
  Print("  sync {}; Ctrl-C stops", o.store.sync);
  std::thread waiter([&live, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    live.server->Stop();
  });
  live.server->Run();
  // Run returned on its own (not by a signal): wake the waiter to finish.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  Print("gridops serve: stopped at event {}", live.store->Latest()->seq);
  return 0;
}

}  // namespace

Command AddServeCommand(CLI::App& cli) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = cli.add_subcommand(
      "serve", "The operations store and its ingest API (Open311, CAP, readings) on loopback");
  AddGridOptions(*cmd, o->grids, o->source_crs, o->encoding);
  AddStoreFlags(*cmd, o->store, true);
  return {cmd, [o] { return RunServe(*o); }};
}

}  // namespace viewer
