// The dashboard application: one frame function shared by the window
// (`gridops view`) and the headless renderer (`gridops render`).
#pragma once

#include <cstdint>
#include <string>

namespace viewer {

// The command-centre wall (`--wall`): fullscreen, no controls, type for
// five metres, a tour of the communities, the ticker and the clock.
struct WallOptions {
  bool enabled = false;
  int monitor = 0;     // GLFW's monitor index (0: the primary) for `view --wall`
  bool span = false;   // one undecorated window over every monitor's union instead
  double dwell_s = 20;  // seconds on each stop of the tour, and on a new incident
  int first_stop = 0;   // 0: the county, k: the k-th community
  int64_t first_incident = 0;  // an incident shown first, as its interrupt (render --incident)
  // The clock shown (UTC ms): 0 reads the system clock, unless
  // `clock_from_snapshot` (render: the moment drawn, so a capture of a store
  // is the same each time). Tests fix it.
  int64_t clock_ms = 0;
  bool clock_from_snapshot = false;
};

struct ViewOptions {
  std::string grids;  // a grid-set file, a delivered folder or one source; "" = the sample
  std::string source_crs;  // --source-crs override ("" = as the sources say)
  std::string encoding;    // --encoding override
  int width = 1600;
  int height = 960;
  std::string select_code;  // select and zoom to this area at start
  std::string lang = "zh";  // the language on screen at start: "zh" or "en"
  WallOptions wall;
};

struct RenderOptions : ViewOptions {
  std::string out_png;
  int frames = 10;  // timed frames after warm-up, for the reported frame time
  // The live county to draw: a store file, or a simulation of the last
  // `simulate_hours` (0: none; neither: the areas alone).
  std::string db;
  double simulate_hours = 0;
  uint64_t seed = 1;
  double rate = 40;  // simulated demands per hour
  std::string at;    // draw the store as it was then (ISO 8601 with a zone); "" = live
  std::string connect;  // draw the live county of this remote `gridops serve` URL
  int64_t incident = 0;  // open this incident's board (0: none)
};

struct LiveSource;

// Each returns the process exit code and prints what went wrong. `live`
// (may be empty) feeds the window's live layers and panels.
int RunView(const ViewOptions& options, const LiveSource& live);
int RunRender(const RenderOptions& options);

}  // namespace viewer
