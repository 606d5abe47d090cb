#include "pipeline/worker_health.h"

#include <chrono>
#include <string>

namespace scrubline {

std::int64_t WorkerHealth::NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Readiness WorkerHealth::Check(std::int64_t now_ms) const {
  Readiness r;
  const auto problem = [&r](const std::string& what) {
    if (!r.detail.empty()) r.detail += "; ";
    r.detail += what;
  };
  if (!running_.load(std::memory_order_relaxed)) problem("worker not running");
  if (opt_outs_pending_.load(std::memory_order_relaxed)) {
    problem("opt-out topic not read to its end yet");
  }
  if (assigned_.load(std::memory_order_relaxed) <= 0) problem("no input partitions assigned");
  if (!producer_connected_.load(std::memory_order_relaxed)) problem("producer not connected");
  const std::uint64_t in_flight = in_flight_.load(std::memory_order_relaxed);
  const std::int64_t idle_ms = now_ms - last_progress_ms_.load(std::memory_order_relaxed);
  if (in_flight > 0 && idle_ms > stall_after_ms_) {
    problem("stalled: " + std::to_string(in_flight) + " inputs in flight, no progress for " +
            std::to_string(idle_ms / 1000) + " s");
  }
  r.ready = r.detail.empty();
  return r;
}

}  // namespace scrubline
