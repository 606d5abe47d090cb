// The real metrics and health endpoints over real HTTP (our civetweb
// server; ctest runs each TEST as its own process).
#include "pipeline/metrics/metrics_server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "classifiers/base/entity_type.h"
#include "classifiers/base/vocabulary.h"
#include "pipeline/metrics/http_get.h"

namespace scrubline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kTimeoutMs = 10000;

// A listening socket on 127.0.0.1 with a kernel-chosen port.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(fd_, 4), 0);
    socklen_t len = sizeof(addr);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port_ = ntohs(addr.sin_port);
  }
  ~Listener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

std::string Scrape(const MetricsServer& server) {
  StatusOr<std::string> body = HttpGet("127.0.0.1", server.port(), "/metrics", kTimeoutMs);
  EXPECT_TRUE(body.ok()) << body.status().ToString();
  return body.ok() ? *body : "";
}

TEST(MetricsServerTest, PortInUseIsAClearError) {
  Listener taken;
  const Stats stats;
  StatusOr<std::unique_ptr<MetricsServer>> server =
      MetricsServer::Create("127.0.0.1:" + std::to_string(taken.port()), stats, "test");
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(server.status().message(),
              HasSubstr("127.0.0.1:" + std::to_string(taken.port()) + ": cannot listen"));

  StatusOr<std::unique_ptr<MetricsServer>> malformed =
      MetricsServer::Create("localhost", stats, "test");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().code(), StatusCode::kInvalidArgument);
}

