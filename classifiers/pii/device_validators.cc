#include "classifiers/pii/device_validators.h"

#include <initializer_list>

#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
constexpr bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Luhn over exactly the `n` digits in `d`.
bool Luhn(const char* d, int n) {
  int sum = 0;
  bool twice = false;
  for (int i = n - 1; i >= 0; --i) {
    int v = d[i] - '0';
    if (twice) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    twice = !twice;
  }
  return n > 0 && sum % 10 == 0;
}

// The digit groups of a number written with at most one kind of separator.
// Fails on any byte that is neither a digit nor the separator, on a second
// separator kind, on two separators in a row, and on more than kMax digits or
// groups.
struct DigitGroups {
  static constexpr int kMaxDigits = 20;
  static constexpr int kMaxGroups = 6;
  char digits[kMaxDigits];
  int n = 0;
  int group[kMaxGroups];
  int groups = 0;
};

bool SplitGroups(std::string_view s, DigitGroups& g) {
  char sep = 0;
  bool in_group = false;
  for (char c : s) {
    if (IsDigit(c)) {
      if (g.n == DigitGroups::kMaxDigits) return false;
      g.digits[g.n++] = c;
      if (!in_group) {
        if (g.groups == DigitGroups::kMaxGroups) return false;
        g.group[g.groups++] = 0;
        in_group = true;
      }
      ++g.group[g.groups - 1];
      continue;
    }
    if (c != ' ' && c != '-') return false;
    if (sep == 0) sep = c;
    if (c != sep || !in_group) return false;  // mixed kinds, leading or doubled separator
    in_group = false;
  }
  return in_group;  // no trailing separator
}

bool GroupsAre(const DigitGroups& g, std::initializer_list<int> shape) {
  if (static_cast<std::size_t>(g.groups) != shape.size()) return false;
  int i = 0;
  for (int len : shape) {
    if (g.group[i++] != len) return false;
  }
  return true;
}

bool AllSame(const char* d, int n) {
  for (int i = 1; i < n; ++i) {
    if (d[i] != d[0]) return false;
  }
  return true;
}

bool IsMacSeparator(char c) { return c == ':' || c == '-' || c == '.'; }

// A hostname: dot-separated labels of 1-63 [A-Za-z0-9-] without edge
// hyphens, the last label starting with a letter (so "10.0.0" is not one).
bool HostnameValid(std::string_view h) {
  if (h.empty() || h.size() > 253) return false;
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= h.size(); ++i) {
    if (i < h.size() && h[i] != '.') {
      if (!IsAlnum(h[i]) && h[i] != '-') return false;
      continue;
    }
    const std::size_t len = i - label_start;
    if (len == 0 || len > 63) return false;
    if (h[label_start] == '-' || h[i - 1] == '-') return false;
    if (i == h.size() && !IsAlpha(h[label_start])) return false;
    label_start = i + 1;
  }
  return true;
}

bool AllDigitsAndDots(std::string_view h) {
  for (char c : h) {
    if (!IsDigit(c) && c != '.') return false;
  }
  return true;
}

// RFC 3261 user / password bytes as the catalog pattern admits them.
bool IsUserByte(char c) {
  if (IsAlnum(c)) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')':
    case '%':
    case '&':
    case '=':
    case '+':
    case '$':
    case ',':
    case ';':
    case '?':
    case '/':
      return true;
    default:
      return false;
  }
}

}  // namespace

bool MacAddressValid(std::string_view s) {
  if (s.size() == 17) {
    const char sep = s[2];
    if (sep != ':' && sep != '-') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i % 3 == 2) {
        if (s[i] != sep) return false;
      } else if (!IsHex(s[i])) {
        return false;
      }
    }
  } else if (s.size() == 14) {
    bool letter = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i == 4 || i == 9) {
        if (s[i] != '.') return false;
      } else if (!IsHex(s[i])) {
        return false;
      } else {
        letter = letter || IsAlpha(s[i]);
      }
    }
    if (!letter) return false;
  } else {
    return false;
  }
  bool all_zero = true, all_f = true;
  for (char c : s) {
    if (!IsHex(c)) continue;
    all_zero = all_zero && c == '0';
    all_f = all_f && Lower(c) == 'f';
  }
  return !all_zero && !all_f;
}

bool MacAddressInText(std::string_view text, std::size_t begin, std::size_t end) {
  if (!MacAddressValid(text.substr(begin, end - begin))) return false;
  // A hex group glued before: "<sep><hex run>" where the run is not the end
  // of a longer word ("mac:" ends the word "mac", "0a:" is a group).
  if (begin >= 2 && IsMacSeparator(text[begin - 1]) && IsHex(text[begin - 2])) {
    std::size_t k = begin - 2;
    while (k > 0 && IsHex(text[k - 1])) --k;
    if (k == 0 || !IsAlnum(text[k - 1])) return false;
  }
  // A hex group glued after.
  if (end + 1 < text.size() && IsMacSeparator(text[end]) && IsHex(text[end + 1])) return false;
  return true;
}

