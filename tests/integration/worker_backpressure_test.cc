// Back-pressure against the mock cluster over TCP: with slow acknowledgements
// (the broker answers after 150 ms) and a small in-flight bound, the worker
// pauses its input partitions instead of reading on, stays in its group,
// resumes, and in the end has processed and committed every input exactly
// once.
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"

namespace scrubline {
namespace {

// Runs 300 records through a worker whose limits `limit` sets, against a
// broker that answers after 150 ms; checks every input is processed once and
// committed, and that the worker paused.
void RunSlowBrokerWorker(const std::function<void(Limits&)>& limit) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-backpressure");
  config.limits.batch_size = 10;
  limit(config.limits);
  testing::CreateWorkerTopics(**cluster, config);
  constexpr int kRecords = 300;
  testing::ProduceMessageRecords(bootstrap, kRecords);
  ASSERT_TRUE((*cluster)->SetBrokerRtt(1, 150).ok());

  const auto pipeline = testing::TestPipeline();
  ASSERT_NE(pipeline, nullptr);
  testing::BackgroundWorker worker(config, pipeline);
  KafkaClientOptions client{bootstrap, {}};
  testing::Eventually(
      [&] {
        auto offsets = QueryCommittedOffsets(client, "it-backpressure", "messages", 1, 5000);
        if (offsets.ok() && (*offsets)[0] == kRecords) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return false;
      },
      std::chrono::seconds(120));
  const Status status = worker.Stop();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_GT(Stats::Read(worker.stats.backpressure_pauses), 0u);
  EXPECT_EQ(Stats::Read(worker.stats.records_in), static_cast<std::uint64_t>(kRecords));
  EXPECT_EQ(Stats::Read(worker.stats.delivery_failures), 0u);
  auto offsets = QueryCommittedOffsets(client, "it-backpressure", "messages", 1, 5000);
  ASSERT_TRUE(offsets.ok());
  EXPECT_EQ((*offsets)[0], kRecords);
}

TEST(WorkerBackpressure, PausesAtTheInFlightRecordBoundAndLosesNothing) {
  RunSlowBrokerWorker([](Limits& l) { l.max_in_flight_records = 20; });
}

// The records are ~60 bytes: 1,200 bytes is about 20 of them.
TEST(WorkerBackpressure, PausesAtTheInFlightByteBoundAndLosesNothing) {
  RunSlowBrokerWorker([](Limits& l) { l.max_in_flight_bytes = 1200; });
}

}  // namespace
}  // namespace scrubline
