// Shared by the route files of the ingest API (server.cpp, server_live.cpp).
#pragma once

#include <nlohmann/json.hpp>

#include <charconv>
#include <optional>
#include <string>

#include "ops/http_server.hpp"
#include "ops/request_error.hpp"
#include "ops/server.hpp"

namespace ops::http {

inline constexpr const char* kJson = "application/json; charset=utf-8";

// Answers a refusal: Open311 paths in the spec's error form, others ours.
void SendError(Response& res, const RequestError& e, bool open311 = false);
void SendJson(Response& res, const nlohmann::json& body, int status = 200);

// The path's n-th capture as an id, or nullopt (then a 404 was sent).
std::optional<int64_t> PathId(const Request& req, Response& res, int n,
                              std::string_view what, bool open311 = false);

// Whether a write may proceed: the bearer token matches (else 401 sent),
// and the body is within `limit` bytes (else 413 sent).
bool Authorised(const Request& req, Response& res, const ServerOptions& o,
                bool open311 = false, size_t limit = 0);
// Whether a read may proceed: from loopback, or with the token.
bool MayRead(const Request& req, Response& res, const ServerOptions& o);

// Sends the outcome of a store command, or its refusal.
template <typename Make>
void Answer(Response& res, const Checked<Outcome>& out, Make&& body, int status = 200,
            bool open311 = false) {
  if (!out) return SendError(res, out.error(), open311);
  SendJson(res, body(*out), status);
}

// The incident `id` of the snapshot, or null after answering 404 naming it.
const Incident* IncidentOr404(const Snapshot& snap, int64_t id, Response& res);

void AddLiveRoutes(HttpServer& http, Store& store, const ServerOptions& options);
// What an incident's area covers (server_impact.cpp).
void AddImpactRoutes(HttpServer& http, Store& store, const ServerOptions& options);

}  // namespace ops::http
