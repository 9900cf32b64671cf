// The dashboard's panels, one file each: DrawX(…, UiState&).
#pragma once

#include <cstdint>
#include <string>

#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/hotspots.hpp"
#include "viewer/live_view.hpp"
#include "viewer/point_detail.hpp"
#include "viewer/ui_state.hpp"

struct ImFont;

namespace viewer {

// A level's name on screen: 社区/网格/…, or a flat source's layer name.
const char* LevelLabel(const geo::GridSet& set, geo::Level level);
// 98903 → "98,903": counts read at a glance.
std::string Thousands(int64_t n);

// Title, county totals by level.
void DrawOverview(const geo::GridSet& set);
// The selected area without live data: name, code, level, population, area.
void DrawSelection(const geo::GridSet& set, UiState& ui);
// Community → grid → compound tree with counts; a click selects and zooms.
void DrawCountyTree(const geo::GridSet& set, UiState& ui);
// The choropleth, live layers, fills and outlines; `live` shows the live ones.
void DrawLayers(const geo::GridSet& set, UiState& ui, bool live);

// With a live county:
struct HeaderFonts {
  ImFont* big = nullptr;  // the KPI values
};
// The county's KPIs with trends and the active filter, across the map's top;
// returns its height.
float DrawKpiHeader(const LiveView& view, const HeaderFonts& fonts, float x, float width);
// Breadcrumbs, the selection's KPIs, chief and party organisation, children ranked.
void DrawDrillDown(const geo::GridSet& set, const LiveView& view, UiState& ui);
// Families, stages, sources, time window.
void DrawFilters(const ops::Catalog& catalog, UiState& ui);
// The picked point's detail, its upper-right corner at (right, top); its
// close button clears ui.picked.
void DrawPointDetail(const ops::Snapshot& snapshot, const ops::Catalog& catalog,
                     const PointDetail& detail, UiState& ui, float right, float top);
// Grids ranked with Gi* hot spots, early warnings, the compound league.
void DrawHotspots(const geo::GridSet& set, const ops::Catalog& catalog,
                  const ops::HotspotReport& report, UiState& ui);
// The choropleth legend with its lower-right corner at (right, bottom).
void DrawLegend(const geo::GridSet& set, const Legend& legend, geo::Level level, float right,
                float bottom);

}  // namespace viewer
