// train-spam: builds the statistical spam model (classifiers/aup/
// spam_model.h) from labelled JSON lines and reviewers' verdicts on alerts,
// deterministically.
//
// Labelled data (--data): one JSON object per line with "text" (the message
// body) and "label" ("spam" or "ham"), the format of
// ../shared/data/uci_sms_spam.jsonl, or "text" and "verdict" instead of
// "label".
//
// Reviewer feedback (--feedback with --alerts): the verdicts of
// topics.feedback, {"alert": "al_…", "verdict": "spam"|"ham", "category",
// "rules"}, each line checked as the worker checks them
// (review_feedback.h), joined by alert id with the alerts they judge. An alerts
// line is either a `scrubline scan` output line (its "value" is the alert;
// scan lines of other kinds, usage/content/dead_letter, are skipped) or an
// alert value as a consumer of topics.alerts saves it ("alert", "field",
// "content", ... at top level). The training text is the alert's redacted
// content, alert["content"][alert["field"]]: the body with entity tags such
// as [PHONE] in place of values, so training never sees clear personal data.
// The first alert line of an id counts (the same input gives the same id);
// the last verdict of an id counts (a reviewer corrected themselves; the
// earlier ones are counted as overridden); a verdict whose alert is not in
// the alerts file (expired) is skipped and counted, not an error. Examples
// from feedback follow those from --data, in the order of their winning
// verdict lines.
//
// Blank lines are skipped; any other line that is not what its file holds
// stops training with the file's name and the line number (never its text).
// The same inputs, seed and options give byte-identical models.
//
// Provenance: the model records a SHA-256 of its inputs (TrainSpamDataSha256).
// With --data alone it is the SHA-256 of the data file's bytes (so
// patterns/aup/model.bin stays reproducible); with feedback it is the
// SHA-256 of, for data (empty when absent), feedback and alerts in turn, the
// byte length as 8 bytes little-endian followed by the bytes.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/aup/spam_model.h"
#include "classifiers/base/status.h"

namespace scrubline {

// Texts and labels to train on, in training order.
struct LabelledSet {
  struct Example {
    std::string text;
    bool spam = false;
  };
  std::vector<Example> examples;
  std::uint64_t spam = 0;
  std::uint64_t ham = 0;

  void Add(std::string text, bool is_spam);
};

// One input, read whole: the name errors give it (e.g. "feedback fb.jsonl")
// and its bytes.
struct TrainSpamSource {
  std::string name;
  std::string bytes;
};

// Reads the file at `path` ("-": standard input) whole, named
// "<role> <path>" ("<role> (stdin)"). NotFound if it cannot be opened.
StatusOr<TrainSpamSource> ReadTrainSpamSource(const std::string& role, const std::string& path);

// At least `data` or `feedback`; `feedback` and `alerts` go together.
struct TrainSpamSources {
  std::optional<TrainSpamSource> data;
  std::optional<TrainSpamSource> feedback;
  std::optional<TrainSpamSource> alerts;
};

struct TrainSpamSummary {
  std::uint64_t spam = 0;  // all examples trained on, by label
  std::uint64_t ham = 0;
  std::uint64_t from_data = 0;            // examples from --data
  std::uint64_t from_feedback = 0;        // verdicts joined with their alert
  std::uint64_t feedback_unmatched = 0;   // winning verdicts without their alert: skipped
  std::uint64_t feedback_overridden = 0;  // verdicts replaced by a later one on the same alert
  std::string data_sha256;
};

// Appends the labelled lines of `bytes` ("text" with "label" or "verdict")
// to `set`. Errors: "<name> line N: why".
Status ReadLabelledLines(std::string_view bytes, const std::string& name, LabelledSet& set);

struct FeedbackJoinCounts {
  std::uint64_t joined = 0;
  std::uint64_t unmatched = 0;
  std::uint64_t overridden = 0;
};

// Joins the verdicts of `feedback` with the alerts of `alerts` by alert id
// and appends one example per joined verdict to `set` (rules above).
// Errors name the source and line: "<name> line N: why".
Status JoinFeedbackWithAlerts(const TrainSpamSource& feedback, const TrainSpamSource& alerts,
                              LabelledSet& set, FeedbackJoinCounts& counts);

// The provenance hash the model records for `sources` (see above).
std::string TrainSpamDataSha256(const TrainSpamSources& sources);

// Reads every source, trains with `options` (its data_sha256 is filled in
// from the sources) and fills `summary`. Needs both spam and ham examples.
StatusOr<SpamModel> TrainSpamModel(const TrainSpamSources& sources, SpamModelOptions options,
                                   TrainSpamSummary& summary);

// --data alone from a stream (errors name it "training data").
StatusOr<SpamModel> TrainSpamFromJsonLines(std::istream& data, SpamModelOptions options,
                                           TrainSpamSummary& summary);

}  // namespace scrubline
