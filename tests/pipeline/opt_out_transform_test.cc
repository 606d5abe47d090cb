// Opt-outs and deletions in the transform: a record whose subject opted out
// or asked for deletion produces nothing (and is counted); cpni_restrict
// drops the fields the policy marks as CPNI and keeps the rest; everyone
// else's records flow unchanged. Through the shipped default router.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/transform.h"
#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

namespace fs = std::filesystem;
const std::string kSource = SCRUBLINE_SOURCE_DIR;

class OptOutTransform : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "scrubline_optouts_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    opt_outs_ = dir_ + "/opt-outs.txt";
    std::ofstream(opt_outs_) << "# subjects, in clear\n"
                                "phone (415) 555-0100\n"  // national: calling code 1
                                "email Jane.Doe@Example.com deletion\n"
                                "account ACcpni0000000000000000000000000000 cpni_restrict\n"
                                "user user-8817 opt_out\n";
    std::ifstream keys_file(kSource + "/tests/golden/subjects.keys");
    std::string text((std::istreambuf_iterator<char>(keys_file)), std::istreambuf_iterator<char>());
    auto keys = KeyRing::Parse(text);
    ASSERT_TRUE(keys.ok()) << keys.status().ToString();
    PipelineOptions options;
    options.patterns_dir = kSource + "/patterns";
    options.opt_outs_file = opt_outs_;
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
    auto transformer = Transformer::Create(*pipeline, &stats_);
    ASSERT_TRUE(transformer.ok()) << transformer.status().ToString();
    transformer_ = std::move(*transformer);
  }
  void TearDown() override { fs::remove_all(dir_); }

  const OutputBatch& Run(const std::string& record) {
    transformer_->Process(InputRecord{"events", 0, offset_++, record}, batch_);
    return batch_;
  }

  std::string dir_;
  std::string opt_outs_;
  Stats stats_;
  std::unique_ptr<Transformer> transformer_;
  OutputBatch batch_;
  std::int64_t offset_ = 0;
};

std::string Message(const std::string& from, const std::string& to, const std::string& account) {
  return R"({"sid":"SM0123456789abcdef0123456789abcdef","account_sid":")" + account +
         R"(","from":")" + from + R"(","to":")" + to +
         R"(","body":"hello","status":"sent","num_segments":1})";
}
const std::string kAccount = "AC0123456789abcdef0123456789abcdef";

TEST_F(OptOutTransform, OptedOutAndDeletedSubjectsProduceNothing) {
  // The phone in another format, as sender; the e-mail in another case, as recipient.
  EXPECT_EQ(Run(Message("+14155550100", "+14155550101", kAccount)).size(), 0u);
  EXPECT_EQ(Run(Message("whatsapp:+1 415 555 0100", "+14155550101", kAccount)).size(), 0u);
  EXPECT_EQ(Run(Message("+14155550101", "jane.doe@example.com", kAccount)).size(), 0u);
  // CDP: the user id, or an e-mail trait deep in context.
  EXPECT_EQ(Run(R"({"type":"track","userId":"user-8817","messageId":"m1","event":"x"})").size(), 0u);
  EXPECT_EQ(Run(R"({"type":"track","anonymousId":"a1","messageId":"m2",)"
                R"("context":{"traits":{"email":"JANE.DOE@example.com"}}})")
                .size(),
            0u);
  // E-mail events of the deleted address.
  EXPECT_EQ(Run(R"({"email":"jane.doe@example.com","event":"open","timestamp":1})").size(), 0u);
  EXPECT_EQ(Stats::Read(stats_.opted_out_records), 3u);
  EXPECT_EQ(Stats::Read(stats_.deleted_records), 3u);
  EXPECT_EQ(Stats::Read(stats_.records_in), 6u);
  EXPECT_EQ(Stats::Read(stats_.records_out[0]) + Stats::Read(stats_.records_out[1]), 0u);
  // Everyone else flows.
  EXPECT_EQ(Run(Message("+14155550102", "+14155550101", kAccount)).size(), 2u);
  EXPECT_EQ(Run(R"({"type":"track","userId":"user-1","messageId":"m3","event":"x"})").size(), 2u);
}

