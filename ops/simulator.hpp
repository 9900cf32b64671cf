// A deterministic, realistic feed for a county: resident demands arriving
// with the day's rhythm and running their closed loop, sensors reporting
// every five minutes, and now and then an emergency with its summons and
// report-ins. What `gridops simulate` sends to a server and what `gridops
// view` runs in-process so the dashboard is alive on first start.
//
// Everything happens in simulated time (UTC milliseconds, local time
// Asia/Shanghai = UTC+8 for the daily rhythm) and comes out of one seed: the
// same seed, grids, catalogue and sensors give the same actions in the same
// order on every platform, because every random draw goes through SimRandom
// (the standard library's distributions differ between implementations).
//
// [SECTION] Randomness
// [SECTION] Simulator
#pragma once

#include <cstdint>
#include <optional>
#include <queue>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "geo/crs.hpp"
#include "geo/grid_set.hpp"
#include "geo/polygon_index.hpp"
#include "ops/catalog.hpp"
#include "ops/model.hpp"
#include "ops/sim_sink.hpp"

namespace ops {

// ---------------------------------------------------------------------------
// [SECTION] Randomness

// xoshiro256** seeded through splitmix64, with the conversions to uniform,
// normal and other draws written out here, so that every standard library
// gives the same numbers. (Normal draws rest on std::log and std::cos; where
// two libms differ in the last bit, a time may come out a millisecond apart.)
class SimRandom {
 public:
  explicit SimRandom(uint64_t seed);

  uint64_t Next();
  // Uniform in [0, 1) with 53 random bits.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }
  // Uniform integer in [lo, hi], both inclusive.
  int Int(int lo, int hi);
  bool Chance(double p) { return Unit() < p; }
  // Standard normal (Box–Muller, one value per call).
  double Normal();
  // exp(N(ln median, sigma²)): positive, skewed, with the given median.
  double LogNormal(double median, double sigma);
  double Exponential(double mean);
  // An index drawn with probability proportional to its weight (≥ 0, not
  // all zero).
  size_t Pick(std::span<const double> weights);
  template <typename T>
  const T& Choose(std::span<const T> items) {
    return items[static_cast<size_t>(Int(0, static_cast<int>(items.size()) - 1))];
  }

 private:
  uint64_t s_[4];
};

// ---------------------------------------------------------------------------
// [SECTION] Simulator

struct SimConfig {
  uint64_t seed = 1;
  double demands_per_hour = 40;  // county average over a day; 0 sends none
  TimeMs start = 0;              // the simulated time the feed starts at
};

class Simulator {
 public:
  // `grids` must outlive the simulator; the catalogue and sensors are copied.
  // The grids must hold a grid level with polygons (a programmer error
  // otherwise).
  Simulator(const geo::GridSet& grids, const Catalog& catalog, std::vector<SensorSpec> sensors,
            SimConfig config);

  // Runs every action due up to simulated time `until`, in time order, into
  // `sink`; returns how many were sent. Refusals from the sink are counted
  // (stats), never fatal: a refused demand or incident is dropped with its
  // later steps.
  size_t RunUntil(TimeMs until, SimSink& sink);

  struct Stats {
    size_t demands = 0, transitions = 0, reworks = 0, readings = 0, incidents = 0, summons = 0,
           report_ins = 0, late_report_ins = 0, refused = 0;
    std::string last_refusal;
  };
  const Stats& stats() const { return stats_; }
  TimeMs now() const { return now_; }  // simulated time reached
  // The grids chosen (from the seed) to be persistently busy.
  const std::vector<geo::FeatureId>& hotspots() const { return hotspots_; }

  // The demand rate at `t` relative to the day's average (mean 1 over a
  // day): quiet at night, peaks mid-morning and early evening.
  static double DailyRhythm(TimeMs t);

 private:
  enum class ActionKind : uint8_t {
    kDemandArrival,
    kDemandStep,
    kSensorTick,
    kIncident,
    kIncidentStep
  };
  struct Action {
    TimeMs at = 0;
    uint64_t seq = 0;  // ties keep the order they were scheduled in
    ActionKind kind = ActionKind::kDemandArrival;
    uint64_t key = 0;  // the life (demand or incident) it advances
  };
  struct Later {
    bool operator()(const Action& a, const Action& b) const {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };

