#include "classifiers/crypto/digest.h"

#include <openssl/evp.h>

#include <cassert>
#include <cstdlib>

#include "classifiers/crypto/encoding.h"

namespace scrubline {
namespace {

// The constructor and Update cannot report errors (the API is shaped for
// fingerprinting config files). EVP_MD_CTX_new/EVP_DigestInit_ex2 fail only on
// allocation failure or a provider configuration without SHA-256; continuing
// would produce a wrong fingerprint, so stop instead (fail closed).
void CheckOrDie(int ok) {
  if (ok != 1) std::abort();
}

}  // namespace

struct Sha256Digest::Impl {
  EVP_MD_CTX* ctx = nullptr;
  bool finalized = false;

  Impl() {
    ctx = EVP_MD_CTX_new();
    CheckOrDie(ctx != nullptr ? 1 : 0);
    // EVP_sha256() is the non-deprecated, implicitly fetched SHA-256.
    CheckOrDie(EVP_DigestInit_ex2(ctx, EVP_sha256(), nullptr));
  }
  ~Impl() { EVP_MD_CTX_free(ctx); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
};

Sha256Digest::Sha256Digest() : impl_(std::make_unique<Impl>()) {}
Sha256Digest::Sha256Digest(Sha256Digest&&) noexcept = default;
Sha256Digest& Sha256Digest::operator=(Sha256Digest&&) noexcept = default;
Sha256Digest::~Sha256Digest() = default;

void Sha256Digest::Update(std::string_view bytes) {
  assert(impl_ != nullptr && !impl_->finalized);
  if (bytes.empty()) return;
  CheckOrDie(EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size()));
}

std::string Sha256Digest::FinalHex() {
  assert(impl_ != nullptr && !impl_->finalized);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  CheckOrDie(EVP_DigestFinal_ex(impl_->ctx, md, &md_len));
  impl_->finalized = true;
  std::string hex;
  hex.reserve(md_len * 2);
  AppendHex(std::string_view(reinterpret_cast<const char*>(md), md_len), hex);
  return hex;
}

}  // namespace scrubline
