// The `encrypt` policy action in the transform: scalars leave as ciphertexts
// that the key ring reverses exactly, equal values encrypt alike in any field,
// and what cannot be encrypted as a value (objects, arrays) is redacted.
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
    "fields:\n"
    "  account_sid: {action: token, type: PLATFORM_SID}\n"
    "  from: encrypt\n"
    "  to: encrypt\n"
    "  amount: encrypt\n"
    "  nested: encrypt\n"
    "  status: keep\n"
    "other_fields: encrypt\n";

class TransformEncrypt : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "scrubline_encrypt_XXXXXX").string();
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

TEST_F(TransformEncrypt, ScalarsBecomeCiphertextsThatReverseExactly) {
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

TEST_F(TransformEncrypt, ObjectsAndArraysAreRedactedAndUnnamedKeysScanned) {
  const std::string out = Run(
      R"({"account_sid":"AC0123456789abcdef0123456789abcdef",)"
      R"("nested":{"phone":"+14155550100","note":"ok"},)"
      R"("jane.doe@example.com":"a value under a personal key"})");
  EXPECT_EQ(out.find("4155550100"), std::string::npos) << out;
  EXPECT_NE(out.find("[PHONE]"), std::string::npos) << out;  // redacted inside the object
  EXPECT_EQ(out.find("jane.doe"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("[EMAIL]":"enc_test1_)"), std::string::npos) << out;
}

}  // namespace
}  // namespace scrubline
