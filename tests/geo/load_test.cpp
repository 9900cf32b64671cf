// The loader on the bundled sample county: counts, GBK names, hierarchy,
// display CRS, geometry that tiles.
#include "geo/load.hpp"

#include <gtest/gtest.h>

#include "support/test_support.hpp"

#include <set>

#include "geo/locate.hpp"

namespace geo {
namespace {

const GridSet& Sample() { return test::SampleCounty(); }

TEST(Load, SampleCountyHasEveryLevel) {
  const GridSet& s = Sample();
  EXPECT_EQ(s.LevelCount(Level::kCommunity), 14u);
  EXPECT_EQ(s.LevelCount(Level::kGrid), 79u);
  EXPECT_EQ(s.LevelCount(Level::kCompound), 241u);
  EXPECT_EQ(s.display_crs, "EPSG:4546");
  EXPECT_TRUE(s.source_crs.starts_with("EPSG:4490")) << s.source_crs;
  EXPECT_TRUE(s.notes.empty()) << s.notes.front().message;
}

TEST(Load, NamesAreDecodedFromGbk) {
  const GridSet& s = Sample();
  for (FeatureId id = 0; id < s.features.size(); ++id) {
    const Feature& f = s.features[id];
    const char* word = f.level == Level::kCommunity ? "社区" : f.level == Level::kGrid ? "网格" : "";
    EXPECT_FALSE(f.name.empty()) << f.code;
    if (*word) {
      EXPECT_NE(f.name.find(word), std::string::npos) << f.code << " " << f.name;
    }
    // No Latin-1 mojibake: GBK read as Latin-1 would give C3/C2 lead bytes
    // for Ã/Â etc. Every byte of a Chinese name is part of a 3-byte UTF-8
    // sequence (E4..E9 lead) or ASCII.
    for (size_t i = 0; i < f.name.size();) {
      const auto c = static_cast<unsigned char>(f.name[i]);
      if (c < 0x80) {
        ++i;
      } else {
        ASSERT_GE(c, 0xE0) << f.code << ": not CJK UTF-8: " << f.name;
        i += 3;
      }
    }
  }
}

TEST(Load, EveryParentCodeIsPresentAndLinked) {
  const GridSet& s = Sample();
  for (FeatureId id = s.LevelBegin(Level::kGrid); id < s.features.size(); ++id) {
    const Feature& f = s.features[id];
    ASSERT_NE(f.parent, kNoFeature) << f.code;
    const Feature& p = s.features[f.parent];
    EXPECT_EQ(p.code, f.parent_code);
    EXPECT_EQ(static_cast<int>(p.level), static_cast<int>(f.level) - 1);
    EXPECT_TRUE(f.code.starts_with(p.code)) << f.code << " under " << p.code;
  }
  size_t grids = 0, compounds = 0;
  for (FeatureId id = 0; id < s.LevelEnd(Level::kCommunity); ++id) {
    grids += s.features[id].children.size();
    for (FeatureId g : s.features[id].children) compounds += s.features[g].children.size();
  }
  EXPECT_EQ(grids, 79u);
  EXPECT_EQ(compounds, 241u);
}

TEST(Load, CodesFollowTheCountyScheme) {
  const GridSet& s = Sample();
  const size_t lengths[] = {12, 14, 17};  // 6 county + 3 street + 3 community, +2 grid, +3 compound
  std::set<std::string> codes;
  for (const Feature& f : s.features) {
    EXPECT_EQ(f.code.size(), lengths[static_cast<int>(f.level)]) << f.code;
    EXPECT_TRUE(f.code.starts_with("610822")) << f.code;
    EXPECT_TRUE(codes.insert(f.code).second) << "duplicate " << f.code;
  }
}

TEST(Load, GridsTileTheirCommunityByArea) {
  const GridSet& s = Sample();
  for (FeatureId c = 0; c < s.LevelEnd(Level::kCommunity); ++c) {
    double sum = 0;
    for (FeatureId g : s.features[c].children) sum += s.features[g].area_m2;
    EXPECT_NEAR(sum, s.features[c].area_m2, s.features[c].area_m2 * 1e-9) << s.features[c].code;
  }
}

TEST(Load, RingsAreOrientedOuterCounterClockwise) {
  const PolygonSet& ps = Sample().polygons;
  for (size_t p = 0; p < ps.PolygonCount(); ++p) {
    EXPECT_GT(SignedArea(ps.Ring(ps.polygon_rings[p])), 0) << "polygon " << p;
    for (uint32_t r = ps.polygon_rings[p] + 1; r < ps.polygon_rings[p + 1]; ++r) {
      EXPECT_LT(SignedArea(ps.Ring(r)), 0) << "hole " << r;
    }
  }
}

TEST(Load, LabelPointsLieInsideTheirArea) {
  const GridSet& s = Sample();
  for (FeatureId id = 0; id < s.features.size(); ++id) {
    EXPECT_TRUE(FeatureContains(s, id, s.features[id].label_point)) << s.features[id].code;
    if (s.features[id].level == Level::kCompound) {
      EXPECT_EQ(DeepestFeatureAt(s, s.features[id].label_point), id) << s.features[id].code;
    }
  }
}

TEST(Load, MissingFolderNamesTheFile) {
  auto s = LoadGridSet(GridSourceFromDirectory("/no/such/county"));
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_NE(s.error().message.find("/no/such/county/communities.shp"), std::string::npos)
      << s.error().message;
}

TEST(Load, ALayerWithoutCodeFieldIsRefused) {
  // poly.shp has AREA, EAS_ID, PRFEDEA: no code field gridops recognises.
  GridSource src;
  for (auto& l : src.levels) {
    l.path = GRIDOPS_SHARED_DATA "/conformance/gdal-3.6.2-swig-java-test_data/poly.shp";
  }
  auto s = LoadGridSet(src);
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("no code field"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace geo
