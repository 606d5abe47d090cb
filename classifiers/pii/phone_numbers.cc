#include "classifiers/pii/phone_numbers.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <array>
#include <unordered_map>
#include <mutex>
#include <atomic>

#include "classifiers/base/hash.h"

namespace scrubline {
namespace {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// --- The possible-number table. ---
//
// Written from the national numbering plans (Ofcom, BNetzA, ARCEP, CNMC,
// AGCOM, ACM, DoT, Anatel, IFT, ACMA, MIC, NANPA) as they stood in 2023, at
// the granularity a text scanner needs: leading digits and lengths of the
// national significant number, not every allocated block. Rows are grouped
// by country, in kRegions order. tests/classifiers/pii/phone_test.cc samples
// every exact row and checks libphonenumber agrees.
using L = PhoneLineType;
constexpr PhonePlanRow kRows[] = {
    // +1 NANP: NXX NXX XXXX, checked in code (NanpNsnValid).
    {1, "[2-9]", 10, 10, L::kFixedOrMobile, true},
    // +44 GB, trunk 0.
    {44, "1[2-9]", 10, 10, L::kFixed, false},
    {44, "11[3-8]", 10, 10, L::kFixed, false},  // Leeds, Sheffield, ... Reading
    {44, "1[2-9]", 9, 9, L::kFixed, false},    // a few areas with 5-digit local numbers
    {44, "20[378]", 10, 10, L::kFixed, true},  // London
    {44, "2[03489]", 10, 10, L::kFixed, false},
    {44, "3[0347]", 10, 10, L::kSharedCost, true},
    {44, "5[56]", 10, 10, L::kVoip, true},
    {44, "70", 10, 10, L::kPersonal, true},
    {44, "7[1-57-9]", 10, 10, L::kMobile, true},
    {44, "7624", 10, 10, L::kMobile, false},
    {44, "76", 10, 10, L::kPager, false},
    {44, "80[08]", 9, 10, L::kTollFree, false},
    {44, "8[47]", 10, 10, L::kSharedCost, false},
    {44, "9[018]", 10, 10, L::kPremium, false},
    // +49 DE, trunk 0. Fixed lines: 2-5 digit area codes, variable length.
    {49, "15[0-25-9]", 11, 11, L::kMobile, true},
    {49, "16[023]", 10, 11, L::kMobile, true},
    {49, "17", 10, 11, L::kMobile, true},
    {49, "1[5-7]", 10, 11, L::kMobile, false},
    {49, "800", 10, 10, L::kTollFree, true},
    {49, "900", 10, 10, L::kPremium, false},
    {49, "18", 8, 11, L::kSharedCost, false},
    {49, "[2-9]", 6, 11, L::kFixed, false},
    // +33 FR, trunk 0, 9 digits.
    {33, "[1-5]", 9, 9, L::kFixed, false},
    {33, "6[0-24-8]", 9, 9, L::kMobile, true},
    {33, "63[0-8]", 9, 9, L::kMobile, true},
    {33, "7[3-9]", 9, 9, L::kMobile, true},
    {33, "[67]", 9, 9, L::kMobile, false},
    {33, "8", 9, 9, L::kSharedCost, false},
    {33, "9", 9, 9, L::kVoip, true},
    // +34 ES, no trunk prefix, 9 digits.
    {34, "6", 9, 9, L::kMobile, true},
    {34, "7[1-48]", 9, 9, L::kMobile, true},
    {34, "[89][1-8]", 9, 9, L::kFixed, false},
    {34, "[89]0", 9, 9, L::kTollFree, false},
    {34, "5[19]", 9, 9, L::kVoip, false},
    // +39 IT, no trunk prefix; the 0 of fixed lines is part of the number.
    {39, "0", 6, 11, L::kFixed, false},
    {39, "3[1-9]", 10, 10, L::kMobile, true},
    {39, "3[1-9]", 9, 9, L::kMobile, false},
    {39, "80[03]", 6, 6, L::kTollFree, false},
    {39, "80[03]", 9, 9, L::kTollFree, false},
    {39, "89", 6, 10, L::kPremium, false},
    // +31 NL, trunk 0, 9 digits (service numbers vary).
    {31, "6[1-58]", 9, 9, L::kMobile, true},
    {31, "66", 9, 9, L::kPager, true},
    {31, "[1-57]", 9, 9, L::kFixed, false},
    {31, "8[58]", 9, 9, L::kVoip, true},
    {31, "800", 7, 10, L::kTollFree, false},
    {31, "90[069]", 7, 10, L::kPremium, false},
    {31, "97", 11, 11, L::kOther, false},
    // +91 IN, trunk 0, 10 digits.
    {91, "[6-9]", 10, 10, L::kMobile, true},
    {91, "[1-8]", 10, 10, L::kFixed, false},
    {91, "1800", 10, 11, L::kTollFree, false},
    // +55 BR, trunk 0 (carrier codes are not read). Two-digit area codes
    // (DDD) then 9 + 8 digits (mobile) or [2-5] + 7 digits (fixed).
    {55, "1[1-9]9", 11, 11, L::kMobile, true},
    {55, "2[12478]9", 11, 11, L::kMobile, true},
    {55, "3[1-578]9", 11, 11, L::kMobile, true},
    {55, "4[1-9]9", 11, 11, L::kMobile, true},
    {55, "5[1345]9", 11, 11, L::kMobile, true},
    {55, "6[1-9]9", 11, 11, L::kMobile, true},
    {55, "7[13-579]9", 11, 11, L::kMobile, true},
    {55, "8[1-9]9", 11, 11, L::kMobile, true},
    {55, "9[1-9]9", 11, 11, L::kMobile, true},
    {55, "1[1-9][2-5]", 10, 10, L::kFixed, true},
    {55, "2[12478][2-5]", 10, 10, L::kFixed, true},
    {55, "3[1-578][2-5]", 10, 10, L::kFixed, true},
    {55, "4[1-9][2-5]", 10, 10, L::kFixed, true},
    {55, "5[1345][2-5]", 10, 10, L::kFixed, true},
    {55, "6[1-9][2-5]", 10, 10, L::kFixed, true},
    {55, "7[13-579][2-5]", 10, 10, L::kFixed, true},
    {55, "8[1-9][2-5]", 10, 10, L::kFixed, true},
    {55, "9[1-9][2-5]", 10, 10, L::kFixed, true},
    {55, "[3589]00", 10, 10, L::kTollFree, false},
    // +52 MX, no trunk prefix since 2019: 10 digits; "1" + 10 is the old
    // mobile form.
    {52, "[2-9]", 10, 10, L::kFixedOrMobile, false},
    {52, "1[2-9]", 11, 11, L::kMobile, false},
    // +61 AU, trunk 0, 9 digits; 1300/1800 numbers have 10 and no trunk 0.
    {61, "4", 9, 9, L::kMobile, false},
    {61, "[2378]", 9, 9, L::kFixed, false},
    {61, "1[38]00", 10, 10, L::kTollFree, true},
    // +81 JP, trunk 0.
    {81, "[789]0", 10, 10, L::kMobile, false},
    {81, "50", 10, 10, L::kVoip, false},
    {81, "120", 9, 9, L::kTollFree, true},
    {81, "800", 10, 10, L::kTollFree, true},
    {81, "20", 10, 10, L::kPager, false},
    {81, "[1-9]", 9, 9, L::kFixed, false},
};

// Digit-group lengths of a national number written without its trunk
// prefix; 0 ends a shape.
struct Shape {
  std::uint8_t g[4];
};
constexpr Shape kEsShapes[] = {{{3, 3, 3, 0}}, {{3, 2, 2, 2}}, {{2, 3, 2, 2}}};
constexpr Shape kItShapes[] = {
    {{3, 3, 4, 0}}, {{3, 7, 0, 0}}, {{3, 4, 3, 0}}, {{3, 6, 0, 0}}, {{3, 3, 3, 0}}};
constexpr Shape kInShapes[] = {{{5, 5, 0, 0}}};
constexpr Shape kMxShapes[] = {{{2, 4, 4, 0}}, {{2, 8, 0, 0}}};
constexpr Shape kBrShapes[] = {{{2, 4, 4, 0}}, {{2, 5, 4, 0}}, {{2, 8, 0, 0}}, {{2, 9, 0, 0}}};
constexpr Shape kAuShapes[] = {{{4, 3, 3, 0}}, {{4, 6, 0, 0}}};

struct Country {
  PhoneRegion info;
  std::span<const Shape> no_trunk_shapes;  // national forms without a trunk prefix
};
constexpr Country kCountries[] = {
    {{"US", 1, '1', false}, {}},  // NANP shapes are handled in code
    {{"GB", 44, '0', false}, {}},        {{"DE", 49, '0', false}, {}},
    {{"FR", 33, '0', false}, {}},        {{"ES", 34, 0, false}, kEsShapes},
    {{"IT", 39, 0, true}, kItShapes},    {{"NL", 31, '0', false}, {}},
    {{"IN", 91, '0', false}, kInShapes}, {{"BR", 55, '0', false}, kBrShapes},
    {{"MX", 52, 0, false}, kMxShapes},   {{"AU", 61, '0', false}, kAuShapes},
    {{"JP", 81, '0', false}, {}},
};
constexpr std::size_t kCountryCount = std::size(kCountries);

constexpr std::array<PhoneRegion, kCountryCount> kRegionInfos = [] {
  std::array<PhoneRegion, kCountryCount> out{};
  for (std::size_t i = 0; i < kCountryCount; ++i) out[i] = kCountries[i].info;
  return out;
}();

// Each country's rows as [begin, end) of kRows.
struct RowRange {
  std::uint16_t begin = 0, end = 0;
};
constexpr std::array<RowRange, kCountryCount> kCountryRows = [] {
  std::array<RowRange, kCountryCount> out{};
  std::size_t r = 0;
  for (std::size_t c = 0; c < kCountryCount; ++c) {
    out[c].begin = static_cast<std::uint16_t>(r);
    while (r < std::size(kRows) && kRows[r].calling_code == kCountries[c].info.calling_code) ++r;
    out[c].end = static_cast<std::uint16_t>(r);
  }
  return out;
}();

// A prefix is digits and "[..]" classes of digits and digit ranges.
constexpr bool PrefixWellFormed(std::string_view p) {
  std::size_t i = 0;
  while (i < p.size()) {
    if (IsDigit(p[i])) {
      ++i;
      continue;
    }
    if (p[i] != '[') return false;
    ++i;
    bool any = false;
    while (i < p.size() && p[i] != ']') {
      if (!IsDigit(p[i])) return false;
      if (i + 2 < p.size() && p[i + 1] == '-') {
        if (!IsDigit(p[i + 2]) || p[i + 2] < p[i]) return false;
        i += 3;
      } else {
        ++i;
      }
      any = true;
    }
    if (i == p.size() || !any) return false;
    ++i;
  }
  return !p.empty();
}

constexpr bool TableWellFormed() {
  std::size_t covered = 0;
  for (std::size_t c = 0; c < kCountryCount; ++c) {
    if (kCountryRows[c].begin == kCountryRows[c].end) return false;  // no rows, or out of order
    covered += kCountryRows[c].end - kCountryRows[c].begin;
  }
  if (covered != std::size(kRows)) return false;  // a row out of its country's group
  for (const PhonePlanRow& r : kRows) {
    if (!PrefixWellFormed(r.prefix) || r.min_length > r.max_length || r.max_length > 14) {
      return false;
    }
  }
  return true;
}
static_assert(TableWellFormed(), "phone plan table: bad prefix, length or row order");

// True if `nsn` starts with the digits `prefix` describes.
bool PrefixMatches(std::string_view prefix, std::string_view nsn) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < prefix.size();) {
    if (k == nsn.size()) return false;
    const char c = nsn[k++];
    if (prefix[i] != '[') {
      if (prefix[i++] != c) return false;
      continue;
    }
    bool hit = false;
    for (++i; prefix[i] != ']';) {
      const char lo = prefix[i];
      char hi = lo;
      if (prefix[i + 1] == '-') {
        hi = prefix[i + 2];
        i += 3;
      } else {
        ++i;
      }
      hit = hit || (c >= lo && c <= hi);
    }
    ++i;
    if (!hit) return false;
  }
  return true;
}

