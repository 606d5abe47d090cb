#include "classifiers/pii/validators.h"

#include <array>
#include <cstdint>

namespace scrubline {
namespace {

constexpr std::string_view kValidatorNames[] = {
#define SCRUBLINE_X(name, text, fn) text,
    SCRUBLINE_PII_VALIDATORS(SCRUBLINE_X)
#undef SCRUBLINE_X
};

constexpr ValidatorFn kValidatorFns[] = {
#define SCRUBLINE_X(name, text, fn) &fn,
    SCRUBLINE_PII_VALIDATORS(SCRUBLINE_X)
#undef SCRUBLINE_X
};

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
constexpr bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr bool IsWordByte(char c) { return IsAlnum(c) || c == '_'; }

// Up to kMaxDigits decimal digits of a candidate, in order, plus the shape of
// the digit groups between separators. Candidates longer than the limit fail
// (no entity validated here has more than 19 digits).
struct Digits {
  static constexpr int kMaxDigits = 24;
  static constexpr int kMaxGroups = 12;
  std::array<char, kMaxDigits> d{};
  int n = 0;
  std::array<std::uint8_t, kMaxGroups> group{};  // digits per group
  int groups = 0;
  bool overflow = false;
};

// Splits `s` into digit groups; any non-digit byte ends a group. Returns
// false on overflow.
bool CollectDigits(std::string_view s, Digits& out) {
  bool in_group = false;
  for (char c : s) {
    if (IsDigit(c)) {
      if (out.n == Digits::kMaxDigits) return false;
      out.d[out.n++] = c;
      if (!in_group) {
        if (out.groups == Digits::kMaxGroups) return false;
        out.group[out.groups++] = 0;
        in_group = true;
      }
      ++out.group[out.groups - 1];
    } else {
      in_group = false;
    }
  }
  return true;
}

int DigitValue(const Digits& d, int from, int count) {
  int v = 0;
  for (int i = 0; i < count; ++i) v = v * 10 + (d.d[from + i] - '0');
  return v;
}

bool AllSameDigit(const Digits& d) {
  for (int i = 1; i < d.n; ++i) {
    if (d.d[i] != d.d[0]) return false;
  }
  return true;
}

bool LuhnOverDigits(const Digits& d) {
  if (d.n == 0) return false;
  int sum = 0;
  bool twice = false;
  for (int i = d.n - 1; i >= 0; --i) {
    int v = d.d[i] - '0';
    if (twice) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// The separators used between digit groups: true if every non-digit byte is
// `sep` (or there is none). `*first` receives the first separator seen.
bool OneSeparator(std::string_view s, char* first) {
  *first = 0;
  for (char c : s) {
    if (IsDigit(c)) continue;
    if (*first == 0) *first = c;
    if (c != *first) return false;
  }
  return true;
}

// --- Country calling codes (ITU-T E.164 assignments, 2023), as ranges. ---
// Codes are prefix-free: 1 and 7 are the one-digit codes; a two-digit code
// never starts a three-digit one. Unassigned spare codes in a range are
// tolerated: this is a plausibility check, not a numbering plan.
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

// Length of the country code at d[from..], or 0 if none is plausible.
int CountryCodeLength(const Digits& d, int from) {
  if (d.n - from < 1) return 0;
  char first = d.d[from];
  if (first == '0') return 0;
  if (first == '1' || first == '7') return 1;
  if (d.n - from >= 2 && InRanges(kTwoDigitCodes, DigitValue(d, from, 2))) return 2;
  if (d.n - from >= 3 && InRanges(kThreeDigitCodes, DigitValue(d, from, 3))) return 3;
  return 0;
}

// National significant number lengths for the countries whose numbering is
// uniform enough to check; others get the E.164 bounds only.
struct NsnLength {
  std::uint16_t code;
  std::uint8_t min, max;
};
constexpr NsnLength kNsnLengths[] = {
    {1, 10, 10}, {7, 10, 10}, {33, 9, 9}, {44, 9, 10}, {61, 9, 9}, {91, 10, 10},
};

// NANP: NXX NXX XXXX where N is 2-9 (area code and exchange).
bool NanpValid(const Digits& d, int from) {
  if (d.n - from != 10) return false;
  return d.d[from] >= '2' && d.d[from + 3] >= '2';
}

bool InternationalValid(const Digits& d, int from) {
  int total = d.n - from;
  if (total < 8 || total > 15) return false;
  int cc_len = CountryCodeLength(d, from);
  if (cc_len == 0) return false;
  int cc = DigitValue(d, from, cc_len);
  int nsn = total - cc_len;
  // "+44 020 ..." keeps the national trunk 0 by mistake; it is not part of
  // the number (Italy, +39, is the exception: its 0 is significant).
  if (d.d[from + cc_len] == '0' && cc != 39 && cc != 1) --nsn;
  for (const NsnLength& l : kNsnLengths) {
    if (l.code == cc) {
      if (nsn < l.min || nsn > l.max) return false;
      break;
    }
  }
  if (cc == 1) return NanpValid(d, from + 1);
  return nsn >= 4;
}

// Removes a "(0)" written after the country code ("+44 (0)20 ...") so the
// trunk digit does not count: copies `s` without it into `buf`.
std::string_view WithoutTrunkZero(std::string_view s, std::array<char, 64>& buf) {
  std::size_t pos = s.find("(0)");
  if (pos == std::string_view::npos || s.size() > buf.size()) return s;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == pos) {
      i += 2;
      continue;
    }
    buf[n++] = s[i];
  }
  return std::string_view(buf.data(), n);
}

// National phone separators: after an optional "(area)" prefix, one kind of
// separator between the remaining digit groups.
bool NationalSeparatorsValid(std::string_view s) {
  std::size_t close = s.find(')');
  if (!s.empty() && s[0] == '(') {
    if (close == std::string_view::npos) return false;
    s.remove_prefix(close + 1);
    if (!s.empty() && (s[0] == ' ' || s[0] == '-' || s[0] == '.')) s.remove_prefix(1);
  } else if (close != std::string_view::npos || s.find('(') != std::string_view::npos) {
    return false;
  }
  char sep;
  return OneSeparator(s, &sep);
}

bool IsEmailLocalByte(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool IsNumberSeparator(char c) { return c == '.' || c == '-'; }

// True if text[begin, end) is glued to more digits by '.' or '-' on either
// side ("2021-415-555-0100", "3.4111111111111111", "192.168.1.1.5"): then it
// is part of a longer number, not an entity of its own.
bool GluedToLongerNumber(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin < end && IsDigit(text[begin]) && begin >= 2 && IsNumberSeparator(text[begin - 1]) &&
      IsDigit(text[begin - 2])) {
    return true;
  }
  if (begin < end && IsDigit(text[end - 1]) && end + 1 < text.size() &&
      IsNumberSeparator(text[end]) && IsDigit(text[end + 1])) {
    return true;
  }
  return false;
}

// IPv6 neighbours: an address is not glued to more address characters, so
// "std::cout", "text2001:db8::1" and ":::" are not addresses.
bool Ipv6NeighboursValid(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin > 0) {
    char c = text[begin - 1];
    if (IsWordByte(c) || c == ':' || c == '.') return false;
  }
  if (end < text.size()) {
    char c = text[end];
    if (IsWordByte(c) || c == ':') return false;
    if (c == '.' && end + 1 < text.size() && IsDigit(text[end + 1])) return false;
  }
  return true;
}

// Parses a decimal number of 1..max_digits digits without sign at s[*pos];
// advances *pos. Returns -1 if there is none.
int ParseDecimal(std::string_view s, std::size_t* pos, int max_digits) {
  int v = 0;
  int digits = 0;
  while (*pos < s.size() && IsDigit(s[*pos])) {
    if (++digits > max_digits) return -1;
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
  }
  return digits == 0 ? -1 : v;
}

// A dotted quad at s[*pos]; advances *pos past it.
bool ParseDottedQuad(std::string_view s, std::size_t* pos) {
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (*pos >= s.size() || s[*pos] != '.') return false;
      ++*pos;
    }
    int octet = ParseDecimal(s, pos, 3);
    if (octet < 0 || octet > 255) return false;
  }
  return true;
}

