// KafkaSource: the worker's input — a consumer-group member.
//
// Subscribes to a list of topics or a regular expression ("^scrubline-in-.*"),
// with the cooperative-sticky assignor. Offsets are never auto-stored: the
// worker calls StoreOffset only when every output of an input has been
// delivered (at-least-once); librdkafka's auto-commit then commits what was
// stored, and Close() commits synchronously.
//
// Not thread-safe: one thread polls and stores. Views in ConsumedRecord are
// valid until the next Poll() or Close().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/status.h"
#include "pipeline/kafka/kafka_options.h"

// librdkafka's consumer group metadata (rd_kafka_consumer_group_metadata_t),
// kept opaque here.
struct rd_kafka_consumer_group_metadata_s;

namespace scrubline {

struct ConsumedRecord {
  std::string_view topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::int64_t timestamp_ms = -1;  // the record's Kafka timestamp (create or log-append time), -1 if none
  bool has_key = false;
  std::string_view key;
  std::string_view value;
};

struct ConsumedHeader {
  std::string_view name;
  std::string_view value;
};

struct TopicPartition {
  std::string topic;
  std::int32_t partition = 0;
  bool operator==(const TopicPartition&) const = default;
};

// The consumer's group membership (group, generation, member id), sent with
// a transaction's offsets so the group coordinator fences zombie members.
struct GroupMetadataDeleter {
  void operator()(rd_kafka_consumer_group_metadata_s* m) const;
};
using GroupMetadata = std::unique_ptr<rd_kafka_consumer_group_metadata_s, GroupMetadataDeleter>;

struct KafkaSourceOptions {
  KafkaClientOptions client;
  std::string group_id;
  std::vector<std::string> topics;  // either topics ...
  std::string pattern;              // ... or a regex; a leading '^' is added if missing
                                    // (librdkafka treats only '^...' as a regex)
  // Called from Poll() on the polling thread, inside the rebalance.
  std::function<void(const std::vector<TopicPartition>&)> on_assigned;
  std::function<void(const std::vector<TopicPartition>&)> on_revoked;
  // false: offsets are committed only through a transaction
  // (KafkaSink::SendOffsetsToTransaction), never by the consumer.
  bool auto_commit = true;
};
// Rebalances follow the protocol librdkafka negotiates: with the default
// cooperative-sticky assignor on_assigned/on_revoked carry only the partitions
// that move (incremental); with an eager assignor set through
// `client.properties` they carry the whole assignment. on_revoked runs before
// the partitions are given up (stored offsets of revoked partitions are still
// committed), also for lost partitions and from inside Close() — which the
// destructor calls, so whatever the callbacks touch must outlive the source.
//
// Defaults (overridable through client.properties, except that
// enable.auto.offset.store must stay false): partition.assignment.strategy=
// cooperative-sticky, enable.auto.commit=true, auto.offset.reset=earliest.

class KafkaSource {
 public:
  static StatusOr<std::unique_ptr<KafkaSource>> Create(const KafkaSourceOptions& options);
  ~KafkaSource();

  // Clears `batch`, then fills it with up to `max_records` (>= 1) records,
  // waiting at most `timeout_ms` for the first and not at all for the rest.
  // Serves rebalance callbacks. Partition EOF and transient errors are not
  // records; a fatal consumer error is returned as a Status (batch empty).
  // Allocates nothing once `batch` has reached its working capacity.
  Status Poll(int timeout_ms, std::size_t max_records, std::vector<ConsumedRecord>& batch);
  // Clears `out`, then appends the headers of batch[batch_index] from the last
  // Poll (views valid until the next Poll). The worker drops input headers;
  // tests and tools read output headers with this.
  Status ReadHeaders(std::size_t batch_index, std::vector<ConsumedHeader>& out) const;
  // Marks everything below `next_offset` on (topic, partition) as processed.
  Status StoreOffset(std::string_view topic, std::int32_t partition, std::int64_t next_offset);
  // Back-pressure: stops (or restarts) fetching for every assigned partition,
  // and for partitions assigned while paused. The member stays in its group:
  // keep calling Poll(), which serves rebalances and may still hand out
  // records fetched before the pause.
  Status Pause();
  Status Resume();
  bool paused() const;

  // Exactly-once support (KafkaSink transactions). The current group
  // metadata, for SendOffsetsToTransaction.
  GroupMetadata CurrentGroupMetadata() const;
  // Moves each partition's fetch position to its offset; what was fetched
  // past it is dropped and fetched again. After an aborted transaction the
  // worker rewinds to the first offset of the batch it could not commit.
  Status Seek(const std::vector<TopicPartitionOffset>& positions, int timeout_ms);
  // Commits stored offsets now (synchronously).
  Status Commit();
  // Commits stored offsets and leaves the group. Idempotent.
  Status Close();

  // Consumer events that were neither records nor fatal (partition EOF,
  // transport errors, a subscribed topic that does not exist yet...), for
  // metrics; the last one (names and codes only) for logs.
  std::uint64_t skipped_event_count() const;
  Status last_skipped_error() const;

  struct Impl;

 private:
  explicit KafkaSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
