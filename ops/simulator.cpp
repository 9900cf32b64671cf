// The simulator's heart: randomness, the action queue, and resident demands
// (where and when they arise, what they are about, how their closed loop
// runs). Sensors and incidents are in simulator_sensors.cpp and
// simulator_incidents.cpp.
//
// [SECTION] Randomness
// [SECTION] Set-up and the action queue
// [SECTION] Demands: when, where, what
// [SECTION] Demands: the closed loop
#include "ops/simulator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

#include "ops/simulator_text.hpp"

namespace ops {

// ---------------------------------------------------------------------------
// [SECTION] Randomness

namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

}  // namespace

SimRandom::SimRandom(uint64_t seed) {
  for (uint64_t& s : s_) s = SplitMix64(seed);
}

uint64_t SimRandom::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

int SimRandom::Int(int lo, int hi) {
  assert(lo <= hi && "Int takes an inclusive range: lo must not exceed hi");
  const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  return lo + static_cast<int>(Next() % span);  // bias below 2^-32 for the spans used here
}

double SimRandom::Normal() {
  const double u = 1.0 - Unit();  // (0, 1]: log stays finite
  const double v = Unit();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
}

double SimRandom::LogNormal(double median, double sigma) {
  return median * std::exp(sigma * Normal());
}

double SimRandom::Exponential(double mean) {
  return -mean * std::log1p(-Unit());
}

size_t SimRandom::Pick(std::span<const double> weights) {
  double total = 0;
  for (double w : weights) total += w;
  assert(total > 0 && "Pick needs at least one positive weight");
  double x = Unit() * total;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return weights.size() - 1;  // rounding at the very end
}

// ---------------------------------------------------------------------------
// [SECTION] Set-up and the action queue

namespace {

constexpr TimeMs kLocalOffset = 8 * kHour;  // Asia/Shanghai, no daylight saving

// Demands per hour of local time relative to the day's average, at the
// middle of each hour: a county hotline's and grid workers' day.
constexpr std::array<double, 24> kHourly = {0.15, 0.08, 0.06, 0.05, 0.06, 0.12, 0.35, 0.80,
                                            1.45, 1.90, 2.05, 1.75, 1.10, 1.00, 1.35, 1.45,
                                            1.45, 1.50, 1.75, 1.85, 1.45, 0.95, 0.50, 0.27};
constexpr double HourlyMean() {
  double sum = 0;
  for (double v : kHourly) sum += v;
  return sum / 24;
}
constexpr double kHourlyMax = 2.05;

// Shares of each source (hotline, grid worker, app, window, sensor).
constexpr std::array<double, kSourceCount> kSourceShares = {0.35, 0.30, 0.20, 0.10, 0.05};

}  // namespace

double Simulator::DailyRhythm(TimeMs t) {
  const TimeMs local = ((t + kLocalOffset) % kDay + kDay) % kDay;
  // Linear between the middles of neighbouring hours.
  const double h = static_cast<double>(local) / kHour - 0.5;
  const double floor_h = std::floor(h);
  const int a = (static_cast<int>(floor_h) + 24) % 24;
  const double f = h - floor_h;
  return (kHourly[a] * (1 - f) + kHourly[(a + 1) % 24] * f) / HourlyMean();
}

Simulator::Simulator(const geo::GridSet& grids, const Catalog& catalog,
                     std::vector<SensorSpec> sensors, SimConfig config)
    : grids_(grids),
      catalog_(catalog),
      sensors_(std::move(sensors)),
      config_(config),
      index_(geo::PolygonIndex::Build(grids)),
      arrival_rng_(config.seed * 4 + 0),
      demand_rng_(config.seed * 4 + 1),
      sensor_rng_(config.seed * 4 + 2),
      incident_rng_(config.seed * 4 + 3),
      now_(config.start) {
  assert(grids.LevelCount(geo::Level::kGrid) > 0 && "the simulator needs a grid level");
  auto to_lonlat = geo::Transformer::Create(grids.display_crs, "EPSG:4490");
  assert(to_lonlat && "the grid set's display CRS must be one PROJ knows");
  if (to_lonlat) to_lonlat_.emplace(std::move(*to_lonlat));

  // Grids weighted by residents (by area where a source gives none), a few
  // of them persistently busier: a market street, an old compound with
  // failing pipes, a school gate.
  SimRandom setup(config.seed ^ 0x5eed5eed5eedULL);
  const geo::FeatureId first = grids.LevelBegin(geo::Level::kGrid);
  const size_t count = grids.LevelCount(geo::Level::kGrid);
  int64_t population = 0;
  for (size_t g = 0; g < count; ++g) population += grids.features[first + g].population;
  for (size_t g = 0; g < count; ++g) {
    const geo::Feature& f = grids.features[first + g];
    grid_weights_no_hot_.push_back(population > 0 ? static_cast<double>(f.population)
                                                  : std::max(f.area_m2, 1.0));
    grid_workers_.push_back(sim_text::PersonName(setup));
  }
  grid_weights_ = grid_weights_no_hot_;
  double mean_weight = 0;
  for (double w : grid_weights_) mean_weight += w / static_cast<double>(count);
  const size_t hot = std::min<size_t>(count / 10, 4);
  while (hotspots_.size() < hot) {
    const auto g = static_cast<geo::FeatureId>(setup.Int(0, static_cast<int>(count) - 1));
    if (std::find(hotspots_.begin(), hotspots_.end(), first + g) != hotspots_.end()) continue;
    hotspots_.push_back(first + g);
    // 5–10 times an average grid, whatever its own population.
    grid_weights_[g] = mean_weight * setup.Uniform(5, 10);
  }

  // Self-governance items come up more often than assisted ones; safety
  // emergencies (short deadlines) are rare.
  for (const Category& c : catalog_.categories) {
    double w = c.kind == ItemKind::kSelfGovernance ? 1.6 : 1.0;
    if (c.family == "public_safety") w *= 0.35;
    if (c.deadline_hours <= 6)
      w *= 0.3;
    else if (c.deadline_hours <= 12)
      w *= 0.6;
    category_weights_.push_back(w);
  }
}

