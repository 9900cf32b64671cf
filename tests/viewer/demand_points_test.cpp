// Demand points as a supervisor sees them: each open demand a disc in its
// stage colour where it is, closed and filtered-out ones not at all, overdue
// ones pulsing red; a transition repaints one demand by uploading one chunk;
// zoomed out, bubbles with counts. Drawn offscreen under Xvfb + llvmpipe and
// read back.
#include <gtest/gtest.h>

#include <numeric>
#include <random>

#include "layer_test_support.hpp"
#include "ops/demand_filter.hpp"
#include "viewer/layers/demand_points.hpp"
#include "viewer/layers/point_style.hpp"

namespace viewer::test_layers {
namespace {

constexpr int kWidth = 480, kHeight = 320;

class DemandPointsTest : public LayerTest {
 protected:
  void SetUp() override {
    LayerTest::SetUp();
    if (HasFatalFailure()) return;
    const geo::GridSet& set = test::SampleCounty();
    center_ = set.features[set.LevelBegin(geo::Level::kGrid)].label_point;
  }

  DemandPointLayer MakeLayer() {
    auto layer = DemandPointLayer::Create(shader_dir_);
    EXPECT_TRUE(layer.has_value()) << layer.error().message;
    return std::move(*layer);
  }

  // `i` steps of 60 m east of the first grid's label point.
  geo::Meters Spot(int i) const { return {center_.x + 60.0 * i, center_.y}; }
  // A camera 600 m wide around the spots: points, not bubbles.
  Camera Close() const {
    geo::Bounds b;
    b.Extend(geo::Meters{center_.x - 100, center_.y - 200});
    b.Extend(geo::Meters{center_.x + 500, center_.y + 200});
    return CameraOver(b, kWidth, kHeight);
  }
  Image Draw(const DemandPointLayer& layer, const Camera& camera, double time_s = 0) {
    return Render(kWidth, kHeight,
                  [&] { layer.Draw(camera, time_s, kHeight, 1.0, nullptr); });
  }

