#include "viewer/app.hpp"

#include <GLFW/glfw3.h>

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include "viewer/print.hpp"

#include "geo/load.hpp"
#include "viewer/commands/grid_options.hpp"
#include "viewer/commands/remote_feed.hpp"
#include "viewer/commands/render_store.hpp"
#include "viewer/dashboard.hpp"
#include "viewer/headless.hpp"
#include "viewer/png.hpp"
#include "viewer/strings.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Windows
// ---------------------------------------------------------------------------

namespace {

std::string g_glfw_error;              // the last GLFW error, for our own sentence
std::atomic<bool> g_input_seen{true};  // any input or window event since the last check

void OnGlfwError(int, const char* description) {
  g_glfw_error = description ? description : "";
}

// Installed before ImGui's backend, which chains to them: they only note
// that something happened, for the window loop's redraw decision.
void NoteInput(GLFWwindow*) {
  g_input_seen = true;
}
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

geo::Result<void> Window::Init(bool visible) {
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
  return {};
}

Window Window::Adopt(GLFWwindow* w) {
  glfwMakeContextCurrent(w);
  glfwSwapInterval(1);
  WatchInput(w);
  Window out;
  out.handle_ = w;
  return out;
}

geo::Result<Window> Window::Open(int width, int height, bool visible, const std::string& title) {
  if (auto ok = Init(visible); !ok) return std::unexpected(ok.error());
  GLFWwindow* w = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!w) {
    const std::string why = g_glfw_error;
    glfwTerminate();
    return geo::Fail(geo::ErrorCode::kUnsupported,
                     fmt::format("cannot create an OpenGL 3.3 core window: {}", why));
  }
  return Adopt(w);
}