void Simulator::Schedule(TimeMs at, ActionKind kind, uint64_t key) {
  queue_.push(Action{at, next_seq_++, kind, key});
}

void Simulator::Refused(const char* what, const RequestError& error) {
  ++stats_.refused;
  stats_.last_refusal = fmt::format("{}: {} {}", what, error.status, error.message);
}

void Simulator::Start() {
  started_ = true;
  const TimeMs t0 = config_.start;
  if (config_.demands_per_hour > 0 && !catalog_.categories.empty()) {
    Schedule(NextDemandCandidate(t0), ActionKind::kDemandArrival);
  }
  if (!sensors_.empty()) Schedule(t0, ActionKind::kSensorTick);
  Schedule(NextIncident(t0), ActionKind::kIncident);
}

size_t Simulator::RunUntil(TimeMs until, SimSink& sink) {
  sent_ = 0;
  if (!started_) {
    Start();
    for (const SensorSpec& s : sensors_) {
      ++sent_;
      if (auto r = sink.RegisterSensor(s); !r) Refused("RegisterSensor", r.error());
    }
  }
  while (!queue_.empty() && queue_.top().at <= until) {
    const Action action = queue_.top();
    queue_.pop();
    now_ = std::max(now_, action.at);
    Perform(action, sink);
  }
  now_ = std::max(now_, until);
  return sent_;
}

void Simulator::Perform(const Action& action, SimSink& sink) {
  switch (action.kind) {
    case ActionKind::kDemandArrival:
      return DemandArrival(action.at, sink);
    case ActionKind::kDemandStep:
      return DemandStep(action.key, sink);
    case ActionKind::kSensorTick:
      return SensorTick(action.at, sink);
    case ActionKind::kIncident:
      return IncidentArrival(action.at, sink);
    case ActionKind::kIncidentStep:
      return IncidentStepDue(action.key, sink);
  }
}

// ---------------------------------------------------------------------------
// [SECTION] Demands: when, where, what

geo::FeatureId Simulator::PickGrid(SimRandom& rng, bool with_hotspots) const {
  const auto& weights = with_hotspots ? grid_weights_ : grid_weights_no_hot_;
  return grids_.LevelBegin(geo::Level::kGrid) + static_cast<geo::FeatureId>(rng.Pick(weights));
}

std::pair<geo::Meters, geo::LonLat> Simulator::PointIn(geo::FeatureId grid, SimRandom& rng) const {
  const geo::Feature& f = grids_.features[grid];
  geo::Meters p = f.label_point;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const geo::Meters q{rng.Uniform(f.bounds.min_x, f.bounds.max_x),
                        rng.Uniform(f.bounds.min_y, f.bounds.max_y)};
    if (!index_.Holds(grid, q)) continue;
    // Half a metre from the county's edge at least, so that the lon/lat
    // sent, rounded in transit, still falls inside the county.
    bool clear = true;
    for (const geo::Meters d : {geo::Meters{0.5, 0}, {-0.5, 0}, {0, 0.5}, {0, -0.5}}) {
      clear = clear && index_.Locate(geo::Level::kGrid, {q.x + d.x, q.y + d.y}) != geo::kNoFeature;
    }
    if (clear) {
      p = q;
      break;
    }
  }
  geo::LonLat ll;
  if (to_lonlat_) {
    const geo::Meters m = to_lonlat_->Forward(p.x, p.y);
    ll = {m.x, m.y};
  }
  return {p, ll};
}

