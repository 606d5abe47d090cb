// A policy's `pii:` allow and deny additions change what the transform
// redacts, for the records under that policy only.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/transform.h"

namespace scrubline {
namespace {

namespace fs = std::filesystem;

constexpr char kKeys[] = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n";
const std::string kPatterns = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";

constexpr char kMessage[] =
    R"({"account_sid":"AC0123456789abcdef0123456789abcdef","sid":"SM0123456789abcdef0123456789abcdef",)"
    R"("body":"Support +1 888 555 0142, me 415-555-0100, card 4111 1111 1111 1111, re Project Nightingale"})";

class TransformPiiLists : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "scrubline_policy_lists_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    // The shipped default policy plus a pii section, under another id.
    std::ifstream in(kPatterns + "/policies/message_log.yaml");
    std::stringstream text;
    text << in.rdbuf();
    std::string policy = text.str();
    const std::string id = "id: message_log\n";
    ASSERT_NE(policy.find(id), std::string::npos);
    policy.replace(policy.find(id), id.size(), "id: message_log_strict\n");
    policy +=
        "pii:\n"
        "  allow:\n"
        "    - {type: CREDIT_CARD, value: '4111111111111111', note: sandbox test card}\n"
        "  deny:\n"
        "    - {term: Project Nightingale, note: code name}\n";
    strict_path_ = dir_ + "/strict.yaml";
    std::ofstream(strict_path_) << policy;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::shared_ptr<const CompiledPipeline> Pipeline(PipelineOptions options) {
    options.patterns_dir = kPatterns;
    auto keys = KeyRing::Parse(kKeys);
    EXPECT_TRUE(keys.ok());
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    EXPECT_TRUE(pipeline.ok()) << pipeline.status().ToString();
    return pipeline.ok() ? *pipeline : nullptr;
  }

  // The content record's value and the policy fingerprint header.
  std::pair<std::string, std::string> Run(std::shared_ptr<const CompiledPipeline> pipeline,
                                          std::string_view topic) {
    auto transformer = Transformer::Create(std::move(pipeline), nullptr);
    EXPECT_TRUE(transformer.ok()) << transformer.status().ToString();
    OutputBatch batch;
    (*transformer)->Process(InputRecord{topic, 0, 1, kMessage}, batch);
    EXPECT_GE(batch.size(), 2u);  // usage, content (and an alert: the body scores high)
    if (batch.size() < 2u) return {};
    const std::string* sha = batch[1].FindHeader("scrubline.policy.sha256");
    EXPECT_NE(sha, nullptr);
    return {batch[1].value, sha ? *sha : ""};
  }

  std::string dir_;
  std::string strict_path_;
};

TEST_F(TransformPiiLists, AdditionsChangeTheRedactedOutput) {
  auto plain = Pipeline(PipelineOptions{});
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->classifiers().size(), 1u);
  const auto [plain_body, plain_sha] = Run(plain, "messages");
  // The catalog's own allow list keeps the support line; the card and a
  // private number are redacted; the code name is just words.
  EXPECT_NE(plain_body.find(
                "Support +1 888 555 0142, me [PHONE], card [CREDIT_CARD], re Project Nightingale"),
            std::string::npos)
      << plain_body;

  PipelineOptions options;
  options.policy_default = strict_path_;
  auto strict = Pipeline(options);
  ASSERT_NE(strict, nullptr);
  EXPECT_EQ(strict->classifiers().size(), 2u);  // the catalog's and the policy's
  const auto [strict_body, strict_sha] = Run(strict, "messages");
  EXPECT_NE(strict_body.find(
                "Support +1 888 555 0142, me [PHONE], card 4111 1111 1111 1111, re [CUSTOM_TERM]"),
            std::string::npos)
      << strict_body;
  EXPECT_NE(strict_sha, plain_sha);
  EXPECT_EQ(strict_sha.size(), 64u);
}

TEST_F(TransformPiiLists, OnlyRecordsUnderThePolicyUseItsAdditions) {
  PipelineOptions options;
  options.policy_bindings = {{"sandbox", strict_path_}};
  auto pipeline = Pipeline(options);
  ASSERT_NE(pipeline, nullptr);
  const auto [default_body, default_sha] = Run(pipeline, "messages");
  const auto [sandbox_body, sandbox_sha] = Run(pipeline, "sandbox");
  EXPECT_NE(default_body.find("card [CREDIT_CARD], re Project Nightingale"), std::string::npos)
      << default_body;
  EXPECT_NE(sandbox_body.find("card 4111 1111 1111 1111, re [CUSTOM_TERM]"), std::string::npos)
      << sandbox_body;
  EXPECT_NE(default_sha, sandbox_sha);
}

TEST_F(TransformPiiLists, ABadAdditionStopsStartUpNamingThePolicy) {
  std::ofstream(strict_path_, std::ios::app) << "    - {term: '--'}\n";
  PipelineOptions options;
  options.policy_default = strict_path_;
  options.patterns_dir = kPatterns;
  auto keys = KeyRing::Parse(kKeys);
  ASSERT_TRUE(keys.ok());
  auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
  ASSERT_FALSE(pipeline.ok());
  EXPECT_NE(pipeline.status().message().find("strict.yaml: pii.deny #2"), std::string::npos)
      << pipeline.status().ToString();
}

}  // namespace
}  // namespace scrubline
