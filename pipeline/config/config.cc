// Config loading: one table (kKeys) declares every key; parsing walks the YAML
// document against it. yaml-cpp throws, so every call into it stays inside
// ParseConfig's try block and leaves as a Status.
//
// Secrets: values of kafka.properties may be passwords. No message built here
// contains any value read from the file or the environment, only key paths,
// line numbers and reasons (the other values are not secret, but one rule is
// easier to keep than a list of exceptions).
#include "pipeline/config/config.h"

#include <unistd.h>  // environ
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <utility>

namespace scrubline {
namespace {

// How a value is read from YAML. kTopic / kTopicList / kHostPort are strings
// with a syntax check on top.
enum class KeyType {
  kString,
  kTopic,
  kTopicList,
  kStringMap,
  kPositiveInt,
  kHostPort,
};

std::string_view KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kString:
    case KeyType::kTopic:
      return "string";
    case KeyType::kTopicList:
      return "list<string>";
    case KeyType::kStringMap:
      return "map<string,string>";
    case KeyType::kPositiveInt:
      return "uint";
    case KeyType::kHostPort:
      return "host:port";
  }
  return "?";
}

// A value converted from YAML; the field matching the key's type is set.
struct ParsedValue {
  std::string text;                        // kString, kTopic, kHostPort
  std::vector<std::string> list;           // kTopicList
  std::map<std::string, std::string> map;  // kStringMap
  std::uint64_t number = 0;                // kPositiveInt
};

using Setter = void (*)(Config&, ParsedValue&&);

struct KeySpec {
  std::string_view key;
  KeyType type;
  std::string_view default_value;  // documentation; Config's initialisers hold the value
  std::string_view doc;
  Setter set;
  bool required = false;
  bool allow_empty = false;  // kString: "" is a meaningful value
  std::uint64_t max = 0;     // kPositiveInt: largest accepted value
};

constexpr std::uint64_t kU32Max = std::numeric_limits<std::uint32_t>::max();
// librdkafka's own ceiling for message.max.bytes.
constexpr std::uint64_t kMaxRecordBytesMax = 1000000000;

