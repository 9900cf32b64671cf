#include "viewer/layers/ping_layer.hpp"

#include <cstddef>
#include <optional>
#include <vector>

#include "viewer/layers/point_style.hpp"
#include "viewer/layers/view_uniforms.hpp"

namespace viewer {

namespace {

// A ping as ping.vert reads it (attribute locations 0 … 3).
struct PingInstance {
  float x = 0, y = 0;  // metres relative to the layer origin
  float born = 0;      // seconds since the upload's epoch (≤ 0)
  uint8_t r = 0, g = 0, b = 0;
  uint8_t kind = 0;  // PingKind
};
static_assert(sizeof(PingInstance) == 16, "the attribute layout in Create");

Rgba PingColor(const Ping& p) {
  return p.kind == PingKind::kLeaving ? kClosedColor : StageColor(p.stage);
}

void SetColor(GLint location, Rgba c) {
  glUniform4f(location, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
}

}  // namespace

geo::Result<PingLayer> PingLayer::Create(const std::string& shader_dir) {
  PingLayer layer;
  auto program = gl::LoadProgram(shader_dir, "ping.vert", "ping.frag");
  if (!program) return std::unexpected(program.error());
  layer.program_ = std::move(*program);
  layer.vao_ = gl::MakeVertexArray();
  layer.buffer_ = gl::MakeBuffer();

  glBindVertexArray(layer.vao_.id());
  glBindBuffer(GL_ARRAY_BUFFER, layer.buffer_.id());
  constexpr auto kStride = static_cast<GLsizei>(sizeof(PingInstance));
  auto at = [](size_t offset) { return reinterpret_cast<const void*>(offset); };
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, kStride, at(offsetof(PingInstance, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, kStride, at(offsetof(PingInstance, born)));
  glEnableVertexAttribArray(2);
  glVertexAttribIPointer(2, 1, GL_UNSIGNED_BYTE, kStride, at(offsetof(PingInstance, kind)));
  glEnableVertexAttribArray(3);
  glVertexAttribPointer(3, 3, GL_UNSIGNED_BYTE, GL_TRUE, kStride, at(offsetof(PingInstance, r)));
  for (unsigned i = 0; i < 4; ++i) glVertexAttribDivisor(i, 1);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return layer;
}

// ---------------------------------------------------------------------------
// [SECTION] Sync

void PingLayer::Sync(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
                     const ops::DemandFilter& filter, SnapshotFeed feed, double now_s) {
  // Faded pings leave the model (animating() turns false with the last);
  // the shader already culls them, so they cost no upload.
  model_.Expire(now_s);
  const uint64_t version = model_.version();
  // The matcher is built only if a demand needs matching.
  std::optional<ops::FilterMatcher> matcher;
  const PingModel::Matches matches = [&](const ops::Demand& d) {
    if (!matcher) matcher.emplace(filter, catalog, snapshot.now);
    return (*matcher)(d);
  };
  if (!(filter == filter_)) {
    model_.Refilter(snapshot.demands, matches);
    filter_ = filter;
  }
  model_.Observe(snapshot, feed, matches, now_s);
  if (model_.version() != version) Upload(now_s);
}

void PingLayer::Clear() {
  model_.Clear();
  uploaded_ = 0;
}

void PingLayer::Upload(double now_s) {
  epoch_s_ = now_s;
  std::vector<PingInstance> gpu;
  gpu.reserve(model_.pings().size());
  for (const Ping& p : model_.pings()) {
    const Rgba c = PingColor(p);
    gpu.push_back({static_cast<float>(p.at.x - origin_.x), static_cast<float>(p.at.y - origin_.y),
                   static_cast<float>(p.born_s - epoch_s_), c.r, c.g, c.b,
                   static_cast<uint8_t>(p.kind)});
  }
  glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(gpu.size() * sizeof(PingInstance)),
               gpu.data(), GL_DYNAMIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  uploaded_ = gpu.size();
  ++uploads_;
}

// ---------------------------------------------------------------------------
// [SECTION] Draw

void PingLayer::Draw(const Camera& camera, double now_s, int framebuffer_height,
                     double pixel_scale) const {
  if (model_.empty() || !uploaded_) return;
  const FramebufferRect fb = MapViewportPx(camera, framebuffer_height, pixel_scale);
  glViewport(fb.x, fb.y, fb.width, fb.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(fb.x, fb.y, fb.width, fb.height);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  auto at = [&](const char* name) { return glGetUniformLocation(program_.id(), name); };
  const auto px = static_cast<float>(pixel_scale);
  glUseProgram(program_.id());
  SetViewUniforms(at("u_center"), at("u_scale"), ViewTransformOf(camera, origin_));
  glUniform2f(at("u_viewport_px"), camera.MarkPx(fb.width), camera.MarkPx(fb.height));
  glUniform1f(at("u_now"), static_cast<float>(now_s - epoch_s_));
  // By PingKind: arrival, stage, leaving.
  const float life[] = {static_cast<float>(PingLifetimeS(PingKind::kArrival)),
                        static_cast<float>(PingLifetimeS(PingKind::kStage)),
                        static_cast<float>(PingLifetimeS(PingKind::kLeaving))};
  const float from[] = {kArrivalFromPx * px, kStageFromPx * px, kLeavingFromPx * px};
  const float to[] = {kArrivalToPx * px, kStageToPx * px, kLeavingToPx * px};
  glUniform1fv(at("u_life_s"), 3, life);
  glUniform1fv(at("u_from_px"), 3, from);
  glUniform1fv(at("u_to_px"), 3, to);
  glUniform1f(at("u_stroke_px"), kPingStrokePx * px);
  glUniform1f(at("u_casing_px"), kPingCasingPx * px);
  glUniform1f(at("u_alpha"), kPingAlpha);
  glUniform1f(at("u_wash_alpha"), kPingWashAlpha);
  SetColor(at("u_casing_color"), kPingCasing);
  glBindVertexArray(vao_.id());
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(uploaded_));
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace viewer
