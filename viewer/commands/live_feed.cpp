#include "viewer/commands/live_feed.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <chrono>

#include "ops/simulator.hpp"
#include "ops/store_sink.hpp"
#include "viewer/commands/grid_options.hpp"

namespace viewer {

namespace fs = std::filesystem;

std::expected<std::unique_ptr<LiveFeed>, std::string> LiveFeed::Start(const LiveFeedOptions& o) {
  std::unique_ptr<LiveFeed> feed(new LiveFeed());
  auto grids = LoadGrids(o.grids, o.source_crs, o.encoding);
  if (!grids) return std::unexpected(grids.error().message);
  feed->grids_ = std::move(*grids);

  StoreFlags flags = o.store;
  if (flags.db.empty()) {
    std::string pattern = (fs::temp_directory_path() / "gridops-view-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      return std::unexpected("cannot make a temporary folder for the store");
    feed->temp_dir_ = pattern;
    flags.db = (feed->temp_dir_ / "county.db").string();
  }
  auto service = OpenStoreAndServer(flags, o.grids, feed->grids_);
  if (!service && service.error().starts_with("cannot listen")) {
    // Another gridops holds the port: answer on any free one instead.
    flags.listen = flags.listen.substr(0, flags.listen.rfind(':')) + ":0";
    if (!feed->temp_dir_.empty()) fs::remove_all(feed->temp_dir_ / "county.db");
    service = OpenStoreAndServer(flags, o.grids, feed->grids_);
  }
  if (!service) return std::unexpected(service.error());
  feed->service_ = std::move(*service);
  feed->server_thread_ = std::thread([f = feed.get()] { f->service_->server->Run(); });
  feed->description_ = fmt::format("API on {} · store {} · {}", feed->service_->url, flags.db,
                                   feed->service_->token_note);

  if (o.simulate) {
    std::vector<ops::SensorSpec> sensors;
    const fs::path sensors_file = CountyDataDirectory(o.grids) / "sensors.json";
    if (fs::exists(sensors_file)) {
      if (auto s = ops::LoadSensors(sensors_file)) sensors = std::move(*s);
    }
    // The last day is filled in at once, then the feed runs in real time.
    const ops::TimeMs now = ops::NowMs();
    auto sim = std::make_shared<ops::Simulator>(
        feed->grids_, feed->service_->catalog, std::move(sensors),
        ops::SimConfig{.seed = o.seed, .demands_per_hour = o.rate, .start = now - ops::kDay});
    feed->simulator_thread_ = std::thread([f = feed.get(), sim] {
      ops::StoreSink sink(*f->service_->store);
      while (!f->stop_) {
        sim->RunUntil(ops::NowMs(), sink);
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      }
    });
    feed->description_ += fmt::format(" · simulator seed {}, {} demands/h", o.seed, o.rate);
  }
  return feed;
}

LiveSource LiveFeed::source() const {
  LiveSource s = LiveSourceOf(service_->catalog, *service_->store);
  // The desk writes as the API does, through the store it serves.
  s.commands = [store = service_->store.get()] { return std::make_unique<ops::StoreSink>(*store); };
  return s;
}

LiveFeed::~LiveFeed() {
  stop_ = true;
  if (simulator_thread_.joinable()) simulator_thread_.join();
  if (service_) service_->server->Stop();
  if (server_thread_.joinable()) server_thread_.join();
  service_.reset();
  if (!temp_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
  }
}

}  // namespace viewer
