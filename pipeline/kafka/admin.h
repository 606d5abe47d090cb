// Small administrative queries against a Kafka cluster, for tests, readiness
// checks and operator tools — not for the per-record path (each call creates
// and tears down a client: tens of milliseconds).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "classifiers/base/status.h"
#include "pipeline/kafka/kafka_options.h"

namespace scrubline {

// The offsets consumer group `group_id` has committed for partitions
// [0, partitions) of `topic`; -1 for a partition without a committed offset.
// Uses a short-lived consumer with that group id that never subscribes, so it
// neither joins the group nor disturbs its members. Blocks up to `timeout_ms`.
// Thread-safe (no shared state).
StatusOr<std::vector<std::int64_t>> QueryCommittedOffsets(const KafkaClientOptions& client,
                                                          const std::string& group_id,
                                                          const std::string& topic, int partitions,
                                                          int timeout_ms);

// Creates `topic` with `partitions` partitions and the broker's default
// replication factor (Admin API CreateTopics). An existing topic is an
// error (ALREADY_EXISTS). Blocks up to `timeout_ms`. For tests against a
// real cluster, where topics are not created on first use.
Status CreateTopic(const KafkaClientOptions& client, const std::string& topic, int partitions,
                   int timeout_ms);

}  // namespace scrubline
