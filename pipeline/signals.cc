#include "pipeline/signals.h"

#include <csignal>
#include <unistd.h>

namespace scrubline {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signals{0};
std::atomic<bool> g_reload{false};

extern "C" void OnReloadSignal(int) { g_reload.store(true); }

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

std::atomic<bool>& InstallReloadSignal() {
  struct sigaction action {};
  action.sa_handler = OnReloadSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &action, nullptr);
  return g_reload;
}

}  // namespace scrubline
