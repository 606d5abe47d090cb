#include "pipeline/kafka/kafka_sink.h"

#include <chrono>
#include <cstdint>
#include <map>

#include "pipeline/kafka/rdkafka_util.h"

namespace scrubline {

using kafka_internal::ConfPtr;
using kafka_internal::ErrorStatus;

static_assert(sizeof(void*) >= sizeof(std::uint64_t), "ack tokens travel as msg_opaque");

struct KafkaSink::Impl {
  rd_kafka_t* rk = nullptr;
  DeliveryCallback on_delivery;
  std::function<void()> on_all_brokers_down;
  int queue_full_timeout_ms = 0;
  // Topic handles by name, so Produce() neither allocates a C string for the
  // topic nor makes librdkafka look the name up per record.
  std::map<std::string, rd_kafka_topic_t*, std::less<>> topics;
  // Counted here rather than read from rd_kafka_outq_len(), which also counts
  // queued events (errors, logs) that are not records.
  std::uint64_t produced = 0;   // records accepted by Produce()
  std::uint64_t delivered = 0;  // delivery reports served so far

  ~Impl() {
    for (auto& [name, rkt] : topics) rd_kafka_topic_destroy(rkt);
    if (rk != nullptr) rd_kafka_destroy(rk);
  }

  StatusOr<rd_kafka_topic_t*> Topic(std::string_view name) {
    if (auto it = topics.find(name); it != topics.end()) return it->second;
    if (name.empty()) return InvalidArgumentError("produce: empty topic name");
    std::string key(name);
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, key.c_str(), nullptr);
    if (rkt == nullptr) {
      return ErrorStatus(rd_kafka_last_error(), "producer topic handle for '" + key + "'");
    }
    topics.emplace(std::move(key), rkt);
    return rkt;
  }

  void OnDelivery(const rd_kafka_message_t* m) {
    ++delivered;
    const auto token = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(m->_private));
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      on_delivery(token, Status::Ok());
      return;
    }
    std::string where = "deliver to ";
    where += m->rkt != nullptr ? rd_kafka_topic_name(m->rkt) : "?";
    if (m->partition >= 0) {
      where += '[';
      where += std::to_string(m->partition);
      where += ']';
    }
    on_delivery(token, ErrorStatus(m->err, where));
  }

  Status ProduceError(rd_kafka_resp_err_t err, std::string_view topic) {
    std::string where = "produce to ";
    where += topic;
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
      char reason[512];
      const rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(rk, reason, sizeof(reason));
      if (fatal != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return InternalError(where + ": producer fatal error " + rd_kafka_err2name(fatal) + ": " +
                             reason);
      }
    }
    return ErrorStatus(err, where);
  }
};

namespace {

// Client-level errors are informational (librdkafka retries); only "all
// brokers down" is passed on, for readiness. A fatal error surfaces in the
// next delivery report.
void ClientError(rd_kafka_t*, int err, const char*, void* opaque) {
  auto* impl = static_cast<KafkaSink::Impl*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && impl->on_all_brokers_down) {
    impl->on_all_brokers_down();
  }
}

void DeliveryReport(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  static_cast<KafkaSink::Impl*>(opaque)->OnDelivery(m);
}

