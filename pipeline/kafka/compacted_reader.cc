#include "pipeline/kafka/compacted_reader.h"

#include <chrono>
#include <vector>

#include "pipeline/kafka/rdkafka_util.h"

namespace scrubline {

using kafka_internal::ConfPtr;
using kafka_internal::ErrorStatus;
using kafka_internal::TopicPartitionListPtr;

struct CompactedTopicReader::Impl {
  rd_kafka_t* rk = nullptr;
  std::string topic;
  std::vector<std::int64_t> end;   // per partition: the end offset seen at Create
  std::vector<std::int64_t> next;  // per partition: the next offset to read
  std::uint64_t records = 0;

  ~Impl() {
    if (rk != nullptr) {
      rd_kafka_consumer_close(rk);
      rd_kafka_destroy(rk);
    }
  }

  bool CaughtUp() const {
    for (std::size_t p = 0; p < end.size(); ++p) {
      if (next[p] < end[p]) return false;
    }
    return true;
  }

  // One message: a record (applied), an EOF or a transient error (ignored),
  // or a fatal error (returned).
  Status Handle(rd_kafka_message_t* m, const Apply& apply) {
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (m->partition >= 0 && static_cast<std::size_t>(m->partition) < next.size()) {
        next[static_cast<std::size_t>(m->partition)] =
            std::max(next[static_cast<std::size_t>(m->partition)], m->offset);
      }
      return Status::Ok();
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (kafka_internal::IsFatalError(m->err)) return ErrorStatus(m->err, "read " + topic);
      return Status::Ok();
    }
    const std::string_view key(static_cast<const char*>(m->key), m->key_len);
    std::optional<std::string_view> value;
    if (m->payload != nullptr) value.emplace(static_cast<const char*>(m->payload), m->len);
    ++records;
    if (m->partition >= 0 && static_cast<std::size_t>(m->partition) < next.size()) {
      next[static_cast<std::size_t>(m->partition)] = m->offset + 1;
    }
    return apply(key, value);
  }
};

StatusOr<std::unique_ptr<CompactedTopicReader>> CompactedTopicReader::Create(
    const KafkaClientOptions& client, const std::string& topic, int timeout_ms) {
  auto impl = std::make_unique<Impl>();
  impl->topic = topic;
  ConfPtr conf(rd_kafka_conf_new());
  // A group id is required by the consumer API, but nothing is committed and
  // no group is joined: partitions are assigned by hand.
  const std::pair<const char*, std::string> defaults[] = {
      {"bootstrap.servers", client.bootstrap},
      {"group.id", "scrubline-compacted-reader"},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"enable.partition.eof", "true"},
  };
  for (const auto& [name, value] : defaults) {
    SCRUBLINE_RETURN_IF_ERROR(kafka_internal::SetProperty(conf.get(), name, value));
  }
  // The operator's client properties (security settings) apply here too,
  // except what would make this reader commit.
  std::map<std::string, std::string> properties = client.properties;
  for (const char* owned : {"group.id", "enable.auto.commit", "enable.auto.offset.store",
                            "enable.partition.eof", "partition.assignment.strategy",
                            "group.instance.id"}) {
    properties.erase(owned);
  }
  SCRUBLINE_RETURN_IF_ERROR(kafka_internal::ApplyProperties(conf.get(), properties));
  auto rk = kafka_internal::NewClient(RD_KAFKA_CONSUMER, std::move(conf));
  if (!rk.ok()) return rk.status();
  impl->rk = *rk;
  rd_kafka_poll_set_consumer(impl->rk);

  // Partitions and their end offsets now: "caught up" means up to here.
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(impl->rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(impl->rk, 0, rkt, &metadata, timeout_ms);
  rd_kafka_topic_destroy(rkt);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorStatus(err, "metadata of " + topic);
  int partitions = 0;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  if (metadata->topic_cnt == 1) {
    partitions = metadata->topics[0].partition_cnt;
    topic_err = metadata->topics[0].err;
  }
  rd_kafka_metadata_destroy(metadata);
  if (topic_err != RD_KAFKA_RESP_ERR_NO_ERROR || partitions <= 0) {
    return ErrorStatus(topic_err != RD_KAFKA_RESP_ERR_NO_ERROR
                           ? topic_err
                           : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
                       "topic " + topic);
  }
  TopicPartitionListPtr assignment(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0, high = 0;
    err = rd_kafka_query_watermark_offsets(impl->rk, topic.c_str(), p, &low, &high, timeout_ms);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorStatus(err, "end offsets of " + topic);
    impl->end.push_back(high);
    impl->next.push_back(low);
    rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  err = rd_kafka_assign(impl->rk, assignment.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorStatus(err, "assign " + topic);
  return std::unique_ptr<CompactedTopicReader>(new CompactedTopicReader(std::move(impl)));
}

CompactedTopicReader::CompactedTopicReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompactedTopicReader::~CompactedTopicReader() = default;

Status CompactedTopicReader::CatchUp(const Apply& apply, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!impl_->CaughtUp()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return UnavailableError("topic " + impl_->topic + " not read to its end within " +
                              std::to_string(timeout_ms) + " ms");
    }
    rd_kafka_message_t* m = rd_kafka_consumer_poll(impl_->rk, 100);
    if (m == nullptr) continue;
    const Status st = impl_->Handle(m, apply);
    rd_kafka_message_destroy(m);
    SCRUBLINE_RETURN_IF_ERROR(st);
  }
  return Status::Ok();
}

Status CompactedTopicReader::PollNew(const Apply& apply, std::size_t max_records) {
  for (std::size_t i = 0; i < max_records; ++i) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(impl_->rk, 0);
    if (m == nullptr) break;
    const Status st = impl_->Handle(m, apply);
    rd_kafka_message_destroy(m);
    SCRUBLINE_RETURN_IF_ERROR(st);
  }
  return Status::Ok();
}

std::uint64_t CompactedTopicReader::records_read() const { return impl_->records; }

}  // namespace scrubline
