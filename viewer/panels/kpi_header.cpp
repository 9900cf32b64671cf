// The KPI header across the top of the map: the county's numbers under the
// active filter, each with its trend, and the filter itself, always visible.
#include <imgui.h>

#include <fmt/format.h>

#include <cmath>

#include "ops/stage.hpp"
#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

const ImVec4 kLabel(0.62f, 0.68f, 0.78f, 1.0f);
const ImVec4 kWorse(1.00f, 0.45f, 0.40f, 1.0f);
const ImVec4 kBetter(0.45f, 0.85f, 0.55f, 1.0f);
const ImVec4 kSame(0.62f, 0.68f, 0.78f, 1.0f);

// One tile: a label, the value in the large font, and below it the change
// against `then` in the colour of whether it got better or worse. Hovering
// it explains what it counts (`note`) and, when it shows "—", why.
struct Tile {
  const Text& label;
  std::string value;
  std::string change;  // "" = no trend to show
  int direction = 0;   // +1 worse, -1 better, 0 unchanged
  const Text* note = nullptr;
  const Text* no_data = nullptr;  // set when the value is "—"
};

void DrawTile(const Tile& t, ImFont* big) {
  ImGui::TableNextColumn();
  ImGui::BeginGroup();
  ImGui::TextColored(kLabel, "%s", Tr(t.label));
  ImGui::PushFont(big);
  ImGui::TextUnformatted(t.value.c_str());
  ImGui::PopFont();
  if (!t.change.empty()) {
    const ImVec4 c = t.direction > 0 ? kWorse : t.direction < 0 ? kBetter : kSame;
    ImGui::TextColored(c, "%s", t.change.c_str());
  }
  ImGui::EndGroup();
  if ((t.note || t.no_data) && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
    if (t.no_data) ImGui::TextColored(ImVec4(1.0f, 0.80f, 0.35f, 1.0f), "%s", Tr(*t.no_data));
    if (t.note) ImGui::TextUnformatted(Tr(*t.note));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

// "▲ 12" / "▼ 3" / "—" against the day before (the header's last line says
// against what); higher_is_worse picks the colour.
Tile Count(const Text& label, int64_t now, int64_t then, bool higher_is_worse) {
  const int64_t d = now - then;
  std::string change =
      d == 0 ? "—" : fmt::format("{} {}", d > 0 ? "▲" : "▼", Thousands(d > 0 ? d : -d));
  const int worse = d == 0 ? 0 : ((d > 0) == higher_is_worse ? 1 : -1);
  return {label, Thousands(now), change, worse, nullptr, nullptr};
}

// A rate in [0, 1] as a percentage, its change in points; -1: no data,
// shown as "—" with `no_data` on hover.
Tile Rate(const Text& label, double now, double then, bool higher_is_worse, const Text& note,
          const Text& no_data) {
  if (now < 0) return {label, "—", "", 0, &note, &no_data};
  std::string change;
  int worse = 0;
  if (then >= 0) {
    const double d = std::round((now - then) * 1000) / 10;
    change = d == 0 ? "—" : fmt::format("{} {:.1f}", d > 0 ? "▲" : "▼", std::abs(d));
    worse = d == 0 ? 0 : ((d > 0) == higher_is_worse ? 1 : -1);
  }
  // "100%" rather than "100.0%": the tile is sized for "99.9%".
  std::string value = now >= 0.9995 ? "100%" : fmt::format("{:.1f}%", now * 100);
  return {label, std::move(value), change, worse, &note, nullptr};
}

}  // namespace

float DrawKpiHeader(const LiveView& view, const HeaderFonts& fonts, float x, float width) {
  const ops::AreaKpis& k = view.kpis().county;
  const ops::AreaKpis& then = view.day_ago().county;
  ImGui::SetNextWindowPos(ImVec2(x, 0));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::SetNextWindowBgAlpha(0.92f);
  ImGui::Begin("kpis", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing);
  constexpr int kTiles = 11;
  if (!ImGui::BeginTable("tiles", kTiles, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::End();
    return 0;
  }
  // Equal tiles, but the incidents' four numbers need a wider one.
  for (int c = 0; c < kTiles; ++c) {
    ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthStretch, c == kTiles - 2 ? 1.25f : 1.0f);
  }
  DrawTile(Count(kOpen, k.open, then.open, true), fonts.big);
  DrawTile(Count(kOverdue, k.overdue, then.overdue, true), fonts.big);
  DrawTile(Count(kReceivedToday, k.received_today, then.received_today, true), fonts.big);
  DrawTile(Count(kClosedToday, k.closed_today, then.closed_today, false), fonts.big);
  // The 12345 assessment's rates (响应率、解决率、满意度) beside the county's own.
  DrawTile(Rate(kResponseRate, k.ResponseRate(), then.ResponseRate(), false, kResponseNote,
                kNoResponseDue),
           fonts.big);
  DrawTile(Rate(kOnTimeRate, k.OnTimeRate(), then.OnTimeRate(), false, kOnTimeNote, kNoClosedYet),
           fonts.big);
  DrawTile(Rate(kResolutionRate, k.ResolutionRate(), then.ResolutionRate(), false,
                kResolutionNote, kNoClosedYet),
           fonts.big);
  DrawTile(Rate(kReworkRate, k.ReworkRate(), then.ReworkRate(), true, kReworkNote, kNoClosedYet),
           fonts.big);
  {
    Tile t{kSatisfaction, "—", "", 0, &kSatisfactionNote, &kNoRatingsYet};
    if (k.Satisfaction() >= 0) {
      t.value = fmt::format("{:.2f}", k.Satisfaction());
      t.no_data = nullptr;
      if (then.Satisfaction() >= 0) {
        const double d = std::round((k.Satisfaction() - then.Satisfaction()) * 100) / 100;
        t.change = d == 0 ? "—" : fmt::format("{} {:.2f}", d > 0 ? "▲" : "▼", std::abs(d));
        t.direction = d == 0 ? 0 : (d > 0 ? -1 : 1);
      }
    }
    DrawTile(t, fonts.big);
  }
  // Incidents by level in their colours: I red, II orange, III yellow, IV blue.
  {
    const auto& by_level = view.kpis().incidents_by_level;
    ImGui::TableNextColumn();
    ImGui::TextColored(kLabel, "%s", Tr(kIncidents));
    ImGui::PushFont(fonts.big);
    for (int l = 0; l < 4; ++l) {
      const Rgba c = IncidentLevelColor(l + 1);
      const ImVec4 color = by_level[l] > 0 ? ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1)
                                           : ImVec4(0.40f, 0.44f, 0.52f, 1);
      if (l) ImGui::SameLine(0, 7);
      ImGui::TextColored(color, "%d", by_level[l]);
    }
    ImGui::PopFont();
    ImGui::TextColored(kLabel, "I · II · III · IV");
  }
  {
    Tile t{kSensorsAlarm, Thousands(k.sensors_alarm), "", k.sensors_alarm > 0 ? 1 : 0, nullptr,
           nullptr};
    t.change = fmt::format("{} {}", Tr(kWarnCount), k.sensors_warn);
    ImGui::PushStyleColor(ImGuiCol_Text, k.sensors_alarm > 0 ? kWorse : ImVec4(1, 1, 1, 1));
    DrawTile(t, fonts.big);
    ImGui::PopStyleColor();
  }
  ImGui::EndTable();
  // The active filter, always in view: every number above obeys it.
  if (view.filter_text().empty()) {
    ImGui::TextColored(kLabel, "%s", Tr(kFilterAll));
  } else {
    ImGui::TextColored(ImVec4(1.0f, 0.80f, 0.35f, 1.0f), "%s%s", Tr(kFilterPrefix),
                       view.filter_text().c_str());
  }
  if (const ops::Snapshot* s = view.snapshot()) {
    ImGui::SameLine();
    ImGui::TextColored(kLabel, "   %s %s   %s", Tr(kSnapshotAt), FormatLocalTime(s->now).c_str(),
                       Tr(kTrendNote));
  }
  const float height = ImGui::GetWindowHeight();
  ImGui::End();
  return height;
}

}  // namespace viewer
