// Draws the sample county headless through the same code as `gridops view`
// (under Xvfb + Mesa llvmpipe in CI), reads the frame back and checks what a
// person would see: the background outside the county, each compound in its
// own fill colour, the panel on the left.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "geo/load.hpp"
#include "viewer/dashboard.hpp"
#include "viewer/headless.hpp"
#include "viewer/map_style.hpp"
#include "viewer/png.hpp"
#include "viewer/resources.hpp"

namespace viewer {
namespace {

geo::GridSet LoadSample() {
  auto set = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
  EXPECT_TRUE(set.has_value()) << set.error().message;
  return set ? std::move(*set) : geo::GridSet{};
}

Rgba PixelAt(const RenderedFrame& f, int x, int y) {
  const size_t i = (static_cast<size_t>(y) * f.width + x) * 4;
  return {static_cast<uint8_t>(f.rgba[i]), static_cast<uint8_t>(f.rgba[i + 1]),
          static_cast<uint8_t>(f.rgba[i + 2]), static_cast<uint8_t>(f.rgba[i + 3])};
}

bool Near(Rgba a, Rgba b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

// Distance in metres from `p` to the nearest edge of any ring of feature `id`.
double DistanceToBoundary(const geo::GridSet& set, geo::FeatureId id, geo::Meters p) {
  const geo::Feature& f = set.features[id];
  double best = 1e300;
  const uint32_t r0 = set.polygons.polygon_rings[f.first_polygon];
  const uint32_t r1 = set.polygons.polygon_rings[f.first_polygon + f.polygon_count];
  for (uint32_t r = r0; r < r1; ++r) {
    const auto ring = set.polygons.Ring(r);
    for (size_t i = 0; i < ring.size(); ++i) {
      const geo::Meters a = ring[i], b = ring[(i + 1) % ring.size()];
      const double dx = b.x - a.x, dy = b.y - a.y;
      const double len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
      t = std::clamp(t, 0.0, 1.0);
      best = std::min(best, std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)));
    }
  }
  return best;
}

// On failure, keep the frame for a person to look at.
void SaveActual(const RenderedFrame& f, const char* name) {
  const std::string path = std::string(name) + ".actual.png";
  if (WritePng(path, f.width, f.height, f.rgba)) {
    ADD_FAILURE() << "frame written to " << path;
  }
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("DISPLAY")) {
      GTEST_FAIL() << "rendering tests need a display: ctest runs them under xvfb-run";
    }
  }
};

TEST_F(RenderTest, CompoundsShowTheirFillAndTheOutsideIsBackground) {
  geo::GridSet set = LoadSample();
  ASSERT_EQ(set.LevelCount(geo::Level::kCompound), 241u);
  const geo::GridSet copy = set;
  RenderOptions options;
  options.width = 1600;
  options.height = 1000;
  options.frames = 1;
  UiState ui;
  ui.show_labels = false;  // labels would cover some interior points
  auto frame = RenderFrame(std::move(set), options, &ui, {});
  ASSERT_TRUE(frame.has_value()) << frame.error().message;
  ASSERT_EQ(frame->rgba.size(), 1600u * 1000u * 4u);

  // Background: the map's top-right corner lies outside the county (the fit
  // keeps a margin on every side).
  const Viewport& vp = frame->camera.viewport();
  const int right = static_cast<int>(vp.x + vp.width) - 3;
  bool ok = Near(PixelAt(*frame, right, 3), kBackground, 1);
  EXPECT_TRUE(ok) << "the top-right corner of the map is not background";

  // Each compound, at a point well inside it (3 px from its boundary),
  // shows exactly its fill colour.
  int checked = 0, wrong = 0;
  const double mpp = frame->camera.meters_per_pixel();
  for (geo::FeatureId id = copy.LevelBegin(geo::Level::kCompound);
       id < copy.LevelEnd(geo::Level::kCompound); ++id) {
    const geo::Meters p = copy.features[id].label_point;
    if (DistanceToBoundary(copy, id, p) < 4 * mpp) continue;
    const ScreenPx s = frame->camera.ToScreen(p);
    const Rgba got = PixelAt(*frame, static_cast<int>(s.x), static_cast<int>(s.y));
    const Rgba want = FillColor(copy, id);
    ++checked;
    if (!Near(got, want, 2)) {
      ++wrong;
      ADD_FAILURE() << "compound " << copy.features[id].code << " at (" << s.x << ", " << s.y
                    << ") is " << int(got.r) << "," << int(got.g) << "," << int(got.b)
                    << ", expected " << int(want.r) << "," << int(want.g) << ","
                    << int(want.b);
    }
  }
  EXPECT_GT(checked, 150) << "too few compounds are large enough on screen to check";
  EXPECT_EQ(wrong, 0);

  // The side panel is drawn over the left edge: not the map background.
  ok = ok && !Near(PixelAt(*frame, 10, 500), kBackground, 1);
  EXPECT_FALSE(Near(PixelAt(*frame, 10, 500), kBackground, 1)) << "no side panel";
  if (!ok || wrong) SaveActual(*frame, "render_compounds");
}

