// Helpers shared by the PII test programs (header-only; not a test itself).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/pii/pii_classifier.h"

namespace scrubline::testing {

inline const std::string kShippedCatalogDir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

// A fixture with the shipped catalog's classifier (default engine), compiled
// once per suite, and a fresh scratch per test.
class ShippedCatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto c = PiiClassifier::Create(kShippedCatalogDir);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    classifier_ = new std::shared_ptr<const PiiClassifier>(*c);
  }
  static void TearDownTestSuite() {
    delete classifier_;
    classifier_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(classifier_, nullptr);
    auto s = (*classifier_)->NewScratch();
    ASSERT_TRUE(s.ok());
    scratch_ = std::move(*s);
  }

  const PiiClassifier& classifier() const { return **classifier_; }
  // The findings of `text`, valid until the next call.
  const std::vector<Finding>& Run(std::string_view text, FieldHint hint = {}) {
    const Status st = classifier().Classify(text, hint, *scratch_, found_);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return found_;
  }
  // "TYPE [span] rule R; ..." for failure messages (catalog text and the
  // test's own input only).
  std::string Describe(std::string_view text, const std::vector<Finding>& found) const {
    std::string d;
    for (const Finding& f : found) {
      d += std::string(EntityTypeName(f.type)) + " [" +
           std::string(text.substr(f.begin, f.end - f.begin)) + "] rule " +
           std::string(classifier().rule_id(f.rule)) + (f.masked ? " masked" : "") + "; ";
    }
    return d.empty() ? "nothing" : d;
  }

  static inline std::shared_ptr<const PiiClassifier>* classifier_ = nullptr;
  std::unique_ptr<PiiClassifier::Scratch> scratch_;
  std::vector<Finding> found_;
};

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
