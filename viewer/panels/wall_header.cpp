// The wall's KPI band: eight of the county's numbers, each a label over its
// value in the figure font and its change against 24 h before. Fewer tiles
// than the desk's header (no rates a visitor must hover to understand, no
// filter line): from five metres a tile must be read in a glance.
#include <imgui.h>

#include <fmt/format.h>

#include <cmath>

#include "viewer/panels/panels.hpp"
#include "viewer/panels/wall_colors.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

struct Tile {
  const Text& label;
  std::string value;
  std::string change;  // "" = none
  int direction = 0;   // +1 worse, -1 better
  int severity = 0;    // colours the value: 1 amber, 2 red
};

Tile Count(const Text& label, int64_t now, int64_t then, bool higher_is_worse) {
  const int64_t d = now - then;
  std::string change =
      d == 0 ? "—" : fmt::format("{} {}", d > 0 ? "▲" : "▼", Thousands(d > 0 ? d : -d));
  return {label, Thousands(now), change, d == 0 ? 0 : ((d > 0) == higher_is_worse ? 1 : -1), 0};
}

void DrawTile(const Tile& t, const WallFonts& fonts) {
  ImGui::TableNextColumn();
  ImGui::TextColored(kWallLabel, "%s", Tr(t.label));
  ImGui::PushFont(fonts.figure);
  ImGui::TextColored(t.severity == 2 ? kWallAlarm : t.severity == 1 ? kWallWarn : kWallText, "%s",
                     t.value.c_str());
  ImGui::PopFont();
  if (!t.change.empty()) {
    ImGui::TextColored(t.direction > 0 ? kWallAlarm : t.direction < 0 ? kWallGood : kWallLabel,
                       "%s", t.change.c_str());
  }
}

}  // namespace

void DrawWallHeader(const LiveView& view, const WallFonts& fonts, float x, float y, float width,
                    float height) {
  const ops::AreaKpis& k = view.kpis().county;
  const ops::AreaKpis& then = view.day_ago().county;
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("wall_kpis", nullptr, kWallWindowFlags);
  constexpr int kTiles = 8;
  if (ImGui::BeginTable("tiles", kTiles, ImGuiTableFlags_SizingStretchProp)) {
    for (int c = 0; c < kTiles; ++c) {
      // The incidents' four numbers need a wider tile, the sensors' label too.
      const float weight = c == 6 ? 1.5f : c == 7 ? 1.3f : 1.0f;
      ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthStretch, weight);
    }
    DrawTile(Count(kOpen, k.open, then.open, true), fonts);
    Tile overdue = Count(kOverdue, k.overdue, then.overdue, true);
    overdue.severity = k.overdue > 0 ? 1 : 0;
    DrawTile(overdue, fonts);
    DrawTile(Count(kReceivedToday, k.received_today, then.received_today, true), fonts);
    DrawTile(Count(kClosedToday, k.closed_today, then.closed_today, false), fonts);
    {
      const double r = k.OnTimeRate();
      Tile t{kOnTimeRate, r < 0 ? "—" : r >= 0.9995 ? "100%" : fmt::format("{:.1f}%", r * 100), "",
             0, 0};
      if (r >= 0 && then.OnTimeRate() >= 0) {
        const double d = std::round((r - then.OnTimeRate()) * 1000) / 10;
        t.change = d == 0 ? "—" : fmt::format("{} {:.1f}", d > 0 ? "▲" : "▼", std::abs(d));
        t.direction = d == 0 ? 0 : (d > 0 ? -1 : 1);
      }
      DrawTile(t, fonts);
    }
    {
      const double sat = k.Satisfaction();
      DrawTile({kSatisfaction, sat < 0 ? "—" : fmt::format("{:.2f}", sat), "", 0, 0}, fonts);
    }
    // Incidents by level, each in its level's colour: I red … IV blue.
    ImGui::TableNextColumn();
    ImGui::TextColored(kWallLabel, "%s", Tr(kIncidents));
    ImGui::PushFont(fonts.figure);
    const auto& by_level = view.kpis().incidents_by_level;
    for (int l = 0; l < 4; ++l) {
      if (l) ImGui::SameLine(0, fonts.figure->FontSize * 0.3f);
      ImGui::TextColored(by_level[l] > 0 ? WallLevelColor(l + 1) : kWallQuiet, "%d", by_level[l]);
    }
    ImGui::PopFont();
    ImGui::TextColored(kWallLabel, "I · II · III · IV");
    Tile alarms{kSensorsAlarm, Thousands(k.sensors_alarm), "", 0, k.sensors_alarm > 0 ? 2 : 0};
    alarms.change = fmt::format("{} {}", Tr(kWarnCount), k.sensors_warn);
    DrawTile(alarms, fonts);
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace viewer
