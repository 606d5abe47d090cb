#include "classifiers/pii/pii_classifier.h"

#include <algorithm>
#include <cstring>

#include "classifiers/pii/catalog.h"
#include "classifiers/pii/context_words.h"
#include "classifiers/pii/evasion_pass.h"
#include "classifiers/pii/match_engine.h"
#include "classifiers/pii/top_level_domains.h"
#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

static_assert(kEntityTypeCount <= 64, "type masks are 64 bits");

// What Classify needs of a catalog entry (the pattern lives in the engine).
struct Rule {
  std::string id;
  EntityType type;
  DataCategory data_category;
  PrivacyCategory privacy_category;
  Validator validator;
  float score;
  ContextRule context;
  bool masked = false;  // CatalogEntry::masked
};

constexpr std::uint64_t TypeBit(EntityType t) { return std::uint64_t{1} << static_cast<unsigned>(t); }

constexpr bool IsAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool IsWordByte(unsigned char c) { return IsAlnum(c) || c == '_'; }
constexpr bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }
constexpr unsigned char Lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c - 'A' + 'a') : c;
}

// A span neither begins nor ends inside a word (the patterns' \b cannot
// express this for every entry, and a catalog author may forget it), and
// never splits a UTF-8 sequence.
bool EdgesOk(std::string_view text, std::size_t begin, std::size_t end) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (begin > 0 && IsAlnum(at(begin)) && IsWordByte(at(begin - 1))) return false;
  if (end < text.size() && IsAlnum(at(end - 1)) && IsWordByte(at(end))) return false;
  if (IsContinuation(at(begin))) return false;
  if (end < text.size() && at(end - 1) >= 0x80 && IsContinuation(at(end))) return false;
  return true;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// The entity types a field name vouches for (see FieldHint).
std::uint64_t HintedTypes(std::string_view field_name) {
  constexpr std::size_t kMax = 64;
  if (field_name.empty() || field_name.size() > kMax) return 0;
  char buf[kMax];
  for (std::size_t i = 0; i < field_name.size(); ++i) {
    buf[i] = static_cast<char>(Lower(static_cast<unsigned char>(field_name[i])));
  }
  const std::string_view n(buf, field_name.size());
  std::uint64_t mask = 0;
  if (Contains(n, "phone") || Contains(n, "msisdn") || Contains(n, "mobile")) {
    mask |= TypeBit(EntityType::kPhone);
  }
  if (Contains(n, "mail")) mask |= TypeBit(EntityType::kEmail);
  for (std::string_view party :
       {"from", "to", "sender", "recipient", "originator", "destination"}) {
    if (n == party) mask |= TypeBit(EntityType::kPhone) | TypeBit(EntityType::kEmail);
  }
  return mask;
}

// Receives the engine's candidates: edges, validator, score.
class Collector final : public CandidateSink {
 public:
  // `trace` (optional) receives one CandidateExplanation per offered span.
  Collector(const std::vector<Rule>& rules, std::string_view text, std::uint64_t hinted,
            ContextOccurrences& context, std::vector<Finding>& out,
            std::vector<CandidateExplanation>* trace = nullptr)
      : rules_(rules), text_(text), hinted_(hinted), context_(context), out_(out), trace_(trace) {}

  // An entry that requires a context word is not extracted at all from a
  // text that has none of its words anywhere: the literal anchor that keeps
  // digit-heavy texts cheap (dates, order numbers, codes).
  bool Wants(std::uint16_t rule) override {
    const Rule& r = rules_[rule];
    return !r.context.required || context_.AnyOf(r.context.word_ids);
  }

