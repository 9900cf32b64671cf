// The dashboard's wall mode state (viewer/dashboard_wall.cpp draws it): the
// options, the type for the current resolution, the tour, the ticker and the
// feed's health, and the tour card's contents as plain data for its panel.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "viewer/app.hpp"
#include "viewer/camera.hpp"
#include "viewer/wall_model.hpp"
#include "viewer/wall_tour.hpp"

namespace viewer {

// What the tour card shows for the stop on screen.
struct WallCard {
  struct Figure {
    std::string label, value;
    int severity = 0;  // 0 plain, 1 warn, 2 alarm
  };
  struct Ranked {
    std::string name, value;
  };
  std::string title;     // "府谷社区", "全县概况"
  std::string subtitle;  // "巡览 3/15 · 下一站 …"
  std::string note;      // the community's chief, or ""
  std::vector<Figure> figures;
  std::string ranked_title;  // "下级排名 · 未结诉求"
  std::vector<Ranked> ranked;
};

struct WallState {
  WallOptions options;
  WallType type;                   // the type for type_height
  int type_height = 0;             // the framebuffer height the fonts were built for
  std::unique_ptr<WallTour> tour;  // made with the first snapshot (the communities are known)
  WallTour::Focus applied;         // the focus the camera was last moved to
  bool applied_once = false;
  // The camera flying from one stop of the tour to the next (never in a
  // headless capture, which shows the stop itself).
  struct Flight {
    CameraView from, to;
    double start_s = -1;  // the frame clock at take-off; < 0: not flying
  };
  static constexpr double kFlightSeconds = 1.6;
  Flight flight;
  // The legend sits in the map's corner where it hides least of the stop,
  // chosen once the camera has arrived (it does not move during a flight).
  MapCorner legend_corner = MapCorner::kBottomRight;
  float legend_w = 0, legend_h = 0;                // as drawn last frame
  bool legend_placed = false;                      // for the focus applied …
  float legend_placed_w = 0, legend_placed_h = 0;  // … at this size …
  double legend_placed_top = 0;                    // … under a banner this low
  FeedWatch watch;
  std::string problem;  // the banner drawn last frame, "" while live
  std::vector<TickerLine> ticker;
  int64_t ticker_seq = -1;  // the snapshot the ticker was built from
  ops::TimeMs ticker_now = -1;
  bool ticker_english = false;                 // the language its lines were written in
  int64_t drawn_second = -1;                   // the clock's second last drawn
};

}  // namespace viewer
