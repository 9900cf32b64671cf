// A display that follows a remote `gridops serve` (several walls and desks,
// one truth). It keeps a LiveState of its own, fed by the server's change
// stream (GET /api/v1/stream, docs/api.md) through the same DecodeEvent and
// ApplyChange the store's writer and ops::Replay use, so a follower cannot
// drift from the server: after the same events its state is the server's.
// Readers get immutable snapshots exactly as from ops::Store.
//
// Bootstrap: the stream from seq 0 (the server serves its whole log). On a
// network fault it reconnects with backoff and resumes after the last event
// it applied; events it already has are skipped, a jump in seq (events
// missing) or a server whose log disagrees with what was applied (a
// different or restored store) makes it rebuild from seq 0, and the screen
// keeps the last good snapshot until the rebuild has caught up.
//
// What the event log does not carry the follower does not have: a sensor's
// last value moves with every reading, but only readings that change its
// state are events. Its readings and a demand's timeline are read over HTTP
// when a point's detail asks for them (Readings(), Timeline()).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "geo/error.hpp"
#include "geo/grid_set.hpp"
#include "geo/polygon_index.hpp"
#include "ops/catalog.hpp"
#include "ops/live_state.hpp"
#include "ops/locator.hpp"
#include "ops/store.hpp"
#include "ops/store_codec.hpp"

namespace httplib {
class Client;
}

namespace ops {

struct SseEvent;

struct FollowerOptions {
  // Waits between reconnection attempts: doubling from the first to the last.
  std::chrono::milliseconds first_backoff{200};
  std::chrono::milliseconds last_backoff{5000};
  // The server writes a keep-alive each second of silence, so a read that
  // waits this long means the link is dead (a cable pulled, a half-open TCP).
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds connect_timeout{3};
};

// How the feed is doing, for the wall's banner ("no news for 30 s",
// "server unreachable") and for tests.
struct FollowerHealth {
  bool connected = false;  // the stream is open
  bool caught_up = false;  // has applied all the server held when the stream opened
  bool fatal = false;      // gave up for good (another county): error says why
  int64_t seq = 0;         // the last event applied
  int64_t server_seq = 0;  // the server's seq when the stream last opened
  TimeMs last_event_at = 0;    // wall clock when an event was last applied; 0: never
  TimeMs last_contact_at = 0;  // wall clock when anything (events, keep-alives) last came
  std::string error;           // the last failure as a sentence; "" since a clean connect
  uint64_t events_applied = 0;      // events put into the state (a rebuild counts again)
  uint64_t duplicates_skipped = 0;  // events received again after a resume, not applied
  uint64_t connects = 0;            // streams opened
  uint64_t rebuilds = 0;            // restarts from seq 0 (a gap, another store)
};

// What is wrong with a followed feed, for the wall's banner; a display words
// it in its own language. `detail` is the follower's sentence of what last
// failed, as the HTTP library and the server said it.
struct FeedTrouble {
  enum Kind : uint8_t {
    kNone,        // live
    kConnecting,  // no stream yet, nothing failed yet
    kDown,        // no stream: the server unreachable, refusing, or its feed unreadable
    kGivenUp,     // for good: the server is another county's
    kSilent,      // a stream, but nothing at all on it for a while
    kCatchingUp,  // streaming, not yet at the server's last event
  };
  Kind kind = kNone;
  std::string url;
  int64_t seconds = 0;  // kDown, kSilent: since the server was last heard; 0: never heard
  int64_t seq = 0;      // kCatchingUp: applied so far, of …
  int64_t server_seq = 0;
  std::string detail;  // kDown, kGivenUp
  explicit operator bool() const { return kind != kNone; }
};

// The trouble with a followed feed at `now` (wall clock): given up,
// unreachable or refused (the last error), silent, nothing at all (not even
// a keep-alive, which the server sends each idle second) for `silent`, or
// still catching up; kNone while it is healthy.
FeedTrouble FeedTroubleOf(const FollowerHealth& health, const std::string& url, TimeMs now,
                          TimeMs silent = 30'000);

class Follower {
 public:
  // `base_url` is "http://HOST:PORT", optionally with a path prefix. Fails
  // only on a URL it cannot use; an unreachable server shows in Health()
  // and is retried. `grids` and `catalog` (the county loaded here) must
  // outlive the follower; the server's county must be the same.
  static geo::Result<std::unique_ptr<Follower>> Start(std::string base_url,
                                                      const geo::GridSet& grids,
                                                      const Catalog& catalog,
                                                      FollowerOptions options = {});
  ~Follower();  // stops the thread, closing the connection
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  // --- reads: any thread, never blocking the follower thread ----------------
  // The latest caught-up state (seq 0 and empty before the first catch-up).
  std::shared_ptr<const Snapshot> Latest() const;
  // Waits up to `timeout` for a published snapshot past `after`; true if one came.
  bool WaitForEvents(int64_t after, std::chrono::milliseconds timeout) const;
  // Waits up to `timeout` until caught up with the server (or given up).
  bool WaitCaughtUp(std::chrono::milliseconds timeout) const;
  FollowerHealth Health() const;
  const std::string& url() const { return base_url_; }
  const geo::GridSet& grids() const { return grids_; }
  const Catalog& catalog() const { return catalog_; }

  // Over HTTP, for a point's detail (blocking: call off the render thread).
  // Empty when the server cannot answer.
  std::vector<DemandTimelineEntry> Timeline(std::string_view entity) const;
  std::vector<Store::ReadingPoint> Readings(std::string_view sensor, TimeMs since,
                                            size_t limit) const;

 private:
  Follower(std::string base_url, const geo::GridSet& grids, const Catalog& catalog,
           FollowerOptions options);
  std::unique_ptr<httplib::Client> MakeClient() const;
  void Loop();
  // One connection: check the county, stream until it ends. True when it
  // ended through no fault of the data (so the backoff can start over).
  bool Session();
  bool CheckServer(httplib::Client& client);
  bool OnEvent(const SseEvent& event);
  void Rebuild(const std::string& why);
  void Publish(bool force);
  void Fail(std::string sentence, bool fatal = false);
  void Note(const std::function<void(FollowerHealth&)>& change);

  std::string base_url_;  // as given, without a trailing '/'
  std::string host_;      // "http://HOST:PORT"
  std::string prefix_;    // the path before /api/v1, "" or "/gridops"
  const geo::GridSet& grids_;
  const Catalog& catalog_;
  FollowerOptions options_;
  geo::PolygonIndex index_;
  Locator locator_;
  codec::CodeIndex codes_;

  // The follower thread's own: the state and where it stands in the log.
  std::unique_ptr<LiveState> state_;
  int64_t seq_ = 0;
  std::string last_kind_, last_data_;  // the event at seq_, to check a resume against
  bool verify_resume_ = false;         // the next event must be the one at seq_ again
  int64_t target_seq_ = 0;             // the server's seq when this stream opened
  bool dirty_ = false;                 // applied since the last publish
  bool whole_ = false;                 // caught up since the last rebuild: may publish
  bool session_failed_ = false;        // the data (not the network) ended this session
  std::chrono::steady_clock::time_point last_publish_{};

  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex client_mutex_;  // guards client_, which Stop() interrupts
  httplib::Client* client_ = nullptr;
  std::condition_variable stop_cv_;  // wakes a backoff wait (with client_mutex_)

  mutable std::mutex published_mutex_;
  mutable std::condition_variable published_cv_;
  std::shared_ptr<const Snapshot> latest_;
  FollowerHealth health_;
};

}  // namespace ops
