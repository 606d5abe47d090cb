#include "classifiers/crypto/tokenizer.h"

#include <openssl/crypto.h>

#include <cstddef>

#include "classifiers/base/ascii.h"
#include "classifiers/crypto/encoding.h"
#include "classifiers/crypto/keyed_hmac.h"

namespace scrubline {
namespace {

constexpr std::size_t kTokenMacBytes = 16;  // 128 bits: collisions stay out of reach
constexpr std::size_t kTokenSubkeyBytes = 32;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsPhoneSeparator(char c) {
  return c == ' ' || c == '(' || c == ')' || c == '.' || c == '-' || c == '/';
}

void CanonicalizeEmail(std::string_view value, std::string& out) {
  value = TrimAsciiSpace(value);
  out.assign(value);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// E.164-style canonical phone number; see tokenizer.h. Returns false when the
// value is not a phone number we can canonicalise (any character other than
// digits, separators and one leading '+', or no digits at all); the caller then
// copies the value unchanged.
bool CanonicalizePhone(std::string_view value, std::string_view default_calling_code,
                       std::string& out) {
  value = TrimAsciiSpace(value);
  bool plus = false;
  bool seen_digit = false;
  for (const char c : value) {
    if (IsDigit(c)) {
      seen_digit = true;
    } else if (c == '+') {
      if (plus || seen_digit) return false;  // '+' only before the first digit
      plus = true;
    } else if (!IsPhoneSeparator(c)) {
      return false;  // letters ("ext. 12", vanity numbers) and anything else
    }
  }
  if (!seen_digit) return false;

  out.clear();
  out.push_back('+');
  const std::size_t digits_start = out.size();
  for (const char c : value) {
    if (IsDigit(c)) out.push_back(c);
  }
  if (plus) return true;

  std::string_view digits = std::string_view(out).substr(digits_start);
  if (digits.size() >= 2 && digits[0] == '0' && digits[1] == '0') {
    // International "00" prefix: "0044 20..." is "+44 20...".
    out.erase(digits_start, 2);
    if (out.size() == digits_start) return false;  // just "00"
    return true;
  }
  // A national number. A calling code may be configured as "44" or "+44".
  if (!default_calling_code.empty() && default_calling_code.front() == '+') {
    default_calling_code.remove_prefix(1);
  }
  if (default_calling_code.empty()) {
    // No country to assume. Keep the trunk '0': "+0..." can never collide with
    // a real E.164 number (no calling code starts with 0), whereas dropping it
    // would turn "020 7946 0958" into "+2079460958", an Egyptian number.
    return true;
  }
  if (digits[0] == '0') out.erase(digits_start, 1);  // one trunk prefix
  if (out.size() == digits_start) return false;      // just "0"
  out.insert(digits_start, default_calling_code);
  return true;
}

}  // namespace

struct Tokenizer::Impl {
  std::string key_id;
  std::string prefix;  // "tok_<key id>_"
  KeyedHmac mac;
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

StatusOr<Tokenizer> Tokenizer::Create(const KeyRing& ring) { return ForKey(ring.active()); }

StatusOr<Tokenizer> Tokenizer::ForKey(const Key& key) {
  const std::string& subkey = key.Subkey(KeyPurpose::kToken);
  if (subkey.size() != kTokenSubkeyBytes) {
    return FailedPreconditionError("tokenizer: key \"" + key.id +
                                   "\" has no 32-byte token subkey (use KeyRing::Parse)");
  }
  StatusOr<KeyedHmac> mac = KeyedHmac::Create(subkey, "tokenizer");
  if (!mac.ok()) return mac.status();
  return Tokenizer(std::make_unique<Impl>(Impl{key.id, "tok_" + key.id + "_", std::move(*mac)}));
}

Status Tokenizer::AppendToken(std::string_view type_name, std::string_view canonical,
                              std::string& out) {
  unsigned char mac[KeyedHmac::kMacBytes];
  SCRUBLINE_RETURN_IF_ERROR(impl_->mac.Mac(type_name, canonical, mac));
  out.append(impl_->prefix);
  AppendBase64UrlNoPad(std::string_view(reinterpret_cast<const char*>(mac), kTokenMacBytes), out);
  OPENSSL_cleanse(mac, sizeof(mac));
  return Status::Ok();
}

const std::string& Tokenizer::key_id() const { return impl_->key_id; }

void Canonicalize(EntityType type, std::string_view value, std::string_view default_calling_code,
                  std::string& out) {
  switch (type) {
    case EntityType::kEmail:
      CanonicalizeEmail(value, out);
      return;
    case EntityType::kPhone:
      if (!CanonicalizePhone(value, default_calling_code, out)) out.assign(value);
      return;
    default:
      out.assign(value);
      return;
  }
}

}  // namespace scrubline
