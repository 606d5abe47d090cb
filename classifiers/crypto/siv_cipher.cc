#include "classifiers/crypto/siv_cipher.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace scrubline {
namespace {

constexpr std::size_t kTagBytes = 16;  // the SIV, one AES block

struct CipherAlgorithm {
  std::size_t key_bytes;
  const char* siv_name;   // the AEAD
  const char* cmac_name;  // CMAC cipher over K1, the first half of the key
};

// RFC 5297 keys are K1 (S2V / CMAC) || K2 (CTR), each half of the key.
// 64 bytes is what KeyRing derives; 32 and 48 exist for the RFC's test vectors.
constexpr CipherAlgorithm kAlgorithms[] = {
    {64, "AES-256-SIV", "AES-256-CBC"},
    {48, "AES-192-SIV", "AES-192-CBC"},
    {32, "AES-128-SIV", "AES-128-CBC"},
};

struct OsslFree {
  void operator()(EVP_CIPHER* p) const { EVP_CIPHER_free(p); }
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
  void operator()(EVP_MAC* p) const { EVP_MAC_free(p); }
  void operator()(EVP_MAC_CTX* p) const { EVP_MAC_CTX_free(p); }
};
template <typename T>
using OsslPtr = std::unique_ptr<T, OsslFree>;

const unsigned char* Bytes(std::string_view s) {
  // OpenSSL's SIV treats a NULL input as "finish", so an empty view must still
  // point somewhere.
  static constexpr unsigned char kEmpty = 0;
  return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

// Doubling in GF(2^128) as defined in RFC 5297 §2.3 (big-endian bit order).
void Dbl(unsigned char block[kTagBytes]) {
  const unsigned char carry = block[0] >> 7;
  for (std::size_t i = 0; i + 1 < kTagBytes; ++i) {
    block[i] = static_cast<unsigned char>((block[i] << 1) | (block[i + 1] >> 7));
  }
  block[kTagBytes - 1] = static_cast<unsigned char>((block[kTagBytes - 1] << 1) ^ (carry * 0x87));
}

}  // namespace

struct SivCipher::Impl {
  OsslPtr<EVP_CIPHER> cipher;
  // Keyed, never-used contexts. OpenSSL's SIV context allows exactly one
  // operation per initialisation, and initialising with the key re-derives the
  // CMAC state and CTR schedule (~2.2 µs for a 64-byte value here). Copying a
  // keyed template into `work` costs ~0.8 µs, so every call copies.
  OsslPtr<EVP_CIPHER_CTX> encrypt_template;
  OsslPtr<EVP_CIPHER_CTX> decrypt_template;
  OsslPtr<EVP_CIPHER_CTX> work;
  // CMAC keyed with K1, for the empty plaintext: OpenSSL 3.0 skips an empty
  // plaintext update and then fails the final call, so S2V for "" is computed
  // here (RFC 5297 §2.4) and the (empty) CTR step is trivially nothing.
  OsslPtr<EVP_MAC_CTX> cmac;

  // One CMAC over `data` into `out`, restarting the keyed context.
  bool Cmac(const unsigned char* data, std::size_t len, unsigned char out[kTagBytes]) {
    std::size_t out_len = 0;
    return EVP_MAC_init(cmac.get(), nullptr, 0, nullptr) == 1 &&
           EVP_MAC_update(cmac.get(), data, len) == 1 &&
           EVP_MAC_final(cmac.get(), out, &out_len, kTagBytes) == 1 && out_len == kTagBytes;
  }

  // S2V(K1, associated_data, "") — the SIV of an empty plaintext, with the
  // associated data as the single header component (as in the EVP path).
  bool S2vEmptyPlaintext(std::string_view associated_data, unsigned char v[kTagBytes]) {
    static constexpr unsigned char kZero[kTagBytes] = {};
    unsigned char d[kTagBytes];
    unsigned char mac[kTagBytes];
    if (!Cmac(kZero, kTagBytes, d)) return false;
    if (!Cmac(Bytes(associated_data), associated_data.size(), mac)) return false;
    Dbl(d);
    for (std::size_t i = 0; i < kTagBytes; ++i) d[i] ^= mac[i];
    // Final component shorter than a block: T = dbl(D) xor pad(""), pad = 0x80 0...
    Dbl(d);
    d[0] ^= 0x80;
    return Cmac(d, kTagBytes, v);
  }
};

SivCipher::SivCipher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SivCipher::SivCipher(SivCipher&&) noexcept = default;
SivCipher& SivCipher::operator=(SivCipher&&) noexcept = default;
SivCipher::~SivCipher() = default;

StatusOr<SivCipher> SivCipher::Create(std::string_view subkey64) {
  const CipherAlgorithm* algorithm = nullptr;
  for (const CipherAlgorithm& a : kAlgorithms) {
    if (a.key_bytes == subkey64.size()) algorithm = &a;
  }
  if (algorithm == nullptr) {
    return InvalidArgumentError(
        "SIV: key must be 64 bytes (AES-256-SIV; 32 or 48 for tests), got " +
        std::to_string(subkey64.size()));
  }
  const auto* key = reinterpret_cast<const unsigned char*>(subkey64.data());
  auto impl = std::make_unique<Impl>();
  impl->cipher.reset(EVP_CIPHER_fetch(nullptr, algorithm->siv_name, nullptr));
  if (impl->cipher == nullptr) {
    return InternalError(std::string("SIV: EVP_CIPHER_fetch(") + algorithm->siv_name + ") failed");
  }
  impl->encrypt_template.reset(EVP_CIPHER_CTX_new());
  impl->decrypt_template.reset(EVP_CIPHER_CTX_new());
  impl->work.reset(EVP_CIPHER_CTX_new());
  if (impl->encrypt_template == nullptr || impl->decrypt_template == nullptr ||
      impl->work == nullptr) {
    return InternalError("SIV: EVP_CIPHER_CTX_new failed");
  }
  if (EVP_EncryptInit_ex2(impl->encrypt_template.get(), impl->cipher.get(), key, nullptr,
                          nullptr) != 1 ||
      EVP_DecryptInit_ex2(impl->decrypt_template.get(), impl->cipher.get(), key, nullptr,
                          nullptr) != 1) {
    return InternalError("SIV: keying the cipher failed");
  }

  OsslPtr<EVP_MAC> mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_CMAC, nullptr));
  if (mac == nullptr) return InternalError("SIV: EVP_MAC_fetch(CMAC) failed");
  impl->cmac.reset(EVP_MAC_CTX_new(mac.get()));
  if (impl->cmac == nullptr) return InternalError("SIV: EVP_MAC_CTX_new failed");
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
                                       const_cast<char*>(algorithm->cmac_name), 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(impl->cmac.get(), key, subkey64.size() / 2, params) != 1) {
    return InternalError("SIV: keying CMAC failed");
  }
  return SivCipher(std::move(impl));
}

