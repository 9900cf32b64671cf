// Emergency coordination at the desk: the new-incident window (a circle
// placed on the map with its radius, or an area drawn corner by corner; its
// level, class and title; and what it would cover before it is opened) and
// the actions on an open incident's board — summon departments (吹哨) with a
// report-in limit, record their report-ins (报到), move the stage, log,
// close with a summary. The commands run through
// viewer::Coordinator; their outcomes show under the buttons.
#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "viewer/map_style.hpp"
#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

const ImVec4 kLabel(0.62f, 0.68f, 0.78f, 1.0f);
const ImVec4 kBad(1.0f, 0.45f, 0.40f, 1.0f);
const ImVec4 kGood(0.45f, 0.85f, 0.55f, 1.0f);

ImVec4 Color(Rgba c, float alpha = 1) {
  return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, alpha);
}

// The last few outcomes, newest last: what was done, or why not.
void Outcomes(const Desk& desk) {
  if (!desk.coordinator) {
    ImGui::TextColored(kBad, "%s", Tr(kReadOnlyDesk));
    return;
  }
  if (desk.coordinator->pending() > 0) ImGui::TextColored(kLabel, "%s", Tr(kSending));
  if (!desk.recent) return;
  const size_t first = desk.recent->size() > 3 ? desk.recent->size() - 3 : 0;
  for (size_t k = first; k < desk.recent->size(); ++k) {
    const CommandOutcome& o = (*desk.recent)[k];
    if (o.ok) {
      ImGui::TextColored(kGood, "%s", o.what.c_str());
    } else {
      ImGui::PushStyleColor(ImGuiCol_Text, kBad);
      WrappedText(fmt::format("{} {}：{}", Tr(kRefused), o.what, Tr(RefusalReason(o.status))));
      ImGui::PopStyleColor();
      ImGui::PushStyleColor(ImGuiCol_Text, kLabel);
      WrappedText(o.message);
      ImGui::PopStyleColor();
    }
  }
}

bool Button(const char* label, bool enabled) {
  if (!enabled) ImGui::BeginDisabled();
  const bool clicked = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  return clicked && enabled;
}

}  // namespace

