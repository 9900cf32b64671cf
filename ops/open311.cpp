// Open311 GeoReport v2: POST bodies (form or JSON), the services list, GET
// filters and service requests.
//
// [SECTION] POST a request
// [SECTION] Services
// [SECTION] GET requests
#include "ops/open311.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>

#include "geo/text_encoding.hpp"
#include "ops/api_json.hpp"

namespace ops {

using nlohmann::json;

namespace {

constexpr size_t kMaxAddressBytes = 1000;
constexpr size_t kMaxUrlBytes = 2000;
constexpr size_t kMaxQueryIds = 10000;
constexpr std::string_view kServicesHint = "GET /open311/v2/services.json lists them";

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls `f` with each piece of `list` between `sep`s.
template <typename F>
void Split(std::string_view list, char sep, F f) {
  while (true) {
    const size_t p = list.find(sep);
    f(list.substr(0, p));
    if (p == std::string_view::npos) return;
    list.remove_prefix(p + 1);
  }
}

std::string AreaCode(const geo::GridSet& grids, geo::FeatureId id) {
  return id < grids.features.size() ? grids.features[id].code : std::string();
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] POST a request

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte. On a bad
// escape, the escape as written.
std::expected<std::string, std::string> PercentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] != '%') {
      out += in[i];
    } else {
      const int hi = i + 1 < in.size() ? HexDigit(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? HexDigit(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return std::unexpected(std::string(in.substr(i, 3)));
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
  }
  return out;
}

// A form body as a JSON object of strings (the last of repeated fields wins).
Checked<json> DecodeForm(std::string_view body) {
  json out = json::object();
  std::optional<RequestError> error;
  Split(body, '&', [&](std::string_view pair) {
    if (pair.empty() || error) return;
    const size_t eq = pair.find('=');
    const auto key = PercentDecode(pair.substr(0, eq));
    if (!key) {
      error = RequestError{400, "",
                           fmt::format("body: {} in a field name is not a percent-escape (%XX, "
                                       "two hex digits)",
                                       ShowText(key.error()))};
      return;
    }
    if (!geo::IsValidUtf8(*key)) return;  // no field we read: ignored like any unknown one
    const auto value = eq == std::string_view::npos
                           ? std::expected<std::string, std::string>(std::string())
                           : PercentDecode(pair.substr(eq + 1));
    if (!value) {
      error = RequestError{400, *key,
                           fmt::format("{}: {} is not a percent-escape (%XX, two hex digits)", *key,
                                       ShowText(value.error()))};
      return;
    }
    out[*key] = *value;
  });
  if (error) return std::unexpected(*error);
  return out;
}

// The media type (lower case) of a Content-Type header, or a 415 for a
// charset other than UTF-8.
Checked<std::string> MediaType(std::string_view content_type) {
  const size_t semi = content_type.find(';');
  std::string media = Lower(Trim(content_type.substr(0, semi)));
  if (semi == std::string_view::npos) return media;
  Checked<std::string> result = media;
  Split(content_type.substr(semi + 1), ';', [&](std::string_view param) {
    const std::string p = Lower(Trim(param));
    if (p.starts_with("charset=")) {
      std::string charset = p.substr(8);
      std::erase(charset, '"');
      if (charset != "utf-8" && charset != "utf8" && result) {
        result = Refuse(
            415, "Content-Type",
            fmt::format("Content-Type: charset {} is not taken; send UTF-8", ShowText(charset)));
      }
    }
  });
  return result;
}

std::string ContactName(const std::string& first, const std::string& last) {
  if (first.empty() || last.empty()) return first.empty() ? last : first;
  // 王 + 芳 → 王芳 (family name first, no space); john + smith → john smith.
  return IsAscii(first) && IsAscii(last) ? first + " " + last : last + first;
}

}  // namespace

