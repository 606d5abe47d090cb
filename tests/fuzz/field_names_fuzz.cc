// Fuzz target: FieldNameVocabulary::Classify (the shipped patterns/fields/names.yaml)
// and ClassifyUserAgent, both on the same arbitrary bytes.
//
// JSON key names and User-Agent values come straight from record data, any
// bytes at all. Invariants (field_names.h, user_agent.h):
//  - Classify returns -1 or an index in [0, concept_count()), the same
//    answer twice, and an index whose concept_name() Find()s it again;
//  - step 1: a key over kMaxKeyBytes, with a byte >= 0x80 or without a letter
//    or digit is -1; every ASCII byte that is not a letter or digit is a word
//    break and nothing more, so mapping each to '_' and adding '_' at both ends
//    changes nothing;
//  - step 2: the key with "_verified" (a disqualifier) appended is -1;
//  - ClassifyUserAgent: family and OS are from the closed sets below (names
//    without a digit: a version would make the output identifying again),
//    deterministic, Other/Other for the empty string and beyond 2 KiB; a mail
//    proxy or a bot claims no OS; the results outlive the input (checked by
//    freeing a copy first, which ASan would report); AppendUserAgentFamily
//    appends "<family>/<os>".
// The closed sets are spelled out here on purpose: a new family or OS in
// user_agent.cc must be added below too, by someone who checked it is not
// identifying.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "classifiers/policy/field_names.h"
#include "classifiers/policy/user_agent.h"
#include "tests/fuzz/fuzz_check.h"

namespace scrubline {
namespace {

constexpr std::array<std::string_view, 27> kFamilies = {"Other",
                                                        "Gmail Image Proxy",
                                                        "Yahoo Mail Proxy",
                                                        "HTTP Library",
                                                        "Native App",
                                                        "Bot",
                                                        "Outlook",
                                                        "Microsoft Office",
                                                        "Thunderbird",
                                                        "Facebook",
                                                        "Instagram",
                                                        "Google App",
                                                        "Electron",
                                                        "Edge",
                                                        "Opera",
                                                        "Samsung Internet",
                                                        "Yandex Browser",
                                                        "Vivaldi",
                                                        "UC Browser",
                                                        "Chromium",
                                                        "Chrome",
                                                        "Firefox",
                                                        "IE",
                                                        "WebView",
                                                        "Android Browser",
                                                        "Safari",
                                                        "Apple Mail"};
constexpr std::array<std::string_view, 7> kSystems = {"Windows", "Chrome OS", "Android", "iOS",
                                                      "macOS",   "Linux",     "Other"};
constexpr std::size_t kMaxUserAgentBytes = 2048;  // user_agent.cc: longer is Other/Other

// The shipped vocabulary; SCRUBLINE_FUZZ_PATTERNS_DIR points a long fuzzing
// run at a frozen copy while the tree is being edited.
const FieldNameVocabulary& Vocabulary() {
  static const FieldNameVocabulary* const vocabulary = [] {
    const char* dir = std::getenv("SCRUBLINE_FUZZ_PATTERNS_DIR");
    const std::string patterns =
        dir != nullptr && *dir != '\0' ? dir : SCRUBLINE_SOURCE_DIR "/patterns";
    auto loaded = FieldNameVocabulary::LoadFile(patterns + "/fields/names.yaml");
    if (!loaded.ok()) {
      std::fprintf(stderr, "field_names_fuzz: %s\n", loaded.status().ToString().c_str());
      std::abort();
    }
    return new FieldNameVocabulary(std::move(*loaded));
  }();
  return *vocabulary;
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int CheckedClassify(const FieldNameVocabulary& vocabulary, std::string_view key) {
  const int concept_index = vocabulary.Classify(key);
  FUZZ_CHECK(concept_index >= -1 && concept_index < static_cast<int>(vocabulary.concept_count()),
             "Classify returns -1 or a concept index");
  FUZZ_CHECK(vocabulary.Classify(key) == concept_index, "Classify is deterministic");
  if (concept_index >= 0) {
    FUZZ_CHECK(vocabulary.Find(vocabulary.concept_name(concept_index)) == concept_index,
               "the concept's name finds it");
  }
  return concept_index;
}

void CheckFieldName(std::string_view key) {
  const FieldNameVocabulary& vocabulary = Vocabulary();
  const int concept_index = CheckedClassify(vocabulary, key);
  const bool ascii = std::none_of(key.begin(), key.end(),
                                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (key.size() > FieldNameVocabulary::kMaxKeyBytes || !ascii ||
      std::none_of(key.begin(), key.end(), IsAlnum)) {
    FUZZ_CHECK(concept_index == -1, "long, non-ASCII and letterless keys are -1");
  }
  if (ascii && key.size() + 2 <= FieldNameVocabulary::kMaxKeyBytes) {
    std::string separated = "_";
    for (const char c : key) separated += IsAlnum(c) ? c : '_';
    separated += '_';
    FUZZ_CHECK(CheckedClassify(vocabulary, separated) == concept_index,
               "non-alphanumeric ASCII bytes are only word breaks");
  }
  const std::string disqualified = std::string(key) + "_verified";
  FUZZ_CHECK(CheckedClassify(vocabulary, disqualified) == -1, "a disqualifier vetoes the key");
}

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void CheckUserAgent(std::string_view user_agent) {
  UserAgentFamily ua;
  {
    const std::string copy(user_agent);  // freed before `ua` is read
    ua = ClassifyUserAgent(copy);
  }
  FUZZ_CHECK(OneOf(kFamilies, ua.family), "the family is one of the closed set");
  FUZZ_CHECK(OneOf(kSystems, ua.os), "the OS is one of the closed set");
  const auto has_digit = [](std::string_view s) {
    return s.find_first_of("0123456789") != std::string_view::npos;
  };
  FUZZ_CHECK(!has_digit(ua.family) && !has_digit(ua.os), "no version in family or OS");
  const UserAgentFamily again = ClassifyUserAgent(user_agent);
  FUZZ_CHECK(again.family == ua.family && again.os == ua.os, "ClassifyUserAgent is deterministic");
  if (user_agent.empty() || user_agent.size() > kMaxUserAgentBytes) {
    FUZZ_CHECK(ua.family == "Other" && ua.os == "Other", "empty or oversized is Other/Other");
  }
  if (ua.family == "Bot" || ua.family == "Gmail Image Proxy" || ua.family == "Yahoo Mail Proxy") {
    FUZZ_CHECK(ua.os == "Other", "a proxy's or bot's platform is a disguise");
  }
  std::string out = "x";
  AppendUserAgentFamily(user_agent, out);
  FUZZ_CHECK(out == "x" + std::string(ua.family) + "/" + std::string(ua.os),
             "AppendUserAgentFamily appends family/os");
}

}  // namespace
}  // namespace scrubline

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  scrubline::CheckFieldName(bytes);
  scrubline::CheckUserAgent(bytes);
  return 0;
}
