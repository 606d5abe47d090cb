// NameIndex: finds a name among a fixed set of a few dozen (a policy's
// field names, the members one selector node names) with one hash and,
// usually, one comparison. Lookups happen for every member of every record;
// a binary search over the sorted names cost ~5 string comparisons each,
// ~6 % of a record's transform.
//
// Immutable once built; Find is const, thread-safe and allocation-free.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scrubline {

class NameIndex {
 public:
  NameIndex() = default;
  // Indexes `names` (distinct); Find returns a name's position in it.
  explicit NameIndex(std::span<const std::string_view> names);

  // The position of `name`, or -1.
  int Find(std::string_view name) const;

 private:
  std::vector<std::string> names_;
  std::vector<std::int32_t> slots_;  // open addressing: position in names_, -1 empty
  std::uint64_t mask_ = 0;
};

}  // namespace scrubline
