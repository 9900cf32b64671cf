#include "viewer/camera.hpp"

#include <gtest/gtest.h>

namespace viewer {
namespace {

Camera MakeCamera() {
  Camera c;
  c.SetViewport({300, 0, 1000, 800});
  geo::Bounds b;
  b.Extend(geo::Meters{500000, 4300000});
  b.Extend(geo::Meters{504000, 4306000});
  c.Fit(b, 0);
  return c;
}

TEST(Camera, FitShowsTheWholeBoundsCentred) {
  const Camera c = MakeCamera();
  // 6 km tall into 800 px: 7.5 m/px, the height decides.
  EXPECT_DOUBLE_EQ(c.meters_per_pixel(), 7.5);
  const ScreenPx centre = c.ToScreen({502000, 4303000});
  EXPECT_DOUBLE_EQ(centre.x, 800);
  EXPECT_DOUBLE_EQ(centre.y, 400);
  const ScreenPx top_left = c.ToScreen({500000, 4306000});
  EXPECT_NEAR(top_left.y, 0, 1e-9);
  EXPECT_GE(top_left.x, 300);
}

// A board covering the map's right side: the area is framed in what is left.
TEST(Camera, FitInFramesTheBoundsInPartOfTheViewport) {
  Camera c = MakeCamera();
  geo::Bounds area;
  area.Extend(geo::Meters{501000, 4301000});
  area.Extend(geo::Meters{502000, 4302000});
  const Viewport left{300, 0, 600, 800};  // the viewport less a 400 px board on the right
  c.FitIn(area, left, 50);
  // 1 km into 500 × 700 px: 2 m/px, the width decides.
  EXPECT_DOUBLE_EQ(c.meters_per_pixel(), 2);
  const ScreenPx centre = c.ToScreen({501500, 4301500});
  EXPECT_DOUBLE_EQ(centre.x, 600) << "the middle of the part, not of the viewport (800)";
  EXPECT_DOUBLE_EQ(centre.y, 400);
  EXPECT_TRUE(c.Shows(area, left));
  EXPECT_FALSE(c.Shows(area, Viewport{700, 0, 600, 800})) << "half of it is left of x = 700";
  const ScreenPx corner = c.ToScreen({502000, 4302000});
  EXPECT_NEAR(corner.x, 850, 1e-9);
  EXPECT_NEAR(corner.y, 150, 1e-9);
}

TEST(Camera, ScreenAndMetersRoundTrip) {
  const Camera c = MakeCamera();
  const geo::Meters m = c.ToMeters({417.25, 93.5});
  const ScreenPx back = c.ToScreen(m);
  EXPECT_NEAR(back.x, 417.25, 1e-9);
  EXPECT_NEAR(back.y, 93.5, 1e-9);
}

TEST(Camera, ZoomKeepsThePointUnderTheCursor) {
  Camera c = MakeCamera();
  const ScreenPx cursor{420, 610};
  const geo::Meters before = c.ToMeters(cursor);
  c.ZoomAbout(cursor, 2.0);
  EXPECT_DOUBLE_EQ(c.meters_per_pixel(), 3.75);
  const geo::Meters after = c.ToMeters(cursor);
  EXPECT_NEAR(after.x, before.x, 1e-6);
  EXPECT_NEAR(after.y, before.y, 1e-6);
}

TEST(Camera, ZoomStopsAtStreetLevel) {
  Camera c = MakeCamera();
  for (int i = 0; i < 100; ++i) c.ZoomAbout({800, 400}, 2.0);
  EXPECT_DOUBLE_EQ(c.meters_per_pixel(), 0.05);
}

TEST(Camera, DragMovesTheMapWithTheCursor) {
  Camera c = MakeCamera();
  const geo::Meters grabbed = c.ToMeters({600, 300});
  c.Pan(40, -25);  // cursor moved right and up
  const geo::Meters under = c.ToMeters({640, 275});
  EXPECT_NEAR(under.x, grabbed.x, 1e-6);
  EXPECT_NEAR(under.y, grabbed.y, 1e-6);
}

}  // namespace
}  // namespace viewer

// The wall's flights between tour stops: they start and end exactly where
// asked, zoom by even factors, and keep a point being zoomed into in place.
TEST(CameraFlight, EndsWhereAskedAndZoomsEvenly) {
  const viewer::CameraView county{{1000, 2000}, 40};
  const viewer::CameraView community{{3000, 1000}, 10};
  const auto start = viewer::Between(county, community, 0);
  EXPECT_DOUBLE_EQ(start.center.x, 1000);
  EXPECT_DOUBLE_EQ(start.meters_per_pixel, 40);
  const auto end = viewer::Between(county, community, 1);
  EXPECT_DOUBLE_EQ(end.center.x, 3000);
  EXPECT_DOUBLE_EQ(end.center.y, 1000);
  EXPECT_DOUBLE_EQ(end.meters_per_pixel, 10);
  // Halfway in time is halfway in zoom factor: 40 → 20 → 10.
  EXPECT_NEAR(viewer::Between(county, community, 0.5).meters_per_pixel, 20, 1e-9);
  EXPECT_DOUBLE_EQ(viewer::Between(county, community, 2).meters_per_pixel, 10) << "clamped";

  // Zooming in on a point that stays on screen: it keeps its screen position
  // through the flight, as a zoom about it would.
  viewer::Camera a, b;
  a.SetViewport({0, 0, 1000, 800});
  b.SetViewport({0, 0, 1000, 800});
  a.SetView({{0, 0}, 8});
  const geo::Meters target{1200, -800};
  const viewer::ScreenPx where = a.ToScreen(target);
  b.SetView(a.view());
  b.ZoomAbout(where, 4);  // the view a zoom about the target ends in
  for (double t : {0.25, 0.5, 0.75}) {
    viewer::Camera mid;
    mid.SetViewport({0, 0, 1000, 800});
    mid.SetView(viewer::Between(a.view(), b.view(), t));
    EXPECT_NEAR(mid.ToScreen(target).x, where.x, 1e-6) << t;
    EXPECT_NEAR(mid.ToScreen(target).y, where.y, 1e-6) << t;
  }
  EXPECT_DOUBLE_EQ(viewer::EaseInOut(0), 0);
  EXPECT_DOUBLE_EQ(viewer::EaseInOut(0.5), 0.5);
  EXPECT_DOUBLE_EQ(viewer::EaseInOut(1), 1);
}
