// The text-encoding detector on byte strings: ASCII, UTF-8, GBK and
// Latin-1, characters cut at field ends, malformed sequences, names.
#include "geo/text_encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace geo {
namespace {

const std::string kGbkShequ = "\xC9\xE7\xC7\xF8";                          // 社区
const std::string kGbkCeshiZhongwen = "\xB2\xE2\xCA\xD4\xD6\xD0\xCE\xC4";  // 测试中文
const std::string kGbkWangge = "\xCD\xF8\xB8\xF1";                         // 网格

//-----------------------------------------------------------------------------
// DetectTextEncoding
//-----------------------------------------------------------------------------

TEST(DetectTextEncoding, EmptyAndPlainAsciiAreAscii) {
  EXPECT_EQ(DetectTextEncoding(""), TextEncoding::kAscii);
  EXPECT_EQ(DetectTextEncoding("AREA\nEAS_ID\n35043411\n"), TextEncoding::kAscii);
}

TEST(DetectTextEncoding, ChineseInUtf8IsUtf8) {
  EXPECT_EQ(DetectTextEncoding("社区"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectTextEncoding("府谷县\n新民镇 社区 12\n"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectTextEncoding("Ñandú, Zürich"), TextEncoding::kUtf8);
}

TEST(DetectTextEncoding, ChineseInGbkIsGbk) {
  EXPECT_EQ(DetectTextEncoding(kGbkShequ), TextEncoding::kGbk);
  EXPECT_EQ(DetectTextEncoding("NAME\n" + kGbkCeshiZhongwen + "\n" + kGbkWangge + "01\n"),
            TextEncoding::kGbk);
}

TEST(DetectTextEncoding, CharactersCutAtAFieldEndAreForgiven) {
  // Every value of a 9-byte field holding 社区社区 plus the lead byte of a
  // fifth character, as a writer that cuts bytes, not characters, leaves it.
  std::string gbk;
  for (int i = 0; i < 10; ++i) gbk += kGbkShequ + kGbkShequ + "\xC9\n";
  EXPECT_EQ(DetectTextEncoding(gbk), TextEncoding::kGbk);
  EXPECT_EQ(DetectTextEncoding(kGbkShequ + "\xC9"), TextEncoding::kGbk);
  // 社 in UTF-8 is E7 A4 BE: cut after two bytes.
  EXPECT_EQ(DetectTextEncoding("社区\n社区\xE7\xA4\n"), TextEncoding::kUtf8);
  // Latin-1 accents at the ends of values are not taken for cut characters.
  EXPECT_EQ(DetectTextEncoding("Jos\xE9\nAndr\xE9\n"), TextEncoding::kLatin1);
}

TEST(DetectTextEncoding, MalformedSequencesBeyondOneInTwentyAreNotGbkOrUtf8) {
  std::string few_bad, many_bad;
  for (int i = 0; i < 20; ++i) few_bad += kGbkShequ;
  few_bad += "\xC9 ";  // a lead byte followed by a space: not GBK
  EXPECT_EQ(DetectTextEncoding(few_bad), TextEncoding::kGbk);
  for (int i = 0; i < 4; ++i) many_bad += kGbkShequ + "\xC9 ";
  EXPECT_EQ(DetectTextEncoding(many_bad), TextEncoding::kLatin1);
  EXPECT_EQ(DetectTextEncoding("Caf\xE9 cr\xE8me br\xFBl\xE9\x65"), TextEncoding::kLatin1);
}

TEST(DetectTextEncoding, GbkFourByteSequencesCount) {
  // GB18030 four-byte form of U+20AC is 0xA2 0xE3; of U+00E9 (é) 0x81 0x30 0x87 0x36.
  EXPECT_EQ(DetectTextEncoding(kGbkShequ + "\x81\x30\x87\x36"), TextEncoding::kGbk);
}

TEST(DetectTextEncoding, Latin1AndCp1250AreLatin1) {
  EXPECT_EQ(DetectTextEncoding("\xD1\x61nd\xFA"), TextEncoding::kLatin1);  // Ñandú
  EXPECT_EQ(DetectTextEncoding("Z\xFCrich, K\xF6ln, S\xE3o Paulo"), TextEncoding::kLatin1);
  // CP1250 "Hnìvošický háj" from shpjs-test-data/codepage.dbf: its high bytes
  // pair up as GBK with ASCII trail bytes, and one does not pair at all.
  EXPECT_EQ(DetectTextEncoding("Hn\xECvo\x9A\x69\x63k\xFD h\xE1j"), TextEncoding::kLatin1);
}

TEST(DetectTextEncoding, NamesForPeopleAndForGdal) {
  EXPECT_EQ(TextEncodingName(TextEncoding::kGbk), "GBK (CP936)");
  EXPECT_EQ(TextEncodingGdalName(TextEncoding::kGbk), "CP936");
  EXPECT_EQ(TextEncodingName(TextEncoding::kLatin1), "ISO-8859-1");
  EXPECT_EQ(TextEncodingGdalName(TextEncoding::kAscii), "UTF-8");
}

}  // namespace
}  // namespace geo
