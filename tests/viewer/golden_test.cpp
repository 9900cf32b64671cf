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
#include "geo/polygon_index.hpp"
#include "live_fixture.hpp"
#include "viewer/headless.hpp"
#include "viewer/png.hpp"
#include "viewer/strings.hpp"
#include "viewer/wall_model.hpp"

namespace viewer {
namespace {

namespace fs = std::filesystem;

constexpr int kChannelTolerance = 40;       // per channel, 0–255: antialiasing noise
constexpr double kPixelTolerance = 0.0005;  // share of pixels allowed past it (a glyph is ~0.03 %)

fs::path GoldenDir() {
  return fs::path(GRIDOPS_SOURCE_DIR) / "tests" / "viewer" / "golden";
}

void ExpectMatchesGolden(const RenderedFrame& frame, const std::string& name) {
  const fs::path golden = GoldenDir() / (name + ".png");
  if (const char* update = std::getenv("UPDATE_GOLDEN"); update && std::string(update) == "1") {
    ASSERT_TRUE(WritePng(golden.string(), frame.width, frame.height, frame.rgba));
    GTEST_SKIP() << "re-recorded " << golden;
  }
  auto expected = ReadPng(golden.string());
  ASSERT_TRUE(expected.has_value())
      << expected.error().message << " (record it with UPDATE_GOLDEN=1)";
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
    ADD_FAILURE() << name << ": " << differing << " pixels (" << share * 100 << " %) differ from "
                  << golden << "; see " << fs::absolute(name + ".actual.png") << " and "
                  << fs::absolute(name + ".diff.png");
  }
}

class GoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("DISPLAY")) GTEST_FAIL() << "rendering tests need a display (xvfb-run)";
  }
  RenderedFrame Render(const UiState& ui, const std::string& select = "",
                       LiveSource live = test_live::CraftedSource()) {
    auto set = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
    EXPECT_TRUE(set.has_value());
    RenderOptions options;
    options.width = 1280;
    options.height = 800;
    options.frames = 1;
    options.select_code = select;
    auto frame = RenderFrame(std::move(*set), options, &ui, live);
    EXPECT_TRUE(frame.has_value()) << frame.error().message;
    return frame ? std::move(*frame) : RenderedFrame{};
  }
  // Only the named live layer on, the choropleth off unless asked.
  static UiState Only(bool choropleth, bool sensors, bool incidents) {
    UiState ui;
    ui.layers.thematic = choropleth;
    ui.live = {.demands = false,
               .heat = false,
               .sensors = sensors,
               .incidents = incidents,
               .pings = false};
    return ui;
  }
};

TEST_F(GoldenTest, TheLiveCounty) {
  UiState ui;
  ui.layers.thematic = true;
  ui.layers.hot_grids = true;  // as `gridops view` starts
  ExpectMatchesGolden(Render(ui), "live_county");
}

// The same county with every label in English (`--lang en`).
TEST_F(GoldenTest, TheLiveCountyInEnglish) {
  UiState ui;
  ui.layers.thematic = true;
  ui.layers.hot_grids = true;
  SetLanguage(Language::kEnglish);
  RenderedFrame frame = Render(ui);
  SetLanguage(Language::kChinese);
  ExpectMatchesGolden(frame, "live_county_en");
}

// A wall following a remote server that went quiet: the banner says so
// across the map, so a stale county is never read as live.
TEST_F(GoldenTest, AFeedProblemBanner) {
  UiState ui;
  ui.layers.thematic = true;
  LiveSource live = test_live::CraftedSource();
  live.problem = [] {
    ops::FeedTrouble t;
    t.kind = ops::FeedTrouble::kSilent;
    t.url = "http://10.0.0.5:8311";
    t.seconds = 42;
    return FeedTroubleText(t);
  };
  ExpectMatchesGolden(Render(ui, "", live), "feed_banner");
}

