// Consumer-group behaviour of KafkaSource against the mock cluster over TCP:
// cooperative rebalances between two members. Separate from the round trip
// so each program stays short (every group join costs the mock's fixed 3 s).
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

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

class KafkaGroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = MockCluster::Start(3);
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(cluster).value();
  }
  std::unique_ptr<MockCluster> cluster_;
};

TEST_F(KafkaGroupTest, SecondMemberTriggersCooperativeRebalance) {
  constexpr int kPartitions = 4;
  constexpr int kRecords = 800;
  const std::string topic = "events";
  ASSERT_TRUE(cluster_->CreateTopic(topic, kPartitions).ok());
  Deliveries deliveries;
  auto sink = MakeSink(cluster_->bootstrap(), deliveries);
  ASSERT_NE(sink, nullptr);
  ProduceNumbered(*sink, topic, kRecords);

  Assignment a{"A"};
  Assignment b{"B"};
  auto make = [&](Assignment& assignment) {
    KafkaSourceOptions options;
    options.client = FastClient(cluster_->bootstrap());
    options.group_id = "rebalance-group";
    options.topics = {topic};
    assignment.Wire(options);
    auto source = KafkaSource::Create(options);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return source.ok() ? std::move(source).value() : nullptr;
  };
  // Polls one member, checking that it only ever sees records of partitions
  // it owns; with few records per batch so both keep polling.
  std::set<std::pair<std::int32_t, std::int64_t>> seen;
  std::vector<ConsumedRecord> batch;
  auto poll = [&](KafkaSource& source, Assignment& assignment) {
    const Status polled = source.Poll(20, 16, batch);
    EXPECT_TRUE(polled.ok()) << polled.ToString();
    for (const ConsumedRecord& r : batch) {
      EXPECT_TRUE(assignment.owned.count({std::string(r.topic), r.partition}))
          << assignment.name << " got a record of " << r.partition << " it does not own";
      seen.insert({r.partition, r.offset});
    }
  };

  auto first = make(a);
  ASSERT_NE(first, nullptr);
  Eventually([&]() -> bool {
    poll(*first, a);
    return a.owned.size() == static_cast<size_t>(kPartitions);
  });
  EXPECT_EQ(a.revoked_partitions, 0);

  auto second = make(b);
  ASSERT_NE(second, nullptr);
  Eventually([&]() -> bool {
    poll(*first, a);
    poll(*second, b);
    return !b.owned.empty() && a.owned.size() + b.owned.size() == static_cast<size_t>(kPartitions);
  });
  // Disjoint and complete: every partition has exactly one owner.
  std::set<std::pair<std::string, std::int32_t>> all = a.owned;
  for (const auto& tp : b.owned) EXPECT_TRUE(all.insert(tp).second) << "owned twice";
  EXPECT_EQ(all.size(), static_cast<size_t>(kPartitions));
  EXPECT_EQ(b.owned.size(), static_cast<size_t>(kPartitions / 2));
  // Cooperative: A gave up only what B took, never its whole assignment.
  EXPECT_EQ(a.revoked_partitions, kPartitions / 2);

  // Between them they read every record (duplicates allowed, nothing stored).
  Eventually([&]() -> bool {
    poll(*first, a);
    poll(*second, b);
    return seen.size() >= static_cast<size_t>(kRecords);
  });
  EXPECT_EQ(seen.size(), static_cast<size_t>(kRecords));

  // B leaves: its partitions are revoked inside Close and go back to A.
  ASSERT_TRUE(second->Close().ok());
  EXPECT_TRUE(b.owned.empty());
  Eventually([&]() -> bool {
    poll(*first, a);
    return a.owned.size() == static_cast<size_t>(kPartitions);
  });
}

}  // namespace
}  // namespace scrubline
