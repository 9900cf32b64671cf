// The side panel's parts, one file each: DrawX(const GridSet&, UiState&).
#pragma once

#include "geo/grid_set.hpp"
#include "viewer/ui_state.hpp"

namespace viewer {

// A level's name on screen: 社区/网格/…, or a flat source's layer name.
const char* LevelLabel(const geo::GridSet& set, geo::Level level);

// Title, county totals by level, and the layer switches.
void DrawOverview(const geo::GridSet& set, UiState& ui);
// The selected area: its name, code, level, population, households, area.
void DrawSelection(const geo::GridSet& set, UiState& ui);
// Community → grid → compound tree with counts; a click selects and zooms.
void DrawCountyTree(const geo::GridSet& set, UiState& ui);

}  // namespace viewer
