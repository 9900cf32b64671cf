// What every map layer tells its shaders about the camera, computed the way
// MapRenderer::Draw does, so layers line up with the map to the pixel.
#pragma once

#include <cmath>

#include "geo/geometry.hpp"
#include "viewer/camera.hpp"
#include "viewer/gl/gl.hpp"

namespace viewer {

// The camera's viewport in framebuffer pixels, GL's bottom-left origin.
struct FramebufferRect {
  GLint x = 0, y = 0;
  GLsizei width = 0, height = 0;
};

inline FramebufferRect MapViewportPx(const Camera& camera, int framebuffer_height,
                                     double pixel_scale) {
  const Viewport& vp = camera.viewport();
  FramebufferRect r;
  r.x = static_cast<GLint>(std::lround(vp.x * pixel_scale));
  r.width = static_cast<GLsizei>(std::lround(vp.width * pixel_scale));
  r.height = static_cast<GLsizei>(std::lround(vp.height * pixel_scale));
  r.y = static_cast<GLint>(framebuffer_height - std::lround(vp.y * pixel_scale) - r.height);
  return r;
}

// u_center (metres relative to `origin`) and u_scale (clip units per metre),
// as fill.vert reads them.
struct ViewTransform {
  float center_x = 0, center_y = 0;
  float scale_x = 0, scale_y = 0;
};

inline ViewTransform ViewTransformOf(const Camera& camera, geo::Meters origin) {
  const Viewport& vp = camera.viewport();
  ViewTransform t;
  t.center_x = static_cast<float>(camera.center().x - origin.x);
  t.center_y = static_cast<float>(camera.center().y - origin.y);
  t.scale_x = static_cast<float>(2.0 / (vp.width * camera.meters_per_pixel()));
  t.scale_y = static_cast<float>(2.0 / (vp.height * camera.meters_per_pixel()));
  return t;
}

// Sets u_center and u_scale of the program in use.
inline void SetViewUniforms(GLint center_location, GLint scale_location, const ViewTransform& t) {
  glUniform2f(center_location, t.center_x, t.center_y);
  glUniform2f(scale_location, t.scale_x, t.scale_y);
}

}  // namespace viewer
