// CAP alerts read with expat (the incident they open: cap_incident.cpp).
//
// [SECTION] Text and values
// [SECTION] GBK/GB2312 bodies
// [SECTION] The reader
#include "ops/cap.hpp"
#include "ops/cap_text.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>

namespace ops {
namespace {

using cap_text::EqualsNoCase;
using cap_text::OneOf;

// ---------------------------------------------------------------------------
// [SECTION] Text and values

// The namespaces read as CAP; 1.0 and 1.1 differ from 1.2 only in elements
// gridops does not use.
constexpr std::array<std::string_view, 3> kCapNamespaces = {
    "urn:oasis:names:tc:emergency:cap:1.2",
    "urn:oasis:names:tc:emergency:cap:1.1",
    "http://www.incident.com/cap/1.0",
};
constexpr std::array<std::string_view, 5> kStatuses = {"Actual", "Exercise", "System", "Test",
                                                       "Draft"};
constexpr std::array<std::string_view, 5> kMsgTypes = {"Alert", "Update", "Cancel", "Ack", "Error"};
constexpr std::array<std::string_view, 3> kScopes = {"Public", "Restricted", "Private"};

// Expat joins a namespaced name as "uri local" with this separator, which no
// namespace URI or XML name contains.
constexpr char kNsSeparator = ' ';

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    const size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

template <size_t N>
std::string Listed(const std::array<std::string_view, N>& values) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i) out += i + 1 == N ? " or " : ", ";
    out += values[i];
  }
  return out;
}

