// The transform on real catalogs, policies and keys: what leaves, in what form.
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "classifiers/crypto/siv_cipher.h"
#include "classifiers/crypto/tokenizer.h"
#include "pipeline/json_decoder.h"
#include "pipeline/sample_events.h"
#include "pipeline/transform.h"

namespace scrubline {
namespace {

constexpr char kKeys[] =
    "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n"
    "old0:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM\n";

class TransformTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto keys = KeyRing::Parse(kKeys);
    ASSERT_TRUE(keys.ok()) << keys.status().ToString();
    PipelineOptions options;
    options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
    // The message-log policy itself (the default router would send partial
    // test records to the fallback).
    options.policy_default = "message_log";
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
    pipeline_ = *pipeline;
    auto transformer = Transformer::Create(pipeline_, &stats_);
    ASSERT_TRUE(transformer.ok()) << transformer.status().ToString();
    transformer_ = std::move(*transformer);
  }

  const OutputBatch& Run(std::string_view value, std::int64_t offset = 7) {
    transformer_->Process(InputRecord{"messages", 3, offset, value}, batch_);
    return batch_;
  }

  std::string Token(std::string_view type, std::string_view canonical) {
    auto tokenizer = Tokenizer::Create(pipeline_->keys());
    std::string out;
    EXPECT_TRUE(tokenizer->AppendToken(type, canonical, out).ok());
    return out;
  }

  Stats stats_;
  std::shared_ptr<const CompiledPipeline> pipeline_;
  std::unique_ptr<Transformer> transformer_;
  OutputBatch batch_;
};

constexpr char kMessage[] =
    R"({"account_sid":"AC0123456789abcdef0123456789abcdef","sid":"SM0123456789abcdef0123456789abcdef",)"
    R"("from":"+14155550100","to":"whatsapp:+442079460958",)"
    R"("body":"Call me on +1 415-555-0199 or mail jane.doe@example.com, card 4111 1111 1111 1111",)"
    R"("status":"delivered","direction":"outbound-api","date_sent":"2026-11-01T10:00:00Z",)"
    R"("num_segments":1,"price":"-0.0075","client_ip":"203.0.113.77",)"
    R"("note":"ip 198.51.100.7 seen","ref":4111111111111111,"count":42})";

