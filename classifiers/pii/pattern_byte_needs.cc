#include "classifiers/pii/pattern_byte_needs.h"

#include "classifiers/base/ascii.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <bitset>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace scrubline {
namespace {

// Bytes of no class: one index past the classes, so a text's counting loop
// can increment without a branch.
constexpr std::uint8_t kNoClass = kByteClassCount;

constexpr std::uint8_t ClassIndexOf(unsigned char c) {
  if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(ByteClass::kDigit);
  if (c >= 'A' && c <= 'Z') return static_cast<std::uint8_t>(ByteClass::kUpper);
  if (c >= 0x80) return static_cast<std::uint8_t>(ByteClass::kNonAscii);
  switch (c) {
    case '@': return static_cast<std::uint8_t>(ByteClass::kAt);
    case ':': return static_cast<std::uint8_t>(ByteClass::kColon);
    case '-': return static_cast<std::uint8_t>(ByteClass::kDash);
    case '.': return static_cast<std::uint8_t>(ByteClass::kDot);
    case '/': return static_cast<std::uint8_t>(ByteClass::kSlash);
    case '_': return static_cast<std::uint8_t>(ByteClass::kUnderscore);
    case '+': return static_cast<std::uint8_t>(ByteClass::kPlus);
    case '%': return static_cast<std::uint8_t>(ByteClass::kPercent);
    default: return kNoClass;
  }
}

// The run alphabets, in the order of the run classes (kLongestRun,
// kLongestDottedRun, then the digit runs), and the bytes each counts
// (RunWeight 1): every byte for the first two, digits for the digit runs.
constexpr std::size_t kRunAlphabets = kRunClassCount;
constexpr std::size_t kFirstDigitAlphabet = kFirstDigitRun - static_cast<std::size_t>(ByteClass::kLongestRun);
constexpr bool InRunAlphabet(std::size_t alphabet, unsigned char c) {
  const bool digit = c >= '0' && c <= '9';
  const bool alnum = digit || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  switch (alphabet) {
    case 0: return alnum || c == '+' || c == '/' || c == '_' || c == '-';
    case 1: return alnum || c == '.';
    case 2: return digit;
    case 3: return digit || c == ' ' || c == '-';
    default: {
      // '(' ... ':' is "()*+,-./0123456789:".
      const unsigned char lower = static_cast<unsigned char>(c | 0x20);
      return (c >= '(' && c <= ':') || c == ' ' || c == '#' || lower == 'e' || lower == 'i' ||
             lower == 'n' || lower == 'o' || lower == 's' || lower == 't' || lower == 'x';
    }
  }
}
constexpr std::uint32_t RunWeight(std::size_t alphabet, unsigned char c) {
  if (alphabet < kFirstDigitAlphabet) return InRunAlphabet(alphabet, c) ? 1 : 0;
  return c >= '0' && c <= '9' ? 1 : 0;
}
constexpr std::size_t RunClassIndex(std::size_t alphabet) {
  return static_cast<std::size_t>(ByteClass::kLongestRun) + alphabet;
}

struct ClassTable {
  std::array<std::uint8_t, 256> of{};
  std::array<std::array<std::uint8_t, 256>, kRunAlphabets> in_run{};
  constexpr ClassTable() {
    for (int c = 0; c < 256; ++c) {
      of[c] = ClassIndexOf(static_cast<unsigned char>(c));
      for (std::size_t a = 0; a < kRunAlphabets; ++a) {
        in_run[a][c] = InRunAlphabet(a, static_cast<unsigned char>(c)) ? 1 : 0;
      }
    }
  }
};
constexpr ClassTable kClassTable;

using ByteSet = std::bitset<256>;

std::uint32_t SaturatingAdd(std::uint32_t a, std::uint32_t b) {
  return a > std::numeric_limits<std::uint32_t>::max() - b ? std::numeric_limits<std::uint32_t>::max()
                                                           : a + b;
}
std::uint32_t SaturatingMul(std::uint32_t a, std::uint32_t n) {
  if (a == 0 || n == 0) return 0;
  return a > std::numeric_limits<std::uint32_t>::max() / n ? std::numeric_limits<std::uint32_t>::max()
                                                           : a * n;
}

// What the analysis knows of the strings a subexpression matches: for each
// class, the least count in any of them, and for each run alphabet (Run):
// whether every string lies entirely in it (`full`, then `length` is the
// least weight of a whole string), the least weight of the run every string
// starts with (`prefix`), ends with (`suffix`) and holds somewhere
// (`inner`). A run's weight is the number of its bytes the alphabet counts
// (RunWeight): all of them for the first two alphabets (a length), the
// digits for the digit runs.
//
// And whether it is a small finite set of strings: `strings` of them after
// ASCII case folding (kMany: too many, or unbounded), the shortest
// `shortest` bytes long.
constexpr std::uint32_t kMany = 1u << 20;
struct Run {
  bool full = true;  // the empty string is all in the alphabet
  std::uint32_t length = 0, prefix = 0, suffix = 0, inner = 0;
};
struct Needs {
  ByteClassCounts counts;
  std::array<Run, kRunAlphabets> runs;
  std::uint32_t strings = 1;  // the empty string
  std::uint32_t shortest = 0;
};

std::uint32_t CappedStrings(std::uint64_t n) {
  return n >= kMany ? kMany : static_cast<std::uint32_t>(n);
}

ByteClassCounts CountsOfByteSet(const ByteSet& set);

// A byte set counts one byte of class k when it is not empty and lies
// entirely inside k; it is a run when it lies inside the run alphabet, of
// weight 1 if the alphabet counts every byte of the set, else 0.
Needs NeedsOfByteSet(const ByteSet& set) {
  Needs out;
  for (std::size_t a = 0; a < kRunAlphabets; ++a) {
    Run& r = out.runs[a];
    r.full = set.any();
    std::uint32_t weight = 1;
    for (int c = 0; c < 256 && r.full; ++c) {
      if (!set.test(c)) continue;
      if (!kClassTable.in_run[a][c]) r.full = false;
      if (RunWeight(a, static_cast<unsigned char>(c)) == 0) weight = 0;
    }
    if (r.full) r.length = r.prefix = r.suffix = r.inner = weight;
  }
  out.counts = CountsOfByteSet(set);
  ByteSet folded = set;
  for (int c = 'A'; c <= 'Z'; ++c) {
    if (folded.test(c)) {
      folded.reset(c);
      folded.set(c - 'A' + 'a');
    }
  }
  out.strings = static_cast<std::uint32_t>(folded.count());
  out.shortest = 1;
  return out;
}

ByteClassCounts CountsOfByteSet(const ByteSet& set) {
  ByteClassCounts out;
  if (set.none()) return out;
  std::uint8_t only = kNoClass;
  for (int c = 0; c < 256; ++c) {
    if (!set.test(c)) continue;
    const std::uint8_t k = kClassTable.of[c];
    if (k == kNoClass || (only != kNoClass && k != only)) return out;
    only = k;
  }
  out.n[only] = 1;
  return out;
}

void AddCaseVariants(ByteSet& set) {
  for (int c = 'a'; c <= 'z'; ++c) {
    if (set.test(c) || set.test(c - 'a' + 'A')) {
      set.set(c);
      set.set(c - 'a' + 'A');
    }
  }
}

ByteSet RangeSet(int lo, int hi) {
  ByteSet s;
  for (int c = lo; c <= hi; ++c) s.set(c);
  return s;
}

const ByteSet& DigitSet() {
  static const ByteSet s = RangeSet('0', '9');
  return s;
}
const ByteSet& WordSet() {
  static const ByteSet s = RangeSet('0', '9') | RangeSet('A', 'Z') | RangeSet('a', 'z') |
                           RangeSet('_', '_');
  return s;
}
const ByteSet& SpaceSet() {
  static const ByteSet s = [] {
    ByteSet b;
    for (char c : std::string("\t\n\f\r ")) b.set(static_cast<unsigned char>(c));
    return b;
  }();
  return s;
}

Needs Concatenate(const Needs& a, const Needs& b) {
  Needs out;
  for (std::size_t k = 0; k < kByteClassCount; ++k) {
    out.counts.n[k] = SaturatingAdd(a.counts.n[k], b.counts.n[k]);
  }
  for (std::size_t k = 0; k < kRunAlphabets; ++k) {
    const Run &x = a.runs[k], &y = b.runs[k];
    Run& r = out.runs[k];
    r.full = x.full && y.full;
    r.length = SaturatingAdd(x.length, y.length);
    r.prefix = x.full ? SaturatingAdd(x.length, y.prefix) : x.prefix;
    r.suffix = y.full ? SaturatingAdd(y.length, x.suffix) : y.suffix;
    r.inner = std::max({x.inner, y.inner, SaturatingAdd(x.suffix, y.prefix)});
  }
  out.strings = CappedStrings(std::uint64_t{a.strings} * b.strings);
  out.shortest = SaturatingAdd(a.shortest, b.shortest);
  return out;
}

// Either of two subexpressions: the least of each.
Needs Either(const Needs& a, const Needs& b) {
  Needs out;
  for (std::size_t k = 0; k < kByteClassCount; ++k) {
    out.counts.n[k] = std::min(a.counts.n[k], b.counts.n[k]);
  }
  for (std::size_t k = 0; k < kRunAlphabets; ++k) {
    const Run &x = a.runs[k], &y = b.runs[k];
    Run& r = out.runs[k];
    r.full = x.full && y.full;
    r.length = std::min(x.length, y.length);
    r.prefix = std::min(x.prefix, y.prefix);
    r.suffix = std::min(x.suffix, y.suffix);
    r.inner = std::min(x.inner, y.inner);
  }
  out.strings = CappedStrings(std::uint64_t{a.strings} + b.strings);
  out.shortest = std::min(a.shortest, b.shortest);
  return out;
}

// `times` to `most` repetitions of `c` (most: UINT32_MAX for unbounded).
Needs Repeated(const Needs& c, std::uint32_t times, std::uint32_t most) {
  Needs out;
  // The strings: sum of c.strings^k for k in [times, most].
  std::uint64_t strings = 0;
  if (most == std::numeric_limits<std::uint32_t>::max() || c.strings >= kMany) {
    strings = kMany;
  } else {
    std::uint64_t power = 1;
    for (std::uint32_t k = 0; k <= most && strings < kMany; ++k) {
      if (k >= times) strings += power;
      power = std::min<std::uint64_t>(power * c.strings, kMany);
    }
  }
  out.strings = CappedStrings(strings);
  out.shortest = SaturatingMul(c.shortest, times);
  if (times == 0) {
    for (std::size_t k = 0; k < kRunAlphabets; ++k) {
      out.runs[k].full = c.runs[k].full;  // empty, or repetitions of c
    }
    return out;
  }
  for (std::size_t k = 0; k < kByteClassCount; ++k) {
    out.counts.n[k] = SaturatingMul(c.counts.n[k], times);
  }
  for (std::size_t k = 0; k < kRunAlphabets; ++k) {
    const Run& x = c.runs[k];
    Run& r = out.runs[k];
    r.full = x.full;
    if (x.full) {
      r.length = r.prefix = r.suffix = r.inner = SaturatingMul(x.length, times);
      continue;
    }
    r.prefix = x.prefix;
    r.suffix = x.suffix;
    r.inner = std::max(x.inner, times >= 2 ? SaturatingAdd(x.suffix, x.prefix) : 0u);
  }
  return out;
}

// Recursive descent over the pattern. Any construct not understood sets
// `failed`; the caller then reports nothing.
class Analyser {
 public:
  explicit Analyser(std::string_view p) : p_(p) {}

