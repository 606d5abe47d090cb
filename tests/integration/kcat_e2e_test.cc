// End to end over TCP with independent processes: `scrubline dev-cluster`
// (the mock Kafka), kcat (Debian's Kafka client) producing and consuming, and
// `scrubline run` (the worker) with its Prometheus endpoint.
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/metrics/http_get.h"
#include "pipeline/sample_events.h"
#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

using testing::Background;
using testing::RunShell;

const std::string kBinary = SCRUBLINE_BINARY;
const std::string kKeys = "SCRUBLINE_KEY=e2e1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

int CountLines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(KcatEndToEnd, DevClusterKcatAndWorkerOverTcp) {
  ASSERT_EQ(RunShell("command -v kcat >/dev/null").exit_code, 0) << "kcat is not installed";
  const std::string dir = testing::TempDir();
  Background cluster({kBinary, "dev-cluster", "--partitions", "3"}, dir + "/cluster.log");
  ASSERT_TRUE(cluster.WaitFor("try: kcat", 20)) << cluster.Output();
  std::smatch m;
  const std::string cluster_out = cluster.Output();
  ASSERT_TRUE(std::regex_search(cluster_out, m, std::regex("bootstrap: (\\S+)")));
  const std::string bootstrap = m[1];

  // kcat sees the cluster's metadata and topics.
  auto metadata = RunShell("timeout 30 kcat -b " + bootstrap + " -L");
  ASSERT_EQ(metadata.exit_code, 0);
  EXPECT_NE(metadata.out.find("topic \"messages\" with 3 partitions"), std::string::npos)
      << metadata.out;

  // kcat produces generated events, some malformed.
  constexpr int kRecords = 300;
  SampleEventGenerator generator({.seed = 99, .spam_share = 0.2, .malformed_share = 0.05});
  SampleEvent event;
  std::string input;
  std::set<std::string> planted;
  int malformed = 0;
  for (int i = 0; i < kRecords; ++i) {
    generator.Next(event);
    input += event.json + "\n";
    malformed += event.malformed;
    for (const auto& p : event.planted) planted.insert(p);
  }
  testing::WriteFile(dir + "/input.jsonl", input);
  ASSERT_EQ(RunShell("timeout 60 kcat -b " + bootstrap + " -P -t messages < " + dir +
                     "/input.jsonl")
                .exit_code,
            0);

  // The worker, as an operator would run it.
  testing::WriteFile(dir + "/config.yaml", "kafka:\n  bootstrap: \"" + bootstrap +
                                               "\"\n  group_id: e2e\n"
                                               "input:\n  topics: [messages]\n"
                                               "metrics:\n  listen: \"127.0.0.1:0\"\n"
                                               "limits:\n  shutdown_deadline_ms: 10000\n");
  Background worker({kBinary, "run", "--config", dir + "/config.yaml"}, dir + "/worker.log",
                    {kKeys});
  ASSERT_TRUE(worker.WaitFor("/metrics", 30)) << worker.Output();
  const std::string worker_log = worker.Output();
  ASSERT_TRUE(std::regex_search(worker_log, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)/metrics")));
  const int metrics_port = std::stoi(m[1]);

  // kcat reads every output topic (waiting for the expected counts).
  auto consume = [&](const std::string& topic, int count) {
    return RunShell("timeout 90 kcat -b " + bootstrap + " -C -t " + topic +
                    " -o beginning -c " + std::to_string(count) + " -f '%k\\t%h\\t%s\\n' 2>/dev/null");
  };
  const int good = kRecords - malformed;
  auto usage = consume("scrubline.usage", good);
  auto content = consume("scrubline.content", good);
  auto dead = consume("scrubline.dead_letter", malformed);
  ASSERT_EQ(usage.exit_code, 0) << worker.Output();
  EXPECT_EQ(CountLines(usage.out), good);
  EXPECT_EQ(CountLines(content.out), good);
  EXPECT_EQ(dead.exit_code, 0);
  EXPECT_GE(CountLines(dead.out), malformed);
  EXPECT_NE(usage.out.find("scrubline.kind=usage"), std::string::npos) << usage.out.substr(0, 500);
  EXPECT_NE(content.out.find("scrubline.kind=content"), std::string::npos);
  EXPECT_NE(dead.out.find("scrubline.error.code="), std::string::npos);
  for (const std::string& value : planted) {
    ASSERT_EQ(usage.out.find(value), std::string::npos) << "planted value leaked to usage";
    ASSERT_EQ(content.out.find(value), std::string::npos) << "planted value leaked to content";
    ASSERT_EQ(dead.out.find(value), std::string::npos) << "planted value leaked to dead letters";
  }
  EXPECT_EQ(worker.Output().find("@example."), std::string::npos) << "no personal data in logs";

  // The worker's real HTTP endpoint answers with Prometheus text.
  auto metrics = HttpGet("127.0.0.1", metrics_port, "/metrics", 5000);
  ASSERT_TRUE(metrics.ok()) << metrics.status().ToString();
  EXPECT_NE(metrics->find("# TYPE scrubline_records_in_total counter"), std::string::npos);
  EXPECT_NE(metrics->find("scrubline_records_in_total " + std::to_string(kRecords)),
            std::string::npos)
      << *metrics;

  // Offsets are committed to the end, then SIGTERM drains and exits 0.
  KafkaClientOptions client{bootstrap, {}};
  std::vector<std::int64_t> committed;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto offsets = QueryCommittedOffsets(client, "e2e", "messages", 3, 5000);
    ASSERT_TRUE(offsets.ok()) << offsets.status().ToString();
    committed = *offsets;
    std::int64_t total = 0;
    for (auto o : committed) total += std::max<std::int64_t>(0, o);
    if (total == kRecords) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::int64_t total = 0;
  for (auto o : committed) total += std::max<std::int64_t>(0, o);
  EXPECT_EQ(total, kRecords);
  EXPECT_EQ(worker.Stop(SIGTERM, 30), 0) << worker.Output();
  EXPECT_EQ(cluster.Stop(SIGINT, 10), 0);
}

}  // namespace
}  // namespace scrubline
