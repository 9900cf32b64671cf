// The JSON bodies of the ingest API (docs/api.md) other than Open311: each
// request body parsed into its model struct, refused with a RequestError
// naming the field otherwise, and the reverse (ToJson) for the simulator's
// HTTP client, so that Parse(ToJson(x)) == x. Then the answers: errors,
// demands, sensors and incidents as the API shows them.
//
// Every parser refuses a body that is not JSON (naming the byte where it
// stops being JSON), a body of the wrong shape, a field of the wrong type,
// text that is not UTF-8, non-finite numbers and out-of-range values; it
// never throws. Unknown fields are ignored. `actor` is optional ("" when
// absent, at most kMaxActorBytes); `at` is RFC 3339 with a zone and 0 when
// absent, meaning "when the store commits it".
//
// [SECTION] Reading fields (shared with open311.cpp)
// [SECTION] Request bodies
// [SECTION] Sensor readings (the hot path)
// [SECTION] Answers
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/model.hpp"
#include "ops/request_error.hpp"

namespace ops {

// ---------------------------------------------------------------------------
// [SECTION] Reading fields (shared with open311.cpp)

// Limits on text fields, in bytes of UTF-8.
inline constexpr size_t kMaxActorBytes = 200;
inline constexpr size_t kMaxNameBytes = 200;   // titles, names, departments, addresses
inline constexpr size_t kMaxIdBytes = 64;      // sensor ids, area codes, unit ids
inline constexpr size_t kMaxTextBytes = 4000;  // descriptions, notes, log text (Open311's limit)

// The body as a JSON value; a 400 for the whole body (field "") that says at
// which byte it stops being JSON otherwise (nlohmann's parser also refuses
// strings that are not UTF-8 there).
Checked<nlohmann::json> ParseJsonBody(std::string_view body);
// The same, and a 400 unless the value is an object.
Checked<nlohmann::json> ParseJsonObject(std::string_view body);

// `text` as an RFC 3339 time with a zone for `field`, or a 400 that says
// what is wrong ("at: \"2026-11-25T08:30:00\" has no time zone; add Z or
// +08:00"). Times at or before 1970 are refused: 0 means "not given".
Checked<TimeMs> ParseTimeField(std::string_view field, std::string_view text);

// A value as quoted in an error message: strings in quotes, cut after about
// 60 bytes, with bytes that are not UTF-8 shown as \xNN so that the message
// itself stays UTF-8; arrays and objects by their kind.
std::string ShowText(std::string_view text);
// `text` whole, with only the bytes that are not UTF-8 written as \xNN.
std::string ToValidUtf8(std::string_view text);
std::string ShowJson(const nlohmann::json& value);

// JSON text that never throws: bytes that are not UTF-8 (which no parser
// here lets through, but a stored name might carry) become U+FFFD.
std::string DumpJson(const nlohmann::json& value, int indent = -1);

// Reads the fields of one JSON object into a struct. The first problem is
// kept and every later read does nothing, so a parser reads all its fields
// and then looks at Error() once. A JSON null counts as absent.
//
//   FieldReader f(object);
//   f.String("actor", out.actor, kMaxActorBytes);
//   f.Time("at", out.at);
//   if (f.Error()) return std::unexpected(*f.Error());
class FieldReader {
 public:
  // `object` is the body (checked to be an object here) and must outlive the
  // reader; `prefix` goes before every field name in messages ("sensors[2].").
  explicit FieldReader(const nlohmann::json& object, std::string prefix = {});

  // Form bodies hold only strings: numbers and booleans are then read from
  // their text ("39.03", "true").
  void SetValuesAreText(bool text) { values_are_text_ = text; }

  bool Has(std::string_view key) const;
  // The value under `key`, or nullptr when absent or null.
  const nlohmann::json* Find(std::string_view key) const;

  // Each returns whether the field was present and read; a missing required
  // field is refused as "key: missing".
  bool String(std::string_view key, std::string& out, size_t max_bytes, bool required = false);
  bool Number(std::string_view key, double& out, double min, double max, bool required = false);
  bool Int(std::string_view key, int& out, int min, int max, bool required = false);
  bool Bool(std::string_view key, bool& out);
  bool Time(std::string_view key, TimeMs& out, bool required = false);
  bool LonLat(std::string_view lon_key, std::string_view lat_key, geo::LonLat& out,
              bool required = false);
  // An enum by its English (or Chinese) name from one of model.hpp's tables.
  template <typename E, typename NameTable>
  bool Enum(std::string_view key, const NameTable& names, E& out, bool required = false) {
    std::string text;
    if (!String(key, text, kMaxNameBytes, required)) return false;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i].en == text || names[i].zh == text) {
        out = static_cast<E>(i + (std::is_same_v<E, IncidentLevel> ? 1 : 0));
        return true;
      }
    }
    std::string list;
    for (size_t i = 0; i < names.size(); ++i) {
      if (i) list += i + 1 == names.size() ? " or " : ", ";
      list += names[i].en;
    }
    Fail(key, ShowText(text) + " is not one of " + list);
    return false;
  }

  // Records a problem with `key` (message without the field name) unless one
  // was recorded before.
  void Fail(std::string_view key, std::string_view problem, int status = 400);
  // The full field name: prefix + key.
  std::string Field(std::string_view key) const;
  const std::optional<RequestError>& Error() const { return error_; }

 private:
  const nlohmann::json& object_;
  std::string prefix_;
  bool values_are_text_ = false;
  std::optional<RequestError> error_;
};

