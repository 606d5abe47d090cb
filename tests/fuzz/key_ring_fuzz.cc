// Fuzz target: KeyRing::Parse on arbitrary text.
//
// The key ring comes from a file or the SCRUBLINE_KEY environment variable,
// i.e. from whoever deploys scrubline; a typo must be an error, never a crash
// or a silently short key. Invariants on success (key_ring.h):
//  - at least one key; the first is active();
//  - every id is 1-32 chars of [A-Za-z0-9] and unique; Find(id) finds it;
//  - material holds at least 32 bytes; subkeys have the documented sizes
//    (token 32, encryption 64, dead-letter 64), differ from each other and
//    from the material, and Subkey(purpose) returns the matching one;
//  - parsing is deterministic (same text, same keys and subkeys).
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "classifiers/crypto/key_ring.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

bool IsValidId(const std::string& id) {
  if (id.empty() || id.size() > 32) return false;
  for (const char c : id) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  StatusOr<KeyRing> ring = KeyRing::Parse(text);
  if (!ring.ok()) {
    FUZZ_CHECK(!ring.status().message().empty(), "an error says why");
    return 0;
  }
  const auto& keys = ring->keys();
  FUZZ_CHECK(!keys.empty(), "a parsed key ring holds a key");
  FUZZ_CHECK(&ring->active() == &keys.front(), "the first key is active");
  std::set<std::string> ids;
  for (const Key& key : keys) {
    FUZZ_CHECK(IsValidId(key.id), "ids are 1-32 chars of [A-Za-z0-9]");
    FUZZ_CHECK(ids.insert(key.id).second, "ids are unique");
    FUZZ_CHECK(ring->Find(key.id) == &key, "Find(id) returns the key");
    FUZZ_CHECK(key.material.size() >= 32, "key material holds at least 32 bytes");
    FUZZ_CHECK(key.token_subkey.size() == 32, "token subkey is 32 bytes");
    FUZZ_CHECK(key.encryption_subkey.size() == 64, "encryption subkey is 64 bytes");
    FUZZ_CHECK(key.dead_letter_subkey.size() == 64, "dead-letter subkey is 64 bytes");
    FUZZ_CHECK(&key.Subkey(KeyPurpose::kToken) == &key.token_subkey, "Subkey(kToken)");
    FUZZ_CHECK(&key.Subkey(KeyPurpose::kEncryption) == &key.encryption_subkey,
               "Subkey(kEncryption)");
    FUZZ_CHECK(&key.Subkey(KeyPurpose::kDeadLetter) == &key.dead_letter_subkey,
               "Subkey(kDeadLetter)");
    FUZZ_CHECK(key.encryption_subkey != key.dead_letter_subkey, "subkeys are independent");
    FUZZ_CHECK(key.token_subkey != key.material.substr(0, 32), "subkeys are derived");
  }
  FUZZ_CHECK(ring->Find("") == nullptr, "no key has an empty id");

  StatusOr<KeyRing> again = KeyRing::Parse(text);
  FUZZ_CHECK(again.ok() && again->keys().size() == keys.size(), "parsing is deterministic");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const Key& a = keys[i];
    const Key& b = again->keys()[i];
    FUZZ_CHECK(a.id == b.id && a.material == b.material && a.token_subkey == b.token_subkey &&
                   a.encryption_subkey == b.encryption_subkey &&
                   a.dead_letter_subkey == b.dead_letter_subkey,
               "parsing is deterministic");
  }
  return 0;
}
