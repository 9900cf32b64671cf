// Linking the hierarchy: parent codes, code prefixes of every form, spatial
// containment, orphans and duplicates, on small hand-made sets; then the
// sample county with its parent fields, without them, and without codes.
#include "geo/hierarchy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "geo/load.hpp"

namespace geo {
namespace {

// ---------------------------------------------------------------------------
// [SECTION] Hand-made sets
// ---------------------------------------------------------------------------

struct Box {
  double x, y, w, h;
};

// Collects rectangular features in any order and lays them out as a GridSet
// does: grouped by level, polygons in feature order.
class SetBuilder {
 public:
  // Adds a rectangle; its label point is its centre unless `label` is given.
  // Returns the feature's index among those added to `level`.
  size_t Add(Level level, std::string code, std::string parent_code, Box b, std::string name = "",
             const Meters* label = nullptr) {
    Feature f;
    f.level = level;
    f.code = std::move(code);
    f.parent_code = std::move(parent_code);
    f.name = name.empty() ? f.code : std::move(name);
    f.label_point = label ? *label : Meters{b.x + b.w / 2, b.y + b.h / 2};
    auto& at = levels_[static_cast<int>(level)];
    at.push_back({std::move(f), b});
    return at.size() - 1;
  }

  GridSet Build() const {
    GridSet set;
    set.display_crs = "EPSG:4546";
    for (int l = 0; l < kLevelCount; ++l) {
      set.level_begin[l] = static_cast<FeatureId>(set.features.size());
      for (const auto& [feature, b] : levels_[l]) {
        Feature f = feature;
        PolygonSet& ps = set.polygons;
        f.first_polygon = static_cast<uint32_t>(ps.PolygonCount());
        f.polygon_count = 1;
        for (Meters p : {Meters{b.x, b.y}, Meters{b.x + b.w, b.y}, Meters{b.x + b.w, b.y + b.h},
                         Meters{b.x, b.y + b.h}}) {  // counter-clockwise
          ps.points.push_back(p);
          f.bounds.Extend(p);
        }
        ps.ring_points.push_back(static_cast<uint32_t>(ps.points.size()));
        ps.polygon_rings.push_back(static_cast<uint32_t>(ps.RingCount()));
        f.area_m2 = b.w * b.h;
        set.bounds.Extend(f.bounds);
        set.features.push_back(std::move(f));
      }
    }
    set.level_begin[kLevelCount] = static_cast<FeatureId>(set.features.size());
    return set;
  }

 private:
  std::array<std::vector<std::pair<Feature, Box>>, kLevelCount> levels_;
};

FeatureId Id(const GridSet& set, Level level, size_t i) {
  return set.LevelBegin(level) + static_cast<FeatureId>(i);
}

const Feature& At(const GridSet& set, Level level, size_t i) {
  return set.features[Id(set, level, i)];
}

bool AnyNoteHas(const GridSet& set, std::string_view text) {
  return std::any_of(set.notes.begin(), set.notes.end(),
                     [&](const LoadNote& n) { return n.message.find(text) != std::string::npos; });
}

std::string AllNotes(const GridSet& set) {
  std::string out;
  for (const LoadNote& n : set.notes) out += n.message + "\n";
  return out;
}

constexpr Box kWest{0, 0, 100, 100}, kEast{100, 0, 100, 100};
constexpr Box kFarAway{10'000, 10'000, 10, 10};

// ---------------------------------------------------------------------------
// [SECTION] Codes
// ---------------------------------------------------------------------------

TEST(Hierarchy, ParentCodeWinsOverPrefixAndPlace) {
  SetBuilder b;
  b.Add(Level::kCommunity, "610822001001", "610822001", kWest);
  b.Add(Level::kCommunity, "610822001002", "610822001", kEast);
  // Its code and its place say the west community; its parent field says east.
  b.Add(Level::kGrid, "61082200100101", " 610822001002 ", {10, 10, 20, 20});
  GridSet set = b.Build();
  const HierarchyReport r = LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 1));
  EXPECT_EQ(r.by_parent_code, 1u);
  EXPECT_EQ(r.by_code_prefix, 0u);
  EXPECT_EQ(r.methods[Id(set, Level::kGrid, 0)], LinkMethod::kParentCode);
  EXPECT_EQ(r.methods[Id(set, Level::kCommunity, 0)], LinkMethod::kTop);
  EXPECT_TRUE(set.notes.empty()) << AllNotes(set);
}