bool ImeiValid(std::string_view s) {
  DigitGroups g;
  if (!SplitGroups(s, g) || g.n != 15) return false;
  if (!GroupsAre(g, {15}) && !GroupsAre(g, {2, 6, 6, 1}) && !GroupsAre(g, {8, 6, 1})) return false;
  return !AllSame(g.digits, g.n) && Luhn(g.digits, g.n);
}

bool ImeiInText(std::string_view text, std::size_t begin, std::size_t end) {
  if (!ImeiValid(text.substr(begin, end - begin))) return false;
  if (begin > 0 && text[begin - 1] == '+') return false;
  return !InsideLongerNumber(text, begin, end);
}

bool IccidValid(std::string_view s) {
  DigitGroups g;
  if (!SplitGroups(s, g) || (g.n != 19 && g.n != 20)) return false;
  if (g.groups > 1) {
    if (g.groups != 5) return false;
    for (int i = 0; i < 4; ++i) {
      if (g.group[i] != 4) return false;
    }
    if (g.group[4] != 3 && g.group[4] != 4) return false;
  }
  if (g.digits[0] != '8' || g.digits[1] != '9') return false;
  return Luhn(g.digits, g.n);
}

bool IccidInText(std::string_view text, std::size_t begin, std::size_t end) {
  return IccidValid(text.substr(begin, end - begin)) && !InsideLongerNumber(text, begin, end);
}

bool AdvertisingIdValid(std::string_view s) {
  if (s.size() != 36) return false;
  bool all_zero = true, all_f = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
      continue;
    }
    if (!IsHex(s[i])) return false;
    all_zero = all_zero && s[i] == '0';
    all_f = all_f && Lower(s[i]) == 'f';
  }
  return !all_zero && !all_f;
}

bool AdvertisingIdInText(std::string_view text, std::size_t begin, std::size_t end) {
  if (!AdvertisingIdValid(text.substr(begin, end - begin))) return false;
  if (begin >= 2 && text[begin - 1] == '-' && IsAlnum(text[begin - 2])) return false;
  if (end + 1 < text.size() && text[end] == '-' && IsAlnum(text[end + 1])) return false;
  return true;
}

bool SipUriValid(std::string_view s) {
  std::size_t i = 0;
  const auto lower_at = [&](std::size_t k) { return k < s.size() ? Lower(s[k]) : '\0'; };
  if (lower_at(0) != 's' || lower_at(1) != 'i' || lower_at(2) != 'p') return false;
  i = 3;
  if (lower_at(i) == 's') ++i;
  if (lower_at(i) != ':') return false;
  ++i;

  // userinfo: user [":" password] "@"
  const std::size_t at = s.find('@', i);
  if (at == std::string_view::npos || at == i || at - i > 129) return false;
  const std::size_t colon = s.substr(i, at - i).find(':');
  const std::size_t user_end = colon == std::string_view::npos ? at : i + colon;
  if (user_end == i || user_end - i > 64 || at - user_end > 65) return false;
  for (std::size_t k = i; k < at; ++k) {
    if (k != user_end && !IsUserByte(s[k])) return false;
  }

  // host
  std::size_t h = at + 1;
  std::size_t host_end = h;
  if (h < s.size() && s[h] == '[') {
    const std::size_t close = s.find(']', h);
    if (close == std::string_view::npos || !Ipv6Valid(s.substr(h + 1, close - h - 1))) {
      return false;
    }
    host_end = close + 1;
  } else {
    while (host_end < s.size() &&
           (IsAlnum(s[host_end]) || s[host_end] == '-' || s[host_end] == '.')) {
      ++host_end;
    }
    const std::string_view host = s.substr(h, host_end - h);
    if (AllDigitsAndDots(host) ? !Ipv4Valid(host) : !HostnameValid(host)) return false;
  }

  // [":" port]
  std::size_t k = host_end;
  if (k < s.size() && s[k] == ':') {
    ++k;
    std::size_t digits = 0;
    long port = 0;
    while (k < s.size() && IsDigit(s[k]) && digits < 6) {
      port = port * 10 + (s[k] - '0');
      ++k;
      ++digits;
    }
    if (digits == 0 || digits > 5 || port == 0 || port > 65535) return false;
  }

  // *(";" param) ["?" headers]: the pattern bounds their bytes; here only
  // their shape at the joins and the final byte.
  if (k < s.size() && s[k] != ';' && s[k] != '?') return false;
  const char last = s.back();
  return IsAlnum(last) || last == ']';
}

bool SipUriInText(std::string_view text, std::size_t begin, std::size_t end) {
  // A shorter match the engine retries after a rejection must not cut the
  // URI inside a host label, a port or a parameter: the byte after the span
  // may not continue it.
  if (end < text.size()) {
    const char next = text[end];
    if (IsAlnum(next) || next == '-' || next == '_') return false;
    if (next == ':' && end + 1 < text.size() && IsDigit(text[end + 1])) return false;
    if ((next == '.' || next == ';') && end + 1 < text.size() &&
        (IsAlnum(text[end + 1]) || text[end + 1] == '.' || text[end + 1] == '-')) {
      return false;
    }
  }
  return SipUriValid(text.substr(begin, end - begin));
}

}  // namespace scrubline
