#include "pipeline/review_feedback.h"

namespace scrubline {

bool IsAlertId(std::string_view id) {
  if (id.size() != 35 || id.substr(0, 3) != "al_") return false;
  for (char c : id.substr(3)) {
    if (c < 'a' || c > 'p') return false;
  }
  return true;
}

std::optional<std::string> ReadReviewFeedback(const JsonTree& tree, ReviewFeedback& out) {
  out.rules.clear();
  const JsonNode& root = tree.root();
  if (root.kind != JsonKind::kObject) return "feedback: not a JSON object";
  bool have_alert = false, have_verdict = false, have_category = false, have_rules = false;
  for (std::uint32_t c = JsonTree::FirstChild(0); c < root.end; c = tree.NextSibling(c)) {
    const JsonNode& node = tree.nodes[c];
    if (node.key == "alert") {
      if (node.kind != JsonKind::kString || !IsAlertId(node.text)) {
        return "feedback: \"alert\" must be an alert id (al_ and 32 letters a-p)";
      }
      out.alert = node.text;
      have_alert = true;
    } else if (node.key == "verdict") {
      if (node.kind == JsonKind::kString && node.text == "spam") {
        out.verdict = ReviewVerdict::kSpam;
      } else if (node.kind == JsonKind::kString && node.text == "ham") {
        out.verdict = ReviewVerdict::kHam;
      } else {
        return "feedback: \"verdict\" must be \"spam\" or \"ham\"";
      }
      have_verdict = true;
    } else if (node.key == "category") {
      const auto category = node.kind == JsonKind::kString
                                ? ParseVocabulary<AupCategory, kAupCategoryCount>(AupCategoryName, node.text)
                                : std::nullopt;
      if (!category) return "feedback: \"category\" must be an acceptable-use category";
      out.category = *category;
      have_category = true;
    } else if (node.key == "rules") {
      if (node.kind != JsonKind::kArray) return "feedback: \"rules\" must be a list of rule ids";
      for (std::uint32_t r = JsonTree::FirstChild(c); r < node.end; r = tree.NextSibling(r)) {
        const JsonNode& rule = tree.nodes[r];
        if (rule.kind != JsonKind::kString || rule.text.empty()) {
          return "feedback: \"rules\" must be a list of rule ids";
        }
        if (out.rules.size() == kMaxReviewRules) return "feedback: more than 256 rules";
        out.rules.push_back(rule.text);
      }
      have_rules = true;
    }
  }
  if (!have_alert) return "feedback: no \"alert\"";
  if (!have_verdict) return "feedback: no \"verdict\"";
  if (!have_category) return "feedback: no \"category\"";
  if (!have_rules) return "feedback: no \"rules\"";
  return std::nullopt;
}

}  // namespace scrubline