TEST_F(TransformTest, MessageLogBecomesUsageAndContent) {
  const OutputBatch& out = Run(kMessage);
  // Usage and content; an ordinary message raises no acceptable-use alert
  // (transform_aup_test.cc covers alerts).
  ASSERT_EQ(out.size(), 2u);
  const Output& usage = out[0];
  const Output& content = out[1];
  EXPECT_EQ(usage.kind, OutputKind::kUsage);
  EXPECT_EQ(usage.topic, "scrubline.usage");
  EXPECT_EQ(content.kind, OutputKind::kContent);
  EXPECT_EQ(content.topic, "scrubline.content");

  const std::string account = Token("PLATFORM_SID", "AC0123456789abcdef0123456789abcdef");
  const std::string message = Token("PLATFORM_SID", "SM0123456789abcdef0123456789abcdef");
  const std::string from = Token("PHONE", "+14155550100");
  const std::string to = Token("PHONE", "+442079460958");
  EXPECT_TRUE(std::regex_match(account, std::regex("tok_test1_[A-Za-z0-9_-]{22}")));
  EXPECT_TRUE(usage.has_key);
  EXPECT_EQ(usage.key, account);
  EXPECT_EQ(content.key, account);

  EXPECT_EQ(usage.value,
            R"({"account_sid":")" + account + R"(","sid":")" + message + R"(","from":")" + from +
                R"(","to":"whatsapp:)" + to +
                R"(","status":"delivered","direction":"outbound-api",)"
                R"("date_sent":"2026-11-01T10:00:00Z","num_segments":1,"price":"-0.0075",)"
                R"("client_ip":"203.0.113.0/24","note":"ip [IP_ADDRESS] seen","ref":"[CREDIT_CARD]",)"
                R"("count":42})");
  EXPECT_EQ(content.value, R"({"sid":")" + message +
                               R"(","body":"Call me on [PHONE] or mail [EMAIL], card [CREDIT_CARD]"})");

  EXPECT_EQ(*usage.FindHeader("scrubline.kind"), "usage");
  EXPECT_EQ(*content.FindHeader("scrubline.kind"), "content");
  EXPECT_EQ(*usage.FindHeader("scrubline.src.topic"), "messages");
  EXPECT_EQ(*usage.FindHeader("scrubline.src.partition"), "3");
  EXPECT_EQ(*usage.FindHeader("scrubline.src.offset"), "7");
  EXPECT_EQ(*usage.FindHeader("scrubline.policy.id"), "message_log@5");
  EXPECT_TRUE(std::regex_match(*usage.FindHeader("scrubline.policy.sha256"),
                               std::regex("[0-9a-f]{64}")));
  EXPECT_EQ(*usage.FindHeader("scrubline.key.id"), "test1");
  EXPECT_EQ(*usage.FindHeader("scrubline.detections"), "CREDIT_CARD=1,IP_ADDRESS=1");
  EXPECT_EQ(*usage.FindHeader("scrubline.actions"), "generalize=1,keep=5,redact=3,token=4");
  EXPECT_EQ(*content.FindHeader("scrubline.detections"), "CREDIT_CARD=1,EMAIL=1,PHONE=1");
  EXPECT_EQ(*content.FindHeader("scrubline.actions"), "redact=1");
  EXPECT_EQ(usage.FindHeader("scrubline.error.code"), nullptr);
  // Header names are unique and in the pinned order.
  std::vector<std::string_view> names;
  for (const auto& h : usage.headers()) names.push_back(h.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{
                       "scrubline.kind", "scrubline.src.topic", "scrubline.src.partition",
                       "scrubline.src.offset", "scrubline.policy.id", "scrubline.policy.sha256",
                       "scrubline.key.id", "scrubline.detections", "scrubline.actions",
                       "scrubline.schema"}));
  EXPECT_EQ(*usage.FindHeader("scrubline.schema"), "message_log/2");
  EXPECT_EQ(*content.FindHeader("scrubline.schema"), "message_log/2");

  EXPECT_EQ(Stats::Read(stats_.records_in), 1u);
  EXPECT_EQ(Stats::Read(stats_.records_out[0]), 1u);
  EXPECT_EQ(Stats::Read(stats_.detections[static_cast<int>(EntityType::kPhone)]), 1u);
  EXPECT_EQ(Stats::Read(stats_.detections[static_cast<int>(EntityType::kCreditCard)]), 2u);
  EXPECT_EQ(Stats::Read(stats_.actions[static_cast<int>(Action::kToken)]), 4u);
}

TEST_F(TransformTest, SamePhoneSameTokenWhateverTheFormat) {
  std::string a = Run(R"({"from":"+1 (415) 555-0100","sid":"x"})")[0].value;
  std::string b = Run(R"({"from":"+14155550100"})")[0].value;
  std::string c = Run(R"({"from":"(415) 555-0100"})")[0].value;  // default_calling_code 1
  const std::string token = Token("PHONE", "+14155550100");
  for (const auto& v : {a, b, c}) EXPECT_NE(v.find(token), std::string::npos) << v;
  // An e-mail sender and an alphanumeric sender ID are tokenised by their own type.
  EXPECT_NE(Run(R"({"from":"Jane.Doe@Example.com"})")[0].value.find(
                Token("EMAIL", "jane.doe@example.com")),
            std::string::npos);
  EXPECT_NE(Run(R"({"from":"ACMEBANK"})")[0].value.find(Token("SENDER_ID", "ACMEBANK")),
            std::string::npos);
}

TEST_F(TransformTest, FailsClosedOnOddShapes) {
  // client_ip that is no address: redacted, not kept.
  const OutputBatch& out = Run(
      R"({"client_ip":"call 415-555-0100 now","from":{"nested":"jane@example.com"},)"
      R"("jane@example.com":"key carries data","list":["a@b.example.org",12345678901]})");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].value,
            R"({"client_ip":"call [PHONE] now","from":{"nested":"[EMAIL]"},)"
            R"("[EMAIL]":"key carries data","list":["[EMAIL]",12345678901]})");
  EXPECT_EQ(*out[0].FindHeader("scrubline.actions"), "redact=4");
  EXPECT_FALSE(out[0].has_key);  // no account_sid: no key
}

