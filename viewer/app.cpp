#include "viewer/app.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include "viewer/print.hpp"

#include "geo/load.hpp"
#include "viewer/commands/grid_options.hpp"
#include "viewer/commands/render_store.hpp"
#include "viewer/dashboard.hpp"
#include "viewer/headless.hpp"
#include "viewer/png.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Windows
// ---------------------------------------------------------------------------

namespace {

std::string g_glfw_error;  // the last GLFW error, for our own sentence
std::atomic<bool> g_input_seen{true};  // any input or window event since the last check

void OnGlfwError(int, const char* description) { g_glfw_error = description ? description : ""; }

// Installed before ImGui's backend, which chains to them: they only note
// that something happened, for the window loop's redraw decision.
void NoteInput(GLFWwindow*) { g_input_seen = true; }
void WatchInput(GLFWwindow* w) {
  glfwSetCursorPosCallback(w, [](GLFWwindow* w, double, double) { NoteInput(w); });
  glfwSetMouseButtonCallback(w, [](GLFWwindow* w, int, int, int) { NoteInput(w); });
  glfwSetScrollCallback(w, [](GLFWwindow* w, double, double) { NoteInput(w); });
  glfwSetKeyCallback(w, [](GLFWwindow* w, int, int, int, int) { NoteInput(w); });
  glfwSetCharCallback(w, [](GLFWwindow* w, unsigned) { NoteInput(w); });
  glfwSetWindowSizeCallback(w, [](GLFWwindow* w, int, int) { NoteInput(w); });
  glfwSetWindowFocusCallback(w, [](GLFWwindow* w, int) { NoteInput(w); });
  glfwSetCursorEnterCallback(w, [](GLFWwindow* w, int) { NoteInput(w); });
  glfwSetWindowRefreshCallback(w, [](GLFWwindow* w) { NoteInput(w); });
}

}  // namespace

geo::Result<Window> Window::Open(int width, int height, bool visible, const std::string& title) {
  glfwSetErrorCallback(OnGlfwError);
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) {
    return geo::Fail(geo::ErrorCode::kUnsupported,
                     "no display: DISPLAY is not set. gridops draws with OpenGL through a window "
                     "system; run it under a virtual one, e.g. `xvfb-run -a -s \"-screen 0 "
                     "1920x1080x24\" gridops render --out county.png`");
  }
  if (!glfwInit()) {
    return geo::Fail(geo::ErrorCode::kUnsupported,
                     fmt::format("cannot open the display '{}': {}. Run under `xvfb-run -a` if "
                                 "there is no screen",
                                 display ? display : "", g_glfw_error));
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  GLFWwindow* w = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!w) {
    const std::string why = g_glfw_error;
    glfwTerminate();
    return geo::Fail(geo::ErrorCode::kUnsupported,
                     fmt::format("cannot create an OpenGL 3.3 core window: {}", why));
  }
  glfwMakeContextCurrent(w);
  glfwSwapInterval(1);
  WatchInput(w);
  Window out;
  out.handle_ = w;
  return out;
}

Window::~Window() {
  if (!handle_) return;
  glfwDestroyWindow(handle_);
  glfwTerminate();
}

// ---------------------------------------------------------------------------
// [SECTION] Headless frames
// ---------------------------------------------------------------------------

geo::Result<RenderedFrame> RenderFrame(geo::GridSet set, const RenderOptions& options,
                                       const UiState* ui, const LiveSource& live) {
  auto window = Window::Open(64, 64, false, "gridops render");
  if (!window) return std::unexpected(window.error());
  auto dashboard = Dashboard::Create(window->handle(), std::move(set), live);
  if (!dashboard) return std::unexpected(dashboard.error());
  Dashboard& d = **dashboard;
  if (ui) d.ui() = *ui;
  if (!options.select_code.empty()) {
    const geo::FeatureId id = d.grid_set().Find(options.select_code);
    if (id == geo::kNoFeature) {
      return geo::Fail(geo::ErrorCode::kNotFound,
                       fmt::format("--select {}: no community, grid or compound has this code",
                                   options.select_code));
    }
    if (live) DrillTo(d.ui(), d.grid_set(), id);
    else SelectAndZoom(d.ui(), id);
  }
  if (!options.at.empty()) {
    const auto at = ops::ParseTime(options.at);
    if (!at) {
      return geo::Fail(geo::ErrorCode::kInvalidInput,
                       fmt::format("--at {}: not a time with a zone, e.g. 2026-11-24T14:30:00+08:00",
                                   options.at));
    }
    if (!live || live.store_path.empty()) {
      return geo::Fail(geo::ErrorCode::kInvalidInput, "--at needs a store: --db FILE or --simulate HOURS");
    }
    d.ui().time.active = true;
    d.ui().time.at = *at;
  }
  // A fixed moment of every pulse, so a rendering is the same each time.
  const FrameSize size{options.width, options.height, 1.0, 0.25};
  if (d.ui().time.active) {
    if (auto ok = d.Frame(size, false); !ok) return std::unexpected(ok.error());
    d.WaitForReplay();
  }
  // ImGui settles its layout over the first frames; then time the rest.
  for (int i = 0; i < 3; ++i) {
    if (auto ok = d.Frame(size, false); !ok) return std::unexpected(ok.error());
  }
  glFinish();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < options.frames; ++i) {
    if (auto ok = d.Frame(size, false); !ok) return std::unexpected(ok.error());
    glFinish();
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                              start).count();
  RenderedFrame frame;
  frame.width = options.width;
  frame.height = options.height;
  frame.ms_per_frame = options.frames > 0 ? ms / options.frames : 0;
  frame.rgba = d.ReadPixels();
  frame.camera = d.camera();
  frame.renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return frame;
}

