// PolicyRouter: one input stream, several record shapes, a policy for each.
//
// A router file sits among the policies (patterns/policies/default.yaml is
// one) and is told apart by its `shapes:` list:
//
//   id: default
//   version: 1
//   shapes:                      # tried in order; the first that matches wins
//     - policy: message_log      # a policy under policies/, or a path
//       when:
//         all: [sid, account_sid]            # every one present
//         any: [body, num_segments]          # at least one present
//         none: [duration]                   # none present
//         values: {sid: "SM*"}               # string value matches the glob
//   fallback: fallback           # records no shape matches
//
// Conditions read top-level member names (and, for `values`, their string
// values) only, so recognising a record costs one pass over its top-level
// members and a few bit tests — no second parse. Immutable; thread-safe.
#pragma once

#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/name_index.h"
#include "classifiers/base/status.h"

namespace scrubline {

class Policy;

class PolicyRouter {
 public:
  // At most this many distinct member names across all conditions.
  static constexpr std::size_t kMaxFields = 64;
  using FieldSet = std::bitset<kMaxFields>;

  struct Shape {
    std::string policy;  // the policy reference as written
    FieldSet all, any, none;
    std::vector<std::pair<int, std::string>> values;  // field index -> glob
    int line = 0;  // of the shape in the router file
  };

  // True if the YAML text is a router (has a top-level `shapes:` key).
  static bool LooksLikeRouter(std::string_view yaml_text);
  static StatusOr<std::shared_ptr<const PolicyRouter>> Parse(std::string_view yaml_text,
                                                             std::string source_name);

  const std::string& id() const { return id_; }
  const std::string& versioned_id() const { return versioned_id_; }
  const std::string& source_name() const { return source_name_; }
  const std::string& source_text() const { return source_text_; }
  const std::vector<Shape>& shapes() const { return shapes_; }
  const std::string& fallback() const { return fallback_; }

  // What the router has seen of one record; Reset() before each record.
  class Probe {
   public:
    void Reset() { present_.reset(); }

   private:
    friend class PolicyRouter;
    FieldSet present_;
    std::string_view values_[kMaxFields];  // string values of fields with a `values` glob
  };
  // Feeds one top-level member (`string_value` empty unless it is a string).
  void See(std::string_view key, std::string_view string_value, Probe& probe) const;
  // The first shape whose condition holds, or -1 (the fallback).
  int Choose(const Probe& probe) const;

  // Checks the top-level field selectors of the policy this router hands
  // `shape` to (an index into shapes(), or -1 for the fallback) against the
  // conditions: a selector is an error when no record routed there can have
  // its member, because the shape excludes it (`none`) or because a record
  // with it would be taken by an earlier shape (for the fallback: by any
  // shape). Only what is provable from the conditions is an error.
  Status CheckSelectorsReachable(int shape, const Policy& policy) const;

 private:
  PolicyRouter() = default;
  int FieldIndex(std::string_view name) const;
  // True if every record that has the members in `present` and, when
  // `given` is not null, matches `given`, also matches `taker`.
  static bool Takes(const Shape& taker, FieldSet present, const Shape* given);

  std::string id_;
  std::string versioned_id_;
  std::string source_name_;
  std::string source_text_;
  std::vector<Shape> shapes_;
  std::string fallback_;
  NameIndex field_index_;  // field name -> its index (the bit of FieldSet)
  FieldSet valued_;  // fields some `values` condition reads
};

}  // namespace scrubline