// NANP: NXX NXX XXXX (area code and exchange start with 2-9). Deliberately
// structural: which area codes are assigned changes every year, and only
// ~36% of such numbers are assigned ones (libphonenumber), but a "+1 290 ..."
// written as a phone number is redacted as one (fail closed; the sample
// traffic of sample_events.cc plants area codes 200-899, N11 and N9X
// included, as phone numbers).
bool NanpNsnValid(std::string_view d) { return d.size() == 10 && d[0] >= '2' && d[3] >= '2'; }

const Country* FindCountry(std::uint16_t cc, std::size_t* index) {
  for (std::size_t i = 0; i < kCountryCount; ++i) {
    if (kCountries[i].info.calling_code == cc) {
      *index = i;
      return &kCountries[i];
    }
  }
  return nullptr;
}

PhonePlanMatch Lookup(std::size_t country, std::string_view nsn) {
  if (kCountries[country].info.calling_code == 1) {
    return NanpNsnValid(nsn) ? PhonePlanMatch::kExact : PhonePlanMatch::kNone;
  }
  PhonePlanMatch best = PhonePlanMatch::kNone;
  for (std::size_t r = kCountryRows[country].begin; r < kCountryRows[country].end; ++r) {
    const PhonePlanRow& row = kRows[r];
    if (nsn.size() < row.min_length || nsn.size() > row.max_length) continue;
    if (!PrefixMatches(row.prefix, nsn)) continue;
    if (row.exact) return PhonePlanMatch::kExact;
    best = PhonePlanMatch::kPossible;
  }
  return best;
}

