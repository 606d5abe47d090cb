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
// Cost: EVP_MAC_init without a key restarts from the keyed state kept in the
// context: ~160 ns per short message on these machines, against ~365 ns for
// duplicating a keyed template context per call. No allocation by scrubline
// (OpenSSL 3.0 itself mallocs and frees its SHA-256 state when a digest is
// re-initialised; no non-deprecated interface avoids that).
// NOT thread-safe: one per thread. Movable, not copyable (owns the context).
// The key is copied into OpenSSL's context; callers keep theirs.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "classifiers/base/status.h"

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX, kept out of this header

namespace scrubline {

class KeyedHmac {
 public:
  static constexpr std::size_t kMacBytes = 32;

  // `owner` names the user in error messages ("tokenizer"); `key` must not be
  // empty. Errors never contain the key.
  static StatusOr<KeyedHmac> Create(std::string_view key, std::string_view owner);

  // Writes Mac(label, value) to `mac`. `label` must not contain 0x00.
  Status Mac(std::string_view label, std::string_view value, unsigned char (&mac)[kMacBytes]);

 private:
  struct CtxFree {
    void operator()(evp_mac_ctx_st* ctx) const;
  };
  KeyedHmac(std::unique_ptr<evp_mac_ctx_st, CtxFree> ctx, std::string_view owner);

  std::unique_ptr<evp_mac_ctx_st, CtxFree> ctx_;
  std::string owner_;  // for error messages only
};

}  // namespace scrubline
