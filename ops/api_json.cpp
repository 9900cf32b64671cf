// Reading request bodies safely: JSON parsing that reports a position, values
// quoted for messages without breaking UTF-8, and FieldReader.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "geo/text_encoding.hpp"
#include "ops/api_json.hpp"

namespace ops {

namespace {

constexpr size_t kShowBytes = 60;
constexpr std::string_view kTimeExample = "2026-11-25T08:30:00+08:00";

// `text` with every byte that is not part of well-formed UTF-8 written as
// \xNN, so that it can sit in a message; when `quoted`, also control
// characters, quotes and backslashes escaped. Cut after `max_bytes` with "…".
std::string EscapeForMessage(std::string_view text, size_t max_bytes, bool quoted = true) {
  std::string out;
  size_t i = 0;
  while (i < text.size() && out.size() < max_bytes) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const size_t n = geo::Utf8SequenceAt(text, i);
      if (n == 0) {
        out += fmt::format("\\x{:02X}", c);
        ++i;
      } else {
        out.append(text.substr(i, n));
        i += n;
      }
    } else if (!quoted) {
      out += static_cast<char>(c), ++i;
    } else if (c == '\n') {
      out += "\\n", ++i;
    } else if (c == '\t') {
      out += "\\t", ++i;
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02X}", c), ++i;
    } else if (c == '"' || c == '\\') {
      out += '\\', out += static_cast<char>(c), ++i;
    } else {
      out += static_cast<char>(c), ++i;
    }
  }
  if (i < text.size()) out += "…";
  return out;
}

std::string ShowNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", v);
}

// "2026-11-25T08:30:00" would parse with a zone added: the sender forgot it.
bool LacksZoneOnly(std::string_view text) {
  return text.size() < 40 && ParseTime(std::string(text) + "Z").has_value();
}

}  // namespace

// ---------------------------------------------------------------------------
// Whole bodies

Checked<nlohmann::json> ParseJsonBody(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Refuse(400, "", "body: empty; expected JSON");
  }
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    // what(): "[json.exception.parse_error.101] parse error at line 1, column
    // 5: syntax error …; last read: '…'" — the last read token may hold the
    // bytes that are not UTF-8.
    std::string_view what = e.what();
    if (const size_t p = what.find("] "); p != std::string_view::npos) what.remove_prefix(p + 2);
    return Refuse(
        400, "",
        fmt::format("body: not valid JSON at byte {}: {}", e.byte, EscapeForMessage(what, 300)));
  } catch (const nlohmann::json::exception& e) {
    return Refuse(400, "", "body: not valid JSON: " + EscapeForMessage(e.what(), 300));
  }
}

Checked<nlohmann::json> ParseJsonObject(std::string_view body) {
  auto value = ParseJsonBody(body);
  if (value && !value->is_object()) {
    return Refuse(400, "", "body: " + ShowJson(*value) + " is not a JSON object");
  }
  return value;
}

Checked<TimeMs> ParseTimeField(std::string_view field, std::string_view text) {
  const auto t = ParseTime(text);
  if (!t) {
    return Refuse(400, std::string(field),
                  fmt::format("{}: {} {}", field, ShowText(text),
                              LacksZoneOnly(text)
                                  ? std::string("has no time zone; add Z or +08:00")
                                  : fmt::format("is not an RFC 3339 time like {}", kTimeExample)));
  }
  if (*t <= 0) {
    return Refuse(400, std::string(field),
                  fmt::format("{}: {} is not after 1970-01-01T00:00:00Z", field, ShowText(text)));
  }
  return *t;
}

std::string ToValidUtf8(std::string_view text) {
  return EscapeForMessage(text, std::numeric_limits<size_t>::max(), /*quoted=*/false);
}

std::string ShowText(std::string_view text) {
  std::string out = "\"";
  out += EscapeForMessage(text, kShowBytes);
  out += '"';
  return out;
}

std::string ShowJson(const nlohmann::json& value) {
  using T = nlohmann::json::value_t;
  switch (value.type()) {
    case T::string:
      return ShowText(value.get_ref<const std::string&>());
    case T::number_integer:
      return std::to_string(value.get<int64_t>());
    case T::number_unsigned:
      return std::to_string(value.get<uint64_t>());
    case T::number_float:
      return ShowNumber(value.get<double>());
    case T::boolean:
      return value.get<bool>() ? "true" : "false";
    case T::null:
      return "null";
    case T::array:
      return value.empty() ? "an empty array" : "an array";
    case T::object:
      return "an object";
    default:
      return "a value";
  }
}

