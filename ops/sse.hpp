// Server-Sent Events as `gridops serve` writes them (GET /api/v1/stream):
// `id: <seq>`, `event: <kind>`, `data: <json>`, a blank line ending each
// event, `: comment` lines as keep-alives. The parser takes the bytes as
// they arrive, in pieces of any size, and hands out whole events. Pure: no
// sockets, so every kind of bad input is tested without a server.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ops {

struct SseEvent {
  std::string id;     // as sent; "" when the event had no id line
  std::string event;  // the kind; "" when the event had no event line
  std::string data;   // data lines joined by '\n'
};

class SseParser {
 public:
  // Returns false to stop parsing (the rest of the piece is dropped).
  using OnEvent = std::function<bool(const SseEvent&)>;
  // Called for each comment line (a keep-alive): proof the link is alive.
  using OnComment = std::function<void()>;

  // A line longer than this is refused: a stream that never ends a line is
  // not one we can follow, and memory must stay bounded.
  static constexpr size_t kMaxLine = 64 << 20;

  // Feeds the next bytes. False when `on_event` stopped or the input is not
  // an event stream; error() then says why (empty when the caller stopped).
  bool Feed(std::string_view bytes, const OnEvent& on_event, const OnComment& on_comment = {});
  const std::string& error() const { return error_; }
  // Forgets any partial line and event (a new connection).
  void Reset();

 private:
  bool Line(std::string_view line, const OnEvent& on_event, const OnComment& on_comment);

  std::string partial_;  // bytes of a line not yet ended
  SseEvent pending_;
  bool has_fields_ = false;  // pending_ has had a field since the last dispatch
  bool has_data_ = false;    // … and a data line
  bool skip_lf_ = false;     // the last piece ended in '\r': a '\n' next belongs to it
  std::string error_;
};

}  // namespace ops
