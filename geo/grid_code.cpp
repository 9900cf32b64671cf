#include "geo/grid_code.hpp"

#include <algorithm>

namespace geo {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The widths of county, street, community and grid, after `skip` leading
// digits, and the width of the trailing rest, for each form.
struct Layout {
  GridCodeForm form;
  size_t length;
  size_t skip;  // leading digits before the county (CJ/T 349's object code)
  size_t street, community, grid;
};
constexpr std::array<Layout, 7> kLayouts = {{
    {GridCodeForm::kCounty6, 6, 0, 0, 0, 0},
    {GridCodeForm::kStreet9, 9, 0, 3, 0, 0},
    {GridCodeForm::kDivision12, 12, 0, 3, 3, 0},
    {GridCodeForm::kCjt213_14, 14, 0, 3, 3, 2},
    {GridCodeForm::kGbt30428_15, 15, 0, 3, 3, 3},
    {GridCodeForm::kCompound17, 17, 0, 3, 3, 2},
    {GridCodeForm::kCjt349_20, 20, 6, 3, 3, 2},
}};
constexpr size_t kCountyDigits = 6;
constexpr size_t kCjt349ObjectDigits = 6;

const Layout* LayoutOf(std::string_view digits) {
  if (!AllDigits(digits)) return nullptr;
  for (const Layout& l : kLayouts) {
    if (l.length == digits.size()) return &l;
  }
  return nullptr;
}

}  // namespace

std::string_view TrimCode(std::string_view code) {
  while (!code.empty() && IsSpace(code.front())) code.remove_prefix(1);
  while (!code.empty() && IsSpace(code.back())) code.remove_suffix(1);
  return code;
}

GridCodeInfo ParseGridCode(std::string_view code) {
  const std::string_view digits = TrimCode(code);
  const Layout* l = LayoutOf(digits);
  GridCodeInfo info;
  if (!l) return info;
  info.form = l->form;
  std::string_view rest = digits;
  const std::string_view skipped = rest.substr(0, l->skip);
  rest.remove_prefix(l->skip);
  const auto take = [&rest](size_t n) {
    std::string part(rest.substr(0, n));
    rest.remove_prefix(n);
    return part;
  };
  info.county = take(kCountyDigits);
  info.street = take(l->street);
  info.community = take(l->community);
  info.grid = take(l->grid);
  info.rest = l->skip ? std::string(skipped) : std::string(rest);
  return info;
}

GridCodeForm GridCodeFormOf(std::string_view code) {
  const Layout* l = LayoutOf(TrimCode(code));
  return l ? l->form : GridCodeForm::kUnknown;
}

std::string_view GridCodeFormName(GridCodeForm form) {
  switch (form) {
    case GridCodeForm::kUnknown:
      return "unknown form";
    case GridCodeForm::kCounty6:
      return "GB/T 2260 county (6 digits)";
    case GridCodeForm::kStreet9:
      return "GB/T 10114 township or street (9 digits)";
    case GridCodeForm::kDivision12:
      return "statistical division code 统计用区划代码 (12 digits)";
    case GridCodeForm::kCjt213_14:
      return "CJ/T 213-2005 unit grid (14 digits)";
    case GridCodeForm::kGbt30428_15:
      return "GB/T 30428.1-2013 unit grid (15 digits)";
    case GridCodeForm::kCompound17:
      return "CJ/T 213 grid + compound (17 digits)";
    case GridCodeForm::kCjt349_20:
      return "CJ/T 349-2010 community grid (20 digits)";
  }
  return "unknown form";
}

std::string_view LinkKey(std::string_view code) {
  std::string_view key = TrimCode(code);
  if (GridCodeFormOf(key) == GridCodeForm::kCjt349_20) key.remove_prefix(kCjt349ObjectDigits);
  return key;
}

}  // namespace geo
