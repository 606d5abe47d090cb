// KafkaSink/KafkaSource/MockCluster edges: configuration errors that must not
// leak property values, producer back-pressure and delivery failures, option
// validation, the eager-assignor path. Real librdkafka clients.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"
#include "pipeline/kafka/mock_cluster.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline {
namespace {

using testing::Assignment;
using testing::Eventually;
using testing::FastClient;

// Nothing listens on port 1: the client never gets a broker.
constexpr char kNoBroker[] = "127.0.0.1:1";

TEST(MockClusterTest, BootstrapListsEveryBroker) {
  auto cluster = MockCluster::Start(3);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string& bootstrap = (*cluster)->bootstrap();
  int brokers = 0;
  size_t pos = 0;
  while ((pos = bootstrap.find("127.0.0.1:", pos)) != std::string::npos) {
    ++brokers;
    pos += 10;
  }
  EXPECT_EQ(brokers, 3) << bootstrap;
}

TEST(MockClusterTest, RejectsBadTopicArguments) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok());
  EXPECT_EQ((*cluster)->CreateTopic("", 1).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*cluster)->CreateTopic("t", 0).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*cluster)->CreateTopic("t", 1, 2).code(), StatusCode::kInvalidArgument)
      << "replication factor above the broker count";
  EXPECT_TRUE((*cluster)->CreateTopic("t", 2).ok());
  EXPECT_EQ(MockCluster::Start(0).status().code(), StatusCode::kInvalidArgument);
}

// CreateTopic's Admin API path needs a real cluster (the 2.0.2 mock does
// not answer CreateTopics; worker_exactly_once_real_kafka_test.cc uses it):
// here, its argument checks.
TEST(AdminTest, CreateTopicRefusesBadArguments) {
  const KafkaClientOptions client{kNoBroker, {}};
  EXPECT_EQ(CreateTopic(client, "", 3, 1000).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateTopic(client, "t", 0, 1000).code(), StatusCode::kInvalidArgument);
}

TEST(KafkaSinkTest, ConfigErrorsNameThePropertyNotTheValue) {
  auto ignore = [](std::uint64_t, const Status&) {};
  KafkaSinkOptions options;
  options.client.bootstrap = kNoBroker;
  options.client.properties = {{"no.such.property", "hunter2-secret"}};
  auto sink = KafkaSink::Create(options, ignore);
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(sink.status().message().find("no.such.property"), std::string::npos);
  EXPECT_EQ(sink.status().message().find("hunter2"), std::string::npos);

  options.client.properties = {{"acks", "hunter2-secret"}};
  sink = KafkaSink::Create(options, ignore);
  ASSERT_FALSE(sink.ok());
  EXPECT_NE(sink.status().message().find("acks"), std::string::npos);
  EXPECT_EQ(sink.status().message().find("hunter2"), std::string::npos);

  EXPECT_EQ(KafkaSink::Create(options, nullptr).status().code(), StatusCode::kInvalidArgument);
}

TEST(KafkaSinkTest, OperatorPropertiesOverrideDefaults) {
  // compression.type=zstd is accepted (this librdkafka has zstd) and a bad
  // combination the defaults would make impossible is reported: acks=1 with
  // idempotence is rejected by librdkafka at creation.
  auto ignore = [](std::uint64_t, const Status&) {};
  KafkaSinkOptions options;
  options.client.bootstrap = kNoBroker;
  options.client.properties = {{"compression.type", "zstd"}, {"log_level", "0"}};
  EXPECT_TRUE(KafkaSink::Create(options, ignore).ok());
  options.client.properties = {{"acks", "1"}, {"log_level", "0"}};
  EXPECT_FALSE(KafkaSink::Create(options, ignore).ok()) << "idempotence needs acks=all";
  options.client.properties = {{"acks", "1"}, {"enable.idempotence", "false"}, {"log_level", "0"}};
  EXPECT_TRUE(KafkaSink::Create(options, ignore).ok());
}

