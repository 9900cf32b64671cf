// A point's detail, opened by a click on the map: a demand's timeline
// through its stages with who and when, a sensor's sparkline against its
// thresholds, an incident's board (summons, report-ins, log).
#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ops/incident_log.hpp"
#include "viewer/layers/overlays.hpp"
#include "viewer/panels/panels.hpp"
#include "viewer/strings.hpp"

namespace viewer {

namespace {

const ImVec4 kLabel(0.62f, 0.68f, 0.78f, 1.0f);
const ImVec4 kLate(1.0f, 0.45f, 0.40f, 1.0f);
const ImVec4 kGood(0.45f, 0.85f, 0.55f, 1.0f);

ImVec4 Color(Rgba c) { return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1); }

void DemandDetail(const ops::Snapshot& s, const ops::Catalog& catalog, const PointDetail& detail,
                  int64_t id) {
  const ops::Demand* d = s.demands.Find(id);
  if (!d) {
    WrappedText(fmt::format(fmt::runtime(Tr(kNotYetAt)), Tr(kDemand), id));
    return;
  }
  const ops::Category* c = catalog.FindCategory(d->category);
  const ops::Family* f = c ? catalog.FindFamily(c->family) : nullptr;
  ImGui::TextColored(ImVec4(1.0f, 0.86f, 0.45f, 1), "%s #%lld  %s", Tr(kDemand),
                     static_cast<long long>(d->id), c ? TrOf(*c).c_str() : d->category.c_str());
  ImGui::TextColored(kLabel, "%s · %s", f ? TrOf(*f).c_str() : "",
                     TrName(ops::kSourceNames[static_cast<size_t>(d->source)]).c_str());
  if (!d->description.empty()) WrappedText(d->description);
  ImGui::Text("%s %s", Tr(kStageNow), TrName(ops::kStageNames[static_cast<size_t>(d->stage)]).c_str());
  ImGui::SameLine();
  if (d->Open() && s.now > d->deadline) {
    ImGui::TextColored(kLate, "%s %s", Tr(kOverdue), FormatLocalTime(d->deadline).c_str());
  } else {
    ImGui::TextColored(kLabel, "%s %s", Tr(kDeadline), FormatLocalTime(d->deadline).c_str());
  }
  if (!d->assignee.empty()) ImGui::TextColored(kLabel, "%s %s", Tr(kAssignee), d->assignee.c_str());
  ImGui::Separator();
  if (detail.steps.empty()) {
    ImGui::TextDisabled("%s", Tr(kLoading));
    return;
  }
  if (!ImGui::BeginTable("steps", 3, ImGuiTableFlags_SizingFixedFit)) return;
  for (const StageStep& step : detail.steps) {
    ImGui::TableNextColumn();
    ImGui::TextColored(kLabel, "%s", FormatLocalTime(step.at).c_str());
    ImGui::TableNextColumn();
    if (step.rework) ImGui::TextColored(kLate, "%s", Tr(kRework));
    else ImGui::Text("%s", TrName(ops::kStageNames[static_cast<size_t>(step.to)]).c_str());
    ImGui::TableNextColumn();
    std::string who = step.actor;
    // "派至" rather than an arrow: the atlas has no glyph for "→".
    if (!step.assignee.empty()) who += fmt::format(" {} {}", Tr(kDispatchedTo), step.assignee);
    ImGui::TextUnformatted(who.c_str());
  }
  ImGui::EndTable();
}

void SensorDetail(const ops::Snapshot& s, const PointDetail& detail, size_t index) {
  if (!s.sensors || index >= s.sensors->size()) return;
  const ops::Sensor& sensor = (*s.sensors)[index];
  const ops::SensorSpec& spec = sensor.spec;
  ImGui::TextColored(ImVec4(1.0f, 0.86f, 0.45f, 1), "%s", spec.name.c_str());
  ImGui::TextColored(kLabel, "%s · %s", spec.id.c_str(),
                     TrName(ops::kSensorKindNames[static_cast<size_t>(spec.kind)]).c_str());
  ImGui::TextColored(Color(SensorStateColor(sensor.state)), "%s  %.2f %s",
                     TrName(ops::kAlertStateNames[static_cast<size_t>(sensor.state)]).c_str(),
                     sensor.last_value, spec.unit.c_str());
  ImGui::TextColored(kLabel, "%s %.2f · %s %.2f %s", Tr(kWarnAt), spec.warn, Tr(kAlarmAt),
                     spec.alarm, spec.falling ? Tr(kFalling) : "");
  // The sparkline: the last 24 h with the warn and alarm lines across it.
  std::vector<float> values;
  for (const auto& r : detail.readings) values.push_back(static_cast<float>(r.value));
  if (values.size() < 2) {
    ImGui::TextDisabled("%s", Tr(kLoading));
    return;
  }
  float lo = std::min({*std::min_element(values.begin(), values.end()), float(spec.warn), float(spec.alarm)});
  float hi = std::max({*std::max_element(values.begin(), values.end()), float(spec.warn), float(spec.alarm)});
  const float pad = (hi - lo) * 0.08f + 1e-6f;
  lo -= pad;
  hi += pad;
  const ImVec2 size(ImGui::GetContentRegionAvail().x, 80);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::PlotLines("##spark", values.data(), static_cast<int>(values.size()), 0, nullptr, lo, hi,
                   size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  auto line = [&](double v, ImU32 color) {
    const float y = p.y + size.y * (1 - (static_cast<float>(v) - lo) / (hi - lo));
    draw->AddLine(ImVec2(p.x, y), ImVec2(p.x + size.x, y), color, 1.5f);
  };
  line(spec.warn, IM_COL32(255, 176, 0, 200));
  line(spec.alarm, IM_COL32(255, 48, 48, 220));
  ImGui::TextColored(kLabel, "%s", Tr(kLast24h));
}

void IncidentBoard(const ops::Snapshot& s, const ops::Catalog& catalog, int64_t id) {
  if (!s.incidents || id < 1 || static_cast<size_t>(id) > s.incidents->size()) {
    // A replayed moment before it was opened (`render --incident N --at …`).
    WrappedText(fmt::format(fmt::runtime(Tr(kNotYetAt)), Tr(kIncidentWord), id));
    return;
  }
  const ops::Incident& i = (*s.incidents)[static_cast<size_t>(id - 1)];
  const int level = static_cast<int>(i.opened_as.level);
  const ops::Names& level_name = ops::kIncidentLevelNames[static_cast<size_t>(level - 1)];
  ImGui::TextColored(
      Color(IncidentLevelColor(level)), "%s",
      fmt::format(fmt::runtime(Tr(kIncidentHeading)), level_name.zh, level_name.en,
                  TrName(ops::kIncidentClassNames[static_cast<size_t>(i.opened_as.klass)]))
          .c_str());
  WrappedText(i.opened_as.title);
  ImGui::TextColored(kLabel, "%s %s · %s %s", Tr(kOpened), FormatLocalTime(i.opened).c_str(),
                     Tr(kStageNow), TrName(ops::kIncidentStageNames[static_cast<size_t>(i.stage)]).c_str());
  ImGui::Separator();
  ImGui::TextColored(kLabel, "%s", Tr(kSummons));
  // The department's name takes what the times and states leave, wrapping
  // (English names are long); the states are never cut.
  if (ImGui::BeginTable("summons", 3, ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("department", ImGuiTableColumnFlags_WidthStretch);
    for (const ops::Summons& m : i.summons) {
      const ops::Department* d = catalog.FindDepartment(m.department);
      ImGui::TableNextColumn();
      WrappedText(d ? TrOf(*d) : m.department);
      ImGui::TableNextColumn();
      ImGui::TextColored(kLabel, "%s", FormatLocalTime(m.summoned).substr(11).c_str());
      ImGui::TableNextColumn();
      if (m.reported) {
        const bool late = m.reported > m.deadline;
        ImGui::TextColored(late ? kLate : kGood, "%s %s", Tr(late ? kReportedLate : kReported),
                           FormatLocalTime(m.reported).substr(11).c_str());
      } else if (s.now > m.deadline) {
        ImGui::TextColored(kLate, "%s", Tr(m.escalated ? kEscalated : kNotReported));
      } else {
        ImGui::TextColored(kLabel, "%s %s", Tr(kDueBy), FormatLocalTime(m.deadline).substr(11).c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::Separator();
  ImGui::TextColored(kLabel, "%s", Tr(kLog));
  // Newest first, as the ticker: on a wall, where nobody scrolls, what
  // happened last is what must show.
  const size_t first = i.log.size() > 8 ? i.log.size() - 8 : 0;
  for (size_t k = i.log.size(); k-- > first;) {
    ImGui::TextColored(kLabel, "%s", FormatLocalTime(i.log[k].at).substr(11).c_str());
    ImGui::SameLine();
    const std::string line = ops::LogLine(
        i.log[k], catalog, English() ? ops::Wording::kEnglish : ops::Wording::kChinese);
    // What gridops did by itself is said to be the system's, not a person's.
    const std::string actor =
        i.log[k].actor == ops::kSystemActor ? std::string(Tr(kSystemDid)) : i.log[k].actor;
    WrappedText(actor + " " + line);
  }
}

}  // namespace

void DrawImpactLines(const geo::GridSet& set, const ops::IncidentImpact& m) {
  ImGui::Separator();
  ImGui::TextColored(kLabel, "%s", Tr(kImpact));
  const auto grids = m.areas[static_cast<int>(geo::Level::kGrid)].size();
  const auto compounds = m.areas[static_cast<int>(geo::Level::kCompound)].size();
  WrappedText(fmt::format(fmt::runtime(Tr(kImpactAreas)), grids, compounds,
                          std::llround(m.population), std::llround(m.households)));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", Tr(kImpactNote));
  const bool alarming = m.overdue > 0 || m.sensors_alarm > 0;
  ImGui::PushStyleColor(ImGuiCol_Text, alarming ? kLate : ImVec4(1, 1, 1, 1));
  WrappedText(fmt::format(fmt::runtime(Tr(kImpactInside)), m.open_demands.size(), m.overdue,
                          m.sensors.size(), m.sensors_alarm));
  ImGui::PopStyleColor();
  std::string names;
  const auto& shares = m.areas[static_cast<int>(geo::Level::kGrid)];
  for (size_t k = 0; k < shares.size() && k < 4; ++k) {
    if (k) names += " · ";
    names += fmt::format("{} {:.0f}%", set.features[shares[k].feature].name,
                         100 * shares[k].share);
  }
  if (shares.size() > 4) names += " …";
  if (!names.empty()) WrappedText(names);
}

void DrawPointDetail(const geo::GridSet& set, const ops::Snapshot& snapshot,
                     const ops::Catalog& catalog, const PointDetail& detail, UiState& ui,
                     float right, float top, const Desk* desk, bool on_wall) {
  if (ui.picked.kind == PickedPoint::kNone) return;
  ImGui::SetNextWindowPos(ImVec2(right, top), 0, ImVec2(1, 0));
  ImGui::SetNextWindowSize(ImVec2(kDetailWidth, 0));
  // At the desk, down to the legend's top at most (it sits in the lower
  // right); a long board scrolls.
  if (desk) {
    ImGui::SetNextWindowSizeConstraints(
        ImVec2(kDetailWidth, 0),
        ImVec2(kDetailWidth, std::max(200.0f, ImGui::GetIO().DisplaySize.y - top - 210)));
  }
  ImGui::SetNextWindowBgAlpha(0.94f);
  bool open = true;
  // A wall is never touched: no close button, no scroll bar (the newest
  // lines come first, so what is cut at the bottom is the oldest).
  ImGui::Begin(Tr(kDetail), on_wall ? nullptr : &open,
               ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   (on_wall ? ImGuiWindowFlags_NoScrollbar : 0));
  switch (ui.picked.kind) {
    case PickedPoint::kDemand: DemandDetail(snapshot, catalog, detail, ui.picked.id); break;
    case PickedPoint::kSensor: SensorDetail(snapshot, detail, ui.picked.sensor); break;
    case PickedPoint::kIncident:
      IncidentBoard(snapshot, catalog, ui.picked.id);
      if (detail.point.kind == PickedPoint::kIncident && detail.point.id == ui.picked.id &&
          detail.impact) {
        DrawImpactLines(set, *detail.impact);
      }
      if (desk && desk->ui && snapshot.incidents && ui.picked.id >= 1 &&
          static_cast<size_t>(ui.picked.id) <= snapshot.incidents->size()) {
        DrawIncidentActions(catalog, (*snapshot.incidents)[static_cast<size_t>(ui.picked.id - 1)],
                            *desk);
      }
      break;
    case PickedPoint::kNone: break;
  }
  ImGui::End();
  if (!open) ui.picked = {};
}

}  // namespace viewer
