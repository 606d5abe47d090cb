// Worker: `scrubline run` — consume, transform, produce, commit.
//
// One loop thread: poll a batch from the KafkaSource, run each record through
// the Transformer, produce its outputs with the KafkaSink, and store an input
// offset only when every output of it has a successful delivery report
// (at-least-once; OffsetTracker keeps the contiguous acknowledged prefix per
// partition). In-flight inputs are bounded (limits.max_in_flight_records):
// at the bound the loop serves delivery reports instead of fetching.
//
// Stops when `stop` becomes true: no more fetching, outputs flushed, acked
// offsets stored and committed, group left — within
// limits.shutdown_deadline_ms. A delivery that fails for good stops the worker
// with an error and nothing past that input is committed.
// Not thread-safe: Run() on one thread; `stop` may be set from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "classifiers/base/status.h"
#include "pipeline/compiled_pipeline.h"
#include "pipeline/config/config.h"
#include "pipeline/metrics/stats.h"
#include "pipeline/shadow.h"
#include "pipeline/worker_health.h"
#include "pipeline/transform.h"

namespace scrubline {

struct WorkerOptions {
  Config config;
  std::shared_ptr<const CompiledPipeline> pipeline;
  Stats* stats = nullptr;                  // required
  const std::atomic<bool>* stop = nullptr;  // required
  // Optional: sees every processed input and its outputs (the demo prints a few).
  std::function<void(const InputRecord&, const OutputBatch&)> observer;
  // Optional policy reload: when *reload becomes true (SIGHUP), the worker
  // clears it between batches and calls rebuild(); a pipeline that builds
  // replaces the current one for every later record, a failure (a policy
  // that fails the check, a missing file) is logged and the current one
  // stays. Counted in scrubline_policy_reloads_total /
  // scrubline_policy_reload_failures_total.
  std::atomic<bool>* reload = nullptr;
  // Optional shadow policy (policy.shadow): records go through this runner,
  // which produces the live outputs plus a bounded sample of review records.
  std::shared_ptr<ShadowRunner> shadow;
  std::function<StatusOr<std::shared_ptr<const CompiledPipeline>>()> rebuild;
  // With a shadow: rebuilds the candidate on the same reload. Both sides
  // are replaced or neither is (a candidate that fails its checks refuses
  // the whole reload). Without it the candidate stays as it was.
  std::function<StatusOr<std::shared_ptr<const CompiledPipeline>>()> rebuild_shadow;
  // Optional: kept up to date for /readyz (worker_health.h). Must outlive
  // the worker.
  WorkerHealth* health = nullptr;
  // Optional: called on the loop thread for each input whose last output
  // was delivered, with its added latency (ms from the input's Kafka
  // timestamp; the benchmark's percentiles). Also observed in
  // scrubline_added_latency_seconds.
  std::function<void(std::int64_t added_latency_ms)> on_input_delivered;
};

// Runs until *options.stop or a fatal error.
Status RunWorker(const WorkerOptions& options);

// Now on the clock of Kafka timestamps (wall-clock ms since the epoch): an
// input's added latency is KafkaClockMs() minus its timestamp.
std::int64_t KafkaClockMs();

// The in-flight gauge for metrics: inputs whose outputs are not all delivered.
double WorkerInFlight();

}  // namespace scrubline
