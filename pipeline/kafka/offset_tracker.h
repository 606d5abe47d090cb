// OffsetTracker: at-least-once bookkeeping per input partition.
//
// An input offset becomes committable only when every output it produced has
// a successful delivery report (or it produced none). Commits cover the
// contiguous acknowledged prefix: if offset 7 is acked but 6 is not, nothing
// past 6 is committable yet.
//
// Offsets of one partition must be Begun in increasing order (one consuming
// thread). Not thread-safe; the worker calls it from its one loop thread
// (delivery callbacks run inside KafkaSink::Poll on that thread). Memory is one
// small entry per in-flight input. Begin/Ack/Fail are O(1) and allocate only
// when a partition is first seen or its deque grows; Ack/Fail of a token
// whose partition was Forgotten since (or of an already-finished input) are
// ignored. Up to 65535 distinct partitions per tracker (more aborts); a stale
// token stays recognisably stale for 65535 Forgets of its partition (16-bit
// generation).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace scrubline {

class OffsetTracker {
 public:
  struct Committable {
    std::string topic;
    std::int32_t partition;
    std::int64_t next_offset;  // commit this: everything below it is done
  };

  // Registers input (topic, partition, offset) with `pending_outputs` outputs
  // still to be acknowledged. Returns a token to pass to Ack/Fail for each.
  // `bytes` (the input's size) counts in in_flight_bytes() until it is done.
  // `timestamp_ms` (the input's Kafka timestamp, -1 if none) is handed back
  // by the Ack that completes it, for the added-latency measure.
  std::uint64_t Begin(std::string_view topic, std::int32_t partition, std::int64_t offset,
                      int pending_outputs, std::size_t bytes = 0, std::int64_t timestamp_ms = -1);
  // One output of the input behind `token` was delivered. Returns true when
  // that was its last pending output and none failed (it is delivered),
  // and then sets *timestamp_ms, if given, to its Begin timestamp.
  bool Ack(std::uint64_t token, std::int64_t* timestamp_ms = nullptr);
  // One output failed for good: the input is never committable (the worker
  // must stop or re-process) and blocks its partition's prefix until Forget.
  // Each accepted Fail counts once in failed_count().
  void Fail(std::uint64_t token);
  // Appends, for each partition whose committable prefix advanced since the
  // last call, its new next_offset.
  void TakeCommittable(std::vector<Committable>& out);
  // Drops the state of a revoked partition (its in-flight work is abandoned
  // without commit).
  void Forget(std::string_view topic, std::int32_t partition);

  // Inputs Begun and not yet part of a done prefix (nor Forgotten): waiting
  // for reports, failed, or done behind an unfinished one.
  std::size_t in_flight() const { return in_flight_; }
  // The `bytes` of those inputs.
  std::size_t in_flight_bytes() const { return in_flight_bytes_; }
  std::size_t failed_count() const { return failed_; }

 private:
  // Token layout: [63..48] slot + 1 (never 0, so a token is never 0),
  // [47..32] the slot's generation, [31..0] the input's Begin sequence number
  // within its partition. A sequence number, not the offset, so an entry is
  // found in O(1) even across offset gaps (compaction, transaction markers).
  static constexpr std::uint32_t kMaxSlots = 0xFFFF;

  struct Entry {
    std::int64_t offset;
    int pending;  // outputs still without a report
    bool failed;
    std::size_t bytes;
    std::int64_t timestamp_ms;
  };
  struct PartitionState {
    std::string topic;
    std::int32_t partition = 0;
    std::uint16_t generation = 0;      // bumped by Forget so stale tokens are ignored
    std::uint32_t front_seq = 0;       // sequence number of entries.front() (or of the next Begin)
    std::deque<Entry> entries;         // not yet part of the done prefix, in Begin order
    std::int64_t last_begun = -1;      // to check that offsets increase
    std::int64_t done_next = -1;       // contiguous done prefix: everything below is done
    std::int64_t committed_next = -1;  // last value handed out by TakeCommittable
    bool dirty = false;                // listed in dirty_
  };
  // Heterogeneous (string_view, partition) lookup: Begin allocates nothing
  // for a partition it has seen before.
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::pair<std::string_view, std::int32_t>(a.first, a.second) <
             std::pair<std::string_view, std::int32_t>(b.first, b.second);
    }
  };

  std::uint32_t SlotFor(std::string_view topic, std::int32_t partition);
  // The entry behind `token`, or nullptr when the token is stale or unknown.
  Entry* Find(std::uint64_t token, PartitionState** state, std::uint32_t* slot);
  // Pops the done prefix of `state` and marks it dirty when done_next moved.
  void Advance(PartitionState& state, std::uint32_t slot);
  void MarkDirty(PartitionState& state, std::uint32_t slot);

  std::vector<PartitionState> partitions_;  // by slot
  std::map<std::pair<std::string, std::int32_t>, std::uint32_t, KeyLess> index_;
  std::vector<std::uint32_t> dirty_;     // slots whose done_next may have advanced
  std::uint32_t last_slot_ = kMaxSlots;  // Begin's one-entry cache
  std::size_t in_flight_ = 0;
  std::size_t in_flight_bytes_ = 0;
  std::size_t failed_ = 0;
};

}  // namespace scrubline
