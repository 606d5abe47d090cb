#include "pipeline/signals.h"

#include <csignal>
#include <unistd.h>

namespace scrubline {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signals{0};

extern "C" void OnStopSignal(int) {
  if (g_signals.fetch_add(1) >= 1) _exit(130);  // async-signal-safe
  g_stop.store(true);
}

}  // namespace

std::atomic<bool>& InstallStopSignals() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return g_stop;
}

}  // namespace scrubline
