// scrubline-corpus N [SEED] [MALFORMED_SHARE]: writes N generated message-log
// events (~500 bytes each, JSON lines) to stdout — the benchmark corpus.
// Deterministic for a given seed.
#include <cstdlib>
#include <iostream>

#include "pipeline/sample_events.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: scrubline-corpus N [SEED] [MALFORMED_SHARE]\n";
    return 2;
  }
  const long n = std::atol(argv[1]);
  scrubline::SampleEventOptions options;
  if (argc > 2) options.seed = std::strtoull(argv[2], nullptr, 10);
  if (argc > 3) options.malformed_share = std::atof(argv[3]);
  scrubline::SampleEventGenerator generator(options);
  scrubline::SampleEvent event;
  std::ios::sync_with_stdio(false);
  for (long i = 0; i < n; ++i) {
    generator.Next(event);
    std::cout << event.json << '\n';
  }
  return 0;
}
