// The transform's side of the PII scan budget and of already-masked values:
// a value the classifier cannot scan within budget is dropped ([UNSCANNED])
// and counted, never passed on; a masked value is redacted but counted apart
// from fresh detections.
#include <gtest/gtest.h>

#include <string>

#include "pipeline/transform.h"

namespace scrubline {
namespace {

constexpr char kKeys[] = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n";

class TransformBudgetTest : public ::testing::Test {
 protected:
  void Build(std::size_t max_scan_bytes) {
    auto keys = KeyRing::Parse(kKeys);
    ASSERT_TRUE(keys.ok()) << keys.status().ToString();
    PipelineOptions options;
    options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
    options.scan_budget.max_text_bytes = max_scan_bytes;
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
    auto transformer = Transformer::Create(*pipeline, &stats_);
    ASSERT_TRUE(transformer.ok()) << transformer.status().ToString();
    transformer_ = std::move(*transformer);
  }

  const OutputBatch& Run(std::string_view value) {
    transformer_->Process(InputRecord{"messages", 0, 1, value}, batch_);
    return batch_;
  }

  Stats stats_;
  std::unique_ptr<Transformer> transformer_;
  OutputBatch batch_;
};

TEST_F(TransformBudgetTest, OverBudgetValuesAreDroppedAndCounted) {
  // Catalog examples are checked at Create, so the budget must admit them;
  // 400 bytes does, and the body below is longer.
  Build(400);
  const std::string secret = "jane.doe@example.com";
  std::string body = "reach me at " + secret + " ";
  while (body.size() < 600) body += "and some more words ";
  const std::string record = R"({"account_sid":"AC0123456789abcdef0123456789abcdef",)"
                             R"("sid":"SM0123456789abcdef0123456789abcdef","status":"sent",)"
                             R"("body":")" + body + R"(","note":"short ana@example.org",)"
                             R"("ref":)" + std::string(500, '7') + "}";
  const OutputBatch& out = Run(record);
  ASSERT_EQ(out.size(), 2u);
  const std::string& usage = out[0].value;
  const std::string& content = out[1].value;
  EXPECT_EQ(content.find(secret), std::string::npos);
  EXPECT_EQ(content.find("more words"), std::string::npos);
  EXPECT_NE(content.find(R"("body":"[UNSCANNED]")"), std::string::npos) << content;
  // Short values are still scanned normally; a long number is dropped too.
  EXPECT_NE(usage.find(R"("note":"short [EMAIL]")"), std::string::npos) << usage;
  EXPECT_NE(usage.find(R"("ref":"[UNSCANNED]")"), std::string::npos) << usage;
  EXPECT_EQ(usage.find("7777"), std::string::npos);
  EXPECT_EQ(Stats::Read(stats_.fields_over_budget), 2u);
  EXPECT_EQ(Stats::Read(stats_.classify_errors), 0u);
}

TEST_F(TransformBudgetTest, MaskedValuesAreRedactedButNotCountedAsDetections) {
  Build(1 << 20);
  const OutputBatch& out =
      Run(R"({"sid":"SM0123456789abcdef0123456789abcdef",)"
          R"("body":"card ending ****1234, ssn ***-**-6789, call +1415555XXXX"})");
  ASSERT_EQ(out.size(), 2u);
  const std::string& content = out[1].value;
  EXPECT_EQ(content.find("1234"), std::string::npos) << content;
  EXPECT_EQ(content.find("6789"), std::string::npos) << content;
  EXPECT_EQ(content.find("1415555"), std::string::npos) << content;
  EXPECT_GE(Stats::Read(stats_.masked_values), 3u);
  EXPECT_EQ(Stats::Read(stats_.detections[static_cast<std::size_t>(EntityType::kCreditCard)]), 0u);
  EXPECT_EQ(Stats::Read(stats_.detections[static_cast<std::size_t>(EntityType::kUsSsn)]), 0u);
}

}  // namespace
}  // namespace scrubline
