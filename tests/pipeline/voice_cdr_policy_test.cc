// The shipped voice CDR policy (patterns/policies/voice_cdr.yaml) on a call
// record: what leaves, and in what form.
#include <string>

#include <gtest/gtest.h>

#include "pipeline/transform.h"

namespace scrubline {
namespace {

constexpr char kKeys[] = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n";

constexpr char kCall[] =
    R"({"sid":"CA0123456789abcdef0123456789abcdef","account_sid":"AC0123456789abcdef0123456789abcdef",)"
    R"("from":"+14155550100","to":"+442079460958","caller_name":"Jane Doe",)"
    R"("from_city":"San Francisco","from_state":"CA","from_zip":"94107","from_country":"US",)"
    R"("to_city":"London","to_zip":"SW1A 1AA","to_country":"GB",)"
    R"("start_time":"2026-11-01T10:00:00Z","end_time":"2026-11-01T10:03:12Z","duration":"192",)"
    R"("status":"completed","direction":"outbound-dial","price":"-0.0130",)"
    R"("transcription_text":"Hi, it's Jane, call me back on 415 555 0100 or mail jane@example.com",)"
    R"("recording_note":"ask for jane@example.com"})";

TEST(VoiceCdrPolicy, TokensCoarseFieldsAndRedactedTranscription) {
  auto keys = KeyRing::Parse(kKeys);
  ASSERT_TRUE(keys.ok());
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  options.policy_default = "voice_cdr";
  auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto transformer = Transformer::Create(*pipeline, nullptr);
  ASSERT_TRUE(transformer.ok());
  OutputBatch batch;
  (*transformer)->Process(InputRecord{"calls", 0, 5, kCall}, batch);
  ASSERT_EQ(batch.size(), 2u);
  const std::string& usage = batch[0].value;
  const std::string& content = batch[1].value;
  EXPECT_EQ(*batch[0].FindHeader("scrubline.policy.id"), "voice_cdr@3");
  EXPECT_EQ(*batch[0].FindHeader("scrubline.schema"), "voice_cdr/2");
  for (const char* field : {"sid", "account_sid", "from", "to", "caller_name"}) {
    EXPECT_NE(usage.find(std::string("\"") + field + "\":\"tok_test1_"), std::string::npos)
        << field << ": " << usage;
  }
  // Derived members: the parties' calling code and line type beside their tokens.
  EXPECT_NE(usage.find(R"(","from_line":"+1 )"), std::string::npos) << usage;
  EXPECT_NE(usage.find(R"(","to_line":"+44 )"), std::string::npos) << usage;
  EXPECT_NE(usage.find(R"("from_zip":"941")"), std::string::npos) << usage;
  EXPECT_NE(usage.find(R"("to_zip":"SW1")"), std::string::npos) << usage;
  EXPECT_NE(usage.find(R"("from_state":"CA")"), std::string::npos) << usage;
  EXPECT_NE(usage.find(R"("to_country":"GB")"), std::string::npos) << usage;
  EXPECT_NE(usage.find(R"("duration":"192")"), std::string::npos) << usage;
  EXPECT_EQ(usage.find("San Francisco"), std::string::npos) << usage;  // cities dropped
  EXPECT_EQ(usage.find("London"), std::string::npos) << usage;
  EXPECT_EQ(usage.find("Jane"), std::string::npos) << usage;
  EXPECT_NE(usage.find(R"("recording_note":"ask for [EMAIL]")"), std::string::npos) << usage;
  EXPECT_NE(content.find("call me back on [PHONE] or mail [EMAIL]"), std::string::npos) << content;
  EXPECT_EQ(content.find("555 0100"), std::string::npos) << content;
}

}  // namespace
}  // namespace scrubline
