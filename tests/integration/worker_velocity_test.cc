// The velocity signal through the worker, with the real librdkafka client
// against the mock cluster over TCP: one account's personalised campaign,
// keyed by account like the rest of the demo traffic, reaches velocity.bulk
// and its alerts; everyday traffic from the other accounts never does; and
// records are counted as keyed by their sender (no key mismatch).
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/sample_events.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline {
namespace {

constexpr int kPartitions = 4;
constexpr int kRecords = 2000;

TEST(WorkerVelocity, ACampaignKeyedByAccountFiresAndOthersDoNot) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-velocity");
  config.processing_threads = 2;  // classified on two threads, concluded in order
  for (const std::string& topic : {std::string("messages"), config.topics.usage, config.topics.content,
                                   config.topics.alerts, config.topics.dead_letter}) {
    ASSERT_TRUE((*cluster)->CreateTopic(topic, kPartitions).ok());
  }
  std::string campaign_account;
  int campaign_records = 0;
  testing::ProduceSampleEvents(bootstrap, {.seed = 5, .spam_share = 0.15, .campaign_share = 0.12},
                               kRecords, [&](const SampleEvent& event) {
                                 if (event.json.find("parcel-redeliver.example.com") != std::string::npos) {
                                   campaign_account = event.account_sid;
                                   ++campaign_records;
                                 }
                               });
  ASSERT_GT(campaign_records, 150);

  testing::BackgroundWorker worker(config, testing::TestPipeline());
  Stats& stats = worker.stats;
  KafkaClientOptions client{bootstrap, {}};
  testing::Eventually(
      [&] {
        if (testing::CommittedTotal(client, "it-velocity", "messages", kPartitions) == kRecords) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return false;
      },
      std::chrono::seconds(90));
  const Status stopped = worker.Stop();
  ASSERT_TRUE(stopped.ok()) << stopped.ToString();
  EXPECT_EQ(Stats::Read(stats.records_in), static_cast<std::uint64_t>(kRecords));
  const std::uint64_t signals = Stats::Read(stats.aup_velocity_signals);
  // Most campaign records after its first ~25 recipients; never more than it sent.
  EXPECT_GT(signals, static_cast<std::uint64_t>(campaign_records / 2));
  EXPECT_LE(signals, static_cast<std::uint64_t>(campaign_records));
  EXPECT_EQ(Stats::Read(stats.aup_velocity_key_mismatch), 0u);  // keyed by account
  EXPECT_EQ(Stats::Read(stats.aup_velocity_untimed), 0u);

  // Every alert that names velocity.bulk is the campaign's: its Kafka key
  // is the campaign account's token, the same for all of them.
  KafkaSourceOptions reader;
  reader.client = testing::FastClient(bootstrap);
  reader.group_id = "it-velocity-reader";
  reader.topics = {config.topics.alerts};
  auto source = KafkaSource::Create(reader);
  ASSERT_TRUE(source.ok());
  std::vector<ConsumedRecord> batch;
  const std::uint64_t alerts =
      Stats::Read(stats.records_out[static_cast<std::size_t>(OutputKind::kAlert)]);
  std::uint64_t seen = 0, bulk = 0;
  std::set<std::string> bulk_keys;
  testing::Eventually(
      [&] {
        EXPECT_TRUE((*source)->Poll(200, 1000, batch).ok());
        for (const ConsumedRecord& r : batch) {
          ++seen;
          if (r.value.find(R"("id":"velocity.bulk")") == std::string_view::npos) continue;
          ++bulk;
          bulk_keys.insert(std::string(r.key));
          EXPECT_EQ(r.value.find(campaign_account), std::string_view::npos) << "the account leaks";
        }
        return seen >= alerts;
      },
      std::chrono::seconds(60));
  (void)(*source)->Close();
  EXPECT_EQ(seen, alerts);
  EXPECT_GT(bulk, 0u);
  EXPECT_EQ(bulk_keys.size(), 1u);  // one campaign, one account token
}

}  // namespace
}  // namespace scrubline
