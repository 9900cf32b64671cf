// The HTTP transport on a real loopback socket, as clients meet it: routes
// and their captures, decoding, answers deferred to another thread, keep-
// alive and pipelining, the refusals a broken client gets (413, 400, 500),
// HEAD, "Expect: 100-continue", chunked streams, and a stop that ends them.
#include "ops/http_server.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace {

using ops::http::HttpServer;
using ops::http::Request;
using ops::http::Response;
using ops::http::RunOn;
using ops::http::StreamSink;

// A server on a free loopback port, run by its own thread.
class Running {
 public:
  explicit Running(ops::http::TransportOptions o = {}) : server(o) {
    server.SetErrorHandler([](Response& res, int status, std::string message) {
      res.status = status;
      res.SetContent(fmt::format("{{\"error\":{},\"message\":\"{}\"}}", status, message),
                     "application/json");
    });
  }
  void Start() {
    auto bound = server.Bind("127.0.0.1", 0);
    ASSERT_TRUE(bound) << bound.error().message;
    port = *bound;
    thread = std::thread([this] { server.Run(); });
  }
  ~Running() {
    server.Stop();
    if (thread.joinable()) thread.join();
  }
  httplib::Client Client() const { return httplib::Client("127.0.0.1", port); }

  HttpServer server;
  int port = 0;
  std::thread thread;
};

// A raw connection, for what a well-behaved client library would never send.
class Raw {
 public:
  explicit Raw(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(static_cast<uint16_t>(port));
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&at), sizeof at) == 0;
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Raw() { ::close(fd_); }
  bool connected() const { return connected_; }
  void Send(const std::string& data) const {
    ASSERT_EQ(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(data.size()));
  }
  // Reads until `text` has arrived (or the peer closes, or 5 s pass).
  std::string ReadUntil(std::string_view text) {
    while (got_.find(text) == std::string::npos) {
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      got_.append(buffer, static_cast<size_t>(n));
    }
    return got_;
  }
  // Everything until the peer closes.
  std::string ReadAll() { return ReadUntil(std::string(1, '\0') + "never"); }

 private:
  int fd_;
  bool connected_ = false;
  std::string got_;
};

TEST(HttpServer, LiteralAndCapturedRoutesDecodedQueryAndJsonNotFound) {
  Running r;
  r.server.Get("/open311/v2/services.json",
               [](const Request&, Response& res) { res.SetContent("literal", "text/plain"); });
  r.server.Get(R"(/open311/v2/services/([^/]+)\.json)", [](const Request& req, Response& res) {
    res.SetContent("service " + std::string(req.matches[1]), "text/plain");
  });
  r.server.Get("/echo", [](const Request& req, Response& res) {
    res.SetContent(fmt::format("{}|{}|{}|{}", req.Param("name"), req.Param("x"),
                               req.HasParam("flag"), req.Header("x-Custom")),
                   "text/plain");
  });
  r.Start();
  auto c = r.Client();

  auto literal = c.Get("/open311/v2/services.json");
  ASSERT_TRUE(literal);
  EXPECT_EQ(literal->status, 200);
  EXPECT_EQ(literal->body, "literal") << "the dot of a literal route is not a wildcard";
  auto captured = c.Get("/open311/v2/services/S01.json");
  ASSERT_TRUE(captured);
  EXPECT_EQ(captured->body, "service S01");

  auto echo = c.Get("/echo?name=%E7%BD%91%E6%A0%BC&x=a%20b&flag", {{"X-Custom", "有"}});
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->body, "网格|a b|true|有");

  auto missing = c.Get("/open311/v2/services/a/b.json");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404) << "a capture never spans a '/'";
  EXPECT_NE(missing->body.find("no such endpoint: GET /open311/v2/services/a/b.json"),
            std::string::npos)
      << missing->body;
  auto wrong_method = c.Post("/echo", "x", "text/plain");
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 404);
}

