#include "ops/incident_log.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ops {

namespace {

std::string DepartmentName(const Catalog& catalog, const std::string& code, bool en) {
  const Department* d = catalog.FindDepartment(code);
  if (!d) return code;
  return en && !d->en.empty() ? d->en : d->zh;
}

std::string_view Roman(int level) {
  return level >= 1 && level <= 4 ? kIncidentLevelNames[static_cast<size_t>(level - 1)].en : "?";
}

std::string_view StageName(int stage, bool en) {
  if (stage < 0 || stage >= static_cast<int>(kIncidentStageNames.size())) return "?";
  const Names& n = kIncidentStageNames[static_cast<size_t>(stage)];
  return en ? n.en : n.zh;
}

// One limit for all (the usual summons) is said once, after the names.
std::string Summoned(const LogEntry& e, const Catalog& catalog, bool en) {
  const bool one_limit =
      std::all_of(e.departments.begin(), e.departments.end(),
                  [&](const LogDepartment& d) { return d.minutes == e.departments[0].minutes; });
  std::string out = en ? "Summoned: " : "吹哨：";
  for (size_t k = 0; k < e.departments.size(); ++k) {
    const LogDepartment& d = e.departments[k];
    if (k) out += en ? ", " : "、";
    out += DepartmentName(catalog, d.code, en);
    if (!one_limit)
      out += en ? fmt::format(" ({} min)", d.minutes) : fmt::format("（{}分钟）", d.minutes);
  }
  if (one_limit && !e.departments.empty()) {
    const int m = e.departments[0].minutes;
    out += en ? fmt::format(" (report in within {} min)", m) : fmt::format("，限{}分钟内报到", m);
  }
  return out;
}

}  // namespace

std::string LogLine(const LogEntry& e, const Catalog& catalog, Wording wording) {
  const bool en = wording == Wording::kEnglish;
  const std::string first =
      e.departments.empty() ? std::string() : DepartmentName(catalog, e.departments[0].code, en);
  switch (e.kind) {
    case LogKind::kNote:
      return e.text;
    case LogKind::kOpened:
      if (en) {
        return e.alert.empty()
                   ? fmt::format("Level {} · {}: opened by hand", Roman(e.value), e.subject)
                   : fmt::format("Level {} · {}: opened from CAP alert {}", Roman(e.value),
                                 e.subject, e.alert);
      }
      return e.alert.empty()
                 ? fmt::format("{} 级 {}：手工启动", Roman(e.value), e.subject)
                 : fmt::format("{} 级 {}：据 CAP 预警 {} 启动", Roman(e.value), e.subject, e.alert);
    case LogKind::kUpdated:
      return en ? fmt::format("Updated by CAP alert {}: level {}, {}", e.alert, Roman(e.value),
                              e.subject)
                : fmt::format("据 CAP 预警 {} 更新：{} 级 {}", e.alert, Roman(e.value), e.subject);
    case LogKind::kCancelled:
      return en ? fmt::format("Cancelled by CAP alert {}", e.alert)
                : fmt::format("据 CAP 预警 {} 撤销", e.alert);
    case LogKind::kSummons:
      return Summoned(e, catalog, en);
    case LogKind::kReportIn: {
      const int late = e.departments.empty() ? 0 : e.departments[0].minutes;
      if (en) {
        return late > 0 ? fmt::format("Reported in: {}, {} min late", first, late)
                        : fmt::format("Reported in: {}", first);
      }
      return late > 0 ? fmt::format("报到：{}，迟到{}分钟", first, late)
                      : fmt::format("报到：{}", first);
    }
    case LogKind::kEscalated:
      return en ? fmt::format("{} missed its report-in limit: escalated", first)
                : fmt::format("{} 超时未报到，已升级督办", first);
    case LogKind::kStage:
      return en ? fmt::format("Stage → {}", StageName(e.value, en))
                : fmt::format("阶段 → {}", StageName(e.value, en));
    case LogKind::kClosed:
      return en ? fmt::format("Closed: {}", e.subject) : fmt::format("结束：{}", e.subject);
  }
  return e.text;
}

LogEntry Worded(LogEntry e, const Catalog& catalog) {
  e.text = LogLine(e, catalog, Wording::kChinese);
  return e;
}

namespace {

LogEntry Line(LogKind kind) {
  LogEntry e;
  e.kind = kind;
  return e;
}

}  // namespace

LogEntry NoteLine(TimeMs at, std::string actor, std::string text) {
  LogEntry e = Line(LogKind::kNote);
  e.at = at;
  e.actor = std::move(actor);
  e.text = std::move(text);
  return e;
}

LogEntry OpenedLine(IncidentLevel level, std::string title, std::string alert) {
  LogEntry e = Line(LogKind::kOpened);
  e.value = static_cast<int>(level);
  e.subject = std::move(title);
  e.alert = std::move(alert);
  return e;
}

LogEntry UpdatedLine(IncidentLevel level, std::string title, std::string alert) {
  LogEntry e = OpenedLine(level, std::move(title), std::move(alert));
  e.kind = LogKind::kUpdated;
  return e;
}

LogEntry CancelledLine(std::string alert) {
  LogEntry e = Line(LogKind::kCancelled);
  e.alert = std::move(alert);
  return e;
}

LogEntry SummonsLine(std::vector<LogDepartment> departments) {
  LogEntry e = Line(LogKind::kSummons);
  e.departments = std::move(departments);
  return e;
}

LogEntry ReportInLine(std::string department, int minutes_late) {
  LogEntry e = Line(LogKind::kReportIn);
  e.departments.push_back(LogDepartment{std::move(department), minutes_late});
  return e;
}

LogEntry EscalatedLine(std::string department) {
  LogEntry e = Line(LogKind::kEscalated);
  e.departments.push_back(LogDepartment{std::move(department), 0});
  return e;
}

LogEntry StageLine(IncidentStage stage) {
  LogEntry e = Line(LogKind::kStage);
  e.value = static_cast<int>(stage);
  return e;
}

LogEntry ClosedLine(std::string summary) {
  LogEntry e = Line(LogKind::kClosed);
  e.subject = std::move(summary);
  return e;
}

}  // namespace ops
