// [SECTION] Token
// [SECTION] Shared helpers
// [SECTION] Server setup
// [SECTION] Demands: Open311 and the closed loop
#include "ops/server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "ops/api_json.hpp"
#include "ops/open311.hpp"
#include "ops/server_util.hpp"

namespace ops {

using http::Request;
using http::Response;
using nlohmann::json;

// ---------------------------------------------------------------------------
// [SECTION] Token

geo::Result<std::string> LoadOrCreateToken(const std::filesystem::path& path, bool& created) {
  created = false;
  std::ifstream in(path);
  if (in) {
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.size() < 16) {
      return geo::Fail(geo::ErrorCode::kInvalidInput,
                       fmt::format("{}: the token is shorter than 16 characters; delete the file "
                                   "to have a new one made",
                                   path.string()));
    }
    return token;
  }
  std::random_device rd;
  std::string token;
  for (int i = 0; i < 4; ++i) token += fmt::format("{:08x}", rd());
  // Owner-only from the first byte: create with 0600, never chmod later.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return geo::Fail(
        geo::ErrorCode::kUnreadable,
        fmt::format("{}: cannot create the token file: {}", path.string(), std::strerror(errno)));
  }
  const std::string line = token + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!ok)
    return geo::Fail(geo::ErrorCode::kUnreadable, path.string() + ": cannot write the token");
  created = true;
  return token;
}

// ---------------------------------------------------------------------------
// [SECTION] Shared helpers

namespace http {

void SendJson(Response& res, const json& body, int status) {
  res.status = status;
  res.SetContent(body.dump(-1, ' ', false, json::error_handler_t::replace), kJson);
}

void SendError(Response& res, const RequestError& e, bool open311) {
  SendJson(res, open311 ? Open311ErrorJson(e) : ErrorJson(e), e.status);
}

std::optional<int64_t> PathId(const Request& req, Response& res, int n, std::string_view what,
                              bool open311) {
  const std::string text = req.matches[n];
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 1) {
    SendError(res, {404, "id", fmt::format("{} {} does not exist", what, text)}, open311);
    return std::nullopt;
  }
  return id;
}

bool Authorised(const Request& req, Response& res, const ServerOptions& o, bool open311,
                size_t limit) {
  const std::string header = req.Header("Authorization");
  const std::string expected = "Bearer " + o.token;
  // Compare in constant time so the token cannot be guessed byte by byte.
  bool same = header.size() == expected.size();
  unsigned char diff = 0;
  for (size_t i = 0; same && i < header.size(); ++i) diff |= header[i] ^ expected[i];
  if (!same || diff) {
    SendError(
        res,
        {401, "Authorization",
         header.empty()
             ? fmt::format("Authorization: writes need 'Authorization: Bearer TOKEN'; "
                           "the token is in {}",
                           o.token_file)
             : fmt::format("Authorization: the bearer token is wrong; it is in {}", o.token_file)},
        open311);
    return false;
  }
  const size_t max = limit ? limit : o.max_body;
  if (req.body.size() > max) {
    SendError(
        res,
        {413, "",
         fmt::format("the body is {} bytes; this endpoint takes at most {}", req.body.size(), max)},
        open311);
    return false;
  }
  return true;
}

bool MayRead(const Request& req, Response& res, const ServerOptions& o) {
  if (req.remote_addr.starts_with("127.") || req.remote_addr == "::1" ||
      req.remote_addr == "::ffff:127.0.0.1") {
    return true;
  }
  return Authorised(req, res, o);
}

}  // namespace http

// ---------------------------------------------------------------------------
// [SECTION] Server setup

Server::Server(Store& store, ServerOptions options) : store_(store), options_(std::move(options)) {
  http_ = std::make_unique<http::HttpServer>(
      http::TransportOptions{.max_body = std::max(options_.max_body, options_.max_readings_body),
                             .timeout_s = options_.timeout_s,
                             .workers = options_.threads});
  http_->SetErrorHandler([](http::Response& res, int status, std::string message) {
    if (status == 404) message += "; docs/api.md lists the endpoints";
    http::SendJson(res, ErrorJson({status, "", message}), status);
  });
  Routes();
}

Server::~Server() {
  Stop();
}

geo::Result<int> Server::Bind() {
  auto port = http_->Bind(options_.host, options_.port);
  if (port) return port;
  return geo::Fail(geo::ErrorCode::kUnreadable,
                   fmt::format("cannot listen on {}:{} (is another gridops serving there?): {}",
                               options_.host, options_.port, port.error().message));
}

void Server::Run() {
  http_->Run();
}
void Server::Stop() {
  if (http_) http_->Stop();
}

// ---------------------------------------------------------------------------
// [SECTION] Demands: Open311 and the closed loop

