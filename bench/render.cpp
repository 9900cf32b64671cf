// bench_render: what a frame of live demands costs. The sample county's map
// (MapRenderer + BuildMapMesh, as the dashboard draws it) plus N open
// demands at random points inside its grids, drawn offscreen at 1920×1080
// with 4× MSAA (the dashboard's target) under Xvfb + Mesa llvmpipe, two ways:
//
//   gridops   DemandPointLayer (viewer/layers/demand_points.hpp): instanced
//             quads from a GPU buffer synced by chunk, forced to points (no
//             bubbles) so both ways draw the same thing;
//   drawlist  the same points through ImGui's draw list and its OpenGL3
//             backend, the way a panel would: per point a dark disc, the
//             stage-coloured disc over it and, when overdue, a red ring
//             (AddCircleFilled / AddCircle), from a flat array of positions
//             and stages prepared once (no snapshot walk per frame, which
//             only favours the draw list).
//
// Each frame is timed to glFinish and averaged over many. Also: the map
// alone, the heat layer, the automatic bubbles, and what Sync costs after 1%
// of the demands changed (spread at random over the table, or the most
// recent 1%) against a full upload. stdout gets one JSON object per point
// count; progress goes to stderr. Not Google Benchmark: one measurement is
// many frames of a scene that takes seconds to build.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" bench_render [--points=10000,100000,1000000]
//                                                          [--png=DIR]
//
// With no DISPLAY it says so and exits 0 (a benchmark, not a test).
//
// [SECTION] Harness
// [SECTION] Scene: the county and N live demands
// [SECTION] Frames
// [SECTION] Sync
// [SECTION] main
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "geo/grid_source.hpp"
#include "geo/load.hpp"
#include "geo/polygon_index.hpp"
#include "ops/catalog.hpp"
#include "ops/live_state.hpp"
#include "viewer/camera.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/headless.hpp"
#include "viewer/layers/demand_points.hpp"
#include "viewer/layers/heat_layer.hpp"
#include "viewer/layers/point_style.hpp"
#include "viewer/map_mesh.hpp"
#include "viewer/map_renderer.hpp"
#include "viewer/map_style.hpp"
#include "viewer/png.hpp"
#include "viewer/resources.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using viewer::Camera;

constexpr int kWidth = 1920, kHeight = 1080, kSamples = 4;

// ---------------------------------------------------------------------------
// [SECTION] Harness

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Median milliseconds of `frames` calls of `frame`, each finished on the
// GPU, after `warmup` untimed ones. The median, because the machine is
// shared: a frame that lost the CPU to another process says nothing.
template <typename Frame>
double TimeFrames(int warmup, int frames, Frame&& frame) {
  for (int i = 0; i < warmup; ++i) frame(i);
  glFinish();
  std::vector<double> ms;
  for (int i = 0; i < frames; ++i) {
    const auto start = Clock::now();
    frame(i);
    glFinish();
    ms.push_back(MsSince(start));
  }
  return Median(std::move(ms));
}

std::vector<size_t> ParseCounts(const std::string& list) {
  std::vector<size_t> out;
  size_t at = 0;
  while (at < list.size()) {
    const size_t comma = std::min(list.find(',', at), list.size());
    out.push_back(std::stoul(list.substr(at, comma - at)));
    at = comma + 1;
  }
  return out;
}

double LoadAverage() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

// ---------------------------------------------------------------------------
// [SECTION] Scene: the county and N live demands

// A demand as the draw-list way keeps it: what it needs per frame, flat.
struct FlatPoint {
  geo::Meters xy;
  ops::Stage stage;
  bool overdue;
};

struct Scene {
  std::unique_ptr<ops::LiveState> live;
  std::shared_ptr<const ops::Snapshot> snapshot;
  std::vector<FlatPoint> flat;
  int64_t seq = 0;
};

