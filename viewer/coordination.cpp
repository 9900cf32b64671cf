#include "viewer/coordination.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "geo/ring.hpp"
#include "viewer/strings.hpp"

namespace viewer {

void ClickDraft(IncidentDraft& draft, geo::LonLat at) {
  draft.corner_refused = false;
  if (draft.shape == DraftShape::kCircle) {
    draft.center = at;
    draft.placed = true;
    return;
  }
  std::vector<geo::LonLat>& c = draft.corners;
  if (!c.empty() && c.back() == at) return;      // a double click
  if (c.size() >= 3 && c.front() == at) return;  // closing on the first: it is closed already
  // The new side, from the last corner, may not touch the sides before it
  // (the closing side is checked when the incident is opened: the next
  // corners may still straighten it).
  for (size_t i = 0; c.size() >= 2 && i + 2 < c.size(); ++i) {
    if (geo::SegmentsTouch(c[i], c[i + 1], c.back(), at)) {
      draft.corner_refused = true;
      return;
    }
  }
  if (c.size() >= 2 && geo::FoldsBack(c.back(), c[c.size() - 2], at)) {
    draft.corner_refused = true;  // straight back over the last side
    return;
  }
  c.push_back(at);
}

bool DraftDrawn(const IncidentDraft& draft) {
  return draft.shape == DraftShape::kCircle ? draft.placed : draft.corners.size() >= 3;
}

ops::IncidentInput DraftArea(const IncidentDraft& draft) {
  ops::IncidentInput in;
  if (draft.shape == DraftShape::kCircle) {
    in.center = draft.center;
    in.radius_m = draft.radius_m;
  } else {
    in.polygon = draft.corners;
    in.center = geo::InteriorPoint(draft.corners);
  }
  return in;
}

ops::Checked<ops::IncidentInput> IncidentFromDraft(const IncidentDraft& draft, ops::TimeMs at) {
  if (draft.shape == DraftShape::kCircle) {
    if (!draft.placed) return ops::Refuse(400, "center", Tr(kDraftNeedsCenter));
    if (!(draft.radius_m >= kDraftMinRadiusM && draft.radius_m <= kDraftMaxRadiusM)) {
      return ops::Refuse(400, "radius_m",
                         fmt::format(fmt::runtime(Tr(kDraftBadRadius)), std::lround(draft.radius_m),
                                     kDraftMinRadiusM, kDraftMaxRadiusM));
    }
  } else {
    if (draft.corners.size() < 3) {
      return ops::Refuse(400, "polygon",
                         fmt::format(fmt::runtime(Tr(kDraftNeedsArea)), draft.corners.size()));
    }
    if (const auto crossing = geo::FirstCrossing(draft.corners)) {
      return ops::Refuse(400, "polygon",
                         fmt::format(fmt::runtime(Tr(kDraftSidesCross)), crossing->first + 1,
                                     crossing->second + 1));
    }
  }
  std::string title(draft.title, strnlen(draft.title, sizeof draft.title));
  while (!title.empty() && (title.back() == ' ' || title.back() == '\n')) title.pop_back();
  if (title.empty()) return ops::Refuse(400, "title", Tr(kDraftNeedsTitle));
  if (draft.level < 1 || draft.level > 4) {
    return ops::Refuse(400, "level", fmt::format("level: {} is not I–IV", draft.level));
  }
  ops::IncidentInput in = DraftArea(draft);
  in.level = static_cast<ops::IncidentLevel>(draft.level);
  in.klass = draft.klass;
  in.title = std::move(title);
  in.actor = kDeskActor;
  in.at = at;
  return in;
}

std::vector<const ops::Department*> Summonable(const ops::Catalog& catalog,
                                               const ops::Incident& incident) {
  std::vector<const ops::Department*> out;
  for (const ops::Department& d : catalog.departments) {
    const bool summoned =
        std::any_of(incident.summons.begin(), incident.summons.end(),
                    [&](const ops::Summons& s) { return s.department == d.code; });
    if (!summoned) out.push_back(&d);
  }
  return out;
}

std::vector<std::string> AwaitingReportIn(const ops::Incident& incident) {
  std::vector<std::string> out;
  for (const ops::Summons& s : incident.summons) {
    if (!s.reported) out.push_back(s.department);
  }
  return out;
}

const Text& RefusalReason(int status) {
  if (status == 0) return kRefusedUnreachable;
  if (status == 401 || status == 403) return kRefusedNoAccess;
  if (status == 404) return kRefusedNotFound;
  if (status == 409) return kRefusedConflict;
  if (status >= 500) return kRefusedServer;
  return kRefusedInvalid;
}

std::optional<ops::IncidentStage> NextStage(ops::IncidentStage stage) {
  switch (stage) {
    case ops::IncidentStage::kWarning:
      return ops::IncidentStage::kResponding;
    case ops::IncidentStage::kResponding:
      return ops::IncidentStage::kHandling;
    case ops::IncidentStage::kHandling:
    case ops::IncidentStage::kEnded:
      return std::nullopt;
  }
  return std::nullopt;
}

void FocusActions(IncidentActions& actions, int64_t incident) {
  if (actions.incident == incident) return;
  actions = IncidentActions{};
  actions.incident = incident;
}

// ---------------------------------------------------------------------------

Coordinator::Coordinator(SinkFactory make_sink)
    : make_sink_(std::move(make_sink)), thread_([this] { Loop(); }) {}

Coordinator::~Coordinator() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Coordinator::Submit(std::string what, Command command, bool opens) {
  ++pending_;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(what), std::move(command), opens});
  }
  wake_.notify_all();
}