TEST(HttpServer, DeferredAnswersComeFromAnotherThreadToTheRightClient) {
  Running r;
  std::mutex mutex;
  std::vector<std::pair<std::string, ops::http::Later>> waiting;
  r.server.Post(
      "/later",
      [&](const Request& req, Response& res) {
        std::lock_guard lock(mutex);
        waiting.emplace_back(req.body, res.Defer());
      },
      RunOn::kInline);
  std::atomic<bool> done{false};
  // Answers in batches from its own thread, as the store's writer does.
  std::thread answerer([&] {
    while (!done) {
      std::vector<std::pair<std::string, ops::http::Later>> batch;
      {
        std::lock_guard lock(mutex);
        batch.swap(waiting);
      }
      for (auto& [body, later] : batch) {
        later([body = body](Response& res) {
          res.status = 201;
          res.SetContent("got " + body, "text/plain");
        });
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  r.Start();

  constexpr int kClients = 8, kEach = 100;
  std::atomic<int> right{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      auto c = r.Client();
      c.set_keep_alive(true);
      for (int i = 0; i < kEach; ++i) {
        const std::string body = fmt::format("{}-{}", t, i);
        auto res = c.Post("/later", body, "text/plain");
        if (res && res->status == 201 && res->body == "got " + body) ++right;
      }
    });
  }
  for (auto& t : clients) t.join();
  done = true;
  answerer.join();
  EXPECT_EQ(right, kClients * kEach);
}

TEST(HttpServer, KeepAliveAndPipelinedRequestsAreAnsweredInOrder) {
  Running r;
  r.server.Get("/n/([0-9]+)", [](const Request& req, Response& res) {
    res.SetContent("n=" + std::string(req.matches[1]), "text/plain");
  });
  r.Start();
  Raw raw(r.port);
  ASSERT_TRUE(raw.connected());
  // Three requests in one write: answered one after another on one connection.
  raw.Send(
      "GET /n/1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /n/2 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /n/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string all = raw.ReadAll();
  const size_t one = all.find("n=1"), two = all.find("n=2"), three = all.find("n=3");
  ASSERT_NE(one, std::string::npos) << all;
  ASSERT_NE(two, std::string::npos) << all;
  ASSERT_NE(three, std::string::npos) << all;
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
  EXPECT_NE(all.find("Connection: close"), std::string::npos);
}

TEST(HttpServer, RefusesWhatItCannotTakeAndKeepsServing) {
  Running r(ops::http::TransportOptions{.max_body = 1024, .timeout_s = 5, .workers = 4});
  r.server.Post("/body", [](const Request& req, Response& res) {
    res.SetContent(std::to_string(req.body.size()), "text/plain");
  });
  r.server.Get("/throws",
               [](const Request&, Response&) { throw std::runtime_error("a bug in a handler"); });
  r.Start();
  auto c = r.Client();

  auto fits = c.Post("/body", std::string(1024, 'a'), "text/plain");
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->body, "1024");
  auto large = c.Post("/body", std::string(4096, 'a'), "text/plain");
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);
  EXPECT_NE(large->body.find("1024 bytes at most"), std::string::npos) << large->body;

  auto thrown = c.Get("/throws");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->status, 500);
  EXPECT_NE(thrown->body.find("a bug in a handler"), std::string::npos) << thrown->body;

  {
    Raw raw(r.port);
    raw.Send("HELLO THERE\r\n\r\n");
    const std::string answer = raw.ReadAll();
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 ")) << answer;
    EXPECT_NE(answer.find("not HTTP/1.1"), std::string::npos) << answer;
  }
  auto after = c.Post("/body", "still here", "text/plain");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, "10");
}

TEST(HttpServer, HeadAndExpectContinue) {
  Running r;
  r.server.Get("/page",
               [](const Request&, Response& res) { res.SetContent("0123456789", "text/plain"); });
  r.server.Post("/body", [](const Request& req, Response& res) {
    res.SetContent("took " + req.body, "text/plain");
  });
  r.Start();
  {
    Raw raw(r.port);
    raw.Send("HEAD /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string answer = raw.ReadAll();
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK\r\n")) << answer;
    EXPECT_NE(answer.find("Content-Length: 10\r\n"), std::string::npos) << answer;
    EXPECT_TRUE(answer.ends_with("\r\n\r\n")) << "HEAD has no body: " << answer;
  }
  {
    Raw raw(r.port);
    raw.Send(
        "POST /body HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
        "Expect: 100-continue\r\nConnection: close\r\n\r\n");
    EXPECT_NE(raw.ReadUntil("100 Continue\r\n\r\n").find("HTTP/1.1 100 Continue"),
              std::string::npos);
    raw.Send("hello");
    EXPECT_NE(raw.ReadAll().find("took hello"), std::string::npos);
  }
}

TEST(HttpServer, StreamsAreChunkedAndEndWhenTheServerStops) {
  auto r = std::make_unique<Running>();
  r->server.Get("/three", [](const Request&, Response& res) {
    auto n = std::make_shared<int>(0);
    res.content_type = "text/event-stream";
    res.stream = [n](StreamSink& sink) {
      if (++*n > 3) return false;
      return sink.Write(fmt::format("data: {}\n\n", *n));
    };
  });
  std::atomic<int> forever_started{0};
  r->server.Get("/forever", [&](const Request&, Response& res) {
    res.content_type = "text/event-stream";
    res.stream = [&](StreamSink& sink) {
      ++forever_started;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return sink.Write(": idle\n\n");
    };
  });
  r->Start();

  std::string got;
  auto c = r->Client();
  auto three = c.Get("/three", [&](const char* data, size_t n) {
    got.append(data, n);
    return true;
  });
  ASSERT_TRUE(three);
  EXPECT_EQ(three->get_header_value("Content-Type"), "text/event-stream");
  EXPECT_EQ(got, "data: 1\n\ndata: 2\n\ndata: 3\n\n") << "the chunks, whole and in order";

  std::thread follower([port = r->port] {
    httplib::Client f("127.0.0.1", port);
    f.set_read_timeout(10, 0);
    f.Get("/forever", [](const char*, size_t) { return true; });
  });
  while (forever_started < 3) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto before = std::chrono::steady_clock::now();
  r.reset();  // stops, ends the stream, joins its worker
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(5))
      << "a stop does not wait for a stream that never ends";
  follower.join();
}

TEST(HttpServer, AnAddressInUseIsNamed) {
  Running first;
  first.Start();
  HttpServer second({});
  auto bound = second.Bind("127.0.0.1", first.port);
  ASSERT_FALSE(bound);
  EXPECT_NE(bound.error().message.find(fmt::format("127.0.0.1:{}", first.port)), std::string::npos)
      << bound.error().message;
}

TEST(HttpServer, PercentDecoding) {
  EXPECT_EQ(ops::http::PercentDecode("a%20b+c", false), "a b+c");
  EXPECT_EQ(ops::http::PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(ops::http::PercentDecode("100%", true), "100%") << "a stray % stays";
  EXPECT_EQ(ops::http::PercentDecode("%zz%4", true), "%zz%4");
  EXPECT_EQ(ops::http::PercentDecode("%e7%bd%91", true), "网");
}

}  // namespace
