// Phone numbers: the possible-number table (checked against libphonenumber),
// the validator, the verdict cache, and the shipped catalog on generated
// sentences per country (US/CA, GB, DE, FR, ES, IT, NL, IN, BR, MX, AU, JP)
// and on near-misses. Test numbers are generated here from the table and
// kept only when libphonenumber calls them valid, then written in
// libphonenumber's own national and international formats, so the test
// does not grade the table with itself.
#include "classifiers/pii/phone_numbers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "classifiers/pii/pii_classifier.h"
#include "tests/classifiers/pii/pii_test_util.h"
#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";
const std::string kDataDir = SCRUBLINE_SHARED_DATA_DIR;

// A random NSN of `length` digits that the row's prefix admits.
std::string SampleNsn(const PhonePlanRow& row, int length, std::mt19937& rng) {
  std::string out;
  const std::string_view p = row.prefix;
  for (std::size_t i = 0; i < p.size();) {
    if (p[i] != '[') {
      out += p[i++];
      continue;
    }
    std::string set;
    for (++i; p[i] != ']';) {
      const char lo = p[i];
      char hi = lo;
      if (p[i + 1] == '-') {
        hi = p[i + 2];
        i += 3;
      } else {
        ++i;
      }
      for (char c = lo; c <= hi; ++c) set += c;
    }
    ++i;
    out += set[rng() % set.size()];
  }
  while (static_cast<int>(out.size()) < length) out += static_cast<char>('0' + rng() % 10);
  return out;
}

PhoneNumber ToNumber(std::uint16_t cc, const std::string& nsn) {
  PhoneNumber n;
  n.set_country_code(cc);
  n.set_national_number(std::stoull(nsn));
  if (nsn[0] == '0') n.set_italian_leading_zero(true);
  return n;
}

// --- The table. ---

TEST(PhoneTable, CoversTheRequiredRegions) {
  std::set<std::string> regions;
  for (const PhoneRegion& r : PhoneRegions()) {
    regions.insert(std::string(r.region));
    EXPECT_TRUE(PhoneTableCovers(r.calling_code)) << r.region;
  }
  EXPECT_EQ(regions, (std::set<std::string>{"US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "BR",
                                            "MX", "AU", "JP"}));
  EXPECT_FALSE(PhoneTableCovers(353));
  EXPECT_FALSE(PhoneTableCovers(7));
}

// Every decisive row only admits numbers libphonenumber calls possible, and a
// fair share of them valid (numbering plans are not fully allocated: the
// NANP, where many area codes are unassigned, is lowest at ~35%).
TEST(PhoneTable, DecisiveRowsAgreeWithLibphonenumber) {
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  std::mt19937 rng(20240315);
  int rows = 0;
  for (const PhonePlanRow& row : PhonePlanTable()) {
    if (!row.exact) continue;
    ++rows;
    for (int len = row.min_length; len <= row.max_length; ++len) {
      int possible = 0, valid = 0;
      constexpr int kSamples = 60;
      for (int i = 0; i < kSamples; ++i) {
        const std::string nsn = SampleNsn(row, len, rng);
        if (PhonePlanLookup(row.calling_code, nsn) != PhonePlanMatch::kExact) {
          // Only the NANP row has a rule beyond its prefix (exchange 2-9).
          ASSERT_EQ(row.calling_code, 1) << nsn;
          --i;
          continue;
        }
        const PhoneNumber n = ToNumber(row.calling_code, nsn);
        possible += util->IsPossibleNumber(n);
        valid += util->IsValidNumber(n);
      }
      EXPECT_EQ(possible, kSamples)
          << "+" << row.calling_code << " " << row.prefix << " len " << len;
      EXPECT_GE(valid, kSamples * 3 / 10)
          << "+" << row.calling_code << " " << row.prefix << " len " << len;
    }
  }
  EXPECT_GE(rows, 40);
}