TEST(KafkaSinkTest, FullQueueReturnsResourceExhaustedAndReportsFailuresOnce) {
  // No broker, a 3-message queue and a short message timeout: the 4th record
  // waits for space, gives up with RESOURCE_EXHAUSTED, and the 3 queued
  // records come back as failed deliveries, once each.
  std::map<std::uint64_t, int> reports;
  std::vector<Status> results;
  KafkaSinkOptions options;
  options.client.bootstrap = kNoBroker;
  options.client.properties = {
      {"queue.buffering.max.messages", "3"}, {"message.timeout.ms", "300"}, {"log_level", "0"}};
  options.queue_full_timeout_ms = 50;
  auto sink = KafkaSink::Create(options, [&](std::uint64_t token, const Status& status) {
    ++reports[token];
    results.push_back(status);
  });
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();

  const std::array<OutboundHeader, 1> headers = {OutboundHeader{"h", "v"}};
  OutboundRecord record;
  record.topic = "nowhere";
  record.value = "payload";
  record.headers = headers;  // also exercises header cleanup on failure
  for (std::uint64_t token = 1; token <= 3; ++token) {
    record.ack_token = token;
    ASSERT_TRUE((*sink)->Produce(record).ok());
  }
  EXPECT_EQ((*sink)->OutstandingCount(), 3);
  record.ack_token = 4;
  const Status full = (*sink)->Produce(record);
  EXPECT_EQ(full.code(), StatusCode::kResourceExhausted) << full.ToString();
  EXPECT_EQ(full.message().find("payload"), std::string::npos);

  const Status flushed = (*sink)->Flush(10000);
  EXPECT_TRUE(flushed.ok()) << flushed.ToString();
  EXPECT_EQ((*sink)->OutstandingCount(), 0);
  EXPECT_EQ(reports, (std::map<std::uint64_t, int>{{1, 1}, {2, 1}, {3, 1}}))
      << "the rejected record has no report; the queued ones exactly one";
  ASSERT_EQ(results.size(), 3u);
  for (const Status& status : results) {
    EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status.ToString();
    EXPECT_NE(status.message().find("nowhere"), std::string::npos) << "names the topic";
  }
}

TEST(KafkaSinkTest, FullQueueIsServedByRetryingWhileTheBrokerDrainsIt) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok());
  ASSERT_TRUE((*cluster)->CreateTopic("drain", 2).ok());
  std::map<std::uint64_t, int> reports;
  int failed = 0;
  int served_inside_produce = 0;
  bool producing = false;
  KafkaSinkOptions options;
  options.client.bootstrap = (*cluster)->bootstrap();
  options.client.properties = {{"queue.buffering.max.messages", "20"}};
  auto sink = KafkaSink::Create(options, [&](std::uint64_t token, const Status& status) {
    ++reports[token];
    if (!status.ok()) ++failed;
    if (producing) ++served_inside_produce;
  });
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->WarmUp("drain", 5000).ok());
  constexpr int kRecords = 500;
  OutboundRecord record;
  record.topic = "drain";
  record.value = "v";
  for (int i = 1; i <= kRecords; ++i) {
    record.ack_token = static_cast<std::uint64_t>(i);
    producing = true;
    const Status status = (*sink)->Produce(record);
    producing = false;
    ASSERT_TRUE(status.ok()) << "record " << i << ": " << status.ToString();
  }
  ASSERT_TRUE((*sink)->Flush(10000).ok());
  EXPECT_EQ(reports.size(), static_cast<size_t>(kRecords));
  for (const auto& [token, count] : reports) EXPECT_EQ(count, 1) << "token " << token;
  EXPECT_EQ(failed, 0);
  EXPECT_GT(served_inside_produce, 0) << "a 20-slot queue must have filled up";
  auto marks = (*sink)->QueryWatermarks("drain", 0, 5000);
  ASSERT_TRUE(marks.ok());
  auto marks1 = (*sink)->QueryWatermarks("drain", 1, 5000);
  ASSERT_TRUE(marks1.ok());
  EXPECT_EQ(marks->second + marks1->second, kRecords);
  EXPECT_EQ((*sink)->QueryWatermarks("drain", 7, 5000).status().code(), StatusCode::kNotFound);
}

