// The filter panel: category families, stages, sources and a time window.
// Every layer, KPI and ranking obeys what is chosen here.
#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>

#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

// A row of checkboxes over `on`, `columns` wide.
template <size_t N, typename Name>
void Checkboxes(const char* id, std::array<bool, N>& on, Name name, int columns) {
  if (!ImGui::BeginTable(id, columns)) return;
  for (size_t i = 0; i < N; ++i) {
    ImGui::TableNextColumn();
    ImGui::PushID(static_cast<int>(i));
    ImGui::Checkbox(name(i).c_str(), &on[i]);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

void DrawFilters(const ops::Catalog& catalog, UiState& ui) {
  ops::DemandFilter& f = ui.filter;
  if (!ImGui::CollapsingHeader(Tr(kFilters), ImGuiTreeNodeFlags_DefaultOpen)) return;
  if (!f.Empty()) {
    if (ImGui::SmallButton(Tr(kClearFilter))) f = ops::DemandFilter();
  }
  // Families: all ticked means no family filter (an empty list).
  ImGui::TextDisabled("%s", Tr(kFamilies));
  if (ImGui::BeginTable("families", 2)) {
    for (const ops::Family& family : catalog.families) {
      ImGui::TableNextColumn();
      const bool all = f.families.empty();
      auto it = std::find(f.families.begin(), f.families.end(), family.code);
      bool on = all || it != f.families.end();
      if (ImGui::Checkbox(TrOf(family).c_str(), &on)) {
        if (all) {
          for (const ops::Family& other : catalog.families) f.families.push_back(other.code);
          it = std::find(f.families.begin(), f.families.end(), family.code);
        }
        if (on && it == f.families.end()) f.families.push_back(family.code);
        // The last family stays: an empty list would mean every family.
        if (!on && it != f.families.end() && f.families.size() > 1) f.families.erase(it);
        if (f.families.size() == catalog.families.size()) f.families.clear();
      }
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("%s", Tr(kStages));
  Checkboxes("stages", f.stages, [](size_t i) { return TrName(ops::kStageNames[i]); }, 3);
  ImGui::TextDisabled("%s", Tr(kSources));
  Checkboxes("sources", f.sources, [](size_t i) { return TrName(ops::kSourceNames[i]); },
             3);
  ImGui::TextDisabled("%s", Tr(kWindow));
  const std::pair<const Text*, ops::TimeMs> windows[] = {
      {&kWindowAny, 0}, {&kWindow24h, ops::kDay}, {&kWindow7d, 7 * ops::kDay},
      {&kWindow30d, 30 * ops::kDay}};
  for (const auto& [label, window] : windows) {
    if (window) ImGui::SameLine();
    if (ImGui::RadioButton(Tr(*label), f.window == window)) f.window = window;
  }
}

}  // namespace viewer
