// The map's legend, in its lower-right corner: what the choropleth's colours
// mean, class by class, and how many areas fall in each; the Gi* hot-grid
// mark; the pings' rings.
#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>

#include "viewer/layers/point_style.hpp"
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

ImU32 Col(Rgba c) {
  return IM_COL32(c.r, c.g, c.b, c.a);
}

// The pings' row: each ring as the map draws it in small (a dark casing
// under the coloured stroke), then its meaning. The stage flash takes the
// new stage's colour, so its swatch shows the four it may take, a quarter
// each.
void PingRow(ImDrawList* draw, float h) {
  const float r = 0.36f * h, stroke = std::max(2.0f, 0.12f * h);
  // The dark casing at the cursor; returns its centre.
  auto casing = [&](float radius) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 c(p.x + 0.5f * h, p.y + 0.5f * h);
    draw->AddCircle(c, radius, Col(kPingCasing), 0, stroke + 2);
    return c;
  };
  auto ring = [&](Rgba color, float radius) {
    draw->AddCircle(casing(radius), radius, Col(color), 0, stroke);
  };
  auto label = [&](const Text& text) {
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(Tr(text));
  };
  ring(StageColor(ops::Stage::kReceived), r);
  label(kPingArrived);
  ImGui::SameLine();
  const ImVec2 c = casing(0.6f * r);
  for (int q = 0; q < 4; ++q) {
    constexpr float kQuarter = 1.5707963f;
    draw->PathArcTo(c, 0.6f * r, kQuarter * (q - 1), kQuarter * q, 6);
    draw->PathStroke(Col(StageColor(static_cast<ops::Stage>(q + 1))), 0, stroke);
  }
  label(kPingMoved);
  ImGui::SameLine();
  ring(kClosedColor, r);
  label(kPingClosed);
}

}  // namespace

ImVec2 DrawLegend(const geo::GridSet& set, const Legend* legend, geo::Level level, int hot_grids,
                  bool pings, ImVec2 at, ImVec2 pivot) {
  ImGui::SetNextWindowPos(at, 0, pivot);
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
    ImGui::TextDisabled("%d %s", areas, Tr(areas == 1 ? kLegendArea : kLegendAreas));
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
    draw->AddRect(a, b, Col(kHotMarkStyle.glow), 0, 0, 6);
    draw->AddRect(a, b, Col(kHotMarkStyle.casing), 0, 0, 4);
    draw->AddRect(a, b, Col(kHotMarkStyle.line), 0, 0, 2);
    ImGui::Dummy(ImVec2(2 * h, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(Tr(kHotLegend));
    count(hot_grids);
    ImGui::TextDisabled("%s", Tr(kHotLegendNote));
  }
  if (pings) {
    if (legend || hot_grids >= 0) ImGui::Separator();
    PingRow(draw, h);
  }
  const ImVec2 size = ImGui::GetWindowSize();
  ImGui::End();
  return size;
}

}  // namespace viewer