TEST(PhoneTable, Lookup) {
  EXPECT_EQ(PhonePlanLookup(44, "2079460958"), PhonePlanMatch::kExact);    // London
  EXPECT_EQ(PhonePlanLookup(44, "7700900123"), PhonePlanMatch::kExact);    // GB mobile
  EXPECT_EQ(PhonePlanLookup(44, "6079460958"), PhonePlanMatch::kNone);     // no 06 range
  EXPECT_EQ(PhonePlanLookup(44, "207946095"), PhonePlanMatch::kNone);      // too short
  EXPECT_EQ(PhonePlanLookup(49, "301234567"), PhonePlanMatch::kPossible);  // DE fixed: ask
  EXPECT_EQ(PhonePlanLookup(49, "15112345678"), PhonePlanMatch::kExact);   // DE mobile
  EXPECT_EQ(PhonePlanLookup(33, "612345678"), PhonePlanMatch::kExact);
  EXPECT_EQ(PhonePlanLookup(33, "61234567"), PhonePlanMatch::kNone);
  EXPECT_EQ(PhonePlanLookup(34, "612345678"), PhonePlanMatch::kExact);
  EXPECT_EQ(PhonePlanLookup(34, "412345678"), PhonePlanMatch::kNone);
  EXPECT_EQ(PhonePlanLookup(39, "066784343"), PhonePlanMatch::kPossible);  // IT fixed keeps its 0
  EXPECT_EQ(PhonePlanLookup(39, "3471234567"), PhonePlanMatch::kExact);
  EXPECT_EQ(PhonePlanLookup(31, "612345678"), PhonePlanMatch::kExact);
  EXPECT_EQ(PhonePlanLookup(91, "9412345678"), PhonePlanMatch::kExact);
  EXPECT_EQ(PhonePlanLookup(91, "5412345678"), PhonePlanMatch::kPossible);
  EXPECT_EQ(PhonePlanLookup(55, "11984565666"), PhonePlanMatch::kExact);
  EXPECT_EQ(PhonePlanLookup(55, "10984565666"), PhonePlanMatch::kNone);  // no DDD 10
  EXPECT_EQ(PhonePlanLookup(52, "5512345678"), PhonePlanMatch::kPossible);
  // AU and JP mobile rows admit numbers libphonenumber calls invalid (~15%
  // and ~6%): possible only, libphonenumber settles them.
  EXPECT_EQ(PhonePlanLookup(61, "412345678"), PhonePlanMatch::kPossible);
  EXPECT_EQ(PhonePlanLookup(81, "9012345678"), PhonePlanMatch::kPossible);
  EXPECT_EQ(PhonePlanLookup(1, "4155550100"), PhonePlanMatch::kExact);
  EXPECT_EQ(PhonePlanLookup(1, "4151550100"), PhonePlanMatch::kNone);   // exchange 1XX
  EXPECT_EQ(PhonePlanLookup(1, "1155550100"), PhonePlanMatch::kNone);   // area code 1XX
  EXPECT_EQ(PhonePlanLookup(44, "1172391904"), PhonePlanMatch::kPossible);  // Bristol: ask
  EXPECT_EQ(PhonePlanLookup(31, "662453617"), PhonePlanMatch::kExact);      // NL 66 pager
  EXPECT_EQ(PhonePlanLookup(34, "784998075"), PhonePlanMatch::kExact);      // ES 78 mobile
  EXPECT_EQ(PhonePlanLookup(353, "871234567"), PhonePlanMatch::kNone);  // not in the table
  EXPECT_EQ(PhonePlanLookup(44, "20x9460958"), PhonePlanMatch::kNone);
}

// --- The validator. ---

