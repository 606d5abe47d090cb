#include "pipeline/kafka/admin.h"

#include "pipeline/kafka/rdkafka_util.h"

namespace scrubline {

using kafka_internal::ConfPtr;
using kafka_internal::TopicPartitionListPtr;

StatusOr<std::vector<std::int64_t>> QueryCommittedOffsets(const KafkaClientOptions& client,
                                                          const std::string& group_id,
                                                          const std::string& topic, int partitions,
                                                          int timeout_ms) {
  if (group_id.empty()) return InvalidArgumentError("committed offsets: empty group id");
  if (topic.empty()) return InvalidArgumentError("committed offsets: empty topic");
  if (partitions < 1) return InvalidArgumentError("committed offsets: partitions must be >= 1");

  ConfPtr conf(rd_kafka_conf_new());
  SCRUBLINE_RETURN_IF_ERROR(
      kafka_internal::SetProperty(conf.get(), "bootstrap.servers", client.bootstrap));
  SCRUBLINE_RETURN_IF_ERROR(kafka_internal::SetProperty(conf.get(), "group.id", group_id));
  // Never commit anything on this group's behalf.
  SCRUBLINE_RETURN_IF_ERROR(kafka_internal::SetProperty(conf.get(), "enable.auto.commit", "false"));
  SCRUBLINE_RETURN_IF_ERROR(kafka_internal::ApplyProperties(conf.get(), client.properties));
  auto rk = kafka_internal::NewClient(RD_KAFKA_CONSUMER, std::move(conf));
  if (!rk.ok()) return rk.status();

  TopicPartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
  }
  auto query = [&]() -> StatusOr<std::vector<std::int64_t>> {
    const rd_kafka_resp_err_t err = rd_kafka_committed(*rk, list.get(), timeout_ms);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return kafka_internal::ErrorStatus(err, "committed offsets of group '" + group_id + "'");
    }
    std::vector<std::int64_t> offsets(static_cast<size_t>(partitions), -1);
    for (int i = 0; i < list->cnt; ++i) {
      const rd_kafka_topic_partition_t& tp = list->elems[i];
      if (tp.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return kafka_internal::ErrorStatus(
            tp.err, "committed offset of " + topic + "[" + std::to_string(tp.partition) + "]");
      }
      // RD_KAFKA_OFFSET_INVALID (no commit yet) stays -1.
      if (tp.partition >= 0 && tp.partition < partitions && tp.offset >= 0) {
        offsets[static_cast<size_t>(tp.partition)] = tp.offset;
      }
    }
    return offsets;
  };
  StatusOr<std::vector<std::int64_t>> result = query();
  (void)rd_kafka_consumer_close(*rk);  // never joined: nothing to leave
  rd_kafka_destroy(*rk);
  return result;
}

}  // namespace scrubline
