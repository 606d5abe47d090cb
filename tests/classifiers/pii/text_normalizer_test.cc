// TextNormalizer: what each stage writes and the offset map back to the
// original bytes.
#include "classifiers/pii/text_normalizer.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <string>
#include <vector>

namespace scrubline {
namespace {

class TextNormalizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = TextNormalizer::Shared();
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    normalizer_ = *n;
  }
  // The normalized text, or "<unchanged>".
  std::string Normalized(std::string_view text) {
    if (!normalizer_->Normalize(text, out_)) return "<unchanged>";
    EXPECT_EQ(out_.map().size(), out_.text().size());
    return std::string(out_.text());
  }
  // The original bytes behind normalized [begin, end).
  std::string Source(std::string_view original, std::uint32_t begin, std::uint32_t end) {
    const SourceRange r = out_.SourceOf(begin, end);
    return std::string(original.substr(r.begin, r.end - r.begin));
  }

  std::shared_ptr<const TextNormalizer> normalizer_;
  NormalizedText out_;
};

TEST_F(TextNormalizerTest, PlainAsciiIsUnchanged) {
  for (std::string_view text : {"hello world", "call 415-555-0100", "see you at 7:30", "",
                                "a@b.example.com", "one or two", "100% sure"}) {
    EXPECT_EQ(Normalized(text), "<unchanged>") << text;
  }
}

TEST_F(TextNormalizerTest, CodePointsAndTheirOffsets) {
  // zero-width space dropped: 'b' comes from byte 4, after the 3-byte U+200B.
  const std::string zw = "a\u200Bb";
  ASSERT_EQ(Normalized(zw), "ab");
  EXPECT_EQ(out_.map()[0].begin, 0u);
  EXPECT_EQ(out_.map()[0].end, 1u);
  EXPECT_EQ(out_.map()[1].begin, 4u);
  EXPECT_EQ(out_.map()[1].end, 5u);
  EXPECT_EQ(Source(zw, 0, 2), zw);  // a span over both covers the dropped character

  // full-width digit: one output byte for three input bytes.
  const std::string fw = "x\uFF14y";
  ASSERT_EQ(Normalized(fw), "x4y");
  EXPECT_EQ(out_.map()[1].begin, 1u);
  EXPECT_EQ(out_.map()[1].end, 4u);
  EXPECT_EQ(Source(fw, 1, 2), "\uFF14");

  EXPECT_EQ(Normalized("415\u2013555\u22120100"), "415-555-0100");
  EXPECT_EQ(Normalized("\uFF4A\uFF4F\uFF48\uFF4E\uFF20\uFF45\uFF58\uFF0E\uFF43\uFF4F\uFF4D"), "john@ex.com");
  EXPECT_EQ(Normalized("j\u043Ehn \u0435 \u03BF"), "john e o");      // homoglyphs
  EXPECT_EQ(Normalized("a\u00A0b\u3000c"), "a b c");                 // Unicode spaces
  EXPECT_EQ(Normalized("\u0664\u0661\u0665"), "415");                // Arabic-Indic digits
  EXPECT_EQ(Normalized("so\u00ADft\uFEFF"), "soft");                  // soft hyphen, BOM
  // Kept as they are: no ASCII look-alike.
  EXPECT_EQ(Normalized("caf\u00E9 \u00A35 \u65E5\u672C"), "<unchanged>");
}

TEST_F(TextNormalizerTest, KeptCodePointsMapWhole) {
  const std::string text = "\u00E9\u200Bx";  // é kept, ZWSP dropped
  ASSERT_EQ(Normalized(text), "\u00E9x");
  EXPECT_EQ(out_.map()[0].begin, 0u);
  EXPECT_EQ(out_.map()[0].end, 2u);
  EXPECT_EQ(out_.map()[1].begin, 0u);
  EXPECT_EQ(out_.map()[1].end, 2u);
  EXPECT_EQ(out_.map()[2].begin, 5u);
}

TEST_F(TextNormalizerTest, PercentEscapes) {
  const std::string text = "e=jane%40example.com&p=%2b1%20415";
  ASSERT_EQ(Normalized(text), "e=jane@example.com&p=+1 415");
  EXPECT_EQ(Source(text, 6, 7), "%40");
  EXPECT_EQ(Normalized("100%25 %3D"), "<unchanged>");  // only what personal data needs
}

TEST_F(TextNormalizerTest, SpelledDigits) {
  const std::string text = "at four one five, five five five, zero one double oh!";
  ASSERT_EQ(Normalized(text), "at 415 555 0100!");
  EXPECT_EQ(Source(text, 3, 4), "four");
  EXPECT_EQ(Source(text, 6, 7), ", ");
  EXPECT_EQ(Source(text, 13, 15), "double oh");
  EXPECT_EQ(Source(text, 3, 15), "four one five, five five five, zero one double oh");
  EXPECT_EQ(Normalized("FIVE five Five five five five five"), "5555555");
  EXPECT_EQ(Normalized("one two three four five six"), "<unchanged>");  // 6 digits: prose
  EXPECT_EQ(Normalized("someone two three four five six seven"), "<unchanged>");
}

