// The shipped example config is part of the contract: it must parse, and it
// must set every key the loader knows (so it stays a complete reference).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "pipeline/config/config.h"

namespace scrubline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

std::string ReadExample() {
  const std::string path = std::string(SCRUBLINE_SOURCE_DIR) + "/deploy/scrubline.example.yaml";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ExampleConfigTest, ParsesWithTheSecretFromTheEnvironment) {
  StatusOr<Config> config =
      ParseConfig(ReadExample(), {"SCRUBLINE_KAFKA_SASL_PASSWORD=from-secret"});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const Config& c = *config;
  EXPECT_EQ(c.bootstrap, "kafka-1:9092,kafka-2:9092");
  EXPECT_EQ(c.group_id, "scrubline-prod");
  EXPECT_THAT(
      c.kafka_properties,
      UnorderedElementsAre(
          Pair("security.protocol", "SASL_SSL"), Pair("sasl.mechanism", "SCRAM-SHA-512"),
          Pair("sasl.username", "scrubline"), Pair("sasl.password", "from-secret"),
          Pair("ssl.ca.location", "/etc/scrubline/tls/ca.pem"), Pair("client.id", "scrubline"),
          Pair("socket.keepalive.enable", "true"), Pair("reconnect.backoff.max.ms", "10000")));
  EXPECT_THAT(c.input_topics,
              ElementsAre("messages.sms", "messages.whatsapp", "messages.email", "messages.voice",
                          "scrubline.feedback"));
  EXPECT_TRUE(c.input_pattern.empty());
  EXPECT_EQ(c.topics.usage, "analytics.usage");
  EXPECT_EQ(c.topics.content, "analytics.content");
  EXPECT_EQ(c.topics.alerts, "scrubline.alerts");
  EXPECT_EQ(c.topics.dead_letter, "scrubline.dead_letter");
  EXPECT_EQ(c.topics.review, "scrubline.review");
  EXPECT_EQ(c.topics.opt_out, "privacy.opt_out");
  EXPECT_EQ(c.topics.feedback, "scrubline.feedback");
  EXPECT_EQ(c.policy_default, "default");
  EXPECT_THAT(c.policy_bindings,
              ElementsAre(Pair("messages.email", "/etc/scrubline/policies/email.yaml")));
  EXPECT_EQ(c.keys_file, "");
  EXPECT_EQ(c.metrics_listen, "0.0.0.0:9464");
  EXPECT_EQ(c.limits.max_record_bytes, 1048576u);
  EXPECT_EQ(c.limits.max_depth, 64u);
  EXPECT_EQ(c.limits.max_fields, 10000u);
  EXPECT_EQ(c.limits.max_in_flight_records, 10000u);
  EXPECT_EQ(c.limits.batch_size, 500u);
  EXPECT_EQ(c.limits.shutdown_deadline_ms, 30000u);
  EXPECT_EQ(c.processing_threads, 2u);
  EXPECT_EQ(c.delivery_exactly_once, "false");
  EXPECT_EQ(c.delivery_transactional_id, "");
}

// Without the secret the placeholder is left, and start-up must say which
// variable to set.
TEST(ExampleConfigTest, MissingSecretNamesTheVariable) {
  StatusOr<Config> config = ParseConfig(ReadExample(), {});
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(),
              HasSubstr("kafka.properties.sasl.password: value still holds a ${...} placeholder; "
                        "set SCRUBLINE_KAFKA_SASL_PASSWORD"));
}

// Every documented key appears in the example (the file is the reference).
TEST(ExampleConfigTest, MentionsEveryKey) {
  const std::string text = ReadExample();
  for (const ConfigKeyDoc& doc : ConfigKeyDocs()) {
    const std::string key(doc.key);
    const std::string leaf = key.substr(key.rfind('.') + 1);
    EXPECT_THAT(text, HasSubstr(leaf + ":")) << key;
  }
}

}  // namespace
}  // namespace scrubline
