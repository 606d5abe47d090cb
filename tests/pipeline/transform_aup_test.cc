// Acceptable-use scoring in the transform: the content record carries the
// verdict, an alert goes to the alerts topic above the threshold (the
// catalog's, or the policy's override), keywords are honoured and counted,
// and nothing the rules read leaves in clear.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/json_decoder.h"
#include "pipeline/transform.h"

namespace scrubline {
namespace {

constexpr char kKeys[] = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n";

std::string Message(std::string_view body) {
  return std::string(R"({"account_sid":"AC0123456789abcdef0123456789abcdef",)"
                     R"("sid":"SM0123456789abcdef0123456789abcdef","from":"+14155550100",)"
                     R"("to":"+14155550101","status":"sent","body":")") +
         std::string(body) + "\"}";
}

constexpr char kPhishing[] =
    "URGENT! Your card 4111 1111 1111 1111 is blocked. Verify your details now at "
    "http://secure-verify.example.net/login";

class TransformAup : public ::testing::Test {
 protected:
  // `policy`: a name under patterns/policies, or YAML written to a file.
  void Build(const std::string& policy) {
    PipelineOptions options;
    options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
    options.policy_default = policy;
    if (policy.find('\n') != std::string::npos) {
      const std::string path = ::testing::TempDir() + "/transform_aup_policy.yaml";
      std::ofstream(path) << policy;
      options.policy_default = path;
    }
    auto keys = KeyRing::Parse(kKeys);
    ASSERT_TRUE(keys.ok());
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
    pipeline_ = *pipeline;
    auto transformer = Transformer::Create(pipeline_, &stats_);
    ASSERT_TRUE(transformer.ok()) << transformer.status().ToString();
    transformer_ = std::move(*transformer);
  }

  const OutputBatch& Run(std::string_view body, std::int64_t offset = 5) {
    value_ = Message(body);
    transformer_->Process(InputRecord{"messages", 2, offset, value_}, batch_);
    return batch_;
  }

