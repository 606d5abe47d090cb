#include "pipeline/patterns_dir.h"

#include <cstdlib>
#include <filesystem>

namespace scrubline {

StatusOr<std::string> ResolvePatternsDir(const std::string& flag_value) {
  std::string dir = flag_value;
  std::string from = "--patterns";
  if (dir.empty()) {
    if (const char* env = std::getenv("SCRUBLINE_PATTERNS"); env && *env) {
      dir = env;
      from = "SCRUBLINE_PATTERNS";
    } else {
      dir = SCRUBLINE_SOURCE_PATTERNS_DIR;
      from = "the built-in source path";
    }
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(dir + "/pii", ec) ||
      !std::filesystem::is_directory(dir + "/policies", ec)) {
    return NotFoundError("patterns directory " + dir + " (from " + from +
                         ") has no pii/ and policies/ subdirectories");
  }
  return dir;
}

}  // namespace scrubline
