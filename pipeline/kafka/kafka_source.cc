#include "pipeline/kafka/kafka_source.h"

#include <chrono>
#include <cstring>

#include "pipeline/kafka/rdkafka_util.h"

namespace scrubline {

using kafka_internal::ConfPtr;
using kafka_internal::ErrorStatus;
using kafka_internal::TopicPartitionListPtr;

struct KafkaSource::Impl {
  rd_kafka_t* rk = nullptr;
  std::function<void(const std::vector<TopicPartition>&)> on_assigned;
  std::function<void(const std::vector<TopicPartition>&)> on_revoked;

  // Messages whose key/value/topic the last batch points into; destroyed at
  // the start of the next Poll() (or in Close()) so the views stay valid.
  std::vector<rd_kafka_message_t*> held;
  // Reused for rebalance callbacks.
  std::vector<TopicPartition> changed;

  // First error met inside a librdkafka callback, returned by the next Poll().
  Status callback_error;
  bool fatal_raised = false;
  bool paused = false;  // Pause(): newly assigned partitions are paused too
  std::uint64_t skipped = 0;
  Status last_skipped;

  ~Impl() {
    ReleaseHeld();
    if (rk != nullptr) rd_kafka_destroy(rk);
  }

  void ReleaseHeld() {
    for (rd_kafka_message_t* m : held) rd_kafka_message_destroy(m);
    held.clear();
  }

  void Skip(Status status) {
    ++skipped;
    last_skipped = std::move(status);
  }

  void FillChanged(const rd_kafka_topic_partition_list_t* parts) {
    changed.clear();
    for (int i = 0; i < parts->cnt; ++i) {
      changed.push_back(TopicPartition{parts->elems[i].topic, parts->elems[i].partition});
    }
  }

  void OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts) {
    const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    rd_kafka_error_t* error = nullptr;
    rd_kafka_resp_err_t assign_err = RD_KAFKA_RESP_ERR_NO_ERROR;
    switch (err) {
      case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        // Assign first: the worker may start tracking these partitions at once.
        if (cooperative) {
          error = rd_kafka_incremental_assign(rk, parts);
        } else {
          assign_err = rd_kafka_assign(rk, parts);
        }
        FillChanged(parts);
        if (paused && error == nullptr && assign_err == RD_KAFKA_RESP_ERR_NO_ERROR) {
          // Back-pressure outlasts a rebalance: new partitions start paused.
          (void)rd_kafka_pause_partitions(rk, parts);
        }
        if (on_assigned && error == nullptr && assign_err == RD_KAFKA_RESP_ERR_NO_ERROR) {
          on_assigned(changed);
        }
        break;
      case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        // Tell the worker before giving the partitions up, lost or not: it
        // drops their in-flight state; what it stored so far is committed by
        // librdkafka's auto-commit on unassign.
        FillChanged(parts);
        if (on_revoked) on_revoked(changed);
        if (cooperative) {
          error = rd_kafka_incremental_unassign(rk, parts);
        } else {
          assign_err = rd_kafka_assign(rk, nullptr);
        }
        break;
      default:
        // A failed rebalance: librdkafka asks us to drop the whole assignment
        // to resynchronise.
        FillChanged(parts);
        if (on_revoked) on_revoked(changed);
        if (cooperative) {
          error = rd_kafka_incremental_unassign(rk, parts);
        } else {
          assign_err = rd_kafka_assign(rk, nullptr);
        }
        Skip(ErrorStatus(err, "consumer rebalance failed"));
        break;
    }
    if (error != nullptr) {
      if (callback_error.ok()) {
        callback_error = ErrorStatus(rd_kafka_error_code(error), "consumer incremental (un)assign");
      }
      rd_kafka_error_destroy(error);
    } else if (assign_err != RD_KAFKA_RESP_ERR_NO_ERROR && callback_error.ok()) {
      callback_error = ErrorStatus(assign_err, "consumer assign");
    }
  }

  Status FatalStatus() {
    char reason[512];
    const rd_kafka_resp_err_t err = rd_kafka_fatal_error(rk, reason, sizeof(reason));
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Ok();
    return ErrorStatus(err, std::string("consumer fatal error: ") + reason);
  }
};

