// The dashboard: the grid set, the UI state, the camera and the GL renderer,
// and the one function that draws a frame of it, window or not.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "geo/grid_set.hpp"
#include "geo/adjacency.hpp"
#include "geo/polygon_index.hpp"
#include "ops/catalog.hpp"
#include "ops/hotspots.hpp"
#include "ops/live_state.hpp"
#include "ops/replay.hpp"
#include "ops/sim_sink.hpp"
#include "ops/store.hpp"
#include "viewer/camera.hpp"
#include "viewer/coordination.hpp"
#include "viewer/fonts.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/layers/demand_points.hpp"
#include "viewer/layers/heat_layer.hpp"
#include "viewer/layers/overlays.hpp"
#include "viewer/layers/ping_layer.hpp"
#include "viewer/live_view.hpp"
#include "viewer/point_detail.hpp"
#include "viewer/map_renderer.hpp"
#include "viewer/ui_state.hpp"
#include "viewer/wall_screen.hpp"

struct GLFWwindow;

namespace viewer {

// What one frame needs to know about the surface it is drawn for.
struct FrameSize {
  int width = 0, height = 0;  // window pixels (ImGui's display size)
  double pixel_scale = 1;     // framebuffer pixels per window pixel
  double time_s = 0;          // drives pulses; `render` fixes it so frames compare
};

// Where a live dashboard takes its state from: the latest snapshot of a
// store (in process, or replayed), and the county's lists. Without one the
// dashboard shows the areas alone.
struct LiveSource {
  const ops::Catalog* catalog = nullptr;
  std::function<std::shared_ptr<const ops::Snapshot>()> latest;
  // For a point's detail, read off the render thread (may be empty):
  // an entity's stored events ("demand/7"), a sensor's readings since a time.
  std::function<std::vector<ops::DemandTimelineEntry>(const std::string&)> timeline;
  std::function<std::vector<ops::Store::ReadingPoint>(const std::string&, ops::TimeMs)> readings;
  // The store file, for replaying its past (empty: no time travel).
  std::filesystem::path store_path;
  // A followed remote feed's trouble as the banner's words, "" while healthy
  // (FeedTroubleText); empty for a store in this process.
  std::function<std::string()> problem;
  // Where the desk's coordination commands go (the store here, or the
  // followed server with a token); empty: the desk is read only.
  std::function<std::unique_ptr<ops::SimSink>()> commands;
  explicit operator bool() const { return catalog && latest; }
};

// A store's live source: its snapshots, events and readings. `catalog` and
// `store` must outlive it.
LiveSource LiveSourceOf(const ops::Catalog& catalog, const ops::Store& store);

class Dashboard {
 public:
  static constexpr float kUiFontPx = 17;     // panel text
  static constexpr float kLabelFontPx = 20;  // community names on the map

  // Needs a current GL 3.3 context on `window`. Sets up ImGui with the CJK
  // fonts and its GLFW/OpenGL3 backends, and uploads the map.
  static geo::Result<std::unique_ptr<Dashboard>> Create(GLFWwindow* window, geo::GridSet set,
                                                        LiveSource live = {});
  ~Dashboard();
  Dashboard(const Dashboard&) = delete;
  Dashboard& operator=(const Dashboard&) = delete;

  // Builds the UI and draws map and panels into the render target, which is
  // (re)made at the frame's size. `interactive` takes mouse and keys.
  geo::Result<void> Frame(const FrameSize& size, bool interactive);
  // Wall mode (`--wall`, viewer/dashboard_wall.cpp): from the next frame on
  // the wall's layout, fonts, theme and tour instead of the desk's panels.
  // Needs a live source.
  void EnableWall(const WallOptions& options);
  // How often the font atlas was rebuilt for glyphs the store brought.
  // Font atlases built: the first frame's (at the desk's or the wall's
  // sizes, never both), then one per glyph rebuild or wall resize.
  int font_builds() const { return font_builds_; }
  bool wall() const { return wall_ != nullptr; }
  // The tour (null before the wall's first frame with a snapshot).
  const WallTour* wall_tour() const { return wall_ ? wall_->tour.get() : nullptr; }
  // The smallest font on screen in the last frame, in pixels: what the
  // wall's minimum text height is checked against.
  float min_text_px() const;
  // The last frame, presented in the window or read back (top-down RGBA8).
  void Present() const;
  // Whether the next frame would differ from the last one without any input:
  // a new snapshot arrived, or something on the map pulses. The window
  // loop sleeps otherwise, so a static wall costs almost no CPU.
  bool NeedsFrame() const;
  // Headless: blocks until the replayed moment asked for is ready (or failed).
  void WaitForReplay();
  std::string ReadPixels() const;

  UiState& ui() { return ui_; }
  // The live view-model (null without a live source).
  const LiveView* live_view() const { return view_.get(); }
  const Camera& camera() const { return camera_; }
  const geo::GridSet& grid_set() const { return set_; }
  // Width of the side panel at a display width, in window pixels.
  static double PanelWidth(int display_width);

