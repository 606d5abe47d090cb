#include "pipeline/metrics/http_get.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <string_view>

namespace scrubline {
namespace {

constexpr std::size_t kMaxResponseBytes = 64u << 20;

using Clock = std::chrono::steady_clock;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Milliseconds left before `deadline`, at least 0.
int Remaining(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Waits for `events` on fd; false on timeout or poll error.
bool WaitFor(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = poll(&p, 1, Remaining(deadline));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

StatusOr<int> Connect(const std::string& host, int port, Clock::time_point deadline,
                      const std::string& where) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &addresses);
  if (rc != 0) return UnavailableError(where + ": cannot resolve host: " + gai_strerror(rc));
  std::string last_error = "no address";
  int connected = -1;
  for (addrinfo* a = addresses; a != nullptr && connected < 0; a = a->ai_next) {
    const int fd =
        socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      connected = fd;
      break;
    }
    if (errno == EINPROGRESS && WaitFor(fd, POLLOUT, deadline)) {
      int error = 0;
      socklen_t len = sizeof(error);
      if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0) {
        connected = fd;
        break;
      }
      last_error = std::strerror(error != 0 ? error : errno);
    } else {
      last_error = errno == EINPROGRESS ? "connect timed out" : std::strerror(errno);
    }
    close(fd);
  }
  freeaddrinfo(addresses);
  if (connected < 0) return UnavailableError(where + ": cannot connect: " + last_error);
  return connected;
}

}  // namespace

StatusOr<std::string> HttpGet(const std::string& host, int port, const std::string& path,
                              int timeout_ms) {
  const std::string where = "GET http://" + host + ":" + std::to_string(port) + path;
  if (path.empty() || path.front() != '/') {
    return InvalidArgumentError(where + ": path must start with '/'");
  }
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  StatusOr<int> connected = Connect(host, port, deadline, where);
  if (!connected.ok()) return connected.status();
  const Fd fd(*connected);

  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: " + host + ":" +
                              std::to_string(port) + "\r\nConnection: close\r\nAccept: */*\r\n\r\n";
  for (std::size_t sent = 0; sent < request.size();) {
    if (!WaitFor(fd.get(), POLLOUT, deadline)) return UnavailableError(where + ": send timed out");
    const ssize_t n = send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return UnavailableError(where + ": send failed: " + std::strerror(errno));
    }
    sent += static_cast<std::size_t>(n);
  }

  std::string response;
  char buffer[16384];
  for (;;) {
    if (!WaitFor(fd.get(), POLLIN, deadline)) {
      return UnavailableError(where + ": timed out after " + std::to_string(timeout_ms) + " ms");
    }
    const ssize_t n = recv(fd.get(), buffer, sizeof(buffer), 0);
    if (n == 0) break;  // the server closed: HTTP/1.0 end of body
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return UnavailableError(where + ": receive failed: " + std::strerror(errno));
    }
    response.append(buffer, static_cast<std::size_t>(n));
    if (response.size() > kMaxResponseBytes) {
      return InvalidArgumentError(where + ": response larger than 64 MiB");
    }
  }

  const std::size_t header_end = response.find("\r\n\r\n");
  if (header_end == std::string::npos) {
    return InvalidArgumentError(where + ": malformed response (no end of headers)");
  }
  const std::string_view head(response.data(), header_end);
  const std::size_t line_end = std::min(head.find("\r\n"), head.size());
  const std::string_view status_line = head.substr(0, line_end);
  // "HTTP/1.1 200 OK"
  if (status_line.substr(0, 5) != "HTTP/" || status_line.find(' ') == std::string_view::npos) {
    return InvalidArgumentError(where + ": malformed status line");
  }
  const std::string_view code_text = status_line.substr(status_line.find(' ') + 1, 3);
  if (code_text.size() != 3 || !std::all_of(code_text.begin(), code_text.end(), [](char ch) {
        return std::isdigit(static_cast<unsigned char>(ch));
      })) {
    return InvalidArgumentError(where + ": malformed status line");
  }
  if (code_text != "200") {
    return FailedPreconditionError(where + ": HTTP status " + std::string(code_text));
  }

  std::string body = response.substr(header_end + 4);
  std::size_t pos = line_end;
  while (pos < head.size()) {
    const std::size_t next = std::min(head.find("\r\n", pos + 2), head.size());
    const std::string_view line = head.substr(pos + 2, next - pos - 2);
    pos = next;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = Lower(Trim(line.substr(0, colon)));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (name == "transfer-encoding" && Lower(value) != "identity") {
      return InvalidArgumentError(where + ": transfer encoding not supported");
    }
    if (name == "content-length") {
      std::size_t length = 0;
      for (char ch : value) {
        if (!std::isdigit(static_cast<unsigned char>(ch))) {
          return InvalidArgumentError(where + ": malformed Content-Length");
        }
        length = length * 10 + static_cast<std::size_t>(ch - '0');
        if (length > kMaxResponseBytes) {
          return InvalidArgumentError(where + ": malformed Content-Length");
        }
      }
      if (body.size() < length) {
        return UnavailableError(where + ": body truncated (" + std::to_string(body.size()) +
                                " of " + std::to_string(length) + " bytes)");
      }
      body.resize(length);
    }
  }
  return body;
}

}  // namespace scrubline