std::string DumpJson(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------
// FieldReader

FieldReader::FieldReader(const nlohmann::json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {
  if (!object_.is_object()) Fail("", ShowJson(object_) + " is not an object");
}

std::string FieldReader::Field(std::string_view key) const {
  if (!key.empty()) return prefix_ + std::string(key);
  std::string field = prefix_;
  if (!field.empty() && field.back() == '.') field.pop_back();
  return field;
}

void FieldReader::Fail(std::string_view key, std::string_view problem, int status) {
  if (error_) return;
  std::string field = Field(key);
  std::string message = (field.empty() ? std::string("body") : field) + ": " + std::string(problem);
  error_ = RequestError{status, std::move(field), std::move(message)};
}

const nlohmann::json* FieldReader::Find(std::string_view key) const {
  if (error_ || !object_.is_object()) return nullptr;
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool FieldReader::Has(std::string_view key) const {
  return Find(key) != nullptr;
}

bool FieldReader::String(std::string_view key, std::string& out, size_t max_bytes, bool required) {
  const nlohmann::json* v = Find(key);
  if (!v) {
    if (required) Fail(key, "missing");
    return false;
  }
  if (!v->is_string()) {
    Fail(key, ShowJson(*v) + " is not a string");
    return false;
  }
  const auto& text = v->get_ref<const std::string&>();
  if (!geo::IsValidUtf8(text)) {
    Fail(key, ShowText(text) + " is not UTF-8 text");
  } else if (text.find('\0') != std::string::npos) {
    Fail(key, ShowText(text) + " holds a NUL character");
  } else if (text.size() > max_bytes) {
    Fail(key, fmt::format("{} bytes is over the limit of {} bytes", text.size(), max_bytes));
  } else if (required && text.empty()) {
    Fail(key, "empty");
  } else {
    out = text;
    return true;
  }
  return false;
}

bool FieldReader::Number(std::string_view key, double& out, double min, double max, bool required) {
  const nlohmann::json* v = Find(key);
  if (!v) {
    if (required) Fail(key, "missing");
    return false;
  }
  double value = 0;
  if (v->is_number()) {
    value = v->get<double>();
  } else if (values_are_text_ && v->is_string()) {
    const auto& text = v->get_ref<const std::string&>();
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
      Fail(key, ShowText(text) + " is not a number");
      return false;
    }
  } else {
    Fail(key, ShowJson(*v) + " is not a number");
    return false;
  }
  if (!std::isfinite(value)) {
    Fail(key, ShowJson(*v) + " is not a finite number");
    return false;
  }
  if (value < min || value > max) {
    const double huge = std::numeric_limits<double>::max();
    Fail(key, max >= huge    ? fmt::format("{} is less than {}", ShowNumber(value), ShowNumber(min))
              : min <= -huge ? fmt::format("{} is more than {}", ShowNumber(value), ShowNumber(max))
                             : fmt::format("{} is outside {}…{}", ShowNumber(value),
                                           ShowNumber(min), ShowNumber(max)));
    return false;
  }
  out = value;
  return true;
}

bool FieldReader::Int(std::string_view key, int& out, int min, int max, bool required) {
  const nlohmann::json* v = Find(key);
  if (!v) {
    if (required) Fail(key, "missing");
    return false;
  }
  int64_t value = 0;
  bool whole = true;
  if (v->is_number_unsigned()) {
    const auto u = v->get<uint64_t>();
    value = u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                ? std::numeric_limits<int64_t>::max()
                : static_cast<int64_t>(u);
  } else if (v->is_number_integer()) {
    value = v->get<int64_t>();
  } else if (v->is_number_float()) {
    const double d = v->get<double>();
    whole = std::isfinite(d) && d == std::trunc(d) && std::abs(d) < 1e15;
    if (whole) value = static_cast<int64_t>(d);
  } else if (values_are_text_ && v->is_string()) {
    const auto& text = v->get_ref<const std::string&>();
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc::result_out_of_range) {
      value = std::numeric_limits<int64_t>::max();
    } else if (text.empty() || ec != std::errc() || ptr != end) {
      whole = false;
    }
  } else {
    Fail(key, ShowJson(*v) + " is not a number");
    return false;
  }
  if (!whole) {
    Fail(key, ShowJson(*v) + " is not a whole number");
    return false;
  }
  if (value < min || value > max) {
    Fail(key, fmt::format("{} is outside {}…{}", ShowJson(*v), min, max));
    return false;
  }
  out = static_cast<int>(value);
  return true;
}

bool FieldReader::Bool(std::string_view key, bool& out) {
  const nlohmann::json* v = Find(key);
  if (!v) return false;
  if (v->is_boolean()) {
    out = v->get<bool>();
    return true;
  }
  if (values_are_text_ && v->is_string()) {
    const auto& text = v->get_ref<const std::string&>();
    if (text == "true" || text == "1") return out = true, true;
    if (text == "false" || text == "0") return out = false, true;
  }
  Fail(key, ShowJson(*v) + " is not true or false");
  return false;
}

bool FieldReader::Time(std::string_view key, TimeMs& out, bool required) {
  if (const nlohmann::json* v = Find(key); v && !v->is_string()) {
    Fail(key, fmt::format("{} is not an RFC 3339 time like {}", ShowJson(*v), kTimeExample));
    return false;
  }
  std::string text;
  if (!String(key, text, kMaxNameBytes, required)) return false;
  auto t = ParseTimeField(Field(key), text);
  if (!t) {
    if (!error_) error_ = std::move(t.error());
    return false;
  }
  out = *t;
  return true;
}

bool FieldReader::LonLat(std::string_view lon_key, std::string_view lat_key, geo::LonLat& out,
                         bool required) {
  const bool has_lon = Has(lon_key), has_lat = Has(lat_key);
  if (!has_lon && !has_lat && !required) return false;
  if (!has_lon || !has_lat) {
    Fail(has_lon ? lat_key : lon_key,
         fmt::format("missing; give both {} and {} in degrees", lon_key, lat_key));
    return false;
  }
  const double inf = std::numeric_limits<double>::infinity();
  geo::LonLat p;
  if (!Number(lon_key, p.lon, -inf, inf) || !Number(lat_key, p.lat, -inf, inf)) return false;
  if (p.lat < -90 || p.lat > 90) {
    const bool swapped = std::abs(p.lon) <= 90 && std::abs(p.lat) <= 180;
    Fail(lat_key,
         fmt::format("{} is not a latitude (−90…90){}", ShowNumber(p.lat),
                     swapped ? fmt::format("; were {} and {} swapped?", lat_key, lon_key) : ""));
    return false;
  }
  if (p.lon < -180 || p.lon > 180) {
    Fail(lon_key, fmt::format("{} is not a longitude (−180…180)", ShowNumber(p.lon)));
    return false;
  }
  out = p;
  return true;
}

}  // namespace ops
