// Config: the `scrubline run` configuration file (YAML) — the user's contract.
//
// Table-driven: every key is declared once in config.cc with its type, default
// and documentation (ConfigKeyDocs() lists them; the README table is generated
// from the same facts). Unknown keys are errors naming the key path; wrong
// types are errors naming the key and the expected type.
//
// Environment overrides: SCRUBLINE_KAFKA_X_Y=v sets kafka.properties["x.y"]=v
// (lower-cased, '_' -> '.'); they win over the file. Values of
// kafka.properties may be secrets: nothing here logs them.
//
// Checks beyond types (config.cc, each with a test): topic names are legal
// Kafka names; input.pattern starts with '^' (librdkafka treats only such
// names as regexes); policy.bindings name input.topics entries (when topics
// are listed); no output topic is an input topic; kafka.properties may not
// set bootstrap.servers, metadata.broker.list, group.id or
// enable.auto.offset.store; a property value still holding "${" after the
// environment is applied is an error naming the variable to set.
// A plain value type: copyable, immutable once loaded.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/status.h"

namespace scrubline {

struct TopicNames {
  std::string usage = "scrubline.usage";
  std::string content = "scrubline.content";
  std::string alerts = "scrubline.alerts";
  std::string dead_letter = "scrubline.dead_letter";
  std::string review = "scrubline.review";
  std::string opt_out = "scrubline.opt_out";
  std::string feedback = "scrubline.feedback";

  bool operator==(const TopicNames&) const = default;
};

struct Limits {
  std::uint64_t max_record_bytes = 1 << 20;  // larger inputs are dead letters
  std::uint32_t max_depth = 64;              // JSON nesting
  std::uint32_t max_fields = 10000;          // JSON values in one record
  std::uint64_t max_scan_bytes = 1 << 20;    // longest string the PII classifier scans
  std::uint32_t max_in_flight_records = 10000;
  std::uint64_t max_in_flight_bytes = 64 << 20;  // input bytes awaiting delivery
  std::uint32_t batch_size = 500;            // records per consume batch
  std::uint32_t shutdown_deadline_ms = 30000;

  bool operator==(const Limits&) const = default;
};

struct Config {
  // kafka.*
  std::string bootstrap;  // kafka.bootstrap: required
  std::string group_id = "scrubline";
  std::map<std::string, std::string> kafka_properties;
  // input.*: exactly one of topics / pattern
  std::vector<std::string> input_topics;
  std::string input_pattern;
  TopicNames topics;
  // policy.*: a shipped policy name ("default", "message_log") or a file path.
  std::string policy_default = "default";
  std::map<std::string, std::string> policy_bindings;  // input topic -> policy
  std::string policy_shadow;                           // empty: no shadow policy
  std::uint64_t policy_shadow_samples = 100;
  // opt_outs.*: a file of opted-out / deleted subjects (empty: none)
  std::string opt_outs_file;
  std::string opt_outs_calling_code = "1";
  std::string opt_outs_read_topic = "false";  // "true": follow topics.opt_out
  // keys.file: empty means SCRUBLINE_KEY
  std::string keys_file;
  // metrics.listen
  std::string metrics_listen = "127.0.0.1:9464";
  Limits limits;
  // processing.threads: transform threads; 0 (the default) means one per CPU core.
  std::uint32_t processing_threads = 0;
  // delivery.*: "true" = Kafka transactions (exactly-once) instead of
  // at-least-once; the transactional id ("" = scrubline-GROUP_ID-HOSTNAME).
  std::string delivery_exactly_once = "false";
  std::string delivery_transactional_id;

  // Member-wise; lets a reload tell whether anything changed.
  bool operator==(const Config&) const = default;
};

struct ConfigKeyDoc {
  std::string_view key;      // "kafka.bootstrap"
  std::string_view type;     // "string", "list<string>", "map<string,string>", "uint"
  std::string_view default_value;
  std::string_view doc;
};

// Parses YAML text. `environment` is a list of "NAME=VALUE" (pass environ
// entries); only SCRUBLINE_KAFKA_* are read from it.
StatusOr<Config> ParseConfig(std::string_view yaml_text,
                             const std::vector<std::string>& environment = {});
// Reads the file and parses it with the process environment.
StatusOr<Config> LoadConfigFile(const std::string& path);
// Every key, in documentation order.
const std::vector<ConfigKeyDoc>& ConfigKeyDocs();
// ConfigKeyDocs() as a Markdown table (key, type, default, description), for
// the README and `scrubline run --help`. Ends with a newline.
std::string RenderConfigKeyTable();

}  // namespace scrubline