// THE table. Order is documentation order. A test checks that writing each
// documented default explicitly yields the same Config as leaving it out.
constexpr KeySpec kKeys[] = {
    {"kafka.bootstrap", KeyType::kString, "",
     "Kafka bootstrap servers, comma-separated host:port list.",
     [](Config& c, ParsedValue&& v) { c.bootstrap = std::move(v.text); }, /*required=*/true},
    {"kafka.group_id", KeyType::kString, "scrubline",
     "Consumer group id; all replicas of one deployment share it.",
     [](Config& c, ParsedValue&& v) { c.group_id = std::move(v.text); }},
    {"kafka.properties", KeyType::kStringMap, "",
     "Extra librdkafka properties (name: value; numbers and bools are kept as text). "
     "Environment SCRUBLINE_KAFKA_X_Y=v sets property x.y and wins over the file: put secrets "
     "there. A value still holding a ${...} placeholder is an error.",
     [](Config& c, ParsedValue&& v) { c.kafka_properties = std::move(v.map); }},
    {"input.topics", KeyType::kTopicList, "",
     "Input topics to consume. Exactly one of input.topics and input.pattern.",
     [](Config& c, ParsedValue&& v) { c.input_topics = std::move(v.list); }},
    {"input.pattern", KeyType::kString, "",
     "Regular expression of input topics (librdkafka syntax; must start with ^). "
     "Exactly one of input.topics and input.pattern.",
     [](Config& c, ParsedValue&& v) { c.input_pattern = std::move(v.text); }},
    {"topics.usage", KeyType::kTopic, "scrubline.usage", "Output topic for usage metadata records.",
     [](Config& c, ParsedValue&& v) { c.topics.usage = std::move(v.text); }},
    {"topics.content", KeyType::kTopic, "scrubline.content",
     "Output topic for scrubbed content records.",
     [](Config& c, ParsedValue&& v) { c.topics.content = std::move(v.text); }},
    {"topics.alerts", KeyType::kTopic, "scrubline.alerts",
     "Output topic for acceptable-use alerts.",
     [](Config& c, ParsedValue&& v) { c.topics.alerts = std::move(v.text); }},
    {"topics.dead_letter", KeyType::kTopic, "scrubline.dead_letter",
     "Output topic for records that failed decode, classify or transform (fail closed).",
     [](Config& c, ParsedValue&& v) { c.topics.dead_letter = std::move(v.text); }},
    {"topics.review", KeyType::kTopic, "scrubline.review",
     "Output topic for records held for human review.",
     [](Config& c, ParsedValue&& v) { c.topics.review = std::move(v.text); }},
    {"topics.opt_out", KeyType::kTopic, "scrubline.opt_out",
     "Compacted topic of opted-out / deleted subjects, read from the start by every replica.",
     [](Config& c, ParsedValue&& v) { c.topics.opt_out = std::move(v.text); }},
    {"topics.feedback", KeyType::kTopic, "scrubline.feedback",
     "Topic of reviewers' verdicts on acceptable-use alerts; read when it is an input topic.",
     [](Config& c, ParsedValue&& v) { c.topics.feedback = std::move(v.text); }},
    {"policy.default", KeyType::kString, "default",
     "Policy for input topics without a binding: a shipped policy name or a file path.",
     [](Config& c, ParsedValue&& v) { c.policy_default = std::move(v.text); }},
    {"policy.shadow", KeyType::kString, "",
     "A candidate policy or router run beside the live one without producing: changes are "
     "counted per selector and entity type, a sample goes to topics.review. Empty: none.",
     [](Config& c, ParsedValue&& v) { c.policy_shadow = std::move(v.text); }, false,
     /*allow_empty=*/true},
    {"policy.shadow_samples", KeyType::kPositiveInt, "100",
     "At most this many changed records are sampled to topics.review per worker run.",
     [](Config& c, ParsedValue&& v) { c.policy_shadow_samples = v.number; }, false, false,
     kU32Max},
    {"policy.bindings", KeyType::kStringMap, "",
     "Per input topic policy (topic: policy name or file path).",
     [](Config& c, ParsedValue&& v) { c.policy_bindings = std::move(v.map); }},
    {"opt_outs.file", KeyType::kString, "",
     "Opted-out / deleted subjects in clear, one 'TYPE VALUE [REASON]' per line, hashed at "
     "start with the key ring's subjects key; empty: none.",
     [](Config& c, ParsedValue&& v) { c.opt_outs_file = std::move(v.text); }, false,
     /*allow_empty=*/true},
    {"opt_outs.read_topic", KeyType::kString, "false",
     "true: read topics.opt_out (compacted; keys are subject ids, see 'scrubline optout') "
     "to its end before consuming any input, then follow it between batches.",
     [](Config& c, ParsedValue&& v) { c.opt_outs_read_topic = std::move(v.text); }},
    {"opt_outs.calling_code", KeyType::kString, "1",
     "Country calling code for national phone numbers in opt_outs.file.",
     [](Config& c, ParsedValue&& v) { c.opt_outs_calling_code = std::move(v.text); }},
    {"keys.file", KeyType::kString, "",
     "Pseudonymisation key ring file; empty means the SCRUBLINE_KEY environment variable.",
     [](Config& c, ParsedValue&& v) { c.keys_file = std::move(v.text); }, false,
     /*allow_empty=*/true},
    {"metrics.listen", KeyType::kHostPort, "127.0.0.1:9464",
     "HTTP endpoint host:port: GET /metrics (Prometheus), /healthz, /readyz; port 0 picks a free port.",
     [](Config& c, ParsedValue&& v) { c.metrics_listen = std::move(v.text); }},
    {"limits.max_record_bytes", KeyType::kPositiveInt, "1048576",
     "Largest input record value in bytes; larger records are dead letters (too_large).",
     [](Config& c, ParsedValue&& v) { c.limits.max_record_bytes = v.number; }, false, false,
     kMaxRecordBytesMax},
    {"limits.max_depth", KeyType::kPositiveInt, "64",
     "Deepest JSON nesting accepted; deeper records are dead letters (too_deep).",
     [](Config& c, ParsedValue&& v) { c.limits.max_depth = static_cast<std::uint32_t>(v.number); },
     false, false, kU32Max},
    {"limits.max_fields", KeyType::kPositiveInt, "10000",
     "Most JSON values in one record; more are dead letters (too_many_fields).",
     [](Config& c, ParsedValue&& v) { c.limits.max_fields = static_cast<std::uint32_t>(v.number); },
     false, false, kU32Max},
    {"limits.max_scan_bytes", KeyType::kPositiveInt, "1048576",
     "Longest string value (or key) the PII classifier scans; a longer one, or one needing more "
     "than the classifier's work budget, is written as [UNSCANNED].",
     [](Config& c, ParsedValue&& v) { c.limits.max_scan_bytes = v.number; }, false, false,
     kMaxRecordBytesMax},
    {"limits.max_in_flight_records", KeyType::kPositiveInt, "10000",
     "Input records read but not yet fully delivered; reading pauses at this bound.",
     [](Config& c, ParsedValue&& v) {
       c.limits.max_in_flight_records = static_cast<std::uint32_t>(v.number);
     },
     false, false, kU32Max},
    {"limits.max_in_flight_bytes", KeyType::kPositiveInt, "67108864",
     "Bytes of input records read but not yet fully delivered; reading pauses at this bound.",
     [](Config& c, ParsedValue&& v) { c.limits.max_in_flight_bytes = v.number; }, false, false,
     std::numeric_limits<std::uint64_t>::max()},
    {"limits.batch_size", KeyType::kPositiveInt, "500", "Records per consume batch.",
     [](Config& c, ParsedValue&& v) { c.limits.batch_size = static_cast<std::uint32_t>(v.number); },
     false, false, kU32Max},
    {"limits.shutdown_deadline_ms", KeyType::kPositiveInt, "30000",
     "On SIGTERM, how long to wait for in-flight deliveries before exiting.",
     [](Config& c, ParsedValue&& v) {
       c.limits.shutdown_deadline_ms = static_cast<std::uint32_t>(v.number);
     },
     false, false, kU32Max},
    {"delivery.exactly_once", KeyType::kString, "false",
     "true: every batch's outputs and input offsets commit in one Kafka transaction "
     "(read_committed readers see each input's outputs once); false: at-least-once.",
     [](Config& c, ParsedValue&& v) { c.delivery_exactly_once = std::move(v.text); }},
    {"delivery.transactional_id", KeyType::kString, "",
     "With exactly_once: this replica's transactional.id, unique per replica and stable across "
     "its restarts (a StatefulSet pod name); empty means scrubline-GROUP_ID-HOSTNAME.",
     [](Config& c, ParsedValue&& v) { c.delivery_transactional_id = std::move(v.text); }, false,
     /*allow_empty=*/true},
    {"processing.threads", KeyType::kPositiveInt, "",
     "Threads that transform records (the loop thread is one of them); unset means one per CPU "
     "core. Outputs of one input partition leave in input order whatever the count.",
     [](Config& c, ParsedValue&& v) { c.processing_threads = static_cast<std::uint32_t>(v.number); },
     false, false, 256},
};

