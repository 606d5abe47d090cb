#include "pipeline/metrics/metrics_server.h"

#include <civetweb.h>
#include <prometheus/check_names.h>
#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <string_view>
#include <utility>

namespace scrubline {

// The one Collectable: renders Stats and the extra gauges at scrape time.
// Allocates per scrape (prometheus-cpp's interface returns fresh vectors),
// never per record.
class MetricsCollector : public prometheus::Collectable {
 public:
  MetricsCollector(const Stats& stats, std::string version)
      : stats_(stats), version_(std::move(version)) {}

  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };

  // Before Start() only: Start's release store (MetricsHttpState::started)
  // publishes gauges_ to the request threads.
  Status AddGauge(Gauge gauge) {
    if (!prometheus::CheckMetricName(gauge.name)) {
      return InvalidArgumentError("metrics gauge '" + gauge.name +
                                  "': not a valid Prometheus metric name");
    }
    if (IsBuiltInName(gauge.name) ||
        std::any_of(gauges_.begin(), gauges_.end(),
                    [&](const Gauge& g) { return g.name == gauge.name; })) {
      return InvalidArgumentError("metrics gauge '" + gauge.name + "': name already in use");
    }
    if (!gauge.read) {
      return InvalidArgumentError("metrics gauge '" + gauge.name + "': no read function");
    }
    gauges_.push_back(std::move(gauge));
    return Status::Ok();
  }

  struct CounterFamily {
    std::string name;
    std::string help;
    std::function<std::vector<MetricsServer::LabelledValue>()> read;
  };
  Status AddCounterFamily(CounterFamily family) {
    if (!prometheus::CheckMetricName(family.name) || IsBuiltInName(family.name) || !family.read) {
      return InvalidArgumentError("metrics family '" + family.name +
                                  "': invalid or taken name, or no read function");
    }
    families_.push_back(std::move(family));
    return Status::Ok();
  }

  void SetUp(bool up) { up_.store(up, std::memory_order_relaxed); }

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> families;
    families.reserve(16 + gauges_.size());
#define SCRUBLINE_X(member, name, help) \
  families.push_back(Counter(name, help, Stats::Read(stats_.member)));
    SCRUBLINE_PLAIN_COUNTERS(SCRUBLINE_X)
#undef SCRUBLINE_X
    families.push_back(Labelled("scrubline_records_out_total", "Output records produced, by kind",
                                "kind", stats_.records_out, [](std::size_t i) {
                                  return OutputKindName(static_cast<OutputKind>(i));
                                }));
    families.push_back(
        Labelled("scrubline_detections_total", "Personal-data detections, by entity type", "type",
                 stats_.detections,
                 [](std::size_t i) { return EntityTypeName(static_cast<EntityType>(i)); }));
    families.push_back(
        Labelled("scrubline_actions_total", "Policy actions applied to fields, by action", "action",
                 stats_.actions, [](std::size_t i) { return ActionName(static_cast<Action>(i)); }));
    families.push_back(Labelled(
        "scrubline_dead_letters_total", "Records routed to the dead-letter topic, by error code",
        "code", stats_.dead_letters,
        [](std::size_t i) { return ErrorCodeName(static_cast<ErrorCode>(i)); }));
    families.push_back(Labelled(
        "scrubline_aup_alerts_total", "Acceptable-use alerts produced, by category", "category",
        stats_.aup_alerts,
        [](std::size_t i) { return AupCategoryName(static_cast<AupCategory>(i)); }));
    {
      prometheus::MetricFamily keywords = Labelled(
          "scrubline_aup_keywords_total",
          "Message bodies that were an opt-out, help or opt-in keyword (never scored)", "keyword",
          stats_.aup_keywords,
          [](std::size_t i) { return MessageKeywordName(static_cast<MessageKeyword>(i)); });
      keywords.metric.erase(keywords.metric.begin());  // "none" is not a keyword
      families.push_back(std::move(keywords));
    }
    ReviewFamilies(families);
    families.push_back(LatencyHistogram());