namespace {

void RebalanceCallback(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                       void* opaque) {
  static_cast<KafkaSource::Impl*>(opaque)->OnRebalance(err, parts);
}

// Client-level errors (all brokers down, resolve failures...) are informational:
// librdkafka recovers by itself. A fatal one is picked up by Poll() through
// rd_kafka_fatal_error().
void ErrorCallback(rd_kafka_t*, int err, const char*, void* opaque) {
  auto* impl = static_cast<KafkaSource::Impl*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__FATAL) impl->fatal_raised = true;
  impl->Skip(ErrorStatus(static_cast<rd_kafka_resp_err_t>(err), "consumer client error"));
}

std::string PartitionName(std::string_view topic, std::int32_t partition) {
  std::string name(topic);
  name += '[';
  name += std::to_string(partition);
  name += ']';
  return name;
}

}  // namespace

StatusOr<std::unique_ptr<KafkaSource>> KafkaSource::Create(const KafkaSourceOptions& options) {
  if (options.group_id.empty()) return InvalidArgumentError("kafka source needs a group id");
  if (options.topics.empty() == options.pattern.empty()) {
    return InvalidArgumentError("kafka source needs either topics or a pattern (not both)");
  }
  for (const std::string& topic : options.topics) {
    if (topic.empty()) return InvalidArgumentError("kafka source topic name is empty");
  }
  if (auto it = options.client.properties.find("enable.auto.offset.store");
      it != options.client.properties.end() && it->second != "false") {
    // At-least-once rests on storing offsets only after delivery.
    return InvalidArgumentError("enable.auto.offset.store must stay false");
  }

  auto impl = std::make_unique<Impl>();
  impl->on_assigned = options.on_assigned;
  impl->on_revoked = options.on_revoked;

  ConfPtr conf(rd_kafka_conf_new());
  const std::pair<const char*, std::string> defaults[] = {
      {"bootstrap.servers", options.client.bootstrap},
      {"group.id", options.group_id},
      {"partition.assignment.strategy", "cooperative-sticky"},
      {"enable.auto.offset.store", "false"},
      {"enable.auto.commit", options.auto_commit ? "true" : "false"},
      {"auto.offset.reset", "earliest"},
  };
  for (const auto& [name, value] : defaults) {
    SCRUBLINE_RETURN_IF_ERROR(kafka_internal::SetProperty(conf.get(), name, value));
  }
  SCRUBLINE_RETURN_IF_ERROR(kafka_internal::ApplyProperties(conf.get(), options.client.properties));
  rd_kafka_conf_set_opaque(conf.get(), impl.get());
  rd_kafka_conf_set_rebalance_cb(conf.get(), RebalanceCallback);
  rd_kafka_conf_set_error_cb(conf.get(), ErrorCallback);

  auto rk = kafka_internal::NewClient(RD_KAFKA_CONSUMER, std::move(conf));
  if (!rk.ok()) return rk.status();
  impl->rk = *rk;
  // One queue for everything: rebalances, errors and messages are all served
  // by rd_kafka_consumer_poll on the polling thread.
  rd_kafka_poll_set_consumer(impl->rk);

  const bool by_pattern = !options.pattern.empty();
  TopicPartitionListPtr subscription(
      rd_kafka_topic_partition_list_new(by_pattern ? 1 : static_cast<int>(options.topics.size())));
  if (by_pattern) {
    const std::string regex =
        options.pattern.starts_with('^') ? options.pattern : "^" + options.pattern;
    rd_kafka_topic_partition_list_add(subscription.get(), regex.c_str(), RD_KAFKA_PARTITION_UA);
  } else {
    for (const std::string& topic : options.topics) {
      rd_kafka_topic_partition_list_add(subscription.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
    }
  }
  const rd_kafka_resp_err_t err = rd_kafka_subscribe(impl->rk, subscription.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return ErrorStatus(err, by_pattern ? "subscribe to pattern" : "subscribe to topics");
  }
  return std::unique_ptr<KafkaSource>(new KafkaSource(std::move(impl)));
}

KafkaSource::KafkaSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KafkaSource::~KafkaSource() {
  // Errors cannot be reported from here; call Close() to see them.
  (void)Close();
}

Status KafkaSource::Poll(int timeout_ms, std::size_t max_records,
                         std::vector<ConsumedRecord>& batch) {
  batch.clear();
  Impl& impl = *impl_;
  impl.ReleaseHeld();
  if (impl.rk == nullptr) return FailedPreconditionError("kafka source is closed");
  if (max_records == 0) return InvalidArgumentError("poll needs max_records >= 1");
  impl.held.reserve(max_records);

  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  // The topic name of the previous message: consecutive messages mostly share
  // their topic handle, which stays alive while `held` references it.
  const rd_kafka_topic_t* last_rkt = nullptr;
  std::string_view last_topic;

  while (batch.size() < max_records) {
    int wait_ms = 0;
    if (batch.empty()) {
      // Skipped events do not count as "the first": keep waiting for a record
      // until the deadline.
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      wait_ms = left > 0 ? static_cast<int>(left) : 0;
    }
    rd_kafka_message_t* m = rd_kafka_consumer_poll(impl.rk, wait_ms);
    if (impl.fatal_raised && impl.callback_error.ok()) impl.callback_error = impl.FatalStatus();
    if (!impl.callback_error.ok()) {
      if (m != nullptr) rd_kafka_message_destroy(m);
      batch.clear();
      Status error = std::move(impl.callback_error);
      impl.callback_error = Status::Ok();
      return error;
    }
    if (m == nullptr) {
      if (wait_ms == 0) break;
      continue;  // woke for a callback or an event; the deadline decides
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const rd_kafka_resp_err_t err = m->err;
      std::string where =
          m->rkt != nullptr ? "consume " + PartitionName(rd_kafka_topic_name(m->rkt), m->partition)
                            : std::string("consume");
      rd_kafka_message_destroy(m);
      if (err == RD_KAFKA_RESP_ERR__FATAL || kafka_internal::IsFatalError(err)) {
        batch.clear();
        Status fatal = impl.FatalStatus();
        return fatal.ok() ? ErrorStatus(err, where) : fatal;
      }
      impl.Skip(ErrorStatus(err, where));
      continue;
    }
    impl.held.push_back(m);
    if (m->rkt != last_rkt) {
      last_rkt = m->rkt;
      last_topic = rd_kafka_topic_name(m->rkt);
    }
    ConsumedRecord& record = batch.emplace_back();
    record.topic = last_topic;
    record.partition = m->partition;
    record.offset = m->offset;
    rd_kafka_timestamp_type_t timestamp_type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    record.timestamp_ms = rd_kafka_message_timestamp(m, &timestamp_type);
    record.has_key = m->key != nullptr;
    if (record.has_key) record.key = {static_cast<const char*>(m->key), m->key_len};
    if (m->payload != nullptr) record.value = {static_cast<const char*>(m->payload), m->len};
  }
  return Status::Ok();
}

Status KafkaSource::ReadHeaders(std::size_t batch_index,
                               std::vector<ConsumedHeader>& out) const {
  out.clear();
  if (batch_index >= impl_->held.size()) {
    return InvalidArgumentError("read headers: no such record in the last batch");
  }
  rd_kafka_headers_t* headers = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_message_headers(impl_->held[batch_index], &headers);
  if (err == RD_KAFKA_RESP_ERR__NOENT) return Status::Ok();
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorStatus(err, "read headers");
  const char* name = nullptr;
  const void* value = nullptr;
  std::size_t size = 0;
  for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) ==
                          RD_KAFKA_RESP_ERR_NO_ERROR;
       ++i) {
    out.push_back({name, value ? std::string_view(static_cast<const char*>(value), size)
                               : std::string_view()});
  }
  return Status::Ok();
}

