#include "pipeline/train_spam.h"

#include <fstream>
#include <iostream>
#include <sstream>
#include <unordered_map>
#include <utility>

#include <simdjson.h>

#include "classifiers/crypto/digest.h"
#include "pipeline/json_decoder.h"
#include "pipeline/review_feedback.h"

namespace scrubline {
namespace {

Status LineError(const std::string& name, std::size_t line_number, const std::string& why) {
  return InvalidArgumentError(name + " line " + std::to_string(line_number) + ": " + why);
}

// Calls `f(line, line_number)` for every line of `bytes` that is not blank
// (only spaces, tabs and CRs); stops at the first error.
template <typename F>
Status ForEachLine(std::string_view bytes, F&& f) {
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    const std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    SCRUBLINE_RETURN_IF_ERROR(f(line, line_number));
  }
  return Status::Ok();
}

// Parses `line` as a JSON object into `out` (valid until the next parse).
// Returns the reason it is not one; never quotes the line.
std::optional<std::string> ParseObject(simdjson::dom::parser& parser, std::string_view line,
                                       simdjson::dom::object& out) {
  simdjson::dom::element root;
  if (auto e = parser.parse(line.data(), line.size()).get(root)) {
    return std::string("invalid JSON: ") + simdjson::error_message(e);
  }
  if (root.get_object().get(out) != simdjson::SUCCESS) return "not a JSON object";
  return std::nullopt;
}

// A reviewer's verdict on one alert, in feedback order. `live` is cleared
// when a later verdict on the same alert replaces it.
struct Verdict {
  std::string alert;
  bool spam = false;
  bool live = true;
  std::optional<std::string> text;  // the alert's redacted content, once found
};

// Given an alerts line that parsed as `root`: the alert object in `alert`
// (true), nothing for a scan output line of another kind (false), or an
// error message.
std::optional<std::string> FindAlert(simdjson::dom::object root, simdjson::dom::object& alert,
                                     bool& found) {
  found = false;
  std::string_view id;
  simdjson::dom::object value;
  if (root["value"].get_object().get(value) == simdjson::SUCCESS) {
    // `scrubline scan` output: the alert is the value of an alert line.
    if (value["alert"].get_string().get(id) != simdjson::SUCCESS) return std::nullopt;
    alert = value;
    found = true;
    return std::nullopt;
  }
  simdjson::dom::object content;
  if (root["alert"].get_string().get(id) == simdjson::SUCCESS &&
      root["content"].get_object().get(content) == simdjson::SUCCESS) {
    alert = root;  // an alert value as saved from topics.alerts
    found = true;
    return std::nullopt;
  }
  // A scan output line without a "value" (a dead letter has "value_b64").
  simdjson::dom::object headers;
  std::string_view kind;
  if (root["headers"].get_object().get(headers) == simdjson::SUCCESS &&
      headers["scrubline.kind"].get_string().get(kind) == simdjson::SUCCESS && kind != "alert") {
    return std::nullopt;
  }
  return "neither an alert (\"alert\" and \"content\") nor a scan output line (\"value\")";
}

void AppendLength(Sha256Digest& digest, std::uint64_t length) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((length >> (8 * i)) & 0xFF);
  digest.Update(std::string_view(bytes, sizeof bytes));
}

}  // namespace

void LabelledSet::Add(std::string text, bool is_spam) {
  examples.push_back(Example{std::move(text), is_spam});
  (is_spam ? spam : ham) += 1;
}

