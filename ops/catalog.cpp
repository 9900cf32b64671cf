// Reading the county's lists strictly: a list that loads is whole and
// consistent, and a list that does not names the file, the JSON path and the
// value at fault in one sentence.
//
// [SECTION] Reading JSON fields with their paths
// [SECTION] Catalogue: taxonomy and departments
// [SECTION] Sensors
// [SECTION] Organisation
#include "ops/catalog.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

namespace ops {

namespace fs = std::filesystem;
using nlohmann::json;

const Category* Catalog::FindCategory(std::string_view code) const {
  for (const Category& c : categories) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const Family* Catalog::FindFamily(std::string_view code) const {
  for (const Family& f : families) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

const Department* Catalog::FindDepartment(std::string_view code) const {
  for (const Department& d : departments) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

fs::path OpsDataDirectory() {
  return fs::path(GRIDOPS_SOURCE_DIR) / "data" / "ops";
}

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Reading JSON fields with their paths

// A value as quoted in a message: JSON text, cut short when long.
std::string Show(const json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "…";
  return text;
}

// Reads one file's fields, keeping the first problem: every later read does
// nothing, so a loader reads everything and looks at error() once.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  bool ok() const { return !error_; }
  const std::optional<geo::Error>& error() const { return error_; }

  void Fail(const std::string& path, const std::string& problem,
            geo::ErrorCode code = geo::ErrorCode::kInvalidInput) {
    if (error_) return;
    error_ = geo::Error{code, path.empty() ? fmt::format("{}: {}", file_, problem)
                                           : fmt::format("{}: {}: {}", file_, path, problem)};
  }

  // The member `key` of `object`, or nullptr (and a "missing" failure when
  // required). A JSON null counts as missing.
  const json* Member(const json& object, const std::string& path, const char* key,
                     bool required = true) {
    if (!ok()) return nullptr;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) Fail(Join(path, key), "missing");
      return nullptr;
    }
    return &*it;
  }

  // The array under `key`; empty arrays are allowed only where said.
  const json* Array(const json& object, const std::string& path, const char* key,
                    bool allow_empty = false) {
    const json* v = Member(object, path, key);
    if (!v) return nullptr;
    if (!v->is_array()) {
      Fail(Join(path, key), Show(*v) + " is not an array");
      return nullptr;
    }
    if (v->empty() && !allow_empty) {
      Fail(Join(path, key), "the list is empty");
      return nullptr;
    }
    return v;
  }

  bool Object(const json& value, const std::string& path) {
    if (!ok()) return false;
    if (value.is_object()) return true;
    Fail(path, Show(value) + " is not an object");
    return false;
  }

  bool String(const json& object, const std::string& path, const char* key, std::string& out,
              bool required = true) {
    const json* v = Member(object, path, key, required);
    if (!v) return false;
    if (!v->is_string()) {
      Fail(Join(path, key), Show(*v) + " is not a string");
      return false;
    }
    out = v->get<std::string>();
    if (out.empty() && required) {
      Fail(Join(path, key), "the text is empty");
      return false;
    }
    return true;
  }

  // A string of decimal digits: an area code.
  bool Code(const json& object, const std::string& path, const char* key, std::string& out) {
    if (!String(object, path, key, out)) return false;
    for (char c : out) {
      if (c < '0' || c > '9') {
        Fail(Join(path, key), Show(json(out)) + " is not an area code (digits only)");
        return false;
      }
    }
    return true;
  }

  // A whole number > 0; `unit` names it in the message ("hours").
  bool PositiveInt(const json& object, const std::string& path, const char* key, int& out,
                   const char* unit) {
    const json* v = Member(object, path, key);
    if (!v) return false;
    const bool whole = v->is_number_integer() ||
                       (v->is_number_float() && std::floor(v->get<double>()) == v->get<double>());
    if (!v->is_number() || !whole || v->get<double>() <= 0 || v->get<double>() > 1e9) {
      Fail(Join(path, key), fmt::format("{} is not a positive number of {}", Show(*v), unit));
      return false;
    }
    out = static_cast<int>(v->get<double>());
    return true;
  }

  bool Number(const json& object, const std::string& path, const char* key, double& out) {
    const json* v = Member(object, path, key);
    if (!v) return false;
    if (!v->is_number()) {
      Fail(Join(path, key), Show(*v) + " is not a number");
      return false;
    }
    out = v->get<double>();
    return true;
  }

  bool Bool(const json& object, const std::string& path, const char* key, bool& out) {
    const json* v = Member(object, path, key, false);
    if (!v) return false;
    if (!v->is_boolean()) {
      Fail(Join(path, key), Show(*v) + " is not true or false");
      return false;
    }
    out = v->get<bool>();
    return true;
  }

  // An enum by its English name from one of model.hpp's tables.
  template <typename E, size_t N>
  bool Enum(const json& object, const std::string& path, const char* key,
            const std::array<Names, N>& names, E& out) {
    std::string text;
    if (!String(object, path, key, text)) return false;
    if (const auto e = ParseName<E>(names, text)) {
      out = *e;
      return true;
    }
    Fail(Join(path, key), fmt::format("{} is not one of {}", Show(json(text)), NameList(names)));
    return false;
  }

  static std::string Join(const std::string& path, const char* key) {
    return path.empty() ? std::string(key) : path + "." + key;
  }
  static std::string Item(const char* list, size_t i) { return fmt::format("{}[{}]", list, i); }

 private:
  std::string file_;
  std::optional<geo::Error> error_;
};

// The file's JSON document, which must be an object; failures name the file
// (and for bad JSON its line and column).
geo::Result<json> ReadJsonFile(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    return geo::Fail(geo::ErrorCode::kNotFound, fmt::format("{}: no such file", file.string()));
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    return geo::Fail(geo::ErrorCode::kUnreadable, fmt::format("{}: cannot read", file.string()));
  }
  const std::string text = buffer.str();
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann counts bytes; people count lines.
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      column = text[i] == '\n' ? 1 : column + 1;
      line += text[i] == '\n';
    }
    return geo::Fail(geo::ErrorCode::kUnreadable,
                     fmt::format("{}: not valid JSON at line {}, column {}: {}", file.string(),
                                 line, column, e.what()));
  }
  if (!doc.is_object()) {
    return geo::Fail(
        geo::ErrorCode::kInvalidInput,
        fmt::format("{}: the top level is {}, not an object", file.string(), Show(doc)));
  }
  return doc;
}

