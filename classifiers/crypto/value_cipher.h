// ValueCipher: the `encrypt` policy action. A field value becomes
//
//   enc_<key id>_<base64url, no padding, of AES-256-SIV(encryption subkey, value)>
//
// Deterministic (equal values give equal ciphertexts under one key, so
// analytics can still join and count on them) and authenticated (a changed
// byte, a value moved under another key id or cut short is rejected, never
// decrypted to garbage). The associated data is a fixed label naming the
// format version, not the field: the same phone number in `from` and `to`
// encrypts alike, as it tokenises alike. Values are encrypted exactly as they
// are (no canonical form): re-identification gives back the original bytes.
//
// Encrypting uses the ring's active key, or the key a policy's key epochs
// chose for the record; decrypting finds the key by the id in the value, so
// values written under an older key still decrypt while that key stays in the
// ring. Destroying a key makes its values unreadable for good.
//
// Holds key-derived cipher contexts: never log it. NOT thread-safe (one per
// thread, like SivCipher). Movable.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "classifiers/base/status.h"
#include "classifiers/crypto/key_ring.h"

namespace scrubline {

inline constexpr std::string_view kEncryptedValuePrefix = "enc_";

class ValueCipher {
 public:
  // Copies what it needs from `ring` (subkeys of every key).
  static StatusOr<ValueCipher> Create(const KeyRing& ring);
  ValueCipher(ValueCipher&&) noexcept;
  ValueCipher& operator=(ValueCipher&&) noexcept;
  ~ValueCipher();

  // Appends the encrypted form of `value` to `out` (does not clear it),
  // under the key `key_id` (empty: the active key). NOT_FOUND if the ring
  // has no such key.
  Status Encrypt(std::string_view value, std::string& out, std::string_view key_id = {});
  // Appends the original value to `out`. INVALID_ARGUMENT if `encrypted` is
  // not of the form above, NOT_FOUND if its key id is not in the ring,
  // DATA_LOSS if it does not authenticate. Messages never quote the value.
  Status Decrypt(std::string_view encrypted, std::string& out);

  // Whether `text` has the form of an encrypted value (not whether it
  // authenticates).
  static bool LooksEncrypted(std::string_view text);

 private:
  struct Impl;
  explicit ValueCipher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
