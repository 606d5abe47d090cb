// PiiClassifier behaviour: overlap resolution, scores (context, field hint),
// word boundaries, UTF-8 spans, invalid UTF-8, engine agreement, thread use
// and the no-allocation promise. Everything runs the real compiled Hyperscan
// database (and RE2) on the shipped catalog or on small catalogs written here.
#include "classifiers/pii/pii_classifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <new>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "tests/support/allocation_counter.h"

namespace scrubline {
namespace {

using ::testing::HasSubstr;

const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

// A classifier and its scratch, for one engine.
struct Harness {
  std::shared_ptr<const PiiClassifier> classifier;
  std::unique_ptr<PiiClassifier::Scratch> scratch;
  std::vector<Finding> found;

  static Harness Make(const std::string& dir, PiiEngine engine) {
    PiiClassifierOptions options;
    options.engine = engine;
    auto c = PiiClassifier::Create(dir, options);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    Harness h;
    if (!c.ok()) return h;
    h.classifier = *c;
    auto s = h.classifier->NewScratch();
    EXPECT_TRUE(s.ok());
    if (s.ok()) h.scratch = std::move(*s);
    return h;
  }

  const std::vector<Finding>& Run(std::string_view text, std::string_view field = {}) {
    Status st = classifier->Classify(text, FieldHint{field}, *scratch, found);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return found;
  }