// "/N" with 0 <= N <= max at s[pos..] reaching the end, or nothing at all.
bool PrefixSuffixValid(std::string_view s, std::size_t pos, int max) {
  if (pos == s.size()) return true;
  if (s[pos] != '/') return false;
  ++pos;
  std::size_t start = pos;
  int v = ParseDecimal(s, &pos, 3);
  if (v < 0 || v > max || pos != s.size()) return false;
  return !(pos - start > 1 && s[start] == '0');  // no "/08"
}

bool DomainLabelValid(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!IsAlnum(c) && c != '-') return false;
  }
  return true;
}

bool TopLevelLabelValid(std::string_view label) {
  if (label.size() > 4 && label.substr(0, 4) == "xn--") return DomainLabelValid(label);
  if (label.size() < 2 || label.size() > 63) return false;
  for (char c : label) {
    if (!IsAlpha(c)) return false;
  }
  return true;
}

}  // namespace

std::string_view ValidatorName(Validator v) { return kValidatorNames[static_cast<int>(v)]; }

std::optional<Validator> ParseValidator(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kValidatorNames); ++i) {
    if (kValidatorNames[i] == name) return static_cast<Validator>(i);
  }
  return std::nullopt;
}

const std::string& ValidatorNames() {
  static const std::string names = [] {
    std::string all;
    for (std::string_view n : kValidatorNames) {
      if (!all.empty()) all += ", ";
      all += n;
    }
    return all;
  }();
  return names;
}