TEST(PhoneValidator, International) {
  for (const char* s : {
           "+14155550100",         "+1 (415) 555-0100",   "+1-415-555-0100 ext. 23",
           "+1 415 555 0100 x7",   "+44 20 7946 0958",    "+44 (0)20 7946 0958",
           "+44 020 7946 0958",    "+44 7700 900123",     "+49 30 1234567",
           "+49 (0)171 1234567",   "+49/30/1234567",      "+33 6 12 34 56 78",
           "+33 (0)1 42 68 53 00", "+34 612 34 56 78",    "+34 91 123 45 67",
           "+39 06 678 4343",      "+39 347 123 4567",    "+31 6 12345678",
           "+31 20 123 4567",      "+91 94123 45678",     "+91 4155550132",
           "+55 11 98456-5666",    "+55 (21) 2345-6789",  "+52 55 1234 5678",
           "+52 1 55 1234 5678",   "+61 412 345 678",     "+61 2 9876 5432",
           "+81 90-1234-5678",     "+81 3-1234-5678",     "+353 87 123 4567",
           "+41 44 668 18 00",     "+30 21 0 1234567",    "0044 20 7946 0958",
           "001-415-555-0100",     "00 33 6 12 34 56 78", "0049 (0)30 1234567",
       }) {
    EXPECT_TRUE(PhoneValid(s)) << s;
  }
  for (const char* s : {
           "+1234567",                   // 7 digits
           "+1234567890123456",          // 16 digits
           "+1 415 555 010",             // +1 needs 10 national digits
           "+1 115 555 0100",            // NANP area code
           "+1 415 155 0100",            // NANP exchange
           "+1 234 567 8901",            // keyboard run
           "+44 20 7946 09581",          // UK national number too long
           "+44 6079 460958",            // no UK 06 range
           "+33 6 12 34 56 7",           // FR: 9 digits
           "+34 412 34 56 78",           // ES: no 4 range
           "+55 10 98456-5666",          // BR: no area code 10
           "+999 123 456 789",           // no such country code
           "+0 415 555 0100",            // country codes do not start with 0
           "+44 20 7946 0958 ext",       // a marker without digits
           "+44 (20) (7946) 0958",       // two bracketed groups
           "+44 20 7946 0958 x1234567",  // extensions have at most 6 digits
           "+44 20 7946 0958 x 12",      // "x" touches its digits
           "0012345678",                 // "00" + 1 + 7 digits
       }) {
    EXPECT_FALSE(PhoneValid(s)) << s;
  }
}

TEST(PhoneValidator, National) {
  for (const char* s : {
           // NANP
           "(415) 555-0100",
           "415-555-0100",
           "415.555.0100",
           "415/555-0100",
           "1-800-555-0199",
           "1 (800) 555-0199",
           "4155550100",
           "(604) 555-0142 ext. 7",
           // trunk 0: GB DE FR NL AU JP IN BR, and IT's significant 0
           "020 7946 0958",
           "07700 900123",
           "0161 496 0000",
           "030 12345678",
           "0171/1234567",
           "(030) 1234 5678",
           "06 12 34 56 78",
           "01.42.68.53.00",
           "06-12345678",
           "020-1234567",
           "(02) 9876 5432",
           "0412 345 678",
           "090-1234-5678",
           "03-1234-5678",
           "094123 45678",
           "(011) 98456-5666",
           "06 678 4343",
           "02 1234 5678",
           // no trunk prefix: ES IT IN MX BR AU
           "612 34 56 78",
           "612 345 678",
           "91 123 45 67",
           "347 123 4567",
           "347 1234567",
           "94123 45678",
           "55 1234 5678",
           "(55) 5123 4567",
           "11 98456 5666",
           "(11) 98456-5666",
           "(21) 2345-6789",
           "1300 123 456",
           "1800 123 456",
           // spaced out digit by digit
           "0 7 7 0 0 9 0 0 1 2 3",
           "4.1.5.5.5.5.0.1.0.0",
       }) {
    EXPECT_TRUE(PhoneValid(s)) << s;
  }
  for (const char* s : {
           "415-555-010",          // 9 digits, no region
           "030 1234567890",       // 13 digits
           "123-456-7890",         // NANP area code 1XX
           "415-155-0100",         // NANP exchange 1XX (and not MX: 3-3-4 is NANP's form)
           "2-415-555-0100",       // 11 digits need a leading 1
           "415-555 0100",         // two kinds of separator
           "020 7946-0958",        // two kinds of separator
           "01-02-2023 1530",      // a date and a time
           "05.06.2023",           // a date
           "415) 555-0100",        // unbalanced bracket
           "(415 555-0100",        // unbalanced bracket
           "020 (7946) 0958",      // only an area code is bracketed
           "0012 3456 789",        // not a national number
           "612 34 56 789",        // ES digits, not an ES grouping
           "98765 4321",           // IN grouping, 9 digits
           "1234567890",           // keyboard run
           "0000000000",           // one digit repeated
           "10 1234 5678",         // no MX or BR area code 10
           "12 345 678",           // 8 digits
           "4111 1111 1111 1111",  // a card number
           "1 2 3 4 5 6 7 8 9",    // counting
           "415-555-0100 ext.",    // an extension without digits is not stripped
           "-415-555-0100",        // separators at the edges
       }) {
    EXPECT_FALSE(PhoneValid(s)) << s;
  }
}