  PatternByteNeeds Run() {
    PatternByteNeeds out;
    bool ci = false;
    const Needs n = Alternation(ci);
    if (failed_ || pos_ != p_.size()) return out;  // e.g. an unmatched ')'
    out.least = n.counts;
    for (std::size_t a = 0; a < kRunAlphabets; ++a) {
      out.least.n[RunClassIndex(a)] = n.runs[a].full ? n.runs[a].length : n.runs[a].inner;
    }
    for (std::size_t k = 0; k < kDigitRunCount; ++k) {
      if (n.runs[kFirstDigitAlphabet + k].full) out.inside_digit_runs |= 1u << k;
    }
    out.parsed = true;
    if (top_bars_.empty()) {
      out.literal_factor = BestLiteralFactor();
    } else if (!top_flags_) {
      std::size_t from = 0;
      for (std::size_t bar : top_bars_) {
        out.alternatives.push_back(p_.substr(from, bar - from));
        from = bar + 1;
      }
      out.alternatives.push_back(p_.substr(from));
    }
    return out;
  }

 private:
  // One quantified atom of the pattern's top-level concatenation.
  struct Item {
    std::size_t begin, end;  // its bytes in the pattern
    std::uint32_t strings, shortest;
  };

  // The run of consecutive top-level items that is a set of at most
  // kMaxFactorStrings strings, with the longest shortest string (at least
  // kMinFactorBytes).
  std::string_view BestLiteralFactor() const {
    constexpr std::uint64_t kMaxFactorStrings = 64;
    constexpr std::uint32_t kMinFactorBytes = 3;
    std::string_view best;
    std::uint32_t best_shortest = kMinFactorBytes - 1;
    std::uint64_t best_strings = 0;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      std::uint64_t strings = 1;
      std::uint32_t shortest = 0;
      for (std::size_t j = i; j < items_.size(); ++j) {
        strings *= items_[j].strings;
        if (strings > kMaxFactorStrings) break;
        shortest += items_[j].shortest;
        if (shortest > best_shortest || (shortest == best_shortest && strings < best_strings)) {
          best_shortest = shortest;
          best_strings = strings;
          best = p_.substr(items_[i].begin, items_[j].end - items_[i].begin);
        }
      }
    }
    return best;
  }

