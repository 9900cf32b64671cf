// What the follower tests share: waiting on a condition, a TCP proxy that
// can be cut, an ops::Server that can be stopped and started again on its
// port, and followers of the sample county.
#pragma once

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "ops/follower.hpp"
#include "ops/server.hpp"
#include "store_fixture.hpp"

namespace test {

using namespace std::chrono_literals;

inline constexpr const char* kFollowToken = "test-token-0123456789abcdef";

// ---------------------------------------------------------------------------
// [SECTION] Helpers: waiting, a cuttable TCP proxy, a restartable server

// Polls `done` until true or 20 s passed; the limit is for a hung build
// machine, not a timing the test asserts.
template <typename Done>
inline bool WaitFor(Done done, std::chrono::milliseconds limit = 20s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

inline int ListenOn(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 16) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline int PortOf(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

// A port nothing listens on (bound, read, released).
inline int FreePort() {
  const int fd = ListenOn(0);
  const int port = PortOf(fd);
  ::close(fd);
  return port;
}

// Between a follower and the server: Cut() closes every connection open
// now (both sockets, as a network fault would); while Down(true) a new
// connection is accepted and closed at once.
class TcpProxy {
 public:
  explicit TcpProxy(int upstream) : upstream_(upstream), listen_fd_(ListenOn(0)) {
    port_ = PortOf(listen_fd_);
    acceptor_ = std::thread([this] { Accept(); });
  }
  ~TcpProxy() {
    stop_ = true;
    acceptor_.join();
    Cut();
    for (std::thread& t : pumps_) t.join();
    ::close(listen_fd_);
  }
  int port() const { return port_; }
  void Down(bool down) { down_ = down; }
  void Cut() {
    std::lock_guard lock(mutex_);
    for (const auto& [a, b] : open_) {
      ::shutdown(a, SHUT_RDWR);
      ::shutdown(b, SHUT_RDWR);
    }
  }
  int accepted() const { return accepted_; }

 private:
  void Accept() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept(listen_fd_, nullptr, nullptr);
      if (client < 0) continue;
      ++accepted_;
      if (down_) {
        ::close(client);
        continue;
      }
      const int server = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(static_cast<uint16_t>(upstream_));
      if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        ::close(client);
        ::close(server);
        continue;
      }
      std::lock_guard lock(mutex_);
      open_.emplace_back(client, server);
      pumps_.emplace_back([this, client, server] { Pump(client, server); });
    }
  }
  void Pump(int a, int b) {
    char buffer[16384];
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    for (bool open = true; open && !stop_;) {
      if (::poll(fds, 2, 100) <= 0) continue;
      for (int i = 0; i < 2 && open; ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const ssize_t n = ::read(fds[i].fd, buffer, sizeof(buffer));
        open = n > 0 && ::send(fds[1 - i].fd, buffer, static_cast<size_t>(n), MSG_NOSIGNAL) == n;
      }
    }
    std::lock_guard lock(mutex_);
    std::erase(open_, std::pair{a, b});
    ::close(a);
    ::close(b);
  }

  int upstream_;
  int listen_fd_;
  int port_ = 0;
  std::atomic<bool> stop_{false}, down_{false};
  std::atomic<int> accepted_{0};
  std::mutex mutex_;
  std::vector<std::pair<int, int>> open_;
  std::vector<std::thread> pumps_;
  std::thread acceptor_;
};

// An ops::Server over a store, stopped and started again on the same port.
class LiveServer {
 public:
  explicit LiveServer(ops::Store& store) : store_(store) {}
  ~LiveServer() { Stop(); }
  // Port 0: any free one. Binding the port just released may take a retry.
  int Start(int port) {
    ops::ServerOptions o;
    o.port = port;
    o.token = kFollowToken;
    server_ = std::make_unique<ops::Server>(store_, o);
    geo::Result<int> bound = server_->Bind();
    WaitFor([&] {
      if (bound) return true;
      server_ = std::make_unique<ops::Server>(store_, o);
      bound = server_->Bind();
      return bool(bound);
    });
    EXPECT_TRUE(bound) << bound.error().message;
    thread_ = std::thread([this] { server_->Run(); });
    return bound.value_or(0);
  }
  void Stop() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

 private:
  ops::Store& store_;
  std::unique_ptr<ops::Server> server_;
  std::thread thread_;
};

inline std::unique_ptr<ops::Follower> Follow(const std::string& url,
                                      const geo::GridSet& grids = SampleCounty()) {
  auto f = ops::Follower::Start(url, grids, SampleCatalog());
  EXPECT_TRUE(f) << f.error().message;
  return f ? std::move(*f) : nullptr;
}

inline httplib::Client ClientOf(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_default_headers({{"Authorization", std::string("Bearer ") + kFollowToken}});
  c.set_read_timeout(30, 0);
  return c;
}

}  // namespace test
