#include <imgui.h>

#include <fmt/format.h>

#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

int64_t LevelPopulation(const geo::GridSet& set, geo::Level level) {
  int64_t sum = 0;
  for (geo::FeatureId id = set.LevelBegin(level); id < set.LevelEnd(level); ++id) {
    sum += set.features[id].population;
  }
  return sum;
}

}  // namespace

void DrawOverview(const geo::GridSet& set, UiState& ui) {
  ImGui::TextColored(ImVec4(0.55f, 0.80f, 1.0f, 1.0f), "%s", Tr(kTitle));
  const std::string county =
      set.features.empty() ? "" : set.features[0].code.substr(0, 6);
  ImGui::TextDisabled("%s %s · %s", Tr(kCounty), county.c_str(), set.display_crs.c_str());
  ImGui::Separator();

  if (ImGui::BeginTable("totals", 3, ImGuiTableFlags_SizingStretchProp)) {
    const Text* names[] = {&kCommunities, &kGrids, &kCompounds};
    for (int l = 0; l < geo::kLevelCount; ++l) {
      const auto level = static_cast<geo::Level>(l);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(Tr(*names[l]));
      ImGui::TableNextColumn();
      ImGui::Text("%zu", set.LevelCount(level));
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s %lld", Tr(kPopulation),
                          static_cast<long long>(LevelPopulation(set, level)));
    }
    ImGui::EndTable();
  }

  ImGui::Separator();
  ImGui::TextUnformatted(Tr(kLayers));
  const Text* names[] = {&kCommunities, &kGrids, &kCompounds};
  for (int l = 0; l < geo::kLevelCount; ++l) {
    ImGui::PushID(l);
    ImGui::Checkbox(fmt::format("{}##fill", Tr(*names[l])).c_str(), &ui.layers.fill[l]);
    ImGui::SameLine(120);
    ImGui::Checkbox(fmt::format("{}##outline", Tr(kOutline)).c_str(), &ui.layers.outline[l]);
    ImGui::PopID();
  }
  ImGui::Checkbox(Tr(kLabels), &ui.show_labels);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", Tr(kFitHint));
  if (!set.notes.empty() && ImGui::CollapsingHeader(Tr(kLoadNotes))) {
    for (const geo::LoadNote& n : set.notes) ImGui::TextWrapped("%s", n.message.c_str());
  }
}

void DrawSelection(const geo::GridSet& set, UiState& ui) {
  ImGui::Separator();
  if (ui.selected == geo::kNoFeature) {
    ImGui::TextDisabled("%s", Tr(kNothingSelected));
    return;
  }
  const geo::Feature& f = set.features[ui.selected];
  const Text* names[] = {&kCommunities, &kGrids, &kCompounds};
  // Breadcrumbs: community › grid › compound, each clickable.
  std::vector<geo::FeatureId> path;
  for (geo::FeatureId id = ui.selected; id != geo::kNoFeature; id = set.features[id].parent) {
    path.insert(path.begin(), id);
  }
  for (size_t i = 0; i < path.size(); ++i) {
    if (i) {
      ImGui::SameLine(0, 4);
      ImGui::TextDisabled("›");
      ImGui::SameLine(0, 4);
    }
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::SmallButton(set.features[path[i]].name.c_str())) SelectAndZoom(ui, path[i]);
    ImGui::PopID();
  }
  ImGui::TextColored(ImVec4(1.0f, 0.86f, 0.45f, 1.0f), "%s  (%s)", f.name.c_str(),
                     Tr(*names[static_cast<int>(f.level)]));
  ImGui::Text("%s  %s", Tr(kCode), f.code.c_str());
  ImGui::Text("%s  %lld %s   %s  %lld", Tr(kPopulation), static_cast<long long>(f.population),
              Tr(kPersons), Tr(kHouseholds), static_cast<long long>(f.households));
  ImGui::Text("%s  %.3f %s", Tr(kArea), f.area_m2 / 1e6, Tr(kSquareKm));
}

}  // namespace viewer
