#include "viewer/point_detail.hpp"

#include <nlohmann/json.hpp>

namespace viewer {

std::vector<StageStep> StepsOf(const std::vector<ops::DemandTimelineEntry>& events) {
  std::vector<StageStep> steps;
  for (const ops::DemandTimelineEntry& e : events) {
    const nlohmann::json payload = nlohmann::json::parse(e.payload, nullptr, false);
    if (payload.is_discarded() || !payload.is_object()) continue;
    StageStep step;
    step.at = e.at;
    step.actor = e.actor;
    if (e.kind == "demand.received") {
      step.to = ops::Stage::kReceived;
      step.note = payload.value("description", "");
    } else if (e.kind == "demand.transition") {
      const auto to = ops::ParseStage(payload.value("to", ""));
      if (!to) continue;
      step.to = *to;
      step.note = payload.value("note", "");
      step.assignee = payload.value("assignee", "");
      step.rework = payload.value("rework", false);
    } else {
      continue;
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace viewer
