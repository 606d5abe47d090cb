// Fuzz target: field selectors (field_selector.h): ParseSelector, GlobMatches
// and the FieldSelectors trie (Add, StepMember, StepItem, Best, HasDescendants).
//
// Selectors are the keys of a policy's `fields:` map, so they come from policy
// files (policy.bindings takes a path); the member names they are matched
// against come from record data. Input: blocks separated by an empty line. The
// first block holds selectors, one per line (line i is rule i); every further
// block is a path into a record, one step per line: a member name, or "[*]"
// for an array item. Invariants:
//  - ParseSelector, on success: at least one segment; a name has text, a glob
//    has a '*' and is not "*", the wildcards have none; the canonical spelling
//    ("$" then ['name'], .glob, .* and [*]) parses to the same segments;
//    "$." + s parses as s does; a '$' not followed by '.' or '[' is part of the
//    first name, not dropped ("$email" is Mixpanel's member, not "email").
//  - Add accepts exactly the selectors that parse, do not start with [*] and
//    were not accepted before in any spelling; an accepted one is the last of
//    entries() with its text, rule, depth and top_level_name, and adding it
//    again is refused.
//  - Walking each path from kRoot, at every depth Best() equals a brute-force
//    reference (each accepted selector matched segment by segment; most
//    specific from the root, name > glob > wildcard, then the first added), so
//    its rule is -1 or an added rule; HasDescendants() is true exactly when an
//    accepted selector is longer than the path and matches it so far, and when
//    false no step leads anywhere.
//  - GlobMatches: "*" matches anything, a text without '*' matches itself, and
//    on short inputs it agrees with a dynamic-programming matcher.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/policy/field_selector.h"
#include "tests/fuzz/fuzz_check.h"

namespace scrubline {
namespace {

using Kind = SelectorSegment::Kind;

// Bounds that keep one input's reference checks (quadratic at worst) fast.
constexpr std::size_t kMaxSelectors = 128;
constexpr std::size_t kMaxPaths = 64;
constexpr std::size_t kMaxDepth = 64;

struct Step {
  bool item = false;     // "[*]": an array item
  std::string_view key;  // otherwise a member name
};

struct Accepted {
  std::vector<SelectorSegment> segments;
  int rule = -1;
  std::string specificity;  // per segment: '3' name, '2' glob, '1' wildcard
};

// Glob matching by dynamic programming over (glob prefix, name prefix): slow,
// obviously right, and the oracle for GlobMatches' backtracking loop.
bool ReferenceGlob(std::string_view glob, std::string_view name) {
  std::vector<char> row(name.size() + 1, 0), next(name.size() + 1, 0);
  row[0] = 1;
  for (const char g : glob) {
    next[0] = g == '*' ? row[0] : 0;
    for (std::size_t j = 1; j <= name.size(); ++j) {
      next[j] = g == '*' ? static_cast<char>(row[j] || next[j - 1])
                         : static_cast<char>(row[j - 1] && name[j - 1] == g);
    }
    row.swap(next);
  }
  return row[name.size()] != 0;
}

bool CheckedGlob(std::string_view glob, std::string_view name) {
  const bool matches = GlobMatches(glob, name);
  if (glob.size() <= 64 && name.size() <= 256) {
    FUZZ_CHECK(matches == ReferenceGlob(glob, name), "GlobMatches agrees with the DP matcher");
  }
  return matches;
}

void CheckGlobIdentities(std::string_view text) {
  FUZZ_CHECK(GlobMatches("*", text), "'*' matches anything");
  if (text.find('*') == std::string_view::npos) {
    FUZZ_CHECK(GlobMatches(text, text), "a text without '*' matches itself");
  }
}

bool SameSegments(const std::vector<SelectorSegment>& a, const std::vector<SelectorSegment>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.kind == y.kind && x.text == y.text;
  });
}

char SpecificityOf(Kind kind) {
  return kind == Kind::kName ? '3' : kind == Kind::kGlob ? '2' : '1';
}

