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
// length, then catalog order; a loser of another type keeps the bytes the
// winners leave uncovered, so the findings cover every valid candidate).
// Invalid UTF-8 never crashes it: bytes are
// scanned as given (patterns are ASCII-anchored) and a span never starts or
// ends inside a multi-byte sequence. Text written to dodge the patterns
// (full-width digits, homoglyphs, zero-width characters, spelled-out numbers
// and addresses, percent-escapes) gets a second, normalized look whose
// findings are mapped back to the original bytes (evasion_pass.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/entity_type.h"
#include "classifiers/base/status.h"
#include "classifiers/pii/value_lists.h"

namespace scrubline {

struct Finding {
  EntityType type;
  std::uint32_t begin;  // byte offset, inclusive
  std::uint32_t end;    // byte offset, exclusive
  float score;          // 0..1, after validation and context
  std::uint16_t rule;   // index of the catalog entry that matched (PiiClassifier::rule_id)
  // The value was already partly masked where it was found ("***-**-1234",
  // "+1415555XXXX"): an entry with `masked: true` matched it. Still personal
  // data to replace, but counted apart from clear values.
  bool masked = false;
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
  kPrefilterRe2,  // Hyperscan says which entries match; RE2 extracts their
                  // spans. The default: steady cost on any traffic.
  kRe2Set,        // RE2::Set says which entries match (every entry is searched
                  // if its DFA runs out of memory); RE2 extracts their spans.
                  // Fastest on texts it has seen before, 2-8x slower than
                  // kPrefilterRe2 on a stream of new digit-rich texts: its lazy
                  // DFA builds new states for them (match_engine.h).
};

// "HyperscanSom", "PrefilterRe2", "Re2Set". The view is static.
std::string_view PiiEngineName(PiiEngine engine);

// Deterministic work limits for one Classify call. They count work (bytes,
// RE2 searches, candidate spans handed to validators), never time, so the
// same text gets the same answer on any machine under any load. A text that
// exceeds one is "over budget": Classify returns a ResourceExhausted status
// (IsOverBudget) and the caller must not pass the text on; the pipeline
// drops such a field and counts it (README, "What the classifier finds").
// Ordinary messages use a small fraction of every limit.
struct ScanBudget {
  std::size_t max_text_bytes = 1 << 20;  // longer texts are not scanned at all
  std::size_t searches_per_byte = 16;    // RE2 searches: this many per byte ...
  std::size_t min_searches = 4096;       // ... plus this many
  std::size_t candidates_per_byte = 2;   // spans offered to validators: per byte ...
  std::size_t min_candidates = 1024;     // ... plus this many
};

// True for the status Classify returns when a text exceeds its ScanBudget.
bool IsOverBudget(const Status& status);

// Why one candidate span was reported or not: value-free (offsets, catalog
// rule, validator and catalog context words, never text), so it may be
// printed or logged while debugging a false positive or negative
// (`scrubline explain`).
struct CandidateExplanation {
  enum class Verdict : unsigned char {
    kReported,           // in Classify's output
    kEdgeInsideWord,     // starts or ends inside a word, or splits a UTF-8 sequence
    kValidatorRejected,  // the entry's validator said no
    kContextMissing,     // the entry requires a context word and none was near
    kAgainstWord,        // a nearby "against" word pushed the score to 0
    kLostOverlap,        // valid, but an overlapping finding scored higher
    kAllowListed,        // valid, but its value is on an allow list
    kSecondLook,         // found in the evasion pass's normalised text (offsets there)
  };
  std::uint16_t rule;
  std::uint32_t begin;
  std::uint32_t end;
  Verdict verdict;
  float score = 0;             // the score it got (0 when rejected before scoring)
  int context_word = -1;       // PiiClassifier::context_word id that boosted it, or -1
  int against_word = -1;       // id of the "against" word that lowered it, or -1
  bool field_hint = false;     // the field name raised its score
};

// "reported", "edge_inside_word", ... The view is static.
std::string_view VerdictName(CandidateExplanation::Verdict v);

struct PiiClassifierOptions {
  PiiEngine engine = PiiEngine::kPrefilterRe2;
  ScanBudget budget;
  // Only the entries of these types (empty: all). Rule indices then count
  // the kept entries only. For benchmarks and narrow deployments.
  std::vector<EntityType> only_types;
  // Create runs every entry's examples through the compiled classifier and
  // fails on a miss. Costs a few ms at start; off only for benchmarks.
  bool check_examples = true;
  // The Public Suffix List whose top-level domains the email validator
  // accepts (top_level_domains.h; Debian package "publicsuffix"). Create
  // fails if it cannot be read.
  std::string public_suffix_list = "/usr/share/publicsuffix/public_suffix_list.dat";
  // Added to the catalog's allow and deny lists (value_lists.h): a policy's
  // `pii:` section. Deny terms become rules after the catalog's.
  std::vector<AllowEntry> extra_allow;
  std::vector<DenyEntry> extra_deny;
};

class PiiClassifier {
 public:
  class Scratch;  // per thread; opaque

  // Loads and compiles every *.yaml under `catalog_dir` (sorted by name).
  // A bad entry is an error naming the file, the entry id and the problem.
  // Takes ~1 s with the Hyperscan engines (the database compile; engines of
  // one process built from the same patterns share one database, so later
  // classifiers take ~50 ms), ~50 ms with kRe2Set; schema: patterns/README.md.
  static StatusOr<std::shared_ptr<const PiiClassifier>> Create(const std::string& catalog_dir);
  static StatusOr<std::shared_ptr<const PiiClassifier>> Create(const std::string& catalog_dir,
                                                               const PiiClassifierOptions& options);

  ~PiiClassifier();
  PiiClassifier(const PiiClassifier&) = delete;
  PiiClassifier& operator=(const PiiClassifier&) = delete;

  // One per thread; reuse it for every call on that thread.
  StatusOr<std::unique_ptr<Scratch>> NewScratch() const;

  // Clears `out`, then appends the findings in `text`. Thread-safe given a
  // distinct scratch per thread. An error means the caller must treat the
  // text as unclassified and fail closed: IsOverBudget(status) when the text
  // exceeds the ScanBudget (adversarial or simply huge), otherwise an engine
  // failure or a scratch from another classifier. Cost: ~0.5 us for a 285-byte SMS without
  // candidates, ~1.2 us per finding (bench/engine_bench.cc).
  Status Classify(std::string_view text, FieldHint hint, Scratch& scratch,
                  std::vector<Finding>& out) const;

  // Like Classify, and also lists every candidate span the engine offered
  // with the reason it was reported or not (value-free). For debugging and
  // `scrubline explain`; slower than Classify and allocating.
  Status Explain(std::string_view text, FieldHint hint, Scratch& scratch,
                 std::vector<Finding>& findings, std::vector<CandidateExplanation>& out) const;
  // A context word of the catalog by id (CandidateExplanation::context_word).
  std::string_view context_word(int id) const;
  // The catalog name of a rule's validator ("luhn", "phone", ...).
  std::string_view rule_validator(std::uint16_t rule) const;

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
