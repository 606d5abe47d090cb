// Fuzz target: PiiClassifier::Classify on arbitrary bytes, with every engine.
//
// Message bodies and field values reach the classifier straight from record
// data. Invariants checked for each engine (Re2Set, PrefilterRe2,
// HyperscanSom) on every input:
//  - Classify never crashes; an error (e.g. ResourceExhausted for text that
//    would need more than the linear work budget) is allowed and fails closed;
//  - findings are within [0, size], non-empty, sorted by begin and never
//    overlap; rule indices name catalog entries of the finding's type; scores
//    lie in [0, 1];
//  - no span starts or ends inside a well-formed multi-byte UTF-8 sequence
//    (for valid UTF-8 this is "never splits a code point"; the header promises
//    it for invalid text too, around the sequences that are well formed);
//  - kPrefilterRe2 and kRe2Set give identical findings (the header says so,
//    and a test checks it on real text).
// The field hint is picked from the input length so hint-dependent scoring
// is exercised without changing the meaning of corpus files.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/pii/pii_classifier.h"
#include "tests/fuzz/fuzz_check.h"

namespace scrubline {
namespace {

struct Engine {
  std::shared_ptr<const PiiClassifier> classifier;
  std::unique_ptr<PiiClassifier::Scratch> scratch;
  std::vector<Finding> findings;
  Status status;
};

struct Harness {
  Engine engines[3];
};

// The shipped catalogs and policies; SCRUBLINE_FUZZ_PATTERNS_DIR points a long
// fuzzing run at a frozen copy while the tree is being edited.
std::string PatternsDir() {
  const char* dir = std::getenv("SCRUBLINE_FUZZ_PATTERNS_DIR");
  return dir != nullptr && *dir != '\0' ? dir : SCRUBLINE_SOURCE_DIR "/patterns";
}

Harness& GetHarness() {
  static Harness* const harness = [] {
    auto* h = new Harness();
    const PiiEngine kinds[3] = {PiiEngine::kRe2Set, PiiEngine::kPrefilterRe2,
                                PiiEngine::kHyperscanSom};
    for (int i = 0; i < 3; ++i) {
      PiiClassifierOptions options;
      options.engine = kinds[i];
      auto classifier = PiiClassifier::Create(PatternsDir() + "/pii", options);
      if (!classifier.ok()) {
        std::fprintf(stderr, "pii_classify_fuzz: %s\n", classifier.status().ToString().c_str());
        std::abort();
      }
      auto scratch = (*classifier)->NewScratch();
      if (!scratch.ok()) {
        std::fprintf(stderr, "pii_classify_fuzz: %s\n", scratch.status().ToString().c_str());
        std::abort();
      }
      h->engines[i].classifier = *classifier;
      h->engines[i].scratch = std::move(*scratch);
    }
    return h;
  }();
  return *harness;
}

// Length of the well-formed UTF-8 sequence starting at text[i] (Unicode
// Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), or 0.
std::size_t WellFormedLength(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

// inside[k] is true when byte k is a continuation byte of a well-formed
// sequence: a span boundary there would split a code point.
void MarkInsideSequences(std::string_view text, std::vector<bool>& inside, bool& valid) {
  inside.assign(text.size() + 1, false);
  valid = true;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = WellFormedLength(text, i);
    if (n == 0) {
      valid = false;
      ++i;
      continue;
    }
    for (std::size_t k = 1; k < n; ++k) inside[i + k] = true;
    i += n;
  }
}

constexpr std::string_view kHints[] = {"", "body", "from", "to", "email", "phone", "note"};

bool SameFindings(const std::vector<Finding>& a, const std::vector<Finding>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].begin != b[i].begin || a[i].end != b[i].end ||
        a[i].rule != b[i].rule || a[i].score != b[i].score) {
      return false;
    }
  }
  return true;
}

}  // namespace
}  // namespace scrubline

// Set-up (compiling the catalog, a few seconds under ASan) runs here rather
// than in the first input, so libFuzzer's -timeout does not count it.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  scrubline::GetHarness();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  Harness& h = GetHarness();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const FieldHint hint{kHints[size % (sizeof(kHints) / sizeof(kHints[0]))]};

  static std::vector<bool> inside;
  bool valid_utf8 = true;
  MarkInsideSequences(text, inside, valid_utf8);

  for (Engine& engine : h.engines) {
    const PiiClassifier& classifier = *engine.classifier;
    engine.status = classifier.Classify(text, hint, *engine.scratch, engine.findings);
    if (!engine.status.ok()) continue;  // fail closed: the caller dead-letters
    std::uint32_t previous_end = 0;
    for (const Finding& f : engine.findings) {
      FUZZ_CHECK(f.begin < f.end, "a finding is non-empty");
      FUZZ_CHECK(f.end <= size, "a finding lies within the text");
      FUZZ_CHECK(f.begin >= previous_end, "findings are sorted and never overlap");
      previous_end = f.end;
      FUZZ_CHECK(f.rule < classifier.rule_count(), "a finding names a catalog entry");
      FUZZ_CHECK(classifier.rule_type(f.rule) == f.type, "a finding has its entry's type");
      FUZZ_CHECK(f.score >= 0.0f && f.score <= 1.0f, "scores lie in [0, 1]");
      if (!inside[f.begin] && !inside[f.end]) continue;
      std::fprintf(stderr, "span [%u, %u) of %zu bytes, text is %s UTF-8\n", f.begin, f.end, size,
                   valid_utf8 ? "valid" : "invalid");
      FUZZ_CHECK(false, "a span never starts or ends inside a UTF-8 sequence");
    }
  }
  const Engine& re2_set = h.engines[0];
  const Engine& prefilter = h.engines[1];
  if (re2_set.status.ok() && prefilter.status.ok()) {
    FUZZ_CHECK(SameFindings(re2_set.findings, prefilter.findings),
               "kPrefilterRe2 and kRe2Set give identical findings");
  }
  return 0;
}
