// ScanBudget: deterministic work limits per Classify call. A text over any
// limit is reported (IsOverBudget), never half-classified; the same text
// under the same budget always gets the same answer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "classifiers/pii/pii_classifier.h"

namespace scrubline {
namespace {

const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

Status ClassifyWith(const ScanBudget& budget, std::string_view text, std::vector<Finding>& out) {
  PiiClassifierOptions options;
  options.budget = budget;
  options.check_examples = false;  // tiny budgets would skip or fail them
  auto classifier = PiiClassifier::Create(kShippedCatalog, options);
  if (!classifier.ok()) return classifier.status();
  auto scratch = (*classifier)->NewScratch();
  if (!scratch.ok()) return scratch.status();
  return (*classifier)->Classify(text, FieldHint{}, **scratch, out);
}

std::string FiveAddresses() {
  std::string text;
  for (int i = 0; i < 5; ++i) text += "user" + std::to_string(i) + "@example.com ";
  return text;
}

TEST(ScanBudget, LongTextIsOverBudget) {
  ScanBudget budget;
  budget.max_text_bytes = 64;
  std::vector<Finding> found;
  EXPECT_TRUE(IsOverBudget(ClassifyWith(budget, std::string(65, 'a'), found)));
  EXPECT_TRUE(ClassifyWith(budget, std::string(64, 'a'), found).ok());
}

TEST(ScanBudget, CandidateLimitCountsSpansOfferedToValidators) {
  ScanBudget budget;
  budget.candidates_per_byte = 0;
  budget.min_candidates = 3;
  std::vector<Finding> found;
  const Status st = ClassifyWith(budget, FiveAddresses(), found);
  EXPECT_TRUE(IsOverBudget(st)) << st.ToString();
  EXPECT_NE(st.message().find("candidates"), std::string::npos) << st.message();
  budget.min_candidates = 5;
  ASSERT_TRUE(ClassifyWith(budget, FiveAddresses(), found).ok());
  EXPECT_EQ(found.size(), 5u);
}

TEST(ScanBudget, SearchLimitCountsRe2Searches) {
  ScanBudget budget;
  budget.searches_per_byte = 0;
  budget.min_searches = 1;
  std::vector<Finding> found;
  const Status st = ClassifyWith(budget, FiveAddresses(), found);
  EXPECT_TRUE(IsOverBudget(st)) << st.ToString();
  EXPECT_NE(st.message().find("searches"), std::string::npos) << st.message();
  // A text without candidates needs no search at all.
  EXPECT_TRUE(ClassifyWith(budget, "no personal data in here", found).ok());
}

TEST(ScanBudget, OutcomeIsDeterministic) {
  ScanBudget budget;
  budget.candidates_per_byte = 0;
  budget.min_candidates = 4;
  std::vector<Finding> found;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(IsOverBudget(ClassifyWith(budget, FiveAddresses(), found)));
}

TEST(ScanBudget, DefaultBudgetAdmitsDenseRealisticText) {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text += "call +1 415-555-01" + std::to_string(10 + i) + ", card 4111 1111 1111 1111, mail a" +
            std::to_string(i) + "@example.com, order #10023" + std::to_string(i) + " on 12/03/2024. ";
  }
  std::vector<Finding> found;
  ASSERT_TRUE(ClassifyWith(ScanBudget{}, text, found).ok());
  EXPECT_GE(found.size(), 150u);
}

TEST(ScanBudget, OnlyResourceExhaustedIsOverBudget) {
  EXPECT_TRUE(IsOverBudget(ResourceExhaustedError("x")));
  EXPECT_FALSE(IsOverBudget(InternalError("x")));
  EXPECT_FALSE(IsOverBudget(Status::Ok()));
}

}  // namespace
}  // namespace scrubline
