// Tokenizer: keyed pseudonyms that keep joins working without the value.
//
//   tok_<key id>_<22 base64url chars of HMAC-SHA256(token subkey, TYPE 0x00 canonical)>
//
// (the first 16 bytes of the MAC, base64url without padding). TYPE is the
// entity type name ("PHONE"), canonical the canonical form of the value
// (Canonicalize below), so the same phone number gets the same token in `from`
// and inside a message body.
//
// Cost: one HMAC from the key's precomputed pad states (keyed_hmac.h), ~120
// ns per token on these machines; no heap allocation, by scrubline or
// OpenSSL, per call once `out` has capacity.
// NOT thread-safe: one Tokenizer per thread (it owns the MAC state).
// Movable, not copyable.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "classifiers/base/entity_type.h"
#include "classifiers/base/status.h"
#include "classifiers/crypto/key_ring.h"

namespace scrubline {

class Tokenizer {
 public:
  // Uses the ring's active key.
  static StatusOr<Tokenizer> Create(const KeyRing& ring);
  // Uses `key` (one of a parsed ring's keys): key epochs, erasure notices.
  static StatusOr<Tokenizer> ForKey(const Key& key);
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // Appends the token to `out` (does not clear it). `canonical` must already be
  // canonical (see Canonicalize).
  Status AppendToken(std::string_view type_name, std::string_view canonical, std::string& out);

  const std::string& key_id() const;

 private:
  struct Impl;
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Canonical form of a value before tokenising, written into `out` (cleared):
//  - EMAIL: trimmed, lower-cased (ASCII).
//  - PHONE: E.164: "+" and digits only; a leading "00" becomes "+"; a national
//    number without a country code gets `default_calling_code` (e.g. "1" or
//    "+1") after a leading trunk "0" is removed. Separators " ().-/" are
//    dropped, surrounding ASCII whitespace trimmed. With an empty
//    `default_calling_code` a national number keeps its trunk "0" and just
//    gets "+" ("020 7946" -> "+0207946"): no real calling code starts with 0,
//    so such a value can never collide with a genuine international number.
//    A value with any other character (letters as in "ext. 12" or vanity
//    numbers, a '+' after a digit) or without digits is not treated as a phone
//    number: it is returned unchanged.
//  - anything else: the value unchanged.
// `value` must not view into `out`. No allocation once `out` has capacity.
void Canonicalize(EntityType type, std::string_view value, std::string_view default_calling_code,
                  std::string& out);

}  // namespace scrubline
