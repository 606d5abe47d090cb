// MetricsServer: the HTTP endpoint of a worker — GET /metrics (Prometheus
// text format), /healthz (alive) and /readyz (ready to do its work).
//
// A small civetweb server of our own: prometheus-cpp's Exposer serves only
// collectables (no 503 for /readyz) and its destructor blocks ~2 s. One
// custom collector reads a Stats at scrape time and prometheus-cpp's
// TextSerializer renders it. Nothing is copied on the hot path: the
// processor bumps Stats' relaxed atomics; a scrape reads them all and
// renders every series, including zeros for every label value of the
// closed vocabularies (output kinds, entity types, actions, error codes), so
// dashboards and alerts see each series from the first scrape.
//
// Series: the plain counters of SCRUBLINE_PLAIN_COUNTERS,
// scrubline_records_out_total{kind}, scrubline_detections_total{type},
// scrubline_actions_total{action}, scrubline_dead_letters_total{code},
// scrubline_build_info{version} = 1, scrubline_up (1 while the worker runs,
// see SetUp) and the gauges added with AddGauge.
//
// Health: /healthz answers 200 "alive" while the server runs (the process
// is not wedged: it answers). /readyz answers 200 "ready" when the
// readiness check (SetReadiness) says so, else 503 with the check's
// problems (never record data); 503 "not started" before Start(). Both are
// plain text, for Kubernetes probes.
//
// Lifecycle: Create() binds the port (an error if it is taken); /metrics
// answers 404 until Start(). AddGauge(), AddCounterFamily() and
// SetReadiness() only before Start(). The destructor stops the HTTP server
// (quickly).
//
// Thread safety: SetUp() and the getters may be called from any thread.
// The setters and Start are for the owning thread, before serving starts.
// Requests run on civetweb threads (two at most at once): gauge callbacks
// and the readiness check must be thread-safe and fast, and must outlive
// the server, as must the Stats. Not copyable or movable (civetweb threads
// hold pointers into it).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "classifiers/base/status.h"
#include "pipeline/metrics/stats.h"

struct mg_context;

namespace scrubline {

class MetricsCollector;
struct MetricsHttpState;  // metrics_server.cc

// What /readyz reports: ready, or the problems in one line ("no partitions
// assigned; producer not connected"). Never record data.
struct Readiness {
  bool ready = false;
  std::string detail;
};

class MetricsServer {
 public:
  // Binds `listen` ("host:port"; port 0 picks a free port, see port()).
  // `stats` must outlive the server. `version` is the scrubline_build_info
  // label (e.g. "0.1.0"). Errors: kInvalidArgument for a malformed address,
  // kUnavailable when the address cannot be bound (port in use, no such
  // interface).
  static StatusOr<std::unique_ptr<MetricsServer>> Create(const std::string& listen,
                                                         const Stats& stats, std::string version);
  ~MetricsServer();

  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Adds gauge `name` whose value is read(), called at each scrape (e.g.
  // in-flight records, consumer lag). Only before Start(); the name must be a
  // valid Prometheus metric name not used by another series.
  Status AddGauge(std::string name, std::string help, std::function<double()> read);

  // One labelled series of a counter family whose label values are not a
  // closed vocabulary but come from configuration (a shadow policy's
  // selectors), read at each scrape. Never from record data.
  struct LabelledValue {
    std::vector<std::pair<std::string, std::string>> labels;
    double value = 0;
  };
  // Adds counter family `name` read by read() (thread-safe, fast). Only
  // before Start().
  Status AddCounterFamily(std::string name, std::string help,
                          std::function<std::vector<LabelledValue>()> read);

  // The check /readyz runs on each request (thread-safe, fast). Without
  // one, /readyz answers 200 once started. Only before Start().
  Status SetReadiness(std::function<Readiness()> check);

  // Starts answering GET /metrics and /readyz and sets scrubline_up to 1.
  // Once only.
  Status Start();

  // scrubline_up: 1 while the worker runs; the composition root sets 0 when
  // the worker stops or fails, so an alert can tell "process up, worker down".
  void SetUp(bool up);

  // The bound TCP port (the real one when 0 was asked for).
  int port() const { return port_; }
  // "host:port" as bound, e.g. "127.0.0.1:39017".
  const std::string& address() const { return address_; }

 private:
  MetricsServer(std::unique_ptr<MetricsHttpState> handlers, mg_context* server, int port,
                std::string address);

  std::unique_ptr<MetricsHttpState> handlers_;  // what the request threads read
  mg_context* server_;                  // stopped first in the destructor
  int port_;
  std::string address_;
  bool started_ = false;
};

}  // namespace scrubline