// Remembers keys seen in one list, so a repeat names its first use.
class Unique {
 public:
  // Where `key` was seen first, or nothing (and it is remembered at `path`).
  std::optional<std::string> Seen(const std::string& key, const std::string& path) {
    const auto [it, fresh] = first_.emplace(key, path);
    if (fresh) return std::nullopt;
    return it->second;
  }
  // A failure when the code at `path` repeats an earlier one.
  void Add(Reader& r, const std::string& code, const std::string& path) {
    if (!r.ok()) return;
    if (const auto first = Seen(code, path)) {
      r.Fail(path, fmt::format("{} repeats {}", Show(json(code)), *first));
    }
  }

 private:
  std::map<std::string, std::string> first_;
};

// ---------------------------------------------------------------------------
// [SECTION] Catalogue: taxonomy and departments

void ReadTaxonomy(const json& doc, Reader& r, Catalog& out) {
  Unique family_codes;
  if (const json* families = r.Array(doc, "", "families")) {
    for (size_t i = 0; i < families->size() && r.ok(); ++i) {
      const json& item = (*families)[i];
      const std::string path = Reader::Item("families", i);
      if (!r.Object(item, path)) break;
      Family f;
      r.String(item, path, "code", f.code);
      r.String(item, path, "zh", f.zh);
      r.String(item, path, "en", f.en);
      family_codes.Add(r, f.code, path + ".code");
      out.families.push_back(std::move(f));
    }
  }
  Unique category_codes;
  const json* categories = r.Array(doc, "", "categories");
  for (size_t i = 0; categories && i < categories->size() && r.ok(); ++i) {
    const json& item = (*categories)[i];
    const std::string path = Reader::Item("categories", i);
    if (!r.Object(item, path)) break;
    Category c;
    r.String(item, path, "code", c.code);
    category_codes.Add(r, c.code, path + ".code");
    r.String(item, path, "zh", c.zh);
    r.String(item, path, "en", c.en);
    if (r.String(item, path, "family", c.family) && !out.FindFamily(c.family)) {
      std::string known;
      for (const Family& f : out.families) known += (known.empty() ? "" : ", ") + f.code;
      r.Fail(path + ".family",
             fmt::format("{} is not one of the families ({})", Show(json(c.family)), known));
    }
    r.Enum(item, path, "kind", kItemKindNames, c.kind);
    r.PositiveInt(item, path, "deadline_hours", c.deadline_hours, "hours");
    r.String(item, path, "description", c.description);
    out.categories.push_back(std::move(c));
  }
}

