// The wall's automatic tour, as a view-model: which area the wall shows now.
// It cycles county → community 1 → … → community n → county … with a dwell
// on each stop; an incident it has not seen before interrupts at once and is
// shown for a dwell of its own, then the tour resumes at the stop it left.
// No GL, no ImGui and an injected clock, so it is tested without a window
// (tests/viewer/wall_tour_test.cpp).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <set>
#include <vector>

namespace viewer {

class WallTour {
 public:
  // Seconds on a monotonic clock; the wall passes its frame time, tests their own.
  using Clock = std::function<double()>;

  // What the wall shows: the county (stop 0), a community (stop k shows the
  // k-th community, 1-based), or an incident that interrupted the tour.
  struct Focus {
    enum Kind : uint8_t { kCounty, kCommunity, kIncident };
    Kind kind = kCounty;
    int stop = 0;             // the tour's stop, 0 … communities (kept while an incident shows)
    int64_t incident = 0;     // the incident's id, for kIncident
    double until_s = 0;       // when it moves on, on the tour's clock
    bool operator==(const Focus&) const = default;
  };

  // `communities` stops after the county; 0 keeps the county on screen.
  WallTour(Clock clock, double dwell_s, int communities);

  // Starts (or restarts) the tour at `stop` (0 … communities; others wrap).
  void StartAt(int stop);
  // The active incidents now, by id. The first call only learns them: a wall
  // restarted mid-emergency must not replay old alarms. Afterwards any id
  // never seen before interrupts the tour at once; several queue, newest last.
  void Observe(const std::vector<int64_t>& active_incidents);
  // Shows `incident` now, as if it had just arrived (`render --wall
  // --incident N`, to capture the wall during an emergency); it is seen, so
  // it does not interrupt again, and the tour resumes after its dwell.
  void Interrupt(int64_t incident);
  // Moves on by the clock; returns the focus to show.
  const Focus& Update();

  const Focus& focus() const { return focus_; }
  int stops() const { return communities_ + 1; }
  double dwell_s() const { return dwell_s_; }
  // Seconds left on the current focus (≥ 0).
  double remaining_s() const;

 private:
  void Show(Focus::Kind kind, int stop, int64_t incident);

  Clock clock_;
  double dwell_s_;
  int communities_;
  Focus focus_;
  bool learned_ = false;           // the first Observe() has happened
  std::set<int64_t> seen_;         // every incident id ever observed
  std::deque<int64_t> waiting_;    // new incidents still to show, oldest first
};

}  // namespace viewer
