// Sensor readings batches, on the 200,000 readings/s path: read with
// nlohmann's SAX interface straight into Reading structs, without building a
// DOM. Per reading, the only allocation is its sensor id (none when the id
// fits std::string's small buffer).
#include <fmt/format.h>

#include <cmath>

#include "ops/api_json.hpp"

namespace ops {

namespace {

using nlohmann::json;

// One SAX event as a value, for the state machine below.
struct Event {
  enum Kind : uint8_t { kNull, kBool, kNumber, kString, kObject, kArray } kind = kNull;
  double number = 0;
  bool boolean = false;
  std::string_view text;

  static Event Of(Kind kind, double number = 0, bool boolean = false, std::string_view text = {}) {
    Event e;
    e.kind = kind, e.number = number, e.boolean = boolean, e.text = text;
    return e;
  }
};

std::string Show(const Event& e) {
  switch (e.kind) {
    case Event::kNull:
      return "null";
    case Event::kBool:
      return e.boolean ? "true" : "false";
    case Event::kNumber:
      return std::isfinite(e.number) ? fmt::format("{}", e.number) : "a number out of range";
    case Event::kString:
      return ShowText(e.text);
    case Event::kObject:
      return "an object";
    case Event::kArray:
      return "an array";
  }
  return "a value";
}

// The nesting: depth_ counts open containers. Items sit at batch_depth_ (1
// for a bare array, 2 inside {"readings": […]}); an item's fields one deeper;
// anything deeper is skipped.
class ReadingsSax {
 public:
  ReadingsSax(ReadingsBatch& out, size_t max_items) : out_(out), max_items_(max_items) {}

  bool null() { return Value({}); }
  bool boolean(bool b) { return Value(Event::Of(Event::kBool, 0, b)); }
  bool number_integer(json::number_integer_t v) {
    return Value(Event::Of(Event::kNumber, static_cast<double>(v)));
  }
  bool number_unsigned(json::number_unsigned_t v) {
    return Value(Event::Of(Event::kNumber, static_cast<double>(v)));
  }
  bool number_float(json::number_float_t v, const std::string&) {
    return Value(Event::Of(Event::kNumber, v));
  }
  bool string(std::string& s) { return Value(Event::Of(Event::kString, 0, false, s)); }
  bool binary(json::binary_t&) { return Value({}); }
  bool start_object(size_t) {
    const bool go_on = Value(Event::Of(Event::kObject));
    ++depth_;
    return go_on;
  }
  bool start_array(size_t) {
    const bool go_on = Value(Event::Of(Event::kArray));
    ++depth_;
    return go_on;
  }
  bool key(std::string& k) {
    if (top_object_ && depth_ == 1) {
      key_is_readings_ = k == "readings";
    } else if (in_item_ && depth_ == batch_depth_ + 1) {
      item_key_ = k == "sensor" ? kSensor : k == "at" ? kAt : k == "value" ? kValue : kOther;
    }
    return true;
  }
  bool end_object() {
    --depth_;
    if (in_item_ && depth_ == batch_depth_) EndItem();
    return true;
  }
  bool end_array() {
    --depth_;
    if (batch_depth_ && depth_ + 1 == batch_depth_) {
      batch_depth_ = 0;
      batch_seen_ = true;
    }
    return true;
  }
  bool parse_error(size_t, const std::string&, const json::exception&) {
    syntax_error_ = true;
    return false;
  }

  bool syntax_error() const { return syntax_error_; }
  const std::optional<RequestError>& fatal() const { return fatal_; }
  bool found_batch() const { return batch_seen_ || !top_object_; }

 private:
  enum ItemKey : uint8_t { kOther, kSensor, kAt, kValue };

  bool Fatal(int status, std::string field, std::string message) {
    fatal_ = RequestError{status, std::move(field), std::move(message)};
    return false;
  }

  bool Value(const Event& e) {
    if (depth_ == 0) {
      if (e.kind == Event::kArray) {
        batch_depth_ = 1;
      } else if (e.kind == Event::kObject) {
        top_object_ = true;
      } else {
        return Fatal(400, "",
                     "body: " + Show(e) + " is not an array of readings or {\"readings\": […]}");
      }
      return true;
    }
    if (top_object_ && depth_ == 1) {
      if (!key_is_readings_) return true;  // another field: skipped
      if (batch_seen_) return Fatal(400, "readings", "readings: given twice");
      if (e.kind != Event::kArray) {
        return Fatal(400, "readings", "readings: " + Show(e) + " is not an array");
      }
      batch_depth_ = 2;
      return true;
    }
    if (batch_depth_ && depth_ == batch_depth_) {
      if (count_ == max_items_) {
        return Fatal(413, "readings",
                     fmt::format("readings: more than {} in one batch; send them in smaller "
                                 "batches",
                                 max_items_));
      }
      item_ = count_++;
      if (e.kind == Event::kObject) {
        in_item_ = true;
        item_key_ = kOther;
        has_sensor_ = has_value_ = false;
        at_ = 0;
      } else {
        Reject(fmt::format("readings[{}]", item_), Show(e) + " is not an object");
      }
      return true;
    }
    if (in_item_ && depth_ == batch_depth_ + 1) ItemField(e);
    return true;
  }