void ReadDepartments(const json& doc, Reader& r, Catalog& out) {
  Unique codes;
  const json* departments = r.Array(doc, "", "departments");
  for (size_t i = 0; departments && i < departments->size() && r.ok(); ++i) {
    const json& item = (*departments)[i];
    const std::string path = Reader::Item("departments", i);
    if (!r.Object(item, path)) break;
    Department d;
    r.String(item, path, "code", d.code);
    codes.Add(r, d.code, path + ".code");
    r.String(item, path, "zh", d.zh);
    r.String(item, path, "en", d.en);
    r.String(item, path, "phone", d.phone, false);
    r.PositiveInt(item, path, "report_in_minutes", d.report_in_minutes, "minutes");
    out.departments.push_back(std::move(d));
  }
}

}  // namespace

geo::Result<Catalog> LoadCatalog(const fs::path& dir) {
  Catalog catalog;
  const fs::path taxonomy_file = dir / "taxonomy.json";
  auto taxonomy = ReadJsonFile(taxonomy_file);
  if (!taxonomy) return std::unexpected(taxonomy.error());
  Reader taxonomy_reader(taxonomy_file.string());
  ReadTaxonomy(*taxonomy, taxonomy_reader, catalog);
  if (taxonomy_reader.error()) return std::unexpected(*taxonomy_reader.error());

  const fs::path departments_file = dir / "departments.json";
  auto departments = ReadJsonFile(departments_file);
  if (!departments) return std::unexpected(departments.error());
  Reader departments_reader(departments_file.string());
  ReadDepartments(*departments, departments_reader, catalog);
  if (departments_reader.error()) return std::unexpected(*departments_reader.error());
  return catalog;
}

// ---------------------------------------------------------------------------
// [SECTION] Sensors

namespace {

void ReadSensor(const json& item, const std::string& path, Reader& r, SensorSpec& s) {
  r.String(item, path, "id", s.id);
  r.Enum(item, path, "kind", kSensorKindNames, s.kind);
  r.String(item, path, "name", s.name);
  if (r.Number(item, path, "lon", s.location.lon) && std::abs(s.location.lon) > 180) {
    r.Fail(path + ".lon", fmt::format("{} is not a longitude (−180…180)", Show(item["lon"])));
  }
  if (r.Number(item, path, "lat", s.location.lat) && std::abs(s.location.lat) > 90) {
    r.Fail(path + ".lat", fmt::format("{} is not a latitude (−90…90); were lat and lon swapped?",
                                      Show(item["lat"])));
  }
  r.String(item, path, "unit", s.unit);
  r.Number(item, path, "warn", s.warn);
  r.Number(item, path, "alarm", s.alarm);
  if (r.Number(item, path, "hysteresis", s.hysteresis) && s.hysteresis < 0) {
    r.Fail(path + ".hysteresis", fmt::format("{} is negative; give how far inside a threshold a "
                                             "value must fall back, 0 or more",
                                             Show(item["hysteresis"])));
  }
  r.Bool(item, path, "falling", s.falling);
  if (!r.ok()) return;
  // Thresholds in the wrong order would make alarm come before warn.
  if (!s.falling && s.alarm < s.warn) {
    r.Fail(path + ".alarm", fmt::format("{} is below warn ({}); for a sensor where low values "
                                        "are the danger, set \"falling\": true",
                                        Show(item["alarm"]), Show(item["warn"])));
  } else if (s.falling && s.alarm > s.warn) {
    r.Fail(path + ".alarm", fmt::format("{} is above warn ({}) on a falling sensor, where the "
                                        "alarm lies below the warning",
                                        Show(item["alarm"]), Show(item["warn"])));
  }
}

}  // namespace

