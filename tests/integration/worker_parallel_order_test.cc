// Several processing threads, over TCP against the mock cluster: 20,000
// keyed message records on 32 partitions, 2 % of them poison records
// (invalid JSON, invalid UTF-8, nesting too deep, too large) at random
// positions. A worker with three processing threads must turn every poison
// record into exactly one dead letter with its error code, every good one
// into exactly one usage record, and keep input order: within each output
// partition, the outputs of any one input partition appear in input offset
// order. Each input's delivery is observed once in the added-latency
// histogram.
#include <map>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/topic_reader.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"

namespace scrubline {
namespace {

constexpr int kPartitions = 32;
constexpr int kRecords = 20000;
constexpr char kGroup[] = "it-parallel";

// Record n: a message-log record, or (when `poison` names a kind) a record
// that must become a dead letter. Both carry "n":N in their raw bytes.
std::string RecordValue(int n, const std::string& poison) {
  const std::string id = std::to_string(n);
  if (poison == "invalid_json") return R"({"n":)" + id + R"(,"body":"unterminated)";
  if (poison == "invalid_utf8") return R"({"n":)" + id + ",\"body\":\"caf\xC3\x28\"}";
  if (poison == "too_deep") return R"({"n":)" + id + R"(,"x":)" + std::string(80, '[') + std::string(80, ']') + "}";
  if (poison == "too_large") return R"({"n":)" + id + R"(,"body":")" + std::string(5000, 'a') + "\"}";
  char account[40];
  std::snprintf(account, sizeof account, "AC%032x", n % 97);
  return R"({"n":)" + id + R"(,"account_sid":")" + account +
         R"(","sid":"SM0123456789abcdef0123456789abcdef","from":"+14155550)" +
         std::to_string(100 + n % 90) + R"(","to":"+14155550199","status":"sent",)" +
         R"("body":"order )" + id + R"( ready, call 415-555-0142 or mail ann@example.com"})";
}

std::map<std::string, std::string> Headers(const ReadRecord& r) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : r.headers) out[std::string(name)] = std::string(value);
  return out;
}

