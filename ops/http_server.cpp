// [SECTION] Request, response, decoding
// [SECTION] Routes and the server's state
// [SECTION] One connection
// [SECTION] Streams (Server-Sent Events)
// [SECTION] Server
#include "ops/http_server.hpp"

#include <fmt/format.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cassert>
#include <cctype>
#include <future>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace ops::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// ---------------------------------------------------------------------------
// [SECTION] Request, response, decoding

namespace {

bool SameLetters(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string Str(beast::string_view text) {
  return std::string(text.data(), text.size());
}

}  // namespace

std::string Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (SameLetters(key, name)) return value;
  }
  return {};
}

std::string Request::Param(const std::string& name) const {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

Later Response::Defer() {
  assert(later_ &&
         "Defer() is for kInline routes: a worker-thread handler answers before it returns");
  deferred_ = true;
  return later_;
}

std::string PercentDecode(std::string_view text, bool plus) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else if (c == '+' && plus) {
      out.push_back(' ');
    } else {
      out.push_back(c);  // a stray '%' stays as it is
    }
  }
  return out;
}

namespace {

void ParseQuery(std::string_view query, std::multimap<std::string, std::string>& params) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    params.emplace(
        PercentDecode(pair.substr(0, eq), true),
        eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1), true));
  }
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status < 400 ? "OK" : "Error";
  }
}

