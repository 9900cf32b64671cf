// Where a simulation's actions go: a running `gridops serve` over HTTP
// (HttpSink, what `gridops simulate` uses) or the store in-process (what
// `gridops view` uses to be alive on first start). Each call returns only
// after the action was acknowledged, i.e. committed.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "ops/model.hpp"
#include "ops/request_error.hpp"

namespace ops {

class SimSink {
 public:
  virtual ~SimSink() = default;
  // The new demand's id.
  virtual Checked<int64_t> PostDemand(const DemandInput& demand) = 0;
  virtual Checked<void> Transition(int64_t demand, const TransitionInput& move) = 0;
  virtual Checked<void> RegisterSensor(const SensorSpec& sensor) = 0;
  // How many readings were accepted.
  virtual Checked<size_t> PostReadings(std::span<const Reading> readings) = 0;
  // The new incident's id.
  virtual Checked<int64_t> OpenIncident(const IncidentInput& incident) = 0;
  virtual Checked<void> Summon(int64_t incident, std::span<const std::string> departments,
                               int report_in_minutes, const std::string& actor, TimeMs at) = 0;
  virtual Checked<void> ReportIn(int64_t incident, const std::string& department,
                                 const std::string& actor, TimeMs at) = 0;
  virtual Checked<void> SetIncidentStage(int64_t incident, IncidentStage stage,
                                         const std::string& actor, TimeMs at) = 0;
  virtual Checked<void> LogIncident(int64_t incident, const std::string& text,
                                    const std::string& actor, TimeMs at) = 0;
  virtual Checked<void> CloseIncident(int64_t incident, const std::string& summary,
                                      const std::string& actor, TimeMs at) = 0;
};

}  // namespace ops