  // "TYPE:value" per finding, in order.
  std::vector<std::string> Describe(std::string_view text, std::string_view field = {}) {
    std::vector<std::string> out;
    for (const Finding& f : Run(text, field)) {
      out.push_back(std::string(EntityTypeName(f.type)) + ":" +
                    std::string(text.substr(f.begin, f.end - f.begin)));
    }
    return out;
  }
};

// Findings are sorted by begin, non-overlapping, in bounds, and never split
// a UTF-8 sequence.
void ExpectWellFormed(std::string_view text, const std::vector<Finding>& found) {
  const auto cont = [&](std::size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  for (std::size_t i = 0; i < found.size(); ++i) {
    const Finding& f = found[i];
    ASSERT_LT(f.begin, f.end);
    ASSERT_LE(f.end, text.size());
    EXPECT_FALSE(cont(f.begin));
    EXPECT_FALSE(static_cast<unsigned char>(text[f.end - 1]) >= 0x80 && cont(f.end));
    EXPECT_GE(f.score, 0.0f);
    EXPECT_LE(f.score, 1.0f);
    if (i > 0) {
      EXPECT_LE(found[i - 1].end, f.begin);
    }
  }
}

class ShippedCatalog : public ::testing::TestWithParam<PiiEngine> {
 protected:
  void SetUp() override { h_ = Harness::Make(kShippedCatalog, GetParam()); }
  Harness h_;
};

TEST_P(ShippedCatalog, FindsEachTypeInAMessage) {
  std::string text =
      "Hi, it's Ana: ana.r@example.com or +44 20 7946 0958 (UK) / 415-555-0100. "
      "Card 4111 1111 1111 1111, SSN 078-05-1123, login from 203.0.113.7 and "
      "2001:db8::8a2e:370:7334, account AC0123456789abcdef0123456789abcdef.";
  EXPECT_THAT(h_.Describe(text),
              ::testing::ElementsAre("EMAIL:ana.r@example.com", "PHONE:+44 20 7946 0958",
                                     "PHONE:415-555-0100", "CREDIT_CARD:4111 1111 1111 1111",
                                     "US_SSN:078-05-1123", "IP_ADDRESS:203.0.113.7",
                                     "IP_ADDRESS:2001:db8::8a2e:370:7334",
                                     "PLATFORM_SID:AC0123456789abcdef0123456789abcdef"));
  ExpectWellFormed(text, h_.found);
}

TEST_P(ShippedCatalog, NothingInPlainText) {
  EXPECT_TRUE(
      h_.Describe("ok see you at 7:30 tonight, bring 2 bottles. Version 1.2.3 is out!").empty());
  EXPECT_TRUE(h_.Describe("").empty());
}

TEST_P(ShippedCatalog, WordBoundaries) {
  // No card inside a longer digit run or glued to letters.
  EXPECT_TRUE(h_.Describe("ref 41111111111111111111 ok").empty());
  EXPECT_TRUE(h_.Describe("ab4111111111111111").empty());
  EXPECT_TRUE(h_.Describe("4111111111111111cd").empty());
  // No phone inside a longer number; but a number that is its own valid
  // match next to another one is found.
  EXPECT_TRUE(h_.Describe("order 2021-415-555-0100").empty());
  EXPECT_TRUE(h_.Describe("id 07700900123456").empty());
  EXPECT_THAT(h_.Describe("call 415-555-0100, 020 7946 0958"),
              ::testing::ElementsAre("PHONE:415-555-0100", "PHONE:020 7946 0958"));
  // No address glued to text.
  EXPECT_TRUE(h_.Describe("IP192.168.1.1x").empty());
  EXPECT_THAT(h_.Describe("IP: 192.168.1.1."), ::testing::ElementsAre("IP_ADDRESS:192.168.1.1"));
}

TEST_P(ShippedCatalog, OverlapPrefersTheWholeNumber) {
  // The national rule would match "20 7946 0958"-like tails; the E.164 match
  // covers it and wins (higher score, longer).
  EXPECT_THAT(h_.Describe("+44 020 7946 0958"), ::testing::ElementsAre("PHONE:+44 020 7946 0958"));
  // Both card rules match a Visa number; the major-issuer rule wins.
  const auto& f = h_.Run("4111111111111111");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(h_.classifier->rule_id(f[0].rule), "credit_card");
}

TEST_P(ShippedCatalog, ContextWordsRaiseTheScore) {
  auto score = [&](std::string_view text) {
    const auto& f = h_.Run(text);
    EXPECT_EQ(f.size(), 1u) << text;
    return f.empty() ? -1.0f : f[0].score;
  };
  const float plain = score("ref: 415-555-0100");
  EXPECT_FLOAT_EQ(plain, 0.75f);
  EXPECT_FLOAT_EQ(score("Call me: 415-555-0100"), 0.9f);
  EXPECT_FLOAT_EQ(score("PHONE 415-555-0100"), 0.9f);      // case-insensitive
  EXPECT_FLOAT_EQ(score("I recall 415-555-0100"), plain);  // not at a word start
  EXPECT_FLOAT_EQ(score("call. " + std::string(60, 'x') + " 415-555-0100"), plain);  // too far
  // A weak rule is lifted by its words: an unknown-issuer card number.
  EXPECT_FLOAT_EQ(score("no 3530111333300000"), 0.5f);
  EXPECT_FLOAT_EQ(score("my JCB card 3530111333300000"), 0.85f);
}

TEST_P(ShippedCatalog, FieldHintRaisesMatchingTypesOnly) {
  const std::string phone = "415-555-0100";
  const std::string mail = "a.b@example.org";
  auto score = [&](const std::string& text, std::string_view field) {
    const auto& f = h_.Run(text, field);
    EXPECT_EQ(f.size(), 1u);
    return f.empty() ? -1.0f : f[0].score;
  };
  EXPECT_FLOAT_EQ(score(phone, "body"), 0.75f);
  EXPECT_FLOAT_EQ(score(phone, "recipient_phone"), 0.75f + kFieldHintBoost);
  EXPECT_FLOAT_EQ(score(phone, "MSISDN"), 0.75f + kFieldHintBoost);
  EXPECT_FLOAT_EQ(score(phone, "to"), 0.75f + kFieldHintBoost);
  EXPECT_FLOAT_EQ(score(phone, "email"), 0.75f);
  EXPECT_FLOAT_EQ(score(mail, "reply_email"), 1.0f);  // 0.95 + 0.1, capped
  EXPECT_FLOAT_EQ(score(mail, "From"), 1.0f);
  EXPECT_FLOAT_EQ(score(mail, "phone"), 0.95f);
  // A hint never creates a finding.
  EXPECT_TRUE(h_.Run("5550100", "phone").empty());
}

TEST_P(ShippedCatalog, SpansOnUtf8Text) {
  // Multi-byte characters right before and after each match.
  std::string text =
      "Née à Zürich — écris:zoe@exemple.fr✉ ou ☎+41 44 668 18 00€, "
      "carte «4012 8888 8888 1881» ✓ IP→10.1.2.3←";
  EXPECT_THAT(h_.Describe(text),
              ::testing::ElementsAre("EMAIL:zoe@exemple.fr", "PHONE:+41 44 668 18 00",
                                     "CREDIT_CARD:4012 8888 8888 1881", "IP_ADDRESS:10.1.2.3"));
  ExpectWellFormed(text, h_.found);
  // Byte offsets, not code points: "Née" is 4 bytes.
  EXPECT_EQ(h_.Run("Née bob@x.io")[0].begin, 5u);
}

TEST_P(ShippedCatalog, InvalidUtf8NeverCrashesAndAsciiStillFound) {
  std::string text = "\xff\xfe\xc3 mail \xe2\x82 bob@example.com \xc3\x28\xa0\xa1 end \xf0\x9f";
  EXPECT_THAT(h_.Describe(text), ::testing::ElementsAre("EMAIL:bob@example.com"));
  ExpectWellFormed(text, h_.found);
  // Random bytes with PII fragments spliced in: no crash, well-formed spans.
  const std::vector<std::string> pieces = {"bob@example.com",
                                           "+44 20 7946 0958",
                                           "4111 1111 1111 1111",
                                           "10.0.0.1",
                                           "::1",
                                           "078-05-1123",
                                           "(415) 555-0100",
                                           "fe80::1",
                                           "06 12 34 56 78",
                                           "@",
                                           ".",
                                           "-",
                                           " ",
                                           "\xc3\xa9",
                                           "\xe2\x82\xac",
                                           "\x80",
                                           "\xff"};
  std::mt19937 rng(42);
  for (int i = 0; i < 1500; ++i) {
    std::string t;
    const int parts = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int p = 0; p < parts; ++p) {
      if (rng() % 3 == 0) {
        t += pieces[rng() % pieces.size()];
      } else {
        const int n = std::uniform_int_distribution<int>(0, 6)(rng);
        for (int k = 0; k < n; ++k) t += static_cast<char>(rng() & 0xFF);
      }
    }
    h_.Run(t);
    ExpectWellFormed(t, h_.found);
  }
}

TEST_P(ShippedCatalog, DenseTextIsResolvedWithoutOverlaps) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "4111 1111 1111 1111 +1 415 555 0100 a@b.io 1.2.3.4 078-05-1123 ";
  }
  const auto& f = h_.Run(text);
  EXPECT_EQ(f.size(), 1000u);
  ExpectWellFormed(text, f);
}

