// scrubline-memory-burst: the worker's resident memory through a tenfold
// burst, on the embedded mock cluster (the stream-worker issue's
// "Back-pressure and memory").
//
//   scrubline-memory-burst [--rate R] [--ceiling-mib M]
//
// A `scrubline run` child process (so the mock cluster's own storage, in
// this process, is not counted) reads 32 partitions fed with the demo's
// message events at R records/s (default 2,000) for 10 s; then ten times
// that rate for 5 s (produced as fast as the feeder can, so in practice a
// sudden backlog); then R again for 10 s. The child's VmRSS is sampled every
// 100 ms and reported before, during and after the burst, against the
// ceiling M (default 256 MiB). The bounds that hold it, all set in the
// child's config and printed: limits.max_in_flight_bytes (reading pauses),
// the consumer's prefetch (queued.max.messages.kbytes) and the producer's
// queue (queue.buffering.max.kbytes). It also checks that every input was
// read (the worker's scrubline_records_in_total) and committed. Not for CI
// beyond a smoke run.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/metrics/http_get.h"
#include "pipeline/sample_events.h"
#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

constexpr int kPartitions = 32;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what, const Status& status) {
  std::fprintf(stderr, "scrubline-memory-burst: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(1);
}

long ResidentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// scrubline_records_in_total from the worker's /metrics; its address is in
// its log ("metrics at http://HOST:PORT/metrics").
std::uint64_t WorkerRecordsIn(const std::string& log) {
  const std::string marker = "metrics at http://127.0.0.1:";
  const std::size_t at = log.find(marker);
  if (at == std::string::npos) return 0;
  const int port = std::atoi(log.c_str() + at + marker.size());
  auto body = HttpGet("127.0.0.1", port, "/metrics", 5000);
  if (!body.ok()) return 0;
  const std::string counter = "\nscrubline_records_in_total ";
  const std::size_t c = body->find(counter);
  if (c == std::string::npos) return 0;
  return std::strtoull(body->c_str() + c + counter.size(), nullptr, 10);
}

struct Phase {
  const char* name;
  double rate;     // records per second
  double seconds;
};

int Main(int argc, char** argv) {
  double rate = 2000;
  long ceiling_mib = 256;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rate" && i + 1 < argc) {
      rate = std::atof(argv[++i]);
    } else if (arg == "--ceiling-mib" && i + 1 < argc) {
      ceiling_mib = std::atol(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: scrubline-memory-burst [--rate R] [--ceiling-mib M]\n");
      return 2;
    }
  }
  if (rate <= 0 || ceiling_mib <= 0) {
    std::fprintf(stderr, "scrubline-memory-burst: --rate and --ceiling-mib must be positive\n");
    return 2;
  }
  auto cluster = MockCluster::Start(1);
  if (!cluster.ok()) Die("mock cluster", cluster.status());
  const std::string bootstrap = (*cluster)->bootstrap();
  for (const char* topic :
       {"messages", "scrubline.usage", "scrubline.content", "scrubline.dead_letter"}) {
    if (auto st = (*cluster)->CreateTopic(topic, kPartitions); !st.ok()) Die(topic, st);
  }
  const std::string dir = testing::TempDir();
  const char* kBounds =
      "  properties:\n"
      "    queued.max.messages.kbytes: \"16384\"\n"   // consumer prefetch: 16 MiB
      "    queue.buffering.max.kbytes: \"32768\"\n"   // producer queue: 32 MiB
      "    fetch.wait.max.ms: \"50\"\n";
  testing::WriteFile(dir + "/config.yaml",
                     "kafka:\n  bootstrap: \"" + bootstrap + "\"\n  group_id: burst\n" + kBounds +
                         "input:\n  topics: [messages]\n"
                         "metrics:\n  listen: \"127.0.0.1:0\"\n"
                         "limits:\n  max_in_flight_bytes: 16777216\n");
  std::printf("bounds: consumer prefetch 16 MiB, producer queue 32 MiB, in-flight inputs 16 MiB; "
              "ceiling %ld MiB\n", ceiling_mib);
  testing::Background worker(
      {SCRUBLINE_BINARY, "run", "--config", dir + "/config.yaml"}, dir + "/worker.log",
      {"SCRUBLINE_KEY=bench1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"});
  if (!worker.WaitFor("partitions assigned", 60)) {
    std::fprintf(stderr, "scrubline-memory-burst: the worker did not start:\n%s\n",
                 worker.Output().c_str());
    return 1;
  }

  // Sample the child's memory on a thread while this one feeds.
  std::atomic<bool> sampling{true};
  std::atomic<int> phase_index{0};
  std::vector<long> peak(3, 0);
  std::vector<long> last(3, 0);
  std::thread sampler([&] {
    while (sampling.load()) {
      const long kib = ResidentKiB(worker.pid());
      const int p = phase_index.load();
      peak[static_cast<std::size_t>(p)] = std::max(peak[static_cast<std::size_t>(p)], kib);
      last[static_cast<std::size_t>(p)] = kib;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  auto sink = KafkaSink::Create({.client = {bootstrap, {}}}, [](std::uint64_t, const Status&) {});
  if (!sink.ok()) Die("feeder", sink.status());
  SampleEventGenerator generator({.seed = 9, .spam_share = 0.15, .malformed_share = 0.01});
  SampleEvent event;
  const Phase phases[] = {{"steady", rate, 10}, {"burst (10x)", rate * 10, 5}, {"after", rate, 10}};
  std::int64_t produced = 0;
  for (int p = 0; p < 3; ++p) {
    phase_index = p;
    const Phase& phase = phases[p];
    const Clock::time_point start = Clock::now();
    const int n = static_cast<int>(phase.rate * phase.seconds);
    for (int i = 0; i < n; ++i) {
      const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(i / phase.rate));
      if (Clock::now() < due) std::this_thread::sleep_until(due);
      generator.Next(event);
      if (auto st = (*sink)->Produce({"messages", true, event.account_sid, event.json, {}, 0});
          !st.ok()) {
        Die("produce", st);
      }
      (*sink)->Poll(0);
      ++produced;
    }
    std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(phase.seconds)));
  }
  if (auto st = (*sink)->Flush(60000); !st.ok()) Die("flush", st);
  // Until every input is committed: the burst was absorbed, not dropped.
  const Clock::time_point drain_start = Clock::now();
  std::int64_t committed = 0;
  while (Clock::now() - drain_start < std::chrono::seconds(120)) {
    auto offsets = QueryCommittedOffsets({bootstrap, {}}, "burst", "messages", kPartitions, 10000);
    committed = 0;
    if (offsets.ok()) {
      for (const std::int64_t o : *offsets) committed += std::max<std::int64_t>(0, o);
    }
    if (committed == produced) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  sampling = false;
  sampler.join();
  // Committed positions alone would not show records the mock trimmed
  // before the worker read them: its records_in counter must match too.
  const std::uint64_t records_in = WorkerRecordsIn(worker.Output());
  const int exit_code = worker.Stop(SIGTERM, 60);
  for (int p = 0; p < 3; ++p) {
    std::printf("%-12s %6.0f records/s for %2.0f s: peak RSS %6.1f MiB, at the end %6.1f MiB\n",
                phases[p].name, phases[p].rate, phases[p].seconds, peak[static_cast<std::size_t>(p)] / 1024.0,
                last[static_cast<std::size_t>(p)] / 1024.0);
  }
  const long overall = *std::max_element(peak.begin(), peak.end());
  std::printf(
      "inputs %lld, read by the worker %llu, committed %lld; worker exit %d; peak %.1f MiB: %s the "
      "%ld MiB ceiling\n",
      static_cast<long long>(produced), static_cast<unsigned long long>(records_in),
      static_cast<long long>(committed), exit_code, overall / 1024.0,
      overall <= ceiling_mib * 1024 ? "under" : "OVER", ceiling_mib);
  const bool all = committed == produced && records_in == static_cast<std::uint64_t>(produced);
  return all && exit_code == 0 && overall <= ceiling_mib * 1024 ? 0 : 1;
}

}  // namespace
}  // namespace scrubline

int main(int argc, char** argv) { return scrubline::Main(argc, argv); }
