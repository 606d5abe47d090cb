// MatchEngine: finds the candidate spans of a set of regular expressions in a
// text, with one of three strategies:
//
//  kHyperscanSom  every pattern compiled with HS_FLAG_SOM_LEFTMOST; Hyperscan
//                 reports (pattern, start, end) for every end offset directly.
//  kPrefilterRe2  every pattern compiled with HS_FLAG_SINGLEMATCH: Hyperscan
//                 only says which patterns match at all (and where the first
//                 match ends); one RE2 per such pattern (leftmost-longest)
//                 then extracts its spans, starting no earlier than the first
//                 match's end minus the pattern's maximum width. The patterns
//                 are spread over several small Hyperscan databases (tiers)
//                 by what their matches need (pattern_byte_needs.h: "9
//                 digits", "an '@'", "a 16-byte alphanumeric run"), and a
//                 text is scanned only with the tiers whose needs its own
//                 byte counts meet; a pattern with a literal factor is
//                 prefiltered by that factor alone, a pattern with top-level
//                 alternatives by each of them. This is exact (a skipped
//                 pattern cannot match the text) and made typical message
//                 bodies 2.4x faster: most have few digits and no '@'.
//                 Digit patterns whose matches lie inside one run of a
//                 number alphabet go to window tiers, scanned only over the
//                 runs of the text with enough digits (match_engine.cc).
//  kRe2Set        like kPrefilterRe2, but the "which patterns match" pass is
//                 one RE2::Set (a single DFA over all patterns). Should its
//                 DFA run out of memory on a text, every pattern is searched
//                 on its own for that text. No Hyperscan database is compiled
//                 (every pattern is still checked to be Hyperscan-compatible).
//
// Measured on 2 cores (bench/pii_speed_bench.cc and the experiments behind
// it): a lazy DFA over ~75 catalog patterns (RE2::Set) is fast only while its
// states are cached. Texts it has seen, or texts without digits, cost
// ~150-500 ns; but every new digit-rich text (cards, IBANs, phone numbers,
// order numbers) builds new DFA states, and on a stream of 110,000 distinct
// generated messages (44 bytes on average) RE2::Set took 2.6-17 us per text,
// 1 GiB of DFA memory notwithstanding. Hyperscan's prefilter pass has no such
// cliff: 1.1-3.4 us per text on the same stream, ~1.5 us on real SMS. So the
// default is kPrefilterRe2. Start-of-match reporting (kHyperscanSom) costs
// more still (e-mail's unbounded local part alone: 1.5 us) and, reporting one
// start per end, misses entities whose leftmost start fails validation
// ("22 4111 1111 1111 1111").
//
// Either way the engine offers candidates to a CandidateSink, which validates
// them and answers whether it kept one. For each pattern and start offset the
// engine offers ends longest first and stops at the first kept one, so a
// validator that rejects "10.0.0.0/99" still gets "10.0.0.0". Candidates are
// offered in no particular order across patterns.
//
// No candidate longer than 1024 bytes is offered (no entity is that long):
// RE2 searches then look at bounded windows, and the work per text is
// budgeted (ScanBudget: text bytes, RE2 searches and candidates per byte),
// so adversarial text costs linear time or ends in a ResourceExhausted error
// (fail closed), never a quadratic stall.
//
// Patterns are matched as bytes (no UTF-8 mode in either engine; RE2 runs in
// Latin-1) so both strategies see the same text, and invalid UTF-8 is just
// bytes. Both engines must accept every pattern: Create checks that, so a
// catalog can switch strategy without surprises.
//
// Immutable after Create and thread-safe; per-thread state lives in a
// Scratch (Hyperscan scratch, match buffers). Scan allocates nothing once the
// scratch buffers have grown to the text's needs. Not copyable.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/status.h"
#include "classifiers/pii/pii_classifier.h"

namespace scrubline {

using MatchStrategy = PiiEngine;

// Receives candidates from MatchEngine::Scan.
class CandidateSink {
 public:
  virtual ~CandidateSink() = default;
  // text[begin, end) matched pattern `pattern`. Returns true if it was kept
  // (the engine then stops offering shorter ends for that start). The
  // prefilter engines offer only spans with word edges: a span never starts
  // at an alphanumeric byte that follows [A-Za-z0-9_], nor ends at one that
  // precedes [A-Za-z0-9_].
  virtual bool Offer(std::uint16_t pattern, std::uint32_t begin, std::uint32_t end) = 0;
  // Asked (prefilter engines) once per text for each pattern that matched
  // somewhere, before its spans are extracted: false skips the extraction.
  // A sink answers false when no span of the pattern could be kept anyway
  // (e.g. its entry requires a context word that the text lacks).
  virtual bool Wants(std::uint16_t /*pattern*/) { return true; }
};

struct PatternSpec {
  std::string pattern;
  std::string where;  // names the pattern's origin in error messages
  // The sink's Wants often answers false for this pattern (its entry
  // requires context words): the prefilter engine keeps such patterns in
  // databases of their own and scans them only for texts where the sink
  // wants one of them.
  bool conditional = false;
};

class MatchEngine {
 public:
  class Scratch;

  // Compiles `patterns` (at most 65535) with `strategy`; every Scan keeps
  // within `budget`. An error names the failing pattern's `where` and the
  // engine's complaint.
  static StatusOr<std::unique_ptr<const MatchEngine>> Create(
      const std::vector<PatternSpec>& patterns, MatchStrategy strategy,
      const ScanBudget& budget = ScanBudget{});
  ~MatchEngine();
  MatchEngine(const MatchEngine&) = delete;
  MatchEngine& operator=(const MatchEngine&) = delete;

  StatusOr<std::unique_ptr<Scratch>> NewScratch() const;

  // Offers every candidate in `text` to `sink`. `scratch` must come from this
  // engine's NewScratch. A text that exceeds the budget (its length, the RE2
  // searches or the candidates it needs) is a ResourceExhausted error.
  Status Scan(std::string_view text, Scratch& scratch, CandidateSink& sink) const;

  MatchStrategy strategy() const;
  std::size_t pattern_count() const;

  struct Impl;

 private:
  explicit MatchEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Per-thread state of one MatchEngine. Not thread-safe; not copyable.
class MatchEngine::Scratch {
 public:
  struct Impl;
  explicit Scratch(std::unique_ptr<Impl> impl);
  ~Scratch();
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