// --- Country calling codes (ITU-T E.164 assignments, 2023), as ranges. ---
// Codes are prefix-free: 1 and 7 are the one-digit codes; a two-digit code
// never starts a three-digit one. Spare codes inside a range are tolerated:
// this only decides whether libphonenumber is worth asking.
struct CodeRange {
  std::uint16_t lo, hi;
};
constexpr CodeRange kTwoDigitCodes[] = {
    {20, 20}, {27, 27}, {30, 34}, {36, 36}, {39, 41}, {43, 49}, {51, 58},
    {60, 66}, {81, 82}, {84, 84}, {86, 86}, {90, 95}, {98, 98},
};
constexpr CodeRange kThreeDigitCodes[] = {
    {211, 218}, {220, 258}, {260, 269}, {290, 299}, {350, 359}, {370, 389}, {420, 423},
    {500, 509}, {590, 599}, {670, 692}, {800, 800}, {808, 808}, {850, 856}, {870, 870},
    {878, 883}, {886, 886}, {888, 888}, {960, 979}, {991, 998},
};

template <std::size_t N>
bool InRanges(const CodeRange (&ranges)[N], int code) {
  for (const CodeRange& r : ranges) {
    if (code >= r.lo && code <= r.hi) return true;
  }
  return false;
}

int DigitsValue(std::string_view d) {
  int v = 0;
  for (char c : d) v = v * 10 + (c - '0');
  return v;
}

// Length of the country code that starts `d`, or 0 if none is plausible.
int CountryCodeLength(std::string_view d) {
  if (d.empty() || d[0] == '0') return 0;
  if (d[0] == '1' || d[0] == '7') return 1;
  if (d.size() >= 2 && InRanges(kTwoDigitCodes, DigitsValue(d.substr(0, 2)))) return 2;
  if (d.size() >= 3 && InRanges(kThreeDigitCodes, DigitsValue(d.substr(0, 3)))) return 3;
  return 0;
}

// --- The verdict cache. ---

// 15 digits as nibbles (digit + 1, so a key is never 0 and its length is
// implicit), in bits 0..59; the verdict in bit 62. 0 is an empty way.
constexpr std::uint64_t kVerdictBit = std::uint64_t{1} << 62;
constexpr std::uint64_t kKeyMask = (std::uint64_t{1} << 60) - 1;
constexpr std::size_t kMaxKeyDigits = 15;
constexpr std::size_t kCacheSets = 4096;  // power of two
constexpr std::size_t kCacheWays = 4;

struct alignas(32) CacheSet {
  std::atomic<std::uint64_t> way[kCacheWays];
};
CacheSet g_cache[kCacheSets];  // zero-initialised: empty
std::atomic<std::uint64_t> g_lib_calls{0};
std::atomic<std::uint64_t> g_cache_hits{0};
std::atomic<std::uint32_t> g_insert_clock{0};
std::atomic<bool> g_count_hits{false};

// The key of +cc nsn, or 0 if it has more than 15 digits.
std::uint64_t CacheKey(std::uint16_t cc, std::string_view nsn) {
  char cc_digits[5];
  std::size_t cc_len = 0;
  for (std::uint16_t v = cc; v > 0; v /= 10) cc_digits[cc_len++] = static_cast<char>('0' + v % 10);
  if (cc_len + nsn.size() > kMaxKeyDigits) return 0;
  std::uint64_t key = 0;
  for (std::size_t i = cc_len; i > 0; --i)
    key = (key << 4) | std::uint64_t(cc_digits[i - 1] - '0' + 1);
  for (char c : nsn) key = (key << 4) | std::uint64_t(c - '0' + 1);
  return key;
}


// 1 valid, 0 invalid, -1 not cached.
int CacheFind(std::uint64_t key) {
  CacheSet& set = g_cache[SplitMix64(key) & (kCacheSets - 1)];
  for (const std::atomic<std::uint64_t>& w : set.way) {
    const std::uint64_t e = w.load(std::memory_order_relaxed);
    if ((e & kKeyMask) == key) {
      if (g_count_hits.load(std::memory_order_relaxed)) {
        g_cache_hits.fetch_add(1, std::memory_order_relaxed);
      }
      return (e & kVerdictBit) ? 1 : 0;
    }
  }
  return -1;
}

