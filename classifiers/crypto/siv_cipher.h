// SivCipher: deterministic authenticated encryption (AES-256-SIV, RFC 5297)
// with a 64-byte subkey from the KeyRing.
//
// Deterministic on purpose: equal (plaintext, associated data) give equal
// ciphertexts, so `scan` output is byte-for-byte reproducible and encrypted
// values still join. Associated data binds a ciphertext to its context (for
// dead letters: source topic/partition/offset), so it cannot be moved.
//
// Ciphertext layout: 16-byte SIV tag || ciphertext (same length as plaintext).
// Decrypt rejects any modification with DATA_LOSS.
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
