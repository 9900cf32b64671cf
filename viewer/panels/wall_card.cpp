// The tour card, top of the wall's right column: the stop's name and place
// in the tour, its KPIs in the figure font and the areas below it ranked,
// so the community on the map is also told in numbers.
#include <imgui.h>

#include "viewer/panels/panels.hpp"
#include "viewer/panels/wall_colors.hpp"
#include "viewer/strings.hpp"
#include "viewer/wall_screen.hpp"

namespace viewer {

float DrawWallCard(const WallCard& card, const WallFonts& fonts, float x, float y, float width,
                   float max_height) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  // As tall as its lines, so the ticker below gets the rest of the column.
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, max_height));
  ImGui::Begin("wall_card", nullptr, kWallWindowFlags | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushFont(fonts.heading);
  ImGui::TextColored(kWallText, "%s", card.title.c_str());
  ImGui::PopFont();
  ImGui::TextColored(kWallLabel, "%s", card.subtitle.c_str());
  if (!card.note.empty()) ImGui::TextColored(kWallLabel, "%s", card.note.c_str());
  ImGui::Spacing();
  if (!card.figures.empty() && ImGui::BeginTable("figures", 3, ImGuiTableFlags_SizingStretchSame)) {
    for (const WallCard::Figure& f : card.figures) {
      ImGui::TableNextColumn();
      ImGui::TextColored(kWallLabel, "%s", f.label.c_str());
      ImGui::PushFont(fonts.figure);
      ImGui::TextColored(f.severity == 2 ? kWallAlarm : f.severity == 1 ? kWallWarn : kWallText,
                         "%s", f.value.c_str());
      ImGui::PopFont();
    }
    ImGui::EndTable();
  }
  if (!card.ranked.empty()) {
    ImGui::Spacing();
    ImGui::TextColored(kWallLabel, "%s", card.ranked_title.c_str());
    if (ImGui::BeginTable("ranked", 2, ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthStretch, 3.0f);
      ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthStretch, 1.0f);
      for (const WallCard::Ranked& r : card.ranked) {
        ImGui::TableNextColumn();
        ImGui::TextColored(kWallText, "%s", r.name.c_str());
        ImGui::TableNextColumn();
        // Right-aligned, so the numbers line up for comparing.
        const float w = ImGui::CalcTextSize(r.value.c_str()).x;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
        ImGui::TextColored(kWallText, "%s", r.value.c_str());
      }
      ImGui::EndTable();
    }
  }
  const float height = ImGui::GetWindowHeight();
  ImGui::End();
  return height;
}

}  // namespace viewer
