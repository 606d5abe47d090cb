// CompactedTopicReader: reads a whole (compacted) topic, every partition
// from its beginning, outside any consumer group — the opt-out topic, which
// every replica must know in full before it processes a single record.
//
// CatchUp() returns once every partition has been read up to the end offsets
// it saw when the reader was created (or the deadline passes: UNAVAILABLE);
// PollNew() then applies what arrives later without waiting. Records reach
// `apply` in offset order per partition; a null value (a tombstone) arrives
// as std::nullopt. Nothing is committed: each start reads the topic again,
// which is what a compacted table topic is for.
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

#include "classifiers/base/status.h"
#include "pipeline/kafka/kafka_options.h"

namespace scrubline {

class CompactedTopicReader {
 public:
  // A record: key and value (nullopt: tombstone). An error stops the read
  // and is returned by CatchUp/PollNew.
  using Apply = std::function<Status(std::string_view key, std::optional<std::string_view> value)>;

  // Looks the topic up (it must exist), notes each partition's end offset
  // and assigns every partition from the beginning.
  static StatusOr<std::unique_ptr<CompactedTopicReader>> Create(const KafkaClientOptions& client,
                                                                const std::string& topic,
                                                                int timeout_ms);
  ~CompactedTopicReader();

  Status CatchUp(const Apply& apply, int timeout_ms);
  // Applies up to `max_records` records that are already there.
  Status PollNew(const Apply& apply, std::size_t max_records);
  // Records applied so far.
  std::uint64_t records_read() const;

  struct Impl;

 private:
  explicit CompactedTopicReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
