#include "classifiers/crypto/key_ring.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>

#include "classifiers/base/ascii.h"
#include "classifiers/crypto/encoding.h"
#include "classifiers/crypto/hkdf.h"

namespace scrubline {
namespace {

constexpr std::size_t kMinKeyBytes = 32;
constexpr std::size_t kMaxIdLength = 32;
constexpr std::size_t kGeneratedKeyBytes = 32;
constexpr std::size_t kGeneratedIdBytes = 4;  // 8 hex chars
// A key file is a handful of lines; anything larger is a mistake (wrong path).
constexpr long kMaxKeyFileBytes = 1 << 20;

// HKDF domain separation. Changing any of these changes every token and makes
// every existing ciphertext unreadable: they are part of the output format.
constexpr std::string_view kHkdfSalt = "scrubline/v1";
constexpr std::string_view kInfoToken = "scrubline token";
constexpr std::string_view kInfoEncryption = "scrubline encryption";
constexpr std::string_view kInfoDeadLetter = "scrubline dead-letter";
constexpr std::string_view kInfoSubject = "scrubline subject";
constexpr std::size_t kTokenSubkeyBytes = 32;
constexpr std::size_t kSubjectSubkeyBytes = 32;
constexpr std::size_t kSivSubkeyBytes = 64;

// The word that marks the subjects key's line ("subjects ID:BASE64URL").
constexpr std::string_view kSubjectsWord = "subjects";

constexpr char kEnvVar[] = "SCRUBLINE_KEY";

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (const char c : id) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return false;
  }
  return true;
}

// Wipes a string holding secrets before its memory goes back to the heap.
void Wipe(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

// Owns a string that may hold secrets and wipes it on every exit path.
class WipedString {
 public:
  WipedString() = default;
  explicit WipedString(std::string s) : s_(std::move(s)) {}
  ~WipedString() { Wipe(s_); }
  WipedString(const WipedString&) = delete;
  WipedString& operator=(const WipedString&) = delete;
  std::string& get() { return s_; }

 private:
  std::string s_;
};

std::string LineError(std::size_t line_number, std::string_view reason) {
  return "key ring line " + std::to_string(line_number) + ": " + std::string(reason);
}

void WipeKey(Key& key) {
  Wipe(key.material);
  Wipe(key.token_subkey);
  Wipe(key.encryption_subkey);
  Wipe(key.dead_letter_subkey);
  Wipe(key.subject_subkey);
}

// "subjects" + a blank + the rest: the blank can never occur inside
// "ID:BASE64URL", so a token key whose id is "subjects" ("subjects:...")
// stays a token key.
bool IsSubjectsLine(std::string_view line) {
  return line.size() > kSubjectsWord.size() && line.starts_with(kSubjectsWord) &&
         IsAsciiSpace(line[kSubjectsWord.size()]);
}

// "ID:BASE64URL" (comment and blanks removed) into key.id and key.material.
// The text may hold key material: errors give reasons only, never text.
Status ParseKeyText(std::string_view text, std::size_t line_number, Key& key) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return InvalidArgumentError(LineError(line_number, "expected ID:BASE64URL"));
  }
  const std::string_view id = text.substr(0, colon);
  if (!IsValidId(id)) {
    return InvalidArgumentError(
        LineError(line_number, "key id must be 1-32 characters of [A-Za-z0-9]"));
  }
  std::optional<std::string> decoded = DecodeBase64Url(text.substr(colon + 1));
  if (!decoded.has_value()) {
    return InvalidArgumentError(
        LineError(line_number, "key is not valid base64url (RFC 4648 section 5)"));
  }
  WipedString material(std::move(*decoded));
  if (material.get().size() < kMinKeyBytes) {
    return InvalidArgumentError(
        LineError(line_number, "key too short: " + std::to_string(material.get().size()) +
                                   " bytes, need at least " + std::to_string(kMinKeyBytes) +
                                   " (generate one with `scrubline keygen`)"));
  }
  key.id = std::string(id);
  key.material = std::move(material.get());
  return Status::Ok();
}

