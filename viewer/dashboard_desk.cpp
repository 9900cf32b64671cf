// The dashboard's part of emergency coordination at the desk: a new
// incident drawn on the map (a circle about a clicked centre, or an area
// clicked corner by corner, drawn over the map, what it would cover
// computed as it changes), the commands' outcomes, and the incident opened
// by the desk brought up on its board.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "geo/ring.hpp"
#include "geo/tessellate.hpp"
#include "viewer/dashboard.hpp"
#include "viewer/map_style.hpp"
#include "viewer/panels/panels.hpp"

namespace viewer {

Desk Dashboard::DeskNow() {
  Desk desk;
  desk.coordinator = coordinator_.get();
  desk.ui = &ui_.coordination;
  desk.recent = &outcomes_;
  // Actions happen now; a store whose clock runs ahead (a replayed or
  // simulated future) is not set back by them.
  const auto snapshot = view_ ? view_->snapshot() : nullptr;
  desk.now = std::max(ops::NowMs(), snapshot ? snapshot->now : 0);
  return desk;
}

void Dashboard::UpdateDesk() {
  if (coordinator_) {
    for (CommandOutcome& o : coordinator_->TakeOutcomes()) {
      if (o.ok && o.opened) {
        // The desk's new incident: its board comes up to summon from at once.
        ui_.picked = {PickedPoint::kIncident, o.incident, 0};
        ui_.coordination.draft = IncidentDraft{};
      }
      outcomes_.push_back(std::move(o));
    }
    if (outcomes_.size() > 6) outcomes_.erase(outcomes_.begin(), outcomes_.end() - 6);
  }
  // What the drawn area covers, as it is moved, resized or given corners, at
  // most four times a second (GEOS over the grids takes milliseconds).
  const IncidentDraft& d = ui_.coordination.draft;
  const auto snapshot = view_->snapshot();
  if (!d.active || !DraftDrawn(d) || !snapshot) {
    draft_impact_.reset();
    return;
  }
  ops::IncidentInput area = DraftArea(d);
  const bool same = draft_impact_ && snapshot->seq == draft_impact_seq_ &&
                    area.center == draft_impact_area_.center &&
                    area.radius_m == draft_impact_area_.radius_m &&
                    area.polygon == draft_impact_area_.polygon;
  if (same) return;
  if (draft_impact_ && last_wall_s_ - draft_impact_wall_s_ < 0.25) return;
  if (!impact_calc_) {
    auto made = ops::ImpactCalculator::Create(set_);
    if (!made) return;
    impact_calc_ = std::move(*made);
  }
  draft_impact_ = impact_calc_->Of(area, *snapshot);
  draft_impact_area_ = std::move(area);
  draft_impact_seq_ = snapshot->seq;
  draft_impact_wall_s_ = last_wall_s_;
}

void Dashboard::DrawDraft(float panel_w) {
  if (!ui_.coordination.draft.active) return;
  DrawNewIncident(set_, draft_impact_, DeskNow(), panel_w + 16, header_height_ + 16);
}

// Clicks within this many pixels of the area's first corner close it there.
constexpr double kCloseOnFirstPx = 10;

void Dashboard::PlaceDraft(ScreenPx at) {
  if (!to_lonlat_) {
    auto t = geo::Transformer::Create(set_.display_crs, "EPSG:4490");
    if (!t) return;
    to_lonlat_ = std::make_unique<geo::Transformer>(std::move(*t));
  }
  IncidentDraft& d = ui_.coordination.draft;
  if (d.shape == DraftShape::kArea && d.corners.size() >= 3) {
    const ScreenPx first = DraftOnScreen(d.corners.front());
    if (std::hypot(first.x - at.x, first.y - at.y) <= kCloseOnFirstPx) {
      ClickDraft(d, d.corners.front());
      return;
    }
  }
  const geo::Meters m = camera_.ToMeters(at);
  const geo::Meters lonlat = to_lonlat_->Forward(m.x, m.y);
  ClickDraft(d, {lonlat.x, lonlat.y});
}

geo::Transformer* Dashboard::ToDisplay() {
  if (!to_display_) {
    auto t = geo::Transformer::Create("EPSG:4490", set_.display_crs);
    if (!t) return nullptr;
    to_display_ = std::make_unique<geo::Transformer>(std::move(*t));
  }
  return to_display_.get();
}

ScreenPx Dashboard::DraftOnScreen(geo::LonLat p) {
  const geo::Transformer* to_display = ToDisplay();
  return to_display ? camera_.ToScreen(to_display->Forward(p.lon, p.lat)) : ScreenPx{};
}

// An incident's board (opened by --incident, by the desk's new incident or
// by a click on its centre) covers the map's right side: its area is framed
// in the map `beside` the board, unless it already shows there whole. Once
// per incident picked, so the supervisor's own panning is left alone.
void Dashboard::FrameBesideBoard(const Viewport& beside) {
  if (ui_.picked.kind != PickedPoint::kIncident) {
    framed_incident_ = 0;
    return;
  }
  if (ui_.picked.id == framed_incident_ || !view_ || !view_->snapshot()) return;
  framed_incident_ = ui_.picked.id;
  const auto area = IncidentBounds(ui_.picked.id);
  if (area && !camera_.Shows(*area, beside)) camera_.FitIn(*area, beside, 24);
}

namespace {

ImVec2 Vec(ScreenPx p) {
  return ImVec2(static_cast<float>(p.x), static_cast<float>(p.y));
}

void Corner(ImDrawList* draw, ImVec2 at, Rgba color) {
  draw->AddCircleFilled(at, 5, IM_COL32(color.r, color.g, color.b, 255));
  draw->AddCircle(at, 5, IM_COL32(0, 0, 0, 200), 0, 1.5f);
}

}  // namespace

// The area being drawn, in its level's colour, over the map: the circle, or
// the corners clicked so far, the sides between them, the side that closes
// the area drawn thinner, and a line from the last corner to the pointer.
void Dashboard::DrawDraftArea() {
  const IncidentDraft& d = ui_.coordination.draft;
  if (!d.active) return;
  const Rgba color = IncidentLevelColor(d.level);
  const ImU32 fill = IM_COL32(color.r, color.g, color.b, 60);
  const ImU32 line = IM_COL32(color.r, color.g, color.b, 240);
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  if (d.shape == DraftShape::kCircle) {
    if (!d.placed) return;
    const ImVec2 center = Vec(DraftOnScreen(d.center));
    const float r = static_cast<float>(d.radius_m / camera_.meters_per_pixel());
    const int segments = std::clamp(static_cast<int>(r / 3), 24, 256);
    draw->AddCircleFilled(center, r, fill, segments);
    draw->AddCircle(center, r, line, segments, 3.0f);
    Corner(draw, center, color);
    return;
  }
  std::vector<geo::Meters> ring;  // screen pixels, for the tessellator
  std::vector<ImVec2> points;
  for (const geo::LonLat& c : d.corners) {
    const ScreenPx p = DraftOnScreen(c);
    ring.push_back({p.x, p.y});
    points.push_back(Vec(p));
  }
  if (points.size() >= 3 && !geo::FirstCrossing(d.corners)) {
    // Filled by triangles without anti-aliased fringes, which would show
    // as seams between them at this alpha.
    const uint32_t offsets[] = {0, static_cast<uint32_t>(ring.size())};
    const auto triangles = geo::TessellatePolygon(ring, offsets);
    const ImDrawListFlags flags = draw->Flags;
    draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (size_t k = 0; k + 2 < triangles.size(); k += 3) {
      draw->AddTriangleFilled(points[triangles[k]], points[triangles[k + 1]],
                              points[triangles[k + 2]], fill);
    }
    draw->Flags = flags;
  }
  if (points.size() >= 2)
    draw->AddPolyline(points.data(), static_cast<int>(points.size()), line, 0, 3.0f);
  if (points.size() >= 3) draw->AddLine(points.back(), points.front(), line, 1.5f);
  const ImGuiIO& io = ImGui::GetIO();
  if (!points.empty() && !io.WantCaptureMouse && ImGui::IsMousePosValid()) {
    draw->AddLine(points.back(), io.MousePos, IM_COL32(color.r, color.g, color.b, 160), 1.5f);
  }
  for (const ImVec2& p : points) Corner(draw, p, color);
}

}  // namespace viewer
