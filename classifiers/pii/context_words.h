// Context words: the words near a candidate that raise its score, lower it,
// or (for entries that require context) decide whether it counts at all.
//
// The classifier asks "does one of entry E's words occur near this span?"
// for many candidates, and "does one occur anywhere in the text?" for every
// entry that requires context. Scanning the text per question was a third of
// the classifier's time on digit-heavy short texts, so instead:
//   - ContextVocabulary holds every distinct word of the catalog, each with
//     an id, bucketed by its first two bytes (built once, immutable);
//   - ContextOccurrences finds, in one pass over a text and only when first
//     asked, every place a vocabulary word starts at a word start: one
//     Hyperscan scan of the words as caseless literals (~40 ns per SMS,
//     where a byte-by-byte scan cost ~340 ns: its branch on "can a word
//     start here" mispredicted on most letters). The byte-by-byte scan stays
//     as the reference the tests compare with, and as the fallback should
//     Hyperscan fail;
//   - each entry keeps the ids of its words (ContextRule::word_ids), so both
//     questions become a walk over a handful of occurrences.
//
// Words are ASCII, lower-cased, compared ASCII case-insensitively, and must
// start at a word start (a byte not preceded by an ASCII letter or digit).
// Bytes >= 0x80 never start a word, so UTF-8 text is safe. Allocation-free
// once the occurrence buffer has grown.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace scrubline {

class ContextVocabulary {
 public:
  // Adds `word` (lower-case ASCII, non-empty) if new; returns its id.
  std::uint16_t Add(const std::string& word);
  // Call once after the last Add, before any search. Compiles the words
  // into a Hyperscan database; false if Hyperscan refuses (FindAll then
  // scans byte by byte).
  bool Seal();
  ContextVocabulary();
  ~ContextVocabulary();
  ContextVocabulary(const ContextVocabulary&) = delete;
  ContextVocabulary& operator=(const ContextVocabulary&) = delete;

  std::size_t size() const { return words_.size(); }
  const std::string& word(std::uint16_t id) const { return words_[id]; }

  struct Occurrence {
    std::uint32_t begin, end;  // byte span of the word in the text
    std::uint16_t id;
    bool operator==(const Occurrence&) const = default;
  };
  // Allocates `scratch`, or grows it, to serve this vocabulary's searches
  // (the caller frees it with hs_free_scratch). False without a database.
  bool GrowScratch(hs_scratch*& scratch) const;
  // Appends every occurrence in `text`, ordered by position (then end,
  // then id). `scratch` comes from GrowScratch; null: byte by byte.
  void FindAll(std::string_view text, hs_scratch* scratch, std::vector<Occurrence>& out) const;
  // The same by a byte-by-byte scan (reference and fallback).
  void FindAllByteByByte(std::string_view text, std::vector<Occurrence>& out) const;

 private:
  // Words of two or more bytes are bucketed by a hash of their first two
  // (lower-cased) bytes, so a word start costs one table lookup and, mostly,
  // no comparison at all; one-byte words are checked at every word start.
  static constexpr std::size_t kBuckets = 1024;
  static std::size_t Bucket(unsigned char first, unsigned char second) {
    return (first * 31u + second) & (kBuckets - 1);
  }

  // A bucket entry: the word's first (up to) four bytes, little-endian, and
  // the mask of the bytes it has, so most entries are rejected with one
  // compare of the text's four lower-cased bytes.
  struct Entry {
    std::uint32_t prefix;
    std::uint32_t mask;
    std::uint16_t id;
  };

  std::array<bool, 256> starts_word_{};  // lower and upper case of every first byte
  // Bit (first << 8 | second) is set for the lower-cased first two bytes of
  // every 2+ byte word: one lookup per text byte, and a branch taken only
  // where a word could start (a per-byte starts_word_ branch mispredicted
  // on most letters: ~380 ns per SMS).
  std::vector<std::uint64_t> pair_bits_ = std::vector<std::uint64_t>(65536 / 64);
  std::vector<std::string> words_;       // by id
  std::vector<Entry> bucketed_;          // 2+ byte words, by bucket
  std::array<std::uint32_t, kBuckets + 1> bucket_{};  // bucketed_ range of a bucket
  std::vector<std::uint16_t> single_;    // ids of one-byte words
  hs_database* db_ = nullptr;            // every word, caseless; null: byte by byte
};

// The occurrences of one text, computed on first use. Lives in per-thread
// scratch; Reset per text.
class ContextOccurrences {
 public:
  ContextOccurrences() = default;
  ~ContextOccurrences();
  ContextOccurrences(const ContextOccurrences&) = delete;
  ContextOccurrences& operator=(const ContextOccurrences&) = delete;

  void Reset(const ContextVocabulary* vocabulary, std::string_view text) {
    vocabulary_ = vocabulary;
    text_ = text;
    found_ = false;
    list_.clear();
  }

  // Whether one of `ids` occurs anywhere in the text.
  bool AnyOf(const std::vector<std::uint16_t>& ids);
  // With `same_sentence`, an occurrence separated from [begin, end) by a
  // sentence end ('.', '!' or '?' then a blank, or a line break) does not
  // count: "call 3 0 3 5 5 5 0 1 4 4. card 4111…" — the card belongs to the
  // next sentence, not to the number (used for `against` words).
  // The first of `ids` (in text order) that lies within `window` bytes before
  // `begin` (ending at or before it) or after `end` (starting at or after it
  // and ending within the window), or -1.
  int FirstNear(const std::vector<std::uint16_t>& ids, std::uint32_t begin, std::uint32_t end,
                std::uint32_t window,
                bool same_sentence = false);

 private:
  void Find();
  // True if [from, to) of the text holds a sentence end (see FirstNear).
  bool CrossesSentenceEnd(std::uint32_t from, std::uint32_t to) const;

  const ContextVocabulary* vocabulary_ = nullptr;
  hs_scratch* scratch_ = nullptr;  // Hyperscan's, grown for every vocabulary seen
  const ContextVocabulary* scratch_for_ = nullptr;  // the last one it was grown for
  std::string_view text_;
  bool found_ = false;
  std::vector<ContextVocabulary::Occurrence> list_;
};

}  // namespace scrubline
