// A follower meets bad feeds: another county's server, no server at all,
// a URL it cannot use, and every kind of malformed stream; each is a
// sentence in its health, never a crash. And the SSE parser on its own.
//
// [SECTION] The SSE parser
// [SECTION] Faults: another county, no server, bad feeds
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "follower_fixture.hpp"
#include "ops/sse.hpp"

namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using test::Follow;
using test::FreePort;
using test::LiveServer;
using test::WaitFor;

// ---------------------------------------------------------------------------
// [SECTION] The SSE parser

std::vector<ops::SseEvent> ParseAll(const std::string& text, size_t piece, std::string* error,
                                    int* comments = nullptr) {
  ops::SseParser parser;
  std::vector<ops::SseEvent> out;
  for (size_t i = 0; i < text.size(); i += piece) {
    const bool go = parser.Feed(
        std::string_view(text).substr(i, piece),
        [&](const ops::SseEvent& e) {
          out.push_back(e);
          return true;
        },
        [&] {
          if (comments) ++*comments;
        });
    if (!go) break;
  }
  if (error) *error = parser.error();
  return out;
}

TEST(SseParser, EventsSurviveAnySplitAndEveryLineEnding) {
  const std::string text =
      ": idle\n\nid: 1\nevent: demand.received\ndata: {\"id\":1}\n\n"
      "id: 2\r\nevent: org.chief\r\ndata: {\"a\":\r\ndata: 2}\r\n\r\n"
      "id:3\revent:x\rdata:\r\r";
  for (size_t piece : {size_t{1}, size_t{2}, size_t{7}, text.size()}) {
    SCOPED_TRACE(piece);
    std::string error;
    int comments = 0;
    const auto events = ParseAll(text, piece, &error, &comments);
    EXPECT_EQ(error, "");
    EXPECT_EQ(comments, 1);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].id, "1");
    EXPECT_EQ(events[0].event, "demand.received");
    EXPECT_EQ(events[0].data, "{\"id\":1}");
    EXPECT_EQ(events[1].data, "{\"a\":\n2}");
    EXPECT_EQ(events[2].id, "3");
    EXPECT_EQ(events[2].event, "x");
    EXPECT_EQ(events[2].data, "");
  }
}

TEST(SseParser, AnHtmlPageIsNotAStream) {
  std::string error;
  const auto events = ParseAll("<!DOCTYPE html>\n<html>\n", 5, &error);
  EXPECT_TRUE(events.empty());
  EXPECT_NE(error.find("malformed stream line \"<!DOCTYPE html>\""), std::string::npos) << error;
}

// ---------------------------------------------------------------------------
// [SECTION] Faults: another county, no server, bad feeds

TEST(Follower, AnotherCountysServerIsRefusedForGood) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  LiveServer server(*store);
  const int port = server.Start(0);
  geo::GridSet elsewhere = test::SampleCounty();
  elsewhere.county_code = "610821";
  elsewhere.county_name = "神木市";
  auto f = Follow(fmt::format("http://127.0.0.1:{}", port), elsewhere);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->WaitCaughtUp(20s)) << "gives up at once";
  const ops::FollowerHealth h = f->Health();
  EXPECT_TRUE(h.fatal);
  EXPECT_FALSE(h.connected);
  EXPECT_NE(h.error.find("serves county 610822"), std::string::npos) << h.error;
  EXPECT_NE(h.error.find("loaded 610821 (神木市)"), std::string::npos) << h.error;
  EXPECT_EQ(f->Latest()->seq, 0);
}

TEST(Follower, AnUnreachableServerIsRetriedUntilItAnswers) {
  const int port = FreePort();
  auto f = Follow(fmt::format("http://127.0.0.1:{}", port));
  ASSERT_TRUE(f);
  EXPECT_TRUE(WaitFor([&] { return !f->Health().error.empty(); }));
  ops::FollowerHealth h = f->Health();
  EXPECT_FALSE(h.connected);
  EXPECT_FALSE(h.fatal);
  EXPECT_NE(h.error.find(fmt::format("cannot reach http://127.0.0.1:{}", port)), std::string::npos)
      << h.error;
  // The server comes up on that port later: the follower finds it.
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  LiveServer server(*store);
  ASSERT_EQ(server.Start(port), port);
  ASSERT_TRUE(WaitFor([&] {
    h = f->Health();
    return h.connected && h.caught_up;
  }));
  EXPECT_EQ(h.error, "");
  EXPECT_EQ(f->Latest()->seq, store->Latest()->seq);
}

TEST(Follower, StartRefusesAUrlItCannotUse) {
  for (const char* url : {"https://example.org", "127.0.0.1:8311", "http://"}) {
    auto f = ops::Follower::Start(url, test::SampleCounty(), test::SampleCatalog());
    ASSERT_FALSE(f) << url;
    EXPECT_NE(f.error().message.find("expected http://HOST:PORT"), std::string::npos);
  }
}

// A fake server: the county's snapshot head, and a stream answered with
// `status`, `type` and `body` (it then closes, and the follower reconnects).
class FakeServer {
 public:
  FakeServer(int status, std::string type, std::string body, int64_t seq = 1) {
    const std::string head =
        json{{"seq", seq}, {"county", {{"code", test::SampleCounty().county_code}}}}.dump();
    http_.Get("/api/v1/snapshot", [head](const httplib::Request&, httplib::Response& res) {
      res.set_content(head, "application/json");
    });
    http_.Get("/api/v1/stream", [=](const httplib::Request&, httplib::Response& res) {
      res.status = status;
      res.set_content(body, type.c_str());
    });
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
  }
  ~FakeServer() {
    http_.stop();
    thread_.join();
  }
  std::string url() const { return fmt::format("http://127.0.0.1:{}", port_); }