  // A demand's closed loop, planned when it arrives.
  struct DemandLife {
    int64_t id = 0;
    std::vector<TransitionInput> steps;  // each with its `at`, in time order
    size_t next = 0;
  };
  // An incident's course, planned when it opens.
  struct IncidentStep {
    enum class What : uint8_t { kSummon, kReportIn, kStage, kClose } what = What::kStage;
    TimeMs at = 0;
    std::vector<std::string> departments;  // kSummon: several; kReportIn: one
    int minutes = 0;                       // kSummon: the report-in deadline
    IncidentStage stage = IncidentStage::kResponding;
    std::string actor;
    std::string text;   // kClose: the summary
    bool late = false;  // kReportIn: after the department's deadline
  };
  struct IncidentLife {
    int64_t id = 0;
    std::vector<IncidentStep> steps;
    size_t next = 0;
  };
  // One sensor's signal beyond its daily cycle: a slow drift and the
  // excursion (spike) in progress, in threshold units (0 = warn, 1 = alarm).
  struct SensorSignal {
    double drift = 0;
    TimeMs spike_start = 0, spike_rise = 0, spike_decay = 1;
    double spike_height = 0;
    TimeMs next_spike = 0;
  };

  void Schedule(TimeMs at, ActionKind kind, uint64_t key = 0);
  void Start();
  void Refused(const char* what, const RequestError& error);
  void Perform(const Action& action, SimSink& sink);

  // simulator.cpp: where and what demands are, and their closed loop.
  TimeMs NextDemandCandidate(TimeMs after);
  void DemandArrival(TimeMs t, SimSink& sink);
  void DemandStep(uint64_t key, SimSink& sink);
  geo::FeatureId PickGrid(SimRandom& rng, bool with_hotspots) const;
  // A point uniformly inside grid `grid`, in display metres and lon/lat.
  std::pair<geo::Meters, geo::LonLat> PointIn(geo::FeatureId grid, SimRandom& rng) const;
  const Category& PickCategory(Source source);
  std::vector<TransitionInput> PlanDemand(const Category& category, Source source,
                                          geo::FeatureId grid, TimeMs received);
  std::string Place(geo::Meters xy, geo::FeatureId grid) const;

  // simulator_sensors.cpp
  void SensorTick(TimeMs t, SimSink& sink);
  double SensorValue(size_t i, TimeMs t);

  // simulator_incidents.cpp
  TimeMs NextIncident(TimeMs after);
  void IncidentArrival(TimeMs t, SimSink& sink);
  void IncidentStepDue(uint64_t key, SimSink& sink);

  const geo::GridSet& grids_;
  Catalog catalog_;
  std::vector<SensorSpec> sensors_;
  SimConfig config_;
  geo::PolygonIndex index_;
  std::optional<geo::Transformer> to_lonlat_;

  // One stream per concern, so that a change to one (a sensor more) leaves
  // the others' draws alone.
  SimRandom arrival_rng_, demand_rng_, sensor_rng_, incident_rng_;

  std::vector<double> grid_weights_;         // by grid (index from the grid level's first)
  std::vector<double> grid_weights_no_hot_;  // the same without the hotspots
  std::vector<geo::FeatureId> hotspots_;
  std::vector<std::string> grid_workers_;  // 网格员 of each grid
  std::vector<double> category_weights_;
  std::vector<SensorSignal> signals_;

  std::priority_queue<Action, std::vector<Action>, Later> queue_;
  std::unordered_map<uint64_t, DemandLife> demands_;
  std::unordered_map<uint64_t, IncidentLife> incidents_;
  uint64_t next_seq_ = 0;
  uint64_t next_key_ = 1;
  bool started_ = false;
  size_t sent_ = 0;  // calls made during the current RunUntil
  TimeMs now_ = 0;
  Stats stats_;
};

}  // namespace ops