// Inputs that made an earlier version quadratic (23 s for the first one):
// they must finish (within the test timeout) and stay well-formed.
TEST_P(ShippedCatalog, AdversarialTextsStayLinear) {
  std::string dotted;
  for (int i = 0; i < 50000; ++i) dotted += "a.";
  dotted += "a@b.cc";
  std::string ones;
  for (int i = 0; i < 50000; ++i) ones += "1 ";
  std::string domain = "a@b";
  for (int i = 0; i < 30000; ++i) domain += ".b";
  for (const std::string* t : {&dotted, &ones, &domain}) {
    h_.Run(*t);
    ExpectWellFormed(*t, h_.found);
  }
  EXPECT_TRUE(h_.Run(dotted).empty());  // a 100 KB local part is no address
}

TEST_P(ShippedCatalog, ScratchOfAnotherClassifierIsAnError) {
  Harness other = Harness::Make(kShippedCatalog, GetParam());
  std::vector<Finding> out;
  Status st = h_.classifier->Classify("a@b.io", FieldHint{}, *other.scratch, out);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kInternal);
}

TEST_P(ShippedCatalog, SharedAcrossThreadsWithOwnScratch) {
  const std::string text = "mail a@b.io, call +1 415 555 0100, card 4111111111111111";
  const std::vector<std::string> expected = h_.Describe(text);
  ASSERT_EQ(expected.size(), 3u);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      auto scratch = h_.classifier->NewScratch();
      std::vector<Finding> out;
      for (int i = 0; i < 500; ++i) {
        if (!h_.classifier->Classify(text, FieldHint{}, **scratch, out).ok() || out.size() != 3) {
          mismatches.fetch_add(1);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST_P(ShippedCatalog, NoAllocationOnceWarm) {
  if (!SCRUBLINE_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under ASan";
  const std::string clean =
      "Hey! Are we still on for dinner at 8? I'll bring the wine, call you later x";
  const std::string pii = "mail a@b.io, call +1 415 555 0100, card 4111111111111111, 10.0.0.1";
  for (int i = 0; i < 3; ++i) {  // warm the scratch, `found` and RE2's caches
    h_.Run(clean);
    h_.Run(pii);
  }
  g_allocations = 0;
  g_counting = true;
  for (int i = 0; i < 100; ++i) h_.Run(clean);
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0) << "per 100 calls without candidates";

  g_allocations = 0;
  g_counting = true;
  for (int i = 0; i < 100; ++i) h_.Run(pii);
  g_counting = false;
  EXPECT_EQ(h_.found.size(), 4u);
  if (GetParam() == PiiEngine::kRe2Set) {
    // RE2::Set::Match allocates its match set when asked which patterns
    // matched: a few small blocks per text that has candidates, none else.
    EXPECT_LE(g_allocations.load(), 100 * 4) << "per 100 calls with findings, warm";
  } else {
    EXPECT_EQ(g_allocations.load(), 0) << "per 100 calls with findings, warm";
  }

  // The counter works (the test is not vacuous).
  g_counting = true;
  auto* probe = new std::string(100, 'x');
  g_counting = false;
  delete probe;
  EXPECT_GT(g_allocations.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, ShippedCatalog,
                         ::testing::Values(PiiEngine::kHyperscanSom, PiiEngine::kPrefilterRe2,
                                           PiiEngine::kRe2Set),
                         [](const auto& info) { return std::string(PiiEngineName(info.param)); });

TEST(Engines, DefaultIsPrefilterRe2) {
  auto c = PiiClassifier::Create(kShippedCatalog);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)->engine(), PiiEngine::kPrefilterRe2);
  EXPECT_EQ(PiiEngineName((*c)->engine()), "PrefilterRe2");
}

// The engines give identical findings on texts where entities and
// near-misses are separated by words, as people write them.
TEST(Engines, AgreeOnWordSeparatedTexts) {
  Harness som = Harness::Make(kShippedCatalog, PiiEngine::kHyperscanSom);
  Harness re2 = Harness::Make(kShippedCatalog, PiiEngine::kPrefilterRe2);
  Harness set = Harness::Make(kShippedCatalog, PiiEngine::kRe2Set);
  const std::vector<std::string> pieces = {"a.b@example.com",
                                           "x@y",
                                           "john..doe@ex.com",
                                           "+44 20 7946 0958",
                                           "+1 415 555 0100 22",
                                           "4111 1111 1111 1111",
                                           "4111-1111-1111-1111-1",
                                           "5500 0000 0000 0004",
                                           "3530111333300000",
                                           "10.0.0.1",
                                           "10.0.0.0/99",
                                           "1.2.3.4.5",
                                           "2001:db8::1",
                                           "::ffff:10.1.2.3",
                                           "std::cout",
                                           "078-05-1123",
                                           "078 05 1123",
                                           "(415) 555-0100",
                                           "415.555.0100",
                                           "06 12 34 56 78",
                                           "07700900123",
                                           "0612345678",
                                           "12:30",
                                           "2023-01-02",
                                           "12",
                                           "345 6789",
                                           "\xff",
                                           "AC0123456789abcdef0123456789abcdef",
                                           "+49 (0)30 1234567",
                                           "1-800-555-0199"};
  const std::vector<std::string> separators = {" and ", ", call ", ". Card ", "\nip ",
                                               " (x) ", ": mail ", " é ",     " - ok "};
  std::mt19937 rng(7);
  int compared = 0, with_findings = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string t;
    const int parts = std::uniform_int_distribution<int>(1, 10)(rng);
    for (int p = 0; p < parts; ++p) {
      if (p > 0) t += separators[rng() % separators.size()];
      t += pieces[rng() % pieces.size()];
    }
    std::vector<std::string> a = som.Describe(t);
    std::vector<std::string> b = re2.Describe(t);
    EXPECT_EQ(a, b) << "text: \"" << t << "\"";
    EXPECT_EQ(set.Describe(t), b) << "text: \"" << t << "\"";
    ++compared;
    with_findings += !a.empty();
  }
  EXPECT_GT(with_findings, compared / 2);
}

// The two RE2 engines differ only in the "which patterns match" pass, so
// they agree on anything, glued garbage and invalid UTF-8 included.
TEST(Engines, Re2EnginesAgreeOnArbitraryText) {
  Harness re2 = Harness::Make(kShippedCatalog, PiiEngine::kPrefilterRe2);
  Harness set = Harness::Make(kShippedCatalog, PiiEngine::kRe2Set);
  const std::vector<std::string> pieces = {"a.b@example.com",
                                           "john..doe@ex.com",
                                           "+44 20 7946 0958",
                                           "4111 1111 1111 1111",
                                           "3530111333300000",
                                           "10.0.0.0/99",
                                           "2001:db8::1",
                                           "078 05 1123",
                                           "(415) 555-0100",
                                           "06 12 34 56 78",
                                           "0612345678",
                                           "22",
                                           " ",
                                           "-",
                                           ".",
                                           ":",
                                           "@",
                                           "\xc3\xa9",
                                           "\xff"};
  std::mt19937 rng(11);
  int with_findings = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string t;
    const int parts = std::uniform_int_distribution<int>(1, 12)(rng);
    for (int p = 0; p < parts; ++p) t += pieces[rng() % pieces.size()];
    std::vector<std::string> b = re2.Describe(t);
    EXPECT_EQ(set.Describe(t), b) << "text: \"" << t << "\"";
    with_findings += !b.empty();
  }
  EXPECT_GT(with_findings, 1000);
}

