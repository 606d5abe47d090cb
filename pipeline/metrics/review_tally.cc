#include "pipeline/metrics/review_tally.h"

#include <algorithm>

namespace scrubline {

void ReviewTally::Record(std::string_view rule, bool spam) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = std::lower_bound(rules_.begin(), rules_.end(), rule,
                             [](const RuleCounts& r, std::string_view id) { return r.rule < id; });
  if (it == rules_.end() || it->rule != rule) it = rules_.insert(it, RuleCounts{std::string(rule)});
  (spam ? it->spam : it->ham) += 1;
}

std::vector<ReviewTally::RuleCounts> ReviewTally::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rules_;
}

}  // namespace scrubline
