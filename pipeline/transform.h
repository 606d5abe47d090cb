// Transformer: one input record -> the records scrubline produces for it.
//
// The single code path shared by `scan` (file) and `run` (Kafka): decode,
// classify, decide (policy), act (token / generalise / keep / redact / drop)
// and route. For a good record it yields a usage record then a content record;
// for a bad one (not a JSON object, invalid UTF-8, over a limit) or any
// failure while transforming it, exactly one dead letter whose value is the
// input encrypted with the dead-letter subkey — never clear. Fail closed: the
// outputs are built in private buffers and only published when the whole
// record succeeded.
//
// Output values are compact JSON, deterministic for a given input, key ring
// and policy: nothing comes from the clock or a random source.
//
// Cost: no heap allocation per record once its buffers have grown (outputs,
// findings, decoder and tokens are reused). NOT thread-safe: one Transformer
// per processing thread, sharing one CompiledPipeline. Movable.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/aup/aup_detector.h"
#include "classifiers/aup/body_signature.h"
#include "classifiers/aup/velocity_tracker.h"
#include "classifiers/base/vocabulary.h"
#include "pipeline/compiled_pipeline.h"
#include "pipeline/metrics/stats.h"

namespace scrubline {

// The value written for a string (or object key, or long number) that the
// PII classifier could not scan within its deterministic budget (too long,
// or too much work: PiiClassifier's ScanBudget): the value is dropped, never
// passed on, and scrubline_fields_over_budget_total counts it.
inline constexpr std::string_view kUnscannedValue = "[UNSCANNED]";

// Where an input came from; views owned by the caller for the call's duration.
struct InputRecord {
  std::string_view topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string_view value;
  // The input Kafka key is data like any other and never passes through in
  // clear; the output key is the token of the policy's record_key field.
  // It is only compared with the velocity sender (a key that is not the
  // sender means the topic is not keyed by sender: counted).
  bool has_key = false;
  std::string_view key{};
  // The Kafka message timestamp (ms since the epoch), -1 without one (scan):
  // the velocity signal's time when the policy names no time field.
  std::int64_t timestamp_ms = -1;
};

struct OutputHeader {
  std::string_view name;  // static
  std::string value;
};

struct Output {
  OutputKind kind = OutputKind::kUsage;
  std::string_view topic;  // points into the CompiledPipeline's topic names
  bool has_key = false;
  std::string key;
  std::string value;
  bool value_is_json = true;  // false for dead letters (ciphertext)

  // Headers in production order, no duplicates. Slots are reused across
  // records so header strings keep their capacity.
  std::span<const OutputHeader> headers() const { return {headers_.data(), header_count_}; }
  void AddHeader(std::string_view name, std::string_view value);
  // The value of header `name`, or nullptr.
  const std::string* FindHeader(std::string_view name) const;
  void ClearHeaders() { header_count_ = 0; }

 private:
  std::vector<OutputHeader> headers_;
  std::size_t header_count_ = 0;
};

// What Transformer::Classify leaves for Transformer::Conclude: the record's
// acceptable-use verdict before the velocity signal, which must see the
// records of a partition in input order, and what that signal reads. Only
// hashes and a signature: no value of the record.
struct PendingVerdict {
  bool scored = false;
  AupVerdict verdict;                  // reasons keep their capacity
  std::string_view field;              // the best verdict's field (the policy's string)
  const AupSettings* settings = nullptr;
  bool velocity = false;               // the four below are set
  std::uint64_t sender = 0;            // hash of the sender field's value
  std::uint64_t recipient = 0;         // hash of the recipient field's value
  std::int64_t time_seconds = 0;
  BodySignature signature;             // of the best field, rendered with entity tags
};

// A reusable list of outputs: Clear() keeps every buffer's capacity.
// Add() may reallocate: references from an earlier Add() are invalidated.
class OutputBatch {
 public:
  void Clear() {
    size_ = 0;
    pending.scored = false;
    pending.velocity = false;
  }
  PendingVerdict pending;
  Output& Add();
  // Frees the value and key buffers that grew beyond `keep_bytes` (a rare
  // huge record), so a batch's worth of batches does not keep them all.
  void ReleaseLargeBuffers(std::size_t keep_bytes);
  std::size_t size() const { return size_; }
  const Output& operator[](std::size_t i) const { return items_[i]; }
  Output& operator[](std::size_t i) { return items_[i]; }
  const Output* begin() const { return items_.data(); }
  const Output* end() const { return items_.data() + size_; }

 private:
  std::vector<Output> items_;
  std::size_t size_ = 0;
};

// Dead-letter payloads are AES-SIV encrypted with this associated data:
// "scrubline.dead_letter" NUL topic NUL partition NUL offset (decimal), so a
// ciphertext cannot be moved to another record's coordinates.
void BuildDeadLetterAssociatedData(std::string_view topic, std::int32_t partition,
                                   std::int64_t offset, std::string& out);

// What the policy did to one field (`scrubline explain`): never a value.
struct FieldDecision {
  // "$.context.traits.email", "$.media_urls[*]": member names as a selector
  // would write them; a name no selector named (it may be data) is "*".
  std::string path;
  // What decided: a selector as written, "names[N]", "other_fields"; a
  // field below a decided object carries its ancestor's selector.
  std::string selector;
  OutputKind output = OutputKind::kUsage;
  Action action = Action::kRedact;  // as done (a fallback to redact shows as redact)
  EntityCounts detections{};        // entity types found in the field's text
  // A hash of the bytes written for the field (its name and value as they
  // leave): tells a shadow policy's changed options apart (ipv4_bits 16 vs
  // 24) without keeping any output. Not printed by explain.
  std::size_t written_hash = 0;
};

class Transformer {
 public:
  // `stats` may be null (no counting).
  static StatusOr<std::unique_ptr<Transformer>> Create(
      std::shared_ptr<const CompiledPipeline> pipeline, Stats* stats);
  ~Transformer();

  // Clears `out` and fills it with the outputs for `in`, in production order.
  // Never fails: every error becomes a dead letter. Classify then Conclude,
  // with this transformer's own velocity state (one sequence of records).
  void Process(const InputRecord& in, OutputBatch& out);
  // The two halves of Process, for callers that spread records over
  // threads (ParallelTransformer): Classify does all the per-record work
  // and may run on any thread; Conclude adds the velocity signal (from
  // `velocity`, may be null: no signal), the acceptable-use headers and the
  // alert. Call Conclude for the records of one partition in input order,
  // on one thread; it reads only `in` and what Classify left in `out`, so
  // any transformer of the same pipeline may conclude any record.
  void Classify(const InputRecord& in, OutputBatch& out);
  void Conclude(const InputRecord& in, OutputBatch& out, VelocityTracker* velocity);
  // Checks records against `table` (owned by the caller, outliving this
  // transformer, updated by it between Process calls) instead of the
  // pipeline's file table: the worker's live view of the opt-out topic.
  // Needs the ring's subjects key.
  Status UseOptOuts(const OptOutTable* table);
  // Process, also recording one decision per field in `decisions`
  // (cleared; empty for a dead letter). Slower: for explaining, not serving.
  void Explain(const InputRecord& in, OutputBatch& out, std::vector<FieldDecision>& decisions);

  struct Impl;

 private:
  explicit Transformer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The bulk-messaging velocity state for `pipeline` (one sequence of
// records: Transformer::Process's own, or a worker's across its batches), or
// null when its acceptable-use catalog gives the signal no weight.
std::unique_ptr<VelocityTracker> NewVelocityTracker(const CompiledPipeline& pipeline);

}  // namespace scrubline