TEST(MetricsServerTest, ServesStatsAtScrapeTime) {
  Stats stats;
  StatusOr<std::unique_ptr<MetricsServer>> created =
      MetricsServer::Create("127.0.0.1:0", stats, "1.2.3-test");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  MetricsServer& server = **created;
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.address(), "127.0.0.1:" + std::to_string(server.port()));

  // Bound but not started: the port answers, /metrics does not exist yet.
  StatusOr<std::string> early = HttpGet("127.0.0.1", server.port(), "/metrics", kTimeoutMs);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.status().message(), HasSubstr("HTTP status 404"));

  // A second server on the same port is refused while this one holds it.
  StatusOr<std::unique_ptr<MetricsServer>> second =
      MetricsServer::Create(server.address(), stats, "x");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);

  std::atomic<int> in_flight{7};
  ASSERT_TRUE(server
                  .AddGauge("scrubline_in_flight_records", "Records in flight",
                            [&] { return static_cast<double>(in_flight.load()); })
                  .ok());
  EXPECT_EQ(server.AddGauge("bad name", "h", [] { return 0.0; }).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(server.AddGauge("scrubline_up", "h", [] { return 0.0; }).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(server.AddGauge("scrubline_in_flight_records", "h", [] { return 0.0; }).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(server.AddGauge("scrubline_records_in_total", "h", [] { return 0.0; }).code(),
            StatusCode::kInvalidArgument);

  Stats::Add(stats.records_in, 5);
  Stats::Add(stats.records_out[static_cast<std::size_t>(OutputKind::kUsage)], 3);
  Stats::Add(stats.detections[static_cast<std::size_t>(EntityType::kEmail)], 2);
  Stats::Add(stats.actions[static_cast<std::size_t>(Action::kToken)], 4);
  Stats::Add(stats.dead_letters[static_cast<std::size_t>(ErrorCode::kInvalidJson)]);
  for (std::uint64_t ms : {0u, 1u, 3u, 40u, 50u, 51u, 9000u}) stats.ObserveLatencyMs(ms);
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(server.Start().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(server.AddGauge("scrubline_late", "h", [] { return 0.0; }).code(),
            StatusCode::kFailedPrecondition);

  const std::string first = Scrape(server);
  // Plain counters, each with HELP and TYPE.
  EXPECT_THAT(first, HasSubstr("# HELP scrubline_records_in_total Input records read from the "
                               "source\n"));
  EXPECT_THAT(first, HasSubstr("# TYPE scrubline_records_in_total counter\n"));
  EXPECT_THAT(first, HasSubstr("\nscrubline_records_in_total 5\n"));
  for (const char* name : {"scrubline_bytes_in_total", "scrubline_bytes_out_total",
                           "scrubline_delivery_failures_total", "scrubline_offsets_committed_total",
                           "scrubline_classify_errors_total"}) {
    EXPECT_THAT(first, HasSubstr(std::string("# TYPE ") + name + " counter\n"));
    EXPECT_THAT(first, HasSubstr(std::string("\n") + name + " 0\n"));
  }
  // The added-latency histogram: cumulative buckets in seconds, bounds
  // inclusive (50 ms falls in le="0.05").
  EXPECT_THAT(first, HasSubstr("# TYPE scrubline_added_latency_seconds histogram\n"));
  for (const auto& [le, count] : std::vector<std::pair<std::string, int>>{
           {"0.001", 2}, {"0.005", 3}, {"0.05", 5}, {"0.1", 6}, {"5", 6}, {"+Inf", 7}}) {
    EXPECT_THAT(first, HasSubstr("\nscrubline_added_latency_seconds_bucket{le=\"" + le + "\"} " +
                                 std::to_string(count) + "\n"));
  }
  EXPECT_THAT(first, HasSubstr("\nscrubline_added_latency_seconds_count 7\n"));
  EXPECT_THAT(first, HasSubstr("\nscrubline_added_latency_seconds_sum 9.145"));
  // Labelled counters: the bumped values and a zero series for every label.
  EXPECT_THAT(first, HasSubstr("# TYPE scrubline_records_out_total counter\n"));
  EXPECT_THAT(first, HasSubstr("\nscrubline_records_out_total{kind=\"usage\"} 3\n"));
  for (std::size_t i = 0; i < kOutputKindCount; ++i) {
    EXPECT_THAT(first, HasSubstr("scrubline_records_out_total{kind=\"" +
                                 std::string(OutputKindName(static_cast<OutputKind>(i))) + "\"} "));
  }
  EXPECT_THAT(first, HasSubstr("\nscrubline_detections_total{type=\"EMAIL\"} 2\n"));
  for (std::size_t i = 0; i < kEntityTypeCount; ++i) {
    const std::string name(EntityTypeName(static_cast<EntityType>(i)));
    if (name != "EMAIL") {
      EXPECT_THAT(first, HasSubstr("\nscrubline_detections_total{type=\"" + name + "\"} 0\n"));
    }
  }
  EXPECT_THAT(first, HasSubstr("\nscrubline_actions_total{action=\"token\"} 4\n"));
  for (std::size_t i = 0; i < kActionCount; ++i) {
    EXPECT_THAT(first, HasSubstr("scrubline_actions_total{action=\"" +
                                 std::string(ActionName(static_cast<Action>(i))) + "\"} "));
  }
  EXPECT_THAT(first, HasSubstr("\nscrubline_dead_letters_total{code=\"invalid_json\"} 1\n"));
  for (std::size_t i = 0; i < kErrorCodeCount; ++i) {
    EXPECT_THAT(first, HasSubstr("scrubline_dead_letters_total{code=\"" +
                                 std::string(ErrorCodeName(static_cast<ErrorCode>(i))) + "\"} "));
  }
  EXPECT_THAT(first, HasSubstr("# TYPE scrubline_build_info gauge\n"));
  EXPECT_THAT(first, HasSubstr("\nscrubline_build_info{version=\"1.2.3-test\"} 1\n"));
  EXPECT_THAT(first, HasSubstr("# TYPE scrubline_up gauge\n"));
  EXPECT_THAT(first, HasSubstr("\nscrubline_up 1\n"));
  EXPECT_THAT(first, HasSubstr("# TYPE scrubline_in_flight_records gauge\n"));
  EXPECT_THAT(first, HasSubstr("\nscrubline_in_flight_records 7\n"));

  // The next scrape reads the counters again.
  Stats::Add(stats.records_in, 1000);
  Stats::Add(stats.records_out[static_cast<std::size_t>(OutputKind::kUsage)]);
  Stats::Add(stats.delivery_failures, 2);
  in_flight = 0;
  server.SetUp(false);
  const std::string second_scrape = Scrape(server);
  EXPECT_THAT(second_scrape, HasSubstr("\nscrubline_records_in_total 1005\n"));
  EXPECT_THAT(second_scrape, HasSubstr("\nscrubline_records_out_total{kind=\"usage\"} 4\n"));
  EXPECT_THAT(second_scrape, Not(HasSubstr("scrubline_records_out_total{kind=\"usage\"} 3\n")));
  EXPECT_THAT(second_scrape, HasSubstr("\nscrubline_delivery_failures_total 2\n"));
  EXPECT_THAT(second_scrape, HasSubstr("\nscrubline_up 0\n"));
  EXPECT_THAT(second_scrape, HasSubstr("\nscrubline_in_flight_records 0\n"));

  StatusOr<std::string> missing = HttpGet("127.0.0.1", server.port(), "/nope", kTimeoutMs);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("HTTP status 404"));
}

// /healthz answers while the server runs; /readyz is 503 until Start() and
// then follows the readiness check, with its problems in the body.
// Reviewers' verdicts: per category, per declared rule, and each rule's
// production precision, as a scrape shows them.
TEST(MetricsServerTest, ReviewFeedbackGivesPerRulePrecision) {
  Stats stats;
  StatusOr<std::unique_ptr<MetricsServer>> created = MetricsServer::Create("127.0.0.1:0", stats, "t");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE((*created)->Start().ok());
  // Nothing reviewed yet: the per-rule families are empty, the precision
  // of a rule nobody reviewed is not reported as 0.
  EXPECT_THAT(Scrape(**created), Not(HasSubstr("scrubline_aup_rule_precision{")));
  Stats::Add(stats.aup_feedback[static_cast<std::size_t>(AupCategory::kSmishing)][0], 3);
  Stats::Add(stats.aup_feedback[static_cast<std::size_t>(AupCategory::kSmishing)][1]);
  for (bool spam : {true, true, true, false}) stats.aup_rule_feedback.Record("smishing.bank_link", spam);
  stats.aup_rule_feedback.Record("feature.link", false);
  const std::string body = Scrape(**created);
  EXPECT_THAT(body, HasSubstr("scrubline_aup_feedback_total{category=\"smishing\",verdict=\"spam\"} 3"));
  EXPECT_THAT(body, HasSubstr("scrubline_aup_feedback_total{category=\"smishing\",verdict=\"ham\"} 1"));
  EXPECT_THAT(body, HasSubstr("scrubline_aup_feedback_total{category=\"gambling\",verdict=\"ham\"} 0"));
  EXPECT_THAT(body, HasSubstr("scrubline_aup_rule_feedback_total{rule=\"smishing.bank_link\",verdict=\"spam\"} 3"));
  EXPECT_THAT(body, HasSubstr("scrubline_aup_rule_feedback_total{rule=\"smishing.bank_link\",verdict=\"ham\"} 1"));
  EXPECT_THAT(body, HasSubstr("scrubline_aup_rule_precision{rule=\"smishing.bank_link\"} 0.75"));
  EXPECT_THAT(body, HasSubstr("scrubline_aup_rule_precision{rule=\"feature.link\"} 0"));
  EXPECT_THAT(body, HasSubstr("# TYPE scrubline_aup_rule_precision gauge"));
}

TEST(MetricsServerTest, HealthAndReadiness) {
  const Stats stats;
  StatusOr<std::unique_ptr<MetricsServer>> created =
      MetricsServer::Create("127.0.0.1:0", stats, "test");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  MetricsServer& server = **created;
  const auto get = [&](const char* path) {
    return HttpGet("127.0.0.1", server.port(), path, kTimeoutMs);
  };
  StatusOr<std::string> alive = get("/healthz");
  ASSERT_TRUE(alive.ok()) << alive.status().ToString();
  EXPECT_EQ(*alive, "alive\n");
  StatusOr<std::string> early = get("/readyz");
  ASSERT_FALSE(early.ok());
  EXPECT_THAT(early.status().message(), HasSubstr("HTTP status 503"));

  std::atomic<bool> ready{false};
  ASSERT_TRUE(server
                  .SetReadiness([&] {
                    return ready.load() ? Readiness{true, ""}
                                        : Readiness{false, "no partitions assigned"};
                  })
                  .ok());
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(server.SetReadiness([] { return Readiness{true, ""}; }).code(),
            StatusCode::kFailedPrecondition);
  StatusOr<std::string> not_ready = get("/readyz");
  ASSERT_FALSE(not_ready.ok());
  EXPECT_THAT(not_ready.status().message(), HasSubstr("HTTP status 503"));
  ready = true;
  StatusOr<std::string> now_ready = get("/readyz");
  ASSERT_TRUE(now_ready.ok()) << now_ready.status().ToString();
  EXPECT_EQ(*now_ready, "ready\n");
  EXPECT_TRUE(get("/healthz").ok());
  EXPECT_TRUE(get("/metrics").ok());
  StatusOr<std::string> prefix = get("/readyz/extra");  // exact paths only
  ASSERT_FALSE(prefix.ok());
  EXPECT_THAT(prefix.status().message(), HasSubstr("HTTP status 404"));
}

}  // namespace
}  // namespace scrubline
