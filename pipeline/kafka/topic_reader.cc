#include "pipeline/kafka/topic_reader.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "pipeline/kafka/rdkafka_util.h"

namespace scrubline {

using kafka_internal::ConfPtr;
using kafka_internal::ErrorStatus;
using kafka_internal::TopicPartitionListPtr;

struct TopicReader::Impl {
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

  ReadRecord record;  // reused: the headers vector keeps its capacity

  // Waits up to `timeout_ms` for the next message and handles it; `got`
  // says whether one came.
  Status HandleNext(int timeout_ms, const ApplyRecord& apply, bool& got) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, timeout_ms);
    got = m != nullptr;
    if (!got) return Status::Ok();
    const Status st = Handle(m, apply);
    rd_kafka_message_destroy(m);
    return st;
  }

  // One message: a record (applied), an EOF or a transient error (ignored),
  // or a fatal error (returned).
  Status Handle(rd_kafka_message_t* m, const ApplyRecord& apply) {
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
    record.partition = m->partition;
    record.offset = m->offset;
    record.key = std::string_view(static_cast<const char*>(m->key), m->key_len);
    record.value.reset();
    if (m->payload != nullptr) record.value.emplace(static_cast<const char*>(m->payload), m->len);
    record.headers.clear();
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name = nullptr;
      const void* value = nullptr;
      std::size_t size = 0;
      for (std::size_t i = 0;
           rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        record.headers.emplace_back(name, std::string_view(static_cast<const char*>(value),
                                                           value != nullptr ? size : 0));
      }
    }
    ++records;
    if (m->partition >= 0 && static_cast<std::size_t>(m->partition) < next.size()) {
      next[static_cast<std::size_t>(m->partition)] = m->offset + 1;
    }
    return apply(record);
  }
};

StatusOr<std::unique_ptr<TopicReader>> TopicReader::Create(const KafkaClientOptions& client,
                                                           const std::string& topic,
                                                           int timeout_ms, ReadFrom from) {
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
  std::vector<std::int64_t> low_of;
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0, high = 0;
    err = rd_kafka_query_watermark_offsets(impl->rk, topic.c_str(), p, &low, &high, timeout_ms);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorStatus(err, "end offsets of " + topic);
    impl->end.push_back(high);
    low_of.push_back(low);
    std::int64_t start = low;
    if (from.kind == ReadFrom::Kind::kOffset) start = std::clamp(from.value, low, high);
    rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset = start;
  }
  if (from.kind == ReadFrom::Kind::kTime) {
    // The list's offsets are the timestamp; librdkafka replaces each with the
    // first offset at or after it (the end offset when there is none).
    for (int i = 0; i < assignment->cnt; ++i) assignment->elems[i].offset = from.value;
    err = rd_kafka_offsets_for_times(impl->rk, assignment.get(), timeout_ms);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorStatus(err, "offsets for time in " + topic);
    for (int i = 0; i < assignment->cnt; ++i) {
      std::int64_t& offset = assignment->elems[i].offset;
      const auto p = static_cast<std::size_t>(assignment->elems[i].partition);
      if (offset < 0) offset = impl->end[p];  // nothing that recent
      offset = std::clamp(offset, low_of[p], impl->end[p]);
    }
  }
  for (int i = 0; i < assignment->cnt; ++i) impl->next.push_back(assignment->elems[i].offset);
  err = rd_kafka_assign(impl->rk, assignment.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorStatus(err, "assign " + topic);
  return std::unique_ptr<TopicReader>(new TopicReader(std::move(impl)));
}

TopicReader::TopicReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TopicReader::~TopicReader() = default;

Status TopicReader::CatchUp(const Apply& apply, int timeout_ms) {
  return CatchUpRecords([&apply](const ReadRecord& r) { return apply(r.key, r.value); },
                        timeout_ms);
}

Status TopicReader::CatchUpRecords(const ApplyRecord& apply, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!impl_->CaughtUp()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return UnavailableError("topic " + impl_->topic + " not read to its end within " +
                              std::to_string(timeout_ms) + " ms");
    }
    bool got = false;
    SCRUBLINE_RETURN_IF_ERROR(impl_->HandleNext(100, apply, got));
  }
  return Status::Ok();
}

Status TopicReader::PollNew(const Apply& apply, std::size_t max_records) {
  const ApplyRecord apply_record = [&apply](const ReadRecord& r) { return apply(r.key, r.value); };
  for (std::size_t i = 0; i < max_records; ++i) {
    bool got = false;
    SCRUBLINE_RETURN_IF_ERROR(impl_->HandleNext(0, apply_record, got));
    if (!got) break;
  }
  return Status::Ok();
}

std::uint64_t TopicReader::records_read() const { return impl_->records; }

}  // namespace scrubline
