// A shadow policy in the worker, against the mock cluster over TCP: the
// live outputs are produced as without it, and the bounded review sample
// reaches topics.review with its coordinates; every input is committed only
// when its review record is delivered too.
#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline {
namespace {

TEST(WorkerShadow, ReviewSampleReachesTheReviewTopic) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-shadow");
  for (const std::string& topic : {std::string("messages"), config.topics.usage,
                                   config.topics.content, config.topics.dead_letter,
                                   config.topics.review}) {
    ASSERT_TRUE((*cluster)->CreateTopic(topic, 1).ok());
  }
  const std::string candidate = ::testing::TempDir() + "/scrubline_shadow_candidate.yaml";
  std::ofstream(candidate) << "id: candidate\nversion: 1\nfields:\n  status: keep\n"
                              "  body: {action: redact, output: content}\nother_fields: drop\n";
  auto keys = KeyRing::Parse("it1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  ASSERT_TRUE(keys.ok());
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  options.policy_default = "message_log";
  auto live = CompiledPipeline::Create(options, *keys);
  ASSERT_TRUE(live.ok());
  options.policy_default = candidate;
  auto shadow_pipeline = CompiledPipeline::Create(options, *keys);
  ASSERT_TRUE(shadow_pipeline.ok()) << shadow_pipeline.status().ToString();
  Stats stats;
  auto runner = ShadowRunner::Create(*live, *shadow_pipeline, &stats, 3);
  ASSERT_TRUE(runner.ok());

  auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(sink.ok());
  constexpr int kRecords = 8;
  for (int i = 0; i < kRecords; ++i) {
    const std::string value = R"({"account_sid":"AC0123456789abcdef0123456789abcdef",)"
                              R"("from":"+14155550100","body":"hi","status":"sent","n":)" +
                              std::to_string(i) + "}";
    ASSERT_TRUE((*sink)->Produce({"messages", false, "", value, {}, 0}).ok());
  }
  ASSERT_TRUE((*sink)->Flush(10000).ok());

  std::atomic<bool> stop{false};
  WorkerOptions worker_options = testing::MakeWorkerOptions(config, *live, &stats, &stop);
  worker_options.shadow = std::shared_ptr<ShadowRunner>(std::move(*runner));
  Status worker_status;
  std::thread worker([&] { worker_status = RunWorker(worker_options); });
  KafkaClientOptions client{bootstrap, {}};
  testing::Eventually(
      [&] {
        auto offsets = QueryCommittedOffsets(client, "it-shadow", "messages", 1, 5000);
        if (offsets.ok() && (*offsets)[0] == kRecords) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return false;
      },
      std::chrono::seconds(60));
  stop = true;
  worker.join();
  ASSERT_TRUE(worker_status.ok()) << worker_status.ToString();
  EXPECT_EQ(worker_options.shadow->records_changed(), static_cast<std::uint64_t>(kRecords));
  EXPECT_EQ(Stats::Read(stats.records_out[static_cast<std::size_t>(OutputKind::kUsage)]),
            static_cast<std::uint64_t>(kRecords));  // the live outputs, all of them

  KafkaSourceOptions reader;
  reader.client = testing::FastClient(bootstrap);
  reader.group_id = "it-shadow-reader";
  reader.topics = {config.topics.review};
  auto source = KafkaSource::Create(reader);
  ASSERT_TRUE(source.ok());
  std::vector<ConsumedRecord> batch;
  std::size_t reviews = 0;
  bool mentions_clear_value = false;
  testing::Eventually(
      [&] {
        EXPECT_TRUE((*source)->Poll(200, 100, batch).ok());
        for (const auto& r : batch) {
          ++reviews;
          mentions_clear_value |= r.value.find("4155550100") != std::string_view::npos;
        }
        return reviews >= 3;
      },
      std::chrono::seconds(30));
  EXPECT_TRUE((*source)->Poll(500, 100, batch).ok());  // nothing beyond the bound
  reviews += batch.size();
  EXPECT_EQ(reviews, 3u);
  EXPECT_FALSE(mentions_clear_value);
}

}  // namespace
}  // namespace scrubline