Checked<DemandInput> ParseRequestPost(std::string_view content_type, std::string_view body,
                                      const Catalog& catalog) {
  const auto media = MediaType(content_type);
  if (!media) return std::unexpected(media.error());
  json object;
  const bool form = *media == "application/x-www-form-urlencoded";
  if (form) {
    auto decoded = DecodeForm(body);
    if (!decoded) return std::unexpected(decoded.error());
    object = std::move(*decoded);
  } else if (*media == "application/json") {
    auto parsed = ParseJsonBody(body);
    if (!parsed) return std::unexpected(parsed.error());
    // The spec's JSON shows requests in an array; take one of one.
    if (parsed->is_array() && parsed->size() == 1) {
      object = std::move((*parsed)[0]);
    } else if (parsed->is_object()) {
      object = std::move(*parsed);
    } else {
      return Refuse(400, "",
                    "body: " + ShowJson(*parsed) + " is not a request object (or an array of one)");
    }
  } else {
    return Refuse(415, "Content-Type",
                  fmt::format("Content-Type: {} is not taken here; send "
                              "application/x-www-form-urlencoded or application/json",
                              ShowText(content_type)));
  }

  FieldReader f(object);
  f.SetValuesAreText(form);
  DemandInput in;
  if (!f.Error() && !f.Has("service_code")) {
    f.Fail("service_code", fmt::format("missing; {}", kServicesHint));
  }
  if (f.String("service_code", in.category, kMaxIdBytes, /*required=*/true) &&
      !catalog.FindCategory(in.category)) {
    f.Fail("service_code", fmt::format("{} is not a service of this county; {}",
                                       ShowText(in.category), kServicesHint));
  }
  f.LonLat("long", "lat", in.location, /*required=*/true);
  f.String("address_string", in.address, kMaxAddressBytes);
  f.String("description", in.description, kMaxTextBytes);
  std::string first, last;
  f.String("first_name", first, kMaxNameBytes);
  f.String("last_name", last, kMaxNameBytes);
  in.contact_name = ContactName(first, last);
  f.String("phone", in.contact_phone, kMaxIdBytes);
  f.String("email", in.contact_email, kMaxNameBytes);
  f.String("device_id", in.device_id, kMaxNameBytes);
  f.String("media_url", in.media_url, kMaxUrlBytes);
  f.Enum("source", kSourceNames, in.source);
  f.Time("requested_datetime", in.at);
  if (f.Error()) return std::unexpected(*f.Error());
  return in;
}

json ToOpen311Json(const DemandInput& d) {
  json j = {{"service_code", d.category},
            {"lat", d.location.lat},
            {"long", d.location.lon},
            {"source", NameOf(kSourceNames, d.source)}};
  const auto put = [&j](const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  };
  put("description", d.description);
  put("address_string", d.address);
  put("first_name", d.contact_name);  // alone, it is the whole name
  put("phone", d.contact_phone);
  put("email", d.contact_email);
  put("device_id", d.device_id);
  put("media_url", d.media_url);
  if (d.at) j["requested_datetime"] = FormatTime(d.at);
  return j;
}

// ---------------------------------------------------------------------------
// [SECTION] Services

json ServicesJson(const Catalog& catalog) {
  json list = json::array();
  for (const Category& c : catalog.categories) {
    const Family* family = catalog.FindFamily(c.family);
    const std::string group = family ? family->zh : c.family;
    std::string keywords = c.en;
    if (family) keywords += ", " + family->zh + ", " + family->en;
    keywords += fmt::format(", {}", kItemKindNames[static_cast<size_t>(c.kind)].zh);
    list.push_back({{"service_code", c.code},
                    {"service_name", c.zh},
                    {"description", c.description},
                    {"metadata", false},
                    {"type", "realtime"},
                    {"keywords", keywords},
                    {"group", group},
                    {"service_name_en", c.en},
                    {"family", c.family},
                    {"kind", NameOf(kItemKindNames, c.kind)},
                    {"deadline_hours", c.deadline_hours}});
  }
  return list;
}

