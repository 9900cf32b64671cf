#include "geo/hierarchy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "geo/containment.hpp"

namespace geo {

// ---------------------------------------------------------------------------
// [SECTION] Index of one level's codes
// ---------------------------------------------------------------------------

namespace {

constexpr std::string_view kNotePrefix = "hierarchy: ";

const char* LevelName(Level l) {
  return kLevelNames[static_cast<int>(l)];
}

const char* LevelPlural(Level l) {
  static constexpr std::array<const char*, kLevelCount> kPlurals = {"communities", "grids",
                                                                    "compounds", "buildings"};
  return kPlurals[static_cast<int>(l)];
}

// Codes of one level, trimmed, as views into the features' own strings.
struct LevelCodes {
  // Exact code → the first feature (lowest id) holding it.
  std::unordered_map<std::string_view, FeatureId> by_code;
  // Code and, for CJ/T 349 codes, LinkKey → the first feature holding it;
  // what children's code prefixes are looked up in.
  std::unordered_map<std::string_view, FeatureId> by_key;
};

LevelCodes IndexLevel(const GridSet& set, Level level) {
  LevelCodes out;
  for (FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    const std::string_view code = TrimCode(set.features[id].code);
    if (code.empty()) continue;
    out.by_code.emplace(code, id);
    out.by_key.emplace(code, id);
    out.by_key.emplace(LinkKey(code), id);
  }
  return out;
}

// The shortest code a prefix match may use: a county's (GB/T 2260). Shorter
// codes are sequence numbers ("1", "12"), and a grid numbered 12 does not lie
// in community 1.
constexpr size_t kMinPrefix = 6;

// The feature whose key is the longest proper prefix of `key`, at least
// kMinPrefix long, or kNoFeature.
FeatureId LongestPrefix(const LevelCodes& codes, std::string_view key) {
  for (size_t n = key.size(); n-- > kMinPrefix;) {
    const auto it = codes.by_key.find(key.substr(0, n));
    if (it != codes.by_key.end()) return it->second;
  }
  return kNoFeature;
}

// The parent by code prefix: the code as it is first, then its LinkKey (a
// 20-digit code may be a local extension of a shorter code as well as a
// CJ/T 349 code).
FeatureId ParentByPrefix(const LevelCodes& codes, std::string_view code) {
  if (code.empty()) return kNoFeature;
  const FeatureId direct = LongestPrefix(codes, code);
  if (direct != kNoFeature) return direct;
  const std::string_view key = LinkKey(code);
  return key.size() == code.size() ? kNoFeature : LongestPrefix(codes, key);
}

// ---------------------------------------------------------------------------
// [SECTION] Notes
// ---------------------------------------------------------------------------

std::string Describe(const Feature& f) {
  const std::string_view code = TrimCode(f.code);
  return fmt::format("{} {} ({})", LevelName(f.level), code.empty() ? "without code" : code,
                     f.name.empty() ? "unnamed" : f.name);
}

// "1 feature", "12 features".
std::string Features(size_t n) {
  return fmt::format("{} feature{}", n, n == 1 ? "" : "s");
}

void Note(GridSet& set, std::string message) {
  set.notes.push_back({std::string(kNotePrefix) + std::move(message)});
}

// Codes held by more than one feature of `level`: one note and one pair per
// feature after the first.
void ReportDuplicates(GridSet& set, Level level, HierarchyReport& report) {
  std::vector<FeatureId> ids;
  for (FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    if (!TrimCode(set.features[id].code).empty()) ids.push_back(id);
  }
  const auto code = [&set](FeatureId id) { return TrimCode(set.features[id].code); };
  std::stable_sort(ids.begin(), ids.end(),
                   [&](FeatureId a, FeatureId b) { return code(a) < code(b); });
  size_t run = 0;  // the first of the current run of equal codes: the lowest id
  for (size_t i = 1; i < ids.size(); ++i) {
    if (code(ids[i]) != code(ids[run])) {
      run = i;
      continue;
    }
    const Feature& a = set.features[ids[run]];
    const Feature& b = set.features[ids[i]];
    report.duplicate_codes.emplace_back(ids[run], ids[i]);
    Note(set, fmt::format("two {} share code {}: '{}' and '{}'; both kept, and children naming "
                          "that code go to '{}'",
                          LevelPlural(level), code(ids[i]), a.name, b.name, a.name));
  }
}

// Every code of every level → its level, for saying what a stray parent
// code names.
using CodeLevels = std::unordered_map<std::string_view, Level>;

CodeLevels IndexAllCodes(const GridSet& set) {
  CodeLevels out;
  for (const Feature& f : set.features) {
    if (const std::string_view code = TrimCode(f.code); !code.empty()) out.emplace(code, f.level);
  }
  return out;
}

void NoteOrphan(GridSet& set, const CodeLevels& all_codes, FeatureId id, Level up) {
  const Feature& f = set.features[id];
  const std::string_view parent = TrimCode(f.parent_code);
  std::string why = parent.empty()
                        ? std::string("it has no parent code")
                        : fmt::format("its parent code {} names no {}", parent, LevelName(up));
  // A parent code naming a feature of another level is a likelier slip than
  // a missing one: say which.
  if (const auto it = all_codes.find(parent); !parent.empty() && it != all_codes.end()) {
    why += fmt::format(" (it names a {})", LevelName(it->second));
  }
  Note(set,
       fmt::format("{} has no parent: {}, no {} code prefixes its code, and it overlaps no {}; "
                   "kept as an orphan",
                   Describe(f), why, LevelName(up), LevelName(up)));
}

// ---------------------------------------------------------------------------
// [SECTION] Linking
// ---------------------------------------------------------------------------

// The nearest non-empty level above `level`, if any.
std::optional<Level> LevelAbove(const GridSet& set, Level level) {
  for (int up = static_cast<int>(level) - 1; up >= 0; --up) {
    if (set.LevelCount(static_cast<Level>(up)) > 0) return static_cast<Level>(up);
  }
  return std::nullopt;
}

struct LevelCounts {
  size_t parent_code = 0, prefix = 0, containment = 0, unmatched = 0;
  std::string first_unmatched;
};

// Links every feature of `level` to one of `up`.
void LinkLevel(GridSet& set, const CodeLevels& all_codes, Level level, Level up,
               HierarchyReport& report) {
  const LevelCodes codes = IndexLevel(set, up);
  std::optional<ContainmentIndex> spatial;  // built when first needed
  LevelCounts counts;
  for (FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    Feature& f = set.features[id];
    LinkMethod method = LinkMethod::kOrphan;
    FeatureId parent = kNoFeature;
    const std::string_view parent_code = TrimCode(f.parent_code);
    if (!parent_code.empty()) {
      if (const auto it = codes.by_code.find(parent_code); it != codes.by_code.end()) {
        parent = it->second;
        method = LinkMethod::kParentCode;
      } else if (counts.unmatched++ == 0) {
        counts.first_unmatched = std::string(parent_code);
      }
    }
    if (parent == kNoFeature) {
      parent = ParentByPrefix(codes, TrimCode(f.code));
      if (parent != kNoFeature) method = LinkMethod::kCodePrefix;
    }
    if (parent == kNoFeature) {
      if (!spatial) spatial.emplace(set, up);
      parent = spatial->Holder(id);
      if (parent != kNoFeature) method = LinkMethod::kContainment;
    }
    report.methods[id] = method;
    switch (method) {
      case LinkMethod::kParentCode:
        ++counts.parent_code;
        break;
      case LinkMethod::kCodePrefix:
        ++counts.prefix;
        break;
      case LinkMethod::kContainment:
        ++counts.containment;
        break;
      default:
        break;
    }
    if (parent == kNoFeature) {
      report.orphans.push_back(id);
      NoteOrphan(set, all_codes, id, up);
      continue;
    }
    f.parent = parent;
    set.features[parent].children.push_back(id);
  }
  report.by_parent_code += counts.parent_code;
  report.by_code_prefix += counts.prefix;
  report.by_containment += counts.containment;
  report.unmatched_parent_codes += counts.unmatched;
  const char* name = LevelName(level);
  const char* up_name = LevelName(up);
  if (counts.unmatched > 0) {
    Note(set, fmt::format("{}: {} with a parent code naming no {} (the first: {})", name,
                          Features(counts.unmatched), up_name, counts.first_unmatched));
  }
  if (counts.prefix > 0) {
    Note(set, fmt::format("{}: {} linked by code prefix (no parent code naming a {})", name,
                          Features(counts.prefix), up_name));
  }
  if (counts.containment > 0) {
    Note(set, fmt::format("{}: {} linked by spatial containment (no usable parent code)", name,
                          Features(counts.containment)));
  }
}

}  // namespace

HierarchyReport LinkHierarchy(GridSet& set) {
  std::erase_if(set.notes, [](const LoadNote& n) { return n.message.starts_with(kNotePrefix); });
  HierarchyReport report;
  report.methods.assign(set.features.size(), LinkMethod::kTop);
  for (Feature& f : set.features) {
    f.parent = kNoFeature;
    f.children.clear();
    ++report.code_forms[static_cast<int>(GridCodeFormOf(f.code))];
  }
  for (int l = 0; l < kLevelCount; ++l) ReportDuplicates(set, static_cast<Level>(l), report);
  const CodeLevels all_codes = IndexAllCodes(set);
  for (int l = 1; l < kLevelCount; ++l) {
    const Level level = static_cast<Level>(l);
    const std::optional<Level> up = LevelAbove(set, level);
    if (up && set.LevelCount(level) > 0) LinkLevel(set, all_codes, level, *up, report);
  }
  return report;
}

}  // namespace geo
