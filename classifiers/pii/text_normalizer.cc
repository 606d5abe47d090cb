#include "classifiers/pii/text_normalizer.h"

#include "classifiers/base/ascii.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>

#include <array>
#include <cstring>
#include <limits>
#include <mutex>

namespace scrubline {

// Code point -> what stage 1 writes for it. Two levels (a page per 256 code
// points; pages without a mapping share page 0) keep it small and each
// lookup two loads.
struct TextNormalizer::Table {
  // An entry: 0 keeps the code point; kDrop drops it; else the replacement
  // is pool[entry >> kLenBits, + (entry & kLenMask)).
  static constexpr std::uint32_t kKeep = 0;
  static constexpr std::uint32_t kDrop = 0x80000000u;
  static constexpr unsigned kLenBits = 6;
  static constexpr std::uint32_t kLenMask = (1u << kLenBits) - 1;
  static constexpr std::size_t kPageCount = 0x110000 >> 8;

  std::vector<std::uint16_t> page_of = std::vector<std::uint16_t>(kPageCount, 0);
  std::vector<std::array<std::uint32_t, 256>> pages = {std::array<std::uint32_t, 256>{}};
  std::string pool;

  std::uint32_t Lookup(char32_t cp) const { return pages[page_of[cp >> 8]][cp & 0xFF]; }

  void Set(char32_t cp, std::uint32_t entry) {
    std::uint16_t& page = page_of[cp >> 8];
    if (page == 0) {
      page = static_cast<std::uint16_t>(pages.size());
      pages.emplace_back();
      pages.back().fill(kKeep);
    }
    pages[page][cp & 0xFF] = entry;
  }
  void SetReplacement(char32_t cp, std::string_view ascii) {
    const auto offset = static_cast<std::uint32_t>(pool.size());
    pool.append(ascii);
    Set(cp, (offset << kLenBits) | static_cast<std::uint32_t>(ascii.size()));
  }
};

namespace {

using Table = TextNormalizer::Table;

constexpr bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool IsLetter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAlnum(unsigned char c) { return IsDigit(c) || IsLetter(c); }
// Stage 2 treats non-ASCII bytes as word bytes: a spelled word glued to a
// foreign letter is not a word of its own.
constexpr bool IsWordish(unsigned char c) { return IsAlnum(c) || c == '_' || c >= 0x80; }
constexpr unsigned char Lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c - 'A' + 'a') : c;
}

// --- The code point table, from ICU. ---

// `s` as ASCII, or empty if some unit is not ASCII (or `s` is empty).
std::string AsciiOf(const UChar* s, int32_t n) {
  std::string out;
  for (int32_t i = 0; i < n; ++i) {
    if (s[i] == 0 || s[i] >= 0x80) return {};
    out.push_back(static_cast<char>(s[i]));
  }
  return out;
}

