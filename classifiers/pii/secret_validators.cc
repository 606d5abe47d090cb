#include "classifiers/pii/secret_validators.h"

#include <string.h>  // memrchr (GNU)

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsAlpha(char c) { return IsLower(c) || IsUpper(c); }
constexpr bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
constexpr char Lower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
// Bytes of fixed-format API tokens and of base64url.
constexpr bool IsTokenByte(char c) { return IsAlnum(c) || c == '_' || c == '-'; }
// Standard base64 without padding.
constexpr bool IsBase64(char c) { return IsAlnum(c) || c == '+' || c == '/'; }
// Bytes of a generic secret (base64 and base64url, padding aside).
constexpr bool IsSecretByte(char c) {
  return IsAlnum(c) || c == '+' || c == '/' || c == '_' || c == '-';
}

// Number of distinct byte values in `s`, counting up to `enough`.
int DistinctBytes(std::string_view s, int enough) {
  std::array<bool, 256> seen{};
  int n = 0;
  for (char c : s) {
    bool& b = seen[static_cast<unsigned char>(c)];
    if (!b) {
      b = true;
      if (++n >= enough) return n;
    }
  }
  return n;
}

// True if `needle` (lower case) occurs in `s`, ASCII case-insensitively.
bool ContainsNoCase(std::string_view s, std::string_view needle) {
  if (needle.size() > s.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= s.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && Lower(s[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

// True if `s` equals `lower` (lower case), ASCII case-insensitively.
bool EqualsNoCase(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (Lower(s[i]) != lower[i]) return false;
  }
  return true;
}

// 0..63 for a base64url byte, -1 otherwise.
int Base64UrlValue(char c) {
  if (IsUpper(c)) return c - 'A';
  if (IsLower(c)) return c - 'a' + 26;
  if (IsDigit(c)) return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Decodes unpadded base64url `s` into `out` (capacity `cap`). Returns the
// decoded length, or -1 on a bad byte, a length of 4k+1 or overflow.
int DecodeBase64Url(std::string_view s, unsigned char* out, int cap) {
  if (s.size() % 4 == 1) return -1;
  int n = 0;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    const int v = Base64UrlValue(c);
    if (v < 0) return -1;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n == cap) return -1;
      out[n++] = static_cast<unsigned char>((acc >> bits) & 0xFF);
    }
  }
  return n;
}

constexpr bool IsJsonSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A JSON object's text, checked loosely: '{' ... '}' (whitespace around),
// printable or whitespace bytes only (UTF-8 allowed), and a member named
// "alg" (the quoted name followed by optional whitespace and ':').
bool JsonObjectWithAlg(const unsigned char* d, int n) {
  int b = 0, e = n;
  while (b < e && IsJsonSpace(d[b])) ++b;
  while (e > b && IsJsonSpace(d[e - 1])) --e;
  if (e - b < 2 || d[b] != '{' || d[e - 1] != '}') return false;
  for (int i = b; i < e; ++i) {
    if (d[i] < 0x20 && !IsJsonSpace(d[i])) return false;
    if (d[i] == 0x7F) return false;
  }
  for (int i = b + 1; i + 5 <= e; ++i) {
    if (d[i] == '"' && d[i + 1] == 'a' && d[i + 2] == 'l' && d[i + 3] == 'g' && d[i + 4] == '"') {
      int k = i + 5;
      while (k < e && IsJsonSpace(d[k])) ++k;
      if (k < e && d[k] == ':') return true;
    }
  }
  return false;
}

bool IsBase64UrlSegment(std::string_view s) {
  if (s.size() % 4 == 1) return false;
  for (char c : s) {
    if (Base64UrlValue(c) < 0) return false;
  }
  return true;
}

// An armour line "-----<kind> <label>PRIVATE KEY[ BLOCK]-----" at s[pos].
// On success sets *label, *block and *end (one past the last '-').
bool ArmourAt(std::string_view s, std::size_t pos, std::string_view kind, std::string_view* label,
              bool* block, std::size_t* end) {
  constexpr std::string_view kDashes = "-----";
  constexpr std::string_view kPrivateKey = "PRIVATE KEY";
  constexpr std::size_t kMaxLabel = 40;
  if (s.substr(pos, kDashes.size()) != kDashes) return false;
  pos += kDashes.size();
  if (s.substr(pos, kind.size()) != kind || s.substr(pos + kind.size(), 1) != " ") return false;
  pos += kind.size() + 1;
  const std::size_t label_begin = pos;
  while (pos < s.size() && pos - label_begin <= kMaxLabel &&
         s.substr(pos, kPrivateKey.size()) != kPrivateKey) {
    if (!IsUpper(s[pos]) && !IsDigit(s[pos]) && s[pos] != ' ') return false;
    ++pos;
  }
  if (s.substr(pos, kPrivateKey.size()) != kPrivateKey) return false;
  *label = s.substr(label_begin, pos - label_begin);
  if (!label->empty() && label->back() != ' ') return false;
  pos += kPrivateKey.size();
  *block = s.substr(pos, 6) == " BLOCK";
  if (*block) pos += 6;
  if (s.substr(pos, kDashes.size()) != kDashes) return false;
  *end = pos + kDashes.size();
  return true;
}

// Bytes that may appear between armour lines: base64, line breaks (also
// escaped as "\n" in logged JSON), spaces (keys flattened onto one line).
constexpr bool IsArmourBodyByte(char c) {
  return IsBase64(c) || c == '=' || c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\\';
}

}  // namespace

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<std::uint32_t, 256> count{};
  for (char c : s) ++count[static_cast<unsigned char>(c)];
  const double n = static_cast<double>(s.size());
  double h = 0;
  for (std::uint32_t k : count) {
    if (k == 0) continue;
    const double p = k / n;
    h -= p * std::log2(p);
  }
  return h;
}