// ---------------------------------------------------------------------------
// [SECTION] Commands
// ---------------------------------------------------------------------------

namespace {

geo::Result<geo::GridSet> LoadForView(const ViewOptions& options) {
  return LoadGrids(options.grids, options.source_crs, options.encoding);
}

}  // namespace

int RunRender(const RenderOptions& options) {
  auto set = LoadForView(options);
  if (!set) {
    PrintError("gridops render: {}", set.error().message);
    return 1;
  }
  std::unique_ptr<RenderStore> store;
  if (!options.db.empty() || options.simulate_hours > 0) {
    auto opened = RenderStore::Open(options);
    if (!opened) {
      PrintError("gridops render: {}", opened.error());
      return 1;
    }
    store = std::move(*opened);
  }
  auto frame = RenderFrame(std::move(*set), options, nullptr, store ? store->source() : LiveSource{});
  if (!frame) {
    PrintError("gridops render: {}", frame.error().message);
    return 1;
  }
  if (auto ok = WritePng(options.out_png, frame->width, frame->height, frame->rgba); !ok) {
    PrintError("gridops render: {}", ok.error().message);
    return 1;
  }
  Print("wrote {} ({}x{}){}; frame time {:.2f} ms on {} (mean of {} frames)", options.out_png,
        frame->width, frame->height, store ? " of " + store->description() : "",
        frame->ms_per_frame, frame->renderer, options.frames);
  return 0;
}

int RunView(const ViewOptions& options, const LiveSource& live) {
  auto set = LoadForView(options);
  if (!set) {
    PrintError("gridops view: {}", set.error().message);
    return 1;
  }
  auto window = Window::Open(options.width, options.height, true, "gridops · 网格化管理");
  if (!window) {
    PrintError("gridops view: {}", window.error().message);
    return 1;
  }
  auto dashboard = Dashboard::Create(window->handle(), std::move(*set), live);
  if (!dashboard) {
    PrintError("gridops view: {}", dashboard.error().message);
    return 1;
  }
  Dashboard& d = **dashboard;
  if (!options.select_code.empty()) {
    const geo::FeatureId id = d.grid_set().Find(options.select_code);
    if (id != geo::kNoFeature) DrillTo(d.ui(), d.grid_set(), id);
  }
  // Draw only when something changed: input, a new snapshot, a pulse. Input
  // callbacks mark the window; ImGui needs a few frames to settle after it.
  int settle = 3;
  while (!glfwWindowShouldClose(window->handle())) {
    const bool animating = d.NeedsFrame();
    // Pulses run at 30 frames/s; an idle wall checks for news 4 times a second.
    glfwWaitEventsTimeout(settle > 0 ? 0.0 : animating ? 1.0 / 30 : 0.25);
    if (g_input_seen.exchange(false)) settle = 3;
    if (settle == 0 && !d.NeedsFrame()) continue;
    settle = std::max(0, settle - 1);
    int w = 0, h = 0, fb_w = 0;
    glfwGetWindowSize(window->handle(), &w, &h);
    glfwGetFramebufferSize(window->handle(), &fb_w, nullptr);
    if (w <= 0 || h <= 0) continue;  // minimised
    if (auto ok = d.Frame({w, h, static_cast<double>(fb_w) / w, glfwGetTime()}, true); !ok) {
      PrintError("gridops view: {}", ok.error().message);
      return 1;
    }
    d.Present();
    glfwSwapBuffers(window->handle());
  }
  return 0;
}

}  // namespace viewer