bool AllAlnum(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAlnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Code points worth asking ICU about: everything but the big ideograph and
// syllable blocks (none is compatible with, or confusable with, ASCII).
bool Skipped(char32_t cp) {
  return (cp >= 0x3400 && cp < 0x4DC0) || (cp >= 0x4E00 && cp < 0xA000) ||
         (cp >= 0xAC00 && cp < 0xD7B0) || (cp >= 0xD800 && cp < 0xE000) ||
         (cp >= 0x20000 && cp < 0xE0000) || cp >= 0xE1000;
}

StatusOr<std::unique_ptr<Table>> BuildTable() {
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2* nfkc = unorm2_getNFKCInstance(&st);
  if (U_FAILURE(st)) return InternalError(std::string("text normalizer: ICU NFKC: ") + u_errorName(st));
  USpoofChecker* spoof = uspoof_open(&st);
  if (U_FAILURE(st)) return InternalError(std::string("text normalizer: ICU spoof checker: ") + u_errorName(st));
  struct Closer {
    USpoofChecker* s;
    ~Closer() { uspoof_close(s); }
  } closer{spoof};

  auto table = std::make_unique<Table>();
  for (char32_t cp = 0x80; cp < 0xE1000; ++cp) {
    if (Skipped(cp)) continue;
    const auto c = static_cast<UChar32>(cp);
    // Invisible in any text: dropped, so "555\u200B0100" reads "5550100".
    if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      table->Set(cp, Table::kDrop);
      continue;
    }
    if (u_charType(c) == U_UNASSIGNED) continue;
    UChar in[2];
    int32_t in_len = 0;
    U16_APPEND_UNSAFE(in, in_len, c);
    UChar out[32];
    st = U_ZERO_ERROR;
    const int32_t n = unorm2_normalize(nfkc, in, in_len, out, 32, &st);
    if (U_SUCCESS(st)) {
      if (std::string ascii = AsciiOf(out, n); !ascii.empty() && ascii.size() <= Table::kLenMask) {
        table->SetReplacement(cp, ascii);  // full-width forms, Unicode spaces, circled digits
        continue;
      }
    }
    if (u_hasBinaryProperty(c, UCHAR_DASH)) {
      table->SetReplacement(cp, "-");
      continue;
    }
    if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
      const int32_t v = u_charDigitValue(c);
      if (v >= 0 && v <= 9) {
        const char d = static_cast<char>('0' + v);
        table->SetReplacement(cp, std::string_view(&d, 1));
        continue;
      }
    }
    if (u_isalpha(c)) {
      // Homoglyphs: a letter whose UTS #39 skeleton is ASCII letters/digits.
      UChar skeleton[32];
      st = U_ZERO_ERROR;
      const int32_t k = uspoof_getSkeleton(spoof, 0, in, in_len, skeleton, 32, &st);
      if (U_SUCCESS(st)) {
        if (std::string ascii = AsciiOf(skeleton, k); AllAlnum(ascii) && ascii.size() <= 4) {
          table->SetReplacement(cp, ascii);
        }
      }
    }
  }
  return table;
}

// Decodes one well-formed UTF-8 sequence at text[i]; 0 if it is not one.
std::size_t DecodeUtf8(std::string_view text, std::size_t i, char32_t& cp) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = at(i);
  const std::size_t left = text.size() - i;
  const auto cont = [&](std::size_t k) { return (at(i + k) & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF && left >= 2 && cont(1)) {
    cp = (char32_t{b0} & 0x1F) << 6 | (at(i + 1) & 0x3F);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && left >= 3 && cont(1) && cont(2)) {
    cp = (char32_t{b0} & 0x0F) << 12 | (char32_t{at(i + 1)} & 0x3F) << 6 | (at(i + 2) & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000)) return 0;
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && left >= 4 && cont(1) && cont(2) && cont(3)) {
    cp = (char32_t{b0} & 0x07) << 18 | (char32_t{at(i + 1)} & 0x3F) << 12 |
         (char32_t{at(i + 2)} & 0x3F) << 6 | (at(i + 3) & 0x3F);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    return 4;
  }
  return 0;
}

// Percent-escapes decoded in stage 1: the characters that personal data in a
// URL query value needs ("a%40b.com", "%2B1%20415...").
char PercentDecoded(std::string_view text, std::size_t i) {
  if (i + 2 >= text.size()) return 0;
  const int hi = HexDigitValue(static_cast<unsigned char>(text[i + 1]));
  const int lo = HexDigitValue(static_cast<unsigned char>(text[i + 2]));
  if (hi < 0 || lo < 0) return 0;
  const char c = static_cast<char>(hi * 16 + lo);
  switch (c) {
    case '@':
    case '+':
    case '.':
    case '-':
    case '_':
    case ' ':
      return c;
    default:
      return 0;
  }
}

// --- Stage 2: ASCII word rewrites. ---

// Writes stage 2's output, composing its offsets with stage 1's.
class Writer {
 public:
  Writer(std::string_view in, const std::vector<SourceRange>& in_map, std::string& out,
         std::vector<SourceRange>& out_map)
      : in_(in), in_map_(in_map), out_(out), out_map_(out_map) {}

  void Copy(std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      out_.push_back(in_[k]);
      out_map_.push_back(in_map_[k]);
    }
  }
  // One byte standing for input [from, to).
  void Emit(char c, std::size_t from, std::size_t to) {
    out_.push_back(c);
    out_map_.push_back(SourceRange{in_map_[from].begin, in_map_[to - 1].end});
  }

 private:
  std::string_view in_;
  const std::vector<SourceRange>& in_map_;
  std::string& out_;
  std::vector<SourceRange>& out_map_;
};