bool InsideLongerNumber(std::string_view text, std::size_t begin, std::size_t end) {
  return GluedToLongerNumber(text, begin, end);
}

bool LuhnValid(std::string_view s) {
  Digits d;
  if (!CollectDigits(s, d)) return false;
  return LuhnOverDigits(d);
}

bool CreditCardValid(std::string_view s) {
  Digits d;
  if (!CollectDigits(s, d)) return false;
  if (d.n < 13 || d.n > 19) return false;
  char sep;
  if (!OneSeparator(s, &sep)) return false;
  if (sep != 0 && sep != ' ' && sep != '-') return false;
  if (d.groups > 1) {
    // Printed groupings: 4-4-4-4[-x], 4-4-4-x (x = 1..4), 4-6-5, 4-6-4.
    bool fours = true;
    for (int i = 0; i + 1 < d.groups; ++i) fours = fours && d.group[i] == 4;
    fours = fours && d.group[d.groups - 1] >= 1 && d.group[d.groups - 1] <= 4;
    bool amex_like =
        d.groups == 3 && d.group[0] == 4 && d.group[1] == 6 && (d.group[2] == 5 || d.group[2] == 4);
    if (!fours && !amex_like) return false;
  }
  if (AllSameDigit(d)) return false;
  if (!LuhnOverDigits(d)) return false;

  int n = d.n;
  int p2 = DigitValue(d, 0, 2);
  int p4 = DigitValue(d, 0, 4);
  int p3 = DigitValue(d, 0, 3);
  int p6 = DigitValue(d, 0, 6);
  if (d.d[0] == '4') return n == 13 || n == 16 || n == 19;  // Visa
  if (p2 >= 51 && p2 <= 55) return n == 16;                 // Mastercard
  if (d.d[0] == '2') {
    if (p4 >= 2221 && p4 <= 2720) return n == 16;  // Mastercard 2-series
    if (p4 >= 2200 && p4 <= 2204) return n >= 16;  // Mir
    return false;
  }
  if (p2 == 34 || p2 == 37) return n == 15;  // Amex
  if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
    return n >= 16;  // Discover
  }
  return true;
}

bool Ipv4Valid(std::string_view s) {
  std::size_t pos = 0;
  if (!ParseDottedQuad(s, &pos)) return false;
  return PrefixSuffixValid(s, pos, 32);
}