  bool AtEnd() const { return pos_ >= p_.size(); }
  char Peek() const { return p_[pos_]; }
  Needs Fail() {
    failed_ = true;
    return {};
  }

  // branch ('|' branch)*: the least over the branches. Stops before ')'.
  Needs Alternation(bool ci) {
    Needs least = Concatenation(ci);
    while (!failed_ && !AtEnd() && Peek() == '|') {
      if (depth_ == 0) top_bars_.push_back(pos_);
      ++pos_;
      least = Either(least, Concatenation(ci));
    }
    return least;
  }

  // A sequence of quantified atoms. `ci` may be changed by "(?i)".
  Needs Concatenation(bool& ci) {
    Needs sum;
    while (!failed_ && !AtEnd() && Peek() != '|' && Peek() != ')') {
      const std::size_t begin = pos_;
      const bool ci_before = ci;
      Needs atom = Atom(ci);
      if (failed_) break;
      atom = Quantified(atom);
      if (depth_ == 0) {
        // A factor is cut out of the pattern as it is written, so an item
        // under (or setting) a top-level "(?i)" cannot be part of one.
        const bool flags = ci_before || ci;
        if (flags) top_flags_ = true;
        items_.push_back(Item{begin, pos_, flags ? kMany : atom.strings, atom.shortest});
      }
      sum = Concatenate(sum, atom);
    }
    return sum;
  }

