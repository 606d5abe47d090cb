// What a pattern needs (pattern_byte_needs.h): the analysis must never claim
// more than every match holds, or the match engine would skip texts that
// match. Hand-made cases for each construct, then the shipped catalog: every
// pattern parses, and every match RE2 finds (in the examples and in random
// digit-and-separator soup) holds the pattern's needs, matches one of its
// alternatives and contains a match of its literal factor.
#include "classifiers/pii/pattern_byte_needs.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "classifiers/pii/catalog.h"

namespace scrubline {
namespace {

const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

std::uint32_t Need(std::string_view pattern, ByteClass c) {
  const PatternByteNeeds n = AnalysePatternByteNeeds(pattern);
  EXPECT_TRUE(n.parsed) << pattern;
  return n.least[c];
}

TEST(PatternByteNeeds, CountsDigitsThroughQuantifiersAndAlternatives) {
  EXPECT_EQ(Need(R"(\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b)", ByteClass::kDigit), 9u);
  EXPECT_EQ(Need(R"(\d+)", ByteClass::kDigit), 1u);
  EXPECT_EQ(Need(R"(\d*x)", ByteClass::kDigit), 0u);
  EXPECT_EQ(Need(R"(\d?\d{2,})", ByteClass::kDigit), 2u);
  EXPECT_EQ(Need(R"([0-9]{3}|[0-9]{5})", ByteClass::kDigit), 3u);
  EXPECT_EQ(Need(R"((?:12|3)4)", ByteClass::kDigit), 2u);
  EXPECT_EQ(Need(R"([0-9a-f]{32})", ByteClass::kDigit), 0u);  // hex may be all letters
  EXPECT_EQ(Need(R"(\w{9})", ByteClass::kDigit), 0u);
  EXPECT_EQ(Need(R"([^a-z]{4})", ByteClass::kDigit), 0u);
  EXPECT_EQ(Need(R"([[:digit:]]{4})", ByteClass::kDigit), 4u);
  EXPECT_EQ(Need(R"(\x31\x32)", ByteClass::kDigit), 2u);
}

TEST(PatternByteNeeds, OtherClasses) {
  EXPECT_EQ(Need(R"([a-z.]+@[a-z]+\.[a-z]+)", ByteClass::kAt), 1u);
  EXPECT_EQ(Need(R"([a-z.]+@[a-z]+\.[a-z]+)", ByteClass::kDot), 1u);
  EXPECT_EQ(Need(R"([0-9a-f]{2}(?::[0-9a-f]{2}){5})", ByteClass::kColon), 5u);
  EXPECT_EQ(Need(R"([0-9a-f]{2}(?:[:-][0-9a-f]{2}){5})", ByteClass::kColon), 0u);
  EXPECT_EQ(Need(R"(AKIA[A-Z0-9]{16})", ByteClass::kUpper), 4u);
  EXPECT_EQ(Need(R"((?i:akia))", ByteClass::kUpper), 0u);  // case-insensitive: not only upper
  EXPECT_EQ(Need(R"((?i)AKIA)", ByteClass::kUpper), 0u);
  EXPECT_EQ(Need(R"((?i:a)BC)", ByteClass::kUpper), 2u);  // the flag ends with its group
  EXPECT_EQ(Need(R"(\xC2\xB0)", ByteClass::kNonAscii), 2u);
  EXPECT_EQ(Need(R"(x\+y%z_)", ByteClass::kPlus), 1u);
  EXPECT_EQ(Need(R"(x\+y%z_)", ByteClass::kPercent), 1u);
  EXPECT_EQ(Need(R"(x\+y%z_)", ByteClass::kUnderscore), 1u);
}

TEST(PatternByteNeeds, LongestRun) {
  EXPECT_EQ(Need(R"(\b[A-Za-z]{6}[0-9LMNP-V]{2}[A-Z]\b)", ByteClass::kLongestRun), 9u);
  EXPECT_EQ(Need(R"(ab-cd_ef\+gh/ij)", ByteClass::kLongestRun), 14u);  // both base64 alphabets
  EXPECT_EQ(Need(R"(ab-cd_ef+gh/ij)", ByteClass::kLongestRun), 13u);   // "f+": one f or more
  EXPECT_EQ(Need(R"(ab cd)", ByteClass::kLongestRun), 2u);
  EXPECT_EQ(Need(R"(x[a-z]*y)", ByteClass::kLongestRun), 2u);
  EXPECT_EQ(Need(R"((?:ab|c d){3})", ByteClass::kLongestRun), 2u);  // "c dc dc d"
  EXPECT_EQ(Need(R"((?:a b){2})", ByteClass::kLongestRun), 2u);     // "a ba b"
  EXPECT_EQ(Need(R"(\n[A-Za-z0-9+/]{64})", ByteClass::kLongestRun), 64u);
  EXPECT_EQ(Need(R"([A-Z]{3}.[A-Z]{3})", ByteClass::kLongestRun), 3u);
  EXPECT_EQ(Need(R"(\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b)", ByteClass::kLongestDottedRun),
            14u);
  EXPECT_EQ(Need(R"(\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b)", ByteClass::kLongestRun), 4u);  // '.' may be a letter: 3 at least
}

TEST(PatternByteNeeds, DigitRuns) {
  // The digits of one run of [0-9], of [0-9 -], of the phone alphabet.
  const std::string card = R"(\b4[0-9]{3}(?:[ -]?[0-9]{4}){3}\b)";
  EXPECT_EQ(Need(card, ByteClass::kLongestDigitRun), 4u);
  EXPECT_EQ(Need(card, ByteClass::kDigitsInDashedRun), 16u);
  EXPECT_EQ(Need(card, ByteClass::kDigitsInPhoneRun), 16u);
  const std::string nanp = R"(\(?[2-9][0-9]{2}\)?[ .-]?[0-9]{3}[ .-][0-9]{4}(?: ?(?:x|ext\.?) ?[0-9]{1,6})?)";
  EXPECT_EQ(Need(nanp, ByteClass::kDigitsInDashedRun), 4u);  // '.' and ')' end such runs
  EXPECT_EQ(Need(nanp, ByteClass::kDigitsInPhoneRun), 10u);
  EXPECT_EQ(Need(R"([A-Z]{2}[0-9]{6}[A-D])", ByteClass::kLongestDigitRun), 6u);
  EXPECT_EQ(Need(R"([0-9]{3}(?:[0-9]|q){2})", ByteClass::kLongestDigitRun), 3u);
  EXPECT_EQ(Need(R"(([0-9]{2}-){3})", ByteClass::kDigitsInDashedRun), 6u);
  EXPECT_EQ(Need(R"(([0-9]{2}/){3})", ByteClass::kDigitsInDashedRun), 2u);
}

TEST(PatternByteNeeds, InsideDigitRuns) {
  const auto inside = [](std::string_view p) { return AnalysePatternByteNeeds(p).inside_digit_runs; };
  EXPECT_EQ(inside(R"(\b[0-9]{9}\b)"), 0b111u);
  EXPECT_EQ(inside(R"(\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b)"), 0b110u);
  EXPECT_EQ(inside(R"(\([0-9]{3}\) [0-9]{3}\.[0-9]{4}(?: ext\. [0-9]+)?)"), 0b100u);
  EXPECT_EQ(inside(R"(\+[0-9]{6}XX)"), 0b100u);                // masking letters
  EXPECT_EQ(inside(R"([0-9]{8}[A-Za-z])"), 0u);                 // any letter
  EXPECT_EQ(inside(R"([0-9]{8}[A-Z]?)"), 0u);                   // an optional one too
  EXPECT_EQ(inside(R"([0-9]{4}\xC2\xB0)"), 0u);
  EXPECT_EQ(inside(R"([0-9]+.)"), 0u);                          // any byte
}

TEST(PatternByteNeeds, GivesUpOnWhatItDoesNotRead) {
  for (const char* p : {R"(\p{L}\d{9})", R"(\Q123\E)", R"((\d{3})", R"(\d{3}))", R"(\1\d)", R"(a**)",
                        R"([\d-[:^alpha:]])"}) {
    const PatternByteNeeds n = AnalysePatternByteNeeds(p);
    EXPECT_FALSE(n.parsed) << p;
    for (std::uint32_t v : n.least.n) EXPECT_EQ(v, 0u) << p;
    EXPECT_TRUE(n.literal_factor.empty()) << p;
    EXPECT_TRUE(n.alternatives.empty()) << p;
  }
}

TEST(PatternByteNeeds, LiteralFactor) {
  EXPECT_EQ(AnalysePatternByteNeeds(R"(\b[A-Za-z0-9_-]{0,32}(?i:password|token)[:=]\S{6,64})")
                .literal_factor,
            "(?i:password|token)[:=]");
  EXPECT_EQ(AnalysePatternByteNeeds(R"(\b(?:AKIA|ASIA)[A-Z0-9]{16}\b)").literal_factor,
            R"(\b(?:AKIA|ASIA))");
  EXPECT_EQ(AnalysePatternByteNeeds(R"(\bAC[0-9a-f]{32}\b)").literal_factor, "");  // "AC": too short
  EXPECT_EQ(AnalysePatternByteNeeds(R"(\d{3}-\d{4})").literal_factor, "");  // 1000 strings
  EXPECT_EQ(AnalysePatternByteNeeds(R"(abc|def)").literal_factor, "");       // alternatives instead
  EXPECT_EQ(AnalysePatternByteNeeds(R"((?i)abcd\d+)").literal_factor, "");   // needs its flag
}

TEST(PatternByteNeeds, TopLevelAlternatives) {
  const PatternByteNeeds n = AnalysePatternByteNeeds(R"(\d{9}|[a-z]+@[a-z]+|x(?:1|2))");
  ASSERT_EQ(n.alternatives.size(), 3u);
  EXPECT_EQ(n.alternatives[0], R"(\d{9})");
  EXPECT_EQ(n.alternatives[1], R"([a-z]+@[a-z]+)");
  EXPECT_EQ(n.alternatives[2], R"(x(?:1|2))");
  EXPECT_EQ(n.least[ByteClass::kDigit], 0u);  // the whole needs what all of them need
  EXPECT_TRUE(AnalysePatternByteNeeds(R"((?i)a|b)").alternatives.empty());  // the flag spans them
  EXPECT_TRUE(AnalysePatternByteNeeds(R"((?:a|b)c)").alternatives.empty());
}

TEST(CountByteClasses, CountsEveryClassAndTheLongestRun) {
  ByteClassCounts c;
  CountByteClasses("Call +44 20-7946-0958 or a.b@c.de: ok_1 50% \xC2\xB0 xyzAB12/+_-q", c);
  EXPECT_EQ(c[ByteClass::kDigit], 17u);
  EXPECT_EQ(c[ByteClass::kPlus], 2u);
  EXPECT_EQ(c[ByteClass::kDash], 3u);
  EXPECT_EQ(c[ByteClass::kAt], 1u);
  EXPECT_EQ(c[ByteClass::kDot], 2u);
  EXPECT_EQ(c[ByteClass::kColon], 1u);
  EXPECT_EQ(c[ByteClass::kUnderscore], 2u);
  EXPECT_EQ(c[ByteClass::kPercent], 1u);
  EXPECT_EQ(c[ByteClass::kNonAscii], 2u);
  EXPECT_EQ(c[ByteClass::kUpper], 3u);
  EXPECT_EQ(c[ByteClass::kSlash], 1u);
  EXPECT_EQ(c[ByteClass::kLongestRun], 12u);  // "20-7946-0958" and "xyzAB12/+_-q"
  EXPECT_EQ(c[ByteClass::kLongestDottedRun], 7u);  // "xyzAB12" ("c.de": 4)
  // Past the packed counters' flush interval.
  const std::string digits(1000, '7');
  CountByteClasses(digits, c);
  EXPECT_EQ(c[ByteClass::kDigit], 1000u);
  EXPECT_EQ(c[ByteClass::kLongestRun], 1000u);
  EXPECT_EQ(c[ByteClass::kLongestDottedRun], 1000u);
  CountByteClasses("", c);
  EXPECT_EQ(c[ByteClass::kDigit], 0u);
}

TEST(CountByteClasses, DigitRuns) {
  ByteClassCounts c;
  CountByteClasses("order 100234, card 4111 1111-1111 1111 (415) 555.0100 ext 12 call", c);
  EXPECT_EQ(c[ByteClass::kLongestDigitRun], 6u);     // "100234"
  EXPECT_EQ(c[ByteClass::kDigitsInDashedRun], 16u);  // " 4111 1111-1111 1111 "
  // "100234, " is cut by 'c' of "card"; " 4111 ... 0100 ext 12 " by 'a'
  // of "call" ("ext" is phone alphabet).
  EXPECT_EQ(c[ByteClass::kDigitsInPhoneRun], 28u);
  // Without them: zero, the rest unchanged.
  ByteClassCounts without;
  CountByteClasses("order 100234, card 4111 1111-1111 1111 (415) 555.0100 ext 12 call", without,
                   /*digit_runs=*/false);
  EXPECT_EQ(without[ByteClass::kDigitsInPhoneRun], 0u);
  EXPECT_EQ(without[ByteClass::kDigit], c[ByteClass::kDigit]);
}

// The digit-run alphabets, the long way.
bool InDigitRun(std::size_t k, unsigned char b) {
  const bool digit = b >= '0' && b <= '9';
  if (k == 0) return digit;
  if (k == 1) return digit || b == ' ' || b == '-';
  return digit || std::string_view(" #()*+,./:-eEiInNoOsStTxX").find(static_cast<char>(b)) !=
                      std::string_view::npos;
}

// The counts the long way, for comparison with the vectorised count.
ByteClassCounts NaiveCounts(std::string_view text) {
  ByteClassCounts c;
  const auto in = [](unsigned char b, std::string_view extra) {
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
           extra.find(static_cast<char>(b)) != std::string_view::npos;
  };
  std::uint32_t digit_runs[3] = {0, 0, 0};
  std::uint32_t run = 0, dotted = 0;
  for (const char ch : text) {
    const auto b = static_cast<unsigned char>(ch);
    const auto bump = [&](ByteClass k) { ++c.n[static_cast<std::size_t>(k)]; };
    if (b >= '0' && b <= '9') bump(ByteClass::kDigit);
    if (b >= 'A' && b <= 'Z') bump(ByteClass::kUpper);
    if (b >= 0x80) bump(ByteClass::kNonAscii);
    if (b == '@') bump(ByteClass::kAt);
    if (b == ':') bump(ByteClass::kColon);
    if (b == '-') bump(ByteClass::kDash);
    if (b == '.') bump(ByteClass::kDot);
    if (b == '/') bump(ByteClass::kSlash);
    if (b == '_') bump(ByteClass::kUnderscore);
    if (b == '+') bump(ByteClass::kPlus);
    if (b == '%') bump(ByteClass::kPercent);
    run = in(b, "+/_-") ? run + 1 : 0;
    dotted = in(b, ".") ? dotted + 1 : 0;
    auto& longest = c.n[static_cast<std::size_t>(ByteClass::kLongestRun)];
    auto& longest_dotted = c.n[static_cast<std::size_t>(ByteClass::kLongestDottedRun)];
    longest = std::max(longest, run);
    longest_dotted = std::max(longest_dotted, dotted);
    for (std::size_t k = 0; k < 3; ++k) {
      digit_runs[k] = InDigitRun(k, b) ? digit_runs[k] + (b >= '0' && b <= '9') : 0;
      auto& most = c.n[static_cast<std::size_t>(ByteClass::kLongestDigitRun) + k];
      most = std::max(most, digit_runs[k]);
    }
  }
  return c;
}

// The runs of one digit-run class with a digit, the long way: (begin, end, digits).
std::vector<std::array<std::uint32_t, 3>> NaiveDigitRuns(std::string_view text, std::size_t k) {
  std::vector<std::array<std::uint32_t, 3>> out;
  for (std::size_t i = 0; i < text.size();) {
    if (!InDigitRun(k, static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    std::uint32_t digits = 0;
    for (; j < text.size() && InDigitRun(k, static_cast<unsigned char>(text[j])); ++j) {
      digits += text[j] >= '0' && text[j] <= '9';
    }
    if (digits > 0) {
      out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), digits});
    }
    i = j;
  }
  return out;
}

TEST(CountByteClasses, AgreesWithTheLongWayOnRandomText) {
  std::mt19937 rng(99);
  const std::string common = "aZ09@:-./_+% \xC3\xA9xyzABC123";
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const std::size_t len = i < 100 ? static_cast<std::size_t>(i) : rng() % (i < 2900 ? 200 : 9000);
    for (std::size_t j = 0; j < len; ++j) {
      // Mostly bytes of the classes, in runs, with every byte value now and then.
      text += (rng() % 8 == 0) ? static_cast<char>(rng() % 256) : common[rng() % common.size()];
    }
    if (i % 10 == 0) {  // long runs, across and filling whole 64-byte words
      text.clear();
      while (text.size() < len) {
        text.append(1 + rng() % 200, "aZ9.+"[rng() % 5]);
        text += " .@"[rng() % 3];
      }
    }
    ByteClassCounts got;
    CountByteClasses(text, got);
    EXPECT_EQ(got.n, NaiveCounts(text).n) << "length " << text.size();
  }
}