// librdkafka properties that dedicated keys own, or whose override would
// break at-least-once delivery (offsets are stored only after delivery).
constexpr std::string_view kReservedProperties[] = {"bootstrap.servers", "metadata.broker.list",
                                                    "group.id", "enable.auto.offset.store"};

constexpr std::string_view kEnvPrefix = "SCRUBLINE_KAFKA_";

const KeySpec* FindKey(std::string_view path) {
  for (const KeySpec& spec : kKeys) {
    if (spec.key == path) return &spec;
  }
  return nullptr;
}

// True when some key lives below `path` ("kafka" for "kafka.bootstrap").
bool IsSection(std::string_view path) {
  for (const KeySpec& spec : kKeys) {
    if (spec.key.size() > path.size() && spec.key.substr(0, path.size()) == path &&
        spec.key[path.size()] == '.') {
      return true;
    }
  }
  return false;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// ", did you mean 'kafka.bootstrap'?" for a near miss of a key or section.
std::string Suggestion(std::string_view path) {
  std::string_view best;
  std::size_t best_distance = 3;  // only close typos
  auto consider = [&](std::string_view candidate) {
    const std::size_t d = EditDistance(path, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  };
  for (const KeySpec& spec : kKeys) {
    consider(spec.key);
    for (std::size_t dot = spec.key.find('.'); dot != std::string_view::npos;
         dot = spec.key.find('.', dot + 1)) {
      consider(spec.key.substr(0, dot));
    }
  }
  if (best.empty()) return "";
  return ", did you mean '" + std::string(best) + "'?";
}

std::string LineOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return "";
  return " (line " + std::to_string(mark.line + 1) + ")";
}

std::string_view NodeKind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

Status KeyError(std::string_view path, std::string_view what, const YAML::Node& node) {
  return InvalidArgumentError(std::string(path) + ": " + std::string(what) + LineOf(node));
}

// `value` is what was found; `at` gives the line (the value's key, usually).
Status TypeError(std::string_view path, std::string_view expected, const YAML::Node& value,
                 const YAML::Node& at) {
  return KeyError(
      path, "expected " + std::string(expected) + ", got " + std::string(NodeKind(value)), at);
}

// Kafka's legal topic names: [a-zA-Z0-9._-]{1,249}, not "." or "..".
bool IsTopicName(std::string_view name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-';
  });
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch));
  });
}

