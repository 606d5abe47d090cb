// The transform against a same-run baseline.
//
//   Baseline/ParseSerialize: decode each record with the same JsonDecoder and
//     write it back verbatim — the floor any JSON-in/JSON-out worker pays.
//   Transform/Corpus: the full scrubline transform (decode, classify, policy,
//     tokens, redaction, headers) on the same records.
// Both report records/s (items) and MB/s (bytes), plus heap allocations per
// record (counted by a global operator new hook) to prove the hot path does
// not allocate once warm.
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "classifiers/crypto/key_ring.h"
#include "pipeline/json_decoder.h"
#include "pipeline/json_writer.h"
#include "pipeline/sample_events.h"
#include "pipeline/transform.h"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

// Counting hook: every allocation of the process goes through here.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace scrubline {
namespace {

constexpr int kCorpusRecords = 10000;

const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> corpus = [] {
    std::vector<std::string> records;
    SampleEventGenerator generator({.seed = 1, .spam_share = 0.15, .malformed_share = 0.0});
    SampleEvent event;
    for (int i = 0; i < kCorpusRecords; ++i) {
      generator.Next(event);
      records.push_back(event.json);
    }
    return records;
  }();
  return corpus;
}

void Report(benchmark::State& state, std::uint64_t bytes, std::uint64_t allocations) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["allocs_per_record"] = benchmark::Counter(
      static_cast<double>(allocations) / static_cast<double>(std::max<std::int64_t>(
                                             1, static_cast<std::int64_t>(state.iterations()))));
}

void BM_Baseline_ParseSerialize(benchmark::State& state) {
  const auto& corpus = Corpus();
  JsonDecoder decoder({});
  JsonTree tree;
  std::string out;
  std::size_t i = 0;
  std::uint64_t bytes = 0;
  for (int warm = 0; warm < 100; ++warm) (void)decoder.Decode(corpus[warm], tree);
  const auto before = g_allocations.load();
  for (auto _ : state) {
    const std::string& record = corpus[i++ % corpus.size()];
    if (decoder.Decode(record, tree)) state.SkipWithError("decode failed");
    out.clear();
    JsonWriter w(out);
    WriteTree(tree, 0, w);
    benchmark::DoNotOptimize(out.data());
    bytes += record.size();
  }
  Report(state, bytes, g_allocations.load() - before);
}
BENCHMARK(BM_Baseline_ParseSerialize);

void BM_Transform_Corpus(benchmark::State& state) {
  const auto& corpus = Corpus();
  auto keys = KeyRing::Parse("bench:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
  if (!pipeline.ok()) {
    state.SkipWithError(pipeline.status().ToString().c_str());
    return;
  }
  Stats stats;
  auto transformer = Transformer::Create(*pipeline, &stats);
  OutputBatch batch;
  std::size_t i = 0;
  std::uint64_t bytes = 0;
  for (int warm = 0; warm < 1000; ++warm) {
    (*transformer)->Process(InputRecord{"messages", 0, warm, corpus[warm]}, batch);
  }
  const auto before = g_allocations.load();
  for (auto _ : state) {
    const std::string& record = corpus[i % corpus.size()];
    (*transformer)->Process(
        InputRecord{"messages", 0, static_cast<std::int64_t>(i), record}, batch);
    benchmark::DoNotOptimize(batch.size());
    bytes += record.size();
    ++i;
  }
  Report(state, bytes, g_allocations.load() - before);
}
BENCHMARK(BM_Transform_Corpus);

// The default router over the golden file's nine records (two message logs'
// worth of shapes: a message log, a call record, three e-mail events, two
// CDP events with nested context, two records of no known shape), read over
// and over: recognising shapes, nested selectors and name rules.
void BM_Transform_MixedShapes(benchmark::State& state) {
  std::vector<std::string> records;
  {
    std::ifstream in(std::string(SCRUBLINE_SOURCE_DIR) + "/tests/golden/shapes.input.jsonl");
    for (std::string line; std::getline(in, line);) records.push_back(line);
  }
  auto keys = KeyRing::Parse("bench:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
  if (!pipeline.ok() || records.empty()) {
    state.SkipWithError("cannot build the pipeline or read the records");
    return;
  }
  auto transformer = Transformer::Create(*pipeline, nullptr);
  OutputBatch batch;
  std::uint64_t bytes = 0;
  std::size_t i = 0;
  for (int warm = 0; warm < 200; ++warm) {
    (*transformer)->Process(InputRecord{"events", 0, warm, records[warm % records.size()]}, batch);
  }
  const auto before = g_allocations.load();
  for (auto _ : state) {
    const std::string& record = records[i % records.size()];
    (*transformer)->Process(InputRecord{"events", 0, static_cast<std::int64_t>(i), record}, batch);
    benchmark::DoNotOptimize(batch.size());
    bytes += record.size();
    ++i;
  }
  Report(state, bytes, g_allocations.load() - before);
}
BENCHMARK(BM_Transform_MixedShapes);

}  // namespace
}  // namespace scrubline

BENCHMARK_MAIN();
