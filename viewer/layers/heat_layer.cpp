#include "viewer/layers/heat_layer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

#include "viewer/layers/point_style.hpp"
#include "viewer/layers/view_uniforms.hpp"

namespace viewer {

namespace {

// The density target is this many framebuffer pixels per texel each way:
// the field is smooth (σ ≥ 8 px), so a quarter resolution loses nothing a
// person sees and costs a sixteenth.
constexpr int kDownsample = 4;
// The most taps on either side of the blur (heat_blur.frag's u_weights):
// 3σ at the widest kernel on a 2× HiDPI screen is 60.
constexpr int kMaxReach = 63;
// The squares whose count of holders is the occupied area, metres.
constexpr double kCellM = 500;
// Below this area (m²) the drawn demands count as spread over it anyway, so
// a handful of demands on one spot do not read as the average.
constexpr double kMinExtentM2 = 1e6;

int64_t CellOf(const PointInstance& p) {
  const auto cx = static_cast<int64_t>(std::floor(p.x / kCellM));
  const auto cy = static_cast<int64_t>(std::floor(p.y / kCellM));
  return (cx << 32) ^ (cy & 0xFFFFFFFF);
}

// gl/objects.hpp makes buffers and vertex arrays; these two owners are made
// here the same way.
gl::Texture MakeTexture() {
  GLuint id = 0;
  glGenTextures(1, &id);
  return gl::Texture(id);
}

gl::Framebuffer MakeFramebuffer() {
  GLuint id = 0;
  glGenFramebuffers(1, &id);
  return gl::Framebuffer(id);
}

// Allocates `texture` as a width × height image (R32F, or RGBA8 when
// `color`) attached to `fbo`; returns the framebuffer's status.
GLenum MakeTarget(const gl::Texture& texture, const gl::Framebuffer& fbo, int width, int height,
                  bool color = false) {
  glBindTexture(GL_TEXTURE_2D, texture.id());
  if (color) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  } else {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, width, height, 0, GL_RED, GL_FLOAT, nullptr);
  }
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture.id(), 0);
  return glCheckFramebufferStatus(GL_FRAMEBUFFER);
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Setup

geo::Result<HeatLayer> HeatLayer::Create(const std::string& shader_dir) {
  HeatLayer layer;
  auto splat = gl::LoadProgram(shader_dir, "heat_splat.vert", "heat_splat.frag");
  if (!splat) return std::unexpected(splat.error());
  auto blur = gl::LoadProgram(shader_dir, "heat_quad.vert", "heat_blur.frag");
  if (!blur) return std::unexpected(blur.error());
  auto color = gl::LoadProgram(shader_dir, "heat_quad.vert", "heat_color.frag");
  if (!color) return std::unexpected(color.error());
  auto show = gl::LoadProgram(shader_dir, "heat_quad.vert", "heat_show.frag");
  if (!show) return std::unexpected(show.error());
  layer.splat_program_ = std::move(*splat);
  layer.blur_program_ = std::move(*blur);
  layer.color_program_ = std::move(*color);
  layer.show_program_ = std::move(*show);
  layer.splat_vao_ = gl::MakeVertexArray();
  layer.quad_vao_ = gl::MakeVertexArray();
  layer.density_ = MakeTexture();
  layer.blurred_ = MakeTexture();
  layer.colored_ = MakeTexture();
  layer.density_fbo_ = MakeFramebuffer();
  layer.blurred_fbo_ = MakeFramebuffer();
  layer.colored_fbo_ = MakeFramebuffer();
  layer.instances_ = DemandInstances::Create();

  GLint previous = 0;  // the caller's framebuffer, borrowed
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
  const GLenum status = MakeTarget(layer.density_, layer.density_fbo_, 1, 1);
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    return geo::Fail(geo::ErrorCode::kUnsupported,
                     fmt::format("the GL driver cannot render into a 32-bit float texture "
                                 "(status 0x{:x}), which the heat layer needs",
                                 status));
  }
  layer.target_width_ = layer.target_height_ = 1;
  return layer;
}

void HeatLayer::EnsureTargets(int width, int height) {
  if (width == target_width_ && height == target_height_) return;
  MakeTarget(density_, density_fbo_, width, height);
  MakeTarget(blurred_, blurred_fbo_, width, height);
  MakeTarget(colored_, colored_fbo_, width, height, true);
  target_width_ = width;
  target_height_ = height;
}

void HeatLayer::Sync(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
                     const ops::DemandFilter& filter) {
  instances_.Sync(snapshot, catalog, filter,
                  [this](size_t, const PointInstance& before, const PointInstance& after,
                         const ops::Demand*) {
                    if (before.drawn()) {
                      auto it = cell_counts_.find(CellOf(before));
                      assert(it != cell_counts_.end() && "a drawn slot was counted when it came");
                      if (--it->second == 0) cell_counts_.erase(it);
                    }
                    if (after.drawn()) ++cell_counts_[CellOf(after)];
                  });
}

double HeatLayer::occupied_m2() const {
  return static_cast<double>(cell_counts_.size()) * kCellM * kCellM;
}

double HeatLayer::SigmaPx(const Camera& camera) {
  return std::clamp(kHeatSigmaM / camera.meters_per_pixel(), kHeatSigmaMinPx, kHeatSigmaMaxPx);
}

// ---------------------------------------------------------------------------
// [SECTION] Draw

