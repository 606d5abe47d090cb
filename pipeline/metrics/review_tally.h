// ReviewTally: reviewers' verdicts per declared rule, for the per-rule
// production precision of acceptable-use scoring
// (scrubline_aup_feedback_total{rule,verdict}, scrubline_aup_rule_precision{rule}).
//
// Rule ids are label values, so the caller only passes ids its catalog
// knows (anything else as kOtherRule): the number of series is bounded by
// the catalog, never by what reviewers send. Verdicts are few (humans
// review alerts), so a mutex and a sorted vector are plenty; the scrape
// takes a copy. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace scrubline {

class ReviewTally {
 public:
  static constexpr std::string_view kOtherRule = "other";

  struct RuleCounts {
    std::string rule;
    std::uint64_t spam = 0;  // verdicts confirming the alert
    std::uint64_t ham = 0;   // verdicts calling it a false alarm
    // spam / (spam + ham): the rule's precision in production.
    double precision() const {
      return spam + ham == 0 ? 0.0 : static_cast<double>(spam) / static_cast<double>(spam + ham);
    }
  };

  void Record(std::string_view rule, bool spam);
  // Every rule with a verdict, sorted by id.
  std::vector<RuleCounts> Snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::vector<RuleCounts> rules_;  // sorted by rule
};

}  // namespace scrubline
