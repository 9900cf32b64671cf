// The dashboard application: one frame function shared by the window
// (`gridops view`) and the headless renderer (`gridops render`).
#pragma once

#include <cstdint>
#include <string>

namespace viewer {

struct ViewOptions {
  std::string grids;  // a grid-set file, a delivered folder or one source; "" = the sample
  std::string source_crs;  // --source-crs override ("" = as the sources say)
  std::string encoding;    // --encoding override
  int width = 1600;
  int height = 960;
  std::string select_code;  // select and zoom to this area at start
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
};

struct LiveSource;

// Each returns the process exit code and prints what went wrong. `live`
// (may be empty) feeds the window's live layers and panels.
int RunView(const ViewOptions& options, const LiveSource& live);
int RunRender(const RenderOptions& options);

}  // namespace viewer