std::optional<double> ParseNumber(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A CAP point, "lat,lon" (latitude first, as CAP writes it).
Checked<geo::LonLat> ParsePoint(const std::string& field, std::string_view token) {
  const size_t comma = token.find(',');
  const auto lat = ParseNumber(token.substr(0, comma));
  const auto lon = comma == token.npos ? std::nullopt : ParseNumber(token.substr(comma + 1));
  if (!lat || !lon) {
    return Refuse(400, field, fmt::format("{}: \"{}\" is not a point \"lat,lon\"", field, token));
  }
  if (std::abs(*lat) > 90) {
    return Refuse(400, field,
                  fmt::format("{}: latitude {} is out of range (-90…90); CAP writes \"lat,lon\", "
                              "latitude first — were they swapped?",
                              field, *lat));
  }
  if (std::abs(*lon) > 180) {
    return Refuse(400, field,
                  fmt::format("{}: longitude {} is out of range (-180…180)", field, *lon));
  }
  return geo::LonLat{*lon, *lat};
}

// "lat,lon lat,lon …": CAP asks for a closed ring of at least four points;
// an unclosed one is accepted as long as it has three distinct vertices.
Checked<std::vector<geo::LonLat>> ParsePolygon(const std::string& field, std::string_view text) {
  std::vector<geo::LonLat> ring;
  for (std::string_view token : SplitSpaces(text)) {
    auto point = ParsePoint(field, token);
    if (!point) return std::unexpected(point.error());
    ring.push_back(*point);
  }
  const size_t vertices =
      ring.size() > 1 && ring.front() == ring.back() ? ring.size() - 1 : ring.size();
  if (vertices < 3) {
    return Refuse(400, field,
                  fmt::format("{}: a polygon needs at least 3 vertices (\"lat,lon lat,lon "
                              "lat,lon lat,lon\", the first repeated last); got {} point(s)",
                              field, ring.size()));
  }
  return ring;
}

// "lat,lon radius", the radius in kilometres.
Checked<CapCircle> ParseCircle(const std::string& field, std::string_view text) {
  const auto tokens = SplitSpaces(text);
  if (tokens.size() != 2) {
    return Refuse(
        400, field,
        fmt::format("{}: \"{}\" is not a circle \"lat,lon radius_km\"", field, Trim(text)));
  }
  auto center = ParsePoint(field, tokens[0]);
  if (!center) return std::unexpected(center.error());
  const auto km = ParseNumber(tokens[1]);
  // Half the Earth's circumference: any larger radius is a unit mistake.
  if (!km || *km < 0 || *km > 20'037) {
    return Refuse(400, field,
                  fmt::format("{}: radius \"{}\" is not a distance in kilometres (0…20037)", field,
                              tokens[1]));
  }
  return CapCircle{*center, *km * 1000};
}

Checked<TimeMs> ParseCapTime(const std::string& field, std::string_view text) {
  if (auto t = ParseTime(text)) return *t;
  return Refuse(400, field,
                fmt::format("{}: \"{}\" is not a CAP dateTime (like 2003-04-02T14:39:01-05:00, "
                            "with its zone)",
                            field, text));
}

// "sender,identifier,sent sender,identifier,sent …".
Checked<std::vector<CapReference>> ParseReferences(std::string_view text) {
  std::vector<CapReference> out;
  for (std::string_view token : SplitSpaces(text)) {
    const size_t a = token.find(',');
    const size_t b = a == token.npos ? token.npos : token.find(',', a + 1);
    if (b == token.npos || token.find(',', b + 1) != token.npos || a == 0 || b == a + 1) {
      return Refuse(400, "references",
                    fmt::format("references: \"{}\" is not \"sender,identifier,sent\"", token));
    }
    auto sent = ParseCapTime("references", token.substr(b + 1));
    if (!sent) return std::unexpected(sent.error());
    out.push_back(
        {std::string(token.substr(0, a)), std::string(token.substr(a + 1, b - a - 1)), *sent});
  }
  if (out.empty()) {
    return Refuse(400, "references",
                  "references: empty; leave the element out when no earlier message is meant");
  }
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] GBK/GB2312 bodies
//
// Chinese systems still declare encoding="GBK" or "GB2312", which expat does
// not know. Both are one byte for ASCII and two for the rest, a shape expat
// can drive; iconv converts each two-byte character. (GB18030's four-byte
// sequences do not fit that shape and come out as "not well-formed".)

int ConvertGbk(void* cd, const char* s) {
  char in[2] = {s[0], s[1]};
  unsigned char out[4];
  char* in_p = in;
  char* out_p = reinterpret_cast<char*>(out);
  size_t in_left = 2, out_left = 4;
  if (iconv(static_cast<iconv_t>(cd), &in_p, &in_left, &out_p, &out_left) ==
          static_cast<size_t>(-1) ||
      out_left != 0) {
    return -1;
  }
  return out[0] | out[1] << 8 | out[2] << 16 | out[3] << 24;  // UTF-32LE
}

int UnknownEncoding(void*, const XML_Char* name, XML_Encoding* info) {
  constexpr std::array<std::string_view, 4> kNames = {"GBK", "GB2312", "CP936", "GB18030"};
  if (std::none_of(kNames.begin(), kNames.end(),
                   [&](std::string_view n) { return EqualsNoCase(n, name); })) {
    return XML_STATUS_ERROR;
  }
  const iconv_t cd = iconv_open("UTF-32LE", "GBK");
  if (cd == reinterpret_cast<iconv_t>(-1)) return XML_STATUS_ERROR;
  for (int b = 0; b < 256; ++b) info->map[b] = b < 0x80 ? b : (b >= 0x81 && b <= 0xFE ? -2 : -1);
  info->data = cd;
  info->convert = ConvertGbk;
  info->release = [](void* cd) { iconv_close(static_cast<iconv_t>(cd)); };
  return XML_STATUS_OK;
}

// ---------------------------------------------------------------------------
// [SECTION] The reader

// What an open element is to the reader.
enum class Node : uint8_t {
  kAlert,
  kInfo,
  kArea,
  kPair,  // <eventCode> or <geocode>: a valueName and a value
  kLeaf,  // a CAP element whose text is the value
  kSkip,  // foreign (ds:Signature …) or not used by gridops, with all inside
};

struct Frame {
  Node node;
  std::string name;  // local name
};

class Reader {
 public:
  Reader() : parser_(XML_ParserCreateNS(nullptr, kNsSeparator), XML_ParserFree) {}

  Checked<CapAlert> Read(std::string_view xml) {
    XML_Parser p = parser_.get();
    if (!p) return Refuse(500, "", "CAP: could not create an XML parser (out of memory?)");
    XML_SetUserData(p, this);
    // Parameter entities are never read, and a DOCTYPE stops the parse at its
    // first byte, before any entity is declared: nothing is fetched, nothing
    // expands. No external entity handler is installed.
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetStartDoctypeDeclHandler(p, [](void* self, const XML_Char*, const XML_Char*,
                                         const XML_Char*, int) {
      static_cast<Reader*>(self)->Fail(
          "", "CAP: a DOCTYPE is not allowed (external entities and entity expansion are refused)");
    });
    XML_SetEntityDeclHandler(
        p, [](void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
              const XML_Char*, const XML_Char*, const XML_Char*) {
          static_cast<Reader*>(self)->Fail("", "CAP: entity declarations are not allowed");
        });
    XML_SetUnknownEncodingHandler(p, UnknownEncoding, nullptr);
    XML_SetElementHandler(
        p,
        [](void* self, const XML_Char* name, const XML_Char**) {
          static_cast<Reader*>(self)->Start(name);
        },
        [](void* self, const XML_Char*) { static_cast<Reader*>(self)->End(); });
    XML_SetCharacterDataHandler(p, [](void* self, const XML_Char* s, int len) {
      auto* r = static_cast<Reader*>(self);
      if (!r->error_ && !r->stack_.empty() && r->stack_.back().node == Node::kLeaf) {
        r->text_.append(s, static_cast<size_t>(len));
      }
    });

    const XML_Status status = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), XML_TRUE);
    if (error_) return std::unexpected(*error_);
    if (status != XML_STATUS_OK && XML_GetErrorCode(p) == XML_ERROR_UNKNOWN_ENCODING) {
      return Refuse(400, "",
                    "CAP: the body's encoding is not one gridops reads (UTF-8, UTF-16, "
                    "ISO-8859-1, US-ASCII, GBK or GB2312); send UTF-8");
    }
    if (status != XML_STATUS_OK) {
      return Refuse(400, "",
                    fmt::format("CAP: not well-formed XML at line {}, column {}: {}",
                                XML_GetCurrentLineNumber(p), XML_GetCurrentColumnNumber(p),
                                XML_ErrorString(XML_GetErrorCode(p))));
    }
    if (auto missing = Missing()) return Refuse(400, *missing, *missing + ": missing");
    return std::move(alert_);
  }

 private:
  void Fail(std::string field, std::string message) {
    if (error_) return;
    error_ = RequestError{400, std::move(field), std::move(message)};
    XML_StopParser(parser_.get(), XML_FALSE);
  }
  void Fail(const RequestError& e) { Fail(e.field, e.message); }

  void Start(std::string_view name) {
    if (error_) return;
    const size_t sep = name.rfind(kNsSeparator);
    const std::string_view ns = sep == name.npos ? "" : name.substr(0, sep);
    const std::string local(sep == name.npos ? name : name.substr(sep + 1));
    if (static_cast<int>(stack_.size()) >= kCapMaxDepth) {
      return Fail("", fmt::format("CAP: elements are nested deeper than {} levels", kCapMaxDepth));
    }
    if (!seen_root_) return StartRoot(ns, local);
    const bool cap = OneOf(kCapNamespaces, ns);
    Node node = Node::kSkip;
    switch (stack_.back().node) {
      case Node::kAlert:
        if (!cap) break;
        node = local == "info" ? Node::kInfo : Node::kLeaf;
        if (node == Node::kInfo) alert_.infos.emplace_back();
        break;
      case Node::kInfo:
        if (!cap || local == "parameter" || local == "resource") break;
        node = local == "area" ? Node::kArea : local == "eventCode" ? Node::kPair : Node::kLeaf;
        if (node == Node::kArea) alert_.infos.back().areas.emplace_back();
        break;
      case Node::kArea:
        if (cap) node = local == "geocode" ? Node::kPair : Node::kLeaf;
        break;
      case Node::kPair:
        if (cap) node = Node::kLeaf;
        break;
      case Node::kLeaf:
      case Node::kSkip:
        break;
    }
    if (node == Node::kPair) pair_ = {};
    if (node == Node::kLeaf) text_.clear();
    stack_.push_back({node, local});
  }

  void StartRoot(std::string_view ns, const std::string& local) {
    seen_root_ = true;
    if (local != "alert") {
      return Fail("", fmt::format("not a CAP alert: root element is <{}>{}; send the <alert> "
                                  "itself, not a feed or envelope around it",
                                  local, ns.empty() ? "" : fmt::format(" ({})", ns)));
    }
    if (!OneOf(kCapNamespaces, ns)) {
      return Fail("", fmt::format("not a CAP alert: <alert> is in {}; gridops reads CAP 1.2 ({}), "
                                  "1.1 and 1.0",
                                  ns.empty() ? "no namespace" : fmt::format("namespace {}", ns),
                                  kCapNamespaces[0]));
    }
    stack_.push_back({Node::kAlert, local});
  }

  void End() {
    if (error_ || stack_.empty()) return;
    const Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.node == Node::kPair) {
      auto& info = alert_.infos.back();
      (stack_.back().node == Node::kInfo ? info.event_codes : info.areas.back().geocodes)
          .push_back(std::move(pair_));
      return;
    }
    if (frame.node != Node::kLeaf) return;
    const std::string_view text = Trim(text_);
    switch (stack_.back().node) {
      case Node::kAlert:
        return SetAlertField(frame.name, text);
      case Node::kInfo:
        return SetInfoField(frame.name, text);
      case Node::kArea:
        return SetAreaField(frame.name, text);
      case Node::kPair:
        if (frame.name == "valueName") pair_.first = text;
        if (frame.name == "value") pair_.second = text;
        return;
      default:
        return;
    }
  }

  void SetAlertField(const std::string& name, std::string_view text) {
    auto set_enum = [&](std::string& to, const auto& values, std::string_view what) {
      if (!text.empty() && !OneOf(values, text)) {
        return Fail(
            name, fmt::format("{}: \"{}\" is not a CAP {} ({})", name, text, what, Listed(values)));
      }
      to = text;
    };
    if (name == "identifier" || name == "sender") {
      // References name messages as "sender,identifier,sent", space-separated.
      if (text.find_first_of(" \t\r\n,<&") != text.npos) {
        return Fail(name,
                    fmt::format("{}: \"{}\" may not contain spaces, commas, < or &", name, text));
      }
      (name == "identifier" ? alert_.identifier : alert_.sender) = text;
    } else if (name == "sent") {
      if (text.empty()) return;  // reported as missing
      auto t = ParseCapTime(name, text);
      if (!t) return Fail(t.error());
      alert_.sent = *t;
      has_sent_ = true;
    } else if (name == "status") {
      set_enum(alert_.status, kStatuses, "status");
    } else if (name == "msgType") {
      set_enum(alert_.msg_type, kMsgTypes, "message type");
    } else if (name == "scope") {
      set_enum(alert_.scope, kScopes, "scope");
    } else if (name == "note") {
      alert_.note = text;
    } else if (name == "references") {
      auto refs = ParseReferences(text);
      if (!refs) return Fail(refs.error());
      alert_.references = std::move(*refs);
    }
  }

  void SetInfoField(const std::string& name, std::string_view text) {
    static constexpr std::pair<std::string_view, std::string CapInfo::*> kTexts[] = {
        {"language", &CapInfo::language},       {"event", &CapInfo::event},
        {"urgency", &CapInfo::urgency},         {"severity", &CapInfo::severity},
        {"certainty", &CapInfo::certainty},     {"headline", &CapInfo::headline},
        {"description", &CapInfo::description}, {"instruction", &CapInfo::instruction},
        {"senderName", &CapInfo::sender_name}};
    static constexpr std::pair<std::string_view, TimeMs CapInfo::*> kTimes[] = {
        {"effective", &CapInfo::effective},
        {"onset", &CapInfo::onset},
        {"expires", &CapInfo::expires}};
    CapInfo& info = alert_.infos.back();
    if (name == "category") info.categories.emplace_back(text);
    for (const auto& [element, member] : kTexts) {
      if (element == name) info.*member = text;
    }
    for (const auto& [element, member] : kTimes) {
      if (element != name || text.empty()) continue;
      auto t = ParseCapTime(fmt::format("info[{}].{}", alert_.infos.size() - 1, name), text);
      if (!t) return Fail(t.error());
      info.*member = *t;
    }
  }

  void SetAreaField(const std::string& name, std::string_view text) {
    CapInfo& info = alert_.infos.back();
    CapArea& area = info.areas.back();
    const std::string field =
        fmt::format("info[{}].area[{}].{}", alert_.infos.size() - 1, info.areas.size() - 1, name);
    if (name == "areaDesc") {
      area.desc = text;
    } else if (name == "polygon") {
      auto ring = ParsePolygon(field, text);
      if (!ring) return Fail(ring.error());
      area.polygons.push_back(std::move(*ring));
    } else if (name == "circle") {
      auto circle = ParseCircle(field, text);
      if (!circle) return Fail(circle.error());
      area.circles.push_back(*circle);
    }
  }

  // The first required alert field that is absent or empty.
  std::optional<std::string> Missing() const {
    if (alert_.identifier.empty()) return "identifier";
    if (alert_.sender.empty()) return "sender";
    if (!has_sent_) return "sent";
    if (alert_.status.empty()) return "status";
    if (alert_.msg_type.empty()) return "msgType";
    if (alert_.scope.empty()) return "scope";
    return std::nullopt;
  }

  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser_;
  std::optional<RequestError> error_;
  std::vector<Frame> stack_;
  std::string text_;  // of the innermost open leaf
  std::pair<std::string, std::string> pair_;
  CapAlert alert_;
  bool seen_root_ = false;
  bool has_sent_ = false;
};

}  // namespace

Checked<CapAlert> ParseCap(std::string_view xml) {
  if (xml.size() > kCapMaxBytes) {
    return Refuse(
        413, "",
        fmt::format("CAP: the alert is {} bytes; at most {} are read", xml.size(), kCapMaxBytes));
  }
  if (Trim(xml).empty()) return Refuse(400, "", "CAP: the body is empty; send an <alert>");
  return Reader().Read(xml);
}

}  // namespace ops