void CacheInsert(std::uint64_t key, bool valid) {
  const std::uint64_t h = SplitMix64(key);
  CacheSet& set = g_cache[h & (kCacheSets - 1)];
  const std::uint64_t entry = key | (valid ? kVerdictBit : 0);
  for (std::atomic<std::uint64_t>& w : set.way) {
    std::uint64_t expected = 0;
    if (w.compare_exchange_strong(expected, entry, std::memory_order_relaxed)) return;
  }
  const std::uint32_t victim = (static_cast<std::uint32_t>(h >> 40) +
                                g_insert_clock.fetch_add(1, std::memory_order_relaxed)) %
                               kCacheWays;
  set.way[victim].store(entry, std::memory_order_relaxed);
}

// --- Reading a written candidate. ---

constexpr int kMaxDigits = 24;
constexpr int kMaxGroups = 24;

// The digits of a candidate, their groups and what separates them.
struct Written {
  std::array<char, kMaxDigits> d{};
  int n = 0;
  std::array<std::uint8_t, kMaxGroups> group{};
  int groups = 0;
  // run[i]: the separator bytes between group i and i + 1 (brackets and a
  // dropped "(0)" not counted): the first byte, the count, mixed kinds.
  std::array<char, kMaxGroups> run_sep{};
  std::array<std::uint8_t, kMaxGroups> run_len{};
  std::array<bool, kMaxGroups> run_mixed{};
  int paren_group = -1;      // the bracketed group, if any
  bool plus = false;         // written with "+"
  bool trunk_paren = false;  // a "(0)" was dropped

  std::string_view digits(int from = 0) const {
    return std::string_view(d.data() + from, n - from);
  }
};

bool IsSeparator(char c) { return c == ' ' || c == '.' || c == '-' || c == '/'; }

// Drops an extension ("x23", " ext. 23", " Ext: 23", " extension 23") from
// the end of `s`.
std::string_view WithoutExtension(std::string_view s) {
  std::size_t k = s.size();
  while (k > 0 && IsDigit(s[k - 1])) --k;
  const std::size_t digits = s.size() - k;
  if (digits == 0 || digits > 6 || k == 0) return s;
  std::size_t m = k;
  if (s[m - 1] == ' ') --m;
  if (m > 0 && (s[m - 1] == '.' || s[m - 1] == ':')) --m;
  for (std::string_view marker :
       {std::string_view("extension"), std::string_view("ext"), std::string_view("x")}) {
    if (m < marker.size() || (marker == "x" && m != k)) continue;  // "x" touches its digits
    bool same = true;
    for (std::size_t i = 0; i < marker.size(); ++i) {
      same = same && Lower(s[m - marker.size() + i]) == marker[i];
    }
    if (!same) continue;
    std::size_t cut = m - marker.size();
    if (cut > 0 && s[cut - 1] == ' ') --cut;
    if (cut == 0 || !(IsDigit(s[cut - 1]) || s[cut - 1] == ')')) return s;
    return s.substr(0, cut);
  }
  return s;
}

// Splits `s` into digit groups and separator runs. False for bytes that are
// not digits, separators or brackets, unbalanced or nested brackets, a
// second bracketed group, or too many digits.
bool Read(std::string_view s, Written& w) {
  std::size_t i = 0;
  if (!s.empty() && s[0] == '+') {
    w.plus = true;
    i = 1;
    if (i < s.size() && s[i] == ' ') ++i;
  }
  if (i == s.size() || !(IsDigit(s[i]) || s[i] == '(')) return false;
  if (!(IsDigit(s.back()) || s.back() == ')')) return false;
  bool in_paren = false;
  bool in_group = false;
  char sep = 0;
  int sep_len = 0;
  bool sep_mixed = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (IsDigit(c)) {
      if (!in_group) {
        if (w.groups == kMaxGroups) return false;
        if (w.groups > 0) {
          w.run_sep[w.groups - 1] = sep;
          w.run_len[w.groups - 1] = static_cast<std::uint8_t>(sep_len);
          w.run_mixed[w.groups - 1] = sep_mixed;
        }
        w.group[w.groups++] = 0;
        sep = 0;
        sep_len = 0;
        sep_mixed = false;
        in_group = true;
      }
      if (w.n == kMaxDigits) return false;
      w.d[w.n++] = c;
      ++w.group[w.groups - 1];
      continue;
    }
    in_group = false;
    if (c == '(') {
      const bool international = w.plus || (w.n >= 3 && w.d[0] == '0' && w.d[1] == '0');
      if (international && w.groups > 0 && !w.trunk_paren && s.substr(i, 3) == "(0)") {
        w.trunk_paren = true;  // "+44 (0)20 ...": the trunk digit is not dialled
        i += 2;
        continue;
      }
      if (in_paren || w.paren_group >= 0 || i + 1 >= s.size() || !IsDigit(s[i + 1])) return false;
      in_paren = true;
      w.paren_group = w.groups;
    } else if (c == ')') {
      if (!in_paren || w.groups != w.paren_group + 1 || !IsDigit(s[i - 1])) return false;
      in_paren = false;
    } else if (IsSeparator(c)) {
      if (sep == 0) sep = c;
      sep_mixed = sep_mixed || c != sep;
      ++sep_len;
    } else {
      return false;
    }
  }
  return !in_paren;
}

