// The CJK font for every Chinese string on screen.
#pragma once

#include <string>
#include <vector>

#include "geo/error.hpp"
#include "geo/grid_set.hpp"

struct ImFont;

namespace viewer {

struct Fonts {
  ImFont* ui = nullptr;     // panels
  ImFont* label = nullptr;  // map labels, larger
  ImFont* big = nullptr;    // KPI values: digits and signs only
  std::string path;         // the font file used
};

// The first CJK font found: assets/fonts/ beside the binary or in the source
// tree, then Debian's fonts-wqy-microhei. Errors say which package to install.
geo::Result<std::string> FindCjkFont();

// Adds the fonts to ImGui's atlas (the current context) with the glyphs of
// every UI string, every feature name in `set` and the ~3,500 commonly used
// simplified characters (names of people, units and demands come from the
// store at run time), so no label shows a missing-glyph box. Sizes are in
// pixels; the KPI font is twice the UI size.
// `extra` adds the glyphs of more strings (the catalogue's names).
geo::Result<Fonts> LoadFonts(const geo::GridSet& set, float ui_px, float label_px,
                             const std::vector<std::string>& extra = {});

// The wall's fonts (`view --wall`): the panel font at `body_px` with every
// glyph above, map labels at `heading_px` with the glyphs of the UI, the
// areas and `extra` only (the 3,500 common characters at heading size would
// double a 4K atlas for names that never show there), KPI digits at twice
// the body. Sizes of 28 px and up need no horizontal oversampling, which
// keeps a 4K wall's atlas near 4096×3000.
geo::Result<Fonts> LoadWallFonts(const geo::GridSet& set, float body_px, float heading_px,
                                 const std::vector<std::string>& extra = {});

}  // namespace viewer