TEST_F(TransformTest, BadRecordsBecomeEncryptedDeadLetters) {
  struct Case {
    std::string input;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"", "empty_record"},
      {"{\"body\":\"card 4111111111111111\"", "invalid_json"},
      {"[\"4111111111111111\"]", "not_an_object"},
      {"{\"body\":\"\xff 4111111111111111\"}", "invalid_utf8"},
      {std::string(2 << 20, ' '), "too_large"},
  };
  auto cipher = SivCipher::Create(pipeline_->keys().active().Subkey(KeyPurpose::kDeadLetter));
  ASSERT_TRUE(cipher.ok());
  std::int64_t offset = 100;
  for (const auto& c : cases) {
    const OutputBatch& out = Run(c.input, offset);
    ASSERT_EQ(out.size(), 1u) << c.code;
    const Output& dl = out[0];
    EXPECT_EQ(dl.kind, OutputKind::kDeadLetter);
    EXPECT_EQ(dl.topic, "scrubline.dead_letter");
    EXPECT_FALSE(dl.value_is_json);
    EXPECT_FALSE(dl.has_key);
    EXPECT_EQ(*dl.FindHeader("scrubline.error.code"), c.code);
    const std::string& reason = *dl.FindHeader("scrubline.error.reason");
    EXPECT_FALSE(reason.empty());
    EXPECT_EQ(reason.find("4111"), std::string::npos) << reason;
    EXPECT_EQ(dl.value.find("4111111111111111"), std::string::npos);
    EXPECT_EQ(dl.value.size(), c.input.size() + 16);
    // The key holder can recover the input, but only at its coordinates.
    std::string ad, plain;
    BuildDeadLetterAssociatedData("messages", 3, offset, ad);
    ASSERT_TRUE(cipher->Decrypt(dl.value, ad, plain).ok()) << c.code;
    EXPECT_EQ(plain, c.input);
    BuildDeadLetterAssociatedData("messages", 3, offset + 1, ad);
    plain.clear();
    EXPECT_EQ(cipher->Decrypt(dl.value, ad, plain).code(), StatusCode::kDataLoss);
    ++offset;
  }
  EXPECT_EQ(Stats::Read(stats_.records_out[static_cast<int>(OutputKind::kDeadLetter)]),
            cases.size());
}

TEST_F(TransformTest, DeterministicAcrossTransformers) {
  auto other = Transformer::Create(pipeline_, nullptr);
  ASSERT_TRUE(other.ok());
  OutputBatch again;
  (*other)->Process(InputRecord{"messages", 3, 7, kMessage}, again);
  const OutputBatch& first = Run(kMessage);
  ASSERT_EQ(first.size(), again.size());
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].value, again[i].value);
  // Dead letters too (deterministic encryption).
  (*other)->Process(InputRecord{"messages", 3, 7, "nope"}, again);
  EXPECT_EQ(Run("nope")[0].value, again[0].value);
}

TEST_F(TransformTest, NoPlantedPersonalDataLeavesInGeneratedTraffic) {
  SampleEventGenerator generator({.seed = 7, .spam_share = 0.2, .malformed_share = 0.02});
  SampleEvent event;
  int outputs = 0, dead = 0;
  for (int i = 0; i < 3000; ++i) {
    generator.Next(event);
    const OutputBatch& out = Run(event.json, i);
    if (event.malformed) {
      ASSERT_EQ(out.size(), 1u) << i;
    } else {  // usage + content, and an alert when the body scores high
      ASSERT_TRUE(out.size() == 2u || (out.size() == 3u && out[2].kind == OutputKind::kAlert)) << i;
    }
    for (const Output& o : out) {
      ++outputs;
      dead += o.kind == OutputKind::kDeadLetter;
      for (const std::string& planted : event.planted) {
        ASSERT_EQ(o.value.find(planted), std::string::npos)
            << "record " << i << " leaked a planted value into " << OutputKindName(o.kind);
        ASSERT_EQ(o.key.find(planted), std::string::npos);
        for (const auto& h : o.headers()) ASSERT_EQ(h.value.find(planted), std::string::npos);
      }
      if (o.value_is_json) {
        // Every output is valid JSON.
        JsonDecoder decoder({});
        JsonTree tree;
        ASSERT_FALSE(decoder.Decode(o.value, tree).has_value()) << o.value;
      }
    }
  }
  EXPECT_GT(dead, 20);
  EXPECT_GT(outputs, 5000);
}

}  // namespace
}  // namespace scrubline
