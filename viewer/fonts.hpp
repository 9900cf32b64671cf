// The CJK font for every Chinese string on screen.
#pragma once

#include <string>

#include "geo/error.hpp"
#include "geo/grid_set.hpp"

struct ImFont;

namespace viewer {

struct Fonts {
  ImFont* ui = nullptr;     // panels
  ImFont* label = nullptr;  // map labels, larger
  std::string path;         // the font file used
};

// The first CJK font found: assets/fonts/ beside the binary or in the source
// tree, then Debian's fonts-wqy-microhei. Errors say which package to install.
geo::Result<std::string> FindCjkFont();

// Adds the fonts to ImGui's atlas (the current context) with the glyphs of
// every UI string and every feature name in `set`, so no label shows a
// missing-glyph box. Sizes are in pixels.
geo::Result<Fonts> LoadFonts(const geo::GridSet& set, float ui_px, float label_px);

}  // namespace viewer
