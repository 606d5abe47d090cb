#include "pipeline/opt_out_table.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "classifiers/base/ascii.h"

namespace scrubline {
namespace {

constexpr std::uint8_t kFull = 0x80;
constexpr std::uint8_t kKeyBits = 0x80 | 0x0c;  // full + type: what identifies a slot's subject
constexpr std::size_t kMinCapacity = 16;
// A slot's meta byte holds the type in bits 2-3 and the reason in bits 0-1.
static_assert(kSubjectTypeCount <= 4 && kOptOutReasonCount <= 4, "meta has 2 bits for each");

constexpr std::uint8_t TypeBits(SubjectType type) {
  return static_cast<std::uint8_t>(kFull | static_cast<std::uint8_t>(type) << 2);
}

std::size_t FindLastBlank(std::string_view text) {
  for (std::size_t i = text.size(); i > 0; --i) {
    if (IsAsciiSpace(text[i - 1])) return i - 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::size_t OptOutTable::Home(const SubjectDigest& digest) const {
  // Keyed MAC bytes are uniform: their first 8 bytes, masked, are the index.
  std::uint64_t bits;
  std::memcpy(&bits, digest.data(), sizeof(bits));
  return static_cast<std::size_t>(bits) & (slots_.size() - 1);
}

std::size_t OptOutTable::Probe(std::uint8_t type_bits, const SubjectDigest& digest) const {
  // Terminates: the table is never more than 3/4 full, so an empty slot exists.
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = Home(digest);; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.meta == 0) return i;
    if ((slot.meta & kKeyBits) == type_bits && slot.digest == digest) return i;
  }
}

void OptOutTable::Rehash(std::size_t capacity) {
  std::vector<Slot> old(capacity, Slot{});
  old.swap(slots_);
  for (const Slot& slot : old) {
    if (slot.meta != 0) slots_[Probe(slot.meta & kKeyBits, slot.digest)] = slot;
  }
}

void OptOutTable::Reserve(std::size_t subjects) {
  std::size_t capacity = std::max(kMinCapacity, slots_.size());
  while (subjects * 4 > capacity * 3) capacity *= 2;
  if (capacity != slots_.size()) Rehash(capacity);
}

void OptOutTable::Set(SubjectType type, const SubjectDigest& digest, OptOutReason reason) {
  const std::uint8_t type_bits = TypeBits(type);
  if (!slots_.empty()) {
    Slot& slot = slots_[Probe(type_bits, digest)];
    if (slot.meta != 0) {  // listed: a new reason
      slot.meta = type_bits | static_cast<std::uint8_t>(reason);
      return;
    }
  }
  Reserve(size_ + 1);
  Slot& slot = slots_[Probe(type_bits, digest)];
  slot.digest = digest;
  slot.meta = type_bits | static_cast<std::uint8_t>(reason);
  ++size_;
}

bool OptOutTable::Erase(SubjectType type, const SubjectDigest& digest) {
  if (slots_.empty()) return false;
  std::size_t hole = Probe(TypeBits(type), digest);
  if (slots_[hole].meta == 0) return false;
  // Backward-shift deletion: pull later entries of the probe run into the
  // hole unless that would move them before their home slot.
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t j = (hole + 1) & mask; slots_[j].meta != 0; j = (j + 1) & mask) {
    const std::size_t home = Home(slots_[j].digest);
    const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (!stays) {
      slots_[hole] = slots_[j];
      hole = j;
    }
  }
  slots_[hole].meta = 0;
  --size_;
  return true;
}

std::optional<OptOutReason> OptOutTable::Find(SubjectType type, const SubjectDigest& digest) const {
  if (slots_.empty()) return std::nullopt;
  const Slot& slot = slots_[Probe(TypeBits(type), digest)];
  if (slot.meta == 0) return std::nullopt;
  return static_cast<OptOutReason>(slot.meta & 0x03);
}

std::optional<OptOutReason> OptOutTable::Find(std::string_view subject_id) const {
  SubjectType type;
  SubjectDigest digest;
  if (!ParseSubjectId(subject_id, type, digest)) return std::nullopt;
  return Find(type, digest);
}

Status OptOutTable::ApplyRecord(std::string_view key, std::optional<std::string_view> value) {
  SubjectType type;
  SubjectDigest digest;
  if (!ParseSubjectId(key, type, digest)) {
    return InvalidArgumentError(
        "opt-out record key: not a subject id (phone|email|account|user, ':' and 22 base64url "
        "characters)");
  }
  if (!value.has_value()) {
    Erase(type, digest);
    return Status::Ok();
  }
  StatusOr<OptOutReason> reason = ParseOptOutValue(*value);
  if (!reason.ok()) return reason.status();
  Set(type, digest, *reason);
  return Status::Ok();
}

Status OptOutTable::LoadFile(const std::string& path, SubjectIdBuilder& ids,
                             std::string_view default_calling_code) {
  const std::string source = "opt-out file " + path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    const std::string reason = std::strerror(err);
    if (err == ENOENT) return NotFoundError(source + ": " + reason);
    return FailedPreconditionError(source + ": cannot open: " + reason);
  }
  auto line_error = [&source](std::size_t line_number, std::string_view problem) {
    return InvalidArgumentError(source + ": line " + std::to_string(line_number) + ": " +
                                std::string(problem));
  };
  OptOutTable staged = *this;  // all or nothing
  std::string raw;
  std::size_t line_number = 0;
  while (std::getline(in, raw)) {
    ++line_number;
    const std::string_view line = TrimAsciiSpace(raw);
    if (line.empty() || line.front() == '#') continue;
    // From here on the line holds a clear value: problems only, never text.
    std::size_t blank = 0;
    while (blank < line.size() && !IsAsciiSpace(line[blank])) ++blank;
    const std::optional<SubjectType> type = ParseSubjectType(line.substr(0, blank));
    if (!type) {
      return line_error(line_number,
                        "the first word is not a subject type (phone, email, account, user)");
    }
    std::string_view value = TrimAsciiSpace(line.substr(blank));
    OptOutReason reason = OptOutReason::kOptOut;
    if (const std::size_t last = FindLastBlank(value); last != std::string_view::npos) {
      if (const auto named = ParseOptOutReason(value.substr(last + 1))) {
        reason = *named;
        value = TrimAsciiSpace(value.substr(0, last));
      }
    }
    if (value.empty()) return line_error(line_number, "no value after the subject type");
    SubjectDigest digest;
    if (Status st = ids.Compute(*type, value, default_calling_code, digest); !st.ok()) {
      return line_error(line_number, st.message());
    }
    staged.Set(*type, digest, reason);
  }
  if (in.bad()) return UnavailableError(source + ": read error");
  *this = std::move(staged);
  return Status::Ok();
}

}  // namespace scrubline