void DrawNewIncident(const geo::GridSet& set, const std::optional<ops::IncidentImpact>& preview,
                     const Desk& desk, float x, float y) {
  IncidentDraft& d = desk.ui->draft;
  if (!d.active) return;
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(420, 0));
  ImGui::SetNextWindowBgAlpha(0.95f);
  bool open = true;
  ImGui::Begin(Tr(kNewIncident), &open,
               ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  int shape = static_cast<int>(d.shape);
  ImGui::RadioButton(Tr(kShapeCircle), &shape, static_cast<int>(DraftShape::kCircle));
  ImGui::SameLine();
  ImGui::RadioButton(Tr(kShapeArea), &shape, static_cast<int>(DraftShape::kArea));
  d.shape = static_cast<DraftShape>(shape);
  const ImVec4 hint(1.0f, 0.86f, 0.45f, 1);
  if (d.shape == DraftShape::kCircle) {
    if (!d.placed) {
      ImGui::TextColored(hint, "%s", Tr(kPlaceHint));
    } else {
      ImGui::TextColored(kLabel, "%.5f°E %.5f°N · %s", d.center.lon, d.center.lat, Tr(kPlaceAgain));
    }
  } else {
    ImGui::TextColored(d.corners.size() < 3 ? hint : kLabel, "%s · %s", Tr(kAreaHint),
                       fmt::format(fmt::runtime(Tr(kAreaCorners)), d.corners.size()).c_str());
    if (Button(Tr(kUndoCorner), !d.corners.empty())) d.corners.pop_back();
    ImGui::SameLine();
    if (Button(Tr(kClearArea), !d.corners.empty())) d.corners.clear();
    if (d.corner_refused) ImGui::TextColored(kBad, "%s", Tr(kCornerCrosses));
  }
  ImGui::TextColored(kLabel, "%s", Tr(kLevel));
  for (int level = 1; level <= 4; ++level) {
    ImGui::SameLine();
    const Rgba c = IncidentLevelColor(level);
    ImGui::PushStyleColor(ImGuiCol_Button, Color(c, d.level == level ? 0.95f : 0.25f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, Color(c, 0.7f));
    ImGui::PushStyleColor(ImGuiCol_Text,
                          d.level == level ? ImVec4(0, 0, 0, 1) : ImVec4(1, 1, 1, 1));
    const auto& name = ops::kIncidentLevelNames[static_cast<size_t>(level - 1)];
    if (ImGui::Button(fmt::format("{}##level{}", English() ? name.en : name.zh, level).c_str()))
      d.level = level;
    ImGui::PopStyleColor(3);
  }
  const auto klass = static_cast<size_t>(d.klass);
  ImGui::SetNextItemWidth(220);
  if (ImGui::BeginCombo(Tr(kClass), TrName(ops::kIncidentClassNames[klass]).c_str())) {
    for (size_t k = 0; k < ops::kIncidentClassNames.size(); ++k) {
      if (ImGui::Selectable(TrName(ops::kIncidentClassNames[k]).c_str(), k == klass))
        d.klass = static_cast<ops::IncidentClass>(k);
    }
    ImGui::EndCombo();
  }
  float radius = static_cast<float>(d.radius_m);
  ImGui::SetNextItemWidth(220);
  if (d.shape == DraftShape::kCircle &&
      ImGui::SliderFloat(Tr(kRadius), &radius, static_cast<float>(kDraftMinRadiusM),
                         static_cast<float>(kDraftMaxRadiusM), "%.0f",
                         ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
    d.radius_m = std::round(radius / 10) * 10;
  }
  ImGui::SetNextItemWidth(300);
  ImGui::InputText(Tr(kIncidentTitle), d.title, sizeof d.title);
  if (DraftDrawn(d) && preview) DrawImpactLines(set, *preview);
  ImGui::Separator();
  const auto input = IncidentFromDraft(d, desk.now);
  if (!input && (d.placed || !d.corners.empty()))
    ImGui::TextColored(kLabel, "%s", input.error().message.c_str());
  if (Button(Tr(kOpenIncident), input && desk.coordinator && desk.coordinator->pending() == 0)) {
    desk.coordinator->Open(*input);
  }
  ImGui::SameLine();
  if (ImGui::Button(Tr(kCancel))) open = false;
  Outcomes(desk);
  ImGui::End();
  if (!open) d = IncidentDraft{};
}

void DrawIncidentActions(const ops::Catalog& catalog, const ops::Incident& incident,
                         const Desk& desk) {
  if (incident.stage == ops::IncidentStage::kEnded) return;
  IncidentActions& a = desk.ui->actions;
  FocusActions(a, incident.id);
  const bool can = desk.coordinator != nullptr;
  ImGui::Separator();
  ImGui::PushID("actions");

  // 吹哨: the departments not yet summoned, ticked, with one report-in limit.
  const auto summonable = Summonable(catalog, incident);
  if (!summonable.empty() && ImGui::CollapsingHeader(Tr(kSummonWhom))) {
    int column = 0;
    for (const ops::Department* dep : summonable) {
      auto it = std::find(a.chosen.begin(), a.chosen.end(), dep->code);
      bool ticked = it != a.chosen.end();
      if (column++ % 2) ImGui::SameLine(200);
      if (ImGui::Checkbox(fmt::format("{}##{}", TrOf(*dep), dep->code).c_str(), &ticked)) {
        if (ticked)
          a.chosen.push_back(dep->code);
        else
          a.chosen.erase(it);
      }
    }
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt(Tr(kReportInLimit), &a.report_in_minutes, 5, 30);
    a.report_in_minutes = std::clamp(a.report_in_minutes, 5, 24 * 60);
    ImGui::SameLine();
    if (Button(Tr(kSummonAction), can && !a.chosen.empty())) {
      desk.coordinator->Summon(incident.id, a.chosen, a.report_in_minutes, desk.now);
      a.chosen.clear();
    }
  }

  // 报到: one button per department still expected.
  const auto awaiting = AwaitingReportIn(incident);
  for (size_t k = 0; k < awaiting.size(); ++k) {
    const ops::Department* dep = catalog.FindDepartment(awaiting[k]);
    if (k % 2) ImGui::SameLine();
    const std::string label = fmt::format("{} {}##report{}", Tr(kRecordReportIn),
                                          dep ? TrOf(*dep) : awaiting[k], awaiting[k]);
    if (Button(label.c_str(), can)) desk.coordinator->ReportIn(incident.id, awaiting[k], desk.now);
  }

  if (const auto next = NextStage(incident.stage)) {
    const std::string label = fmt::format(
        fmt::runtime(Tr(kMoveStage)), TrName(ops::kIncidentStageNames[static_cast<size_t>(*next)]));
    if (Button(label.c_str(), can)) desk.coordinator->SetStage(incident.id, *next, desk.now);
  }

  ImGui::SetNextItemWidth(290);
  ImGui::InputTextWithHint("##log", Tr(kLogHint), a.log_text, sizeof a.log_text);
  ImGui::SameLine();
  if (Button(Tr(kAddLog), can && a.log_text[0] != '\0')) {
    desk.coordinator->Log(incident.id, a.log_text, desk.now);
    a.log_text[0] = '\0';
  }
  ImGui::SetNextItemWidth(290);
  ImGui::InputTextWithHint("##summary", Tr(kSummaryHint), a.summary, sizeof a.summary);
  ImGui::SameLine();
  if (Button(Tr(kCloseIncident), can && a.summary[0] != '\0')) {
    desk.coordinator->Close(incident.id, a.summary, desk.now);
    a.summary[0] = '\0';
  }
  Outcomes(desk);
  ImGui::PopID();
}

}  // namespace viewer
