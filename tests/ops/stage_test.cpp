#include "ops/stage.hpp"

#include <gtest/gtest.h>

namespace ops {
namespace {

TEST(Stage, ForwardOneStepAtATime) {
  for (int i = 0; i + 1 < kStageCount; ++i) {
    EXPECT_TRUE(CanTransition(static_cast<Stage>(i), static_cast<Stage>(i + 1))) << i;
  }
  EXPECT_FALSE(CanTransition(Stage::kReceived, Stage::kHandling));
  EXPECT_FALSE(CanTransition(Stage::kDispatched, Stage::kClosed));
}

TEST(Stage, ReworkGoesBackToHandlingOnly) {
  EXPECT_TRUE(CanTransition(Stage::kReported, Stage::kHandling));
  EXPECT_TRUE(CanTransition(Stage::kVerified, Stage::kHandling));
  EXPECT_TRUE(IsRework(Stage::kVerified, Stage::kHandling));
  EXPECT_FALSE(IsRework(Stage::kDispatched, Stage::kHandling));
  EXPECT_FALSE(CanTransition(Stage::kVerified, Stage::kReceived));
  EXPECT_FALSE(CanTransition(Stage::kHandling, Stage::kDispatched));
}

TEST(Stage, ClosedIsFinalAndSaysWhy) {
  for (int i = 0; i < kStageCount; ++i) {
    EXPECT_FALSE(CanTransition(Stage::kClosed, static_cast<Stage>(i)));
  }
  EXPECT_NE(TransitionError(Stage::kClosed, Stage::kHandling).find("closed"),
            std::string_view::npos);
}

TEST(Stage, NamesRoundTripInBothLanguages) {
  for (int i = 0; i < kStageCount; ++i) {
    const auto s = static_cast<Stage>(i);
    EXPECT_EQ(ParseStage(StageName(s)), s);
    EXPECT_EQ(ParseStage(kStageNames[i].zh), s);
  }
  EXPECT_EQ(ParseStage("pending"), std::nullopt);
}

}  // namespace
}  // namespace ops
