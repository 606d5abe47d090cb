#include "classifiers/aup/message_features.h"

#include <array>
#include <cstdint>

#include "classifiers/base/ascii.h"

namespace scrubline {
namespace {

constexpr bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
constexpr bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) | 0x20) != static_cast<unsigned char>(prefix[i])) return false;
  }
  return true;
}

// "bit.ly/abc", "example.co.uk/path": host labels, the last of letters, then '/'.
bool IsHostWithPath(std::string_view token) {
  const std::size_t slash = token.find('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  const std::string_view host = token.substr(0, slash);
  const std::size_t dot = host.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  const std::string_view last = host.substr(dot + 1);
  if (last.size() < 2 || last.size() > 24) return false;
  for (unsigned char c : last) {
    if (!IsAsciiLetter(c)) return false;
  }
  for (unsigned char c : host) {
    if (!IsAsciiLetter(c) && !IsDigit(c) && c != '-' && c != '.') return false;
  }
  return host.find("..") == std::string_view::npos;
}

bool IsLinkToken(std::string_view token) {
  // Leading punctuation of prose: "(www.x.com" "<https://...".
  while (!token.empty() && (token.front() == '(' || token.front() == '<' || token.front() == '"' ||
                            token.front() == '\'' || token.front() == '[')) {
    token.remove_prefix(1);
  }
  return StartsWithNoCase(token, "http://") || StartsWithNoCase(token, "https://") ||
         StartsWithNoCase(token, "www.") || IsHostWithPath(token);
}

bool IsCurrencyWord(std::string_view word) {
  static constexpr std::string_view kWords[] = {"pounds", "pound", "dollars", "dollar", "euros",
                                                "euro",   "usd",   "gbp",     "eur",    "cash"};
  for (std::string_view w : kWords) {
    if (word.size() == w.size() && StartsWithNoCase(word, w)) return true;
  }
  return false;
}

// The code point of the UTF-8 sequence at text[i] and its length; an
// invalid or truncated sequence is (0xFFFD, 1).
std::uint32_t DecodeAt(std::string_view text, std::size_t i, std::size_t& length) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = b(0);
  length = 1;
  if (c < 0x80) return c;
  std::size_t n = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > text.size()) return 0xFFFD;
  std::uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0xFFFD;
    cp = cp << 6 | (b(k) & 0x3F);
  }
  length = n;
  return cp;
}

// Letters of the scripts whose shapes pass for Latin ones.
bool IsLookalikeLetter(std::uint32_t cp) {
  return (cp >= 0x0370 && cp <= 0x03FF) ||  // Greek
         (cp >= 0x0400 && cp <= 0x04FF) ||  // Cyrillic
         (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);  // full-width Latin
}

// What each byte is, for the counting pass; kRare marks the bytes that
// send a later pass looking (a link's '.' or '/', '$', a digit, a byte of a
// multi-byte character).
enum ByteClass : std::uint8_t {
  kLetter = 1,
  kUpper = 2,
  kBang = 4,
  kLinkPunct = 8,
  kDigitByte = 16,
  kDollar = 32,
  kHigh = 64,
};

constexpr std::array<std::uint8_t, 256> kByteClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int i = 0; i < 256; ++i) {
    const auto c = static_cast<unsigned char>(i);
    std::uint8_t k = 0;
    if (IsAsciiLetter(c)) k |= kLetter | (c <= 'Z' ? kUpper : 0);
    if (c == '!') k |= kBang;
    if (c == '.' || c == '/') k |= kLinkPunct;
    if (IsDigit(c)) k |= kDigitByte;
    if (c == '$') k |= kDollar;
    if (c >= 0x80) k |= kHigh;
    t[static_cast<std::size_t>(i)] = k;
  }
  return t;
}();

