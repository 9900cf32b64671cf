// The supervisor's drill-down: County › Community › Grid › Compound
// breadcrumbs, the selection's KPIs with their trend, its responsible chief
// and party organisation, and the areas one level below ranked by the
// chosen metric; a click goes down.
#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>

#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

const ImVec4 kLabel(0.62f, 0.68f, 0.78f, 1.0f);
const ImVec4 kTitleColor(1.0f, 0.86f, 0.45f, 1.0f);

void Breadcrumb(const geo::GridSet& set, UiState& ui) {
  if (ImGui::SmallButton(Tr(kCountyWide))) DrillTo(ui, set, geo::kNoFeature);
  const std::vector<geo::FeatureId> path = Breadcrumbs(set, ui.selected);
  for (size_t i = 0; i < path.size(); ++i) {
    ImGui::SameLine(0, 4);
    ImGui::TextDisabled("›");
    ImGui::SameLine(0, 4);
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::SmallButton(set.features[path[i]].name.c_str())) DrillTo(ui, set, path[i]);
    ImGui::PopID();
  }
}

// "12 (▲3)" in a table cell: a count and its change in a day.
void CountCell(int64_t now, int64_t then) {
  ImGui::TableNextColumn();
  ImGui::Text("%s", Thousands(now).c_str());
  if (now != then) {
    ImGui::SameLine(0, 4);
    ImGui::TextColored(now > then ? ImVec4(1.0f, 0.45f, 0.40f, 1) : ImVec4(0.45f, 0.85f, 0.55f, 1),
                       "%s%lld", now > then ? "▲" : "▼",
                       static_cast<long long>(now > then ? now - then : then - now));
  }
}

void RateCell(double rate) {
  ImGui::TableNextColumn();
  if (rate < 0) ImGui::TextDisabled("%s", Tr(kNoData));
  else ImGui::Text("%.1f%%", rate * 100);
}

void AreaKpiTable(const ops::AreaKpis& k, const ops::AreaKpis& then) {
  if (!ImGui::BeginTable("kpis", 4, ImGuiTableFlags_SizingStretchSame)) return;
  for (const Text* t : {&kOpenShort, &kOverdue, &kReceivedToday, &kClosedToday}) {
    ImGui::TableNextColumn();
    ImGui::TextColored(kLabel, "%s", Tr(*t));
  }
  CountCell(k.open, then.open);
  CountCell(k.overdue, then.overdue);
  CountCell(k.received_today, then.received_today);
  CountCell(k.closed_today, then.closed_today);
  for (const Text* t : {&kOnTimeShort, &kReworkShort, &kSatisfaction, &kAlarmShort}) {
    ImGui::TableNextColumn();
    ImGui::TextColored(kLabel, "%s", Tr(*t));
  }
  RateCell(k.OnTimeRate());
  RateCell(k.ReworkRate());
  ImGui::TableNextColumn();
  if (k.Satisfaction() < 0) ImGui::TextDisabled("%s", Tr(kNoData));
  else ImGui::Text("%.2f / 5", k.Satisfaction());
  ImGui::TableNextColumn();
  ImGui::Text("%d", k.sensors_alarm);
  // The 12345 assessment's other two rates (definitions on the header's tiles).
  for (const Text* t : {&kResponseRate, &kResolutionRate}) {
    ImGui::TableNextColumn();
    ImGui::TextColored(kLabel, "%s", Tr(*t));
  }
  ImGui::TableNextRow();
  RateCell(k.ResponseRate());
  RateCell(k.ResolutionRate());
  ImGui::EndTable();
}