  // Applies the quantifiers that follow an atom.
  Needs Quantified(Needs atom) {
    bool quantified = false;
    while (!failed_ && !AtEnd()) {
      const char c = Peek();
      constexpr std::uint32_t kUnbounded = std::numeric_limits<std::uint32_t>::max();
      std::uint32_t least_times = 0;
      std::uint32_t most_times = kUnbounded;
      if (c == '*' || c == '?') {
        ++pos_;
        least_times = 0;
        if (c == '?') most_times = 1;
      } else if (c == '+') {
        ++pos_;
        least_times = 1;
      } else if (c == '{') {
        std::size_t end = pos_ + 1;
        const auto number = [&] {
          std::uint64_t n = 0;
          while (end < p_.size() && p_[end] >= '0' && p_[end] <= '9') {
            n = std::min<std::uint64_t>(n * 10 + static_cast<std::uint64_t>(p_[end] - '0'), 1u << 20);
            ++end;
          }
          return static_cast<std::uint32_t>(n);
        };
        const std::size_t digits_from = end;
        least_times = number();
        if (end == digits_from) return atom;  // a literal '{'
        most_times = least_times;
        if (end < p_.size() && p_[end] == ',') {
          ++end;
          const std::size_t most_from = end;
          const std::uint32_t most = number();
          most_times = end == most_from ? kUnbounded : most;
        }
        if (end >= p_.size() || p_[end] != '}') return atom;  // a literal '{'
        pos_ = end + 1;
      } else {
        return atom;
      }
      if (quantified) return Fail();  // "a**": RE2 rejects it; do not guess
      quantified = true;
      atom = Repeated(atom, least_times, most_times);
      if (!AtEnd() && Peek() == '?') ++pos_;  // non-greedy: same bytes
    }
    return atom;
  }

  Needs Atom(bool& ci) {
    const char c = p_[pos_++];
    switch (c) {
      case '(': return Group(ci);
      case '[': {
        ByteSet set;
        if (!Class(ci, set)) return Fail();
        return NeedsOfByteSet(set);
      }
      case '\\': {
        ByteSet set;
        bool zero_width = false;
        if (!Escape(set, zero_width)) return Fail();
        if (zero_width) return {};
        if (ci) AddCaseVariants(set);
        return NeedsOfByteSet(set);
      }
      case '.': return NeedsOfByteSet(~ByteSet());  // any byte (but maybe '\n')
      case '^':
      case '$': return {};
      case '*':
      case '+':
      case '?': return Fail();  // a quantifier with nothing to repeat
      default: {
        ByteSet set;
        set.set(static_cast<unsigned char>(c));
        if (ci) AddCaseVariants(set);
        return NeedsOfByteSet(set);
      }
    }
  }

  // After '(': a group, or "(?flags)" which changes `ci` for the rest of
  // the enclosing group.
  Needs Group(bool& ci) {
    bool inner_ci = ci;
    if (!AtEnd() && Peek() == '?') {
      ++pos_;
      if (!AtEnd() && (Peek() == 'P' || Peek() == '<')) {  // (?P<name>...) or (?<name>...)
        if (Peek() == 'P') ++pos_;
        if (AtEnd() || Peek() != '<') return Fail();
        const std::size_t close = p_.find('>', pos_);
        if (close == std::string_view::npos) return Fail();
        pos_ = close + 1;
      } else {
        bool negate = false;
        bool flag_ci = ci;
        while (!AtEnd() && Peek() != ':' && Peek() != ')') {
          const char f = p_[pos_++];
          if (f == '-') {
            negate = true;
          } else if (f == 'i') {
            flag_ci = !negate;
          } else if (f != 'm' && f != 's' && f != 'U') {
            return Fail();
          }
        }
        if (AtEnd()) return Fail();
        if (Peek() == ')') {  // "(?i)": flags for the rest of this group
          ++pos_;
          ci = flag_ci;
          return {};
        }
        ++pos_;  // ':'
        inner_ci = flag_ci;
      }
    }
    ++depth_;
    const Needs inner = Alternation(inner_ci);
    --depth_;
    if (failed_ || AtEnd() || Peek() != ')') return Fail();
    ++pos_;
    return inner;
  }

  // After '\\' outside a class. Sets `set`, or `zero_width` for assertions.
  bool Escape(ByteSet& set, bool& zero_width) {
    if (AtEnd()) return false;
    const char c = p_[pos_++];
    switch (c) {
      case 'd': set = DigitSet(); return true;
      case 'D': set = ~DigitSet(); return true;
      case 'w': set = WordSet(); return true;
      case 'W': set = ~WordSet(); return true;
      case 's': set = SpaceSet(); return true;
      case 'S': set = ~SpaceSet(); return true;
      case 'C': set.set(); return true;
      case 'b':
      case 'B':
      case 'A':
      case 'z': zero_width = true; return true;
      default: {
        int byte = 0;
        if (!EscapedByte(c, byte)) return false;
        set.set(static_cast<std::size_t>(byte));
        return true;
      }
    }
  }

