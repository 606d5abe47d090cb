// Shared set-up of the worker integration tests: a worker config for the
// mock cluster, and WorkerOptions built member by member (aggregate
// initialisation would have to name every optional member).
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "pipeline/worker.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline::testing {

// Input topic "messages", consumer group `group`, the fast client settings.
inline Config MockWorkerConfig(const std::string& bootstrap, const std::string& group) {
  Config config;
  config.bootstrap = bootstrap;
  config.group_id = group;
  config.input_topics = {"messages"};
  config.kafka_properties = FastClient(bootstrap).properties;
  return config;
}

inline WorkerOptions MakeWorkerOptions(const Config& config,
                                       std::shared_ptr<const CompiledPipeline> pipeline,
                                       Stats* stats, const std::atomic<bool>* stop) {
  WorkerOptions options;
  options.config = config;
  options.pipeline = std::move(pipeline);
  options.stats = stats;
  options.stop = stop;
  return options;
}

}  // namespace scrubline::testing
