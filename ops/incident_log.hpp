// An incident's log lines in words: Chinese, as the store keeps them and the
// API serves them, or English for a display switched to it. One wording for
// both, so the desk, the wall and the API never say a line two ways.
#pragma once

#include <string>
#include <string_view>

#include "ops/catalog.hpp"
#include "ops/model.hpp"

namespace ops {

enum class Wording : uint8_t { kChinese, kEnglish };

// The actor of what gridops does by itself (a late summons escalated).
inline constexpr std::string_view kSystemActor = "gridops";

// The line `e` in `wording`. A note is its own words in either. A
// department the catalog does not know is named by its code.
std::string LogLine(const LogEntry& e, const Catalog& catalog, Wording wording);

// A log entry with its Chinese text worded from its parts (kind, value,
// subject, alert, departments), ready to store.
LogEntry Worded(LogEntry e, const Catalog& catalog);

// Lines by their parts; the writer stamps the time and actor and words them.
LogEntry NoteLine(TimeMs at, std::string actor, std::string text);
LogEntry OpenedLine(IncidentLevel level, std::string title, std::string alert);
LogEntry UpdatedLine(IncidentLevel level, std::string title, std::string alert);
LogEntry CancelledLine(std::string alert);
LogEntry SummonsLine(std::vector<LogDepartment> departments);  // minutes: each one's limit
LogEntry ReportInLine(std::string department, int minutes_late);
LogEntry EscalatedLine(std::string department);
LogEntry StageLine(IncidentStage stage);
LogEntry ClosedLine(std::string summary);

}  // namespace ops
