// Reviewer feedback from topics.feedback: a verdict is read and checked
// (review_feedback.h), counted per alert category and per declared rule,
// produces nothing, and a record that is no verdict becomes a dead letter
// whose reason never quotes it. Rule ids the catalog does not know are
// counted as "other", so reviewers cannot grow the metric's label set.
#include "pipeline/review_feedback.h"

#include <string>

#include <gtest/gtest.h>

#include "pipeline/json_decoder.h"
#include "pipeline/transform.h"
#include "tests/pipeline/policy_transformer.h"

namespace scrubline {
namespace {

constexpr char kAlertId[] = "al_oegkdfljdckbjdfedgmajpclnhifcclb";

// The verdict's views point into the decoder: it outlives the calls.
std::optional<std::string> Read(const std::string& json, ReviewFeedback& out) {
  static JsonDecoder decoder({});
  static JsonTree tree;
  if (auto error = decoder.Decode(json, tree)) return "decode: " + error->reason;
  return ReadReviewFeedback(tree, out);
}

TEST(ReviewFeedback, AVerdictIsReadWithItsRules) {
  ReviewFeedback f;
  const auto error = Read(std::string(R"({"alert":")") + kAlertId +
                              R"(","verdict":"ham","category":"smishing","rules":["smishing.bank_link","feature.link"],"note":"my aunt"})",
                          f);
  ASSERT_FALSE(error.has_value()) << *error;
  EXPECT_EQ(f.alert, kAlertId);
  EXPECT_EQ(f.verdict, ReviewVerdict::kHam);
  EXPECT_EQ(f.category, AupCategory::kSmishing);
  ASSERT_EQ(f.rules.size(), 2u);
  EXPECT_EQ(f.rules[0], "smishing.bank_link");
  EXPECT_EQ(f.rules[1], "feature.link");
  EXPECT_TRUE(IsAlertId(kAlertId));
  EXPECT_FALSE(IsAlertId("al_oegkdfljdckbjdfedgmajpclnhifcclz"));  // z is no hex letter a-p
  EXPECT_FALSE(IsAlertId("al_123"));
}

TEST(ReviewFeedback, WhatIsWrongIsNamedWithoutQuotingIt) {
  const std::string alert = std::string(R"("alert":")") + kAlertId + "\"";
  const std::pair<std::string, std::string> bad[] = {
      {R"({"alert":"+14155550100","verdict":"spam","category":"spam","rules":[]})", "\"alert\" must be an alert id"},
      {"{" + alert + R"(,"verdict":"maybe","category":"spam","rules":[]})", "\"verdict\" must be \"spam\" or \"ham\""},
      {"{" + alert + R"(,"verdict":"spam","category":"weather","rules":[]})", "\"category\" must be"},
      {"{" + alert + R"(,"verdict":"spam","category":"spam","rules":"all"})", "\"rules\" must be a list"},
      {"{" + alert + R"(,"verdict":"spam","category":"spam","rules":[1]})", "\"rules\" must be a list"},
      {"{" + alert + R"(,"category":"spam","rules":[]})", "no \"verdict\""},
      {"{" + alert + R"(,"verdict":"spam","rules":[]})", "no \"category\""},
      {"{" + alert + R"(,"verdict":"spam","category":"spam"})", "no \"rules\""},
      {R"({"verdict":"spam","category":"spam","rules":[]})", "no \"alert\""},
  };
  for (const auto& [json, expected] : bad) {
    ReviewFeedback f;
    const auto error = Read(json, f);
    ASSERT_TRUE(error.has_value()) << json;
    EXPECT_NE(error->find(expected), std::string::npos) << *error;
    for (const char* value : {"+14155550100", "maybe", "weather", "all"}) {
      EXPECT_EQ(error->find(value), std::string::npos) << *error;
    }
  }
}

TEST(ReviewFeedback, TheTransformCountsVerdictsAndProducesNothing) {
  const auto pipeline = ShippedPipeline("message_log");
  ASSERT_NE(pipeline, nullptr);
  Stats stats;
  auto transformer = Transformer::Create(pipeline, &stats);
  ASSERT_TRUE(transformer.ok());
  const std::string feedback_topic = pipeline->topics().feedback;
  OutputBatch out;
  const auto verdict = [&](const std::string& verdict, const std::string& rules, std::int64_t offset) {
    const std::string value = std::string(R"({"alert":")") + kAlertId + R"(","verdict":")" + verdict +
                              R"(","category":"smishing","rules":)" + rules + "}";
    (*transformer)->Process(InputRecord{feedback_topic, 0, offset, value}, out);
  };
  verdict("spam", R"(["smishing.bank_link","feature.link"])", 0);
  EXPECT_EQ(out.size(), 0u);  // counted, nothing produced: its offset commits
  verdict("spam", R"(["smishing.bank_link"])", 1);
  verdict("ham", R"(["smishing.bank_link","no.such.rule","+14155550100"])", 2);
  EXPECT_EQ(out.size(), 0u);
  const auto smishing = static_cast<std::size_t>(AupCategory::kSmishing);
  EXPECT_EQ(Stats::Read(stats.aup_feedback[smishing][0]), 2u);
  EXPECT_EQ(Stats::Read(stats.aup_feedback[smishing][1]), 1u);
  const auto rules = stats.aup_rule_feedback.Snapshot();
  ASSERT_EQ(rules.size(), 3u);  // sorted: feature.link, other, smishing.bank_link
  EXPECT_EQ(rules[0].rule, "feature.link");
  EXPECT_EQ(rules[0].spam, 1u);
  EXPECT_EQ(rules[1].rule, "other");  // unknown ids, and data, never become labels
  EXPECT_EQ(rules[1].ham, 2u);
  EXPECT_EQ(rules[2].rule, "smishing.bank_link");
  EXPECT_EQ(rules[2].spam, 2u);
  EXPECT_EQ(rules[2].ham, 1u);
  EXPECT_DOUBLE_EQ(rules[2].precision(), 2.0 / 3.0);

  // Not a verdict: a dead letter with the reason, never the value.
  (*transformer)->Process(InputRecord{feedback_topic, 0, 3, R"({"alert":"call +14155550100","verdict":"spam"})"}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, OutputKind::kDeadLetter);
  EXPECT_EQ(*out[0].FindHeader("scrubline.error.code"), "invalid_feedback");
  const std::string& reason = *out[0].FindHeader("scrubline.error.reason");
  EXPECT_NE(reason.find("\"alert\" must be an alert id"), std::string::npos) << reason;
  EXPECT_EQ(reason.find("14155550100"), std::string::npos) << reason;
  EXPECT_EQ(out[0].value.find("14155550100"), std::string::npos);  // encrypted
  (*transformer)->Process(InputRecord{feedback_topic, 0, 4, "not json"}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].FindHeader("scrubline.error.code"), "invalid_json");
  EXPECT_EQ(Stats::Read(stats.dead_letters[static_cast<std::size_t>(ErrorCode::kInvalidFeedback)]), 1u);
}

}  // namespace
}  // namespace scrubline
