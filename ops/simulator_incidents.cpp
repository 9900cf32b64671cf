// Emergencies: about two a simulated day, mostly level IV, each with the
// course a county command centre sees: opened as a warning, departments
// summoned (吹哨) a few minutes later, responding, each department reporting
// in (报到), about one in seven late, handling, and after hours closed with
// a summary, which ends it.
#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <map>

#include "ops/simulator.hpp"
#include "ops/simulator_text.hpp"

namespace ops {

namespace {

constexpr double kIncidentsPerDay = 2.0;

// Levels I, II, III, IV: the rare big ones do happen over a long run.
constexpr std::array<double, 4> kLevelShares = {0.015, 0.05, 0.15, 0.785};

struct LevelShape {
  double radius_min_m, radius_max_m;
  double median_hours;      // from opening to ended
  double more_departments;  // chance of each summons beyond the first two
};
constexpr std::array<LevelShape, 4> kLevels = {{
    {1500, 3000, 20, 0.9},
    {800, 1500, 10, 0.8},
    {300, 800, 5, 0.6},
    {100, 300, 2.5, 0.4},
}};

}  // namespace

TimeMs Simulator::NextIncident(TimeMs after) {
  return after + 1 + static_cast<TimeMs>(incident_rng_.Exponential(kDay / kIncidentsPerDay));
}

void Simulator::IncidentArrival(TimeMs t, SimSink& sink) {
  SimRandom& rng = incident_rng_;
  Schedule(NextIncident(t), ActionKind::kIncident);

  const size_t level_index = rng.Pick(kLevelShares);
  const LevelShape& shape = kLevels[level_index];
  const auto kinds = sim_text::IncidentKinds();
  std::vector<double> weights;
  for (const auto& k : kinds) weights.push_back(k.weight);
  const sim_text::IncidentKind& kind = kinds[rng.Pick(weights)];

  const geo::FeatureId grid = PickGrid(rng, false);
  const auto [xy, lonlat] = PointIn(grid, rng);
  const geo::Feature& g = grids_.features[grid];
  const std::string community =
      g.parent != geo::kNoFeature ? grids_.features[g.parent].name : g.name;
  const geo::FeatureId compound = index_.Locate(geo::Level::kCompound, xy);
  // A river or a hillside is named by its community, a fire by its compound.
  const std::string place = kind.klass == IncidentClass::kNaturalDisaster ? community
                            : compound != geo::kNoFeature ? grids_.features[compound].name
                                                          : g.name;

  IncidentInput in;
  in.level = static_cast<IncidentLevel>(level_index + 1);
  in.klass = kind.klass;
  in.title = sim_text::Fill(kind.title, place);
  in.description = sim_text::Fill(kind.description, place);
  in.center = lonlat;
  in.radius_m = std::round(rng.Uniform(shape.radius_min_m, shape.radius_max_m));
  in.actor = "指挥中心 值班长 " + sim_text::PersonName(rng);
  in.at = t;

  // Who is summoned: the kind's first two, then more the bigger it is;
  // only departments the catalogue knows.
  std::vector<std::string> summoned;
  for (const char* code : kind.departments) {
    if (summoned.size() == 5 || !catalog_.FindDepartment(code)) continue;
    if (summoned.size() >= 2 && !rng.Chance(shape.more_departments)) continue;
    summoned.emplace_back(code);
  }
  for (const char* fallback : {"street_office", "emergency"}) {
    if (summoned.size() < 2 && catalog_.FindDepartment(fallback) &&
        std::find(summoned.begin(), summoned.end(), fallback) == summoned.end()) {
      summoned.emplace_back(fallback);
    }
  }

  IncidentLife life;
  using What = IncidentStep::What;
  const auto add = [&](What what, TimeMs at, IncidentStage stage = IncidentStage::kWarning) {
    IncidentStep& s = life.steps.emplace_back();
    s.what = what;
    s.at = at;
    s.stage = stage;
    s.actor = in.actor;
    return &s;
  };
  // The response starts a minute or three after the warning, the summons
  // follow (a summons would move a warning incident to responding anyway).
  const TimeMs respond_at = t + static_cast<TimeMs>(rng.Uniform(1, 3) * kMinute);
  add(What::kStage, respond_at, IncidentStage::kResponding);
  const TimeMs summon_at = respond_at + static_cast<TimeMs>(rng.Uniform(2, 9) * kMinute);
  // One summons per report-in deadline, since a summons carries one.
  std::map<int, size_t> summons_of;  // minutes → step
  for (const std::string& d : summoned) {
    const int minutes = catalog_.FindDepartment(d)->report_in_minutes;
    if (!summons_of.count(minutes)) {
      summons_of[minutes] = life.steps.size();
      add(What::kSummon, summon_at)->minutes = minutes;
    }
    life.steps[summons_of[minutes]].departments.push_back(d);
  }
  TimeMs first_report = summon_at + 10 * kMinute, last_report = summon_at;
  for (size_t i = 0; i < summoned.size(); ++i) {
    // Median 60% of the deadline, σ 0.5: about 15% report in late.
    const Department* d = catalog_.FindDepartment(summoned[i]);
    const TimeMs deadline = d->report_in_minutes * kMinute;
    const TimeMs delay = std::max<TimeMs>(
        2 * kMinute, static_cast<TimeMs>(static_cast<double>(deadline) * rng.LogNormal(0.6, 0.5)));
    IncidentStep* s = add(What::kReportIn, summon_at + delay);
    s->departments = {summoned[i]};
    s->actor = sim_text::ShortName(d->zh) + " " + sim_text::PersonName(rng);
    s->late = delay > deadline;
    first_report = i == 0 ? summon_at + delay : std::min(first_report, summon_at + delay);
    last_report = std::max(last_report, summon_at + delay);
  }
  const TimeMs handling_at = first_report + static_cast<TimeMs>(rng.Uniform(2, 10) * kMinute);
  add(What::kStage, handling_at, IncidentStage::kHandling);
  const TimeMs ended_at =
      std::max({t + static_cast<TimeMs>(rng.LogNormal(shape.median_hours, 0.5) * kHour),
                last_report + 10 * kMinute, handling_at + 10 * kMinute});

  const size_t late = static_cast<size_t>(std::count_if(
      life.steps.begin(), life.steps.end(), [](const IncidentStep& s) { return s.late; }));
  std::string outcome;
  switch (in.level) {
    case IncidentLevel::kIV:
      outcome = "未造成人员伤亡";
      break;
    case IncidentLevel::kIII:
      outcome = "受伤人员已送医救治";
      break;
    case IncidentLevel::kII:
      outcome = fmt::format("已转移安置受影响群众{}人", rng.Int(50, 300));
      break;
    case IncidentLevel::kI:
      outcome = fmt::format("已转移安置受影响群众{}人，善后工作持续进行", rng.Int(500, 3000));
      break;
  }
  const std::string summary =
      fmt::format("{}处置完毕。{}个部门到场处置{}，{}。", in.title, summoned.size(),
                  late ? fmt::format("，其中{}个部门超时报到", late) : "", outcome);
  // Closing ends it (the store refuses a change to an ended incident, a
  // summary included), so there is no separate "ended" stage step.
  add(What::kClose, ended_at)->text = summary;
  std::stable_sort(life.steps.begin(), life.steps.end(),
                   [](const IncidentStep& a, const IncidentStep& b) { return a.at < b.at; });

  ++sent_;
  auto id = sink.OpenIncident(in);
  if (!id) return Refused("OpenIncident", id.error());
  ++stats_.incidents;
  life.id = *id;
  const uint64_t key = next_key_++;
  Schedule(life.steps.front().at, ActionKind::kIncidentStep, key);
  incidents_.emplace(key, std::move(life));
}

void Simulator::IncidentStepDue(uint64_t key, SimSink& sink) {
  const auto it = incidents_.find(key);
  assert(it != incidents_.end() && "a step for an incident that was dropped");
  IncidentLife& life = it->second;
  const IncidentStep& step = life.steps[life.next];
  using What = IncidentStep::What;
  ++sent_;
  Checked<void> result;
  switch (step.what) {
    case What::kSummon:
      result = sink.Summon(life.id, step.departments, step.minutes, step.actor, step.at);
      if (result) stats_.summons += step.departments.size();
      break;
    case What::kReportIn:
      result = sink.ReportIn(life.id, step.departments.front(), step.actor, step.at);
      if (result) {
        ++stats_.report_ins;
        stats_.late_report_ins += step.late;
      }
      break;
    case What::kStage:
      result = sink.SetIncidentStage(life.id, step.stage, step.actor, step.at);
      break;
    case What::kClose:
      result = sink.CloseIncident(life.id, step.text, step.actor, step.at);
      break;
  }
  // A refused step leaves the others standing: a late report-in refused
  // does not undo the summons.
  if (!result) Refused("incident step", result.error());
  if (++life.next == life.steps.size()) {
    incidents_.erase(it);
    return;
  }
  Schedule(life.steps[life.next].at, ActionKind::kIncidentStep, key);
}

}  // namespace ops
