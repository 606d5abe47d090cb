// delivery.exactly_once against the mock cluster over TCP: the transaction
// state machine. librdkafka 2.0.2's mock runs the transaction protocol but
// writes no abort markers, does not filter aborted data for read_committed
// readers and does not store offsets sent with a transaction, so what these
// tests can prove is the worker's side: every batch commits in a
// transaction; an abortable error aborts it and the batch is read and
// produced again; retriable errors on InitProducerId and EndTxn are
// retried; a newer instance with the same transactional id fences the
// worker, which stops with an error instead of producing on. Zero
// duplicates for read_committed readers across a crash is proven against a
// real Kafka (worker_exactly_once_real_kafka_test.cc).
#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <librdkafka/rdkafka.h>

#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/topic_reader.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"

namespace scrubline {
namespace {

using Request = MockCluster::Request;

// A worker with exactly_once on input "messages" (4 partitions) of `cluster`.
Config ExactlyOnceConfig(MockCluster& cluster, const std::string& group) {
  Config config = testing::MockWorkerConfig(cluster.bootstrap(), group);
  config.delivery_exactly_once = "true";
  config.delivery_transactional_id = group + "-txn";
  config.limits.batch_size = 50;
  for (const std::string& topic : {std::string("messages"), config.topics.usage,
                                   config.topics.content, config.topics.dead_letter}) {
    EXPECT_TRUE(cluster.CreateTopic(topic, 4).ok()) << topic;
  }
  return config;
}

// Waits until `n` inputs were processed and nothing is in flight.
void WaitForAll(testing::BackgroundWorker& worker, std::uint64_t n) {
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (Stats::Read(worker.stats.records_in) >= n && WorkerInFlight() == 0 &&
            Stats::Read(worker.stats.transactions_committed) > 0) {
          return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return false;
      },
      std::chrono::seconds(120)))
      << "records in " << Stats::Read(worker.stats.records_in);
}

TEST(WorkerExactlyOnce, EveryBatchCommitsInATransaction) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const Config config = ExactlyOnceConfig(**cluster, "it-eos");
  constexpr int kRecords = 400;
  testing::ProduceMessageRecords((*cluster)->bootstrap(), kRecords);
  // Retriable coordinator errors on the first InitProducerId and EndTxn.
  (*cluster)->FailNextRequests(Request::kInitProducerId,
                               {RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
                                RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE});
  (*cluster)->FailNextRequests(Request::kEndTxn, {RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS});
  const auto pipeline = testing::TestPipeline();
  ASSERT_NE(pipeline, nullptr);
  testing::BackgroundWorker worker(config, pipeline);
  WaitForAll(worker, kRecords);
  const Status status = worker.Stop();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_GE(Stats::Read(worker.stats.transactions_committed), kRecords / 50u / 4);
  EXPECT_EQ(Stats::Read(worker.stats.transactions_aborted), 0u);
  EXPECT_EQ(Stats::Read(worker.stats.delivery_failures), 0u);
  const auto seen = testing::OutputsBySource({(*cluster)->bootstrap(), {}}, config.topics.usage);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kRecords));
  for (const auto& [input, count] : seen) {
    EXPECT_EQ(count, 1) << "input " << input.first << "/" << input.second;
  }
}

// A permanent produce error inside a transaction makes it abortable: the
// worker aborts, rewinds its input to the batch's first offsets, reads the
// batch again and commits it in a new transaction. (The mock keeps the
// aborted copies readable, so outputs are counted as "at least one".)
TEST(WorkerExactlyOnce, AbortableErrorAbortsAndRewindsTheBatch) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const Config config = ExactlyOnceConfig(**cluster, "it-eos-abort");
  constexpr int kRecords = 200;
  testing::ProduceMessageRecords((*cluster)->bootstrap(), kRecords);
  (*cluster)->FailNextRequests(Request::kProduce, {RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED});
  const auto pipeline = testing::TestPipeline();
  ASSERT_NE(pipeline, nullptr);
  testing::BackgroundWorker worker(config, pipeline);
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (Stats::Read(worker.stats.transactions_aborted) >= 1 && WorkerInFlight() == 0 &&
            Stats::Read(worker.stats.records_in) >= kRecords + 1) {
          return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return false;
      },
      std::chrono::seconds(120)))
      << "aborted " << Stats::Read(worker.stats.transactions_aborted);
  // Let the re-read batches finish.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const Status status = worker.Stop();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_GE(Stats::Read(worker.stats.transactions_committed), 1u);
  EXPECT_EQ(Stats::Read(worker.stats.delivery_failures), 0u);
  const auto seen = testing::OutputsBySource({(*cluster)->bootstrap(), {}}, config.topics.usage);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kRecords)) << "an input has no output";
}

// Fencing: the transaction coordinator answers that a newer instance with
// the same transactional id took over (injected: the 2.0.2 mock does not
// fence by itself). librdkafka raises a fatal error; the worker stops with
// it, and commits nothing after.
TEST(WorkerExactlyOnce, FencedByANewerInstanceStops) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const Config config = ExactlyOnceConfig(**cluster, "it-eos-fence");
  testing::ProduceMessageRecords((*cluster)->bootstrap(), 100);
  const auto pipeline = testing::TestPipeline();
  ASSERT_NE(pipeline, nullptr);
  std::atomic<bool> stop{false};
  Stats stats;
  WorkerOptions options = testing::MakeWorkerOptions(config, pipeline, &stats, &stop);
  Status status;
  std::atomic<bool> ended{false};
  std::thread worker([&] {
    status = RunWorker(options);
    ended = true;
  });
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (Stats::Read(stats.records_in) >= 100 && WorkerInFlight() == 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return false;
      },
      std::chrono::seconds(60)));
  const std::uint64_t committed_before = Stats::Read(stats.transactions_committed);
  EXPECT_GT(committed_before, 0u);
  (*cluster)->FailNextRequests(Request::kEndTxn, {RD_KAFKA_RESP_ERR_PRODUCER_FENCED});
  testing::ProduceMessageRecords((*cluster)->bootstrap(), 100);
  // The worker stops by itself, without being asked.
  const bool stopped_alone = testing::Eventually(
      [&] {
        if (ended.load()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return false;
      },
      std::chrono::seconds(60));
  stop = true;
  worker.join();
  EXPECT_TRUE(stopped_alone) << "a fenced worker went on";
  EXPECT_FALSE(status.ok()) << "a fenced worker must stop with an error";
  EXPECT_NE(status.message().find("fenced"), std::string::npos) << status.ToString();
  EXPECT_EQ(Stats::Read(stats.transactions_committed), committed_before)
      << "a fenced worker committed a transaction";
}

}  // namespace
}  // namespace scrubline