bool ApiTokenInText(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin > 0 && IsTokenByte(text[begin - 1])) return false;
  if (end < text.size() && IsTokenByte(text[end])) return false;
  return DistinctBytes(text.substr(begin, end - begin), 6) >= 6;
}

bool AwsSecretKeyValid(std::string_view s) {
  if (s.size() != 40) return false;
  bool upper = false, lower = false, digit = false;
  for (char c : s) {
    if (!IsBase64(c)) return false;
    upper = upper || IsUpper(c);
    lower = lower || IsLower(c);
    digit = digit || IsDigit(c);
  }
  return upper && lower && digit;
}

bool AwsSecretKeyInText(std::string_view text, std::size_t begin, std::size_t end) {
  constexpr std::size_t kKeyLength = 40;
  if (end - begin <= kKeyLength) return false;
  const std::size_t key = end - kKeyLength;
  // The name ends before the key (a separator, not more base64), and no
  // base64 or padding follows it.
  if (IsBase64(text[key - 1])) return false;
  if (end < text.size() && (IsBase64(text[end]) || text[end] == '=')) return false;
  return AwsSecretKeyValid(text.substr(key, kKeyLength));
}

bool SlackTokenValid(std::string_view s) {
  std::size_t i;
  if (s.size() > 5 && s.substr(0, 3) == "xox" && IsLower(s[3]) && s[4] == '-') {
    i = 5;
  } else if (s.substr(0, 5) == "xapp-") {
    i = 5;
  } else {
    return false;
  }
  int segments = 0;
  std::size_t segment_len = 0;
  bool digit = false;
  for (; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      if (segment_len == 0) return false;
      ++segments;
      if (i == s.size()) break;
      segment_len = 0;
      continue;
    }
    if (!IsAlnum(s[i])) return false;
    digit = digit || IsDigit(s[i]);
    ++segment_len;
  }
  return segments >= 2 && digit && segment_len >= 6;
}

bool SlackTokenInText(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin > 0 && IsTokenByte(text[begin - 1])) return false;
  if (end < text.size() && IsTokenByte(text[end])) return false;
  return SlackTokenValid(text.substr(begin, end - begin));
}

bool JwtValid(std::string_view s) {
  const std::size_t dot1 = s.find('.');
  if (dot1 == std::string_view::npos) return false;
  const std::size_t dot2 = s.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos) {
    if (dot1 != s.size() - 1) return false;  // "header.x" is not a token
  } else if (s.find('.', dot2 + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view header = s.substr(0, dot1);
  if (header.size() < 4) return false;
  if (dot2 != std::string_view::npos) {
    if (!IsBase64UrlSegment(s.substr(dot1 + 1, dot2 - dot1 - 1))) return false;
    if (!IsBase64UrlSegment(s.substr(dot2 + 1))) return false;
  }
  constexpr int kMaxHeader = 255;
  unsigned char decoded[kMaxHeader];
  const int n = DecodeBase64Url(header, decoded, kMaxHeader);
  return n > 0 && JsonObjectWithAlg(decoded, n);
}

bool JwtInText(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin > 0 && (IsTokenByte(text[begin - 1]) || text[begin - 1] == '.')) return false;
  // A span ending in '.' is a prefix of a longer token: the next segment
  // follows by design.
  if (end < text.size() && IsTokenByte(text[end]) && text[end - 1] != '.') return false;
  return JwtValid(text.substr(begin, end - begin));
}

