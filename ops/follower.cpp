// The follower thread: connect, check the county, stream, apply, publish;
// on any fault, say why in the health sentence and reconnect with backoff.
//
// [SECTION] Start and stop
// [SECTION] Reads
// [SECTION] The loop and one session
// [SECTION] Applying an event
#include "ops/follower.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "ops/sse.hpp"
#include "ops/store_writer.hpp"

namespace ops {

using nlohmann::json;

namespace {

// An answer quoted in a sentence: one line, cut short.
std::string Quote(std::string_view body) {
  constexpr size_t kMost = 200;
  std::string text(body.substr(0, kMost));
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return body.size() > kMost ? text + "…" : text;
}

// Why a request got no answer, in words a wall operator can act on.
std::string Unreachable(const std::string& url, httplib::Error error) {
  return fmt::format("cannot reach {}: {} error{}", url, httplib::to_string(error),
                     error == httplib::Error::Connection ? " (is `gridops serve` running there?)"
                                                         : "");
}

// Whether an event decoded from the stream fits the state it goes into:
// LiveState takes ids in order and asserts so (off in Release), and a
// server's stream is input like any other.
std::string Misfit(const EventChange& c, const LiveState& state) {
  using What = EventChange::What;
  if (c.what == What::kNewDemand && c.demand.id != static_cast<int64_t>(state.DemandCount()) + 1) {
    return fmt::format("a new demand with id {} where {} comes next", c.demand.id,
                       state.DemandCount() + 1);
  }
  if (c.what == What::kIncident &&
      (c.incident.id < 1 || c.incident.id > static_cast<int64_t>(state.IncidentCount()) + 1)) {
    return fmt::format("incident {} where ids run 1 … {}", c.incident.id,
                       state.IncidentCount() + 1);
  }
  return {};
}

}  // namespace

FeedTrouble FeedTroubleOf(const FollowerHealth& h, const std::string& url, TimeMs now,
                          TimeMs silent) {
  FeedTrouble t;
  t.url = url;
  const TimeMs quiet = h.last_contact_at > 0 ? now - h.last_contact_at : 0;
  if (h.fatal) {
    t.kind = FeedTrouble::kGivenUp;
    t.detail = h.error;
  } else if (!h.connected) {
    t.kind = h.error.empty() ? FeedTrouble::kConnecting : FeedTrouble::kDown;
    t.seconds = quiet / 1000;
    t.detail = h.error;
  } else if (quiet >= silent) {
    t.kind = FeedTrouble::kSilent;
    t.seconds = quiet / 1000;
  } else if (!h.caught_up) {
    t.kind = FeedTrouble::kCatchingUp;
    t.seq = h.seq;
    t.server_seq = h.server_seq;
  }
  return t;
}

// ---------------------------------------------------------------------------
// [SECTION] Start and stop

Follower::Follower(std::string base_url, const geo::GridSet& grids, const Catalog& catalog,
                   FollowerOptions options)
    : base_url_(std::move(base_url)),
      grids_(grids),
      catalog_(catalog),
      options_(options),
      index_(geo::PolygonIndex::Build(grids)),
      locator_(grids_, index_),
      codes_(grids),
      state_(std::make_unique<LiveState>(grids, catalog)) {}

geo::Result<std::unique_ptr<Follower>> Follower::Start(std::string base_url,
                                                       const geo::GridSet& grids,
                                                       const Catalog& catalog,
                                                       FollowerOptions options) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  constexpr std::string_view kScheme = "http://";
  const size_t path = base_url.find('/', kScheme.size());
  const std::string host = base_url.substr(0, path);
  if (!std::string_view(base_url).starts_with(kScheme) || host.size() == kScheme.size()) {
    return geo::Fail(geo::ErrorCode::kInvalidInput,
                     fmt::format("{}: expected http://HOST:PORT (the API of `gridops serve`; "
                                 "https is not supported)",
                                 base_url));
  }
  std::unique_ptr<Follower> f(new Follower(base_url, grids, catalog, options));
  f->host_ = host;
  if (path != std::string::npos) f->prefix_ = base_url.substr(path);
  {
    // Readers get a snapshot from the start: the county with nothing in it yet.
    auto first = f->state_->Publish(0);
    std::lock_guard lock(f->published_mutex_);
    f->latest_ = std::move(first);
  }
  f->last_publish_ = std::chrono::steady_clock::now();
  f->thread_ = std::thread([p = f.get()] { p->Loop(); });
  return f;
}