 private:
  httplib::Server http_;
  int port_ = 0;
  std::thread thread_;
};

TEST(Follower, EveryBadFeedIsASentenceNotACrash) {
  constexpr const char* kSse = "text/event-stream";
  const std::string good = "id: 1\nevent: test.unknown_kind\ndata: {}\n\n";
  struct Case {
    const char* what;
    int status;
    std::string type, body, expect;
  };
  const std::vector<Case> cases = {
      {"data not JSON", 200, kSse, "id: 1\nevent: org.chief\ndata: {not json\n\n",
       "event 1 (org.chief) carries data that is not JSON: {not json"},
      {"payload of the wrong shape", 200, kSse, "id: 1\nevent: incident.opened\ndata: [1,2]\n\n",
       "event 1 (incident.opened) cannot be read"},
      {"an id that is not a number", 200, kSse, "id: seven\nevent: x\ndata: {}\n\n",
       "an event with id \"seven\""},
      {"a malformed line", 200, kSse, good + "hello there\n\n", "malformed stream line \"hello"},
      {"not an event stream", 200, "text/html", "<html></html>",
       "answered 200 with no event stream: <html></html>"},
      {"an HTTP error", 503, "application/json", R"({"error":{"message":"shutting down"}})",
       "/api/v1/stream answered 503: {\"error\""},
      {"a new incident out of order", 200, kSse,
       R"(id: 1
event: incident.opened
data: {"incident": {"id": 5}}

)",
       "does not fit: incident 5 where ids run 1 … 1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    FakeServer fake(c.status, c.type, c.body);
    auto f = Follow(fake.url());
    ASSERT_TRUE(f);
    ASSERT_TRUE(WaitFor([&] { return f->Health().error.find(c.expect) != std::string::npos; }))
        << f->Health().error;
    EXPECT_FALSE(f->Health().fatal) << "a bad feed is retried: the server may be fixed";
  }
}

TEST(Follower, TheWallsBannerSaysWhatIsWrong) {
  const std::string url = "http://wall-feed:8311";
  ops::FollowerHealth h;
  h.connected = true;
  h.caught_up = true;
  h.last_contact_at = 1'000'000;
  EXPECT_FALSE(ops::FeedTroubleOf(h, url, 1'000'000 + 29'000)) << "a keep-alive came 29 s ago";
  ops::FeedTrouble t = ops::FeedTroubleOf(h, url, 1'000'000 + 45'000);
  EXPECT_EQ(t.kind, ops::FeedTrouble::kSilent);
  EXPECT_EQ(t.seconds, 45);
  EXPECT_EQ(t.url, url);
  h.caught_up = false;
  h.seq = 120;
  h.server_seq = 5000;
  t = ops::FeedTroubleOf(h, url, 1'000'000 + 1'000);
  EXPECT_EQ(t.kind, ops::FeedTrouble::kCatchingUp);
  EXPECT_EQ(t.seq, 120);
  EXPECT_EQ(t.server_seq, 5000);
  h.connected = false;
  EXPECT_EQ(ops::FeedTroubleOf(h, url, 1'000'000).kind, ops::FeedTrouble::kConnecting)
      << "nothing has failed yet";
  h.error = "cannot reach http://wall-feed:8311: Connection error";
  t = ops::FeedTroubleOf(h, url, 1'000'000 + 42'000);
  EXPECT_EQ(t.kind, ops::FeedTrouble::kDown);
  EXPECT_EQ(t.seconds, 42) << "since the server was last heard";
  EXPECT_EQ(t.detail, h.error);
  h.fatal = true;
  h.error = "another county";
  t = ops::FeedTroubleOf(h, url, 1'000'000);
  EXPECT_EQ(t.kind, ops::FeedTrouble::kGivenUp);
  EXPECT_EQ(t.detail, "another county");
}

TEST(Follower, AJumpInTheStreamRebuildsFromTheStart) {
  // Events 1 and 3: event 2 is missing. The follower must not apply 3 on top.
  FakeServer fake(200, "text/event-stream",
                  "id: 1\nevent: test.a\ndata: {}\n\nid: 3\nevent: test.b\ndata: {}\n\n", 3);
  auto f = Follow(fake.url());
  ASSERT_TRUE(f);
  ASSERT_TRUE(WaitFor([&] { return f->Health().rebuilds >= 1; }));
  const ops::FollowerHealth h = f->Health();
  EXPECT_NE(h.error.find("jumped from event 1 to 3"), std::string::npos) << h.error;
  EXPECT_EQ(f->Latest()->seq, 0) << "nothing half-built is shown";
}

TEST(Follower, StopsPromptlyWhileStreaming) {
  test::TempDir dir;
  auto store = test::OpenSampleStore(dir.path() / "county.db");
  ASSERT_TRUE(store);
  LiveServer server(*store);
  const int port = server.Start(0);
  auto f = Follow(fmt::format("http://127.0.0.1:{}", port));
  ASSERT_TRUE(f && f->WaitCaughtUp(20s));
  f.reset();  // must return: the destructor interrupts the open stream
  SUCCEED();
}

}  // namespace
