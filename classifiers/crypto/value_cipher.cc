#include "classifiers/crypto/value_cipher.h"

#include <optional>
#include <vector>

#include "classifiers/crypto/encoding.h"
#include "classifiers/crypto/siv_cipher.h"

namespace scrubline {
namespace {

// Bound into every ciphertext: a value of another format or purpose (a dead
// letter, say) cannot pass for one of these.
constexpr std::string_view kAssociatedData = "scrubline.encrypt.v1";

bool IsKeyIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool IsBase64UrlChar(char c) { return IsKeyIdChar(c) || c == '-' || c == '_'; }

// Splits "enc_<id>_<payload>"; nullopt when the form is wrong.
std::optional<std::pair<std::string_view, std::string_view>> Split(std::string_view text) {
  if (text.substr(0, kEncryptedValuePrefix.size()) != kEncryptedValuePrefix) return std::nullopt;
  text.remove_prefix(kEncryptedValuePrefix.size());
  const std::size_t sep = text.find('_');
  if (sep == 0 || sep == std::string_view::npos || sep > 32) return std::nullopt;
  const std::string_view id = text.substr(0, sep);
  const std::string_view payload = text.substr(sep + 1);
  for (char c : id) {
    if (!IsKeyIdChar(c)) return std::nullopt;
  }
  // 16 tag bytes at least: 22 base64url characters.
  if (payload.size() < 22) return std::nullopt;
  for (char c : payload) {
    if (!IsBase64UrlChar(c)) return std::nullopt;
  }
  return std::make_pair(id, payload);
}

}  // namespace

struct ValueCipher::Impl {
  struct KeyCipher {
    std::string id;
    SivCipher cipher;
  };
  std::vector<KeyCipher> keys;  // keys[0]: the active key
  std::string bytes;            // scratch: tag || ciphertext, or decoded payload
};

ValueCipher::ValueCipher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ValueCipher::ValueCipher(ValueCipher&&) noexcept = default;
ValueCipher& ValueCipher::operator=(ValueCipher&&) noexcept = default;
ValueCipher::~ValueCipher() = default;

StatusOr<ValueCipher> ValueCipher::Create(const KeyRing& ring) {
  auto impl = std::make_unique<Impl>();
  for (const Key& key : ring.keys()) {
    auto cipher = SivCipher::Create(key.Subkey(KeyPurpose::kEncryption));
    if (!cipher.ok()) return cipher.status();
    impl->keys.push_back(Impl::KeyCipher{key.id, std::move(*cipher)});
  }
  if (impl->keys.empty()) return InvalidArgumentError("value cipher: the key ring is empty");
  return ValueCipher(std::move(impl));
}

Status ValueCipher::Encrypt(std::string_view value, std::string& out, std::string_view key_id) {
  Impl::KeyCipher* chosen = &impl_->keys.front();
  if (!key_id.empty() && key_id != chosen->id) {
    chosen = nullptr;
    for (Impl::KeyCipher& k : impl_->keys) {
      if (k.id == key_id) chosen = &k;
    }
    if (chosen == nullptr) return NotFoundError("value cipher: no key with the requested id in the ring");
  }
  impl_->bytes.clear();
  SCRUBLINE_RETURN_IF_ERROR(chosen->cipher.Encrypt(value, kAssociatedData, impl_->bytes));
  out += kEncryptedValuePrefix;
  out += chosen->id;
  out += '_';
  AppendBase64UrlNoPad(impl_->bytes, out);
  return Status::Ok();
}

Status ValueCipher::Decrypt(std::string_view encrypted, std::string& out) {
  const auto parts = Split(encrypted);
  if (!parts) return InvalidArgumentError("not an encrypted value (expected enc_<key id>_<data>)");
  const auto& [id, payload] = *parts;
  Impl::KeyCipher* key = nullptr;
  for (Impl::KeyCipher& k : impl_->keys) {
    if (k.id == id) key = &k;
  }
  if (key == nullptr) {
    return NotFoundError("encrypted under key id '" + std::string(id) + "', which the key ring lacks");
  }
  auto bytes = DecodeBase64Url(payload);
  if (!bytes) return InvalidArgumentError("encrypted value: its data is not base64url");
  const Status status = key->cipher.Decrypt(*bytes, kAssociatedData, out);
  if (!status.ok()) {
    return DataLossError("encrypted value does not authenticate under key '" + std::string(id) +
                         "' (changed, truncated, or not written by scrubline)");
  }
  return Status::Ok();
}

bool ValueCipher::LooksEncrypted(std::string_view text) { return Split(text).has_value(); }

}  // namespace scrubline
