// Acceptable-use scoring against the shipped catalog and model (the real
// Hyperscan database): every rule and feature reproduces its examples, each
// category the issue names has rules, keywords are honoured and never
// scored, verdicts explain themselves, and a broken catalog is refused
// with the file and entry named.
#include "classifiers/aup/aup_detector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace scrubline {
namespace {

const std::string kCatalogDir = std::string(SCRUBLINE_SOURCE_PATTERNS_DIR) + "/aup";

const AupDetector& Shipped() {
  static const std::shared_ptr<const AupDetector> detector = [] {
    auto d = AupDetector::Create(kCatalogDir);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : nullptr;
  }();
  return *detector;
}

AupVerdict Evaluate(const AupDetector& d, std::string_view text) {
  auto scratch = d.NewScratch();
  EXPECT_TRUE(scratch.ok());
  AupVerdict v;
  const Status s = d.Evaluate(text, **scratch, v);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return v;
}

std::set<std::string> ReasonIds(const AupDetector& d, const AupVerdict& v) {
  std::set<std::string> ids;
  for (const AupContribution& c : v.reasons) ids.insert(std::string(d.ReasonId(c)));
  return ids;
}

TEST(AupDetector, ShippedCatalogLoadsWithItsModelAndEveryEntryReproducesItsExamples) {
  const AupDetector& d = Shipped();  // Create checks every example
  ASSERT_NE(d.model(), nullptr);
  EXPECT_EQ(d.model()->spam_texts(), 747u);  // trained on the UCI collection (MODEL.md)
  EXPECT_EQ(d.ruleset_version().rfind("aup-", 0), 0u);
  EXPECT_EQ(d.ruleset_version().size(), 16u);
  EXPECT_EQ(d.model_version().rfind("nb-", 0), 0u);
  // Every category has at least one rule with positive and negative examples.
  std::set<AupCategory> covered;
  for (const AupRule& r : d.catalog().rules) {
    EXPECT_FALSE(r.examples.match.empty()) << r.id;
    EXPECT_FALSE(r.examples.no_match.empty()) << r.id;
    covered.insert(r.category);
  }
  for (std::size_t k = 0; k < kAupCategoryCount; ++k) {
    EXPECT_TRUE(covered.count(static_cast<AupCategory>(k)))
        << AupCategoryName(static_cast<AupCategory>(k)) << " has no rule";
  }
}

TEST(AupDetector, KeywordBodiesAreRecognisedAndNeverScored) {
  const AupDetector& d = Shipped();
  const std::pair<const char*, MessageKeyword> cases[] = {
      {"STOP", MessageKeyword::kOptOut},        {" stop. ", MessageKeyword::kOptOut},
      {"S.T.O.P", MessageKeyword::kOptOut},     {"Stop!!!", MessageKeyword::kOptOut},
      {"stopall", MessageKeyword::kOptOut},     {"UNSUBSCRIBE", MessageKeyword::kOptOut},
      {"cancel", MessageKeyword::kOptOut},      {"End", MessageKeyword::kOptOut},
      {"QUIT\n", MessageKeyword::kOptOut},      {"help", MessageKeyword::kHelp},
      {"INFO?", MessageKeyword::kHelp},         {"start", MessageKeyword::kOptIn},
      {"Yes", MessageKeyword::kOptIn},          {"unstop", MessageKeyword::kOptIn},
      {"Reply STOP to opt out", MessageKeyword::kNone},
      {"stop it", MessageKeyword::kNone},       {"STOP2", MessageKeyword::kNone},
      {"STOP \xF0\x9F\x99\x8F", MessageKeyword::kNone},
      {"stopping", MessageKeyword::kNone},      {"", MessageKeyword::kNone},
      {"!!!", MessageKeyword::kNone},
  };
  for (const auto& [body, kind] : cases) {
    const AupVerdict v = Evaluate(d, body);
    EXPECT_EQ(v.keyword, kind) << '"' << body << '"';
    if (kind != MessageKeyword::kNone) {
      EXPECT_EQ(v.score, 0) << body;
      EXPECT_TRUE(v.reasons.empty()) << body;
      EXPECT_FALSE(v.alert) << body;
    }
  }
  // A body that merely contains the keyword is scored like any other: the
  // opt-out boilerplate is itself a (weak) bulk-sender sign.
  const AupVerdict boilerplate = Evaluate(d, "Reply STOP to opt out");
  EXPECT_TRUE(ReasonIds(d, boilerplate).count("spam.subscription_terms"));
}

TEST(AupDetector, VerdictsNameTheirCategoryAndExplainThemselves) {
  const AupDetector& d = Shipped();
  const AupVerdict smishing = Evaluate(
      d, "USPS: your package could not be delivered. Pay the redelivery fee at "
         "https://usps-redelivery.top/track now");
  EXPECT_TRUE(smishing.alert);
  EXPECT_EQ(smishing.category, AupCategory::kSmishing);
  const auto ids = ReasonIds(d, smishing);
  for (const char* id : {"smishing.parcel_link", "smishing.fee_to_deliver", "link.risky_tld",
                         "feature.link", "model.naive_bayes"}) {
    EXPECT_TRUE(ids.count(id)) << id;
  }
  // The score is the sum of the reasons, heaviest first.
  double sum = 0;
  for (std::size_t i = 0; i < smishing.reasons.size(); ++i) {
    sum += smishing.reasons[i].weight;
    if (i > 0) {
      EXPECT_GE(std::fabs(smishing.reasons[i - 1].weight), std::fabs(smishing.reasons[i].weight));
    }
  }
  EXPECT_DOUBLE_EQ(sum, smishing.score);

  const AupVerdict prize = Evaluate(
      d, "WINNER!! As a valued network customer you have been selected to receive a "
         "£900 prize reward! To claim call 09061701461. Claim code KL341. Valid 12 hours only.");
  EXPECT_TRUE(prize.alert);
  EXPECT_EQ(prize.category, AupCategory::kPrizeScam);
  EXPECT_TRUE(ReasonIds(d, prize).count("spam.premium_rate"));

  const AupVerdict firearms = Evaluate(d, "AR-15 and ammo in stock, order today, cheap");
  EXPECT_EQ(firearms.category, AupCategory::kFirearms);

  for (const char* ham : {"Ok lar... Joking wif u oni...", "Running late, see you at 8",
                          "Your code is 482913. Don't share it with anyone.",
                          "Reminder: dentist appointment tomorrow at 10:30"}) {
    const AupVerdict v = Evaluate(d, ham);
    EXPECT_FALSE(v.alert) << ham << " scored " << v.score;
  }
}

TEST(AupDetector, PartsCanScoreAlone) {
  AupParts rules_only;
  rules_only.features = rules_only.model = false;
  auto d = AupDetector::Create(kCatalogDir, rules_only);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ((*d)->model(), nullptr);
  const AupVerdict v = Evaluate(**d, "Call 09061701461 to claim your prize!!!");
  for (const AupContribution& c : v.reasons) EXPECT_EQ(c.source, AupContribution::Source::kRule);
  EXPECT_FALSE(v.reasons.empty());
}

std::vector<std::pair<std::string, std::string>> WithFile(const std::string& name,
                                                          const std::string& text) {
  return {{"keywords.yaml", "keywords: {opt_out: [STOP], help: [HELP], opt_in: [START]}\n"},
          {name, text}};
}

// The velocity signal joins a verdict like any reason: weighed, sorted,
// explained, and it may carry the verdict over its threshold, but it never
// changes what kind of content the body is.
TEST(AupDetector, TheVelocitySignalAddsItsWeightAndKeepsTheCategory) {
  const AupDetector& d = Shipped();
  const AupScoring& scoring = d.catalog().scoring;
  ASSERT_GT(scoring.velocity_weight, 0);
  EXPECT_LT(scoring.velocity_weight, scoring.threshold);  // bulk alone never alerts
  EXPECT_EQ(scoring.velocity.window_seconds, 3600);
  EXPECT_EQ(scoring.velocity.recipients, 25);
  AupVerdict v = Evaluate(d, "Your parcel is held at the depot, pay the fee at https://bit.ly/x1");
  const double before = v.score;
  const AupCategory category = v.category;
  d.AddVelocity(40, v);
  EXPECT_DOUBLE_EQ(v.score, before + scoring.velocity_weight);
  EXPECT_EQ(v.category, category);
  EXPECT_EQ(v.alert, v.score >= scoring.ThresholdFor(category));
  EXPECT_TRUE(ReasonIds(d, v).count("velocity.bulk"));
  const auto it = std::find_if(v.reasons.begin(), v.reasons.end(), [](const AupContribution& c) {
    return c.source == AupContribution::Source::kVelocity;
  });
  ASSERT_NE(it, v.reasons.end());
  EXPECT_EQ(it->value, 40);
  EXPECT_EQ(d.ReasonCategory(*it), AupCategory::kSpam);
  for (std::size_t i = 1; i < v.reasons.size(); ++i) {
    EXPECT_GE(std::fabs(v.reasons[i - 1].weight), std::fabs(v.reasons[i].weight));
  }
}

TEST(AupDetector, ABrokenCatalogIsRefusedNamingFileAndEntry) {
  const std::string rule =
      "rules:\n  - id: t.one\n    category: spam\n    weight: 1\n    description: d\n"
      "    pattern: 'free'\n    examples: {match: ['free stuff'], no_match: ['paid']}\n";
  const std::pair<std::string, std::string> cases[] = {
      {"rules:\n  - id: t.one\n    category: spaam\n    weight: 1\n    description: d\n"
       "    pattern: x\n    examples: {match: [x], no_match: [y]}\n",
       "r.yaml: rules[0] (t.one): unknown category 'spaam'"},
      {"rules:\n  - id: t.one\n    category: spam\n    weight: 1\n    description: d\n"
       "    pattern: x\n    examples: {match: [x]}\n",
       "r.yaml: rules[0] (t.one): examples.no_match must be a non-empty list"},
      {"rules:\n  - id: T One\n", "r.yaml: rules[0]: id must be"},
      {"rules:\n  - id: t.one\n    category: spam\n    weight: 99\n", "weight must be"},
      {"rules:\n  - id: t.one\n    colour: red\n", "r.yaml: rules[0]: unknown key 'colour'"},
      {rule + "  - id: t.one\n    category: spam\n    weight: 1\n    description: d\n"
              "    pattern: 'x'\n    examples: {match: ['x'], no_match: ['y']}\n",
       "r.yaml: rules[1] (t.one): id used twice"},
      {"features:\n  - id: f.one\n    category: spam\n    weight: 1\n    description: d\n"
       "    feature: vibes\n    at_least: 1\n    examples: {match: [x], no_match: [y]}\n",
       "unknown feature 'vibes'"},
      {"scoring: {threshold: -1}\n" + rule, "threshold must be a positive number"},
      {"scoring: {model: {file: ../x.bin}}\n" + rule, "model.file is a file name"},
      {"scoring: {velocity: {window_seconds: 60}}\n" + rule, "velocity needs 'weight'"},
      {"scoring: {velocity: {weight: 0}}\n" + rule, "scoring.velocity: weight must be in (0, 50]"},
      {"scoring: {velocity: {weight: 3, window_seconds: 1}}\n" + rule, "window_seconds must be in"},
      {"scoring: {velocity: {weight: 3, recipients: 1000}}\n" + rule,
       "recipients must be in [2, 500]"},
      {"scoring: {velocity: {weight: 3, min_matching_bins: 17}}\n" + rule,
       "min_matching_bins must be"},
      {"scoring: {velocity: {weight: 3, clusters: 10}}\n" + rule, "clusters must be in"},
      {"scoring: {velocity: {weight: 3, speed: 9}}\n" + rule, "unknown key 'speed'"},
  };
  for (const auto& [text, expected] : cases) {
    auto catalog = AupCatalog::Parse(WithFile("r.yaml", text));
    ASSERT_FALSE(catalog.ok()) << text;
    EXPECT_NE(catalog.status().message().find(expected), std::string::npos)
        << catalog.status().ToString();
  }
  // Parsed, but the compiled rule misses its own example, or does not compile.
  const std::pair<std::string, std::string> compiled[] = {
      {"rules:\n  - id: t.miss\n    category: spam\n    weight: 1\n    description: d\n"
       "    pattern: '\\bfreebie\\b'\n    examples: {match: ['free stuff'], no_match: ['paid']}\n",
       "r.yaml: rules[0] (t.miss): misses its match example \"free stuff\""},
      {"rules:\n  - id: t.wide\n    category: spam\n    weight: 1\n    description: d\n"
       "    pattern: 'pa'\n    examples: {match: ['pay'], no_match: ['paid']}\n",
       "r.yaml: rules[0] (t.wide): fires on its no_match example \"paid\""},
      {"rules:\n  - id: t.backref\n    category: spam\n    weight: 1\n    description: d\n"
       "    pattern: '(a)\\1'\n    examples: {match: ['aa'], no_match: ['b']}\n",
       "r.yaml: rules[0] (t.backref): Hyperscan cannot compile the pattern"},
      {"scoring: {model: {file: model.bin}}\n" + rule, "names model 'model.bin' but none was loaded"},
  };
  for (const auto& [text, expected] : compiled) {
    auto catalog = AupCatalog::Parse(WithFile("r.yaml", text));
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    auto d = AupDetector::Create(std::move(*catalog), std::nullopt);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_NE(d.status().message().find(expected), std::string::npos) << d.status().ToString();
  }
  auto missing = AupCatalog::Parse({{"r.yaml", rule}});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no file defines 'keywords'"), std::string::npos);
}

}  // namespace
}  // namespace scrubline
