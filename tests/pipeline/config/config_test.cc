// Tests of the table-driven config loader: every error class, defaults,
// environment overrides and the rule that no value ever appears in a message.
#include "pipeline/config/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace scrubline {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr char kMinimal[] = R"(kafka:
  bootstrap: "broker:9092"
input:
  topics: [events]
)";

// The minimal config plus `extra` YAML appended at the top level.
std::string WithExtra(const std::string& extra) { return std::string(kMinimal) + extra; }

Status ParseError(const std::string& yaml, const std::vector<std::string>& env = {}) {
  StatusOr<Config> config = ParseConfig(yaml, env);
  EXPECT_FALSE(config.ok()) << "expected an error for:\n" << yaml;
  return config.ok() ? Status::Ok() : config.status();
}

TEST(ConfigTest, MinimalConfigGetsDefaults) {
  StatusOr<Config> config = ParseConfig(kMinimal);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->bootstrap, "broker:9092");
  EXPECT_THAT(config->input_topics, ElementsAre("events"));
  Config expected;
  expected.bootstrap = "broker:9092";
  expected.input_topics = {"events"};
  EXPECT_EQ(*config, expected);
  EXPECT_EQ(config->group_id, "scrubline");
  EXPECT_EQ(config->topics.dead_letter, "scrubline.dead_letter");
  EXPECT_EQ(config->limits.shutdown_deadline_ms, 30000u);
}

TEST(ConfigTest, EveryKeySet) {
  StatusOr<Config> config = ParseConfig(R"(
kafka:
  bootstrap: "k1:9092,k2:9092"
  group_id: g1
  properties:
    security.protocol: SASL_SSL
    socket.keepalive.enable: true
    reconnect.backoff.max.ms: 10000
    ratio: 0.5
input:
  topics: [sms, email]
topics:
  usage: u
  content: c
  alerts: a
  dead_letter: d
  review: r
  opt_out: o
  feedback: f
policy:
  default: message_log
  bindings:
    sms: /etc/scrubline/sms.yaml
keys:
  file: /run/keys.yaml
metrics:
  listen: "0.0.0.0:9100"
limits:
  max_record_bytes: 2097152
  max_depth: 32
  max_fields: 500
  max_in_flight_records: 2000
  batch_size: 100
  shutdown_deadline_ms: 15000
processing:
  threads: 3
delivery:
  exactly_once: "true"
  transactional_id: scrubline-0
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->bootstrap, "k1:9092,k2:9092");
  EXPECT_EQ(config->group_id, "g1");
  // Numbers and bools are kept exactly as written.
  EXPECT_THAT(config->kafka_properties,
              UnorderedElementsAre(
                  Pair("security.protocol", "SASL_SSL"), Pair("socket.keepalive.enable", "true"),
                  Pair("reconnect.backoff.max.ms", "10000"), Pair("ratio", "0.5")));
  EXPECT_THAT(config->input_topics, ElementsAre("sms", "email"));
  EXPECT_EQ(config->topics.usage, "u");
  EXPECT_EQ(config->topics.content, "c");
  EXPECT_EQ(config->topics.alerts, "a");
  EXPECT_EQ(config->topics.dead_letter, "d");
  EXPECT_EQ(config->topics.review, "r");
  EXPECT_EQ(config->topics.opt_out, "o");
  EXPECT_EQ(config->topics.feedback, "f");
  EXPECT_EQ(config->policy_default, "message_log");
  EXPECT_THAT(config->policy_bindings, ElementsAre(Pair("sms", "/etc/scrubline/sms.yaml")));
  EXPECT_EQ(config->keys_file, "/run/keys.yaml");
  EXPECT_EQ(config->metrics_listen, "0.0.0.0:9100");
  EXPECT_EQ(config->limits.max_record_bytes, 2097152u);
  EXPECT_EQ(config->limits.max_depth, 32u);
  EXPECT_EQ(config->limits.max_fields, 500u);
  EXPECT_EQ(config->limits.max_in_flight_records, 2000u);
  EXPECT_EQ(config->limits.batch_size, 100u);
  EXPECT_EQ(config->limits.shutdown_deadline_ms, 15000u);
  EXPECT_EQ(config->processing_threads, 3u);
  EXPECT_EQ(config->delivery_exactly_once, "true");
  EXPECT_EQ(config->delivery_transactional_id, "scrubline-0");
}

