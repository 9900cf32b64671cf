// What a point's detail shows beyond the snapshot, read from the store off
// the render thread: a demand's steps through the closed loop with who and
// when, a sensor's readings for its sparkline. Pure data and parsing; the
// panel is viewer/panels/point_detail.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ops/incident_impact.hpp"
#include "ops/store.hpp"
#include "viewer/ui_state.hpp"

namespace viewer {

// One step of a demand's closed loop.
struct StageStep {
  ops::TimeMs at = 0;
  ops::Stage to = ops::Stage::kReceived;
  bool rework = false;
  std::string actor;
  std::string note;      // the transition's note, or the demand's description
  std::string assignee;  // on dispatch
};

struct PointDetail {
  PickedPoint point;  // what it is the detail of
  std::vector<StageStep> steps;                       // a demand's, oldest first
  std::vector<ops::Store::ReadingPoint> readings;     // a sensor's last 24 h
  std::optional<ops::IncidentImpact> impact;          // what an incident's area covers
};

// The steps of a demand from its stored events (demand.received, then each
// demand.transition); events of other kinds and unreadable payloads are
// skipped.
std::vector<StageStep> StepsOf(const std::vector<ops::DemandTimelineEntry>& events);

}  // namespace viewer