TEST(KafkaSourceTest, RejectsBadOptions) {
  KafkaSourceOptions options;
  options.client.bootstrap = kNoBroker;
  options.topics = {"t"};
  EXPECT_EQ(KafkaSource::Create(options).status().code(), StatusCode::kInvalidArgument)
      << "no group id";
  options.group_id = "g";
  options.pattern = "t.*";
  EXPECT_EQ(KafkaSource::Create(options).status().code(), StatusCode::kInvalidArgument)
      << "topics and a pattern";
  options.topics.clear();
  options.pattern.clear();
  EXPECT_EQ(KafkaSource::Create(options).status().code(), StatusCode::kInvalidArgument)
      << "neither";
  options.topics = {"t"};
  options.client.properties = {{"enable.auto.offset.store", "true"}};
  EXPECT_EQ(KafkaSource::Create(options).status().code(), StatusCode::kInvalidArgument)
      << "auto offset store breaks at-least-once";
  options.client.properties = {{"sasl.password", "hunter2"}, {"bogus.key", "hunter2"}};
  auto source = KafkaSource::Create(options);
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().message().find("hunter2"), std::string::npos);
}

TEST(KafkaSourceTest, UnassignedPartitionsCannotBeStoredAndCloseIsIdempotent) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok());
  ASSERT_TRUE((*cluster)->CreateTopic("t", 1).ok());
  KafkaSourceOptions options;
  options.client.bootstrap = (*cluster)->bootstrap();
  options.group_id = "g";
  options.topics = {"t"};
  auto source = KafkaSource::Create(options);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  std::vector<ConsumedRecord> batch;
  EXPECT_EQ((*source)->Poll(0, 0, batch).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE((*source)->Poll(0, 10, batch).ok());
  EXPECT_TRUE(batch.empty());
  // Not assigned yet (the mock holds a first join for 3 s).
  const Status stored = (*source)->StoreOffset("t", 0, 1);
  EXPECT_EQ(stored.code(), StatusCode::kFailedPrecondition) << stored.ToString();
  EXPECT_EQ((*source)->StoreOffset("t", 0, -5).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE((*source)->Commit().ok()) << "nothing stored is not an error";
  EXPECT_TRUE((*source)->Close().ok());
  EXPECT_TRUE((*source)->Close().ok());
  EXPECT_EQ((*source)->Commit().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*source)->StoreOffset("t", 0, 1).code(), StatusCode::kFailedPrecondition);
}

TEST(KafkaSourceTest, EagerAssignorFromPropertiesUsesFullAssignments) {
  // An operator may choose an eager assignor; the source then assigns and
  // revokes whole assignments (rd_kafka_assign) instead of increments.
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok());
  ASSERT_TRUE((*cluster)->CreateTopic("eager", 2).ok());
  Assignment assignment("eager");
  KafkaSourceOptions options;
  options.client = FastClient((*cluster)->bootstrap());
  options.client.properties["partition.assignment.strategy"] = "range";
  options.group_id = "eager-group";
  options.topics = {"eager"};
  assignment.Wire(options);
  auto source = KafkaSource::Create(options);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  std::vector<ConsumedRecord> batch;
  Eventually([&]() -> bool {
    EXPECT_TRUE((*source)->Poll(20, 16, batch).ok());
    return assignment.owned.size() == 2;
  });
  EXPECT_EQ(assignment.assigned_events, 1);
  ASSERT_TRUE((*source)->Close().ok());
  EXPECT_TRUE(assignment.owned.empty());
  EXPECT_EQ(assignment.revoked_partitions, 2);
}

TEST(AdminTest, CommittedOffsetsValidateArguments) {
  KafkaClientOptions client;
  client.bootstrap = kNoBroker;
  client.properties = {{"log_level", "0"}};
  EXPECT_EQ(QueryCommittedOffsets(client, "", "t", 1, 100).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryCommittedOffsets(client, "g", "", 1, 100).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryCommittedOffsets(client, "g", "t", 0, 100).status().code(),
            StatusCode::kInvalidArgument);
  // No broker: a timeout, reported as a retryable error.
  EXPECT_EQ(QueryCommittedOffsets(client, "g", "t", 1, 200).status().code(),
            StatusCode::kUnavailable);
}

}  // namespace
}  // namespace scrubline
