#include "classifiers/pii/pattern_byte_needs.h"

#include "classifiers/base/ascii.h"

#include <algorithm>
#include <bitset>
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

// The run alphabets, in the order of the run classes (kLongestRun, then
// kLongestDottedRun).
constexpr std::size_t kRunAlphabets = 2;
constexpr bool InRunAlphabet(std::size_t alphabet, unsigned char c) {
  const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  if (alphabet == 0) return alnum || c == '+' || c == '/' || c == '_' || c == '-';
  return alnum || c == '.';
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
// shortest string's length), the least run every string starts with
// (`prefix`), ends with (`suffix`) and holds somewhere (`inner`).
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
// entirely inside k; it is a run of one when it lies inside the run
// alphabet.
Needs NeedsOfByteSet(const ByteSet& set) {
  Needs out;
  for (std::size_t a = 0; a < kRunAlphabets; ++a) {
    Run& r = out.runs[a];
    r.full = set.any();
    for (int c = 0; c < 256 && r.full; ++c) {
      if (set.test(c) && !kClassTable.in_run[a][c]) r.full = false;
    }
    if (r.full) r.length = r.prefix = r.suffix = r.inner = 1;
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
constexpr PackedIncrements kPacked;
static_assert(kByteClassCount <= 16, "two packed words hold at most 16 classes");

}  // namespace

void CountByteClasses(std::string_view text, ByteClassCounts& out) {
  out = ByteClassCounts{};
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
}

PatternByteNeeds AnalysePatternByteNeeds(std::string_view pattern) {
  return Analyser(pattern).Run();
}

}  // namespace scrubline