Status KafkaSource::StoreOffset(std::string_view topic, std::int32_t partition,
                                std::int64_t next_offset) {
  if (impl_->rk == nullptr) return FailedPreconditionError("kafka source is closed");
  if (next_offset < 0) return InvalidArgumentError("store offset: negative offset");
  const std::string name(topic);
  TopicPartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), name.c_str(), partition)->offset = next_offset;
  rd_kafka_resp_err_t err = rd_kafka_offsets_store(impl_->rk, list.get());
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) err = list->elems[0].err;
  if (err == RD_KAFKA_RESP_ERR__STATE || err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION) {
    // Typically a partition revoked while its outputs were in flight.
    return FailedPreconditionError("store offset " + PartitionName(topic, partition) +
                                   ": partition not assigned to this consumer");
  }
  return ErrorStatus(err, "store offset " + PartitionName(topic, partition));
}

Status KafkaSource::Commit() {
  if (impl_->rk == nullptr) return FailedPreconditionError("kafka source is closed");
  const rd_kafka_resp_err_t err = rd_kafka_commit(impl_->rk, nullptr, /*async=*/0);
  // Nothing stored since the last commit: nothing to do.
  if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return Status::Ok();
  return ErrorStatus(err, "commit offsets");
}

Status KafkaSource::Close() {
  Impl& impl = *impl_;
  if (impl.rk == nullptr) return Status::Ok();
  impl.ReleaseHeld();
  Status result = Commit();
  // Leaves the group: serves the final revoke (on_revoked) and, with
  // auto-commit, commits what was stored for the revoked partitions.
  const rd_kafka_resp_err_t err = rd_kafka_consumer_close(impl.rk);
  if (result.ok()) result = ErrorStatus(err, "close consumer");
  rd_kafka_destroy(impl.rk);
  impl.rk = nullptr;
  return result;
}