// Links: every link form has a '.' or a '/', so only the tokens (between
// ASCII blanks) around those bytes are looked at, each once.
double CountLinks(std::string_view text) {
  double links = 0;
  std::size_t checked_to = 0;  // tokens before this end were looked at
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i < checked_to || !(kByteClass[static_cast<unsigned char>(text[i])] & kLinkPunct)) continue;
    std::size_t begin = i;
    while (begin > 0 && !IsAsciiSpace(text[begin - 1])) --begin;
    std::size_t end = i;
    while (end < text.size() && !IsAsciiSpace(text[end])) ++end;
    if (IsLinkToken(text.substr(begin, end - begin))) ++links;
    checked_to = end;
  }
  return links;
}

// "$5", and a number followed by a currency word: "500 pounds", "1000cash".
double CountAsciiMoney(std::string_view text, std::uint8_t seen) {
  double money = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '$' && i + 1 < text.size() && IsDigit(static_cast<unsigned char>(text[i + 1]))) ++money;
    if (!(seen & kDigitByte) || !IsDigit(c)) continue;
    if (i + 1 < text.size() && IsDigit(static_cast<unsigned char>(text[i + 1]))) continue;
    std::size_t w = i + 1;
    if (w < text.size() && text[w] == ' ') ++w;
    std::size_t e = w;
    while (e < text.size() && IsAsciiLetter(static_cast<unsigned char>(text[e]))) ++e;
    if (e > w && IsCurrencyWord(text.substr(w, e - w))) ++money;
  }
  return money;
}

// Only for texts with multi-byte characters: words mixing ASCII letters
// with look-alike letters, and "£5" / "€ 5". A word ends at an ASCII blank
// or at ASCII punctuation other than ' and -; digits do not end it.
void MeasureNonAscii(std::string_view text, double& mixed, double& money) {
  bool word_has_ascii = false, word_has_lookalike = false;
  const auto end_word = [&] {
    if (word_has_ascii && word_has_lookalike) ++mixed;
    word_has_ascii = word_has_lookalike = false;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (IsAsciiLetter(c)) {
        word_has_ascii = true;
      } else if (IsAsciiSpace(static_cast<char>(c)) || (!IsDigit(c) && c != '\'' && c != '-')) {
        end_word();
      }
      ++i;
      continue;
    }
    std::size_t length = 1;
    const std::uint32_t cp = DecodeAt(text, i, length);
    if (IsLookalikeLetter(cp)) word_has_lookalike = true;
    if (cp == 0x00A3 || cp == 0x20AC) {  // £ and €, an optional blank, a digit
      std::size_t d = i + length;
      if (d < text.size() && text[d] == ' ') ++d;
      if (d < text.size() && IsDigit(static_cast<unsigned char>(text[d]))) ++money;
    }
    i += length;
  }
  end_word();
}

}  // namespace

void MeasureMessage(std::string_view text, MessageFeatures& out) {
  out = MessageFeatures{};
  // One branch-free counting pass over every byte; the rarer features get
  // their own pass only when a byte they need occurs (most texts have no
  // '$', no multi-byte character and few '.' or '/').
  std::size_t letters = 0, capitals = 0, exclamations = 0;
  std::uint8_t seen = 0;
  for (char ch : text) {
    const std::uint8_t k = kByteClass[static_cast<unsigned char>(ch)];
    letters += k & kLetter;
    capitals += (k & kUpper) >> 1;
    exclamations += (k & kBang) >> 2;
    seen |= k;
  }
  double money = 0, mixed = 0;
  if (seen & (kDollar | kDigitByte)) money += CountAsciiMoney(text, seen);
  if (seen & kHigh) MeasureNonAscii(text, mixed, money);
  out.values[static_cast<std::size_t>(AupFeature::kLinkCount)] =
      (seen & kLinkPunct) ? CountLinks(text) : 0.0;
  out.values[static_cast<std::size_t>(AupFeature::kCapitalsShare)] =
      letters >= 12 ? static_cast<double>(capitals) / static_cast<double>(letters) : 0.0;
  out.values[static_cast<std::size_t>(AupFeature::kMoneyAmounts)] = money;
  out.values[static_cast<std::size_t>(AupFeature::kMixedScriptWords)] = mixed;
  out.values[static_cast<std::size_t>(AupFeature::kExclamations)] = static_cast<double>(exclamations);
}

}  // namespace scrubline
