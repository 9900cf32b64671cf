// The ticker: the latest events, newest first, each a line of time and kind
// in its colour over what and where. A list rather than a crawl: text that
// moves cannot be read from five metres, and a list keeps the last few
// minutes in view.
#include <imgui.h>

#include "viewer/panels/panels.hpp"
#include "viewer/panels/wall_colors.hpp"
#include "viewer/strings.hpp"
#include "viewer/wall_model.hpp"

namespace viewer {

namespace {

ImVec4 ColorOf(const TickerLine& l) {
  if (l.severity == 2) return kWallAlarm;
  if (l.level > 0 && l.kind == TickerLine::kIncident) return WallLevelColor(l.level);
  if (l.severity == 1) return kWallWarn;
  if (l.kind == TickerLine::kSummons || l.kind == TickerLine::kReportIn) return kWallGood;
  return ImVec4(0.55f, 0.78f, 1.0f, 1.0f);  // routine: a calm blue
}

}  // namespace

void DrawWallTicker(const std::vector<TickerLine>& lines, const WallFonts&, float x, float y,
                    float width, float height) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("wall_ticker", nullptr, kWallWindowFlags);
  ImGui::TextColored(kWallLabel, "%s", Tr(kTickerTitle));
  ImGui::Separator();
  if (lines.empty()) ImGui::TextColored(kWallQuiet, "%s", Tr(kNoEventsYet));
  const float bottom = ImGui::GetWindowPos().y + height - ImGui::GetStyle().WindowPadding.y;
  for (const TickerLine& l : lines) {
    // Two lines an event; stop before one would be cut by the bottom edge.
    if (ImGui::GetCursorScreenPos().y + 2 * ImGui::GetTextLineHeightWithSpacing() > bottom) break;
    ImGui::TextColored(kWallLabel, "%s", FormatLocalTime(l.at).substr(11).c_str());
    ImGui::SameLine();
    ImGui::TextColored(ColorOf(l), "%s", l.label.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, kWallText);
    // One line: an event's text longer than the column ends in "…".
    std::string text = l.text;
    const float room = ImGui::GetContentRegionAvail().x;
    if (ImGui::CalcTextSize(text.c_str()).x > room) {
      while (!text.empty() && ImGui::CalcTextSize((text + "…").c_str()).x > room) {
        // Drop one UTF-8 character from the end.
        size_t cut = text.size() - 1;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text.resize(cut);
      }
      text += "…";
    }
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace viewer