Follower::~Follower() {
  {
    std::lock_guard lock(client_mutex_);
    stopping_ = true;
    // Shuts the socket of a request in flight: a blocked read returns now.
    if (client_) client_->stop();
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::unique_ptr<httplib::Client> Follower::MakeClient() const {
  auto client = std::make_unique<httplib::Client>(host_);
  client->set_keep_alive(false);
  client->set_tcp_nodelay(true);
  client->set_connection_timeout(options_.connect_timeout);
  client->set_read_timeout(options_.read_timeout);
  client->set_write_timeout(options_.read_timeout);
  return client;
}

// ---------------------------------------------------------------------------
// [SECTION] Reads

std::shared_ptr<const Snapshot> Follower::Latest() const {
  std::lock_guard lock(published_mutex_);
  return latest_;
}

bool Follower::WaitForEvents(int64_t after, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(published_mutex_);
  return published_cv_.wait_for(lock, timeout, [&] { return latest_->seq > after; });
}

bool Follower::WaitCaughtUp(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(published_mutex_);
  return published_cv_.wait_for(lock, timeout, [&] {
    return health_.fatal || (health_.caught_up && latest_->seq == health_.seq);
  });
}

FollowerHealth Follower::Health() const {
  std::lock_guard lock(published_mutex_);
  return health_;
}

void Follower::Note(const std::function<void(FollowerHealth&)>& change) {
  {
    std::lock_guard lock(published_mutex_);
    change(health_);
  }
  published_cv_.notify_all();
}

void Follower::Fail(std::string sentence, bool fatal) {
  Note([&](FollowerHealth& h) {
    h.error = std::move(sentence);
    h.fatal = h.fatal || fatal;
  });
}

// Publishes what was applied, or (with nothing new) at least once a second
// so the snapshot's clock, and with it "overdue", keeps moving as on the
// server. Nothing is published while catching up: a wall shows the last
// whole state, not one half way through the log.
void Follower::Publish(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!whole_ || (!force && !dirty_ && now - last_publish_ < std::chrono::seconds(1))) return;
  last_publish_ = now;
  dirty_ = false;
  auto snapshot = state_->Publish(seq_);
  {
    std::lock_guard lock(published_mutex_);
    latest_ = std::move(snapshot);
  }
  published_cv_.notify_all();
}

// ---------------------------------------------------------------------------
// [SECTION] The loop and one session

void Follower::Loop() {
  auto backoff = options_.first_backoff;
  while (!stopping_) {
    const bool clean = Session();
    if (stopping_ || Health().fatal) break;
    if (clean) backoff = options_.first_backoff;
    // Wait in slices of at most a second, publishing between them.
    const auto until = std::chrono::steady_clock::now() + backoff;
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
      {
        std::unique_lock lock(client_mutex_);
        const auto slice = std::min<std::chrono::steady_clock::duration>(
            until - std::chrono::steady_clock::now(), std::chrono::seconds(1));
        stop_cv_.wait_for(lock, slice, [&] { return stopping_.load(); });
      }
      Publish(false);
    }
    backoff = std::min(backoff * 2, options_.last_backoff);
  }
}

