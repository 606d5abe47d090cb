#include "pipeline/log.h"

#include <unistd.h>

#include <ctime>
#include <string>

namespace scrubline {

void Log(LogLevel level, std::string_view message) {
  char stamp[32];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string line(stamp);
  line += level == LogLevel::kInfo ? " INFO " : level == LogLevel::kWarning ? " WARN " : " ERROR ";
  line += message;
  line += '\n';
  // One write() so concurrent lines do not interleave.
  [[maybe_unused]] auto n = ::write(2, line.data(), line.size());
}

}  // namespace scrubline