TEST(PhoneValidator, InsideALongerNumber) {
  const std::string t = "ref 2021-415-555-0100";
  EXPECT_FALSE(Validate(Validator::kPhone, t, 9, t.size()));
  const std::string u = "v 1.020.7946.0958";
  EXPECT_FALSE(Validate(Validator::kPhone, u, 4, u.size()));
  const std::string v = "call 020 7946 0958.";
  EXPECT_TRUE(Validate(Validator::kPhone, v, 5, v.size() - 1));
}

// --- The cache. ---

TEST(PhoneCache, TableDecidedNumbersNeverAskLibphonenumber) {
  const std::uint64_t before = GetPhoneLibStats().lib_calls;
  for (const char* s : {"+44 20 7946 0958", "+33 6 12 34 56 78", "(415) 555-0100",
                        "+55 11 98456-5666", "612 345 678", "07700 900123", "+49 151 12345678"}) {
    EXPECT_TRUE(PhoneValid(s)) << s;
  }
  EXPECT_EQ(GetPhoneLibStats().lib_calls, before);
}

TEST(PhoneCache, DoubtfulNumbersAskOnceThenHit) {
  ClearPhoneLibCache();
  SetPhoneCacheHitCounting(true);
  const PhoneLibStats s0 = GetPhoneLibStats();
  EXPECT_TRUE(PhoneValid("+49 30 1234567"));  // DE fixed: table says possible
  const PhoneLibStats s1 = GetPhoneLibStats();
  EXPECT_EQ(s1.lib_calls, s0.lib_calls + 1);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(PhoneValid("+49 (0)30 123-4567"));  // same digits
  const PhoneLibStats s2 = GetPhoneLibStats();
  EXPECT_EQ(s2.lib_calls, s1.lib_calls);
  EXPECT_EQ(s2.cache_hits, s1.cache_hits + 10);
  // Negative verdicts are cached too.
  EXPECT_FALSE(PhoneLibValid(49, "1"));  // cannot be a number: not asked
  EXPECT_FALSE(PhoneLibValid(52, "1000000000"));
  const std::uint64_t calls = GetPhoneLibStats().lib_calls;
  EXPECT_FALSE(PhoneLibValid(52, "1000000000"));
  EXPECT_EQ(GetPhoneLibStats().lib_calls, calls);
  SetPhoneCacheHitCounting(false);
}

TEST(PhoneCache, AgreesWithUncachedUnderEvictionAndThreads) {
  // Many more numbers than one cache set holds, from two threads at once:
  // every answer must equal the uncached verdict.
  std::mt19937 rng(7);
  std::vector<std::string> nsns;
  for (int i = 0; i < 400; ++i) {
    std::string nsn = "30";
    for (int k = 0; k < 7; ++k) nsn += static_cast<char>('0' + rng() % 10);
    nsns.push_back(nsn);
  }
  nsns.push_back("1");  // not cacheable input is still answered
  std::vector<bool> expected;
  for (const std::string& n : nsns) expected.push_back(PhoneLibValidUncached(49, n));
  ClearPhoneLibCache();
  std::atomic<int> mismatches{0};
  auto work = [&](int offset) {
    for (int round = 0; round < 3; ++round) {
      for (std::size_t i = 0; i < nsns.size(); ++i) {
        const std::size_t k = (i + offset) % nsns.size();
        if (PhoneLibValid(49, nsns[k]) != expected[k]) ++mismatches;
      }
    }
  };
  std::thread a(work, 0), b(work, 200);
  a.join();
  b.join();
  EXPECT_EQ(mismatches.load(), 0);
  int valid = 0;
  for (bool v : expected) valid += v;
  EXPECT_GT(valid, 0);  // not vacuous: both verdicts occur
  EXPECT_LT(valid, static_cast<int>(expected.size()));
}

// --- The shipped catalog. ---

class PhoneCatalog : public testing::ShippedCatalogTest {
 protected:
  // PHONE findings as their text.
  std::vector<std::string> Phones(std::string_view text) {
    std::vector<std::string> out;
    for (const Finding& f : Run(text)) {
      if (f.type == EntityType::kPhone) out.emplace_back(text.substr(f.begin, f.end - f.begin));
    }
    return out;
  }
};

const char* const kTemplates[] = {
    "Call me at {} when you land.",
    "My number is {}.",
    "Mobile: {}",
    "{} is my WhatsApp",
    "Pls text {} asap, thx",
    "Ruf mich an unter {}, danke!",
    "Mon numéro : {} (portable)",
    "Llámame al {} mañana",
    "Chiamami al {} stasera",
    "Liga pra mim no {} hoje",
    "Bel me op {} vanavond",
    "New phone ({}) - save it!",
};

