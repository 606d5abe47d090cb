// AupDetector: acceptable-use scoring of a message body, with its reasons.
//
// Built once from the acceptable-use catalog (aup_catalog.h) and, when the
// catalog's scoring names one, the statistical model (spam_model.h):
//   - every rule pattern is compiled into one Hyperscan database (block mode,
//     single match: a rule fires once per text however often it matches),
//     and each rule must reproduce its own examples (Create checks them, so a
//     catalog cannot ship a rule that misses what it says it catches);
//   - feature rules compare a measured property (message_features.h) with
//     their threshold, and must reproduce their examples too;
//   - the model adds model_weight * clamp(log-odds, -cap, cap).
// Evaluate first asks whether the body *is* an opt-out, help or opt-in
// keyword (keyword_matcher.h): such a body is recognised, never scored.
// Otherwise the score is the sum of the weights of what fired; the verdict's
// category is the most-weighted specific category among the rules and
// features that fired ("smishing", "gambling", ...), else "spam"; it alerts
// when the score reaches that category's threshold (AupScoring).
//
// Reasons are catalog ids with weights (and, for features and the model,
// the measured value): an explanation a reviewer can read without seeing
// the text. Rules read the original body in memory; nothing here stores or
// returns any of its bytes.
//
// Immutable after Create and thread-safe; per-thread state lives in a
// Scratch. Evaluate allocates nothing once the verdict's reason vector has
// grown to the catalog's size. Not copyable (owns a Hyperscan database).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/aup/aup_catalog.h"
#include "classifiers/aup/keyword_matcher.h"
#include "classifiers/aup/message_features.h"
#include "classifiers/aup/spam_model.h"

namespace scrubline {

struct AupContribution {
  enum class Source : std::uint8_t { kRule, kFeature, kModel, kVelocity };
  Source source = Source::kRule;
  std::uint16_t index = 0;  // into catalog().rules or catalog().features
  double weight = 0;        // what it added to the score
  double value = 0;  // kFeature: the measured value; kModel: the log-odds;
                     // kVelocity: the estimated distinct recipients
};

struct AupVerdict {
  MessageKeyword keyword = MessageKeyword::kNone;  // not kNone: recognised, not scored
  double score = 0;
  AupCategory category = AupCategory::kSpam;
  bool alert = false;  // score >= the threshold of `category`
  std::vector<AupContribution> reasons;  // heaviest first; reused across calls
};

// Which parts of AupDetector score (the accuracy benchmark compares them
// alone and together); production uses all three.
struct AupParts {
  bool rules = true;
  bool features = true;
  bool model = true;
};

class AupDetector {
 public:
  class Scratch;

  // Loads patterns/aup (`dir`) and the model its scoring names. Detectors
  // built from identical files and parts in one process are one object.
  static StatusOr<std::shared_ptr<const AupDetector>> Create(const std::string& dir, AupParts parts = {});
  // From a loaded catalog and an optional model (the model is required if
  // the catalog's scoring names one and parts.model is set).
  static StatusOr<std::shared_ptr<const AupDetector>> Create(AupCatalog catalog,
                                                             std::optional<SpamModel> model,
                                                             AupParts parts = {});
  ~AupDetector();
  AupDetector(const AupDetector&) = delete;
  AupDetector& operator=(const AupDetector&) = delete;

  StatusOr<std::unique_ptr<Scratch>> NewScratch() const;

  // Scores `text`. Errors only for a broken scratch or engine (fail closed:
  // the caller must not treat a failed evaluation as "clean").
  Status Evaluate(std::string_view text, Scratch& scratch, AupVerdict& verdict) const;

  // Adds the bulk-messaging signal (velocity_tracker.h) to a verdict of
  // Evaluate: the catalog's velocity weight as "velocity.bulk" with the
  // estimated recipients as its value; score, order and alert follow. The
  // category stays: bulk sending is a sign, not a kind of content.
  void AddVelocity(double recipients, AupVerdict& verdict) const;

  // The catalog id behind a reason ("model.naive_bayes" for the model,
  // "velocity.bulk" for the velocity signal).
  std::string_view ReasonId(const AupContribution& c) const;
  // Whether `id` is the id of one of this detector's reasons (a rule, a
  // feature, the model or the velocity signal): reviewer feedback names
  // rules by id, and only known ids become metric labels.
  bool KnowsReasonId(std::string_view id) const;
  // The category a reason scores for.
  AupCategory ReasonCategory(const AupContribution& c) const;

  const AupCatalog& catalog() const;
  const SpamModel* model() const;  // null without one
  // "aup-" + 12 hex of the SHA-256 over the catalog files: alerts carry it.
  const std::string& ruleset_version() const;
  // "nb-" + 12 hex of the SHA-256 of the model file; "none" without one.
  const std::string& model_version() const;

  struct Impl;

 private:
  explicit AupDetector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Per-thread state of one AupDetector. Not thread-safe; not copyable.
class AupDetector::Scratch {
 public:
  struct Impl;
  explicit Scratch(std::unique_ptr<Impl> impl);
  ~Scratch();
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