// "host:port" where host is a name / IPv4 address or a bracketed IPv6
// address, and port is 0..65535.
bool IsHostPort(std::string_view s) {
  const std::size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view host = s.substr(0, colon);
  const std::string_view port = s.substr(colon + 1);
  if (!IsDigits(port) || port.size() > 5 || std::stoul(std::string(port)) > 65535) return false;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    const std::string_view inner = host.substr(1, host.size() - 2);
    return !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char ch) {
      return std::isxdigit(static_cast<unsigned char>(ch)) || ch == ':' || ch == '.';
    });
  }
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-';
  });
}

// `key` is the map key naming the value: errors about the value as a whole
// point at its line (a block map or list value starts on the next line).
StatusOr<ParsedValue> Convert(const KeySpec& spec, std::string_view path, const YAML::Node& key,
                              const YAML::Node& node) {
  ParsedValue value;
  switch (spec.type) {
    case KeyType::kString:
    case KeyType::kTopic:
    case KeyType::kHostPort: {
      if (!node.IsScalar()) return TypeError(path, "string", node, key);
      value.text = node.Scalar();
      if (value.text.empty() && !spec.allow_empty) {
        return KeyError(path, "must not be empty", key);
      }
      if (spec.type == KeyType::kTopic && !IsTopicName(value.text)) {
        return KeyError(path, "not a valid Kafka topic name ([a-zA-Z0-9._-], at most 249)", key);
      }
      if (spec.type == KeyType::kHostPort && !IsHostPort(value.text)) {
        return KeyError(path, "expected host:port (port 0..65535, IPv6 hosts in brackets)", key);
      }
      return value;
    }
    case KeyType::kTopicList: {
      if (!node.IsSequence()) return TypeError(path, "list<string>", node, key);
      if (node.size() == 0) return KeyError(path, "must not be an empty list", key);
      std::set<std::string> seen;
      for (std::size_t i = 0; i < node.size(); ++i) {
        const YAML::Node item = node[i];
        const std::string item_path = std::string(path) + "[" + std::to_string(i) + "]";
        if (!item.IsScalar()) return TypeError(item_path, "string", item, item);
        if (!IsTopicName(item.Scalar())) {
          return KeyError(item_path, "not a valid Kafka topic name ([a-zA-Z0-9._-], at most 249)",
                          item);
        }
        if (!seen.insert(item.Scalar()).second) return KeyError(item_path, "duplicate topic", item);
        value.list.push_back(item.Scalar());
      }
      return value;
    }
    case KeyType::kStringMap: {
      if (node.IsNull()) return value;  // "properties:" with every entry commented out
      if (!node.IsMap()) return TypeError(path, "map<string,string>", node, key);
      for (const auto& entry : node) {
        if (!entry.first.IsScalar() || entry.first.Scalar().empty()) {
          return KeyError(path, "map keys must be non-empty strings", entry.first);
        }
        const std::string entry_path = std::string(path) + "." + entry.first.Scalar();
        // Numbers and bools stay as written: librdkafka takes text.
        if (!entry.second.IsScalar()) {
          return TypeError(entry_path, "a scalar value (string, number or bool)", entry.second,
                           entry.first);
        }
        if (!value.map.emplace(entry.first.Scalar(), entry.second.Scalar()).second) {
          return KeyError(entry_path, "duplicate key", entry.first);
        }
      }
      return value;
    }
    case KeyType::kPositiveInt: {
      if (!node.IsScalar()) return TypeError(path, "a positive integer", node, key);
      const std::string& text = node.Scalar();
      // Digits only: no sign, no exponent, no hex, so "-1", "1e6", "0x10" are refused.
      if (!IsDigits(text) || text.size() > 20) {
        return KeyError(path, "expected a positive integer", key);
      }
      errno = 0;
      const unsigned long long n = std::strtoull(text.c_str(), nullptr, 10);
      if (errno == ERANGE || n > spec.max) {
        return KeyError(path, "must be at most " + std::to_string(spec.max), key);
      }
      if (n == 0) return KeyError(path, "must be a positive integer (not 0)", key);
      value.number = n;
      return value;
    }
  }
  return InternalError(std::string(path) + ": unhandled key type");
}

