#include "viewer/wall_tour.hpp"

#include <algorithm>
#include <cassert>

namespace viewer {

WallTour::WallTour(Clock clock, double dwell_s, int communities)
    : clock_(std::move(clock)), dwell_s_(dwell_s), communities_(std::max(0, communities)) {
  assert(clock_ && "WallTour needs a clock: pass the frame time, or a test's own");
  assert(dwell_s_ > 0 && "a dwell of 0 s would never show a stop");
  StartAt(0);
}

void WallTour::StartAt(int stop) {
  const int n = stops();
  stop = ((stop % n) + n) % n;
  Show(stop == 0 ? Focus::kCounty : Focus::kCommunity, stop, 0);
}

void WallTour::Show(Focus::Kind kind, int stop, int64_t incident) {
  focus_.kind = kind;
  focus_.stop = stop;
  focus_.incident = incident;
  focus_.until_s = clock_() + dwell_s_;
}

void WallTour::Observe(const std::vector<int64_t>& active_incidents) {
  const bool learning = !learned_;
  learned_ = true;
  for (int64_t id : active_incidents) {
    if (!seen_.insert(id).second || learning) continue;
    waiting_.push_back(id);
  }
  // A new incident shows at once, not after the stop's dwell; one already
  // on screen keeps its dwell while newer ones queue behind it.
  if (!waiting_.empty() && focus_.kind != Focus::kIncident) {
    const int64_t id = waiting_.front();
    waiting_.pop_front();
    Show(Focus::kIncident, focus_.stop, id);
  }
}

void WallTour::Interrupt(int64_t incident) {
  seen_.insert(incident);
  std::erase(waiting_, incident);
  Show(Focus::kIncident, focus_.stop, incident);
}

const WallTour::Focus& WallTour::Update() {
  // A clock far ahead (a wall asleep for minutes) moves one step per call,
  // never skipping a queued incident.
  if (clock_() < focus_.until_s) return focus_;
  if (!waiting_.empty()) {
    const int64_t id = waiting_.front();
    waiting_.pop_front();
    Show(Focus::kIncident, focus_.stop, id);
  } else if (focus_.kind == Focus::kIncident) {
    StartAt(focus_.stop);  // back where the tour was, with a fresh dwell
  } else {
    StartAt(focus_.stop + 1);
  }
  return focus_;
}

double WallTour::remaining_s() const { return std::max(0.0, focus_.until_s - clock_()); }

}  // namespace viewer
