// A demand's steps through the closed loop, read from its stored events.
#include <gtest/gtest.h>

#include "viewer/point_detail.hpp"

namespace {

TEST(PointDetailTest, StepsFollowTheStoredEventsWithWhoAndWhen) {
  const std::vector<ops::DemandTimelineEntry> events = {
      {1, 1000, "demand.received", "hotline", R"({"id":7,"description":"楼道堆放杂物"})"},
      {2, 2000, "demand.transition", "坐席 07",
       R"({"id":7,"from":"received","to":"dispatched","assignee":"城管执法局","note":"","rework":false})"},
      {3, 3000, "demand.transition", "网格员 王芳",
       R"({"id":7,"from":"reported","to":"handling","note":"未清理干净","rework":true})"},
      {4, 3500, "demand.other", "x", "{}"},
      {5, 4000, "demand.transition", "x", "not json"},
  };
  const auto steps = viewer::StepsOf(events);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].to, ops::Stage::kReceived);
  EXPECT_EQ(steps[0].note, "楼道堆放杂物");
  EXPECT_EQ(steps[1].to, ops::Stage::kDispatched);
  EXPECT_EQ(steps[1].assignee, "城管执法局");
  EXPECT_EQ(steps[1].actor, "坐席 07");
  EXPECT_EQ(steps[1].at, 2000);
  EXPECT_TRUE(steps[2].rework);
  EXPECT_EQ(steps[2].to, ops::Stage::kHandling);
}

}  // namespace
