// What `gridops view --connect URL` and `gridops render --connect URL` show:
// the live county of a remote `gridops serve`, followed through its change
// stream (ops::Follower). No store is opened and no simulator runs here:
// every wall and desk following one server shows the same state.
#pragma once

#include <chrono>
#include <expected>
#include <memory>
#include <string>

#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/follower.hpp"
#include "viewer/dashboard.hpp"

namespace viewer {

class RemoteFeed {
 public:
  // Loads the county's grids (the flags') and catalog, starts following
  // `url`, and waits up to `wait` for the first catch-up. Fails on a URL it
  // cannot use or a server of another county; a server that does not
  // answer yet is not a failure (the follower keeps trying, the wall shows
  // a banner). With `token` (the server's bearer token) the desk's
  // coordination commands go to the server; without it the desk reads only.
  static std::expected<std::unique_ptr<RemoteFeed>, std::string> Start(
      const std::string& url, const std::string& grids, const std::string& source_crs,
      const std::string& encoding, std::chrono::milliseconds wait, std::string token = {});
  RemoteFeed(const RemoteFeed&) = delete;
  RemoteFeed& operator=(const RemoteFeed&) = delete;

  LiveSource source() const;
  const ops::Follower& follower() const { return *follower_; }
  // One line for the console: what is followed and how far it got.
  std::string description() const;

 private:
  RemoteFeed() = default;
  geo::GridSet grids_;
  ops::Catalog catalog_;
  std::string token_;
  std::unique_ptr<ops::Follower> follower_;  // last: stops before what it reads
};

}  // namespace viewer