// The area's chiefs (五级五长) and party organisation, from the store.
void Responsible(const geo::Feature& f, const ops::Organisation& org) {
  for (const ops::Chief& c : org.chiefs) {
    if (c.area_code != f.code) continue;
    ImGui::TextColored(kLabel, "%s", TrName(ops::kChiefRoleNames[static_cast<size_t>(c.role)]).c_str());
    ImGui::SameLine();
    ImGui::Text("%s  %s", c.name.c_str(), c.phone.c_str());
    ImGui::SameLine();
    ImGui::TextColored(c.on_duty ? ImVec4(0.45f, 0.85f, 0.55f, 1) : ImVec4(1.0f, 0.60f, 0.35f, 1),
                       "%s", Tr(c.on_duty ? kOnDuty : kOffDuty));
  }
  for (const ops::PartyOrg& p : org.party_orgs) {
    if (p.area_code != f.code) continue;
    ImGui::TextColored(kLabel, "%s", Tr(kPartyOrg));
    ImGui::SameLine();
    WrappedText(fmt::format("{} · {} {} {}", p.name, Tr(kSecretary), p.secretary, p.phone));
  }
  if (std::find(org.demonstration_compounds.begin(), org.demonstration_compounds.end(), f.code) !=
      org.demonstration_compounds.end()) {
    ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.55f, 1), "★ %s", Tr(kDemonstration));
  }
}

void RankedChildren(const geo::GridSet& set, const LiveView& view, UiState& ui) {
  const std::vector<RankedArea> ranked =
      RankChildren(set, view.kpis(), ui.selected, ui.metric);
  if (ranked.empty()) return;
  ImGui::Separator();
  ImGui::TextColored(kLabel, "%s · %s", Tr(kRanked), Tr(kMetricNames[static_cast<int>(ui.metric)]));
  double top = 0;
  for (const RankedArea& r : ranked) top = std::max(top, r.value);
  if (!ImGui::BeginTable("ranked", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const RankedArea& r : ranked) {
    ImGui::TableNextColumn();
    ImGui::PushID(static_cast<int>(r.id));
    if (ImGui::Selectable(set.features[r.id].name.c_str(), ui.hovered == r.id,
                          ImGuiSelectableFlags_SpanAllColumns)) {
      DrillTo(ui, set, r.id);
    }
    if (ImGui::IsItemHovered()) ui.hovered = r.id;
    ImGui::PopID();
    ImGui::TableNextColumn();
    // A bar in the legend's colour of the value, then the number.
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float width = 90, h = ImGui::GetTextLineHeight();
    const Rgba c = view.legend().ColorOf(r.value);
    if (top > 0 && r.value > 0) {
      draw->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + width * float(r.value / top), p.y + h - 3),
                          IM_COL32(c.r, c.g, c.b, 255));
    }
    ImGui::Dummy(ImVec2(width, h));
    ImGui::SameLine();
    if (r.value < 0) ImGui::TextDisabled("%s", Tr(kNoData));
    else if (ui.metric == Metric::kPer1000) ImGui::Text("%.1f", r.value);
    else ImGui::Text("%.0f", r.value);
  }
  ImGui::EndTable();
}

}  // namespace

void DrawDrillDown(const geo::GridSet& set, const LiveView& view, UiState& ui) {
  ImGui::Separator();
  Breadcrumb(set, ui);
  const ops::AreaKpis& k = KpisOf(view.kpis(), ui.selected);
  const ops::AreaKpis& then =
      ui.selected == geo::kNoFeature ? view.day_ago().county : view.day_ago().area;
  if (ui.selected == geo::kNoFeature) {
    ImGui::TextColored(kTitleColor, "%s", set.county_name.empty() ? Tr(kCounty) : set.county_name.c_str());
  } else {
    const geo::Feature& f = set.features[ui.selected];
    ImGui::TextColored(kTitleColor, "%s  (%s)", f.name.c_str(), LevelLabel(set, f.level));
    ImGui::TextDisabled("%s %s · %s %s · %s %s", Tr(kCode), f.code.c_str(), Tr(kPopulation),
                        Thousands(f.population).c_str(), Tr(kHouseholds),
                        Thousands(f.households).c_str());
  }
  AreaKpiTable(k, then);
  if (ui.selected != geo::kNoFeature && view.snapshot() && view.snapshot()->organisation) {
    Responsible(set.features[ui.selected], *view.snapshot()->organisation);
  }
  RankedChildren(set, view, ui);
}

}  // namespace viewer
