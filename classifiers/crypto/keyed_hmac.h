// KeyedHmac: one HMAC-SHA256 context, keyed once and restarted per message,
// for the keyed identifiers scrubline derives from values: tokens
// (tokenizer.h) and opt-out subject ids (subject_id.h).
//
//   Mac(label, value) = HMAC-SHA256(key, label 0x00 value)
//
// The label (a type name such as "PHONE" or "phone") separates domains, so the
// same value under two labels never yields the same MAC; the 0x00 cannot occur
// in a label, so the split between label and value is unambiguous.
//
// HMAC (RFC 2104) over OpenSSL's SHA-256: the SHA-256 states after the
// key's inner and outer pad blocks are computed once, and each Mac copies
// them (plain structs) and hashes the message and then the inner digest:
// two SHA-256 compressions for a short message, ~0.12 µs on these machines,
// and no allocation at all. OpenSSL 3.0's EVP_MAC, which this replaced,
// took ~0.23 µs and freed and allocated its digest state on every restart
// (EVP_MAC_init re-initialises the digest; no non-deprecated interface
// keeps a keyed state it can copy without allocating). The SHA256_CTX
// functions are deprecated in 3.0 but present and FIPS-irrelevant here;
// tests check the construction against EVP_MAC's HMAC.
// NOT thread-safe: one per thread (Mac itself only reads the keyed states,
// but callers keep it per thread). Movable, not copyable.
// The key is only kept as the two pad states; callers keep theirs.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "classifiers/base/status.h"

namespace scrubline {

class KeyedHmac {
 public:
  static constexpr std::size_t kMacBytes = 32;

  // `owner` names the user in error messages ("tokenizer"); `key` must not be
  // empty. Errors never contain the key.
  static StatusOr<KeyedHmac> Create(std::string_view key, std::string_view owner);

  KeyedHmac(KeyedHmac&&) noexcept;
  KeyedHmac& operator=(KeyedHmac&&) noexcept;
  ~KeyedHmac();

  // Writes Mac(label, value) to `mac`. `label` must not contain 0x00.
  Status Mac(std::string_view label, std::string_view value, unsigned char (&mac)[kMacBytes]);

 private:
  struct PadStates;  // OpenSSL's SHA256_CTX twice, kept out of this header
  KeyedHmac(std::unique_ptr<PadStates> pads, std::string_view owner);

  std::unique_ptr<PadStates> pads_;
  std::string owner_;  // for error messages only
};

}  // namespace scrubline
