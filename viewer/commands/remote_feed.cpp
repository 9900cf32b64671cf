#include "viewer/commands/remote_feed.hpp"

#include <fmt/format.h>

#include "ops/http_sink.hpp"
#include "viewer/commands/grid_options.hpp"
#include "viewer/wall_model.hpp"

namespace viewer {

std::expected<std::unique_ptr<RemoteFeed>, std::string> RemoteFeed::Start(
    const std::string& url, const std::string& grids, const std::string& source_crs,
    const std::string& encoding, std::chrono::milliseconds wait, std::string token) {
  std::unique_ptr<RemoteFeed> feed(new RemoteFeed());
  feed->token_ = std::move(token);
  auto set = LoadGrids(grids, source_crs, encoding);
  if (!set) return std::unexpected(set.error().message);
  feed->grids_ = std::move(*set);
  auto catalog = ops::LoadCatalog(ops::OpsDataDirectory());
  if (!catalog) return std::unexpected(catalog.error().message);
  feed->catalog_ = std::move(*catalog);
  auto follower = ops::Follower::Start(url, feed->grids_, feed->catalog_);
  if (!follower) return std::unexpected(fmt::format("--connect {}", follower.error().message));
  feed->follower_ = std::move(*follower);
  feed->follower_->WaitCaughtUp(wait);
  const ops::FollowerHealth h = feed->follower_->Health();
  if (h.fatal) return std::unexpected(fmt::format("--connect {}: {}", url, h.error));
  return feed;
}

LiveSource RemoteFeed::source() const {
  const ops::Follower* f = follower_.get();
  LiveSource s;
  s.catalog = &catalog_;
  s.latest = [f] { return f->Latest(); };
  s.timeline = [f](const std::string& entity) { return f->Timeline(entity); };
  s.readings = [f](const std::string& sensor, ops::TimeMs since) {
    return f->Readings(sensor, since, 2000);
  };
  // No store_path: time travel replays a store file, which lives on the server.
  s.problem = [f] {
    return FeedTroubleText(ops::FeedTroubleOf(f->Health(), f->url(), ops::NowMs()));
  };
  if (!token_.empty()) {
    s.commands = [url = f->url(), token = token_] {
      return std::make_unique<ops::HttpSink>(url, token);
    };
  }
  return s;
}

std::string RemoteFeed::description() const {
  const ops::FollowerHealth h = follower_->Health();
  const auto snapshot = follower_->Latest();
  if (!h.caught_up) {
    // One line for the terminal: the follower's sentence after the headline.
    std::string text =
        FeedTroubleText(ops::FeedTroubleOf(h, follower_->url(), ops::NowMs()), Language::kEnglish);
    if (const size_t why = text.find('\n'); why != std::string::npos) text.replace(why, 1, " · ");
    return text.empty() ? fmt::format("following {}", follower_->url()) : text;
  }
  return fmt::format("following {} · event {}: {} demands, {} open", follower_->url(),
                     snapshot->seq, snapshot->demands.size(), snapshot->kpis->county.open);
}

}  // namespace viewer
