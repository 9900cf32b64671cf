#include "viewer/camera.hpp"

#include <algorithm>
#include <cmath>

namespace viewer {

namespace {
constexpr double kMinMetersPerPixel = 0.05;
constexpr double kMaxMetersPerPixel = 2000;
}  // namespace

geo::Meters Camera::ToMeters(ScreenPx p) const {
  const double cx = viewport_.x + viewport_.width / 2, cy = viewport_.y + viewport_.height / 2;
  return {center_.x + (p.x - cx) * meters_per_pixel_, center_.y - (p.y - cy) * meters_per_pixel_};
}

ScreenPx Camera::ToScreen(geo::Meters m) const {
  const double cx = viewport_.x + viewport_.width / 2, cy = viewport_.y + viewport_.height / 2;
  return {cx + (m.x - center_.x) / meters_per_pixel_, cy - (m.y - center_.y) / meters_per_pixel_};
}

void Camera::Fit(const geo::Bounds& b, double margin_px) {
  if (b.Empty()) return;
  center_ = b.Center();
  const double w = std::max(viewport_.width - 2 * margin_px, 1.0);
  const double h = std::max(viewport_.height - 2 * margin_px, 1.0);
  meters_per_pixel_ =
      std::clamp(std::max(b.Width() / w, b.Height() / h), kMinMetersPerPixel, kMaxMetersPerPixel);
}

void Camera::FitIn(const geo::Bounds& b, const Viewport& part, double margin_px) {
  if (b.Empty()) return;
  const double w = std::max(part.width - 2 * margin_px, 1.0);
  const double h = std::max(part.height - 2 * margin_px, 1.0);
  meters_per_pixel_ =
      std::clamp(std::max(b.Width() / w, b.Height() / h), kMinMetersPerPixel, kMaxMetersPerPixel);
  // The bounds' centre goes to the part's centre, not the viewport's.
  const double dx = (part.x + part.width / 2) - (viewport_.x + viewport_.width / 2);
  const double dy = (part.y + part.height / 2) - (viewport_.y + viewport_.height / 2);
  center_ = {b.Center().x - dx * meters_per_pixel_, b.Center().y + dy * meters_per_pixel_};
}

bool Camera::Shows(const geo::Bounds& b, const Viewport& part) const {
  const ScreenPx lo = ToScreen({b.min_x, b.min_y}), hi = ToScreen({b.max_x, b.max_y});
  return lo.x >= part.x && hi.x <= part.x + part.width && hi.y >= part.y &&
         lo.y <= part.y + part.height;
}

void Camera::ZoomAbout(ScreenPx anchor, double factor) {
  const geo::Meters before = ToMeters(anchor);
  meters_per_pixel_ =
      std::clamp(meters_per_pixel_ / factor, kMinMetersPerPixel, kMaxMetersPerPixel);
  const geo::Meters after = ToMeters(anchor);
  center_.x += before.x - after.x;
  center_.y += before.y - after.y;
}

void Camera::Pan(double dx_px, double dy_px) {
  center_.x -= dx_px * meters_per_pixel_;
  center_.y += dy_px * meters_per_pixel_;
}

CameraView Between(const CameraView& a, const CameraView& b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  if (t >= 1) return b;  // exactly where it was going
  // The centre follows the zoom's progress, so a zoom in towards a point
  // does not drift past it and back.
  const double la = std::log(a.meters_per_pixel), lb = std::log(b.meters_per_pixel);
  const double scale = std::exp(la + (lb - la) * t);
  const double d = b.meters_per_pixel - a.meters_per_pixel;
  const double s = std::abs(d) > 1e-12 ? (scale - a.meters_per_pixel) / d : t;
  return {{a.center.x + (b.center.x - a.center.x) * s, a.center.y + (b.center.y - a.center.y) * s},
          scale};
}

double EaseInOut(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

}  // namespace viewer
