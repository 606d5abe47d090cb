// EvasionPass: the PII classifier's second look at a text whose personal
// data is written to get past the catalog (what counts as such a writing,
// and how it is undone, is text_normalizer.h).
//
// Which texts get it: the match engine's one pass over every text also runs
// a few trigger patterns, appended after the rules' patterns
// (AddTriggerPatterns): a code point the normalizer rewrites, "%40" / "%2B",
// "[at]"-style tokens, a spelled " dot " or " @ " between words, three
// spelled digits in a row, four single digits spaced apart alike, a padded
// separator between digits. Their matches never reach the classifier's sink:
// TriggerSink notes them and answers "not wanted", so nothing is extracted
// for them, and a text that matches none (almost every text) pays nothing
// more. The Hyperscan-SOM engine (benchmarks only) offers every match without
// asking, so there no trigger is added and every text is normalized.
//
// A triggered text is normalized; if that changed anything, the same engine
// scans the normalized text with the same rules, and each finding there is
// mapped back to the original: from the original begin of its first byte to
// the original end of its last (never inside a code point, never outside
// the text). A mapped finding that overlaps a candidate of the original text
// is dropped, so the original reading wins and nothing is counted twice,
// unless it covers every original candidate it overlaps: then the evasion
// hid part of the value (a Cyrillic 'о' in "jоhn@example.com" leaves
// "hn@example.com" to the first scan) and the mapped finding replaces the
// covered candidates of its own type. The rest join the candidates, and
// overlaps are resolved as for any text.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

#include "classifiers/base/status.h"
#include "classifiers/pii/match_engine.h"
#include "classifiers/pii/pii_classifier.h"
#include "classifiers/pii/text_normalizer.h"

namespace scrubline {

// Per-thread state of the second look (lives in the classifier's scratch).
struct EvasionScratch {
  bool triggered = false;         // a trigger pattern matched the original text
  NormalizedText normalized;      // the text the second scan reads
  std::vector<Finding> candidates;  // its candidates, in normalized offsets
};

class EvasionPass {
 public:
  // Disabled: never looks twice.
  EvasionPass() = default;
  // For a classifier compiled with `engine`; builds (or shares) the
  // normalizer's ICU tables.
  static StatusOr<EvasionPass> Create(PiiEngine engine);

  // Appends the trigger patterns to `specs`, which must already hold every
  // rule's pattern: pattern indices from here on are triggers.
  void AddTriggerPatterns(std::vector<PatternSpec>& specs);
  bool IsTrigger(std::uint16_t pattern) const { return pattern >= first_trigger_; }

  // After the first scan of `text`: true if it must be scanned again, as
  // scratch.normalized.text(). Clears scratch.candidates.
  bool NeedsSecondLook(std::string_view text, EvasionScratch& scratch) const;

  // Maps scratch.candidates back onto `text` and appends to `candidates`
  // those that overlap none of the candidates already there, or cover the
  // ones they overlap (replacing those of the same type).
  void AppendMapped(std::string_view text, const EvasionScratch& scratch,
                    std::vector<Finding>& candidates) const;

 private:
  std::shared_ptr<const TextNormalizer> normalizer_;
  bool every_text_ = false;  // no triggers in this engine: normalize every text
  std::uint32_t first_trigger_ = std::numeric_limits<std::uint32_t>::max();
};

// Stands between the match engine and the classifier's sink for both scans:
// forwards the rules' patterns, notes (and declines) trigger patterns.
class TriggerSink final : public CandidateSink {
 public:
  TriggerSink(CandidateSink& inner, const EvasionPass& pass, EvasionScratch& scratch)
      : inner_(inner), pass_(pass), scratch_(scratch) {
    scratch_.triggered = false;
  }
  bool Offer(std::uint16_t pattern, std::uint32_t begin, std::uint32_t end) override {
    if (pass_.IsTrigger(pattern)) {
      scratch_.triggered = true;
      return false;
    }
    return inner_.Offer(pattern, begin, end);
  }
  bool Wants(std::uint16_t pattern) override {
    if (pass_.IsTrigger(pattern)) {
      scratch_.triggered = true;
      return false;
    }
    return inner_.Wants(pattern);
  }

 private:
  CandidateSink& inner_;
  const EvasionPass& pass_;
  EvasionScratch& scratch_;
};

}  // namespace scrubline