// Digit-heavy text: the default engine scans most digit patterns only over
// the runs of digits and separators that could hold them (match_engine.cc,
// window tiers), Re2Set over the whole text. Runs next to letters, at the
// text's edges, across 64-byte words, masked and with extensions, with and
// without the context words that conditional entries require.
TEST(Engines, Re2EnginesAgreeOnDigitHeavyText) {
  Harness re2 = Harness::Make(kShippedCatalog, PiiEngine::kPrefilterRe2);
  Harness set = Harness::Make(kShippedCatalog, PiiEngine::kRe2Set);
  std::mt19937 rng(29);
  const auto digits = [&](int n) {
    std::string d;
    for (int i = 0; i < n; ++i) d += static_cast<char>('0' + rng() % 10);
    return d;
  };
  const std::vector<std::function<std::string()>> pieces = {
      [&] { return digits(1 + static_cast<int>(rng() % 16)); },
      [&] { return digits(3) + "-" + digits(2) + "-" + digits(4); },
      [&] { return digits(4) + " " + digits(4) + " " + digits(4) + " " + digits(4); },
      [&] { return "4111 1111 1111 1111"; },
      [&] { return "(415) 555-" + digits(4) + (rng() % 2 ? " ext. " + digits(3) : ""); },
      [&] { return "+1 415 555 " + std::string(rng() % 2 ? "XXXX" : digits(4)); },
      [&] { return "0" + digits(10); },
      [&] { return digits(2) + "/" + digits(2) + "/19" + digits(2); },
      [&] { return digits(3) + "." + digits(3) + "." + digits(3) + "." + digits(3); },
      [&] { return "***-**-" + digits(4); },
      [&] { return "BA" + digits(4) + "x" + digits(2); },
      [&] { return "1Z" + digits(3) + "AA" + digits(10); },
      [&] { return "49." + digits(4) + ", -123." + digits(4); },
      [&] { return "021000021"; },
      [&] { return "078-05-1120"; },
      [&] { return "12345678Z"; },
      [&] { return std::string(" "); },
      [&] { return std::string("-"); },
      [&] { return std::string(" call "); },
      [&] { return std::string(" ssn "); },
      [&] { return std::string(" routing "); },
      [&] { return std::string(" born "); },
      [&] { return std::string(" card "); },
      [&] { return std::string(" imei "); },
      [&] { return std::string("#"); },
      [&] { return std::string(", "); },
      [&] { return std::string("abc"); },
      [&] { return std::string("\xc3\xa9"); },
  };
  int with_findings = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string t;
    const int parts = 1 + static_cast<int>(rng() % (i % 100 == 0 ? 400 : 14));
    for (int p = 0; p < parts; ++p) t += pieces[rng() % pieces.size()]();
    const std::vector<std::string> b = re2.Describe(t);
    EXPECT_EQ(set.Describe(t), b) << "text: \"" << t << "\"";
    with_findings += !b.empty();
  }
  EXPECT_GT(with_findings, 1500);
}

