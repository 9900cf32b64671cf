// The dashboard: the grid set, the UI state, the camera and the GL renderer,
// and the one function that draws a frame of it, window or not.
#pragma once

#include <memory>
#include <string>

#include "geo/grid_set.hpp"
#include "geo/polygon_index.hpp"
#include "viewer/camera.hpp"
#include "viewer/fonts.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/map_renderer.hpp"
#include "viewer/ui_state.hpp"

struct GLFWwindow;

namespace viewer {

// What one frame needs to know about the surface it is drawn for.
struct FrameSize {
  int width = 0, height = 0;  // window pixels (ImGui's display size)
  double pixel_scale = 1;     // framebuffer pixels per window pixel
};

class Dashboard {
 public:
  // Needs a current GL 3.3 context on `window`. Sets up ImGui with the CJK
  // fonts and its GLFW/OpenGL3 backends, and uploads the map.
  static geo::Result<std::unique_ptr<Dashboard>> Create(GLFWwindow* window, geo::GridSet set);
  ~Dashboard();
  Dashboard(const Dashboard&) = delete;
  Dashboard& operator=(const Dashboard&) = delete;

  // Builds the UI and draws map and panels into the render target, which is
  // (re)made at the frame's size. `interactive` takes mouse and keys.
  geo::Result<void> Frame(const FrameSize& size, bool interactive);
  // The last frame, presented in the window or read back (top-down RGBA8).
  void Present() const;
  std::string ReadPixels() const;

  UiState& ui() { return ui_; }
  const Camera& camera() const { return camera_; }
  const geo::GridSet& grid_set() const { return set_; }
  // Width of the side panel at a display width, in window pixels.
  static double PanelWidth(int display_width);

 private:
  Dashboard() = default;
  void HandleMapInput();
  void DrawLabels() const;

  GLFWwindow* window_ = nullptr;
  geo::GridSet set_;
  geo::PolygonIndex index_;  // picks what lies under the cursor
  UiState ui_;
  Camera camera_;
  Fonts fonts_;
  std::unique_ptr<MapRenderer> map_;
  std::unique_ptr<gl::RenderTarget> target_;
  bool imgui_ready_ = false;
  bool dragging_ = false;
  bool key_f_down_ = false;
};

}  // namespace viewer
