// The simulator's actions straight into a Store, in-process: what
// `gridops view` runs so the dashboard is alive on first start. Each call
// returns after its commit, exactly as over HTTP.
#pragma once

#include "ops/sim_sink.hpp"
#include "ops/store.hpp"

namespace ops {

class StoreSink : public SimSink {
 public:
  explicit StoreSink(Store& store) : store_(store) {}

  Checked<int64_t> PostDemand(const DemandInput& demand) override;
  Checked<void> Transition(int64_t demand, const TransitionInput& move) override;
  Checked<void> RegisterSensor(const SensorSpec& sensor) override;
  Checked<size_t> PostReadings(std::span<const Reading> readings) override;
  Checked<int64_t> OpenIncident(const IncidentInput& incident) override;
  Checked<void> Summon(int64_t incident, std::span<const std::string> departments,
                       int report_in_minutes, const std::string& actor, TimeMs at) override;
  Checked<void> ReportIn(int64_t incident, const std::string& department, const std::string& actor,
                         TimeMs at) override;
  Checked<void> SetIncidentStage(int64_t incident, IncidentStage stage, const std::string& actor,
                                 TimeMs at) override;
  Checked<void> LogIncident(int64_t incident, const std::string& text, const std::string& actor,
                            TimeMs at) override;
  Checked<void> CloseIncident(int64_t incident, const std::string& summary,
                              const std::string& actor, TimeMs at) override;

 private:
  Store& store_;
};

}  // namespace ops
