// Small ASCII helpers shared by the parsers (regex analysis, normaliser,
// generalisers, key ring, canonical forms), so each does not carry its own copy.
#pragma once

#include <string_view>

namespace scrubline {

// The six ASCII blanks of C's isspace() in the "C" locale, without the locale.
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// `s` without leading and trailing ASCII blanks (a view into `s`).
constexpr std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// 0-15 for an ASCII hex digit (either case), else -1.
constexpr int HexDigitValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace scrubline
