#include <imgui.h>

#include <fmt/format.h>

#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

// 98903 → "98,903": counts read at a glance.
std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

const char* LevelLabel(const geo::GridSet& set, geo::Level level) {
  const std::string& label = set.reports[static_cast<int>(level)].label;
  // A flat source's one level is named after its layer.
  if (!label.empty() && label != geo::kLevelNames[static_cast<int>(level)]) return label.c_str();
  return Tr(kLevelNames[static_cast<int>(level)]);
}

void DrawOverview(const geo::GridSet& set) {
  ImGui::TextColored(ImVec4(0.55f, 0.80f, 1.0f, 1.0f), "%s", Tr(kTitle));
  ImGui::TextDisabled("%s %s · %s",
                      set.county_name.empty() ? Tr(kCounty) : set.county_name.c_str(),
                      set.county_code.c_str(), set.display_crs.c_str());
  ImGui::Separator();

  // Totals: how many areas of each level, and the people in them (the
  // communities hold everyone, so their sums are the county's).
  if (English()) {  // the English names are too long for the columns: one line
    std::string line;
    for (int l = 0; l < geo::kLevelCount; ++l) {
      const size_t n = set.LevelCount(static_cast<geo::Level>(l));
      if (n == 0) continue;
      line += fmt::format("{}{} {}", line.empty() ? "" : " · ", n,
                          LevelLabel(set, static_cast<geo::Level>(l)));
    }
    WrappedText(line);
  } else if (ImGui::BeginTable("totals", geo::kLevelCount, ImGuiTableFlags_SizingStretchSame)) {
    for (int l = 0; l < geo::kLevelCount; ++l) {
      const size_t n = set.LevelCount(static_cast<geo::Level>(l));
      if (n == 0) continue;  // a level the county did not deliver
      ImGui::TableNextColumn();
      ImGui::TextColored(ImVec4(1, 1, 1, 1), "%zu", n);
      ImGui::SameLine();
      ImGui::TextDisabled("%s", LevelLabel(set, static_cast<geo::Level>(l)));
    }
    ImGui::EndTable();
  }
  int64_t population = 0, households = 0;
  for (geo::FeatureId id = set.LevelBegin(geo::Level::kCommunity);
       id < set.LevelEnd(geo::Level::kCommunity); ++id) {
    population += set.features[id].population;
    households += set.features[id].households;
  }
  ImGui::Text("%s %s", Tr(kPopulation), Thousands(population).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("·");
  ImGui::SameLine();
  ImGui::Text("%s %s", Tr(kHouseholds), Thousands(households).c_str());

  if (!set.notes.empty() && ImGui::CollapsingHeader(Tr(kLoadNotes))) {
    for (const geo::LoadNote& n : set.notes) WrappedText(n.message);
  }
}

void DrawSelection(const geo::GridSet& set, UiState& ui) {
  ImGui::Separator();
  if (ui.selected == geo::kNoFeature) {
    ImGui::TextDisabled("%s", Tr(kNothingSelected));
    return;
  }
  const geo::Feature& f = set.features[ui.selected];
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
                     LevelLabel(set, f.level));
  ImGui::Text("%s  %s", Tr(kCode), f.code.c_str());
  ImGui::Text("%s  %s %s   %s  %s", Tr(kPopulation), Thousands(f.population).c_str(),
              Tr(kPersons), Tr(kHouseholds), Thousands(f.households).c_str());
  ImGui::Text("%s  %.3f %s", Tr(kArea), f.area_m2 / 1e6, Tr(kSquareKm));
}

}  // namespace viewer
