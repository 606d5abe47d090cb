// SHA256_CTX is deprecated in OpenSSL 3.0 but is the only allocation-free
// way to keep and copy a keyed SHA-256 state (keyed_hmac.h, Cost).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "classifiers/crypto/keyed_hmac.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cassert>
#include <cstring>

namespace scrubline {

struct KeyedHmac::PadStates {
  SHA256_CTX inner;  // after SHA-256 absorbed the key XOR ipad block
  SHA256_CTX outer;  // after the key XOR opad block
  ~PadStates() { OPENSSL_cleanse(this, sizeof *this); }
};

KeyedHmac::KeyedHmac(std::unique_ptr<PadStates> pads, std::string_view owner)
    : pads_(std::move(pads)), owner_(owner) {}
KeyedHmac::KeyedHmac(KeyedHmac&&) noexcept = default;
KeyedHmac& KeyedHmac::operator=(KeyedHmac&&) noexcept = default;
KeyedHmac::~KeyedHmac() = default;

StatusOr<KeyedHmac> KeyedHmac::Create(std::string_view key, std::string_view owner) {
  const std::string who(owner);
  if (key.empty()) return FailedPreconditionError(who + ": empty HMAC key");
  // RFC 2104: a key longer than the block is hashed first; the block is
  // the key zero-padded to 64 bytes.
  constexpr std::size_t kBlock = 64;
  unsigned char block[kBlock] = {};
  if (key.size() > kBlock) {
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), block);
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  unsigned char ipad[kBlock], opad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i) {
    ipad[i] = block[i] ^ 0x36;
    opad[i] = block[i] ^ 0x5c;
  }
  auto pads = std::make_unique<PadStates>();
  const bool ok = SHA256_Init(&pads->inner) == 1 && SHA256_Update(&pads->inner, ipad, kBlock) == 1 &&
                  SHA256_Init(&pads->outer) == 1 && SHA256_Update(&pads->outer, opad, kBlock) == 1;
  OPENSSL_cleanse(block, sizeof block);
  OPENSSL_cleanse(ipad, sizeof ipad);
  OPENSSL_cleanse(opad, sizeof opad);
  if (!ok) return InternalError(who + ": SHA-256 failed while keying HMAC");
  return KeyedHmac(std::move(pads), owner);
}

Status KeyedHmac::Mac(std::string_view label, std::string_view value,
                      unsigned char (&mac)[kMacBytes]) {
  assert(label.find('\0') == std::string_view::npos);
  static constexpr unsigned char kSeparator = 0;
  unsigned char inner_digest[SHA256_DIGEST_LENGTH];
  SHA256_CTX ctx = pads_->inner;
  bool ok = SHA256_Update(&ctx, label.data(), label.size()) == 1 &&
            SHA256_Update(&ctx, &kSeparator, 1) == 1 &&
            SHA256_Update(&ctx, value.data(), value.size()) == 1 &&
            SHA256_Final(inner_digest, &ctx) == 1;
  ctx = pads_->outer;
  ok = ok && SHA256_Update(&ctx, inner_digest, sizeof inner_digest) == 1 && SHA256_Final(mac, &ctx) == 1;
  OPENSSL_cleanse(&ctx, sizeof ctx);
  if (!ok) return InternalError(owner_ + ": HMAC-SHA256 failed");
  return Status::Ok();
}

}  // namespace scrubline
