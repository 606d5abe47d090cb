// KafkaSink → mock cluster (over TCP) → KafkaSource, with the real librdkafka
// client: delivery reports, consumption, offset store/commit and resume,
// pattern subscription, headers seen by an independent client (kcat).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"
#include "pipeline/kafka/mock_cluster.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline {
namespace {

using testing::Assignment;
using testing::Deliveries;
using testing::Eventually;
using testing::FastClient;
using testing::MakeSink;
using testing::ProduceNumbered;

class KafkaRoundTripTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = MockCluster::Start(3);
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(cluster).value();
  }
  std::unique_ptr<MockCluster> cluster_;
};

TEST_F(KafkaRoundTripTest, ProduceConsumeStoreCommit) {
  constexpr int kRecords = 2000;
  constexpr int kPartitions = 3;
  const std::string topic = "orders";
  ASSERT_TRUE(cluster_->CreateTopic(topic, kPartitions).ok());

  Deliveries deliveries;
  auto sink = MakeSink(cluster_->bootstrap(), deliveries);
  ASSERT_NE(sink, nullptr);
  ProduceNumbered(*sink, topic, kRecords);
  // Every token came back exactly once, OK.
  ASSERT_EQ(deliveries.count.size(), static_cast<size_t>(kRecords));
  for (const auto& [token, count] : deliveries.count) {
    EXPECT_GE(token, 1u);
    EXPECT_LE(token, static_cast<std::uint64_t>(kRecords));
    EXPECT_EQ(count, 1) << "token " << token;
  }
  EXPECT_EQ(deliveries.failed, 0);

  std::vector<std::int64_t> high(kPartitions);
  std::int64_t total = 0;
  for (int p = 0; p < kPartitions; ++p) {
    auto marks = sink->QueryWatermarks(topic, p, 5000);
    ASSERT_TRUE(marks.ok()) << marks.status().ToString();
    EXPECT_EQ(marks->first, 0);
    EXPECT_GT(marks->second, 0) << "keys spread over every partition";
    high[p] = marks->second;
    total += marks->second - marks->first;
  }
  EXPECT_EQ(total, kRecords);

  Assignment assignment{"consumer"};
  KafkaSourceOptions options;
  options.client = FastClient(cluster_->bootstrap());
  options.group_id = "roundtrip";
  options.topics = {topic};
  assignment.Wire(options);
  auto source = KafkaSource::Create(options);
  ASSERT_TRUE(source.ok()) << source.status().ToString();

  std::set<int> seen_numbers;
  std::set<std::pair<std::int32_t, std::int64_t>> seen_positions;
  std::vector<ConsumedRecord> batch;
  Eventually([&]() -> bool {
    const Status polled = (*source)->Poll(100, 256, batch);
    EXPECT_TRUE(polled.ok()) << polled.ToString();
    EXPECT_LE(batch.size(), 256u);
    for (const ConsumedRecord& r : batch) {
      EXPECT_EQ(r.topic, topic);
      EXPECT_TRUE(assignment.owned.count({std::string(r.topic), r.partition}))
          << "record from an unassigned partition";
      EXPECT_TRUE(seen_positions.insert({r.partition, r.offset}).second) << "duplicate record";
      EXPECT_TRUE(r.has_key);
      if (r.key.substr(0, 4) != "key-") {
        ADD_FAILURE() << "unexpected key shape at offset " << r.offset;
        continue;
      }
      const std::string number(r.key.substr(4));
      EXPECT_EQ(r.value, "value-" + number) << "value travels with its key";
      seen_numbers.insert(std::stoi(number));
      const Status stored = (*source)->StoreOffset(r.topic, r.partition, r.offset + 1);
      EXPECT_TRUE(stored.ok()) << stored.ToString();
    }
    return seen_positions.size() >= static_cast<size_t>(kRecords);
  });
  ASSERT_EQ(seen_numbers.size(), static_cast<size_t>(kRecords));
  EXPECT_EQ(*seen_numbers.begin(), 0);
  EXPECT_EQ(*seen_numbers.rbegin(), kRecords - 1);
  EXPECT_EQ(assignment.owned.size(), static_cast<size_t>(kPartitions));

  const Status committed = (*source)->Commit();
  ASSERT_TRUE(committed.ok()) << committed.ToString();
  auto offsets = QueryCommittedOffsets(options.client, options.group_id, topic, kPartitions, 5000);
  ASSERT_TRUE(offsets.ok()) << offsets.status().ToString();
  EXPECT_EQ(*offsets, high) << "committed offsets reach the end of every partition";

  // A commit with nothing new stored is fine; Close is idempotent and revokes.
  EXPECT_TRUE((*source)->Commit().ok());
  EXPECT_TRUE((*source)->Close().ok());
  EXPECT_TRUE(assignment.owned.empty()) << "Close revokes the assignment";
  EXPECT_TRUE((*source)->Close().ok());
  EXPECT_EQ((*source)->Poll(0, 10, batch).code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(batch.empty());

  // Another group has committed nothing.
  auto other = QueryCommittedOffsets(options.client, "nobody", topic, kPartitions, 5000);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(*other, std::vector<std::int64_t>(kPartitions, -1));
}

TEST_F(KafkaRoundTripTest, ARestartedConsumerResumesFromTheCommit) {
  const std::string topic = "resume";
  ASSERT_TRUE(cluster_->CreateTopic(topic, 1).ok());
  Deliveries deliveries;
  auto sink = MakeSink(cluster_->bootstrap(), deliveries);
  ASSERT_NE(sink, nullptr);
  ProduceNumbered(*sink, topic, 10);

  KafkaSourceOptions options;
  options.client = FastClient(cluster_->bootstrap());
  options.group_id = "resume-group";
  options.topics = {topic};
  std::vector<ConsumedRecord> batch;
  {
    // Process only the first 4 records, then stop (Close commits the store).
    auto source = KafkaSource::Create(options);
    ASSERT_TRUE(source.ok());
    std::int64_t stored = -1;
    Eventually([&]() -> bool {
      EXPECT_TRUE((*source)->Poll(100, 1, batch).ok());
      for (const ConsumedRecord& r : batch) {
        if (r.offset < 4) {
          EXPECT_TRUE((*source)->StoreOffset(r.topic, r.partition, r.offset + 1).ok());
          stored = r.offset + 1;
        }
      }
      return stored == 4;
    });
    ASSERT_TRUE((*source)->Close().ok());
  }
  auto offsets = QueryCommittedOffsets(options.client, options.group_id, topic, 1, 5000);
  ASSERT_TRUE(offsets.ok());
  EXPECT_EQ((*offsets)[0], 4);

  auto source = KafkaSource::Create(options);
  ASSERT_TRUE(source.ok());
  std::int64_t first = -1;
  Eventually([&]() -> bool {
    EXPECT_TRUE((*source)->Poll(100, 100, batch).ok());
    if (!batch.empty()) first = batch.front().offset;
    return first >= 0;
  });
  EXPECT_EQ(first, 4) << "unstored records are consumed again (at-least-once)";
}

TEST_F(KafkaRoundTripTest, PatternSubscriptionMatchesOnlyThePattern) {
  // "inxb" would match if the '.' were not escaped; "other" never matches.
  for (const char* topic : {"in.a", "in.b", "inxb", "other"}) {
    ASSERT_TRUE(cluster_->CreateTopic(topic, 2).ok());
  }
  Deliveries deliveries;
  auto sink = MakeSink(cluster_->bootstrap(), deliveries);
  ASSERT_NE(sink, nullptr);
  for (const char* topic : {"inxb", "other", "in.a", "in.b"}) {
    ProduceNumbered(*sink, topic, 50);
  }

  Assignment assignment{"pattern"};
  KafkaSourceOptions options;
  options.client = FastClient(cluster_->bootstrap());
  options.group_id = "pattern-group";
  options.pattern = "in\\..*";
  assignment.Wire(options);
  auto source = KafkaSource::Create(options);
  ASSERT_TRUE(source.ok()) << source.status().ToString();

  std::map<std::string, int> per_topic;
  std::vector<ConsumedRecord> batch;
  int consumed = 0;
  Eventually([&]() -> bool {
    EXPECT_TRUE((*source)->Poll(100, 64, batch).ok());
    for (const ConsumedRecord& r : batch) ++per_topic[std::string(r.topic)];
    consumed += static_cast<int>(batch.size());
    return consumed >= 100;
  });
  EXPECT_EQ(per_topic.size(), 2u);
  EXPECT_EQ(per_topic["in.a"], 50);
  EXPECT_EQ(per_topic["in.b"], 50);
  const std::set<std::pair<std::string, std::int32_t>> expected = {
      {"in.a", 0}, {"in.a", 1}, {"in.b", 0}, {"in.b", 1}};
  EXPECT_EQ(assignment.owned, expected);
}

// kcat, an independent client, sees the headers the sink attached.
TEST_F(KafkaRoundTripTest, HeadersReachTheBroker) {
  if (std::system("command -v kcat >/dev/null 2>&1") != 0) GTEST_SKIP() << "kcat not installed";
  const std::string topic = "with-headers";
  ASSERT_TRUE(cluster_->CreateTopic(topic, 1).ok());
  Deliveries deliveries;
  auto sink = MakeSink(cluster_->bootstrap(), deliveries);
  ASSERT_NE(sink, nullptr);
  ProduceNumbered(*sink, topic, 3);

  const std::string command = "kcat -q -b " + cluster_->bootstrap() + " -C -t " + topic +
                              " -o beginning -c 3 -e -f '%k|%s|%h\\n' 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof(buffer), pipe) != nullptr) output += buffer;
  EXPECT_EQ(pclose(pipe), 0);
  EXPECT_EQ(output,
            "key-0|value-0|trace=trace-0,kind=sms\n"
            "key-1|value-1|trace=trace-1,kind=sms\n"
            "key-2|value-2|trace=trace-2,kind=sms\n");
}

}  // namespace
}  // namespace scrubline
