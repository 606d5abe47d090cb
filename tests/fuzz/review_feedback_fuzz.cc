// Fuzz target: a record of topics.feedback through JsonDecoder and
// ReadReviewFeedback (review_feedback.h).
//
// Anyone who can produce to the feedback topic controls these bytes, and
// what they say becomes metric labels. Invariants on every input:
//  - decoding and reading never crash;
//  - an accepted verdict has an alert id of the alert form, a known
//    category and at most kMaxReviewRules non-empty rule ids, all views
//    into the input's decoded tree;
//  - a refusal's reason starts with "feedback: " and never quotes the
//    input (checked for inputs of 16 bytes or more);
//  - reading the same tree twice gives the same answer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/json_decoder.h"
#include "pipeline/review_feedback.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  static JsonDecoder decoder({});
  static JsonTree tree;
  static ReviewFeedback first, second;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (decoder.Decode(input, tree)) return 0;  // the decoder has its own target (record)
  const auto error = ReadReviewFeedback(tree, first);
  if (error) {
    FUZZ_CHECK(error->rfind("feedback: ", 0) == 0, "a refusal names its subject");
    if (size >= 16) FUZZ_CHECK(error->find(input) == std::string::npos, "a refusal never quotes");
  } else {
    FUZZ_CHECK(IsAlertId(first.alert), "an accepted verdict names an alert id");
    FUZZ_CHECK(first.rules.size() <= kMaxReviewRules, "rules are bounded");
    for (std::string_view rule : first.rules) FUZZ_CHECK(!rule.empty(), "rule ids are not empty");
    FUZZ_CHECK(static_cast<std::size_t>(first.category) < kAupCategoryCount, "a known category");
  }
  const auto again = ReadReviewFeedback(tree, second);
  FUZZ_CHECK(again.has_value() == error.has_value(), "the same tree, the same answer");
  if (!again) {
    FUZZ_CHECK(second.alert == first.alert && second.verdict == first.verdict &&
                   second.category == first.category && second.rules == first.rules,
               "the same tree, the same verdict");
  }
  return 0;
}
