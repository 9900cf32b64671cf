// Grid codes: each standard form split into its parts, and junk refused.
#include "geo/grid_code.hpp"

#include <gtest/gtest.h>

namespace geo {
namespace {

TEST(GridCode, Division12IsCountyTownshipVillage) {
  const GridCodeInfo c = ParseGridCode("610822001001");
  EXPECT_EQ(c.form, GridCodeForm::kDivision12);
  EXPECT_EQ(c.county, "610822");
  EXPECT_EQ(c.street, "001");
  EXPECT_EQ(c.community, "001");
  EXPECT_EQ(c.grid, "");
  EXPECT_EQ(c.rest, "");
}

TEST(GridCode, Cjt213HasATwoDigitGrid) {
  const GridCodeInfo c = ParseGridCode("61082200100203");
  EXPECT_EQ(c.form, GridCodeForm::kCjt213_14);
  EXPECT_EQ(c.county, "610822");
  EXPECT_EQ(c.street, "001");
  EXPECT_EQ(c.community, "002");
  EXPECT_EQ(c.grid, "03");
  EXPECT_EQ(c.rest, "");
}

TEST(GridCode, Gbt30428HasAThreeDigitGrid) {
  const GridCodeInfo c = ParseGridCode("110101001002015");
  EXPECT_EQ(c.form, GridCodeForm::kGbt30428_15);
  EXPECT_EQ(c.county, "110101");
  EXPECT_EQ(c.street, "001");
  EXPECT_EQ(c.community, "002");
  EXPECT_EQ(c.grid, "015");
}

TEST(GridCode, Compound17IsAGridAndThreeDigits) {
  const GridCodeInfo c = ParseGridCode("61082200100101002");
  EXPECT_EQ(c.form, GridCodeForm::kCompound17);
  EXPECT_EQ(c.county, "610822");
  EXPECT_EQ(c.community, "001");
  EXPECT_EQ(c.grid, "01");
  EXPECT_EQ(c.rest, "002");
}

TEST(GridCode, Cjt349StartsWithTheObjectCode) {
  // Object 010100, county 610822, street 003, community 601 (merged), grid 00.
  const GridCodeInfo c = ParseGridCode("01010061082200360100");
  EXPECT_EQ(c.form, GridCodeForm::kCjt349_20);
  EXPECT_EQ(c.rest, "010100");
  EXPECT_EQ(c.county, "610822");
  EXPECT_EQ(c.street, "003");
  EXPECT_EQ(c.community, "601");
  EXPECT_EQ(c.grid, "00");
  EXPECT_EQ(LinkKey("01010061082200360100"), "61082200360100");
}

TEST(GridCode, CountyAndStreetPrefixes) {
  EXPECT_EQ(ParseGridCode("610822").form, GridCodeForm::kCounty6);
  const GridCodeInfo s = ParseGridCode("610822001");
  EXPECT_EQ(s.form, GridCodeForm::kStreet9);
  EXPECT_EQ(s.street, "001");
  EXPECT_EQ(s.community, "");
}

TEST(GridCode, WhitespaceIsTrimmedZerosAreNot) {
  const GridCodeInfo c = ParseGridCode(" 610822001001 ");
  EXPECT_EQ(c.form, GridCodeForm::kDivision12);
  EXPECT_EQ(c.county, "610822");
  EXPECT_EQ(ParseGridCode("\t0610822001001\r\n").form, GridCodeForm::kUnknown);  // 13 digits
  EXPECT_EQ(TrimCode("  00123000 "), "00123000");
  EXPECT_EQ(LinkKey(" 61082200100101 "), "61082200100101");
}

TEST(GridCode, JunkIsUnknownWithNoParts) {
  for (const char* junk : {"61082A", "", "   ", "6108220010O1", "610822-001-001", "６１０８２２",
                           "1234567", "X61082200100101"}) {
    const GridCodeInfo c = ParseGridCode(junk);
    EXPECT_EQ(c.form, GridCodeForm::kUnknown) << junk;
    EXPECT_EQ(c.county, "") << junk;
    EXPECT_EQ(c.rest, "") << junk;
  }
}

TEST(GridCode, EveryFormHasAStandardName) {
  EXPECT_EQ(GridCodeFormName(GridCodeForm::kCjt213_14), "CJ/T 213-2005 unit grid (14 digits)");
  EXPECT_NE(GridCodeFormName(GridCodeForm::kGbt30428_15).find("GB/T 30428.1"),
            std::string_view::npos);
  EXPECT_NE(GridCodeFormName(GridCodeForm::kCjt349_20).find("CJ/T 349"), std::string_view::npos);
  EXPECT_NE(GridCodeFormName(GridCodeForm::kDivision12).find("统计用区划代码"),
            std::string_view::npos);
  for (int f = 0; f < kGridCodeFormCount; ++f) {
    EXPECT_FALSE(GridCodeFormName(static_cast<GridCodeForm>(f)).empty()) << f;
  }
}

}  // namespace
}  // namespace geo
