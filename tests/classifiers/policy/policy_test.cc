#include <string>

#include <gtest/gtest.h>

#include "classifiers/policy/generalize.h"
#include "classifiers/policy/policy.h"

namespace scrubline {
namespace {

TEST(Policy, ShippedDefaultParses) {
  auto policy = Policy::LoadFile(std::string(SCRUBLINE_SOURCE_DIR) +
                                 "/patterns/policies/message_log.yaml");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  const Policy& p = **policy;
  EXPECT_EQ(p.versioned_id(), "message_log@5");
  EXPECT_EQ(p.record_key_field(), "account_sid");
  EXPECT_EQ(p.join_key_field(), "sid");
  EXPECT_EQ(p.default_calling_code(), "1");
  for (const char* f : {"account_sid", "sid", "from", "to"}) {
    EXPECT_EQ(p.RuleFor(f).action, Action::kToken) << f;
  }
  EXPECT_EQ(p.RuleFor("account_sid").token_type, EntityType::kPlatformSid);
  EXPECT_TRUE(p.RuleFor("from").token_auto);
  EXPECT_EQ(p.RuleFor("client_ip").action, Action::kGeneralize);
  EXPECT_EQ(p.RuleFor("client_ip").ipv4_bits, 24);
  for (const char* f : {"status", "direction", "num_segments", "price", "date_sent"}) {
    EXPECT_EQ(p.RuleFor(f).action, Action::kKeep) << f;
  }
  EXPECT_EQ(p.RuleFor("body").action, Action::kRedact);
  EXPECT_EQ(p.RuleFor("body").output, OutputKind::kContent);
  // Anything unnamed is redacted: fail closed.
  EXPECT_EQ(p.RuleFor("notes").action, Action::kRedact);
  EXPECT_EQ(&p.RuleFor("notes"), &p.other_fields());
}

struct BadPolicy {
  const char* yaml;
  const char* expected;  // a fragment of the error
};

class PolicyErrors : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(PolicyErrors, NameTheProblem) {
  auto policy = Policy::Parse(GetParam().yaml, "test.yaml");
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.status().message().find("test.yaml"), std::string::npos)
      << policy.status().message();
  EXPECT_NE(policy.status().message().find(GetParam().expected), std::string::npos)
      << policy.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    All, PolicyErrors,
    ::testing::Values(
        BadPolicy{"version: 1\n", "missing 'id'"},
        BadPolicy{"id: x\n", "missing 'version'"},
        BadPolicy{"id: x\nversion: 0\n", "version"},
        BadPolicy{"id: 'a b'\nversion: 1\n", "id"},
        BadPolicy{"id: x\nversion: 1\nfieldz: {}\n", "policy.fieldz"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: explode}\n", "unknown action 'explode'"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: token}}\n", "needs 'type'"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: token, type: NOPE}}\n",
                  "unknown entity type 'NOPE'"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: keep, type: EMAIL}}\n",
                  "only applies to action 'token'"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: generalize}}\n", "needs 'method'"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: generalize, method: blur}}\n",
                  "unknown generalize method"},
        BadPolicy{"id: x\nversion: 1\nschema: 0\n", "schema"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: keep, tokens: [PHONE]}}\n",
                  "only applies to action redact"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: redact, tokens: [PHONEY]}}\n",
                  "unknown entity type 'PHONEY'"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: redact, tokens: PHONE}}\n",
                  "must be a list"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: generalize, method: ip_prefix, "
                  "ipv4_bits: 40}}\n",
                  "ipv4_bits"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: redact, output: elsewhere}}\n",
                  "output must be"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: keep, colour: red}}\n",
                  "fields.a.colour"},
        BadPolicy{"id: x\nversion: 1\nother_fields: keep\n", "fail closed"},
        BadPolicy{"id: x\nversion: 1\nrecord_key: a\nfields: {a: keep}\n",
                  "must be a top-level field with action 'token'"},
        BadPolicy{"id: x\nversion: 1\ndefault_calling_code: '+1'\n", "default_calling_code"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: mask, keep_last: 99}}\n", "keep_last"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: redact, keep_last: 2}}\n",
                  "only applies to action mask"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: generalize, method: time_bucket}}\n",
                  "unit: hour or day"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: generalize, method: time_bucket, "
                  "unit: week}}\n",
                  "unit: hour or day"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: generalize, method: round, "
                  "decimals: 12}}\n",
                  "decimals"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: generalize, method: truncate}}\n",
                  "needs 'keep'"},
        BadPolicy{"id: x\nversion: 1\nfields: {a: {action: generalize, method: round, keep: 3}}\n",
                  "only applies to method truncate"},
        BadPolicy{"id: x\nversion: [1\n", "line"},
        BadPolicy{"- just\n- a list\n", "expected a map"}));

TEST(Policy, MinimalPolicyDefaultsToRedact) {
  auto policy = Policy::Parse("id: tiny\nversion: 3\n", "tiny.yaml");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EXPECT_EQ((*policy)->versioned_id(), "tiny@3");
  EXPECT_EQ((*policy)->RuleFor("anything").action, Action::kRedact);
  EXPECT_EQ((*policy)->schema(), "tiny/1");
  auto reshaped = Policy::Parse("id: tiny\nversion: 3\nschema: 2\n", "tiny.yaml");
  ASSERT_TRUE(reshaped.ok()) << reshaped.status().ToString();
  EXPECT_EQ((*reshaped)->schema(), "tiny/2");
}

TEST(Generalize, IpPrefixes) {
  std::string out;
  EXPECT_TRUE(AppendIpPrefix("203.0.113.77", 24, 48, out));
  EXPECT_EQ(out, "203.0.113.0/24");
  out.clear();
  EXPECT_TRUE(AppendIpPrefix("203.0.113.77", 16, 48, out));
  EXPECT_EQ(out, "203.0.0.0/16");
  out.clear();
  EXPECT_TRUE(AppendIpPrefix("203.0.113.77", 20, 48, out));
  EXPECT_EQ(out, "203.0.112.0/20");
  out.clear();
  EXPECT_TRUE(AppendIpPrefix("2001:db8:1:2:3:4:5:6", 24, 48, out));
  EXPECT_EQ(out, "2001:db8:1::/48");
  out.clear();
  EXPECT_TRUE(AppendIpPrefix("::ffff:192.0.2.1", 24, 96, out));
  EXPECT_EQ(out, "::ffff:0.0.0.0/96");
  out = "keep";
  for (const char* bad : {"", "203.0.113", "203.0.113.256", "hello", "1.2.3.4 ", "::g",
                          "203.0.113.77/24"}) {
    EXPECT_FALSE(AppendIpPrefix(bad, 24, 48, out)) << bad;
  }
  EXPECT_EQ(out, "keep");
}

}  // namespace
}  // namespace scrubline
