#include "classifiers/pii/evasion_pass.h"

#include <algorithm>
#include <string>

namespace scrubline {
namespace {

constexpr bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The same rule as for any span: inside the text, not starting on a UTF-8
// continuation byte, not ending inside a multi-byte sequence.
bool SpanOk(std::string_view text, std::uint32_t begin, std::uint32_t end) {
  if (begin >= end || end > text.size()) return false;
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (IsContinuation(at(begin))) return false;
  return end == text.size() || at(end - 1) < 0x80 || !IsContinuation(at(end));
}

// Spelled digit words, for the "three in a row" trigger.
constexpr const char* kDigitWords =
    "(?i:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)";

}  // namespace

StatusOr<EvasionPass> EvasionPass::Create(PiiEngine engine) {
  auto normalizer = TextNormalizer::Shared();
  if (!normalizer.ok()) return normalizer.status();
  EvasionPass pass;
  pass.normalizer_ = std::move(*normalizer);
  pass.every_text_ = engine == PiiEngine::kHyperscanSom;
  return pass;
}

void EvasionPass::AddTriggerPatterns(std::vector<PatternSpec>& specs) {
  if (!normalizer_ || every_text_) return;
  first_trigger_ = static_cast<std::uint32_t>(specs.size());
  const std::string words = kDigitWords;
  const std::string where = "evasion trigger (classifiers/pii/evasion_pass.cc)";
  for (std::string pattern : {
           normalizer_->MappedCodePointPattern(),
           std::string("%(?:40|2[Bb])"),
           std::string(R"([\[({] ?(?i:at|dot) ?[\])}])"),
           std::string("[A-Za-z0-9] (?:[Dd][Oo][Tt]|@) [A-Za-z0-9]"),
           "\\b" + words + "[ ,.-]{1,3}" + words + "[ ,.-]{1,3}" + words + "\\b",
           // A written group next to a spelled digit ("415 five five ...").
           "[0-9]{2}[ .-]{1,3}" + words + "\\b|\\b" + words + "[ .-]{1,3}[0-9]{2}",
           std::string(R"(\b[0-9](?: [0-9]){3}\b|\b[0-9](?:\.[0-9]){3}\b|\b[0-9](?:-[0-9]){3}\b)"),
           std::string(R"([0-9](?: [.-] ?|[.-] | {2,3})[0-9])"),
       }) {
    specs.push_back(PatternSpec{std::move(pattern), where});
  }
}

bool EvasionPass::NeedsSecondLook(std::string_view text, EvasionScratch& scratch) const {
  scratch.candidates.clear();
  if (!normalizer_ || (!every_text_ && !scratch.triggered)) return false;
  scratch.triggered = false;
  return normalizer_->Normalize(text, scratch.normalized);
}

void EvasionPass::AppendMapped(std::string_view text, const EvasionScratch& scratch,
                               std::vector<Finding>& candidates) const {
  const std::size_t original = candidates.size();
  // Each mapped candidate is judged against the original candidates as
  // they came, never against another mapped one, so the outcome does not
  // depend on the order the engine offered them in. The original reading
  // wins over an overlapping mapped one (and a mapped one that reads the
  // same span with the same rule adds nothing), unless the mapped one
  // covers it whole: then the evasion hid part of the value ("jо" +
  // "hn@example.com" with a Cyrillic 'о' reads "hn@example.com"
  // unnormalized) and the mapped span replaces candidates of its type.
  for (const Finding& f : scratch.candidates) {
    const SourceRange r = scratch.normalized.SourceOf(f.begin, f.end);
    if (!SpanOk(text, r.begin, r.end)) continue;
    bool dropped = false;
    for (std::size_t k = 0; k < original && !dropped; ++k) {
      const Finding& o = candidates[k];
      if (o.end <= r.begin || r.end <= o.begin) continue;
      const bool same_reading = o.rule == f.rule && o.begin == r.begin && o.end == r.end;
      dropped = same_reading || o.begin < r.begin || o.end > r.end;
    }
    if (dropped) continue;
    Finding mapped = f;
    mapped.begin = r.begin;
    mapped.end = r.end;
    candidates.push_back(mapped);
  }
  bool superseded_any = false;
  for (std::size_t m = original; m < candidates.size(); ++m) {
    const Finding& f = candidates[m];
    for (std::size_t k = 0; k < original; ++k) {
      Finding& o = candidates[k];
      if (o.type == f.type && o.score >= 0 && f.begin <= o.begin && o.end <= f.end) {
        o.score = -1;  // superseded; erased below
        superseded_any = true;
      }
    }
  }
  if (superseded_any) std::erase_if(candidates, [](const Finding& c) { return c.score < 0; });
}

}  // namespace scrubline
