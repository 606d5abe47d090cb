// scrubline-memory-soak [N] [SEED]: memory over a long run of the transform.
//
// Generates N message events (default 10,000,000; the demo's generator: ~15 %
// spam, 1 % malformed) one at a time and runs each through the transform
// under the shipped default router, as `scan` and `run` do, discarding the
// outputs. Prints resident memory (VmRSS) and throughput at every tenth of
// the run. Flat means the RSS after the first tenth does not grow with N:
// per-record buffers are reused, caches are bounded. Not for CI.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "classifiers/crypto/key_ring.h"
#include "pipeline/sample_events.h"
#include "pipeline/transform.h"

namespace {

long ResidentKiB() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace scrubline;
  const long long n = argc > 1 ? std::atoll(argv[1]) : 10'000'000LL;
  const unsigned seed = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 1;
  if (n <= 0) {
    std::fprintf(stderr, "usage: scrubline-memory-soak [N] [SEED]\n");
    return 2;
  }
  auto keys = KeyRing::Parse("soak:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
  if (!pipeline.ok()) {
    std::fprintf(stderr, "%s\n", pipeline.status().ToString().c_str());
    return 1;
  }
  Stats stats;
  auto transformer = Transformer::Create(*pipeline, &stats);
  if (!transformer.ok()) return 1;
  SampleEventGenerator generator({.seed = seed, .spam_share = 0.15, .malformed_share = 0.01});
  SampleEvent event;
  OutputBatch batch;
  const auto start = std::chrono::steady_clock::now();
  std::printf("%12s %10s %12s\n", "records", "RSS MiB", "records/s");
  std::printf("%12d %10.1f %12s\n", 0, ResidentKiB() / 1024.0, "-");
  const long long step = std::max(1LL, n / 10);
  for (long long i = 1; i <= n; ++i) {
    generator.Next(event);
    (*transformer)->Process(InputRecord{"messages", 0, i, event.json}, batch);
    if (i % step == 0 || i == n) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("%12lld %10.1f %12.0f\n", i, ResidentKiB() / 1024.0, i / secs);
      std::fflush(stdout);
    }
  }
  std::printf("dead letters: %llu\n",
              static_cast<unsigned long long>(
                  Stats::Read(stats.records_out[static_cast<std::size_t>(OutputKind::kDeadLetter)])));
  return 0;
}
