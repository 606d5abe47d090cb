// train-spam: builds the statistical spam model (classifiers/aup/
// spam_model.h) from labelled JSON lines, deterministically.
//
// Input: one JSON object per line with "text" (the message body) and
// "label" ("spam" or "ham"), the format of ../shared/data/uci_sms_spam.jsonl;
// or a reviewer's verdict from topics.feedback with "text" and "verdict"
// ("spam"/"ham") instead of "label". Blank lines are skipped; any other line
// that is not such an object stops training with its line number (never its
// text). The same input, seed and options give byte-identical models; the
// model records the SHA-256 of the input bytes as provenance.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "classifiers/aup/spam_model.h"
#include "classifiers/base/status.h"

namespace scrubline {

struct TrainSpamSummary {
  std::uint64_t spam = 0;
  std::uint64_t ham = 0;
  std::string data_sha256;
};

// Reads `data` to its end and trains with `options` (its data_sha256 is
// filled in from the input).
StatusOr<SpamModel> TrainSpamFromJsonLines(std::istream& data, SpamModelOptions options,
                                           TrainSpamSummary& summary);

}  // namespace scrubline
