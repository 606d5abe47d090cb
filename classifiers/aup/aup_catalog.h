// The acceptable-use catalog: the data that says what spam, fraud and
// prohibited content look like, and how much each sign weighs.
//
// patterns/aup/*.yaml, loaded in file-name order (schema: patterns/README.md,
// "Acceptable-use catalog"). A file may hold any of:
//   rules:     id, category, weight, description, pattern (Hyperscan syntax,
//              case-insensitive unless case_sensitive: true), and examples
//              {match: [...], no_match: [...]} the compiled detector must
//              reproduce (AupDetector::Create checks them);
//   features:  id, category, weight, description, feature (a measured
//              property, aup_vocabulary.h) and at_least (its threshold),
//              with examples too;
//   keywords:  the opt-out, help and opt-in keywords (one file only);
//   scoring:   the alert threshold (and per category), the statistical
//              model file with its weight, and the bulk-messaging velocity
//              signal's window, recipients and weight (one file only).
// Weights are Rspamd-style: a verdict's score is the sum of the weights of
// what fired, so the catalog is the explanation.
//
// Loading parses and checks the schema; AupDetector compiles the patterns.
// Every error names the file, the entry (id or position) and the problem.
// Plain value types: copyable, immutable once loaded.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "classifiers/aup/aup_vocabulary.h"
#include "classifiers/aup/velocity_tracker.h"
#include "classifiers/base/status.h"

namespace scrubline {

struct AupExamples {
  std::vector<std::string> match;     // texts the entry must fire on
  std::vector<std::string> no_match;  // texts it must not fire on
};

struct AupRule {
  std::string id;
  std::string source;  // "smishing.yaml: rules[2]" for messages
  AupCategory category = AupCategory::kSpam;
  double weight = 0;
  std::string description;
  std::string pattern;
  bool case_sensitive = false;
  AupExamples examples;
};

struct AupFeatureRule {
  std::string id;
  std::string source;
  AupCategory category = AupCategory::kSpam;
  double weight = 0;
  std::string description;
  AupFeature feature = AupFeature::kLinkCount;
  double at_least = 0;  // fires when the measured value is >= this
  AupExamples examples;
};

struct AupScoring {
  // An alert is raised when a verdict's score reaches the threshold of its
  // category (`thresholds`, else `threshold`). A policy may override both.
  double threshold = 6.0;
  std::array<double, kAupCategoryCount> thresholds{};  // 0: use `threshold`
  // The statistical model (spam_model.h), relative to the catalog directory;
  // empty: rules and features only. Its contribution is
  // model_weight * clamp(log-odds, -model_cap, model_cap).
  std::string model_file;
  double model_weight = 1.0;
  double model_cap = 6.0;
  // The bulk-messaging signal (velocity_tracker.h): when a policy names
  // sender, recipient and time fields, a body whose near-duplicates reached
  // `velocity.recipients` distinct recipients of one sender in the window
  // adds `velocity_weight` ("velocity.bulk", category spam). 0: off.
  double velocity_weight = 0;
  VelocitySettings velocity;
  bool velocity_on() const { return velocity_weight > 0; }

  double ThresholdFor(AupCategory c) const {
    const double t = thresholds[static_cast<std::size_t>(c)];
    return t > 0 ? t : threshold;
  }
};

struct AupCatalog {
  std::vector<AupRule> rules;
  std::vector<AupFeatureRule> features;
  // Per MessageKeyword (kNone's list stays empty): upper-case ASCII words.
  std::array<std::vector<std::string>, kMessageKeywordCount> keywords;
  AupScoring scoring;
  // (file name, bytes) of every catalog file, in load order: the rule-set
  // version covers them.
  std::vector<std::pair<std::string, std::string>> source_files;

  // Reads every *.yaml in `dir`.
  static StatusOr<AupCatalog> LoadDirectory(const std::string& dir);
  // The same from (file name, text) pairs, in the given order.
  static StatusOr<AupCatalog> Parse(const std::vector<std::pair<std::string, std::string>>& files);
};

}  // namespace scrubline
