// Golden images of the live dashboard, one scene per layer and the whole:
// the crafted county (live_fixture.hpp) drawn headless through the same code
// as `gridops view`, compared pixel by pixel with tests/viewer/golden/*.png
// under a tolerance. On a mismatch the frame is written as NAME.actual.png
// and the differing pixels as NAME.diff.png in the working directory, for a
// person to look at; UPDATE_GOLDEN=1 re-records the golden images.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "geo/load.hpp"
#include "live_fixture.hpp"
#include "viewer/headless.hpp"
#include "viewer/png.hpp"

namespace viewer {
namespace {

namespace fs = std::filesystem;

constexpr int kChannelTolerance = 40;      // per channel, 0–255: antialiasing noise
constexpr double kPixelTolerance = 0.0005;  // share of pixels allowed past it (a glyph is ~0.03 %)

fs::path GoldenDir() { return fs::path(GRIDOPS_SOURCE_DIR) / "tests" / "viewer" / "golden"; }

void ExpectMatchesGolden(const RenderedFrame& frame, const std::string& name) {
  const fs::path golden = GoldenDir() / (name + ".png");
  if (const char* update = std::getenv("UPDATE_GOLDEN"); update && std::string(update) == "1") {
    ASSERT_TRUE(WritePng(golden.string(), frame.width, frame.height, frame.rgba));
    GTEST_SKIP() << "re-recorded " << golden;
  }
  auto expected = ReadPng(golden.string());
  ASSERT_TRUE(expected.has_value()) << expected.error().message
                                    << " (record it with UPDATE_GOLDEN=1)";
  ASSERT_EQ(expected->width, frame.width);
  ASSERT_EQ(expected->height, frame.height);
  std::string diff(frame.rgba.size(), '\0');
  size_t differing = 0;
  for (size_t i = 0; i < frame.rgba.size(); i += 4) {
    int worst = 0;
    for (size_t c = 0; c < 3; ++c) {
      worst = std::max(worst, std::abs(static_cast<unsigned char>(frame.rgba[i + c]) -
                                       static_cast<unsigned char>(expected->rgba[i + c])));
    }
    const bool differs = worst > kChannelTolerance;
    differing += differs;
    // The diff: differing pixels red, the rest a faded copy of the frame.
    for (size_t c = 0; c < 3; ++c) {
      diff[i + c] = differs ? (c == 0 ? '\xff' : '\0')
                            : static_cast<char>(static_cast<unsigned char>(frame.rgba[i + c]) / 4);
    }
    diff[i + 3] = '\xff';
  }
  const double share = static_cast<double>(differing) / (frame.rgba.size() / 4);
  if (share > kPixelTolerance) {
    ASSERT_TRUE(WritePng(name + ".actual.png", frame.width, frame.height, frame.rgba));
    ASSERT_TRUE(WritePng(name + ".diff.png", frame.width, frame.height, diff));
    ADD_FAILURE() << name << ": " << differing << " pixels (" << share * 100
                  << " %) differ from " << golden << "; see " << fs::absolute(name + ".actual.png")
                  << " and " << fs::absolute(name + ".diff.png");
  }
}

class GoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("DISPLAY")) GTEST_FAIL() << "rendering tests need a display (xvfb-run)";
  }
  RenderedFrame Render(const UiState& ui, const std::string& select = "") {
    auto set = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
    EXPECT_TRUE(set.has_value());
    RenderOptions options;
    options.width = 1280;
    options.height = 800;
    options.frames = 1;
    options.select_code = select;
    auto frame = RenderFrame(std::move(*set), options, &ui, test_live::CraftedSource());
    EXPECT_TRUE(frame.has_value()) << frame.error().message;
    return frame ? std::move(*frame) : RenderedFrame{};
  }
  // Only the named live layer on, the choropleth off unless asked.
  static UiState Only(bool choropleth, bool sensors, bool incidents) {
    UiState ui;
    ui.layers.thematic = choropleth;
    ui.live = {.demands = false, .heat = false, .sensors = sensors, .incidents = incidents};
    return ui;
  }
};

TEST_F(GoldenTest, TheLiveCounty) {
  UiState ui;
  ui.layers.thematic = true;
  ExpectMatchesGolden(Render(ui), "live_county");
}

TEST_F(GoldenTest, ADrilledDownGrid) {
  UiState ui;
  ui.layers.thematic = true;
  const geo::GridSet& g = test::SampleCounty();
  ExpectMatchesGolden(Render(ui, g.features[g.LevelBegin(geo::Level::kGrid)].code),
                      "drilled_grid");
}

TEST_F(GoldenTest, ChoroplethLayer) {
  ExpectMatchesGolden(Render(Only(true, false, false)), "layer_choropleth");
}

TEST_F(GoldenTest, DemandPointLayer) {
  UiState ui = Only(false, false, false);
  ui.live.demands = true;
  ExpectMatchesGolden(Render(ui), "layer_points");
}

TEST_F(GoldenTest, HeatLayer) {
  UiState ui = Only(false, false, false);
  ui.live.heat = true;
  ExpectMatchesGolden(Render(ui), "layer_heat");
}

TEST_F(GoldenTest, SensorLayer) {
  ExpectMatchesGolden(Render(Only(false, true, false)), "layer_sensors");
}

TEST_F(GoldenTest, IncidentLayer) {
  ExpectMatchesGolden(Render(Only(false, false, true)), "layer_incidents");
}

TEST_F(GoldenTest, AnIncidentBoard) {
  UiState ui;
  ui.layers.thematic = true;
  ui.picked = {PickedPoint::kIncident, 1, 0};
  ExpectMatchesGolden(Render(ui), "incident_board");
}

TEST_F(GoldenTest, TheHotspotsPanel) {
  UiState ui;
  ui.layers.thematic = true;
  ui.show_tab = 1;
  ExpectMatchesGolden(Render(ui), "hotspots_panel");
}

TEST_F(GoldenTest, TheLayersAndFiltersPanelWithAFamilyFilter) {
  UiState ui;
  ui.layers.thematic = true;
  ui.show_tab = 2;
  ui.filter.families = {"sanitation", "property"};
  ExpectMatchesGolden(Render(ui), "filtered_layers_panel");
}

}  // namespace
}  // namespace viewer
