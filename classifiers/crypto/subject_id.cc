#include "classifiers/crypto/subject_id.h"

#include <openssl/crypto.h>

#include <cstring>

#include "classifiers/base/ascii.h"
#include "classifiers/base/entity_type.h"
#include "classifiers/crypto/encoding.h"
#include "classifiers/crypto/tokenizer.h"

namespace scrubline {
namespace {

constexpr std::size_t kSubjectSubkeyBytes = 32;
// base64url without padding of kSubjectDigestBytes bytes.
constexpr std::size_t kDigestChars = (kSubjectDigestBytes * 8 + 5) / 6;

bool IsCanonicalPhone(std::string_view canonical) {
  if (canonical.size() < 2 || canonical.front() != '+') return false;
  for (const char c : canonical.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsCanonicalEmail(std::string_view canonical) {
  const std::size_t at = canonical.rfind('@');
  return at != std::string_view::npos && at != 0 && at + 1 != canonical.size();
}

Status NotOfType(SubjectType type, std::string_view expectation) {
  return InvalidArgumentError(std::string(SubjectTypeName(type)) + " subject: " +
                              std::string(expectation) + " (the value is not shown)");
}

}  // namespace

bool ParseSubjectId(std::string_view id, SubjectType& type, SubjectDigest& digest) {
  const std::size_t colon = id.find(':');
  if (colon == std::string_view::npos) return false;
  const std::optional<SubjectType> parsed = ParseSubjectType(id.substr(0, colon));
  const std::string_view encoded = id.substr(colon + 1);
  if (!parsed || encoded.size() != kDigestChars) return false;
  if (!DecodeBase64UrlNoPadInto(encoded, digest.data(), digest.size())) return false;
  type = *parsed;
  return true;
}

SubjectIdBuilder::SubjectIdBuilder(KeyedHmac mac, std::string key_id)
    : mac_(std::move(mac)), key_id_(std::move(key_id)) {
  canonical_.reserve(256);  // longer values grow it once
}

StatusOr<SubjectIdBuilder> SubjectIdBuilder::Create(const KeyRing& ring) {
  const Key* key = ring.subjects_key();
  if (key == nullptr) {
    return FailedPreconditionError(
        "the key ring has no subjects key; add one with scrubline keygen --subjects");
  }
  const std::string& subkey = key->Subkey(KeyPurpose::kSubject);
  if (subkey.size() != kSubjectSubkeyBytes) {
    return FailedPreconditionError("subject ids: key \"" + key->id +
                                   "\" has no 32-byte subject subkey (use KeyRing::Parse)");
  }
  StatusOr<KeyedHmac> mac = KeyedHmac::Create(subkey, "subject ids");
  if (!mac.ok()) return mac.status();
  return SubjectIdBuilder(std::move(*mac), key->id);
}

Status SubjectIdBuilder::Compute(SubjectType type, std::string_view value,
                                 std::string_view default_calling_code, SubjectDigest& digest) {
  // canonical_ holds the clear value: it does not outlive the call.
  struct Wipe {
    std::string& s;
    ~Wipe() {
      if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
      s.clear();
    }
  } wipe{canonical_};
  std::string_view canonical;
  switch (type) {
    case SubjectType::kPhone:
      Canonicalize(EntityType::kPhone, value, default_calling_code, canonical_);
      canonical = canonical_;
      if (!IsCanonicalPhone(canonical)) {
        return NotOfType(type,
                         "not a phone number (digits, one leading '+' or \"00\", and the "
                         "separators \" ().-/\")");
      }
      break;
    case SubjectType::kEmail:
      Canonicalize(EntityType::kEmail, value, default_calling_code, canonical_);
      canonical = canonical_;
      if (!IsCanonicalEmail(canonical)) {
        return NotOfType(type, "not an e-mail address (no '@' between two parts)");
      }
      break;
    case SubjectType::kAccount:
    case SubjectType::kUser:
      canonical = TrimAsciiSpace(value);  // no copy: the MAC reads the view
      if (canonical.empty()) return NotOfType(type, "empty value");
      break;
  }
  unsigned char mac[KeyedHmac::kMacBytes];
  SCRUBLINE_RETURN_IF_ERROR(mac_.Mac(SubjectTypeName(type), canonical, mac));
  std::memcpy(digest.data(), mac, digest.size());
  OPENSSL_cleanse(mac, sizeof(mac));
  return Status::Ok();
}

Status SubjectIdBuilder::Append(SubjectType type, std::string_view value,
                                std::string_view default_calling_code, std::string& out) {
  SubjectDigest digest;
  SCRUBLINE_RETURN_IF_ERROR(Compute(type, value, default_calling_code, digest));
  out.append(SubjectTypeName(type));
  out.push_back(':');
  AppendBase64UrlNoPad(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()), out);
  return Status::Ok();
}

}  // namespace scrubline
