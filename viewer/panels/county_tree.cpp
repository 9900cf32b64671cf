#include <imgui.h>

#include <fmt/format.h>

#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

bool IsAncestorOf(const geo::GridSet& set, geo::FeatureId ancestor, geo::FeatureId id) {
  for (; id != geo::kNoFeature; id = set.features[id].parent) {
    if (id == ancestor) return true;
  }
  return false;
}

size_t CountDescendants(const geo::GridSet& set, geo::FeatureId id) {
  size_t n = 0;
  for (geo::FeatureId c : set.features[id].children) n += 1 + CountDescendants(set, c);
  return n;
}

void DrawNode(const geo::GridSet& set, geo::FeatureId id, UiState& ui, geo::FeatureId& reveal) {
  const geo::Feature& f = set.features[id];
  ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth;
  if (f.children.empty()) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
  if (ui.selected == id) flags |= ImGuiTreeNodeFlags_Selected;
  // Open the path down to a selection made on the map.
  if (reveal != geo::kNoFeature && IsAncestorOf(set, id, reveal) && id != reveal) {
    ImGui::SetNextItemOpen(true);
  }
  std::string label = f.name;
  // Counts of what lies below, by level: "· 5 网格 · 15 小区".
  if (!f.children.empty()) {
    const geo::Level below = set.features[f.children.front()].level;
    label += fmt::format("  · {} {}", f.children.size(), LevelLabel(set, below));
    const size_t deeper = CountDescendants(set, id) - f.children.size();
    if (deeper > 0) {
      const geo::FeatureId grandchild = set.features[f.children.front()].children.empty()
                                            ? geo::kNoFeature
                                            : set.features[f.children.front()].children.front();
      if (grandchild != geo::kNoFeature) {
        label += fmt::format(" · {} {}", deeper, LevelLabel(set, set.features[grandchild].level));
      }
    }
  }
  ImGui::PushID(static_cast<int>(id));
  const bool open = ImGui::TreeNodeEx("node", flags, "%s", label.c_str());
  if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) SelectAndZoom(ui, id);
  if (reveal == id) {
    ImGui::SetScrollHereY(0.3f);
    reveal = geo::kNoFeature;
  }
  if (ImGui::IsItemHovered()) ui.hovered = id;
  if (open && !f.children.empty()) {
    for (geo::FeatureId c : f.children) DrawNode(set, c, ui, reveal);
    ImGui::TreePop();
  }
  ImGui::PopID();
}

}  // namespace

void DrawCountyTree(const geo::GridSet& set, UiState& ui) {
  geo::FeatureId reveal = ui.selected != ui.tree_revealed ? ui.selected : geo::kNoFeature;
  ui.tree_revealed = ui.selected;
  ImGui::Separator();
  ImGui::TextUnformatted(Tr(kHierarchy));
  ImGui::BeginChild("tree", ImVec2(0, 0), false);
  const auto community = geo::Level::kCommunity;
  for (geo::FeatureId id = set.LevelBegin(community); id < set.LevelEnd(community); ++id) {
    DrawNode(set, id, ui, reveal);
  }
  ImGui::EndChild();
}

}  // namespace viewer