geo::Result<Window> Window::OpenWall(const WallOptions& wall, const std::string& title) {
  if (auto ok = Init(true); !ok) return std::unexpected(ok.error());
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  if (count == 0) {
    glfwTerminate();
    return geo::Fail(geo::ErrorCode::kUnsupported,
                     fmt::format("no monitor found: {}", g_glfw_error));
  }
  if (!wall.span && (wall.monitor < 0 || wall.monitor >= count)) {
    glfwTerminate();
    return geo::Fail(geo::ErrorCode::kInvalidInput,
                     fmt::format("--monitor {}: {} monitor{} found, numbered from 0 to {}",
                                 wall.monitor, count, count == 1 ? "" : "s", count - 1));
  }
  // A wall runs for weeks: it must not minimise when a desk takes focus.
  glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);
  glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
  GLFWwindow* w = nullptr;
  if (wall.span) {
    // One borderless window over the union of the monitors' rectangles.
    int x0 = 1 << 30, y0 = 1 << 30, x1 = -(1 << 30), y1 = -(1 << 30);
    for (int i = 0; i < count; ++i) {
      int x = 0, y = 0;
      glfwGetMonitorPos(monitors[i], &x, &y);
      const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
      x0 = std::min(x0, x);
      y0 = std::min(y0, y);
      x1 = std::max(x1, x + mode->width);
      y1 = std::max(y1, y + mode->height);
    }
    glfwWindowHint(GLFW_FLOATING, GLFW_TRUE);
    w = glfwCreateWindow(x1 - x0, y1 - y0, title.c_str(), nullptr, nullptr);
    if (w) glfwSetWindowPos(w, x0, y0);
  } else {
    // Fullscreen at the monitor's current mode: no mode switch on the wall.
    GLFWmonitor* monitor = monitors[wall.monitor];
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
    w = glfwCreateWindow(mode->width, mode->height, title.c_str(), monitor, nullptr);
  }
  if (!w) {
    const std::string why = g_glfw_error;
    glfwTerminate();
    return geo::Fail(geo::ErrorCode::kUnsupported,
                     fmt::format("cannot create the wall's OpenGL 3.3 core window: {}", why));
  }
  glfwSetInputMode(w, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
  return Adopt(w);
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
  if (options.wall.enabled && !live) {
    return geo::Fail(
        geo::ErrorCode::kInvalidInput,
        "--wall shows a live county: add --simulate HOURS, --db FILE or --connect URL");
  }
  WallOptions wall = options.wall;
  if (!options.select_code.empty()) {
    const geo::FeatureId id = d.grid_set().Find(options.select_code);
    if (id == geo::kNoFeature) {
      return geo::Fail(geo::ErrorCode::kNotFound,
                       fmt::format("--select {}: no community, grid or compound has this code",
                                   options.select_code));
    }
    if (wall.enabled)
      wall = WallStartingAt(d.grid_set(), wall, id);
    else if (live)
      DrillTo(d.ui(), d.grid_set(), id);
    else
      SelectAndZoom(d.ui(), id);
  }
  if (options.incident != 0) {
    const auto snapshot = live ? live.latest() : nullptr;
    const size_t count = snapshot && snapshot->incidents ? snapshot->incidents->size() : 0;
    if (options.incident < 1 || static_cast<size_t>(options.incident) > count) {
      std::string known;
      for (size_t k = 0; k < count; ++k) {
        const ops::IncidentInput& i = (*snapshot->incidents)[k].opened_as;
        known += fmt::format("{}{} (level {}, opened {}, {})", k ? "; " : "", k + 1,
                             ops::kIncidentLevelNames[static_cast<size_t>(i.level) - 1].en,
                             ops::FormatTime((*snapshot->incidents)[k].opened / 1000 * 1000),
                             i.title);
      }
      return geo::Fail(
          geo::ErrorCode::kNotFound,
          fmt::format("--incident {}: the store has {} incident{}{}{}", options.incident, count,
                      count == 1 ? "" : "s", count ? ": " : "", known));
    }
    // The wall shows it as a new incident's interrupt; the desk opens its board.
    if (wall.enabled)
      wall.first_incident = options.incident;
    else
      d.ui().picked = {PickedPoint::kIncident, options.incident, 0};
  }
  if (wall.enabled) d.EnableWall(wall);
  if (!options.at.empty()) {
    const auto at = ops::ParseTime(options.at);
    if (!at) {
      return geo::Fail(
          geo::ErrorCode::kInvalidInput,
          fmt::format("--at {}: not a time with a zone, e.g. 2026-11-24T14:30:00+08:00",
                      options.at));
    }
    if (!live || live.store_path.empty()) {
      return geo::Fail(geo::ErrorCode::kInvalidInput,
                       "--at needs a store: --db FILE or --simulate HOURS");
    }
    // A board at a moment before its incident was opened would be empty.
    if (options.incident != 0) {
      const auto snapshot = live.latest();
      const ops::TimeMs opened =
          (*snapshot->incidents)[static_cast<size_t>(options.incident - 1)].opened;
      if (*at < opened) {
        return geo::Fail(
            geo::ErrorCode::kInvalidInput,
            fmt::format("--incident {}: opened at {}, after --at {}; give a later "
                        "moment",
                        options.incident, ops::FormatTime(opened / 1000 * 1000), options.at));
      }
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
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  RenderedFrame frame;
  frame.width = options.width;
  frame.height = options.height;
  frame.ms_per_frame = options.frames > 0 ? ms / options.frames : 0;
  frame.rgba = d.ReadPixels();
  frame.camera = d.camera();
  frame.renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  frame.min_text_px = d.min_text_px();
  frame.font_builds = d.font_builds();
  return frame;
}

WallOptions WallStartingAt(const geo::GridSet& set, WallOptions wall, geo::FeatureId area) {
  while (area != geo::kNoFeature && set.features[area].level != geo::Level::kCommunity) {
    area = set.features[area].parent;
  }
  wall.first_stop = area == geo::kNoFeature
                        ? 0
                        : static_cast<int>(area - set.LevelBegin(geo::Level::kCommunity)) + 1;
  return wall;
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
  SetLanguage(options.lang == "en" ? Language::kEnglish : Language::kChinese);
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
  std::unique_ptr<RemoteFeed> remote;
  if (!options.connect.empty()) {
    // One frame of the remote state: only once every event it held is in.
    auto started = RemoteFeed::Start(options.connect, options.grids, options.source_crs,
                                     options.encoding, std::chrono::seconds(60));
    if (!started) {
      PrintError("gridops render: {}", started.error());
      return 1;
    }
    remote = std::move(*started);
    if (!remote->follower().Health().caught_up) {
      PrintError("gridops render: --connect {}: not caught up after 60 s: {}", options.connect,
                 remote->description());
      return 1;
    }
  }
  const LiveSource live = store ? store->source() : remote ? remote->source() : LiveSource{};
  auto frame = RenderFrame(std::move(*set), options, nullptr, live);
  if (!frame) {
    PrintError("gridops render: {}", frame.error().message);
    return 1;
  }
  if (auto ok = WritePng(options.out_png, frame->width, frame->height, frame->rgba); !ok) {
    PrintError("gridops render: {}", ok.error().message);
    return 1;
  }
  Print("wrote {} ({}x{}){}; frame time {:.2f} ms on {} (mean of {} frames)", options.out_png,
        frame->width, frame->height,
        store    ? " of " + store->description()
        : remote ? " of " + remote->description()
                 : "",
        frame->ms_per_frame, frame->renderer, options.frames);
  return 0;
}

int RunView(const ViewOptions& options, const LiveSource& live) {
  SetLanguage(options.lang == "en" ? Language::kEnglish : Language::kChinese);
  auto set = LoadForView(options);
  if (!set) {
    PrintError("gridops view: {}", set.error().message);
    return 1;
  }
  auto window = options.wall.enabled
                    ? Window::OpenWall(options.wall, "gridops · 指挥中心大屏")
                    : Window::Open(options.width, options.height, true, "gridops · 网格化管理");
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
  const geo::FeatureId selected =
      options.select_code.empty() ? geo::kNoFeature : d.grid_set().Find(options.select_code);
  if (options.wall.enabled) {
    d.EnableWall(WallStartingAt(d.grid_set(), options.wall, selected));
  } else if (selected != geo::kNoFeature) {
    DrillTo(d.ui(), d.grid_set(), selected);
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
