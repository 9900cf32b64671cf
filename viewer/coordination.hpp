// Emergency coordination (吹哨报到) from the supervisor's desk: a new incident
// drawn on the map (centre, radius, level, class, title), and on an open
// incident's board the departments summoned, their report-ins, stage moves,
// log entries and the closing summary. Every action goes through an
// ops::SimSink — the store in this process (`view`) or a `serve` over HTTP
// with its token (`view --connect URL --token-file F`) — so it is stored,
// logged with its time and actor, and reaches every display through the
// change stream like any other write. The panel is
// viewer/panels/coordination.cpp; this is its window-free part.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ops/catalog.hpp"
#include "ops/model.hpp"
#include "ops/request_error.hpp"
#include "ops/sim_sink.hpp"

namespace viewer {

// Who the desk's actions are logged as.
inline constexpr const char* kDeskActor = "指挥中心值班席";

// How a new incident's area is drawn: a circle about a clicked centre, or a
// polygon clicked corner by corner.
enum class DraftShape : uint8_t { kCircle, kArea };

// A new incident being drawn on the map, before it is opened.
struct IncidentDraft {
  bool active = false;  // the new-incident window is open; a map click draws
  DraftShape shape = DraftShape::kCircle;
  bool placed = false;  // a centre was clicked (a circle)
  geo::LonLat center;
  double radius_m = 1000;
  std::vector<geo::LonLat> corners;  // the area's corners as clicked (an area), an open ring
  bool corner_refused = false;       // the last click would have made the sides cross
  int level = 4;                     // 1 … 4: I … IV
  ops::IncidentClass klass = ops::IncidentClass::kAccident;
  char title[192] = "";  // ImGui's text buffer, UTF-8
};

inline constexpr double kDraftMinRadiusM = 50;
inline constexpr double kDraftMaxRadiusM = 20000;

// What the desk has typed and ticked for one incident.
struct IncidentActions {
  int64_t incident = 0;             // whose fields these are; others' are cleared
  std::vector<std::string> chosen;  // departments ticked to summon
  int report_in_minutes = 30;
  char log_text[256] = "";
  char summary[256] = "";
};

struct CoordinationUi {
  IncidentDraft draft;
  IncidentActions actions;
};

// A map click while drawing: a circle's centre moves there; an area gains a
// corner there, unless it repeats the last one or its side would cross a
// side already drawn (then `corner_refused` says so until the next click).
void ClickDraft(IncidentDraft& draft, geo::LonLat at);
// Whether there is an area to show and compute what it covers: a placed
// centre, or at least 3 corners.
bool DraftDrawn(const IncidentDraft& draft);
// The draft's area as an incident's: centre and radius, or the corners with
// a point inside them as the centre.
ops::IncidentInput DraftArea(const IncidentDraft& draft);
// The incident the draft describes, or why it cannot be opened yet (the
// field named: "center", "polygon", "title", "radius_m").
ops::Checked<ops::IncidentInput> IncidentFromDraft(const IncidentDraft& draft, ops::TimeMs at);
// The catalogue's departments not yet summoned to `incident`, in catalogue order.
std::vector<const ops::Department*> Summonable(const ops::Catalog& catalog,
                                               const ops::Incident& incident);
// The departments summoned to `incident` that have not reported in.
std::vector<std::string> AwaitingReportIn(const ops::Incident& incident);
// The stage an incident moves to next from the desk (warning → responding →
// handling); ending is closing, with a summary.
std::optional<ops::IncidentStage> NextStage(ops::IncidentStage stage);
// Keeps `actions` for `incident`, clearing what was typed for another.
void FocusActions(IncidentActions& actions, int64_t incident);

// A command's result as the desk shows it.
struct CommandOutcome {
  std::string what;  // "吹哨 2 个部门", as the desk said it
  bool ok = false;
  std::string message;   // the refusal's sentence, as the store or the API said it
  int64_t incident = 0;  // the incident it concerned (a new one's id once opened)
  bool opened = false;   // it opened `incident`
  int status = 0;        // the refusal's HTTP status; 0: the server was not reached
};

struct Text;  // viewer/strings.hpp

// Why a command was refused, by its status, in the desk's words: the
// store's and the API's own sentences are for the technician (English), so
// the desk says first what happened (a conflict with another desk, no
// write access, the server unreachable …) in the language on screen.
const Text& RefusalReason(int status);

// Runs the desk's commands off the render thread, one at a time in order,
// each through the sink it makes on its own thread (an HTTP client is not
// shared between threads).
class Coordinator {
 public:
  using SinkFactory = std::function<std::unique_ptr<ops::SimSink>()>;
  // Returns the incident the command concerned.
  using Command = std::function<ops::Checked<int64_t>(ops::SimSink&)>;

  explicit Coordinator(SinkFactory make_sink);
  ~Coordinator();  // runs what is queued, then stops
  Coordinator(const Coordinator&) = delete;
  Coordinator& operator=(const Coordinator&) = delete;

  // `opens`: the command opens an incident (its outcome says so).
  void Submit(std::string what, Command command, bool opens = false);
  // Outcomes since the last call, oldest first.
  std::vector<CommandOutcome> TakeOutcomes();
  // Commands queued or running.
  int pending() const { return pending_; }
  // Commands queued or running, or outcomes not yet taken: the desk redraws.
  bool Busy() const;

  // The desk's commands, each timestamped `at` by the caller.
  void Open(const ops::IncidentInput& incident);
  void Summon(int64_t incident, std::vector<std::string> departments, int minutes, ops::TimeMs at);
  void ReportIn(int64_t incident, std::string department, ops::TimeMs at);
  void SetStage(int64_t incident, ops::IncidentStage stage, ops::TimeMs at);
  void Log(int64_t incident, std::string text, ops::TimeMs at);
  void Close(int64_t incident, std::string summary, ops::TimeMs at);

 private:
  void Loop();

  SinkFactory make_sink_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  struct Queued {
    std::string what;
    Command command;
    bool opens = false;
  };
  std::deque<Queued> queue_;
  std::vector<CommandOutcome> outcomes_;
  std::atomic<int> pending_{0};
  bool stopping_ = false;
  std::thread thread_;
};

// What the coordination panels act through.
struct Desk {
  Coordinator* coordinator = nullptr;  // null: read only (no write token)
  CoordinationUi* ui = nullptr;
  const std::vector<CommandOutcome>* recent = nullptr;  // the last outcomes, newest last
  ops::TimeMs now = 0;                                  // the time actions are stamped with
};

}  // namespace viewer
