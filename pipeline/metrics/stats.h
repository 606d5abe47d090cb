// Stats: every counter the worker keeps, declared once.
//
// Plain relaxed atomics, incremented by the processor on the hot path (a few
// ns each, no locks, no allocation); read at scrape time by the Prometheus
// collector (metrics_server.h) and by the demo's per-second summary. Label
// values come only from closed enums (entity types, actions, output kinds,
// error codes), never from record data.
// Thread-safe. Not copyable (atomics); share one instance by reference.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "classifiers/aup/aup_vocabulary.h"
#include "classifiers/base/entity_type.h"
#include "classifiers/base/vocabulary.h"
#include "pipeline/metrics/review_tally.h"

namespace scrubline {

// Unlabelled counters: X(member, metric name, help).
#define SCRUBLINE_PLAIN_COUNTERS(X)                                                        \
  X(records_in, "scrubline_records_in_total", "Input records read from the source")       \
  X(bytes_in, "scrubline_bytes_in_total", "Input record value bytes read")                 \
  X(bytes_out, "scrubline_bytes_out_total", "Output record value bytes produced")          \
  X(delivery_failures, "scrubline_delivery_failures_total",                                \
    "Outputs whose delivery failed for good (their input is never committed)")             \
  X(offsets_committed, "scrubline_offsets_committed_total",                                \
    "Offset store operations after every output of an input was delivered")                \
  X(classify_errors, "scrubline_classify_errors_total",                                    \
    "Classifier failures (the record is dead-lettered: fail closed)")                      \
  X(fields_over_budget, "scrubline_fields_over_budget_total",                              \
    "Field values or keys over the PII scan budget, replaced by [UNSCANNED]")              \
  X(masked_values, "scrubline_masked_values_total",                                        \
    "Already partly masked values found (redacted, not counted as detections)")            \
  X(opted_out_records, "scrubline_opted_out_records_total",                                \
    "Records dropped because a subject opted out (nothing produced, offset committed)")    \
  X(deleted_records, "scrubline_deleted_records_total",                                    \
    "Records dropped because a subject asked for deletion")                                \
  X(cpni_restricted_records, "scrubline_cpni_restricted_records_total",                    \
    "Records whose CPNI fields were dropped because a subject restricted CPNI use")        \
  X(opt_out_updates, "scrubline_opt_out_updates_total",                                    \
    "Records of the opt-out topic applied (additions, changes, tombstones)")              \
  X(policy_reloads, "scrubline_policy_reloads_total",                                      \
    "Policy reloads (SIGHUP) that took effect")                                            \
  X(policy_reload_failures, "scrubline_policy_reload_failures_total",                      \
    "Policy reloads refused (the new policies failed to load; the old ones stay)")        \
  X(backpressure_pauses, "scrubline_backpressure_pauses_total",                            \
    "Times the worker paused its input partitions because too many inputs were in flight") \
  X(transactions_committed, "scrubline_transactions_committed_total",                      \
    "Exactly-once: batches whose outputs and input offsets committed in one transaction")   \
  X(transactions_aborted, "scrubline_transactions_aborted_total",                          \
    "Exactly-once: transactions aborted; their input batch is read and processed again")    \
  X(aup_scored, "scrubline_aup_scored_total",                                              \
    "Content fields scored for acceptable use (keywords excluded)")                        \
  X(aup_velocity_signals, "scrubline_aup_velocity_signals_total",                          \
    "Records whose body one sender sent to many recipients in the window (velocity.bulk)") \
  X(aup_velocity_untimed, "scrubline_aup_velocity_untimed_total",                          \
    "Records without a readable time field or Kafka timestamp: no velocity signal")        \
  X(aup_velocity_key_mismatch, "scrubline_aup_velocity_key_mismatch_total",                \
    "Records whose Kafka key is not their sender: partition-local velocity undercounts")

// Upper bounds (ms) of the added-latency histogram's buckets; +Inf follows.
inline constexpr std::array<std::uint64_t, 12> kLatencyBucketsMs = {1,   2,   5,    10,   20,   50,
                                                                   100, 200, 500, 1000, 2000, 5000};

struct Stats {
#define SCRUBLINE_X(member, name, help) std::atomic<std::uint64_t> member{0};
  SCRUBLINE_PLAIN_COUNTERS(SCRUBLINE_X)
#undef SCRUBLINE_X
  // scrubline_records_out_total{kind}
  std::array<std::atomic<std::uint64_t>, kOutputKindCount> records_out{};
  // scrubline_detections_total{type}
  std::array<std::atomic<std::uint64_t>, kEntityTypeCount> detections{};
  // scrubline_actions_total{action}
  std::array<std::atomic<std::uint64_t>, kActionCount> actions{};
  // scrubline_dead_letters_total{code}
  std::array<std::atomic<std::uint64_t>, kErrorCodeCount> dead_letters{};
  // scrubline_aup_alerts_total{category}
  std::array<std::atomic<std::uint64_t>, kAupCategoryCount> aup_alerts{};
  // scrubline_aup_keywords_total{keyword}: bodies that were an opt-out,
  // help or opt-in keyword ([0], "none", is never counted)
  std::array<std::atomic<std::uint64_t>, kMessageKeywordCount> aup_keywords{};
  // scrubline_aup_feedback_total{category,verdict}: reviewers' verdicts on
  // alerts from topics.feedback, by the alert's category; [c][0] spam
  // (confirmed), [c][1] ham (a false alarm).
  std::array<std::array<std::atomic<std::uint64_t>, 2>, kAupCategoryCount> aup_feedback{};
  // scrubline_aup_rule_feedback_total{rule,verdict} and
  // scrubline_aup_rule_precision{rule}: the same verdicts per declared rule.
  ReviewTally aup_rule_feedback;

  // scrubline_added_latency_seconds: from an input's Kafka timestamp to the
  // delivery report of its last output. Non-cumulative bucket counts (the
  // last is +Inf); the collector sums them at scrape time.
  std::array<std::atomic<std::uint64_t>, kLatencyBucketsMs.size() + 1> latency_buckets{};
  std::atomic<std::uint64_t> latency_sum_ms{0};

  void ObserveLatencyMs(std::uint64_t ms) {
    std::size_t b = 0;
    while (b < kLatencyBucketsMs.size() && ms > kLatencyBucketsMs[b]) ++b;
    Add(latency_buckets[b]);
    Add(latency_sum_ms, ms);
  }

  static void Add(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) {
    c.fetch_add(n, std::memory_order_relaxed);
  }
  static std::uint64_t Read(const std::atomic<std::uint64_t>& c) {
    return c.load(std::memory_order_relaxed);
  }
};

}  // namespace scrubline
