// Sensor signals: every five simulated minutes each sensor reports a value
// made of its kind's daily cycle, a slow drift, noise and now and then an
// excursion (a leak, a jam, a flood peak) that crosses its warning level and
// sometimes its alarm. All of it is computed in threshold units, u = 0 at
// `warn` and u = 1 at `alarm`, so any sensor's thresholds (rising or falling)
// shape its signal.
#include <array>
#include <cmath>

#include "ops/simulator.hpp"

namespace ops {

namespace {

constexpr TimeMs kTick = 5 * kMinute;

struct KindProfile {
  double base;                 // u at the quietest hour
  double amplitude;            // u added at the busiest hour
  std::array<double, 24> day;  // 0…1 by local hour: the kind's daily cycle
  double noise;                // σ of the reading-to-reading noise, u
  double drift;                // σ of the slow drift, u
  double drift_hours;          // its time scale
  double spikes_per_day;       // excursions per sensor and day
  double rise_minutes, decay_minutes;
};

constexpr std::array<double, 24> kFlat{};

// By SensorKind. Values are the kind of levels a county network reports:
// e.g. PM2.5 around 30–50 μg/m³ with morning and evening heating peaks,
// traffic near 100 vehicles/h at night and 1,300 at the rush hours,
// substations at 40–65% load with an evening peak.
constexpr std::array<KindProfile, kSensorKindCount> kProfiles = {{
    // water level: a slow river, rare flood peaks over hours
    {-2.2, 0, kFlat, 0.01, 0.35, 24, 0.05, 180, 480},
    // air quality
    {-0.75,
     0.4,
     {0.6,  0.55, 0.5, 0.45, 0.45, 0.5, 0.65, 0.85, 1.0, 0.9,  0.7,  0.5,
      0.35, 0.25, 0.2, 0.2,  0.3,  0.5, 0.75, 0.95, 1.0, 0.95, 0.85, 0.7},
     0.03,
     0.15,
     24,
     0.12,
     120,
     240},
    // gas: cooking hours; leaks are short and sharp
    {-0.96,
     0.02,
     {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.6, 0.4, 0.2, 0.3, 0.8,
      0.6, 0.2, 0.1, 0.2, 0.4, 0.8, 0.9, 0.5, 0.3, 0.2, 0.1, 0.1},
     0.004,
     0.005,
     2,
     0.04,
     5,
     20},
    // crowd density: morning markets, evening square dancing
    {-1.3,
     1.0,
     {0.02, 0.01, 0.01, 0.01, 0.01, 0.03, 0.15, 0.45, 0.8, 1.0, 0.9, 0.7,
      0.5,  0.45, 0.5,  0.6,  0.65, 0.7,  0.8,  1.0,  0.9, 0.5, 0.2, 0.06},
     0.03,
     0.08,
     3,
     0.12,
     30,
     60},
    // traffic: two rush hours
    {-2.9,
     2.4,
     {0.05, 0.03, 0.02, 0.02, 0.03, 0.1,  0.4, 0.95, 1.0, 0.7,  0.6, 0.65,
      0.7,  0.6,  0.55, 0.6,  0.7,  0.95, 1.0, 0.75, 0.5, 0.35, 0.2, 0.1},
     0.05,
     0.08,
     1,
     0.25,
     15,
     40},
    // power: evening peak
    {-4.5,
     2.4,
     {0.35, 0.3,  0.25, 0.25, 0.25, 0.3, 0.45, 0.6, 0.7, 0.7, 0.7, 0.75,
      0.7,  0.65, 0.65, 0.65, 0.7,  0.8, 0.95, 1.0, 1.0, 0.9, 0.7, 0.5},
     0.04,
     0.3,
     24,
     0.08,
     60,
     120},
    // noise: day against night
    {-2.0,
     1.2,
     {0.1, 0.05, 0.05, 0.05, 0.05, 0.15, 0.5, 0.85, 1,   1,   1,   1,
      0.9, 0.8,  0.9,  1,    1,    1,    1,   1,    0.9, 0.7, 0.4, 0.2},
     0.12,
     0.08,
     2,
     0.3,
     5,
     40},
    // smoke: clean air until something burns
    {-0.95, 0, kFlat, 0.008, 0.005, 1, 0.03, 3, 15},
}};

double DayCycle(const KindProfile& p, TimeMs t) {
  const TimeMs local = ((t + 8 * kHour) % kDay + kDay) % kDay;
  const double h = static_cast<double>(local) / kHour - 0.5;
  const double floor_h = std::floor(h);
  const int a = (static_cast<int>(floor_h) + 24) % 24;
  const double f = h - floor_h;
  return p.day[a] * (1 - f) + p.day[(a + 1) % 24] * f;
}

// A reading as an instrument reports it: about three significant digits of
// the threshold gap (0.01 m for a 1 m gap, 1 vehicle/h for 500).
double Rounded(const SensorSpec& s, double value) {
  const double gap = std::abs(s.alarm - s.warn);
  if (gap <= 0) return value;
  const double step = std::pow(10.0, std::floor(std::log10(gap)) - 2);
  // Divide by an exact power of ten below 1, so that 5.6 comes out as the
  // double nearest 5.6 and is written "5.6", not "5.6000000000000005".
  if (step >= 1) return std::round(value / step) * step;
  const double inverse = std::round(1 / step);
  return std::round(value * inverse) / inverse;
}

}  // namespace

double Simulator::SensorValue(size_t i, TimeMs t) {
  const SensorSpec& spec = sensors_[i];
  const KindProfile& p = kProfiles[static_cast<size_t>(spec.kind)];
  SensorSignal& s = signals_[i];
  SimRandom& rng = sensor_rng_;

  // Ornstein–Uhlenbeck drift, exact for the tick's time step.
  const double keep = std::exp(-static_cast<double>(kTick) / (p.drift_hours * kHour));
  s.drift = s.drift * keep + p.drift * std::sqrt(1 - keep * keep) * rng.Normal();
  const double background = p.base + p.amplitude * DayCycle(p, t) + s.drift;

  if (t >= s.next_spike) {
    // An excursion to a peak past warn, beyond alarm about a third of the time.
    s.spike_start = t;
    s.spike_height = std::max(0.3, rng.Uniform(0.15, 1.5) - background);
    s.spike_rise = static_cast<TimeMs>(p.rise_minutes * kMinute * rng.Uniform(0.5, 1.5));
    s.spike_decay =
        std::max<TimeMs>(1, static_cast<TimeMs>(p.decay_minutes * kMinute * rng.Uniform(0.5, 1.5)));
    s.next_spike = t + static_cast<TimeMs>(rng.Exponential(kDay / p.spikes_per_day));
  }
  double spike = 0;
  const TimeMs since = t - s.spike_start;
  if (s.spike_height > 0 && since >= 0) {
    spike = since < s.spike_rise
                ? s.spike_height * static_cast<double>(since) / static_cast<double>(s.spike_rise)
                : s.spike_height * std::exp(-static_cast<double>(since - s.spike_rise) /
                                            static_cast<double>(s.spike_decay));
  }
  const double u = background + spike + p.noise * rng.Normal();
  double value = spec.warn + u * (spec.alarm - spec.warn);
  // Physical quantities with positive thresholds do not go below zero.
  if (spec.warn >= 0 && spec.alarm >= 0) value = std::max(0.0, value);
  return Rounded(spec, value);
}

void Simulator::SensorTick(TimeMs t, SimSink& sink) {
  if (signals_.empty()) {
    for (const SensorSpec& spec : sensors_) {
      const KindProfile& p = kProfiles[static_cast<size_t>(spec.kind)];
      SensorSignal s;
      s.drift = p.drift * sensor_rng_.Normal();
      s.next_spike = t + static_cast<TimeMs>(sensor_rng_.Exponential(kDay / p.spikes_per_day));
      signals_.push_back(s);
    }
  }
  std::vector<Reading> batch;
  batch.reserve(sensors_.size());
  for (size_t i = 0; i < sensors_.size(); ++i) {
    batch.push_back(Reading{sensors_[i].id, t, SensorValue(i, t)});
  }
  Schedule(t + kTick, ActionKind::kSensorTick);
  ++sent_;
  if (auto accepted = sink.PostReadings(batch)) {
    stats_.readings += *accepted;
  } else {
    Refused("PostReadings", accepted.error());
  }
}

}  // namespace ops