// A token key gets the token, encryption and dead-letter subkeys; the
// subjects key only its subject subkey.
Status DeriveSubkeys(Key& key, bool subjects, std::size_t line_number) {
  struct Derivation {
    std::string_view info;
    std::size_t length;
    std::string* out;
  };
  const Derivation token_key[] = {
      {kInfoToken, kTokenSubkeyBytes, &key.token_subkey},
      {kInfoEncryption, kSivSubkeyBytes, &key.encryption_subkey},
      {kInfoDeadLetter, kSivSubkeyBytes, &key.dead_letter_subkey},
  };
  const Derivation subjects_key[] = {
      {kInfoSubject, kSubjectSubkeyBytes, &key.subject_subkey},
  };
  const std::span<const Derivation> derivations =
      subjects ? std::span<const Derivation>(subjects_key) : std::span<const Derivation>(token_key);
  for (const Derivation& d : derivations) {
    StatusOr<std::string> subkey = HkdfSha256(key.material, kHkdfSalt, d.info, d.length);
    if (!subkey.ok()) {
      return InternalError(LineError(line_number, "deriving subkeys failed: ") +
                           subkey.status().message());
    }
    *d.out = std::move(subkey).value();
  }
  return Status::Ok();
}

Status PrefixError(const Status& status, std::string_view source) {
  return Status(status.code(), std::string(source) + ": " + status.message());
}

// "ID:BASE64URL" with ID = `id_prefix` + 8 random hex digits (token keys "k...",
// subjects keys "s...", so a reader tells them apart) and 32 random bytes.
StatusOr<std::string> GenerateKeyLine(std::string_view id_prefix) {
  unsigned char id_bytes[kGeneratedIdBytes];
  unsigned char key_bytes[kGeneratedKeyBytes];
  if (RAND_bytes(id_bytes, sizeof(id_bytes)) != 1 ||
      RAND_bytes(key_bytes, sizeof(key_bytes)) != 1) {
    OPENSSL_cleanse(key_bytes, sizeof(key_bytes));
    return InternalError("keygen: the OpenSSL random generator failed");
  }
  std::string line(id_prefix);
  AppendHex(std::string_view(reinterpret_cast<const char*>(id_bytes), sizeof(id_bytes)), line);
  line.push_back(':');
  AppendBase64UrlNoPad(
      std::string_view(reinterpret_cast<const char*>(key_bytes), sizeof(key_bytes)), line);
  OPENSSL_cleanse(key_bytes, sizeof(key_bytes));
  return line;
}

}  // namespace

const std::string& Key::Subkey(KeyPurpose purpose) const {
  switch (purpose) {
    case KeyPurpose::kToken:
      return token_subkey;
    case KeyPurpose::kEncryption:
      return encryption_subkey;
    case KeyPurpose::kDeadLetter:
      return dead_letter_subkey;
    case KeyPurpose::kSubject:
      return subject_subkey;
  }
  return token_subkey;  // unreachable: the switch is exhaustive (-Wswitch)
}

