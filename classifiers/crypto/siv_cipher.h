// SivCipher: deterministic authenticated encryption (AES-256-SIV, RFC 5297)
// with a 64-byte subkey from the KeyRing.
//
// Deterministic on purpose: equal (plaintext, associated data) give equal
// ciphertexts, so `scan` output is byte-for-byte reproducible and encrypted
// values still join. Associated data binds a ciphertext to its context (for
// dead letters: source topic/partition/offset), so it cannot be moved.
//
// Ciphertext layout: 16-byte SIV tag || ciphertext (same length as plaintext).
// Decrypt rejects any modification with DATA_LOSS. The associated data is one
// S2V component, also when empty (so "" and "no AD" are the same thing here).
// Empty plaintexts work (a tag only).
//
// Create also accepts 32- and 48-byte keys (AES-128/192-SIV) so the RFC 5297
// test vectors can be checked; production keys are 64 bytes.
// Cost: ~1 µs per small value (OpenSSL allows one operation per initialised
// SIV context, so each call copies a keyed template context; OpenSSL allocates
// inside that copy and inside each S2V step).
// Inputs must not view into `out` (it may reallocate).
// NOT thread-safe (owns an EVP_CIPHER_CTX): one per thread. Movable.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "classifiers/base/status.h"

namespace scrubline {

class SivCipher {
 public:
  static StatusOr<SivCipher> Create(std::string_view subkey64);
  SivCipher(SivCipher&&) noexcept;
  SivCipher& operator=(SivCipher&&) noexcept;
  ~SivCipher();

  // Appends tag||ciphertext to `out` (does not clear it).
  Status Encrypt(std::string_view plaintext, std::string_view associated_data, std::string& out);
  // Appends the plaintext to `out`; DATA_LOSS if the tag does not verify.
  Status Decrypt(std::string_view tag_and_ciphertext, std::string_view associated_data,
                 std::string& out);

 private:
  struct Impl;
  explicit SivCipher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
