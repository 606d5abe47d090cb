// Log: one line per event on stderr, "2026-11-29T05:41:26Z LEVEL message".
//
// The message must carry coordinates (topic/partition/offset), counts and
// reason codes — never a value taken from a record, a key or a secret
// property. Thread-safe (one write per line).
#pragma once

#include <string_view>

namespace scrubline {

enum class LogLevel { kInfo, kWarning, kError };

void Log(LogLevel level, std::string_view message);
inline void LogInfo(std::string_view m) { Log(LogLevel::kInfo, m); }
inline void LogWarning(std::string_view m) { Log(LogLevel::kWarning, m); }
inline void LogError(std::string_view m) { Log(LogLevel::kError, m); }

}  // namespace scrubline
