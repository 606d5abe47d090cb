#include "classifiers/pii/context_words.h"

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

void ContextVocabulary::Seal() {
  bucketed_.clear();
  single_.clear();
  starts_word_.fill(false);
  for (const std::string& w : words_) {
    const auto c = static_cast<unsigned char>(w[0]);
    starts_word_[c] = true;
    if (c >= 'a' && c <= 'z') starts_word_[c - 'a' + 'A'] = true;
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
    bucketed_.insert(bucketed_.end(), buckets[b].begin(), buckets[b].end());
  }
  bucket_[kBuckets] = static_cast<std::uint32_t>(bucketed_.size());
}

void ContextVocabulary::FindAll(std::string_view text, std::vector<Occurrence>& out) const {
  if (words_.empty()) return;
  const auto matches_at = [&](std::size_t i, const std::string& w) {
    if (w.size() > text.size() - i) return false;
    for (std::size_t j = 0; j < w.size(); ++j) {
      if (Lower(static_cast<unsigned char>(text[i + j])) != static_cast<unsigned char>(w[j])) {
        return false;
      }
    }
    return true;
  };
  const auto emit = [&](std::size_t i, std::uint16_t id) {
    out.push_back(Occurrence{static_cast<std::uint32_t>(i),
                             static_cast<std::uint32_t>(i + words_[id].size()), id});
  };
  // Most bytes cannot start a vocabulary word (table lookup); of those that
  // can, only the ones at a word start are looked up.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!starts_word_[static_cast<unsigned char>(text[i])]) continue;
    if (i > 0 && kAlnum[static_cast<unsigned char>(text[i - 1])]) continue;
    for (std::uint16_t id : single_) {
      if (matches_at(i, words_[id])) emit(i, id);
    }
    if (i + 1 >= text.size()) continue;
    const std::size_t b = Bucket(Lower(static_cast<unsigned char>(text[i])),
                                 Lower(static_cast<unsigned char>(text[i + 1])));
    for (std::uint32_t k = bucket_[b]; k < bucket_[b + 1]; ++k) {
      if (matches_at(i, words_[bucketed_[k]])) emit(i, bucketed_[k]);
    }
  }
}

void ContextOccurrences::Find() {
  if (found_) return;
  found_ = true;
  if (vocabulary_) vocabulary_->FindAll(text_, list_);
}

bool ContextOccurrences::AnyOf(const std::vector<std::uint16_t>& ids) {
  if (ids.empty()) return false;
  Find();
  for (const auto& o : list_) {
    if (Contains(ids, o.id)) return true;
  }
  return false;
}

int ContextOccurrences::FirstNear(const std::vector<std::uint16_t>& ids, std::uint32_t begin,
                                  std::uint32_t end, std::uint32_t window) {
  if (ids.empty()) return -1;
  Find();
  const std::uint32_t lo = begin > window ? begin - window : 0;
  const std::uint64_t hi = std::uint64_t{end} + window;
  for (const auto& o : list_) {
    const bool before = o.begin >= lo && o.end <= begin;
    const bool after = o.begin >= end && o.end <= hi;
    if ((before || after) && Contains(ids, o.id)) return o.id;
  }
  return -1;
}

}  // namespace scrubline