TEST(ConfigTest, PatternInsteadOfTopics) {
  StatusOr<Config> config = ParseConfig(R"(
kafka: {bootstrap: "b:9092"}
input: {pattern: "^events\\..*"}
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->input_pattern, "^events\\..*");
  EXPECT_TRUE(config->input_topics.empty());
}

// The table's documented defaults and Config's initialisers are two spellings
// of the same facts: writing each documented default explicitly must change
// nothing.
TEST(ConfigTest, DocumentedDefaultsMatchConfigDefaults) {
  const Config baseline = *ParseConfig(kMinimal);
  int checked = 0;
  for (const ConfigKeyDoc& doc : ConfigKeyDocs()) {
    if (doc.default_value.empty()) continue;
    const std::string key(doc.key);
    const std::size_t dot = key.find('.');
    ASSERT_NE(dot, std::string::npos) << key;
    const std::string section = key.substr(0, dot);
    const std::string leaf = key.substr(dot + 1);
    std::string yaml;
    if (section == "kafka") {
      yaml = "kafka:\n  bootstrap: \"broker:9092\"\n  " + leaf + ": \"" +
             std::string(doc.default_value) + "\"\ninput:\n  topics: [events]\n";
    } else {
      yaml = WithExtra(section + ":\n  " + leaf + ": \"" + std::string(doc.default_value) + "\"\n");
    }
    StatusOr<Config> config = ParseConfig(yaml);
    ASSERT_TRUE(config.ok()) << key << ": " << config.status().ToString();
    EXPECT_EQ(*config, baseline) << key << " documented default differs from Config's";
    ++checked;
  }
  EXPECT_GE(checked, 15);  // topics.*, policy.default, metrics.listen, limits.*, group_id
}

TEST(ConfigTest, KeyDocsAreCompleteAndUnique) {
  const std::vector<ConfigKeyDoc>& docs = ConfigKeyDocs();
  std::set<std::string_view> keys;
  for (const ConfigKeyDoc& doc : docs) {
    EXPECT_TRUE(keys.insert(doc.key).second) << doc.key;
    EXPECT_FALSE(doc.doc.empty()) << doc.key;
    EXPECT_FALSE(doc.type.empty()) << doc.key;
  }
  for (const char* key : {"kafka.bootstrap",
                          "kafka.group_id",
                          "kafka.properties",
                          "input.topics",
                          "input.pattern",
                          "topics.usage",
                          "topics.content",
                          "topics.alerts",
                          "topics.dead_letter",
                          "topics.review",
                          "topics.opt_out",
                          "topics.feedback",
                          "policy.default",
                          "policy.bindings",
                          "keys.file",
                          "metrics.listen",
                          "limits.max_record_bytes",
                          "limits.max_depth",
                          "limits.max_fields",
                          "limits.max_in_flight_records",
                          "limits.batch_size",
                          "limits.shutdown_deadline_ms", "opt_outs.file",
                          "opt_outs.calling_code", "opt_outs.read_topic",
                          "policy.shadow", "policy.shadow_samples", "processing.threads",
                          "delivery.exactly_once", "delivery.transactional_id"}) {
    EXPECT_EQ(keys.count(key), 1u) << key;
  }
  EXPECT_EQ(docs.size(), 32u);
}

TEST(ConfigTest, RenderedTableListsEveryKey) {
  const std::string table = RenderConfigKeyTable();
  EXPECT_THAT(table, HasSubstr("| Key | Type | Default | Description |\n|---|---|---|---|\n"));
  for (const ConfigKeyDoc& doc : ConfigKeyDocs()) {
    EXPECT_THAT(table,
                HasSubstr("| `" + std::string(doc.key) + "` | `" + std::string(doc.type) + "` |"));
  }
  EXPECT_THAT(table, HasSubstr("| `kafka.bootstrap` | `string` | required |"));
  EXPECT_THAT(table, HasSubstr("| `limits.batch_size` | `uint` | `500` |"));
  // One header, one separator, one row per key.
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'),
            static_cast<long>(ConfigKeyDocs().size() + 2));
}