// The selector written back in the one spelling that quotes every name, or
// empty if a name holds both quote characters (no spelling selects it).
std::string Canonical(const std::vector<SelectorSegment>& segments) {
  std::string out = "$";
  for (const SelectorSegment& seg : segments) {
    switch (seg.kind) {
      case Kind::kName: {
        const bool single = seg.text.find('\'') == std::string::npos;
        if (!single && seg.text.find('"') != std::string::npos) return {};
        const char quote = single ? '\'' : '"';
        out += '[';
        out += quote;
        out += seg.text;
        out += quote;
        out += ']';
        break;
      }
      case Kind::kGlob:
        out += '.';
        out += seg.text;
        break;
      case Kind::kAnyMember:
        out += ".*";
        break;
      case Kind::kAnyItem:
        out += "[*]";
        break;
    }
  }
  return out;
}

// Checks what ParseSelector promises about `selector`; returns its result.
StatusOr<std::vector<SelectorSegment>> CheckedParse(std::string_view selector) {
  auto parsed = ParseSelector(selector);
  if (!parsed.ok()) {
    FUZZ_CHECK(!parsed.status().message().empty(), "an error says why");
    return parsed;
  }
  const std::vector<SelectorSegment>& segments = *parsed;
  FUZZ_CHECK(!segments.empty(), "a selector has a segment");
  for (const SelectorSegment& seg : segments) {
    switch (seg.kind) {
      case Kind::kName:
        FUZZ_CHECK(!seg.text.empty(), "a name segment has text");
        break;
      case Kind::kGlob:
        FUZZ_CHECK(seg.text.find('*') != std::string::npos && seg.text != "*",
                   "a glob has a '*' and is not the wildcard");
        break;
      case Kind::kAnyMember:
      case Kind::kAnyItem:
        FUZZ_CHECK(seg.text.empty(), "a wildcard has no text");
        break;
    }
  }
  if (const std::string canonical = Canonical(segments); !canonical.empty()) {
    auto again = ParseSelector(canonical);
    FUZZ_CHECK(again.ok() && SameSegments(*again, segments),
               "the canonical spelling parses to the same segments");
  }
  if (!selector.starts_with('$')) {
    auto prefixed = ParseSelector("$." + std::string(selector));
    FUZZ_CHECK(prefixed.ok() && SameSegments(*prefixed, segments), "\"$.\" + s parses as s");
  } else if (selector.size() > 1 && selector[1] != '.' && selector[1] != '[') {
    const SelectorSegment& first = segments.front();
    FUZZ_CHECK(
        (first.kind == Kind::kName || first.kind == Kind::kGlob) && first.text.starts_with('$'),
        "a '$' not followed by '.' or '[' belongs to the first member name");
  }
  return parsed;
}