  bool Offer(std::uint16_t rule, std::uint32_t begin, std::uint32_t end) override {
    using Verdict = CandidateExplanation::Verdict;
    CandidateExplanation why{rule, begin, end, Verdict::kReported};
    const auto reject = [&](Verdict v) {
      if (trace_) {
        why.verdict = v;
        trace_->push_back(why);
      }
      return false;
    };
    if (!EdgesOk(text_, begin, end)) return reject(Verdict::kEdgeInsideWord);
    const Rule& r = rules_[rule];
    if (!Validate(r.validator, text_, begin, end)) return reject(Verdict::kValidatorRejected);
    begin = static_cast<std::uint32_t>(ReportedBegin(r.validator, text_, begin, end));
    float score = r.score;
    if (!r.context.words.empty()) {
      why.context_word = context_.FirstNear(r.context.word_ids, begin, end, r.context.window);
      if (why.context_word >= 0) {
        score += r.context.boost;
      } else if (r.context.required) {
        return reject(Verdict::kContextMissing);
      }
    }
    if (!r.context.against.empty()) {
      why.against_word = context_.FirstNear(r.context.against_ids, begin, end, r.context.window,
                                            /*same_sentence=*/true);
      if (why.against_word >= 0) {
        score -= r.context.penalty;
        if (score <= 0) return reject(Verdict::kAgainstWord);
      }
    }
    if (hinted_ & TypeBit(r.type)) {
      score += kFieldHintBoost;
      why.field_hint = true;
    }
    out_.push_back(Finding{r.type, begin, end, std::min(score, 1.0f), rule});
    if (trace_) {
      why.score = out_.back().score;
      trace_->push_back(why);
    }
    return true;
  }

 private:
  const std::vector<Rule>& rules_;
  std::string_view text_;
  std::uint64_t hinted_;
  ContextOccurrences& context_;
  std::vector<Finding>& out_;
  std::vector<CandidateExplanation>* trace_;
};

// Keeps the best non-overlapping candidates (score, then length, then
// catalog order) and writes them to `out` sorted by begin. A candidate that
// only partly overlaps better ones of *other* types keeps the parts they
// leave uncovered (as findings of its own type): redaction then covers the
// union, so a deny term or another entity winning inside a longer one never
// leaves the rest of the longer one in clear. Overlapping candidates of the
// same type are two readings of one entity (a secret with or without its
// label): the better reading alone is kept. Part boundaries are candidate
// boundaries, so they never split a UTF-8 sequence.
void ResolveOverlaps(std::vector<Finding>& candidates, std::vector<Finding>& out) {
  std::sort(candidates.begin(), candidates.end(), [](const Finding& a, const Finding& b) {
    if (a.score != b.score) return a.score > b.score;
    const std::uint32_t la = a.end - a.begin, lb = b.end - b.begin;
    if (la != lb) return la > lb;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.begin < b.begin;
  });
  // `out` stays sorted by begin and non-overlapping, hence sorted by end too.
  const auto first_ending_after = [&](std::uint32_t at) {
    return std::upper_bound(out.begin(), out.end(), at,
                            [](std::uint32_t a, const Finding& f) { return a < f.end; });
  };
  for (const Finding& c : candidates) {
    bool same_type_overlap = false;
    for (auto it = first_ending_after(c.begin); it != out.end() && it->begin < c.end; ++it) {
      same_type_overlap = same_type_overlap || it->type == c.type;
    }
    if (same_type_overlap) continue;
    std::uint32_t at = c.begin;
    while (at < c.end) {
      auto it = first_ending_after(at);
      if (it == out.end() || it->begin >= c.end) {  // the rest of c is free
        Finding part = c;
        part.begin = at;
        out.insert(it, part);
        break;
      }
      if (it->begin > at) {  // free bytes before the next kept finding
        Finding part = c;
        part.begin = at;
        part.end = it->begin;
        const std::uint32_t next = it->end;
        out.insert(it, part);
        at = next;
      } else {
        at = it->end;
      }
    }
  }
}

}  // namespace

struct PiiClassifier::Impl {
  std::vector<Rule> rules;
  ContextVocabulary vocabulary;  // every rule's context words
  std::unique_ptr<const MatchEngine> engine;
  std::vector<std::pair<std::string, std::string>> source_files;
  AllowList allow;  // catalog allow lists plus PiiClassifierOptions::extra_allow
  EvasionPass evasion;  // the second look at evasive writings (evasion_pass.h)
};

struct PiiClassifier::Scratch::Impl {
  const PiiClassifier::Impl* owner = nullptr;
  std::unique_ptr<MatchEngine::Scratch> engine;
  std::vector<Finding> candidates;
  ContextOccurrences context;
  std::vector<CandidateExplanation>* trace = nullptr;  // set only inside Explain
  EvasionScratch evasion;
};