 private:
  Dashboard() = default;
  void HandleMapInput();
  void DrawLabels() const;
  void DrawBubbleCounts() const;
  void DrawSidePanel(double width, double height);
  void UpdateLive();
  void Pick(ScreenPx at);
  void FetchDetail();
  bool HotspotsDue() const;
  void UpdateHotspots();
  void UpdateHotMark();
  geo::Result<Fonts> BuildFonts();
  geo::Result<void> EnsureFonts(int fb_h);
  void EnsureGlyphs();
  std::shared_ptr<const ops::Snapshot> ReplayedSnapshot(double wall_s);
  void DrawTimeBar(double left, double width, double bottom);
  void DrawDesk(const FrameSize& size, bool interactive);
  void FrameBesideBoard(const Viewport& beside);
  void DrawMapPass(const FrameSize& size, int fb_h);
  // Wall mode (dashboard_wall.cpp).
  geo::Result<void> UpdateWallType(int fb_h);
  void DrawWall(const FrameSize& size);
  void FollowTour();
  void Fly();
  void PlaceWallLegend(const Viewport& free, float margin);
  WallCard WallCardOf() const;
  ops::TimeMs WallClockMs() const;
  std::optional<geo::Bounds> IncidentBounds(int64_t id, bool with_surroundings = true);
  geo::Transformer* ToDisplay();  // EPSG:4490 → the display CRS, made on first use
  // Emergency coordination at the desk (dashboard_desk.cpp).
  void UpdateDesk();
  void DrawDraft(float panel_w);
  void DrawDraftArea();
  void PlaceDraft(ScreenPx at);
  ScreenPx DraftOnScreen(geo::LonLat p);
  Desk DeskNow();

  GLFWwindow* window_ = nullptr;
  geo::GridSet set_;
  geo::PolygonIndex index_;  // picks what lies under the cursor
  UiState ui_;
  Camera camera_;
  Fonts fonts_;
  std::unique_ptr<MapRenderer> map_;
  std::unique_ptr<gl::RenderTarget> target_;
  LiveSource live_;
  std::unique_ptr<LiveView> view_;
  std::unique_ptr<OverlayLayer> overlays_;
  std::unique_ptr<DemandPointLayer> points_;
  std::unique_ptr<HeatLayer> heat_;
  std::unique_ptr<PingLayer> pings_;
  uint64_t colors_uploaded_ = 0;  // LiveView::colors_version() on the GPU
  geo::Adjacency adjacency_;             // of the grids, for Gi*
  ops::HotspotReport hotspots_;
  std::chrono::steady_clock::time_point hotspots_at_{};  // when last computed
  ops::DemandFilter hotspots_filter_;
  std::vector<uint8_t> hot_uploaded_;  // the Gi* hot flags on the GPU, by FeatureId
  std::vector<std::string> glyph_texts_;  // beyond the UI's own, in the atlas
  int font_builds_ = 0;                   // for bench_endurance and tests
  const void* glyph_sources_[3] = {};      // the snapshot parts last checked for glyphs
  int64_t glyph_detail_ = 0;
  size_t glyph_steps_ = 0;
  // Time travel: the replay (opened on first use), the moment it is fetching
  // off the render thread, and the last moment it delivered.
  std::shared_ptr<ops::Replay> replay_;
  std::future<geo::Result<std::shared_ptr<ops::Replay>>> replay_open_;  // reading the log
  ops::TimeMs replay_earliest_ = 0;
  std::future<std::pair<ops::TimeMs, std::shared_ptr<const ops::Snapshot>>> replay_fetch_;
  std::shared_ptr<const ops::Snapshot> replayed_;
  ops::TimeMs replayed_at_ = 0;
  std::string replay_error_;
  double last_wall_s_ = 0;
  PointDetail detail_;                       // of ui_.picked, once fetched
  std::future<PointDetail> detail_fetch_;    // being read off the render thread
  // What the detail was fetched at: the picked sensor's last reading, or
  // the snapshot's seq for an incident's impact.
  int64_t detail_at_ = 0;
  double detail_wall_s_ = 0;  // when an incident's impact was last asked for
  // What incident areas cover (GEOS geometry of every area): made on the
  // first incident picked, then used by one detail fetch at a time.
  std::shared_ptr<ops::ImpactCalculator> impact_calc_;
  // What of the last drawn snapshot shows on screen: a snapshot published
  // only because the clock moved (once a second when idle) with these the
  // same needs no frame.
  struct Shown {
    int64_t seq = -1;
    const void* kpis = nullptr;
    const void* incidents = nullptr;
    // Sensors are left out: every reading replaces them, while what the map
    // shows of them (their state) changes the KPIs' warn and alarm counts.
    int64_t minute = 0;  // the header's clock
    bool operator==(const Shown&) const = default;
  };
  static Shown ShownOf(const ops::Snapshot& s);
  Shown drawn_;
  std::string feed_problem_;  // the banner drawn last frame; "" when none
  float header_height_ = 96;      // the KPI header's height last frame, window px
  bool headless_ = false;  // the last Frame() was not interactive (render, tests)
  std::unique_ptr<WallState> wall_;  // wall mode; null at the desk
  std::unique_ptr<Coordinator> coordinator_;  // null: the desk is read only
  std::vector<CommandOutcome> outcomes_;  // the last few, newest last
  std::optional<ops::IncidentImpact> draft_impact_;  // what the drawn area covers
  ops::IncidentInput draft_impact_area_;             // … the area it was computed for
  int64_t draft_impact_seq_ = -1;                    // … and the snapshot
  double draft_impact_wall_s_ = -1;
  std::unique_ptr<geo::Transformer> to_lonlat_, to_display_;  // display CRS ↔ EPSG:4490
  int64_t framed_incident_ = 0;  // the incident whose board the desk framed its area beside
  bool imgui_ready_ = false;
  bool dragging_ = false;
  bool key_f_down_ = false;
};

}  // namespace viewer