// National separators: one byte between groups, one kind; the run after a
// bracketed group (and the space before one) is free, and the first run may
// be "/" ("0171/123 45 67"), or a space after a two-digit area code when
// the rest is joined otherwise ("71 97207-4230", Brazil's usual writing;
// "020 7946-0958" stays odd enough to reject).
bool NationalSeparatorsValid(const Written& w) {
  if (w.paren_group > 1 || (w.paren_group == 1 && !(w.group[0] == 1 && w.d[0] == '1'))) {
    return false;  // only an area code is bracketed: "(415) ...", "1 (800) ..."
  }
  char kind = 0;
  for (int r = 0; r + 1 < w.groups; ++r) {
    const bool next_to_paren = r == w.paren_group || r + 1 == w.paren_group;
    if (w.run_len[r] > 1 || w.run_mixed[r]) return false;
    if (next_to_paren) continue;
    if (w.run_len[r] == 0) return false;  // cannot happen: digits would join
    if (r == 0 && (w.run_sep[r] == '/' || (w.run_sep[r] == ' ' && w.group[0] == 2))) continue;
    if (kind == 0) kind = w.run_sep[r];
    if (w.run_sep[r] != kind) return false;
  }
  return true;
}

// Unseparated, or spaced out one digit at a time: no grouping to read.
bool Unformatted(const Written& w) {
  if (w.groups == 1) return true;
  if (w.paren_group >= 0) return false;
  for (int g = 0; g < w.groups; ++g) {
    if (w.group[g] != 1) return false;
  }
  return true;
}

bool ShapeIs(const Written& w, const std::uint8_t* g, int count) {
  if (w.groups != count) return false;
  for (int i = 0; i < count; ++i) {
    if (w.group[i] != g[i]) return false;
  }
  return true;
}

bool ShapeIn(const Written& w, std::span<const Shape> shapes) {
  for (const Shape& s : shapes) {
    int count = 0;
    while (count < 4 && s.g[count] != 0) ++count;
    if (ShapeIs(w, s.g, count)) return true;
  }
  return false;
}

// "1234567890", "9876543210", "5555555555": a keyboard run, not a number
// anyone was given (each is "valid" somewhere: 12 3456-7890 in Brazil).
bool TrivialRun(std::string_view d) {
  bool up = true, down = true, same = true;
  for (std::size_t i = 1; i < d.size(); ++i) {
    const int step = (d[i] - d[i - 1] + 10) % 10;
    up = up && step == 1;
    down = down && step == 9;
    same = same && step == 0;
  }
  return up || down || same;
}

// Numbers the table could not settle, confirmed by libphonenumber in order.
struct Pending {
  struct Item {
    std::uint16_t cc;
    std::string_view nsn;
  };
  std::array<Item, kCountryCount + 1> items{};
  std::size_t count = 0;
  void Add(std::uint16_t cc, std::string_view nsn) {
    if (count < items.size()) items[count++] = Item{cc, nsn};
  }
  bool AnyValid() const {
    for (std::size_t i = 0; i < count; ++i) {
      if (PhoneLibValid(items[i].cc, items[i].nsn)) return true;
    }
    return false;
  }
};

// The table's answer for country `c`; exact → true, possible → pending.
bool Consider(std::size_t c, std::string_view nsn, Pending& pending) {
  switch (Lookup(c, nsn)) {
    case PhonePlanMatch::kExact:
      return true;
    case PhonePlanMatch::kPossible:
      pending.Add(kCountries[c].info.calling_code, nsn);
      return false;
    case PhonePlanMatch::kNone:
      return false;
  }
  return false;
}

// `d`: the digits after "+" or "00", country code first.
bool InternationalValid(std::string_view d) {
  if (d.size() < 8 || d.size() > 16) return false;  // 16: with a stray trunk 0
  if (TrivialRun(d)) return false;
  const int cc_len = CountryCodeLength(d);
  if (cc_len == 0) return false;
  const auto cc = static_cast<std::uint16_t>(DigitsValue(d.substr(0, cc_len)));
  std::string_view nsn = d.substr(cc_len);
  std::size_t c;
  if (FindCountry(cc, &c) != nullptr) {
    // "+44 020 ...": a trunk 0 written after the country code is not dialled.
    if (kCountries[c].info.trunk_prefix == '0' && nsn[0] == '0') nsn.remove_prefix(1);
    if (cc_len + nsn.size() > 15) return false;
    Pending pending;
    return Consider(c, nsn, pending) || pending.AnyValid();
  }
  if (nsn.size() < 4) return false;
  if (d.size() <= 15 && PhoneLibValid(cc, nsn)) return true;
  return nsn[0] == '0' && PhoneLibValid(cc, nsn.substr(1));
}

// What a candidate was accepted as.
enum class Form : std::uint8_t { kInvalid, kInternational, kNanp, kTrunk, kNoTrunk };

Form NationalForm(const Written& w) {
  const std::string_view d = w.digits();
  if (TrivialRun(d)) return Form::kInvalid;
  const bool unformatted = Unformatted(w);
  Pending pending;
  if (d[0] == '0') {
    // Trunk prefix 0, in any region that has one; Italy's 0 is significant.
    if (d.size() < 9 || d.size() > 13 || d[1] == '0') return Form::kInvalid;
    for (std::size_t c = 0; c < kCountryCount; ++c) {
      const PhoneRegion& r = kCountries[c].info;
      if (r.trunk_prefix == '0') {
        if (Consider(c, d.substr(1), pending)) return Form::kTrunk;
      } else if (r.leading_zero_significant) {
        if (Consider(c, d, pending)) return Form::kTrunk;
      }
    }
    return pending.AnyValid() ? Form::kTrunk : Form::kInvalid;
  }
  if (d.size() < 9 || d.size() > 11) return Form::kInvalid;
  // NANP: 3-3-4 (area code possibly bracketed), 1-3-3-4, or unformatted.
  static constexpr std::uint8_t kNanp[] = {3, 3, 4};
  static constexpr std::uint8_t kNanp1[] = {1, 3, 3, 4};
  if (d.size() == 10 && (unformatted || ShapeIs(w, kNanp, 3)) && NanpNsnValid(d)) {
    return Form::kNanp;
  }
  if (d.size() == 11 && d[0] == '1' && (unformatted || ShapeIs(w, kNanp1, 4)) &&
      NanpNsnValid(d.substr(1))) {
    return Form::kNanp;
  }
  for (std::size_t c = 0; c < kCountryCount; ++c) {
    const Country& country = kCountries[c];
    if (country.no_trunk_shapes.empty()) continue;
    if (!unformatted && !ShapeIn(w, country.no_trunk_shapes)) continue;
    if (Consider(c, d, pending)) return Form::kNoTrunk;
  }
  return pending.AnyValid() ? Form::kNoTrunk : Form::kInvalid;
}

