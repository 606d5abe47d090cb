// ReviewFeedback: a reviewer's verdict on an acceptable-use alert, as it
// comes back on topics.feedback:
//   {"alert": "al_…", "verdict": "spam" | "ham", "category": "phishing",
//    "rules": ["smishing.bank_link", "feature.link", …]}
// `rules` echoes the reason ids of the alert (the reviewer's tool copies
// them), so each declared rule's production precision can be counted
// without keeping alerts: spam verdicts / all verdicts per rule. Members
// other than these four are ignored (a tool may add its own); a reviewer's
// note is never read.
//
// ReadReviewFeedback checks one decoded record. Its error says which
// member is wrong and how, never quoting the record, so it can be a dead
// letter's reason (ErrorCode::kInvalidFeedback).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/aup/aup_vocabulary.h"
#include "pipeline/json_tree.h"

namespace scrubline {

enum class ReviewVerdict : unsigned char { kSpam, kHam };
inline constexpr std::size_t kReviewVerdictCount = 2;
constexpr std::string_view ReviewVerdictName(ReviewVerdict v) {
  return v == ReviewVerdict::kSpam ? "spam" : "ham";
}

struct ReviewFeedback {
  std::string_view alert;  // "al_" + 32 letters a-p, as the alert carried it
  ReviewVerdict verdict = ReviewVerdict::kSpam;
  AupCategory category = AupCategory::kSpam;
  std::vector<std::string_view> rules;  // views into the tree; reused across calls
};

// Fills `out` from `tree` (a decoded record), or returns why it is not a
// reviewer's verdict. At most kMaxReviewRules rules.
inline constexpr std::size_t kMaxReviewRules = 256;
std::optional<std::string> ReadReviewFeedback(const JsonTree& tree, ReviewFeedback& out);

// Whether `id` has the form an alert id has: "al_" + 32 letters a-p.
bool IsAlertId(std::string_view id);

}  // namespace scrubline
