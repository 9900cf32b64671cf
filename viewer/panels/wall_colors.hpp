// The wall's high-contrast palette and window flags, shared by its panels:
// white on near-black, labels a light grey-blue (contrast ratio above 10:1),
// state colours saturated enough to tell apart from five metres.
#pragma once

#include <imgui.h>

#include "viewer/map_style.hpp"

namespace viewer {

inline const ImVec4 kWallText(1.00f, 1.00f, 1.00f, 1.0f);
inline const ImVec4 kWallLabel(0.74f, 0.80f, 0.90f, 1.0f);
inline const ImVec4 kWallQuiet(0.42f, 0.46f, 0.54f, 1.0f);  // zero counts: present, not shouting
inline const ImVec4 kWallGood(0.36f, 0.92f, 0.48f, 1.0f);
inline const ImVec4 kWallWarn(1.00f, 0.78f, 0.22f, 1.0f);
inline const ImVec4 kWallAlarm(1.00f, 0.36f, 0.32f, 1.0f);
inline const ImVec4 kWallPanel(0.02f, 0.03f, 0.05f, 1.0f);  // opaque: nothing shows through

inline constexpr ImGuiWindowFlags kWallWindowFlags =
    ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
    ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoInputs;

inline ImVec4 WallLevelColor(int level) {
  const Rgba c = IncidentLevelColor(level);
  return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1);
}

}  // namespace viewer
