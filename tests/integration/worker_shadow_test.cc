// A shadow policy in the worker, against the mock cluster over TCP: the
// live outputs are produced as without it, and the bounded review sample
// reaches topics.review with its coordinates; every input is committed only
// when its review record is delivered too.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/signals.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline {
namespace {

const char kKeyLine[] = "it1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

// Pipeline options for the live side (message_log) and for a candidate file.
PipelineOptions LiveOptions() {
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  options.policy_default = "message_log";
  return options;
}
PipelineOptions CandidateOptions(const std::string& candidate) {
  PipelineOptions options = LiveOptions();
  options.policy_default = candidate;
  return options;
}

std::shared_ptr<ShadowRunner> MakeRunner(const std::string& candidate, Stats& stats,
                                         std::size_t samples,
                                         std::shared_ptr<const CompiledPipeline>& live) {
  auto keys = KeyRing::Parse(kKeyLine);
  EXPECT_TRUE(keys.ok());
  auto live_pipeline = CompiledPipeline::Create(LiveOptions(), *keys);
  EXPECT_TRUE(live_pipeline.ok()) << live_pipeline.status().ToString();
  auto shadow_pipeline = CompiledPipeline::Create(CandidateOptions(candidate), *keys);
  EXPECT_TRUE(shadow_pipeline.ok()) << shadow_pipeline.status().ToString();
  if (!live_pipeline.ok() || !shadow_pipeline.ok()) return nullptr;
  live = *live_pipeline;
  auto runner = ShadowRunner::Create(live, *shadow_pipeline, &stats, samples);
  EXPECT_TRUE(runner.ok());
  return runner.ok() ? std::shared_ptr<ShadowRunner>(std::move(*runner)) : nullptr;
}

// Message records numbered from `first`, flushed.
void ProduceMessages(KafkaSink& sink, int first, int n) {
  for (int i = first; i < first + n; ++i) {
    const std::string value = R"({"account_sid":"AC0123456789abcdef0123456789abcdef",)"
                              R"("from":"+14155550100","body":"hi","status":"sent","n":)" +
                              std::to_string(i) + "}";
    ASSERT_TRUE(sink.Produce({"messages", false, "", value, {}, 0}).ok());
  }
  ASSERT_TRUE(sink.Flush(10000).ok());
}

TEST(WorkerShadow, ReviewSampleReachesTheReviewTopic) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-shadow");
  testing::CreateWorkerTopics(**cluster, config);
  const std::string candidate = ::testing::TempDir() + "/scrubline_shadow_candidate.yaml";
  std::ofstream(candidate) << "id: candidate\nversion: 1\nfields:\n  status: keep\n"
                              "  body: {action: redact, output: content}\nother_fields: drop\n";
  Stats stats;
  std::shared_ptr<const CompiledPipeline> live;
  std::shared_ptr<ShadowRunner> runner = MakeRunner(candidate, stats, 3, live);
  ASSERT_NE(runner, nullptr);

  auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(sink.ok());
  constexpr int kRecords = 8;
  ProduceMessages(**sink, 0, kRecords);

  std::atomic<bool> stop{false};
  WorkerOptions worker_options = testing::MakeWorkerOptions(config, live, &stats, &stop);
  worker_options.shadow = runner;
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

// SIGHUP reads the candidate again with the live policies: a new candidate
// takes over for later records; a broken one refuses the whole reload and
// the running candidate stays.
TEST(WorkerShadow, SighupReloadsTheCandidateAndRefusesABrokenOne) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-shadow-reload");
  testing::CreateWorkerTopics(**cluster, config);
  // First the live policy itself (changes nothing), then one that does.
  const std::string candidate = ::testing::TempDir() + "/scrubline_shadow_reload.yaml";
  std::filesystem::copy_file(std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/policies/message_log.yaml",
                             candidate, std::filesystem::copy_options::overwrite_existing);
  Stats stats;
  std::shared_ptr<const CompiledPipeline> live;
  std::shared_ptr<ShadowRunner> runner = MakeRunner(candidate, stats, 100, live);
  ASSERT_NE(runner, nullptr);
  auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(sink.ok());

  std::atomic<bool> stop{false};
  std::atomic<bool>& reload = InstallReloadSignal();
  reload = false;
  WorkerOptions worker_options = testing::MakeWorkerOptions(config, live, &stats, &stop);
  worker_options.shadow = runner;
  worker_options.reload = &reload;
  const KeyRing ring = *KeyRing::Parse(kKeyLine);
  worker_options.rebuild = [ring] { return CompiledPipeline::Create(LiveOptions(), ring); };
  worker_options.rebuild_shadow = [ring, candidate] {
    return CompiledPipeline::Create(CandidateOptions(candidate), ring);
  };
  const ShadowRunner& shadow = *worker_options.shadow;
  Status worker_status;
  std::thread worker([&] { worker_status = RunWorker(worker_options); });
  auto wait_for_compared = [&](std::uint64_t n) {
    testing::Eventually(
        [&] {
          if (shadow.records_compared() >= n) return true;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          return false;
        },
        std::chrono::seconds(60));
  };

  ProduceMessages(**sink, 0, 5);
  wait_for_compared(5);
  EXPECT_EQ(shadow.records_changed(), 0u);
  std::ofstream(candidate) << "id: candidate\nversion: 2\nfields:\n  status: keep\n"
                              "  body: {action: redact, output: content}\nother_fields: drop\n";
  testing::ReloadNow(reload);
  ProduceMessages(**sink, 5, 5);
  wait_for_compared(10);
  EXPECT_EQ(shadow.records_changed(), 5u);
  std::ofstream(candidate) << "id: broken\nversion: 1\nfields:\n  body: {action: frob}\n";
  testing::ReloadNow(reload);
  ProduceMessages(**sink, 10, 5);
  wait_for_compared(15);
  EXPECT_EQ(shadow.records_changed(), 10u);  // the running candidate stayed
  stop = true;
  worker.join();
  ASSERT_TRUE(worker_status.ok()) << worker_status.ToString();
  EXPECT_EQ(Stats::Read(stats.policy_reloads), 1u);
  EXPECT_EQ(Stats::Read(stats.policy_reload_failures), 1u);
}

}  // namespace
}  // namespace scrubline
