#include "classifiers/pii/context_words.h"

#include <hs/hs.h>

#include <algorithm>
#include <array>

namespace scrubline {
namespace {

constexpr bool IsAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr std::array<bool, 256> kAlnum = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < 256; ++c) t[c] = IsAlnum(static_cast<unsigned char>(c));
  return t;
}();
constexpr unsigned char Lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c - 'A' + 'a') : c;
}
constexpr std::array<unsigned char, 256> kLower = [] {
  std::array<unsigned char, 256> t{};
  for (unsigned c = 0; c < 256; ++c) t[c] = Lower(static_cast<unsigned char>(c));
  return t;
}();

bool Contains(const std::vector<std::uint16_t>& ids, std::uint16_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

std::uint16_t ContextVocabulary::Add(const std::string& word) {
  for (std::size_t i = 0; i < words_.size(); ++i) {
    if (words_[i] == word) return static_cast<std::uint16_t>(i);
  }
  words_.push_back(word);
  return static_cast<std::uint16_t>(words_.size() - 1);
}

ContextVocabulary::ContextVocabulary() = default;
ContextVocabulary::~ContextVocabulary() {
  if (db_) hs_free_database(db_);
}

bool ContextVocabulary::Seal() {
  bucketed_.clear();
  single_.clear();
  starts_word_.fill(false);
  for (const std::string& w : words_) {
    const auto c = static_cast<unsigned char>(w[0]);
    starts_word_[c] = true;
    if (c >= 'a' && c <= 'z') starts_word_[c - 'a' + 'A'] = true;
  }
  std::fill(pair_bits_.begin(), pair_bits_.end(), 0);
  for (const std::string& w : words_) {
    if (w.size() < 2) continue;
    const unsigned key = static_cast<unsigned char>(w[0]) << 8 | static_cast<unsigned char>(w[1]);
    pair_bits_[key >> 6] |= std::uint64_t{1} << (key & 63);
  }
  std::array<std::vector<std::uint16_t>, kBuckets> buckets;
  for (std::size_t i = 0; i < words_.size(); ++i) {
    const std::string& w = words_[i];
    if (w.size() == 1) {
      single_.push_back(static_cast<std::uint16_t>(i));
    } else {
      buckets[Bucket(static_cast<unsigned char>(w[0]), static_cast<unsigned char>(w[1]))].push_back(
          static_cast<std::uint16_t>(i));
    }
  }
  for (std::size_t b = 0; b < kBuckets; ++b) {
    bucket_[b] = static_cast<std::uint32_t>(bucketed_.size());
    for (std::uint16_t id : buckets[b]) {
      const std::string& w = words_[id];
      Entry e{0, 0, id};
      for (std::size_t j = 0; j < 4 && j < w.size(); ++j) {
        e.prefix |= std::uint32_t{static_cast<unsigned char>(w[j])} << (8 * j);
        e.mask |= std::uint32_t{0xFF} << (8 * j);
      }
      bucketed_.push_back(e);
    }
  }
  bucket_[kBuckets] = static_cast<std::uint32_t>(bucketed_.size());

  if (db_) hs_free_database(db_);
  db_ = nullptr;
  if (words_.empty()) return true;
  std::vector<const char*> literals;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> flags(words_.size(), HS_FLAG_CASELESS);
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < words_.size(); ++i) {
    literals.push_back(words_[i].data());
    lengths.push_back(words_[i].size());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(literals.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(words_.size()), HS_MODE_BLOCK, nullptr, &db_,
                           &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    db_ = nullptr;
    return false;
  }
  return true;
}

namespace {

struct WordScan {
  const std::vector<std::string>* words;
  const unsigned char* text;
  std::vector<ContextVocabulary::Occurrence>* out;
};

void SortByPosition(std::vector<ContextVocabulary::Occurrence>& out, std::size_t first) {
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
            [](const ContextVocabulary::Occurrence& a, const ContextVocabulary::Occurrence& b) {
              if (a.begin != b.begin) return a.begin < b.begin;
              if (a.end != b.end) return a.end < b.end;
              return a.id < b.id;
            });
}

int OnWord(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* ctx) {
  const auto* scan = static_cast<const WordScan*>(ctx);
  const std::size_t begin = static_cast<std::size_t>(to) - (*scan->words)[id].size();
  if (begin > 0 && kAlnum[scan->text[begin - 1]]) return 0;  // not at a word start
  scan->out->push_back(ContextVocabulary::Occurrence{static_cast<std::uint32_t>(begin),
                                                     static_cast<std::uint32_t>(to),
                                                     static_cast<std::uint16_t>(id)});
  return 0;
}

}  // namespace

bool ContextVocabulary::GrowScratch(hs_scratch*& scratch) const {
  return db_ && hs_alloc_scratch(db_, &scratch) == HS_SUCCESS;
}

