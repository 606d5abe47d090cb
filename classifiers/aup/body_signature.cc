#include "classifiers/aup/body_signature.h"

#include <algorithm>

#include "classifiers/base/hash.h"

namespace scrubline {
namespace {

constexpr std::uint64_t kWindowMask =
    (std::uint64_t{1} << (8 * BodySignatureBuilder::kShingleBytes)) - 1;
// Salts so these hashes are unrelated to every other SplitMix64 use of the
// same 40-bit values (arbitrary odd constants).
constexpr std::uint64_t kShingleSalt = 0x5bd1e9955bd1e995ull;
constexpr std::uint64_t kDensifySalt = 0x2545f4914f6cdd1dull;

// A tag is the byte pair kTagMarker, kTagTypeBase + type. Normalised text is
// only 'a'..'z', '#', ' ' and bytes >= 0x80: the marker is a control byte
// and the type bytes are digits, upper case and punctuation, so neither
// byte of a tag, let alone the pair, can come from text.
constexpr unsigned char kTagMarker = 0x01;
constexpr unsigned char kTagTypeBase = '0';
static_assert(kTagTypeBase + kEntityTypeCount <= 'a', "tag type bytes must stay below 'a'");

void AddShingle(std::uint64_t window, std::array<std::uint32_t, BodySignature::kBins>& bins) {
  const std::uint64_t h = SplitMix64(window ^ kShingleSalt);
  const unsigned bin = static_cast<unsigned>(h >> 60);  // top 4 bits: one of 16
  // The next 32 bits; kEmpty stays reserved for "no shingle".
  const std::uint32_t value =
      std::min(static_cast<std::uint32_t>(h >> 28), BodySignature::kEmpty - 1);
  bins[bin] = std::min(bins[bin], value);
}

// Fills each bin no shingle fell into from another, non-empty bin chosen by
// a fixed sequence of hashes of the empty bin's number ("optimal
// densification", Shrivastava 2017). Without it, two short bodies would
// agree on the many bins neither filled: "on my way" and "Thank you!" would
// share half their bins with nothing in common. With it, the share of equal
// bins estimates the Jaccard similarity at any length. The donors tried
// depend only on the empty bin's number, so equal bodies densify alike, and
// bodies that share a donor's value share the borrowed ones.
void Densify(std::array<std::uint32_t, BodySignature::kBins>& bins) {
  constexpr unsigned kDraws = 64;  // all miss the one filled bin with probability (15/16)^64 ~ 2%
  const std::array<std::uint32_t, BodySignature::kBins> filled = bins;
  for (unsigned bin = 0; bin < BodySignature::kBins; ++bin) {
    if (filled[bin] != BodySignature::kEmpty) continue;
    // kDraws hashed donors, then the bins after this one in order: bounded
    // even if no bin were filled (Finish never asks then).
    for (unsigned attempt = 0; attempt < kDraws + BodySignature::kBins; ++attempt) {
      const unsigned donor =
          attempt < kDraws
              ? static_cast<unsigned>(SplitMix64(kDensifySalt ^ (bin << 8) ^ attempt) >> 60)
              : (bin + attempt - kDraws + 1) % BodySignature::kBins;
      if (filled[donor] != BodySignature::kEmpty) {
        bins[bin] = filled[donor];
        break;
      }
    }
  }
}

}  // namespace

int BodySignature::Matches(const BodySignature& other) const {
  int equal = 0;
  for (int i = 0; i < kBins; ++i) equal += bins[i] == other.bins[i];
  return equal;
}

void BodySignatureBuilder::Reset() {
  window_ = 0;
  length_ = 0;
  last_ = Last::kSeparator;
  bins_.fill(BodySignature::kEmpty);
}

void BodySignatureBuilder::Push(unsigned char byte) {
  window_ = ((window_ << 8) | byte) & kWindowMask;
  if (length_ < kShingleBytes) ++length_;
  if (length_ == kShingleBytes) AddShingle(window_, bins_);
}

void BodySignatureBuilder::AddText(std::string_view text) {
  // What each byte normalises to, and its kind: runs of digits and of
  // separators collapse to one byte, letters and high bytes never do.
  struct Normalisation {
    std::array<unsigned char, 256> byte{};
    std::array<Last, 256> kind{};
  };
  static constexpr Normalisation kNormal = [] {
    Normalisation n;
    for (int i = 0; i < 256; ++i) {
      auto c = static_cast<unsigned char>(i);
      if (c >= 'A' && c <= 'Z') c |= 0x20;
      if ((c >= 'a' && c <= 'z') || c >= 0x80) {
        n.byte[i] = c;
        n.kind[i] = Last::kOther;
      } else if (c >= '0' && c <= '9') {
        n.byte[i] = '#';  // a code or amount: only its place is kept
        n.kind[i] = Last::kDigits;
      } else {
        n.byte[i] = ' ';  // blanks, punctuation and controls
        n.kind[i] = Last::kSeparator;
      }
    }
    return n;
  }();

  // Two passes over chunks of the text: normalise into a stack buffer
  // without a branch on the byte's kind (word boundaries come too often to
  // predict), then hash the buffer's shingles. Twice as fast as one pass
  // branching per byte.
  unsigned char normalised[256];
  while (!text.empty()) {
    const std::size_t take = std::min(text.size(), sizeof normalised);
    std::size_t kept = 0;
    Last last = last_;
    for (std::size_t i = 0; i < take; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      const Last now = kNormal.kind[c];
      normalised[kept] = kNormal.byte[c];
      // A letter or high byte always; a digit or separator only when it
      // starts a run (a body starts as after a separator: no leading blank).
      kept += (now == Last::kOther) | (now != last);
      last = now;
    }
    last_ = last;
    text.remove_prefix(take);

    std::uint64_t window = window_;  // locals: the bins' stores could alias members
    int length = length_;
    for (std::size_t i = 0; i < kept; ++i) {
      window = ((window << 8) | normalised[i]) & kWindowMask;
      if (length < kShingleBytes && ++length < kShingleBytes) continue;
      AddShingle(window, bins_);
    }
    window_ = window;
    length_ = length;
  }
}

void BodySignatureBuilder::AddTag(EntityType type) {
  // A tag is a word of its own: spaced from its neighbours whatever the
  // detector's span left of the punctuation around it, so "Hi [PERSON]," and
  // "Hi [PERSON] ," and "Hi[PERSON]," normalise alike.
  if (last_ != Last::kSeparator) Push(' ');
  Push(kTagMarker);
  Push(static_cast<unsigned char>(kTagTypeBase + static_cast<unsigned>(type)));
  Push(' ');
  last_ = Last::kSeparator;
}

BodySignature BodySignatureBuilder::Finish() const {
  BodySignature signature;
  signature.bins = bins_;
  if (length_ == 0) return signature;                                // all kEmpty
  if (length_ < kShingleBytes) AddShingle(window_, signature.bins);  // the one short shingle
  Densify(signature.bins);
  return signature;
}

}  // namespace scrubline
