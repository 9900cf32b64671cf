// The map camera: which display-CRS metres appear where on screen. Pure
// arithmetic, no GL, so it is tested without a window.
#pragma once

#include "geo/geometry.hpp"

namespace viewer {

// Screen pixels, origin top-left, y down (as GLFW and ImGui report them).
struct ScreenPx {
  double x = 0;
  double y = 0;
};

// The map's rectangle on screen, in pixels.
struct Viewport {
  double x = 0, y = 0, width = 1, height = 1;
};

// Where the camera looks: what Fit, Pan and ZoomAbout change.
struct CameraView {
  geo::Meters center;
  double meters_per_pixel = 1;
};

// The view a fraction `t` (0 … 1) of the way from `a` to `b`: the scale
// moves evenly in its logarithm (each step zooms by the same factor, as the
// eye expects), the centre in step with it.
CameraView Between(const CameraView& a, const CameraView& b, double t);
// A smooth start and stop: 3t² − 2t³ for t in [0, 1].
double EaseInOut(double t);

class Camera {
 public:
  void SetViewport(const Viewport& v) { viewport_ = v; }
  const Viewport& viewport() const { return viewport_; }
  // How large the map's marks are drawn (line widths, glyphs, points, rings,
  // stripes), in window pixels per design pixel: 1 at the desk; on a wall
  // its type scale, so a 4K wall shows them as large as a 1080p one does.
  void SetMarkScale(double s) { mark_scale_ = s > 0 ? s : 1; }
  double mark_scale() const { return mark_scale_; }
  // The viewport's size in design pixels, for shaders that place marks in
  // pixels (u_viewport_px): `pixels` (the viewport's, or the framebuffer's
  // map rectangle) divided by the mark scale.
  float MarkPx(double pixels) const { return static_cast<float>(pixels / mark_scale_); }
  geo::Meters center() const { return center_; }
  double meters_per_pixel() const { return meters_per_pixel_; }
  CameraView view() const { return {center_, meters_per_pixel_}; }
  void SetView(const CameraView& v) {
    center_ = v.center;
    meters_per_pixel_ = v.meters_per_pixel;
  }

  geo::Meters ToMeters(ScreenPx p) const;
  ScreenPx ToScreen(geo::Meters m) const;

  // Shows all of `b` centred in the viewport with `margin_px` to spare on
  // every side.
  void Fit(const geo::Bounds& b, double margin_px = 24);
  // The same within `part` of the viewport (screen pixels), e.g. the map
  // left of a panel that covers its right side.
  void FitIn(const geo::Bounds& b, const Viewport& part, double margin_px = 24);
  // Whether all of `b` is on screen within `part`.
  bool Shows(const geo::Bounds& b, const Viewport& part) const;
  // Zooms by `factor` (>1 in) keeping the point under `anchor` fixed, within
  // street level (0.05 m/px) and the whole province (2 km/px).
  void ZoomAbout(ScreenPx anchor, double factor);
  // Moves the map with the cursor by a drag of (dx, dy) pixels.
  void Pan(double dx_px, double dy_px);

 private:
  Viewport viewport_;
  geo::Meters center_;
  double meters_per_pixel_ = 1;
  double mark_scale_ = 1;
};

}  // namespace viewer