  // The byte that "\c..." stands for, for escapes naming one byte.
  bool EscapedByte(char c, int& byte) {
    switch (c) {
      case 'n': byte = '\n'; return true;
      case 'r': byte = '\r'; return true;
      case 't': byte = '\t'; return true;
      case 'f': byte = '\f'; return true;
      case 'v': byte = '\v'; return true;
      case 'a': byte = '\a'; return true;
      case 'x': {
        if (!AtEnd() && Peek() == '{') {
          const std::size_t close = p_.find('}', pos_);
          if (close == std::string_view::npos || close == pos_ + 1) return false;
          int v = 0;
          for (std::size_t i = pos_ + 1; i < close; ++i) {
            const int h = HexDigitValue(static_cast<unsigned char>(p_[i]));
            if (h < 0 || v > 0xFF) return false;
            v = v * 16 + h;
          }
          if (v > 0xFF) return false;  // not one Latin-1 byte
          byte = v;
          pos_ = close + 1;
          return true;
        }
        if (pos_ + 2 > p_.size()) return false;
        const int hi = HexDigitValue(static_cast<unsigned char>(p_[pos_]));
        const int lo = HexDigitValue(static_cast<unsigned char>(p_[pos_ + 1]));
        if (hi < 0 || lo < 0) return false;
        byte = hi * 16 + lo;
        pos_ += 2;
        return true;
      }
      default:
        // Escaped punctuation stands for itself; letters and digits not
        // handled above (\p, \Q, \1, \pN ...) are beyond this analysis.
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            static_cast<unsigned char>(c) >= 0x80) {
          return false;
        }
        byte = static_cast<unsigned char>(c);
        return true;
    }
  }

  // After '['. Fills `set` with every byte the class can match.
  bool Class(bool ci, ByteSet& set) {
    bool negated = false;
    if (!AtEnd() && Peek() == '^') {
      negated = true;
      ++pos_;
    }
    bool first = true;
    while (true) {
      if (AtEnd()) return false;
      char c = p_[pos_];
      if (c == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      if (c == '[' && pos_ + 1 < p_.size() && p_[pos_ + 1] == ':') {
        const std::size_t close = p_.find(":]", pos_ + 2);
        if (close == std::string_view::npos) return false;
        ByteSet named;
        if (!PosixClass(p_.substr(pos_ + 2, close - pos_ - 2), named)) return false;
        set |= named;
        pos_ = close + 2;
        continue;
      }
      int lo = 0;
      ++pos_;
      if (c == '\\') {
        if (AtEnd()) return false;
        const char e = p_[pos_];
        if (e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 's' || e == 'S') {
          ByteSet named;
          bool zero_width = false;
          if (!Escape(named, zero_width) || zero_width) return false;
          set |= named;
          continue;
        }
        ++pos_;
        if (!EscapedByte(e, lo)) return false;
      } else {
        lo = static_cast<unsigned char>(c);
      }
      int hi = lo;
      if (pos_ + 1 < p_.size() && p_[pos_] == '-' && p_[pos_ + 1] != ']') {
        ++pos_;
        const char h = p_[pos_++];
        if (h == '\\') {
          if (AtEnd()) return false;
          const char e = p_[pos_++];
          if (!EscapedByte(e, hi)) return false;
        } else if (h == '[') {
          return false;  // "a-[:digit:]" and the like
        } else {
          hi = static_cast<unsigned char>(h);
        }
        if (hi < lo) return false;
      }
      set |= RangeSet(lo, hi);
    }
    if (ci) AddCaseVariants(set);
    if (negated) set.flip();
    return true;
  }

  static bool PosixClass(std::string_view name, ByteSet& set) {
    if (name == "digit") {
      set = DigitSet();
    } else if (name == "upper") {
      set = RangeSet('A', 'Z');
    } else if (name == "lower") {
      set = RangeSet('a', 'z');
    } else if (name == "alpha") {
      set = RangeSet('A', 'Z') | RangeSet('a', 'z');
    } else if (name == "alnum") {
      set = RangeSet('0', '9') | RangeSet('A', 'Z') | RangeSet('a', 'z');
    } else if (name == "xdigit") {
      set = RangeSet('0', '9') | RangeSet('A', 'F') | RangeSet('a', 'f');
    } else if (name == "word") {
      set = WordSet();
    } else if (name == "space") {
      set = SpaceSet();
      set.set('\v');
    } else {
      return false;
    }
    return true;
  }

  std::string_view p_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  int depth_ = 0;  // of groups
  std::vector<std::size_t> top_bars_;  // positions of top-level '|'
  bool top_flags_ = false;             // a top-level "(?i)" is in effect somewhere
  std::vector<Item> items_;  // of the top-level concatenation
};

}  // namespace

