#include "pipeline/kafka/offset_tracker.h"

#include <cassert>
#include <cstdio>
#include <cstdlib>

namespace scrubline {

namespace {

constexpr int kSlotShift = 48;
constexpr int kGenerationShift = 32;

std::uint64_t MakeToken(std::uint32_t slot, std::uint16_t generation, std::uint32_t seq) {
  return (static_cast<std::uint64_t>(slot + 1) << kSlotShift) |
         (static_cast<std::uint64_t>(generation) << kGenerationShift) | seq;
}

}  // namespace

std::uint32_t OffsetTracker::SlotFor(std::string_view topic, std::int32_t partition) {
  if (last_slot_ < partitions_.size()) {
    const PartitionState& last = partitions_[last_slot_];
    if (last.partition == partition && last.topic == topic) return last_slot_;
  }
  const std::pair<std::string_view, std::int32_t> key(topic, partition);
  if (auto it = index_.find(key); it != index_.end()) {
    last_slot_ = it->second;
    return last_slot_;
  }
  if (partitions_.size() >= kMaxSlots) {
    // A worker owns far fewer partitions; running on would mis-track offsets.
    std::fprintf(stderr, "scrubline: OffsetTracker: more than %u partitions tracked\n",
                 static_cast<unsigned>(kMaxSlots));
    std::abort();
  }
  const auto slot = static_cast<std::uint32_t>(partitions_.size());
  PartitionState& state = partitions_.emplace_back();
  state.topic = std::string(topic);
  state.partition = partition;
  index_.emplace(std::pair<std::string, std::int32_t>(state.topic, partition), slot);
  last_slot_ = slot;
  return slot;
}

OffsetTracker::Entry* OffsetTracker::Find(std::uint64_t token, PartitionState** state,
                                          std::uint32_t* slot) {
  const auto slot_plus_one = static_cast<std::uint32_t>(token >> kSlotShift);
  if (slot_plus_one == 0 || slot_plus_one > partitions_.size()) return nullptr;
  PartitionState& st = partitions_[slot_plus_one - 1];
  if (static_cast<std::uint16_t>(token >> kGenerationShift) != st.generation) return nullptr;
  // Unsigned wrap-around makes this correct across the 2^32 sequence wrap as
  // long as fewer than 2^32 inputs of one partition are in flight.
  const std::uint32_t index = static_cast<std::uint32_t>(token) - st.front_seq;
  if (index >= st.entries.size()) return nullptr;  // already popped, or never issued
  *state = &st;
  *slot = slot_plus_one - 1;
  return &st.entries[index];
}

void OffsetTracker::MarkDirty(PartitionState& state, std::uint32_t slot) {
  if (!state.dirty) {
    state.dirty = true;
    dirty_.push_back(slot);
  }
}

void OffsetTracker::Advance(PartitionState& state, std::uint32_t slot) {
  bool moved = false;
  while (!state.entries.empty()) {
    const Entry& front = state.entries.front();
    if (front.pending > 0 || front.failed) break;
    state.done_next = front.offset + 1;
    in_flight_bytes_ -= front.bytes;
    state.entries.pop_front();
    ++state.front_seq;
    --in_flight_;
    moved = true;
  }
  if (moved) MarkDirty(state, slot);
}

std::uint64_t OffsetTracker::Begin(std::string_view topic, std::int32_t partition,
                                   std::int64_t offset, int pending_outputs,
                                   std::size_t bytes, std::int64_t timestamp_ms) {
  const std::uint32_t slot = SlotFor(topic, partition);
  PartitionState& state = partitions_[slot];
  assert(offset > state.last_begun && "offsets of a partition must be Begun in increasing order");
  state.last_begun = offset;
  const std::uint32_t seq = state.front_seq + static_cast<std::uint32_t>(state.entries.size());
  const std::uint64_t token = MakeToken(slot, state.generation, seq);
  const int pending = pending_outputs > 0 ? pending_outputs : 0;
  if (pending == 0 && state.entries.empty()) {
    // Nothing to wait for and nothing before it: done at once.
    state.done_next = offset + 1;
    ++state.front_seq;
    MarkDirty(state, slot);
    return token;
  }
  state.entries.push_back(Entry{offset, pending, false, bytes, timestamp_ms});
  ++in_flight_;
  in_flight_bytes_ += bytes;
  return token;
}

bool OffsetTracker::Ack(std::uint64_t token, std::int64_t* timestamp_ms) {
  PartitionState* state = nullptr;
  std::uint32_t slot = 0;
  Entry* entry = Find(token, &state, &slot);
  if (entry == nullptr || entry->pending == 0) return false;  // stale or duplicate
  if (--entry->pending != 0 || entry->failed) return false;
  if (timestamp_ms != nullptr) *timestamp_ms = entry->timestamp_ms;
  if (entry == &state->entries.front()) Advance(*state, slot);  // may pop `entry`
  return true;
}

void OffsetTracker::Fail(std::uint64_t token) {
  PartitionState* state = nullptr;
  std::uint32_t slot = 0;
  Entry* entry = Find(token, &state, &slot);
  if (entry == nullptr || entry->pending == 0) return;  // stale or duplicate
  --entry->pending;
  entry->failed = true;
  ++failed_;
}

void OffsetTracker::TakeCommittable(std::vector<Committable>& out) {
  for (const std::uint32_t slot : dirty_) {
    PartitionState& state = partitions_[slot];
    state.dirty = false;
    if (state.done_next > state.committed_next) {
      out.push_back(Committable{state.topic, state.partition, state.done_next});
      state.committed_next = state.done_next;
    }
  }
  dirty_.clear();
}

void OffsetTracker::Forget(std::string_view topic, std::int32_t partition) {
  const std::pair<std::string_view, std::int32_t> key(topic, partition);
  auto it = index_.find(key);
  if (it == index_.end()) return;
  PartitionState& state = partitions_[it->second];
  in_flight_ -= state.entries.size();
  for (const Entry& e : state.entries) in_flight_bytes_ -= e.bytes;
  state.entries.clear();
  ++state.generation;
  state.last_begun = -1;
  state.done_next = -1;
  state.committed_next = -1;
  // The slot may stay in dirty_; TakeCommittable finds nothing to report.
}

}  // namespace scrubline
