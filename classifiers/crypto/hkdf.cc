#include "classifiers/crypto/hkdf.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

namespace scrubline {
namespace {

constexpr std::size_t kSha256Size = 32;
constexpr std::size_t kMaxOutput = 255 * kSha256Size;

struct KdfFree {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

// OSSL_PARAM takes non-const pointers even for inputs it only reads.
void* Mutable(std::string_view bytes) { return const_cast<char*>(bytes.data()); }

}  // namespace

StatusOr<std::string> HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                                 std::size_t length) {
  if (ikm.empty()) return InvalidArgumentError("HKDF: empty input key material");
  if (length == 0 || length > kMaxOutput) {
    return InvalidArgumentError("HKDF: output length must be 1.." + std::to_string(kMaxOutput));
  }
  std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr));
  if (kdf == nullptr) return InternalError("HKDF: EVP_KDF_fetch(HKDF) failed");
  std::unique_ptr<EVP_KDF_CTX, KdfFree> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (ctx == nullptr) return InternalError("HKDF: EVP_KDF_CTX_new failed");

  char digest[] = "SHA256";
  OSSL_PARAM params[5];
  std::size_t n = 0;
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, Mutable(ikm), ikm.size());
  // Empty salt or info are simply left out: a missing salt is HashLen zero
  // bytes in OpenSSL, exactly as RFC 5869 §2.2 says (RFC test case 3 checks it).
  if (!salt.empty()) {
    params[n++] =
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, Mutable(salt), salt.size());
  }
  if (!info.empty()) {
    params[n++] =
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, Mutable(info), info.size());
  }
  params[n] = OSSL_PARAM_construct_end();

  std::string out(length, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), params) !=
      1) {
    OPENSSL_cleanse(out.data(), out.size());
    return InternalError("HKDF: EVP_KDF_derive failed");
  }
  return out;
}

}  // namespace scrubline