const Category& Simulator::PickCategory(Source source) {
  // A window takes applications, a sensor sees physical trouble; other
  // sources bring anything.
  std::vector<double> weights = category_weights_;
  for (size_t i = 0; i < weights.size(); ++i) {
    const Category& c = catalog_.categories[i];
    const bool paperwork = c.family == "social_services" || c.family == "elderly_child";
    const bool physical =
        c.kind == ItemKind::kAssisted && (c.family == "public_safety" || c.family == "utilities" ||
                                          c.family == "sanitation" || c.family == "urban_order");
    if (source == Source::kWindow && !paperwork) weights[i] = 0;
    if (source == Source::kSensor && !physical) weights[i] = 0;
  }
  double total = 0;
  for (double w : weights) total += w;
  if (total <= 0) weights = category_weights_;  // a catalogue without such items
  return catalog_.categories[demand_rng_.Pick(weights)];
}

std::string Simulator::Place(geo::Meters xy, geo::FeatureId grid) const {
  const geo::FeatureId compound = index_.Locate(geo::Level::kCompound, xy);
  const geo::Feature& g = grids_.features[grid];
  const std::string community =
      g.parent != geo::kNoFeature ? grids_.features[g.parent].name : std::string();
  if (compound == geo::kNoFeature) return g.name + "沿街";
  return community + grids_.features[compound].name;
}

// Thinning (Lewis–Shedler): candidates at the peak rate, each kept with the
// probability rhythm(t) / peak, give an inhomogeneous Poisson process.
TimeMs Simulator::NextDemandCandidate(TimeMs after) {
  const double peak_per_ms = config_.demands_per_hour * kHourlyMax / HourlyMean() / kHour;
  return after + 1 + static_cast<TimeMs>(arrival_rng_.Exponential(1 / peak_per_ms));
}

void Simulator::DemandArrival(TimeMs t, SimSink& sink) {
  Schedule(NextDemandCandidate(t), ActionKind::kDemandArrival);
  if (!arrival_rng_.Chance(DailyRhythm(t) * HourlyMean() / kHourlyMax)) return;

  SimRandom& rng = demand_rng_;
  const geo::FeatureId grid = PickGrid(rng, true);
  const auto [xy, lonlat] = PointIn(grid, rng);
  const auto source = static_cast<Source>(rng.Pick(kSourceShares));
  const Category& category = PickCategory(source);

  DemandInput in;
  in.category = category.code;
  in.source = source;
  in.location = lonlat;
  in.at = t;
  const std::string place = Place(xy, grid);
  const bool in_compound = index_.Locate(geo::Level::kCompound, xy) != geo::kNoFeature;
  in.address =
      in_compound ? fmt::format("{}{}号楼{}单元", place, rng.Int(1, 16), rng.Int(1, 4)) : place;
  in.description = sim_text::DemandDescription(rng, category, source, place);
  if (source == Source::kHotline || source == Source::kApp || source == Source::kWindow) {
    in.contact_name = sim_text::PersonName(rng).substr(0, 3) + (rng.Chance(0.5) ? "先生" : "女士");
    in.contact_phone = sim_text::Phone(rng);
  } else if (source == Source::kSensor && !sensors_.empty()) {
    in.device_id =
        sensors_[static_cast<size_t>(rng.Int(0, static_cast<int>(sensors_.size()) - 1))].id;
  }
  DemandLife life;
  life.steps = PlanDemand(category, source, grid, t);

  ++sent_;
  auto id = sink.PostDemand(in);
  if (!id) return Refused("PostDemand", id.error());
  ++stats_.demands;
  life.id = *id;
  const uint64_t key = next_key_++;
  Schedule(life.steps.front().at, ActionKind::kDemandStep, key);
  demands_.emplace(key, std::move(life));
}

// ---------------------------------------------------------------------------
// [SECTION] Demands: the closed loop

