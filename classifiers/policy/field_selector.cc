#include "classifiers/policy/field_selector.h"

#include <algorithm>

namespace scrubline {
namespace {

Status SelectorError(std::string_view selector, std::size_t at, const std::string& what) {
  return InvalidArgumentError("selector '" + std::string(selector) + "' at character " +
                              std::to_string(at + 1) + ": " + what);
}

char SpecificityOf(SelectorSegment::Kind kind) {
  switch (kind) {
    case SelectorSegment::Kind::kName:
      return '3';
    case SelectorSegment::Kind::kGlob:
      return '2';
    case SelectorSegment::Kind::kAnyMember:
    case SelectorSegment::Kind::kAnyItem:
      return '1';
  }
  return '0';
}

}  // namespace

StatusOr<std::vector<SelectorSegment>> ParseSelector(std::string_view s) {
  std::vector<SelectorSegment> segments;
  std::size_t i = 0;
  // "$" is the root only when a path follows ("$.a", "$['a']"): "$email"
  // (Mixpanel's reserved properties) is a member name.
  if (s == "$" || s == "$.") return SelectorError(s, 0, "'$' alone selects the whole record");
  if (s.starts_with("$.") || s.starts_with("$[")) i = s[1] == '.' ? 2 : 1;
  if (i == s.size()) return SelectorError(s, i, "empty selector");
  bool expect_name = true;  // at the start or after '.'
  while (i < s.size()) {
    SelectorSegment seg;
    if (s[i] == '[') {
      if (s.substr(i).starts_with("[*]")) {
        seg.kind = SelectorSegment::Kind::kAnyItem;
        i += 3;
      } else if (i + 1 < s.size() && (s[i + 1] == '\'' || s[i + 1] == '"')) {
        const char quote = s[i + 1];
        const std::size_t close = s.find(quote, i + 2);
        if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ']') {
          return SelectorError(s, i, "unterminated quoted name (write ['name'])");
        }
        seg.text = std::string(s.substr(i + 2, close - i - 2));
        if (seg.text.empty()) return SelectorError(s, i, "empty quoted name");
        i = close + 2;
      } else {
        return SelectorError(s, i, "array indexes are not supported: use [*] or ['name']");
      }
    } else {
      if (!expect_name) return SelectorError(s, i, "expected '.' or '['");
      std::size_t end = i;
      while (end < s.size() && s[end] != '.' && s[end] != '[') ++end;
      const std::string_view name = s.substr(i, end - i);
      if (name.empty()) return SelectorError(s, i, "empty member name");
      if (name == "*") {
        seg.kind = SelectorSegment::Kind::kAnyMember;
      } else {
        seg.kind = name.find('*') == std::string_view::npos ? SelectorSegment::Kind::kName
                                                           : SelectorSegment::Kind::kGlob;
        seg.text = std::string(name);
      }
      i = end;
    }
    segments.push_back(std::move(seg));
    expect_name = false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (i == s.size() || s[i] == '.' || s[i] == '[') {
        return SelectorError(s, i, "a '.' must be followed by a member name");
      }
      expect_name = true;
    }
  }
  return segments;
}

