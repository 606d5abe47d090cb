// The closed vocabularies of acceptable-use monitoring: abuse categories,
// message features and the keywords a body can be. Alerts, headers, metric
// labels and reports use these names only, so a label value can never come
// from record data (see classifiers/base/vocabulary.h).
#pragma once

#include "classifiers/base/vocabulary.h"

namespace scrubline {

// What an abuse rule, feature or verdict is about. The carrier-prohibited
// SHAFT content (sex, hate, alcohol, firearms, tobacco) and cannabis are one
// category each, so a policy can set a threshold per category.
#define SCRUBLINE_AUP_CATEGORIES(X)            \
  X(kSpam, "spam")                             \
  X(kPhishing, "phishing")                     \
  X(kSmishing, "smishing")                     \
  X(kLinkRisk, "link_risk")                    \
  X(kPrizeScam, "prize_scam")                  \
  X(kAdvanceFee, "advance_fee")                \
  X(kHighRiskFinance, "high_risk_finance")     \
  X(kCryptoScam, "crypto_scam")                \
  X(kGambling, "gambling")                     \
  X(kSex, "sex")                               \
  X(kHate, "hate")                             \
  X(kAlcohol, "alcohol")                       \
  X(kFirearms, "firearms")                     \
  X(kTobacco, "tobacco")                       \
  X(kCannabis, "cannabis")

// Measured properties of a body (message_features.h); the catalog gives each
// feature rule a threshold, a category and a weight.
#define SCRUBLINE_AUP_FEATURES(X)                  \
  X(kLinkCount, "link_count")                      \
  X(kCapitalsShare, "capitals_share")              \
  X(kMoneyAmounts, "money_amounts")                \
  X(kMixedScriptWords, "mixed_script_words")       \
  X(kExclamations, "exclamations")

// What a whole body is when it is one keyword (keyword_matcher.h).
#define SCRUBLINE_MESSAGE_KEYWORDS(X) \
  X(kNone, "none")                    \
  X(kOptOut, "opt_out")               \
  X(kHelp, "help")                    \
  X(kOptIn, "opt_in")

SCRUBLINE_DECLARE_VOCABULARY(AupCategory, SCRUBLINE_AUP_CATEGORIES, AupCategoryName,
                             kAupCategoryCount)
SCRUBLINE_DECLARE_VOCABULARY(AupFeature, SCRUBLINE_AUP_FEATURES, AupFeatureName,
                             kAupFeatureCount)
SCRUBLINE_DECLARE_VOCABULARY(MessageKeyword, SCRUBLINE_MESSAGE_KEYWORDS, MessageKeywordName,
                             kMessageKeywordCount)

}  // namespace scrubline
