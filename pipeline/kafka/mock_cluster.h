// MockCluster: librdkafka's in-process mock Kafka cluster (rdkafka_mock.h),
// reachable over TCP by any Kafka client (kcat, a second process) at
// bootstrap(). Used by `scrubline demo`, `scrubline dev-cluster` and tests.
//
// librdkafka 2.0.2 binds the brokers to ephemeral 127.0.0.1 ports (no API to
// choose one) and keeps only about the last 5 MiB / 100k messages per
// partition. Owns a host rd_kafka_t; destruction order is cluster, then host.
// Not copyable or movable (librdkafka holds pointers to it); thread-safe for
// CreateTopic after Start.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "classifiers/base/status.h"

namespace scrubline {

class MockCluster {
 public:
  static StatusOr<std::unique_ptr<MockCluster>> Start(int num_brokers = 1);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:PORT[,127.0.0.1:PORT...]"
  const std::string& bootstrap() const;
  Status CreateTopic(const std::string& name, int partitions, int replication_factor = 1);
  // Takes broker `broker_id` (1..num_brokers) down — its connections close
  // and new ones are refused — or brings it back up. For fault tests.
  Status SetBrokerUp(int broker_id, bool up);
  // Delays every response of broker `broker_id` by `rtt_ms` (0: none).
  Status SetBrokerRtt(int broker_id, int rtt_ms);
  // The next requests of one kind (Kafka API key: 0 Produce, 1 Fetch,
  // 8 OffsetCommit, ...) fail with these librdkafka error codes, in order,
  // whichever client sends them.
  enum class Request : std::int16_t {
    kProduce = 0,
    kFetch = 1,
    kOffsetCommit = 8,
    kInitProducerId = 22,
    kAddPartitionsToTxn = 24,
    kEndTxn = 26,
  };
  void FailNextRequests(Request request, const std::vector<int>& error_codes);
  // Moves the leadership of topic[partition] to broker `broker_id`.
  Status SetPartitionLeader(const std::string& topic, int partition, int broker_id);

  struct Impl;

 private:
  explicit MockCluster(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
