// Labelled message texts for the acceptable-use benchmarks: JSON lines with
// "text" and "label" ("spam"/"ham"), the format of
// ../shared/data/uci_sms_spam.jsonl and bench/data/modern_sms.jsonl.
#pragma once

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace scrubline {

struct LabelledExample {
  std::string text;
  bool spam = false;
};

// The file's examples in order. A line that is not such an object is
// skipped, or, when `bad_line` is given, stops reading and sets it (1-based).
inline std::vector<LabelledExample> LoadLabelledTexts(const std::string& path,
                                                      std::size_t* bad_line = nullptr) {
  std::vector<LabelledExample> out;
  std::ifstream in(path, std::ios::binary);
  simdjson::dom::parser parser;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    simdjson::dom::element root;
    std::string_view text, label;
    if (parser.parse(line).get(root) || root["text"].get_string().get(text) ||
        root["label"].get_string().get(label) || (label != "spam" && label != "ham")) {
      if (bad_line != nullptr) {
        *bad_line = n;
        return out;
      }
      continue;
    }
    out.push_back(LabelledExample{std::string(text), label == "spam"});
  }
  return out;
}

}  // namespace scrubline
