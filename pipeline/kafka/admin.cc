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

Status CreateTopic(const KafkaClientOptions& client, const std::string& topic, int partitions,
                   int timeout_ms) {
  if (topic.empty() || partitions < 1) return InvalidArgumentError("create topic: bad arguments");
  ConfPtr conf(rd_kafka_conf_new());
  SCRUBLINE_RETURN_IF_ERROR(
      kafka_internal::SetProperty(conf.get(), "bootstrap.servers", client.bootstrap));
  SCRUBLINE_RETURN_IF_ERROR(kafka_internal::ApplyProperties(conf.get(), client.properties));
  auto rk = kafka_internal::NewClient(RD_KAFKA_PRODUCER, std::move(conf));
  if (!rk.ok()) return rk.status();
  char error[256] = {};
  rd_kafka_NewTopic_t* new_topic =
      rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, error, sizeof error);
  Status status;
  if (new_topic == nullptr) {
    status = InvalidArgumentError(std::string("create topic: ") + error);
  } else {
    rd_kafka_queue_t* queue = rd_kafka_queue_new(*rk);
    rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(*rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    (void)rd_kafka_AdminOptions_set_request_timeout(options, timeout_ms, error, sizeof error);
    rd_kafka_CreateTopics(*rk, &new_topic, 1, options, queue);
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, timeout_ms + 1000);
    if (event == nullptr) {
      status = UnavailableError("create topic " + topic + ": no answer");
    } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      status = kafka_internal::ErrorStatus(rd_kafka_event_error(event), "create topic " + topic);
    } else {
      std::size_t count = 0;
      const rd_kafka_topic_result_t** results =
          rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
      for (std::size_t i = 0; status.ok() && i < count; ++i) {
        status = kafka_internal::ErrorStatus(rd_kafka_topic_result_error(results[i]),
                                             "create topic " + topic);
      }
    }
    if (event != nullptr) rd_kafka_event_destroy(event);
    rd_kafka_AdminOptions_destroy(options);
    rd_kafka_queue_destroy(queue);
    rd_kafka_NewTopic_destroy(new_topic);
  }
  rd_kafka_destroy(*rk);
  return status;
}

}  // namespace scrubline