Status SivCipher::Encrypt(std::string_view plaintext, std::string_view associated_data,
                          std::string& out) {
  if (plaintext.size() > static_cast<std::size_t>(INT_MAX) - kTagBytes ||
      associated_data.size() > static_cast<std::size_t>(INT_MAX)) {
    return ResourceExhaustedError("SIV: input larger than 2 GiB");
  }
  const std::size_t start = out.size();
  out.resize(start + kTagBytes + plaintext.size());
  auto* tag = reinterpret_cast<unsigned char*>(out.data() + start);

  if (plaintext.empty()) {
    if (!impl_->S2vEmptyPlaintext(associated_data, tag)) {
      out.resize(start);
      return InternalError("SIV: CMAC failed");
    }
    return Status::Ok();
  }

  EVP_CIPHER_CTX* ctx = impl_->work.get();
  unsigned char final_block[kTagBytes];
  int len = 0;
  const bool ok =
      EVP_CIPHER_CTX_copy(ctx, impl_->encrypt_template.get()) == 1 &&
      // Associated data: an update with no output buffer.
      EVP_EncryptUpdate(ctx, nullptr, &len, Bytes(associated_data),
                        static_cast<int>(associated_data.size())) == 1 &&
      // The plaintext: exactly one update (SIV is not incremental).
      EVP_EncryptUpdate(ctx, tag + kTagBytes, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) == 1 &&
      static_cast<std::size_t>(len) == plaintext.size() &&
      EVP_EncryptFinal_ex(ctx, final_block, &len) == 1 && len == 0 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kTagBytes), tag) == 1;
  if (!ok) {
    ERR_clear_error();
    OPENSSL_cleanse(out.data() + start, out.size() - start);
    out.resize(start);
    return InternalError("SIV: encryption failed");
  }
  return Status::Ok();
}

Status SivCipher::Decrypt(std::string_view tag_and_ciphertext, std::string_view associated_data,
                          std::string& out) {
  if (tag_and_ciphertext.size() < kTagBytes) {
    return DataLossError("SIV: ciphertext shorter than its 16-byte tag");
  }
  if (tag_and_ciphertext.size() > static_cast<std::size_t>(INT_MAX) ||
      associated_data.size() > static_cast<std::size_t>(INT_MAX)) {
    return ResourceExhaustedError("SIV: input larger than 2 GiB");
  }
  const auto* tag = reinterpret_cast<const unsigned char*>(tag_and_ciphertext.data());
  const std::string_view ciphertext = tag_and_ciphertext.substr(kTagBytes);

  if (ciphertext.empty()) {
    unsigned char expected[kTagBytes];
    if (!impl_->S2vEmptyPlaintext(associated_data, expected)) {
      return InternalError("SIV: CMAC failed");
    }
    if (CRYPTO_memcmp(expected, tag, kTagBytes) != 0) {
      return DataLossError("SIV: authentication failed");
    }
    return Status::Ok();
  }

  EVP_CIPHER_CTX* ctx = impl_->work.get();
  // Set up: the tag must be known before the (single) ciphertext update,
  // which decrypts and then verifies.
  if (EVP_CIPHER_CTX_copy(ctx, impl_->decrypt_template.get()) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kTagBytes),
                          const_cast<unsigned char*>(tag)) != 1) {
    return InternalError("SIV: decryption set-up failed");
  }
  int len = 0;
  if (EVP_DecryptUpdate(ctx, nullptr, &len, Bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1) {
    return InternalError("SIV: associated data failed");
  }
  const std::size_t start = out.size();
  out.resize(start + ciphertext.size());
  auto* plain = reinterpret_cast<unsigned char*>(out.data() + start);
  unsigned char final_block[kTagBytes];
  // The update fails exactly when the recomputed SIV differs (OpenSSL wipes the
  // output then); the final call only reports that outcome again.
  const bool ok = EVP_DecryptUpdate(ctx, plain, &len, Bytes(ciphertext),
                                    static_cast<int>(ciphertext.size())) == 1 &&
                  static_cast<std::size_t>(len) == ciphertext.size() &&
                  EVP_DecryptFinal_ex(ctx, final_block, &len) == 1;
  if (!ok) {
    ERR_clear_error();  // a tampered record is an expected event, not an OpenSSL failure
    OPENSSL_cleanse(plain, ciphertext.size());
    out.resize(start);
    return DataLossError("SIV: authentication failed");
  }
  return Status::Ok();
}

}  // namespace scrubline
