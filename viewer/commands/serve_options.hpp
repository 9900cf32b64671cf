// The store and server flags `serve` and `view` share, and opening both.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/server.hpp"
#include "ops/store.hpp"

namespace viewer {

struct StoreFlags {
  std::string db;
  std::string listen = "127.0.0.1:8311";
  std::string token_file;  // default: `token` beside the database
  std::string sync = "full";
  double retention_days = 7;
};

void AddStoreFlags(CLI::App& cmd, StoreFlags& flags, bool db_required);

// The folder of a county's grid set (--grids; the sample county when empty),
// where organisation.json and sensors.json live.
std::filesystem::path CountyDataDirectory(const std::string& grids_arg);

// Opens the store at flags.db, creating it when missing and seeding a new
// one with organisation.json and sensors.json from beside the grid set.
// `grids` and `catalog` must outlive it.
std::expected<std::unique_ptr<ops::Store>, std::string> OpenCountyStore(
    const StoreFlags& flags, const std::string& grids_arg, const geo::GridSet& grids,
    const ops::Catalog& catalog);

// A store, its server bound and ready to Run(), and what to tell the user.
struct LiveService {
  ops::Catalog catalog;
  std::unique_ptr<ops::Store> store;
  std::unique_ptr<ops::Server> server;
  std::string url;
  std::string token_note;  // "token in /path/token (created)"
};

// `grids_arg` is the --grids flag, to find organisation.json and
// sensors.json beside the grid set. `grids` must outlive the service.
std::expected<std::unique_ptr<LiveService>, std::string> OpenStoreAndServer(
    const StoreFlags& flags, const std::string& grids_arg, const geo::GridSet& grids);

}  // namespace viewer