std::string Fill(std::string_view tmpl, const std::string& value) {
  const std::size_t at = tmpl.find("{}");
  return std::string(tmpl.substr(0, at)) + value + std::string(tmpl.substr(at + 2));
}

// For one region: `count` numbers libphonenumber calls valid (fixed lines and
// mobiles, from every row of the region), each written in the national or
// the international format, in a sentence. MX national forms are generated
// for the two-digit area codes only (55, 33, 81): the three-digit ones are
// written like NANP numbers, see phone.yaml.
struct Generated {
  std::string text, span;
};
std::vector<Generated> GenerateSentences(const PhoneRegion& region, int count, std::uint32_t seed) {
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  std::mt19937 rng(seed);
  std::vector<const PhonePlanRow*> rows;
  for (const PhonePlanRow& r : PhonePlanTable()) {
    if (r.calling_code != region.calling_code) continue;
    if (r.line == PhoneLineType::kFixed || r.line == PhoneLineType::kMobile ||
        r.line == PhoneLineType::kFixedOrMobile) {
      rows.push_back(&r);
    }
  }
  std::vector<Generated> out;
  for (int attempt = 0; attempt < 20000 && static_cast<int>(out.size()) < count; ++attempt) {
    const PhonePlanRow& row = *rows[rng() % rows.size()];
    const int len =
        row.min_length + static_cast<int>(rng() % (row.max_length - row.min_length + 1));
    const std::string nsn = SampleNsn(row, len, rng);
    const PhoneNumber n = ToNumber(region.calling_code, nsn);
    if (!util->IsValidNumber(n)) continue;
    bool national = out.size() % 2 == 0;
    // Shorter than 9 national digits: not found nationally (see phone.yaml).
    if (nsn.size() + (region.trunk_prefix == '0' ? 1 : 0) < 9) national = false;
    if (region.region == "MX" &&
        !(nsn.starts_with("55") || nsn.starts_with("33") || nsn.starts_with("81"))) {
      national = false;
    }
    std::string written;
    util->Format(n, national ? PhoneNumberUtil::NATIONAL : PhoneNumberUtil::INTERNATIONAL,
                 &written);
    out.push_back({Fill(kTemplates[out.size() % std::size(kTemplates)], written), written});
  }
  return out;
}

TEST_F(PhoneCatalog, FindsGeneratedNumbersOfEveryRegionInSentences) {
  std::uint32_t seed = 1;
  for (const PhoneRegion& region : PhoneRegions()) {
    const std::vector<Generated> sentences = GenerateSentences(region, 24, seed++);
    ASSERT_GE(sentences.size(), 24u) << region.region;
    int found = 0;
    for (const Generated& g : sentences) {
      const std::vector<std::string> phones = Phones(g.text);
      if (phones.size() == 1 && phones[0] == g.span) {
        ++found;
      } else {
        ADD_FAILURE() << region.region << ": \"" << g.text << "\" found "
                      << ::testing::PrintToString(phones);
      }
    }
    EXPECT_EQ(found, static_cast<int>(sentences.size())) << region.region;
  }
}

