// The worker follows the opt-out topic, against the mock cluster over TCP:
// it reads the topic to its end before consuming any input (so inputs
// already waiting from an opted-out subject are dropped), applies later
// records between batches, and a tombstone lifts the opt-out.
#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "classifiers/crypto/subject_id.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/opt_out_record.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline {
namespace {

std::string Message(const std::string& from, int n) {
  return R"({"sid":"SM0123456789abcdef0123456789abcd)" + std::to_string(10 + n) +
         R"(","account_sid":"AC0123456789abcdef0123456789abcdef","from":")" + from +
         R"(","to":"+14155550101","body":"hi","status":"sent","num_segments":1})";
}

TEST(WorkerOptOutTopic, ReadToTheEndFirstThenFollowed) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-optout");
  config.opt_outs_read_topic = "true";
  for (const std::string& topic : {std::string("messages"), config.topics.usage,
                                   config.topics.content, config.topics.dead_letter,
                                   config.topics.opt_out}) {
    ASSERT_TRUE((*cluster)->CreateTopic(topic, 1).ok());
  }
  std::ifstream keys_file(std::string(SCRUBLINE_SOURCE_DIR) + "/tests/golden/subjects.keys");
  const std::string ring_text((std::istreambuf_iterator<char>(keys_file)),
                              std::istreambuf_iterator<char>());
  auto keys = KeyRing::Parse(ring_text);
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  auto ids = SubjectIdBuilder::Create(*keys);
  ASSERT_TRUE(ids.ok());
  std::string subject;
  ASSERT_TRUE(ids->Append(SubjectType::kPhone, "(415) 555-0100", "1", subject).ok());
  std::string opt_out_value;
  AppendOptOutValue(OptOutReason::kOptOut, "2026-11-29T10:00:00Z", opt_out_value);

  auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(sink.ok());
  // The opt-out first, then inputs already waiting: 5 from the subject, 5 not.
  ASSERT_TRUE((*sink)->Produce({config.topics.opt_out, true, subject, opt_out_value, {}, 0}).ok());
  int n = 0;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*sink)->Produce({"messages", false, "", Message("+14155550100", n++), {}, 0}).ok());
    ASSERT_TRUE((*sink)->Produce({"messages", false, "", Message("+14155550102", n++), {}, 0}).ok());
  }
  ASSERT_TRUE((*sink)->Flush(10000).ok());

  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  auto pipeline = CompiledPipeline::Create(options, *keys);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  Stats stats;
  std::atomic<bool> stop{false};
  Status worker_status;
  std::thread worker([&] {
    worker_status = RunWorker(testing::MakeWorkerOptions(config, *pipeline, &stats, &stop));
  });
  auto wait_until = [&](const std::function<bool()>& done) {
    testing::Eventually(
        [&] {
          if (done()) return true;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          return false;
        },
        std::chrono::seconds(60));
  };
  wait_until([&] { return Stats::Read(stats.records_in) >= 10; });
  EXPECT_EQ(Stats::Read(stats.opted_out_records), 5u);  // none slipped through before the read
  EXPECT_EQ(Stats::Read(stats.opt_out_updates), 1u);

  // A tombstone (null value) lifts it; later records of the subject flow.
  ASSERT_TRUE((*sink)->Produce({config.topics.opt_out, true, subject, std::string_view(), {}, 0}).ok());
  ASSERT_TRUE((*sink)->Flush(10000).ok());
  wait_until([&] { return Stats::Read(stats.opt_out_updates) >= 2; });
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE((*sink)->Produce({"messages", false, "", Message("+14155550100", n++), {}, 0}).ok());
  }
  ASSERT_TRUE((*sink)->Flush(10000).ok());
  wait_until([&] { return Stats::Read(stats.records_in) >= 14; });
  stop = true;
  worker.join();
  ASSERT_TRUE(worker_status.ok()) << worker_status.ToString();
  EXPECT_EQ(Stats::Read(stats.opted_out_records), 5u);
  EXPECT_EQ(Stats::Read(stats.records_out[static_cast<std::size_t>(OutputKind::kUsage)]), 9u);
}

TEST(WorkerOptOutTopic, ReadTopicMustBeTrueOrFalse) {
  // (A missing topic cannot be shown on the mock cluster, which creates any
  // topic a client asks metadata for; a real broker with auto-creation off
  // makes TopicReader::Create fail, and the worker with it.)
  Config config;
  config.bootstrap = "127.0.0.1:1";
  config.input_topics = {"messages"};
  config.opt_outs_read_topic = "yes";
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  auto pipeline = CompiledPipeline::Create(
      options, *KeyRing::Parse("it1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"));
  ASSERT_TRUE(pipeline.ok());
  Stats stats;
  std::atomic<bool> stop{false};
  const Status st = RunWorker(testing::MakeWorkerOptions(config, *pipeline, &stats, &stop));
  EXPECT_NE(st.ToString().find("must be true or false"), std::string::npos) << st.ToString();
  EXPECT_EQ(Stats::Read(stats.records_in), 0u);
}

}  // namespace
}  // namespace scrubline