// FindDigitRuns finds what the long way finds, across 64-byte words, in
// every class, with any digit threshold; and its `most` is the count.
TEST(FindDigitRuns, AgreesWithTheLongWayOnRandomText) {
  std::mt19937 rng(7);
  const std::string common = "0123456789 -.()/+,:#*xXeoTsnabcZ\xC3\xA9";
  DigitRuns runs;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const std::size_t len = i < 200 ? static_cast<std::size_t>(i) : rng() % 700;
    for (std::size_t j = 0; j < len; ++j) {
      text += (rng() % 16 == 0) ? static_cast<char>(rng() % 256) : common[rng() % common.size()];
    }
    if (i % 7 == 0) text.assign(len, '5');  // one run across every word
    MarkDigitRuns(text, runs);
    ByteClassCounts counts;
    CountByteClasses(text, counts);
    for (std::size_t k = 0; k < kDigitRunCount; ++k) {
      const std::uint32_t min_digits = 1 + rng() % 5;
      const auto run_class = static_cast<ByteClass>(kFirstDigitRun + k);
      FindDigitRuns(run_class, min_digits, runs);
      std::vector<std::array<std::uint32_t, 3>> got;
      for (const DigitRun& r : runs.runs[k]) got.push_back({r.begin, r.end, r.digits});
      std::vector<std::array<std::uint32_t, 3>> want;
      for (const auto& r : NaiveDigitRuns(text, k)) {
        if (r[2] >= min_digits) want.push_back(r);
      }
      EXPECT_EQ(got, want) << "class " << k << ", length " << text.size();
      EXPECT_EQ(runs.most[k], counts[run_class]) << "class " << k << ", length " << text.size();
    }
  }
}

