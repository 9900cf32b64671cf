#include "ops/http_sink.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "ops/api_json.hpp"
#include "ops/open311.hpp"

namespace ops {

using nlohmann::json;

namespace {

// A server's answer quoted in a sentence: one line, cut short.
std::string Quote(std::string_view body) {
  std::string text(body.substr(0, 200));
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return body.size() > 200 ? text + "…" : text;
}

std::string TextOf(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// An id the server answered as a number or as digits in a string.
std::optional<int64_t> IdOf(const json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

RequestError Unexpected(int status, std::string_view body, std::string_view url) {
  return {status, "",
          fmt::format("{} answered {} with an unexpected body: {}", url, status, Quote(body))};
}

}  // namespace

RequestError DecodeErrorBody(int status, std::string_view body, std::string_view url) {
  const json doc = json::parse(body, nullptr, false);
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    const json& e = doc["error"];
    const int s =
        e.contains("status") && e["status"].is_number_integer() ? e["status"].get<int>() : status;
    return {s, TextOf(e, "field"), TextOf(e, "message")};
  }
  if (doc.is_array() && !doc.empty() && doc[0].is_object() && doc[0].contains("description")) {
    const json& e = doc[0];
    const int s =
        e.contains("code") && e["code"].is_number_integer() ? e["code"].get<int>() : status;
    return {s, TextOf(e, "field"), TextOf(e, "description")};
  }
  if (doc.is_object() && doc.contains("rejected") && doc["rejected"].is_array() &&
      !doc["rejected"].empty() && doc["rejected"][0].is_object()) {
    // Not one reading was accepted: the first reason stands for all.
    const json& first = doc["rejected"][0];
    return {status, TextOf(first, "field"),
            fmt::format("no reading accepted ({} refused); the first: {}", doc["rejected"].size(),
                        TextOf(first, "message"))};
  }
  return {status, "", fmt::format("{} answered {}: {}", url, status, Quote(body))};
}

HttpSink::HttpSink(std::string base_url, std::string token)
    : base_url_(std::move(base_url)), authorization_("Bearer " + std::move(token)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  constexpr std::string_view kScheme = "http://";
  if (!std::string_view(base_url_).starts_with(kScheme)) {
    url_error_ = "only http:// URLs are supported (the API listens on loopback without TLS)";
    return;
  }
  const size_t path = base_url_.find('/', kScheme.size());
  const std::string host_port = base_url_.substr(0, path);
  if (path != std::string::npos) prefix_ = base_url_.substr(path);
  try {
    client_ = std::make_unique<httplib::Client>(host_port);
  } catch (const std::exception& e) {
    url_error_ = e.what();
    return;
  }
  // A connection per request: a fresh loopback connection costs about
  // 0.1 ms, a day and a half of feed went through in half the time it took
  // on a kept-alive one, and a server answering without TCP_NODELAY cannot
  // stall every request on our delayed ACK (40 ms).
  client_->set_keep_alive(false);
  client_->set_tcp_nodelay(true);
  client_->set_connection_timeout(5, 0);
  // A big readings batch waits for its commit (fsync) on a busy store.
  client_->set_read_timeout(60, 0);
  client_->set_write_timeout(60, 0);
}

HttpSink::~HttpSink() = default;

Checked<std::string> HttpSink::Post(const std::string& path, const std::string& body) {
  if (!client_) return Refuse(0, "", fmt::format("cannot reach {}: {}", base_url_, url_error_));
  const httplib::Headers headers = {{"Authorization", authorization_}};
  auto answer = client_->Post((prefix_ + path).c_str(), headers, body, "application/json");
  if (!answer) {
    return Refuse(
        0, "",
        fmt::format("cannot reach {}: {} error{}", base_url_, httplib::to_string(answer.error()),
                    answer.error() == httplib::Error::Connection
                        ? " (is `gridops serve` running there?)"
                        : ""));
  }
  if (answer->status < 200 || answer->status > 299) {
    return std::unexpected(DecodeErrorBody(answer->status, answer->body, base_url_ + path));
  }
  return std::move(answer->body);
}

Checked<int64_t> HttpSink::PostDemand(const DemandInput& demand) {
  const std::string path = "/open311/v2/requests.json";
  auto body = Post(path, DumpJson(ToOpen311Json(demand)));
  if (!body) return std::unexpected(body.error());
  // [{"service_request_id": "7", "service_notice": "…"}]
  const json doc = json::parse(*body, nullptr, false);
  if (doc.is_array() && !doc.empty() && doc[0].is_object() &&
      doc[0].contains("service_request_id")) {
    if (const auto id = IdOf(doc[0]["service_request_id"])) return *id;
  }
  return std::unexpected(Unexpected(201, *body, base_url_ + path));
}

Checked<void> HttpSink::Transition(int64_t demand, const TransitionInput& move) {
  auto body = Post(fmt::format("/api/v1/demands/{}/transition", demand), DumpJson(ToJson(move)));
  if (!body) return std::unexpected(body.error());
  return {};
}

Checked<void> HttpSink::RegisterSensor(const SensorSpec& sensor) {
  auto body = Post("/api/v1/sensors", DumpJson(ToJson(sensor)));
  if (!body) return std::unexpected(body.error());
  return {};
}

Checked<size_t> HttpSink::PostReadings(std::span<const Reading> readings) {
  const std::string path = "/api/v1/readings";
  auto body = Post(path, DumpJson(ToJson(readings)));
  if (!body) return std::unexpected(body.error());
  // {"accepted": 998, "rejected": [...]}
  const json doc = json::parse(*body, nullptr, false);
  if (doc.is_object() && doc.contains("accepted") && doc["accepted"].is_number_unsigned()) {
    return doc["accepted"].get<size_t>();
  }
  return std::unexpected(Unexpected(200, *body, base_url_ + path));
}

Checked<int64_t> HttpSink::OpenIncident(const IncidentInput& incident) {
  const std::string path = "/api/v1/incidents";
  auto body = Post(path, DumpJson(ToJson(incident)));
  if (!body) return std::unexpected(body.error());
  // {"incident": 3, "seq": …}; "id" is accepted too.
  const json doc = json::parse(*body, nullptr, false);
  if (doc.is_object()) {
    for (const char* key : {"incident", "id"}) {
      if (!doc.contains(key)) continue;
      if (const auto id = IdOf(doc[key])) return *id;
    }
  }
  return std::unexpected(Unexpected(201, *body, base_url_ + path));
}

Checked<void> HttpSink::Summon(int64_t incident, std::span<const std::string> departments,
                               int report_in_minutes, const std::string& actor, TimeMs at) {
  SummonsInput in;
  in.departments.assign(departments.begin(), departments.end());
  in.report_in_minutes = report_in_minutes;
  in.actor = actor;
  in.at = at;
  auto body = Post(fmt::format("/api/v1/incidents/{}/summons", incident), DumpJson(ToJson(in)));
  if (!body) return std::unexpected(body.error());
  return {};
}

Checked<void> HttpSink::ReportIn(int64_t incident, const std::string& department,
                                 const std::string& actor, TimeMs at) {
  const ReportInInput in{department, actor, at};
  auto body = Post(fmt::format("/api/v1/incidents/{}/report-ins", incident), DumpJson(ToJson(in)));
  if (!body) return std::unexpected(body.error());
  return {};
}

Checked<void> HttpSink::SetIncidentStage(int64_t incident, IncidentStage stage,
                                         const std::string& actor, TimeMs at) {
  const IncidentStageInput in{stage, actor, at};
  auto body = Post(fmt::format("/api/v1/incidents/{}/stage", incident), DumpJson(ToJson(in)));
  if (!body) return std::unexpected(body.error());
  return {};
}

Checked<void> HttpSink::LogIncident(int64_t incident, const std::string& text,
                                    const std::string& actor, TimeMs at) {
  const TextInput in{text, actor, at};
  auto body =
      Post(fmt::format("/api/v1/incidents/{}/log", incident), DumpJson(ToJson(in, "text")));
  if (!body) return std::unexpected(body.error());
  return {};
}

Checked<void> HttpSink::CloseIncident(int64_t incident, const std::string& summary,
                                      const std::string& actor, TimeMs at) {
  const TextInput in{summary, actor, at};
  auto body =
      Post(fmt::format("/api/v1/incidents/{}/close", incident), DumpJson(ToJson(in, "summary")));
  if (!body) return std::unexpected(body.error());
  return {};
}

}  // namespace ops
