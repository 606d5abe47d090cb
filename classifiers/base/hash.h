// Small non-cryptographic hashes for tables and opaque ids (never for
// anything an attacker may choose to collide against a secret: tokens use
// the keyed HMAC). Constexpr, allocation-free.
#pragma once

#include <cstdint>
#include <string_view>

namespace scrubline {

inline constexpr std::uint64_t kFnv64Offset = 0xcbf29ce484222325ull;
inline constexpr std::uint64_t kFnv64Prime = 0x100000001b3ull;

// splitmix64's finaliser: every input bit moves every output bit.
constexpr std::uint64_t SplitMix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// FNV-1a over `bytes`, starting from `basis`.
constexpr std::uint64_t Fnv1a64(std::string_view bytes, std::uint64_t basis = kFnv64Offset) {
  for (char c : bytes) basis = (basis ^ static_cast<unsigned char>(c)) * kFnv64Prime;
  return basis;
}

}  // namespace scrubline