// The reference for Best(): the most specific accepted selector matching
// `path` exactly, or {-1, false}.
FieldSelectors::Match ReferenceBest(const std::vector<Accepted>& accepted,
                                    const std::vector<Step>& path, std::size_t depth,
                                    bool& has_descendants) {
  const Accepted* best = nullptr;
  has_descendants = false;
  for (const Accepted& a : accepted) {
    if (a.segments.size() < depth) continue;
    bool matches = true;
    for (std::size_t i = 0; i < depth && matches; ++i) {
      const SelectorSegment& seg = a.segments[i];
      const Step& step = path[i];
      switch (seg.kind) {
        case Kind::kName:
          matches = !step.item && step.key == seg.text;
          break;
        case Kind::kGlob:
          matches = !step.item && CheckedGlob(seg.text, step.key);
          break;
        case Kind::kAnyMember:
          matches = !step.item;
          break;
        case Kind::kAnyItem:
          matches = step.item;
          break;
      }
    }
    if (!matches) continue;
    if (a.segments.size() > depth) {
      has_descendants = true;
    } else if (best == nullptr || a.specificity > best->specificity) {
      best = &a;  // `accepted` is in the order added: a tie keeps the first
    }
  }
  if (best == nullptr) return {};
  return {best->rule, best->segments.back().kind == Kind::kName};
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

void WalkPath(const FieldSelectors& selectors, const std::vector<Accepted>& accepted,
              const std::vector<Step>& path) {
  std::vector<FieldSelectors::State> states{FieldSelectors::kRoot}, next;
  for (std::size_t depth = 0;; ++depth) {
    bool expect_descendants = false;
    const FieldSelectors::Match want = ReferenceBest(accepted, path, depth, expect_descendants);
    const FieldSelectors::Match got = selectors.Best(states);
    FUZZ_CHECK(got.rule == want.rule, "Best() is the most specific matching selector");
    FUZZ_CHECK(got.rule < 0 || got.named == want.named, "Best().named is the last segment's");
    const bool descends = selectors.HasDescendants(states);
    FUZZ_CHECK(descends == expect_descendants, "HasDescendants() iff a longer selector matches");
    if (!descends) {
      next.clear();
      selectors.StepItem(states, next);
      if (depth < path.size()) selectors.StepMember(states, path[depth].key, next);
      FUZZ_CHECK(next.empty(), "no step leads below a node without descendants");
    }
    if (depth == path.size()) return;
    next.clear();
    if (path[depth].item) {
      selectors.StepItem(states, next);
    } else {
      selectors.StepMember(states, path[depth].key, next);
    }
    states.swap(next);
  }
}

}  // namespace
}  // namespace scrubline

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string_view> lines = SplitLines(input);

  FieldSelectors selectors;
  std::vector<Accepted> accepted;
  std::size_t line = 0;
  for (; line < lines.size() && !lines[line].empty() && line < kMaxSelectors; ++line) {
    const std::string_view text = lines[line];
    const int rule = static_cast<int>(line);
    CheckGlobIdentities(text);
    auto parsed = CheckedParse(text);
    bool expect_ok = parsed.ok() && parsed->front().kind != Kind::kAnyItem;
    for (const Accepted& a : accepted) {
      if (expect_ok && SameSegments(a.segments, *parsed)) expect_ok = false;
    }
    const Status added = selectors.Add(text, rule);
    FUZZ_CHECK(added.ok() == expect_ok,
               "Add accepts a new, well-formed selector that does not start with [*]");
    if (!added.ok()) {
      FUZZ_CHECK(!added.message().empty(), "an error says why");
      FUZZ_CHECK(selectors.entries().size() == accepted.size(), "a refused selector is not kept");
      continue;
    }
    Accepted a{*parsed, rule, {}};
    for (const SelectorSegment& seg : a.segments) a.specificity += SpecificityOf(seg.kind);
    accepted.push_back(std::move(a));
    FUZZ_CHECK(selectors.entries().size() == accepted.size(), "one entry per accepted selector");
    const FieldSelectors::Entry& entry = selectors.entries().back();
    FUZZ_CHECK(entry.text == text && entry.rule == rule, "the entry keeps text and rule");
    FUZZ_CHECK(entry.depth == parsed->size(), "the entry's depth is its segment count");
    FUZZ_CHECK(entry.top_level_name == (parsed->size() == 1 && parsed->front().kind == Kind::kName),
               "top_level_name is one literal segment");
    FUZZ_CHECK(!selectors.Add(text, rule + 1).ok(), "a selector added twice is refused");
    FUZZ_CHECK(selectors.entries().size() == accepted.size(), "a duplicate is not kept");
  }

  // The paths: blocks of steps after the selectors.
  std::vector<Step> path;
  std::size_t paths = 0;
  for (; line <= lines.size() && paths < kMaxPaths; ++line) {
    if (line == lines.size() || lines[line].empty()) {
      if (!path.empty() || line == lines.size()) {
        WalkPath(selectors, accepted, path);
        ++paths;
      }
      path.clear();
      continue;
    }
    if (path.size() == kMaxDepth) continue;
    const std::string_view text = lines[line];
    path.push_back(text == "[*]" ? Step{true, {}} : Step{false, text});
    CheckGlobIdentities(text);
  }
  return 0;
}