TEST_F(RenderTest, SelectingAGridHighlightsItAndZoomsToIt) {
  geo::GridSet set = LoadSample();
  const geo::FeatureId grid = set.LevelBegin(geo::Level::kGrid);
  const geo::GridSet copy = set;
  RenderOptions options;
  options.width = 1280;
  options.height = 800;
  options.frames = 1;
  options.select_code = copy.features[grid].code;
  UiState ui;
  ui.show_labels = false;
  auto frame = RenderFrame(std::move(set), options, &ui, {});
  ASSERT_TRUE(frame.has_value()) << frame.error().message;
  // Zoomed to the grid: it fills most of the map's height or width.
  const geo::Bounds& b = copy.features[grid].bounds;
  const double mpp = frame->camera.meters_per_pixel();
  const Viewport& vp = frame->camera.viewport();
  EXPECT_GT(std::max(b.Width() / mpp / vp.width, b.Height() / mpp / vp.height), 0.6);
  // Its compounds are lifted towards the highlight colour.
  for (geo::FeatureId c : copy.features[grid].children) {
    const geo::Meters p = copy.features[c].label_point;
    if (DistanceToBoundary(copy, c, p) < 4 * mpp) continue;
    const ScreenPx s = frame->camera.ToScreen(p);
    const Rgba got = PixelAt(*frame, static_cast<int>(s.x), static_cast<int>(s.y));
    const Rgba plain = FillColor(copy, c);
    EXPECT_GT(got.r + got.g + got.b, plain.r + plain.g + plain.b + 30)
        << "compound " << copy.features[c].code << " of the selected grid is not highlighted";
  }
}

TEST_F(RenderTest, UnknownSelectionIsAClearError) {
  RenderOptions options;
  options.select_code = "610822999999999";
  options.frames = 1;
  auto frame = RenderFrame(LoadSample(), options, nullptr, {});
  ASSERT_FALSE(frame.has_value());
  EXPECT_NE(frame.error().message.find("610822999999999"), std::string::npos);
}

}  // namespace
}  // namespace viewer

namespace viewer {
namespace {

TEST(Shaders, AMissingShaderFolderIsAnErrorNamingTheFile) {
  auto window = Window::Open(64, 64, false, "shader test");
  ASSERT_TRUE(window.has_value()) << window.error().message;
  auto renderer = MapRenderer::Create("/nonexistent/shaders");
  ASSERT_FALSE(renderer.has_value());
  EXPECT_EQ(renderer.error().code, geo::ErrorCode::kNotFound);
  EXPECT_NE(renderer.error().message.find("/nonexistent/shaders/fill.vert"), std::string::npos)
      << renderer.error().message;
}

TEST(Shaders, TheBundledShadersCompileOnGl33Core) {
  auto window = Window::Open(64, 64, false, "shader test");
  ASSERT_TRUE(window.has_value()) << window.error().message;
  auto dir = FindResourceDir("shaders");
  ASSERT_TRUE(dir.has_value()) << dir.error().message;
  auto renderer = MapRenderer::Create(*dir);
  EXPECT_TRUE(renderer.has_value()) << renderer.error().message;
}

}  // namespace
}  // namespace viewer
