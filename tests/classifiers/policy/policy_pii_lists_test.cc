// A policy's `pii:` section: allow and deny entries added to the catalog's
// lists, checked like the rest of the policy.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "classifiers/policy/policy.h"

namespace scrubline {
namespace {

using ::testing::HasSubstr;

constexpr char kHead[] = "id: strict\nversion: 3\nother_fields: redact\n";

TEST(PolicyPiiLists, AllowAndDenyEntriesAreRead) {
  auto policy = Policy::Parse(std::string(kHead) +
                                  "pii:\n"
                                  "  allow:\n"
                                  "    - {type: CREDIT_CARD, value: '4111 1111 1111 1111', note: test}\n"
                                  "  deny:\n"
                                  "    - {term: Project Nightingale}\n"
                                  "    - {term: Kestrel, type: PERSON}\n",
                              "strict.yaml");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  const Policy& p = **policy;
  ASSERT_EQ(p.pii_allow().size(), 1u);
  EXPECT_EQ(p.pii_allow()[0].type, EntityType::kCreditCard);
  EXPECT_EQ(p.pii_allow()[0].value, "4111 1111 1111 1111");
  EXPECT_EQ(p.pii_allow()[0].note, "test");
  EXPECT_EQ(p.pii_allow()[0].where, "strict.yaml: pii.allow #1");
  ASSERT_EQ(p.pii_deny().size(), 2u);
  EXPECT_EQ(p.pii_deny()[0].term, "Project Nightingale");
  EXPECT_EQ(p.pii_deny()[0].type, EntityType::kCustomTerm);
  EXPECT_EQ(p.pii_deny()[0].id, "policy_strict_deny_1");
  EXPECT_EQ(p.pii_deny()[1].type, EntityType::kPerson);
}

TEST(PolicyPiiLists, NoSectionMeansNoAdditions) {
  auto policy = Policy::Parse(kHead, "strict.yaml");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EXPECT_TRUE((*policy)->pii_allow().empty());
  EXPECT_TRUE((*policy)->pii_deny().empty());
}

TEST(PolicyPiiLists, ErrorsNameTheSourceTheKeyAndTheProblem) {
  struct Case {
    const char* yaml;
    std::vector<const char*> expected;
  };
  const std::vector<Case> cases = {
      {"pii: [1]\n", {"strict.yaml: pii: expected a map"}},
      {"pii: {colour: red}\n", {"strict.yaml: pii.colour", "unknown key"}},
      {"pii:\n  allow:\n    - {type: PHONE, value: '555 0100'}\n",
       {"strict.yaml: pii.allow #1 (line 6)", "must be written internationally"}},
      {"pii:\n  allow:\n    - {type: NOPE, value: x}\n",
       {"strict.yaml: pii.allow #1", "unknown type \"NOPE\""}},
      {"pii:\n  deny:\n    - {term: ok}\n    - {term: '', note: empty}\n",
       {"strict.yaml: pii.deny #2 (line 7)", "missing or empty \"term\""}},
      {"pii:\n  deny: Nightingale\n", {"strict.yaml: pii.deny must be a list"}},
  };
  for (const Case& c : cases) {
    auto policy = Policy::Parse(std::string(kHead) + c.yaml, "strict.yaml");
    ASSERT_FALSE(policy.ok()) << c.yaml;
    for (const char* e : c.expected) {
      EXPECT_THAT(policy.status().message(), HasSubstr(e)) << c.yaml;
    }
  }
}

}  // namespace
}  // namespace scrubline
