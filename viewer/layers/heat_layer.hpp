// Demand density (heat) over the map. Each drawn demand adds a gaussian of
// kHeatSigmaM metres (point_style.hpp; kept between kHeatSigmaMinPx and
// kHeatSigmaMaxPx window pixels, so it is a smooth field zoomed out and a
// local glow zoomed in) into an offscreen float target at a quarter of the
// map's resolution, with additive blending; a colour ramp pass then lays the
// field over the map with alpha, cold areas transparent.
//
// The gaussian is applied as a separable blur of one-texel splats (the same
// sum of gaussians, as convolution is linear): 2·(2·3σ + 1) taps per texel
// instead of (2·3σ)² texels per demand, so a million demands cost little
// more than ten thousand. The ramp is computed at the target's quarter
// resolution too and magnified over the map: the field is smooth.
//
// Density reads relative to the average over the area the drawn demands
// occupy (the 500 m squares holding at least one): an even spread is a dim
// purple, and the ramp tops out at kHeatHotRatio times the average.
//
// [SECTION] HeatLayer
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "ops/demand_filter.hpp"
#include "ops/live_state.hpp"
#include "viewer/camera.hpp"
#include "viewer/gl/objects.hpp"
#include "viewer/layers/demand_instances.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] HeatLayer

class HeatLayer {
 public:
  // Compiles heat_splat.vert/.frag, heat_quad.vert, heat_blur.frag,
  // heat_color.frag and heat_show.frag (errors name the file) and checks that
  // the driver can render into a 32-bit float target.
  static geo::Result<HeatLayer> Create(const std::string& shader_dir);

  // As DemandPointLayer::SetOrigin and ::Sync: only changed chunks upload.
  void SetOrigin(geo::Meters origin) { instances_.SetOrigin(origin); }
  void Sync(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
            const ops::DemandFilter& filter);

  // Draws the heat into the bound framebuffer, `framebuffer_height` pixels
  // high, over the camera's viewport (window pixels, top-left origin,
  // `pixel_scale` framebuffer pixels each). Uses its own offscreen target in
  // between and binds the caller's framebuffer again before the last pass.
  void Draw(const Camera& camera, int framebuffer_height, double pixel_scale);

  // The kernel's standard deviation on screen for this camera, window pixels.
  static double SigmaPx(const Camera& camera);
  size_t drawn() const { return instances_.drawn(); }
  // The area the drawn demands occupy, m² (see above).
  double occupied_m2() const;
  const UploadStats& last_upload() const { return instances_.last_upload(); }

 private:
  void EnsureTargets(int width, int height);

  gl::Program splat_program_, blur_program_, color_program_, show_program_;
  gl::VertexArray splat_vao_, quad_vao_;
  // density_: the splats; blurred_: blurred along x (both R32F); colored_:
  // blurred along y and through the ramp, premultiplied RGBA8.
  gl::Texture density_, blurred_, colored_;
  gl::Framebuffer density_fbo_, blurred_fbo_, colored_fbo_;
  int target_width_ = 0, target_height_ = 0;
  DemandInstances instances_;
  // Drawn demands per 500 m square (relative to the instances' origin).
  std::unordered_map<int64_t, uint32_t> cell_counts_;
};

}  // namespace viewer