geo::Result<std::vector<SensorSpec>> LoadSensors(const fs::path& file) {
  auto doc = ReadJsonFile(file);
  if (!doc) return std::unexpected(doc.error());
  Reader r(file.string());
  std::vector<SensorSpec> out;
  Unique ids;
  const json* sensors = r.Array(*doc, "", "sensors", true);
  for (size_t i = 0; sensors && i < sensors->size() && r.ok(); ++i) {
    const json& item = (*sensors)[i];
    const std::string path = Reader::Item("sensors", i);
    if (!r.Object(item, path)) break;
    SensorSpec s;
    ReadSensor(item, path, r, s);
    ids.Add(r, s.id, path + ".id");
    out.push_back(std::move(s));
  }
  if (r.error()) return std::unexpected(*r.error());
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Organisation

namespace {

void ReadChiefs(const json& doc, Reader& r, Organisation& out) {
  // One chief per area and role.
  Unique posts;
  const json* chiefs = r.Array(doc, "", "chiefs", true);
  for (size_t i = 0; chiefs && i < chiefs->size() && r.ok(); ++i) {
    const json& item = (*chiefs)[i];
    const std::string path = Reader::Item("chiefs", i);
    if (!r.Object(item, path)) break;
    Chief c;
    r.Code(item, path, "area_code", c.area_code);
    r.Enum(item, path, "role", kChiefRoleNames, c.role);
    r.String(item, path, "name", c.name);
    r.String(item, path, "phone", c.phone, false);
    r.Bool(item, path, "on_duty", c.on_duty);
    if (r.ok()) {
      const std::string_view role = NameOf(kChiefRoleNames, c.role);
      if (const auto first = posts.Seen(fmt::format("{} {}", c.area_code, role), path)) {
        r.Fail(path + ".area_code", fmt::format("{} already has a {} chief ({})",
                                                Show(json(c.area_code)), role, *first));
      }
    }
    out.chiefs.push_back(std::move(c));
  }
}

void ReadPartyOrgs(const json& doc, Reader& r, Organisation& out) {
  Unique orgs;
  const json* list = r.Array(doc, "", "party_orgs", true);
  for (size_t i = 0; list && i < list->size() && r.ok(); ++i) {
    const json& item = (*list)[i];
    const std::string path = Reader::Item("party_orgs", i);
    if (!r.Object(item, path)) break;
    PartyOrg p;
    r.Code(item, path, "area_code", p.area_code);
    r.Enum(item, path, "kind", kPartyOrgKindNames, p.kind);
    r.String(item, path, "name", p.name);
    r.String(item, path, "secretary", p.secretary);
    r.String(item, path, "phone", p.phone, false);
    if (r.ok()) {
      const std::string_view kind = NameOf(kPartyOrgKindNames, p.kind);
      if (const auto first = orgs.Seen(fmt::format("{} {}", p.area_code, kind), path)) {
        r.Fail(path + ".area_code",
               fmt::format("{} already has a {} ({})", Show(json(p.area_code)), kind, *first));
      }
    }
    out.party_orgs.push_back(std::move(p));
  }
}

void ReadUnits(const json& doc, Reader& r, Organisation& out) {
  Unique ids;
  const json* units = r.Array(doc, "", "units", true);
  for (size_t i = 0; units && i < units->size() && r.ok(); ++i) {
    const json& item = (*units)[i];
    const std::string path = Reader::Item("units", i);
    if (!r.Object(item, path)) break;
    MemberUnit u;
    r.String(item, path, "id", u.id);
    ids.Add(r, u.id, path + ".id");
    r.String(item, path, "name", u.name);
    r.Code(item, path, "community_code", u.community_code);
    r.PositiveInt(item, path, "members", u.members, "members");
    r.String(item, path, "contact", u.contact, false);
    r.String(item, path, "phone", u.phone, false);
    out.units.push_back(std::move(u));
  }
}

void ReadDemonstrationCompounds(const json& doc, Reader& r, Organisation& out) {
  Unique codes;
  const json* list = r.Array(doc, "", "demonstration_compounds", true);
  for (size_t i = 0; list && i < list->size() && r.ok(); ++i) {
    const std::string path = Reader::Item("demonstration_compounds", i);
    const json& item = (*list)[i];
    const bool digits =
        item.is_string() && !item.get<std::string>().empty() &&
        item.get<std::string>().find_first_not_of("0123456789") == std::string::npos;
    if (!digits) {
      r.Fail(path, Show(item) + " is not a compound code (digits only)");
      break;
    }
    codes.Add(r, item.get<std::string>(), path);
    out.demonstration_compounds.push_back(item.get<std::string>());
  }
}

}  // namespace

geo::Result<Organisation> LoadOrganisation(const fs::path& file) {
  auto doc = ReadJsonFile(file);
  if (!doc) return std::unexpected(doc.error());
  Reader r(file.string());
  Organisation out;
  ReadChiefs(*doc, r, out);
  ReadPartyOrgs(*doc, r, out);
  ReadUnits(*doc, r, out);
  ReadDemonstrationCompounds(*doc, r, out);
  if (r.error()) return std::unexpected(*r.error());
  return out;
}

}  // namespace ops
