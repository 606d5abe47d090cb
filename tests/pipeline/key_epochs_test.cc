// Key epochs: a record's tokens come from the key of the window its own
// event time falls in, so tokens join inside a window and not across.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "classifiers/crypto/value_cipher.h"
#include "classifiers/policy/generalize.h"
#include "pipeline/transform.h"

namespace scrubline {
namespace {

namespace fs = std::filesystem;

constexpr char kRing[] =
    "h2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n"
    "h1:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM\n";

constexpr char kPolicy[] =
    "id: epochs\nversion: 1\ndefault_calling_code: \"1\"\n"
    "record_key: from\n"
    "fields:\n"
    "  from: {action: token, type: auto}\n"
    "  date_sent: keep\n"
    "key_epochs:\n"
    "  time_field: date_sent\n"
    "  epochs:\n"
    "    - {key: h1, from: \"2026-01-01\"}\n"
    "    - {key: h2, from: \"2026-07-01T00:00:00Z\"}\n"
    "other_fields: drop\n";

class KeyEpochs : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "scrubline_epochs_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }

  StatusOr<std::unique_ptr<Transformer>> Build(const std::string& policy, const char* ring) {
    std::ofstream(dir_ + "/p.yaml") << policy;
    auto keys = KeyRing::Parse(ring);
    if (!keys.ok()) return keys.status();
    PipelineOptions options;
    options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
    options.policy_default = dir_ + "/p.yaml";
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    if (!pipeline.ok()) return pipeline.status();
    return Transformer::Create(*pipeline, nullptr);
  }

