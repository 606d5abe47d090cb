// Where the pattern catalogs and policies live: --patterns, then the
// SCRUBLINE_PATTERNS environment variable, then the source tree's patterns/
// compiled into the binary, so an out-of-tree build works from anywhere.
#pragma once

#include <string>

#include "classifiers/base/status.h"

namespace scrubline {

// `flag_value` is the --patterns argument or empty. The result is checked to
// be a directory holding pii/ and policies/.
StatusOr<std::string> ResolvePatternsDir(const std::string& flag_value);

}  // namespace scrubline
