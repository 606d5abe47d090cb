// TopLevelDomains: the set of top-level domains that exist, for the "email"
// validator. A structural check alone ("the last label is 2-63 letters")
// takes file names for addresses: "icon@2x.png", "logo@3x.jpg",
// "report@v2.final". The set comes from the Public Suffix List as Debian
// ships it (package `publicsuffix`, /usr/share/publicsuffix/
// public_suffix_list.dat): the last label of every rule ("co.uk" -> "uk",
// "*.ck" -> "ck", "!www.ck" -> "ck"), ASCII ones only, plus the
// special-use names of RFC 6761 (example, invalid, localhost, test), which
// documentation and test data use. Internationalized
// TLDs are listed there in Unicode; the validator accepts any well-formed
// "xn--" label instead (A-labels are how they appear in ASCII text).
//
// Loaded once per path and process (LoadTopLevelDomains caches it), then
// immutable: Contains is thread-safe and allocation-free.
//
// The email validator is a plain function (validators.h), so the set it
// consults is process-wide: PiiClassifier::Create installs the one its
// options name (InstallTopLevelDomains). Before any install, the validator
// falls back to the structural check (unit tests of EmailValid alone).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/status.h"

namespace scrubline {

// Debian's copy of the Public Suffix List.
inline constexpr const char* kDefaultPublicSuffixList =
    "/usr/share/publicsuffix/public_suffix_list.dat";

class TopLevelDomains {
 public:
  // Parses the Public Suffix List format: one rule per line, "//" comments,
  // blank lines ignored. Fails if the text yields no top-level domain.
  static StatusOr<std::shared_ptr<const TopLevelDomains>> Parse(std::string_view list);

  // True if `label` (without dots; ASCII, any case) is a listed top-level
  // domain. Allocation-free.
  bool Contains(std::string_view label) const;

  std::size_t size() const { return labels_.size(); }

 private:
  std::vector<std::string> labels_;  // lower case, sorted, unique
};

// Reads and parses `path`, once per path per process. A missing file is an
// error that names the Debian package to install.
StatusOr<std::shared_ptr<const TopLevelDomains>> LoadTopLevelDomains(const std::string& path);

// Makes `tlds` the set the email validator consults (process-wide; the set
// stays alive for the rest of the process). Thread-safe.
void InstallTopLevelDomains(std::shared_ptr<const TopLevelDomains> tlds);

// The installed set, or nullptr before the first install. Lock-free.
const TopLevelDomains* InstalledTopLevelDomains();

}  // namespace scrubline