TEST_F(GoldenTest, ADrilledDownGrid) {
  UiState ui;
  ui.layers.thematic = true;
  const geo::GridSet& g = test::SampleCounty();
  ExpectMatchesGolden(Render(ui, g.features[g.LevelBegin(geo::Level::kGrid)].code), "drilled_grid");
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

// The Gi* hot grids outlined over the choropleth (the crafted county's busy
// first community), with the legend's row for the mark.
TEST_F(GoldenTest, HotGridMark) {
  UiState ui = Only(true, false, false);
  ui.layers.hot_grids = true;
  ExpectMatchesGolden(Render(ui), "layer_hot_grids");
}

TEST_F(GoldenTest, SensorLayer) {
  ExpectMatchesGolden(Render(Only(false, true, false)), "layer_sensors");
}

TEST_F(GoldenTest, IncidentLayer) {
  ExpectMatchesGolden(Render(Only(false, false, true)), "layer_incidents");
}

// A desk that may act (as `view` has): the board offers summons for the
// departments not yet summoned, report-ins for those expected, the next
// stage, a log line and closing. No command runs in a frame, so the sink
// is never made.
LiveSource ActingDesk() {
  LiveSource live = test_live::CraftedSource();
  live.commands = []() -> std::unique_ptr<ops::SimSink> {
    ADD_FAILURE() << "a frame ran a coordination command";
    return nullptr;
  };
  return live;
}

TEST_F(GoldenTest, AnIncidentBoard) {
  UiState ui;
  ui.layers.thematic = true;
  ui.picked = {PickedPoint::kIncident, 1, 0};
  ExpectMatchesGolden(Render(ui, "", ActingDesk()), "incident_board");
}

// The same board in English: the log lines gridops wrote (opened, summoned,
// reported in late, escalated) in English, the coordinator's note as written.
TEST_F(GoldenTest, AnIncidentBoardInEnglish) {
  UiState ui;
  ui.layers.thematic = true;
  ui.picked = {PickedPoint::kIncident, 1, 0};
  SetLanguage(Language::kEnglish);
  RenderedFrame frame = Render(ui, "", ActingDesk());
  SetLanguage(Language::kChinese);
  ExpectMatchesGolden(frame, "incident_board_en");
}

// A new incident drawn at the desk: its circle on the map in the level's
// colour, the window with level, class, radius and title, and what the
// circle covers before it is opened.
TEST_F(GoldenTest, ANewIncidentDrawnAtTheDesk) {
  UiState ui;
  ui.layers.thematic = true;
  IncidentDraft& d = ui.coordination.draft;
  d.active = true;
  d.placed = true;
  // Over a grid in the county's middle.
  const geo::GridSet& g = test::SampleCounty();
  const geo::Meters m = g.features[g.LevelBegin(geo::Level::kGrid) + 40].label_point;
  auto to_lonlat = geo::Transformer::Create(g.display_crs, "EPSG:4490");
  ASSERT_TRUE(to_lonlat);
  const geo::Meters ll = to_lonlat->Forward(m.x, m.y);
  d.center = {ll.x, ll.y};
  d.radius_m = 1500;
  d.level = 3;
  d.klass = ops::IncidentClass::kPublicHealth;
  std::snprintf(d.title, sizeof d.title, "%s", "小区聚集性发热病例");
  ExpectMatchesGolden(Render(ui, "", ActingDesk()), "new_incident_draft");
}

// An area drawn at the desk corner by corner (an L along two streets): its
// fill and sides in the level's colour, the closing side thinner, and the
// window's corner count and what the area covers.
TEST_F(GoldenTest, ANewAreaDrawnAtTheDesk) {
  UiState ui;
  ui.layers.thematic = true;
  IncidentDraft& d = ui.coordination.draft;
  d.active = true;
  d.shape = viewer::DraftShape::kArea;
  const geo::GridSet& g = test::SampleCounty();
  const geo::Meters m = g.features[g.LevelBegin(geo::Level::kGrid) + 40].label_point;
  auto to_lonlat = geo::Transformer::Create(g.display_crs, "EPSG:4490");
  ASSERT_TRUE(to_lonlat);
  for (auto [x, y] :
       {std::pair{-900, -700}, {900, -700}, {900, -200}, {-300, -200}, {-300, 800}, {-900, 800}}) {
    const geo::Meters ll = to_lonlat->Forward(m.x + x, m.y + y);
    viewer::ClickDraft(d, {ll.x, ll.y});
  }
  ASSERT_EQ(d.corners.size(), 6u);
  d.level = 2;
  d.klass = ops::IncidentClass::kAccident;
  std::snprintf(d.title, sizeof d.title, "%s", "沿街燃气管道泄漏");
  ExpectMatchesGolden(Render(ui, "", ActingDesk()), "new_incident_area");
}

// A point's detail with what the store would answer: a demand's steps
// through the closed loop, one of them a rework; a sensor's last 24 h rising
// through its warn and alarm lines.
TEST_F(GoldenTest, ADemandTimeline) {
  const ops::Snapshot& s = *test_live::CraftedSnapshot();
  const ops::Demand* d = s.demands.Find(9);
  ASSERT_TRUE(d && d->stage == ops::Stage::kVerified) << "the fixture's demand 9 is being verified";
  LiveSource live = test_live::CraftedSource();
  live.timeline = [t = d->received](const std::string& entity) {
    EXPECT_EQ(entity, "demand/9");
    auto step = [](int64_t seq, ops::TimeMs at, std::string actor, std::string payload) {
      return ops::DemandTimelineEntry{seq, at, seq == 1 ? "demand.received" : "demand.transition",
                                      std::move(actor), std::move(payload)};
    };
    using ops::kMinute;
    return std::vector<ops::DemandTimelineEntry>{
        step(1, t, "12345热线", R"({"id":9,"description":"网格员巡查发现"})"),
        step(2, t + 25 * kMinute, "12345 坐席 07",
             R"({"id":9,"from":"received","to":"dispatched","assignee":"县城管执法局"})"),
        step(3, t + 70 * kMinute, "城管执法局 张伟",
             R"({"id":9,"from":"dispatched","to":"handling"})"),
        step(4, t + 190 * kMinute, "城管执法局 张伟",
             R"({"id":9,"from":"handling","to":"reported"})"),
        step(5, t + 230 * kMinute, "网格员 王芳",
             R"({"id":9,"from":"reported","to":"handling","rework":true,"note":"未清理干净"})"),
        step(6, t + 300 * kMinute, "城管执法局 张伟",
             R"({"id":9,"from":"handling","to":"reported"})"),
        step(7, t + 330 * kMinute, "网格员 王芳", R"({"id":9,"from":"reported","to":"verified"})"),
    };
  };
  UiState ui;
  ui.layers.thematic = true;
  ui.picked = {PickedPoint::kDemand, 9, 0};
  ExpectMatchesGolden(Render(ui, "", live), "demand_timeline");
}

TEST_F(GoldenTest, ASensorSparkline) {
  const ops::Snapshot& s = *test_live::CraftedSnapshot();
  size_t alarm = s.sensors->size();
  for (size_t i = 0; i < s.sensors->size() && alarm == s.sensors->size(); ++i) {
    if ((*s.sensors)[i].state == ops::AlertState::kAlarm) alarm = i;
  }
  ASSERT_LT(alarm, s.sensors->size()) << "the fixture has sensors in alarm";
  const ops::Sensor& sensor = (*s.sensors)[alarm];
  LiveSource live = test_live::CraftedSource();
  live.readings = [spec = sensor.spec, last = sensor.last_value](const std::string& id,
                                                                 ops::TimeMs since) {
    EXPECT_EQ(id, spec.id);
    // 24 h every 15 min: calm below the warn line, a rise through both
    // lines in the last hours, ending at the sensor's last value.
    std::vector<ops::Store::ReadingPoint> out;
    const double calm = spec.warn - 1.5 * (spec.alarm - spec.warn);
    for (int k = 0; k <= 96; ++k) {
      const double x = k / 96.0;
      const double rise = x < 0.7 ? 0 : (x - 0.7) / 0.3;
      ops::Store::ReadingPoint r;
      r.at = since + k * 15 * ops::kMinute;
      r.value =
          calm + (last - calm) * rise * rise + 0.05 * (spec.alarm - spec.warn) * ((k * 7) % 5 - 2);
      r.min = r.max = r.value;
      out.push_back(r);
    }
    return out;
  };
  UiState ui;
  ui.layers.thematic = true;
  ui.picked = {PickedPoint::kSensor, 0, alarm};
  ExpectMatchesGolden(Render(ui, "", live), "sensor_sparkline");
}

// The county as `gridops view` starts (choropleth, sensors, incidents,
// pings; the Gi* mark off, as it recounts on the wall clock), while demands
// arrive, move on and close: the crafted county as a baseline, then three
// received and one closed (frame clock 100.0 s), two received and one
// closed (100.9 s), two moved on (101.5 s), drawn at 101.8 s: rings 1.8 s
// and 0.9 s into their lives, flashes 0.3 s into theirs.
TEST_F(GoldenTest, ArrivalAndDeparturePings) {
  const geo::GridSet& g = test::SampleCounty();
  static const geo::PolygonIndex index = geo::PolygonIndex::Build(g);
  const ops::Snapshot& crafted = *test_live::CraftedSnapshot();
  ops::LiveState live(g, test_live::Catalog());
  live.AdvanceClock(test_live::kNow);
  crafted.demands.ForEach([&](const ops::Demand& d) { live.AddDemand(d); });
  for (const ops::Sensor& sensor : *crafted.sensors) live.PutSensor(sensor);
  for (const ops::Incident& incident : *crafted.incidents) live.PutIncident(incident);
  int64_t seq = crafted.seq;
  const auto baseline = live.Publish(++seq);
  // Demands received now at grids' label points across the county.
  auto receive = [&](int grid) {
    ops::Demand d = *live.FindDemand(2);
    d.id = static_cast<int64_t>(live.DemandCount()) + 1;
    d.xy = g.features[g.LevelBegin(geo::Level::kGrid) + grid].label_point;
    d.areas = index.LocateAll(d.xy);
    d.stage = ops::Stage::kReceived;
    d.received = d.updated = test_live::kNow;
    d.deadline = d.received + 3 * ops::kDay;
    d.responded = 0;
    live.AddDemand(d);
  };
  auto move = [&](int64_t id, ops::Stage stage) {
    ops::Demand d = *live.FindDemand(id);
    ASSERT_TRUE(d.Open()) << "demand " << id;
    d.stage = stage;
    d.updated = test_live::kNow;
    if (stage == ops::Stage::kClosed) d.closed = test_live::kNow;
    live.ReplaceDemand(std::move(d));
  };
  // The crafted demands' stages cycle with the id (id % 5); 9 and 24 are
  // being verified, 6 dispatched, 27 handled.
  for (int grid : {8, 33, 52}) receive(grid);
  move(9, ops::Stage::kClosed);
  const auto first = live.Publish(++seq);
  for (int grid : {21, 66}) receive(grid);
  move(24, ops::Stage::kClosed);
  const auto second = live.Publish(++seq);
  move(6, ops::Stage::kHandling);
  move(27, ops::Stage::kReported);
  const auto third = live.Publish(++seq);

  auto set = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
  ASSERT_TRUE(set.has_value());
  auto window = Window::Open(64, 64, false, "golden pings");
  ASSERT_TRUE(window.has_value()) << window.error().message;
  auto shown = std::make_shared<std::shared_ptr<const ops::Snapshot>>(baseline);
  LiveSource source = test_live::CraftedSource();
  source.latest = [shown] { return *shown; };
  auto dashboard = Dashboard::Create(window->handle(), std::move(*set), source);
  ASSERT_TRUE(dashboard.has_value()) << dashboard.error().message;
  Dashboard& d = **dashboard;
  UiState ui;
  ui.layers.thematic = true;
  ui.layers.hot_grids = false;
  d.ui() = ui;
  auto frame_at = [&](double time_s) {
    auto ok = d.Frame({1280, 800, 1.0, time_s}, false);
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
  };
  for (int i = 0; i < 3; ++i) frame_at(100.0);  // ImGui settles; the baseline rings nothing
  *shown = first;
  frame_at(100.0);
  *shown = second;
  frame_at(100.9);
  *shown = third;
  frame_at(101.5);
  frame_at(101.8);
  RenderedFrame frame;
  frame.width = 1280;
  frame.height = 800;
  frame.rgba = d.ReadPixels();
  ExpectMatchesGolden(frame, "layer_pings");
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

// The command-centre wall (`render --wall`), at the two resolutions walls
// have: the same layout, the type scaled with the height. The clock is
// fixed at 10:00:27 on the crafted county's day; the tour stays where it
// starts (a capture's frame clock does not move).
class WallGoldenTest : public GoldenTest {
 protected:
  RenderedFrame RenderWall(int width, int height, int first_stop,
                           LiveSource live = test_live::CraftedSource()) {
    auto set = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
    EXPECT_TRUE(set.has_value());
    RenderOptions options;
    options.width = width;
    options.height = height;
    options.frames = 1;
    options.wall.enabled = true;
    options.wall.first_stop = first_stop;
    options.wall.clock_ms = test_live::kNow + 27'000;
    auto frame = RenderFrame(std::move(*set), options, nullptr, live);
    EXPECT_TRUE(frame.has_value()) << frame.error().message;
    return frame ? std::move(*frame) : RenderedFrame{};
  }
};

TEST_F(WallGoldenTest, TheCountyAt1080p) {
  const RenderedFrame frame = RenderWall(1920, 1080, 0);
  EXPECT_GE(frame.min_text_px, 28) << "the wall's smallest text at 1080p";
  EXPECT_EQ(frame.font_builds, 1) << "the wall's atlas only, no desk atlas first";
  ExpectMatchesGolden(frame, "wall_1080");
}

TEST_F(WallGoldenTest, ACommunityAt4K) {
  const RenderedFrame frame = RenderWall(3840, 2160, 1);
  EXPECT_GE(frame.min_text_px, 56) << "the wall's smallest text at 2160p";
  EXPECT_EQ(frame.font_builds, 1) << "the wall's atlas only, no desk atlas first";
  ExpectMatchesGolden(frame, "wall_2160");
}

// An incident the wall has not seen interrupts the tour at once: the map
// zooms to its area and its board shows. The source has no incidents for
// its first frame, then the crafted county's two.
TEST_F(WallGoldenTest, ANewIncidentInterruptsTheTour) {
  auto quiet = std::make_shared<ops::Snapshot>(*test_live::CraftedSnapshot());
  quiet->incidents = std::make_shared<const std::vector<ops::Incident>>();
  quiet->seq -= 1;
  auto calls = std::make_shared<int>(0);
  LiveSource live = test_live::CraftedSource();
  live.latest = [quiet, calls]() -> std::shared_ptr<const ops::Snapshot> {
    return (*calls)++ == 0 ? quiet : test_live::CraftedSnapshot();
  };
  ExpectMatchesGolden(RenderWall(1920, 1080, 2, live), "wall_incident_1080");
}

// The health dot turns red and the banner crosses the map when the followed
// server is unreachable: a wall must never show a stale county as live.
TEST_F(WallGoldenTest, AFeedProblemTurnsTheHealthRed) {
  LiveSource live = test_live::CraftedSource();
  live.problem = [] {
    ops::FeedTrouble t;
    t.kind = ops::FeedTrouble::kDown;
    t.url = "http://10.0.0.5:8311";
    t.seconds = 42;
    t.detail =
        "cannot reach http://10.0.0.5:8311: Connection error (is `gridops serve` running there?)";
    return FeedTroubleText(t);
  };
  ExpectMatchesGolden(RenderWall(1920, 1080, 0, live), "wall_feed_problem_1080");
}

}  // namespace
}  // namespace viewer