std::string_view ByteClassName(ByteClass c) {
  switch (c) {
    case ByteClass::kDigit: return "digit";
    case ByteClass::kAt: return "at";
    case ByteClass::kUpper: return "upper";
    case ByteClass::kColon: return "colon";
    case ByteClass::kDash: return "dash";
    case ByteClass::kDot: return "dot";
    case ByteClass::kSlash: return "slash";
    case ByteClass::kUnderscore: return "underscore";
    case ByteClass::kPlus: return "plus";
    case ByteClass::kPercent: return "percent";
    case ByteClass::kNonAscii: return "non_ascii";
    case ByteClass::kLongestRun: return "longest_run";
    case ByteClass::kLongestDottedRun: return "longest_dotted_run";
    case ByteClass::kLongestDigitRun: return "longest_digit_run";
    case ByteClass::kDigitsInDashedRun: return "digits_in_dashed_run";
    case ByteClass::kDigitsInPhoneRun: return "digits_in_phone_run";
  }
  return "?";
}

namespace {

// CountByteClasses adds one packed word per byte: classes 0-7 in eight 8-bit
// fields of one word, classes 8-10 in another, flushed before a field can
// overflow. Two adds per byte and no stores, where one counter per class
// made every byte wait for the store of the previous one.
struct PackedIncrements {
  std::array<std::uint64_t, 256> low{}, high{};
  std::array<std::uint32_t, 256> run_mask{};         // ~0 in the first run alphabet, else 0
  std::array<std::uint32_t, 256> dotted_run_mask{};  // ~0 in the second
  constexpr PackedIncrements() {
    for (int c = 0; c < 256; ++c) {
      const std::uint8_t k = ClassIndexOf(static_cast<unsigned char>(c));
      if (k < 8) low[c] = std::uint64_t{1} << (8 * k);
      if (k >= 8 && k < kByteClassCount) high[c] = std::uint64_t{1} << (8 * (k - 8));
      run_mask[c] = InRunAlphabet(0, static_cast<unsigned char>(c)) ? ~0u : 0u;
      dotted_run_mask[c] = InRunAlphabet(1, static_cast<unsigned char>(c)) ? ~0u : 0u;
    }
  }
};
#if !defined(__SSE2__)  // the SSE2 pass does not need the table
constexpr PackedIncrements kPacked;
#endif
static_assert(kByteClassCount <= 16, "two packed words hold at most 16 classes");

// Per byte: bit k set if it is in the alphabet of digit run k.
constexpr std::array<std::uint8_t, 256> kDigitRunBits = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    for (std::size_t k = 0; k < kDigitRunCount; ++k) {
      if (InRunAlphabet(kFirstDigitAlphabet + k, static_cast<unsigned char>(c))) t[c] |= 1u << k;
    }
  }
  return t;
}();

// Bit i of member[k]: byte i of the 64 at `p` is in the alphabet of digit
// run k (member[0], [0-9], also says which bytes are digits).
void MarkBlock(const unsigned char* p, std::uint64_t (&member)[kDigitRunCount]) {
  for (auto& m : member) m = 0;
#if defined(__SSE2__)
  // Signed compares: bytes >= 0x80 are negative, so in no range.
  const auto in_range = [](__m128i v, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  const auto eq = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  const auto bits = [](__m128i m) {
    return std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(m))};
  };
  for (unsigned q = 0; q < 4; ++q) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * q));
    const __m128i d = in_range(v, '0', '9');
    const __m128i space = eq(v, ' ');
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));  // ASCII letters to lower case
    __m128i letters = _mm_or_si128(eq(lower, 'e'), eq(lower, 'i'));
    letters = _mm_or_si128(letters, _mm_or_si128(eq(lower, 'n'), eq(lower, 'o')));
    letters = _mm_or_si128(letters, _mm_or_si128(eq(lower, 's'), eq(lower, 't')));
    letters = _mm_or_si128(letters, eq(lower, 'x'));
    // '(' ... ':' is "()*+,-./0123456789:".
    const __m128i phone = _mm_or_si128(_mm_or_si128(in_range(v, '(', ':'), space),
                                       _mm_or_si128(letters, eq(v, '#')));
    const unsigned shift = 16 * q;
    member[0] |= bits(d) << shift;
    member[1] |= bits(_mm_or_si128(d, _mm_or_si128(space, eq(v, '-')))) << shift;
    member[2] |= bits(phone) << shift;
  }
#else
  for (unsigned i = 0; i < 64; ++i) {
    for (std::size_t k = 0; k < kDigitRunCount; ++k) {
      member[k] |= std::uint64_t{(kDigitRunBits[p[i]] >> k) & 1u} << i;
    }
  }
#endif
}

// std::popcount is a library call without -mpopcnt; the runs need a few
// per text.
constexpr std::uint32_t BitCount(std::uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555u);
  x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
  return static_cast<std::uint32_t>((x * 0x0101010101010101u) >> 56);
}

}  // namespace

void MarkDigitRuns(std::string_view text, DigitRuns& out) {
  for (auto& runs : out.runs) runs.clear();
  out.most.fill(0);
  const std::size_t words = (text.size() + 63) / 64;
  out.masks.resize(words * kDigitRunCount);
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t member[kDigitRunCount];
    if (text.size() - w * 64 >= 64) {
      MarkBlock(bytes + w * 64, member);
    } else {  // the last bytes, padded with bytes of no alphabet
      unsigned char tail[64] = {};
      std::memcpy(tail, bytes + w * 64, text.size() - w * 64);
      MarkBlock(tail, member);
    }
    for (std::size_t k = 0; k < kDigitRunCount; ++k) out.masks[k * words + w] = member[k];
  }
}

