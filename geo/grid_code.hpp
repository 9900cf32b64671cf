// Grid codes (网格编码): the numeric codes Chinese grid data carries, told
// apart by their length, and split into their hierarchical parts.
//
// Every form but one starts with the 6-digit county code (GB/T 2260) and
// appends one fixed-width segment per level, so a parent's code is a prefix
// of its children's. That prefix relation is all the hierarchy linker
// (hierarchy.hpp) relies on: a county that splits its codes some other way
// (say a 4-digit grid order) still links, it merely parses as kUnknown here.
// Only the length decides the form: an 18-digit code is kUnknown, a
// 14-digit one kCjt213_14 whatever its digits. The one exception to the
// prefix rule, CJ/T 349, puts a 6-digit object code in front; LinkKey strips
// it so the rest prefix-relates like the others.
//
// Digit ranges assumed, 1-based and inclusive:
//
//   form           length  county  street  community  grid   more
//   kCounty6          6     1–6
//   kStreet9          9     1–6     7–9
//   kDivision12      12     1–6     7–9     10–12
//   kCjt213_14       14     1–6     7–9     10–12      13–14
//   kGbt30428_15     15     1–6     7–9     10–12      13–15
//   kCompound17      17     1–6     7–9     10–12      13–14  compound 15–17
//   kCjt349_20       20     7–12    13–15   16–18      19–20  object 1–6
//
// kDivision12 is the statistical division code (统计用区划代码): county,
// township or street (GB/T 10114, 街道 001–099, 镇 100–199, 乡 200–399) and
// residents' or villagers' committee; the sample county's communities use it.
// kCjt213_14 is CJ/T 213-2005's unit grid code (单元网格), the sample county's
// grids. kGbt30428_15 is GB/T 30428.1-2013's unit grid code, the same with a
// 3-digit grid order (Beijing's DB11 grid code has this layout too).
// kCjt349_20 is CJ/T 349-2010's community grid code (数字社区 专业网格): the
// management or service object code of CJ/T 348 first, then county, street,
// community and a 2-digit grid order (00 when the community is not divided;
// communities merged into one grid take codes from 601). kCompound17 is not
// a standard: it is the sample county's compound code, its grid's 14 digits
// plus a 3-digit compound order.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace geo {

enum class GridCodeForm : uint8_t {
  kUnknown,      // not all digits, or a length no form has
  kCounty6,      // GB/T 2260 county
  kStreet9,      // county + GB/T 10114 township or street
  kDivision12,   // 统计用区划代码: county + township + village / community
  kCjt213_14,    // CJ/T 213 unit grid: community + 2-digit grid
  kGbt30428_15,  // GB/T 30428.1 unit grid: community + 3-digit grid
  kCompound17,   // the sample county's compounds: CJ/T 213 grid + 3 digits
  kCjt349_20,    // CJ/T 349 community grid: object code + CJ/T 213 layout
};
inline constexpr int kGridCodeFormCount = 8;

// A code split into its parts; parts a form does not have are empty.
struct GridCodeInfo {
  GridCodeForm form = GridCodeForm::kUnknown;
  std::string county;     // 6 digits, GB/T 2260
  std::string street;     // 3 digits: township, town or street (街道/乡镇)
  std::string community;  // 3 digits: community or village (社区/村)
  std::string grid;       // 2 or 3 digits: the grid's order in its community
  std::string rest;       // kCompound17: the compound's order; kCjt349_20: the object code
};

// `code` without leading and trailing ASCII whitespace (DBF fields arrive
// space-padded). Zeros are digits and stay.
std::string_view TrimCode(std::string_view code);

// The form of `code` (whitespace trimmed) and its parts. Anything but ASCII
// digits, or a length of no form above, gives kUnknown with empty parts.
GridCodeInfo ParseGridCode(std::string_view code);

// The form alone, without splitting: what ParseGridCode(code).form says.
GridCodeForm GridCodeFormOf(std::string_view code);

// The standard and its name, for notes and `inspect`, e.g.
// "CJ/T 213-2005 unit grid (14 digits)".
std::string_view GridCodeFormName(GridCodeForm form);

// The part of `code` (whitespace trimmed) whose prefixes are its ancestors'
// codes: the code itself, except that a CJ/T 349 code loses its leading
// object code (digits 1–6), leaving county + street + community + grid. A
// county's own 20-digit extension of a shorter code (a building under a
// 17-digit compound, say) parses as CJ/T 349 too, so the linker tries the
// whole code's prefixes before the key's.
std::string_view LinkKey(std::string_view code);

}  // namespace geo
