// The ingest API over HTTP (docs/api.md): Open311 GeoReport v2 for demands,
// CAP 1.2 for warnings, JSON for readings and coordination, the snapshot and
// the Server-Sent-Events change stream. Served by ops/http_server (Boost.Beast
// on one event loop, blocking routes on workers); every write goes through
// the Store and is answered after its commit.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "geo/error.hpp"
#include "ops/store.hpp"

namespace ops {

namespace http {
class HttpServer;
}

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8311;                 // 0: any free port
  std::string token;               // writes need "Authorization: Bearer <token>"
  std::string token_file;          // named in 401 answers
  size_t max_body = 4 << 20;       // bytes; readings may use max_readings_body
  size_t max_readings_body = 16 << 20;
  int threads = 64;    // workers for the routes that block (SSE clients hold one each)
  int timeout_s = 10;  // read and write timeouts
};

// The token in `path`, or a new random one written there with owner-only
// permissions when the file does not exist (`created` says which).
geo::Result<std::string> LoadOrCreateToken(const std::filesystem::path& path, bool& created);

class Server {
 public:
  Server(Store& store, ServerOptions options);
  ~Server();
  // Binds the address; fails naming it (e.g. the port is taken). Returns the port.
  geo::Result<int> Bind();
  // Serves until Stop() (from another thread or a signal handler's thread).
  void Run();
  void Stop();

 private:
  void Routes();
  Store& store_;
  ServerOptions options_;
  std::unique_ptr<http::HttpServer> http_;
};

}  // namespace ops