bool PemPrivateKeyValid(std::string_view s) {
  std::string_view label;
  bool block = false;
  std::size_t begin_end = 0;
  if (!ArmourAt(s, 0, "BEGIN", &label, &block, &begin_end)) return false;
  if (begin_end == s.size()) return true;
  // Body and END line: find the END armour that closes the span.
  const std::size_t end_at = s.rfind("-----END ");
  if (end_at == std::string_view::npos || end_at < begin_end) return false;
  std::string_view end_label;
  bool end_block = false;
  std::size_t end_end = 0;
  if (!ArmourAt(s, end_at, "END", &end_label, &end_block, &end_end)) return false;
  if (end_end != s.size() || end_label != label || end_block != block) return false;
  for (std::size_t i = begin_end; i < end_at; ++i) {
    const char c = s[i];
    if (!IsArmourBodyByte(c) && c != ':' && c != ',' && c != '-' && c != '.') return false;
  }
  return true;
}

bool PemPrivateKeyInText(std::string_view text, std::size_t begin, std::size_t end) {
  return PemPrivateKeyValid(text.substr(begin, end - begin));
}

bool PemPrivateKeyBodyInText(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin >= end || begin == 0) return false;
  const char first = text[begin];
  if (first != '\n' && first != '\r' && first != '\\' && first != ' ') return false;
  // The last '-' before the span: the BEGIN line's dashes, or a dash in an
  // armour header right after it ("Proc-Type", "AES-128-CBC").
  const std::size_t lo = begin > kPemLookback ? begin - kPemLookback : 0;
  const void* hit = memrchr(text.data() + lo, '-', begin - lo);
  if (hit == nullptr) return false;
  const std::size_t p = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
  // The BEGIN line: at most 512 header bytes plus the armour line before p.
  constexpr std::size_t kMaxHeaders = 512;
  constexpr std::size_t kMaxArmourLine = 80;
  const std::size_t stop = p > kMaxHeaders + kMaxArmourLine ? p - kMaxHeaders - kMaxArmourLine : 0;
  std::size_t q = std::string_view::npos;
  const std::size_t limit = std::max(stop, lo);
  for (std::size_t i = p + 1; i > limit;) {
    --i;
    if (text[i] != '-' || text.compare(i, 11, "-----BEGIN ") != 0) continue;
    std::string_view label;
    bool block = false;
    std::size_t armour_end = 0;
    if (ArmourAt(text, i, "BEGIN", &label, &block, &armour_end)) q = armour_end;
    break;
  }
  if (q == std::string_view::npos || q > begin) return false;
  // Between the armour line and the span: the rest of the BEGIN line (blank),
  // then armour headers ("Proc-Type: 4,ENCRYPTED", "Version: ...": lines
  // with a ':', printable, at most kMaxHeaders bytes in all), then base64
  // lines only. An END line (a '-' outside the headers) fails the body check.
  std::size_t i = q;
  while (i < begin && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
  if (i < begin && text[i] == '\n') {
    ++i;
    const std::size_t headers_begin = i;
    while (i < begin) {
      std::size_t eol = i;
      bool colon = false, printable = true;
      while (eol < begin && text[eol] != '\n') {
        const auto c = static_cast<unsigned char>(text[eol]);
        colon = colon || c == ':';
        printable = printable && ((c >= 0x20 && c < 0x7F) || c == '\r' || c == '\t');
        ++eol;
      }
      if (!colon || !printable || eol == begin || eol - headers_begin > kMaxHeaders) break;
      i = eol + 1;
    }
  }
  for (; i < begin; ++i) {
    if (!IsArmourBodyByte(text[i])) return false;
  }
  // The span's own lines (up to its END line, if any) are armour lines:
  // at most kMaxBodyLine bytes between breaks (76 + the 'n' of an escaped
  // "\n"); the pattern bounds the line count, not the line length.
  constexpr std::size_t kMaxBodyLine = 80;
  std::size_t line = 0;
  for (std::size_t i = begin; i < end && text[i] != '-'; ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r' || c == ' ' || c == '\\') {
      line = 0;
    } else if (++line > kMaxBodyLine) {
      return false;
    }
  }
  return true;
}

bool HexTokenValid(std::string_view s) {
  if (s.size() < 16 || s.size() > 64) return false;
  bool lower = false, upper = false, digit = false;
  for (char c : s) {
    if (IsDigit(c)) {
      digit = true;
    } else if (c >= 'a' && c <= 'f') {
      lower = true;
    } else if (c >= 'A' && c <= 'F') {
      upper = true;
    } else {
      return false;
    }
  }
  return digit && (lower != upper) && DistinctBytes(s, 6) >= 6;
}

