// What `gridops view` runs beside the window: the store, the same ingest API
// `gridops serve` answers, and (unless told otherwise) the simulator
// in-process, so the dashboard is alive on first start.
#pragma once

#include <atomic>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "geo/grid_set.hpp"
#include "viewer/commands/serve_options.hpp"
#include "viewer/dashboard.hpp"

namespace viewer {

struct LiveFeedOptions {
  std::string grids, source_crs, encoding;
  StoreFlags store;  // an empty db: a fresh store in a temporary folder
  bool simulate = true;
  uint64_t seed = 1;
  double rate = 40;  // demands per hour
};

class LiveFeed {
 public:
  static std::expected<std::unique_ptr<LiveFeed>, std::string> Start(const LiveFeedOptions& o);
  ~LiveFeed();
  // One line for the console: where the API answers and what feeds it.
  const std::string& description() const { return description_; }
  // The store's latest snapshot and the county's lists, for the window.
  LiveSource source() const;

 private:
  LiveFeed() = default;
  geo::GridSet grids_;
  std::unique_ptr<LiveService> service_;
  std::filesystem::path temp_dir_;
  std::thread server_thread_;
  std::thread simulator_thread_;
  std::atomic<bool> stop_{false};
  std::string description_;
};

}  // namespace viewer
