// Graceful-stop signals for long-running subcommands: the first SIGINT or
// SIGTERM sets the returned flag (stop fetching, drain, commit, exit 0); a
// second one exits at once with status 130, committing nothing more.
#pragma once

#include <atomic>

namespace scrubline {

// Installs the handlers (idempotent) and returns the process-wide stop flag.
std::atomic<bool>& InstallStopSignals();

// SIGHUP sets the returned flag (the worker reloads its policies between
// batches and clears it). Idempotent.
std::atomic<bool>& InstallReloadSignal();

}  // namespace scrubline
