// The incident commands of the store's writer: open (by hand or from CAP),
// update and cancel from CAP, summon departments (吹哨), record report-ins
// (报到), move through the stages, log, close. Every change is one event
// carrying the whole incident after it, so the log alone rebuilds the board.
#include <fmt/format.h>

#include <algorithm>

#include "ops/incident_log.hpp"
#include "ops/store_codec.hpp"
#include "ops/store_writer.hpp"

namespace ops {

using nlohmann::json;

Checked<Incident> Store::Writer::ActiveIncident(int64_t id) const {
  const Incident* i = state_->FindIncident(id);
  if (!i) return Refuse(404, "id", fmt::format("incident {} does not exist", id));
  if (i->stage == IncidentStage::kEnded) {
    return Refuse(
        409, "id",
        fmt::format("incident {} ended at {}; it takes no more changes", id, FormatTime(i->ended)));
  }
  return *i;
}

Checked<Outcome> Store::Writer::ChangeIncident(Incident incident, std::string_view kind,
                                               const std::string& actor, TimeMs at, LogEntry line,
                                               json detail) {
  line.at = at;
  line.actor = actor;
  incident.log.push_back(Worded(std::move(line), catalog_));
  json payload{{"incident", codec::IncidentJson(incident)}};
  if (!detail.is_null()) payload["change"] = std::move(detail);
  const int64_t seq =
      Emit(kind, fmt::format("incident/{}", incident.id), actor, at, std::move(payload));
  return Wrote(incident.id, seq);
}

namespace {

Checked<void> CheckArea(const IncidentInput& in, const Locator& locator) {
  auto where = locator.Locate(in.center);
  if (!where) return std::unexpected(where.error());
  if (in.radius_m <= 0 && in.polygon.size() < 3) {
    return Refuse(400, "radius_m", "radius_m: an incident needs a radius (> 0 m) or a polygon");
  }
  return {};
}

}  // namespace

Checked<Outcome> Store::Writer::OpenIncident(const IncidentInput& input) {
  if (auto ok = CheckArea(input, locator_); !ok) return std::unexpected(ok.error());
  if (!input.cap_identifier.empty() &&
      state_->FindIncidentByCap(input.cap_sender, input.cap_identifier)) {
    return Refuse(409, "identifier",
                  fmt::format("identifier: alert \"{}\" from \"{}\" was already received",
                              input.cap_identifier, input.cap_sender));
  }
  Incident i;
  i.id = static_cast<int64_t>(state_->IncidentCount()) + 1;
  i.opened_as = input;
  i.opened = Stamp(input.at);
  i.opened_as.at = i.opened;
  i.stage = IncidentStage::kWarning;
  return ChangeIncident(std::move(i), "incident.opened", input.actor, Stamp(input.at),
                        OpenedLine(input.level, input.title, input.cap_identifier));
}

Checked<Outcome> Store::Writer::UpdateIncidentFromCap(
    const std::vector<std::pair<std::string, std::string>>& references, const IncidentInput& update,
    bool cancel) {
  const Incident* found = nullptr;
  for (const auto& [sender, identifier] : references) {
    if ((found = state_->FindIncidentByCap(sender, identifier))) break;
  }
  if (!found) {
    return Refuse(404, "references",
                  "references: none of the referenced alerts opened an incident here");
  }
  auto active = ActiveIncident(found->id);
  if (!active) return std::unexpected(active.error());
  Incident i = std::move(*active);
  const TimeMs at = Stamp(update.at);
  if (cancel) {
    i.stage = IncidentStage::kEnded;
    i.ended = at;
    LogEntry line = CancelledLine(update.cap_identifier);
    i.summary = LogLine(line, catalog_, Wording::kChinese);
    return ChangeIncident(std::move(i), "incident.closed", update.actor, at, std::move(line));
  }
  if (auto ok = CheckArea(update, locator_); !ok) return std::unexpected(ok.error());
  const std::string keep_identifier = i.opened_as.cap_identifier;
  const std::string keep_sender = i.opened_as.cap_sender;
  const TimeMs opened_at = i.opened_as.at;
  i.opened_as = update;
  i.opened_as.cap_identifier = keep_identifier;  // the incident stays found by its first alert
  i.opened_as.cap_sender = keep_sender;
  i.opened_as.at = opened_at;
  return ChangeIncident(std::move(i), "incident.updated", update.actor, at,
                        UpdatedLine(update.level, update.title, update.cap_identifier));
}

Checked<Outcome> Store::Writer::Summon(int64_t id, const std::vector<std::string>& departments,
                                       int minutes, const std::string& actor, TimeMs at_in) {
  auto active = ActiveIncident(id);
  if (!active) return std::unexpected(active.error());
  Incident i = std::move(*active);
  const TimeMs at = Stamp(at_in);
  std::vector<LogDepartment> summoned;
  for (size_t k = 0; k < departments.size(); ++k) {
    const Department* dept = catalog_.FindDepartment(departments[k]);
    if (!dept) {
      return Refuse(400, fmt::format("departments[{}]", k),
                    fmt::format("departments[{}]: \"{}\" is not a department of this county", k,
                                departments[k]));
    }
    auto already = std::find_if(i.summons.begin(), i.summons.end(), [&](const Summons& s) {
      return s.department == dept->code && !s.reported;
    });
    if (already != i.summons.end()) {
      return Refuse(409, fmt::format("departments[{}]", k),
                    fmt::format("departments[{}]: {} was summoned at {} and has not reported in", k,
                                dept->zh, FormatTime(already->summoned)));
    }
    const int wait = minutes > 0 ? minutes : dept->report_in_minutes;
    i.summons.push_back(Summons{dept->code, at, at + wait * kMinute, 0, 0, ""});
    summoned.push_back(LogDepartment{dept->code, wait});
  }
  if (i.stage == IncidentStage::kWarning) i.stage = IncidentStage::kResponding;
  return ChangeIncident(std::move(i), "incident.summons", actor, at,
                        SummonsLine(std::move(summoned)), json{{"departments", departments}});
}

Checked<Outcome> Store::Writer::ReportIn(int64_t id, const std::string& department,
                                         const std::string& actor, TimeMs at_in) {
  auto active = ActiveIncident(id);
  if (!active) return std::unexpected(active.error());
  Incident i = std::move(*active);
  const TimeMs at = Stamp(at_in);
  auto s = std::find_if(i.summons.begin(), i.summons.end(), [&](const Summons& x) {
    return x.department == department && !x.reported;
  });
  if (s == i.summons.end()) {
    return Refuse(
        409, "department",
        fmt::format("department: \"{}\" has no open summons on incident {}", department, id));
  }
  s->reported = at;
  s->reported_by = actor;
  const int late =
      at > s->deadline ? static_cast<int>((at - s->deadline + kMinute - 1) / kMinute) : 0;
  return ChangeIncident(std::move(i), "incident.report_in", actor, at,
                        ReportInLine(department, late),
                        json{{"department", department}, {"late", at > s->deadline}});
}

Checked<Outcome> Store::Writer::SetIncidentStage(int64_t id, IncidentStage stage,
                                                 const std::string& actor, TimeMs at_in) {
  auto active = ActiveIncident(id);
  if (!active) return std::unexpected(active.error());
  Incident i = std::move(*active);
  if (stage <= i.stage) {
    return Refuse(409, "to",
                  fmt::format("to: incident {} is already {}; stages only move forward "
                              "(warning → responding → handling → ended)",
                              id, NameOf(kIncidentStageNames, i.stage)));
  }
  const TimeMs at = Stamp(at_in);
  i.stage = stage;
  if (stage == IncidentStage::kEnded) i.ended = at;
  return ChangeIncident(std::move(i), "incident.stage", actor, at, StageLine(stage));
}

Checked<Outcome> Store::Writer::LogIncident(int64_t id, const std::string& text,
                                            const std::string& actor, TimeMs at) {
  auto active = ActiveIncident(id);
  if (!active) return std::unexpected(active.error());
  return ChangeIncident(std::move(*active), "incident.log", actor, Stamp(at),
                        NoteLine(0, actor, text));
}

Checked<Outcome> Store::Writer::CloseIncident(int64_t id, const std::string& summary,
                                              const std::string& actor, TimeMs at_in) {
  auto active = ActiveIncident(id);
  if (!active) return std::unexpected(active.error());
  Incident i = std::move(*active);
  const TimeMs at = Stamp(at_in);
  i.stage = IncidentStage::kEnded;
  i.ended = at;
  i.summary = summary;
  return ChangeIncident(std::move(i), "incident.closed", actor, at, ClosedLine(summary));
}

}  // namespace ops
