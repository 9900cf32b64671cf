// What the live-layer tests share: a hidden GL window, the catalogue, a live
// store over the sample county to publish crafted snapshots from, and an
// offscreen frame to draw a layer into and read back.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "geo/polygon_index.hpp"
#include "ops/catalog.hpp"
#include "ops/live_state.hpp"
#include "support/test_support.hpp"
#include "viewer/camera.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/headless.hpp"
#include "viewer/map_style.hpp"
#include "viewer/png.hpp"
#include "viewer/resources.hpp"

namespace viewer::test_layers {

inline const ops::Catalog& SampleCatalog() {
  static const ops::Catalog catalog = [] {
    auto c = ops::LoadCatalog(ops::OpsDataDirectory());
    if (!c) ADD_FAILURE() << c.error().message;
    return c ? std::move(*c) : ops::Catalog{};
  }();
  return catalog;
}

inline const geo::PolygonIndex& SampleIndex() {
  static const geo::PolygonIndex index = geo::PolygonIndex::Build(test::SampleCounty());
  return index;
}

// A frame read back, top-down RGBA8.
struct Image {
  int width = 0, height = 0;
  std::string rgba;

  Rgba At(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * width + x) * 4;
    return {static_cast<uint8_t>(rgba[i]), static_cast<uint8_t>(rgba[i + 1]),
            static_cast<uint8_t>(rgba[i + 2]), static_cast<uint8_t>(rgba[i + 3])};
  }
  Rgba At(ScreenPx p) const { return At(static_cast<int>(p.x), static_cast<int>(p.y)); }
};

inline bool Near(Rgba a, Rgba b, int tolerance) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

inline std::string Describe(Rgba c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b);
}

// A hidden window (its GL context current), the shader folder and a live
// store over the sample county whose clock starts at the wall clock.
class LayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("DISPLAY")) {
      GTEST_FAIL() << "rendering tests need a display: ctest runs them under xvfb-run";
    }
    auto window = Window::Open(64, 64, false, "layer test");
    ASSERT_TRUE(window.has_value()) << window.error().message;
    window_.emplace(std::move(*window));
    auto dir = FindResourceDir("shaders");
    ASSERT_TRUE(dir.has_value()) << dir.error().message;
    shader_dir_ = *dir;
    live_ = std::make_unique<ops::LiveState>(test::SampleCounty(), SampleCatalog());
    now_ = ops::NowMs();
    live_->AdvanceClock(now_);
  }

  // The next demand (id = count + 1) at `xy`, located in the sample county,
  // received an hour ago and due `due_in` from now (negative: overdue).
  ops::Demand MakeDemand(geo::Meters xy, ops::Stage stage, const std::string& category = "S01",
                         ops::TimeMs due_in = 2 * ops::kDay) const {
    ops::Demand d;
    d.id = static_cast<int64_t>(live_->DemandCount()) + 1;
    d.category = category;
    d.stage = stage;
    d.xy = xy;
    d.areas = SampleIndex().LocateAll(xy);
    d.received = now_ - ops::kHour;
    d.updated = d.received;
    d.deadline = now_ + due_in;
    if (stage == ops::Stage::kClosed) d.closed = now_;
    return d;
  }
  int64_t Add(geo::Meters xy, ops::Stage stage, const std::string& category = "S01",
              ops::TimeMs due_in = 2 * ops::kDay) {
    ops::Demand d = MakeDemand(xy, stage, category, due_in);
    live_->AddDemand(d);
    return d.id;
  }
  // Moves demand `id` to `stage`, as a transition would.
  void Move(int64_t id, ops::Stage stage) {
    ops::Demand d = *live_->FindDemand(id);
    d.stage = stage;
    d.updated = now_;
    if (stage == ops::Stage::kClosed) d.closed = now_;
    live_->ReplaceDemand(std::move(d));
  }
  std::shared_ptr<const ops::Snapshot> Publish() { return live_->Publish(++seq_); }

  // A camera over a `width` × `height` frame showing `b` with a margin.
  static Camera CameraOver(const geo::Bounds& b, int width, int height) {
    Camera c;
    c.SetViewport({0, 0, static_cast<double>(width), static_cast<double>(height)});
    c.Fit(b, 24);
    return c;
  }

  // Draws `draw()` over the map background into a fresh `width` × `height`
  // multisampled target (as the dashboard's) and reads it back.
  template <typename DrawFn>
  Image Render(int width, int height, DrawFn&& draw) {
    auto target = gl::RenderTarget::Create(width, height, 4);
    EXPECT_TRUE(target.has_value()) << target.error().message;
    if (!target) return {};
    target->Bind();
    glDisable(GL_SCISSOR_TEST);
    glClearColor(kBackground.r / 255.0f, kBackground.g / 255.0f, kBackground.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    draw();
    return {width, height, target->ReadRgba()};
  }

  // Keeps a failing frame for a person to look at.
  static void Save(const Image& image, const std::string& name) {
    const std::string path = name + ".actual.png";
    if (WritePng(path, image.width, image.height, image.rgba)) {
      ADD_FAILURE() << "frame written to " << path;
    }
  }

  std::optional<Window> window_;  // first in, last out: the layers die before their context
  std::string shader_dir_;
  std::unique_ptr<ops::LiveState> live_;
  ops::TimeMs now_ = 0;
  int64_t seq_ = 0;
};

}  // namespace viewer::test_layers
