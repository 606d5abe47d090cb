// The velocity table's admission filter: a sighting is remembered across at
// least `capacity` later sightings and into the next half window, and
// forgotten after two generations of either.
#include "classifiers/aup/velocity_doorkeeper.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "classifiers/base/hash.h"

namespace scrubline {
namespace {

// A sighting of 8 keys unlike any other's (odd, like the tracker's keys).
std::array<std::uint64_t, 8> Keys(std::uint64_t body) {
  std::array<std::uint64_t, 8> keys;
  for (std::uint64_t b = 0; b < keys.size(); ++b) keys[b] = SplitMix64(body * 8 + b) | 1;
  return keys;
}

TEST(VelocityDoorkeeper, OneSharedKeyIsASecondSighting) {
  VelocityDoorkeeper doorkeeper(64);
  doorkeeper.Advance(0);
  EXPECT_FALSE(doorkeeper.Sight(Keys(1)));
  EXPECT_TRUE(doorkeeper.Sight(Keys(1)));
  std::array<std::uint64_t, 8> variant = Keys(2);
  variant[5] = Keys(1)[5];  // one band in common
  EXPECT_TRUE(doorkeeper.Sight(variant));
  EXPECT_FALSE(doorkeeper.Sight(Keys(3)));
}

// Whether a sighting made as number `position` of a fresh doorkeeper's
// first generation is still remembered by the `later`th sighting after it
// (the others are of fresh bodies).
bool RememberedBy(std::uint32_t capacity, std::uint32_t position, std::uint32_t later) {
  VelocityDoorkeeper doorkeeper(capacity);
  std::uint64_t body = 1000;
  for (std::uint32_t i = 0; i < position; ++i) doorkeeper.Sight(Keys(body++));
  doorkeeper.Sight(Keys(1));
  for (std::uint32_t i = 1; i < later; ++i) doorkeeper.Sight(Keys(body++));
  return doorkeeper.Sight(Keys(1));
}

TEST(VelocityDoorkeeper, RemembersForAtLeastACapacityOfLaterSightings) {
  // The last sighting of a generation is remembered by the `capacity`
  // sightings after it (the next generation), the first by 2 x capacity -
  // 1; and not by one more. (A false positive, about 1 in 100 at a full
  // generation, would show as a sighting remembered too long; none does
  // here.)
  constexpr std::uint32_t kCapacity = 256;
  for (const std::uint32_t position : {0u, kCapacity - 1}) {
    const std::uint32_t last = 2 * kCapacity - 1 - position;
    EXPECT_TRUE(RememberedBy(kCapacity, position, last)) << position;
    EXPECT_FALSE(RememberedBy(kCapacity, position, last + 1)) << position;
  }
}

TEST(VelocityDoorkeeper, ForgetsAfterTwoHalvesAndIgnoresLateOnes) {
  VelocityDoorkeeper doorkeeper(64);
  doorkeeper.Advance(10);
  doorkeeper.Sight(Keys(1));
  doorkeeper.Advance(9);                   // late: changes nothing
  doorkeeper.Advance(11);                  // the next half: still the previous generation
  EXPECT_TRUE(doorkeeper.Sight(Keys(1)));  // and now in the current one too
  doorkeeper.Sight(Keys(2));
  doorkeeper.Advance(13);  // two halves on: both generations cleared
  EXPECT_FALSE(doorkeeper.Sight(Keys(1)));
  EXPECT_FALSE(doorkeeper.Sight(Keys(2)));
}

TEST(VelocityDoorkeeper, MemoryIsSixteenBytesASightingTwice) {
  EXPECT_EQ(VelocityDoorkeeper(64).memory_bytes(), 2u * 64 * VelocityDoorkeeper::kBytesPerSighting);
  EXPECT_EQ(VelocityDoorkeeper(16384).memory_bytes(), 512u * 1024);
}

}  // namespace
}  // namespace scrubline
