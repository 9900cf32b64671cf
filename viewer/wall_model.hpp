// What the command-centre wall shows beside the map, as plain data derived
// from a snapshot: the type sizes for its resolution, the ticker of the
// latest events, the clock's text and the feed's health. No GL and no ImGui,
// so all of it is tested without a window; the panels are
// viewer/panels/wall_*.cpp.
//
// [SECTION] Type sizes
// [SECTION] Ticker
// [SECTION] Clock and health
// [SECTION] Legend placement
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/follower.hpp"
#include "ops/live_state.hpp"
#include "viewer/camera.hpp"
#include "viewer/strings.hpp"

namespace viewer {

// ---------------------------------------------------------------------------
// [SECTION] Type sizes

// Read from five metres: at 1080 lines the smallest text is 28 px high
// (about 14 mm on a 55" panel, the size signage guidance gives for 5 m),
// and everything scales with the framebuffer's height, so a 4K wall shows
// the same layout at 56 px. Below 1080 lines the sizes stay at the 1080p
// minimum: a small screen shows less, never smaller type.
struct WallType {
  float body_px = 28;     // ticker, tile labels, the tour card: the minimum anywhere
  float heading_px = 36;  // community names on the map, the tour card's title
  float figure_px = 56;   // the KPI values and the clock: digits only
  float scale = 1;        // of the layout's 1080p spacing
};
inline constexpr float kWallMinBodyPx1080 = 28;
WallType WallTypeFor(int framebuffer_height);

// ---------------------------------------------------------------------------
// [SECTION] Ticker

// One line of the ticker: what happened, when, in which colour.
struct TickerLine {
  enum Kind : uint8_t {
    kNewDemand,  // 新诉求
    kStage,      // a demand moved on in its closed loop
    kSensor,     // a sensor went to warn or alarm
    kIncident,   // opened or ended
    kSummons,    // 吹哨
    kReportIn,   // 报到
    kEscalated,  // a department late to report in
  };
  ops::TimeMs at = 0;
  Kind kind = kNewDemand;
  int severity = 0;   // 0 routine, 1 warn, 2 alarm / late: the panel's colour
  int level = 0;      // an incident's level 1–4 (its colour), else 0
  std::string label;  // the kind as shown: "新诉求", "吹哨" …
  std::string text;   // what and where: "楼道杂物清理 · 府谷社区"
};

// The latest `count` events the snapshot holds, newest first: demands
// received and moved through their stages (a demand shows once, by its last
// change; taken from the snapshot's ring of the last few hundred demand
// changes, so the cost does not grow with the demands stored — 0.06 ms
// against 240 ms for a look through a million), sensors now in warn or
// alarm since their change, incidents opened and ended, summons, report-ins
// and escalations. Built from the snapshot alone so a wall following a
// remote server shows the same lines as one beside the store. Ties break by
// kind and id, so a frame is stable.
std::vector<TickerLine> TickerOf(const ops::Snapshot& snapshot, const geo::GridSet& set,
                                 const ops::Catalog& catalog, size_t count);

// ---------------------------------------------------------------------------
// [SECTION] Clock and health

// "14:03:27" and "2030-06-03 星期一" in Asia/Shanghai (UTC+8, no daylight
// saving), for the wall's clock.
std::string WallClockTime(ops::TimeMs t);
std::string WallClockDate(ops::TimeMs t);

// A followed server's trouble in words: a headline, and on a second line
// the follower's own sentence of what failed (as the HTTP library and the
// server said it); "" while the feed is live.
std::string FeedTroubleText(const ops::FeedTrouble& trouble,
                            Language language = LanguageOnScreen());

// Whether the feed is alive: a followed server's trouble (LiveSource::problem)
// wins; otherwise a feed with no new event and a store clock that has not
// moved for kSilentAfter seconds of wall time is silent. The store's clock
// ticks once a second while the writer is up, so a silent one means the
// writer or the simulator stopped.
class FeedWatch {
 public:
  static constexpr double kSilentAfter = 30;  // wall seconds

  // `problem` is the source's sentence ("" when healthy); `wall_s` a
  // monotonic clock. Returns the banner's sentence, "" while live.
  std::string Check(const ops::Snapshot* snapshot, const std::string& problem, double wall_s);

 private:
  bool started_ = false;
  int64_t seq_ = -1;
  ops::TimeMs now_ = -1;
  double changed_s_ = 0;  // when seq or the clock last moved
};

// ---------------------------------------------------------------------------
// [SECTION] Legend placement

// The map's corners, in the order a reader looks for a legend.
enum class MapCorner : uint8_t { kBottomRight, kBottomLeft, kTopLeft, kTopRight };

// The corner where a box of `w` × `h` pixels, `margin` in from the map's
// edges, hides least of what the wall is showing: `shown(p)` says whether
// screen point p shows it (the county, or the community toured). Each
// corner's box is sampled on a 12 × 12 grid; a tie keeps the earlier corner
// in MapCorner's order, so a box that hides nothing anywhere stays at the
// bottom right.
MapCorner LeastHiddenCorner(const Viewport& map, double w, double h, double margin,
                            const std::function<bool(ScreenPx)>& shown);
// The box's top-left corner on screen when it sits at `corner`.
ScreenPx CornerBoxOrigin(const Viewport& map, double w, double h, double margin, MapCorner corner);

}  // namespace viewer
