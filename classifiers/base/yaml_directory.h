// ReadYamlDirectory: the files of a data directory (a catalog under
// patterns/), as (file name, bytes) in file-name order, so a catalog's
// meaning never depends on the order the file system lists it in. Shared
// by the PII catalog and the acceptable-use catalog, whose loaders then
// parse the bytes and fingerprint them (the bytes are kept for that).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "classifiers/base/status.h"

namespace scrubline {

// Every regular *.yaml file of `dir`. `what` names the directory in errors
// ("pii catalog directory \"patterns/pii\" has no *.yaml"): a missing
// directory or no file is NotFound, an unreadable one Unavailable.
StatusOr<std::vector<std::pair<std::string, std::string>>> ReadYamlDirectory(
    const std::string& dir, const std::string& what);

}  // namespace scrubline