void ContextVocabulary::FindAll(std::string_view text, hs_scratch* scratch,
                                std::vector<Occurrence>& out) const {
  if (words_.empty()) return;
  const std::size_t first = out.size();
  if (db_ && scratch && text.size() < (1u << 31)) {
    WordScan scan{&words_, reinterpret_cast<const unsigned char*>(text.data()), &out};
    if (hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch, OnWord, &scan) ==
        HS_SUCCESS) {
      SortByPosition(out, first);  // Hyperscan reports by end
      return;
    }
    out.resize(first);
  }
  FindAllByteByByte(text, out);
}

void ContextVocabulary::FindAllByteByByte(std::string_view text,
                                          std::vector<Occurrence>& out) const {
  if (words_.empty()) return;
  const std::size_t first = out.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const auto emit = [&](std::size_t i, std::uint16_t id) {
    out.push_back(Occurrence{static_cast<std::uint32_t>(i),
                             static_cast<std::uint32_t>(i + words_[id].size()), id});
  };
  // The rest of a word after its first four bytes (the prefix compare).
  const auto rest_matches = [&](std::size_t i, const std::string& w) {
    if (w.size() > n - i) return false;
    for (std::size_t j = 4; j < w.size(); ++j) {
      if (Lower(bytes[i + j]) != static_cast<unsigned char>(w[j])) return false;
    }
    return true;
  };
  // Most bytes cannot start a vocabulary word (table lookup); of those that
  // can, only the ones at a word start are looked up.
  bool after_alnum = false;
  for (std::size_t i = 0; i < n; ++i) {
    const bool at_word_start = !after_alnum;
    after_alnum = kAlnum[bytes[i]];
    const unsigned key = unsigned{kLower[bytes[i]]} << 8 | (i + 1 < n ? kLower[bytes[i + 1]] : 0u);
    const bool pair = (pair_bits_[key >> 6] >> (key & 63)) & 1;
    if (!(at_word_start & (pair | !single_.empty()))) continue;
    for (std::uint16_t id : single_) {
      if (Lower(bytes[i]) == static_cast<unsigned char>(words_[id][0])) emit(i, id);
    }
    if (!pair || i + 1 >= n) continue;
    std::uint32_t four = 0;  // the next (up to) four bytes, lower-cased
    for (std::size_t j = 0; j < 4 && i + j < n; ++j) {
      four |= std::uint32_t{Lower(bytes[i + j])} << (8 * j);
    }
    const std::size_t b = Bucket(Lower(bytes[i]), Lower(bytes[i + 1]));
    for (std::uint32_t k = bucket_[b]; k < bucket_[b + 1]; ++k) {
      const Entry& e = bucketed_[k];
      if ((four & e.mask) != e.prefix) continue;
      const std::string& w = words_[e.id];
      if (w.size() <= 4 ? w.size() <= n - i : rest_matches(i, w)) emit(i, e.id);
    }
  }
  SortByPosition(out, first);
}

ContextOccurrences::~ContextOccurrences() {
  if (scratch_) hs_free_scratch(scratch_);
}

void ContextOccurrences::Find() {
  if (found_) return;
  found_ = true;
  if (!vocabulary_) return;
  // A scratch grown for every vocabulary seen serves each of them.
  if (scratch_for_ != vocabulary_ && vocabulary_->GrowScratch(scratch_)) scratch_for_ = vocabulary_;
  vocabulary_->FindAll(text_, scratch_for_ == vocabulary_ ? scratch_ : nullptr, list_);
}

bool ContextOccurrences::AnyOf(const std::vector<std::uint16_t>& ids) {
  if (ids.empty()) return false;
  Find();
  for (const auto& o : list_) {
    if (Contains(ids, o.id)) return true;
  }
  return false;
}

bool ContextOccurrences::CrossesSentenceEnd(std::uint32_t from, std::uint32_t to) const {
  for (std::uint32_t i = from; i < to && i < text_.size(); ++i) {
    const char c = text_[i];
    if (c == '\n' || c == '\r') return true;
    if ((c == '.' || c == '!' || c == '?') && i + 1 < text_.size() &&
        (text_[i + 1] == ' ' || text_[i + 1] == '\n' || text_[i + 1] == '\t')) {
      return true;
    }
  }
  return false;
}

int ContextOccurrences::FirstNear(const std::vector<std::uint16_t>& ids, std::uint32_t begin,
                                  std::uint32_t end, std::uint32_t window, bool same_sentence) {
  if (ids.empty()) return -1;
  Find();
  const std::uint32_t lo = begin > window ? begin - window : 0;
  const std::uint64_t hi = std::uint64_t{end} + window;
  for (const auto& o : list_) {
    const bool before = o.begin >= lo && o.end <= begin;
    const bool after = o.begin >= end && o.end <= hi;
    if (!(before || after) || !Contains(ids, o.id)) continue;
    if (same_sentence && CrossesSentenceEnd(before ? o.end : end, before ? begin : o.begin)) {
      continue;
    }
    return o.id;
  }
  return -1;
}

}  // namespace scrubline
