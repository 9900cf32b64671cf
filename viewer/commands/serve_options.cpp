#include "viewer/commands/serve_options.hpp"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>

#include "geo/grid_source.hpp"

namespace viewer {

namespace fs = std::filesystem;

void AddStoreFlags(CLI::App& cmd, StoreFlags& flags, bool db_required) {
  auto* db = cmd.add_option("--db", flags.db, "The SQLite store (created when missing)");
  if (db_required) db->required();
  cmd.add_option("--listen", flags.listen,
                 "HOST:PORT to answer on (loopback unless told otherwise)")
      ->capture_default_str();
  cmd.add_option("--token-file", flags.token_file,
                 "Bearer token for writes (default: `token` beside the store, created 0600)");
  cmd.add_option("--sync", flags.sync,
                 "full: every acknowledged event survives a power failure; normal (WAL): it "
                 "survives a crash, a power failure may lose the last commits")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  cmd.add_option("--retention-days", flags.retention_days,
                 "Raw sensor readings older than this are kept as hourly aggregates")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

fs::path CountyDataDirectory(const std::string& grids_arg) {
  fs::path dir = grids_arg.empty() ? fs::path(geo::SampleCountyDirectory()) : fs::path(grids_arg);
  if (!fs::is_directory(dir)) dir = dir.parent_path();
  return dir;
}

std::expected<std::unique_ptr<ops::Store>, std::string> OpenCountyStore(
    const StoreFlags& flags, const std::string& grids_arg, const geo::GridSet& grids,
    const ops::Catalog& catalog) {
  // Organisation and sensors seed a new store from beside the grid set.
  const fs::path county_dir = CountyDataDirectory(grids_arg);
  ops::StoreOptions so;
  so.path = flags.db;
  so.synchronous_full = flags.sync == "full";
  so.readings_retention = static_cast<ops::TimeMs>(flags.retention_days * ops::kDay);
  if (fs::exists(county_dir / "organisation.json"))
    so.organisation_file = county_dir / "organisation.json";
  if (fs::exists(county_dir / "sensors.json")) so.sensors_file = county_dir / "sensors.json";
  auto store = ops::Store::Open(so, grids, catalog);
  if (!store) return std::unexpected(store.error().message);
  return std::move(*store);
}

std::expected<std::unique_ptr<LiveService>, std::string> OpenStoreAndServer(
    const StoreFlags& flags, const std::string& grids_arg, const geo::GridSet& grids) {
  auto live = std::make_unique<LiveService>();
  auto catalog = ops::LoadCatalog(ops::OpsDataDirectory());
  if (!catalog) return std::unexpected(catalog.error().message);
  live->catalog = std::move(*catalog);

  const size_t colon = flags.listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    const std::string p = flags.listen.substr(colon + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size()) port = -1;
  }
  if (port < 0 || port > 65535 || colon == 0) {
    return std::unexpected(
        fmt::format("--listen {}: expected HOST:PORT, e.g. 127.0.0.1:8311", flags.listen));
  }

  auto store = OpenCountyStore(flags, grids_arg, grids, live->catalog);
  if (!store) return std::unexpected(store.error());
  live->store = std::move(*store);

  const fs::path token_path = flags.token_file.empty()
                                  ? fs::absolute(flags.db).parent_path() / "token"
                                  : fs::path(flags.token_file);
  bool created = false;
  auto token = ops::LoadOrCreateToken(token_path, created);
  if (!token) return std::unexpected(token.error().message);
  live->token_note = fmt::format("token in {}{}", token_path.string(), created ? " (created)" : "");

  ops::ServerOptions server;
  server.host = flags.listen.substr(0, colon);
  server.port = port;
  server.token = *token;
  server.token_file = token_path.string();
  live->server = std::make_unique<ops::Server>(*live->store, server);
  auto bound = live->server->Bind();
  if (!bound) return std::unexpected(bound.error().message);
  live->url = fmt::format("http://{}:{}", server.host, *bound);
  return live;
}

}  // namespace viewer