// Every span of `text` that `re` matches (leftmost-longest, then on from
// each start + 1), as RE2 finds them with the match engine's options.
std::vector<std::string> Matches(const RE2& re, const std::string& text) {
  std::vector<std::string> out;
  re2::StringPiece m;
  for (std::size_t pos = 0; pos <= text.size();) {
    if (!re.Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1)) break;
    out.emplace_back(m.data(), m.size());
    pos = static_cast<std::size_t>(m.data() - text.data()) + 1;
  }
  return out;
}

RE2::Options Latin1() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_longest_match(true);
  o.set_log_errors(false);
  return o;
}

// The needs, alternatives and factor of `pattern` hold for the match `span`.
void ExpectNeedsHold(const std::string& id, const std::string& pattern, const std::string& span) {
  const PatternByteNeeds n = AnalysePatternByteNeeds(pattern);
  ByteClassCounts have;
  CountByteClasses(span, have);
  for (std::size_t k = 0; k < have.n.size(); ++k) {
    EXPECT_GE(have.n[k], n.least.n[k])
        << id << ": needs " << n.least.n[k] << " " << ByteClassName(static_cast<ByteClass>(k))
        << ", the match \"" << span << "\" has " << have.n[k];
  }
  for (std::size_t k = 0; k < kDigitRunCount; ++k) {
    if (!(n.inside_digit_runs >> k & 1)) continue;
    for (const char b : span) {
      EXPECT_TRUE(InDigitRun(k, static_cast<unsigned char>(b)))
          << id << ": said to lie inside digit-run alphabet " << k << ", the match \"" << span
          << "\" does not";
    }
  }
  if (!n.literal_factor.empty()) {
    const RE2 factor(std::string(n.literal_factor), Latin1());
    ASSERT_TRUE(factor.ok()) << id << ": factor " << n.literal_factor;
    EXPECT_TRUE(RE2::PartialMatch(span, factor)) << id << ": no factor in \"" << span << "\"";
  }
  if (!n.alternatives.empty()) {
    bool any = false;
    for (std::string_view a : n.alternatives) {
      const RE2 alternative(std::string(a), Latin1());
      ASSERT_TRUE(alternative.ok()) << id << ": alternative " << a;
      if (!RE2::PartialMatch(span, alternative)) continue;
      any = true;
      const PatternByteNeeds an = AnalysePatternByteNeeds(a);
      bool holds = true;
      for (std::size_t k = 0; k < have.n.size(); ++k) holds = holds && have.n[k] >= an.least.n[k];
      for (std::size_t k = 0; k < kDigitRunCount; ++k) {
        if (!(an.inside_digit_runs >> k & 1)) continue;
        for (const char b : span) holds = holds && InDigitRun(k, static_cast<unsigned char>(b));
      }
      EXPECT_TRUE(holds) << id << ": alternative " << a << " over-claims for \"" << span << "\"";
    }
    EXPECT_TRUE(any) << id << ": no alternative matches \"" << span << "\"";
  }
}