    prometheus::MetricFamily build_info =
        GaugeFamily("scrubline_build_info", "Build of the running worker (value is always 1)", 1.0);
    build_info.metric.front().label.push_back({"version", version_});
    families.push_back(std::move(build_info));
    families.push_back(GaugeFamily("scrubline_up",
                                   "1 while the worker is running, 0 once it stopped or failed",
                                   up_.load(std::memory_order_relaxed) ? 1.0 : 0.0));
    for (const Gauge& gauge : gauges_) {
      families.push_back(GaugeFamily(gauge.name, gauge.help, gauge.read()));
    }
    for (const CounterFamily& source : families_) {
      prometheus::MetricFamily family{source.name, source.help, prometheus::MetricType::Counter, {}};
      for (const auto& series : source.read()) {
        auto& metric = family.metric.emplace_back();
        for (const auto& [label, value] : series.labels) metric.label.push_back({label, value});
        metric.counter.value = series.value;
      }
      families.push_back(std::move(family));
    }
    return families;
  }

 private:
  static bool IsBuiltInName(const std::string& name) {
#define SCRUBLINE_X(member, metric_name, help) \
  if (name == metric_name) return true;
    SCRUBLINE_PLAIN_COUNTERS(SCRUBLINE_X)
#undef SCRUBLINE_X
    for (const char* builtin :
         {"scrubline_records_out_total", "scrubline_detections_total", "scrubline_actions_total",
          "scrubline_dead_letters_total", "scrubline_aup_alerts_total",
          "scrubline_aup_keywords_total", "scrubline_aup_feedback_total",
          "scrubline_aup_rule_feedback_total", "scrubline_aup_rule_precision",
          "scrubline_build_info", "scrubline_up",
          "scrubline_added_latency_seconds"}) {
      if (name == builtin) return true;
    }
    return false;
  }

  // Reviewers' verdicts (topics.feedback): by the alert's category, by
  // declared rule, and each rule's precision in production.
  void ReviewFamilies(std::vector<prometheus::MetricFamily>& families) const {
    constexpr std::array<const char*, 2> kVerdicts = {"spam", "ham"};
    prometheus::MetricFamily by_category{
        "scrubline_aup_feedback_total",
        "Reviewer verdicts on acceptable-use alerts, by the alert's category (spam: confirmed, ham: false alarm)",
        prometheus::MetricType::Counter, {}};
    for (std::size_t c = 0; c < kAupCategoryCount; ++c) {
      for (std::size_t v = 0; v < kVerdicts.size(); ++v) {
        auto& metric = by_category.metric.emplace_back();
        metric.label.push_back({"category", std::string(AupCategoryName(static_cast<AupCategory>(c)))});
        metric.label.push_back({"verdict", kVerdicts[v]});
        metric.counter.value = static_cast<double>(Stats::Read(stats_.aup_feedback[c][v]));
      }
    }
    families.push_back(std::move(by_category));
    prometheus::MetricFamily by_rule{
        "scrubline_aup_rule_feedback_total",
        "Reviewer verdicts on acceptable-use alerts, by each rule the alert declared",
        prometheus::MetricType::Counter, {}};
    prometheus::MetricFamily precision{
        "scrubline_aup_rule_precision",
        "Share of reviewed alerts declaring the rule that reviewers confirmed as spam",
        prometheus::MetricType::Gauge, {}};
    for (const ReviewTally::RuleCounts& rule : stats_.aup_rule_feedback.Snapshot()) {
      for (std::size_t v = 0; v < kVerdicts.size(); ++v) {
        auto& metric = by_rule.metric.emplace_back();
        metric.label.push_back({"rule", rule.rule});
        metric.label.push_back({"verdict", kVerdicts[v]});
        metric.counter.value = static_cast<double>(v == 0 ? rule.spam : rule.ham);
      }
      auto& metric = precision.metric.emplace_back();
      metric.label.push_back({"rule", rule.rule});
      metric.gauge.value = rule.precision();
    }
    families.push_back(std::move(by_rule));
    families.push_back(std::move(precision));
  }

  prometheus::MetricFamily LatencyHistogram() const {
    prometheus::MetricFamily family{
        "scrubline_added_latency_seconds",
        "From an input's Kafka timestamp to the delivery report of its last output",
        prometheus::MetricType::Histogram,
        {}};
    prometheus::ClientMetric& metric = family.metric.emplace_back();
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < stats_.latency_buckets.size(); ++b) {
      cumulative += Stats::Read(stats_.latency_buckets[b]);
      prometheus::ClientMetric::Bucket bucket;
      bucket.cumulative_count = cumulative;
      bucket.upper_bound = b < kLatencyBucketsMs.size()
                               ? static_cast<double>(kLatencyBucketsMs[b]) / 1000.0
                               : std::numeric_limits<double>::infinity();
      metric.histogram.bucket.push_back(bucket);
    }
    metric.histogram.sample_count = cumulative;
    metric.histogram.sample_sum = static_cast<double>(Stats::Read(stats_.latency_sum_ms)) / 1000.0;
    return family;
  }

  static prometheus::MetricFamily Counter(const char* name, const char* help, std::uint64_t value) {
    prometheus::MetricFamily family{name, help, prometheus::MetricType::Counter, {}};
    family.metric.emplace_back().counter.value = static_cast<double>(value);
    return family;
  }

  static prometheus::MetricFamily GaugeFamily(const std::string& name, const std::string& help,
                                              double value) {
    prometheus::MetricFamily family{name, help, prometheus::MetricType::Gauge, {}};
    family.metric.emplace_back().gauge.value = value;
    return family;
  }

  // One series per label value of a closed vocabulary, zeros included.
  template <std::size_t N, typename NameFn>
  static prometheus::MetricFamily Labelled(const char* name, const char* help, const char* label,
                                           const std::array<std::atomic<std::uint64_t>, N>& values,
                                           NameFn label_value) {
    prometheus::MetricFamily family{name, help, prometheus::MetricType::Counter, {}};
    family.metric.resize(N);
    for (std::size_t i = 0; i < N; ++i) {
      family.metric[i].label.push_back({label, std::string(label_value(i))});
      family.metric[i].counter.value = static_cast<double>(Stats::Read(values[i]));
    }
    return family;
  }

  const Stats& stats_;
  const std::string version_;
  std::atomic<bool> up_{false};
  std::vector<Gauge> gauges_;
  std::vector<CounterFamily> families_;
};

