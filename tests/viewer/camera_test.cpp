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