  std::string dir_;
};

// "key id|token" of the record's `from`.
std::string KeyAndToken(Transformer& t, const std::string& date) {
  OutputBatch batch;
  const std::string record =
      R"({"from":"+14155550100")" + (date.empty() ? std::string() : R"(,"date_sent":)" + date) + "}";
  t.Process(InputRecord{"m", 0, 0, record}, batch);
  if (batch.size() != 2) return "no output";
  const std::string& v = batch[0].value;
  const auto at = v.find("tok_");
  return *batch[0].FindHeader("scrubline.key.id") + "|" +
         v.substr(at, v.find('"', at) - at);
}

TEST_F(KeyEpochs, TokensJoinInsideAWindowAndNotAcross) {
  auto t = Build(kPolicy, kRing);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const std::string march = KeyAndToken(**t, R"("2026-03-15T10:00:00Z")");
  const std::string may = KeyAndToken(**t, R"("2026-05-01")");
  const std::string august = KeyAndToken(**t, R"("2026-08-01T09:00:00+02:00")");
  const std::string epoch_ms = KeyAndToken(**t, "1785000000000");  // 2026-07-25: h2
  EXPECT_TRUE(march.starts_with("h1|tok_h1_")) << march;
  EXPECT_EQ(march, may);  // one window: the same token
  EXPECT_TRUE(august.starts_with("h2|tok_h2_")) << august;
  EXPECT_EQ(august, epoch_ms);
  EXPECT_NE(march.substr(3), august.substr(3));
  // The boundary belongs to the new window: 2026-07-01T00:00:00Z is h2, a
  // second earlier (in +01:00) still h1.
  EXPECT_TRUE(KeyAndToken(**t, R"("2026-07-01T00:00:00Z")").starts_with("h2|")) ;
  EXPECT_TRUE(KeyAndToken(**t, R"("2026-07-01T00:59:59+01:00")").starts_with("h1|"));
  // Before every epoch: the oldest; no time or an unreadable one: the newest.
  EXPECT_TRUE(KeyAndToken(**t, R"("2025-12-31")").starts_with("h1|"));
  EXPECT_TRUE(KeyAndToken(**t, "").starts_with("h2|"));
  EXPECT_TRUE(KeyAndToken(**t, R"("yesterday")").starts_with("h2|"));
}

// `encrypt` follows the epochs too: a value is encrypted under its window's
// key, so destroying an old window's key shreds its ciphertexts as well as
// unlinking its tokens; the same value in another window encrypts apart.
TEST_F(KeyEpochs, EncryptUsesTheWindowsKey) {
  std::string policy = kPolicy;
  policy.replace(policy.find("  from: {action: token, type: auto}"),
                 std::string("  from: {action: token, type: auto}").size(),
                 "  from: encrypt");
  policy.erase(policy.find("record_key: from\n"), std::string("record_key: from\n").size());
  auto t = Build(policy, kRing);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const auto encrypted_from = [&](const std::string& date) {
    OutputBatch batch;
    const std::string record = R"({"from":"+14155550100","date_sent":)" + date + "}";
    (*t)->Process(InputRecord{"m", 0, 0, record}, batch);
    if (batch.size() != 2) return std::string("no output");
    const std::string& v = batch[0].value;
    const auto at = v.find("enc_");
    return at == std::string::npos ? v : v.substr(at, v.find('"', at) - at);
  };
  const std::string march = encrypted_from(R"("2026-03-15")");
  const std::string august = encrypted_from(R"("2026-08-01")");
  EXPECT_TRUE(march.starts_with("enc_h1_")) << march;
  EXPECT_TRUE(august.starts_with("enc_h2_")) << august;
  EXPECT_EQ(march, encrypted_from(R"("2026-05-01")"));  // one window: equal values join

  // Both decrypt with the whole ring; once h1 is destroyed, March's cannot.
  auto whole = ValueCipher::Create(*KeyRing::Parse(kRing));
  ASSERT_TRUE(whole.ok());
  std::string back;
  ASSERT_TRUE(whole->Decrypt(march, back).ok());
  EXPECT_EQ(back, "+14155550100");
  auto without_h1 =
      ValueCipher::Create(*KeyRing::Parse("h2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n"));
  ASSERT_TRUE(without_h1.ok());
  back.clear();
  EXPECT_EQ(without_h1->Decrypt(march, back).code(), StatusCode::kNotFound);
  EXPECT_TRUE(without_h1->Decrypt(august, back).ok());
}

TEST_F(KeyEpochs, EveryEpochKeyMustBeInTheRingAndEpochsMustBeDistinct) {
  auto missing = Build(kPolicy, "h2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("key 'h1' is not in the key ring"), std::string::npos)
      << missing.status().ToString();
  const std::pair<const char*, const char*> bad[] = {
      {"    - {key: h1, from: \"soon\"}\n", "from must be a date"},
      {"    - {key: h1, from: \"2026-01-01\"}\n    - {key: h2, from: \"2026-01-01T00:00:00Z\"}\n",
       "start together"},
      {"    - {key: h1, from: \"2026-01-01\"}\n    - {key: h1, from: \"2026-02-01\"}\n",
       "has an epoch already"},
  };
  for (const auto& [epochs, expected] : bad) {
    const std::string policy = std::string("id: e\nversion: 1\nfields: {}\nkey_epochs:\n"
                                           "  time_field: t\n  epochs:\n") + epochs;
    auto t = Build(policy, kRing);
    ASSERT_FALSE(t.ok()) << epochs;
    EXPECT_NE(t.status().message().find(expected), std::string::npos) << t.status().ToString();
  }
}

TEST(ParseTimeSeconds, ReadsDatesDateTimesZonesAndEpochs) {
  std::int64_t t = 0;
  ASSERT_TRUE(ParseTimeSeconds("1970-01-02", t));
  EXPECT_EQ(t, 86400);
  ASSERT_TRUE(ParseTimeSeconds("2026-07-01T02:00:00+02:00", t));
  EXPECT_EQ(t, 1782864000);  // 2026-07-01T00:00:00Z
  ASSERT_TRUE(ParseTimeSeconds("2026-07-01 00:00-0130", t));
  EXPECT_EQ(t, 1782864000 + 5400);
  ASSERT_TRUE(ParseTimeSeconds("1782864000", t));
  EXPECT_EQ(t, 1782864000);
  ASSERT_TRUE(ParseTimeSeconds("1782864000999", t));
  EXPECT_EQ(t, 1782864000);
  for (const char* bad : {"", "2026-02-30", "12345", "2026-07-01T25:00Z", "next week"}) {
    EXPECT_FALSE(ParseTimeSeconds(bad, t)) << bad;
  }
}

}  // namespace
}  // namespace scrubline