// Where they differ, and one reason the RE2 engines are preferred: Hyperscan's
// SOM_LEFTMOST reports one start per match end, the leftmost. When a number
// is preceded by digits that the pattern can also absorb ("22 " fits the
// 2-series card prefix, "1 " the NANP country code), that leftmost span fails
// validation and the real entity's own start is never reported. RE2 scans
// start by start and finds it.
TEST(Engines, SomMissesEntitiesWhoseLeftmostStartFailsValidation) {
  Harness som = Harness::Make(kShippedCatalog, PiiEngine::kHyperscanSom);
  Harness re2 = Harness::Make(kShippedCatalog, PiiEngine::kRe2Set);
  const std::string card = "room 22 4111 1111 1111 1111";
  EXPECT_THAT(re2.Describe(card), ::testing::ElementsAre("CREDIT_CARD:4111 1111 1111 1111"));
  EXPECT_TRUE(som.Describe(card).empty());
  const std::string phone = "gw fe80::1 415.555.0100";
  EXPECT_THAT(re2.Describe(phone),
              ::testing::ElementsAre("IP_ADDRESS:fe80::1", "PHONE:415.555.0100"));
  EXPECT_THAT(som.Describe(phone), ::testing::ElementsAre("IP_ADDRESS:fe80::1"));
}