// Digit runs shorter than this are left alone: no entity of the catalog is
// shorter, and prose counts "one, two, three".
constexpr int kMinRunDigits = 7;

struct Word {
  std::size_t end;  // one past the last letter
  int value;        // 0-9: a digit; 10 + n: "double" (n = 2) / "triple" (n = 3); -1: none
};

// The spelled digit word starting at text[i] (a word start), if any.
Word DigitWordAt(std::string_view text, std::size_t i) {
  std::size_t j = i;
  char buf[8];
  while (j < text.size() && IsLetter(static_cast<unsigned char>(text[j]))) {
    if (j - i == sizeof buf) return {j, -1};
    buf[j - i] = static_cast<char>(Lower(static_cast<unsigned char>(text[j])));
    ++j;
  }
  if (j < text.size() && IsWordish(static_cast<unsigned char>(text[j]))) return {j, -1};
  static constexpr std::pair<std::string_view, int> kWords[] = {
      {"zero", 0},  {"oh", 0},    {"one", 1},   {"two", 2},     {"three", 3},
      {"four", 4},  {"five", 5},  {"six", 6},   {"seven", 7},   {"eight", 8},
      {"nine", 9},  {"double", 12}, {"triple", 13}};
  const std::string_view w(buf, j - i);
  for (const auto& [name, value] : kWords) {
    if (w == name) return {j, value};
  }
  return {j, -1};
}

// Separator between two spelled digits or digit groups at text[i]: 1-3 bytes
// of ' ', ',', '.', '-'. Returns its length (0: none).
std::size_t SeparatorAt(std::string_view text, std::size_t i, bool allow_comma) {
  std::size_t j = i;
  int marks = 0;
  while (j < text.size() && j - i < 3) {
    const char c = text[j];
    if (c == ' ') {
      ++j;
    } else if (c == '.' || c == '-' || (allow_comma && c == ',')) {
      if (++marks > 1) return 0;
      ++j;
    } else {
      break;
    }
  }
  return j - i;
}

// A separator of more than one byte, or with a comma or full stop, is a
// pause between groups; it writes its mark: '-', else '.', else ' '.
char PauseMark(std::string_view sep) {
  if (sep.find('-') != std::string_view::npos) return '-';
  if (sep.find('.') != std::string_view::npos) return '.';
  return ' ';
}

// The written digit group at text[i] ("555"), if it stands alone: the end
// of its digits, or i when there is none (or it runs into a word: "5pm").
std::size_t WrittenGroupAt(std::string_view text, std::size_t i) {
  std::size_t j = i;
  while (j < text.size() && IsDigit(static_cast<unsigned char>(text[j]))) ++j;
  if (j == i || (j < text.size() && IsWordish(static_cast<unsigned char>(text[j])))) return i;
  return j;
}

