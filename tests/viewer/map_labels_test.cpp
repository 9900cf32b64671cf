#include "viewer/map_labels.hpp"

#include <gtest/gtest.h>

namespace viewer {
namespace {

// A row of `n` square communities, `side` metres each, each with one grid
// the same size.
geo::GridSet Row(int n, double side) {
  geo::GridSet set;
  for (int level = 0; level < 2; ++level) {
    set.level_begin[level] = static_cast<geo::FeatureId>(set.features.size());
    for (int i = 0; i < n; ++i) {
      geo::Feature f;
      f.level = static_cast<geo::Level>(level);
      f.name = level == 0 ? "社区" + std::to_string(i) : "网格" + std::to_string(i);
      f.code = std::to_string(level * 100 + i);
      const double x0 = i * side;
      f.bounds.Extend(geo::Meters{x0, 0});
      f.bounds.Extend(geo::Meters{x0 + side, side});
      f.label_point = f.bounds.Center();
      set.bounds.Extend(f.bounds);
      set.features.push_back(f);
    }
  }
  set.level_begin[2] = set.level_begin[3] = static_cast<geo::FeatureId>(set.features.size());
  return set;
}

TextSize FixedSize(std::string_view, geo::Level level) {
  return level == geo::Level::kCommunity ? TextSize{80, 20} : TextSize{60, 16};
}

TEST(MapLabels, NoTwoLabelsOverlap) {
  const geo::GridSet set = Row(10, 500);
  Camera cam;
  cam.SetViewport({0, 0, 1000, 600});
  for (double mpp : {1.0, 3.0, 6.0, 20.0}) {
    cam.Fit(set.bounds);
    cam.ZoomAbout({500, 300}, cam.meters_per_pixel() / mpp);
    const auto labels = PlaceLabels(set, cam, FixedSize);
    for (size_t a = 0; a < labels.size(); ++a) {
      for (size_t b = a + 1; b < labels.size(); ++b) {
        const bool apart =
            std::abs(labels[a].center.x - labels[b].center.x) >=
                (labels[a].size.width + labels[b].size.width) / 2 ||
            std::abs(labels[a].center.y - labels[b].center.y) >=
                (labels[a].size.height + labels[b].size.height) / 2;
        EXPECT_TRUE(apart) << "labels " << labels[a].id << " and " << labels[b].id << " at "
                           << mpp << " m/px";
      }
    }
  }
}

TEST(MapLabels, CommunitiesWinAndSmallAreasGetNone) {
  const geo::GridSet set = Row(4, 500);
  Camera cam;
  cam.SetViewport({0, 0, 1000, 600});
  cam.Fit(set.bounds, 0);  // 2 km in 1000 px: 2 m/px, each community 250 px wide
  auto labels = PlaceLabels(set, cam, FixedSize);
  ASSERT_EQ(labels.size(), 4u);  // the grid names sit where the community names are
  for (const PlacedLabel& l : labels) EXPECT_EQ(set.features[l.id].level, geo::Level::kCommunity);

  cam.ZoomAbout({500, 300}, 1.0 / 10);  // 20 m/px: 25 px per community, narrower than its name
  EXPECT_TRUE(PlaceLabels(set, cam, FixedSize).empty());
}

TEST(MapLabels, LabelsOutsideTheViewportAreDropped) {
  const geo::GridSet set = Row(10, 500);
  Camera cam;
  cam.SetViewport({300, 0, 700, 600});
  cam.Fit(set.bounds);
  cam.ZoomAbout({650, 300}, 4);  // only the middle communities remain in view
  for (const PlacedLabel& l : PlaceLabels(set, cam, FixedSize)) {
    EXPECT_GE(l.center.x - l.size.width / 2, 300);
    EXPECT_LE(l.center.x + l.size.width / 2, 1000);
  }
}

}  // namespace
}  // namespace viewer
