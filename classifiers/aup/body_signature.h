// BodySignature: a near-duplicate fingerprint of a message body, for the
// bulk-messaging velocity signal (velocity_tracker.h).
//
// A one-permutation MinHash: the body is normalised and cut into 5-byte
// shingles; each shingle's 64-bit hash picks one of kBins bins by its top
// bits and the bin keeps the smallest of the rest. A bin no shingle fell
// into then borrows the value of a filled bin picked by a fixed hash
// sequence (densification): otherwise two short bodies would agree on the
// bins neither filled ("on my way" and "Thank you!" would share half).
// Two bodies' share of equal bins estimates the Jaccard similarity of their
// shingle sets, so a campaign sent with a different name, link or code per
// recipient still lands close to itself, while ordinary conversation does
// not.
//
// It is computed on the body *rendered with entity tags*: the caller feeds
// the text between findings with AddText and each finding as AddTag(type),
// never a token or the value. Normalisation: ASCII letters folded to lower
// case; every run of ASCII digits becomes one '#' (codes and amounts that
// no detector tagged still vary per recipient, and are not kept); every run
// of other ASCII bytes (space, punctuation, controls) becomes one space;
// bytes >= 0x80 are kept as they are. A tag is a marker byte pair that no
// text can produce, spaced from its neighbours like a word of its own. So
// the signature holds 16 hash minima of what is left: no value, and no way
// back to one.
//
// Building allocates nothing and is O(body length); not thread-safe (one
// builder per thread), the signature is a plain value.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "classifiers/base/entity_type.h"

namespace scrubline {

struct BodySignature {
  static constexpr int kBins = 16;
  // The bins of an empty body (no shingle at all); no shingle hashes to it.
  static constexpr std::uint32_t kEmpty = 0xffffffffu;
  std::array<std::uint32_t, kBins> bins{};

  // How many bins are equal (0..kBins); two empty bins count as equal.
  int Matches(const BodySignature& other) const;
  bool operator==(const BodySignature&) const = default;
};

class BodySignatureBuilder {
 public:
  static constexpr int kShingleBytes = 5;

  BodySignatureBuilder() { Reset(); }
  void Reset();
  void AddText(std::string_view text);
  void AddTag(EntityType type);
  // The signature of everything added since Reset. A body shorter than one
  // shingle is hashed as a single shingle of what there is (so "ok" and
  // "no" differ); an empty body gives all bins empty.
  BodySignature Finish() const;

 private:
  void Push(unsigned char byte);
  // The kind of the last byte added; a body starts as after a separator.
  enum class Last : std::uint8_t { kSeparator, kDigits, kOther };
  std::uint64_t window_ = 0;  // the last kShingleBytes normalised bytes
  int length_ = 0;            // normalised bytes so far (saturating)
  Last last_ = Last::kSeparator;
  std::array<std::uint32_t, BodySignature::kBins> bins_{};
};

}  // namespace scrubline