bool GlobMatches(std::string_view glob, std::string_view name) {
  // Iterative wildcard matching with one backtrack point: linear in practice
  // for the short globs policies use, and never recursive.
  std::size_t g = 0, n = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (g < glob.size() && glob[g] == '*') {
      star = g++;
      resume = n;
    } else if (g < glob.size() && glob[g] == name[n]) {
      ++g;
      ++n;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

FieldSelectors::FieldSelectors() { nodes_.emplace_back(); }

Status FieldSelectors::Add(std::string_view selector, int rule_index) {
  auto segments = ParseSelector(selector);
  if (!segments.ok()) return segments.status();
  if (segments->front().kind == SelectorSegment::Kind::kAnyItem) {
    return SelectorError(selector, 0, "a record is an object: it has no array items at the top");
  }
  State state = kRoot;
  std::string specificity;
  for (const SelectorSegment& seg : *segments) {
    specificity += SpecificityOf(seg.kind);
    State next = 0;
    Node& node = nodes_[state];
    const auto fresh = [&] {
      nodes_.emplace_back();
      return static_cast<State>(nodes_.size() - 1);
    };
    switch (seg.kind) {
      case SelectorSegment::Kind::kName:
      case SelectorSegment::Kind::kGlob: {
        auto& list = seg.kind == SelectorSegment::Kind::kName ? node.names : node.globs;
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const auto& e) { return e.first == seg.text; });
        if (it != list.end()) {
          next = it->second;
        } else {
          const std::string text = seg.text;
          const bool is_name = seg.kind == SelectorSegment::Kind::kName;
          next = fresh();  // may reallocate nodes_: re-find the list
          nodes_[next].via_name = is_name;
          auto& again = is_name ? nodes_[state].names : nodes_[state].globs;
          again.emplace_back(text, next);
          if (is_name) {
            std::sort(again.begin(), again.end());
            std::vector<std::string_view> names;
            for (const auto& [name, target] : again) names.push_back(name);
            nodes_[state].name_index = NameIndex(names);
          }
        }
        break;
      }
      case SelectorSegment::Kind::kAnyMember:
        next = node.any_member;
        if (next == 0) {
          next = fresh();
          nodes_[state].any_member = next;
        }
        break;
      case SelectorSegment::Kind::kAnyItem:
        next = node.any_item;
        if (next == 0) {
          next = fresh();
          nodes_[state].any_item = next;
        }
        break;
    }
    state = next;
  }
  Node& end = nodes_[state];
  if (end.rule >= 0) {
    return InvalidArgumentError("selector '" + std::string(selector) +
                                "' selects the same fields as '" +
                                entries_[static_cast<std::size_t>(end.order)].text + "'");
  }
  end.rule = rule_index;
  end.order = static_cast<int>(entries_.size());
  end.specificity = std::move(specificity);
  end.named = segments->back().kind == SelectorSegment::Kind::kName;
  entries_.push_back(Entry{std::string(selector), rule_index, segments->size(),
                           segments->size() == 1 && end.named});
  return Status::Ok();
}

void FieldSelectors::StepMember(std::span<const State> states, std::string_view key,
                                std::vector<State>& next) const {
  for (State s : states) {
    const Node& node = nodes_[s];
    const int named = node.name_index.Find(key);
    if (named >= 0) next.push_back(node.names[static_cast<std::size_t>(named)].second);
    for (const auto& [glob, target] : node.globs) {
      if (GlobMatches(glob, key)) next.push_back(target);
    }
    if (node.any_member != 0) next.push_back(node.any_member);
  }
}

void FieldSelectors::StepItem(std::span<const State> states, std::vector<State>& next) const {
  for (State s : states) {
    if (nodes_[s].any_item != 0) next.push_back(nodes_[s].any_item);
  }
}

FieldSelectors::Match FieldSelectors::Best(std::span<const State> states) const {
  const Node* best = nullptr;
  for (State s : states) {
    const Node& node = nodes_[s];
    if (node.rule < 0) continue;
    if (best == nullptr || node.specificity > best->specificity ||
        (node.specificity == best->specificity && node.order < best->order)) {
      best = &node;
    }
  }
  if (best == nullptr) return {};
  return {best->rule, best->named};
}

bool FieldSelectors::ReachedByName(std::span<const State> states) const {
  for (State s : states) {
    if (nodes_[s].via_name) return true;
  }
  return false;
}

bool FieldSelectors::HasDescendants(std::span<const State> states) const {
  for (State s : states) {
    const Node& node = nodes_[s];
    if (!node.names.empty() || !node.globs.empty() || node.any_member != 0 || node.any_item != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace scrubline
