// Faults injected through librdkafka's mock cluster while a worker runs, over
// TCP: failed Produce, Fetch and OffsetCommit requests (retriable errors) and
// leaders moving between brokers mid-stream. The worker recovers by itself —
// no restart, no failed delivery, no dead letter — and in the end every input
// has its output and every offset is committed.
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <librdkafka/rdkafka.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/topic_reader.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"

namespace scrubline {
namespace {

constexpr int kPartitions = 4;
constexpr int kRecords = 4000;

TEST(WorkerFaults, RetriableErrorsAndLeaderChangesLoseNothing) {
  auto cluster = MockCluster::Start(3);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-faults");
  config.kafka_properties["auto.commit.interval.ms"] = "200";
  for (const std::string& topic : {std::string("messages"), config.topics.usage,
                                   config.topics.content, config.topics.dead_letter}) {
    ASSERT_TRUE((*cluster)->CreateTopic(topic, kPartitions, 3).ok()) << topic;
  }
  testing::ProduceMessageRecords(bootstrap, kRecords);

  using Request = MockCluster::Request;
  const auto inject = [&] {
    (*cluster)->FailNextRequests(Request::kProduce,
                                 {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                  RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                                  RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS});
    (*cluster)->FailNextRequests(Request::kFetch, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                                   RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT});
    (*cluster)->FailNextRequests(Request::kOffsetCommit,
                                 {RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                  RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT});
  };
  inject();  // before the first batch
  const auto pipeline = testing::TestPipeline();
  ASSERT_NE(pipeline, nullptr);
  testing::BackgroundWorker worker(config, pipeline);
  const KafkaClientOptions client{bootstrap, {}};
  const auto committed_total = [&] {
    auto offsets = QueryCommittedOffsets(client, "it-faults", "messages", kPartitions, 10000);
    std::int64_t total = 0;
    if (offsets.ok()) {
      for (const auto o : *offsets) total += std::max<std::int64_t>(0, o);
    }
    return total;
  };
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (Stats::Read(worker.stats.records_in) >= kRecords / 4) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return false;
      },
      std::chrono::seconds(120)));
  // Mid-stream: leaders move and more requests fail.
  for (int p = 0; p < kPartitions; ++p) {
    ASSERT_TRUE((*cluster)->SetPartitionLeader("messages", p, 1 + (p + 1) % 3).ok());
    ASSERT_TRUE((*cluster)->SetPartitionLeader(config.topics.usage, p, 1 + (p + 2) % 3).ok());
  }
  inject();
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (committed_total() == kRecords) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return false;
      },
      std::chrono::seconds(180)))
      << "committed " << committed_total() << " of " << kRecords;
  const Status status = worker.Stop();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(Stats::Read(worker.stats.delivery_failures), 0u);
  std::uint64_t dead = 0;
  for (const auto& n : worker.stats.dead_letters) dead += Stats::Read(n);
  EXPECT_EQ(dead, 0u);

  // Every input has its usage output.
  auto reader = TopicReader::Create(client, config.topics.usage, 10000);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::map<std::pair<std::string, std::string>, int> seen;
  ASSERT_TRUE((*reader)
                  ->CatchUpRecords(
                      [&](const ReadRecord& r) {
                        std::string p, o;
                        for (const auto& [name, value] : r.headers) {
                          if (name == "scrubline.src.partition") p = std::string(value);
                          if (name == "scrubline.src.offset") o = std::string(value);
                        }
                        ++seen[{p, o}];
                        return Status::Ok();
                      },
                      60000)
                  .ok());
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kRecords));
}

}  // namespace
}  // namespace scrubline