// Each pair of forms, laid apart from each other so that only codes can
// link them.
TEST(Hierarchy, CodePrefixLinksEveryForm) {
  SetBuilder b;
  b.Add(Level::kCommunity, "610822001001", "", {0, 0, 10, 10});              // 12
  b.Add(Level::kCommunity, "610822001002", "", {20, 0, 10, 10});             // 12
  b.Add(Level::kCommunity, "610822002001", "", {40, 0, 10, 10});             // 12
  b.Add(Level::kGrid, "61082200100101", "", {0, 100, 10, 10});               // 14 under 12
  b.Add(Level::kGrid, "610822001002003", "", {20, 100, 10, 10});             // 15 under 12
  b.Add(Level::kGrid, "01010061082200200105", "", {40, 100, 10, 10});        // CJ/T 349 under 12
  b.Add(Level::kCompound, "61082200100101007", "", {0, 200, 10, 10});        // 17 under 14
  b.Add(Level::kCompound, "610822001002003004", "", {20, 200, 10, 10});      // 18 under 15
  b.Add(Level::kCompound, "0101006108220020010501", "", {40, 200, 10, 10});  // 22 under 20
  b.Add(Level::kBuilding, "61082200100101007001", "", {0, 300, 10, 10});     // 20 under 17
  GridSet set = b.Build();
  const HierarchyReport r = LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 0));
  EXPECT_EQ(At(set, Level::kGrid, 1).parent, Id(set, Level::kCommunity, 1));
  EXPECT_EQ(At(set, Level::kGrid, 2).parent, Id(set, Level::kCommunity, 2));
  EXPECT_EQ(At(set, Level::kCompound, 0).parent, Id(set, Level::kGrid, 0));
  EXPECT_EQ(At(set, Level::kCompound, 1).parent, Id(set, Level::kGrid, 1));
  EXPECT_EQ(At(set, Level::kCompound, 2).parent, Id(set, Level::kGrid, 2));
  // A 20-digit code that extends a compound's code is read as that, not as
  // CJ/T 349.
  EXPECT_EQ(At(set, Level::kBuilding, 0).parent, Id(set, Level::kCompound, 0));
  EXPECT_EQ(r.by_code_prefix, 7u);
  EXPECT_TRUE(r.orphans.empty()) << AllNotes(set);
  EXPECT_EQ(r.code_forms[static_cast<int>(GridCodeForm::kDivision12)], 3u);
  EXPECT_EQ(r.code_forms[static_cast<int>(GridCodeForm::kCjt213_14)], 1u);
  EXPECT_EQ(r.code_forms[static_cast<int>(GridCodeForm::kGbt30428_15)], 1u);
  EXPECT_EQ(r.code_forms[static_cast<int>(GridCodeForm::kCjt349_20)], 2u);
  EXPECT_EQ(r.code_forms[static_cast<int>(GridCodeForm::kCompound17)], 1u);
  EXPECT_EQ(r.code_forms[static_cast<int>(GridCodeForm::kUnknown)], 2u);
  EXPECT_TRUE(AnyNoteHas(set, "grid: 3 features linked by code prefix")) << AllNotes(set);
}

TEST(Hierarchy, LongestPrefixWins) {
  SetBuilder b;
  b.Add(Level::kCommunity, "610822001", "", {0, 0, 10, 10});  // a street delivered as a community
  b.Add(Level::kCommunity, "610822001001", "", {20, 0, 10, 10});
  b.Add(Level::kGrid, "61082200100101", "", {0, 100, 10, 10});
  b.Add(Level::kGrid, "61082200199901", "", {20, 100, 10, 10});
  GridSet set = b.Build();
  LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 1));
  EXPECT_EQ(At(set, Level::kGrid, 1).parent, Id(set, Level::kCommunity, 0));
}

TEST(Hierarchy, SequenceNumbersAreNotPrefixes) {
  SetBuilder b;
  b.Add(Level::kCommunity, "1", "", kWest);
  b.Add(Level::kCommunity, "2", "", kEast);
  b.Add(Level::kGrid, "12", "", {150, 10, 10, 10});  // grid 12 lies in community 2
  b.Add(Level::kGrid, "21", "", {10, 10, 10, 10});
  GridSet set = b.Build();
  const HierarchyReport r = LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 1));
  EXPECT_EQ(At(set, Level::kGrid, 1).parent, Id(set, Level::kCommunity, 0));
  EXPECT_EQ(r.by_containment, 2u);
}

