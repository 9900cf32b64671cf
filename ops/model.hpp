// The city-operations domain as plain structs (DESIGN.md's vocabulary):
// demands with their closed loop, sensors and readings, incidents with their
// summons and report-ins, and the county's organisation. Times are UTC
// milliseconds since the Unix epoch everywhere in ops/; only the screen shows
// local time.
//
// [SECTION] Time and names
// [SECTION] Catalogue: taxonomy, departments
// [SECTION] Demands
// [SECTION] Sensors and readings
// [SECTION] Incidents
// [SECTION] Organisation
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "geo/geometry.hpp"
#include "geo/grid_set.hpp"
#include "ops/stage.hpp"

namespace ops {

// ---------------------------------------------------------------------------
// [SECTION] Time and names

using TimeMs = int64_t;  // UTC milliseconds since 1970-01-01T00:00:00Z
inline constexpr TimeMs kMinute = 60'000;
inline constexpr TimeMs kHour = 60 * kMinute;
inline constexpr TimeMs kDay = 24 * kHour;

// Now, from the system clock.
TimeMs NowMs();
// "2026-11-25T08:30:00Z" (milliseconds only when not zero).
std::string FormatTime(TimeMs t);
// ISO 8601 / RFC 3339 with a zone ("Z", "+08:00", "+0800"); a time without a
// zone is refused, because guessing it would shift an event by hours.
std::optional<TimeMs> ParseTime(std::string_view text);

// Every enum below has a stored/API name (English, snake_case) and a Chinese
// label for the screen.
struct Names {
  std::string_view en;
  std::string_view zh;
};

// The areas holding a located thing at every level (community, grid,
// compound, building); geo::kNoFeature where none does.
using AreaIds = std::array<geo::FeatureId, geo::kLevelCount>;

// ---------------------------------------------------------------------------
// [SECTION] Catalogue: taxonomy, departments

// A family of service items (sanitation, property and facilities …).
struct Family {
  std::string code;  // "sanitation"
  std::string zh;
  std::string en;
};

enum class ItemKind : uint8_t { kSelfGovernance, kAssisted };  // 自治事项 / 协助事项
inline constexpr std::array<Names, 2> kItemKindNames = {{
    {"self_governance", "自治事项"},
    {"assisted", "协助事项"},
}};

// One item of the county's list (需求清单): a demand's category.
struct Category {
  std::string code;    // "S01" … stable, used as the Open311 service_code
  std::string zh;      // "楼道杂物清理"
  std::string en;      // "Clearing clutter from stairwells"
  std::string family;  // Family::code
  ItemKind kind = ItemKind::kSelfGovernance;
  int deadline_hours = 72;  // from received to closed
  std::string description;  // what the item covers, for services.json
};

// A department that an incident can summon (吹哨) and a demand can go to.
struct Department {
  std::string code;  // "emergency"
  std::string zh;    // "县应急管理局"
  std::string en;
  std::string phone;
  int report_in_minutes = 30;  // default report-in deadline after a summons
};

// ---------------------------------------------------------------------------
// [SECTION] Demands

enum class Source : uint8_t { kHotline, kGridWorker, kApp, kWindow, kSensor };
inline constexpr int kSourceCount = 5;
inline constexpr std::array<Names, kSourceCount> kSourceNames = {{
    {"hotline", "12345热线"},
    {"grid_worker", "网格员上报"},
    {"app", "随手拍"},
    {"window", "服务窗口"},
    {"sensor", "感知设备"},
}};

// What a sender supplies for a new demand (an Open311 POST, the simulator).
struct DemandInput {
  std::string category;  // Category::code
  Source source = Source::kApp;
  std::string description;
  geo::LonLat location;  // WGS84 / CGCS2000 lon/lat in degrees
  std::string address;
  std::string contact_name;
  std::string contact_phone;
  std::string contact_email;
  std::string device_id;
  std::string media_url;
  TimeMs at = 0;  // when received; 0 = when the store commits it
};

// A demand as stored and shown: its input, where it fell, and where it is in
// its closed loop.
struct Demand {
  int64_t id = 0;  // 1, 2, 3 … in order of acknowledgement
  std::string category;
  Source source = Source::kApp;
  std::string description;
  std::string address;
  geo::LonLat lonlat;
  geo::Meters xy;  // display CRS
  AreaIds areas{geo::kNoFeature, geo::kNoFeature, geo::kNoFeature, geo::kNoFeature};
  Stage stage = Stage::kReceived;
  TimeMs received = 0;
  TimeMs deadline = 0;
  TimeMs updated = 0;
  TimeMs closed = 0;  // 0 while open
  int rework_count = 0;
  int satisfaction = 0;  // 1–5 from the resident at closing, 0 when not asked
  std::string assignee;  // department or member unit it was dispatched to
  // When it first left `received` (派遣: the response the response rate
  // times). Kept by ops::LiveState as transitions arrive; 0 while still in
  // received, and also 0 ("unknown") for a demand past received whose
  // history the live state did not see (a restart reads only the demands
  // table), which the response rate then leaves out.
  TimeMs responded = 0;

