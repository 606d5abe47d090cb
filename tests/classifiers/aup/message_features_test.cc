// The measured properties of a body that feature rules weigh.
#include "classifiers/aup/message_features.h"

#include <gtest/gtest.h>

namespace scrubline {
namespace {

MessageFeatures Measure(std::string_view text) {
  MessageFeatures f;
  MeasureMessage(text, f);
  return f;
}

TEST(MessageFeatures, CountsLinks) {
  EXPECT_EQ(Measure("see https://a.example/x and www.b.example or bit.ly/abc")[AupFeature::kLinkCount], 3);
  EXPECT_EQ(Measure("(http://x.example) <HTTPS://Y.EXAMPLE/>")[AupFeature::kLinkCount], 2);
  EXPECT_EQ(Measure("example.co.uk/path")[AupFeature::kLinkCount], 1);
  // Not links: a bare domain without a path, a file name, a date, a ratio.
  EXPECT_EQ(Measure("example.com report.pdf 12/05 1.5/2 a.b/c")[AupFeature::kLinkCount], 0);
}

TEST(MessageFeatures, CapitalsShareNeedsEnoughLetters) {
  EXPECT_DOUBLE_EQ(Measure("FREE ENTRY NOW")[AupFeature::kCapitalsShare], 1.0);
  EXPECT_DOUBLE_EQ(Measure("OK")[AupFeature::kCapitalsShare], 0.0);  // under 12 letters
  EXPECT_NEAR(Measure("Hello there friend")[AupFeature::kCapitalsShare], 1.0 / 16, 1e-9);
}

TEST(MessageFeatures, CountsMoneyAmounts) {
  EXPECT_EQ(Measure("win $500 or \xC2\xA3" "900 or \xE2\x82\xAC 20 now")[AupFeature::kMoneyAmounts], 3);
  EXPECT_EQ(Measure("1000 cash and 50 pounds, 2000GBP")[AupFeature::kMoneyAmounts], 3);
  EXPECT_EQ(Measure("meet at 5, bus 42, $ alone, \xC2\xA3x")[AupFeature::kMoneyAmounts], 0);
}

TEST(MessageFeatures, CountsWordsMixingScripts) {
  // "Pаypal" with a Cyrillic a (U+0430), "Аmazon" with a Cyrillic A (U+0410),
  // "Gοogle" with a Greek omicron (U+03BF), "Ｐay" with a full-width P.
  EXPECT_EQ(Measure("P\xD0\xB0ypal \xD0\x90mazon G\xCE\xBFogle \xEF\xBC\xB0" "ay")[AupFeature::kMixedScriptWords], 4);
  // Whole words of one script are fine, as are accents and punctuation.
  EXPECT_EQ(Measure("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 caf\xC3\xA9 hello-world")[AupFeature::kMixedScriptWords], 0);
  // Invalid UTF-8 is bytes, not an error.
  EXPECT_EQ(Measure("ab\xFF\xD0")[AupFeature::kMixedScriptWords], 0);
}

TEST(MessageFeatures, CountsExclamations) {
  EXPECT_EQ(Measure("Win!!! now!")[AupFeature::kExclamations], 4);
}

}  // namespace
}  // namespace scrubline
