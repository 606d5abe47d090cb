// Faults injected through librdkafka's mock cluster while a worker runs, over
// TCP: failed Produce, Fetch and OffsetCommit requests (retriable errors) and
// leaders moving between brokers mid-stream; at scale, RTT spikes on every
// broker and one broker's outage. The worker recovers by itself —
// no restart, no failed delivery, no dead letter — and in the end every input
// has its output and every offset is committed.
#include <chrono>
#include <functional>
#include <iostream>
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

// Runs `records` message records through one worker against three brokers
// (`partitions` per topic, replication factor 3). `before` runs before the
// worker starts; `mid_stream` once a quarter of the inputs was read. Then
// checks that the worker recovered by itself: every offset committed, no
// failed delivery, no dead letter, every input with exactly its usage output.
void RunWithFaults(const std::string& group, int partitions, int records,
                   const std::function<void(MockCluster&, const Config&)>& before,
                   const std::function<void(MockCluster&, const Config&,
                                            const std::function<std::int64_t()>& committed)>&
                       mid_stream) {
  auto cluster = MockCluster::Start(3);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, group);
  config.kafka_properties["auto.commit.interval.ms"] = "200";
  for (const std::string& topic : {std::string("messages"), config.topics.usage,
                                   config.topics.content, config.topics.dead_letter}) {
    ASSERT_TRUE((*cluster)->CreateTopic(topic, partitions, 3).ok()) << topic;
  }
  testing::ProduceMessageRecords(bootstrap, records);
  before(**cluster, config);
  const auto pipeline = testing::TestPipeline();
  ASSERT_NE(pipeline, nullptr);
  testing::BackgroundWorker worker(config, pipeline);
  const KafkaClientOptions client{bootstrap, {}};
  const auto committed_total = [&] {
    return testing::CommittedTotal(client, group, "messages", partitions);
  };
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (Stats::Read(worker.stats.records_in) >= static_cast<std::uint64_t>(records / 4)) {
          return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return false;
      },
      std::chrono::seconds(120)));
  ASSERT_LT(committed_total(), records) << "the stream ended before the faults: nothing tested";
  mid_stream(**cluster, config, committed_total);
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (committed_total() == records) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return false;
      },
      std::chrono::seconds(240)))
      << "committed " << committed_total() << " of " << records;
  const Status status = worker.Stop();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(Stats::Read(worker.stats.delivery_failures), 0u);
  std::uint64_t dead = 0;
  for (const auto& n : worker.stats.dead_letters) dead += Stats::Read(n);
  EXPECT_EQ(dead, 0u);
  const auto seen = testing::OutputsBySource(client, config.topics.usage);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(records)) << "inputs without their output";
}

using Request = MockCluster::Request;

void InjectRetriableErrors(MockCluster& cluster) {
  cluster.FailNextRequests(Request::kProduce, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                               RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                                               RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS});
  cluster.FailNextRequests(Request::kFetch, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                             RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT});
  cluster.FailNextRequests(Request::kOffsetCommit, {RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                                    RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT});
}

TEST(WorkerFaults, RetriableErrorsAndLeaderChangesLoseNothing) {
  constexpr int kPartitions = 4;
  RunWithFaults(
      "it-faults", kPartitions, 4000,
      [](MockCluster& cluster, const Config&) { InjectRetriableErrors(cluster); },
      [](MockCluster& cluster, const Config& config, const std::function<std::int64_t()>&) {
        // Leaders move and more requests fail.
        for (int p = 0; p < kPartitions; ++p) {
          ASSERT_TRUE(cluster.SetPartitionLeader("messages", p, 1 + (p + 1) % 3).ok());
          ASSERT_TRUE(cluster.SetPartitionLeader(config.topics.usage, p, 1 + (p + 2) % 3).ok());
        }
        InjectRetriableErrors(cluster);
      });
}

// At scale (32 partitions, 40,000 records, one worker): every
// broker's responses slowed to 400 ms for two seconds, then one broker down
// for five seconds (its partitions wait; nothing is lost or failed) and up
// again.
TEST(WorkerFaults, RttSpikesAndABrokerOutageAtScaleLoseNothing) {
  RunWithFaults(
      "it-faults-scale", 32, 40000, [](MockCluster&, const Config&) {},
      [](MockCluster& cluster, const Config&, const std::function<std::int64_t()>& committed) {
        for (int b = 1; b <= 3; ++b) ASSERT_TRUE(cluster.SetBrokerRtt(b, 400).ok());
        std::this_thread::sleep_for(std::chrono::seconds(2));
        ASSERT_TRUE(cluster.SetBrokerUp(3, false).ok());
        for (int b = 1; b <= 3; ++b) ASSERT_TRUE(cluster.SetBrokerRtt(b, 0).ok());
        const std::int64_t at_outage = committed();
        std::this_thread::sleep_for(std::chrono::seconds(5));
        ASSERT_TRUE(cluster.SetBrokerUp(3, true).ok());
        EXPECT_LT(at_outage, 40000) << "the stream ended before the outage";
        std::cout << "faults at scale: " << at_outage
                  << " of 40000 committed when broker 3 went down\n";
      });
}

}  // namespace
}  // namespace scrubline