  geo::Meters center_;
};

TEST_F(DemandPointsTest, EachOpenStageShowsItsColourAndClosedOnesLeaveTheBackground) {
  for (int s = 0; s < ops::kStageCount; ++s) Add(Spot(s), static_cast<ops::Stage>(s));
  DemandPointLayer layer = MakeLayer();
  layer.Sync(*Publish(), SampleCatalog(), {});
  EXPECT_EQ(layer.drawn(), 5u);
  EXPECT_FALSE(layer.animating());
  EXPECT_FALSE(layer.Aggregated(Close()));
  const Camera camera = Close();
  const Image image = Draw(layer, camera);
  bool ok = true;
  for (int s = 0; s < ops::kStageCount - 1; ++s) {
    const Rgba got = image.At(camera.ToScreen(Spot(s)));
    const Rgba want = StageColor(static_cast<ops::Stage>(s));
    ok = ok && Near(got, want, 3);
    EXPECT_TRUE(Near(got, want, 3)) << ops::StageName(static_cast<ops::Stage>(s)) << " is "
                                    << Describe(got) << ", expected " << Describe(want);
  }
  const Rgba closed = image.At(camera.ToScreen(Spot(5)));
  ok = ok && Near(closed, kBackground, 1);
  EXPECT_TRUE(Near(closed, kBackground, 1)) << "a closed demand is drawn: " << Describe(closed);
  // The dark outline ring: just outside the disc, darker than the disc.
  const ScreenPx p = camera.ToScreen(Spot(0));
  const Rgba ring = image.At(ScreenPx{p.x + kPointRadiusPx + kPointOutlinePx * 0.5, p.y});
  EXPECT_LT(ring.r + ring.g + ring.b, 150) << "no dark outline: " << Describe(ring);
  if (!ok) Save(image, "points_stages");
}

TEST_F(DemandPointsTest, AFilteredOutFamilyLeavesTheBackground) {
  const ops::Category* other = nullptr;
  for (const ops::Category& c : SampleCatalog().categories) {
    if (c.family != "sanitation") other = &c;
  }
  ASSERT_NE(other, nullptr);
  Add(Spot(0), ops::Stage::kHandling, "S01");  // sanitation
  Add(Spot(2), ops::Stage::kHandling, other->code);
  DemandPointLayer layer = MakeLayer();
  const auto snapshot = Publish();
  layer.Sync(*snapshot, SampleCatalog(), {});
  EXPECT_EQ(layer.drawn(), 2u);

  ops::DemandFilter sanitation;
  sanitation.families = {"sanitation"};
  layer.Sync(*snapshot, SampleCatalog(), sanitation);
  EXPECT_TRUE(layer.last_upload().full) << "a filter change rebuilds the buffer";
  EXPECT_EQ(layer.drawn(), 1u);
  const Camera camera = Close();
  const Image image = Draw(layer, camera);
  EXPECT_TRUE(Near(image.At(camera.ToScreen(Spot(0))), StageColor(ops::Stage::kHandling), 3));
  const Rgba filtered = image.At(camera.ToScreen(Spot(2)));
  EXPECT_TRUE(Near(filtered, kBackground, 1)) << "filtered out, yet drawn: " << Describe(filtered);
}

TEST_F(DemandPointsTest, ATransitionUploadsOnlyItsChunkAndRepaintsThePoint) {
  // Three chunks of 256; demand 300 lies in the second.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> far(2000, 4000);
  for (int i = 1; i <= 600; ++i) {
    if (i == 300) {
      Add(Spot(1), ops::Stage::kReceived);
    } else {
      Add({center_.x + far(rng), center_.y + far(rng)}, ops::Stage::kDispatched);
    }
  }
  DemandPointLayer layer = MakeLayer();
  layer.Sync(*Publish(), SampleCatalog(), {});
  EXPECT_TRUE(layer.last_upload().full);
  const Camera camera = Close();
  const ScreenPx p = camera.ToScreen(Spot(1));
  EXPECT_TRUE(Near(Draw(layer, camera).At(p), StageColor(ops::Stage::kReceived), 3));

  // Nothing changed: nothing uploads.
  layer.Sync(*Publish(), SampleCatalog(), {});
  EXPECT_EQ(layer.last_upload().bytes, 0u);

  Move(300, ops::Stage::kDispatched);
  Move(300, ops::Stage::kHandling);
  layer.Sync(*Publish(), SampleCatalog(), {});
  const UploadStats& up = layer.last_upload();
  EXPECT_FALSE(up.full);
  EXPECT_EQ(up.chunks, 1u);
  EXPECT_EQ(up.slots, 1u) << "one demand changed, one slot uploads";
  EXPECT_LE(up.bytes, ops::DemandTable::kChunk * sizeof(PointInstance));
  const Rgba got = Draw(layer, camera).At(p);
  EXPECT_TRUE(Near(got, StageColor(ops::Stage::kHandling), 3)) << Describe(got);

  // Closing it hides it, by the same one-slot upload.
  Move(300, ops::Stage::kReported);
  Move(300, ops::Stage::kVerified);
  Move(300, ops::Stage::kClosed);
  layer.Sync(*Publish(), SampleCatalog(), {});
  EXPECT_EQ(layer.last_upload().chunks, 1u);
  EXPECT_EQ(layer.drawn(), 599u);
  EXPECT_TRUE(Near(Draw(layer, camera).At(p), kBackground, 1));
}

TEST_F(DemandPointsTest, OverdueOnesWearARedRingThatPulses) {
  Add(Spot(0), ops::Stage::kHandling, "S01", -ops::kHour);  // an hour past its deadline
  DemandPointLayer layer = MakeLayer();
  layer.Sync(*Publish(), SampleCatalog(), {});
  EXPECT_TRUE(layer.animating());
  EXPECT_EQ(layer.overdue(), 1u);
  const Camera camera = Close();
  const ScreenPx p = camera.ToScreen(Spot(0));
  // The ring's middle at the pulse's start (t = 0: smallest, opaque).
  const double ring_mid = kPointRadiusPx + kPointOutlinePx + kRingGapPx + kRingWidthPx / 2;
  const ScreenPx on_ring{p.x + ring_mid, p.y};
  const Image rest = Draw(layer, camera, 0.0);
  const Rgba red = rest.At(on_ring);
  EXPECT_TRUE(Near(red, kOverdueRing, 12)) << "no red ring: " << Describe(red);
  EXPECT_TRUE(Near(rest.At(p), StageColor(ops::Stage::kHandling), 3)) << "the disc keeps its stage";
  // Half a second later the ring has moved out and faded.
  const Rgba later = Draw(layer, camera, 0.5).At(on_ring);
  EXPECT_FALSE(Near(later, red, 40)) << "the ring does not pulse: " << Describe(later);

  // Closed, nothing pulses any more.
  Move(1, ops::Stage::kReported);
  Move(1, ops::Stage::kVerified);
  Move(1, ops::Stage::kClosed);
  layer.Sync(*Publish(), SampleCatalog(), {});
  EXPECT_FALSE(layer.animating());
}

TEST_F(DemandPointsTest, ZoomedOutTheyAggregateIntoBubblesPerGrid) {
  const geo::GridSet& set = test::SampleCounty();
  std::mt19937 rng(11);
  std::normal_distribution<double> jitter(0, 40);
  // 60 demands around every grid's label point, some overdue.
  int n = 0;
  for (geo::FeatureId g = set.LevelBegin(geo::Level::kGrid); g < set.LevelEnd(geo::Level::kGrid);
       ++g) {
    for (int i = 0; i < 60; ++i, ++n) {
      const geo::Meters at{set.features[g].label_point.x + jitter(rng),
                           set.features[g].label_point.y + jitter(rng)};
      Add(at, static_cast<ops::Stage>(n % 5), "S01", n % 7 == 0 ? -ops::kHour : ops::kDay);
    }
  }
  DemandPointLayer layer = MakeLayer();
  layer.Sync(*Publish(), SampleCatalog(), {});
  const Camera county = CameraOver(set.bounds, kWidth, kHeight);
  EXPECT_TRUE(layer.Aggregated(county)) << "4740 points over a 480×320 view stay points";
  EXPECT_FALSE(layer.Aggregated(Close()));

  const auto& bubbles = layer.bubbles();
  ASSERT_FALSE(bubbles.empty());
  EXPECT_GE(bubbles.size(), 70u) << "about one bubble per grid";
  const size_t total = std::accumulate(bubbles.begin(), bubbles.end(), size_t{0},
                                       [](size_t s, const Bubble& b) { return s + b.count; });
  EXPECT_EQ(total, layer.drawn());
  EXPECT_GT(layer.overdue(), 0u);

  const Image image = Draw(layer, county);
  // The smallest bubble (drawn last, on top) shows the light bubble fill at
  // its centre, over the background or a neighbour.
  const Bubble& b = bubbles.back();
  const Rgba got = image.At(county.ToScreen(b.at));
  const bool light = got.r > 200 && got.g > 200 && got.b > 200;
  EXPECT_TRUE(light) << "bubble centre is " << Describe(got) << ", expected about "
                     << Describe(kBubbleFill);
  EXPECT_GE(layer.BubbleRadiusPx(bubbles.front(), county), layer.BubbleRadiusPx(b, county));
  // No single stage colour shows anywhere: these are bubbles, not points.
  int stage_pixels = 0;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      if (Near(image.At(x, y), StageColor(ops::Stage::kReceived), 2)) ++stage_pixels;
    }
  }
  EXPECT_EQ(stage_pixels, 0);
  if (!light) Save(image, "points_bubbles");
}

