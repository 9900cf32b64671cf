// The ingest API's HTTP/1.1 transport: Boost.Beast's parser over Boost.Asio,
// one event-loop thread for every connection, and a pool of worker threads
// for the routes that block (a large snapshot, a write waiting for its
// commit, a Server-Sent-Events stream).
//
// Why not a thread per connection (cpp-httplib, which served this API
// before): there each request cost a poll before every read and write and
// two thread hand-offs, about two thirds of an acknowledged demand's CPU on
// two cores (bench/README.md, "Transport"). Here a route marked kInline runs
// on the event loop and may answer later (Response::Defer) from the store's
// writer thread once its commit is done, so a demand costs one read, one
// write and one wake of the writer, shared by its commit group.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geo/error.hpp"

namespace ops::http {

struct Request {
  std::string method;                              // "GET", "POST", "PUT"; HEAD is routed as GET
  std::string path;                                // percent-decoded, without the query
  std::multimap<std::string, std::string> params;  // the decoded query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_addr;  // "127.0.0.1", "::1"
  std::smatch matches;      // the route pattern's captures over `path`

  // The header's value (names compare case-insensitively), or "".
  std::string Header(std::string_view name) const;
  bool HasParam(const std::string& name) const { return params.count(name) > 0; }
  // The first value of the query parameter, or "".
  std::string Param(const std::string& name) const;
};

// Where a streamed answer goes, one piece at a time.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // Sends `data` now; false when the client is gone or too slow, or the
  // server is stopping; the stream then ends.
  virtual bool Write(std::string_view data) = 0;
  // False once the server is stopping.
  virtual bool Open() const = 0;
};

struct Response;
// Completes a deferred answer from any thread: `fill` runs on the event
// loop, then the answer is sent. Call it exactly once.
using Later = std::function<void(std::function<void(Response&)> fill)>;

struct Response {
  int status = 200;
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  // A streamed answer (text/event-stream): called on a worker thread again
  // and again until it returns false or a write fails. Sent chunked.
  std::function<bool(StreamSink&)> stream;

  void SetContent(std::string content, std::string type) {
    body = std::move(content);
    content_type = std::move(type);
  }
  void SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  // Leaves the answer open past the handler's return; the handler passes
  // the result to whoever will complete it (the store's writer thread).
  Later Defer();

  // Set by the transport before the handler runs.
  Later later_;
  bool deferred_ = false;
};

using Handler = std::function<void(const Request&, Response&)>;

// Where a route's handler runs. kInline handlers run on the event loop and
// must not block: they answer at once or through Defer().
enum class RunOn { kWorker, kInline };

struct TransportOptions {
  size_t max_body = 16 << 20;  // bytes; a larger body is refused with 413
  int timeout_s = 10;          // idle keep-alive, read and write
  int workers = 64;            // threads for kWorker routes; SSE clients hold one each
};

class HttpServer {
 public:
  explicit HttpServer(TransportOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Patterns are whole paths; one with regex captures ("/x/([^/]+)") is
  // matched as a regex, after every literal one.
  void Get(std::string pattern, Handler handler, RunOn on = RunOn::kWorker);
  void Post(std::string pattern, Handler handler, RunOn on = RunOn::kWorker);
  void Put(std::string pattern, Handler handler, RunOn on = RunOn::kWorker);
  // Answers no route matched (404), and requests with an oversized body (413)
  // or that are not HTTP (400); `message` is what went wrong.
  void SetErrorHandler(std::function<void(Response&, int status, std::string message)> handler);

  // Binds `host:port` (0: any free port) and returns the port.
  geo::Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(), from another thread.
  void Run();
  void Stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// "%41b" → "Ab"; with `plus`, '+' is a space (query strings).
std::string PercentDecode(std::string_view text, bool plus);

}  // namespace ops::http
