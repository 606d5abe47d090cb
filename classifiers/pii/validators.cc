#include "classifiers/pii/validators.h"

#include <array>
#include <cstdint>

#include "classifiers/pii/phone_numbers.h"
#include "classifiers/pii/top_level_domains.h"

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

// Phone numbers: classifiers/pii/phone_numbers.{h,cc} (table, libphonenumber,
// verdict cache).

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

// A dotted quad written as a software version, not an address: "v1.2.3.4",
// "version 10.0.0.1", "ver. 2.6.0.1"; or carrying semantic-versioning
// pre-release or build metadata ("9.5.13.71-beta", "1.2.3.4+build7",
// SemVer 2.0.0 sections 9 and 10). A fifth ".digit" part is
// GluedToLongerNumber's.
bool WrittenAsVersion(std::string_view text, std::size_t begin, std::size_t end) {
  if (end + 1 < text.size() && (text[end] == '-' || text[end] == '+') &&
      IsAlpha(text[end + 1])) {
    return true;
  }
  if (end + 1 < text.size() && text[end] == '+' && IsDigit(text[end + 1])) return true;
  // The word before: "v" glued, or "v"/"ver"/"version" then '.', ':' or blanks.
  std::size_t k = begin;
  if (k > 0 && (text[k - 1] == 'v' || text[k - 1] == 'V')) {
    return k < 2 || !IsWordByte(text[k - 2]);
  }
  while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == ':' || text[k - 1] == '.')) --k;
  if (k == begin) return false;
  std::size_t w = k;
  while (w > 0 && IsAlpha(text[w - 1])) --w;
  if (w > 0 && IsWordByte(text[w - 1])) return false;
  const std::string_view word = text.substr(w, k - w);
  for (std::string_view version : {"v", "ver", "version"}) {
    if (word.size() != version.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < word.size(); ++i) {
      same = same && (word[i] | 0x20) == version[i];
    }
    if (same) return true;
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

// A top-level domain that exists (top_level_domains.h: "png", "jpg" and
// "final" are not, so "icon@2x.png" is a file name); any well-formed IDNA
// A-label "xn--..."; before a list is installed, any 2-63 letters.
bool TopLevelLabelValid(std::string_view label) {
  if (label.size() > 4 && label.substr(0, 4) == "xn--") return DomainLabelValid(label);
  if (label.size() < 2 || label.size() > 63) return false;
  for (char c : label) {
    if (!IsAlpha(c)) return false;
  }
  const TopLevelDomains* tlds = InstalledTopLevelDomains();
  return tlds == nullptr || tlds->Contains(label);
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

// The card rules (groupings, Luhn, issuer prefixes and lengths) belong to the
// financial family: classifiers/pii/financial_validators.cc.
bool CreditCardValid(std::string_view s) { return PaymentCardValid(s, CardChecksum::kLuhn); }

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

bool PhoneValid(std::string_view s) { return PhoneNumberTextValid(s); }

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

std::size_t ReportedBegin(Validator v, std::string_view text, std::size_t begin, std::size_t end) {
  return v == Validator::kLabelledSecret ? LabelledSecretValueBegin(text, begin, end) : begin;
}

bool NoneInText(std::string_view, std::size_t, std::size_t) { return true; }

bool LuhnInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && LuhnValid(text.substr(begin, end - begin));
}

// CreditCardInText: financial_validators.cc (with the card rules).

bool Ipv4InText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && !WrittenAsVersion(text, begin, end) &&
         Ipv4Valid(text.substr(begin, end - begin));
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
  return !InsideLongerNumber(text, begin, end) && PhoneNumberInText(text, begin, end);
}

bool UsSsnInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && UsSsnValid(text.substr(begin, end - begin));
}

}  // namespace scrubline