TEST_F(DemandPointsTest, ATimeWindowDropsDemandsAsTheyAge) {
  const int64_t id = Add(Spot(0), ops::Stage::kReceived);  // received an hour ago
  ASSERT_EQ(id, 1);
  ops::DemandFilter last_two_hours;
  last_two_hours.window = 2 * ops::kHour;
  DemandPointLayer layer = MakeLayer();
  layer.Sync(*Publish(), SampleCatalog(), last_two_hours);
  EXPECT_EQ(layer.drawn(), 1u);
  // The store's clock moves 90 minutes on with no change to the demand.
  live_->AdvanceClock(now_ + 90 * ops::kMinute);
  layer.Sync(*Publish(), SampleCatalog(), last_two_hours);
  EXPECT_FALSE(layer.last_upload().full);
  EXPECT_EQ(layer.last_upload().chunks, 1u);
  EXPECT_EQ(layer.drawn(), 0u);
}

TEST_F(DemandPointsTest, AMissingShaderIsAnErrorNamingTheFile) {
  auto layer = DemandPointLayer::Create("/nonexistent/shaders");
  ASSERT_FALSE(layer.has_value());
  EXPECT_NE(layer.error().message.find("/nonexistent/shaders/points.vert"), std::string::npos)
      << layer.error().message;
}

}  // namespace
}  // namespace viewer::test_layers
