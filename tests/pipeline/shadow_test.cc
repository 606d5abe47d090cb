// Shadow policies: the candidate runs beside the live policy without
// changing what is produced; differences are counted per selector and
// entity type, and a bounded sample becomes review records that carry both
// sides' outputs (never a clear value).
#include "pipeline/shadow.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

namespace fs = std::filesystem;
const std::string kSource = SCRUBLINE_SOURCE_DIR;

constexpr char kCandidate[] =
    "id: candidate\nversion: 1\nrecord_key: account_sid\njoin_key: sid\n"
    "default_calling_code: \"1\"\n"
    "fields:\n"
    "  account_sid: {action: token, type: PLATFORM_SID}\n"
    "  sid: {action: token, type: PLATFORM_SID}\n"
    "  from: {action: token, type: auto}\n"
    "  to: {action: generalize, method: phone_country}\n"
    "  client_ip: {action: generalize, method: ip_prefix, ipv4_bits: 16}\n"
    "  status: keep\n"
    "  body: {action: redact, output: content}\n"
    "other_fields: drop\n";

std::string Message(int i) {
  return R"({"sid":"SM0123456789abcdef0123456789abcd)" + std::to_string(10 + i) +
         R"(","account_sid":"AC0123456789abcdef0123456789abcdef","from":"+14155550100",)"
         R"("to":"+442079460958","body":"mail ann@example.com","status":"sent",)"
         R"("client_ip":"203.0.113.77","num_segments":1})";
}

class Shadow : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "scrubline_shadow_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    std::ofstream(dir_ + "/candidate.yaml") << kCandidate;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::shared_ptr<const CompiledPipeline> Pipeline(const std::string& policy) {
    PipelineOptions options;
    options.patterns_dir = kSource + "/patterns";
    options.policy_default = policy;
    auto p = CompiledPipeline::Create(
        options, *KeyRing::Parse("test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n"));
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : nullptr;
  }

  std::string dir_;
};

TEST_F(Shadow, LiveOutputsAreUnchangedAndDifferencesAreCountedAndSampled) {
  auto live = Pipeline("message_log");
  auto runner = ShadowRunner::Create(live, Pipeline(dir_ + "/candidate.yaml"), nullptr, 2);
  ASSERT_TRUE(runner.ok()) << runner.status().ToString();
  auto plain = Transformer::Create(live, nullptr);
  ASSERT_TRUE(plain.ok());
  OutputBatch out, review, expected;
  int reviews = 0;
  for (int i = 0; i < 5; ++i) {
    const std::string record = Message(i);  // the InputRecord only views it
    const InputRecord in{"messages", 0, i, record};
    (*runner)->Process(in, out, review);
    (*plain)->Process(in, expected);
    ASSERT_EQ(out.size(), expected.size());
    for (std::size_t k = 0; k < out.size(); ++k) EXPECT_EQ(out[k].value, expected[k].value);
    reviews += static_cast<int>(review.size());
    if (i == 0) {
      ASSERT_EQ(out.size(), 2u);
      ASSERT_EQ(review.size(), 1u);
      const Output& r = review[0];
      EXPECT_EQ(r.kind, OutputKind::kReview);
      EXPECT_EQ(r.topic, "scrubline.review");
      EXPECT_EQ(*r.FindHeader("scrubline.src.offset"), "0");
      EXPECT_EQ(*r.FindHeader("scrubline.shadow.policy.id"), "candidate@1");
      EXPECT_NE(r.value.find(R"("live_policy":"message_log@5","shadow_policy":"candidate@1")"),
                std::string::npos)
          << r.value;
      EXPECT_NE(r.value.find(R"({"path":"$.to","selector":"to","live_action":"token",)"
                             R"("shadow_action":"generalize"})"),
                std::string::npos)
          << r.value;
      EXPECT_NE(r.value.find(R"("shadow_usage":{)"), std::string::npos);
      EXPECT_NE(r.value.find(R"("to":"+44 fixed")"), std::string::npos) << r.value;
      for (const char* clear : {"4155550100", "2079460958", "ann@example.com", "203.0.113.77"}) {
        EXPECT_EQ(r.value.find(clear), std::string::npos) << clear;
      }
    }
  }
  EXPECT_EQ(reviews, 2);  // the sample is bounded
  EXPECT_EQ((*runner)->records_compared(), 5u);
  EXPECT_EQ((*runner)->records_changed(), 5u);
  const auto counts = (*runner)->Counts();
  EXPECT_EQ(counts.at({"to", "none"}), 5u);
  EXPECT_EQ(counts.at({"client_ip", "none"}), 5u);  // same action, other options
  EXPECT_EQ(counts.at({"other_fields", "none"}), 5u);  // num_segments: keep -> drop
  EXPECT_EQ(counts.count({"body", "EMAIL"}), 0u);      // the body is shaped the same
}

