// MessageFeatures: the measured properties of a message body that abuse
// scoring weighs beside its rules (aup_vocabulary.h, SCRUBLINE_AUP_FEATURES):
//
//   link_count          links: a token starting "http://", "https://" or
//                       "www.", or a host with a path ("bit.ly/x": labels
//                       of [A-Za-z0-9-], the last one 2-24 letters, then '/')
//   capitals_share      upper-case share of the ASCII letters; 0 below 12
//                       letters, where "OK" or "ASAP" would say nothing
//   money_amounts       amounts: a currency sign ($, £, €) next to a digit,
//                       or a number followed by a currency word (pounds,
//                       dollars, euros, usd, gbp, eur, cash)
//   mixed_script_words  words mixing ASCII letters with Cyrillic, Greek or
//                       full-width letters: homoglyph substitutions such as
//                       "PаyPal" with a Cyrillic 'а'
//   exclamations        '!' characters
//
// Bytes in, numbers out: invalid UTF-8 is bytes that are no letter of any
// script, never an error. One pass, no allocation; thread-safe.
#pragma once

#include <array>
#include <string_view>

#include "classifiers/aup/aup_vocabulary.h"

namespace scrubline {

struct MessageFeatures {
  std::array<double, kAupFeatureCount> values{};
  double operator[](AupFeature f) const { return values[static_cast<std::size_t>(f)]; }
};

void MeasureMessage(std::string_view text, MessageFeatures& out);

}  // namespace scrubline
