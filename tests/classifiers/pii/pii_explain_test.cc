// PiiClassifier::Explain: every offered candidate is listed with the reason
// it was or was not reported, and the explanation agrees with Classify.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "classifiers/pii/pii_classifier.h"

namespace scrubline {
namespace {

using Verdict = CandidateExplanation::Verdict;

const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

class ExplainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = PiiClassifier::Create(kShippedCatalog);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    classifier_ = *c;
    auto s = classifier_->NewScratch();
    ASSERT_TRUE(s.ok());
    scratch_ = std::move(*s);
  }

  // The explanation of the candidate of `rule_id` covering `span` in `text`.
  const CandidateExplanation* Find(std::string_view text, std::string_view rule_id,
                                   std::string_view span) const {
    const std::size_t begin = text.find(span);
    for (const CandidateExplanation& e : why_) {
      if (classifier_->rule_id(e.rule) == rule_id && e.begin == begin &&
          e.end == begin + span.size()) {
        return &e;
      }
    }
    return nullptr;
  }

  void Explain(std::string_view text, std::string_view field = {}) {
    ASSERT_TRUE(classifier_->Explain(text, FieldHint{field}, *scratch_, findings_, why_).ok());
  }

  std::shared_ptr<const PiiClassifier> classifier_;
  std::unique_ptr<PiiClassifier::Scratch> scratch_;
  std::vector<Finding> findings_;
  std::vector<CandidateExplanation> why_;
};

TEST_F(ExplainTest, ReportedCandidateNamesItsContextWord) {
  const std::string text = "please call 415-555-0100 today";
  Explain(text);
  const CandidateExplanation* e = Find(text, "phone_nanp", "415-555-0100");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->verdict, Verdict::kReported);
  EXPECT_EQ(classifier_->context_word(e->context_word), "call");
  EXPECT_GT(e->score, 0.0f);
  EXPECT_EQ(classifier_->rule_validator(e->rule), "phone");
}

TEST_F(ExplainTest, ValidatorRejectionIsExplained) {
  const std::string text = "card 4111 1111 1111 1112 declined";  // Luhn fails
  Explain(text);
  EXPECT_TRUE(findings_.empty());
  const bool rejected = std::any_of(why_.begin(), why_.end(), [&](const CandidateExplanation& e) {
    return classifier_->rule_type(e.rule) == EntityType::kCreditCard &&
           e.verdict == Verdict::kValidatorRejected;
  });
  EXPECT_TRUE(rejected);
}

TEST_F(ExplainTest, MissingRequiredContextIsExplained) {
  // A valid ABA routing number (checksum) without a banking word: context
  // required. Mentioning "routing" makes it count.
  const std::string without = "ref 011000015 thanks";
  Explain(without);
  bool missing = false;
  for (const CandidateExplanation& e : why_) {
    if (classifier_->rule_type(e.rule) == EntityType::kAbaRoutingNumber) {
      missing = missing || e.verdict == Verdict::kContextMissing;
    }
  }
  // The entry may be skipped before extraction when no context word occurs
  // anywhere (no candidate at all); both mean "not reported for lack of context".
  for (const Finding& f : findings_) EXPECT_NE(f.type, EntityType::kAbaRoutingNumber);
  const std::string with = "routing number 011000015 thanks";
  Explain(with);
  const CandidateExplanation* e = Find(with, "aba_routing", "011000015");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->verdict, Verdict::kReported);
  EXPECT_EQ(classifier_->context_word(e->context_word).substr(0, 7), "routing");
  (void)missing;
}

TEST_F(ExplainTest, OverlapLoserIsExplained) {
  // The IPv4 tail of an IPv4-mapped IPv6 address is a valid candidate of its
  // own, and loses to the whole address.
  const std::string text = "peer ::ffff:10.78.245.242 connected";
  Explain(text);
  const CandidateExplanation* v6 = Find(text, "ipv6", "::ffff:10.78.245.242");
  ASSERT_NE(v6, nullptr);
  EXPECT_EQ(v6->verdict, Verdict::kReported);
  const CandidateExplanation* v4 = Find(text, "ipv4", "10.78.245.242");
  ASSERT_NE(v4, nullptr);
  EXPECT_EQ(v4->verdict, Verdict::kLostOverlap);
  EXPECT_LE(v4->score, v6->score);
}

TEST_F(ExplainTest, FieldHintIsRecorded) {
  const std::string text = "+14155550100";
  Explain(text, "phone_number");
  ASSERT_FALSE(why_.empty());
  const auto reported = std::find_if(why_.begin(), why_.end(), [](const CandidateExplanation& e) {
    return e.verdict == Verdict::kReported;
  });
  ASSERT_NE(reported, why_.end());
  EXPECT_TRUE(reported->field_hint);
}

TEST_F(ExplainTest, AgreesWithClassifyOnEveryReportedSpan) {
  const std::vector<std::string> texts = {
      "mail ana.r@example.com or call +44 20 7946 0958",
      "IP 203.0.113.7, card 378282246310005, IBAN GB82 WEST 1234 5698 7654 32",
      "nothing here at 7:30pm on 12/03 for $12.50",
  };
  std::vector<Finding> classified;
  for (const std::string& text : texts) {
    ASSERT_TRUE(classifier_->Classify(text, FieldHint{}, *scratch_, classified).ok());
    Explain(text);
    ASSERT_EQ(findings_.size(), classified.size()) << text;
    std::size_t reported = 0;
    for (const CandidateExplanation& e : why_) reported += e.verdict == Verdict::kReported;
    EXPECT_EQ(reported, classified.size()) << text;
    for (const Finding& f : classified) {
      EXPECT_NE(Find(text, classifier_->rule_id(f.rule), text.substr(f.begin, f.end - f.begin)),
                nullptr);
    }
  }
}

TEST_F(ExplainTest, VerdictNamesAreDistinct) {
  std::vector<std::string_view> names;
  for (int v = 0; v <= static_cast<int>(Verdict::kSecondLook); ++v) {
    names.push_back(VerdictName(static_cast<Verdict>(v)));
    EXPECT_NE(names.back(), "?");
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

}  // namespace
}  // namespace scrubline
