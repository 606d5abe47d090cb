// TextNormalizer: rewrites personal data written to dodge the catalog into
// the plain ASCII forms the catalog's patterns match, and remembers, for every
// byte it writes, which bytes of the original text it came from.
//
// The catalog's patterns are ASCII and match bytes. Someone who wants a value
// to get past them (or a voice transcript, a copy from a PDF, a Japanese
// keyboard) writes it so that the bytes differ while a reader sees the same
// value. Normalize undoes, in two stages:
//
//  1. Per code point (a table built once per process from ICU, never a copied
//     list):
//     - NFKC compatibility forms that are ASCII: full-width digits and
//       letters ("４１５", "ｊｏｈｎ"), full-width "＠" "．" "＋", circled and
//       mathematical digits, no-break and other Unicode spaces;
//     - default-ignorable code points are dropped: zero-width space, joiner
//       and non-joiner (U+200B..U+200D), word joiner (U+2060), BOM (U+FEFF),
//       soft hyphen (U+00AD), bidi controls, variation selectors;
//     - every Unicode dash (ICU's Dash property: U+2010..U+2015, U+2212,
//       U+FE58, U+FE63, U+FF0D, ...) becomes '-';
//     - decimal digits of other scripts become ASCII digits;
//     - letters whose confusable skeleton (UTS #39, uspoof_getSkeleton) is
//       ASCII alphanumeric become that: Cyrillic 'е' U+0435 -> 'e', Greek
//       'ο' U+03BF -> 'o' (homoglyphs). ASCII itself is never re-mapped.
//     Plus percent-decoding of %40 '@', %2B '+', %2E '.', %2D '-', %5F '_'
//     and %20 ' ' (personal data carried in URL query values).
//  2. On the ASCII words of stage 1's output:
//     - spelled-out digit runs ("four one five, five five five, zero one
//       zero zero", "oh" for zero, "double five", "triple oh") of at least 7
//       digits become digits; a pause (comma, dash, full stop) becomes one
//       separator ("415 555 0100"), spaces join;
//     - digits split apart ("4 1 5 5 5 5 0 1 0 0", "415 . 555 . 0100") in a
//       run of at least 7 digits: single-digit groups are joined and a
//       padded separator (" - ", " . ", "  ") shrinks to its mark;
//     - spelled-out e-mail addresses: "name at domain dot com",
//       "name [at] domain [dot] com", "(at)", "{at}", "[dot]", "(dot)",
//       "name @ domain.com". A bare " at " only counts with a spelled-out
//       dot and a well-known top-level domain ("look at this dot" stays).
//
// Offsets: for each output byte, the original [begin, end) it came from. An
// unchanged code point maps each of its bytes to the whole code point, so a
// span mapped back (original begin of its first byte to original end of its
// last) never splits a code point. Invalid UTF-8 is copied byte by byte.
//
// The normalizer is immutable and shared by all threads; NormalizedText is
// per-thread scratch whose buffers are reused: no allocation once grown.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/status.h"

namespace scrubline {

// Original bytes [begin, end) behind one normalized byte.
struct SourceRange {
  std::uint32_t begin;
  std::uint32_t end;
};

// The output of TextNormalizer::Normalize; reuse one per thread.
class NormalizedText {
 public:
  std::string_view text() const { return text_; }
  // The original bytes behind normalized bytes [begin, end), begin < end <= size.
  SourceRange SourceOf(std::uint32_t begin, std::uint32_t end) const {
    return SourceRange{map_[begin].begin, map_[end - 1].end};
  }
  // Per normalized byte (tests and diagnostics).
  const std::vector<SourceRange>& map() const { return map_; }

 private:
  friend class TextNormalizer;
  std::string text_;
  std::vector<SourceRange> map_;
  // Stage 1's output, read by stage 2.
  std::string stage_text_;
  std::vector<SourceRange> stage_map_;
};

class TextNormalizer {
 public:
  // The process-wide normalizer: its code point table is built from ICU on
  // the first call (~10-20 ms), then shared. An error if ICU fails.
  static StatusOr<std::shared_ptr<const TextNormalizer>> Shared();

  // Normalizes `text` into `out`. Returns false, leaving `out` unspecified,
  // when nothing would change (then the catalog has seen everything there is
  // to see). Texts of 4 GiB or more are left alone (false).
  bool Normalize(std::string_view text, NormalizedText& out) const;

  // True if some code point of `text` would be rewritten by stage 1 (skips
  // ASCII quickly). For callers that pre-select texts.
  bool HasMappedCodePoint(std::string_view text) const;

  // A byte-level regular expression (RE2 Latin-1 and Hyperscan syntax, no
  // UTF-8 mode) matching the UTF-8 encoding of every code point stage 1
  // rewrites: lets a match engine's single pass tell which texts need
  // Normalize, at no cost for the others.
  std::string MappedCodePointPattern() const;

  struct Table;
  explicit TextNormalizer(std::unique_ptr<const Table> table);
  ~TextNormalizer();

 private:
  std::unique_ptr<const Table> table_;
};

}  // namespace scrubline