Checked<json> ServiceDefinitionJson(const Catalog& catalog, std::string_view code) {
  if (!catalog.FindCategory(code)) {
    return Refuse(404, "service_code",
                  fmt::format("service_code: {} is not a service of this county; {}",
                              ShowText(code), kServicesHint));
  }
  return json{{"service_code", code}, {"attributes", json::array()}};
}

// ---------------------------------------------------------------------------
// [SECTION] GET requests

namespace {

using Params = std::multimap<std::string, std::string>;

// Reads query parameters, keeping the first problem (as FieldReader does).
class QueryReader {
 public:
  explicit QueryReader(const Params& params) : params_(params) {}

  // Every value of `key` joined with commas: "a,b" from a=a&a=b or a=a,b.
  std::string List(const std::string& key) {
    std::string out;
    const auto [first, last] = params_.equal_range(key);
    for (auto it = first; it != last; ++it) {
      if (!geo::IsValidUtf8(it->second)) Fail(key, ShowText(it->second) + " is not UTF-8 text");
      if (it != first) out += ',';
      out += it->second;
    }
    return out;
  }
  // The value of a parameter that takes one; "" when absent.
  std::string One(const std::string& key) {
    if (const size_t n = params_.count(key); n > 1) {
      Fail(key, fmt::format("given {} times; give it once", n));
    }
    return List(key);
  }
  void Fail(const std::string& key, std::string_view problem) {
    if (!error) error = RequestError{400, key, fmt::format("{}: {}", key, problem)};
  }

  std::optional<RequestError> error;

 private:
  const Params& params_;
};

std::vector<int64_t> ReadIds(QueryReader& r) {
  std::vector<int64_t> ids;
  Split(r.List("service_request_id"), ',', [&](std::string_view item) {
    item = Trim(item);
    if (item.empty()) return;
    int64_t id = 0;
    const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (ec != std::errc() || ptr != item.data() + item.size() || id <= 0) {
      r.Fail("service_request_id", ShowText(item) + " is not a request id (1, 2, 3 …)");
    } else if (ids.size() == kMaxQueryIds) {
      r.Fail("service_request_id", fmt::format("more than {} ids", kMaxQueryIds));
    } else {
      ids.push_back(id);
    }
  });
  return ids;
}

TimeMs ReadDate(QueryReader& r, const std::string& key) {
  const std::string text = r.One(key);
  if (text.empty() || r.error) return 0;
  auto t = ParseTimeField(key, text);
  if (!t) r.error = std::move(t.error());
  return t.value_or(0);
}

std::optional<bool> ReadStatus(QueryReader& r) {
  bool open = false, closed = false;
  Split(r.List("status"), ',', [&](std::string_view s) {
    s = Trim(s);
    if (s == "open") {
      open = true;
    } else if (s == "closed") {
      closed = true;
    } else if (!s.empty()) {
      r.Fail("status", ShowText(s) + " is not open or closed");
    }
  });
  return open == closed ? std::nullopt : std::optional(open);
}

std::optional<Stage> ReadStage(QueryReader& r) {
  const std::string text = r.One("stage");
  if (text.empty()) return std::nullopt;
  const auto stage = ParseStage(text);
  if (!stage) {
    std::string names;
    for (const auto& s : kStageNames) names += (names.empty() ? "" : ", ") + std::string(s.en);
    r.Fail("stage", fmt::format("{} is not one of {}", ShowText(text), names));
  }
  return stage;
}

size_t ReadLimit(QueryReader& r) {
  const std::string text = r.One("limit");
  if (text.empty()) return RequestQuery{}.limit;
  size_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > 10000) {
    r.Fail("limit", ShowText(text) + " is not a whole number within 1…10000");
  }
  return value;
}

}  // namespace

