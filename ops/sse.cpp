#include "ops/sse.hpp"

#include <fmt/format.h>

namespace ops {

namespace {

// A line quoted in a sentence: one line, cut short.
std::string QuoteLine(std::string_view line) {
  constexpr size_t kMost = 80;
  std::string text(line.substr(0, kMost));
  return line.size() > kMost ? text + "…" : text;
}

}  // namespace

void SseParser::Reset() {
  partial_.clear();
  pending_ = {};
  has_fields_ = has_data_ = false;
  skip_lf_ = false;
  error_.clear();
}

bool SseParser::Feed(std::string_view bytes, const OnEvent& on_event,
                     const OnComment& on_comment) {
  error_.clear();
  size_t i = 0;
  if (skip_lf_ && !bytes.empty() && bytes[0] == '\n') i = 1;
  skip_lf_ = false;
  // Lines end in "\n", "\r\n" or "\r" (the SSE grammar allows all three).
  while (i < bytes.size()) {
    const size_t end = bytes.find_first_of("\r\n", i);
    if (end == std::string_view::npos) {
      partial_.append(bytes.substr(i));
      if (partial_.size() > kMaxLine) {
        error_ = fmt::format("a stream line is longer than {} MiB: not an event stream",
                             kMaxLine >> 20);
        return false;
      }
      return true;
    }
    bool go = true;
    if (partial_.empty()) {
      go = Line(bytes.substr(i, end - i), on_event, on_comment);
    } else {
      partial_.append(bytes.substr(i, end - i));
      const std::string line = std::move(partial_);
      partial_.clear();
      go = Line(line, on_event, on_comment);
    }
    i = end + 1;
    if (bytes[end] == '\r') {
      if (i < bytes.size() && bytes[i] == '\n') {
        ++i;
      } else if (i == bytes.size()) {
        skip_lf_ = true;
      }
    }
    if (!go) return false;
  }
  return true;
}

bool SseParser::Line(std::string_view line, const OnEvent& on_event,
                     const OnComment& on_comment) {
  if (line.empty()) {  // the blank line: dispatch
    if (!has_fields_) return true;
    SseEvent event = std::move(pending_);
    pending_ = {};
    has_fields_ = has_data_ = false;
    return on_event(event);
  }
  if (line[0] == ':') {
    if (on_comment) on_comment();
    return true;
  }
  const size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
  if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  if (field == "data") {
    // A second data line of the same event joins the first with '\n'.
    if (has_data_) pending_.data += '\n';
    pending_.data.append(value);
    has_data_ = true;
  } else if (field == "id") {
    pending_.id = value;
  } else if (field == "event") {
    pending_.event = value;
  } else if (field == "retry") {
    return true;  // the server's reconnection hint: we keep our own backoff
  } else {
    // The SSE grammar would ignore an unknown field; gridops sends none, so
    // one means this is not a gridops stream (an HTML page, a proxy's error).
    error_ = fmt::format("malformed stream line \"{}\": expected id:, event:, data: or a comment",
                         QuoteLine(line));
    return false;
  }
  has_fields_ = true;
  return true;
}

}  // namespace ops
