#include "pipeline/train_spam.h"

#include <deque>
#include <sstream>
#include <vector>

#include <simdjson.h>

#include "classifiers/crypto/digest.h"

namespace scrubline {

StatusOr<SpamModel> TrainSpamFromJsonLines(std::istream& data, SpamModelOptions options,
                                           TrainSpamSummary& summary) {
  std::ostringstream whole;
  whole << data.rdbuf();
  const std::string bytes = whole.str();
  Sha256Digest digest;
  digest.Update(bytes);
  summary = TrainSpamSummary{};
  summary.data_sha256 = digest.FinalHex();
  options.data_sha256 = summary.data_sha256;

  std::deque<std::string> texts;  // stable storage for the views below
  std::vector<LabelledText> labelled;
  simdjson::dom::parser parser;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    const std::string_view line(bytes.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const auto bad = [&](const std::string& why) {
      return InvalidArgumentError("training data line " + std::to_string(line_number) + ": " + why);
    };
    simdjson::dom::element root;
    if (auto e = parser.parse(line.data(), line.size()).get(root)) {
      return bad(std::string("invalid JSON: ") + simdjson::error_message(e));
    }
    std::string_view text, label;
    if (root["text"].get_string().get(text) != simdjson::SUCCESS) return bad("no string \"text\"");
    if (root["label"].get_string().get(label) != simdjson::SUCCESS &&
        root["verdict"].get_string().get(label) != simdjson::SUCCESS) {
      return bad("no string \"label\" (or reviewer \"verdict\")");
    }
    if (label != "spam" && label != "ham") return bad("label must be \"spam\" or \"ham\"");
    texts.emplace_back(text);
    labelled.push_back(LabelledText{texts.back(), label == "spam"});
    (label == "spam" ? summary.spam : summary.ham) += 1;
  }
  if (summary.spam == 0 || summary.ham == 0) {
    return InvalidArgumentError("training data needs both spam and ham texts (got " +
                                std::to_string(summary.spam) + " spam, " +
                                std::to_string(summary.ham) + " ham)");
  }
  return SpamModel::Train(labelled, options);
}

}  // namespace scrubline