bool HexTokenInText(std::string_view text, std::size_t begin, std::size_t end) {
  const auto is_hex = [](char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  if (begin >= 2 && text[begin - 1] == '-' && is_hex(text[begin - 2])) return false;
  if (end + 1 < text.size() && text[end] == '-' && is_hex(text[end + 1])) return false;
  return HexTokenValid(text.substr(begin, end - begin));
}

bool HighEntropySecretValid(std::string_view s) {
  std::size_t n = s.size();
  for (int pad = 0; pad < 2 && n > 0 && s[n - 1] == '='; ++pad) --n;
  s = s.substr(0, n);
  if (n < 20 || n > 256) return false;
  bool letter = false, digit = false, hex_lower = true, hex_upper = true;
  int changes = 0;
  const auto kind = [](char c) { return IsDigit(c) ? 0 : IsLower(c) ? 1 : IsUpper(c) ? 2 : 3; };
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[i];
    if (!IsSecretByte(c)) return false;
    letter = letter || IsAlpha(c);
    digit = digit || IsDigit(c);
    hex_lower = hex_lower && (IsDigit(c) || (c >= 'a' && c <= 'f'));
    hex_upper = hex_upper && (IsDigit(c) || (c >= 'A' && c <= 'F'));
    if (i > 0 && kind(c) != kind(s[i - 1])) ++changes;
  }
  if (!letter || !digit) return false;
  // "eyJ..." is base64 of '{"': a JSON object such as a JWT header on its
  // own ("eyJhbGciOiJIUzI1NiJ9" = {"alg":"HS256"}), which names an
  // algorithm and holds no secret; a whole JWT (with its dots) is the jwt
  // entry's.
  if (s.substr(0, 3) == "eyJ") return false;
  for (std::string_view word : {"password", "passwd", "secret", "token", "apikey", "api_key"}) {
    if (ContainsNoCase(s, word)) return false;
  }
  const double h = ShannonEntropy(s);
  if (hex_lower || hex_upper) return h >= 2.9;
  return h >= 3.4 && changes * 4 >= static_cast<int>(n - 1);
}

std::string_view NamedSecretValue(std::string_view s) {
  std::size_t v_end = s.size();
  for (int pad = 0; pad < 2 && v_end > 0 && s[v_end - 1] == '='; ++pad) --v_end;
  std::size_t v_begin = v_end;
  while (v_begin > 0 && IsSecretByte(s[v_begin - 1])) --v_begin;
  if (v_begin == 0) return {};  // no name before the value
  return s.substr(v_begin);
}

bool HighEntropySecretInText(std::string_view text, std::size_t begin, std::size_t end) {
  // After the value, another byte of it or more padding: a longer run.
  if (end < text.size() && (IsSecretByte(text[end]) || text[end] == '=')) return false;
  const std::string_view span = text.substr(begin, end - begin);
  const std::string_view value = NamedSecretValue(span);
  if (value.empty() || span.size() - value.size() > kMaxSecretName) return false;
  return HighEntropySecretValid(value);
}

bool PasswordValueValid(std::string_view s) {
  if (s.size() < 6 || s.size() > 64) return false;
  bool lower = false, upper = false, digit = false, symbol = false;
  for (char c : s) {
    if (c <= ' ' || c > '~' || c == '"' || c == '\'' || c == '`') return false;
    lower = lower || IsLower(c);
    upper = upper || IsUpper(c);
    digit = digit || IsDigit(c);
    // '_' and '-' join the words of a name ("customer_account_id"), they
    // do not make a password.
    symbol = symbol || (!IsAlnum(c) && c != '_' && c != '-');
  }
  const char last = s.back();
  if (last == '.' || last == ',' || last == ';' || last == ':' || last == ')') return false;
  if (lower + upper + digit + symbol < 2) return false;
  bool capitalised_word = IsUpper(s[0]);
  for (std::size_t i = 1; i < s.size(); ++i) capitalised_word = capitalised_word && IsLower(s[i]);
  return !capitalised_word;
}