// The status line and headers, ending in the blank line.
std::string Head(const Response& res, std::string_view framing) {
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", res.status, Reason(res.status));
  if (!res.content_type.empty()) out += fmt::format("Content-Type: {}\r\n", res.content_type);
  for (const auto& [name, value] : res.headers) out += fmt::format("{}: {}\r\n", name, value);
  out += framing;
  out += "\r\n";
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Routes and the server's state

struct Route {
  std::string method;
  bool literal = true;
  std::regex regex;
  Handler handler;
  RunOn on = RunOn::kWorker;
};

bool IsLiteral(const std::string& pattern) {
  // '.' is left out: "/services.json" is meant literally, and a regex
  // pattern escapes its dots anyway.
  return pattern.find_first_of("()[]\\*+?|^$") == std::string::npos;
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(TransportOptions o)
      : options(o), workers(static_cast<size_t>(std::max(1, o.workers))) {}

  void Add(std::string method, std::string pattern, Handler handler, RunOn on) {
    Route route{method, IsLiteral(pattern), {}, std::move(handler), on};
    if (route.literal) {
      literal[method + ' ' + pattern] = routes.size();
    } else {
      route.regex = std::regex(pattern);
    }
    routes.push_back(std::move(route));
  }

  // The route for the request, filling its captures; null when none.
  const Route* Find(Request& req) const {
    const std::string& method = req.method == "HEAD" ? kGet : req.method;
    if (const auto it = literal.find(method + ' ' + req.path); it != literal.end()) {
      return &routes[it->second];
    }
    for (const Route& r : routes) {
      if (!r.literal && r.method == method && std::regex_match(req.path, req.matches, r.regex))
        return &r;
    }
    return nullptr;
  }

  void Error(Response& res, int status, std::string message) const {
    res = Response{};
    res.status = status;
    if (on_error) return on_error(res, status, std::move(message));
    res.SetContent(std::move(message) + "\n", "text/plain; charset=utf-8");
  }

  void Accept();

  // Runs `task` on the event loop. A commit group's answers arrive together
  // from the writer thread; they wake the loop once, not once each.
  void Later(std::function<void()> task) {
    bool first = false;
    {
      std::lock_guard lock(later_mutex);
      first = later.empty();
      later.push_back(std::move(task));
    }
    if (first) asio::post(io, [this] { RunLater(); });
  }
  void RunLater() {
    std::vector<std::function<void()>> tasks;
    {
      std::lock_guard lock(later_mutex);
      tasks.swap(later);
    }
    for (auto& task : tasks) task();
  }

  inline static const std::string kGet = "GET";
  TransportOptions options;
  // Declared first, destroyed last: connections' pending handlers (and with
  // them the connections) go when it does.
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  asio::thread_pool workers;
  std::unordered_map<std::string, size_t> literal;  // "GET /path" → routes index
  std::vector<Route> routes;
  std::function<void(Response&, int, std::string)> on_error;
  std::atomic<bool> stopping{false};
  std::mutex later_mutex;
  std::vector<std::function<void()>> later;
};

namespace {

// ---------------------------------------------------------------------------
// [SECTION] One connection
//
// Reads a request, runs its route (inline or on a worker), writes the answer,
// and reads the next while the client keeps the connection alive. All of its
// network operations run on the event loop; a worker only runs the handler.

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_addr_ = remote.address().to_string();
  }

  void Read() {
    parser_.emplace();
    parser_->body_limit(server_.options.max_body);
    parser_->header_limit(64 << 10);
    stream_.expires_after(std::chrono::seconds(server_.options.timeout_s));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

 private:
  using Fill = std::function<void(Response&)>;

  void OnHeader(beast::error_code ec) {
    if (ec) return Failed(ec);
    // curl and others wait for "100 Continue" before sending a large body.
    const auto& header = parser_->get();
    if (!parser_->is_done() && beast::iequals(header[bhttp::field::expect], "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue),
                        [self = shared_from_this()](beast::error_code ec, size_t) {
                          if (ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    if (parser_->is_done()) return OnRead({});
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void Failed(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return Refuse(413, fmt::format("the body is larger than this server takes ({} bytes at most)",
                                     server_.options.max_body));
    }
    if (ec == bhttp::error::header_limit) return Refuse(431, "the request's headers are too large");
    // A request that is not HTTP gets an answer; a client that went away or
    // fell silent does not.
    if (ec.category() == beast::http::make_error_code(bhttp::error::bad_method).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return Refuse(400, "the request is not HTTP/1.1: " + ec.message());
    }
    Close();
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Failed(ec);
    auto message = parser_->release();
    keep_alive_ = message.keep_alive();
    req_ = Request{};
    req_.method = Str(message.method_string());
    const std::string_view target(message.target().data(), message.target().size());
    const size_t question = target.find('?');
    req_.path = PercentDecode(target.substr(0, question), false);
    if (question != std::string_view::npos) ParseQuery(target.substr(question + 1), req_.params);
    req_.headers.reserve(8);
    for (const auto& field : message) {
      req_.headers.emplace_back(Str(field.name_string()), Str(field.value()));
    }
    req_.body = std::move(message.body());
    req_.remote_addr = remote_addr_;
    Dispatch();
  }

  void Dispatch() {
    ++serving_;
    head_only_ = req_.method == "HEAD";
    res_ = Response{};
    const Route* route = server_.Find(req_);
    if (!route) {
      server_.Error(res_, 404, fmt::format("no such endpoint: {} {}", req_.method, req_.path));
      return Write();
    }
    if (route->on == RunOn::kInline) {
      res_.later_ = [self = shared_from_this(), n = serving_](Fill fill) {
        self->server_.Later([self, n, fill = std::move(fill)] { self->Complete(n, fill); });
      };
      Invoke(*route);
      if (res_.deferred_) {
        awaiting_ = true;
        return;
      }
      return Write();
    }
    asio::post(server_.workers, [self = shared_from_this(), route] {
      self->Invoke(*route);
      if (self->res_.stream) return self->Stream();
      asio::post(self->stream_.get_executor(), [self] { self->Write(); });
    });
  }

  void Invoke(const Route& route) {
    try {
      route.handler(req_, res_);
    } catch (const std::exception& e) {
      server_.Error(res_, 500, fmt::format("internal error: {}", e.what()));
    } catch (...) {
      server_.Error(res_, 500, "internal error");
    }
  }

  // A deferred answer arrives; `n` tells a stale one (its request already
  // answered, e.g. after the handler threw) from the current.
  void Complete(uint64_t n, const Fill& fill) {
    if (n != serving_ || !awaiting_) return;
    awaiting_ = false;
    try {
      fill(res_);
    } catch (const std::exception& e) {
      server_.Error(res_, 500, fmt::format("internal error: {}", e.what()));
    }
    Write();
  }

  void Write() {
    std::string framing = fmt::format("Content-Length: {}\r\n", res_.body.size());
    framing += keep_alive_ ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    out_ = Head(res_, framing);
    if (!head_only_) out_ += res_.body;
    stream_.expires_after(std::chrono::seconds(server_.options.timeout_s));
    asio::async_write(stream_, asio::buffer(out_),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec || !self->keep_alive_) return self->Close();
                        self->Read();
                      });
  }

  // Answers an unreadable request and closes: what follows it cannot be
  // trusted to start a new request.
  void Refuse(int status, std::string message) {
    keep_alive_ = false;
    head_only_ = false;
    server_.Error(res_, status, std::move(message));
    Write();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  // -------------------------------------------------------------------------
  // [SECTION] Streams (Server-Sent Events)
  //
  // The handler's producer runs on this worker thread and may block (it
  // waits for events); each piece is written by the event loop, the worker
  // waiting for it, so a slow client holds only its own worker.

  class ChunkSink : public StreamSink {
   public:
    explicit ChunkSink(Session& s) : session_(s) {}
    bool Write(std::string_view data) override {
      if (data.empty()) return ok_;
      return Raw(fmt::format("{:x}\r\n{}\r\n", data.size(), data));
    }
    bool Open() const override { return ok_ && !session_.server_.stopping; }
    bool Raw(std::string data) {
      if (ok_) ok_ = session_.WriteFromWorker(std::move(data));
      return ok_;
    }

   private:
    Session& session_;
    bool ok_ = true;
  };

  void Stream() {
    res_.headers.emplace_back("X-Accel-Buffering", "no");
    ChunkSink sink(*this);
    if (sink.Raw(Head(res_, "Transfer-Encoding: chunked\r\nConnection: close\r\n"))) {
      while (sink.Open()) {
        bool more = false;
        try {
          more = res_.stream(sink);
        } catch (const std::exception&) {
          more = false;
        }
        if (!more) break;
      }
      sink.Raw("0\r\n\r\n");
    }
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
  }

  bool WriteFromWorker(std::string data) {
    struct Pending {
      std::string data;
      std::promise<beast::error_code> done;
    };
    auto pending = std::make_shared<Pending>();
    pending->data = std::move(data);
    auto result = pending->done.get_future();
    asio::post(stream_.get_executor(), [self = shared_from_this(), pending] {
      self->stream_.expires_after(std::chrono::seconds(self->server_.options.timeout_s));
      asio::async_write(self->stream_, asio::buffer(pending->data),
                        [pending](beast::error_code ec, size_t) { pending->done.set_value(ec); });
    });
    // Once the server stops, the event loop runs no more: give up then.
    while (result.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
      if (server_.stopping) return false;
    }
    return !result.get();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request req_;
  Response res_;
  std::string out_;
  std::string remote_addr_;
  uint64_t serving_ = 0;   // requests read on this connection
  bool awaiting_ = false;  // a deferred answer is outstanding
  bool keep_alive_ = true;
  bool head_only_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Server

void HttpServer::Impl::Accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (stopping || !acceptor.is_open()) return;
    if (ec) {
      // Out of descriptors, say: try again shortly rather than spin.
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](beast::error_code) { Accept(); });
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);  // answers go out at once
    std::make_shared<Session>(std::move(socket), *this)->Read();
    Accept();
  });
}

HttpServer::HttpServer(TransportOptions options) : impl_(std::make_unique<Impl>(options)) {}

HttpServer::~HttpServer() {
  Stop();
  impl_->workers.join();
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

void HttpServer::Get(std::string pattern, Handler handler, RunOn on) {
  impl_->Add("GET", std::move(pattern), std::move(handler), on);
}
void HttpServer::Post(std::string pattern, Handler handler, RunOn on) {
  impl_->Add("POST", std::move(pattern), std::move(handler), on);
}
void HttpServer::Put(std::string pattern, Handler handler, RunOn on) {
  impl_->Add("PUT", std::move(pattern), std::move(handler), on);
}
void HttpServer::SetErrorHandler(std::function<void(Response&, int, std::string)> handler) {
  impl_->on_error = std::move(handler);
}

geo::Result<int> HttpServer::Bind(const std::string& host, int port) {
  beast::error_code ec;
  tcp::resolver resolver(impl_->io);
  const auto found = resolver.resolve(host, std::to_string(port), ec);
  if (ec || found.empty()) {
    return geo::Fail(geo::ErrorCode::kInvalidInput,
                     fmt::format("{}: not an address to listen on ({})", host, ec.message()));
  }
  const tcp::endpoint at = found.begin()->endpoint();
  tcp::acceptor& a = impl_->acceptor;
  a.open(at.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(at, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    a.close(ignored);
    return geo::Fail(geo::ErrorCode::kUnreadable,
                     fmt::format("cannot listen on {}:{}: {}", host, port, ec.message()));
  }
  return static_cast<int>(a.local_endpoint().port());
}

void HttpServer::Run() {
  if (!impl_->stopping) {
    impl_->Accept();
    impl_->io.run();
  }
  // The event loop has stopped: nothing else uses the acceptor now, and
  // closing it frees the port at once.
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

void HttpServer::Stop() {
  impl_->stopping = true;
  impl_->io.stop();
}

}  // namespace ops::http
