// The statistical spam model: it learns from labelled texts, training is
// deterministic, a model survives its file format byte for byte, and a cut,
// changed or foreign file is refused with the reason.
#include "classifiers/aup/spam_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace scrubline {
namespace {

const std::vector<LabelledText>& Corpus() {
  static const std::vector<LabelledText> corpus = {
      {"WINNER! Claim your free prize now, call 09061701461", true},
      {"Free entry to win cash, text WIN to 80086", true},
      {"URGENT your mobile won a prize, call now to claim", true},
      {"Congratulations you won a free holiday, reply YES", true},
      {"are we still on for lunch tomorrow?", false},
      {"running late, see you at the station", false},
      {"can you pick up milk on the way home", false},
      {"happy birthday! have a great day", false},
      {"I'll call you when I get home", false},
  };
  return corpus;
}

TEST(SpamModel, LearnsWhichWordsMarkSpam) {
  const SpamModel m = SpamModel::Train(Corpus(), SpamModelOptions{});
  EXPECT_EQ(m.spam_texts(), 4u);
  EXPECT_EQ(m.ham_texts(), 5u);
  EXPECT_GT(m.LogOdds("claim your free prize, call now"), 2.0);
  EXPECT_LT(m.LogOdds("see you at lunch tomorrow"), -2.0);
  // A number's shape generalises: another premium-rate number of 11 digits.
  EXPECT_GT(m.LogOdds("call 09065554321"), m.LogOdds("call"));
  // No feature the model knows: only the prior, log(5/6) (smoothed counts).
  EXPECT_NEAR(m.LogOdds("zzqx"), std::log(5.0 / 6.0), 1e-9);
}

TEST(SpamModel, TrainingIsDeterministicAndTheFileRoundTrips) {
  SpamModelOptions options;
  options.seed = 7;
  options.data_sha256 = std::string(64, 'a');
  const std::string a = SpamModel::Train(Corpus(), options).Serialize();
  const std::string b = SpamModel::Train(Corpus(), options).Serialize();
  EXPECT_EQ(a, b);
  auto parsed = SpamModel::Parse(a, "m.bin");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->Serialize(), a);
  EXPECT_EQ(parsed->seed(), 7u);
  EXPECT_EQ(parsed->data_sha256(), std::string(64, 'a'));
  const SpamModel trained = SpamModel::Train(Corpus(), options);
  for (const LabelledText& t : Corpus()) {
    EXPECT_DOUBLE_EQ(parsed->LogOdds(t.text), trained.LogOdds(t.text));
  }
  // Another seed hashes differently: another file.
  options.seed = 8;
  EXPECT_NE(SpamModel::Train(Corpus(), options).Serialize(), a);
}

TEST(SpamModel, ACutChangedOrForeignFileIsRefused) {
  const std::string good = SpamModel::Train(Corpus(), SpamModelOptions{}).Serialize();
  const auto refused = [](const std::string& bytes, const std::string& why) {
    auto m = SpamModel::Parse(bytes, "m.bin");
    ASSERT_FALSE(m.ok()) << why;
    EXPECT_EQ(m.status().message().rfind("m.bin: not a usable spam model: ", 0), 0u);
    EXPECT_NE(m.status().message().find(why), std::string::npos)
        << m.status().ToString();
  };
  refused("", "no SCRBSPAM header");
  refused("{\"not\": \"a model\"}", "no SCRBSPAM header");
  refused(good.substr(0, good.size() - 1), "bytes where the header promises");
  std::string flipped = good;
  flipped[200] = static_cast<char>(flipped[200] ^ 1);  // one weight changed
  refused(flipped, "checksum mismatch");
  std::string version = good;
  version[8] = 2;  // format version 2: its buckets hashed words and trigrams another way
  refused(version, "format version 2, this build reads version 3");
  std::string features = good;
  features[12] = static_cast<char>(features[12] | 8);  // a feature set bit this build lacks
  refused(features, "feature set 15 is not one this build computes");
  std::string bits = good;
  bits[20] = 30;
  refused(bits, "bucket bits 30 outside 10-24");
  auto missing = SpamModel::LoadFile("/nonexistent/model.bin");
  EXPECT_FALSE(missing.ok());
}

TEST(SpamModel, TheShippedModelLoadsAndSeparatesObviousCases) {
  auto m = SpamModel::LoadFile(std::string(SCRUBLINE_SOURCE_PATTERNS_DIR) + "/aup/model.bin");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->spam_texts() + m->ham_texts(), 5574u);
  EXPECT_GT(m->LogOdds("FREE entry! Text WIN to 87121 to claim your prize, 150p/msg"), 3.0);
  EXPECT_LT(m->LogOdds("ok see you later, I'm at home"), -3.0);
}

}  // namespace
}  // namespace scrubline