// The whole validator: what `s` is, if it is a phone number.
Form ReadForm(std::string_view s, int* digits = nullptr) {
  s = WithoutExtension(s);
  Written w;
  if (!Read(s, w)) return Form::kInvalid;
  if (digits != nullptr) *digits = w.n;
  if (w.plus) {
    for (int r = 0; r + 1 < w.groups; ++r) {
      if (w.run_len[r] > 3) return Form::kInvalid;
    }
    return InternationalValid(w.digits()) ? Form::kInternational : Form::kInvalid;
  }
  if (w.n >= 2 && w.d[0] == '0' && w.d[1] == '0') {  // "00" international prefix
    if (w.group[0] < 2 || w.paren_group == 0) return Form::kInvalid;
    for (int r = 0; r + 1 < w.groups; ++r) {
      if (w.run_len[r] > 3) return Form::kInvalid;
    }
    return InternationalValid(w.digits(2)) ? Form::kInternational : Form::kInvalid;
  }
  if (!NationalSeparatorsValid(w)) return Form::kInvalid;
  return NationalForm(w);
}

// --- The neighbours of a candidate in its text. ---
//
// A phone number is written as one run of digit groups. A candidate that
// continues, across one separator byte, into more digit groups is a part of
// a longer written number (a card, an IBAN, a tracking number, an
// international number whose country code or length failed), not a phone
// number of its own, unless the neighbouring run is itself a complete phone
// number (two numbers side by side: "020 7946 0958 07700 900123") or a
// count next to it ("bring 2 020 7946 0958").

// Longest neighbouring run looked at; longer runs are no phone number.
constexpr std::size_t kMaxNeighbourRun = 40;

struct Neighbour {
  bool present = false;   // a digit group joined by one separator byte
  // Directly after "+" ("+91-98155-3519" read from "91"), or a bracketed
  // group or "+CC" in the neighbouring run: the candidate is the tail of an
  // international or area-code-bracketed number.
  bool plus_or_bracket_glued = false;
  bool plus_or_bracket = false;  // the run holds "+" or brackets
  bool phone = false;     // the run alone is a valid phone number
  bool count = false;     // the run is one group of 1-2 digits
  char join = 0;          // the separator between the candidate and the run
  bool same_kind = true;  // every separator inside the run equals `join`
};

// The separator kind of a written candidate: its first separator byte
// outside brackets and a leading "+CC ", or 0 for an unseparated one.
char FirstSeparator(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (IsSeparator(s[i]) && i > 0 && IsDigit(s[i - 1]) && IsDigit(s[i + 1])) return s[i];
  }
  return 0;
}

constexpr bool IsAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// `run` is text[from, to). It counts as a phone number of its own only if it
// stands alone: "81 7937 3865" in "SE81 7937 3865 0288" is the middle of an
// IBAN, not a Monterrey number.
void DescribeRun(std::string_view text, std::size_t from, std::size_t to, Neighbour& n) {
  const std::string_view run = text.substr(from, to - from);
  int groups = 0, digits = 0;
  bool in_group = false;
  for (char c : run) {
    if (IsDigit(c)) {
      ++digits;
      if (!in_group) ++groups;
      in_group = true;
      continue;
    }
    in_group = false;
    if (c == '+' || c == '(' || c == ')') {
      n.plus_or_bracket = true;
    } else if (IsSeparator(c) && c != n.join) {
      n.same_kind = false;
    }
  }
  n.count = groups == 1 && digits <= 2 && !n.plus_or_bracket;
  const bool alone = (from == 0 || !IsAlnum(text[from - 1])) &&
                     (to == text.size() || !IsAlnum(text[to]));
  n.phone = alone && PhoneNumberTextValid(run);
}

Neighbour NeighbourBefore(std::string_view text, std::size_t begin) {
  Neighbour n;
  if (begin == 0) return n;
  const char prev = text[begin - 1];
  if (prev == '+' || prev == ')') {
    n.present = n.plus_or_bracket_glued = true;
    return n;
  }
  if (begin < 2 || !IsSeparator(prev)) return n;
  const char last = text[begin - 2];
  if (!IsDigit(last) && last != ')') return n;
  n.present = true;
  n.join = prev;
  const std::size_t run_end = begin - 1;
  std::size_t j = run_end;
  while (j > 0 && run_end - j <= kMaxNeighbourRun) {
    const char c = text[j - 1];
    if (IsDigit(c) || c == '(' || c == ')') {
      --j;
    } else if (c == '+') {
      --j;
      break;
    } else if (IsSeparator(c) && j >= 2 && (IsDigit(text[j - 2]) || text[j - 2] == ')')) {
      --j;
    } else {
      break;
    }
  }
  if (run_end - j > kMaxNeighbourRun) {
    n.same_kind = false;  // no phone, but glued whatever its separators
    n.plus_or_bracket_glued = true;
    return n;
  }
  DescribeRun(text, j, run_end, n);
  // "+44 (0)951 658 5001": the candidate follows a country code or a
  // bracketed group; that is one international number.
  n.plus_or_bracket_glued = n.plus_or_bracket && !n.phone;
  return n;
}

Neighbour NeighbourAfter(std::string_view text, std::size_t end) {
  Neighbour n;
  if (end + 1 >= text.size() || !IsSeparator(text[end])) return n;
  const bool bracket = text[end + 1] == '(' && end + 2 < text.size() && IsDigit(text[end + 2]);
  if (!IsDigit(text[end + 1]) && !bracket) return n;
  n.present = true;
  n.join = text[end];
  const std::size_t run_begin = end + 1;
  std::size_t j = run_begin;
  while (j < text.size() && j - run_begin <= kMaxNeighbourRun) {
    const char c = text[j];
    if (IsDigit(c) || c == '(' || c == ')') {
      ++j;
    } else if (IsSeparator(c) && j + 1 < text.size() && (IsDigit(text[j + 1]) || text[j + 1] == '(')) {
      ++j;
    } else {
      break;
    }
  }
  if (j - run_begin > kMaxNeighbourRun) {
    n.plus_or_bracket_glued = true;
    return n;
  }
  DescribeRun(text, run_begin, j, n);
  return n;
}