bool Coordinator::Busy() const {
  if (pending_ > 0) return true;
  std::lock_guard lock(mutex_);
  return !outcomes_.empty();
}

std::vector<CommandOutcome> Coordinator::TakeOutcomes() {
  std::lock_guard lock(mutex_);
  return std::exchange(outcomes_, {});
}

void Coordinator::Loop() {
  std::unique_ptr<ops::SimSink> sink;
  for (;;) {
    Queued next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, with nothing left to run
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    CommandOutcome outcome{std::move(next.what), false, "", 0, next.opens};
    try {
      if (!sink) sink = make_sink_();
      auto done = next.command(*sink);
      outcome.ok = done.has_value();
      if (done) {
        outcome.incident = *done;
      } else {
        outcome.message = done.error().message;
        outcome.status = done.error().status;
      }
    } catch (const std::exception& e) {
      outcome.message = e.what();
      outcome.status = 500;
    }
    {
      std::lock_guard lock(mutex_);
      outcomes_.push_back(std::move(outcome));
    }
    --pending_;
  }
}

void Coordinator::Open(const ops::IncidentInput& incident) {
  Submit(
      fmt::format(fmt::runtime(Tr(kDidOpen)), incident.title),
      [incident](ops::SimSink& sink) { return sink.OpenIncident(incident); }, true);
}

void Coordinator::Summon(int64_t incident, std::vector<std::string> departments, int minutes,
                         ops::TimeMs at) {
  Submit(fmt::format(fmt::runtime(Tr(kDidSummon)), departments.size()),
         [=](ops::SimSink& sink) -> ops::Checked<int64_t> {
           auto done = sink.Summon(incident, departments, minutes, kDeskActor, at);
           if (!done) return std::unexpected(done.error());
           return incident;
         });
}

void Coordinator::ReportIn(int64_t incident, std::string department, ops::TimeMs at) {
  Submit(fmt::format(fmt::runtime(Tr(kDidReportIn)), department),
         [=](ops::SimSink& sink) -> ops::Checked<int64_t> {
           auto done = sink.ReportIn(incident, department, kDeskActor, at);
           if (!done) return std::unexpected(done.error());
           return incident;
         });
}

void Coordinator::SetStage(int64_t incident, ops::IncidentStage stage, ops::TimeMs at) {
  Submit(fmt::format(fmt::runtime(Tr(kDidStage)),
                     TrName(ops::kIncidentStageNames[static_cast<size_t>(stage)])),
         [=](ops::SimSink& sink) -> ops::Checked<int64_t> {
           auto done = sink.SetIncidentStage(incident, stage, kDeskActor, at);
           if (!done) return std::unexpected(done.error());
           return incident;
         });
}

void Coordinator::Log(int64_t incident, std::string text, ops::TimeMs at) {
  Submit(Tr(kDidLog), [=](ops::SimSink& sink) -> ops::Checked<int64_t> {
    auto done = sink.LogIncident(incident, text, kDeskActor, at);
    if (!done) return std::unexpected(done.error());
    return incident;
  });
}

void Coordinator::Close(int64_t incident, std::string summary, ops::TimeMs at) {
  Submit(Tr(kDidClose), [=](ops::SimSink& sink) -> ops::Checked<int64_t> {
    auto done = sink.CloseIncident(incident, summary, kDeskActor, at);
    if (!done) return std::unexpected(done.error());
    return incident;
  });
}

}  // namespace viewer