TEST(ShippedCatalogNeeds, EveryPatternParsesAndItsMatchesHoldItsNeeds) {
  auto catalog = LoadCatalog(kShippedCatalog);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  // Dense soup of the bytes PII patterns are made of, so digit-heavy
  // patterns match often.
  const std::string alphabet = "0123456789012345678901234567890123456789 -./:@+_()%xXAbcZ\n#*eEt";
  std::mt19937 rng(20261129);
  std::vector<std::string> soup;
  for (int i = 0; i < 400; ++i) {
    std::string t;
    const int len = 20 + static_cast<int>(rng() % 120);
    for (int j = 0; j < len; ++j) t += alphabet[rng() % alphabet.size()];
    soup.push_back(std::move(t));
  }
  std::size_t checked = 0;
  for (const CatalogEntry& e : catalog->entries) {
    EXPECT_TRUE(AnalysePatternByteNeeds(e.pattern).parsed)
        << e.id << ": the analysis gives up on the pattern, so the match engine scans it for "
        << "every text; keep to the syntax pattern_byte_needs.cc reads";
    const RE2 re(e.pattern, Latin1());
    ASSERT_TRUE(re.ok()) << e.id;
    std::vector<std::string> texts = soup;
    for (const CatalogExample& ex : e.match_examples) texts.push_back(ex.text);
    for (const CatalogExample& ex : e.no_match_examples) texts.push_back(ex.text);
    for (const std::string& t : texts) {
      for (const std::string& span : Matches(re, t)) {
        ExpectNeedsHold(e.id, e.pattern, span);
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 1000u);  // not vacuous
}

}  // namespace
}  // namespace scrubline