StatusOr<KeyRing> KeyRing::Parse(std::string_view text) {
  KeyRing ring;
  std::vector<std::size_t> first_lines;  // line of each key in `ring.keys_`, for duplicates
  std::size_t subjects_line = 0;         // line of `ring.subjects_`
  std::size_t line_number = 0;
  while (!text.empty() || line_number == 0) {
    ++line_number;
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);

    // '#' can never occur in an id or in base64url, so it starts a comment
    // wherever it appears: whole-line and trailing comments both work.
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    line = TrimAsciiSpace(line);
    if (line.empty()) continue;

    // From here on the line may contain key material: reasons only, never text.
    const bool subjects = IsSubjectsLine(line);
    if (subjects) line = TrimAsciiSpace(line.substr(kSubjectsWord.size()));
    Key key;
    SCRUBLINE_RETURN_IF_ERROR(ParseKeyText(line, line_number, key));
    // Ids are unique across token keys and the subjects key: an id names one key.
    std::optional<std::size_t> first_line;
    for (std::size_t i = 0; i < ring.keys_.size() && !first_line; ++i) {
      if (ring.keys_[i].id == key.id) first_line = first_lines[i];
    }
    if (ring.subjects_ && ring.subjects_->id == key.id) first_line = subjects_line;
    if (first_line) {
      WipeKey(key);
      // The id passed IsValidId and is not secret: naming it helps.
      return InvalidArgumentError(LineError(line_number, "duplicate key id \"" + key.id +
                                                             "\" (first defined on line " +
                                                             std::to_string(*first_line) + ")"));
    }
    if (subjects && ring.subjects_) {
      WipeKey(key);
      return InvalidArgumentError(
          LineError(line_number, "a second subjects key (the first is on line " +
                                     std::to_string(subjects_line) + "); a ring holds one"));
    }
    if (Status st = DeriveSubkeys(key, subjects, line_number); !st.ok()) {
      WipeKey(key);
      return st;
    }
    if (subjects) {
      ring.subjects_ = std::move(key);
      subjects_line = line_number;
    } else {
      ring.keys_.push_back(std::move(key));
      first_lines.push_back(line_number);
    }
  }
  if (ring.keys_.empty()) {
    return InvalidArgumentError(
        std::string(ring.subjects_ ? "key ring has no keys besides the subjects key"
                                   : "key ring has no keys") +
        " (expected lines of ID:BASE64URL; generate one with `scrubline keygen`)");
  }
  return ring;
}

StatusOr<KeyRing> KeyRing::LoadFile(const std::string& path) {
  const std::string source = "key file " + path;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (file == nullptr) {
    const int err = errno;
    const std::string reason = std::strerror(err);
    if (err == ENOENT) return NotFoundError(source + ": " + reason);
    return FailedPreconditionError(source + ": cannot open: " + reason);
  }
  WipedString contents;
  contents.get().reserve(8192);  // typical key files never reallocate (no stray copies)
  char buffer[4096];
  for (;;) {
    const std::size_t n = std::fread(buffer, 1, sizeof(buffer), file.get());
    contents.get().append(buffer, n);
    if (contents.get().size() > static_cast<std::size_t>(kMaxKeyFileBytes)) {
      OPENSSL_cleanse(buffer, sizeof(buffer));
      return InvalidArgumentError(source + ": larger than 1 MiB; is this really a key file?");
    }
    if (n < sizeof(buffer)) break;
  }
  OPENSSL_cleanse(buffer, sizeof(buffer));
  if (std::ferror(file.get())) return UnavailableError(source + ": read error");
  StatusOr<KeyRing> ring = Parse(contents.get());
  if (!ring.ok()) return PrefixError(ring.status(), source);
  return ring;
}

StatusOr<KeyRing> KeyRing::FromFileOrEnv(const std::string& key_file_or_empty) {
  if (!key_file_or_empty.empty()) return LoadFile(key_file_or_empty);
  const char* env = std::getenv(kEnvVar);
  if (env == nullptr || *env == '\0') {
    return FailedPreconditionError(
        "no key: pass --key-file or set SCRUBLINE_KEY; run `scrubline keygen` to create a key");
  }
  StatusOr<KeyRing> ring = Parse(env);
  if (!ring.ok()) return PrefixError(ring.status(), kEnvVar);
  return ring;
}

StatusOr<std::string> KeyRing::GenerateLine() { return GenerateKeyLine("k"); }

StatusOr<std::string> KeyRing::GenerateSubjectsLine() {
  StatusOr<std::string> line = GenerateKeyLine("s");
  if (!line.ok()) return line;
  return std::string(kSubjectsWord) + " " + *line;
}

const Key* KeyRing::Find(std::string_view id) const {
  for (const Key& key : keys_) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

}  // namespace scrubline