// The server's snapshot head: its county must be ours, and its seq tells
// how far the stream must go before the state is whole (and whether the
// server's log is shorter than what was applied: another store).
bool Follower::CheckServer(httplib::Client& client) {
  const std::string url = base_url_ + "/api/v1/snapshot";
  auto answer = client.Get((prefix_ + "/api/v1/snapshot?limit=0").c_str());
  if (!answer) {
    Fail(Unreachable(base_url_, answer.error()));
    return false;
  }
  if (answer->status != 200) {
    Fail(fmt::format("{} answered {}: {}", url, answer->status, Quote(answer->body)));
    return false;
  }
  // Not const: operator[] on a missing key then reads null instead of
  // being undefined.
  json doc = json::parse(answer->body, nullptr, false);
  json* county = doc.is_object() && doc.contains("county") ? &doc["county"] : nullptr;
  if (!county || !county->is_object() || !(*county)["code"].is_string() ||
      !doc["seq"].is_number_integer()) {
    Fail(fmt::format("{} answered something that is not a gridops snapshot: {}", url,
                     Quote(answer->body)));
    return false;
  }
  const std::string code = (*county)["code"];
  if (code != grids_.county_code) {
    const std::string name = (*county).value("name", "");
    Fail(fmt::format("{} serves county {}{}, but this display loaded {}{}; give it the grids of "
                     "the server's county (--grids)",
                     base_url_, code, name.empty() ? "" : " (" + name + ")", grids_.county_code,
                     grids_.county_name.empty() ? "" : " (" + grids_.county_name + ")"),
         true);
    return false;
  }
  const int64_t server_seq = doc["seq"];
  if (server_seq < seq_) {
    Rebuild(fmt::format("{} holds events up to {}, fewer than the {} this display applied: "
                        "another or a restored store; rebuilding from its start",
                        base_url_, server_seq, seq_));
  }
  target_seq_ = server_seq;
  return true;
}

bool Follower::Session() {
  std::unique_ptr<httplib::Client> client = MakeClient();
  {
    std::lock_guard lock(client_mutex_);
    if (stopping_) return false;
    client_ = client.get();
  }
  struct Release {
    Follower& f;
    ~Release() {
      std::lock_guard lock(f.client_mutex_);
      f.client_ = nullptr;
    }
  } release{*this};
  session_failed_ = false;
  if (!CheckServer(*client)) return false;

  // Resume one event early: the event at seq_ must come again, identical,
  // which proves the server's log is the one this state was built from.
  verify_resume_ = seq_ > 0;
  const httplib::Headers headers = {{"Last-Event-ID", std::to_string(seq_ > 0 ? seq_ - 1 : 0)}};
  const std::string url = base_url_ + "/api/v1/stream";
  SseParser parser;
  bool opened = false;
  int status = 0;
  std::string refusal;  // the body of an answer that is not a stream
  auto result = client->Get(
      (prefix_ + "/api/v1/stream").c_str(), headers,
      [&](const httplib::Response& r) {
        status = r.status;
        opened = status == 200 && r.get_header_value("Content-Type").starts_with(
                                      "text/event-stream");
        if (opened) {
          if (seq_ >= target_seq_) {
            whole_ = true;
            Publish(true);
          }
          Note([&](FollowerHealth& h) {
            h.connected = true;
            h.error.clear();
            ++h.connects;
            h.server_seq = target_seq_;
            h.caught_up = seq_ >= target_seq_;
            h.last_contact_at = NowMs();
          });
        }
        return true;  // a refusal's body says why: read it too
      },
      [&](const char* data, size_t n) {
        if (stopping_) return false;
        if (!opened) {
          refusal.append(data, std::min<size_t>(n, 4096 - std::min<size_t>(refusal.size(), 4096)));
          return true;
        }
        Note([](FollowerHealth& h) { h.last_contact_at = NowMs(); });
        const bool go =
            parser.Feed(std::string_view(data, n), [this](const SseEvent& e) { return OnEvent(e); });
        if (!go && !parser.error().empty()) {
          Fail(fmt::format("{}: {}", url, parser.error()));
          session_failed_ = true;
        }
        Publish(false);
        return go;
      });
  Note([](FollowerHealth& h) {
    h.connected = false;
    h.caught_up = false;
  });
  if (stopping_) return false;
  if (!opened) {
    if (status == 0 && !result) {
      Fail(Unreachable(base_url_, result.error()));
    } else if (status == 200) {
      Fail(fmt::format("{} answered {} with no event stream: {}", url, status, Quote(refusal)));
    } else {
      Fail(fmt::format("{} answered {}: {}", url, status, Quote(refusal)));
    }
    return false;
  }
  if (session_failed_) return false;
  Fail(result ? fmt::format("{} closed the stream", url)
              : fmt::format("lost the stream from {}: {} error", url,
                            httplib::to_string(result.error())));
  return true;
}