// ---------------------------------------------------------------------------
// [SECTION] Request bodies

// POST /api/v1/demands/{id}/transition: {"to", "actor", "note", "assignee",
// "satisfaction" (1–5, only with "closed"), "at"}.
Checked<TransitionInput> ParseTransition(std::string_view body);
nlohmann::json ToJson(const TransitionInput& move);

// POST /api/v1/sensors: one sensor object or an array of them (at least
// one); any bad sensor refuses the whole body.
Checked<std::vector<SensorSpec>> ParseSensors(std::string_view body);
nlohmann::json ToJson(const SensorSpec& sensor);

// POST /api/v1/incidents: a circle (lon, lat, radius_m) or a polygon.
Checked<IncidentInput> ParseIncident(std::string_view body);
nlohmann::json ToJson(const IncidentInput& incident);

// POST /api/v1/incidents/{id}/summons. Whether the departments exist is the
// server's to check.
struct SummonsInput {
  std::vector<std::string> departments;  // Department::code, at least one, no repeats
  int report_in_minutes = 0;             // 1–1440; 0 = each department's default
  std::string actor;
  TimeMs at = 0;
  friend bool operator==(const SummonsInput&, const SummonsInput&) = default;
};
Checked<SummonsInput> ParseSummons(std::string_view body);
nlohmann::json ToJson(const SummonsInput& summons);

// POST /api/v1/incidents/{id}/report-ins.
struct ReportInInput {
  std::string department;
  std::string actor;
  TimeMs at = 0;
  friend bool operator==(const ReportInInput&, const ReportInInput&) = default;
};
Checked<ReportInInput> ParseReportIn(std::string_view body);
nlohmann::json ToJson(const ReportInInput& report_in);

// POST /api/v1/incidents/{id}/stage.
struct IncidentStageInput {
  IncidentStage to = IncidentStage::kResponding;
  std::string actor;
  TimeMs at = 0;
  friend bool operator==(const IncidentStageInput&, const IncidentStageInput&) = default;
};
Checked<IncidentStageInput> ParseIncidentStage(std::string_view body);
nlohmann::json ToJson(const IncidentStageInput& stage);

// POST /api/v1/incidents/{id}/log ({"text": …}, field "text") and …/close
// ({"summary": …}, field "summary"): the text is required, at most
// kMaxTextBytes.
struct TextInput {
  std::string text;
  std::string actor;
  TimeMs at = 0;
  friend bool operator==(const TextInput&, const TextInput&) = default;
};
Checked<TextInput> ParseText(std::string_view body, std::string_view field);
nlohmann::json ToJson(const TextInput& text, std::string_view field);

// The organisation (五级五长, 双报到): whether the area or community exists is
// the server's to check.
Checked<Chief> ParseChief(std::string_view body);
Checked<MemberUnit> ParseMemberUnit(std::string_view body);
Checked<PartyOrg> ParsePartyOrg(std::string_view body);
nlohmann::json ToJson(const Chief& chief);
nlohmann::json ToJson(const MemberUnit& unit);
nlohmann::json ToJson(const PartyOrg& org);

// ---------------------------------------------------------------------------
// [SECTION] Sensor readings (the hot path)

// A readings batch, read item by item: a bad reading is set aside with its
// reason and the rest go on.
struct ReadingsBatch {
  std::vector<Reading> readings;  // `at` is 0 where the reading gave none
  std::vector<size_t> index;      // each accepted reading's position in the body's array
  // Position and reason of each refused item; fields read "readings[3].value".
  std::vector<std::pair<size_t, RequestError>> rejected;
};

// POST /api/v1/readings: an array, or {"readings": [...]}, of {"sensor",
// "at", "value"}. A body that is not JSON or not of that shape is refused
// whole (400); more than `max_items` items is a 413. Parses with nlohmann's
// SAX interface: no DOM, one string allocation per accepted reading.
Checked<ReadingsBatch> ParseReadings(std::string_view body, size_t max_items = 100000);
// {"readings": [...]}, what ParseReadings reads back.
nlohmann::json ToJson(std::span<const Reading> readings);

// ---------------------------------------------------------------------------
// [SECTION] Answers

// {"error": {"status", "field", "message"}}.
nlohmann::json ErrorJson(const RequestError& error);

// The areas holding a thing, by level: {"community": {"code", "name"} or
// null, "grid": …, "compound": …, "building": …}.
nlohmann::json AreasJson(const AreaIds& areas, const geo::GridSet& grids);

// A demand as GET /api/v1/demands/{id} shows it (without its timeline):
// names of its category, family, source and stage in both languages, its
// areas, times in RFC 3339 UTC (null when not yet), whether it is overdue at
// `now`.
nlohmann::json DemandJson(const Demand& demand, const Catalog& catalog, const geo::GridSet& grids,
                          TimeMs now);
// A sensor with its state and latest value (null before the first reading).
nlohmann::json SensorJson(const Sensor& sensor, const geo::GridSet& grids);
// An incident with its summons and log. A summons is `late` when it was
// reported in after its deadline, or is still not reported in at `now` past
// it.
nlohmann::json IncidentJson(const Incident& incident, const Catalog& catalog, TimeMs now);

}  // namespace ops
