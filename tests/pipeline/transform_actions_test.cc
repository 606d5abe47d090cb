// The value-shaping policy actions in the transform: `encrypt` (scalars leave
// as ciphertexts the key ring reverses exactly; equal values encrypt alike in
// any field), `mask` and the `generalize` methods; what an action cannot
// read (objects, arrays, a non-timestamp) is redacted instead.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "classifiers/crypto/value_cipher.h"
#include "pipeline/transform.h"

namespace scrubline {
namespace {

namespace fs = std::filesystem;

constexpr char kKeys[] = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n";

constexpr char kPolicy[] =
    "id: encrypting\n"
    "version: 1\n"
    "record_key: account_sid\n"
    "default_calling_code: \"1\"\n"
    "fields:\n"
    "  account_sid: {action: token, type: PLATFORM_SID}\n"
    "  from: encrypt\n"
    "  to: encrypt\n"
    "  amount: encrypt\n"
    "  nested: encrypt\n"
    "  status: keep\n"
    "  card_hint: {action: mask, keep_last: 4}\n"
    "  date_sent: {action: generalize, method: time_bucket, unit: hour}\n"
    "  epoch: {action: generalize, method: time_bucket, unit: day}\n"
    "  lat: {action: generalize, method: round, decimals: 2}\n"
    "  lon: {action: generalize, method: round, decimals: 2}\n"
    "  zip: {action: generalize, method: truncate, keep: 3}\n"
    "  to_line: {action: generalize, method: phone_country}\n"
    "  url: {action: generalize, method: url}\n"
    "  caller: {action: token, type: auto}\n"
    "  note: {action: redact, tokens: [PHONE, EMAIL]}\n"
    "other_fields: encrypt\n";

class TransformActions : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "scrubline_actions_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    std::ofstream(dir_ + "/encrypting.yaml") << kPolicy;
    auto keys = KeyRing::Parse(kKeys);
    ASSERT_TRUE(keys.ok());
    auto cipher = ValueCipher::Create(*keys);
    ASSERT_TRUE(cipher.ok());
    cipher_ = std::make_unique<ValueCipher>(std::move(*cipher));
    PipelineOptions options;
    options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
    options.policy_default = dir_ + "/encrypting.yaml";
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
    auto transformer = Transformer::Create(*pipeline, nullptr);
    ASSERT_TRUE(transformer.ok()) << transformer.status().ToString();
    transformer_ = std::move(*transformer);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The usage record's value.
  std::string Run(std::string_view record) {
    OutputBatch batch;
    transformer_->Process(InputRecord{"messages", 0, 1, record}, batch);
    EXPECT_GE(batch.size(), 1u);
    return batch.size() == 0 ? "" : batch[0].value;
  }
  // The string value of `field` in a flat JSON object (test records only).
  static std::string Field(const std::string& json, const std::string& field) {
    const std::regex re("\"" + field + "\":\"([^\"]*)\"");
    std::smatch m;
    return std::regex_search(json, m, re) ? m[1].str() : "";
  }
  std::string Decrypt(const std::string& value) {
    std::string out;
    const Status s = cipher_->Decrypt(value, out);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  std::string dir_;
  std::unique_ptr<ValueCipher> cipher_;
  std::unique_ptr<Transformer> transformer_;
};

TEST_F(TransformActions, ScalarsBecomeCiphertextsThatReverseExactly) {
  const std::string out = Run(
      R"({"account_sid":"AC0123456789abcdef0123456789abcdef","from":"+14155550100",)"
      R"("to":"+14155550100","amount":1234567.50,"status":"delivered"})");
  const std::string from = Field(out, "from");
  const std::string to = Field(out, "to");
  const std::string amount = Field(out, "amount");
  EXPECT_EQ(from.rfind("enc_test1_", 0), 0u) << out;
  EXPECT_EQ(from, to) << "equal values encrypt alike in any field, so they still join";
  EXPECT_EQ(Decrypt(from), "+14155550100");
  EXPECT_EQ(Decrypt(amount), "1234567.50");  // a number comes back as written
  EXPECT_EQ(out.find("4155550100"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("status":"delivered")"), std::string::npos) << out;
}

TEST_F(TransformActions, ObjectsAndArraysAreRedactedAndUnnamedKeysScanned) {
  const std::string out = Run(
      R"({"account_sid":"AC0123456789abcdef0123456789abcdef",)"
      R"("nested":{"phone":"+14155550100","note":"ok"},)"
      R"("jane.doe@example.com":"a value under a personal key"})");
  EXPECT_EQ(out.find("4155550100"), std::string::npos) << out;
  EXPECT_NE(out.find("[PHONE]"), std::string::npos) << out;  // redacted inside the object
  EXPECT_EQ(out.find("jane.doe"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("[EMAIL]":"enc_test1_)"), std::string::npos) << out;
}

TEST_F(TransformActions, MaskAndGeneralizeWriteCoarserValues) {
  const std::string out = Run(
      R"({"account_sid":"AC0123456789abcdef0123456789abcdef","card_hint":"4111111111111111",)"
      R"("date_sent":"2026-11-01T10:23:45.123+02:00","epoch":1762000000,)"
      R"("lat":-33.8567844,"lon":"151.2152967","zip":"94107-1234","to_line":"whatsapp:+447911123456"})");
  EXPECT_NE(out.find(R"("card_hint":"************1111")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("date_sent":"2026-11-01T10:00:00+02:00")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("epoch":1761955200)"), std::string::npos) << out;  // still a number
  EXPECT_NE(out.find(R"("lat":-33.86)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("lon":"151.22")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("zip":"941")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("to_line":"whatsapp:+44 mobile")"), std::string::npos) << out;
}

TEST_F(TransformActions, UrlsKeepSchemeHostAndPathWithQueryValuesScanned) {
  const std::string out = Run(
      R"({"account_sid":"AC0123456789abcdef0123456789abcdef",)"
      R"("url":"https://bob:secret@track.example.com/u/jane.doe%40example.com?email=jane.doe%40example.com&)"
      R"(utm_source=sms&phone=%2B14155550100#top"})");
  EXPECT_NE(out.find(R"("url":"https://track.example.com/u/[EMAIL]?email=[EMAIL]&utm_source=sms&phone=[PHONE]")"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("secret"), std::string::npos) << out;
  EXPECT_EQ(out.find("jane"), std::string::npos) << out;
}

TEST_F(TransformActions, RedactCanWriteTokensThatJoinWithTheTokenAction) {
  const std::string out = Run(
      R"({"account_sid":"AC0123456789abcdef0123456789abcdef","caller":"+14155550100",)"
      R"("note":"call (415) 555-0100 or JANE@example.com, card 4111 1111 1111 1111"})");
  const std::string caller = Field(out, "caller");
  ASSERT_EQ(caller.rfind("tok_test1_", 0), 0u) << out;
  const std::string note = Field(out, "note");
  // The national form in the body reads as the same E.164 number.
  EXPECT_NE(note.find("call " + caller + " or tok_test1_"), std::string::npos) << out;
  EXPECT_NE(note.find(", card [CREDIT_CARD]"), std::string::npos) << out;  // not listed: its tag
  EXPECT_EQ(out.find("555-0100"), std::string::npos) << out;
  EXPECT_EQ(out.find("JANE"), std::string::npos) << out;
}

TEST_F(TransformActions, WhatAMethodCannotReadIsRedacted) {
  const std::string out = Run(
      R"({"account_sid":"AC0123456789abcdef0123456789abcdef",)"
      R"("date_sent":"call +1 415 555 0100 tomorrow","lat":"near jane.doe@example.com",)"
      R"("card_hint":{"pan":"4111111111111111"}})");
  EXPECT_EQ(out.find("4155550100"), std::string::npos) << out;
  EXPECT_EQ(out.find("555 0100"), std::string::npos) << out;
  EXPECT_EQ(out.find("jane.doe"), std::string::npos) << out;
  EXPECT_EQ(out.find("4111111111111111"), std::string::npos) << out;
  EXPECT_NE(out.find("[PHONE]"), std::string::npos) << out;
  EXPECT_NE(out.find("[EMAIL]"), std::string::npos) << out;
  EXPECT_NE(out.find("[CREDIT_CARD]"), std::string::npos) << out;
}

}  // namespace
}  // namespace scrubline
