// Windows and headless frames: `gridops render` and the rendering tests draw
// through exactly the code `gridops view` uses, into an offscreen target.
#pragma once

#include <string>

#include "geo/grid_set.hpp"
#include "viewer/app.hpp"
#include "viewer/camera.hpp"
#include "viewer/dashboard.hpp"
#include "viewer/ui_state.hpp"

struct GLFWwindow;

namespace viewer {

// A GLFW window with a current OpenGL 3.3 core context; closes GLFW with it.
class Window {
 public:
  // With no display the error says so and how to run under xvfb-run.
  static geo::Result<Window> Open(int width, int height, bool visible, const std::string& title);
  // The wall's window: fullscreen on monitor `monitor` (GLFW's order, 0 the
  // primary), or with `span` one undecorated window over the union of every
  // monitor; no chrome, no cursor, and it stays up when focus moves away.
  static geo::Result<Window> OpenWall(const WallOptions& wall, const std::string& title);
  ~Window();
  Window(Window&& o) noexcept : handle_(std::exchange(o.handle_, nullptr)) {}
  Window& operator=(Window&&) = delete;
  Window(const Window&) = delete;
  GLFWwindow* handle() const { return handle_; }

 private:
  Window() = default;
  static geo::Result<void> Init(bool visible);
  static Window Adopt(GLFWwindow* w);
  GLFWwindow* handle_ = nullptr;
};

struct RenderedFrame {
  int width = 0, height = 0;
  std::string rgba;  // top-down RGBA8
  Camera camera;     // as it was for the frame, to find features in it
  double ms_per_frame = 0;
  std::string renderer;  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
  float min_text_px = 0;  // the smallest font on screen (the wall's minimum text height)
  int font_builds = 0;    // font atlases built, from the first frame's on
};

// Draws the dashboard for `set` headless at the options' size; `ui` (may be
// null) sets the initial UI state, e.g. layers or a selection; `live` (may be
// empty) is the live county to draw over it.
// The wall's options with the tour starting at the community that holds
// `area` (itself, or the county for kNoFeature).
WallOptions WallStartingAt(const geo::GridSet& set, WallOptions wall, geo::FeatureId area);

geo::Result<RenderedFrame> RenderFrame(geo::GridSet set, const RenderOptions& options,
                                       const UiState* ui, const LiveSource& live);

}  // namespace viewer
