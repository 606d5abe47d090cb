// FieldSelectors: which policy rule applies to a field anywhere in a record.
//
// A selector is a JSON path, written in a policy's `fields:` map:
//
//   from                     top-level member "from" ("$." prefix optional)
//   $.context.traits.email   nested member
//   $.context.traits.*       every member of context.traits
//   media_urls[*]            every item of the array media_urls
//   *_zip                    every top-level member whose name matches the glob
//   $.headers['x.y']         a member whose name contains '.', '[' or '*'
//
// Selectors compile into a trie of segments (name, glob, any member, any
// item). A record is walked once: each node's set of active trie states is
// the previous set stepped by the node's key (or by "an array item"); the
// rule of a node is that of its most specific matching selector, compared
// segment by segment from the root: a name beats a glob beats a wildcard, so
// `context.traits.email` beats `context.traits.*` beats `context.*.email`
// for the same field; equal specificity: the selector written first wins.
// Nodes no selector matches inherit the rule of their nearest matched
// ancestor (the policy's other_fields at the top).
//
// Immutable after Build; Step functions are const and append to the caller's
// reused vector, so walking a record allocates nothing once warm.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/name_index.h"
#include "classifiers/base/status.h"

namespace scrubline {

struct SelectorSegment {
  enum class Kind : std::uint8_t { kName, kGlob, kAnyMember, kAnyItem };
  Kind kind = Kind::kName;
  std::string text;  // kName: the member name; kGlob: the pattern ('*' = any run)
};

// Parses one selector; errors say what is wrong at which character.
StatusOr<std::vector<SelectorSegment>> ParseSelector(std::string_view selector);
// True if `name` matches `glob`, where '*' matches any run of bytes.
bool GlobMatches(std::string_view glob, std::string_view name);

class FieldSelectors {
 public:
  using State = std::uint32_t;
  static constexpr State kRoot = 0;

  FieldSelectors();

  // Adds a selector for rule `rule_index`. Errors: syntax, a selector written
  // twice (also in another spelling: "$.a" and "a"), an array wildcard at the
  // top (a record is an object).
  Status Add(std::string_view selector, int rule_index);

  // The states reached from `states` by a member named `key` / by an array
  // item, appended to `next` (not cleared).
  void StepMember(std::span<const State> states, std::string_view key,
                  std::vector<State>& next) const;
  void StepItem(std::span<const State> states, std::vector<State>& next) const;

  struct Match {
    int rule = -1;              // -1: no selector ends here
    bool named = false;         // its last segment names the member literally
  };
  // The most specific selector ending in one of `states`.
  Match Best(std::span<const State> states) const;
  // True if one of `states` was reached through a literal name segment: the
  // member's name was written in the policy (so it is no data), even when
  // no selector ends there ("context" of "$.context.ip").
  bool ReachedByName(std::span<const State> states) const;
  // True if some selector continues below one of `states` (the walk must
  // descend instead of applying the node's rule to its whole subtree).
  bool HasDescendants(std::span<const State> states) const;

  // Every selector as written, with its rule index, in the order added.
  struct Entry {
    std::string text;
    int rule = -1;
    std::size_t depth = 0;
    bool top_level_name = false;  // one literal segment: "from", "$.from"
  };
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  struct Node {
    std::vector<std::pair<std::string, State>> names;  // sorted by name
    NameIndex name_index;  // of `names`
    std::vector<std::pair<std::string, State>> globs;
    State any_member = 0;  // 0: none (the root is never a child)
    State any_item = 0;
    int rule = -1;
    int order = 0;              // the selector's position among those added
    std::string specificity;    // per segment: '3' name, '2' glob, '1' wildcard
    bool named = false;     // the selector ending here ends in a name
    bool via_name = false;  // reached through a name segment
  };
  std::vector<Node> nodes_;
  std::vector<Entry> entries_;
};

}  // namespace scrubline