void FindDigitRuns(ByteClass run_class, std::uint32_t min_digits, DigitRuns& out) {
  const std::size_t k = static_cast<std::size_t>(run_class) - kFirstDigitRun;
  const std::size_t words = out.masks.size() / kDigitRunCount;
  const std::uint64_t* member = out.masks.data() + k * words;
  const std::uint64_t* digit = out.masks.data();  // [0-9] is the first alphabet
  std::vector<DigitRun>& runs = out.runs[k];
  std::uint32_t& most = out.most[k];
  runs.clear();
  most = 0;
  min_digits = std::max<std::uint32_t>(min_digits, 1);
  // A run without a digit holds none, so only the runs around a digit are
  // looked at: from the next digit back and on to the bytes outside the
  // alphabet.
  const std::size_t n = words * 64;
  std::size_t pos = 0;
  while (pos < n) {
    std::size_t w = pos / 64;
    std::uint64_t d = digit[w] & (~std::uint64_t{0} << (pos % 64));
    while (d == 0 && ++w < words) d = digit[w];
    if (d == 0) break;
    const std::size_t at = w * 64 + static_cast<std::size_t>(std::countr_zero(d));
    // The previous run ended at a byte outside the alphabet, so this one
    // never begins before it.
    std::size_t begin = 0;
    {
      std::size_t v = w;
      std::uint64_t outside = ~member[v] & ((std::uint64_t{1} << (at % 64)) - 1);
      while (outside == 0 && v > 0) outside = ~member[--v];
      if (outside != 0) begin = v * 64 + 64 - static_cast<std::size_t>(std::countl_zero(outside));
    }
    std::size_t end = n;  // the bits past the text are zero
    {
      std::size_t v = w;
      std::uint64_t outside = ~member[v] & (~std::uint64_t{0} << (at % 64));
      while (outside == 0 && ++v < words) outside = ~member[v];
      if (outside != 0) end = v * 64 + static_cast<std::size_t>(std::countr_zero(outside));
    }
    std::uint32_t digits = 0;
    if (k == 0) {
      digits = static_cast<std::uint32_t>(end - begin);
    } else {
      for (std::size_t v = at / 64; v * 64 < end; ++v) {
        std::uint64_t b = digit[v];
        if (v == at / 64) b &= ~std::uint64_t{0} << (at % 64);  // none before `at` in the run
        if (end < (v + 1) * 64) b &= (std::uint64_t{1} << (end % 64)) - 1;
        digits += BitCount(b);
      }
    }
    most = std::max(most, digits);
    if (digits >= min_digits) {
      runs.push_back(DigitRun{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                              digits});
    }
    pos = end;
  }
}

namespace {

// The longest digit runs, for CountByteClasses (the match engine uses
// FindDigitRuns).
void CountDigitRuns(std::string_view text, ByteClassCounts& out) {
  std::array<std::uint32_t, kDigitRunCount> run{}, longest{};
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    for (std::size_t k = 0; k < kDigitRunCount; ++k) {
      run[k] = (kDigitRunBits[c] >> k) & 1 ? run[k] + RunWeight(kFirstDigitAlphabet + k, c) : 0;
      longest[k] = std::max(longest[k], run[k]);
    }
  }
  for (std::size_t k = 0; k < kDigitRunCount; ++k) out.n[kFirstDigitRun + k] = longest[k];
}

}  // namespace