bool Ipv6Valid(std::string_view s) {
  // Strip "/N" and "%zone" (zone: 1-15 alphanumerics) from the end.
  std::size_t slash = s.find('/');
  if (slash != std::string_view::npos) {
    if (!PrefixSuffixValid(s, slash, 128)) return false;
    s = s.substr(0, slash);
  }
  std::size_t pct = s.find('%');
  if (pct != std::string_view::npos) {
    std::string_view zone = s.substr(pct + 1);
    if (zone.empty() || zone.size() > 15) return false;
    for (char c : zone) {
      if (!IsAlnum(c)) return false;
    }
    s = s.substr(0, pct);
  }
  if (s.size() < 2) return false;

  int groups = 0;  // 16-bit groups written (a dotted quad counts 2)
  bool compressed = false;
  std::size_t i = 0;
  if (s[0] == ':') {
    if (s[1] != ':') return false;
    compressed = true;
    i = 2;
  }
  while (i < s.size()) {
    // One group: hex digits, or a final dotted quad.
    std::size_t start = i;
    while (i < s.size() && IsHex(s[i])) ++i;
    std::size_t len = i - start;
    if (i < s.size() && s[i] == '.') {
      std::size_t pos = start;
      if (!ParseDottedQuad(s, &pos) || pos != s.size()) return false;
      groups += 2;
      i = pos;
      break;
    }
    if (len == 0 || len > 4) return false;
    ++groups;
    if (i == s.size()) break;
    if (s[i] != ':') return false;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (compressed) return false;  // "::" at most once
      compressed = true;
      ++i;
    } else if (i == s.size()) {
      return false;  // a single trailing ':'
    }
  }
  if (compressed ? groups > 7 : groups != 8) return false;
  return groups >= 2;
}

bool EmailValid(std::string_view s) {
  if (s.size() > 254) return false;
  std::size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  std::string_view local = s.substr(0, at);
  std::string_view domain = s.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : local) {
    if (!IsEmailLocalByte(c)) return false;
  }
  int labels = 0;
  while (true) {
    std::size_t dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    ++labels;
    if (dot == std::string_view::npos) return labels >= 2 && TopLevelLabelValid(label);
    if (!DomainLabelValid(label)) return false;
    domain.remove_prefix(dot + 1);
  }
}

bool PhoneValid(std::string_view s) {
  std::array<char, 64> buf;
  s = WithoutTrunkZero(s, buf);
  Digits d;
  if (!CollectDigits(s, d)) return false;
  if (!s.empty() && s[0] == '+') return InternationalValid(d, 0);
  if (d.n >= 2 && d.d[0] == '0' && d.d[1] == '0') {
    return s.size() >= 2 && s[0] == '0' && s[1] == '0' && InternationalValid(d, 2);
  }
  if (d.n < 10 || d.n > 11) return false;
  if (!NationalSeparatorsValid(s)) return false;
  if (d.d[0] == '0') return d.d[1] != '0';
  if (d.n == 11) return d.d[0] == '1' && NanpValid(d, 1);
  return NanpValid(d, 0);
}

bool UsSsnValid(std::string_view s) {
  Digits d;
  if (!CollectDigits(s, d) || d.n != 9) return false;
  int area = DigitValue(d, 0, 3);
  int group = DigitValue(d, 3, 2);
  int serial = DigitValue(d, 5, 4);
  if (area == 0 || area == 666 || area >= 900) return false;
  return group != 0 && serial != 0;
}

bool Validate(Validator v, std::string_view text, std::size_t begin, std::size_t end) {
  return kValidatorFns[static_cast<std::size_t>(v)](text, begin, end);
}

bool NoneInText(std::string_view, std::size_t, std::size_t) { return true; }

bool LuhnInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && LuhnValid(text.substr(begin, end - begin));
}

bool CreditCardInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) &&
         CreditCardValid(text.substr(begin, end - begin));
}

bool Ipv4InText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && Ipv4Valid(text.substr(begin, end - begin));
}

bool Ipv6InText(std::string_view text, std::size_t begin, std::size_t end) {
  return Ipv6NeighboursValid(text, begin, end) && Ipv6Valid(text.substr(begin, end - begin));
}

bool EmailInText(std::string_view text, std::size_t begin, std::size_t end) {
  // The local part is maximal: "john..doe@x.com" is not "doe@x.com".
  return !(begin > 0 && IsEmailLocalByte(text[begin - 1])) &&
         EmailValid(text.substr(begin, end - begin));
}

bool PhoneInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && PhoneValid(text.substr(begin, end - begin));
}

bool UsSsnInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && UsSsnValid(text.substr(begin, end - begin));
}

}  // namespace scrubline
