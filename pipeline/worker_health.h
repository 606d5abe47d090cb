// WorkerHealth: what /readyz says of a running worker. The worker thread
// writes it (relaxed atomics, a few per batch); HTTP threads read it with
// Check(). Ready means all of:
//  - the worker loop runs (set after start-up, cleared when it stops);
//  - the opt-out topic, when the worker reads one, has been read to its end;
//  - it owns at least one input partition (a member with none is idle: in
//    a group with more members than partitions, some are, by design);
//  - the producer reaches a broker (a metadata request for an output topic
//    answered lately; probed again while it does not);
//  - it is not stalled: while inputs are in flight, a batch or a delivery
//    report arrived within `stall_after_ms`.
// The problems name conditions only, never record data.
#pragma once

#include <atomic>
#include <cstdint>

#include "pipeline/metrics/metrics_server.h"

namespace scrubline {

class WorkerHealth {
 public:
  explicit WorkerHealth(std::int64_t stall_after_ms = 60000) : stall_after_ms_(stall_after_ms) {}

  void SetRunning(bool running) { running_.store(running, std::memory_order_relaxed); }
  // Only a worker that reads the opt-out topic waits for it.
  void SetOptOutsPending(bool pending) { opt_outs_pending_.store(pending, std::memory_order_relaxed); }
  // +n on assignment, -n on revocation (incremental or eager alike).
  void AddAssignedPartitions(std::int64_t delta) {
    assigned_.fetch_add(delta, std::memory_order_relaxed);
  }
  void SetProducerConnected(bool connected) {
    producer_connected_.store(connected, std::memory_order_relaxed);
  }
  // Inputs in flight now, and that the worker made progress at `now_ms`.
  void SetInFlight(std::uint64_t n) { in_flight_.store(n, std::memory_order_relaxed); }
  void NoteProgress(std::int64_t now_ms) { last_progress_ms_.store(now_ms, std::memory_order_relaxed); }

  bool producer_connected() const { return producer_connected_.load(std::memory_order_relaxed); }
  std::int64_t assigned_partitions() const { return assigned_.load(std::memory_order_relaxed); }

  Readiness Check(std::int64_t now_ms) const;

  // A monotonic clock in milliseconds, for NoteProgress and Check.
  static std::int64_t NowMs();

 private:
  const std::int64_t stall_after_ms_;
  std::atomic<bool> running_{false};
  std::atomic<bool> opt_outs_pending_{false};
  std::atomic<std::int64_t> assigned_{0};
  std::atomic<bool> producer_connected_{false};
  std::atomic<std::uint64_t> in_flight_{0};
  std::atomic<std::int64_t> last_progress_ms_{0};
};

}  // namespace scrubline