  Stats stats_;
  std::shared_ptr<const CompiledPipeline> pipeline_;
  std::unique_ptr<Transformer> transformer_;
  OutputBatch batch_;
  std::string value_;
};

TEST_F(TransformAup, AScoreAtTheThresholdAddsAnAlertWithItsReasonsAndNoClearText) {
  Build("message_log");
  ASSERT_NE(pipeline_->aup(), nullptr);
  const OutputBatch& out = Run(kPhishing);
  ASSERT_EQ(out.size(), 3u);
  const Output& usage = out[0];
  const Output& content = out[1];
  const Output& alert = out[2];
  EXPECT_EQ(alert.kind, OutputKind::kAlert);
  EXPECT_EQ(alert.topic, "scrubline.alerts");
  EXPECT_EQ(*alert.FindHeader("scrubline.kind"), "alert");
  EXPECT_EQ(*alert.FindHeader("scrubline.schema"), "alert/1");
  EXPECT_EQ(*alert.FindHeader("scrubline.src.offset"), "5");  // linked to its input
  EXPECT_EQ(*alert.FindHeader("scrubline.policy.id"), "message_log@5");
  EXPECT_TRUE(alert.has_key);
  EXPECT_EQ(alert.key, usage.key);  // same partition as the record's other outputs

  // The content record carries the verdict and names its alert.
  EXPECT_EQ(*content.FindHeader("scrubline.aup.category"), "phishing");
  const std::string& reasons = *content.FindHeader("scrubline.aup.reasons");
  for (const char* id : {"phishing.credential_lure=3.00", "phishing.account_locked=2.50",
                         "smishing.bank_link=3.50", "spam.urgency=1.00", "feature.link=1.00",
                         "model.naive_bayes="}) {
    EXPECT_NE(reasons.find(id), std::string::npos) << id << " in " << reasons;
  }
  const std::string id = *content.FindHeader("scrubline.aup.alert");  // a copy: Run reuses the batch
  EXPECT_EQ(*alert.FindHeader("scrubline.aup.alert"), id);
  ASSERT_EQ(id.size(), 35u);  // "al_" + 32 letters a-p
  EXPECT_EQ(id.find_first_not_of("abcdefghijklmnop", 3), std::string::npos) << id;
  const std::string version = pipeline_->aup()->ruleset_version() + "/" +
                              pipeline_->aup()->model_version();
  EXPECT_EQ(*content.FindHeader("scrubline.aup.version"), version);

  // The alert's value: the verdict, versions, and the de-identified record.
  JsonDecoder decoder({});
  JsonTree tree;
  ASSERT_FALSE(decoder.Decode(alert.value, tree).has_value()) << alert.value;
  for (const std::string& part :
       {"{\"alert\":\"" + id + "\",\"category\":\"phishing\",\"score\":",
        std::string(",\"threshold\":6.00,\"field\":\"body\",\"reasons\":[{\"id\":"),
        "\"ruleset\":\"" + pipeline_->aup()->ruleset_version() + "\"",
        "\"usage\":" + usage.value, "\"content\":" + content.value}) {
    EXPECT_NE(alert.value.find(part), std::string::npos) << part << " in " << alert.value;
  }
  // The rules read the card number; no output carries it.
  for (const Output& o : out) {
    EXPECT_EQ(o.value.find("4111"), std::string::npos) << o.value;
    for (const auto& h : o.headers()) EXPECT_EQ(h.value.find("4111"), std::string::npos);
  }
  EXPECT_NE(content.value.find("[CREDIT_CARD]"), std::string::npos);
  EXPECT_NE(content.value.find("secure-verify.example.net"), std::string::npos);  // host kept
  EXPECT_EQ(Stats::Read(stats_.aup_alerts[static_cast<std::size_t>(AupCategory::kPhishing)]), 1u);
  EXPECT_EQ(Stats::Read(stats_.aup_scored), 1u);
  EXPECT_EQ(Stats::Read(stats_.records_out[static_cast<std::size_t>(OutputKind::kAlert)]), 1u);

  // Another input, another id; the same input, the same id.
  EXPECT_NE(*Run(kPhishing, 6)[1].FindHeader("scrubline.aup.alert"), id);
  EXPECT_EQ(*Run(kPhishing, 5)[1].FindHeader("scrubline.aup.alert"), id);
}

TEST_F(TransformAup, KeywordsAreCountedNotScoredAndOrdinaryMessagesPass) {
  Build("message_log");
  const OutputBatch& stop = Run(" Stop. ");
  ASSERT_EQ(stop.size(), 2u);
  EXPECT_EQ(*stop[1].FindHeader("scrubline.aup.keyword"), "opt_out");
  EXPECT_EQ(*stop[1].FindHeader("scrubline.aup.score"), "0.00");
  EXPECT_EQ(*stop[1].FindHeader("scrubline.aup.reasons"), "");
  EXPECT_EQ(stop[1].FindHeader("scrubline.aup.alert"), nullptr);
  EXPECT_EQ(Run("HELP").size(), 2u);
  EXPECT_EQ(Stats::Read(stats_.aup_keywords[static_cast<std::size_t>(MessageKeyword::kOptOut)]), 1u);
  EXPECT_EQ(Stats::Read(stats_.aup_keywords[static_cast<std::size_t>(MessageKeyword::kHelp)]), 1u);
  EXPECT_EQ(Stats::Read(stats_.aup_scored), 0u);

  const OutputBatch& chat = Run("running late, see you at the station in 10");
  ASSERT_EQ(chat.size(), 2u);
  EXPECT_EQ(chat[1].FindHeader("scrubline.aup.keyword"), nullptr);
  EXPECT_NE(chat[1].FindHeader("scrubline.aup.score"), nullptr);
  EXPECT_EQ(chat[1].FindHeader("scrubline.aup.alert"), nullptr);
  EXPECT_EQ(Stats::Read(stats_.aup_scored), 1u);
}

TEST_F(TransformAup, ThePolicyChoosesFieldsAndMayOverrideThresholds) {
  const std::string base =
      "id: t\nversion: 1\nrecord_key: account_sid\nfields:\n"
      "  account_sid: {action: token, type: PLATFORM_SID}\n  body: {action: redact, output: content}\n";
  // Raised: the phishing body no longer alerts, but is still scored.
  Build(base + "aup: {fields: [body], threshold: 100, thresholds: {phishing: 100}}\n");
  const OutputBatch& high = Run(kPhishing);
  ASSERT_EQ(high.size(), 2u);
  EXPECT_EQ(*high[1].FindHeader("scrubline.aup.category"), "phishing");
  // Lowered for one category: an ordinary message does not reach it.
  Build(base + "aup: {fields: [body], thresholds: {phishing: 1}}\n");
  EXPECT_EQ(Run(kPhishing).size(), 3u);
  EXPECT_EQ(Run("see you at the station").size(), 2u);
  // No aup section: no scoring at all, and no detector is even loaded.
  Build(base);
  EXPECT_EQ(pipeline_->aup(), nullptr);
  const OutputBatch& none = Run(kPhishing);
  ASSERT_EQ(none.size(), 2u);
  EXPECT_EQ(none[1].FindHeader("scrubline.aup.score"), nullptr);
  // A field that is not there (or not a string) is not scored.
  Build(base + "aup: {fields: [subject]}\n");
  EXPECT_EQ(Run(kPhishing)[1].FindHeader("scrubline.aup.score"), nullptr);
}

TEST(AupPolicy, TheSectionIsChecked) {
  const std::pair<const char*, const char*> bad[] = {
      {"aup: {fields: []}\n", "fields must be a non-empty list"},
      {"aup: {fields: [a.b]}\n", "an aup field is one top-level field"},
      {"aup: {fields: [body, body]}\n", "'body' is listed twice"},
      {"aup: {fields: [body], threshold: -1}\n", "threshold must be a positive number"},
      {"aup: {fields: [body], thresholds: {spaam: 2}}\n", "unknown aup category 'spaam'"},
      {"aup: {fields: [body], colour: red}\n", "unknown key"},
  };
  for (const auto& [section, expected] : bad) {
    auto policy = Policy::Parse(std::string("id: t\nversion: 1\n") + section, "t.yaml");
    ASSERT_FALSE(policy.ok()) << section;
    EXPECT_NE(policy.status().message().find(expected), std::string::npos)
        << policy.status().ToString();
  }
  auto good = Policy::Parse("id: t\nversion: 1\naup: {fields: [body, '$.subject'], thresholds: {sex: 2}}\n",
                            "t.yaml");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ((*good)->aup().fields, (std::vector<std::string>{"body", "subject"}));
  EXPECT_EQ((*good)->aup().thresholds[static_cast<std::size_t>(AupCategory::kSex)], 2.0);
}

}  // namespace
}  // namespace scrubline