// "four one five, five five five, zero one zero zero" -> "415 555 0100".
// Voice transcripts also mix spelled and written digits ("four one five
// 555 0100"): written groups may stand between the words, a run needs one
// spelled word at least, and the separator next to a written group is kept
// (its grouping helps the patterns; a comma there ends the run, as it
// usually ends a number in prose). Dry run (writer null) or emit. Returns
// the run's end and its digit count (0 without a spelled word).
std::pair<std::size_t, int> SpelledDigitRun(std::string_view text, std::size_t i, Writer* w) {
  int digits = 0;
  int spelled = 0;
  std::size_t pos = i;
  std::size_t end = i;
  bool written = false;  // the last element was a written group
  const auto element_at = [&](std::size_t at) {  // 1: written group, 2: digit word, 0: none
    if (WrittenGroupAt(text, at) > at) return 1;
    return DigitWordAt(text, at).value >= 0 ? 2 : 0;
  };
  while (true) {
    if (const std::size_t group_end = WrittenGroupAt(text, pos); group_end > pos) {
      if (w) w->Copy(pos, group_end);
      digits += static_cast<int>(group_end - pos);
      end = group_end;
      written = true;
    } else {
      Word word = DigitWordAt(text, pos);
      if (word.value < 0) break;
      std::size_t digit_begin = pos;
      int repeat = 1;
      if (word.value >= 10) {  // "double five": the multiplier needs its digit
        const std::size_t sep = SeparatorAt(text, word.end, false);
        if (sep != 1 || text[word.end] != ' ') break;
        Word next = DigitWordAt(text, word.end + 1);
        if (next.value < 0 || next.value >= 10) break;
        repeat = word.value - 10;
        word = next;
      }
      if (w) {
        for (int r = 0; r < repeat; ++r) w->Emit(static_cast<char>('0' + word.value), digit_begin, word.end);
      }
      digits += repeat;
      ++spelled;
      end = word.end;
      written = false;
    }
    const std::size_t sep = SeparatorAt(text, end, !written);
    if (sep == 0 || end + sep >= text.size()) break;
    const int next = element_at(end + sep);
    if (next == 0) break;
    const std::string_view s = text.substr(end, sep);
    if ((written || next == 1) && s.find(',') != std::string_view::npos) break;
    const bool pause = sep > 1 || s == "," || s == ".";
    if (w) {
      if (pause) {
        w->Emit(PauseMark(s), end, end + sep);
      } else if (written || next == 1) {
        w->Copy(end, end + sep);  // "415 five..." / "...five 0100": keep the grouping
      }
    }
    pos = end + sep;
  }
  return {end, spelled > 0 ? digits : 0};
}

// Digits split apart: "4 1 5 5 5 5 0 1 0 0", "415 . 555 . 0100".
// Returns the run's end, 0 if the run is not split (then nothing is written).
std::size_t SplitDigitRun(std::string_view text, std::size_t i, Writer* w) {
  // Pass 1: measure the run.
  // Single digits count as spaced out when at least four follow each other
  // with one and the same one-byte separator ("3-1 3-1" is two scores).
  int digits = 0, chain = 0, max_singles = 0;
  char chain_sep = 0;
  bool padded = false;
  std::size_t pos = i, end = i;
  while (true) {
    std::size_t j = pos;
    while (j < text.size() && IsDigit(static_cast<unsigned char>(text[j]))) ++j;
    const std::size_t len = j - pos;
    digits += static_cast<int>(len);
    chain = (len == 1) ? chain + 1 : 0;
    max_singles = std::max(max_singles, chain);
    end = j;
    const std::size_t sep = SeparatorAt(text, j, false);
    if (sep == 0 || j + sep >= text.size() || !IsDigit(static_cast<unsigned char>(text[j + sep]))) break;
    if (sep > 1) {
      padded = true;
      chain = 0;
    } else if (len == 1) {
      if (chain > 1 && text[j] != chain_sep) chain = 1;  // a new chain from this digit
      chain_sep = text[j];
    }
    pos = j + sep;
  }
  if (end < text.size() && IsWordish(static_cast<unsigned char>(text[end]))) return 0;
  if (digits < kMinRunDigits || (max_singles < 4 && !padded)) return 0;
  if (!w) return end;
  // Pass 2: write it.
  pos = i;
  while (pos < end) {
    std::size_t j = pos;
    while (j < end && IsDigit(static_cast<unsigned char>(text[j]))) ++j;
    w->Copy(pos, j);
    const std::size_t len = j - pos;
    if (j == end) break;
    const std::size_t sep = SeparatorAt(text, j, false);
    std::size_t next_end = j + sep;
    while (next_end < end && IsDigit(static_cast<unsigned char>(text[next_end]))) ++next_end;
    const std::size_t next_len = next_end - (j + sep);
    if (sep > 1) {
      w->Emit(PauseMark(text.substr(j, sep)), j, j + sep);
    } else if (!(len == 1 && next_len == 1)) {
      w->Copy(j, j + sep);
    }  // else: between two single digits, joined
    pos = j + sep;
  }
  return end;
}

// --- Spelled-out e-mail addresses. ---

