// Line breaking for Chinese and mixed text: breaks between CJK characters
// and at spaces, never a line starting with closing punctuation or ending
// with opening punctuation, Latin words and URLs kept whole.
#include "viewer/text_wrap.hpp"

#include <gtest/gtest.h>

#include <string>

namespace viewer {
namespace {

// Every code point one unit wide (a CJK character is wider on screen, but
// the rules are the same at any widths).
double CodePoints(std::string_view s) {
  double n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> Lines(std::string_view text, double width) {
  const std::vector<size_t> starts = LineStarts(text, width, CodePoints);
  std::vector<std::string> out;
  for (size_t k = 0; k < starts.size(); ++k) out.emplace_back(LineAt(text, starts, k));
  return out;
}

using V = std::vector<std::string>;

TEST(TextWrap, ChineseBreaksBetweenAnyTwoCharacters) {
  EXPECT_EQ(Lines("县应急管理局县水利局", 4), (V{"县应急管", "理局县水", "利局"}));
  EXPECT_EQ(Lines("县应急管理局", 10), (V{"县应急管理局"})) << "fits: one line";
  EXPECT_EQ(Lines("", 10), (V{""}));
}

TEST(TextWrap, NoLineStartsWithClosingPunctuation) {
  // "，" would start the second line at width 8: the character before it goes with it.
  EXPECT_EQ(Lines("县公安局交通警察，限15分钟内报到", 8),
            (V{"县公安局交通警", "察，限15分钟内", "报到"}));
  EXPECT_EQ(Lines("报到：县水利局，迟到12分钟", 3),
            (V{"报到：", "县水利", "局，迟", "到12", "分钟"}));
  for (const std::string& line :
       Lines("吹哨：县应急管理局、县水利局、县消防救援大队，限30分钟内报到", 5)) {
    EXPECT_NE(line.rfind("，", 0), 0u) << line;
    EXPECT_NE(line.rfind("、", 0), 0u) << line;
  }
}

TEST(TextWrap, NoLineEndsWithOpeningPunctuation) {
  EXPECT_EQ(Lines("约4833人（1789户）", 7), (V{"约4833人", "（1789户）"}));
}

TEST(TextWrap, ASeparatingDotStaysWithWhatFollows) {
  // "A 100% · B 100%": the break goes before "B", never before "·".
  EXPECT_EQ(Lines("河滨第一网格 100% · 河滨第二网格 100%", 14),
            (V{"河滨第一网格 100% ·", "河滨第二网格 100%"}));
}

TEST(TextWrap, LatinWordsAndUrlsStayWhole) {
  EXPECT_EQ(Lines("cannot reach http://10.0.0.5:8311: Connection error", 24),
            (V{"cannot reach", "http://10.0.0.5:8311:", "Connection error"}));
  EXPECT_EQ(Lines("County Fire and Rescue Brigade", 12),
            (V{"County Fire", "and Rescue", "Brigade"}));
  // Latin beside Chinese may break at the boundary.
  EXPECT_EQ(Lines("gridops县消防救援大队", 10), (V{"gridops县消防", "救援大队"}));
  // A word wider than a line is cut, never lost or looping.
  EXPECT_EQ(Lines("abcdefghij", 4), (V{"abcd", "efgh", "ij"}));
}

TEST(TextWrap, SpacesAtABreakAreDropped) {
  EXPECT_EQ(Lines("值班长 李强 吹哨", 6), (V{"值班长 李强", "吹哨"}));
  EXPECT_EQ(Lines("one  two", 4), (V{"one", "two"}));
}

}  // namespace
}  // namespace viewer
