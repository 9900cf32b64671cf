// OASIS Common Alerting Protocol (CAP 1.2, also 1.1 and 1.0) alerts, and
// China's profile of it, GB/T 35965.1-2018 (应急信息交互协议 第1部分：预警信息),
// read into plain structs and turned into an incident (突发事件).
//
// The body comes from the network, so the parser is written for hostile
// input: any DOCTYPE is refused before its internal subset is read (no
// external entities, no entity expansion, hence no XXE and no billion laughs),
// the size and element depth are capped, and every refusal is one sentence
// naming the field at fault.
//
// GB/T 35965.1 identifiers ("ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N": the issuing
// unit's 14-digit code — administrative division (GB/T 2260), agency
// (GB/T 4657), internal unit, extension — then the Beijing-time entry
// timestamp and a serial digit) are ordinary CAP identifiers: opaque strings
// without spaces or commas. Text is UTF-8 throughout; a body declared
// GBK/GB2312 is converted on the way in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geo/geometry.hpp"
#include "ops/model.hpp"
#include "ops/request_error.hpp"

namespace ops {

// Bigger bodies are refused (413) unread: real alerts are a few KiB, and a
// polygon-heavy national one stays well under this.
inline constexpr size_t kCapMaxBytes = 1 << 20;
// Deeper nesting is refused: CAP itself is 4 levels deep (alert/info/area/
// geocode/value); the rest is room for foreign extensions such as ds:Signature.
inline constexpr int kCapMaxDepth = 32;

// An earlier message that an Update, Cancel, Ack or Error refers to; CAP
// writes each as "sender,identifier,sent", space-separated.
struct CapReference {
  std::string sender, identifier;
  TimeMs sent = 0;
};

// CAP writes a circle as "lat,lon radius_km"; kept here in gridops' order
// and units.
struct CapCircle {
  geo::LonLat center;
  double radius_m = 0;
};

struct CapArea {
  std::string desc;  // <areaDesc>
  // Each <polygon> as written ("lat,lon lat,lon …", first point repeated
  // last), converted to lon/lat.
  std::vector<std::vector<geo::LonLat>> polygons;
  std::vector<CapCircle> circles;
  std::vector<std::pair<std::string, std::string>> geocodes;  // valueName, value
};

struct CapInfo {
  std::string language, event, urgency, severity, certainty, headline, description, instruction,
      sender_name;
  std::vector<std::string> categories;                           // "Met", "Geo" …
  std::vector<std::pair<std::string, std::string>> event_codes;  // valueName, value
  TimeMs effective = 0, onset = 0, expires = 0;                  // 0 when absent
  std::vector<CapArea> areas;
};

struct CapAlert {
  std::string identifier, sender, status, msg_type, scope, note;
  TimeMs sent = 0;
  std::vector<CapReference> references;
  std::vector<CapInfo> infos;
};

// Reads one CAP <alert> (the document's root element; an alert wrapped in an
// Atom/RSS feed or an EDXL-DE envelope is refused, naming the root). Checks
// what gridops relies on: the required alert fields, status and msgType
// values, every dateTime, references, polygons and circles. Info-level codes
// (urgency, severity, certainty) are kept as written; a value IncidentFromCap
// does not know reads as "Unknown". Refusals are 400 (413 over kCapMaxBytes),
// field "" when the document as a whole is at fault.
Checked<CapAlert> ParseCap(std::string_view xml);

// The info block an incident is opened from: the first in Chinese (zh-CN,
// else any zh*), else the first; nullptr when there is none.
const CapInfo* PreferredCapInfo(const CapAlert& alert);

// The incident level of an info block: from <severity>, or — for "Unknown"
// — from a colour word (红色/橙色/黄色/蓝色) in the event, headline or an
// eventCode value; IV when there is none.
IncidentLevel CapIncidentLevel(const CapInfo& info);
// The incident class of an info block, from its first <category>.
IncidentClass CapIncidentClass(const CapInfo& info);

// An incident to open (or update) from an alert: PreferredCapInfo's level,
// class, headline (else event) and description, placed by the first area
// that has a polygon (its outer ring, open: the first point not repeated;
// centre = vertex mean) or a circle; at = sent. Refuses (400) an alert with
// no info block, an Ack or Error, and one located only by geocodes, which
// gridops cannot place on its map.
Checked<IncidentInput> IncidentFromCap(const CapAlert& alert);

}  // namespace ops
