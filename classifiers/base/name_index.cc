#include "classifiers/base/name_index.h"

#include <algorithm>
#include <bit>

#include "classifiers/base/hash.h"

namespace scrubline {

NameIndex::NameIndex(std::span<const std::string_view> names) : names_(names.begin(), names.end()) {
  // At most half full, so a probe for an absent name stops within a slot
  // or two.
  const std::size_t slots = std::bit_ceil(std::max<std::size_t>(4, names_.size() * 2));
  slots_.assign(slots, -1);
  mask_ = slots - 1;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    std::uint64_t at = Fnv1a64(names_[i]) & mask_;
    while (slots_[at] >= 0) at = (at + 1) & mask_;
    slots_[at] = static_cast<std::int32_t>(i);
  }
}

int NameIndex::Find(std::string_view name) const {
  if (slots_.empty()) return -1;
  for (std::uint64_t at = Fnv1a64(name) & mask_;; at = (at + 1) & mask_) {
    const std::int32_t i = slots_[at];
    if (i < 0) return -1;
    if (names_[static_cast<std::size_t>(i)] == name) return i;
  }
}

}  // namespace scrubline