// Walks one YAML map at `prefix` ("" for the document root).
class Walker {
 public:
  explicit Walker(Config& config) : config_(config) {}

  Status WalkMap(const YAML::Node& map, const std::string& prefix) {
    for (const auto& entry : map) {
      const YAML::Node& key = entry.first;
      if (!key.IsScalar() || key.Scalar().empty()) {
        return KeyError(prefix.empty() ? "configuration" : prefix,
                        "map keys must be non-empty strings", key);
      }
      const std::string& name = key.Scalar();
      const std::string path = prefix.empty() ? name : prefix + "." + name;
      if (name.find('.') != std::string::npos) {
        // One spelling per key: sections are YAML maps, never dotted names.
        return KeyError(path, "unknown key (write sections as nested maps)", key);
      }
      if (!seen_.insert(path).second) return KeyError(path, "duplicate key", key);
      if (const KeySpec* spec = FindKey(path)) {
        StatusOr<ParsedValue> value = Convert(*spec, path, key, entry.second);
        if (!value.ok()) return value.status();
        spec->set(config_, std::move(value).value());
      } else if (IsSection(path)) {
        if (entry.second.IsNull()) continue;  // "limits:" with every entry commented out
        if (!entry.second.IsMap()) return TypeError(path, "a map", entry.second, key);
        SCRUBLINE_RETURN_IF_ERROR(WalkMap(entry.second, path));
      } else {
        return KeyError(path, "unknown key" + Suggestion(path), key);
      }
    }
    return Status::Ok();
  }

  bool WasSet(std::string_view path) const { return seen_.count(std::string(path)) != 0; }

 private:
  Config& config_;
  std::set<std::string> seen_;  // full paths of keys and sections seen
};

// "sasl.password" -> "SCRUBLINE_KAFKA_SASL_PASSWORD".
std::string EnvNameFor(std::string_view property) {
  std::string name(kEnvPrefix);
  for (char ch : property) {
    name += ch == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return name;
}

Status ApplyEnvironment(const std::vector<std::string>& environment, Config& config) {
  for (const std::string& entry : environment) {
    if (entry.compare(0, kEnvPrefix.size(), kEnvPrefix) != 0) continue;
    const std::size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    const std::string var = entry.substr(0, eq);
    const std::string_view suffix = std::string_view(var).substr(kEnvPrefix.size());
    std::string property;
    bool valid = !suffix.empty() && suffix.front() != '_' && suffix.back() != '_';
    for (std::size_t i = 0; valid && i < suffix.size(); ++i) {
      const char ch = suffix[i];
      if (ch == '_') {
        valid = suffix[i - 1] != '_';
        property += '.';
      } else if (std::isalnum(static_cast<unsigned char>(ch))) {
        property += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      } else {
        valid = false;
      }
    }
    if (!valid) {
      return InvalidArgumentError("environment " + var +
                                  ": not a property name (SCRUBLINE_KAFKA_WORD_WORD...)");
    }
    config.kafka_properties[property] = entry.substr(eq + 1);
  }
  return Status::Ok();
}

// Rules spanning several keys; runs after the environment is applied.
Status Validate(const Walker& walker, const Config& config) {
  for (const KeySpec& spec : kKeys) {
    if (spec.required && !walker.WasSet(spec.key)) {
      return InvalidArgumentError(std::string(spec.key) + ": required key is missing");
    }
  }
  const bool has_topics = !config.input_topics.empty();
  const bool has_pattern = !config.input_pattern.empty();
  if (has_topics && has_pattern) {
    return InvalidArgumentError(
        "input: set exactly one of input.topics and input.pattern, "
        "not both");
  }
  if (!has_topics && !has_pattern) {
    return InvalidArgumentError("input: set one of input.topics or input.pattern");
  }
  if (has_pattern && config.input_pattern.front() != '^') {
    // librdkafka subscribes by regex only to names starting with '^'; any
    // other pattern would silently become a literal topic name.
    return InvalidArgumentError("input.pattern: must start with '^'");
  }
  for (const auto& [topic, policy] : config.policy_bindings) {
    const std::string path = "policy.bindings." + topic;
    if (!IsTopicName(topic)) {
      return InvalidArgumentError(path + ": not a valid Kafka topic name");
    }
    if (policy.empty()) return InvalidArgumentError(path + ": must not be empty");
    if (has_topics && std::find(config.input_topics.begin(), config.input_topics.end(), topic) ==
                          config.input_topics.end()) {
      return InvalidArgumentError(path + ": topic is not in input.topics");
    }
  }
  const std::pair<std::string_view, const std::string*> outputs[] = {
      {"topics.usage", &config.topics.usage},   {"topics.content", &config.topics.content},
      {"topics.alerts", &config.topics.alerts}, {"topics.dead_letter", &config.topics.dead_letter},
      {"topics.review", &config.topics.review},
  };
  for (const auto& [key, topic] : outputs) {
    // Consuming our own output would loop records forever.
    if (std::find(config.input_topics.begin(), config.input_topics.end(), *topic) !=
        config.input_topics.end()) {
      return InvalidArgumentError(std::string(key) + ": is also an input topic");
    }
  }
  for (const auto& [name, value] : config.kafka_properties) {
    const std::string path = "kafka.properties." + name;
    for (std::string_view reserved : kReservedProperties) {
      if (name == reserved) {
        return InvalidArgumentError(path +
                                    ": reserved (set by kafka.bootstrap, "
                                    "kafka.group_id or the worker itself)");
      }
    }
    if (value.find("${") != std::string::npos) {
      return InvalidArgumentError(path + ": value still holds a ${...} placeholder; set " +
                                  EnvNameFor(name) + " in the environment");
    }
  }
  return Status::Ok();
}

// yaml-cpp's parser messages are constant texts, but a few append a piece of
// the input ("unknown escape character: x"): keep only the constant part.
std::string SafeParserMessage(const std::string& msg) {
  const std::size_t colon = msg.find(':');
  return colon == std::string::npos ? msg : msg.substr(0, colon);
}

}  // namespace

