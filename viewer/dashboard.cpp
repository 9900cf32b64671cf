#include "viewer/dashboard.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>

#include "viewer/map_labels.hpp"
#include "viewer/map_mesh.hpp"
#include "viewer/map_style.hpp"
#include "viewer/panels/panels.hpp"
#include "viewer/resources.hpp"

namespace viewer {

namespace {
constexpr int kSamples = 4;           // MSAA samples of the map and panels
constexpr float kUiFontPx = 17;       // panel text
constexpr float kLabelFontPx = 20;    // community names on the map
}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Setup
// ---------------------------------------------------------------------------

geo::Result<std::unique_ptr<Dashboard>> Dashboard::Create(GLFWwindow* window, geo::GridSet set) {
  std::unique_ptr<Dashboard> d(new Dashboard());
  d->window_ = window;
  d->set_ = std::move(set);
  d->index_ = geo::PolygonIndex::Build(d->set_);

  auto shader_dir = FindResourceDir("shaders");
  if (!shader_dir) return std::unexpected(shader_dir.error());
  auto map = MapRenderer::Create(*shader_dir);
  if (!map) return std::unexpected(map.error());
  d->map_ = std::make_unique<MapRenderer>(std::move(*map));
  d->map_->Upload(BuildMapMesh(d->set_));

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
  auto fonts = LoadFonts(d->set_, kUiFontPx, kLabelFontPx);
  if (!fonts) return std::unexpected(fonts.error());
  d->fonts_ = *fonts;
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

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(size.width), static_cast<float>(size.height));
  io.DisplayFramebufferScale =
      ImVec2(static_cast<float>(size.pixel_scale), static_cast<float>(size.pixel_scale));
  ImGui::NewFrame();

  const double panel_w = PanelWidth(size.width);
  camera_.SetViewport({panel_w, 0, size.width - panel_w, static_cast<double>(size.height)});
  if (ui_.fit_county) {
    camera_.Fit(set_.bounds);
    ui_.fit_county = false;
  }
  if (ui_.zoom_to != geo::kNoFeature) {
    camera_.Fit(set_.features[ui_.zoom_to].bounds, 80);
    ui_.zoom_to = geo::kNoFeature;
  }

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(static_cast<float>(panel_w), static_cast<float>(size.height)));
  ImGui::Begin("side", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus);
  ui_.hovered = geo::kNoFeature;
  DrawOverview(set_, ui_);
  DrawSelection(set_, ui_);
  DrawCountyTree(set_, ui_);
  ImGui::End();

  if (interactive) HandleMapInput();
  if (ui_.show_labels) DrawLabels();
  ImGui::Render();

  target_->Bind();
  glDisable(GL_SCISSOR_TEST);
  glClearColor(kBackground.r / 255.0f, kBackground.g / 255.0f, kBackground.b / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  map_->Draw(camera_, ui_.layers, ui_.selected, ui_.hovered, fb_h, size.pixel_scale);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  return {};
}

void Dashboard::Present() const { target_->ResolveTo(0); }

std::string Dashboard::ReadPixels() const { return target_->ReadRgba(); }

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
      if (hit == ui_.selected && hit != geo::kNoFeature) {
        SelectAndZoom(ui_, hit);
      } else {
        ui_.selected = hit;
      }
    }
  }
  if (over_map && !dragging_) ui_.hovered = index_.Deepest(camera_.ToMeters(mouse));
}

void Dashboard::DrawLabels() const {
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  auto font_for = [&](geo::Level level) {
    return level == geo::Level::kCommunity ? fonts_.label : fonts_.ui;
  };
  const MeasureText measure = [&](std::string_view text, geo::Level level) {
    ImFont* font = font_for(level);
    const ImVec2 s = font->CalcTextSizeA(font->FontSize, 1e9f, 0, text.data(),
                                         text.data() + text.size());
    return TextSize{s.x, s.y};
  };
  for (const PlacedLabel& l : PlaceLabels(set_, camera_, measure)) {
    const geo::Feature& f = set_.features[l.id];
    ImFont* font = font_for(f.level);
    const ImVec2 at(static_cast<float>(l.center.x - l.size.width / 2),
                    static_cast<float>(l.center.y - l.size.height / 2));
    const ImU32 color = f.level == geo::Level::kCommunity ? IM_COL32(255, 255, 255, 255)
                                                          : IM_COL32(225, 232, 245, 235);
    // A dark halo keeps the name legible over any fill.
    for (const ImVec2 d : {ImVec2(-1, 0), ImVec2(1, 0), ImVec2(0, -1), ImVec2(0, 1)}) {
      draw->AddText(font, font->FontSize, ImVec2(at.x + d.x, at.y + d.y), IM_COL32(0, 0, 0, 200),
                    f.name.c_str());
    }
    draw->AddText(font, font->FontSize, at, color, f.name.c_str());
  }
}

}  // namespace viewer
