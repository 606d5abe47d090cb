// TopicReader: reads a topic outside any consumer group, every partition
// from a start position up to the end offsets it saw when it was created,
// then (optionally) what arrives later. Two uses: the opt-out topic
// (compacted; every replica reads it whole from the beginning before it
// processes a single record) and `scrubline dlq replay` (the dead-letter
// topic from an offset or a time).
//
// CatchUp() returns once every partition has been read up to those end
// offsets (or the deadline passes: UNAVAILABLE); PollNew() then applies what
// arrives later without waiting. Records reach `apply` in offset order per
// partition; a null value (a tombstone) arrives as std::nullopt. Nothing is
// committed.
//
// Not thread-safe: one thread. Views passed to `apply` are valid during the
// call only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classifiers/base/status.h"
#include "pipeline/kafka/kafka_options.h"

namespace scrubline {

// Where each partition is read from: its beginning, an offset (clamped to
// what the partition still holds), or the first record at or after a
// timestamp (Kafka's offsets-for-times).
struct ReadFrom {
  enum class Kind { kBeginning, kOffset, kTime };
  Kind kind = Kind::kBeginning;
  std::int64_t value = 0;  // the offset, or milliseconds since the epoch
};

// One record read, with its headers.
struct ReadRecord {
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string_view key;
  std::optional<std::string_view> value;  // nullopt: a tombstone
  std::vector<std::pair<std::string_view, std::string_view>> headers;
};

class TopicReader {
 public:
  // A record: key and value (nullopt: tombstone). An error stops the read
  // and is returned by CatchUp/PollNew.
  using Apply = std::function<Status(std::string_view key, std::optional<std::string_view> value)>;
  using ApplyRecord = std::function<Status(const ReadRecord& record)>;

  // Looks the topic up (it must exist), notes each partition's end offset
  // and assigns every partition from `from`.
  static StatusOr<std::unique_ptr<TopicReader>> Create(const KafkaClientOptions& client,
                                                       const std::string& topic, int timeout_ms,
                                                       ReadFrom from = {});
  ~TopicReader();

  Status CatchUp(const Apply& apply, int timeout_ms);
  // The same with the whole record (partition, offset, headers).
  Status CatchUpRecords(const ApplyRecord& apply, int timeout_ms);
  // Applies up to `max_records` records that are already there.
  Status PollNew(const Apply& apply, std::size_t max_records);
  // Records applied so far.
  std::uint64_t records_read() const;

  struct Impl;

 private:
  explicit TopicReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