Checked<RequestQuery> ParseRequestQuery(const Params& params) {
  QueryReader r(params);
  RequestQuery q;
  q.ids = ReadIds(r);
  q.service_code = r.List("service_code");
  q.start = ReadDate(r, "start_date");
  q.end = ReadDate(r, "end_date");
  if (q.start && q.end && q.end < q.start) {
    r.Fail("end_date",
           fmt::format("{} is before start_date {}", FormatTime(q.end), FormatTime(q.start)));
  }
  q.open = ReadStatus(r);
  q.stage = ReadStage(r);
  q.area = r.One("area");
  if (q.area.size() > kMaxIdBytes) r.Fail("area", ShowText(q.area) + " is not an area code");
  q.limit = ReadLimit(r);
  if (r.error) return std::unexpected(*r.error);
  return q;
}

bool Matches(const RequestQuery& q, const Demand& d, const geo::GridSet& grids) {
  if (!q.ids.empty()) return std::find(q.ids.begin(), q.ids.end(), d.id) != q.ids.end();
  if (!q.service_code.empty()) {
    bool listed = false;
    Split(q.service_code, ',', [&](std::string_view code) { listed |= Trim(code) == d.category; });
    if (!listed) return false;
  }
  if (q.start && d.received < q.start) return false;
  if (q.end && d.received > q.end) return false;
  if (q.open && d.Open() != *q.open) return false;
  if (q.stage && d.stage != *q.stage) return false;
  if (!q.area.empty()) {
    return std::any_of(d.areas.begin(), d.areas.end(), [&](geo::FeatureId id) {
      return id < grids.features.size() && grids.features[id].code == q.area;
    });
  }
  return true;
}

json RequestJson(const Demand& d, const Catalog& catalog, const geo::GridSet& grids, TimeMs now) {
  const Category* category = catalog.FindCategory(d.category);
  const auto stage = kStageNames[static_cast<size_t>(d.stage)];
  const geo::FeatureId grid = d.areas[static_cast<int>(geo::Level::kGrid)];
  std::string notice = grid < grids.features.size() ? "Assigned to " + grids.features[grid].name
                                                    : std::string("Outside every grid");
  if (d.deadline) notice += "; due " + FormatTime(d.deadline);
  const auto text_or_null = [](const std::string& s) {
    return s.empty() ? json(nullptr) : json(s);
  };
  const auto time_or_null = [](TimeMs t) { return t ? json(FormatTime(t)) : json(nullptr); };
  return {
      {"service_request_id", std::to_string(d.id)},
      {"status", d.Open() ? "open" : "closed"},
      {"status_notes", fmt::format("{} {}", stage.zh, stage.en)},
      {"service_name", category ? category->zh : d.category},
      {"service_code", d.category},
      {"description", d.description},
      {"agency_responsible", text_or_null(d.assignee)},
      {"service_notice", notice},
      {"requested_datetime", time_or_null(d.received)},
      {"updated_datetime", time_or_null(d.updated ? d.updated : d.received)},
      {"expected_datetime", time_or_null(d.deadline)},
      {"address", d.address},
      {"address_id", nullptr},
      {"zipcode", nullptr},
      {"lat", d.lonlat.lat},
      {"long", d.lonlat.lon},
      {"media_url", nullptr},
      {"stage", stage.en},
      {"stage_zh", stage.zh},
      {"overdue", d.Overdue(now)},
      {"rework_count", d.rework_count},
      {"source", NameOf(kSourceNames, d.source)},
      {"community", AreaCode(grids, d.areas[static_cast<int>(geo::Level::kCommunity)])},
      {"grid", AreaCode(grids, grid)},
      {"compound", AreaCode(grids, d.areas[static_cast<int>(geo::Level::kCompound)])},
  };
}

json Open311ErrorJson(const RequestError& error) {
  const json inner = ErrorJson(error)["error"];  // the same UTF-8 safety
  return json::array(
      {{{"code", error.status}, {"field", inner["field"]}, {"description", inner["message"]}}});
}

}  // namespace ops