TEST_F(OptOutTransform, CpniRestrictDropsOnlyTheCpniFields) {
  const std::string call =
      R"({"sid":"CA0123456789abcdef0123456789abcdef","account_sid":"ACcpni0000000000000000000000000000",)"
      R"("from":"+14155550102","to":"+442079460958","from_zip":"94107","to_zip":"SW1A 1AA",)"
      R"("from_state":"CA","to_country":"GB","duration":"60","status":"completed"})";
  const OutputBatch& batch = Run(call);
  ASSERT_EQ(batch.size(), 2u);
  const std::string usage = batch[0].value;
  for (const char* gone : {"\"to\"", "to_line", "from_zip", "to_zip", "from_state", "to_country"}) {
    EXPECT_EQ(usage.find(gone), std::string::npos) << gone << " in " << usage;
  }
  for (const char* kept : {R"("from":"tok_test1_)", R"("from_line":"+1 )", R"("duration":"60")",
                           R"("status":"completed")"}) {
    EXPECT_NE(usage.find(kept), std::string::npos) << kept << " not in " << usage;
  }
  EXPECT_EQ(Stats::Read(stats_.cpni_restricted_records), 1u);
  // The same call of an unrestricted account keeps them.
  std::string other = call;
  other.replace(other.find("ACcpni"), 6, "AC0000");
  const std::string full = Run(other)[0].value;
  EXPECT_NE(full.find(R"("to_zip":"SW1")"), std::string::npos) << full;
}

TEST(OptOutSetup, NeedsASubjectsKeyAndNamesBadLinesWithoutValues) {
  const std::string dir = ::testing::TempDir();
  const std::string file = dir + "/scrubline_optouts_setup.txt";
  std::ofstream(file) << "phone +14155550100\n";
  auto keys = KeyRing::Parse("test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n");
  ASSERT_TRUE(keys.ok());
  PipelineOptions options;
  options.patterns_dir = kSource + "/patterns";
  options.opt_outs_file = file;
  auto no_key = CompiledPipeline::Create(options, *keys);
  ASSERT_FALSE(no_key.ok());
  EXPECT_NE(no_key.status().message().find("keygen --subjects"), std::string::npos)
      << no_key.status().ToString();
  std::ofstream(file) << "phone +14155550100\nfax +14155550199\n";
  std::ifstream keys_file(kSource + "/tests/golden/subjects.keys");
  std::string text((std::istreambuf_iterator<char>(keys_file)), std::istreambuf_iterator<char>());
  auto bad = CompiledPipeline::Create(options, *KeyRing::Parse(text));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos) << bad.status().ToString();
  EXPECT_EQ(bad.status().message().find("4155550199"), std::string::npos);
}

TEST(OptOutScan, ScanTakesAnOptOutsFile) {
  const std::string file = ::testing::TempDir() + "/scrubline_optouts_scan.txt";
  std::ofstream(file) << "phone +14155550100\n";
  const std::string input = ::testing::TempDir() + "/scrubline_optouts_scan.jsonl";
  std::ofstream(input) << Message("+14155550100", "+14155550101", kAccount) << "\n"
                       << Message("+14155550102", "+14155550101", kAccount) << "\n";
  auto r = testing::RunShell("env -u SCRUBLINE_KEY " + std::string(SCRUBLINE_BINARY) +
                             " scan --key-file " + kSource + "/tests/golden/subjects.keys" +
                             " --opt-outs " + file + " < " + input);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Only the second record's usage and content.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
  EXPECT_EQ(r.out.find(R"("scrubline.src.offset":"0")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("scrubline.src.offset":"1")"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace scrubline
