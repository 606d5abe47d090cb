// Fuzz target: acceptable-use scoring of arbitrary bytes, and the spam
// model's file parser on arbitrary bytes.
//
// Message bodies reach AupDetector::Evaluate straight from record data; a
// model file comes from disk and may be damaged. Invariants on every input:
//  - Evaluate never fails or crashes on any bytes (invalid UTF-8 included);
//  - a keyword body has score 0, no reasons and no alert;
//  - the score is the sum of the reasons' weights, heaviest first, every
//    reason names a catalog entry, and the alert flag is exactly "score at
//    the category's threshold";
//  - the same text gives the same verdict twice;
//  - SpamModel::Parse either refuses the bytes or accepts a model whose
//    Serialize() gives them back byte for byte;
//  - the velocity signature of any bytes is the same whether they arrive
//    in one AddText or split at any point (streaming), and its bins are
//    all filled or (nothing left after normalising) all empty.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "classifiers/aup/aup_detector.h"
#include "classifiers/aup/body_signature.h"
#include "tests/fuzz/fuzz_check.h"

namespace scrubline {
namespace {

struct Harness {
  std::shared_ptr<const AupDetector> detector;
  std::unique_ptr<AupDetector::Scratch> scratch;
  AupVerdict first, second;
};

Harness& GetHarness() {
  static Harness* const harness = [] {
    auto* h = new Harness();
    const char* dir = std::getenv("SCRUBLINE_FUZZ_PATTERNS_DIR");
    const std::string patterns =
        dir != nullptr && *dir != '\0' ? dir : SCRUBLINE_SOURCE_DIR "/patterns";
    auto detector = AupDetector::Create(patterns + "/aup");
    FUZZ_CHECK(detector.ok(), "the shipped acceptable-use catalog loads");
    h->detector = *detector;
    auto scratch = h->detector->NewScratch();
    FUZZ_CHECK(scratch.ok(), "a scratch is allocated");
    h->scratch = std::move(*scratch);
    return h;
  }();
  return *harness;
}

}  // namespace
}  // namespace scrubline

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  scrubline::GetHarness();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  Harness& h = GetHarness();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const AupDetector& d = *h.detector;

  FUZZ_CHECK(d.Evaluate(input, *h.scratch, h.first).ok(), "Evaluate never fails on bytes");
  const AupVerdict& v = h.first;
  if (v.keyword != MessageKeyword::kNone) {
    FUZZ_CHECK(v.score == 0 && v.reasons.empty() && !v.alert, "a keyword is never scored");
  }
  double sum = 0;
  for (std::size_t i = 0; i < v.reasons.size(); ++i) {
    const AupContribution& r = v.reasons[i];
    sum += r.weight;
    FUZZ_CHECK(std::isfinite(r.weight), "weights are numbers");
    if (i > 0) FUZZ_CHECK(std::fabs(v.reasons[i - 1].weight) >= std::fabs(r.weight), "heaviest first");
    if (r.source == AupContribution::Source::kRule) {
      FUZZ_CHECK(r.index < d.catalog().rules.size(), "a rule reason names a rule");
    } else if (r.source == AupContribution::Source::kFeature) {
      FUZZ_CHECK(r.index < d.catalog().features.size(), "a feature reason names a feature");
    }
    FUZZ_CHECK(!d.ReasonId(r).empty(), "every reason has an id");
  }
  FUZZ_CHECK(std::fabs(sum - v.score) < 1e-9, "the score is the sum of the reasons");
  FUZZ_CHECK(v.alert == (v.keyword == MessageKeyword::kNone &&
                         v.score >= d.catalog().scoring.ThresholdFor(v.category)),
             "an alert exactly at the category's threshold");
  FUZZ_CHECK(d.Evaluate(input, *h.scratch, h.second).ok(), "Evaluate never fails on bytes");
  FUZZ_CHECK(h.second.score == v.score && h.second.category == v.category &&
                 h.second.reasons.size() == v.reasons.size() && h.second.keyword == v.keyword,
             "the same text, the same verdict");

  BodySignatureBuilder builder;
  builder.AddText(input);
  const BodySignature whole = builder.Finish();
  builder.Reset();
  const std::size_t cut = size == 0 ? 0 : data[0] % (size + 1);
  builder.AddText(input.substr(0, cut));
  builder.AddText(input.substr(cut));
  FUZZ_CHECK(builder.Finish() == whole, "a signature does not depend on how the text is split");
  const bool empty = whole.bins[0] == BodySignature::kEmpty;
  for (std::uint32_t bin : whole.bins) {
    FUZZ_CHECK((bin == BodySignature::kEmpty) == empty, "bins are all filled or all empty");
  }

  auto model = SpamModel::Parse(input, "fuzz.bin");
  if (model.ok()) FUZZ_CHECK(model->Serialize() == input, "an accepted model round-trips exactly");
  return 0;
}
