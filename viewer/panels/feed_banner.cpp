// A followed feed's trouble (`view --connect`), across the top of the map in
// red: a wall read from five metres must never show a stale county as if
// it were live. The sentence is FeedTroubleText's, or FeedWatch's for a
// store in this process.
#include <imgui.h>

#include <algorithm>

#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

float DrawFeedBanner(const std::string& problem, float x, float y, float width) {
  if (problem.empty()) return 0;
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.72f, 0.09f, 0.09f, 0.96f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  ImGui::Begin("feed_banner", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::TextUnformatted(Tr(kFeedProblem));
  ImGui::SameLine();
  // The headline, then (FeedTroubleText's second line) what failed, dimmer.
  const size_t why = std::min(problem.find('\n'), problem.size());
  WrappedText(std::string_view(problem).substr(0, why), width - 16 - ImGui::GetCursorPosX());
  if (why < problem.size()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.86f, 0.86f, 1));
    WrappedText(std::string_view(problem).substr(why + 1), width - 16);
    ImGui::PopStyleColor();
  }
  const float height = ImGui::GetWindowHeight();
  ImGui::End();
  ImGui::PopStyleColor(2);
  return height;
}

}  // namespace viewer
