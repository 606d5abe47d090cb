#include "classifiers/base/yaml_directory.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace scrubline {

StatusOr<std::vector<std::pair<std::string, std::string>>> ReadYamlDirectory(
    const std::string& dir, const std::string& what) {
  namespace fs = std::filesystem;
  const std::string quoted = "\"" + dir + "\"";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFoundError(what + " directory " + quoted + " does not exist");
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() == ".yaml" && it->is_regular_file(ec)) names.push_back(p.filename());
  }
  if (ec) return UnavailableError(what + " directory " + quoted + ": " + ec.message());
  if (names.empty()) return NotFoundError(what + " directory " + quoted + " has no *.yaml");
  std::sort(names.begin(), names.end());
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& name : names) {
    std::ifstream in(fs::path(dir) / name, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) return UnavailableError(what + " file \"" + name + "\": cannot be read");
    files.emplace_back(name, bytes.str());
  }
  return files;
}

}  // namespace scrubline