StatusOr<Config> ParseConfig(std::string_view yaml_text,
                             const std::vector<std::string>& environment) {
  Config config;
  Walker walker(config);
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    if (!root.IsNull()) {  // an empty document only lacks the required keys
      if (!root.IsMap()) return TypeError("configuration", "a map at the top level", root, root);
      SCRUBLINE_RETURN_IF_ERROR(walker.WalkMap(root, ""));
    }
  } catch (const YAML::Exception& e) {
    std::string where;
    if (!e.mark.is_null()) {
      where = " at line " + std::to_string(e.mark.line + 1) + ", column " +
              std::to_string(e.mark.column + 1);
    }
    return InvalidArgumentError("YAML syntax error" + where + ": " + SafeParserMessage(e.msg));
  } catch (const std::exception& e) {
    return InternalError(std::string("YAML parser failure: ") + e.what());
  }
  SCRUBLINE_RETURN_IF_ERROR(ApplyEnvironment(environment, config));
  SCRUBLINE_RETURN_IF_ERROR(Validate(walker, config));
  return config;
}

StatusOr<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path + ": cannot open the configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return NotFoundError(path + ": cannot read the configuration file");
  std::vector<std::string> environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    if (std::string_view(*entry).substr(0, kEnvPrefix.size()) == kEnvPrefix) {
      environment.emplace_back(*entry);
    }
  }
  StatusOr<Config> config = ParseConfig(text.str(), environment);
  if (!config.ok()) {
    return Status(config.status().code(), path + ": " + config.status().message());
  }
  return config;
}

const std::vector<ConfigKeyDoc>& ConfigKeyDocs() {
  static const std::vector<ConfigKeyDoc>* const docs = [] {
    auto* list = new std::vector<ConfigKeyDoc>();
    for (const KeySpec& spec : kKeys) {
      list->push_back({spec.key, KeyTypeName(spec.type), spec.default_value, spec.doc});
    }
    return list;
  }();
  return *docs;
}

std::string RenderConfigKeyTable() {
  auto cell = [](std::string_view text) {
    std::string out;
    for (char ch : text) {
      if (ch == '|') out += '\\';
      out += ch;
    }
    return out;
  };
  std::string table = "| Key | Type | Default | Description |\n|---|---|---|---|\n";
  for (const KeySpec& spec : kKeys) {
    std::string default_cell;
    if (spec.required) {
      default_cell = "required";
    } else if (spec.default_value.empty()) {
      default_cell = spec.type == KeyType::kPositiveInt ? "(unset)" : "(empty)";
    } else {
      default_cell = "`" + std::string(spec.default_value) + "`";
    }
    // Types in backticks: "list<string>" would otherwise read as an HTML tag.
    table += "| `" + std::string(spec.key) + "` | `" + cell(KeyTypeName(spec.type)) + "` | " +
             default_cell + " | " + cell(spec.doc) + " |\n";
  }
  return table;
}

}  // namespace scrubline
