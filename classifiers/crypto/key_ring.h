// KeyRing: the secret keys scrubline pseudonymises and encrypts with.
//
// Text format (a file, or the SCRUBLINE_KEY environment variable): one key per
// line, "ID:BASE64URL", at least 32 bytes after decoding; '#' starts a comment;
// blank lines are ignored. The first key is active (new tokens, new
// ciphertexts); later keys are older ones kept for reading. ID is 1-32 chars of
// [A-Za-z0-9]. `scrubline keygen` prints one such line.
//
// One optional line "subjects ID:BASE64URL" (the word, blanks, then a key in
// the same format, anywhere in the ring) holds the subjects key: the key of
// opt-out / deletion subject ids (subject_id.h). It is not a token key and
// never becomes active: rotating token keys (a new first line) leaves it and
// so every subject id unchanged, which the compacted opt-out topic relies on
// (its keys are subject ids and must stay valid for as long as the topic
// lives). At most one per ring; its id must differ from every token key's.
// Rings without it stay valid; only the opt-out features need it. A ring
// still needs at least one token key. `scrubline keygen --subjects` prints
// such a line.
//
// Each key yields one subkey per purpose through HKDF-SHA256, so a leak of one
// derived key (say the dead-letter one) says nothing about the others.
// Immutable after Parse; safe to share between threads. Holds secrets: never
// log a KeyRing or a Key; ToString-style helpers deliberately do not exist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/status.h"

namespace scrubline {

enum class KeyPurpose {
  kToken,       // HMAC-SHA256 tokens: 32-byte subkey
  kEncryption,  // AES-256-SIV for the `encrypt` action: 64-byte subkey
  kDeadLetter,  // AES-256-SIV for dead-letter payloads: 64-byte subkey
  kSubject,     // HMAC-SHA256 opt-out subject ids: 32-byte subkey, subjects key only
};

struct Key {
  std::string id;
  std::string material;  // raw key bytes (>= 32)
  // Derived subkeys, filled by KeyRing::Parse. A token key (keys()) has the
  // first three and an empty subject_subkey; the subjects key
  // (subjects_key()) has only subject_subkey, so it can never tokenise or
  // encrypt by mistake.
  std::string token_subkey;        // 32 bytes
  std::string encryption_subkey;   // 64 bytes
  std::string dead_letter_subkey;  // 64 bytes
  std::string subject_subkey;      // 32 bytes

  const std::string& Subkey(KeyPurpose purpose) const;
};

class KeyRing {
 public:
  // Parses the text format. Errors name the line number, never key material.
  static StatusOr<KeyRing> Parse(std::string_view text);
  // Reads and parses a file.
  static StatusOr<KeyRing> LoadFile(const std::string& path);
  // Resolution used by every subcommand: --key-file wins over SCRUBLINE_KEY;
  // neither present is a FAILED_PRECONDITION error.
  static StatusOr<KeyRing> FromFileOrEnv(const std::string& key_file_or_empty);
  // A fresh random key line "ID:BASE64URL" (32 random bytes) from the OS CSPRNG.
  static StatusOr<std::string> GenerateLine();
  // The same for the subjects key: "subjects ID:BASE64URL".
  static StatusOr<std::string> GenerateSubjectsLine();

  const Key& active() const { return keys_.front(); }
  // The token key with this id, or nullptr (the subjects key is never found:
  // it decrypts nothing).
  const Key* Find(std::string_view id) const;
  const std::vector<Key>& keys() const { return keys_; }
  // The subjects key, or nullptr when the ring has no "subjects" line.
  const Key* subjects_key() const { return subjects_ ? &*subjects_ : nullptr; }

 private:
  std::vector<Key> keys_;        // token keys; never empty after Parse
  std::optional<Key> subjects_;  // the "subjects" line, if any
};

}  // namespace scrubline