#if defined(__SSE2__)
namespace {

// The longest runs of set bits in two words at once: each step shortens
// every run by one, so it takes as many steps as the longer run is long
// (in message text ~10), with two independent chains in flight. (Binary
// lifting without branches measured slower on message text.)
void LongestOnes(std::uint64_t x, std::uint64_t y, std::uint32_t& in_x, std::uint32_t& in_y) {
  in_x = in_y = 0;
  while ((x | y) != 0) {
    in_x += x != 0;
    in_y += y != 0;
    x &= x >> 1;
    y &= y >> 1;
  }
}

// The longest run over consecutive words of a bitmap (bit i = byte i),
// given each word's own longest run.
struct LongestRunOfWords {
  std::uint32_t open = 0;  // the run that reaches the end of the words so far
  std::uint32_t longest = 0;
  void Add(std::uint64_t m, std::uint32_t inside) {
    if (m == ~std::uint64_t{0}) {
      open += 64;
      longest = std::max(longest, open);
      return;
    }
    longest = std::max({longest, open + static_cast<std::uint32_t>(std::countr_one(m)), inside});
    open = static_cast<std::uint32_t>(std::countl_one(m));
  }
};

// 16 bytes at a time: a compare per class, whose all-ones bytes are
// subtracted from per-class byte counters (summed at the end, or before
// they could wrap), and the run alphabets as bitmaps for LongestRunOfWords.
void CountByteClassesSse2(std::string_view text, ByteClassCounts& out) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const __m128i zero = _mm_setzero_si128();
  const auto in_range = [](__m128i v, char lo, char hi) {  // ASCII ranges; bytes >= 0x80 are negative
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  const auto eq = [](__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  static_assert(kByteClassCount == 11, "one counter per class below");
  __m128i acc[kByteClassCount];
  for (auto& a : acc) a = zero;
  const auto flush = [&] {
    for (std::size_t k = 0; k < kByteClassCount; ++k) {
      const __m128i sums = _mm_sad_epu8(acc[k], zero);  // two 64-bit partial sums
      out.n[k] += static_cast<std::uint32_t>(_mm_cvtsi128_si32(sums) +
                                             _mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
      acc[k] = zero;
    }
  };
  LongestRunOfWords run, dotted;
  std::uint64_t run_bits = 0, dotted_bits = 0;
  const std::size_t blocks = (text.size() + 15) / 16;
  for (std::size_t block = 0; block < blocks; ++block) {
    __m128i v;
    if (text.size() - block * 16 >= 16) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + block * 16));
    } else {  // the last bytes, padded with NULs (in no class)
      alignas(16) unsigned char tail[16] = {};
      std::memcpy(tail, bytes + block * 16, text.size() - block * 16);
      v = _mm_load_si128(reinterpret_cast<const __m128i*>(tail));
    }
    const __m128i digit = in_range(v, '0', '9');
    const __m128i upper = in_range(v, 'A', 'Z');
    const __m128i alnum = _mm_or_si128(_mm_or_si128(digit, upper), in_range(v, 'a', 'z'));
    const __m128i dash = eq(v, '-'), dot = eq(v, '.'), slash = eq(v, '/');
    const __m128i underscore = eq(v, '_'), plus = eq(v, '+');
    acc[0] = _mm_sub_epi8(acc[0], digit);
    acc[1] = _mm_sub_epi8(acc[1], eq(v, '@'));
    acc[2] = _mm_sub_epi8(acc[2], upper);
    acc[3] = _mm_sub_epi8(acc[3], eq(v, ':'));
    acc[4] = _mm_sub_epi8(acc[4], dash);
    acc[5] = _mm_sub_epi8(acc[5], dot);
    acc[6] = _mm_sub_epi8(acc[6], slash);
    acc[7] = _mm_sub_epi8(acc[7], underscore);
    acc[8] = _mm_sub_epi8(acc[8], plus);
    acc[9] = _mm_sub_epi8(acc[9], eq(v, '%'));
    acc[10] = _mm_sub_epi8(acc[10], _mm_cmplt_epi8(v, zero));
    const __m128i in_run = _mm_or_si128(_mm_or_si128(alnum, _mm_or_si128(plus, slash)),
                                        _mm_or_si128(underscore, dash));
    const unsigned shift = 16 * (block % 4);
    run_bits |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(in_run))} << shift;
    dotted_bits |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_or_si128(alnum, dot)))}
                   << shift;
    if (block % 4 == 3 || block + 1 == blocks) {  // a word of 64 bytes, or the last
      std::uint32_t in_run_word = 0, in_dotted_word = 0;
      LongestOnes(run_bits, dotted_bits, in_run_word, in_dotted_word);
      run.Add(run_bits, in_run_word);
      dotted.Add(dotted_bits, in_dotted_word);
      run_bits = dotted_bits = 0;
    }
    if (block % 255 == 254) flush();  // a counter byte holds at most 255
  }
  flush();
  out.n[static_cast<std::size_t>(ByteClass::kLongestRun)] = run.longest;
  out.n[static_cast<std::size_t>(ByteClass::kLongestDottedRun)] = dotted.longest;
}

}  // namespace
#endif

void CountByteClasses(std::string_view text, ByteClassCounts& out, bool digit_runs) {
  out = ByteClassCounts{};
#if defined(__SSE2__)
  CountByteClassesSse2(text, out);
#else
  std::uint32_t run = 0, dotted_run = 0;
  std::uint32_t longest = 0, longest_dotted = 0;
  std::size_t i = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  while (i < text.size()) {
    const std::size_t block_end = std::min(text.size(), i + 255);  // no field overflows
    std::uint64_t low = 0;
    std::uint64_t high = 0;
    for (; i < block_end; ++i) {
      const unsigned char c = bytes[i];
      low += kPacked.low[c];
      high += kPacked.high[c];
      run = (run + 1) & kPacked.run_mask[c];
      longest = std::max(longest, run);
      dotted_run = (dotted_run + 1) & kPacked.dotted_run_mask[c];
      longest_dotted = std::max(longest_dotted, dotted_run);
    }
    for (std::size_t k = 0; k < kByteClassCount; ++k) {
      const std::uint64_t word = k < 8 ? low : high;
      out.n[k] += static_cast<std::uint32_t>((word >> (8 * (k % 8))) & 0xFF);
    }
  }
  out.n[static_cast<std::size_t>(ByteClass::kLongestRun)] = longest;
  out.n[static_cast<std::size_t>(ByteClass::kLongestDottedRun)] = longest_dotted;
#endif
  if (digit_runs && out[ByteClass::kDigit] > 0) CountDigitRuns(text, out);
}

PatternByteNeeds AnalysePatternByteNeeds(std::string_view pattern) {
  return Analyser(pattern).Run();
}

}  // namespace scrubline