  void ItemField(const Event& e) {
    switch (item_key_) {
      case kOther:
        return;
      case kSensor:
        has_sensor_ = false;
        if (e.kind == Event::kNull) return;
        if (e.kind != Event::kString) return ItemFail("sensor", Show(e) + " is not a string");
        if (e.text.empty()) return ItemFail("sensor", "empty");
        if (e.text.size() > kMaxIdBytes || e.text.find('\0') != std::string_view::npos) {
          return ItemFail("sensor", Show(e) + " is not a sensor id");
        }
        sensor_.assign(e.text);
        has_sensor_ = true;
        return;
      case kAt:
        at_ = 0;
        if (e.kind == Event::kNull) return;
        if (e.kind != Event::kString) {
          return ItemFail("at",
                          Show(e) + " is not an RFC 3339 time like 2026-11-25T08:30:00+08:00");
        }
        if (const auto t = ParseTime(e.text); t && *t > 0) {
          at_ = *t;
        } else if (!item_error_) {
          item_error_ = ParseTimeField(fmt::format("readings[{}].at", item_), e.text).error();
        }
        return;
      case kValue:
        has_value_ = false;
        if (e.kind == Event::kNull) return;
        if (e.kind != Event::kNumber) return ItemFail("value", Show(e) + " is not a number");
        if (!std::isfinite(e.number)) return ItemFail("value", "not a finite number");
        value_ = e.number;
        has_value_ = true;
        return;
    }
  }

  void ItemFail(std::string_view key, std::string_view problem) {
    if (item_error_) return;
    std::string field = fmt::format("readings[{}].{}", item_, key);
    std::string message = fmt::format("{}: {}", field, problem);
    item_error_ = RequestError{400, std::move(field), std::move(message)};
  }

  void Reject(std::string field, std::string_view problem) {
    std::string message = fmt::format("{}: {}", field, problem);
    out_.rejected.emplace_back(item_, RequestError{400, std::move(field), std::move(message)});
  }

  void EndItem() {
    in_item_ = false;
    if (item_error_) {
      out_.rejected.emplace_back(item_, std::move(*item_error_));
      item_error_.reset();
    } else if (!has_sensor_) {
      Reject(fmt::format("readings[{}].sensor", item_), "missing");
    } else if (!has_value_) {
      Reject(fmt::format("readings[{}].value", item_), "missing");
    } else {
      out_.readings.push_back(Reading{sensor_, at_, value_});
      out_.index.push_back(item_);
    }
  }

  ReadingsBatch& out_;
  const size_t max_items_;
  size_t depth_ = 0;
  size_t batch_depth_ = 0;  // 0 while not inside the batch array
  bool top_object_ = false;
  bool key_is_readings_ = false;
  bool batch_seen_ = false;
  bool syntax_error_ = false;
  std::optional<RequestError> fatal_;
  size_t count_ = 0;
  // The item being read.
  size_t item_ = 0;
  bool in_item_ = false;
  ItemKey item_key_ = kOther;
  std::string sensor_;  // reused: its capacity stays
  bool has_sensor_ = false;
  bool has_value_ = false;
  TimeMs at_ = 0;
  double value_ = 0;
  std::optional<RequestError> item_error_;
};

}  // namespace

Checked<ReadingsBatch> ParseReadings(std::string_view body, size_t max_items) {
  ReadingsBatch batch;
  // About 50 bytes a reading ({"sensor":"WL-001","at":"…Z","value":7.62}).
  const size_t guess = std::min(max_items, body.size() / 48 + 1);
  batch.readings.reserve(guess);
  batch.index.reserve(guess);
  ReadingsSax sax(batch, max_items);
  const bool ok = json::sax_parse(body.data(), body.data() + body.size(), &sax);
  if (sax.fatal()) return std::unexpected(*sax.fatal());
  if (!ok || sax.syntax_error()) {
    // The DOM parser words the same syntax error with its position.
    auto dom = ParseJsonBody(body);
    if (!dom) return std::unexpected(dom.error());
    return Refuse(400, "", "body: not valid JSON");
  }
  if (!sax.found_batch())
    return Refuse(400, "readings", "readings: missing; send {\"readings\": […]} or an array");
  return batch;
}

json ToJson(std::span<const Reading> readings) {
  json list = json::array();
  for (const Reading& r : readings) {
    json item = {{"sensor", r.sensor}, {"value", r.value}};
    if (r.at) item["at"] = FormatTime(r.at);
    list.push_back(std::move(item));
  }
  return {{"readings", std::move(list)}};
}

}  // namespace ops
