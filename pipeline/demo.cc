#include "pipeline/demo.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include "classifiers/crypto/key_ring.h"
#include "pipeline/compiled_pipeline.h"
#include "pipeline/file_scan.h"
#include "pipeline/flags.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/log.h"
#include "pipeline/metrics/metrics_server.h"
#include "pipeline/patterns_dir.h"
#include "pipeline/sample_events.h"
#include "pipeline/signals.h"
#include "pipeline/worker.h"

namespace scrubline {
namespace {

constexpr char kDemoUsage[] =
    "usage: scrubline demo [--duration S] [--rate N] [--patterns DIR]\n"
    "\n"
    "Starts librdkafka's mock Kafka cluster in-process, creates the topics, produces a\n"
    "steady stream of realistic message events (bodies with e-mail addresses, phone and\n"
    "card numbers, IP addresses, a share of spam and of malformed lines) and runs the\n"
    "worker on it. Prints three records before and after, then a summary every second.\n"
    "Uses a throw-away key. Stops on Ctrl-C or after --duration seconds (default: run\n"
    "until stopped).\n"
    "  --rate      input records per second (default 2000)\n";

constexpr char kDevClusterUsage[] =
    "usage: scrubline dev-cluster [--brokers N] [--partitions N] [--topics a,b,...]\n"
    "\n"
    "Runs librdkafka's mock Kafka cluster alone and prints its bootstrap address for any\n"
    "Kafka client (kcat -b ADDR -L). librdkafka 2.0.2 picks the ports itself. Creates the\n"
    "input topic 'messages' and scrubline's output topics unless --topics is given.\n"
    "Stops on Ctrl-C.\n";

constexpr int kDemoPartitions = 6;
const char* const kInputTopic = "messages";

std::vector<std::string> DefaultTopics() {
  TopicNames names;
  return {kInputTopic, names.usage, names.content, names.dead_letter};
}

void Sleep(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

int RunDevCluster(const std::vector<std::string>& args) {
  std::string error;
  auto flags = Flags::Parse(args, {"brokers", "partitions", "topics"}, {}, error);
  if (!flags) {
    std::cerr << "scrubline: " << error << "\n\n" << kDevClusterUsage;
    return 2;
  }
  if (flags->Has("help")) {
    std::cout << kDevClusterUsage;
    return 0;
  }
  const int brokers = std::atoi(flags->Get("brokers", "1").c_str());
  const int partitions = std::atoi(flags->Get("partitions", "6").c_str());
  if (brokers < 1 || partitions < 1) {
    std::cerr << "scrubline: --brokers and --partitions must be positive\n";
    return 2;
  }
  std::vector<std::string> topics = DefaultTopics();
  if (flags->Has("topics")) {
    topics.clear();
    std::string list = flags->Get("topics");
    for (std::size_t pos = 0; pos <= list.size();) {
      auto comma = list.find(',', pos);
      if (comma == std::string::npos) comma = list.size();
      if (comma > pos) topics.push_back(list.substr(pos, comma - pos));
      pos = comma + 1;
    }
  }
  auto& stop = InstallStopSignals();
  auto cluster = MockCluster::Start(brokers);
  if (!cluster.ok()) {
    LogError(cluster.status().ToString());
    return 1;
  }
  for (const auto& topic : topics) {
    if (auto st = (*cluster)->CreateTopic(topic, partitions); !st.ok()) {
      LogError(st.ToString());
      return 1;
    }
  }
  // The bootstrap line is the contract with scripts: first line on stdout.
  std::cout << "bootstrap: " << (*cluster)->bootstrap() << std::endl;
  std::cout << "topics: ";
  for (std::size_t i = 0; i < topics.size(); ++i) std::cout << (i ? "," : "") << topics[i];
  std::cout << " (" << partitions << " partitions each)" << std::endl;
  std::cout << "try: kcat -b " << (*cluster)->bootstrap() << " -L" << std::endl;
  while (!stop.load()) Sleep(100);
  std::cout << "stopping" << std::endl;
  return 0;
}

int RunDemo(const std::vector<std::string>& args) {
  std::string error;
  auto flags = Flags::Parse(args, {"duration", "rate", "patterns"}, {}, error);
  if (!flags) {
    std::cerr << "scrubline: " << error << "\n\n" << kDemoUsage;
    return 2;
  }
  if (flags->Has("help")) {
    std::cout << kDemoUsage;
    return 0;
  }
  const double duration = std::atof(flags->Get("duration", "0").c_str());
  const int rate = std::atoi(flags->Get("rate", "2000").c_str());
  if (duration < 0 || rate <= 0) {
    std::cerr << "scrubline: --duration must be >= 0 and --rate > 0\n\n" << kDemoUsage;
    return 2;
  }
  auto& stop = InstallStopSignals();

  // A throw-away key: tokens from this run join nothing else, which is the point.
  auto key_line = KeyRing::GenerateLine();
  if (!key_line.ok()) return LogError(key_line.status().ToString()), 1;
  auto keys = KeyRing::Parse(*key_line);
  if (!keys.ok()) return LogError(keys.status().ToString()), 1;
  std::cout << "demo: using a throw-away key (id " << keys->active().id
            << "); real runs need --key-file or SCRUBLINE_KEY" << std::endl;

  auto patterns = ResolvePatternsDir(flags->Get("patterns"));
  if (!patterns.ok()) return LogError(patterns.status().ToString()), 1;
  PipelineOptions pipeline_options;
  pipeline_options.patterns_dir = *patterns;
  auto pipeline = CompiledPipeline::Create(pipeline_options, std::move(*keys));
  if (!pipeline.ok()) return LogError(pipeline.status().ToString()), 1;

  auto cluster = MockCluster::Start(1);
  if (!cluster.ok()) return LogError(cluster.status().ToString()), 1;
  for (const auto& topic : DefaultTopics()) {
    if (auto st = (*cluster)->CreateTopic(topic, kDemoPartitions); !st.ok()) {
      return LogError(st.ToString()), 1;
    }
  }
  const std::string bootstrap = (*cluster)->bootstrap();

  Stats stats;
  auto metrics = MetricsServer::Create("127.0.0.1:9464", stats, SCRUBLINE_VERSION);
  if (!metrics.ok()) metrics = MetricsServer::Create("127.0.0.1:0", stats, SCRUBLINE_VERSION);
  if (!metrics.ok()) return LogError(metrics.status().ToString()), 1;
  (void)(*metrics)->AddGauge("scrubline_in_flight_records",
                             "Inputs whose outputs are not all delivered yet", &WorkerInFlight);
  WorkerHealth health;  // /readyz
  (void)(*metrics)->SetReadiness([&health] { return health.Check(WorkerHealth::NowMs()); });
  if (auto st = (*metrics)->Start(); !st.ok()) return LogError(st.ToString()), 1;
  std::cout << "demo: Kafka mock cluster at " << bootstrap << "  (kcat -b " << bootstrap
            << " -L)" << std::endl;
  std::cout << "demo: metrics at http://" << (*metrics)->address() << "/metrics" << std::endl;
  std::cout << "demo: producing " << rate << " records/s to '" << kInputTopic << "'"
            << (duration > 0 ? " for " + std::to_string(static_cast<int>(duration)) + " s" : "")
            << "; Ctrl-C stops" << std::endl;
  std::cout << "demo: the worker joins its consumer group first (the mock cluster holds a "
               "group's first join ~3 s), so the first lines read 0/s" << std::endl;

  // The producer: generated events keyed by account, at a steady rate.
  std::atomic<bool> producer_stop{false};
  std::thread producer([&] {
    KafkaSinkOptions options;
    options.client.bootstrap = bootstrap;
    auto sink = KafkaSink::Create(options, [](std::uint64_t, const Status&) {});
    if (!sink.ok()) {
      LogError("demo producer: " + sink.status().ToString());
      return;
    }
    (void)(*sink)->WarmUp(kInputTopic, 5000);
    SampleEventGenerator generator(
        {.seed = 42, .spam_share = 0.15, .malformed_share = 0.01, .campaign_share = 0.12});
    SampleEvent event;
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t sent = 0;
    while (!producer_stop.load()) {
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const auto due = static_cast<std::uint64_t>(elapsed * rate);
      while (sent < due && !producer_stop.load()) {
        generator.Next(event);
        OutboundRecord record{kInputTopic, true, event.account_sid, event.json, {}, sent};
        if (!(*sink)->Produce(record).ok()) break;
        ++sent;
      }
      (*sink)->Poll(0);
      Sleep(5);
    }
    (void)(*sink)->Flush(5000);
  });

  // Show the first three records before and after.
  std::mutex shown_mutex;
  std::vector<std::string> shown;
  Config config;
  config.bootstrap = bootstrap;
  config.group_id = "scrubline-demo";
  config.input_topics = {kInputTopic};
  config.limits.shutdown_deadline_ms = 10000;
  std::atomic<bool> worker_stop{false};
  Status worker_status;
  std::thread worker([&] {
    WorkerOptions options;
    options.config = config;
    options.pipeline = *pipeline;
    options.stats = &stats;
    options.stop = &worker_stop;
    options.health = &health;
    options.observer = [&](const InputRecord& in, const OutputBatch& out) {
      std::lock_guard<std::mutex> lock(shown_mutex);
      if (shown.size() >= 3) return;
      std::string text = "--- before (" + std::string(in.topic) + "/" +
                         std::to_string(in.partition) + "@" + std::to_string(in.offset) +
                         ")\n" + std::string(in.value) + "\n--- after\n";
      for (const Output& o : out) AppendScanLine(o, text);
      shown.push_back(std::move(text));
    };
    worker_status = RunWorker(options);
  });

  const auto start = std::chrono::steady_clock::now();
  std::uint64_t last_in = 0, last_out = 0;
  std::size_t printed = 0;
  int second = 0;
  while (!stop.load()) {
    Sleep(1000);
    ++second;
    {
      std::lock_guard<std::mutex> lock(shown_mutex);
      for (; printed < shown.size(); ++printed) std::cout << shown[printed];
    }
    const std::uint64_t in = Stats::Read(stats.records_in);
    std::uint64_t out = 0;
    for (const auto& c : stats.records_out) out += Stats::Read(c);
    std::string line = "[" + std::to_string(second) + "s] in " + std::to_string(in - last_in) +
                       "/s out " + std::to_string(out - last_out) + "/s | dead letters " +
                       std::to_string(Stats::Read(
                           stats.records_out[static_cast<std::size_t>(OutputKind::kDeadLetter)])) +
                       " | detections";
    for (std::size_t t = 0; t < kEntityTypeCount; ++t) {
      if (auto n = Stats::Read(stats.detections[t])) {
        line += " " + std::string(EntityTypeName(static_cast<EntityType>(t))) + "=" +
                std::to_string(n);
      }
    }
    line += " | alerts";
    for (std::size_t k = 0; k < kAupCategoryCount; ++k) {
      if (auto n = Stats::Read(stats.aup_alerts[k])) {
        line += " " + std::string(AupCategoryName(static_cast<AupCategory>(k))) + "=" +
                std::to_string(n);
      }
    }
    line += " | bulk " + std::to_string(Stats::Read(stats.aup_velocity_signals));
    line += " | actions";
    for (std::size_t a = 0; a < kActionCount; ++a) {
      if (auto n = Stats::Read(stats.actions[a])) {
        line += " " + std::string(ActionName(static_cast<Action>(a))) + "=" + std::to_string(n);
      }
    }
    std::cout << line << std::endl;
    last_in = in;
    last_out = out;
    if (duration > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >=
            duration) {
      break;
    }
  }
  std::cout << "demo: stopping (draining and committing)" << std::endl;
  producer_stop.store(true);
  producer.join();
  worker_stop.store(true);
  worker.join();
  if (!worker_status.ok()) {
    LogError("worker: " + worker_status.ToString());
    return 1;
  }
  std::cout << "demo: done. " << Stats::Read(stats.records_in) << " records in" << std::endl;
  return 0;
}

}  // namespace scrubline
