// PiiClassifier: finds structured personal data in text.
//
// Text views in, spans out: it knows nothing of Kafka, records or policies.
// Built once from the catalog (patterns/pii/*.yaml) into an immutable object
// shared by all threads (std::shared_ptr<const PiiClassifier>); the only
// mutable per-thread state is a Scratch (Hyperscan scratch and reusable
// buffers). A text without candidates costs one prefilter scan and allocates
// nothing.
//
// Spans are byte offsets into the UTF-8 text; [begin, end). Findings are
// sorted by begin and never overlap (overlaps are resolved by score, then
// length, then catalog order). Invalid UTF-8 never crashes it: bytes are
// scanned as given (patterns are ASCII-anchored) and a span never starts or
// ends inside a multi-byte sequence.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/entity_type.h"
#include "classifiers/base/status.h"

namespace scrubline {

struct Finding {
  EntityType type;
  std::uint32_t begin;  // byte offset, inclusive
  std::uint32_t end;    // byte offset, exclusive
  float score;          // 0..1, after validation and context
  std::uint16_t rule;   // index of the catalog entry that matched (PiiClassifier::rule_id)
};

// Optional help from the caller: the JSON field name the text came from
// (empty if unknown, e.g. inside a message body). A field named for phone
// numbers ("phone", "msisdn", "mobile"), e-mail ("email", "mail") or a party
// ("from", "to", "sender", "recipient") raises the score of validated
// PHONE / EMAIL findings by kFieldHintBoost.
struct FieldHint {
  std::string_view field_name;
};
inline constexpr float kFieldHintBoost = 0.1f;

// How candidates are found (see classifiers/pii/match_engine.h for the
// measurements behind the default). All three compile the same patterns;
// kPrefilterRe2 and kRe2Set give identical findings (tested), kHyperscanSom
// misses an entity whose leftmost candidate start fails validation.
enum class PiiEngine : unsigned char {
  kHyperscanSom,  // Hyperscan reports spans (HS_FLAG_SOM_LEFTMOST)
  kPrefilterRe2,  // Hyperscan says which entries match; RE2 extracts their spans
  kRe2Set,        // RE2::Set says which entries match (Hyperscan if its DFA
                  // runs out of memory); RE2 extracts their spans
};

// "HyperscanSom", "PrefilterRe2", "Re2Set". The view is static.
std::string_view PiiEngineName(PiiEngine engine);

struct PiiClassifierOptions {
  PiiEngine engine = PiiEngine::kRe2Set;
  // Only the entries of these types (empty: all). Rule indices then count
  // the kept entries only. For benchmarks and narrow deployments.
  std::vector<EntityType> only_types;
  // Create runs every entry's examples through the compiled classifier and
  // fails on a miss. Costs a few ms at start; off only for benchmarks.
  bool check_examples = true;
};

class PiiClassifier {
 public:
  class Scratch;  // per thread; opaque

  // Loads and compiles every *.yaml under `catalog_dir` (sorted by name).
  // A bad entry is an error naming the file, the entry id and the problem.
  // Takes ~20-50 ms with the default RE2::Set engine (pattern compilation and
  // the catalog examples), ~0.7-1 s with the Hyperscan engines; schema:
  // patterns/README.md.
  static StatusOr<std::shared_ptr<const PiiClassifier>> Create(const std::string& catalog_dir);
  static StatusOr<std::shared_ptr<const PiiClassifier>> Create(const std::string& catalog_dir,
                                                               const PiiClassifierOptions& options);

  ~PiiClassifier();
  PiiClassifier(const PiiClassifier&) = delete;
  PiiClassifier& operator=(const PiiClassifier&) = delete;

  // One per thread; reuse it for every call on that thread.
  StatusOr<std::unique_ptr<Scratch>> NewScratch() const;

  // Clears `out`, then appends the findings in `text`. Thread-safe given a
  // distinct scratch per thread. An error (engine failure, a scratch from
  // another classifier, or ResourceExhausted for adversarial text that would
  // need more than a linear work budget) means the caller must treat the text
  // as unclassified: fail closed. Cost: ~0.5 us for a 285-byte SMS without
  // candidates, ~1.2 us per finding (bench/engine_bench.cc).
  Status Classify(std::string_view text, FieldHint hint, Scratch& scratch,
                  std::vector<Finding>& out) const;

  // Catalog introspection for tests, reports and the policy fingerprint.
  std::size_t rule_count() const;
  std::string_view rule_id(std::uint16_t rule) const;
  EntityType rule_type(std::uint16_t rule) const;
  // The entry's category.data ("account", "usage", "content") and
  // category.privacy ("identifiers", "financial", ...). Static views.
  std::string_view rule_data_category(std::uint16_t rule) const;
  std::string_view rule_privacy_category(std::uint16_t rule) const;
  PiiEngine engine() const;
  // The files the catalog was loaded from, as (path relative to catalog_dir, bytes),
  // sorted by path: policy fingerprints hash them.
  const std::vector<std::pair<std::string, std::string>>& source_files() const;

  struct Impl;

 private:
  explicit PiiClassifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Per-thread mutable state for Classify (Hyperscan scratch, candidate buffers).
// Movable only through its unique_ptr; not thread-safe.
class PiiClassifier::Scratch {
 public:
  struct Impl;
  explicit Scratch(std::unique_ptr<Impl> impl);
  ~Scratch();
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