// ---------------------------------------------------------------------------
// [SECTION] Applying an event

bool Follower::OnEvent(const SseEvent& e) {
  int64_t seq = 0;
  const auto [end, ec] = std::from_chars(e.id.data(), e.id.data() + e.id.size(), seq);
  if (e.id.empty() || ec != std::errc() || end != e.id.data() + e.id.size() || seq <= 0) {
    Fail(fmt::format("{}/api/v1/stream: an event with id \"{}\" ({}): expected a sequence number",
                     base_url_, Quote(e.id), e.event));
    session_failed_ = true;
    return false;
  }
  if (seq <= seq_) {
    if (verify_resume_ && seq == seq_) {
      verify_resume_ = false;
      if (e.event != last_kind_ || e.data != last_data_) {
        Rebuild(fmt::format("event {} from {} is not the one this display applied: the server "
                            "holds another store's log; rebuilding from its start",
                            seq, base_url_));
        session_failed_ = true;
        return false;
      }
    }
    Note([](FollowerHealth& h) { ++h.duplicates_skipped; });
    return true;
  }
  if (seq != seq_ + 1 || verify_resume_) {
    Rebuild(fmt::format("the stream from {} jumped from event {} to {}: events are missing; "
                        "rebuilding from the start",
                        base_url_, seq_, seq));
    session_failed_ = true;
    return false;
  }
  const json payload = json::parse(e.data, nullptr, false);
  if (payload.is_discarded()) {
    Fail(fmt::format("{}: event {} ({}) carries data that is not JSON: {}", base_url_, seq,
                     e.event, Quote(e.data)));
    session_failed_ = true;
    return false;
  }
  try {
    EventChange change = DecodeEvent(e.event, payload, *state_, codes_, locator_);
    if (const std::string misfit = Misfit(change, *state_); !misfit.empty()) {
      Fail(fmt::format("{}: event {} ({}) does not fit: {}", base_url_, seq, e.event, misfit));
      session_failed_ = true;
      return false;
    }
    ApplyChange(std::move(change), *state_);
  } catch (const std::exception& x) {
    // DecodeEvent only reads: the state is as before this event.
    Fail(fmt::format("{}: event {} ({}) cannot be read: {}", base_url_, seq, e.event, x.what()));
    session_failed_ = true;
    return false;
  }
  seq_ = seq;
  last_kind_ = e.event;
  last_data_ = e.data;
  dirty_ = true;
  whole_ = whole_ || seq_ >= target_seq_;
  Note([&](FollowerHealth& h) {
    ++h.events_applied;
    h.seq = seq_;
    h.last_event_at = NowMs();
    h.caught_up = seq_ >= target_seq_;
  });
  return true;
}

// Starts over from seq 0 on the next connection. The published snapshot
// stays until the new state has caught up.
void Follower::Rebuild(const std::string& why) {
  state_ = std::make_unique<LiveState>(grids_, catalog_);
  seq_ = 0;
  last_kind_.clear();
  last_data_.clear();
  verify_resume_ = false;
  dirty_ = false;
  whole_ = false;
  target_seq_ = 0;
  Note([&](FollowerHealth& h) {
    h.error = why;
    h.seq = 0;
    h.caught_up = false;
    ++h.rebuilds;
  });
}

}  // namespace ops
