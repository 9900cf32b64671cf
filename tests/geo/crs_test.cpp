#include "geo/crs.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace geo {
namespace {

// Runs PROJ's own command-line tool, the reference a GIS department would
// use, and parses "northing easting" (EPSG axis order) from its output.
Meters Cs2cs(LonLat p, const std::string& target) {
  const std::string cmd = "echo '" + std::to_string(p.lat) + " " + std::to_string(p.lon) +
                          "' | cs2cs -d 6 EPSG:4490 " + target;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  EXPECT_NE(pipe, nullptr);
  double north = 0, east = 0;
  EXPECT_EQ(std::fscanf(pipe.get(), "%lf %lf", &north, &east), 2) << "cs2cs missing? (proj-bin)";
  return {east, north};
}

TEST(Crs, DisplayCrsIsTheGaussKrugerZoneOfTheCentralMeridian) {
  EXPECT_EQ(DisplayCrsFor({111.07, 39.03}), "EPSG:4546");  // 府谷县: CM 111°E
  EXPECT_EQ(DisplayCrsFor({109.6, 38.3}), "EPSG:4546");   // 榆林: 109.6 is nearer 111°E than 108°E
}

TEST(Crs, ZonesFollowTheNearestCentralMeridian) {
  EXPECT_EQ(DisplayCrsFor({75.0, 39}), "EPSG:4534");
  EXPECT_EQ(DisplayCrsFor({108.2, 38}), "EPSG:4545");
  EXPECT_EQ(DisplayCrsFor({116.4, 39.9}), "EPSG:4548");  // Beijing, CM 117°E
  EXPECT_EQ(DisplayCrsFor({135.0, 48}), "EPSG:4554");
  EXPECT_EQ(DisplayCrsFor({2.35, 48.85}), "EPSG:32631");  // Paris: UTM 31N
}

TEST(Crs, AgreesWithCs2csToAMillimetre) {
  auto t = Transformer::Create("EPSG:4490", "EPSG:4546");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  for (LonLat p : {LonLat{111.07, 39.03}, LonLat{110.95, 39.21}, LonLat{111.4, 38.8}}) {
    const Meters ours = t->Forward(p.lon, p.lat);
    const Meters ref = Cs2cs(p, "EPSG:4546");
    EXPECT_NEAR(ours.x, ref.x, 1e-3) << p.lon << "," << p.lat;
    EXPECT_NEAR(ours.y, ref.y, 1e-3) << p.lon << "," << p.lat;
  }
  // A known value: the county seat lies ~6 km east of the 111°E meridian.
  const Meters seat = t->Forward(111.07, 39.03);
  EXPECT_NEAR(seat.x, 506061.287, 1e-3);
  EXPECT_NEAR(seat.y, 4321836.789, 1e-3);
}

TEST(Crs, AxisOrderIsLongitudeFirst) {
  // EPSG:4490 is latitude-first by its authority; gridops always passes lon, lat.
  auto t = Transformer::Create("EPSG:4490", "EPSG:4326");
  ASSERT_TRUE(t.has_value());
  const Meters p = t->Forward(111.07, 39.03);
  EXPECT_NEAR(p.x, 111.07, 1e-6);
  EXPECT_NEAR(p.y, 39.03, 1e-6);
}

TEST(Crs, InvalidCrsIsAClearError) {
  auto t = Transformer::Create("EPSG:999999", "EPSG:4546");
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(t.error().message.find("EPSG:999999"), std::string::npos) << t.error().message;
  auto garbage = Transformer::Create("EPSG:4490", "not a crs at all");
  ASSERT_FALSE(garbage.has_value());
  EXPECT_NE(garbage.error().message.find("not a crs at all"), std::string::npos);
}

}  // namespace
}  // namespace geo