namespace {

// "host:port" with a numeric port: the form civetweb's listening_ports takes.
bool SplitListen(const std::string& listen, std::string& host, std::string& port) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) return false;
  host = listen.substr(0, colon);
  port = listen.substr(colon + 1);
  return port.size() <= 5 &&
         std::all_of(port.begin(), port.end(),
                     [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }) &&
         std::stoi(port) <= 65535;
}

}  // namespace

// Everything the request threads read. Filled before Start() publishes it
// (`started` is released after the last write and acquired by every
// request).
struct MetricsHttpState {
  std::shared_ptr<MetricsCollector> collector;
  std::function<Readiness()> readiness;
  std::atomic<bool> started{false};
};

namespace {

void Reply(mg_connection* conn, int status, const char* reason, const char* content_type,
           const std::string& body) {
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            status, reason, content_type, body.size());
  mg_write(conn, body.data(), body.size());
}

bool IsGet(mg_connection* conn) {
  const mg_request_info* info = mg_get_request_info(conn);
  return info != nullptr && info->request_method != nullptr &&
         (std::string_view(info->request_method) == "GET" ||
          std::string_view(info->request_method) == "HEAD");
}

int OnMetrics(mg_connection* conn, void* data) {
  const auto* h = static_cast<const MetricsHttpState*>(data);
  if (!IsGet(conn)) {
    Reply(conn, 405, "Method Not Allowed", "text/plain", "GET only\n");
    return 405;
  }
  if (!h->started.load(std::memory_order_acquire)) {
    Reply(conn, 404, "Not Found", "text/plain", "metrics not started\n");
    return 404;
  }
  const std::string body = prometheus::TextSerializer().Serialize(h->collector->Collect());
  Reply(conn, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", body);
  return 200;
}

int OnHealthz(mg_connection* conn, void*) {
  Reply(conn, 200, "OK", "text/plain", "alive\n");
  return 200;
}

int OnReadyz(mg_connection* conn, void* data) {
  const auto* h = static_cast<const MetricsHttpState*>(data);
  Readiness r;
  if (!h->started.load(std::memory_order_acquire)) {
    r.detail = "not started";
  } else if (h->readiness) {
    r = h->readiness();
  } else {
    r.ready = true;
  }
  if (r.ready) {
    Reply(conn, 200, "OK", "text/plain", "ready\n");
    return 200;
  }
  Reply(conn, 503, "Service Unavailable", "text/plain", "not ready: " + r.detail + "\n");
  return 503;
}

// civetweb logs bind failures and client hiccups itself; our error says
// what matters, and nothing a client sends reaches a log.
int QuietLog(const mg_connection*, const char*) { return 1; }

}  // namespace

