// Exactly-once across a crash, against a real Kafka: runs only when
// SCRUBLINE_TEST_BOOTSTRAP names one (host:port[,...]; transactions enabled,
// at least one broker), and is skipped otherwise — the mock cluster writes
// no abort markers and keeps no transactional offsets, so it cannot prove
// this (worker_exactly_once_test.cc tests the state machine there).
//
// Fresh topics (a unique suffix): 20,000 records on 4 partitions. A
// `scrubline run` with delivery.exactly_once is SIGKILLed mid-stream and
// started again with the same transactional id (which fences the killed
// one's open transaction). A read_committed reader must then see exactly one
// usage output for every input: none lost, none twice.
#include <csignal>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/topic_reader.h"
#include "tests/integration/worker_test_util.h"
#include "tests/pipeline/kafka/kafka_test_util.h"
#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

constexpr int kPartitions = 4;
constexpr int kRecords = 20000;

TEST(WorkerExactlyOnceRealKafka, NoDuplicatesForReadCommittedReadersAcrossAKill) {
  const char* env = std::getenv("SCRUBLINE_TEST_BOOTSTRAP");
  if (env == nullptr || *env == '\0') {
    GTEST_SKIP() << "SCRUBLINE_TEST_BOOTSTRAP not set: no real Kafka to prove isolation against";
  }
  const std::string bootstrap = env;
  const std::string suffix = std::to_string(getpid()) + "-" +
                             std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  const std::string input = "scrubline-eos-in-" + suffix;
  const std::string usage = "scrubline-eos-usage-" + suffix;
  const std::string content = "scrubline-eos-content-" + suffix;
  const std::string dead = "scrubline-eos-dead-" + suffix;
  const std::string group = "scrubline-eos-" + suffix;
  const KafkaClientOptions client{bootstrap, {}};
  for (const std::string& topic : {input, usage, content, dead}) {
    ASSERT_TRUE(CreateTopic(client, topic, kPartitions, 30000).ok()) << topic;
  }
  {
    auto sink = KafkaSink::Create({.client = client}, [](std::uint64_t, const Status&) {});
    ASSERT_TRUE(sink.ok());
    for (int i = 0; i < kRecords; ++i) {
      const std::string value = R"({"status":"sent","n":)" + std::to_string(i) + "}";
      ASSERT_TRUE((*sink)->Produce({input, false, "", value, {}, 0}).ok());
      if (i % 5000 == 0) (*sink)->Poll(0);
    }
    ASSERT_TRUE((*sink)->Flush(60000).ok());
  }

  const std::string dir = testing::TempDir();
  testing::WriteFile(dir + "/usage_only.yaml",
                     "id: usage_only\nversion: 1\nfields:\n  status: keep\n  n: keep\n"
                     "other_fields: drop\n");
  testing::WriteFile(dir + "/config.yaml",
                     "kafka:\n  bootstrap: \"" + bootstrap + "\"\n  group_id: " + group +
                         "\n  properties:\n    session.timeout.ms: \"6000\"\n"
                         "input:\n  topics: [" + input + "]\n"
                         "topics:\n  usage: " + usage + "\n  content: " + content +
                         "\n  dead_letter: " + dead + "\n"
                         "policy:\n  default: " + dir + "/usage_only.yaml\n"
                         "metrics:\n  listen: \"127.0.0.1:0\"\n"
                         "delivery:\n  exactly_once: \"true\"\n  transactional_id: " + group +
                         "-0\n"
                         "limits:\n  batch_size: 100\n");
  const std::vector<std::string> worker_env = {
      "SCRUBLINE_KEY=it1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"};
  const auto start_worker = [&](int n) {
    return std::make_unique<testing::Background>(
        std::vector<std::string>{SCRUBLINE_BINARY, "run", "--config", dir + "/config.yaml"},
        dir + "/worker" + std::to_string(n) + ".log", worker_env);
  };
  const auto committed = [&] { return testing::CommittedTotal(client, group, input, kPartitions); };
  auto first = start_worker(1);
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (committed() >= kRecords / 5) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return false;
      },
      std::chrono::seconds(300)))
      << first->Output();
  ASSERT_NE(first->Stop(SIGKILL, 10), -1);
  ASSERT_LT(committed(), kRecords) << "the stream ended before the kill: nothing was tested";
  auto second = start_worker(2);
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (committed() == kRecords) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return false;
      },
      std::chrono::seconds(300)))
      << second->Output();
  EXPECT_EQ(second->Stop(SIGTERM, 60), 0) << second->Output();

  // read_committed: aborted (the killed worker's open) transactions are invisible.
  const std::map<std::pair<int, std::int64_t>, int> seen =
      testing::OutputsBySource({bootstrap, {{"isolation.level", "read_committed"}}}, usage);
  int duplicates = 0;
  for (const auto& [input_record, count] : seen) duplicates += count - 1;
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kRecords)) << "inputs without an output";
  EXPECT_EQ(duplicates, 0) << "outputs a read_committed reader saw twice";
}

}  // namespace
}  // namespace scrubline