TEST(Hierarchy, UnmatchedParentCodeFallsBackAndIsNoted) {
  SetBuilder b;
  b.Add(Level::kCommunity, "610822001001", "", kWest);
  b.Add(Level::kGrid, "61082200100101", "610822009999", {200, 200, 10, 10});
  GridSet set = b.Build();
  const HierarchyReport r = LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 0));
  EXPECT_EQ(r.unmatched_parent_codes, 1u);
  EXPECT_EQ(r.by_code_prefix, 1u);
  EXPECT_TRUE(AnyNoteHas(set,
                         "grid: 1 feature with a parent code naming no community (the first: "
                         "610822009999)"))
      << AllNotes(set);
}

// ---------------------------------------------------------------------------
// [SECTION] Containment
// ---------------------------------------------------------------------------

TEST(Hierarchy, EmptyCodesLinkByContainment) {
  SetBuilder b;
  b.Add(Level::kCommunity, "610822001001", "", kWest);
  b.Add(Level::kCommunity, "610822001002", "", kEast);
  b.Add(Level::kGrid, "", "", {120, 20, 30, 30}, "东一网格");
  b.Add(Level::kGrid, "G-7", "", {0, 0, 100, 50}, "西一网格");  // shares edges with its community
  GridSet set = b.Build();
  const HierarchyReport r = LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 1));
  EXPECT_EQ(At(set, Level::kGrid, 1).parent, Id(set, Level::kCommunity, 0));
  EXPECT_EQ(r.by_containment, 2u);
  EXPECT_EQ(r.methods[Id(set, Level::kGrid, 0)], LinkMethod::kContainment);
  EXPECT_TRUE(AnyNoteHas(set,
                         "grid: 2 features linked by spatial containment (no usable parent "
                         "code)"))
      << AllNotes(set);
}

TEST(Hierarchy, StraddlingGridGoesToTheLargerOverlap) {
  SetBuilder b;
  b.Add(Level::kCommunity, "A", "", kWest);
  b.Add(Level::kCommunity, "B", "", kEast);
  // 30 m² × 10 in the west, 70 × 10 in the east; its label point is off
  // the map, so only areas decide.
  const Meters off{-500, -500};
  b.Add(Level::kGrid, "g", "", {70, 10, 100, 10}, "", &off);
  GridSet set = b.Build();
  LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 1));
}

TEST(Hierarchy, AmbiguousLabelPointFallsBackToArea) {
  SetBuilder b;
  b.Add(Level::kCommunity, "A", "", {0, 0, 100, 100});
  b.Add(Level::kCommunity, "B", "", {50, 0, 100, 100});  // overlaps A (bad data, but delivered)
  // The label point lies in both; the grid has 60 m wide in A, 90 in B.
  const Meters both{75, 50};
  b.Add(Level::kGrid, "g", "", {40, 40, 100, 20}, "", &both);
  GridSet set = b.Build();
  LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 1));
}

TEST(Hierarchy, LabelPointDecidesWhenOneHolderHasIt) {
  SetBuilder b;
  b.Add(Level::kCommunity, "A", "", kWest);
  b.Add(Level::kCommunity, "B", "", kEast);
  const Meters in_west{90, 15};
  b.Add(Level::kGrid, "g", "", {80, 10, 100, 10}, "", &in_west);
  GridSet set = b.Build();
  LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 0));
}

// ---------------------------------------------------------------------------
// [SECTION] Orphans, duplicates, levels
// ---------------------------------------------------------------------------

TEST(Hierarchy, OrphansAreReportedAndKept) {
  SetBuilder b;
  b.Add(Level::kCommunity, "610822001001", "", kWest);
  b.Add(Level::kGrid, "61082200100101", "610822001001", {10, 10, 10, 10});
  b.Add(Level::kGrid, "", "", kFarAway, "孤岛网格");
  b.Add(Level::kGrid, "99", "61082200100101", {200, 200, 10, 10}, "错级网格");  // names a grid
  b.Add(Level::kGrid, "", "", {100, 0, 50, 50}, "贴边网格");  // touches the community's edge
  GridSet set = b.Build();
  const size_t features = set.features.size();
  const HierarchyReport r = LinkHierarchy(set);
  ASSERT_EQ(set.features.size(), features);
  EXPECT_EQ(r.orphans, (std::vector<FeatureId>{Id(set, Level::kGrid, 1), Id(set, Level::kGrid, 2),
                                               Id(set, Level::kGrid, 3)}));
  EXPECT_EQ(At(set, Level::kGrid, 1).parent, kNoFeature);
  EXPECT_EQ(r.methods[Id(set, Level::kGrid, 1)], LinkMethod::kOrphan);
  EXPECT_TRUE(AnyNoteHas(set, "grid without code (孤岛网格) has no parent")) << AllNotes(set);
  EXPECT_TRUE(AnyNoteHas(set, "kept as an orphan")) << AllNotes(set);
  EXPECT_TRUE(AnyNoteHas(set, "(it names a grid)")) << AllNotes(set);
  EXPECT_EQ(At(set, Level::kCommunity, 0).children,
            std::vector<FeatureId>{Id(set, Level::kGrid, 0)});
}