MetricsServer::MetricsServer(std::unique_ptr<MetricsHttpState> handlers, mg_context* server,
                             int port,
                             std::string address)
    : handlers_(std::move(handlers)), server_(server), port_(port), address_(std::move(address)) {}

MetricsServer::~MetricsServer() {
  // Stop the HTTP threads first: they may be inside a handler.
  mg_stop(server_);
  mg_exit_library();
}

StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Create(const std::string& listen,
                                                               const Stats& stats,
                                                               std::string version) {
  std::string host;
  std::string port;
  if (!SplitListen(listen, host, port)) {
    return InvalidArgumentError("metrics listen address: expected host:port");
  }
  auto handlers = std::make_unique<MetricsHttpState>();
  handlers->collector = std::make_shared<MetricsCollector>(stats, std::move(version));
  mg_init_library(0);
  mg_callbacks callbacks{};
  callbacks.log_message = QuietLog;
  const char* options[] = {"listening_ports", listen.c_str(), "num_threads", "2", nullptr};
  mg_context* server = mg_start(&callbacks, nullptr, options);
  if (server == nullptr) {
    mg_exit_library();
    return UnavailableError("metrics listen address " + listen +
                            ": cannot listen (port in use or address not available)");
  }
  mg_server_port ports[4] = {};
  const int n = mg_get_server_ports(server, 4, ports);
  if (n < 1 || ports[0].port <= 0) {
    mg_stop(server);
    mg_exit_library();
    return UnavailableError("metrics listen address " + listen + ": no listening port");
  }
  mg_set_request_handler(server, "/metrics$", OnMetrics, handlers.get());
  mg_set_request_handler(server, "/healthz$", OnHealthz, nullptr);
  mg_set_request_handler(server, "/readyz$", OnReadyz, handlers.get());
  const int bound = ports[0].port;
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(handlers), server, bound,
                                                          host + ":" + std::to_string(bound)));
}

Status MetricsServer::AddGauge(std::string name, std::string help, std::function<double()> read) {
  if (started_) {
    return FailedPreconditionError("metrics gauge '" + name + "': added after Start()");
  }
  return handlers_->collector->AddGauge({std::move(name), std::move(help), std::move(read)});
}

Status MetricsServer::AddCounterFamily(std::string name, std::string help,
                                       std::function<std::vector<LabelledValue>()> read) {
  if (started_) {
    return FailedPreconditionError("metrics family '" + name + "': added after Start()");
  }
  return handlers_->collector->AddCounterFamily({std::move(name), std::move(help), std::move(read)});
}

Status MetricsServer::SetReadiness(std::function<Readiness()> check) {
  if (started_) return FailedPreconditionError("metrics readiness check set after Start()");
  handlers_->readiness = std::move(check);
  return Status::Ok();
}

Status MetricsServer::Start() {
  if (started_) return FailedPreconditionError("metrics server already started");
  started_ = true;
  handlers_->collector->SetUp(true);
  handlers_->started.store(true, std::memory_order_release);
  return Status::Ok();
}

void MetricsServer::SetUp(bool up) { handlers_->collector->SetUp(up); }

}  // namespace scrubline
