// ShadowRunner: a candidate policy runs beside the live one without
// producing, so a policy change can be judged on real traffic first.
//
// For every input record both pipelines run (with field decisions, as
// `explain` records them); the live outputs are what the caller produces.
// When the candidate would produce anything different, the record counts as
// changed, and every field decision that differs — by action, selector,
// output record or detected entity types — is counted under the
// candidate's selector and each entity type it detected there ("none" when
// it detected nothing): scrubline_shadow_changes_total{selector,type}. A
// bounded sample of changed records (the first `max_samples`) becomes
// review records for topics.review: both sides' outputs as they would be
// produced — tokens, tags, generalised values; never clear personal data —
// and the list of changed fields.
//
// Not thread-safe for Process (one worker thread); Counts() may be called
// from any thread (scrapes).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/transform.h"

namespace scrubline {

class ShadowRunner {
 public:
  static StatusOr<std::unique_ptr<ShadowRunner>> Create(
      std::shared_ptr<const CompiledPipeline> live, std::shared_ptr<const CompiledPipeline> shadow,
      Stats* stats, std::size_t max_samples);

  // Both sides check records against `table` (Transformer::UseOptOuts).
  Status UseOptOuts(const OptOutTable* table);
  // A reload: the live side becomes `live` and, unless `candidate` is null,
  // the candidate becomes `candidate` (both checking records against
  // `opt_outs` when it is not null). All or nothing: when either side
  // cannot be built, an error is returned and both stay as they were. A new
  // candidate gets a new review sample (up to max_samples again); the
  // change counts go on accumulating (they are Prometheus counters).
  Status Replace(std::shared_ptr<const CompiledPipeline> live,
                 std::shared_ptr<const CompiledPipeline> candidate, const OptOutTable* opt_outs,
                 Stats* stats);

  // Fills `live_out` exactly as Transformer::Process would, and `review` with
  // at most one review record (cleared first).
  void Process(const InputRecord& in, OutputBatch& live_out, OutputBatch& review);

  std::uint64_t records_compared() const;
  std::uint64_t records_changed() const;
  // (selector, entity type or "none") -> changed field decisions.
  std::map<std::pair<std::string, std::string>, std::uint64_t> Counts() const;

 private:
  ShadowRunner() = default;
  void CountChanges(const std::vector<FieldDecision>& live, const std::vector<FieldDecision>& shadow,
                    std::string& changed_json);

  std::shared_ptr<const CompiledPipeline> live_pipeline_;
  std::unique_ptr<Transformer> live_;
  std::unique_ptr<Transformer> shadow_;
  std::size_t max_samples_ = 0;
  std::size_t samples_ = 0;
  OutputBatch shadow_out_;
  std::vector<FieldDecision> live_decisions_;
  std::vector<FieldDecision> shadow_decisions_;
  mutable std::mutex mutex_;  // guards the counts below (scrapes read them)
  std::uint64_t compared_ = 0;
  std::uint64_t changed_ = 0;
  std::map<std::pair<std::string, std::string>, std::uint64_t> counts_;
};

}  // namespace scrubline