void HeatLayer::Draw(const Camera& camera, int framebuffer_height, double pixel_scale) {
  if (!drawn()) return;
  GLint previous = 0;  // the caller's framebuffer, borrowed
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
  GLfloat clear_color[4] = {};  // the caller's, put back after
  glGetFloatv(GL_COLOR_CLEAR_VALUE, clear_color);
  const FramebufferRect fb = MapViewportPx(camera, framebuffer_height, pixel_scale);
  // The target covers the viewport plus a margin of the widest kernel on
  // every side, so demands just off screen still warm its edge.
  const double inner_w = static_cast<double>(fb.width) / kDownsample;
  const double inner_h = static_cast<double>(fb.height) / kDownsample;
  const int margin = static_cast<int>(std::ceil(3 * kHeatSigmaMaxPx * pixel_scale / kDownsample)) + 1;
  const int width = static_cast<int>(std::ceil(inner_w)) + 2 * margin;
  const int height = static_cast<int>(std::ceil(inner_h)) + 2 * margin;
  EnsureTargets(width, height);
  const auto uv_scale_x = static_cast<float>(inner_w / width);
  const auto uv_scale_y = static_cast<float>(inner_h / height);

  const double sigma_px = SigmaPx(camera);
  const auto sigma_texels = static_cast<float>(sigma_px * pixel_scale / kDownsample);
  // The blurred value of an even spread of the drawn demands over the area
  // they occupy: Σ gaussian = demands per m² × 2πσ² (σ in metres).
  const double sigma_m = sigma_px * camera.meters_per_pixel();
  const double extent_m2 = std::max(occupied_m2(), kMinExtentM2);
  const auto mean = static_cast<float>(static_cast<double>(drawn()) * 2 * std::numbers::pi *
                                       sigma_m * sigma_m / extent_m2);
  auto at = [](const gl::Program& p, const char* name) {
    return glGetUniformLocation(p.id(), name);
  };

  // 1. One-texel splats, summed.
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glBindFramebuffer(GL_FRAMEBUFFER, density_fbo_.id());
  glViewport(0, 0, width, height);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  glClearColor(clear_color[0], clear_color[1], clear_color[2], clear_color[3]);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFunc(GL_ONE, GL_ONE);
  glUseProgram(splat_program_.id());
  ViewTransform view = ViewTransformOf(camera, instances_.origin());
  view.scale_x *= uv_scale_x;
  view.scale_y *= uv_scale_y;
  SetViewUniforms(at(splat_program_, "u_center"), at(splat_program_, "u_scale"), view);
  glBindVertexArray(splat_vao_.id());
  instances_.BindAttributes(0, 0);
  for (const SlotRun& run : instances_.runs()) {
    glDrawArrays(GL_POINTS, static_cast<GLint>(run.first), static_cast<GLsizei>(run.count));
  }

  // The gaussian's weights, exp(-i²/2σ²) for i = 0 … reach.
  const int reach = std::min(static_cast<int>(std::ceil(3 * sigma_texels)), kMaxReach);
  float weights[kMaxReach + 1] = {};
  for (int i = 0; i <= reach; ++i) {
    weights[i] = std::exp(-0.5f * static_cast<float>(i * i) / (sigma_texels * sigma_texels));
  }
  auto blur_uniforms = [&](const gl::Program& p, int dx, int dy) {
    glUniform1i(at(p, "u_field"), 0);
    glUniform2i(at(p, "u_direction"), dx, dy);
    glUniform1i(at(p, "u_reach"), reach);
    glUniform1fv(at(p, "u_weights"), reach + 1, weights);
  };

  // 2. Blurred along x, texel for texel.
  glDisable(GL_BLEND);
  glBindFramebuffer(GL_FRAMEBUFFER, blurred_fbo_.id());
  glUseProgram(blur_program_.id());
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, density_.id());
  blur_uniforms(blur_program_, 1, 0);
  glBindVertexArray(quad_vao_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);

  // 3. Blurred along y and through the ramp, still at the target's size.
  glBindFramebuffer(GL_FRAMEBUFFER, colored_fbo_.id());
  glUseProgram(color_program_.id());
  glBindTexture(GL_TEXTURE_2D, blurred_.id());
  blur_uniforms(color_program_, 0, 1);
  glUniform1f(at(color_program_, "u_mean"), mean);
  glUniform1f(at(color_program_, "u_hot"), static_cast<float>(kHeatHotRatio));
  float ramp[4 * kHeatRamp.size()];
  for (size_t i = 0; i < kHeatRamp.size(); ++i) {
    ramp[4 * i + 0] = kHeatRamp[i].r / 255.0f;
    ramp[4 * i + 1] = kHeatRamp[i].g / 255.0f;
    ramp[4 * i + 2] = kHeatRamp[i].b / 255.0f;
    ramp[4 * i + 3] = kHeatRamp[i].a / 255.0f;
  }
  glUniform4fv(at(color_program_, "u_ramp"), static_cast<GLsizei>(kHeatRamp.size()), ramp);
  glDrawArrays(GL_TRIANGLES, 0, 3);

  // 4. Magnified over the map's viewport (premultiplied alpha).
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
  glViewport(fb.x, fb.y, fb.width, fb.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(fb.x, fb.y, fb.width, fb.height);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(show_program_.id());
  glBindTexture(GL_TEXTURE_2D, colored_.id());
  glUniform1i(at(show_program_, "u_image"), 0);
  glUniform2f(at(show_program_, "u_uv_offset"), 0.5f - 0.5f * uv_scale_x, 0.5f - 0.5f * uv_scale_y);
  glUniform2f(at(show_program_, "u_uv_scale"), uv_scale_x, uv_scale_y);
  glDrawArrays(GL_TRIANGLES, 0, 3);

  glBindTexture(GL_TEXTURE_2D, 0);
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace viewer
