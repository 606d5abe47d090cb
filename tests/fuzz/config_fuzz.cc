// Fuzz target: ParseConfig on arbitrary YAML, with an empty environment.
//
// The configuration file is operator input, but it is YAML parsed by
// yaml-cpp, whose exceptions must never escape (errors are values) and whose
// oddities (anchors, aliases, tags, merge keys, odd scalars) must not slip
// past the checks. Invariants on success (config.h):
//  - exactly one of input.topics and input.pattern; a pattern starts with '^';
//  - kafka.bootstrap was given; policy bindings name input topics (when
//    topics are listed) and name a policy;
//  - no output topic is an input topic; no reserved Kafka property; no
//    property value still holds "${";
//  - limits are positive;
//  - parsing is deterministic (a second parse gives an equal Config).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/config/config.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  StatusOr<Config> config = ParseConfig(yaml, {});
  if (!config.ok()) {
    FUZZ_CHECK(!config.status().message().empty(), "an error says why");
    return 0;
  }
  const Config& c = *config;
  const bool has_topics = !c.input_topics.empty();
  const bool has_pattern = !c.input_pattern.empty();
  FUZZ_CHECK(has_topics != has_pattern, "exactly one of input.topics and input.pattern");
  if (has_pattern) FUZZ_CHECK(c.input_pattern.front() == '^', "input.pattern starts with '^'");
  for (const std::string* output : {&c.topics.usage, &c.topics.content, &c.topics.alerts,
                                    &c.topics.dead_letter, &c.topics.review}) {
    FUZZ_CHECK(!output->empty(), "output topics have names");
    FUZZ_CHECK(
        std::find(c.input_topics.begin(), c.input_topics.end(), *output) == c.input_topics.end(),
        "no output topic is an input topic");
  }
  for (const auto& [topic, policy] : c.policy_bindings) {
    FUZZ_CHECK(!topic.empty() && !policy.empty(), "bindings name a topic and a policy");
    if (has_topics) {
      FUZZ_CHECK(
          std::find(c.input_topics.begin(), c.input_topics.end(), topic) != c.input_topics.end(),
          "bindings name input topics");
    }
  }
  for (const auto& [name, value] : c.kafka_properties) {
    FUZZ_CHECK(name != "bootstrap.servers" && name != "metadata.broker.list" &&
                   name != "group.id" && name != "enable.auto.offset.store",
               "reserved properties are refused");
    FUZZ_CHECK(value.find("${") == std::string::npos, "no unresolved placeholder");
  }
  const Limits& l = c.limits;
  FUZZ_CHECK(l.max_record_bytes > 0 && l.max_depth > 0 && l.max_fields > 0 &&
                 l.max_in_flight_records > 0 && l.batch_size > 0 && l.shutdown_deadline_ms > 0,
             "limits are positive");

  StatusOr<Config> again = ParseConfig(yaml, {});
  FUZZ_CHECK(again.ok() && *again == c, "parsing is deterministic");
  return 0;
}