TEST(Hierarchy, DuplicateCodesAreReportedBothKept) {
  SetBuilder b;
  b.Add(Level::kCommunity, "610822001001", "", kWest, "甲社区");
  b.Add(Level::kCommunity, "610822001001", "", kEast, "乙社区");
  b.Add(Level::kGrid, "61082200100101", "610822001001", {150, 10, 10, 10});
  GridSet set = b.Build();
  const HierarchyReport r = LinkHierarchy(set);
  ASSERT_EQ(r.duplicate_codes.size(), 1u);
  EXPECT_EQ(r.duplicate_codes[0],
            std::make_pair(Id(set, Level::kCommunity, 0), Id(set, Level::kCommunity, 1)));
  EXPECT_EQ(set.LevelCount(Level::kCommunity), 2u);
  EXPECT_TRUE(AnyNoteHas(set, "two communities share code 610822001001: '甲社区' and '乙社区'"))
      << AllNotes(set);
  // The lookup by that code takes the first, though the grid lies in the second.
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, Id(set, Level::kCommunity, 0));
}

TEST(Hierarchy, BuildingsHangUnderGridsWithoutCompounds) {
  SetBuilder b;
  b.Add(Level::kCommunity, "610822001001", "", {0, 0, 100, 100});
  b.Add(Level::kGrid, "61082200100101", "", {0, 0, 50, 100});
  b.Add(Level::kGrid, "61082200100102", "", {50, 0, 50, 100});
  b.Add(Level::kBuilding, "6108220010010100001", "", {5, 5, 5, 5});    // by prefix
  b.Add(Level::kBuilding, "B-2", "61082200100102", {300, 300, 5, 5});  // by parent code
  b.Add(Level::kBuilding, "", "", {60, 60, 5, 5});                     // by place
  GridSet set = b.Build();
  const HierarchyReport r = LinkHierarchy(set);
  EXPECT_EQ(set.LevelCount(Level::kCompound), 0u);
  EXPECT_EQ(At(set, Level::kBuilding, 0).parent, Id(set, Level::kGrid, 0));
  EXPECT_EQ(At(set, Level::kBuilding, 1).parent, Id(set, Level::kGrid, 1));
  EXPECT_EQ(At(set, Level::kBuilding, 2).parent, Id(set, Level::kGrid, 1));
  EXPECT_TRUE(r.orphans.empty()) << AllNotes(set);
}

TEST(Hierarchy, TopDeliveredLevelHasNoParentsAndNoOrphans) {
  SetBuilder b;  // grids and compounds only
  b.Add(Level::kGrid, "61082200100101", "610822001001", {0, 0, 50, 50});
  b.Add(Level::kCompound, "61082200100101001", "", {5, 5, 5, 5});
  GridSet set = b.Build();
  const HierarchyReport r = LinkHierarchy(set);
  EXPECT_EQ(At(set, Level::kGrid, 0).parent, kNoFeature);
  EXPECT_EQ(r.methods[Id(set, Level::kGrid, 0)], LinkMethod::kTop);
  EXPECT_EQ(At(set, Level::kCompound, 0).parent, Id(set, Level::kGrid, 0));
  EXPECT_TRUE(r.orphans.empty());
  EXPECT_EQ(r.unmatched_parent_codes, 0u);
}

