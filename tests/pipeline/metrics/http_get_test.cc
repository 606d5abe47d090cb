// HttpGet against a one-connection TCP server with canned responses, so every
// error path is reachable (the success path against the real Exposer is in
// metrics_server_test).
#include "pipeline/metrics/http_get.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace scrubline {
namespace {

using ::testing::HasSubstr;

constexpr int kTimeoutMs = 10000;

// Accepts one connection on 127.0.0.1, reads the request head, writes
// `response` (unless hang) and closes. With hang it waits for the client to
// give up and close first.
class OneShotServer {
 public:
  explicit OneShotServer(std::string response, bool hang = false)
      : response_(std::move(response)), hang_(hang) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(listen_fd_, 1), 0);
    socklen_t len = sizeof(addr);
    EXPECT_EQ(getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~OneShotServer() {
    if (thread_.joinable()) thread_.join();
    close(listen_fd_);
  }
  int port() const { return port_; }
  // Valid after the client call returned (the thread has read it by then).
  std::string request() {
    if (thread_.joinable()) thread_.join();
    return request_;
  }

 private:
  void Serve() {
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    char buffer[4096];
    while (request_.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      request_.append(buffer, static_cast<std::size_t>(n));
    }
    if (hang_) {
      while (recv(fd, buffer, sizeof(buffer), 0) > 0) {
      }
    } else {
      (void)!send(fd, response_.data(), response_.size(), MSG_NOSIGNAL);
    }
    close(fd);
  }

  std::string response_;
  bool hang_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::string request_;
  std::thread thread_;
};

TEST(HttpGetTest, ReturnsBodyAndSendsAClosingHttp10Request) {
  OneShotServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
      "hello");
  StatusOr<std::string> body = HttpGet("127.0.0.1", server.port(), "/metrics", kTimeoutMs);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, "hello");
  const std::string request = server.request();
  EXPECT_THAT(request, HasSubstr("GET /metrics HTTP/1.0\r\n"));
  EXPECT_THAT(request, HasSubstr("Connection: close\r\n"));
  EXPECT_THAT(request, HasSubstr("Host: 127.0.0.1:" + std::to_string(server.port())));
}

TEST(HttpGetTest, BodyWithoutContentLengthRunsToClose) {
  OneShotServer server("HTTP/1.0 200 OK\r\n\r\nline 1\nline 2\n");
  StatusOr<std::string> body = HttpGet("localhost", server.port(), "/", kTimeoutMs);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, "line 1\nline 2\n");
}

TEST(HttpGetTest, Non200IsAnErrorNamingTheStatus) {
  OneShotServer server("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");
  StatusOr<std::string> body = HttpGet("127.0.0.1", server.port(), "/readyz", kTimeoutMs);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(body.status().message(), HasSubstr("/readyz: HTTP status 503"));
}

TEST(HttpGetTest, TruncatedBodyIsAnError) {
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
  StatusOr<std::string> body = HttpGet("127.0.0.1", server.port(), "/", kTimeoutMs);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(body.status().message(), HasSubstr("body truncated (3 of 10 bytes)"));
}

TEST(HttpGetTest, MalformedResponsesAreErrors) {
  {
    OneShotServer server("SSH-2.0-OpenSSH\r\n\r\n");
    StatusOr<std::string> body = HttpGet("127.0.0.1", server.port(), "/", kTimeoutMs);
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(body.status().message(), HasSubstr("malformed status line"));
  }
  {
    OneShotServer server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n");
    StatusOr<std::string> body = HttpGet("127.0.0.1", server.port(), "/", kTimeoutMs);
    ASSERT_FALSE(body.ok());
    EXPECT_THAT(body.status().message(), HasSubstr("transfer encoding not supported"));
  }
  {
    OneShotServer server("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n");  // no blank line
    StatusOr<std::string> body = HttpGet("127.0.0.1", server.port(), "/", kTimeoutMs);
    ASSERT_FALSE(body.ok());
    EXPECT_THAT(body.status().message(), HasSubstr("no end of headers"));
  }
}

// The server never answers: the call gives up on its own. (The assertion is
// on the error, not on how long it took.)
TEST(HttpGetTest, SilentServerTimesOut) {
  OneShotServer server("", /*hang=*/true);
  StatusOr<std::string> body = HttpGet("127.0.0.1", server.port(), "/metrics", 200);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(body.status().message(), HasSubstr("timed out"));
}

TEST(HttpGetTest, RefusedConnectionAndBadArguments) {
  int port = 0;
  {
    // Bind then close: nothing listens on the port afterwards.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    socklen_t len = sizeof(addr);
    ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port = ntohs(addr.sin_port);
    close(fd);
  }
  StatusOr<std::string> refused = HttpGet("127.0.0.1", port, "/metrics", kTimeoutMs);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(refused.status().message(), HasSubstr("cannot connect"));

  StatusOr<std::string> no_slash = HttpGet("127.0.0.1", port, "metrics", kTimeoutMs);
  ASSERT_FALSE(no_slash.ok());
  EXPECT_EQ(no_slash.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace scrubline
