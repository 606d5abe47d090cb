// Connection settings shared by KafkaSource and KafkaSink. No librdkafka type
// leaks past the pipeline/kafka/ module.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace scrubline {

struct KafkaClientOptions {
  std::string bootstrap;  // bootstrap.servers
  // Any librdkafka property (security.protocol, sasl.*, ssl.*, compression.type...).
  // Applied after scrubline's own defaults, so an operator can override them.
  // Values may be secrets: never log them (names only).
  std::map<std::string, std::string> properties;
};

// A position in a partition (the next offset to read or commit).
struct TopicPartitionOffset {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
};

}  // namespace scrubline
