// Every label in Chinese and English, switchable, Chinese by default.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ops/model.hpp"
#include "ops/stage.hpp"
#include "viewer/strings.hpp"

namespace {

using viewer::Language;

// Puts Chinese back, whatever the test did: the language is process-wide.
struct ChineseAfter {
  ~ChineseAfter() { viewer::SetLanguage(Language::kChinese); }
};

TEST(Strings, EveryTextHasBothLanguages) {
  for (const viewer::Text& t : viewer::kAllTexts) {
    EXPECT_FALSE(t.zh.empty()) << t.en;
    EXPECT_FALSE(t.en.empty()) << t.zh;
  }
}

TEST(Strings, ChineseByDefaultAndSwitchable) {
  ChineseAfter restore;
  EXPECT_FALSE(viewer::English());
  EXPECT_STREQ(viewer::Tr(viewer::kTitle), "网格化管理 · 城市运行");
  viewer::SetLanguage(Language::kEnglish);
  EXPECT_STREQ(viewer::Tr(viewer::kTitle), "Grid governance · city operations");
  EXPECT_EQ(viewer::TrName(ops::kSourceNames[1]), "grid worker");
  EXPECT_EQ(viewer::TrName(ops::kStageNames[0]), "received");
  viewer::SetLanguage(Language::kChinese);
  EXPECT_EQ(viewer::TrName(ops::kSourceNames[1]), "网格员上报");
  EXPECT_EQ(viewer::TrName(ops::kStageNames[0]), "受理");
}

TEST(Strings, CatalogueNamesFollowTheLanguage) {
  ChineseAfter restore;
  ops::Category c;
  c.zh = "楼道杂物清理";
  c.en = "Clearing clutter from stairwells";
  EXPECT_EQ(viewer::TrOf(c), c.zh);
  viewer::SetLanguage(Language::kEnglish);
  EXPECT_EQ(viewer::TrOf(c), c.en);
  c.en.clear();  // a catalogue without English keeps its Chinese
  EXPECT_EQ(viewer::TrOf(c), c.zh);
}

// The patterns take the same arguments in both languages.
TEST(Strings, PatternsFormatInBothLanguages) {
  ChineseAfter restore;
  for (Language l : {Language::kChinese, Language::kEnglish}) {
    viewer::SetLanguage(l);
    EXPECT_NO_THROW({
      (void)fmt::format(fmt::runtime(viewer::Tr(viewer::kIncidentHeading)), "重大", "II", "x");
      (void)fmt::format(fmt::runtime(viewer::Tr(viewer::kImpactAreas)), 1, 2, 3, 4);
      (void)fmt::format(fmt::runtime(viewer::Tr(viewer::kImpactInside)), 1, 2, 3, 4);
    });
  }
  viewer::SetLanguage(Language::kEnglish);
  EXPECT_EQ(fmt::format(fmt::runtime(viewer::Tr(viewer::kIncidentHeading)), "重大", "II",
                        "natural disaster"),
            "Level II · natural disaster");
}

}  // namespace
