#include "classifiers/crypto/keyed_hmac.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cassert>

namespace scrubline {

void KeyedHmac::CtxFree::operator()(evp_mac_ctx_st* ctx) const { EVP_MAC_CTX_free(ctx); }

KeyedHmac::KeyedHmac(std::unique_ptr<evp_mac_ctx_st, CtxFree> ctx, std::string_view owner)
    : ctx_(std::move(ctx)), owner_(owner) {}

StatusOr<KeyedHmac> KeyedHmac::Create(std::string_view key, std::string_view owner) {
  const std::string who(owner);
  if (key.empty()) return FailedPreconditionError(who + ": empty HMAC key");
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
  if (mac == nullptr) return InternalError(who + ": EVP_MAC_fetch(HMAC) failed");
  std::unique_ptr<evp_mac_ctx_st, CtxFree> ctx(EVP_MAC_CTX_new(mac));
  EVP_MAC_free(mac);  // the context holds its own reference
  if (ctx == nullptr) return InternalError(who + ": EVP_MAC_CTX_new failed");
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   params) != 1) {
    ERR_clear_error();
    return InternalError(who + ": EVP_MAC_init(HMAC-SHA256) failed");
  }
  return KeyedHmac(std::move(ctx), owner);
}

Status KeyedHmac::Mac(std::string_view label, std::string_view value,
                      unsigned char (&mac)[kMacBytes]) {
  assert(label.find('\0') == std::string_view::npos);
  static constexpr unsigned char kSeparator = 0;
  EVP_MAC_CTX* ctx = ctx_.get();
  std::size_t mac_len = 0;
  const bool ok = EVP_MAC_init(ctx, nullptr, 0, nullptr) == 1 &&
                  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(label.data()),
                                 label.size()) == 1 &&
                  EVP_MAC_update(ctx, &kSeparator, 1) == 1 &&
                  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(value.data()),
                                 value.size()) == 1 &&
                  EVP_MAC_final(ctx, mac, &mac_len, kMacBytes) == 1 && mac_len == kMacBytes;
  if (!ok) {
    ERR_clear_error();
    return InternalError(owner_ + ": HMAC-SHA256 failed");
  }
  return Status::Ok();
}

}  // namespace scrubline
