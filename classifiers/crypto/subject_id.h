// Subject ids: the keys of the opt-out / deletion topic (issue 4).
//
//   <type>:<22 base64url chars of the first 16 bytes of
//           HMAC-SHA256(subject subkey, type 0x00 canonical)>
//   e.g. "phone:CYOgtiFKDOkWaj0tJ1g9ew" (+14155550100 under the subjects key of
//   tests/golden/subjects.keys; base64url without padding)
//
// <type> is the SubjectType name ("phone", "email", "account", "user"); it is
// both the visible prefix and the MAC's domain label, so ids of different
// types never collide. The subject subkey is HKDF'd from the key ring's
// dedicated subjects key (key_ring.h), which does not rotate with token keys:
// a subject id stays the same for as long as the compacted topic keeps it.
// Unlike tokens, an id carries no key id, because it is a lookup key that must
// not change.
//
// Canonical form: phone through Canonicalize(EntityType::kPhone) (E.164, the
// given default calling code for national numbers) and then required to be
// "+" and digits; email through Canonicalize(EntityType::kEmail) (trimmed,
// ASCII lower case) and then required to hold an '@' with text on both sides;
// account and user values trimmed of ASCII blanks, otherwise byte for byte.
// So "+1 415-555-0100", "(415) 555-0100" (calling code 1) and "0014155550100"
// are one subject, and so are "Jane@Example.com" and "jane@example.com".
//
// 16 MAC bytes (128 bits), as for tokens: among 10^10 subjects the chance of
// any two ids colliding is about n^2 / 2^129 < 10^-18, and a collision could
// only make a subject look opted out (a record dropped), never let one
// through. Half the MAC keeps ids short on the topic and table entries small
// (opt_out_table.h stores the 16 bytes, not the text).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "classifiers/base/status.h"
#include "classifiers/base/vocabulary.h"
#include "classifiers/crypto/key_ring.h"
#include "classifiers/crypto/keyed_hmac.h"

namespace scrubline {

#define SCRUBLINE_SUBJECT_TYPES(X) \
  X(kPhone, "phone")               \
  X(kEmail, "email")               \
  X(kAccount, "account")           \
  X(kUser, "user")

// SubjectType, SubjectTypeName ("phone"; the view is static), kSubjectTypeCount.
SCRUBLINE_DECLARE_VOCABULARY(SubjectType, SCRUBLINE_SUBJECT_TYPES, SubjectTypeName,
                             kSubjectTypeCount)

// Inverse of SubjectTypeName (exact, lower case); nullopt for anything else.
inline std::optional<SubjectType> ParseSubjectType(std::string_view name) {
  return ParseVocabulary<SubjectType, kSubjectTypeCount>(SubjectTypeName, name);
}

// The binary form of a subject id: the 16 MAC bytes after "<type>:".
inline constexpr std::size_t kSubjectDigestBytes = 16;
using SubjectDigest = std::array<unsigned char, kSubjectDigestBytes>;

// Splits a subject id into its type and digest without allocating; false if
// `id` is not exactly "<type>:" + 22 base64url chars (strict: one encoding per
// digest). Used to look ids up in binary form.
bool ParseSubjectId(std::string_view id, SubjectType& type, SubjectDigest& digest);

// Computes subject ids. Create once per thread from the key ring.
// Cost: one canonicalisation and one HMAC (~0.12 µs, see keyed_hmac.h); no
// heap allocation once `out` and the internal canonical buffer have grown to
// the longest value seen. NOT thread-safe (owns an HMAC context and that
// buffer): one builder per thread. Movable, not copyable.
class SubjectIdBuilder {
 public:
  // FAILED_PRECONDITION when the ring has no subjects key (the message says
  // how to add one).
  static StatusOr<SubjectIdBuilder> Create(const KeyRing& ring);

  // Appends the subject id of `value` to `out` (does not clear it).
  // `default_calling_code` ("1", "+44" or empty) reads national phone
  // numbers, exactly as the policy's default_calling_code does for tokens; it
  // is ignored for other types. INVALID_ARGUMENT when the value is empty or
  // not of its type (a phone with letters, an e-mail without '@'); errors
  // name the type, never the value. `value` must not view into `out`.
  Status Append(SubjectType type, std::string_view value, std::string_view default_calling_code,
                std::string& out);

  // The same id in binary form (what OptOutTable stores and looks up): no
  // base64 round trip on the hot path.
  Status Compute(SubjectType type, std::string_view value, std::string_view default_calling_code,
                 SubjectDigest& digest);

  const std::string& key_id() const { return key_id_; }  // the subjects key's id

 private:
  SubjectIdBuilder(KeyedHmac mac, std::string key_id);

  KeyedHmac mac_;
  std::string key_id_;
  std::string canonical_;  // reused; wiped after every call (it holds the value)
};

}  // namespace scrubline
