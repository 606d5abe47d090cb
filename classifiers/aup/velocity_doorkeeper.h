// VelocityDoorkeeper: the velocity table's admission filter
// (velocity_tracker.h). Most bodies in a partition are one-offs; giving each
// a cluster would evict the clusters of campaigns that spread their sends
// over busy traffic. So a body's first sighting only leaves its index keys
// (its sender-and-band keys) here, and a later body of the same sender that
// shares a key with a remembered one earns a cluster.
//
// A blocked Bloom filter in two generations: each key sets kBitsPerKey bits
// in one 64-byte line picked by the key, and a key is remembered when all
// its bits are set in either generation. A key's lines of both generations
// are adjacent, so a sighting costs about one memory access per key.
//
// The current generation becomes the previous one, and the previous is
// cleared, at each later half window (so a sighting is forgotten after
// between half a window and a whole one, like the recipient bitmaps) and
// whenever the current one has taken `capacity` sightings (so the filter
// never fills, however busy the partition: a sighting is remembered across
// at least `capacity` later sightings and fewer than twice that).
// kBytesPerSighting is sized so that near that fill a body of 8 keys no
// one has sent before matches a remembered one about once in 100 (measured
// by the velocity tests; 4 in 100 at 12 bytes, 20 in 100 at 8).
//
// Holds 1-bits of hashes only. Allocates once, in the constructor.
// Deterministic; not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>

namespace scrubline {

class VelocityDoorkeeper {
 public:
  // 16 bits per key of a sighting of 8 keys, kBitsPerKey of them set.
  static constexpr std::size_t kBytesPerSighting = 16;
  static constexpr int kBitsPerKey = 6;
  static constexpr std::size_t kMaxKeys = 8;  // per sighting; more are ignored

  // `capacity`: sightings per generation, a power of two >= 4.
  explicit VelocityDoorkeeper(std::uint32_t capacity);

  // The half window of the record at hand: a later one rotates the
  // generations (by one, or clears both after a longer silence); an
  // earlier one changes nothing.
  void Advance(std::int64_t epoch);
  // Remembers one sighting's keys in the current generation, and returns
  // whether any of them was remembered before (the LSH rule: one shared
  // band). Keys are well-mixed hashes; bits 1 to 54 place a key's bits in
  // its line (bit 0 is free for the caller to fix, as the tracker does).
  bool Sight(std::span<const std::uint64_t> keys);

  std::size_t memory_bytes() const { return 2 * std::size_t{lines_per_generation_} * sizeof(Line); }

 private:
  struct alignas(64) Line {
    std::array<std::uint64_t, 8> words;
  };
  void Clear(int generation);
  void Rotate();

  static constexpr std::int64_t kNoEpoch = std::numeric_limits<std::int64_t>::min();

  std::uint32_t capacity_;
  std::uint32_t lines_per_generation_;
  std::uint32_t sightings_ = 0;  // in the current generation
  int current_ = 0;              // which generation is current (0 or 1)
  std::int64_t epoch_ = kNoEpoch;
  // Line l of generation g at 2 l + g.
  std::unique_ptr<Line[]> lines_;
};

}  // namespace scrubline
