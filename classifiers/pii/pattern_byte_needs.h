// What a pattern needs: for a few disjoint byte classes (digits, '@',
// ':' ...), the least number of bytes of that class that every match of a
// regular expression contains, and the same counts for a text.
//
// Why: Hyperscan's cost per text grows with the number of class-heavy
// patterns in its database (~75 catalog patterns: ~1.3 us per 70-byte SMS,
// 90 % of the classifier's time, while each pattern alone costs 10-110 ns).
// Most catalog patterns need several digits ("\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b"
// needs 9), an '@' or a run of separators, and most message bodies have few
// digits and no '@'. Counting a text's classes is one cheap pass;
// a pattern whose needs exceed the text's counts cannot match it, so the
// match engine does not ask Hyperscan about it (match_engine.h, tiers).
//
// The analysis is conservative by construction: it reads the RE2/Hyperscan
// syntax the catalog uses (literals, escapes, classes, groups with flags,
// alternation, every quantifier) and may only under-count. A construct it does
// not know (\p{...}, \Q...\E, an unbalanced group) makes it give up on the
// whole pattern, whose needs are then all zero (the pattern is always
// scanned); `parsed` says so, and a test keeps every shipped pattern parsed.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace scrubline {

// Disjoint byte classes; every other byte belongs to none.
enum class ByteClass : std::uint8_t {
  kDigit,     // 0-9
  kAt,        // @
  kUpper,     // A-Z
  kColon,     // :
  kDash,      // -
  kDot,       // .
  kSlash,     // /
  kUnderscore,
  kPlus,      // +
  kPercent,   // %
  kNonAscii,  // 0x80-0xFF
  // Not a class but a length: the longest run of consecutive bytes of
  // [A-Za-z0-9+/_-] (both base64 alphabets, so also every alphanumeric run).
  // Keys, tokens and IDs need long runs; words are short.
  kLongestRun,
  // The same for [A-Za-z0-9.]: dotted identifiers ("0a1b.2c3d.4e5f") need
  // long ones, the dots of prose ("ok..." "Mr. Smith") do not make them.
  kLongestDottedRun,
  // Digit runs: the most digits in one run of consecutive bytes of an
  // alphabet that numbers are written with. A number's digits sit in one
  // such run, whatever else the text holds: "order 100234, 12:30" has 10
  // digits, but no run of [0-9 -] with more than 6, so no card number.
  // Each alphabet holds the one before it.
  kLongestDigitRun,    // [0-9]
  kDigitsInDashedRun,  // [0-9 -] ("4111 1111-1111 1111": 16)
  // [0-9 #()*+,./:-] and the letters of a phone extension and of masking
  // (e i n o s t x, either case: "ext.", "x", "extension:", "XXXX"):
  // "(415) 555-0100 ext. 12" holds 12, "+1 415 555 XXXX" 4.
  kDigitsInPhoneRun,
};
inline constexpr std::size_t kByteClassCount = 11;  // the classes before the runs
inline constexpr std::size_t kRunClassCount = 5;    // kLongestRun ... kDigitsInPhoneRun
inline constexpr std::size_t kFirstDigitRun = static_cast<std::size_t>(ByteClass::kLongestDigitRun);
inline constexpr std::size_t kDigitRunCount = 3;    // kLongestDigitRun ... kDigitsInPhoneRun

std::string_view ByteClassName(ByteClass c);

// Counts of each class, and the longest runs, indexed by ByteClass.
// Pattern needs saturate at UINT32_MAX.
struct ByteClassCounts {
  std::array<std::uint32_t, kByteClassCount + kRunClassCount> n{};
  std::uint32_t operator[](ByteClass c) const { return n[static_cast<std::size_t>(c)]; }
};

// The counts and longest runs of a text: one pass (SSE2 where the target has
// it, 16 bytes per step; else one table lookup per byte), no
// allocation. Without `digit_runs` the digit-run classes are left at zero
// (the match engine finds them only for texts that need them, with
// FindDigitRuns).
void CountByteClasses(std::string_view text, ByteClassCounts& out, bool digit_runs = true);

// A maximal run of a text in the alphabet of a digit-run class: bytes
// [begin, end), holding `digits` digits.
struct DigitRun {
  std::uint32_t begin;
  std::uint32_t end;
  std::uint32_t digits;
};
// The digit runs of one text (index: class - kFirstDigitRun). Reusable: it
// allocates only when a buffer must grow.
struct DigitRuns {
  // Per class, the runs FindDigitRuns found, in text order.
  std::array<std::vector<DigitRun>, kDigitRunCount> runs;
  // Per class FindDigitRuns was asked for: the most digits in one of its
  // runs (the class's count, as CountByteClasses gives it).
  std::array<std::uint32_t, kDigitRunCount> most{};
  std::vector<std::uint64_t> masks;  // per 64 bytes, which are in each alphabet (MarkDigitRuns)
};
// Marks which bytes of `text` are digits and in each digit-run alphabet,
// 16 at a time, for FindDigitRuns; clears `out`'s runs. ~20-40 ns for an
// SMS.
void MarkDigitRuns(std::string_view text, DigitRuns& out);
// The runs of digit-run class `run_class` in the text last marked that
// hold at least `min_digits` digits (at least 1), into out.runs: one step
// per run that holds a digit (message text has few).
void FindDigitRuns(ByteClass run_class, std::uint32_t min_digits, DigitRuns& out);

struct PatternByteNeeds {
  ByteClassCounts least;  // every match holds at least this many of each class
  bool parsed = false;    // false: the analysis gave up; `least` is all zero
  // A part of the pattern (a substring of it, itself a valid pattern) that
  // every match contains a match of, made of few literal strings of at
  // least 3 bytes each: "(?i:password|secret|token)" in
  // "\b[A-Za-z0-9_-]{0,32}(?i:password|secret|token)[:=][^ ]{6,64}".
  // Hyperscan finds such literals several times faster than the whole
  // pattern, and a text without a match of the factor has none of the
  // pattern. Empty when the pattern has no such part (or alternatives at
  // its top level).
  std::string_view literal_factor;
  // Bit k (k < kDigitRunCount) is set when every match lies wholly inside
  // the alphabet of digit-run class kFirstDigitRun + k, so lies inside one
  // maximal run of it in any text, which then holds at least
  // least[kFirstDigitRun + k] digits.
  std::uint32_t inside_digit_runs = 0;
  // The pattern's top-level alternatives ("A|B" gives "A" and "B"), each a
  // valid pattern, when there are two or more and no top-level flag group
  // changes how they read; else empty. A text that matches the pattern
  // matches one of them, and each may need more than the pattern as a
  // whole (which needs only what all of them need).
  std::vector<std::string_view> alternatives;
};

// The needs of `pattern` (RE2 syntax, matched as Latin-1 bytes as the match
// engine does). Never more than the truth; see the file comment.
PatternByteNeeds AnalysePatternByteNeeds(std::string_view pattern);

}  // namespace scrubline
