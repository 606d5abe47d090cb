// The worker in-process against the mock cluster over TCP with the real
// librdkafka client: every input accounted for exactly once (usage + content,
// or one dead letter), nothing planted leaks into any output, dead letters
// decrypt to their input only at their coordinates, and committed offsets
// reach the end of every partition.
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "classifiers/crypto/siv_cipher.h"
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

constexpr int kPartitions = 6;
constexpr int kRecords = 3000;  // well under the mock's per-partition retention

std::string HeaderValue(const std::vector<ConsumedHeader>& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (h.name == name) return std::string(h.value);
  }
  return {};
}

TEST(WorkerKafka, EveryInputAccountedForOnceNothingLeaksOffsetsCommitted) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-worker");
  config.limits.batch_size = 200;
  config.limits.max_in_flight_records = 500;  // exercise the bound
  for (const std::string& topic : {std::string("messages"), config.topics.usage,
                                   config.topics.content, config.topics.dead_letter}) {
    ASSERT_TRUE((*cluster)->CreateTopic(topic, kPartitions).ok());
  }

  // Produce generated events keyed by account, remembering what each planted.
  std::map<std::string, std::vector<std::string>> planted_by_value;
  int malformed = 0;
  {
    std::atomic<int> acked{0};
    auto sink = KafkaSink::Create({.client = {bootstrap, {}}},
                                  [&](std::uint64_t, const Status& s) { acked += s.ok(); });
    ASSERT_TRUE(sink.ok());
    SampleEventGenerator generator({.seed = 11, .spam_share = 0.2, .malformed_share = 0.03});
    SampleEvent event;
    for (int i = 0; i < kRecords; ++i) {
      generator.Next(event);
      malformed += event.malformed;
      planted_by_value[event.json] = event.planted;
      ASSERT_TRUE((*sink)
                      ->Produce({"messages", true, event.account_sid, event.json, {},
                                 static_cast<std::uint64_t>(i)})
                      .ok());
    }
    ASSERT_TRUE((*sink)->Flush(30000).ok());
    ASSERT_EQ(acked.load(), kRecords);
  }

  // Run the worker until every input's offset is committed.
  const auto pipeline = testing::TestPipeline();
  ASSERT_NE(pipeline, nullptr);
  testing::BackgroundWorker worker(config, pipeline);
  Stats& stats = worker.stats;
  KafkaClientOptions client{bootstrap, {}};
  std::int64_t committed_total = 0;
  testing::Eventually(
      [&] {
        auto offsets = QueryCommittedOffsets(client, "it-worker", "messages", kPartitions, 5000);
        committed_total = 0;
        if (offsets.ok()) {
          for (auto o : *offsets) committed_total += std::max<std::int64_t>(0, o);
        }
        if (committed_total == kRecords) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return false;
      },
      std::chrono::seconds(90));
  const Status worker_status = worker.Stop();
  ASSERT_TRUE(worker_status.ok()) << worker_status.ToString();
  EXPECT_EQ(committed_total, kRecords);
  EXPECT_EQ(Stats::Read(stats.records_in), static_cast<std::uint64_t>(kRecords));
  EXPECT_EQ(Stats::Read(stats.delivery_failures), 0u);

  // The committed offsets equal each partition's end.
  auto probe = KafkaSink::Create({.client = client}, [](std::uint64_t, const Status&) {});
  ASSERT_TRUE(probe.ok());
  auto committed = QueryCommittedOffsets(client, "it-worker", "messages", kPartitions, 5000);
  ASSERT_TRUE(committed.ok());
  for (int p = 0; p < kPartitions; ++p) {
    auto marks = (*probe)->QueryWatermarks("messages", p, 5000);
    ASSERT_TRUE(marks.ok());
    EXPECT_EQ((*committed)[p], marks->second) << "partition " << p;
  }

  // Read back the inputs (to map coordinates to planted values) and every output.
  auto read_all = [&](const std::vector<std::string>& topics, std::size_t expected,
                      const std::function<void(KafkaSource&, const ConsumedRecord&,
                                               std::size_t)>& on_record) {
    KafkaSourceOptions reader;
    reader.client = testing::FastClient(bootstrap);
    reader.group_id = "it-reader-" + topics.front();
    reader.topics = topics;
    auto source = KafkaSource::Create(reader);
    ASSERT_TRUE(source.ok());
    std::vector<ConsumedRecord> batch;
    std::size_t seen = 0;
    testing::Eventually(
        [&] {
          EXPECT_TRUE((*source)->Poll(200, 1000, batch).ok());
          for (std::size_t i = 0; i < batch.size(); ++i) on_record(**source, batch[i], i);
          seen += batch.size();
          return seen >= expected;
        },
        std::chrono::seconds(60));
    EXPECT_EQ(seen, expected);
    (void)(*source)->Close();
  };

  std::map<std::pair<int, std::int64_t>, std::string> input_at;
  read_all({"messages"}, kRecords, [&](KafkaSource&, const ConsumedRecord& r, std::size_t) {
    input_at[{r.partition, r.offset}] = std::string(r.value);
  });
  ASSERT_EQ(input_at.size(), static_cast<std::size_t>(kRecords));

  const auto keys = KeyRing::Parse(testing::kWorkerTestKeys);
  ASSERT_TRUE(keys.ok());
  auto cipher = SivCipher::Create(keys->active().Subkey(KeyPurpose::kDeadLetter));
  ASSERT_TRUE(cipher.ok());
  std::map<std::pair<int, std::int64_t>, std::multiset<std::string>> kinds_at;
  std::vector<ConsumedHeader> headers;
  const std::size_t good = kRecords - malformed;
  read_all({config.topics.usage, config.topics.content, config.topics.dead_letter},
           2 * good + malformed,
           [&](KafkaSource& source, const ConsumedRecord& r, std::size_t i) {
             ASSERT_TRUE(source.ReadHeaders(i, headers).ok());
             const std::string kind = HeaderValue(headers, "scrubline.kind");
             const int partition = std::stoi(HeaderValue(headers, "scrubline.src.partition"));
             const std::int64_t offset = std::stoll(HeaderValue(headers, "scrubline.src.offset"));
             EXPECT_EQ(HeaderValue(headers, "scrubline.src.topic"), "messages");
             // Records reach the message-log shape of the default router;
             // dead letters reach no policy and carry the router's id.
             EXPECT_EQ(HeaderValue(headers, "scrubline.policy.id"),
                       kind == "dead_letter" ? "default@1" : "message_log@5");
             kinds_at[{partition, offset}].insert(kind);
             const std::string& input = input_at[{partition, offset}];
             ASSERT_FALSE(input.empty()) << "output points at an unknown input";
             for (const std::string& value : planted_by_value[input]) {
               ASSERT_EQ(r.value.find(value), std::string_view::npos)
                   << kind << " output of " << partition << "@" << offset << " leaks";
               ASSERT_EQ(r.key.find(value), std::string_view::npos);
             }
             if (kind == "dead_letter") {
               std::string ad, plain;
               BuildDeadLetterAssociatedData("messages", partition, offset, ad);
               ASSERT_TRUE(cipher->Decrypt(r.value, ad, plain).ok());
               EXPECT_EQ(plain, input);
               EXPECT_FALSE(HeaderValue(headers, "scrubline.error.code").empty());
             } else {
               EXPECT_TRUE(r.has_key);
               EXPECT_TRUE(r.key.starts_with("tok_it1_"));
             }
           });
  ASSERT_EQ(kinds_at.size(), static_cast<std::size_t>(kRecords)) << "some input has no output";
  for (const auto& [at, kinds] : kinds_at) {
    const bool ok = kinds == std::multiset<std::string>{"usage", "content"} ||
                    kinds == std::multiset<std::string>{"dead_letter"};
    EXPECT_TRUE(ok) << at.first << "@" << at.second << " has " << kinds.size() << " outputs";
  }
}

}  // namespace
}  // namespace scrubline