PiiClassifier::Scratch::Scratch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PiiClassifier::Scratch::~Scratch() = default;

PiiClassifier::PiiClassifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PiiClassifier::~PiiClassifier() = default;

namespace {

// Runs every example of the kept entries through the compiled classifier.
// Examples longer than the configured ScanBudget::max_text_bytes are skipped:
// that budget is the operator's choice, and such texts are never scanned.
Status CheckExamples(const PiiClassifier& classifier, const std::vector<CatalogEntry>& entries,
                     std::size_t max_text_bytes) {
  auto scratch = classifier.NewScratch();
  if (!scratch.ok()) return scratch.status();
  std::vector<Finding> found;
  for (const CatalogEntry& e : entries) {
    const std::string_view type = EntityTypeName(e.type);
    for (std::size_t i = 0; i < e.match_examples.size(); ++i) {
      const CatalogExample& ex = e.match_examples[i];
      if (ex.text.size() > max_text_bytes) continue;
      SCRUBLINE_RETURN_IF_ERROR(classifier.Classify(ex.text, FieldHint{}, **scratch, found));
      const std::size_t begin = ex.text.find(ex.span);
      const std::size_t end = begin + ex.span.size();
      bool hit = std::any_of(found.begin(), found.end(), [&](const Finding& f) {
        return f.type == e.type && f.begin == begin && f.end == end;
      });
      if (!hit) {
        return InvalidArgumentError(e.Where() + ": examples.match #" + std::to_string(i + 1) +
                                    " (\"" + ex.span + "\") is not found as " + std::string(type) +
                                    " by the compiled catalog");
      }
    }
    for (std::size_t i = 0; i < e.no_match_examples.size(); ++i) {
      const CatalogExample& ex = e.no_match_examples[i];
      if (ex.text.size() > max_text_bytes) continue;
      SCRUBLINE_RETURN_IF_ERROR(classifier.Classify(ex.text, FieldHint{}, **scratch, found));
      for (const Finding& f : found) {
        if (f.type == e.type) {
          return InvalidArgumentError(e.Where() + ": examples.no_match #" + std::to_string(i + 1) +
                                      " (\"" + ex.text + "\") is found as " + std::string(type) +
                                      " by entry \"" + std::string(classifier.rule_id(f.rule)) +
                                      "\"");
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

bool IsOverBudget(const Status& status) {
  return status.code() == StatusCode::kResourceExhausted;
}

std::string_view PiiEngineName(PiiEngine engine) {
  switch (engine) {
    case PiiEngine::kHyperscanSom:
      return "HyperscanSom";
    case PiiEngine::kPrefilterRe2:
      return "PrefilterRe2";
    case PiiEngine::kRe2Set:
      return "Re2Set";
  }
  return "?";
}

StatusOr<std::shared_ptr<const PiiClassifier>> PiiClassifier::Create(
    const std::string& catalog_dir) {
  return Create(catalog_dir, PiiClassifierOptions{});
}

StatusOr<std::shared_ptr<const PiiClassifier>> PiiClassifier::Create(
    const std::string& catalog_dir, const PiiClassifierOptions& options) {
  auto catalog = LoadCatalog(catalog_dir);
  if (!catalog.ok()) return catalog.status();
  // Before the examples run: the email validator consults this set.
  auto tlds = LoadTopLevelDomains(options.public_suffix_list);
  if (!tlds.ok()) return tlds.status();
  InstallTopLevelDomains(*tlds);

  std::vector<CatalogEntry> kept;
  for (CatalogEntry& e : catalog->entries) {
    if (options.only_types.empty() ||
        std::find(options.only_types.begin(), options.only_types.end(), e.type) !=
            options.only_types.end()) {
      kept.push_back(std::move(e));
    }
  }
  if (kept.empty()) return InvalidArgumentError("pii catalog: no entry of the requested types");

  auto impl = std::make_unique<Impl>();
  std::vector<PatternSpec> specs;
  specs.reserve(kept.size());
  for (const CatalogEntry& e : kept) {
    specs.push_back(PatternSpec{e.pattern, e.Where(), e.context.required});
    impl->rules.push_back(
        Rule{e.id, e.type, e.data_category, e.privacy_category, e.validator, e.score, e.context});
    impl->rules.back().masked = e.masked;
  }
  // Deny terms (value_lists.h): one literal rule each, after the entries.
  std::vector<DenyEntry> deny = std::move(catalog->deny);
  deny.insert(deny.end(), options.extra_deny.begin(), options.extra_deny.end());
  for (const DenyEntry& d : deny) {
    if (!options.only_types.empty() &&
        std::find(options.only_types.begin(), options.only_types.end(), d.type) ==
            options.only_types.end()) {
      continue;
    }
    specs.push_back(PatternSpec{DenyTermPattern(d.term), d.where});
    impl->rules.push_back(Rule{d.id, d.type, DataCategory::kContent, PrivacyCategory::kIdentifiers,
                               Validator::kNone, 1.0f, ContextRule{}});
  }
  std::vector<AllowEntry> allow_entries = std::move(catalog->allow);
  allow_entries.insert(allow_entries.end(), options.extra_allow.begin(), options.extra_allow.end());
  auto allow = AllowList::Create(allow_entries);
  if (!allow.ok()) return allow.status();
  for (Rule& r : impl->rules) {
    for (const std::string& w : r.context.words) r.context.word_ids.push_back(impl->vocabulary.Add(w));
    for (const std::string& w : r.context.against) {
      r.context.against_ids.push_back(impl->vocabulary.Add(w));
    }
  }
  // A refusal (never seen) leaves the byte-by-byte search: slower, same
  // answers.
  impl->vocabulary.Seal();
  auto evasion = EvasionPass::Create(options.engine);
  if (!evasion.ok()) return evasion.status();
  impl->evasion = std::move(*evasion);
  impl->evasion.AddTriggerPatterns(specs);  // after every rule's pattern
  auto engine = MatchEngine::Create(specs, options.engine, options.budget);
  if (!engine.ok()) return engine.status();
  impl->engine = std::move(*engine);
  impl->source_files = std::move(catalog->source_files);

  Impl& built = *impl;
  std::shared_ptr<const PiiClassifier> classifier(new PiiClassifier(std::move(impl)));
  if (options.check_examples) SCRUBLINE_RETURN_IF_ERROR(CheckExamples(*classifier, kept, options.budget.max_text_bytes));
  // The allow list joins after the examples are checked: examples say what the
  // patterns find, and a list may name one of them (a documented test card).
  // Nobody else holds the classifier yet.
  built.allow = std::move(*allow);
  return classifier;
}

StatusOr<std::unique_ptr<PiiClassifier::Scratch>> PiiClassifier::NewScratch() const {
  auto s = std::make_unique<Scratch::Impl>();
  s->owner = impl_.get();
  auto engine_scratch = impl_->engine->NewScratch();
  if (!engine_scratch.ok()) return engine_scratch.status();
  s->engine = std::move(*engine_scratch);
  s->candidates.reserve(64);
  return std::make_unique<Scratch>(std::move(s));
}

Status PiiClassifier::Classify(std::string_view text, FieldHint hint, Scratch& scratch,
                               std::vector<Finding>& out) const {
  out.clear();
  Scratch::Impl& s = scratch.impl();
  if (s.owner != impl_.get()) return InternalError("pii classifier: scratch of another classifier");
  s.candidates.clear();
  s.context.Reset(&impl_->vocabulary, text);
  Collector collector(impl_->rules, text, HintedTypes(hint.field_name), s.context, s.candidates,
                      s.trace);
  TriggerSink first_look(collector, impl_->evasion, s.evasion);
  SCRUBLINE_RETURN_IF_ERROR(impl_->engine->Scan(text, *s.engine, first_look));
  if (impl_->evasion.NeedsSecondLook(text, s.evasion)) {  // evasion_pass.h
    const std::string_view normalized = s.evasion.normalized.text();
    s.context.Reset(&impl_->vocabulary, normalized);
    const std::size_t traced = s.trace ? s.trace->size() : 0;
    Collector again(impl_->rules, normalized, HintedTypes(hint.field_name), s.context,
                    s.evasion.candidates, s.trace);
    TriggerSink second_look(again, impl_->evasion, s.evasion);
    SCRUBLINE_RETURN_IF_ERROR(impl_->engine->Scan(normalized, *s.engine, second_look));
    impl_->evasion.AppendMapped(text, s.evasion, s.candidates);
    if (s.trace) {  // offsets of the second look are in the normalised text
      for (std::size_t i = traced; i < s.trace->size(); ++i) {
        (*s.trace)[i].verdict = CandidateExplanation::Verdict::kSecondLook;
      }
    }
    s.context.Reset(&impl_->vocabulary, text);
  }
  if (!s.candidates.empty()) ResolveOverlaps(s.candidates, out);
  for (Finding& f : out) f.masked = impl_->rules[f.rule].masked;
  if (!impl_->allow.empty()) {  // after overlaps: an allowed span also hides its sub-spans
    std::erase_if(out, [&](const Finding& f) {
      return impl_->allow.Contains(f.type, text.substr(f.begin, f.end - f.begin));
    });
  }
  return Status::Ok();
}

Status PiiClassifier::Explain(std::string_view text, FieldHint hint, Scratch& scratch,
                              std::vector<Finding>& findings,
                              std::vector<CandidateExplanation>& out) const {
  out.clear();
  Scratch::Impl& s = scratch.impl();
  s.trace = &out;
  const Status status = Classify(text, hint, scratch, findings);
  s.trace = nullptr;
  SCRUBLINE_RETURN_IF_ERROR(status);
  // Candidates that survived scoring were reported, or lost an overlap, or
  // were allow-listed.
  for (CandidateExplanation& e : out) {
    if (e.verdict != CandidateExplanation::Verdict::kReported) continue;
    const bool reported = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
      return f.rule == e.rule && f.begin == e.begin && f.end == e.end;
    });
    if (reported) continue;
    e.verdict = impl_->allow.Contains(impl_->rules[e.rule].type,
                                      text.substr(e.begin, e.end - e.begin))
                    ? CandidateExplanation::Verdict::kAllowListed
                    : CandidateExplanation::Verdict::kLostOverlap;
  }
  return Status::Ok();
}

std::string_view VerdictName(CandidateExplanation::Verdict v) {
  using V = CandidateExplanation::Verdict;
  switch (v) {
    case V::kReported: return "reported";
    case V::kEdgeInsideWord: return "edge_inside_word";
    case V::kValidatorRejected: return "validator_rejected";
    case V::kContextMissing: return "context_missing";
    case V::kAgainstWord: return "against_word";
    case V::kLostOverlap: return "lost_overlap";
    case V::kAllowListed: return "allow_listed";
    case V::kSecondLook: return "second_look";
  }
  return "?";
}

std::string_view PiiClassifier::context_word(int id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= impl_->vocabulary.size()) return {};
  return impl_->vocabulary.word(static_cast<std::uint16_t>(id));
}

std::string_view PiiClassifier::rule_validator(std::uint16_t rule) const {
  return ValidatorName(impl_->rules.at(rule).validator);
}

std::size_t PiiClassifier::rule_count() const { return impl_->rules.size(); }
std::string_view PiiClassifier::rule_id(std::uint16_t rule) const {
  return impl_->rules.at(rule).id;
}
EntityType PiiClassifier::rule_type(std::uint16_t rule) const { return impl_->rules.at(rule).type; }
std::string_view PiiClassifier::rule_data_category(std::uint16_t rule) const {
  return DataCategoryName(impl_->rules.at(rule).data_category);
}
std::string_view PiiClassifier::rule_privacy_category(std::uint16_t rule) const {
  return PrivacyCategoryName(impl_->rules.at(rule).privacy_category);
}
PiiEngine PiiClassifier::engine() const { return impl_->engine->strategy(); }
const std::vector<std::pair<std::string, std::string>>& PiiClassifier::source_files() const {
  return impl_->source_files;
}

}  // namespace scrubline
