// SIGHUP reload in the worker, against the mock cluster over TCP: between
// batches a rebuilt pipeline replaces the running one (later outputs carry
// the new policy), and a policy that fails its checks is refused while the
// running one stays. The flag is the one SIGHUP sets (InstallReloadSignal),
// raised here by a real signal.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/signals.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline {
namespace {

std::string Policy(const std::string& id) {
  return "id: " + id + "\nversion: 1\nfields:\n  body: {action: redact, output: content}\n" +
         "  status: keep\nother_fields: redact\n";
}

TEST(WorkerReload, SighupSwapsPoliciesBetweenBatchesAndRefusesABadOne) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-reload");
  testing::CreateWorkerTopics(**cluster, config);
  const std::string policy_path = ::testing::TempDir() + "/scrubline_reload_policy.yaml";
  std::ofstream(policy_path) << Policy("before");

  auto keys = KeyRing::Parse("it1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  ASSERT_TRUE(keys.ok());
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  options.policy_default = policy_path;
  auto pipeline = CompiledPipeline::Create(options, *keys);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();

  auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(sink.ok());
  std::int64_t produced = 0;
  auto produce = [&](int n) {
    for (int i = 0; i < n; ++i, ++produced) {
      const std::string value = R"({"body":"call 415-555-0100","status":"sent","n":)" +
                                std::to_string(produced) + "}";
      ASSERT_TRUE((*sink)->Produce({"messages", false, "", value, {}, 0}).ok());
    }
    ASSERT_TRUE((*sink)->Flush(10000).ok());
  };

  Stats stats;
  std::atomic<bool> stop{false};
  std::atomic<bool>& reload = InstallReloadSignal();
  reload = false;
  WorkerOptions worker_options = testing::MakeWorkerOptions(config, *pipeline, &stats, &stop);
  worker_options.reload = &reload;
  worker_options.rebuild = [options, ring = *keys]() {
    return CompiledPipeline::Create(options, ring);
  };
  Status worker_status;
  std::thread worker([&] { worker_status = RunWorker(worker_options); });
  auto wait_for_records = [&](std::uint64_t n) {
    testing::Eventually(
        [&] {
          if (Stats::Read(stats.records_in) >= n) return true;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          return false;
        },
        std::chrono::seconds(60));
  };

  produce(20);
  wait_for_records(20);
  std::ofstream(policy_path) << Policy("after");
  testing::ReloadNow(reload);  // a real signal
  produce(20);
  wait_for_records(40);
  std::ofstream(policy_path) << "id: broken\nversion: 1\nfields:\n  body: {action: frob}\n";
  testing::ReloadNow(reload);  // a real signal
  produce(20);
  wait_for_records(60);
  stop = true;
  worker.join();
  ASSERT_TRUE(worker_status.ok()) << worker_status.ToString();
  EXPECT_EQ(Stats::Read(stats.policy_reloads), 1u);
  EXPECT_EQ(Stats::Read(stats.policy_reload_failures), 1u);

  // Every usage record's policy, by input offset.
  KafkaSourceOptions reader;
  reader.client = testing::FastClient(bootstrap);
  reader.group_id = "it-reload-reader";
  reader.topics = {config.topics.usage};
  auto source = KafkaSource::Create(reader);
  ASSERT_TRUE(source.ok());
  std::map<std::int64_t, std::string> policy_at;
  std::vector<ConsumedRecord> batch;
  std::vector<ConsumedHeader> headers;
  testing::Eventually(
      [&] {
        EXPECT_TRUE((*source)->Poll(200, 1000, batch).ok());
        for (std::size_t i = 0; i < batch.size(); ++i) {
          if (!(*source)->ReadHeaders(i, headers).ok()) continue;
          std::string id, offset;
          for (const auto& h : headers) {
            if (h.name == "scrubline.policy.id") id = std::string(h.value);
            if (h.name == "scrubline.src.offset") offset = std::string(h.value);
          }
          policy_at[std::stoll(offset)] = id;
        }
        return policy_at.size() >= 60;
      },
      std::chrono::seconds(60));
  ASSERT_EQ(policy_at.size(), 60u);
  for (const auto& [offset, id] : policy_at) {
    EXPECT_EQ(id, offset < 20 ? "before@1" : "after@1") << "offset " << offset;
  }
}

}  // namespace
}  // namespace scrubline