// Top-level domains a spelled-out "at ... dot" address may end in: common
// ones that are not also English words ("in", "it", "me", "to", "at", ...).
bool WellKnownTld(std::string_view label) {
  static constexpr std::string_view kTlds[] = {
      "com", "net", "org", "edu", "gov", "mil", "info", "biz", "io", "co", "ai", "app",
      "dev", "uk", "de", "fr", "es", "nl", "ch", "se", "dk", "fi", "pl", "ru", "cn",
      "jp", "br", "mx", "ca", "au", "nz", "ie", "za", "eu", "tv", "email", "online"};
  if (label.size() > 8) return false;
  char buf[8];
  for (std::size_t k = 0; k < label.size(); ++k) buf[k] = static_cast<char>(Lower(static_cast<unsigned char>(label[k])));
  const std::string_view l(buf, label.size());
  for (std::string_view t : kTlds) {
    if (l == t) return true;
  }
  return false;
}

bool EqualsLower(std::string_view text, std::size_t i, std::string_view word) {
  if (text.size() - i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (Lower(static_cast<unsigned char>(text[i + k])) != static_cast<unsigned char>(word[k])) return false;
  }
  return true;
}

std::size_t SpacesAt(std::string_view text, std::size_t i, std::size_t max) {
  std::size_t j = i;
  while (j < text.size() && j - i < max && text[j] == ' ') ++j;
  return j - i;
}

enum class Token { kNone, kSpelled, kBracketed, kPlainAt };

// A spelled connector ("at" or "dot") at text[i]: " dot ", "[dot]", " (dot) ",
// "{dot}", or for "at" also " @ ". Sets `len`; kNone if there is none.
Token ConnectorAt(std::string_view text, std::size_t i, std::string_view word, std::size_t& len) {
  std::size_t j = i + SpacesAt(text, i, 2);
  if (j < text.size() && (text[j] == '[' || text[j] == '(' || text[j] == '{')) {
    const char close = text[j] == '[' ? ']' : text[j] == '(' ? ')' : '}';
    std::size_t k = j + 1 + SpacesAt(text, j + 1, 1);
    if (!EqualsLower(text, k, word)) return Token::kNone;
    k += word.size();
    k += SpacesAt(text, k, 1);
    if (k >= text.size() || text[k] != close) return Token::kNone;
    ++k;
    k += SpacesAt(text, k, 2);
    len = k - i;
    return Token::kBracketed;
  }
  if (j == i) return Token::kNone;  // the bare word needs a space before it ...
  Token kind = Token::kSpelled;
  std::size_t k = j;
  if (word == "at" && k < text.size() && text[k] == '@') {
    ++k;
  } else if (EqualsLower(text, k, word)) {
    k += word.size();
    if (word == "at") kind = Token::kPlainAt;
  } else {
    return Token::kNone;
  }
  const std::size_t after = SpacesAt(text, k, 2);
  if (after == 0) return Token::kNone;  // ... and after it
  len = k + after - i;
  return kind;
}

