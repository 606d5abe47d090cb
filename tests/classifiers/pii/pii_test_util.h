// Helpers shared by the PII test programs (header-only; not a test itself).
#pragma once

#include <string_view>
#include <vector>

#include "classifiers/pii/pii_classifier.h"

namespace scrubline::testing {

// True if `span` (its first occurrence in `text`) is among `found` exactly,
// as `type`. False when `span` does not occur in `text`.
inline bool HasExactFinding(const std::vector<Finding>& found, std::string_view text,
                            EntityType type, std::string_view span) {
  const std::size_t begin = text.find(span);
  if (begin == std::string_view::npos) return false;
  for (const Finding& f : found) {
    if (f.type == type && f.begin == begin && f.end == begin + span.size()) return true;
  }
  return false;
}

}  // namespace scrubline::testing
