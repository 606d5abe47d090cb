// Flags: the tiny command-line parser of the subcommands. Accepts
// "--name value", "--name=value" and boolean "--name"; anything unknown or a
// missing value is a usage error (exit code 2). Not thread-safe; a value type.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace scrubline {

class Flags {
 public:
  // `with_value` flags take a value; `booleans` do not. "--help" is always known.
  // Arguments that are not flags are an error unless `positional` is given
  // (then they are collected there, in order).
  static std::optional<Flags> Parse(const std::vector<std::string>& args,
                                    const std::set<std::string>& with_value,
                                    const std::set<std::string>& booleans, std::string& error,
                                    std::vector<std::string>* positional = nullptr);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace scrubline