StatusOr<TrainSpamSource> ReadTrainSpamSource(const std::string& role, const std::string& path) {
  std::ostringstream whole;
  if (path == "-") {
    whole << std::cin.rdbuf();
    return TrainSpamSource{role + " (stdin)", whole.str()};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read " + path);
  whole << in.rdbuf();
  if (in.bad()) return InternalError("cannot read " + path);
  return TrainSpamSource{role + " " + path, whole.str()};
}

Status ReadLabelledLines(std::string_view bytes, const std::string& name, LabelledSet& set) {
  simdjson::dom::parser parser;
  return ForEachLine(bytes, [&](std::string_view line, std::size_t line_number) -> Status {
    simdjson::dom::object root;
    if (auto why = ParseObject(parser, line, root)) return LineError(name, line_number, *why);
    std::string_view text, label;
    if (root["text"].get_string().get(text) != simdjson::SUCCESS) {
      return LineError(name, line_number, "no string \"text\"");
    }
    if (root["label"].get_string().get(label) != simdjson::SUCCESS &&
        root["verdict"].get_string().get(label) != simdjson::SUCCESS) {
      return LineError(name, line_number, "no string \"label\" (or reviewer \"verdict\")");
    }
    if (label != "spam" && label != "ham") {
      return LineError(name, line_number, "label must be \"spam\" or \"ham\"");
    }
    set.Add(std::string(text), label == "spam");
    return Status::Ok();
  });
}

Status JoinFeedbackWithAlerts(const TrainSpamSource& feedback, const TrainSpamSource& alerts,
                              LabelledSet& set, FeedbackJoinCounts& counts) {
  counts = FeedbackJoinCounts{};
  simdjson::dom::parser parser;

  // The verdicts, in order; `latest` maps an alert id to its winning one.
  std::vector<Verdict> verdicts;
  std::unordered_map<std::string, std::size_t> latest;
  // Each line is checked as the worker checks topics.feedback
  // (review_feedback.h): a line the worker would dead-letter is an error.
  JsonDecoder decoder({});
  JsonTree tree;
  ReviewFeedback review;
  SCRUBLINE_RETURN_IF_ERROR(
      ForEachLine(feedback.bytes, [&](std::string_view line, std::size_t line_number) -> Status {
        if (auto error = decoder.Decode(line, tree)) {
          return LineError(feedback.name, line_number, error->reason);
        }
        if (auto why = ReadReviewFeedback(tree, review)) {
          return LineError(feedback.name, line_number, *why);
        }
        auto [it, inserted] = latest.try_emplace(std::string(review.alert), verdicts.size());
        if (!inserted) {
          verdicts[it->second].live = false;
          it->second = verdicts.size();
          ++counts.overridden;
        }
        verdicts.push_back(Verdict{std::string(review.alert), review.verdict == ReviewVerdict::kSpam,
                                   true, std::nullopt});
        return Status::Ok();
      }));

  // The alerts: the first line of an id gives the text of its winning verdict.
  SCRUBLINE_RETURN_IF_ERROR(
      ForEachLine(alerts.bytes, [&](std::string_view line, std::size_t line_number) -> Status {
        simdjson::dom::object root;
        if (auto why = ParseObject(parser, line, root)) {
          return LineError(alerts.name, line_number, *why);
        }
        simdjson::dom::object alert;
        bool found = false;
        if (auto why = FindAlert(root, alert, found))
          return LineError(alerts.name, line_number, *why);
        if (!found) return Status::Ok();
        std::string_view id, field, text;
        simdjson::dom::object content;
        if (alert["alert"].get_string().get(id) != simdjson::SUCCESS) {
          return LineError(alerts.name, line_number, "no string \"alert\"");
        }
        if (alert["field"].get_string().get(field) != simdjson::SUCCESS) {
          return LineError(alerts.name, line_number, "the alert has no string \"field\"");
        }
        if (alert["content"].get_object().get(content) != simdjson::SUCCESS) {
          return LineError(alerts.name, line_number, "the alert has no object \"content\"");
        }
        if (content.at_key(field).get_string().get(text) != simdjson::SUCCESS) {
          return LineError(alerts.name, line_number,
                           "the alert's \"content\" has no string for its \"field\"");
        }
        const auto it = latest.find(std::string(id));
        if (it == latest.end()) return Status::Ok();  // no verdict on it
        Verdict& winner = verdicts[it->second];
        if (!winner.text) winner.text = std::string(text);
        return Status::Ok();
      }));

  for (Verdict& v : verdicts) {
    if (!v.live) continue;
    if (!v.text) {
      ++counts.unmatched;  // its alert has expired, or is from elsewhere
      continue;
    }
    set.Add(std::move(*v.text), v.spam);
    ++counts.joined;
  }
  return Status::Ok();
}

std::string TrainSpamDataSha256(const TrainSpamSources& sources) {
  Sha256Digest digest;
  if (!sources.feedback && !sources.alerts) {
    // --data alone: the file's own SHA-256, as before feedback existed.
    if (sources.data) digest.Update(sources.data->bytes);
    return digest.FinalHex();
  }
  for (const std::optional<TrainSpamSource>* source :
       {&sources.data, &sources.feedback, &sources.alerts}) {
    const std::string_view bytes =
        *source ? std::string_view((*source)->bytes) : std::string_view();
    AppendLength(digest, bytes.size());
    digest.Update(bytes);
  }
  return digest.FinalHex();
}

StatusOr<SpamModel> TrainSpamModel(const TrainSpamSources& sources, SpamModelOptions options,
                                   TrainSpamSummary& summary) {
  summary = TrainSpamSummary{};
  if (sources.feedback.has_value() != sources.alerts.has_value()) {
    return InvalidArgumentError(
        "reviewer feedback needs its alerts file, and alerts their feedback");
  }
  if (!sources.data && !sources.feedback) {
    return InvalidArgumentError("no training data: give labelled data or feedback with alerts");
  }
  summary.data_sha256 = TrainSpamDataSha256(sources);
  options.data_sha256 = summary.data_sha256;

  LabelledSet set;
  if (sources.data) {
    SCRUBLINE_RETURN_IF_ERROR(ReadLabelledLines(sources.data->bytes, sources.data->name, set));
  }
  summary.from_data = set.examples.size();
  if (sources.feedback) {
    FeedbackJoinCounts counts;
    SCRUBLINE_RETURN_IF_ERROR(
        JoinFeedbackWithAlerts(*sources.feedback, *sources.alerts, set, counts));
    summary.from_feedback = counts.joined;
    summary.feedback_unmatched = counts.unmatched;
    summary.feedback_overridden = counts.overridden;
  }
  summary.spam = set.spam;
  summary.ham = set.ham;
  if (set.spam == 0 || set.ham == 0) {
    return InvalidArgumentError("training data needs both spam and ham texts (got " +
                                std::to_string(set.spam) + " spam, " + std::to_string(set.ham) +
                                " ham)");
  }
  std::vector<LabelledText> labelled;
  labelled.reserve(set.examples.size());
  for (const LabelledSet::Example& e : set.examples)
    labelled.push_back(LabelledText{e.text, e.spam});
  return SpamModel::Train(labelled, options);
}

StatusOr<SpamModel> TrainSpamFromJsonLines(std::istream& data, SpamModelOptions options,
                                           TrainSpamSummary& summary) {
  std::ostringstream whole;
  whole << data.rdbuf();
  TrainSpamSources sources;
  sources.data = TrainSpamSource{"training data", whole.str()};
  return TrainSpamModel(sources, std::move(options), summary);
}

}  // namespace scrubline