std::uint64_t KafkaSource::skipped_event_count() const { return impl_->skipped; }
Status KafkaSource::last_skipped_error() const { return impl_->last_skipped; }

namespace {

// Pauses or resumes the whole current assignment.
Status SetAssignmentPaused(rd_kafka_t* rk, bool pause) {
  rd_kafka_topic_partition_list_t* assignment = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_assignment(rk, &assignment);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorStatus(err, "consumer assignment");
  TopicPartitionListPtr owned(assignment);
  err = pause ? rd_kafka_pause_partitions(rk, assignment) : rd_kafka_resume_partitions(rk, assignment);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return ErrorStatus(err, pause ? "pause partitions" : "resume partitions");
  }
  return Status::Ok();
}

}  // namespace

Status KafkaSource::Pause() {
  if (impl_->paused) return Status::Ok();
  SCRUBLINE_RETURN_IF_ERROR(SetAssignmentPaused(impl_->rk, true));
  impl_->paused = true;
  return Status::Ok();
}

Status KafkaSource::Resume() {
  if (!impl_->paused) return Status::Ok();
  SCRUBLINE_RETURN_IF_ERROR(SetAssignmentPaused(impl_->rk, false));
  impl_->paused = false;
  return Status::Ok();
}

bool KafkaSource::paused() const { return impl_->paused; }

void GroupMetadataDeleter::operator()(rd_kafka_consumer_group_metadata_s* m) const {
  rd_kafka_consumer_group_metadata_destroy(m);
}

GroupMetadata KafkaSource::CurrentGroupMetadata() const {
  return GroupMetadata(rd_kafka_consumer_group_metadata(impl_->rk));
}

Status KafkaSource::Seek(const std::vector<TopicPartitionOffset>& positions, int timeout_ms) {
  if (positions.empty()) return Status::Ok();
  const kafka_internal::TopicPartitionListPtr list = kafka_internal::PartitionList(positions);
  if (rd_kafka_error_t* error = rd_kafka_seek_partitions(impl_->rk, list.get(), timeout_ms)) {
    Status status = UnavailableError(std::string("seek: ") + rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
    return status;
  }
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& tp = list->elems[i];
    SCRUBLINE_RETURN_IF_ERROR(ErrorStatus(tp.err, "seek " + PartitionName(tp.topic, tp.partition)));
  }
  return Status::Ok();
}

}  // namespace scrubline