TEST(Hierarchy, LinkingTwiceGivesTheSameResult) {
  SetBuilder b;
  b.Add(Level::kCommunity, "610822001001", "", kWest);
  b.Add(Level::kCommunity, "610822001001", "", kEast);
  b.Add(Level::kGrid, "61082200100101", "", {10, 10, 10, 10});
  b.Add(Level::kGrid, "", "", {150, 10, 10, 10});
  b.Add(Level::kGrid, "", "", kFarAway);
  GridSet set = b.Build();
  set.notes.push_back({"loader: something else"});
  LinkHierarchy(set);
  const std::vector<Feature> once = set.features;
  const size_t notes = set.notes.size();
  LinkHierarchy(set);
  ASSERT_EQ(set.notes.size(), notes) << AllNotes(set);
  EXPECT_EQ(set.notes.front().message, "loader: something else");
  for (FeatureId id = 0; id < set.features.size(); ++id) {
    EXPECT_EQ(set.features[id].parent, once[id].parent) << id;
    EXPECT_EQ(set.features[id].children, once[id].children) << id;
  }
}

// ---------------------------------------------------------------------------
// [SECTION] The sample county
// ---------------------------------------------------------------------------

class HierarchySample : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = LoadGridSet(GridSourceFromDirectory(SampleCountyDirectory()));
    if (!s) ADD_FAILURE() << s.error().message;
    set_ = new GridSet(s ? std::move(*s) : GridSet{});
  }
  static void TearDownTestSuite() {
    delete set_;
    set_ = nullptr;
  }
  static std::vector<FeatureId> Parents(const GridSet& s) {
    std::vector<FeatureId> out;
    for (const Feature& f : s.features) out.push_back(f.parent);
    return out;
  }
  static GridSet* set_;
};
GridSet* HierarchySample::set_ = nullptr;

TEST_F(HierarchySample, EveryLinkComesFromTheParentField) {
  GridSet s = *set_;
  const HierarchyReport r = LinkHierarchy(s);
  EXPECT_EQ(r.by_parent_code, 79u + 241u);
  EXPECT_EQ(r.by_code_prefix + r.by_containment, 0u);
  EXPECT_TRUE(r.orphans.empty());
  EXPECT_TRUE(r.duplicate_codes.empty());
  EXPECT_EQ(r.code_forms[static_cast<int>(GridCodeForm::kDivision12)], 14u);
  EXPECT_EQ(r.code_forms[static_cast<int>(GridCodeForm::kCjt213_14)], 79u);
  EXPECT_EQ(r.code_forms[static_cast<int>(GridCodeForm::kCompound17)], 241u);
  EXPECT_TRUE(s.notes.empty()) << AllNotes(s);
  EXPECT_EQ(Parents(s), Parents(*set_));
}

TEST_F(HierarchySample, WithoutParentFieldsPrefixesGiveTheSameTree) {
  GridSet s = *set_;
  for (Feature& f : s.features) f.parent_code.clear();
  const HierarchyReport r = LinkHierarchy(s);
  EXPECT_EQ(r.by_code_prefix, 79u + 241u);
  EXPECT_TRUE(r.orphans.empty());
  EXPECT_EQ(Parents(s), Parents(*set_));
  EXPECT_TRUE(AnyNoteHas(s, "grid: 79 features linked by code prefix")) << AllNotes(s);
}

TEST_F(HierarchySample, WithoutUsableCodesContainmentGivesTheSameTree) {
  GridSet s = *set_;
  for (Feature& f : s.features) f.parent_code.clear();
  for (FeatureId id = s.LevelBegin(Level::kGrid); id < s.LevelEnd(Level::kGrid); ++id) {
    s.features[id].code =
        std::to_string(id).insert(0, 1, 'X');  // "X" + … trips GCC 12's -Wrestrict
  }
  const HierarchyReport r = LinkHierarchy(s);
  // Compounds' codes no longer extend their grid's: they go by place too.
  EXPECT_EQ(r.by_containment, 79u + 241u);
  EXPECT_TRUE(r.orphans.empty()) << AllNotes(s);
  EXPECT_EQ(Parents(s), Parents(*set_));
  EXPECT_TRUE(AnyNoteHas(s, "grid: 79 features linked by spatial containment")) << AllNotes(s);
  EXPECT_TRUE(AnyNoteHas(s, "compound: 241 features linked by spatial containment")) << AllNotes(s);
}

TEST_F(HierarchySample, ContainmentByAreaAloneAgrees) {
  // Label points moved off the map: every link is decided by overlap area.
  GridSet s = *set_;
  for (Feature& f : s.features) {
    f.parent_code.clear();
    f.code.clear();
    f.label_point = {0, 0};
  }
  const HierarchyReport r = LinkHierarchy(s);
  EXPECT_EQ(r.by_containment, 79u + 241u);
  EXPECT_EQ(Parents(s), Parents(*set_));
}

}  // namespace
}  // namespace geo