// True if `n` makes the candidate (separator kind `own`) part of a longer
// number. A neighbouring run written with other separators ("12/03 020
// 7946 0958", "fe80::1 415.555.0100") is another item; so is a complete
// phone number, and a count when nothing is glued on the other side.
bool GluesTo(const Neighbour& n, char own, bool other_side_present) {
  if (!n.present) return false;
  if (n.plus_or_bracket_glued) return true;
  if (n.phone) return false;
  if (own != 0 && n.join != own) return false;
  if (!n.same_kind) return false;
  return !(n.count && !other_side_present);
}

}  // namespace

// --- A label of another identifier right before a candidate. ---
//
// "NHS number 943 476 5919", "my Aadhaar is 0844 8019 0980", "SSN:
// 078051121", "routing no. 021000021": a number introduced by the label of
// another identifier is that identifier (possibly mistyped, so its own
// validator may reject it), not a phone number. Only the words that join a
// label to its value ("number", "no", "is", "my", ...) and punctuation may
// stand between; a label after the number, or further away, says nothing.

constexpr std::size_t kMaxLabelLookback = 40;

bool IsLowerAlpha(char c) { return c >= 'a' && c <= 'z'; }

bool WordIs(std::string_view text, std::size_t from, std::size_t to, std::string_view lower) {
  if (to - from != lower.size()) return false;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (Lower(text[from + i]) != lower[i]) return false;
  }
  return true;
}

bool LabelledAsAnotherIdentifier(std::string_view text, std::size_t begin) {
  static constexpr std::string_view kLabels[] = {
      "nhs", "chi", "aadhaar", "aadhar", "uid", "uidai", "ssn", "social", "soc", "itin",
      "passport", "routing", "aba", "rtn", "iban", "imei", "nino", "taxpayer", "\xE0\xA4\x86\xE0\xA4\xA7\xE0\xA4\xBE\xE0\xA4\xB0",
  };
  static constexpr std::string_view kJoiners[] = {"number", "no", "num", "nr", "is", "my", "the",
                                                  "your", "id", "card", "security", "sec"};
  const std::size_t limit = begin > kMaxLabelLookback ? begin - kMaxLabelLookback : 0;
  std::size_t k = begin;
  while (k > limit) {
    const char c = text[k - 1];
    if (c == ' ' || c == ':' || c == '.' || c == '#' || c == '-' || c == '(' || c == ')') {
      --k;
      continue;
    }
    // The word (letters, or the UTF-8 bytes of a non-Latin label) before k.
    std::size_t w = k;
    while (w > limit && (IsLowerAlpha(Lower(text[w - 1])) || static_cast<unsigned char>(text[w - 1]) >= 0x80 ||
                         (text[w - 1] == '#' && w == k))) {
      --w;
    }
    if (w == k) return false;  // a digit or other byte: no label run
    for (std::string_view label : kLabels) {
      if (WordIs(text, w, k, label)) return true;
    }
    // "ss#": the '#' was skipped as punctuation.
    if (WordIs(text, w, k, "ss") && k < begin && text[k] == '#') return true;
    bool joiner = false;
    for (std::string_view j : kJoiners) joiner = joiner || WordIs(text, w, k, j);
    if (!joiner) return false;
    k = w;
  }
  return false;
}

bool PhoneNumberTextValid(std::string_view s) { return ReadForm(s) != Form::kInvalid; }

bool PhoneNumberInText(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin >= end || end > text.size()) return false;
  int digits = 0;
  const std::string_view candidate = text.substr(begin, end - begin);
  const Form form = ReadForm(candidate, &digits);
  if (form == Form::kInvalid) return false;
  // Part of a longer written number: the tail of an international number
  // whose country code failed ("+44 (0)951 658 5001", "+55 (31) 06386-0650"),
  // a group run of a card, IBAN or tracking number ("6304 0997 6751 3239").
  const Neighbour before = NeighbourBefore(text, begin);
  const Neighbour after = NeighbourAfter(text, end);
  if (form != Form::kInternational && before.plus_or_bracket_glued) return false;
  const char own = FirstSeparator(candidate);
  const bool glued_before = form != Form::kInternational && GluesTo(before, own, after.present);
  const bool glued_after = GluesTo(after, own, before.present);
  if (glued_before || glued_after) return false;
  if (form == Form::kInternational) return true;
  if (LabelledAsAnotherIdentifier(text, begin)) return false;
  // A national number does not continue a date or a fraction: "12/03 020
  // 7946" in "12/03 020 7946 0958" (a run of 1-4 digits glued by '/'). Two
  // numbers glued by '/' stand: "07946746291/07880867867". (Glue by '.' or
  // '-' is the caller's.)
  if (begin >= 2 && text[begin - 1] == '/') {
    std::size_t k = begin - 1;
    while (k > 0 && IsDigit(text[k - 1])) --k;
    const std::size_t run = begin - 1 - k;
    if (run >= 1 && run <= 4) return false;
  }
  if (end + 1 < text.size() && text[end] == '/') {
    std::size_t k = end + 1;
    while (k < text.size() && IsDigit(text[k])) ++k;
    const std::size_t run = k - end - 1;
    if (run >= 1 && run <= 4) return false;
  }
  const bool after_group = begin >= 2 && IsSeparator(text[begin - 1]) && IsDigit(text[begin - 2]);
  // A short trunk-prefix number (9 digits: DE, IT) does not follow another
  // digit group: "0958 07700" in "+44 20 7946 0958 07700 900123" would
  // otherwise hide the real "07700 900123" that starts inside it.
  if (form == Form::kTrunk) return !(digits < 10 && after_group);
  if (form != Form::kNoTrunk) return true;
  // A national number without a trunk prefix, written in groups, is not
  // one group of a longer run, not even next to a count: "22 4111 1111"
  // starting a card number, "232 945 1338" in "21 232 945 1338".
  if (after_group) return false;
  return !(end + 1 < text.size() && IsSeparator(text[end]) && IsDigit(text[end + 1]));
}

