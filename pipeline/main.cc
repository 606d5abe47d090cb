// scrubline: the composition root — the one place that names concrete types.
//
//   scrubline scan | run | demo | dev-cluster | keygen   (--help on each)
//
// Exit codes: 0 success, 1 runtime failure, 2 usage error.
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "classifiers/crypto/key_ring.h"
#include "pipeline/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << scrubline::MainUsage();
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  return scrubline::RunCommand(command, args);
}
