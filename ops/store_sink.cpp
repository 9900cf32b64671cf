#include "ops/store_sink.hpp"

namespace ops {

namespace {

Checked<void> Done(const Checked<Outcome>& out) {
  if (!out) return std::unexpected(out.error());
  return {};
}

}  // namespace

Checked<int64_t> StoreSink::PostDemand(const DemandInput& demand) {
  auto out = store_.PostDemand(demand);
  if (!out) return std::unexpected(out.error());
  return out->id;
}

Checked<void> StoreSink::Transition(int64_t demand, const TransitionInput& move) {
  return Done(store_.Transition(demand, move));
}

Checked<void> StoreSink::RegisterSensor(const SensorSpec& sensor) {
  return Done(store_.RegisterSensors({sensor}));
}

Checked<size_t> StoreSink::PostReadings(std::span<const Reading> readings) {
  auto out = store_.PostReadings(std::vector<Reading>(readings.begin(), readings.end()));
  if (!out) return std::unexpected(out.error());
  return out->accepted;
}

Checked<int64_t> StoreSink::OpenIncident(const IncidentInput& incident) {
  auto out = store_.OpenIncident(incident);
  if (!out) return std::unexpected(out.error());
  return out->id;
}

Checked<void> StoreSink::Summon(int64_t incident, std::span<const std::string> departments,
                                int report_in_minutes, const std::string& actor, TimeMs at) {
  return Done(store_.Summon(incident,
                            std::vector<std::string>(departments.begin(), departments.end()),
                            report_in_minutes, actor, at));
}

Checked<void> StoreSink::ReportIn(int64_t incident, const std::string& department,
                                  const std::string& actor, TimeMs at) {
  return Done(store_.ReportIn(incident, department, actor, at));
}

Checked<void> StoreSink::SetIncidentStage(int64_t incident, IncidentStage stage,
                                          const std::string& actor, TimeMs at) {
  return Done(store_.SetIncidentStage(incident, stage, actor, at));
}

Checked<void> StoreSink::LogIncident(int64_t incident, const std::string& text,
                                     const std::string& actor, TimeMs at) {
  return Done(store_.LogIncident(incident, text, actor, at));
}

Checked<void> StoreSink::CloseIncident(int64_t incident, const std::string& summary,
                                       const std::string& actor, TimeMs at) {
  return Done(store_.CloseIncident(incident, summary, actor, at));
}

}  // namespace ops
