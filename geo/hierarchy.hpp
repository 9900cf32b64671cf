// County → Community → Grid → Compound (→ Building): linking each feature to
// its parent in the nearest non-empty level above it (buildings hang under
// grids when a county delivers no compounds).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "geo/grid_code.hpp"
#include "geo/grid_set.hpp"

namespace geo {

// How a feature found its parent.
enum class LinkMethod : uint8_t {
  kTop,          // in the top delivered level: has no parent by design
  kParentCode,   // its parent field names a feature of the level above
  kCodePrefix,   // a code of the level above is the longest prefix of its code
  kContainment,  // the level above's feature holding most of its area
  kOrphan,       // none of these: kept, with a note
};

struct HierarchyReport {
  size_t by_parent_code = 0, by_code_prefix = 0, by_containment = 0;
  // Features below the top level whose non-empty parent field names no
  // feature of the level above (they may still link another way).
  size_t unmatched_parent_codes = 0;
  std::vector<FeatureId> orphans;  // in id order
  // Features of one level sharing a code: (the one lookups by that code
  // take, the other). A code held three times gives two pairs.
  std::vector<std::pair<FeatureId, FeatureId>> duplicate_codes;
  std::array<size_t, kGridCodeFormCount> code_forms{};  // features per GridCodeForm
  std::vector<LinkMethod> methods;                      // by FeatureId
};

// Sets every feature's `parent` and `children` (clearing what was there, so
// linking again gives the same result). Below the top level, a feature's
// parent is, in this order:
//   1. the feature of the level above whose code equals its parent code
//      (both with surrounding whitespace trimmed);
//   2. the feature of the level above whose code is the longest proper
//      prefix of its code (or of its LinkKey, for CJ/T 349 codes), six
//      characters at least (a county code: shorter ones are sequence numbers);
//   3. the feature of the level above holding most of its area (its label
//      point's holder when exactly one holds it, else the largest overlap).
// Codes a level holds twice are reported; both features stay, and lookups
// by that code take the first. Features left without a parent are orphans.
// Nothing is dropped. Each orphan and each duplicate gets a note in
// `set.notes`, and each level linked partly by prefix or containment a
// summary note; a set whose parent codes all match gets no note. Notes of an
// earlier call (they begin "hierarchy: ") are replaced.
// Time O(n log n) in the number of features, plus the geometry of those
// that need containment.
HierarchyReport LinkHierarchy(GridSet& set);

}  // namespace geo