TEST_F(PhoneCatalog, WrittenFormsAndEvasions) {
  const std::pair<const char*, const char*> cases[] = {
      {"Reach me at +1 (415) 555-0100 ext. 23 after 5pm", "+1 (415) 555-0100 ext. 23"},
      {"office 212-555-0123 x104, cell later", "212-555-0123 x104"},
      {"call 415.555.0100", "415.555.0100"},
      {"call 415/555-0100", "415/555-0100"},
      {"call (415)555-0100!", "(415)555-0100"},
      {"call +44-20-7946-0958", "+44-20-7946-0958"},
      {"call +44.20.7946.0958", "+44.20.7946.0958"},
      {"call +44/20/7946-0958", "+44/20/7946-0958"},
      {"call +49 (30) 1234567", "+49 (30) 1234567"},
      {"Tel. 0049 (0)30 1234567", "0049 (0)30 1234567"},
      {"text me 0 7 7 0 0 9 0 0 1 2 3", "0 7 7 0 0 9 0 0 1 2 3"},
      {"call 4-1-5-5-5-5-0-1-0-0 now", "4-1-5-5-5-5-0-1-0-0"},
      {"whatsapp +4 4 7 7 0 0 9 0 0 1 2 3", "+4 4 7 7 0 0 9 0 0 1 2 3"},
      {"numéro: 06.12.34.56.78", "06.12.34.56.78"},
      {"Handy: 0171/123 45 67", "0171/123 45 67"},
      {"ligue (11) 98456-5666", "(11) 98456-5666"},
      {"ph 1 (800) 555-0199", "1 (800) 555-0199"},
      {"reach 001-415-555-0100x38548", "001-415-555-0100x38548"},
  };
  for (const auto& [text, span] : cases) {
    EXPECT_THAT(Phones(text), ::testing::ElementsAre(span)) << text;
  }
  // Trunk-prefix numbers stand next to counts and to each other; a no-trunk
  // grouping is never one group of a longer run.
  EXPECT_THAT(Phones("call 020 7946 0958 2 times"), ::testing::ElementsAre("020 7946 0958"));
  EXPECT_THAT(Phones("bring 2 020 7946 0958"), ::testing::ElementsAre("020 7946 0958"));
  EXPECT_THAT(Phones("020 7946 0958 07700 900123"),
              ::testing::ElementsAre("020 7946 0958", "07700 900123"));
  EXPECT_THAT(Phones("love u 030 12345678 x 2"), ::testing::ElementsAre("030 12345678"));
  EXPECT_THAT(Phones("22 4111 1111 1111 1111"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("1 612 345 678"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("on 12/03 020 7946 0958"), ::testing::ElementsAre("020 7946 0958"));
  EXPECT_THAT(Phones("info: 07946746291/07880867867"),
              ::testing::ElementsAre("07946746291", "07880867867"));
  EXPECT_THAT(Phones("+44 20 7946 0958 07700 900123"),
              ::testing::ElementsAre("+44 20 7946 0958", "07700 900123"));
  EXPECT_THAT(Phones("612 345 678 9"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("gw fe80::1 415.555.0100"), ::testing::ElementsAre("415.555.0100"));
  // The tail or a middle part of a longer written number is no phone
  // number: after a country code or bracketed group the number failed as a
  // whole; inside the groups of a card, IBAN or tracking number.
  EXPECT_THAT(Phones("call +44 (0)951 658 5001"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("call +55 (31) 06386-0650"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("call +1 030 165 4575"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("card 6304 0997 6751 3239"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("parcel 9400 1550 0480 8331 6185 60"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("IBAN SE81 7937 3865 0288 1640 620"), ::testing::IsEmpty());
  // Labelled as another identifier: that identifier, not a phone number.
  EXPECT_THAT(Phones("NHS number 415 555 0100"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("Aadhaar 0844 8019 0980"), ::testing::IsEmpty());
  // Two numbers side by side stay two findings.
  EXPECT_THAT(Phones("+44 20 7946 0958 / +44 20 7946 0959"),
              ::testing::ElementsAre("+44 20 7946 0958", "+44 20 7946 0959"));
  EXPECT_THAT(Phones("call 415-555-0100, 020 7946 0958 or 612 34 56 78"),
              ::testing::ElementsAre("415-555-0100", "020 7946 0958", "612 34 56 78"));
}

TEST_F(PhoneCatalog, NearMissesAreNotPhones) {
  const char* const texts[] = {
      "Meeting on 2024-03-15 at 10:30",
      "between 09:00-17:30 daily",
      "dates 01/02/2024 - 03/04/2024",
      "on 15.03.2024 10.30 in room 204",
      "Paid 1,234,567 yesterday",
      "Total: 612 345 678 EUR",
      "balance 12 345 678,90",
      "Order #123-4567-8901 shipped",
      "Order 1234567890 shipped",
      "order 612-345-678 confirmed",
      "Invoice 0612345678 attached",
      "Windows 10.0.19045.2006 installed",
      "version 1.020.7946.0958",
      "ISBN 978-3-16-148410-0",
      "ISBN 0306406152",
      "tracking 1Z999AA10123456784",
      "USPS 9400 1000 0000 0000 0000 00",
      "IP 192.168.100.200 and 10.0.0.1",
      "card 4111 1111 1111 1111",
      "room 22 4111 1111 1111 1111",
      "card 5500-0000-0000-0004",
      "sum 1 612 345 678 000",
      "SSN 078-05-1123",
      "lat 51.507351 long -0.127758",
      "ref 2021-415-555-0100",
      "ids 415-555-01001",
      "call 123-456-7890",
      "call (115) 555-0100",
      "id 07700900123456",
      "code 4155550100",
      "your code is 1234567890, do not call",
      "+999 123 456 789",
      "score +12345678901234567",
      "temperature +20.5 C",
      "count 1 2 3 4 5 6 7 8 9 10",
      "chmod 0755 file.txt",
      "00 44 12",
      "page (11) 1999-2000",
  };
  for (const char* text : texts) {
    EXPECT_THAT(Phones(text), ::testing::IsEmpty()) << text;
  }
}

TEST_F(PhoneCatalog, WeakFormsNeedContextOrLoseToAgainstWords) {
  // Unseparated non-trunk numbers only next to a phone word.
  EXPECT_THAT(Phones("4155550100"), ::testing::IsEmpty());
  EXPECT_THAT(Phones("phone: 4155550100"), ::testing::ElementsAre("4155550100"));
  EXPECT_THAT(Phones("mi móvil es 612345678"), ::testing::ElementsAre("612345678"));
  // A no-trunk grouping is found alone, and dropped next to an amount word.
  EXPECT_THAT(Phones("612 345 678"), ::testing::ElementsAre("612 345 678"));
  EXPECT_THAT(Phones("612 345 678 EUR"), ::testing::IsEmpty());
}

// --- Accuracy on the labelled sets (../shared/data, README there). ---

struct Counts {
  int gold = 0, predicted = 0, exact = 0;
  double precision() const { return predicted ? double(exact) / predicted : 1.0; }
  double recall() const { return gold ? double(exact) / gold : 1.0; }
};

// PHONE only; presidio_test_vectors records count only where they annotate
// PHONE (meta.annotated_types); the generated sets annotate PHONE everywhere.
Counts MeasurePhone(const PiiClassifier& c, PiiClassifier::Scratch& scratch,
                    const std::string& path) {
  Counts counts;
  std::ifstream in(path);
  std::string line;
  std::vector<Finding> found;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const YAML::Node n = YAML::Load(line);
    if (n["meta"] && n["meta"]["annotated_types"]) {
      bool phone = false;
      for (const YAML::Node& t : n["meta"]["annotated_types"])
        phone |= t.as<std::string>() == "PHONE";
      if (!phone) continue;
    }
    const std::string text = n["text"].as<std::string>();
    EXPECT_TRUE(c.Classify(text, FieldHint{}, scratch, found).ok());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> gold, pred;
    for (const YAML::Node& s : n["spans"]) {
      if (s["type"].as<std::string>() == "PHONE") {
        gold.emplace_back(s["start_utf8"].as<std::uint32_t>(), s["end_utf8"].as<std::uint32_t>());
      }
    }
    for (const Finding& f : found) {
      if (f.type == EntityType::kPhone) pred.emplace_back(f.begin, f.end);
    }
    counts.gold += static_cast<int>(gold.size());
    counts.predicted += static_cast<int>(pred.size());
    for (const auto& g : gold) {
      for (const auto& p : pred) {
        if (g == p) {
          ++counts.exact;
          break;
        }
      }
    }
  }
  return counts;
}

TEST_F(PhoneCatalog, AccuracyOnPresidioSets) {
  struct Set {
    const char* file;
    double min_precision, min_recall;
  };
  // Floors a little under what was measured (see the report in phone.yaml's
  // history): the generated sets hold many random digit strings in Faker's
  // per-locale layouts (7-8 digits, invalid area codes), which no validating
  // detector should call phone numbers.
  const Set sets[] = {
      {"presidio_test_vectors.jsonl", 0.90, 0.85},
      {"presidio_generated_small.jsonl", 0.80, 0.40},
      {"presidio_generated_large.jsonl", 0.85, 0.45},
  };
  for (const Set& s : sets) {
    const Counts c = MeasurePhone(**classifier_, *scratch_, kDataDir + "/" + s.file);
    std::printf("PHONE %-32s gold %4d pred %4d exact %4d precision %.3f recall %.3f\n", s.file,
                c.gold, c.predicted, c.exact, c.precision(), c.recall());
    ASSERT_GT(c.gold, 0) << s.file;
    EXPECT_GE(c.precision(), s.min_precision) << s.file;
    EXPECT_GE(c.recall(), s.min_recall) << s.file;
  }
}

}  // namespace
}  // namespace scrubline
