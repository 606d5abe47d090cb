// Small ASCII helpers shared by the parsers (regex analysis, normaliser,
// generalisers), so each does not carry its own copy.
#pragma once

namespace scrubline {

// 0-15 for an ASCII hex digit (either case), else -1.
constexpr int HexDigitValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace scrubline
