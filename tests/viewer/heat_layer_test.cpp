// The heat layer as a supervisor reads it: where demands cluster the map
// glows warm, where there are none it stays untouched, and it follows the
// store as demands close.
#include <gtest/gtest.h>

#include <random>

#include "layer_test_support.hpp"
#include "viewer/layers/heat_layer.hpp"
#include "viewer/layers/point_style.hpp"

namespace viewer::test_layers {
namespace {

constexpr int kWidth = 640, kHeight = 480;

class HeatLayerTest : public LayerTest {};

TEST_F(HeatLayerTest, AClusterIsWarmerThanAnEmptyAreaAndCoolsWhenItCloses) {
  const geo::GridSet& set = test::SampleCounty();
  const geo::FeatureId first = set.LevelBegin(geo::Level::kGrid);
  const geo::Meters hot = set.features[first].label_point;
  // The grid farthest from the cluster stays empty.
  geo::Meters cold = hot;
  for (geo::FeatureId g = first; g < set.LevelEnd(geo::Level::kGrid); ++g) {
    const geo::Meters p = set.features[g].label_point;
    if (std::hypot(p.x - hot.x, p.y - hot.y) > std::hypot(cold.x - hot.x, cold.y - hot.y)) cold = p;
  }
  std::mt19937 rng(3);
  std::normal_distribution<double> spread(0, 60);
  for (int i = 0; i < 200; ++i) {
    Add({hot.x + spread(rng), hot.y + spread(rng)}, static_cast<ops::Stage>(i % 5));
  }
  // A thin background of demands elsewhere, so the average is a county's.
  std::uniform_real_distribution<double> ux(set.bounds.min_x, set.bounds.max_x);
  std::uniform_real_distribution<double> uy(set.bounds.min_y, set.bounds.max_y);
  for (int i = 0; i < 100; ++i) {
    const geo::Meters p{ux(rng), uy(rng)};
    if (std::hypot(p.x - cold.x, p.y - cold.y) > 1500) Add(p, ops::Stage::kHandling);
  }

  auto layer = HeatLayer::Create(shader_dir_);
  ASSERT_TRUE(layer.has_value()) << layer.error().message;
  layer->Sync(*Publish(), SampleCatalog(), {});
  const Camera camera = CameraOver(set.bounds, kWidth, kHeight);
  const Image image = Render(kWidth, kHeight, [&] { layer->Draw(camera, kHeight, 1.0); });
  const Rgba warm = image.At(camera.ToScreen(hot));
  const Rgba empty = image.At(camera.ToScreen(cold));
  EXPECT_GT(warm.r, kBackground.r + 120) << "the cluster is not warm: " << Describe(warm);
  EXPECT_GT(warm.r, warm.b) << "warm reads red-yellow, not blue: " << Describe(warm);
  EXPECT_TRUE(Near(empty, kBackground, 2)) << "an empty grid is tinted: " << Describe(empty);
  if (warm.r <= kBackground.r + 120 || !Near(empty, kBackground, 2)) Save(image, "heat_cluster");

  // Close the cluster: its glow goes.
  for (int64_t id = 1; id <= 200; ++id) Move(id, ops::Stage::kClosed);
  layer->Sync(*Publish(), SampleCatalog(), {});
  EXPECT_FALSE(layer->last_upload().full);
  const Image after = Render(kWidth, kHeight, [&] { layer->Draw(camera, kHeight, 1.0); });
  const Rgba cooled = after.At(camera.ToScreen(hot));
  EXPECT_LT(cooled.r, warm.r - 60) << "still warm after closing: " << Describe(cooled);
}

TEST_F(HeatLayerTest, TheKernelStaysBetweenItsPixelBounds) {
  Camera c;
  c.SetViewport({0, 0, 800, 600});
  geo::Bounds street{0, 0, 100, 100};
  c.Fit(street);
  EXPECT_DOUBLE_EQ(HeatLayer::SigmaPx(c), kHeatSigmaMaxPx);
  geo::Bounds province{0, 0, 1e6, 1e6};
  c.Fit(province);
  EXPECT_DOUBLE_EQ(HeatLayer::SigmaPx(c), kHeatSigmaMinPx);
}

}  // namespace
}  // namespace viewer::test_layers
