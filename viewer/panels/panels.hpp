// The dashboard's panels, one file each: DrawX(…, UiState&).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "geo/grid_set.hpp"
#include "ops/catalog.hpp"
#include "ops/hotspots.hpp"
#include "viewer/coordination.hpp"
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
// `text` wrapped to `width` (0: what is left of the line) with the line
// breaking rules of Chinese (no line starts with "，" …), lines starting
// where the first does; in place of ImGui::TextWrapped.
void WrappedText(std::string_view text, float width = 0);

void DrawOverview(const geo::GridSet& set);
// The selected area without live data: name, code, level, population, area.
void DrawSelection(const geo::GridSet& set, UiState& ui);
// Community → grid → compound tree with counts; a click selects and zooms.
void DrawCountyTree(const geo::GridSet& set, UiState& ui);
// The choropleth, live layers, fills and outlines; `live` shows the live ones.
void DrawLayers(const geo::GridSet& set, UiState& ui, bool live);

// A followed feed's trouble, in red across the map's top edge; nothing
// when `problem` is empty. Returns its height (0 when not drawn).
float DrawFeedBanner(const std::string& problem, float x, float y, float width);

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
// Emergency coordination at the desk (panels/coordination.cpp).
// The new-incident window while ui->draft.active, first shown at (x, y);
// `preview` is what the drawn circle covers, once computed.
void DrawNewIncident(const geo::GridSet& set, const std::optional<ops::IncidentImpact>& preview,
                     const Desk& desk, float x, float y);
// Summon, report in, move the stage, log and close, under an incident's board.
void DrawIncidentActions(const ops::Catalog& catalog, const ops::Incident& incident,
                         const Desk& desk);
// What an incident's area covers: counts, residents, what is inside, the
// grids most covered.
void DrawImpactLines(const geo::GridSet& set, const ops::IncidentImpact& impact);

// The point detail's width at the desk, window pixels.
inline constexpr float kDetailWidth = 400;

// The picked point's detail, its upper-right corner at (right, top); its
// close button clears ui.picked. With `desk`, an open incident's board
// offers the coordination actions; `on_wall`, it has no close button and no
// scroll bar.
void DrawPointDetail(const geo::GridSet& set, const ops::Snapshot& snapshot,
                     const ops::Catalog& catalog, const PointDetail& detail, UiState& ui,
                     float right, float top, const Desk* desk = nullptr, bool on_wall = false);
// Grids ranked with Gi* hot spots, early warnings, the compound league.
void DrawHotspots(const geo::GridSet& set, const ops::Catalog& catalog,
                  const ops::HotspotReport& report, UiState& ui);
// The map legend, its `pivot` ((1, 1): its lower-right corner) at `at`: the
// choropleth's classes (`legend`, null when the choropleth is off), the
// Gi* hot-grid mark with how many grids carry it (`hot_grids`, -1 when the
// mark is off), and the pings' rings (`pings`: the layer is on). Returns
// its size, which the wall uses to choose the corner it hides least in.
ImVec2 DrawLegend(const geo::GridSet& set, const Legend* legend, geo::Level level, int hot_grids,
                  bool pings, ImVec2 at, ImVec2 pivot);

// The command-centre wall (view --wall), each at a fixed place and size:
struct WallCard;
struct TickerLine;
struct WallFonts {
  ImFont* body = nullptr;     // the minimum size anywhere on the wall
  ImFont* heading = nullptr;  // titles
  ImFont* figure = nullptr;   // digits: KPI values and the clock
};
// The county's KPIs in large type across the top-left.
void DrawWallHeader(const LiveView& view, const WallFonts& fonts, float x, float y, float width,
                    float height);
// The clock (Asia/Shanghai) with the date, and the feed's health: a green
// "实时" while live, a red "中断" while `problem` is not empty, an amber
// "回放" while `replaying` a moment of the past (`render --wall --at`).
void DrawWallClock(const std::string& time, const std::string& date, const std::string& problem,
                   bool replaying, const WallFonts& fonts, float x, float y, float width,
                   float height);
// The tour's stop: its name, place in the tour, KPIs and ranked areas, as
// tall as it needs up to `max_height`; returns its height.
float DrawWallCard(const WallCard& card, const WallFonts& fonts, float x, float y, float width,
                   float max_height);
// The latest events, newest first, as many as fit.
void DrawWallTicker(const std::vector<TickerLine>& lines, const WallFonts& fonts, float x, float y,
                    float width, float height);

}  // namespace viewer
