// The wall's clock and the feed's health, top right. The time is local
// (Asia/Shanghai) with seconds, so a glance tells the screen is alive; the
// dot is green "实时" while the feed is live and red "中断" otherwise (the
// banner over the map says why), amber "回放" on a replayed moment.
#include <imgui.h>

#include "viewer/panels/panels.hpp"
#include "viewer/panels/wall_colors.hpp"
#include "viewer/strings.hpp"

namespace viewer {

void DrawWallClock(const std::string& time, const std::string& date, const std::string& problem,
                   bool replaying, const WallFonts& fonts, float x, float y, float width,
                   float height) {
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("wall_clock", nullptr, kWallWindowFlags);
  const bool live = problem.empty();
  if (replaying)
    ImGui::TextColored(kWallWarn, "● %s", Tr(kReplaying));
  else
    ImGui::TextColored(live ? kWallGood : kWallAlarm, "● %s", Tr(live ? kLive : kFeedDown));
  ImGui::SameLine(0, fonts.body->FontSize);
  ImGui::TextColored(kWallLabel, "%s", Tr(kBeijingTime));
  ImGui::PushFont(fonts.figure);
  ImGui::TextColored(kWallText, "%s", time.c_str());
  ImGui::PopFont();
  ImGui::TextColored(kWallLabel, "%s", date.c_str());
  ImGui::End();
}

}  // namespace viewer
