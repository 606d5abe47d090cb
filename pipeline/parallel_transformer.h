// ParallelTransformer: one batch of input records through several
// Transformers at once, each record's outputs in its own slot.
//
// The worker's loop thread polls a batch, hands it here, and then produces
// the outputs itself in batch order. So the outputs of one input partition
// leave in input order however the records were spread over threads, and
// the delivery bookkeeping (OffsetTracker, KafkaSink callbacks) stays on one
// thread. That order is also why any record may go to any thread: a
// Transformer keeps no state from one record to the next. The one signal
// that does, bulk-messaging velocity, is applied afterwards on the calling
// thread in batch order (Transformer::Conclude), from a VelocityTracker the
// caller owns: it outlives policy reloads and drops revoked partitions.
//
// Records are claimed in small chunks from a shared counter, so a slow
// record (a long body) does not hold back the others; the calling thread
// takes part. A batch of fewer than two chunks runs on the caller alone:
// waking helpers costs more than it saves. Each thread owns one Transformer
// (its scratch buffers); all share one CompiledPipeline and the Stats.
//
// Between ProcessBatch calls the caller may change what the transformers
// read (the live opt-out table); during a call it must not. ProcessBatch
// is called from one thread at a time.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "classifiers/base/status.h"
#include "pipeline/compiled_pipeline.h"
#include "pipeline/metrics/stats.h"
#include "pipeline/transform.h"

namespace scrubline {

class ParallelTransformer {
 public:
  // `threads` >= 1 counts the calling thread: threads - 1 helpers start.
  // `stats` may be null.
  static StatusOr<std::unique_ptr<ParallelTransformer>> Create(
      std::shared_ptr<const CompiledPipeline> pipeline, Stats* stats, std::size_t threads);
  ~ParallelTransformer();  // stops and joins the helpers
  ParallelTransformer(const ParallelTransformer&) = delete;
  ParallelTransformer& operator=(const ParallelTransformer&) = delete;

  // Every transformer checks records against `table` (Transformer::UseOptOuts).
  Status UseOptOuts(const OptOutTable* table);

  // outputs[i] = the outputs for inputs[i] (Transformer::Classify, then
  // Conclude with `velocity`, which may be null: no velocity signal).
  // `outputs` grows to inputs.size() when shorter and is never shrunk, so
  // its buffers are reused from batch to batch.
  void ProcessBatch(std::span<const InputRecord> inputs, std::vector<OutputBatch>& outputs,
                    VelocityTracker* velocity = nullptr);

  std::size_t threads() const;

  struct Impl;

 private:
  explicit ParallelTransformer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The processing threads of a worker: `configured`, or one per CPU core
// when it is 0 (at least 1).
std::size_t ProcessingThreads(std::size_t configured);

}  // namespace scrubline
