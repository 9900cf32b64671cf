// A wrk-style HTTP/1.1 load generator for bench_ingest: `connections`
// keep-alive TCP connections to a loopback server driven by one thread over
// epoll. Each connection is one client: it sends a request, waits for the
// whole answer, and only then sends its next one, so at most `connections`
// requests are in flight. One thread with epoll instead of a thread per
// client keeps the generator's own share of the two cores small (wrk and
// h2load work the same way), so what is measured is the server.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bench {

struct LoadResult {
  int64_t answered = 0;        // answers with the expected status
  int64_t refused = 0;         // answers with another status
  int64_t failed = 0;          // connections that broke
  std::string example;         // the first unexpected answer or error, for stderr
  std::vector<double> ms;      // send → whole answer, per expected answer
  std::chrono::steady_clock::duration took{};
};

// The whole request (request line, headers, body) that connection `c` sends
// as its `n`-th request.
using RequestMaker = std::function<std::string(int c, int64_t n)>;

// Runs for `seconds`, then waits for the answers still in flight. Throws
// std::runtime_error when it cannot connect.
LoadResult RunLoad(int port, int connections, double seconds, int expected_status,
                   const RequestMaker& make);

// "POST path HTTP/1.1" with Host, Authorization: Bearer token, Content-Type
// and Content-Length, then `body`.
std::string PostRequest(const std::string& path, const std::string& token,
                        const std::string& content_type, const std::string& body);

}  // namespace bench
