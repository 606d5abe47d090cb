#include "classifiers/pii/top_level_domains.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace scrubline {
namespace {

constexpr std::size_t kMaxLabel = 63;

constexpr char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool AsciiLabel(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabel) return false;
  for (char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-';
    if (!ok) return false;
  }
  return true;
}

// Every set ever installed stays alive (a validator may be reading one while
// another is installed); in practice there is one per list file.
std::mutex g_keep_mutex;
std::vector<std::shared_ptr<const TopLevelDomains>>& Kept() {
  static auto* kept = new std::vector<std::shared_ptr<const TopLevelDomains>>();
  return *kept;
}
std::atomic<const TopLevelDomains*> g_installed{nullptr};

std::mutex g_cache_mutex;
std::map<std::string, std::shared_ptr<const TopLevelDomains>>& Cache() {
  static auto* cache = new std::map<std::string, std::shared_ptr<const TopLevelDomains>>();
  return *cache;
}

}  // namespace

StatusOr<std::shared_ptr<const TopLevelDomains>> TopLevelDomains::Parse(std::string_view list) {
  auto tlds = std::make_shared<TopLevelDomains>();
  std::size_t pos = 0;
  while (pos < list.size()) {
    std::size_t eol = list.find('\n', pos);
    if (eol == std::string_view::npos) eol = list.size();
    std::string_view line = list.substr(pos, eol - pos);
    pos = eol + 1;
    // A rule is the line's first whitespace-delimited word.
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    line.remove_prefix(first);
    line = line.substr(0, line.find_first_of(" \t\r"));
    if (line.substr(0, 2) == "//") continue;
    const std::size_t dot = line.rfind('.');
    const std::string_view last = dot == std::string_view::npos ? line : line.substr(dot + 1);
    if (!AsciiLabel(last)) continue;  // Unicode TLDs: matched as "xn--" labels
    std::string label(last);
    for (char& c : label) c = Lower(c);
    tlds->labels_.push_back(std::move(label));
  }
  // The special-use names of RFC 6761 are not in the list but are real
  // top-level names; documentation and test data use them
  // ("jane@mail.example", "ops@host.test").
  for (const char* reserved : {"example", "invalid", "localhost", "test"}) {
    tlds->labels_.emplace_back(reserved);
  }
  std::sort(tlds->labels_.begin(), tlds->labels_.end());
  tlds->labels_.erase(std::unique(tlds->labels_.begin(), tlds->labels_.end()),
                      tlds->labels_.end());
  if (tlds->labels_.size() <= 4) {
    return InvalidArgumentError("public suffix list: no top-level domain found");
  }
  return std::shared_ptr<const TopLevelDomains>(std::move(tlds));
}

bool TopLevelDomains::Contains(std::string_view label) const {
  if (label.empty() || label.size() > kMaxLabel) return false;
  char buf[kMaxLabel];
  for (std::size_t i = 0; i < label.size(); ++i) buf[i] = Lower(label[i]);
  const std::string_view key(buf, label.size());
  const auto it = std::lower_bound(labels_.begin(), labels_.end(), key,
                                   [](const std::string& a, std::string_view b) { return a < b; });
  return it != labels_.end() && *it == key;
}

StatusOr<std::shared_ptr<const TopLevelDomains>> LoadTopLevelDomains(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  auto& cache = Cache();
  if (auto it = cache.find(path); it != cache.end()) return it->second;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFoundError("top-level domain list \"" + path +
                         "\" cannot be read: install the Debian package \"publicsuffix\" "
                         "(scripts/install-deps.sh) or name another copy of the Public "
                         "Suffix List in PiiClassifierOptions::public_suffix_list");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto tlds = TopLevelDomains::Parse(bytes.str());
  if (!tlds.ok()) return InvalidArgumentError("\"" + path + "\": " + tlds.status().message());
  cache.emplace(path, *tlds);
  return *tlds;
}

void InstallTopLevelDomains(std::shared_ptr<const TopLevelDomains> tlds) {
  if (tlds == nullptr) return;
  std::lock_guard<std::mutex> lock(g_keep_mutex);
  auto& kept = Kept();
  if (std::find(kept.begin(), kept.end(), tlds) == kept.end()) kept.push_back(tlds);
  g_installed.store(tlds.get(), std::memory_order_release);
}

const TopLevelDomains* InstalledTopLevelDomains() {
  return g_installed.load(std::memory_order_acquire);
}

}  // namespace scrubline
