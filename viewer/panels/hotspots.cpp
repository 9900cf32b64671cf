// The hotspots panel (热点研判): grids ranked by a chosen measure with their
// change, the Getis-Ord Gi* hot grids with a line saying what that means,
// early warnings (社情民意提前研判) and the compound league table (十佳小区).
// Every part obeys the active filter; a click on a grid or compound drills
// to it.
#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>

#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

const ImVec4 kLabel(0.62f, 0.68f, 0.78f, 1.0f);
const ImVec4 kHot(1.0f, 0.45f, 0.30f, 1.0f);
const ImVec4 kGood(0.45f, 0.85f, 0.55f, 1.0f);

std::string ValueText(const ops::GridRow& row, ops::GridMetric metric) {
  const std::optional<double> v = ops::MetricValue(row, metric);
  if (!v) return "—";
  switch (metric) {
    case ops::GridMetric::kMatchingPer1000:
    case ops::GridMetric::kOpenPer1000: return fmt::format("{:.1f}", *v);
    case ops::GridMetric::kChange24h:
    case ops::GridMetric::kChange7d: return fmt::format("{:+.0f}", *v);
    default: return fmt::format("{:.0f}", *v);
  }
}

void Ranking(const geo::GridSet& set, const ops::HotspotReport& report, UiState& ui) {
  ImGui::SetNextItemWidth(160);
  const int current = static_cast<int>(ui.hotspot_metric);
  if (ImGui::BeginCombo("##hotmetric", TrName(ops::kGridMetricNames[current]).c_str())) {
    for (int m = 0; m < ops::kGridMetricCount; ++m) {
      if (ImGui::Selectable(TrName(ops::kGridMetricNames[m]).c_str(), m == current)) {
        ui.hotspot_metric = static_cast<ops::GridMetric>(m);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::TextColored(kHot, "%s %d", Tr(kHotGrids), report.hot_grids);
  std::vector<ops::GridRow> rows = report.grids;
  ops::SortGridRows(rows, ui.hotspot_metric, set);
  if (!ImGui::BeginTable("ranking", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
    return;
  }
  ImGui::TableSetupColumn(Tr(kGrids), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("##v", ImGuiTableColumnFlags_WidthFixed, 48);
  ImGui::TableSetupColumn(Tr(kVsDay), ImGuiTableColumnFlags_WidthFixed, 48);
  ImGui::TableSetupColumn("Gi*", ImGuiTableColumnFlags_WidthFixed, 52);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < std::min<size_t>(rows.size(), 12); ++i) {
    const ops::GridRow& r = rows[i];
    ImGui::TableNextColumn();
    ImGui::PushID(static_cast<int>(r.grid));
    if (ImGui::Selectable(set.features[r.grid].name.c_str(), ui.selected == r.grid,
                          ImGuiSelectableFlags_SpanAllColumns)) {
      DrillTo(ui, set, r.grid);
    }
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(ValueText(r, ui.hotspot_metric).c_str());
    ImGui::TableNextColumn();
    if (r.change_24h != 0) {
      ImGui::TextColored(r.change_24h > 0 ? kHot : kGood, "%+d", r.change_24h);
    } else {
      ImGui::TextDisabled("0");
    }
    ImGui::TableNextColumn();
    if (r.gi.hot) ImGui::TextColored(kHot, "%s", Tr(kHotMark));
    else if (r.gi.tested) ImGui::TextDisabled("z %.1f", r.gi.z);
  }
  ImGui::EndTable();
}

void Warnings(const geo::GridSet& set, const ops::Catalog& catalog,
              const ops::HotspotReport& report, UiState& ui) {
  ImGui::TextColored(kLabel, "%s", Tr(kEarlyWarning));
  if (report.warning_history_days == 0) {
    ImGui::TextDisabled("%s", Tr(kWarningNoHistory));
    return;
  }
  if (report.warnings.empty()) {
    ImGui::TextColored(kGood, "%s", Tr(kNoWarnings));
    return;
  }
  for (size_t i = 0; i < std::min<size_t>(report.warnings.size(), 5); ++i) {
    const ops::EarlyWarning& w = report.warnings[i];
    ImGui::PushID(static_cast<int>(i));
    const ops::Family* f = catalog.FindFamily(w.family);
    if (ImGui::Selectable(fmt::format("⚠ {} · {}", set.features[w.grid].name,
                                      f ? TrOf(*f) : w.family).c_str())) {
      DrillTo(ui, set, w.grid);
    }
    ImGui::PopID();
    ImGui::TextColored(kLabel, "   %s", w.reason.c_str());
  }
}

void League(const geo::GridSet& set, const ops::HotspotReport& report, UiState& ui) {
  ImGui::TextColored(kLabel, "%s", Tr(kLeague));
  if (report.league.empty()) {
    ImGui::TextDisabled("%s", Tr(kNoValue));
    return;
  }
  if (!ImGui::BeginTable("league", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
    return;
  }
  ImGui::TableSetupColumn(Tr(kCompounds), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(Tr(kOnTimeShort), ImGuiTableColumnFlags_WidthFixed, 52);
  ImGui::TableSetupColumn(Tr(kReworkShort), ImGuiTableColumnFlags_WidthFixed, 52);
  ImGui::TableSetupColumn(Tr(kScore), ImGuiTableColumnFlags_WidthFixed, 40);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < std::min<size_t>(report.league.size(), 10); ++i) {
    const ops::CompoundRow& c = report.league[i];
    ImGui::TableNextColumn();
    ImGui::PushID(static_cast<int>(c.compound));
    if (ImGui::Selectable(fmt::format("{}. {}", i + 1, set.features[c.compound].name).c_str(),
                          ui.selected == c.compound, ImGuiSelectableFlags_SpanAllColumns)) {
      DrillTo(ui, set, c.compound);
    }
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::Text("%.0f%%", c.on_time_rate * 100);
    ImGui::TableNextColumn();
    ImGui::Text("%.0f%%", c.rework_rate * 100);
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", c.score * 100);
  }
  ImGui::EndTable();
}

}  // namespace

void DrawHotspots(const geo::GridSet& set, const ops::Catalog& catalog,
                  const ops::HotspotReport& report, UiState& ui) {
  ImGui::PushStyleColor(ImGuiCol_Text, kLabel);
  WrappedText(Tr(Text{ops::kGiStarExplanationZh, ops::kGiStarExplanationEn}));
  ImGui::PopStyleColor();
  Ranking(set, report, ui);
  ImGui::Separator();
  Warnings(set, catalog, report, ui);
  ImGui::Separator();
  League(set, report, ui);
}

}  // namespace viewer