// N open demands at uniform random points inside the county's grids, in
// every open stage, one in ten overdue, of every category and source. When
// `clustered`, as a county's demands fall instead: around a few dozen
// compounds (gaussian, 80 m), three of them busy, and a quarter anywhere.
Scene MakeScene(const geo::GridSet& set, const geo::PolygonIndex& index,
                const ops::Catalog& catalog, size_t n, uint32_t seed, bool clustered = false) {
  Scene scene;
  scene.live = std::make_unique<ops::LiveState>(set, catalog);
  const ops::TimeMs now = ops::NowMs();
  scene.live->AdvanceClock(now);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(set.bounds.min_x, set.bounds.max_x);
  std::uniform_real_distribution<double> uy(set.bounds.min_y, set.bounds.max_y);
  std::uniform_int_distribution<int> stage(0, ops::kStageCount - 2);
  std::uniform_int_distribution<size_t> category(0, catalog.categories.size() - 1);
  std::uniform_int_distribution<int> source(0, ops::kSourceCount - 1);
  std::uniform_int_distribution<int> tenth(0, 9);
  scene.flat.reserve(n);
  const geo::FeatureId first_compound = set.LevelBegin(geo::Level::kCompound);
  std::uniform_int_distribution<geo::FeatureId> compound(first_compound,
                                                         set.LevelEnd(geo::Level::kCompound) - 1);
  std::vector<geo::FeatureId> centres(40);
  for (geo::FeatureId& c : centres) c = compound(rng);
  std::normal_distribution<double> around(0, 80);
  std::uniform_int_distribution<int> quarter(0, 3);
  std::uniform_int_distribution<size_t> centre(0, centres.size() - 1);
  for (size_t i = 0; i < n;) {
    geo::Meters p{ux(rng), uy(rng)};
    if (clustered && quarter(rng) != 0) {
      // Busy compounds: the first three centres take half of the clustered.
      const size_t k = quarter(rng) < 2 ? centre(rng) % 3 : centre(rng);
      const geo::Meters c = set.features[centres[k]].label_point;
      p = {c.x + around(rng), c.y + around(rng)};
    }
    const ops::AreaIds areas = index.LocateAll(p);
    if (areas[1] == geo::kNoFeature) continue;  // outside every grid
    ops::Demand d;
    d.id = static_cast<int64_t>(++i);
    d.category = catalog.categories[category(rng)].code;
    d.source = static_cast<ops::Source>(source(rng));
    d.xy = p;
    d.areas = areas;
    d.stage = static_cast<ops::Stage>(stage(rng));
    d.received = now - 6 * ops::kHour;
    d.updated = d.received;
    d.deadline = tenth(rng) == 0 ? now - ops::kHour : now + ops::kDay;
    scene.flat.push_back({p, d.stage, d.deadline < now});
    scene.live->AddDemand(std::move(d));
  }
  scene.snapshot = scene.live->Publish(++scene.seq);
  return scene;
}

// Moves `ids` one step on (received → dispatched → … → verified, and
// verified back to handling, a rework) so they stay open, then publishes.
void Transition(Scene& scene, const std::vector<int64_t>& ids) {
  for (const int64_t id : ids) {
    ops::Demand d = *scene.live->FindDemand(id);
    d.stage = d.stage == ops::Stage::kVerified ? ops::Stage::kHandling
                                                : static_cast<ops::Stage>(static_cast<int>(d.stage) + 1);
    scene.live->ReplaceDemand(std::move(d));
  }
  scene.snapshot = scene.live->Publish(++scene.seq);
}

// ---------------------------------------------------------------------------
// [SECTION] Frames

struct Renderer {
  viewer::MapRenderer map;
  gl::RenderTarget target;
  Camera camera;

  void Begin() const {
    target.Bind();
    glDisable(GL_SCISSOR_TEST);
    const viewer::Rgba bg = viewer::kBackground;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    map.Draw(camera, viewer::MapLayers{}, geo::kNoFeature, geo::kNoFeature, kHeight, 1.0);
  }
};

