// OptOutTable: the subjects that opted out or asked for deletion, by subject
// id (classifiers/crypto/subject_id.h), never by clear value.
//
// Fed from the compacted opt-out topic (ApplyRecord, one record at a time;
// format in opt_out_record.h) and, for `scan`, from a file of clear values
// hashed as they are read (LoadFile). The transform asks Find() for each
// subject of each record.
//
// Storage: an open-addressing hash table (linear probing, backward-shift
// deletion, so no tombstone slots pile up as the topic deletes) of 17-byte
// slots: the 16 binary digest bytes of the id plus one byte for its type and
// reason. The capacity is a power of two kept at most 3/4 full, so a table
// takes 17 / load bytes per subject: 22.7 bytes when 3/4 full, 45.3 just
// after doubling. Measured in opt_out_table_test.cc (MemoryForOneMillion-
// Subjects): 1,000,000 subjects -> 2^21 slots = 35.7 MB, 35.7 bytes each;
// a std::unordered_map of the same 17-byte keys measured 48 bytes each here,
// in a million separate allocations. The digests are keyed MACs, so their
// bytes are already uniform: the slot index is their first 8 bytes masked, no
// further hashing. That assumes whoever can write to the opt-out topic is
// trusted (they can also delete any opt-out, which is worse than slowing
// lookups down); the topic must be ACL-protected.
//
// Cost: O(1), no allocation. Find(type, digest) probes ~1-3 slots on average
// (unsuccessful ~2.5-8.5 at load 1/2-3/4), contiguous, so about one cache
// miss: measured at 1,000,000 random subjects ~150 ns found / ~185 ns not
// found, DRAM latency (std::unordered_map: ~210 / ~260 ns). Find(subject_id)
// first decodes the 22 base64url chars on the stack (ParseSubjectId, ~55 ns):
// callers holding a SubjectDigest (SubjectIdBuilder::Compute) should skip it.
//
// Thread-safety: none inside. Filled once (LoadFile / ApplyRecord), then
// read-only and shared between threads, e.g. as std::shared_ptr<const
// OptOutTable>; const methods are then safe to call concurrently. The
// Kafka-fed live version will apply records to a private copy and publish
// snapshots (copyable for that; a copy costs one memcpy-like pass of the slot
// array), never mutate a shared one. Copyable and movable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/status.h"
#include "classifiers/crypto/subject_id.h"
#include "pipeline/opt_out_record.h"

namespace scrubline {

class OptOutTable {
 public:
  OptOutTable() = default;

  // Adds the subjects of a file in clear, hashing each value as it is read
  // (no clear value is kept, in the table or in any error):
  //   # comment lines (first non-blank char '#') and blank lines are skipped
  //   TYPE VALUE [REASON]
  // TYPE is phone, email, account or user; REASON one of opt_out (the default),
  // deletion, cpni_restrict. VALUE is the rest of the line, blanks around it
  // trimmed, minus a last blank-separated word that is a reason name: so a
  // value may contain blanks ("(415) 555-0100") and '#', and a value that
  // itself ends in a reason word needs its reason written out
  // ("user jane deletion opt_out"). A later line for the same subject wins.
  // Errors name the file and line number and what is wrong, never the value
  // (nor the TYPE word, which may be a value typed in the wrong place); on
  // an error the table is unchanged.
  Status LoadFile(const std::string& path, SubjectIdBuilder& ids,
                  std::string_view default_calling_code);

  // Applies one record of the compacted topic: a value adds or replaces the
  // subject's entry; std::nullopt (a null value, a tombstone) removes it. A
  // key that is not a subject id or a malformed value (ParseOptOutValue) is
  // INVALID_ARGUMENT naming the problem, and the table is unchanged.
  Status ApplyRecord(std::string_view key, std::optional<std::string_view> value);

  // The subject's reason, or nullopt if it is not listed (also for text that
  // is not a subject id at all).
  std::optional<OptOutReason> Find(std::string_view subject_id) const;
  std::optional<OptOutReason> Find(SubjectType type, const SubjectDigest& digest) const;

  // Adds or replaces / removes one subject (what ApplyRecord and LoadFile do
  // after parsing). Erase returns whether it was listed.
  void Set(SubjectType type, const SubjectDigest& digest, OptOutReason reason);
  bool Erase(SubjectType type, const SubjectDigest& digest);

  // Makes room for `subjects` entries without further growth.
  void Reserve(std::size_t subjects);

  std::size_t size() const { return size_; }
  // Bytes held by the slot array (the table's whole footprint but for the
  // object itself): for capacity planning and the memory note above.
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    SubjectDigest digest;
    std::uint8_t meta;  // 0: empty; else kFull | type << 2 | reason
  };
  static_assert(sizeof(Slot) == kSubjectDigestBytes + 1, "slots are packed");

  std::size_t Home(const SubjectDigest& digest) const;
  // Index of the subject's slot, or of the empty slot where it would go.
  std::size_t Probe(std::uint8_t type_bits, const SubjectDigest& digest) const;
  void Rehash(std::size_t capacity);

  std::vector<Slot> slots_;  // empty, or a power-of-two count
  std::size_t size_ = 0;
};

}  // namespace scrubline
