// The ping layer on screen: a new demand's ring in the received colour at
// the size its age gives, a closure's in the closed colour, nothing once
// they faded; animating() only while one lives, and the GPU buffer written
// only when pings are born. Drawn offscreen under Xvfb + llvmpipe.
#include <gtest/gtest.h>

#include <cmath>

#include "layer_test_support.hpp"
#include "viewer/layers/ping_layer.hpp"
#include "viewer/layers/point_style.hpp"

namespace viewer::test_layers {
namespace {

constexpr int kWidth = 480, kHeight = 320;

class PingLayerTest : public LayerTest {
 protected:
  void SetUp() override {
    LayerTest::SetUp();
    if (HasFatalFailure()) return;
    const geo::GridSet& set = test::SampleCounty();
    center_ = set.features[set.LevelBegin(geo::Level::kGrid)].label_point;
    // 2 km wide: the rings are tens of pixels, the spots hundreds of metres apart.
    geo::Bounds b;
    b.Extend(geo::Meters{center_.x - 1000, center_.y - 600});
    b.Extend(geo::Meters{center_.x + 1000, center_.y + 600});
    camera_ = CameraOver(b, kWidth, kHeight);
  }

  PingLayer MakeLayer() {
    auto layer = PingLayer::Create(shader_dir_);
    EXPECT_TRUE(layer.has_value()) << layer.error().message;
    layer->SetOrigin(center_);
    return std::move(*layer);
  }
  void Sync(PingLayer& layer, double now_s) {
    layer.Sync(*Publish(), SampleCatalog(), {}, SnapshotFeed::kLive, now_s);
  }
  Image Draw(const PingLayer& layer, double now_s) {
    return Render(kWidth, kHeight, [&] { layer.Draw(camera_, now_s, kHeight, 1.0); });
  }
  // Demands received now: the layer only rings for recent news.
  int64_t AddNow(geo::Meters xy) {
    ops::Demand d = MakeDemand(xy, ops::Stage::kReceived);
    d.received = d.updated = now_;
    live_->AddDemand(d);
    return d.id;
  }

  // Whether a pixel within 2 px of `radius_px` right of `at` has `color`
  // over the background at the stroke's full strength.
  static bool RingAt(const Image& image, ScreenPx at, double radius_px, Rgba color) {
    const auto mix = [](uint8_t c, uint8_t bg) {
      return static_cast<uint8_t>(std::lround(kPingAlpha * c + (1 - kPingAlpha) * bg));
    };
    const Rgba want = {mix(color.r, kBackground.r), mix(color.g, kBackground.g),
                       mix(color.b, kBackground.b), 255};
    for (int dx = -2; dx <= 2; ++dx) {
      if (Near(image.At(ScreenPx{at.x + radius_px + dx, at.y}), want, 8)) return true;
    }
    return false;
  }

  geo::Meters center_;
  Camera camera_;
};

TEST_F(PingLayerTest, AFixedSnapshotRingsNothing) {
  AddNow(center_);
  PingLayer layer = MakeLayer();
  Sync(layer, 1.0);
  Sync(layer, 1.5);
  EXPECT_FALSE(layer.animating());
  EXPECT_EQ(layer.uploads(), 0u);
  const Image image = Draw(layer, 1.5);
  EXPECT_TRUE(Near(image.At(camera_.ToScreen(center_)), kBackground, 1));
}

TEST_F(PingLayerTest, ANewDemandsRingGrowsInTheReceivedColourThenGoes) {
  PingLayer layer = MakeLayer();
  Sync(layer, 10.0);  // the baseline: nothing yet
  const geo::Meters at = {center_.x - 400, center_.y};
  AddNow(at);
  Sync(layer, 10.0);
  EXPECT_TRUE(layer.animating());
  EXPECT_EQ(layer.uploads(), 1u);

  // A quarter through its life the ring eased out to 1 - (3/4)² of the way.
  const double age = kArrivalLifetimeS / 4;
  Sync(layer, 10.0 + age);
  EXPECT_EQ(layer.uploads(), 1u) << "the animation runs in the shader: no upload per frame";
  const double radius = kArrivalFromPx + (kArrivalToPx - kArrivalFromPx) * (1 - 0.75 * 0.75);
  const Image image = Draw(layer, 10.0 + age);
  const ScreenPx p = camera_.ToScreen(at);
  const bool ring = RingAt(image, p, radius, StageColor(ops::Stage::kReceived));
  EXPECT_TRUE(ring) << "no received-colour ring " << radius
                    << " px from the demand: " << Describe(image.At(ScreenPx{p.x + radius, p.y}));
  const Rgba outside = image.At(ScreenPx{p.x + radius + 8, p.y});
  EXPECT_TRUE(Near(outside, kBackground, 2)) << "outside the ring: " << Describe(outside);
  if (!ring) Save(image, "ping_arrival");

  // Past its life: gone from the model, the screen and the frame loop.
  Sync(layer, 10.0 + kArrivalLifetimeS);
  EXPECT_FALSE(layer.animating());
  EXPECT_EQ(layer.uploads(), 1u);
  const Image after = Draw(layer, 10.0 + kArrivalLifetimeS);
  EXPECT_TRUE(Near(after.At(ScreenPx{p.x + radius, p.y}), kBackground, 1));
}

TEST_F(PingLayerTest, AClosureRingShrinksInTheClosedColour) {
  const geo::Meters at = {center_.x + 400, center_.y};
  const int64_t id = AddNow(at);
  PingLayer layer = MakeLayer();
  Sync(layer, 5.0);
  Move(id, ops::Stage::kClosed);
  Sync(layer, 5.0);
  ASSERT_TRUE(layer.animating());
  // A quarter through its life the ring eased in by (1/4)².
  const double age = kLeavingLifetimeS / 4;
  const double radius = kLeavingFromPx + (kLeavingToPx - kLeavingFromPx) * (0.25 * 0.25);
  const Image image = Draw(layer, 5.0 + age);
  const bool ring = RingAt(image, camera_.ToScreen(at), radius, kClosedColor);
  EXPECT_TRUE(ring) << "no closed-colour ring " << radius << " px from the demand";
  if (!ring) Save(image, "ping_leaving");
}

}  // namespace
}  // namespace viewer::test_layers
