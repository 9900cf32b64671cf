// The choropleth's legend, in the map's lower-right corner: what the colours
// mean, class by class, and how many areas fall in each.
#include <imgui.h>

#include <fmt/format.h>

#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

std::string Range(const LegendClass& c, Metric metric) {
  const bool count = metric != Metric::kPer1000;
  if (c.from == c.to) return count ? fmt::format("{:.0f}", c.to) : fmt::format("{:.1f}", c.to);
  return count ? fmt::format("{:.0f} – {:.0f}", c.from, c.to)
               : fmt::format("{:.1f} – {:.1f}", c.from, c.to);
}

}  // namespace

void DrawLegend(const geo::GridSet& set, const Legend* legend, geo::Level level, int hot_grids,
                float right, float bottom) {
  ImGui::SetNextWindowPos(ImVec2(right, bottom), 0, ImVec2(1, 1));
  ImGui::SetNextWindowBgAlpha(0.88f);
  ImGui::Begin("legend", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float h = ImGui::GetTextLineHeight();
  auto count = [&](int areas) {
    // 110 px at the desk's 17 px type, in proportion on the wall's larger type.
    ImGui::SameLine(2 * h + 110 * h / 17);
    ImGui::TextDisabled("%d %s", areas, Tr(kLegendAreas));
  };
  if (legend) {
    ImGui::Text("%s · %s", Tr(kMetricNames[static_cast<int>(legend->metric)]),
                LevelLabel(set, level));
    auto row = [&](Rgba c, const std::string& text, int areas) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      draw->AddRectFilled(p, ImVec2(p.x + 2 * h, p.y + h), IM_COL32(c.r, c.g, c.b, 255));
      draw->AddRect(p, ImVec2(p.x + 2 * h, p.y + h), IM_COL32(255, 255, 255, 60));
      ImGui::Dummy(ImVec2(2 * h, h));
      ImGui::SameLine();
      ImGui::TextUnformatted(text.c_str());
      count(areas);
    };
    for (const LegendClass& c : legend->classes) row(c.color, Range(c, legend->metric), c.areas);
    if (legend->classes.empty()) ImGui::TextDisabled("%s", Tr(kNoValue));
  }
  if (hot_grids >= 0) {
    if (legend) ImGui::Separator();
    // The swatch is the map's mark in small: glow, dark casing, cyan line.
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 a(p.x + 3, p.y + 3), b(p.x + 2 * h - 3, p.y + h - 3);
    auto col = [](Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); };
    draw->AddRect(a, b, col(kHotMarkStyle.glow), 0, 0, 6);
    draw->AddRect(a, b, col(kHotMarkStyle.casing), 0, 0, 4);
    draw->AddRect(a, b, col(kHotMarkStyle.line), 0, 0, 2);
    ImGui::Dummy(ImVec2(2 * h, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(Tr(kHotLegend));
    count(hot_grids);
    ImGui::TextDisabled("%s", Tr(kHotLegendNote));
  }
  ImGui::End();
}

}  // namespace viewer