std::vector<TransitionInput> Simulator::PlanDemand(const Category& category, Source source,
                                                   geo::FeatureId grid, TimeMs received) {
  SimRandom& rng = demand_rng_;
  const size_t g = grid - grids_.LevelBegin(geo::Level::kGrid);
  const std::string worker = "网格员 " + grid_workers_[g];
  const std::string seat =
      fmt::format("{} 坐席 {:02}", source == Source::kHotline ? "12345" : "指挥中心",
                  rng.Int(1, source == Source::kHotline ? 24 : 8));
  std::string assignee, handler;
  if (category.kind == ItemKind::kAssisted) {
    assignee = sim_text::DepartmentFor(category, catalog_);
    const Department* d = catalog_.FindDepartment(assignee);
    handler =
        fmt::format("{} {}", d ? sim_text::ShortName(d->zh) : assignee, sim_text::PersonName(rng));
  } else {
    const geo::Feature& f = grids_.features[grid];
    assignee = f.parent != geo::kNoFeature ? grids_.features[f.parent].name + "居委会" : f.name;
    handler = worker;
  }

  // The whole loop takes a lognormal share of the item's deadline: median
  // half of it, σ 0.6, so about 12% run past it (more with a rework). Its
  // steps take jittered shares of that: dispatch, accept, handle, report,
  // verify.
  const double deadline = category.deadline_hours * static_cast<double>(kHour);
  const double total = std::max(20.0 * kMinute, deadline * rng.LogNormal(0.5, 0.6));
  std::array<double, 5> shares = {0.04, 0.08, 0.50, 0.23, 0.15};
  double sum = 0;
  for (double& s : shares) sum += (s *= rng.LogNormal(1, 0.35));
  TimeMs at = received;
  const auto after = [&](double share) {
    at += std::max<TimeMs>(kMinute, static_cast<TimeMs>(total * share / sum));
    return at;
  };

  std::vector<TransitionInput> steps;
  const auto step = [&](Stage to, std::string actor, std::string note) {
    TransitionInput m;
    m.to = to;
    m.actor = std::move(actor);
    m.note = std::move(note);
    steps.push_back(std::move(m));
  };
  step(Stage::kDispatched, seat, "");
  steps.back().assignee = assignee;
  steps.back().note =
      "派至" +
      (catalog_.FindDepartment(assignee) ? catalog_.FindDepartment(assignee)->zh : assignee);
  steps.back().at = after(shares[0]);
  step(Stage::kHandling, handler, "已接单，正在处置");
  steps.back().at = after(shares[1]);
  step(Stage::kReported, handler, "处置完毕，已反馈");
  steps.back().at = after(shares[2]);

  // About 6.5% fail verification once and go back to handling (返工).
  const bool rework = rng.Chance(0.065);
  const bool at_verify = rework && rng.Chance(0.35);
  if (at_verify) {
    step(Stage::kVerified, worker, "已核查");
    steps.back().at = after(shares[3] * 0.5);
  }
  if (rework) {
    step(Stage::kHandling, worker, "核查未通过：问题仍然存在，退回重新处置");
    steps.back().at = after(shares[3] * 0.5);
    step(Stage::kReported, handler, "已重新处置，再次反馈");
    steps.back().at = after(rng.Uniform(0.15, 0.4) * sum);
  }
  step(Stage::kVerified, worker, "现场核查，问题已解决");
  steps.back().at = after(shares[3]);

  // Residents mostly give 4 or 5 stars, fewer after a rework.
  static constexpr std::array<double, 5> kStars = {0.02, 0.03, 0.10, 0.30, 0.55};
  int stars = 1 + static_cast<int>(rng.Pick(kStars));
  if (rework && stars > 1 && rng.Chance(0.5)) --stars;
  const bool asked = rng.Chance(0.92);
  step(Stage::kClosed, seat, asked ? fmt::format("回访满意度 {} 星", stars) : "已结案");
  steps.back().satisfaction = asked ? stars : 0;
  steps.back().at = after(shares[4]);

  // A loop running to twice its deadline is escalated (督办) and pushed to
  // a close: squeeze the tail of the lognormal into that.
  const TimeMs cap = received + std::max<TimeMs>(2 * static_cast<TimeMs>(deadline), kHour);
  if (steps.back().at > cap) {
    const double squeeze =
        static_cast<double>(cap - received) / static_cast<double>(steps.back().at - received);
    for (TransitionInput& m : steps) {
      m.at = received + static_cast<TimeMs>(static_cast<double>(m.at - received) * squeeze);
    }
  }
  return steps;
}

void Simulator::DemandStep(uint64_t key, SimSink& sink) {
  const auto it = demands_.find(key);
  assert(it != demands_.end() && "a step for a demand that was dropped");
  DemandLife& life = it->second;
  const TransitionInput& move = life.steps[life.next];
  const Stage from = life.next == 0 ? Stage::kReceived : life.steps[life.next - 1].to;
  ++sent_;
  if (auto r = sink.Transition(life.id, move); !r) {
    // Later steps would be refused too: the loop is abandoned.
    Refused("Transition", r.error());
    demands_.erase(it);
    return;
  }
  ++stats_.transitions;
  stats_.reworks += IsRework(from, move.to);
  if (++life.next == life.steps.size()) {
    demands_.erase(it);
    return;
  }
  Schedule(life.steps[life.next].at, ActionKind::kDemandStep, key);
}

}  // namespace ops