  bool Open() const { return stage != Stage::kClosed; }
  // Open past its deadline at `now`, or closed after it.
  bool Overdue(TimeMs now) const { return closed ? closed > deadline : now > deadline; }
};

// A move through the closed loop, as asked for.
struct TransitionInput {
  Stage to = Stage::kDispatched;
  std::string actor;  // who did it: "网格员 王芳", "12345 坐席 07"
  std::string note;
  std::string assignee;  // on dispatch: the department or unit
  int satisfaction = 0;  // on close: 1–5, 0 when not asked
  TimeMs at = 0;         // 0 = when the store commits it
};

// ---------------------------------------------------------------------------
// [SECTION] Sensors and readings

enum class SensorKind : uint8_t {
  kWaterLevel,
  kAirQuality,
  kGas,
  kCrowdDensity,
  kTraffic,
  kPower,
  kNoise,
  kSmoke
};
inline constexpr int kSensorKindCount = 8;
inline constexpr std::array<Names, kSensorKindCount> kSensorKindNames = {{
    {"water_level", "水位"},
    {"air_quality", "空气质量"},
    {"gas", "燃气浓度"},
    {"crowd_density", "人流密度"},
    {"traffic", "交通流量"},
    {"power", "电力负荷"},
    {"noise", "噪声"},
    {"smoke", "烟感"},
}};

enum class AlertState : uint8_t { kNormal, kWarn, kAlarm };
inline constexpr std::array<Names, 3> kAlertStateNames = {{
    {"normal", "正常"},
    {"warn", "预警"},
    {"alarm", "告警"},
}};

struct SensorSpec {
  std::string id;  // the operator's code, "WL-001"
  SensorKind kind = SensorKind::kWaterLevel;
  std::string name;  // "黄河府谷水文站"
  geo::LonLat location;
  std::string unit;  // "m", "μg/m³", "%LEL", "人/100m²" …
  // A reading at or past `warn` (`alarm`) raises the state; it falls back only
  // once the value is `hysteresis` inside the threshold, so a value hovering
  // on a threshold does not flap.
  double warn = 0;
  double alarm = 0;
  double hysteresis = 0;
  bool falling = false;  // true when low values are the danger (e.g. pressure)
};

struct Sensor {
  SensorSpec spec;
  geo::Meters xy;
  AreaIds areas{geo::kNoFeature, geo::kNoFeature, geo::kNoFeature, geo::kNoFeature};
  AlertState state = AlertState::kNormal;
  double last_value = 0;
  TimeMs last_at = 0;  // 0 before the first reading
  TimeMs state_since = 0;
};

struct Reading {
  std::string sensor;  // SensorSpec::id
  TimeMs at = 0;
  double value = 0;
};

// The state a reading moves a sensor to, from `current`, with hysteresis.
AlertState NextAlertState(const SensorSpec& spec, AlertState current, double value);

// ---------------------------------------------------------------------------
// [SECTION] Incidents

enum class IncidentLevel : uint8_t { kI = 1, kII, kIII, kIV };  // 特别重大 … 一般
inline constexpr std::array<Names, 4> kIncidentLevelNames = {{
    {"I", "特别重大"},
    {"II", "重大"},
    {"III", "较大"},
    {"IV", "一般"},
}};
enum class IncidentClass : uint8_t { kNaturalDisaster, kAccident, kPublicHealth, kSocialSafety };
inline constexpr std::array<Names, 4> kIncidentClassNames = {{
    {"natural_disaster", "自然灾害"},
    {"accident", "事故灾难"},
    {"public_health", "公共卫生事件"},
    {"social_safety", "社会安全事件"},
}};
enum class IncidentStage : uint8_t { kWarning, kResponding, kHandling, kEnded };
inline constexpr std::array<Names, 4> kIncidentStageNames = {{
    {"warning", "预警"},
    {"responding", "响应"},
    {"handling", "处置"},
    {"ended", "结束"},
}};

// A call to a department (吹哨) and its answer (报到).
struct Summons {
  std::string department;  // Department::code
  TimeMs summoned = 0;
  TimeMs deadline = 0;   // report in by then, or escalate
  TimeMs reported = 0;   // 0 until the department reports in
  TimeMs escalated = 0;  // when lateness was escalated; 0 if never
  std::string reported_by;
};

// What an incident's log line records. A line gridops writes keeps its
// parts, so each display words it in its own language (ops::LogLine); a
// note is the coordinator's own words and is shown as written.
enum class LogKind : uint8_t {
  kNote,
  kOpened,
  kUpdated,    // by a CAP update
  kCancelled,  // by a CAP cancel
  kSummons,
  kReportIn,
  kEscalated,
  kStage,
  kClosed,
};
inline constexpr std::array<Names, 9> kLogKindNames = {{
    {"note", "记录"},
    {"opened", "启动"},
    {"updated", "更新"},
    {"cancelled", "撤销"},
    {"summons", "吹哨"},
    {"report_in", "报到"},
    {"escalated", "升级"},
    {"stage", "阶段"},
    {"closed", "结束"},
}};

// A department a log line names, with its minutes: the report-in limit
// (summons) or how late it reported in (report-in; 0: on time).
struct LogDepartment {
  std::string code;  // Department::code
  int minutes = 0;
};

struct LogEntry {
  TimeMs at = 0;
  std::string actor;
  // The line in Chinese, as stored and served by the API: LogLine's words
  // for a line gridops wrote, the coordinator's own for a note. Stores from
  // before LogKind hold only this (read back as notes).
  std::string text;
  LogKind kind = LogKind::kNote;
  int value = 0;        // the level 1–4 (opened, updated), the IncidentStage (stage)
  std::string subject;  // the title (opened, updated), the summary (closed)
  std::string alert;    // the CAP alert's identifier (opened from one, updated, cancelled)
  std::vector<LogDepartment> departments;  // summons, report-in, escalated
};

struct IncidentInput {
  IncidentLevel level = IncidentLevel::kIV;
  IncidentClass klass = IncidentClass::kAccident;
  std::string title;
  std::string description;
  geo::LonLat center;
  double radius_m = 0;               // a circle when > 0 …
  std::vector<geo::LonLat> polygon;  // … or a polygon (outer ring)
  std::string cap_identifier;        // when opened from a CAP alert
  std::string cap_sender;
  std::string actor;
  TimeMs at = 0;
};

struct Incident {
  int64_t id = 0;
  IncidentInput opened_as;  // level, class, area … as last updated
  IncidentStage stage = IncidentStage::kWarning;
  TimeMs opened = 0;
  TimeMs ended = 0;
  std::string summary;  // on close
  std::vector<Summons> summons;
  std::vector<LogEntry> log;
};

// ---------------------------------------------------------------------------
// [SECTION] Organisation

// 五级五长: the responsible chief of each area level.
enum class ChiefRole : uint8_t { kStreet, kCommunity, kGrid, kCompound, kBuilding };
inline constexpr std::array<Names, 5> kChiefRoleNames = {{
    {"street", "街长"},
    {"community", "社区长"},
    {"grid", "网格长"},
    {"compound", "小区长"},
    {"building", "楼栋长"},
}};
struct Chief {
  std::string area_code;
  ChiefRole role = ChiefRole::kGrid;
  std::string name;
  std::string phone;
  bool on_duty = true;
};

enum class PartyOrgKind : uint8_t { kCommunityCommittee, kGridOrganisation, kCompoundBranch };
inline constexpr std::array<Names, 3> kPartyOrgKindNames = {{
    {"community_committee", "社区党委"},
    {"grid_organisation", "网格党组织"},
    {"compound_branch", "小区党支部"},
}};
struct PartyOrg {
  std::string area_code;
  PartyOrgKind kind = PartyOrgKind::kGridOrganisation;
  std::string name;
  std::string secretary;
  std::string phone;
};

// A unit registered with a community under 双报到, with its cadres.
struct MemberUnit {
  std::string id;  // "U001"
  std::string name;
  std::string community_code;
  int members = 0;
  std::string contact;
  std::string phone;
};

struct Organisation {
  std::vector<Chief> chiefs;
  std::vector<PartyOrg> party_orgs;
  std::vector<MemberUnit> units;
  std::vector<std::string> demonstration_compounds;  // compound codes (示范小区)
};

// ---------------------------------------------------------------------------

// The stored/API name of an enum value, and the value a name denotes.
template <typename E, size_t N>
constexpr std::string_view NameOf(const std::array<Names, N>& names, E e) {
  return names[static_cast<size_t>(e) - (std::is_same_v<E, IncidentLevel> ? 1 : 0)].en;
}
template <typename E, size_t N>
std::optional<E> ParseName(const std::array<Names, N>& names, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i].en == text) {
      return static_cast<E>(i + (std::is_same_v<E, IncidentLevel> ? 1 : 0));
    }
  }
  return std::nullopt;
}
// The accepted names, "a, b or c", for error messages.
template <size_t N>
std::string NameList(const std::array<Names, N>& names) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i) out += i + 1 == N ? " or " : ", ";
    out += names[i].en;
  }
  return out;
}

}  // namespace ops
