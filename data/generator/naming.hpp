// Names and codes of the sample county: streets, communities, grids and
// compounds as a county town's civil-affairs office would name them.
//
// Codes follow GB/T 2260 + the statistical division code: county 610822,
// street 3 digits, community 3 digits, then the grid (2 digits) and compound
// (3 digits) of the grid-management system.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/generator/rng.hpp"

namespace sample_county {

inline constexpr std::string_view kCountyCode = "610822";

struct Street {
  std::string code;  // 3 digits, appended to kCountyCode
  std::string name;
};

// The county town's streets (街道/镇), from the south-west end of the town
// along the river to the north-east.
const std::vector<Street>& Streets();

// Community names (without 社区) for communities that front the Yellow River,
// in order of decreasing river frontage.
const std::vector<std::string>& RiverCommunityNames();

// Community names (without 社区) for the rest, in order of use. The first is
// given to the community holding the old town centre.
const std::vector<std::string>& InlandCommunityNames();

// "一", "二", ... "二十": the Chinese numeral of 1 <= n <= 20.
std::string ChineseNumeral(int n);

// count distinct compound names (小区 / 家园 / 家属院 ...), shuffled with the
// rng. Asserts that the word lists can make that many.
std::vector<std::string> CompoundNames(int count, Rng& rng);

// A fixed-width decimal code: ZeroPadded(7, 3) == "007".
std::string ZeroPadded(int value, int width);

}  // namespace sample_county