// --- unknown keys -------------------------------------------------------

TEST(ConfigTest, UnknownKeyNamesFullPathLineAndSuggestion) {
  Status s = ParseError("kafka:\n  bootstarp: \"b:9092\"\ninput:\n  topics: [events]\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("kafka.bootstarp: unknown key"));
  EXPECT_THAT(s.message(), HasSubstr("did you mean 'kafka.bootstrap'?"));
  EXPECT_THAT(s.message(), HasSubstr("(line 2)"));
}

TEST(ConfigTest, UnknownTopLevelSectionAndDeepKey) {
  EXPECT_THAT(ParseError(WithExtra("logging:\n  level: info\n")).message(),
              HasSubstr("logging: unknown key (line 5)"));
  EXPECT_THAT(ParseError(WithExtra("limits:\n  batch_size: 5\n  max_batch: 3\n")).message(),
              HasSubstr("limits.max_batch: unknown key"));
  EXPECT_THAT(ParseError(WithExtra("topics:\n  usage:\n    name: x\n")).message(),
              HasSubstr("topics.usage: expected string, got a map (line 6)"));
}

TEST(ConfigTest, DottedKeysAndDuplicatesAreRefused) {
  EXPECT_THAT(ParseError(WithExtra("limits.batch_size: 5\n")).message(),
              HasSubstr("limits.batch_size: unknown key (write sections as nested maps)"));
  EXPECT_THAT(ParseError(WithExtra("limits:\n  batch_size: 5\n  batch_size: 6\n")).message(),
              HasSubstr("limits.batch_size: duplicate key (line 7)"));
  EXPECT_THAT(ParseError(WithExtra("kafka:\n  group_id: x\n")).message(),
              HasSubstr("kafka: duplicate key"));
}

// --- wrong types ----------------------------------------------------------

TEST(ConfigTest, WrongTypesNameKeyAndExpectedType) {
  EXPECT_THAT(ParseError(WithExtra("policy:\n  default: [a, b]\n")).message(),
              HasSubstr("policy.default: expected string, got a list"));
  EXPECT_THAT(ParseError(WithExtra("kafka_extra: 1\n")).message(), HasSubstr("unknown key"));
  EXPECT_THAT(ParseError("kafka:\n  bootstrap: \"b:1\"\ninput:\n  topics: events\n").message(),
              HasSubstr("input.topics: expected list<string>, got a scalar (line 4)"));
  EXPECT_THAT(ParseError("kafka:\n  bootstrap: \"b:1\"\ninput:\n  topics: [[a]]\n").message(),
              HasSubstr("input.topics[0]: expected string, got a list"));
  EXPECT_THAT(ParseError(WithExtra("policy:\n  bindings: [a]\n")).message(),
              HasSubstr("policy.bindings: expected map<string,string>, got a list"));
  EXPECT_THAT(ParseError(WithExtra("limits:\n  max_depth: {a: 1}\n")).message(),
              HasSubstr("limits.max_depth: expected a positive integer, got a map"));
  EXPECT_THAT(ParseError(WithExtra("limits: 5\n")).message(),
              HasSubstr("limits: expected a map, got a scalar"));
  EXPECT_THAT(ParseError(WithExtra("keys:\n  file: ~\n")).message(),
              HasSubstr("keys.file: expected string, got null"));
  EXPECT_THAT(ParseError("- a\n- b\n").message(),
              HasSubstr("configuration: expected a map at the top level, got a list (line 1)"));
}

TEST(ConfigTest, KafkaPropertiesTakeScalarsOnly) {
  const std::string yaml = R"(kafka:
  bootstrap: "b:9092"
  properties:
    sasl.password: {nested: "hunter2-secret"}
input:
  topics: [events]
)";
  Status s = ParseError(yaml);
  EXPECT_THAT(s.message(), HasSubstr("kafka.properties.sasl.password: expected a scalar value "
                                     "(string, number or bool), got a map (line 4)"));
  EXPECT_THAT(s.message(), Not(HasSubstr("hunter2")));
}