TEST(WorkerParallelOrder, PoisonAtRandomPositionsAndPerPartitionOrderWithThreeThreads) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, kGroup);
  config.processing_threads = 3;
  config.limits.batch_size = 300;
  for (const std::string& topic : {std::string("messages"), config.topics.usage,
                                   config.topics.content, config.topics.dead_letter,
                                   config.topics.review}) {
    ASSERT_TRUE((*cluster)->CreateTopic(topic, kPartitions).ok()) << topic;
  }

  // Poison at random positions (fixed seed: the same positions every run).
  const std::vector<std::string> kinds = {"invalid_json", "invalid_utf8", "too_deep", "too_large"};
  std::mt19937_64 random(20261129);
  std::map<int, std::string> poison;  // n -> kind
  while (poison.size() < kRecords / 50) {
    poison[static_cast<int>(random() % kRecords)] = kinds[random() % kinds.size()];
  }
  {
    auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
    ASSERT_TRUE(sink.ok());
    for (int n = 0; n < kRecords; ++n) {
      const auto it = poison.find(n);
      const std::string value = RecordValue(n, it == poison.end() ? "" : it->second);
      const std::string key = "k" + std::to_string(n % 1000);
      ASSERT_TRUE((*sink)->Produce({"messages", true, key, value, {}, 0}).ok());
      if (n % 5000 == 0) (*sink)->Poll(0);
    }
    ASSERT_TRUE((*sink)->Flush(60000).ok());
  }

  // The shipped default policy, with a record-size limit of 4 KiB.
  auto keys = KeyRing::Parse(testing::kWorkerTestKeys);
  ASSERT_TRUE(keys.ok());
  PipelineOptions pipeline_options;
  pipeline_options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  pipeline_options.limits.max_record_bytes = 4096;
  auto built = CompiledPipeline::Create(pipeline_options, *keys);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const std::shared_ptr<const CompiledPipeline> pipeline = *built;
  testing::BackgroundWorker worker(config, pipeline);
  const KafkaClientOptions client{bootstrap, {}};
  ASSERT_TRUE(testing::Eventually(
      [&] {
        if (testing::CommittedTotal(client, kGroup, "messages", kPartitions) == kRecords) {
          return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return false;
      },
      std::chrono::seconds(300)));
  const Status status = worker.Stop();
  ASSERT_TRUE(status.ok()) << status.ToString();

  // Each input's coordinates, from its "n".
  std::map<std::pair<int, std::int64_t>, int> n_at;
  {
    auto reader = TopicReader::Create(client, "messages", 10000);
    ASSERT_TRUE(reader.ok());
    const std::regex n_field(R"(^\{"n":([0-9]+),)");
    ASSERT_TRUE((*reader)
                    ->CatchUpRecords(
                        [&](const ReadRecord& r) {
                          std::cmatch m;
                          const std::string value(r.value.value_or(""));
                          if (!std::regex_search(value.c_str(), m, n_field)) {
                            return InternalError("input without n");
                          }
                          n_at[{r.partition, r.offset}] = std::stoi(m[1].str());
                          return Status::Ok();
                        },
                        120000)
                    .ok());
  }
  ASSERT_EQ(n_at.size(), static_cast<std::size_t>(kRecords));

  // Outputs by topic: n -> count, and the order check per output partition.
  const auto read_outputs = [&](const std::string& topic, std::map<int, int>& count,
                                std::map<int, std::string>& codes, int& out_of_order) {
    auto reader = TopicReader::Create(client, topic, 10000);
    ASSERT_TRUE(reader.ok());
    // (output partition, input partition) -> last input offset seen.
    std::map<std::pair<int, int>, std::int64_t> last;
    std::map<int, std::int64_t> last_output_offset;
    ASSERT_TRUE((*reader)
                    ->CatchUpRecords(
                        [&](const ReadRecord& r) {
                          if (auto it = last_output_offset.find(r.partition);
                              it != last_output_offset.end() && it->second >= r.offset) {
                            return InternalError("reader went back within a partition");
                          }
                          last_output_offset[r.partition] = r.offset;
                          const auto h = Headers(r);
                          const int p = std::stoi(h.at("scrubline.src.partition"));
                          const std::int64_t o = std::stoll(h.at("scrubline.src.offset"));
                          const auto n = n_at.find({p, o});
                          if (n == n_at.end()) return InternalError("output of no input");
                          ++count[n->second];
                          if (h.count("scrubline.error.code")) codes[n->second] = h.at("scrubline.error.code");
                          auto [it, first] = last.try_emplace({r.partition, p}, o);
                          if (!first) {
                            if (o <= it->second) ++out_of_order;
                            it->second = o;
                          }
                          return Status::Ok();
                        },
                        120000)
                    .ok());
  };
  std::map<int, int> usage, dead;
  std::map<int, std::string> usage_codes, dead_codes;
  int usage_disorder = 0, dead_disorder = 0;
  read_outputs(config.topics.usage, usage, usage_codes, usage_disorder);
  read_outputs(config.topics.dead_letter, dead, dead_codes, dead_disorder);

  int good_ok = 0, poison_ok = 0;
  for (int n = 0; n < kRecords; ++n) {
    const auto kind = poison.find(n);
    if (kind == poison.end()) {
      EXPECT_EQ(usage[n], 1) << "good record " << n;
      EXPECT_EQ(dead.count(n), 0u) << "good record " << n << " became a dead letter";
      good_ok += usage[n] == 1 && dead.count(n) == 0;
    } else {
      EXPECT_EQ(dead[n], 1) << "poison record " << n;
      EXPECT_EQ(usage.count(n), 0u) << "poison record " << n << " reached usage";
      EXPECT_EQ(dead_codes[n], kind->second) << "poison record " << n;
      poison_ok += dead[n] == 1 && usage.count(n) == 0 && dead_codes[n] == kind->second;
    }
  }
  EXPECT_EQ(usage_disorder, 0);
  EXPECT_EQ(dead_disorder, 0);
  EXPECT_EQ(good_ok + poison_ok, kRecords);
  EXPECT_EQ(poison_ok, static_cast<int>(poison.size()));
  EXPECT_EQ(Stats::Read(worker.stats.delivery_failures), 0u);
  // Every input was delivered once: the added-latency histogram saw each.
  std::uint64_t observed = 0;
  for (const auto& bucket : worker.stats.latency_buckets) observed += Stats::Read(bucket);
  EXPECT_EQ(observed, static_cast<std::uint64_t>(kRecords));
  // The mock keeps only the newest records of a partition: every output
  // partition must still start at 0 for the counts above to mean anything.
  auto probe = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(probe.ok());
  for (const std::string& topic : {config.topics.usage, config.topics.dead_letter}) {
    for (int p = 0; p < kPartitions; ++p) {
      auto marks = (*probe)->QueryWatermarks(topic, p, 5000);
      ASSERT_TRUE(marks.ok());
      ASSERT_EQ(marks->first, 0) << topic << "[" << p << "] was trimmed";
    }
  }
}

}  // namespace
}  // namespace scrubline
