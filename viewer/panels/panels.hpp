// The side panel's parts, one file each: DrawX(const GridSet&, UiState&).
#pragma once

#include "geo/grid_set.hpp"
#include "viewer/ui_state.hpp"

namespace viewer {

// Title, county totals by level, and the layer switches.
void DrawOverview(const geo::GridSet& set, UiState& ui);
// The selected area: its name, code, level, population, households, area.
void DrawSelection(const geo::GridSet& set, UiState& ui);
// Community → grid → compound tree with counts; a click selects and zooms.
void DrawCountyTree(const geo::GridSet& set, UiState& ui);

}  // namespace viewer
