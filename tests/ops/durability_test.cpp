// Acknowledged means committed: `gridops serve` is killed with SIGKILL in the
// middle of a burst from several clients, restarted on the same store, and
// every acknowledged demand is found with its data.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "store_fixture.hpp"

namespace {

using nlohmann::json;

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  close(fd);
  return ntohs(a.sin_port);
}

// `gridops serve` as a child process.
pid_t StartServer(const std::filesystem::path& db, int port, const std::filesystem::path& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string db_arg = db.string(), listen = fmt::format("127.0.0.1:{}", port);
    freopen(log.c_str(), "a", stdout);
    freopen(log.c_str(), "a", stderr);
    execl(GRIDOPS_BINARY, GRIDOPS_BINARY, "serve", "--db", db_arg.c_str(), "--listen",
          listen.c_str(), "--sync", "full", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

bool WaitHealthy(int port, pid_t pid) {
  httplib::Client c("127.0.0.1", port);
  for (int i = 0; i < 600; ++i) {
    if (auto r = c.Get("/healthz"); r && r->status == 200) return true;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;  // it died
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST(Durability, EveryAcknowledgedDemandSurvivesSigkill) {
  test::TempDir dir;
  const auto db = dir.path() / "county.db", log = dir.path() / "serve.log";
  const int port = FreePort();
  pid_t pid = StartServer(db, port, log);
  ASSERT_TRUE(WaitHealthy(port, pid)) << "gridops serve did not start; see " << log;
  std::string token;
  std::ifstream(dir.path() / "token") >> token;
  ASSERT_FALSE(token.empty());

  auto store_for_points = test::OpenSampleStore(dir.path() / "points.db", false);
  const geo::LonLat here = test::PointIn(*store_for_points, "61082200200504");

  constexpr int kClients = 6;
  std::mutex mutex;
  std::map<int64_t, std::string> acknowledged;  // id → description
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client http("127.0.0.1", port);
      http.set_default_headers({{"Authorization", "Bearer " + token}});
      for (int i = 0; !stop; ++i) {
        const std::string description = fmt::format("client {} demand {}", c, i);
        json body{{"service_code", "S02"},
                  {"lat", here.lat},
                  {"long", here.lon},
                  {"description", description},
                  {"source", "hotline"}};
        auto r = http.Post("/open311/v2/requests.json", body.dump(), "application/json");
        if (!r) {
          if (stop) return;
          continue;  // the server is gone: nothing acknowledged
        }
        if (r->status != 201) continue;
        const int64_t id =
            std::stoll(json::parse(r->body)[0]["service_request_id"].get<std::string>());
        std::lock_guard lock(mutex);
        acknowledged[id] = description;
      }
    });
  }
  // Kill mid-burst, once a few hundred are acknowledged.
  for (int i = 0; i < 2000; ++i) {
    {
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= 400) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  stop = true;
  for (auto& t : clients) t.join();
  ASSERT_GE(acknowledged.size(), 100u) << "the burst never got going; see " << log;

  pid = StartServer(db, port, log);
  ASSERT_TRUE(WaitHealthy(port, pid)) << "the restart failed; see " << log;
  httplib::Client http("127.0.0.1", port);
  size_t found = 0;
  for (const auto& [id, description] : acknowledged) {
    auto r = http.Get(fmt::format("/open311/v2/requests/{}.json", id).c_str());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << "acknowledged demand " << id << " was lost";
    const json got = json::parse(r->body)[0];
    EXPECT_EQ(got["description"], description) << id;
    EXPECT_EQ(got["service_code"], "S02");
    EXPECT_EQ(got["grid"], "61082200200504");
    ++found;
  }
  EXPECT_EQ(found, acknowledged.size());
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "SIGTERM stops it cleanly";
}

}  // namespace
