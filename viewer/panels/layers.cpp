// The layer panel: the choropleth (metric and level), the live layers, and
// each level's fill and outline.
#include <imgui.h>

#include <fmt/format.h>

#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

void DrawLayers(const geo::GridSet& set, UiState& ui, bool live) {
  if (!ImGui::CollapsingHeader(Tr(kLayers), ImGuiTreeNodeFlags_DefaultOpen)) return;
  if (live) {
    ImGui::Checkbox(Tr(kChoropleth), &ui.layers.thematic);
    if (ui.layers.thematic) {
      ImGui::SetNextItemWidth(170);
      const int metric = static_cast<int>(ui.metric);
      if (ImGui::BeginCombo("##metric", Tr(kMetricNames[metric]))) {
        for (int m = 0; m < kMetricCount; ++m) {
          if (ImGui::Selectable(Tr(kMetricNames[m]), m == metric)) ui.metric = static_cast<Metric>(m);
        }
        ImGui::EndCombo();
      }
      ImGui::SameLine();
      ImGui::SetNextItemWidth(90);
      const int level = static_cast<int>(ui.layers.thematic_level);
      if (ImGui::BeginCombo("##level", LevelLabel(set, ui.layers.thematic_level))) {
        for (int l = 0; l < geo::kLevelCount; ++l) {
          if (set.LevelCount(static_cast<geo::Level>(l)) == 0) continue;
          if (ImGui::Selectable(LevelLabel(set, static_cast<geo::Level>(l)), l == level)) {
            ui.layers.thematic_level = static_cast<geo::Level>(l);
          }
        }
        ImGui::EndCombo();
      }
    }
    if (ImGui::BeginTable("live", 2)) {
      ImGui::TableNextColumn();
      ImGui::Checkbox(Tr(kDemandPoints), &ui.live.demands);
      ImGui::TableNextColumn();
      ImGui::Checkbox(Tr(kHeat), &ui.live.heat);
      ImGui::TableNextColumn();
      ImGui::Checkbox(Tr(kSensors), &ui.live.sensors);
      ImGui::TableNextColumn();
      ImGui::Checkbox(Tr(kIncidents), &ui.live.incidents);
      ImGui::TableNextColumn();
      ImGui::Checkbox(Tr(kHotGridsLayer), &ui.layers.hot_grids);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", Tr(Text{ops::kGiStarExplanationZh, ops::kGiStarExplanationEn}));
      ImGui::TableNextColumn();
      ImGui::Checkbox(Tr(kPings), &ui.live.pings);
      ImGui::EndTable();
    }
  }
  for (int l = 0; l < geo::kLevelCount; ++l) {
    if (set.LevelCount(static_cast<geo::Level>(l)) == 0) continue;
    ImGui::PushID(l);
    ImGui::Checkbox(fmt::format("{}##fill", LevelLabel(set, static_cast<geo::Level>(l))).c_str(),
                    &ui.layers.fill[l]);
    ImGui::SameLine(120);
    ImGui::Checkbox(fmt::format("{}##outline", Tr(kOutline)).c_str(), &ui.layers.outline[l]);
    ImGui::PopID();
  }
  ImGui::Checkbox(Tr(kLabels), &ui.show_labels);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", Tr(kFitHint));
}

}  // namespace viewer
