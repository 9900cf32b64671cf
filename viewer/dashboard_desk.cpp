// The dashboard's part of emergency coordination at the desk: a new
// incident drawn on the map (its centre from a click, its circle drawn over
// the map, what it would cover computed as it changes), the commands'
// outcomes, and the incident opened by the desk brought up on its board.
#include <imgui.h>

#include <cmath>

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
  // What the drawn circle covers, as it is moved and resized, at most four
  // times a second (GEOS over the grids takes milliseconds).
  const IncidentDraft& d = ui_.coordination.draft;
  const auto snapshot = view_->snapshot();
  if (!d.active || !d.placed || !snapshot) {
    draft_impact_.reset();
    return;
  }
  const auto of = std::make_tuple(d.center.lon, d.center.lat, d.radius_m, snapshot->seq);
  if (of == draft_impact_of_ && draft_impact_) return;
  if (draft_impact_ && last_wall_s_ - draft_impact_wall_s_ < 0.25) return;
  if (!impact_calc_) {
    auto made = ops::ImpactCalculator::Create(set_);
    if (!made) return;
    impact_calc_ = std::move(*made);
  }
  ops::IncidentInput area;
  area.center = d.center;
  area.radius_m = d.radius_m;
  draft_impact_ = impact_calc_->Of(area, *snapshot);
  draft_impact_of_ = of;
  draft_impact_wall_s_ = last_wall_s_;
}

void Dashboard::DrawDraft(float panel_w) {
  if (!ui_.coordination.draft.active) return;
  DrawNewIncident(set_, draft_impact_, DeskNow(), panel_w + 16, header_height_ + 16);
}

void Dashboard::PlaceDraft(ScreenPx at) {
  if (!to_lonlat_) {
    auto t = geo::Transformer::Create(set_.display_crs, "EPSG:4490");
    if (!t) return;
    to_lonlat_ = std::make_unique<geo::Transformer>(std::move(*t));
  }
  const geo::Meters m = camera_.ToMeters(at);
  const geo::Meters lonlat = to_lonlat_->Forward(m.x, m.y);
  ui_.coordination.draft.center = {lonlat.x, lonlat.y};
  ui_.coordination.draft.placed = true;
}

// The circle being drawn, in its level's colour, over the map.
void Dashboard::DrawDraftCircle() {
  const IncidentDraft& d = ui_.coordination.draft;
  if (!d.active || !d.placed) return;
  if (!to_display_) {
    auto t = geo::Transformer::Create("EPSG:4490", set_.display_crs);
    if (!t) return;
    to_display_ = std::make_unique<geo::Transformer>(std::move(*t));
  }
  const geo::Meters m = to_display_->Forward(d.center.lon, d.center.lat);
  const ScreenPx c = camera_.ToScreen(m);
  const float r = static_cast<float>(d.radius_m / camera_.meters_per_pixel());
  const Rgba color = IncidentLevelColor(d.level);
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const ImVec2 center(static_cast<float>(c.x), static_cast<float>(c.y));
  const int segments = std::clamp(static_cast<int>(r / 3), 24, 256);
  draw->AddCircleFilled(center, r, IM_COL32(color.r, color.g, color.b, 60), segments);
  draw->AddCircle(center, r, IM_COL32(color.r, color.g, color.b, 240), segments, 3.0f);
  draw->AddCircleFilled(center, 5, IM_COL32(color.r, color.g, color.b, 255));
  draw->AddCircle(center, 5, IM_COL32(0, 0, 0, 200), 0, 1.5f);
}

}  // namespace viewer
