#include "ops/stage.hpp"

namespace ops {

std::optional<Stage> ParseStage(std::string_view name) {
  for (int i = 0; i < kStageCount; ++i) {
    if (kStageNames[i].en == name || kStageNames[i].zh == name) return static_cast<Stage>(i);
  }
  return std::nullopt;
}

std::string_view TransitionError(Stage from, Stage to) {
  if (from == Stage::kClosed) return "the demand is closed; a closed demand cannot change stage";
  if (from == to) return "the demand is already in that stage";
  if (IsRework(from, to)) return {};
  if (static_cast<int>(to) == static_cast<int>(from) + 1) return {};
  if (static_cast<int>(to) < static_cast<int>(from)) {
    return "a demand goes back only by rework, from reported or verified to handling";
  }
  return "a demand moves one stage at a time; it cannot skip a stage";
}

}  // namespace ops
