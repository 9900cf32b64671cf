// The simulator's actions sent to a running `gridops serve` over its HTTP API
// (docs/api.md): Open311 for demands, JSON for the rest, each call answered
// after the server's commit. One HttpSink per thread (its httplib client is
// not shared between threads).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "ops/sim_sink.hpp"

namespace httplib {
class Client;
}

namespace ops {

// The RequestError a non-2xx answer stands for, from its body: the API's
// {"error": {"status", "field", "message"}}, Open311's [{"code", "field",
// "description"}], a readings answer with nothing accepted ({"accepted": 0,
// "rejected": [{"index", "field", "message"}]}), or any other body, quoted.
// `url` names the server in sentences that need it.
RequestError DecodeErrorBody(int status, std::string_view body, std::string_view url);

class HttpSink : public SimSink {
 public:
  // `base_url` is "http://HOST:PORT", optionally with a path prefix;
  // `token` the bearer token `gridops serve` wrote. Nothing is sent yet: a
  // server that cannot be reached shows in each call's error (status 0,
  // "cannot reach URL: …").
  HttpSink(std::string base_url, std::string token);
  ~HttpSink() override;
  HttpSink(const HttpSink&) = delete;
  HttpSink& operator=(const HttpSink&) = delete;

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
  // POSTs `body` (JSON text) to `path` under the base URL; the answer's body
  // on 2xx, the decoded refusal otherwise.
  Checked<std::string> Post(const std::string& path, const std::string& body);

  std::string base_url_;
  std::string prefix_;     // the base URL's path, "" or "/gridops"
  std::string url_error_;  // why base_url_ cannot be used, "" when it can
  std::string authorization_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace ops