// --- Overlap resolution, on a catalog written for it. ---

class Overlaps : public ::testing::TestWithParam<PiiEngine> {
 protected:
  void SetUp() override {
    std::string templ =
        (std::filesystem::temp_directory_path() / "scrubline_pii_overlap_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    // Edges are '#' so the word-boundary rule stays out of the way.
    std::ofstream(std::filesystem::path(dir_) / "a.yaml") << R"(entries:
  - id: low
    type: EMAIL
    category: {data: content, privacy: identifiers}
    pattern: '#a#b'
    validator: none
    score: 0.5
    examples: {match: ['#a#b']}
  - id: high
    type: PHONE
    category: {data: content, privacy: identifiers}
    pattern: '#b#c#'
    validator: none
    score: 0.9
    examples: {match: ['#b#c#']}
  - id: short
    type: URL
    category: {data: content, privacy: identifiers}
    pattern: '#x#'
    validator: none
    score: 0.5
    examples: {match: ['#x#']}
  - id: long
    type: IBAN
    category: {data: content, privacy: identifiers}
    pattern: '#x#y#'
    validator: none
    score: 0.5
    examples: {match: ['#x#y#']}
  - id: first
    type: CRYPTO
    category: {data: content, privacy: identifiers}
    pattern: '#p#q'
    validator: none
    score: 0.5
    examples: {match: ['#p#q']}
  - id: second
    type: URL
    category: {data: content, privacy: identifiers}
    pattern: '#q#r'
    validator: none
    score: 0.5
    examples: {match: ['#q#r']}
)";
    h_ = Harness::Make(dir_, GetParam());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> Ids(std::string_view text) {
    std::vector<std::string> out;
    for (const Finding& f : h_.Run(text)) {
      out.push_back(std::string(h_.classifier->rule_id(f.rule)) + "@" + std::to_string(f.begin) +
                    "-" + std::to_string(f.end));
    }
    return out;
  }

  std::string dir_;
  Harness h_;
};

// The winner of an overlap keeps its whole span; the loser keeps only what
// the winner leaves uncovered, so redaction covers the union of both.
TEST_P(Overlaps, HigherScoreWins) {
  EXPECT_THAT(Ids("#a#b#c#"), ::testing::ElementsAre("low@0-2", "high@2-7"));
}

TEST_P(Overlaps, ThenLongerWins) { EXPECT_THAT(Ids("#x#y#"), ::testing::ElementsAre("long@0-5")); }

TEST_P(Overlaps, ThenCatalogOrderWins) {
  EXPECT_THAT(Ids("#p#q#r"), ::testing::ElementsAre("first@0-4", "second@4-6"));
}

TEST_P(Overlaps, ContainedLoserLeavesNothing) {
  // "#x#" lies inside "#x#y#": nothing of it is left over.
  EXPECT_THAT(Ids("#x#y#"), ::testing::ElementsAre("long@0-5"));
}

TEST_P(Overlaps, DisjointFindingsAreAllKeptSortedByBegin) {
  EXPECT_THAT(Ids("#p#q#r #a#b#c# #x#y# #a#b"),
              ::testing::ElementsAre("first@0-4", "second@4-6", "low@7-9", "high@9-14",
                                     "long@15-20", "low@21-25"));
}

INSTANTIATE_TEST_SUITE_P(Engines, Overlaps,
                         ::testing::Values(PiiEngine::kHyperscanSom, PiiEngine::kPrefilterRe2,
                                           PiiEngine::kRe2Set),
                         [](const auto& info) { return std::string(PiiEngineName(info.param)); });

}  // namespace
}  // namespace scrubline
