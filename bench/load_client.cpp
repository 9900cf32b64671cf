#include "bench/load_client.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

// One client: its socket, the request being sent and the answer being read.
struct Connection {
  int fd = -1;
  int index = 0;
  int64_t sent_count = 0;
  std::string out;
  size_t out_done = 0;
  std::string in;
  Clock::time_point sent_at;
  bool waiting = false;  // a request is out and its answer not yet whole
};

int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(fmt::format("socket: {}", std::strerror(errno)));
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
    const int e = errno;
    close(fd);
    throw std::runtime_error(fmt::format("connect to 127.0.0.1:{}: {}", port, std::strerror(e)));
  }
  return fd;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// An answer in `in` once it is whole: its status, its length in bytes and
// whether the server will close the connection after it.
struct Answer {
  int status = 0;
  size_t length = 0;
  bool closes = false;
};

std::optional<Answer> WholeAnswer(const std::string& in) {
  const size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  const std::string_view head(in.data(), head_end);
  Answer a;
  if (head.size() < 12 || !head.starts_with("HTTP/1.1 ")) {
    throw std::runtime_error(fmt::format("not an HTTP/1.1 answer: {}", head.substr(0, 40)));
  }
  a.status = std::atoi(std::string(head.substr(9, 3)).c_str());
  size_t body = 0;
  for (size_t line = head.find("\r\n"); line != std::string_view::npos;) {
    const size_t start = line + 2;
    const size_t next = head.find("\r\n", start);
    const std::string_view header =
        head.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
    const size_t colon = header.find(':');
    if (colon != std::string_view::npos) {
      const std::string_view name = header.substr(0, colon);
      std::string_view value = header.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (IEquals(name, "content-length")) body = std::stoul(std::string(value));
      if (IEquals(name, "connection") && IEquals(value, "close")) a.closes = true;
    }
    line = next;
  }
  a.length = head_end + 4 + body;
  if (in.size() < a.length) return std::nullopt;
  return a;
}

}  // namespace

std::string PostRequest(const std::string& path, const std::string& token,
                        const std::string& content_type, const std::string& body) {
  return fmt::format(
      "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n"
      "Content-Type: {}\r\nContent-Length: {}\r\n\r\n{}",
      path, token, content_type, body.size(), body);
}

LoadResult RunLoad(int port, int connections, double seconds, int expected_status,
                   const RequestMaker& make) {
  LoadResult result;
  const int epoll = epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) throw std::runtime_error(fmt::format("epoll: {}", std::strerror(errno)));
  std::vector<Connection> conns(static_cast<size_t>(connections));
  auto watch = [&](Connection& c, uint32_t events, int op) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = &c;
    epoll_ctl(epoll, op, c.fd, &ev);
  };
  auto open = [&](Connection& c) {
    c.fd = Connect(port);
    c.in.clear();
    watch(c, EPOLLIN | EPOLLOUT, EPOLL_CTL_ADD);
  };
  // Sends what is left of c.out; watches for writability while some is.
  auto flush = [&](Connection& c) {
    while (c.out_done < c.out.size()) {
      const ssize_t n =
          send(c.fd, c.out.data() + c.out_done, c.out.size() - c.out_done, MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        watch(c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
        return true;
      }
      if (n <= 0) return false;
      c.out_done += static_cast<size_t>(n);
    }
    watch(c, EPOLLIN, EPOLL_CTL_MOD);
    return true;
  };
  auto send_next = [&](Connection& c) {
    c.out = make(c.index, c.sent_count++);
    c.out_done = 0;
    c.sent_at = Clock::now();
    c.waiting = true;
    return flush(c);
  };
  auto broke = [&](Connection& c, const std::string& why) {
    ++result.failed;
    if (result.example.empty()) result.example = why;
    epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    c.fd = -1;
    c.waiting = false;
  };

  for (int i = 0; i < connections; ++i) {
    conns[static_cast<size_t>(i)].index = i;
    open(conns[static_cast<size_t>(i)]);
  }
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  bool sending = true;
  int in_flight = 0;
  for (Connection& c : conns) {
    if (send_next(c)) ++in_flight;
    else broke(c, "send failed");
  }
  std::vector<epoll_event> events(static_cast<size_t>(connections));
  char buffer[65536];
  while (in_flight > 0) {
    if (sending && Clock::now() >= deadline) sending = false;
    const int ready = epoll_wait(epoll, events.data(), connections, 100);
    if (ready < 0 && errno == EINTR) continue;
    for (int e = 0; e < ready; ++e) {
      Connection& c = *static_cast<Connection*>(events[static_cast<size_t>(e)].data.ptr);
      if (c.fd < 0) continue;
      if ((events[static_cast<size_t>(e)].events & EPOLLOUT) && c.out_done < c.out.size()) {
        if (!flush(c)) {
          broke(c, "send failed");
          --in_flight;
          continue;
        }
      }
      if (!(events[static_cast<size_t>(e)].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      const ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      if (n <= 0) {
        broke(c, n == 0 ? "the server closed the connection mid-answer" : std::strerror(errno));
        --in_flight;
        continue;
      }
      c.in.append(buffer, static_cast<size_t>(n));
      const std::optional<Answer> answer = WholeAnswer(c.in);
      if (!answer) continue;
      const Clock::time_point now = Clock::now();
      if (answer->status == expected_status) {
        ++result.answered;
        result.ms.push_back(std::chrono::duration<double, std::milli>(now - c.sent_at).count());
      } else {
        ++result.refused;
        if (result.example.empty()) {
          result.example = c.in.substr(0, std::min<size_t>(c.in.size(), 300));
        }
      }
      c.in.erase(0, answer->length);
      c.waiting = false;
      --in_flight;
      if (answer->closes) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
        close(c.fd);
        c.fd = -1;
        if (sending) open(c);
      }
      if (sending && now < deadline) {
        if (send_next(c)) ++in_flight;
        else broke(c, "send failed");
      }
    }
  }
  result.took = Clock::now() - start;
  for (Connection& c : conns) {
    if (c.fd >= 0) close(c.fd);
  }
  close(epoll);
  return result;
}

}  // namespace bench
