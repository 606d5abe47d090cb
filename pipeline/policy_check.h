// `scrubline policy check`: loads a policy (or a router and every policy it
// names) exactly as the worker would, and reports each problem with file,
// line and field, or a one-line summary per file.
#pragma once

#include <ostream>
#include <string>

namespace scrubline {

// Checks the policy or router `reference` (a name under
// <patterns_dir>/policies/ or a path). Summaries go to `out`, problems to
// `err` ("<path>: <where>: <problem>"). True if everything is valid.
bool CheckPolicyReference(const std::string& patterns_dir, const std::string& reference,
                          std::ostream& out, std::ostream& err);

}  // namespace scrubline
