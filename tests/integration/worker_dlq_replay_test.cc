// Dead-letter replay against the mock cluster over TCP: a poison record
// becomes a dead letter; `dlq replay` decrypts it and sends the original
// bytes back to its source topic with a replay count; the worker, failing
// it again, carries the count onto the new dead letter; at the limit the
// replay stops. A ring without the dead letter's key replays nothing.
#include <atomic>
#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/dlq_replay.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"

namespace scrubline {
namespace {

std::uint64_t DeadLetters(const Stats& stats) {
  std::uint64_t n = 0;
  for (const auto& count : stats.dead_letters) n += Stats::Read(count);
  return n;
}

TEST(WorkerDlqReplay, PoisonIsReplayedWithACountUntilTheLimit) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-dlq");
  testing::CreateWorkerTopics(**cluster, config);
  auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(sink.ok());
  const std::string poison = "{\"body\": \"cut short";
  for (const std::string& value : {std::string(R"({"body":"hi","status":"sent"})"), poison}) {
    ASSERT_TRUE((*sink)->Produce({"messages", false, "", value, {}, 0}).ok());
  }
  ASSERT_TRUE((*sink)->Flush(10000).ok());

  const auto pipeline = testing::TestPipeline();
  ASSERT_NE(pipeline, nullptr);
  testing::BackgroundWorker worker(config, pipeline);
  Stats& stats = worker.stats;
  // Made (the worker's count) and delivered (the topic's end offset): the
  // replay reads only what the topic holds when it starts.
  const auto delivered_dead_letters = [&] {
    auto marks = (*sink)->QueryWatermarks(config.topics.dead_letter, 0, 5000);
    return marks.ok() ? static_cast<std::uint64_t>(marks->second) : 0u;
  };
  const auto wait_for_dead_letters = [&](std::uint64_t n) {
    testing::Eventually(
        [&] {
          if (DeadLetters(stats) >= n && delivered_dead_letters() >= n) return true;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          return false;
        },
        std::chrono::seconds(60));
    return std::min(DeadLetters(stats), delivered_dead_letters());
  };
  ASSERT_EQ(wait_for_dead_letters(1), 1u);

  const KeyRing keys = *KeyRing::Parse(testing::kWorkerTestKeys);
  DlqReplayOptions options;
  options.client = {bootstrap, {}};
  options.dead_letter_topic = config.topics.dead_letter;
  options.max_replays = 1;
  options.timeout_ms = 30000;

  // A ring without the dead letter's key cannot read it: nothing is sent.
  const KeyRing other = *KeyRing::Parse("other:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM");
  auto blind = ReplayDeadLetters(options, other);
  ASSERT_TRUE(blind.ok()) << blind.status().ToString();
  EXPECT_EQ(blind->read, 1u);
  EXPECT_EQ(blind->unreadable, 1u);
  EXPECT_EQ(blind->replayed, 0u);
  // A dry run counts, sends nothing; a time after every record reads nothing.
  DlqReplayOptions dry = options;
  dry.dry_run = true;
  auto counted = ReplayDeadLetters(dry, keys);
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->replayed, 1u);
  DlqReplayOptions later = options;
  later.from = {ReadFrom::Kind::kTime, 4102444800000};  // 2100-01-01
  auto none = ReplayDeadLetters(later, keys);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->read, 0u);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(Stats::Read(stats.records_in), 2u);  // nothing was replayed so far

  // The replay: the original bytes go back to `messages` and fail again.
  auto first = ReplayDeadLetters(options, keys);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->read, 1u);
  EXPECT_EQ(first->replayed, 1u);
  ASSERT_EQ(wait_for_dead_letters(2), 2u);
  EXPECT_EQ(Stats::Read(stats.records_in), 3u);

  // The second dead letter carries count 1 = the limit: not replayed again.
  options.from = {ReadFrom::Kind::kOffset, 1};
  auto second = ReplayDeadLetters(options, keys);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->read, 1u);
  EXPECT_EQ(second->over_limit, 1u);
  EXPECT_EQ(second->replayed, 0u);
  const Status worker_status = worker.Stop();
  ASSERT_TRUE(worker_status.ok()) << worker_status.ToString();

  // What went back to `messages`: the poison's exact bytes, with the count
  // and the dead letter it came from.
  KafkaSourceOptions reader;
  reader.client = testing::FastClient(bootstrap);
  reader.group_id = "it-dlq-reader";
  reader.topics = {"messages"};
  auto source = KafkaSource::Create(reader);
  ASSERT_TRUE(source.ok());
  std::vector<ConsumedRecord> batch;
  std::vector<ConsumedHeader> headers;
  bool seen = false;
  testing::Eventually(
      [&] {
        EXPECT_TRUE((*source)->Poll(200, 100, batch).ok());
        for (std::size_t i = 0; i < batch.size(); ++i) {
          if (batch[i].offset != 2) continue;
          seen = true;
          EXPECT_EQ(batch[i].value, poison);
          EXPECT_TRUE((*source)->ReadHeaders(i, headers).ok());
          std::string count, from;
          for (const auto& h : headers) {
            if (h.name == kHeaderReplayCount) count = std::string(h.value);
            if (h.name == kHeaderReplaySource) from = std::string(h.value);
          }
          EXPECT_EQ(count, "1");
          EXPECT_EQ(from, config.topics.dead_letter + "/0/0");
        }
        return seen;
      },
      std::chrono::seconds(30));
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace scrubline
