#include "pipeline/reidentify.h"

#include <string>
#include <string_view>

#include "pipeline/json_writer.h"

namespace scrubline {

StatusOr<std::size_t> ReidentifyStream(std::istream& in, std::ostream& out, ValueCipher& cipher) {
  std::string line;
  std::string plain;
  std::string escaped;
  std::size_t written = 0;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    std::string_view value = line;
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ' || value.back() == '\t')) {
      value.remove_suffix(1);
    }
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    if (value.empty()) continue;
    plain.clear();
    const Status status = cipher.Decrypt(value, plain);
    if (!status.ok()) {
      return Status(status.code(), "line " + std::to_string(number) + ": " + status.message());
    }
    escaped.clear();
    AppendJsonEscaped(plain, escaped);
    out << '"' << escaped << "\"\n";
    ++written;
  }
  return written;
}

}  // namespace scrubline
