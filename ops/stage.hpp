// A demand's closed loop (六步工作法): received 受理 → dispatched 派遣 →
// handling 处置 → reported 反馈 → verified 核查 → closed 结案; rework 返工
// sends a reported or verified demand back to handling.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace ops {

enum class Stage : uint8_t { kReceived, kDispatched, kHandling, kReported, kVerified, kClosed };
inline constexpr int kStageCount = 6;

struct StageNames {
  std::string_view en;
  std::string_view zh;
};
inline constexpr std::array<StageNames, kStageCount> kStageNames = {{
    {"received", "受理"},
    {"dispatched", "派遣"},
    {"handling", "处置"},
    {"reported", "反馈"},
    {"verified", "核查"},
    {"closed", "结案"},
}};

// The English name as stored and sent over the API.
constexpr std::string_view StageName(Stage s) {
  return kStageNames[static_cast<int>(s)].en;
}
// The stage a stored or received name denotes, if any.
std::optional<Stage> ParseStage(std::string_view name);

// Why a move from one stage to another is not allowed, or an empty view when
// it is: one step forward at a time, rework from reported or verified back to
// handling, and nothing out of closed.
std::string_view TransitionError(Stage from, Stage to);
inline bool CanTransition(Stage from, Stage to) {
  return TransitionError(from, to).empty();
}
// Whether a move is a rework (返工), which the rework rate counts.
constexpr bool IsRework(Stage from, Stage to) {
  return to == Stage::kHandling && (from == Stage::kReported || from == Stage::kVerified);
}

}  // namespace ops
