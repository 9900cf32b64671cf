// The incident a CAP alert describes: level from severity (or the warning
// colour of Chinese alerts), class from category, area from the first
// polygon or circle.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "geo/ring.hpp"
#include "ops/cap.hpp"
#include "ops/cap_text.hpp"

namespace ops {
namespace {

using cap_text::EqualsNoCase;
using cap_text::OneOf;

// Warning colours (预警颜色) as Chinese alerts write them, most severe first.
// Two characters each: a bare 黄 would match 黄河, the Yellow River.
struct Colour {
  std::string_view zh, en;
  IncidentLevel level;
};
constexpr std::array<Colour, 4> kColours = {{
    {"红色", "Red", IncidentLevel::kI},
    {"橙色", "Orange", IncidentLevel::kII},
    {"黄色", "Yellow", IncidentLevel::kIII},
    {"蓝色", "Blue", IncidentLevel::kIV},
}};

std::optional<IncidentLevel> ColourLevel(const CapInfo& info) {
  for (const Colour& c : kColours) {
    // GB/T-style feeds may also put the colour itself in <severity> or an
    // eventCode value.
    if (EqualsNoCase(info.severity, c.en)) return c.level;
    if (info.event.find(c.zh) != std::string::npos) return c.level;
    if (info.headline.find(c.zh) != std::string::npos) return c.level;
    for (const auto& [name, value] : info.event_codes) {
      if (value.find(c.zh) != std::string::npos || EqualsNoCase(value, c.en)) return c.level;
    }
  }
  return std::nullopt;
}

}  // namespace

const CapInfo* PreferredCapInfo(const CapAlert& alert) {
  auto language_is = [](const CapInfo& info, std::string_view prefix) {
    return info.language.size() >= prefix.size() &&
           EqualsNoCase(std::string_view(info.language).substr(0, prefix.size()), prefix);
  };
  for (std::string_view prefix : {"zh-CN", "zh"}) {
    for (const CapInfo& info : alert.infos) {
      if (language_is(info, prefix)) return &info;
    }
  }
  return alert.infos.empty() ? nullptr : &alert.infos.front();
}

IncidentLevel CapIncidentLevel(const CapInfo& info) {
  if (info.severity == "Extreme") return IncidentLevel::kI;
  if (info.severity == "Severe") return IncidentLevel::kII;
  if (info.severity == "Moderate") return IncidentLevel::kIII;
  if (info.severity == "Minor") return IncidentLevel::kIV;
  return ColourLevel(info).value_or(IncidentLevel::kIV);
}

// CAP <category> → the four classes of the Emergency Response Law:
//
//   Geo, Met, Env                     → natural_disaster 自然灾害
//   Health                            → public_health    公共卫生事件
//   Safety, Security, Rescue          → social_safety    社会安全事件
//   Fire, Transport, Infra, CBRNE,
//   Other (and none, or unknown)      → accident         事故灾难
//
// The first category that names a class decides.
IncidentClass CapIncidentClass(const CapInfo& info) {
  constexpr std::array<std::string_view, 3> kNatural = {"Geo", "Met", "Env"};
  constexpr std::array<std::string_view, 3> kSocial = {"Safety", "Security", "Rescue"};
  constexpr std::array<std::string_view, 5> kAccident = {"Fire", "Transport", "Infra", "CBRNE",
                                                         "Other"};
  for (const std::string& category : info.categories) {
    if (OneOf(kNatural, category)) return IncidentClass::kNaturalDisaster;
    if (category == "Health") return IncidentClass::kPublicHealth;
    if (OneOf(kSocial, category)) return IncidentClass::kSocialSafety;
    if (OneOf(kAccident, category)) return IncidentClass::kAccident;
  }
  return IncidentClass::kAccident;
}

Checked<IncidentInput> IncidentFromCap(const CapAlert& alert) {
  if (alert.msg_type == "Ack" || alert.msg_type == "Error") {
    return Refuse(400, "msgType",
                  fmt::format("msgType: an {} answers another message and describes no incident",
                              alert.msg_type));
  }
  const CapInfo* info = PreferredCapInfo(alert);
  if (!info) {
    return Refuse(400, "info",
                  "info: the alert has no <info> block, so no event, severity or area to open "
                  "an incident from");
  }
  IncidentInput in;
  in.level = CapIncidentLevel(*info);
  in.klass = CapIncidentClass(*info);
  in.title = !info->headline.empty() ? info->headline : info->event;
  if (in.title.empty()) {
    return Refuse(400, "event", "event: missing; an incident needs a headline or an event");
  }
  in.description = info->description;
  in.cap_identifier = alert.identifier;
  in.cap_sender = alert.sender;
  in.actor = !info->sender_name.empty() ? info->sender_name : alert.sender;
  in.at = alert.sent;

  const auto area = std::find_if(info->areas.begin(), info->areas.end(), [](const CapArea& a) {
    return !a.polygons.empty() || !a.circles.empty();
  });
  if (area == info->areas.end()) {
    return Refuse(400, "area",
                  fmt::format("area: {}; gridops needs a <polygon> or <circle> to place the "
                              "incident on its map (geocodes alone are not enough)",
                              info->areas.empty() ? "the alert has no <area>"
                                                  : "no <area> has a polygon or circle"));
  }
  if (!area->polygons.empty()) {
    in.polygon = area->polygons.front();
    // gridops rings are open: the first point is not repeated at the end.
    if (in.polygon.size() > 1 && in.polygon.front() == in.polygon.back()) in.polygon.pop_back();
    in.center = geo::InteriorPoint(in.polygon);
  } else {
    in.center = area->circles.front().center;
    in.radius_m = area->circles.front().radius_m;
  }
  return in;
}

}  // namespace ops
