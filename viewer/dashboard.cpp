#include "viewer/dashboard.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <future>

#include "viewer/map_labels.hpp"
#include "viewer/map_mesh.hpp"
#include "viewer/map_style.hpp"
#include "viewer/panels/panels.hpp"
#include "viewer/resources.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {
constexpr int kSamples = 4;  // MSAA samples of the map and panels

// Every name the live panels may show from the model and the catalogue, so
// the font atlas has their glyphs.
std::vector<std::string> LiveTexts(const ops::Catalog* catalog) {
  std::vector<std::string> out;
  if (!catalog) return out;
  auto add = [&](const auto& names) {
    for (const auto& n : names) out.emplace_back(n.zh);
  };
  add(ops::kStageNames);
  add(ops::kSourceNames);
  add(ops::kSensorKindNames);
  add(ops::kAlertStateNames);
  add(ops::kIncidentLevelNames);
  add(ops::kIncidentClassNames);
  add(ops::kIncidentStageNames);
  add(ops::kChiefRoleNames);
  add(ops::kPartyOrgKindNames);
  for (const ops::Family& f : catalog->families) out.push_back(f.zh);
  for (const ops::Category& c : catalog->categories) out.push_back(c.zh);
  for (const ops::Department& d : catalog->departments) out.push_back(d.zh);
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Setup
// ---------------------------------------------------------------------------

LiveSource LiveSourceOf(const ops::Catalog& catalog, const ops::Store& store) {
  LiveSource s;
  s.catalog = &catalog;
  s.latest = [&store] { return store.Latest(); };
  s.timeline = [&store](const std::string& entity) { return store.Timeline(entity); };
  s.readings = [&store](const std::string& sensor, ops::TimeMs since) {
    return store.Readings(sensor, since, 2000);
  };
  s.store_path = store.path();
  return s;
}

geo::Result<std::unique_ptr<Dashboard>> Dashboard::Create(GLFWwindow* window, geo::GridSet set,
                                                          LiveSource live) {
  std::unique_ptr<Dashboard> d(new Dashboard());
  d->window_ = window;
  d->set_ = std::move(set);
  d->live_ = std::move(live);
  if (d->live_) {
    d->view_ = std::make_unique<LiveView>(d->set_, *d->live_.catalog);
    if (d->live_.commands) d->coordinator_ = std::make_unique<Coordinator>(d->live_.commands);
    d->adjacency_ = geo::AdjacencyOf(d->set_, geo::Level::kGrid);
    if (!d->live_.store_path.empty()) {
      // The log is read on another thread; the time bar shows once it is.
      d->replay_open_ =
          std::async(std::launch::async,
                     [path = d->live_.store_path, set = &d->set_,
                      catalog = d->live_.catalog]() -> geo::Result<std::shared_ptr<ops::Replay>> {
                       auto r = ops::Replay::Open(path, *set, *catalog);
                       if (!r) return std::unexpected(r.error());
                       return std::shared_ptr<ops::Replay>(std::move(*r));
                     });
    }
    d->ui_.layers.thematic = true;
    d->ui_.layers.hot_grids = true;
  }
  d->index_ = geo::PolygonIndex::Build(d->set_);

  auto shader_dir = FindResourceDir("shaders");
  if (!shader_dir) return std::unexpected(shader_dir.error());
  auto map = MapRenderer::Create(*shader_dir);
  if (!map) return std::unexpected(map.error());
  d->map_ = std::make_unique<MapRenderer>(std::move(*map));
  d->map_->Upload(BuildMapMesh(d->set_));
  if (d->live_) {
    auto overlays = OverlayLayer::Create(*shader_dir, d->set_);
    if (!overlays) return std::unexpected(overlays.error());
    d->overlays_ = std::make_unique<OverlayLayer>(std::move(*overlays));
    auto points = DemandPointLayer::Create(*shader_dir);
    if (!points) return std::unexpected(points.error());
    d->points_ = std::make_unique<DemandPointLayer>(std::move(*points));
    d->points_->SetOrigin(d->set_.bounds.Center());
    auto heat = HeatLayer::Create(*shader_dir);
    if (!heat) return std::unexpected(heat.error());
    d->heat_ = std::make_unique<HeatLayer>(std::move(*heat));
    d->heat_->SetOrigin(d->set_.bounds.Center());
    auto pings = PingLayer::Create(*shader_dir);
    if (!pings) return std::unexpected(pings.error());
    d->pings_ = std::make_unique<PingLayer>(std::move(*pings));
    d->pings_->SetOrigin(d->set_.bounds.Center());
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  d->imgui_ready_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the wall must look the same on every start
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0;
  style.WindowBorderSize = 0;
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.06f, 0.09f, 0.13f, 0.96f);
  // The fonts are built before the first frame, at the desk's sizes or at
  // the wall's for its framebuffer (EnsureFonts): one atlas, not two.
  d->glyph_texts_ = LiveTexts(d->live_.catalog);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  return d;
}

Dashboard::~Dashboard() {
  if (!imgui_ready_) return;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

double Dashboard::PanelWidth(int display_width) {
  return std::clamp(display_width * 0.24, 300.0, 440.0);
}

// ---------------------------------------------------------------------------
// [SECTION] Frame
// ---------------------------------------------------------------------------

geo::Result<void> Dashboard::Frame(const FrameSize& size, bool interactive) {
  const int fb_w = static_cast<int>(std::lround(size.width * size.pixel_scale));
  const int fb_h = static_cast<int>(std::lround(size.height * size.pixel_scale));
  if (!target_ || target_->width() != fb_w || target_->height() != fb_h) {
    auto target = gl::RenderTarget::Create(fb_w, fb_h, kSamples);
    if (!target) return std::unexpected(target.error());
    target_ = std::make_unique<gl::RenderTarget>(std::move(*target));
  }

  const double dt = last_wall_s_ > 0 ? std::clamp(size.time_s - last_wall_s_, 0.0, 1.0) : 0;
  last_wall_s_ = size.time_s;
  if (ui_.time.active && ui_.time.playing) {
    ui_.time.at += static_cast<ops::TimeMs>(dt * ui_.time.speed * 1000);
  }
  headless_ = !interactive;
  // Before the frame: new glyphs in the store's texts may rebuild the atlas;
  // the first one is built after the first snapshot, with its texts.
  UpdateLive();
  if (auto ok = EnsureFonts(fb_h); !ok) return ok;
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(size.width), static_cast<float>(size.height));
  io.DisplayFramebufferScale =
      ImVec2(static_cast<float>(size.pixel_scale), static_cast<float>(size.pixel_scale));
  ImGui::NewFrame();

  if (wall_)
    DrawWall(size);
  else
    DrawDesk(size, interactive);
  ImGui::Render();
  DrawMapPass(size, fb_h);
  return {};
}

// The desk: the side panel of controls, the KPI header, the point detail,
// the time bar, the banner and the legend around the map, which takes input.
void Dashboard::DrawDesk(const FrameSize& size, bool interactive) {
  const double panel_w = PanelWidth(size.width);
  const double top = view_ ? header_height_ : 0;
  camera_.SetViewport({panel_w, top, size.width - panel_w, size.height - top});
  camera_.SetMarkScale(1);
  if (ui_.fit_county) {
    camera_.Fit(set_.bounds);
    ui_.fit_county = false;
  }
  if (ui_.zoom_to != geo::kNoFeature) {
    camera_.Fit(set_.features[ui_.zoom_to].bounds, 80);
    ui_.zoom_to = geo::kNoFeature;
  }
  // The map left of the detail (12 px in from the edge) and above the time bar.
  constexpr double kTimeBarHeight = 100;
  FrameBesideBoard({panel_w, top, std::max(size.width - 24 - kDetailWidth - panel_w, 100.0),
                    std::max(size.height - top - kTimeBarHeight, 100.0)});

  ui_.hovered = geo::kNoFeature;
  DrawSidePanel(panel_w, size.height);
  if (view_) {
    header_height_ = DrawKpiHeader(*view_, HeaderFonts{fonts_.big}, static_cast<float>(panel_w),
                                   static_cast<float>(size.width - panel_w));
    if (view_->snapshot()) {
      // A replayed moment is the past: the desk acts only on the present.
      const Desk desk = DeskNow();
      DrawPointDetail(set_, *view_->snapshot(), *live_.catalog, detail_, ui_,
                      static_cast<float>(size.width - 12), header_height_ + 12,
                      ui_.time.active ? nullptr : &desk);
      if (!ui_.time.active) DrawDraft(static_cast<float>(panel_w));
    }
    if (!live_.store_path.empty()) {
      DrawTimeBar(panel_w, size.width - panel_w, size.height);
    }
    feed_problem_ = live_.problem ? live_.problem() : std::string();
    DrawFeedBanner(feed_problem_, static_cast<float>(panel_w), header_height_,
                   static_cast<float>(size.width - panel_w));
    if (ui_.layers.thematic || ui_.layers.hot_grids || ui_.live.pings) {
      DrawLegend(set_, ui_.layers.thematic ? &view_->legend() : nullptr, ui_.layers.thematic_level,
                 ui_.layers.hot_grids ? hotspots_.hot_grids : -1, ui_.live.pings,
                 ImVec2(static_cast<float>(size.width - 12), static_cast<float>(size.height - 12)),
                 ImVec2(1, 1));
    }
  }

  if (interactive) HandleMapInput();
  if (ui_.show_labels) DrawLabels();
  if (view_ && ui_.live.demands) DrawBubbleCounts();
  if (view_ && !ui_.time.active) DrawDraftArea();
}

// The map and its live layers under the panels, into the render target.
void Dashboard::DrawMapPass(const FrameSize& size, int fb_h) {
  target_->Bind();
  glDisable(GL_SCISSOR_TEST);
  glClearColor(kBackground.r / 255.0f, kBackground.g / 255.0f, kBackground.b / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  map_->Draw(camera_, ui_.layers, ui_.selected, ui_.hovered, fb_h, size.pixel_scale);
  if (view_) {
    // Density under everything live, then incident areas, demands, pings,
    // sensors (small glyphs a passing ring should not hide).
    if (ui_.live.heat) heat_->Draw(camera_, fb_h, size.pixel_scale);
    overlays_->Draw(camera_, size.time_s, fb_h, size.pixel_scale, false, ui_.live.incidents);
    if (ui_.live.demands) points_->Draw(camera_, size.time_s, fb_h, size.pixel_scale, nullptr);
    if (ui_.live.pings) pings_->Draw(camera_, size.time_s, fb_h, size.pixel_scale);
    overlays_->Draw(camera_, size.time_s, fb_h, size.pixel_scale, ui_.live.sensors, false);
  }
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Dashboard::Present() const {
  target_->ResolveTo(0);
}

bool Dashboard::NeedsFrame() const {
  if (!view_) return false;
  // The wall's clock shows seconds, its tour moves on and its health watch
  // counts: a frame each second keeps all three honest.
  if (wall_ && WallClockMs() / 1000 != wall_->drawn_second) return true;
  if (wall_ && wall_->flight.start_s >= 0) return true;  // the camera on its way to a stop
  if (ui_.time.active && (ui_.time.playing || replay_fetch_.valid())) return true;
  if (overlays_ && overlays_->animating() && (ui_.live.sensors || ui_.live.incidents)) return true;
  if (points_ && ui_.live.demands && points_->animating()) return true;
  if (pings_ && ui_.live.pings && pings_->animating()) return true;  // a ring still fading
  if (view_->RecountDue()) return true;                   // a throttled recount to catch up with
  if (detail_fetch_.valid()) return true;                 // a point's detail on its way
  if (coordinator_ && coordinator_->Busy()) return true;  // the desk's command, then its outcome
  if (live_.problem && live_.problem() != feed_problem_) return true;  // the banner changes
  if (ui_.layers.hot_grids && HotspotsDue()) return true;
  const std::shared_ptr<const ops::Snapshot> latest = live_.latest();
  return latest && !(ShownOf(*latest) == drawn_);
}

Dashboard::Shown Dashboard::ShownOf(const ops::Snapshot& s) {
  return {s.seq, s.kpis.get(), s.incidents.get(), s.now / ops::kMinute};
}

std::string Dashboard::ReadPixels() const {
  return target_->ReadRgba();
}

// The side panel: title and totals, then with a live county the drill-down,
// layers and filters; without one the selection, layers and the tree.
void Dashboard::DrawSidePanel(double width, double height) {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(static_cast<float>(width), static_cast<float>(height)));
  ImGui::Begin("side", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus);
  // The language switch, at the top right: the other language's name, in
  // its own script.
  const ImVec2 top_left = ImGui::GetCursorPos();
  ImGui::SetCursorPos(
      ImVec2(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(Tr(kOtherLanguage)).x - 8,
             top_left.y));
  if (ImGui::SmallButton(Tr(kOtherLanguage))) {
    SetLanguage(English() ? Language::kChinese : Language::kEnglish);
  }
  ImGui::SetCursorPos(top_left);
  DrawOverview(set_);
  if (view_ && ImGui::BeginTabBar("side_tabs")) {
    auto flags = [&](int tab) {
      return ui_.show_tab == tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    const int shown = ui_.show_tab;
    if (ImGui::BeginTabItem(Tr(kTabSituation), nullptr, flags(0))) {
      // Greyed out while replaying: incidents open in the present.
      if (ui_.time.active) ImGui::BeginDisabled();
      if (ImGui::Button(Tr(kNewIncident)) && !ui_.time.active && !ui_.coordination.draft.active) {
        ui_.coordination.draft = IncidentDraft{};
        ui_.coordination.draft.active = true;
      }
      if (ui_.time.active) ImGui::EndDisabled();
      DrawDrillDown(set_, *view_, ui_);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(Tr(kTabHotspots), nullptr, flags(1))) {
      UpdateHotspots();
      DrawHotspots(set_, *live_.catalog, hotspots_, ui_);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem(Tr(kTabLayers), nullptr, flags(2))) {
      DrawLayers(set_, ui_, true);
      DrawFilters(*live_.catalog, ui_);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    if (ui_.show_tab == shown) ui_.show_tab = -1;
  } else if (!view_) {
    DrawSelection(set_, ui_);
    ImGui::Separator();
    DrawLayers(set_, ui_, false);
    DrawCountyTree(set_, ui_);
  }
  ImGui::End();
}

// ---------------------------------------------------------------------------
// [SECTION] Map input and labels
// ---------------------------------------------------------------------------

void Dashboard::HandleMapInput() {
  ImGuiIO& io = ImGui::GetIO();
  const bool key_f = glfwGetKey(window_, GLFW_KEY_F) == GLFW_PRESS;
  if (key_f && !key_f_down_ && !io.WantCaptureKeyboard) ui_.fit_county = true;
  key_f_down_ = key_f;

  const Viewport& vp = camera_.viewport();
  const ScreenPx mouse{io.MousePos.x, io.MousePos.y};
  const bool over_map = !io.WantCaptureMouse && mouse.x >= vp.x && mouse.y >= vp.y &&
                        mouse.x < vp.x + vp.width && mouse.y < vp.y + vp.height;
  if (over_map && io.MouseWheel != 0) camera_.ZoomAbout(mouse, std::pow(1.2, io.MouseWheel));
  if (over_map && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) dragging_ = true;
  if (dragging_ && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3)) {
    camera_.Pan(io.MouseDelta.x, io.MouseDelta.y);
  }
  if (dragging_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    dragging_ = false;
    // A click that did not drag selects what lies under it.
    const ImVec2 moved = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0);
    if (std::hypot(moved.x, moved.y) < 3) {
      const geo::FeatureId hit = index_.Deepest(camera_.ToMeters(mouse));
      if (view_ && ui_.coordination.draft.active) {
        PlaceDraft(mouse);  // drawing a new incident: its centre, or its area's next corner
      } else if (view_) {
        // Live: a point opens its detail; elsewhere one level down per
        // click, as a supervisor drills.
        Pick(mouse);
        if (ui_.picked.kind == PickedPoint::kNone && hit != geo::kNoFeature) {
          DrillTo(ui_, set_, DrillTarget(set_, ui_.selected, hit));
        }
      } else if (hit == ui_.selected && hit != geo::kNoFeature) {
        SelectAndZoom(ui_, hit);
      } else {
        ui_.selected = hit;
      }
    }
  }
  if (over_map && !dragging_) ui_.hovered = index_.Deepest(camera_.ToMeters(mouse));
}

void Dashboard::Pick(ScreenPx at) {
  ui_.picked = {};
  if (!view_ || !view_->snapshot()) return;
  const ops::Snapshot& s = *view_->snapshot();
  if (ui_.live.sensors || ui_.live.incidents) {
    PickedPoint p = overlays_->Pick(camera_, at);
    if ((p.kind == PickedPoint::kSensor && ui_.live.sensors) ||
        (p.kind == PickedPoint::kIncident && ui_.live.incidents)) {
      ui_.picked = p;
      return;
    }
  }
  if (ui_.live.demands && s.open_points) {
    // The nearest open demand the filter lets through, within a point's reach.
    const double reach_m = 8 * camera_.meters_per_pixel();
    const ops::FilterMatcher matches(ui_.filter, *live_.catalog, s.now);
    std::vector<geo::Neighbor> near;
    s.open_points->Nearest(camera_.ToMeters(at), 8, near);
    for (const geo::Neighbor& n : near) {
      if (n.distance_sq > reach_m * reach_m) break;
      const ops::Demand* d = s.demands.Find(static_cast<int64_t>(n.id));
      if (d && matches(*d)) {
        ui_.picked = {PickedPoint::kDemand, d->id, 0};
        return;
      }
    }
  }
}

// Zoomed out, demands show as one bubble per grid: its count on it.
void Dashboard::DrawBubbleCounts() const {
  if (!points_->Aggregated(camera_)) return;
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const Viewport& vp = camera_.viewport();
  for (const Bubble& b : points_->bubbles()) {
    const ScreenPx at = camera_.ToScreen(b.at);
    if (at.x < vp.x || at.y < vp.y || at.x > vp.x + vp.width || at.y > vp.y + vp.height) continue;
    const std::string text = std::to_string(b.count);
    const ImVec2 size = fonts_.ui->CalcTextSizeA(fonts_.ui->FontSize, 1e9f, 0, text.c_str());
    draw->AddText(
        fonts_.ui, fonts_.ui->FontSize,
        ImVec2(static_cast<float>(at.x) - size.x / 2, static_cast<float>(at.y) - size.y / 2),
        IM_COL32(255, 255, 255, 255), text.c_str());
  }
}

void Dashboard::DrawLabels() const {
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  auto font_for = [&](geo::Level level) {
    return level == geo::Level::kCommunity ? fonts_.label : fonts_.ui;
  };
  const MeasureText measure = [&](std::string_view text, geo::Level level) {
    ImFont* font = font_for(level);
    const ImVec2 s =
        font->CalcTextSizeA(font->FontSize, 1e9f, 0, text.data(), text.data() + text.size());
    return TextSize{s.x, s.y};
  };
  for (const PlacedLabel& l : PlaceLabels(set_, camera_, measure)) {
    const geo::Feature& f = set_.features[l.id];
    ImFont* font = font_for(f.level);
    const ImVec2 at(static_cast<float>(l.center.x - l.size.width / 2),
                    static_cast<float>(l.center.y - l.size.height / 2));
    const ImU32 color = f.level == geo::Level::kCommunity ? IM_COL32(255, 255, 255, 255)
                                                          : IM_COL32(225, 232, 245, 235);
    // A dark halo keeps the name legible over any fill; on the wall it grows
    // with the type and closes its diagonals, or a yellow fill eats the
    // strokes of large white glyphs.
    const float r = wall_ ? 1.5f * wall_->type.scale : 1.0f;
    for (const ImVec2 d : {ImVec2(-1, 0), ImVec2(1, 0), ImVec2(0, -1), ImVec2(0, 1), ImVec2(-1, -1),
                           ImVec2(1, -1), ImVec2(-1, 1), ImVec2(1, 1)}) {
      if (!wall_ && d.x != 0 && d.y != 0) continue;  // the desk's halo, as it was
      draw->AddText(font, font->FontSize, ImVec2(at.x + r * d.x, at.y + r * d.y),
                    IM_COL32(0, 0, 0, wall_ ? 235 : 200), f.name.c_str());
    }
    draw->AddText(font, font->FontSize, at, color, f.name.c_str());
  }
}

}  // namespace viewer
