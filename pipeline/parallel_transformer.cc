#include "pipeline/parallel_transformer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace scrubline {
namespace {

// Records claimed at once. At ~10 us per message record a chunk is ~0.2 ms
// of work: the shared counter is touched rarely, and the last chunks still
// spread over the threads.
constexpr std::size_t kChunk = 16;

}  // namespace

struct ParallelTransformer::Impl {
  std::vector<std::unique_ptr<Transformer>> transformers;  // [0]: the caller's
  std::vector<std::thread> helpers;                        // helper i uses transformers[i + 1]

  std::mutex mutex;
  std::condition_variable work_ready;  // helpers wait for a new generation
  std::condition_variable work_done;   // the caller waits for active == 0
  std::uint64_t generation = 0;        // bumped per batch handed to the helpers
  std::size_t active = 0;              // helpers still working on this generation
  bool stopping = false;

  // The current batch; written under `mutex` before `generation` changes.
  const InputRecord* inputs = nullptr;
  OutputBatch* outputs = nullptr;
  std::size_t count = 0;
  std::atomic<std::size_t> next{0};  // the first record not yet claimed

  // Claims chunks until none is left.
  void Drain(Transformer& transformer) {
    for (;;) {
      const std::size_t begin = next.fetch_add(kChunk, std::memory_order_relaxed);
      if (begin >= count) return;
      const std::size_t end = std::min(count, begin + kChunk);
      for (std::size_t i = begin; i < end; ++i) transformer.Classify(inputs[i], outputs[i]);
    }
  }

  void HelperLoop(Transformer& transformer) {
    std::uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      work_ready.wait(lock, [&] { return stopping || generation != seen; });
      if (stopping) return;
      seen = generation;
      lock.unlock();
      Drain(transformer);
      lock.lock();
      if (--active == 0) work_done.notify_one();
    }
  }
};

std::size_t ProcessingThreads(std::size_t configured) {
  if (configured > 0) return configured;
  return std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

StatusOr<std::unique_ptr<ParallelTransformer>> ParallelTransformer::Create(
    std::shared_ptr<const CompiledPipeline> pipeline, Stats* stats, std::size_t threads) {
  if (threads == 0) return InvalidArgumentError("parallel transformer: threads must be at least 1");
  auto impl = std::make_unique<Impl>();
  for (std::size_t t = 0; t < threads; ++t) {
    auto transformer = Transformer::Create(pipeline, stats);
    if (!transformer.ok()) return transformer.status();
    impl->transformers.push_back(std::move(*transformer));
  }
  // Helpers start last: nothing above can fail once one runs.
  Impl* raw = impl.get();
  for (std::size_t t = 1; t < threads; ++t) {
    Transformer* transformer = impl->transformers[t].get();
    impl->helpers.emplace_back([raw, transformer] { raw->HelperLoop(*transformer); });
  }
  return std::unique_ptr<ParallelTransformer>(new ParallelTransformer(std::move(impl)));
}

ParallelTransformer::ParallelTransformer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ParallelTransformer::~ParallelTransformer() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->work_ready.notify_all();
  for (std::thread& helper : impl_->helpers) helper.join();
}

Status ParallelTransformer::UseOptOuts(const OptOutTable* table) {
  for (auto& transformer : impl_->transformers) {
    SCRUBLINE_RETURN_IF_ERROR(transformer->UseOptOuts(table));
  }
  return Status::Ok();
}

std::size_t ParallelTransformer::threads() const { return impl_->transformers.size(); }

void ParallelTransformer::ProcessBatch(std::span<const InputRecord> inputs,
                                       std::vector<OutputBatch>& outputs, VelocityTracker* velocity) {
  if (outputs.size() < inputs.size()) outputs.resize(inputs.size());
  Impl& s = *impl_;
  Transformer& caller = *s.transformers[0];
  if (s.helpers.empty() || inputs.size() < 2 * kChunk) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      caller.Classify(inputs[i], outputs[i]);
      caller.Conclude(inputs[i], outputs[i], velocity);
    }
    return;
  }
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.inputs = inputs.data();
    s.outputs = outputs.data();
    s.count = inputs.size();
    s.next.store(0, std::memory_order_relaxed);
    s.active = s.helpers.size();
    ++s.generation;
  }
  s.work_ready.notify_all();
  s.Drain(caller);
  {
    std::unique_lock<std::mutex> lock(s.mutex);
    s.work_done.wait(lock, [&] { return s.active == 0; });
  }
  // In batch order, on this thread: the velocity signal sees each
  // partition's records in input order whichever thread classified them.
  for (std::size_t i = 0; i < inputs.size(); ++i) caller.Conclude(inputs[i], outputs[i], velocity);
}

}  // namespace scrubline