void Server::Routes() {
  http::HttpServer& h = *http_;
  Store& store = store_;
  const ServerOptions& o = options_;

  h.Get(
      "/healthz",
      [&store](const Request&, Response& res) {
        const auto s = store.Latest();
        http::SendJson(res, {{"status", "ok"},
                             {"seq", s->seq},
                             {"now", FormatTime(s->now)},
                             {"demands", s->demands.size()},
                             {"sensors", s->sensors->size()},
                             {"incidents", s->incidents->size()}});
      },
      http::RunOn::kInline);

  h.Get("/open311/v2/services.json", [&](const Request& req, Response& res) {
    if (http::MayRead(req, res, o)) http::SendJson(res, ServicesJson(store.catalog()));
  });
  h.Get(R"(/open311/v2/services/([^/]+)\.json)", [&](const Request& req, Response& res) {
    if (!http::MayRead(req, res, o)) return;
    auto def = ServiceDefinitionJson(store.catalog(), std::string(req.matches[1]));
    if (!def) return http::SendError(res, def.error(), true);
    http::SendJson(res, *def);
  });

  // On the event loop: parsing and locating take microseconds, and the
  // answer goes out from the writer's commit (Response::Defer), so no
  // thread waits for the disk.
  h.Post(
      "/open311/v2/requests.json",
      [&](const Request& req, Response& res) {
        if (!http::Authorised(req, res, o, true)) return;
        auto input = ParseRequestPost(req.Header("Content-Type"), req.body, store.catalog());
        if (!input) return http::SendError(res, input.error(), true);
        store.PostDemand(*input, [later = res.Defer()](Checked<Outcome> out) {
          later([out = std::move(out)](Response& res) {
            http::Answer(
                res, out,
                [](const Outcome& o) {
                  return json::array({{{"service_request_id", std::to_string(o.id)},
                                       {"service_notice", o.notice}}});
                },
                201, true);
          });
        });
      },
      http::RunOn::kInline);

  h.Get("/open311/v2/requests.json", [&](const Request& req, Response& res) {
    if (!http::MayRead(req, res, o)) return;
    auto query = ParseRequestQuery(req.params);
    if (!query) return http::SendError(res, query.error(), true);
    const auto snap = store.Latest();
    json out = json::array();
    auto add = [&](const Demand& d) {
      if (out.size() < query->limit && Matches(*query, d, store.grids())) {
        out.push_back(RequestJson(d, store.catalog(), store.grids(), snap->now));
      }
    };
    if (!query->ids.empty()) {
      for (int64_t id : query->ids) {
        if (const Demand* d = snap->demands.Find(id)) add(*d);
      }
    } else {
      // Newest first, as a supervisor reads them.
      for (int64_t id = static_cast<int64_t>(snap->demands.size()); id >= 1; --id) {
        if (out.size() >= query->limit) break;
        add(*snap->demands.Find(id));
      }
    }
    http::SendJson(res, out);
  });

  h.Get(R"(/open311/v2/requests/([^/]+)\.json)", [&](const Request& req, Response& res) {
    if (!http::MayRead(req, res, o)) return;
    auto id = http::PathId(req, res, 1, "service request", true);
    if (!id) return;
    const auto snap = store.Latest();
    const Demand* d = snap->demands.Find(*id);
    if (!d) {
      return http::SendError(
          res, {404, "service_request_id", fmt::format("service request {} does not exist", *id)},
          true);
    }
    http::SendJson(res, json::array({RequestJson(*d, store.catalog(), store.grids(), snap->now)}));
  });

  h.Post(R"(/api/v1/demands/([^/]+)/transition)", [&](const Request& req, Response& res) {
    if (!http::Authorised(req, res, o)) return;
    auto id = http::PathId(req, res, 1, "demand");
    if (!id) return;
    auto move = ParseTransition(req.body);
    if (!move) return http::SendError(res, move.error());
    http::Answer(res, store.Transition(*id, *move), [&](const Outcome& out) {
      return json{{"id", out.id}, {"stage", StageName(move->to)}, {"seq", out.seq}};
    });
  });

  h.Get(R"(/api/v1/demands/([^/]+))", [&](const Request& req, Response& res) {
    if (!http::MayRead(req, res, o)) return;
    auto id = http::PathId(req, res, 1, "demand");
    if (!id) return;
    const auto snap = store.Latest();
    const Demand* d = snap->demands.Find(*id);
    if (!d) return http::SendError(res, {404, "id", fmt::format("demand {} does not exist", *id)});
    json body = DemandJson(*d, store.catalog(), store.grids(), snap->now);
    json timeline = json::array();
    for (const auto& e : store.Timeline(fmt::format("demand/{}", *id))) {
      json payload = json::parse(e.payload, nullptr, false);
      timeline.push_back(
          {{"seq", e.seq},
           {"at", FormatTime(e.at)},
           {"event", e.kind},
           {"actor", e.actor},
           {"stage", e.kind == "demand.received" ? "received" : payload.value("to", "")},
           {"note", payload.is_object() ? payload.value("note", "") : ""},
           {"assignee", payload.is_object() ? payload.value("assignee", "") : ""},
           {"rework", payload.is_object() && payload.value("rework", false)}});
    }
    body["timeline"] = timeline;
    http::SendJson(res, body);
  });

  http::AddLiveRoutes(h, store, o);
  http::AddImpactRoutes(h, store, o);
}

}  // namespace ops