// --- integer limits ----------------------------------------------------------

TEST(ConfigTest, LimitsArePositiveIntegers) {
  for (const char* bad : {"0", "-1", "-0", "1.5", "1e6", "0x10", "ten", "\"\"", "+5"}) {
    Status s = ParseError(WithExtra(std::string("limits:\n  batch_size: ") + bad + "\n"));
    EXPECT_THAT(s.message(), HasSubstr("limits.batch_size: ")) << bad;
    EXPECT_THAT(s.message(), HasSubstr("positive integer")) << bad;
  }
  EXPECT_THAT(ParseError(WithExtra("limits:\n  max_depth: 4294967296\n")).message(),
              HasSubstr("limits.max_depth: must be at most 4294967295"));
  EXPECT_THAT(ParseError(WithExtra("limits:\n  max_fields: 99999999999999999999999\n")).message(),
              HasSubstr("limits.max_fields: "));
  EXPECT_THAT(ParseError(WithExtra("limits:\n  max_record_bytes: 2000000000\n")).message(),
              HasSubstr("limits.max_record_bytes: must be at most 1000000000"));
  StatusOr<Config> ok = ParseConfig(WithExtra("limits:\n  max_depth: 4294967295\n"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->limits.max_depth, 4294967295u);
}

// --- string syntax -------------------------------------------------------------

TEST(ConfigTest, MetricsListenMustBeHostPort) {
  for (const char* bad : {"9464", "localhost", ":9464", "host:", "host:65536", "host:12ab",
                          "ho st:1", "[]:1", "[zz]:1"}) {
    Status s = ParseError(WithExtra(std::string("metrics:\n  listen: \"") + bad + "\"\n"));
    EXPECT_THAT(s.message(), HasSubstr("metrics.listen: expected host:port")) << bad;
  }
  for (const char* good : {"127.0.0.1:0", "0.0.0.0:9464", "metrics-host:65535", "[::1]:9464"}) {
    StatusOr<Config> c =
        ParseConfig(WithExtra(std::string("metrics:\n  listen: \"") + good + "\"\n"));
    ASSERT_TRUE(c.ok()) << good << ": " << c.status().ToString();
    EXPECT_EQ(c->metrics_listen, good);
  }
}

TEST(ConfigTest, TopicNamesAreChecked) {
  EXPECT_THAT(ParseError(WithExtra("topics:\n  usage: \"has space\"\n")).message(),
              HasSubstr("topics.usage: not a valid Kafka topic name"));
  EXPECT_THAT(ParseError(WithExtra("topics:\n  alerts: \"\"\n")).message(),
              HasSubstr("topics.alerts: must not be empty"));
  EXPECT_THAT(ParseError("kafka: {bootstrap: \"b:1\"}\ninput: {topics: [ok, \"a/b\"]}\n").message(),
              HasSubstr("input.topics[1]: not a valid Kafka topic name"));
  EXPECT_THAT(ParseError("kafka: {bootstrap: \"b:1\"}\ninput: {topics: [a, b, a]}\n").message(),
              HasSubstr("input.topics[2]: duplicate topic"));
  EXPECT_THAT(ParseError("kafka: {bootstrap: \"b:1\"}\ninput: {topics: []}\n").message(),
              HasSubstr("input.topics: must not be an empty list"));
  EXPECT_THAT(ParseError(WithExtra("topics:\n  usage: events\n")).message(),
              HasSubstr("topics.usage: is also an input topic"));
}

// --- required keys and cross-key rules ------------------------------------------

TEST(ConfigTest, RequiredAndExclusiveKeys) {
  EXPECT_THAT(ParseError("input:\n  topics: [events]\n").message(),
              HasSubstr("kafka.bootstrap: required key is missing"));
  EXPECT_THAT(ParseError("").message(), HasSubstr("kafka.bootstrap: required key is missing"));
  EXPECT_THAT(ParseError("kafka:\n  bootstrap: \"\"\ninput:\n  topics: [e]\n").message(),
              HasSubstr("kafka.bootstrap: must not be empty (line 2)"));
  EXPECT_THAT(ParseError("kafka: {bootstrap: \"b:1\"}\n").message(),
              HasSubstr("input: set one of input.topics or input.pattern"));
  EXPECT_THAT(ParseError(WithExtra("").append("  pattern: \"^x\"\n")).message(),
              HasSubstr("input: set exactly one of input.topics and input.pattern, not both"));
  EXPECT_THAT(ParseError("kafka: {bootstrap: \"b:1\"}\ninput: {pattern: \"events.*\"}\n").message(),
              HasSubstr("input.pattern: must start with '^'"));
  EXPECT_THAT(ParseError("kafka: {bootstrap: \"b:1\"}\ninput: {pattern: \"\"}\n").message(),
              HasSubstr("input.pattern: must not be empty"));
}

TEST(ConfigTest, PolicyBindingsMustNameInputTopics) {
  EXPECT_THAT(ParseError(WithExtra("policy:\n  bindings:\n    evnets: default\n")).message(),
              HasSubstr("policy.bindings.evnets: topic is not in input.topics"));
  EXPECT_THAT(ParseError(WithExtra("policy:\n  bindings:\n    events: \"\"\n")).message(),
              HasSubstr("policy.bindings.events: must not be empty"));
  // With a pattern the topics are unknown up front: any valid name binds.
  StatusOr<Config> c = ParseConfig(
      "kafka: {bootstrap: \"b:1\"}\ninput: {pattern: \"^e.*\"}\n"
      "policy: {bindings: {e1: message_log}}\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_THAT(c->policy_bindings, ElementsAre(Pair("e1", "message_log")));
}

TEST(ConfigTest, ReservedKafkaProperties) {
  for (const char* name : {"bootstrap.servers", "group.id", "enable.auto.offset.store"}) {
    const std::string yaml = std::string("kafka:\n  bootstrap: \"b:1\"\n  properties:\n    ") +
                             name + ": x\ninput:\n  topics: [events]\n";
    EXPECT_THAT(ParseError(yaml).message(),
                HasSubstr(std::string("kafka.properties.") + name + ": reserved"));
  }
}

// --- YAML syntax -----------------------------------------------------------------

TEST(ConfigTest, SyntaxErrorsCarryLineAndNoValue) {
  Status s = ParseError("kafka:\n  bootstrap: \"b:1\"\n  group_id: [unclosed\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("YAML syntax error at line"));
  // A bad escape makes yaml-cpp quote the offending character: it is dropped.
  s = ParseError("kafka:\n  properties:\n    sasl.password: \"s3cr\\qZZ\"\n");
  EXPECT_THAT(s.message(), HasSubstr("YAML syntax error at line 3"));
  EXPECT_THAT(s.message(), Not(HasSubstr("q")));
  EXPECT_THAT(s.message(), Not(HasSubstr("s3cr")));
}

// --- environment ------------------------------------------------------------------

TEST(ConfigTest, EnvironmentOverridesKafkaProperties) {
  const std::string yaml = R"(kafka:
  bootstrap: "b:9092"
  properties:
    sasl.username: from-file
    sasl.password: "${SCRUBLINE_KAFKA_SASL_PASSWORD}"
input:
  topics: [events]
)";
  StatusOr<Config> c =
      ParseConfig(yaml, {"PATH=/usr/bin", "SCRUBLINE_KAFKA_SASL_PASSWORD=pw=x",
                         "SCRUBLINE_KAFKA_SASL_USERNAME=from-env", "SCRUBLINE_KAFKA_CLIENT_ID=cid",
                         "SCRUBLINE_KEY=k", "SCRUBLINE_KAFKA_NOEQUALS"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_THAT(c->kafka_properties,
              UnorderedElementsAre(Pair("sasl.password", "pw=x"), Pair("sasl.username", "from-env"),
                                   Pair("client.id", "cid")));
}

TEST(ConfigTest, PlaceholderLeftIsAnErrorNamingTheVariable) {
  const std::string yaml = R"(kafka:
  bootstrap: "b:9092"
  properties:
    sasl.password: "${KAFKA_PASSWORD}"
input:
  topics: [events]
)";
  Status s = ParseError(yaml, {"SCRUBLINE_KAFKA_SASL_USERNAME=u"});
  EXPECT_THAT(s.message(), HasSubstr("kafka.properties.sasl.password: value still holds a "
                                     "${...} placeholder; set SCRUBLINE_KAFKA_SASL_PASSWORD"));
  EXPECT_THAT(s.message(), Not(HasSubstr("KAFKA_PASSWORD}")));
}

TEST(ConfigTest, BadEnvironmentNamesAndReservedOverrides) {
  for (const char* bad : {"SCRUBLINE_KAFKA_=x", "SCRUBLINE_KAFKA__X=x", "SCRUBLINE_KAFKA_X_=x",
                          "SCRUBLINE_KAFKA_A__B=x", "SCRUBLINE_KAFKA_A-B=x"}) {
    Status s = ParseError(kMinimal, {bad});
    EXPECT_THAT(s.message(), HasSubstr("not a property name")) << bad;
    EXPECT_THAT(s.message(), Not(HasSubstr("=x"))) << bad;
  }
  EXPECT_THAT(
      ParseError(kMinimal, {"SCRUBLINE_KAFKA_GROUP_ID=secret-value"}).message(),
      AllOf(HasSubstr("kafka.properties.group.id: reserved"), Not(HasSubstr("secret-value"))));
}

// No error message may carry a value: try an error next to a secret in each
// position and look for the secret.
TEST(ConfigTest, ErrorsNeverContainValues) {
  const std::string secret = "Zq9-topsecret-Zq9";
  const std::vector<std::string> docs = {
      "kafka:\n  bootstrap: \"" + secret + "\"\n  properties:\n    p: \"" + secret +
          "\"\n  bad: 1\ninput: {topics: [e]}\n",
      "kafka:\n  bootstrap: \"" + secret + "\"\n  properties:\n    p: [\"" + secret +
          "\"]\ninput: {topics: [e]}\n",
      "kafka:\n  bootstrap: \"b:1\"\ninput: {topics: [e]}\nmetrics: {listen: \"" + secret + "\"}\n",
      "kafka:\n  bootstrap: \"b:1\"\ninput: {topics: [e]}\nlimits: {batch_size: \"" + secret +
          "\"}\n",
      "kafka:\n  bootstrap: \"b:1\"\ninput: {topics: [\"" + secret + "/\"]}\n",
      "kafka:\n  bootstrap: \"b:1\"\n  properties: {p: \"${" + secret +
          "}\"}\ninput: {topics: [e]}\n",
  };
  for (const std::string& doc : docs) {
    Status s = ParseError(doc, {"SCRUBLINE_KAFKA_X=" + secret});
    EXPECT_THAT(s.message(), Not(HasSubstr("topsecret"))) << s.message();
  }
}

// --- files -----------------------------------------------------------------------

TEST(ConfigTest, LoadConfigFileReadsFileAndProcessEnvironment) {
  const std::string path = ::testing::TempDir() + "/scrubline_config_test.yaml";
  {
    std::ofstream out(path);
    out << "kafka:\n  bootstrap: \"b:9092\"\n  properties:\n    client.id: file\n"
           "input:\n  topics: [events]\n";
  }
  ASSERT_EQ(setenv("SCRUBLINE_KAFKA_CLIENT_ID", "env", 1), 0);
  StatusOr<Config> c = LoadConfigFile(path);
  unsetenv("SCRUBLINE_KAFKA_CLIENT_ID");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->kafka_properties.at("client.id"), "env");

  {
    std::ofstream out(path);
    out << "kafka:\n  bootstrap: \"b:9092\"\n  bogus: 1\n";
  }
  StatusOr<Config> bad = LoadConfigFile(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr(path + ": kafka.bogus: unknown key (line 3)"));
  std::remove(path.c_str());

  StatusOr<Config> missing = LoadConfigFile(path + ".does-not-exist");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr(".does-not-exist"));
}

}  // namespace
}  // namespace scrubline