ImU32 ImColor32(viewer::Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

// The points through ImGui: culled and projected on the CPU, circles
// tessellated into the draw list, uploaded and drawn by the OpenGL3 backend.
void DrawListFrame(const Renderer& r, const std::vector<FlatPoint>& points, double time_s) {
  r.Begin();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const viewer::Viewport& vp = r.camera.viewport();
  const float pulse = viewer::PulseAt(time_s);
  const float outer = viewer::kPointRadiusPx + viewer::kPointOutlinePx;
  const float ring = outer + viewer::kRingGapPx + viewer::kRingGrowPx * pulse + viewer::kRingWidthPx / 2;
  viewer::Rgba ring_color = viewer::kOverdueRing;
  ring_color.a = static_cast<uint8_t>(255 * (1 - 0.6 * pulse));
  const ImU32 outline = ImColor32(viewer::kPointOutline), red = ImColor32(ring_color);
  ImU32 fills[ops::kStageCount - 1];
  for (int s = 0; s < ops::kStageCount - 1; ++s) fills[s] = ImColor32(viewer::kStageColors[s]);
  for (const FlatPoint& p : points) {
    const viewer::ScreenPx s = r.camera.ToScreen(p.xy);
    if (s.x < vp.x - 16 || s.y < vp.y - 16 || s.x > vp.x + vp.width + 16 ||
        s.y > vp.y + vp.height + 16) {
      continue;
    }
    const ImVec2 c(static_cast<float>(s.x), static_cast<float>(s.y));
    if (p.overdue) dl->AddCircle(c, ring, red, 0, viewer::kRingWidthPx);
    dl->AddCircleFilled(c, outer, outline);
    dl->AddCircleFilled(c, viewer::kPointRadiusPx, fills[static_cast<int>(p.stage)]);
  }
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// Our layer; `labels` for the bubbles' counts when aggregated.
void LayerFrame(const Renderer& r, const viewer::DemandPointLayer& layer, double time_s,
                bool labels) {
  r.Begin();
  if (!labels) {
    layer.Draw(r.camera, time_s, kHeight, 1.0, nullptr);
    return;
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  layer.Draw(r.camera, time_s, kHeight, 1.0, ImGui::GetBackgroundDrawList());
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Screenshot(const Renderer& r, const std::string& dir, const std::string& name) {
  if (dir.empty()) return;
  const std::string path = dir + "/" + name + ".png";
  if (auto ok = viewer::WritePng(path, kWidth, kHeight, r.target.ReadRgba()); !ok) {
    fmt::print(stderr, "bench_render: {}\n", ok.error().message);
  } else {
    fmt::print(stderr, "  wrote {}\n", path);
  }
}

// ---------------------------------------------------------------------------
// [SECTION] Sync

// Milliseconds for one Sync of `layer` to the scene's snapshot, uploads
// finished.
double TimeSync(viewer::DemandPointLayer& layer, const Scene& scene, const ops::Catalog& catalog,
                const ops::DemandFilter& filter) {
  glFinish();
  const auto start = Clock::now();
  layer.Sync(*scene.snapshot, catalog, filter);
  glFinish();
  return MsSince(start);
}

// 1% of the ids: at random over the table, or the most recent ones.
std::vector<int64_t> OnePercent(size_t n, bool recent, uint32_t seed) {
  const size_t k = std::max<size_t>(1, n / 100);
  std::vector<int64_t> ids;
  if (recent) {
    for (size_t i = n - k + 1; i <= n; ++i) ids.push_back(static_cast<int64_t>(i));
    return ids;
  }
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> any(1, static_cast<int64_t>(n));
  for (size_t i = 0; i < k; ++i) ids.push_back(any(rng));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] main

int main(int argc, char** argv) {
  std::vector<size_t> counts = {10'000, 100'000, 1'000'000};
  std::string png_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.starts_with("--points=")) {
      counts = ParseCounts(arg.substr(9));
    } else if (arg.starts_with("--png=")) {
      png_dir = arg.substr(6);
    } else {
      fmt::print(stderr, "usage: bench_render [--points=N,N…] [--png=DIR]\n");
      return 2;
    }
  }
  if (const char* d = std::getenv("DISPLAY"); !d || !*d) {
    fmt::print(stderr,
               "bench_render: skipped: no DISPLAY. It draws through OpenGL; run it as "
               "xvfb-run -a -s \"-screen 0 1920x1080x24\" bench_render\n");
    return 0;
  }
  auto window = viewer::Window::Open(64, 64, false, "bench_render");
  if (!window) {
    fmt::print(stderr, "bench_render: {}\n", window.error().message);
    return 1;
  }
  auto set = geo::LoadGridSet(geo::GridSourceFromDirectory(geo::SampleCountyDirectory()));
  auto catalog = ops::LoadCatalog(ops::OpsDataDirectory());
  auto shaders = viewer::FindResourceDir("shaders");
  if (!set || !catalog || !shaders) {
    fmt::print(stderr, "bench_render: {}\n",
               !set ? set.error().message
                    : !catalog ? catalog.error().message : shaders.error().message);
    return 1;
  }
  auto map = viewer::MapRenderer::Create(*shaders);
  auto target = gl::RenderTarget::Create(kWidth, kHeight, kSamples);
  if (!map || !target) {
    fmt::print(stderr, "bench_render: {}\n", !map ? map.error().message : target.error().message);
    return 1;
  }
  const viewer::MapMesh mesh = viewer::BuildMapMesh(*set);
  map->Upload(mesh);
  Renderer r{std::move(*map), std::move(*target), {}};
  r.camera.SetViewport({0, 0, kWidth, kHeight});
  r.camera.Fit(set->bounds);
  const geo::PolygonIndex index = geo::PolygonIndex::Build(*set);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(kWidth, kHeight);
  io.DeltaTime = 1.0f / 60;
  ImGui_ImplOpenGL3_Init("#version 330 core");

  fmt::print(stderr, "bench_render: {} at {}x{}, {}x MSAA, load average {:.2f}\n",
             reinterpret_cast<const char*>(glGetString(GL_RENDERER)), kWidth, kHeight, kSamples,
             LoadAverage());
  const double map_ms = TimeFrames(2, 20, [&](int) { r.Begin(); });

  if (!png_dir.empty()) {
    // What a supervisor sees on an ordinary day: 3 000 open demands.
    Scene scene = MakeScene(*set, index, *catalog, 3000, 5, true);
    auto points = viewer::DemandPointLayer::Create(*shaders);
    auto heat = viewer::HeatLayer::Create(*shaders);
    if (points && heat) {
      points->SetOrigin(mesh.origin);
      points->Sync(*scene.snapshot, *catalog, {});
      LayerFrame(r, *points, 0, false);
      Screenshot(r, png_dir, "county_points");
      points->set_mode(viewer::PointMode::kBubbles);
      LayerFrame(r, *points, 0, true);
      Screenshot(r, png_dir, "county_bubbles");
      heat->SetOrigin(mesh.origin);
      heat->Sync(*scene.snapshot, *catalog, {});
      r.Begin();
      heat->Draw(r.camera, kHeight, 1.0);
      Screenshot(r, png_dir, "county_heat");
      const Camera county = r.camera;
      r.camera.ZoomAbout({kWidth / 2.0, kHeight / 2.0}, 3);
      r.Begin();
      heat->Draw(r.camera, kHeight, 1.0);
      points->set_mode(viewer::PointMode::kAuto);
      points->Draw(r.camera, 0, kHeight, 1.0, nullptr);
      Screenshot(r, png_dir, "zoomed_heat_and_points");
      r.camera = county;
    }
  }

  for (const size_t n : counts) {
    fmt::print(stderr, "bench_render: {} demands …\n", n);
    Scene scene = MakeScene(*set, index, *catalog, n, 42);
    const int frames = n >= 1'000'000 ? 6 : 20;
    const int drawlist_frames = n >= 1'000'000 ? 3 : frames;

    // Fresh layers per count: the first Sync is a full upload.
    auto points_layer = viewer::DemandPointLayer::Create(*shaders);
    auto heat_layer = viewer::HeatLayer::Create(*shaders);
    if (!points_layer || !heat_layer) {
      fmt::print(stderr, "bench_render: {}\n",
                 !points_layer ? points_layer.error().message : heat_layer.error().message);
      return 1;
    }
    viewer::DemandPointLayer& layer = *points_layer;
    layer.SetOrigin(mesh.origin);
    layer.set_mode(viewer::PointMode::kPoints);
    const ops::DemandFilter all;
    const double first_sync_ms = TimeSync(layer, scene, *catalog, all);
    const double gridops_ms =
        TimeFrames(2, frames, [&](int i) { LayerFrame(r, layer, i / 30.0, false); });
    Screenshot(r, png_dir, fmt::format("points_{}", n));
    if (!png_dir.empty()) {
      // The same, zoomed 4× about the middle, as a supervisor drills in.
      const Camera county = r.camera;
      r.camera.ZoomAbout({kWidth / 2.0, kHeight / 2.0}, 4);
      LayerFrame(r, layer, 0, false);
      Screenshot(r, png_dir, fmt::format("points_zoomed_{}", n));
      r.camera = county;
    }
    const double drawlist_ms = TimeFrames(1, drawlist_frames, [&](int i) {
      DrawListFrame(r, scene.flat, i / 30.0);
    });
    Screenshot(r, png_dir, fmt::format("drawlist_{}", n));

    layer.set_mode(viewer::PointMode::kAuto);
    const bool aggregated = layer.Aggregated(r.camera);
    const double auto_ms =
        TimeFrames(2, frames, [&](int i) { LayerFrame(r, layer, i / 30.0, true); });
    Screenshot(r, png_dir, fmt::format("auto_{}", n));

    heat_layer->SetOrigin(mesh.origin);
    heat_layer->Sync(*scene.snapshot, *catalog, all);
    const double heat_ms = TimeFrames(2, frames, [&](int) {
      r.Begin();
      heat_layer->Draw(r.camera, kHeight, 1.0);
    });
    Screenshot(r, png_dir, fmt::format("heat_{}", n));

    // Sync, each the median of kSyncRounds: nothing changed; 1% of the
    // demands moved a stage (ids at random over the table, or the most
    // recent ids); a full rebuild (a filter change that lets the same
    // demands through).
    constexpr int kSyncRounds = 5;
    std::vector<double> unchanged, random, recent, full;
    viewer::UploadStats random_up, recent_up, full_up;
    for (int round = 0; round < kSyncRounds; ++round) {
      unchanged.push_back(TimeSync(layer, scene, *catalog, all));
      Transition(scene, OnePercent(n, false, 7 + round));
      random.push_back(TimeSync(layer, scene, *catalog, all));
      random_up = layer.last_upload();
      Transition(scene, OnePercent(n, true, 0));
      recent.push_back(TimeSync(layer, scene, *catalog, all));
      recent_up = layer.last_upload();
      ops::DemandFilter same;
      same.window = (365 + round) * ops::kDay;
      full.push_back(TimeSync(layer, scene, *catalog, same));
      full_up = layer.last_upload();
      layer.Sync(*scene.snapshot, *catalog, all);
    }
    const double unchanged_ms = Median(unchanged), random_ms = Median(random),
                 recent_ms = Median(recent), full_ms = Median(full);

    fmt::print(
        "{{\"points\": {}, \"gridops_ms\": {:.2f}, \"drawlist_ms\": {:.2f}, \"ratio\": {:.2f}, "
        "\"map_only_ms\": {:.2f}, \"auto_ms\": {:.2f}, \"auto_aggregated\": {}, "
        "\"heat_ms\": {:.2f}, \"sync_first_ms\": {:.2f}, \"sync_unchanged_ms\": {:.3f}, "
        "\"sync_1pct_random_ms\": {:.2f}, \"sync_1pct_random_chunks\": {}, "
        "\"sync_1pct_random_bytes\": {}, \"sync_1pct_recent_ms\": {:.2f}, "
        "\"sync_1pct_recent_chunks\": {}, \"sync_1pct_recent_bytes\": {}, "
        "\"sync_full_ms\": {:.2f}, \"sync_full_bytes\": {}, \"frames\": {}, "
        "\"drawlist_frames\": {}}}\n",
        n, gridops_ms, drawlist_ms, drawlist_ms / gridops_ms, map_ms, auto_ms, aggregated,
        heat_ms, first_sync_ms, unchanged_ms, random_ms, random_up.chunks, random_up.bytes,
        recent_ms, recent_up.chunks, recent_up.bytes, full_ms, full_up.bytes, frames,
        drawlist_frames);
    std::fflush(stdout);
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
  return 0;
}
