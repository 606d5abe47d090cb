// Generalisers and masking (generalize.h): what each method writes, and what
// it refuses (the transform then redacts the value).
#include "classifiers/policy/generalize.h"

#include <gtest/gtest.h>

#include <string>

namespace scrubline {
namespace {

std::string Bucket(std::string_view v, TimeUnit unit) {
  std::string out;
  return AppendTimeBucket(v, unit, out) ? out : "<refused>";
}
std::string Round(std::string_view v, int decimals) {
  std::string out;
  return AppendRounded(v, decimals, out) ? out : "<refused>";
}

TEST(Generalize, TimeBuckets) {
  EXPECT_EQ(Bucket("2026-11-01T10:23:45Z", TimeUnit::kHour), "2026-11-01T10:00:00Z");
  EXPECT_EQ(Bucket("2026-11-01T10:23:45.123+02:00", TimeUnit::kHour), "2026-11-01T10:00:00+02:00");
  EXPECT_EQ(Bucket("2026-11-01 23:59:60-0500", TimeUnit::kHour), "2026-11-01T23:00:00-0500");
  EXPECT_EQ(Bucket("2026-11-01T10:23", TimeUnit::kHour), "2026-11-01T10:00:00");
  EXPECT_EQ(Bucket("2026-11-01T10:23:45Z", TimeUnit::kDay), "2026-11-01");
  EXPECT_EQ(Bucket("2024-02-29", TimeUnit::kHour), "2024-02-29");  // a date is a day already
  EXPECT_EQ(Bucket("1762000000", TimeUnit::kHour), "1761998400");
  EXPECT_EQ(Bucket("1762000000", TimeUnit::kDay), "1761955200");
  EXPECT_EQ(Bucket("1762000000123", TimeUnit::kHour), "1761998400000");
  for (const char* bad : {"", "yesterday", "2026-13-01", "2023-02-29", "2026-11-01T24:00:00Z",
                          "2026-11-01T10:60", "2026-11-01T10:23:45+25:00", "2026-11-01T10:23:45 UTC",
                          "2026-11-01T10:23:45.", "12345", "17620000001234", "-1762000000",
                          "2026-11-01T10"}) {
    EXPECT_EQ(Bucket(bad, TimeUnit::kHour), "<refused>") << bad;
  }
}

TEST(Generalize, RoundsOnTheDigits) {
  EXPECT_EQ(Round("-33.8567844", 2), "-33.86");
  EXPECT_EQ(Round("151.2152967", 2), "151.22");
  EXPECT_EQ(Round("151.2149999", 2), "151.21");
  EXPECT_EQ(Round("9.995", 2), "10.00");
  EXPECT_EQ(Round("99.5", 0), "100");
  EXPECT_EQ(Round("7", 2), "7.00");
  EXPECT_EQ(Round("-0.004", 2), "0.00");  // no negative zero
  EXPECT_EQ(Round("0.1", 8), "0.10000000");
  for (const char* bad : {"", "-", "1e5", "+1.5", ".5", "1.", "1.2.3", "NaN", "12a", " 1"}) {
    EXPECT_EQ(Round(bad, 2), "<refused>") << bad;
  }
  EXPECT_EQ(Round("1.5", 9), "<refused>");
}

TEST(Generalize, TruncatesCodePoints) {
  std::string out;
  AppendTruncated("94107-1234", 3, out);
  EXPECT_EQ(out, "941");
  out.clear();
  AppendTruncated("\xC3\xA9t\xC3\xA9", 2, out);  // "été": two code points, three bytes
  EXPECT_EQ(out, "\xC3\xA9t");
  out.clear();
  AppendTruncated("ab", 5, out);
  EXPECT_EQ(out, "ab");
}

std::string PhoneCountry(std::string_view v, std::string_view default_cc = "") {
  std::string scratch, out;
  return AppendPhoneCountry(v, default_cc, scratch, out) ? out : "<refused>";
}

TEST(Generalize, PhoneCountryAndLineType) {
  EXPECT_EQ(PhoneCountry("+44 7911 123456"), "+44 mobile");
  EXPECT_EQ(PhoneCountry("+44 20 7946 0958"), "+44 fixed");
  EXPECT_EQ(PhoneCountry("whatsapp:+447911123456"), "whatsapp:+44 mobile");
  EXPECT_EQ(PhoneCountry("+1 800 555 0199"), "+1 toll_free");
  EXPECT_EQ(PhoneCountry("(415) 555-0100", "1"), "+1 fixed_or_mobile");
  EXPECT_EQ(PhoneCountry("+49 1512 3456789"), "+49 mobile");
  EXPECT_EQ(PhoneCountry("+61 412 345 678"), "+61 mobile");
  for (const char* bad : {"", "hello", "+1 555", "+44 00000000", "4155550100", "+999 1234567"}) {
    EXPECT_EQ(PhoneCountry(bad), "<refused>") << bad;
  }
  EXPECT_EQ(PhoneCountry("+44 7911 123456"), "+44 mobile");  // again: from the cache
}

TEST(Generalize, SplitsUrls) {
  UrlParts p;
  ASSERT_TRUE(SplitUrl("https://user:pw@example.com:8443/a/b%40c?x=1&y=2#frag", p));
  EXPECT_EQ(p.scheme, "https");
  EXPECT_EQ(p.authority, "example.com:8443");
  EXPECT_EQ(p.path, "/a/b%40c");
  EXPECT_EQ(p.query, "x=1&y=2");
  ASSERT_TRUE(SplitUrl("http://example.com", p));
  EXPECT_EQ(p.path, "");
  EXPECT_EQ(p.query, "");
  ASSERT_TRUE(SplitUrl("mailto+x://h?q", p));
  EXPECT_EQ(p.query, "q");
  for (const char* bad : {"", "example.com/a", "://h", "1http://h", "http://", "http://u@",
                          "http://h/a b", "http://:80/"}) {
    EXPECT_FALSE(SplitUrl(bad, p)) << bad;
  }
  std::string out;
  AppendPercentDecoded("jane.doe%40example.com+x%2B1%zz%4", true, out);
  EXPECT_EQ(out, "jane.doe@example.com x+1%zz%4");
  out.clear();
  AppendPercentDecoded("a+b", false, out);
  EXPECT_EQ(out, "a+b");
}

TEST(Mask, KeepsTheLastCodePointsOnly) {
  std::string out;
  AppendMasked("+14155550100", 4, out);
  EXPECT_EQ(out, "********0100");
  out.clear();
  AppendMasked("j\xC3\xB6rg@example.com", 4, out);
  EXPECT_EQ(out, "************.com");  // one '*' per code point: 16, 4 kept
  out.clear();
  AppendMasked("1234", 4, out);  // not longer than what is kept: all masked
  EXPECT_EQ(out, "****");
  out.clear();
  AppendMasked("secret", 0, out);
  EXPECT_EQ(out, "******");
  out.clear();
  AppendMasked("", 4, out);
  EXPECT_EQ(out, "");
}

TEST(ShiftedTime, MovesWholeDaysAndKeepsTheForm) {
  const auto shift = [](std::string_view v, int days) {
    std::string out = "=";
    return AppendShiftedTime(v, days, out) ? out.substr(1) : std::string("FAIL");
  };
  EXPECT_EQ(shift("2026-03-01T10:00:00+01:00", 30), "2026-03-31T10:00:00+01:00");
  EXPECT_EQ(shift("2026-03-01", -1), "2026-02-28");
  EXPECT_EQ(shift("2024-02-28 23:59:59.123Z", 1), "2024-02-29 23:59:59.123Z");  // leap year
  EXPECT_EQ(shift("2026-12-31T00:00Z", 1), "2027-01-01T00:00Z");
  EXPECT_EQ(shift("1762000000", 1), "1762086400");          // epoch seconds
  EXPECT_EQ(shift("1762000000000", -2), "1761827200000");   // epoch milliseconds
  EXPECT_EQ(shift("0001-01-01", -1), "0000-12-31");
  for (const char* bad : {"", "yesterday", "2026-02-30", "2026-13-01", "2026-03-01T25:00Z",
                          "2026-03-01X10:00", "12345", "2026-03-01T10:00:00+0100x", "0000-01-01"}) {
    std::string out = "kept";
    const int days = std::string_view(bad) == "0000-01-01" ? -1 : 3;
    EXPECT_FALSE(AppendShiftedTime(bad, days, out)) << bad;
    EXPECT_EQ(out, "kept") << bad;
  }
  std::string out;
  EXPECT_FALSE(AppendShiftedTime("100000000", -5000, out));  // before the epoch
}

}  // namespace
}  // namespace scrubline