TEST_F(Shadow, TheSamePolicyChangesNothing) {
  auto runner =
      ShadowRunner::Create(Pipeline("message_log"), Pipeline("message_log"), nullptr, 10);
  ASSERT_TRUE(runner.ok());
  OutputBatch out, review;
  for (int i = 0; i < 3; ++i) {
    const std::string record = Message(i);
    (*runner)->Process({"messages", 0, i, record}, out, review);
    EXPECT_EQ(out.size(), 2u);  // a real record, not a dead letter
    EXPECT_EQ(review.size(), 0u);
  }
  (*runner)->Process({"messages", 0, 3, "{broken"}, out, review);  // dead letters alike
  EXPECT_EQ(review.size(), 0u);
  EXPECT_EQ((*runner)->records_changed(), 0u);
  EXPECT_TRUE((*runner)->Counts().empty());
}

// A reload: Replace swaps the candidate (the same policy on both sides
// changes nothing; the other candidate changes every record) and gives the
// new candidate a fresh review sample; without a candidate only the live
// side changes.
TEST_F(Shadow, ReplaceSwapsTheCandidateAndRestartsTheSample) {
  auto runner =
      ShadowRunner::Create(Pipeline("message_log"), Pipeline("message_log"), nullptr, 1);
  ASSERT_TRUE(runner.ok());
  OutputBatch out, review;
  const std::string first = Message(0);
  (*runner)->Process({"messages", 0, 0, first}, out, review);
  EXPECT_EQ(review.size(), 0u);
  EXPECT_EQ((*runner)->records_changed(), 0u);

  ASSERT_TRUE((*runner)
                  ->Replace(Pipeline("message_log"), Pipeline(dir_ + "/candidate.yaml"),
                            nullptr, nullptr)
                  .ok());
  int reviews = 0;
  for (int i = 1; i <= 3; ++i) {
    const std::string record = Message(i);
    (*runner)->Process({"messages", 0, i, record}, out, review);
    reviews += static_cast<int>(review.size());
  }
  EXPECT_EQ((*runner)->records_changed(), 3u);
  EXPECT_EQ(reviews, 1);

  // Back to the same policy: changes stop, counts stay (counters), and the
  // sample starts again for the next candidate.
  ASSERT_TRUE((*runner)
                  ->Replace(Pipeline("message_log"), Pipeline("message_log"), nullptr, nullptr)
                  .ok());
  const std::string fifth = Message(4);
  (*runner)->Process({"messages", 0, 4, fifth}, out, review);
  EXPECT_EQ(review.size(), 0u);
  EXPECT_EQ((*runner)->records_changed(), 3u);
  EXPECT_EQ((*runner)->Counts().at({"to", "none"}), 3u);

  // No candidate given: the live side alone is replaced.
  ASSERT_TRUE((*runner)->Replace(Pipeline(dir_ + "/candidate.yaml"), nullptr, nullptr, nullptr).ok());
  const std::string sixth = Message(5);
  (*runner)->Process({"messages", 0, 5, sixth}, out, review);
  ASSERT_GT(out.size(), 0u);
  EXPECT_EQ(*out[0].FindHeader("scrubline.policy.id"), "candidate@1");  // the new live side
  EXPECT_EQ((*runner)->records_changed(), 4u);  // against message_log, still the candidate
}

TEST_F(Shadow, ScanTakesAShadowPolicy) {
  const std::string input = dir_ + "/in.jsonl";
  std::ofstream(input) << Message(0) << "\n" << Message(1) << "\n";
  auto r = testing::RunShell("env -u SCRUBLINE_KEY " + std::string(SCRUBLINE_BINARY) +
                             " scan --key-file " + kSource + "/tests/golden/test.keys" +
                             " --policy message_log --shadow " + dir_ + "/candidate.yaml < " +
                             input + " 2>" + dir_ + "/err.txt");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Per record: usage, content, review.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 6) << r.out;
  std::ifstream err_file(dir_ + "/err.txt");
  const std::string err((std::istreambuf_iterator<char>(err_file)), std::istreambuf_iterator<char>());
  EXPECT_NE(err.find("shadow: 2 of 2 records would change"), std::string::npos) << err;
  EXPECT_NE(err.find("shadow: to none 2"), std::string::npos) << err;
}

}  // namespace
}  // namespace scrubline