rd_kafka_resp_err_t ProduceOnce(rd_kafka_t* rk, rd_kafka_topic_t* rkt, const OutboundRecord& record,
                                rd_kafka_headers_t* headers) {
  // A default string_view (data() == nullptr) produces a null value: a
  // tombstone on compacted topics. RD_KAFKA_MSG_F_COPY copies everything, so
  // the record's views need not outlive this call.
  void* value = const_cast<char*>(record.value.data());
  const void* key = record.has_key ? record.key.data() : nullptr;
  const size_t key_len = record.has_key ? record.key.size() : 0;
  void* opaque = reinterpret_cast<void*>(static_cast<std::uintptr_t>(record.ack_token));
  if (headers != nullptr) {
    return rd_kafka_producev(rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_VALUE(value, record.value.size()),
                             RD_KAFKA_V_KEY(key, key_len), RD_KAFKA_V_HEADERS(headers),
                             RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
  }
  return rd_kafka_producev(rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                           RD_KAFKA_V_VALUE(value, record.value.size()),
                           RD_KAFKA_V_KEY(key, key_len), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
}

}  // namespace

StatusOr<std::unique_ptr<KafkaSink>> KafkaSink::Create(const KafkaSinkOptions& options,
                                                       DeliveryCallback on_delivery) {
  if (!on_delivery) return InvalidArgumentError("kafka sink needs a delivery callback");
  auto impl = std::make_unique<Impl>();
  impl->on_delivery = std::move(on_delivery);
  impl->queue_full_timeout_ms = options.queue_full_timeout_ms;
  impl->on_all_brokers_down = options.on_all_brokers_down;

  ConfPtr conf(rd_kafka_conf_new());
  const std::pair<const char*, std::string> defaults[] = {
      {"bootstrap.servers", options.client.bootstrap},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"linger.ms", "5"},
      {"compression.type", kafka_internal::HasBuiltinFeature("lz4") ? "lz4" : "none"},
  };
  for (const auto& [name, value] : defaults) {
    SCRUBLINE_RETURN_IF_ERROR(kafka_internal::SetProperty(conf.get(), name, value));
  }
  SCRUBLINE_RETURN_IF_ERROR(kafka_internal::ApplyProperties(conf.get(), options.client.properties));
  rd_kafka_conf_set_opaque(conf.get(), impl.get());
  rd_kafka_conf_set_dr_msg_cb(conf.get(), DeliveryReport);
  rd_kafka_conf_set_error_cb(conf.get(), ClientError);

  auto rk = kafka_internal::NewClient(RD_KAFKA_PRODUCER, std::move(conf));
  if (!rk.ok()) return rk.status();
  impl->rk = *rk;
  return std::unique_ptr<KafkaSink>(new KafkaSink(std::move(impl)));
}

KafkaSink::KafkaSink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaSink::~KafkaSink() = default;

Status KafkaSink::Produce(const OutboundRecord& record) {
  Impl& impl = *impl_;
  auto rkt = impl.Topic(record.topic);
  if (!rkt.ok()) return rkt.status();

  rd_kafka_headers_t* headers = nullptr;
  if (!record.headers.empty()) {
    headers = rd_kafka_headers_new(record.headers.size());
    for (const OutboundHeader& h : record.headers) {
      rd_kafka_header_add(headers, h.name.data(), static_cast<ssize_t>(h.name.size()),
                          h.value.data(), static_cast<ssize_t>(h.value.size()));
    }
  }

  using Clock = std::chrono::steady_clock;
  Clock::time_point deadline{};
  bool waited = false;
  for (;;) {
    const rd_kafka_resp_err_t err = ProduceOnce(impl.rk, *rkt, record, headers);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {  // headers now owned by rk
      ++impl.produced;
      return Status::Ok();
    }
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      const Clock::time_point now = Clock::now();
      if (!waited) {
        waited = true;
        deadline = now + std::chrono::milliseconds(impl.queue_full_timeout_ms);
      }
      if (now < deadline) {
        // Delivery reports free queue space (and run the callback).
        rd_kafka_poll(impl.rk, 10);
        continue;
      }
    }
    // librdkafka takes the headers only when the produce succeeds.
    if (headers != nullptr) rd_kafka_headers_destroy(headers);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return ResourceExhaustedError("produce to " + std::string(record.topic) +
                                    ": producer queue still full after " +
                                    std::to_string(impl.queue_full_timeout_ms) + " ms");
    }
    return impl.ProduceError(err, record.topic);
  }
}

int KafkaSink::Poll(int timeout_ms) {
  const std::uint64_t before = impl_->delivered;
  rd_kafka_poll(impl_->rk, timeout_ms);
  return static_cast<int>(impl_->delivered - before);
}

