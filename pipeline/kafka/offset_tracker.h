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
// small entry per in-flight input.
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
  std::uint64_t Begin(std::string_view topic, std::int32_t partition, std::int64_t offset,
                      int pending_outputs);
  // One output of the input behind `token` was delivered.
  void Ack(std::uint64_t token);
  // One output failed for good: the input is never committable (the worker
  // must stop or re-process). Counted in failed_count().
  void Fail(std::uint64_t token);
  // Appends, for each partition whose committable prefix advanced since the
  // last call, its new next_offset.
  void TakeCommittable(std::vector<Committable>& out);
  // Drops the state of a revoked partition (its in-flight work is abandoned
  // without commit).
  void Forget(std::string_view topic, std::int32_t partition);

  std::size_t in_flight() const { return in_flight_; }
  std::size_t failed_count() const { return failed_; }

 private:
  struct Entry {
    std::int64_t offset;
    int pending;
    bool failed;
  };
  struct PartitionState {
    std::string topic;
    std::int32_t partition;
    std::uint32_t generation;  // bumped by Forget so stale tokens are ignored
    std::int64_t first_offset = 0;  // offset of entries.front()
    std::deque<Entry> entries;
    std::int64_t committed_next = -1;  // last value handed out by TakeCommittable
    std::int64_t done_next = -1;       // contiguous done prefix
  };
  std::vector<PartitionState> partitions_;
  std::map<std::pair<std::string, std::int32_t>, std::uint32_t, std::less<>> index_;
  std::size_t in_flight_ = 0;
  std::size_t failed_ = 0;
};

}  // namespace scrubline