TEST_F(TextNormalizerTest, SpelledAndWrittenDigitsMixed) {
  const std::string text = "it's four one five 555 0100 ok";
  ASSERT_EQ(Normalized(text), "it's 415 555 0100 ok");
  EXPECT_EQ(Source(text, 5, 17), "four one five 555 0100");
  EXPECT_EQ(Normalized("call 415 five five five 0100"), "call 415 555 0100");
  EXPECT_EQ(Normalized("415-555-zero one zero zero"), "415-555-0100");
  EXPECT_EQ(Normalized("room 12 and one more"), "<unchanged>");        // 3 digits
  EXPECT_EQ(Normalized("at 5pm one two three"), "<unchanged>");        // "5pm" is a word
  EXPECT_EQ(Normalized("call 555 0100, one moment"), "<unchanged>");   // no spelled word joins
  EXPECT_EQ(Normalized("415 555 0100"), "<unchanged>");                // nothing spelled
}

TEST_F(TextNormalizerTest, SplitDigits) {
  const std::string text = "n 4 1 5 - 5 5 5 - 0 1 0 0.";
  ASSERT_EQ(Normalized(text), "n 415-555-0100.");
  EXPECT_EQ(Source(text, 2, 14), "4 1 5 - 5 5 5 - 0 1 0 0");
  EXPECT_EQ(Normalized("415 . 555 . 0100"), "415.555.0100");
  EXPECT_EQ(Normalized("0 7 7 0 0  9 0 0 1 2 3"), "07700 900123");
  EXPECT_EQ(Normalized("415 555 0100"), "<unchanged>");  // ordinary grouping
  EXPECT_EQ(Normalized("1 2 3 4"), "<unchanged>");       // too few digits
  EXPECT_EQ(Normalized("1 2 3 4 5 6"), "<unchanged>");
  EXPECT_EQ(Normalized("scores 3-1 3-1 3-5 3-5 2-0"), "<unchanged>");  // separators differ
}

TEST_F(TextNormalizerTest, SpelledEmail) {
  const std::string text = "mail john dot smith at example dot com.";
  ASSERT_EQ(Normalized(text), "mail john.smith@example.com.");
  EXPECT_EQ(Source(text, 5, 27), "john dot smith at example dot com");
  EXPECT_EQ(Normalized("a[at]b[dot]org"), "a@b.org");
  EXPECT_EQ(Normalized("a (at) b.co (dot) uk"), "a@b.co.uk");
  EXPECT_EQ(Normalized("jane @ example.com"), "jane@example.com");
  EXPECT_EQ(Normalized("look at example.com"), "<unchanged>");    // bare "at", written dot
  EXPECT_EQ(Normalized("looked at the dot in it"), "<unchanged>");  // "in" is no address TLD
  EXPECT_EQ(Normalized("at home dot"), "<unchanged>");
}

TEST_F(TextNormalizerTest, InvalidUtf8IsCopiedByteByByte) {
  const std::string text = std::string("\xFF\xC3") + "\uFF14" + "\x80";
  ASSERT_EQ(Normalized(text), "\xFF\xC3" "4\x80");
  EXPECT_EQ(out_.map()[1].begin, 1u);
  EXPECT_EQ(out_.map()[1].end, 2u);
  EXPECT_EQ(out_.map()[2].begin, 2u);
  EXPECT_EQ(out_.map()[2].end, 5u);
  EXPECT_EQ(out_.map()[3].begin, 5u);
}

TEST_F(TextNormalizerTest, MappedCodePoints) {
  EXPECT_FALSE(normalizer_->HasMappedCodePoint("plain ascii text, no change"));
  EXPECT_FALSE(normalizer_->HasMappedCodePoint("caf\u00E9 \u00A35.99 \u65E5\u672C\xFF"));
  EXPECT_TRUE(normalizer_->HasMappedCodePoint("long ascii prefix before the \u0435"));
  EXPECT_TRUE(normalizer_->HasMappedCodePoint("\u200B"));
  // The trigger pattern agrees with the table (RE2, Latin-1 bytes).
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  RE2 re(normalizer_->MappedCodePointPattern(), o);
  ASSERT_TRUE(re.ok()) << re.error();
  for (std::string_view s : {"\u0435", "\uFF14", "\u200B", "\u2212", "\u00AD", "\U0001D7D3"}) {
    EXPECT_TRUE(RE2::PartialMatch(s, re)) << s;
  }
  for (std::string_view s : {"\u00E9", "\u00A3", "\u65E5", "abc"}) EXPECT_FALSE(RE2::PartialMatch(s, re)) << s;
}

}  // namespace
}  // namespace scrubline
