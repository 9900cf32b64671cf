// What a follower reads over HTTP when a point's detail asks (the event log
// it follows does not hold readings, and a demand's timeline would cost
// every event's payload kept in memory): GET /api/v1/demands/{id} and
// GET /api/v1/sensors/{id}/readings, put back into the shapes ops::Store
// answers, so the viewer reads a follower and a store alike.
#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ops/follower.hpp"

namespace ops {

using nlohmann::json;

namespace {

// A path segment with everything but unreserved characters %-escaped.
std::string EscapeSegment(std::string_view text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// The body of a 200 answer as JSON; discarded otherwise.
json GetJson(httplib::Client& client, const std::string& path) {
  auto answer = client.Get(path.c_str());
  if (!answer || answer->status != 200) return json(json::value_t::discarded);
  return json::parse(answer->body, nullptr, false);
}

std::string Text(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::vector<DemandTimelineEntry> Follower::Timeline(std::string_view entity) const {
  std::vector<DemandTimelineEntry> out;
  constexpr std::string_view kDemand = "demand/";
  if (!entity.starts_with(kDemand)) return out;
  int64_t id = 0;
  const std::string_view digits = entity.substr(kDemand.size());
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size()) return out;
  auto client = MakeClient();
  const json doc = GetJson(*client, fmt::format("{}/api/v1/demands/{}", prefix_, id));
  if (!doc.is_object() || !doc.contains("timeline") || !doc["timeline"].is_array()) return out;
  for (const json& step : doc["timeline"]) {
    if (!step.is_object()) continue;
    DemandTimelineEntry e;
    e.seq = step.value("seq", int64_t{0});
    e.at = ParseTime(Text(step, "at")).value_or(0);
    e.kind = Text(step, "event");
    e.actor = Text(step, "actor");
    // The payload fields a detail reads (viewer::StepsOf), as the store's
    // event carries them.
    json payload{{"to", Text(step, "stage")},
                 {"note", Text(step, "note")},
                 {"assignee", Text(step, "assignee")},
                 {"rework", step.value("rework", false)}};
    if (e.kind == "demand.received") payload["description"] = Text(doc, "description");
    e.payload = payload.dump();
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Store::ReadingPoint> Follower::Readings(std::string_view sensor, TimeMs since,
                                                   size_t limit) const {
  std::vector<Store::ReadingPoint> out;
  // The API takes hours back from the server's clock, within (0, 9600].
  const double hours =
      std::clamp(std::ceil(double(NowMs() - since) / double(kHour) * 100) / 100, 0.01, 9600.0);
  auto client = MakeClient();
  const json doc = GetJson(*client, fmt::format("{}/api/v1/sensors/{}/readings?hours={}", prefix_,
                                                EscapeSegment(sensor), hours));
  if (!doc.is_object() || !doc.contains("readings") || !doc["readings"].is_array()) return out;
  for (const json& r : doc["readings"]) {
    if (out.size() >= limit) break;
    if (!r.is_object() || !r["value"].is_number()) continue;
    const auto at = ParseTime(Text(r, "at"));
    if (!at) continue;
    Store::ReadingPoint p;
    p.at = *at;
    p.value = r["value"].get<double>();
    p.min = r.value("min", p.value);
    p.max = r.value("max", p.value);
    p.n = r.value("n", int64_t{1});
    out.push_back(p);
  }
  return out;
}

}  // namespace ops
