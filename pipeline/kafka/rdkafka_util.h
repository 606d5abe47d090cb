// Internal to pipeline/kafka/: the one header that includes librdkafka, shared
// by the module's .cc files (configuration, client creation, error mapping).
// Never include it from outside pipeline/kafka/ — no librdkafka type may leak
// past the module's public headers.
//
// Property values may be secrets (sasl.password, ssl.key.password): every
// message built here names the property, never its value.
#pragma once

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/status.h"
#include "pipeline/kafka/kafka_options.h"

namespace scrubline::kafka_internal {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

struct TopicPartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using TopicPartitionListPtr =
    std::unique_ptr<rd_kafka_topic_partition_list_t, TopicPartitionListDeleter>;

// A librdkafka partition list holding `positions` (offsets set).
TopicPartitionListPtr PartitionList(const std::vector<TopicPartitionOffset>& positions);

// Sets one property; the error names the property and the reason class
// (unknown / invalid), not the value.
Status SetProperty(rd_kafka_conf_t* conf, const std::string& name, const std::string& value);

// Applies the operator's properties in order (after scrubline's defaults, so
// they override them).
Status ApplyProperties(rd_kafka_conf_t* conf, const std::map<std::string, std::string>& props);

// rd_kafka_new; takes ownership of `conf` in every case (librdkafka owns it
// on success, it is destroyed here on failure).
StatusOr<rd_kafka_t*> NewClient(rd_kafka_type_t type, ConfPtr conf);

// True when librdkafka was built with `feature` ("lz4", "zstd", "ssl", ...).
bool HasBuiltinFeature(std::string_view feature);

// Maps a librdkafka error code to a Status. `what` says which operation and
// where (topic/partition), never data.
Status ErrorStatus(rd_kafka_resp_err_t err, std::string_view what);

// True for errors that retrying cannot fix without operator action
// (authorization, a fatal idempotence/fencing error, invalid configuration).
bool IsFatalError(rd_kafka_resp_err_t err);

}  // namespace scrubline::kafka_internal
