#include "classifiers/aup/message_features.h"

#include <cstdint>

#include "classifiers/base/ascii.h"

namespace scrubline {
namespace {

bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

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

}  // namespace

void MeasureMessage(std::string_view text, MessageFeatures& out) {
  out = MessageFeatures{};
  double links = 0, money = 0, mixed = 0, exclamations = 0;
  std::size_t letters = 0, capitals = 0;
  std::size_t token_start = 0;
  // Every link form has a '.' or a '/': a token without either is not
  // looked at again (most words; the look costs a search per token).
  bool token_may_link = false;
  bool word_has_ascii = false, word_has_lookalike = false;
  const auto end_word = [&] {
    if (word_has_ascii && word_has_lookalike) ++mixed;
    word_has_ascii = word_has_lookalike = false;
  };
  for (std::size_t i = 0; i <= text.size();) {
    if (i == text.size() || IsAsciiSpace(text[i])) {
      end_word();
      if (token_may_link && IsLinkToken(text.substr(token_start, i - token_start))) ++links;
      token_may_link = false;
      token_start = ++i;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (IsAsciiLetter(c)) {
        ++letters;
        capitals += c <= 'Z';
        word_has_ascii = true;
      } else if (!IsDigit(c) && c != '\'' && c != '-') {
        end_word();  // punctuation ends a word, not a token
      }
      if (c == '!') ++exclamations;
      token_may_link |= c == '.' || c == '/';
      if (c == '$' && i + 1 < text.size() && IsDigit(static_cast<unsigned char>(text[i + 1]))) ++money;
      // A number followed by a currency word: "500 pounds", "1000cash".
      if (IsDigit(c) && (i + 1 == text.size() || !IsDigit(static_cast<unsigned char>(text[i + 1])))) {
        std::size_t w = i + 1;
        if (w < text.size() && text[w] == ' ') ++w;
        std::size_t e = w;
        while (e < text.size() && IsAsciiLetter(static_cast<unsigned char>(text[e]))) ++e;
        if (e > w && IsCurrencyWord(text.substr(w, e - w))) ++money;
      }
      ++i;
      continue;
    }
    std::size_t length = 1;
    const std::uint32_t cp = DecodeAt(text, i, length);
    if (IsLookalikeLetter(cp)) word_has_lookalike = true;
    // £ and €, then an optional blank, then a digit.
    if (cp == 0x00A3 || cp == 0x20AC) {
      std::size_t d = i + length;
      if (d < text.size() && text[d] == ' ') ++d;
      if (d < text.size() && IsDigit(static_cast<unsigned char>(text[d]))) ++money;
    }
    i += length;
  }
  out.values[static_cast<std::size_t>(AupFeature::kLinkCount)] = links;
  out.values[static_cast<std::size_t>(AupFeature::kCapitalsShare)] =
      letters >= 12 ? static_cast<double>(capitals) / static_cast<double>(letters) : 0.0;
  out.values[static_cast<std::size_t>(AupFeature::kMoneyAmounts)] = money;
  out.values[static_cast<std::size_t>(AupFeature::kMixedScriptWords)] = mixed;
  out.values[static_cast<std::size_t>(AupFeature::kExclamations)] = exclamations;
}

}  // namespace scrubline
