// Shared set-up of the worker integration tests: a worker config for the
// mock cluster, and WorkerOptions built member by member (aggregate
// initialisation would have to name every optional member).
#pragma once

#include <csignal>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/kafka/topic_reader.h"
#include "pipeline/sample_events.h"
#include "pipeline/worker.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline::testing {

// Input topic "messages", consumer group `group`, the fast client settings.
inline Config MockWorkerConfig(const std::string& bootstrap, const std::string& group) {
  Config config;
  config.bootstrap = bootstrap;
  config.group_id = group;
  config.input_topics = {"messages"};
  config.kafka_properties = FastClient(bootstrap).properties;
  return config;
}

inline WorkerOptions MakeWorkerOptions(const Config& config,
                                       std::shared_ptr<const CompiledPipeline> pipeline,
                                       Stats* stats, const std::atomic<bool>* stop) {
  WorkerOptions options;
  options.config = config;
  options.pipeline = std::move(pipeline);
  options.stats = stats;
  options.stop = stop;
  return options;
}

// The test key ring line of the worker integration tests.
inline constexpr char kWorkerTestKeys[] = "it1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

// The source tree's patterns with `policy` (empty: the shipped default),
// under kWorkerTestKeys; null (and a test failure) if it does not build.
inline std::shared_ptr<const CompiledPipeline> TestPipeline(const std::string& policy = "") {
  auto keys = KeyRing::Parse(kWorkerTestKeys);
  EXPECT_TRUE(keys.ok());
  if (!keys.ok()) return nullptr;
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  if (!policy.empty()) options.policy_default = policy;
  auto pipeline = CompiledPipeline::Create(options, *keys);
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  return pipeline.ok() ? *pipeline : nullptr;
}

// A worker on its own thread with the default options, until Stop().
class BackgroundWorker {
 public:
  BackgroundWorker(const Config& config, std::shared_ptr<const CompiledPipeline> pipeline)
      : thread_([this, options = MakeWorkerOptions(config, std::move(pipeline), &stats, &stop_)] {
          status_ = RunWorker(options);
        }) {}
  ~BackgroundWorker() {
    if (thread_.joinable()) (void)Stop();
  }
  // Stops the worker (drain, commit) and returns how it ended.
  Status Stop() {
    stop_ = true;
    thread_.join();
    return status_;
  }
  Stats stats;

 private:
  std::atomic<bool> stop_{false};
  Status status_;
  std::thread thread_;  // last: starts once the members above exist
};

// `n` small message records ({"body":"call 415-555-0100","status":"sent",
// "n":i}) produced to "messages" and flushed.
inline void ProduceMessageRecords(const std::string& bootstrap, int n) {
  auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  for (int i = 0; i < n; ++i) {
    const std::string value =
        R"({"body":"call 415-555-0100","status":"sent","n":)" + std::to_string(i) + "}";
    ASSERT_TRUE((*sink)->Produce({"messages", false, "", value, {}, 0}).ok());
  }
  ASSERT_TRUE((*sink)->Flush(30000).ok());
}

// `n` demo message events (SampleEventGenerator with `options`) produced to
// "messages", keyed by account like the demo's, and flushed; `seen(event)`
// sees each before it is sent.
template <typename Seen>
void ProduceSampleEvents(const std::string& bootstrap, const SampleEventOptions& options, int n,
                         Seen&& seen) {
  std::atomic<int> acked{0};
  auto sink = KafkaSink::Create({.client = {bootstrap, {}}},
                                [&](std::uint64_t, const Status& s) { acked += s.ok(); });
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  SampleEventGenerator generator(options);
  SampleEvent event;
  for (int i = 0; i < n; ++i) {
    generator.Next(event);
    seen(event);
    ASSERT_TRUE((*sink)
                    ->Produce({"messages", true, event.account_sid, event.json, {},
                               static_cast<std::uint64_t>(i)})
                    .ok());
  }
  ASSERT_TRUE((*sink)->Flush(30000).ok());
  ASSERT_EQ(acked.load(), n);
}

// The sum of the offsets `group` committed on partitions [0, partitions) of
// `topic` (0 for one without a commit, and 0 when the query fails).
inline std::int64_t CommittedTotal(const KafkaClientOptions& client, const std::string& group,
                                   const std::string& topic, int partitions) {
  auto offsets = QueryCommittedOffsets(client, group, topic, partitions, 10000);
  std::int64_t total = 0;
  if (offsets.ok()) {
    for (const std::int64_t o : *offsets) total += std::max<std::int64_t>(0, o);
  }
  return total;
}

// How many records of `topic` came from each input (partition, offset), by
// their scrubline.src.partition / scrubline.src.offset headers; read from
// the beginning to the end (`client` may set isolation.level).
inline std::map<std::pair<int, std::int64_t>, int> OutputsBySource(const KafkaClientOptions& client,
                                                                   const std::string& topic) {
  std::map<std::pair<int, std::int64_t>, int> seen;
  auto reader = TopicReader::Create(client, topic, 30000);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return seen;
  const Status read = (*reader)->CatchUpRecords(
      [&](const ReadRecord& r) {
        int p = -1;
        std::int64_t o = -1;
        for (const auto& [name, value] : r.headers) {
          if (name == "scrubline.src.partition") p = std::stoi(std::string(value));
          if (name == "scrubline.src.offset") o = std::stoll(std::string(value));
        }
        ++seen[{p, o}];
        return Status::Ok();
      },
      120000);
  EXPECT_TRUE(read.ok()) << read.ToString();
  return seen;
}

// The input topic and every output topic of `config`, one partition each.
inline void CreateWorkerTopics(MockCluster& cluster, const Config& config) {
  for (const std::string& topic : {std::string("messages"), config.topics.usage,
                                   config.topics.content, config.topics.dead_letter,
                                   config.topics.review}) {
    ASSERT_TRUE(cluster.CreateTopic(topic, 1).ok()) << topic;
  }
}

// Raises a real SIGHUP (which sets `reload`, InstallReloadSignal) and waits
// until the worker has taken it between batches.
inline void ReloadNow(const std::atomic<bool>& reload) {
  EXPECT_EQ(std::raise(SIGHUP), 0);
  Eventually(
      [&] {
        if (!reload.load()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return false;
      },
      std::chrono::seconds(30));
}

}  // namespace scrubline::testing