std::span<const PhonePlanRow> PhonePlanTable() { return kRows; }
std::span<const PhoneRegion> PhoneRegions() { return kRegionInfos; }

PhonePlanMatch PhonePlanLookup(std::uint16_t calling_code, std::string_view nsn) {
  std::size_t c;
  if (FindCountry(calling_code, &c) == nullptr) return PhonePlanMatch::kNone;
  for (char ch : nsn) {
    if (!IsDigit(ch)) return PhonePlanMatch::kNone;
  }
  return Lookup(c, nsn);
}

bool PhoneTableCovers(std::uint16_t calling_code) {
  std::size_t c;
  return FindCountry(calling_code, &c) != nullptr;
}

bool PhoneLibValidUncached(std::uint16_t calling_code, std::string_view nsn) {
  if (nsn.empty() || nsn.size() > 17) return false;
  std::uint64_t value = 0;
  int zeros = 0;
  bool leading = true;
  for (char c : nsn) {
    if (!IsDigit(c)) return false;
    if (leading && c == '0') {
      ++zeros;
    } else {
      leading = false;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value == 0) return false;
  g_lib_calls.fetch_add(1, std::memory_order_relaxed);
  i18n::phonenumbers::PhoneNumber number;
  number.set_country_code(calling_code);
  number.set_national_number(value);
  if (zeros > 0) {
    number.set_italian_leading_zero(true);
    if (zeros > 1) number.set_number_of_leading_zeros(zeros);
  }
  return i18n::phonenumbers::PhoneNumberUtil::GetInstance()->IsValidNumber(number);
}

bool PhoneLibValid(std::uint16_t calling_code, std::string_view nsn) {
  for (char c : nsn) {
    if (!IsDigit(c)) return false;
  }
  const std::uint64_t key = CacheKey(calling_code, nsn);
  if (key == 0) return PhoneLibValidUncached(calling_code, nsn);
  const int cached = CacheFind(key);
  if (cached >= 0) return cached == 1;
  const bool valid = PhoneLibValidUncached(calling_code, nsn);
  CacheInsert(key, valid);
  return valid;
}

PhoneLibStats GetPhoneLibStats() {
  return PhoneLibStats{g_lib_calls.load(std::memory_order_relaxed),
                       g_cache_hits.load(std::memory_order_relaxed)};
}

void SetPhoneCacheHitCounting(bool on) { g_count_hits.store(on, std::memory_order_relaxed); }

void ClearPhoneLibCache() {
  for (CacheSet& set : g_cache) {
    for (std::atomic<std::uint64_t>& w : set.way) w.store(0, std::memory_order_relaxed);
  }
}

std::string_view PhoneLineTypeName(PhoneLineType line) {
  switch (line) {
    case PhoneLineType::kFixed: return "fixed";
    case PhoneLineType::kMobile: return "mobile";
    case PhoneLineType::kFixedOrMobile: return "fixed_or_mobile";
    case PhoneLineType::kTollFree: return "toll_free";
    case PhoneLineType::kPremium: return "premium";
    case PhoneLineType::kSharedCost: return "shared_cost";
    case PhoneLineType::kVoip: return "voip";
    case PhoneLineType::kPersonal: return "personal";
    case PhoneLineType::kPager: return "pager";
    case PhoneLineType::kOther: return "other";
  }
  return "other";
}

namespace {

PhoneLineType FromLibType(i18n::phonenumbers::PhoneNumberUtil::PhoneNumberType type) {
  using T = i18n::phonenumbers::PhoneNumberUtil;
  switch (type) {
    case T::FIXED_LINE: return PhoneLineType::kFixed;
    case T::MOBILE: return PhoneLineType::kMobile;
    case T::FIXED_LINE_OR_MOBILE: return PhoneLineType::kFixedOrMobile;
    case T::TOLL_FREE: return PhoneLineType::kTollFree;
    case T::PREMIUM_RATE: return PhoneLineType::kPremium;
    case T::SHARED_COST: return PhoneLineType::kSharedCost;
    case T::VOIP: return PhoneLineType::kVoip;
    case T::PERSONAL_NUMBER: return PhoneLineType::kPersonal;
    case T::PAGER: return PhoneLineType::kPager;
    default: return PhoneLineType::kOther;
  }
}

// E.164 digits as a number, tagged with their count (leading zeros count):
// no allocation per lookup.
std::optional<std::uint64_t> E164Key(std::string_view e164) {
  if (e164.size() < 3 || e164.size() > 16 || e164[0] != '+') return std::nullopt;
  std::uint64_t v = 0;
  for (char c : e164.substr(1)) {
    if (!IsDigit(c)) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v * 16 + (e164.size() - 1);
}

}  // namespace

std::optional<PhoneCountryAndType> ClassifyPhoneNumber(std::string_view e164) {
  const auto key = E164Key(e164);
  if (!key) return std::nullopt;
  // Bounded: a stream of distinct numbers empties it now and then rather
  // than growing without end.
  static std::mutex mu;
  static std::unordered_map<std::uint64_t, std::optional<PhoneCountryAndType>> cache;
  constexpr std::size_t kMaxEntries = 1 << 16;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(*key); it != cache.end()) return it->second;
  }
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  i18n::phonenumbers::PhoneNumber number;
  std::optional<PhoneCountryAndType> result;
  if (util->Parse(std::string(e164), "ZZ", &number) == PhoneNumberUtil::NO_PARSING_ERROR &&
      util->IsValidNumber(number)) {
    result = PhoneCountryAndType{static_cast<std::uint16_t>(number.country_code()),
                                 FromLibType(util->GetNumberType(number))};
  }
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= kMaxEntries) cache.clear();
  cache.emplace(*key, result);
  return result;
}

}  // namespace scrubline