Status KafkaSink::Flush(int timeout_ms) {
  const rd_kafka_resp_err_t err = rd_kafka_flush(impl_->rk, timeout_ms);
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
    return UnavailableError("flush: " + std::to_string(OutstandingCount()) +
                            " records still without delivery report after " +
                            std::to_string(timeout_ms) + " ms");
  }
  return ErrorStatus(err, "flush");
}

Status KafkaSink::WarmUp(const std::string& topic, int timeout_ms) {
  auto rkt = impl_->Topic(topic);
  if (!rkt.ok()) return rkt.status();
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err =
      rd_kafka_metadata(impl_->rk, /*all_topics=*/0, *rkt, &metadata, timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorStatus(err, "metadata for '" + topic + "'");
  Status result;
  if (metadata->topic_cnt != 1) {
    result = InternalError("metadata for '" + topic + "': unexpected topic count");
  } else if (metadata->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    result = ErrorStatus(metadata->topics[0].err, "metadata for '" + topic + "'");
  } else if (metadata->topics[0].partition_cnt == 0) {
    result = NotFoundError("metadata for '" + topic + "': topic has no partitions");
  }
  rd_kafka_metadata_destroy(metadata);
  return result;
}

int KafkaSink::OutstandingCount() const {
  return static_cast<int>(impl_->produced - impl_->delivered);
}

StatusOr<std::pair<std::int64_t, std::int64_t>> KafkaSink::QueryWatermarks(const std::string& topic,
                                                                           std::int32_t partition,
                                                                           int timeout_ms) {
  std::int64_t low = 0;
  std::int64_t high = 0;
  const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
      impl_->rk, topic.c_str(), partition, &low, &high, timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return ErrorStatus(err, "watermarks of " + topic + "[" + std::to_string(partition) + "]");
  }
  return std::make_pair(low, high);
}

namespace {

// Takes ownership of `error` (may be null: success).
TxnResult TxnResultOf(rd_kafka_error_t* error, std::string_view what) {
  if (error == nullptr) return {};
  TxnResult result;
  result.action = rd_kafka_error_is_fatal(error)              ? TxnAction::kStop
                  : rd_kafka_error_txn_requires_abort(error) ? TxnAction::kAbort
                  : rd_kafka_error_is_retriable(error)       ? TxnAction::kRetry
                                                             : TxnAction::kStop;
  result.status = UnavailableError(std::string(what) + ": " + rd_kafka_error_string(error));
  rd_kafka_error_destroy(error);
  return result;
}

}  // namespace

TxnResult KafkaSink::InitTransactions(int timeout_ms) {
  return TxnResultOf(rd_kafka_init_transactions(impl_->rk, timeout_ms), "init transactions");
}

TxnResult KafkaSink::BeginTransaction() {
  return TxnResultOf(rd_kafka_begin_transaction(impl_->rk), "begin transaction");
}

TxnResult KafkaSink::SendOffsetsToTransaction(const std::vector<TopicPartitionOffset>& positions,
                                              const KafkaSource& source, int timeout_ms) {
  if (positions.empty()) return {};
  const kafka_internal::TopicPartitionListPtr list = kafka_internal::PartitionList(positions);
  const GroupMetadata group = source.CurrentGroupMetadata();
  return TxnResultOf(
      rd_kafka_send_offsets_to_transaction(impl_->rk, list.get(), group.get(), timeout_ms),
      "send offsets to transaction");
}

TxnResult KafkaSink::CommitTransaction(int timeout_ms) {
  return TxnResultOf(rd_kafka_commit_transaction(impl_->rk, timeout_ms), "commit transaction");
}

TxnResult KafkaSink::AbortTransaction(int timeout_ms) {
  return TxnResultOf(rd_kafka_abort_transaction(impl_->rk, timeout_ms), "abort transaction");
}

}  // namespace scrubline
