// Scale out and in, with a kill, over TCP: the mock cluster in this process,
// three `scrubline run` processes in one group on a 32-partition topic of
// 200,000 records. One is SIGKILLed mid-stream and a fourth starts. In the
// end every input has its output, and every input processed twice lies at or
// after the offset its partition had committed when the kill happened (so
// nothing committed is ever processed again: the duplicates are the killed
// worker's uncommitted in-flight work, as at-least-once allows).
#include <csignal>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/kafka/topic_reader.h"
#include "tests/integration/worker_test_util.h"
#include "tests/pipeline/kafka/kafka_test_util.h"
#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

constexpr int kPartitions = 32;
constexpr int kRecords = 200000;
const std::string kGroup = "it-scale";

std::int64_t Sum(const std::vector<std::int64_t>& offsets) {
  std::int64_t total = 0;
  for (const std::int64_t o : offsets) total += std::max<std::int64_t>(0, o);
  return total;
}

TEST(WorkerScaleKill, KilledMemberLosesNothingAndRepeatsOnlyUncommittedWork) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  for (const char* topic : {"messages", "scrubline.usage", "scrubline.content",
                            "scrubline.dead_letter", "scrubline.review"}) {
    ASSERT_TRUE((*cluster)->CreateTopic(topic, kPartitions).ok()) << topic;
  }
  {
    auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
    ASSERT_TRUE(sink.ok());
    for (int i = 0; i < kRecords; ++i) {
      const std::string value = R"({"status":"sent","n":)" + std::to_string(i) + "}";
      ASSERT_TRUE((*sink)->Produce({"messages", false, "", value, {}, 0}).ok());
      if (i % 10000 == 0) (*sink)->Poll(0);
    }
    ASSERT_TRUE((*sink)->Flush(60000).ok());
  }
  // Slower acknowledgements keep the stream going for seconds, so the kill
  // lands mid-stream.
  ASSERT_TRUE((*cluster)->SetBrokerRtt(1, 20).ok());

  // Small usage records only (the mock keeps ~5 MiB per partition), and a
  // session timeout of seconds so the killed member is noticed quickly.
  const std::string dir = testing::TempDir();
  testing::WriteFile(dir + "/usage_only.yaml",
                     "id: usage_only\nversion: 1\nfields:\n  status: keep\n  n: keep\n"
                     "other_fields: drop\n");
  testing::WriteFile(dir + "/config.yaml",
                     "kafka:\n  bootstrap: \"" + bootstrap + "\"\n  group_id: " + kGroup +
                         "\n  properties:\n    session.timeout.ms: \"3000\"\n"
                         "    heartbeat.interval.ms: \"300\"\n    fetch.wait.max.ms: \"50\"\n"
                         "    auto.commit.interval.ms: \"200\"\n"
                         "input:\n  topics: [messages]\n"
                         "policy:\n  default: " + dir + "/usage_only.yaml\n"
                         "metrics:\n  listen: \"127.0.0.1:0\"\n"
                         "limits:\n  shutdown_deadline_ms: 10000\n  batch_size: 200\n");
  const std::vector<std::string> env = {
      "SCRUBLINE_KEY=it1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"};
  const auto start_worker = [&](int n) {
    return std::make_unique<testing::Background>(
        std::vector<std::string>{SCRUBLINE_BINARY, "run", "--config", dir + "/config.yaml"},
        dir + "/worker" + std::to_string(n) + ".log", env);
  };
  std::vector<std::unique_ptr<testing::Background>> workers;
  for (int n = 1; n <= 3; ++n) workers.push_back(start_worker(n));

  const KafkaClientOptions client{bootstrap, {}};
  const auto committed = [&] {
    auto offsets = QueryCommittedOffsets(client, kGroup, "messages", kPartitions, 10000);
    EXPECT_TRUE(offsets.ok()) << offsets.status().ToString();
    return offsets.ok() ? *offsets : std::vector<std::int64_t>(kPartitions, -1);
  };
  // Mid-stream: a tenth of the inputs committed.
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (Sum(committed()) >= kRecords / 10) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return false;
      },
      std::chrono::seconds(300)))
      << workers[0]->Output();
  ASSERT_NE(workers[1]->Stop(SIGKILL, 10), -1);
  const std::vector<std::int64_t> at_kill = committed();
  ASSERT_LT(Sum(at_kill), kRecords) << "the stream ended before the kill: nothing was tested";
  workers.push_back(start_worker(4));

  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (Sum(committed()) == kRecords) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return false;
      },
      std::chrono::seconds(600)))
      << "committed " << Sum(committed()) << " of " << kRecords;
  for (std::size_t w : {0u, 2u, 3u}) {
    EXPECT_EQ(workers[w]->Stop(SIGTERM, 60), 0) << workers[w]->Output();
  }

  // Every output, by its input's coordinates.
  const std::map<std::pair<int, std::int64_t>, int> seen =
      testing::OutputsBySource(client, "scrubline.usage");
  // The mock keeps only the newest records of a partition: judge loss only
  // if nothing was trimmed.
  auto probe = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(probe.ok());
  std::map<int, std::int64_t> ends;
  for (int p = 0; p < kPartitions; ++p) {
    auto usage = (*probe)->QueryWatermarks("scrubline.usage", p, 5000);
    ASSERT_TRUE(usage.ok());
    ASSERT_EQ(usage->first, 0) << "the mock trimmed scrubline.usage[" << p << "]";
    auto input = (*probe)->QueryWatermarks("messages", p, 5000);
    ASSERT_TRUE(input.ok());
    ends[p] = input->second;
  }
  std::int64_t missing = 0, duplicates = 0, committed_duplicates = 0;
  for (int p = 0; p < kPartitions; ++p) {
    for (std::int64_t o = 0; o < ends[p]; ++o) {
      const auto it = seen.find({p, o});
      if (it == seen.end()) {
        ++missing;
        continue;
      }
      if (it->second > 1) {
        duplicates += it->second - 1;
        if (o < at_kill[static_cast<std::size_t>(p)]) ++committed_duplicates;
      }
    }
  }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(committed_duplicates, 0) << "an input committed before the kill was processed again";
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kRecords));
  std::cout << "scale/kill: " << kRecords << " inputs, " << Sum(at_kill)
            << " committed when one of three workers was killed, " << duplicates
            << " processed twice (uncommitted in the killed worker)\n";
}

}  // namespace
}  // namespace scrubline