constexpr bool IsLocalByte(unsigned char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
constexpr bool IsLabelByte(unsigned char c) { return IsAlnum(c) || c == '-'; }

// "john dot smith at example dot com" -> "john.smith@example.com". Returns the
// end of the address, 0 if there is none at text[i] (nothing written).
std::size_t SpelledEmail(std::string_view text, std::size_t i, Writer* w) {
  const auto run = [&](std::size_t from, auto pred) {
    std::size_t j = from;
    while (j < text.size() && pred(static_cast<unsigned char>(text[j]))) ++j;
    return j;
  };
  bool spelled = false;
  std::size_t len = 0;
  // Local part: chunks joined by spelled dots.
  std::size_t pos = run(i, IsLocalByte);
  if (pos == i) return 0;
  if (w) w->Copy(i, pos);
  while (ConnectorAt(text, pos, "dot", len) != Token::kNone) {
    const std::size_t chunk_end = run(pos + len, IsLocalByte);
    if (chunk_end == pos + len) break;
    if (w) {
      w->Emit('.', pos, pos + len);
      w->Copy(pos + len, chunk_end);
    }
    spelled = true;
    pos = chunk_end;
  }
  const Token at = ConnectorAt(text, pos, "at", len);
  if (at == Token::kNone) return 0;
  if (at == Token::kBracketed) spelled = true;
  if (w) w->Emit('@', pos, pos + len);
  pos += len;
  // Domain: labels joined by spelled or written dots; at least two labels.
  std::size_t label_begin = pos;
  std::size_t label_end = run(pos, IsLabelByte);
  if (label_end == pos) return 0;
  if (w) w->Copy(pos, label_end);
  int labels = 1;
  pos = label_end;
  while (true) {
    std::size_t next = 0;
    bool spelled_dot = false;
    if (pos + 1 < text.size() && text[pos] == '.' && IsLabelByte(static_cast<unsigned char>(text[pos + 1]))) {
      next = pos + 1;
    } else if (ConnectorAt(text, pos, "dot", len) != Token::kNone) {
      next = pos + len;
      spelled_dot = true;
    } else {
      break;
    }
    const std::size_t e = run(next, IsLabelByte);
    if (e == next) break;
    if (w) {
      if (spelled_dot) {
        w->Emit('.', pos, next);
      } else {
        w->Copy(pos, next);
      }
      w->Copy(next, e);
    }
    spelled = spelled || spelled_dot;
    ++labels;
    label_begin = next;
    label_end = e;
    pos = e;
  }
  if (labels < 2) return 0;
  if (pos < text.size() && IsWordish(static_cast<unsigned char>(text[pos]))) return 0;
  // A bare " at " is everyday prose ("see you at home.com"? "find us at
  // example.com"): only a spelled-out dot and a well-known TLD make it an
  // address.
  if (at == Token::kPlainAt &&
      (!spelled || !WellKnownTld(text.substr(label_begin, label_end - label_begin)))) {
    return 0;
  }
  return pos;  // " @ " with written dots ("jane @ example.com") needs no more

}

// Stage 2 over `in` (stage 1's output). Returns true if it changed anything.
bool RewriteWords(std::string_view in, const std::vector<SourceRange>& in_map, std::string& out,
                  std::vector<SourceRange>& out_map) {
  out.clear();
  out_map.clear();
  Writer writer(in, in_map, out, out_map);
  bool changed = false;
  std::size_t i = 0;
  const std::size_t n = in.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(in[i]);
    const bool word_start = i == 0 || !IsWordish(static_cast<unsigned char>(in[i - 1]));
    if (!word_start || !IsAlnum(c)) {
      writer.Copy(i, i + 1);
      ++i;
      continue;
    }
    if (IsLetter(c)) {
      const auto [end, digits] = SpelledDigitRun(in, i, nullptr);
      if (digits >= kMinRunDigits) {
        SpelledDigitRun(in, i, &writer);
        changed = true;
        i = end;
        continue;
      }
    } else if (const std::size_t end = SplitDigitRun(in, i, nullptr); end != 0) {
      SplitDigitRun(in, i, &writer);
      changed = true;
      i = end;
      continue;
    } else if (const auto [mixed_end, digits] = SpelledDigitRun(in, i, nullptr);
               digits >= kMinRunDigits) {  // "415 five five five 0100"
      SpelledDigitRun(in, i, &writer);
      changed = true;
      i = mixed_end;
      continue;
    }
    if (const std::size_t end = SpelledEmail(in, i, nullptr); end != 0) {
      SpelledEmail(in, i, &writer);
      changed = true;
      i = end;
      continue;
    }
    // An ordinary word or number: copied whole.
    std::size_t j = i;
    while (j < n && IsAlnum(static_cast<unsigned char>(in[j]))) ++j;
    writer.Copy(i, j);
    i = j;
  }
  return changed;
}

}  // namespace

TextNormalizer::TextNormalizer(std::unique_ptr<const Table> table) : table_(std::move(table)) {}
TextNormalizer::~TextNormalizer() = default;

StatusOr<std::shared_ptr<const TextNormalizer>> TextNormalizer::Shared() {
  static std::mutex mu;
  static std::shared_ptr<const TextNormalizer> shared;
  std::lock_guard<std::mutex> lock(mu);
  if (!shared) {
    auto table = BuildTable();
    if (!table.ok()) return table.status();
    shared = std::make_shared<const TextNormalizer>(std::move(*table));
  }
  return shared;
}

bool TextNormalizer::HasMappedCodePoint(std::string_view text) const {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Skip ASCII eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t chunk;
      std::memcpy(&chunk, text.data() + i, 8);
      if (chunk & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = DecodeUtf8(text, i, cp);
    if (len == 0) {
      ++i;
      continue;
    }
    if (table_->Lookup(cp) != Table::kKeep) return true;
    i += len;
  }
  return false;
}

