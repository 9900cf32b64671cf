#include "viewer/layers/demand_points.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "viewer/layers/point_style.hpp"
#include "viewer/layers/view_uniforms.hpp"

namespace viewer {

namespace {

// A bubble instance as bubbles.vert reads it.
struct BubbleInstance {
  float x = 0, y = 0;         // metres relative to the layer origin
  float size = 0;             // Bubble::size
  float overdue_share = 0;    // of its demands: the red arc's share of the ring
};

// The bin a drawn demand counts in: its grid, else its community, else a
// 2 km square (a demand outside the county still shows up zoomed out).
int64_t BinKey(const ops::Demand& d) {
  if (d.areas[1] != geo::kNoFeature) return d.areas[1];
  if (d.areas[0] != geo::kNoFeature) return d.areas[0];
  const auto cx = static_cast<int64_t>(std::floor(d.xy.x / 2000)) & 0xFFFFF;
  const auto cy = static_cast<int64_t>(std::floor(d.xy.y / 2000)) & 0xFFFFF;
  return (int64_t{1} << 40) | (cx << 20) | cy;
}

void SetColor(GLint location, Rgba c) {
  glUniform4f(location, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
}

// "87", "4321", "1.2万": counts as a Chinese supervisor reads them.
std::string CountText(uint32_t n) {
  if (n < 10000) return fmt::format("{}", n);
  return fmt::format("{:.1f}万", n / 10000.0);
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Setup

geo::Result<DemandPointLayer> DemandPointLayer::Create(const std::string& shader_dir) {
  DemandPointLayer layer;
  auto points = gl::LoadProgram(shader_dir, "points.vert", "points.frag");
  if (!points) return std::unexpected(points.error());
  auto bubbles = gl::LoadProgram(shader_dir, "bubbles.vert", "points.frag");
  if (!bubbles) return std::unexpected(bubbles.error());
  layer.point_program_ = std::move(*points);
  layer.bubble_program_ = std::move(*bubbles);
  layer.point_vao_ = gl::MakeVertexArray();
  layer.bubble_vao_ = gl::MakeVertexArray();
  layer.bubble_buffer_ = gl::MakeBuffer();
  layer.instances_ = DemandInstances::Create();

  glBindVertexArray(layer.bubble_vao_.id());
  glBindBuffer(GL_ARRAY_BUFFER, layer.bubble_buffer_.id());
  constexpr auto kStride = static_cast<GLsizei>(sizeof(BubbleInstance));
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, kStride,
                        reinterpret_cast<const void*>(offsetof(BubbleInstance, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, kStride,
                        reinterpret_cast<const void*>(offsetof(BubbleInstance, size)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, kStride,
                        reinterpret_cast<const void*>(offsetof(BubbleInstance, overdue_share)));
  for (unsigned i = 0; i < 3; ++i) glVertexAttribDivisor(i, 1);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return layer;
}

// ---------------------------------------------------------------------------
// [SECTION] Sync: instances, bins, overdue

void DemandPointLayer::Sync(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
                            const ops::DemandFilter& filter) {
  now_s_ = ShaderSeconds(snapshot.now);
  instances_.Sync(snapshot, catalog, filter,
                  [this](size_t slot, const PointInstance& before, const PointInstance& after,
                         const ops::Demand* demand) {
                    OnSlotChanged(slot, before, after, demand);
                  });
  AdvanceOverdue();
  if (bins_changed_) RebuildBubbles();
}

void DemandPointLayer::OnSlotChanged(size_t slot, const PointInstance& before,
                                     const PointInstance& after, const ops::Demand* demand) {
  if (slot >= slot_bin_.size()) {
    const size_t n = std::max(slot + 1, slot_bin_.size() * 2);
    slot_bin_.resize(n, kNoBin);
    slot_overdue_.resize(n, 0);
  }
  bins_changed_ = true;
  if (before.drawn()) {
    SetOverdue(slot, false);
    Bin& bin = bins_[slot_bin_[slot]];
    --bin.count;
    bin.sum_x -= before.x;
    bin.sum_y -= before.y;
    if (!bin.count) bin.sum_x = bin.sum_y = 0;  // no rounding left behind
    slot_bin_[slot] = kNoBin;
  }
  if (!after.drawn()) return;
  const auto [it, added] =
      bin_of_key_.try_emplace(BinKey(*demand), static_cast<uint32_t>(bins_.size()));
  if (added) bins_.emplace_back();
  Bin& bin = bins_[it->second];
  ++bin.count;
  bin.sum_x += after.x;
  bin.sum_y += after.y;
  slot_bin_[slot] = it->second;
  if (after.deadline_s < now_s_) {
    SetOverdue(slot, true);
  } else {
    deadlines_.emplace(after.deadline_s, slot);
  }
}

void DemandPointLayer::SetOverdue(size_t slot, bool overdue) {
  if (static_cast<bool>(slot_overdue_[slot]) == overdue) return;
  slot_overdue_[slot] = overdue;
  Bin& bin = bins_[slot_bin_[slot]];
  if (overdue) {
    ++bin.overdue;
    ++overdue_;
  } else {
    --bin.overdue;
    --overdue_;
  }
  bins_changed_ = true;
}

// Counts the drawn demands whose deadline the clock has passed since the
// last sync (the shader shows them overdue by itself; this keeps the bubbles'
// counts and animating() in step).
void DemandPointLayer::AdvanceOverdue() {
  const std::vector<PointInstance>& slots = instances_.instances();
  while (!deadlines_.empty() && deadlines_.top().first < now_s_) {
    const auto [deadline, slot] = deadlines_.top();
    deadlines_.pop();
    // Stale when the slot changed since it was queued.
    if (slot >= slots.size() || !slots[slot].drawn() || slots[slot].deadline_s != deadline) {
      continue;
    }
    SetOverdue(slot, true);
  }
  // Entries of slots that changed before their deadline pile up; start
  // afresh when they outnumber the live ones.
  if (deadlines_.size() > 2 * instances_.drawn() + 4096) {
    decltype(deadlines_) fresh;
    for (size_t s = 0; s < slots.size(); ++s) {
      if (slots[s].drawn() && !slot_overdue_[s]) fresh.emplace(slots[s].deadline_s, s);
    }
    deadlines_ = std::move(fresh);
  }
}

void DemandPointLayer::RebuildBubbles() {
  bins_changed_ = false;
  bubbles_.clear();
  uint32_t largest = 0;
  for (const Bin& b : bins_) largest = std::max(largest, b.count);
  const geo::Meters origin = instances_.origin();
  for (const Bin& b : bins_) {
    if (!b.count) continue;
    Bubble bubble;
    bubble.at = {origin.x + b.sum_x / b.count, origin.y + b.sum_y / b.count};
    bubble.count = b.count;
    bubble.overdue = b.overdue;
    bubble.size = static_cast<float>(std::sqrt(static_cast<double>(b.count) / largest));
    bubbles_.push_back(bubble);
  }
  // Largest first, so small bubbles stay visible on top of big neighbours.
  std::sort(bubbles_.begin(), bubbles_.end(),
            [](const Bubble& a, const Bubble& b) { return a.count > b.count; });

  // Nearest neighbours by brute force: one bubble per grid, a few hundred.
  std::vector<double> nearest;
  for (const Bubble& a : bubbles_) {
    double best = INFINITY;
    for (const Bubble& b : bubbles_) {
      if (&a != &b) best = std::min(best, std::hypot(a.at.x - b.at.x, a.at.y - b.at.y));
    }
    nearest.push_back(best);
  }
  bubble_spacing_m_ = INFINITY;
  if (!nearest.empty()) {
    std::nth_element(nearest.begin(), nearest.begin() + nearest.size() / 2, nearest.end());
    bubble_spacing_m_ = nearest[nearest.size() / 2];
  }

  std::vector<BubbleInstance> gpu;
  for (const Bubble& b : bubbles_) {
    gpu.push_back({static_cast<float>(b.at.x - origin.x), static_cast<float>(b.at.y - origin.y),
                   b.size, static_cast<float>(b.overdue) / static_cast<float>(b.count)});
  }
  glBindBuffer(GL_ARRAY_BUFFER, bubble_buffer_.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(gpu.size() * sizeof(BubbleInstance)),
               gpu.data(), GL_DYNAMIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

// ---------------------------------------------------------------------------
// [SECTION] Draw

bool DemandPointLayer::Aggregated(const Camera& camera) const {
  if (mode_ != PointMode::kAuto) return mode_ == PointMode::kBubbles;
  const Viewport& vp = camera.viewport();
  double visible = 0;
  for (const Bubble& b : bubbles_) {
    const ScreenPx p = camera.ToScreen(b.at);
    if (p.x >= vp.x && p.y >= vp.y && p.x < vp.x + vp.width && p.y < vp.y + vp.height) {
      visible += b.count;
    }
  }
  return visible > 0 && std::sqrt(vp.width * vp.height / visible) < kAggregateBelowSpacingPx;
}

namespace {

// The smallest and largest bubble radius for a camera, window pixels.
std::pair<float, float> BubbleRadiusRange(double spacing_m, const Camera& camera) {
  const double fit = 0.5 * spacing_m / camera.meters_per_pixel();
  const auto largest = static_cast<float>(
      std::clamp(fit, static_cast<double>(kBubbleMinRadiusPx), static_cast<double>(kBubbleMaxRadiusPx)));
  return {std::min(kBubbleMinRadiusPx, largest), largest};
}

}  // namespace

float DemandPointLayer::BubbleRadiusPx(const Bubble& bubble, const Camera& camera) const {
  const auto [smallest, largest] = BubbleRadiusRange(bubble_spacing_m_, camera);
  return smallest + (largest - smallest) * bubble.size;
}

void DemandPointLayer::Draw(const Camera& camera, double time_s, int framebuffer_height,
                            double pixel_scale, ImDrawList* labels) const {
  if (!drawn()) return;
  const FramebufferRect fb = MapViewportPx(camera, framebuffer_height, pixel_scale);
  glViewport(fb.x, fb.y, fb.width, fb.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(fb.x, fb.y, fb.width, fb.height);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  const bool aggregated = Aggregated(camera);
  const gl::Program& program = aggregated ? bubble_program_ : point_program_;
  auto at = [&](const char* name) { return glGetUniformLocation(program.id(), name); };
  const auto px = static_cast<float>(pixel_scale);
  const float ring_extent = (kRingGapPx + kRingGrowPx + kRingWidthPx + 1.0f) * px;
  glUseProgram(program.id());
  SetViewUniforms(at("u_center"), at("u_scale"), ViewTransformOf(camera, instances_.origin()));
  glUniform2f(at("u_viewport_px"), camera.MarkPx(fb.width), camera.MarkPx(fb.height));
  glUniform1f(at("u_outline_px"), kPointOutlinePx * px);
  glUniform1f(at("u_ring_extent_px"), ring_extent);
  glUniform1f(at("u_ring_gap_px"), kRingGapPx * px);
  glUniform1f(at("u_ring_width_px"), kRingWidthPx * px);
  glUniform1f(at("u_ring_grow_px"), kRingGrowPx * px);
  glUniform1f(at("u_pulse"), PulseAt(time_s));
  SetColor(at("u_outline_color"), kPointOutline);
  SetColor(at("u_ring_color"), kOverdueRing);

  if (aggregated) {
    const auto [smallest, largest] = BubbleRadiusRange(bubble_spacing_m_, camera);
    glUniform1f(at("u_min_radius_px"), smallest * px);
    glUniform1f(at("u_max_radius_px"), largest * px);
    SetColor(at("u_fill"), kBubbleFill);
    glBindVertexArray(bubble_vao_.id());
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(bubbles_.size()));
  } else {
    float colors[4 * kStageColors.size()];
    for (size_t i = 0; i < kStageColors.size(); ++i) {
      const Rgba c = kStageColors[i];
      colors[4 * i + 0] = c.r / 255.0f;
      colors[4 * i + 1] = c.g / 255.0f;
      colors[4 * i + 2] = c.b / 255.0f;
      colors[4 * i + 3] = c.a / 255.0f;
    }
    glUniform4fv(at("u_stage_colors"), static_cast<GLsizei>(kStageColors.size()), colors);
    glUniform1f(at("u_radius_px"), kPointRadiusPx * px);
    glUniform1i(at("u_now"), now_s_);
    glBindVertexArray(point_vao_.id());
    // Instanced attributes start at instance 0 of each draw (GL 3.3 has no
    // base instance), so each run points them at its first slot.
    for (const SlotRun& run : instances_.runs()) {
      instances_.BindAttributes(run.first, 1);
      glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(run.count));
    }
  }
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);

  if (!aggregated || !labels) return;
  const Viewport& vp = camera.viewport();
  const ImU32 text = IM_COL32(kBubbleText.r, kBubbleText.g, kBubbleText.b, kBubbleText.a);
  for (const Bubble& b : bubbles_) {
    const ScreenPx p = camera.ToScreen(b.at);
    const double r = BubbleRadiusPx(b, camera);
    if (p.x < vp.x - r || p.y < vp.y - r || p.x > vp.x + vp.width + r ||
        p.y > vp.y + vp.height + r) {
      continue;
    }
    const std::string count = CountText(b.count);
    const ImVec2 size = ImGui::CalcTextSize(count.c_str());
    labels->AddText(ImVec2(static_cast<float>(p.x) - size.x / 2, static_cast<float>(p.y) - size.y / 2),
                    text, count.c_str());
  }
}

}  // namespace viewer
