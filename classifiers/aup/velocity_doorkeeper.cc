#include "classifiers/aup/velocity_doorkeeper.h"

#include <algorithm>

#include "classifiers/base/hash.h"

namespace scrubline {
namespace {

// Picks a key's line apart from the bits inside it, which come from the key
// itself (an arbitrary odd constant).
constexpr std::uint64_t kLineSalt = 0x8ebc6af09c88c6e3ull;
constexpr int kLineBits = 512;
constexpr int kBitIndexBits = 9;  // log2(kLineBits)
// The key's low bit is always set (velocity_tracker.cc); the 63 above it
// give the bit positions.
static_assert(VelocityDoorkeeper::kBitsPerKey * kBitIndexBits <= 63);
static_assert(VelocityDoorkeeper::kBytesPerSighting * 4 == kLineBits / 8);  // 4 sightings a line

}  // namespace

VelocityDoorkeeper::VelocityDoorkeeper(std::uint32_t capacity)
    : capacity_(capacity),
      lines_per_generation_(capacity / 4),
      lines_(std::make_unique<Line[]>(2 * std::size_t{capacity / 4})) {}

void VelocityDoorkeeper::Advance(std::int64_t epoch) {
  if (epoch <= epoch_) return;
  if (epoch - 1 == epoch_) {  // epoch > kNoEpoch here, so no overflow
    Rotate();
  } else if (epoch_ != kNoEpoch) {  // a silence of more than a half: nothing is left
    Clear(0);
    Clear(1);
    sightings_ = 0;
  }
  epoch_ = epoch;
}

bool VelocityDoorkeeper::Sight(std::span<const std::uint64_t> keys) {
  if (sightings_ == capacity_) Rotate();
  ++sightings_;
  // The lines first, fetched together: the keys' lines are far apart, and
  // waiting for each in turn would cost a memory latency per key.
  std::array<std::size_t, kMaxKeys> lines;
  const std::size_t count = std::min(keys.size(), lines.size());
  for (std::size_t k = 0; k < count; ++k) {
    lines[k] =
        static_cast<std::size_t>(SplitMix64(keys[k] ^ kLineSalt) & (lines_per_generation_ - 1));
    __builtin_prefetch(&lines_[2 * lines[k]], 1);
  }
  // Checked and set in one pass: a key may so find bits that a key of its
  // own sighting set in the same line (two of 8 keys share one of 4,096
  // lines once in 146 sightings), a negligible share of false positives
  // that a separate pass would cost ~10 % of Observe to avoid.
  std::uint64_t seen = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint64_t key = keys[k];
    const std::size_t line = lines[k];
    Line& current = lines_[2 * line + current_];
    const Line& previous = lines_[2 * line + (current_ ^ 1)];
    std::uint64_t in_current = 1, in_previous = 1;
    std::uint64_t positions = key >> 1;
    for (int i = 0; i < kBitsPerKey; ++i, positions >>= kBitIndexBits) {
      const unsigned word = static_cast<unsigned>(positions >> 6) & 7;
      const unsigned bit = static_cast<unsigned>(positions) & 63;
      in_current &= current.words[word] >> bit;
      in_previous &= previous.words[word] >> bit;
      current.words[word] |= std::uint64_t{1} << bit;
    }
    seen |= (in_current | in_previous) & 1;
  }
  return seen != 0;
}

void VelocityDoorkeeper::Clear(int generation) {
  for (std::size_t line = 0; line < lines_per_generation_; ++line) {
    lines_[2 * line + generation] = Line{};
  }
}

// The previous generation is dropped and its lines start the new current one.
void VelocityDoorkeeper::Rotate() {
  current_ ^= 1;
  Clear(current_);
  sightings_ = 0;
}

}  // namespace scrubline
