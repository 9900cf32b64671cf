// The wall's tour as a view-model, on a clock the test moves: it cycles
// through the county and its communities with the dwell, jumps to a new
// incident at once, returns to where it was, never jumps twice for one
// incident, and copes with a county of no communities.
#include <gtest/gtest.h>

#include "viewer/wall_tour.hpp"

namespace viewer {
namespace {

using Focus = WallTour::Focus;

class WallTourTest : public ::testing::Test {
 protected:
  double now_ = 100;
  WallTour::Clock clock_ = [this] { return now_; };
  // Moves the clock and lets the tour catch up.
  const Focus& At(WallTour& tour, double t) {
    now_ = t;
    return tour.Update();
  }
};

TEST_F(WallTourTest, CyclesThroughTheCountyAndEachCommunityInOrderWithTheDwell) {
  WallTour tour(clock_, 20, 3);
  EXPECT_EQ(tour.stops(), 4);
  EXPECT_EQ(tour.focus().kind, Focus::kCounty);
  EXPECT_EQ(At(tour, 119.9).kind, Focus::kCounty);  // not before the dwell is up
  const int expected[] = {1, 2, 3, 0, 1};
  double t = 120;
  for (int stop : expected) {
    const Focus& f = At(tour, t);
    EXPECT_EQ(f.stop, stop) << "at " << t;
    EXPECT_EQ(f.kind, stop == 0 ? Focus::kCounty : Focus::kCommunity);
    EXPECT_DOUBLE_EQ(tour.remaining_s(), 20);
    EXPECT_EQ(At(tour, t + 19).stop, stop);  // stays for the dwell
    t += 20;
  }
}

TEST_F(WallTourTest, StartsWhereItIsToldAndWraps) {
  WallTour tour(clock_, 10, 3);
  tour.StartAt(2);
  EXPECT_EQ(tour.focus().stop, 2);
  EXPECT_EQ(At(tour, 110).stop, 3);
  EXPECT_EQ(At(tour, 120).stop, 0);
  tour.StartAt(5);  // 5 of 4 stops wraps to 1
  EXPECT_EQ(tour.focus().stop, 1);
}

TEST_F(WallTourTest, IncidentsPresentAtStartDoNotInterrupt) {
  WallTour tour(clock_, 20, 3);
  tour.Observe({1, 2});
  EXPECT_EQ(tour.focus().kind, Focus::kCounty);
  EXPECT_EQ(At(tour, 120).stop, 1);
}

TEST_F(WallTourTest, ANewIncidentInterruptsAtOnceThenTheTourResumesWhereItWas) {
  WallTour tour(clock_, 20, 3);
  tour.Observe({});
  At(tour, 120);  // community 1
  At(tour, 140);  // community 2
  now_ = 145;
  tour.Observe({7});
  EXPECT_EQ(tour.focus().kind, Focus::kIncident);  // at once, mid-dwell
  EXPECT_EQ(tour.focus().incident, 7);
  EXPECT_DOUBLE_EQ(tour.remaining_s(), 20);  // shown for a dwell of its own
  EXPECT_EQ(At(tour, 164).kind, Focus::kIncident);
  const Focus& back = At(tour, 165);
  EXPECT_EQ(back.kind, Focus::kCommunity);
  EXPECT_EQ(back.stop, 2);  // where it was, with a fresh dwell
  EXPECT_DOUBLE_EQ(tour.remaining_s(), 20);
  EXPECT_EQ(At(tour, 185).stop, 3);  // and on with the tour
}

// `render --wall --incident N`: the wall captured during an emergency.
TEST_F(WallTourTest, AnInterruptShowsTheIncidentNowAndTheTourResumes) {
  WallTour tour(clock_, 20, 3);
  tour.StartAt(2);
  tour.Interrupt(7);
  EXPECT_EQ(tour.focus().kind, Focus::kIncident);
  EXPECT_EQ(tour.focus().incident, 7);
  tour.Observe({7, 8});  // learning: present at start, no interrupt
  EXPECT_EQ(At(tour, 110).incident, 7);
  const Focus& back = At(tour, 120);
  EXPECT_EQ(back.kind, Focus::kCommunity);
  EXPECT_EQ(back.stop, 2) << "the tour resumes where it was";
  tour.Observe({7, 8});
  EXPECT_EQ(tour.focus().kind, Focus::kCommunity) << "7 is seen: it does not interrupt again";
}

TEST_F(WallTourTest, AnIncidentAlreadySeenDoesNotInterruptAgain) {
  WallTour tour(clock_, 20, 3);
  tour.Observe({});
  tour.Observe({7});
  At(tour, 120);  // back to the county after the incident's dwell
  EXPECT_EQ(tour.focus().kind, Focus::kCounty);
  tour.Observe({7});
  EXPECT_EQ(tour.focus().kind, Focus::kCounty);
  // Still not once it has ended and shows up again in a later list.
  tour.Observe({});
  tour.Observe({7});
  EXPECT_EQ(tour.focus().kind, Focus::kCounty);
}

TEST_F(WallTourTest, SeveralNewIncidentsShowOneAfterAnother) {
  WallTour tour(clock_, 20, 3);
  tour.Observe({});
  At(tour, 120);  // community 1
  tour.Observe({4, 5});
  EXPECT_EQ(tour.focus().incident, 4);
  tour.Observe({4, 5, 6});  // a third while the first shows: queued
  EXPECT_EQ(tour.focus().incident, 4);
  EXPECT_EQ(At(tour, 140).incident, 5);
  EXPECT_EQ(At(tour, 160).incident, 6);
  const Focus& back = At(tour, 180);
  EXPECT_EQ(back.kind, Focus::kCommunity);
  EXPECT_EQ(back.stop, 1);
}

TEST_F(WallTourTest, ZeroCommunitiesKeepsTheCountyAndStillShowsIncidents) {
  WallTour tour(clock_, 20, 0);
  EXPECT_EQ(tour.stops(), 1);
  EXPECT_EQ(tour.focus().kind, Focus::kCounty);
  EXPECT_EQ(At(tour, 500).kind, Focus::kCounty);
  EXPECT_EQ(tour.focus().stop, 0);
  tour.Observe({});
  tour.Observe({1});
  EXPECT_EQ(tour.focus().kind, Focus::kIncident);
  EXPECT_EQ(At(tour, 520).kind, Focus::kCounty);
  tour.StartAt(3);
  EXPECT_EQ(tour.focus().stop, 0);
}

}  // namespace
}  // namespace viewer
