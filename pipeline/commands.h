// The subcommands of the `scrubline` binary, callable in-process (tests drive
// them the same way the shell does). Each parses its own flags, prints its
// --help, and returns the process exit code: 0 ok, 1 failure, 2 usage error.
#pragma once

#include <string>
#include <vector>

namespace scrubline {

std::string MainUsage();
int RunCommand(const std::string& command, const std::vector<std::string>& args);

}  // namespace scrubline
