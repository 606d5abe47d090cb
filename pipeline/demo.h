// `scrubline demo` and `scrubline dev-cluster`: the embedded Kafka mock
// cluster, for a first run without a broker and for kcat / other clients.
// Both return a process exit code (0 ok, 1 failure, 2 usage error).
#pragma once

#include <string>
#include <vector>

namespace scrubline {

int RunDemo(const std::vector<std::string>& args);
int RunDevCluster(const std::vector<std::string>& args);

}  // namespace scrubline
