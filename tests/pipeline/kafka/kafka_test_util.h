// Helpers shared by the Kafka test programs (header-only; not a test itself).
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/kafka/kafka_options.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"

namespace scrubline::testing {

// Group protocol timings for the 2.0.2 mock cluster: its coordinator holds a
// group's first join for a fixed 3 s and any later rebalance for
// session.timeout.ms - 1 s, and it expires members silent for
// session.timeout.ms (a member waiting in its first JoinGroup sends no
// heartbeats). 4 s keeps a 1 s margin over the first join and makes each
// rebalance take ~3 s instead of the default 44 s.
inline KafkaClientOptions FastClient(const std::string& bootstrap) {
  KafkaClientOptions client;
  client.bootstrap = bootstrap;
  client.properties = {
      {"heartbeat.interval.ms", "100"},
      {"session.timeout.ms", "4000"},
      {"fetch.wait.max.ms", "50"},
  };
  return client;
}

// Calls `step` until it returns true; fails the test (instead of hanging) if
// that has not happened within `limit`. A safety net, not a timed assertion:
// the limits are generous multiples of what the steps need.
inline bool Eventually(const std::function<bool()>& step,
                       std::chrono::milliseconds limit = std::chrono::seconds(15)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (step()) return true;
  }
  ADD_FAILURE() << "condition not reached within " << limit.count() << " ms";
  return false;
}

// Delivery reports as the sink hands them back.
struct Deliveries {
  std::map<std::uint64_t, int> count;  // token -> reports seen
  int failed = 0;
  KafkaSink::DeliveryCallback Callback() {
    return [this](std::uint64_t token, const Status& status) {
      ++count[token];
      if (!status.ok()) {
        ++failed;
        ADD_FAILURE() << "delivery of token " << token << " failed: " << status.ToString();
      }
    };
  }
};

inline std::unique_ptr<KafkaSink> MakeSink(const std::string& bootstrap, Deliveries& deliveries) {
  KafkaSinkOptions options;
  options.client.bootstrap = bootstrap;
  auto sink = KafkaSink::Create(options, deliveries.Callback());
  EXPECT_TRUE(sink.ok()) << sink.status().ToString();
  return sink.ok() ? std::move(sink).value() : nullptr;
}

// Produces `n` records "value-<i>" with key "key-<i>" and two headers to
// `topic`, ack token i + 1, then flushes.
inline void ProduceNumbered(KafkaSink& sink, const std::string& topic, int n) {
  ASSERT_TRUE(sink.WarmUp(topic, 5000).ok());
  for (int i = 0; i < n; ++i) {
    const std::string key = "key-" + std::to_string(i);
    const std::string value = "value-" + std::to_string(i);
    const std::string trace = "trace-" + std::to_string(i);
    const std::array<OutboundHeader, 2> headers = {OutboundHeader{"trace", trace},
                                                   OutboundHeader{"kind", "sms"}};
    OutboundRecord record;
    record.topic = topic;
    record.has_key = true;
    record.key = key;
    record.value = value;
    record.headers = headers;
    record.ack_token = static_cast<std::uint64_t>(i) + 1;
    const Status status = sink.Produce(record);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  const Status flushed = sink.Flush(10000);
  ASSERT_TRUE(flushed.ok()) << flushed.ToString();
  EXPECT_EQ(sink.OutstandingCount(), 0);
}

// A consumer's view of its assignment, built only from the callbacks; checks
// that they are consistent (no double assign, no revoke of what it lacks).
struct Assignment {
  explicit Assignment(std::string n) : name(std::move(n)) {}
  std::string name;
  std::set<std::pair<std::string, std::int32_t>> owned;
  int assigned_events = 0;
  int revoked_partitions = 0;

  void Wire(KafkaSourceOptions& options) {
    options.on_assigned = [this](const std::vector<TopicPartition>& parts) {
      ++assigned_events;
      for (const auto& tp : parts) {
        EXPECT_TRUE(owned.insert({tp.topic, tp.partition}).second)
            << name << " assigned " << tp.topic << "[" << tp.partition << "] twice";
      }
    };
    options.on_revoked = [this](const std::vector<TopicPartition>& parts) {
      for (const auto& tp : parts) {
        ++revoked_partitions;
        EXPECT_EQ(owned.erase({tp.topic, tp.partition}), 1u)
            << name << " revoked " << tp.topic << "[" << tp.partition << "] it did not own";
      }
    };
  }
};

}  // namespace scrubline::testing