std::string TextNormalizer::MappedCodePointPattern() const {
  // Group the encodings by all bytes but the last; each group is one prefix
  // and a class of last bytes, written as ranges.
  const auto hex = [](unsigned b) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    return std::string{'\\', 'x', kDigits[b >> 4], kDigits[b & 15]};
  };
  std::string pattern;
  std::string prefix, group_prefix;
  std::vector<unsigned> last;
  const auto flush = [&] {
    if (last.empty()) return;
    if (!pattern.empty()) pattern += '|';
    for (unsigned char b : group_prefix) pattern += hex(b);
    pattern += '[';
    for (std::size_t k = 0; k < last.size();) {
      std::size_t e = k;
      while (e + 1 < last.size() && last[e + 1] == last[e] + 1) ++e;
      pattern += hex(last[k]);
      if (e > k) pattern += '-' + hex(last[e]);
      k = e + 1;
    }
    pattern += ']';
    last.clear();
  };
  for (char32_t cp = 0x80; cp < 0x110000; ++cp) {
    if (table_->page_of[cp >> 8] == 0) {
      cp |= 0xFF;
      continue;
    }
    if (table_->Lookup(cp) == Table::kKeep) continue;
    unsigned char utf8[4];
    std::size_t len;
    if (cp < 0x800) {
      utf8[0] = static_cast<unsigned char>(0xC0 | (cp >> 6));
      len = 2;
    } else if (cp < 0x10000) {
      utf8[0] = static_cast<unsigned char>(0xE0 | (cp >> 12));
      utf8[1] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
      len = 3;
    } else {
      utf8[0] = static_cast<unsigned char>(0xF0 | (cp >> 18));
      utf8[1] = static_cast<unsigned char>(0x80 | ((cp >> 12) & 0x3F));
      utf8[2] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
      len = 4;
    }
    utf8[len - 1] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    prefix.assign(reinterpret_cast<const char*>(utf8), len - 1);
    if (prefix != group_prefix) {
      flush();
      group_prefix = prefix;
    }
    last.push_back(utf8[len - 1]);
  }
  flush();
  return "(?:" + pattern + ")";
}

bool TextNormalizer::Normalize(std::string_view text, NormalizedText& out) const {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) return false;
  // Stage 1: code points and percent-escapes.
  std::string& s1 = out.stage_text_;
  std::vector<SourceRange>& m1 = out.stage_map_;
  s1.clear();
  m1.clear();
  bool changed = false;
  const Table& t = *table_;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const auto b = static_cast<unsigned char>(text[i]);
    const auto at = static_cast<std::uint32_t>(i);
    if (b < 0x80) {
      if (b == '%' && i + 2 < n) {
        if (const char d = PercentDecoded(text, i); d != 0) {
          s1.push_back(d);
          m1.push_back(SourceRange{at, at + 3});
          changed = true;
          i += 3;
          continue;
        }
      }
      s1.push_back(static_cast<char>(b));
      m1.push_back(SourceRange{at, at + 1});
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = DecodeUtf8(text, i, cp);
    if (len == 0) {  // invalid UTF-8: the byte as it is
      s1.push_back(static_cast<char>(b));
      m1.push_back(SourceRange{at, at + 1});
      ++i;
      continue;
    }
    const SourceRange whole{at, static_cast<std::uint32_t>(i + len)};
    const std::uint32_t entry = t.Lookup(cp);
    if (entry == Table::kKeep) {
      for (std::size_t k = 0; k < len; ++k) {
        s1.push_back(text[i + k]);
        m1.push_back(whole);
      }
    } else if (entry != Table::kDrop) {
      const std::string_view rep(t.pool.data() + (entry >> Table::kLenBits), entry & Table::kLenMask);
      for (char c : rep) {
        s1.push_back(c);
        m1.push_back(whole);
      }
      changed = true;
    } else {
      changed = true;
    }
    i += len;
  }
  // Stage 2: words.
  changed = RewriteWords(s1, m1, out.text_, out.map_) || changed;
  return changed;
}

}  // namespace scrubline