namespace {

enum class SecretLabel : unsigned char { kNone, kPassword, kKey };

// The label that ends text[.., at): a password word or a key word, not
// preceded by a letter ("DB_PASSWORD", "client_secret"; not "notoken").
SecretLabel LabelEndingAt(std::string_view text, std::size_t at) {
  struct Word {
    std::string_view word;
    SecretLabel label;
  };
  static constexpr Word kWords[] = {
      {"password", SecretLabel::kPassword},   {"passwort", SecretLabel::kPassword},
      {"passwd", SecretLabel::kPassword},     {"pwd", SecretLabel::kPassword},
      {"passcode", SecretLabel::kPassword},   {"passphrase", SecretLabel::kPassword},
      {"mot de passe", SecretLabel::kPassword}, {"kennwort", SecretLabel::kPassword},
      {"senha", SecretLabel::kPassword},      {"contrasena", SecretLabel::kPassword},
      {"secret", SecretLabel::kKey},          {"token", SecretLabel::kKey},
      {"apikey", SecretLabel::kKey},          {"api_key", SecretLabel::kKey},
      {"api-key", SecretLabel::kKey},         {"access_key", SecretLabel::kKey},
      {"access-key", SecretLabel::kKey},      {"private_key", SecretLabel::kKey},
      {"credential", SecretLabel::kKey},      {"credentials", SecretLabel::kKey},
      {"bearer", SecretLabel::kKey},
  };
  for (const Word& w : kWords) {
    if (at < w.word.size()) continue;
    const std::size_t from = at - w.word.size();
    if (!EqualsNoCase(text.substr(from, w.word.size()), w.word)) continue;
    if (from > 0 && IsAlpha(text[from - 1])) continue;
    return w.label;
  }
  // "contraseña": the UTF-8 bytes of "ñ" (C3 B1) in place of the "n".
  constexpr std::string_view kContrasena = "contrase\xC3\xB1" "a";
  if (at >= kContrasena.size() &&
      EqualsNoCase(text.substr(at - kContrasena.size(), kContrasena.size()), kContrasena) &&
      (at == kContrasena.size() || !IsAlpha(text[at - kContrasena.size() - 1]))) {
    return SecretLabel::kPassword;
  }
  return SecretLabel::kNone;
}

}  // namespace

// A byte of a labelled value: printable ASCII but blanks, quotes, ':', '='.
constexpr bool IsLabelledValueByte(char c) {
  return c > ' ' && c <= '~' && c != '"' && c != '\'' && c != ':' && c != '=';
}

std::size_t LabelledSecretValueBegin(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t v = end;
  while (v > begin && IsLabelledValueByte(text[v - 1])) --v;
  return v;
}

bool LabelledSecretInText(std::string_view text, std::size_t span_begin, std::size_t end) {
  if (span_begin >= end || end > text.size()) return false;
  // The span is "<name><separator><value>"; the value is its last run of
  // value bytes, and the finding (ReportedBegin in validators.h) is the value.
  const std::size_t begin = LabelledSecretValueBegin(text, span_begin, end);
  if (begin == span_begin || begin == end) return false;
  // The value is whole: no more value bytes after it.
  if (end < text.size() && text[end] > ' ' && text[end] <= '~' && text[end] != '"' &&
      text[end] != '\'' && text[end] != '.' && text[end] != ',' && text[end] != ';' &&
      text[end] != ')') {
    return false;
  }
  // Back over: opening quote, blanks, ':' or '=' (or "is"), blanks, closing
  // quote of a key.
  const std::size_t limit = begin > kMaxLabelledSecretLookback ? begin - kMaxLabelledSecretLookback : 0;
  std::size_t k = begin;
  if (k > limit && (text[k - 1] == '"' || text[k - 1] == '\'')) --k;
  const std::size_t after_blanks = k;
  while (k > limit && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;
  bool separated = k < after_blanks;
  if (k > limit && (text[k - 1] == ':' || text[k - 1] == '=')) {
    --k;
    separated = true;
    while (k > limit && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;
  } else if (separated && k >= limit + 3 && EqualsNoCase(text.substr(k - 2, 2), "is") &&
             text[k - 3] == ' ') {
    k -= 3;  // "password is hunter2X"
    while (k > limit && text[k - 1] == ' ') --k;
  }
  if (!separated) return false;
  if (k > limit && (text[k - 1] == '"' || text[k - 1] == '\'')) --k;
  // A longer name that ends in the label: "DB_PASSWORD", "X-Api-Key".
  const SecretLabel label = LabelEndingAt(text, k);
  const std::string_view value = text.substr(begin, end - begin);
  switch (label) {
    case SecretLabel::kPassword:
      return PasswordValueValid(value);
    case SecretLabel::kKey:
      return HighEntropySecretValid(value);
    case SecretLabel::kNone:
      return false;
  }
  return false;
}

}  // namespace scrubline
