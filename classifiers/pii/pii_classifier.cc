#include "classifiers/pii/pii_classifier.h"

#include <algorithm>
#include <cstring>

#include "classifiers/pii/catalog.h"
#include "classifiers/pii/match_engine.h"
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

// True if one of `words` (lower-cased) starts at a word start in `region`.
// One pass over the region; at each word start only words with the same
// first letter are compared. ASCII case-insensitive.
bool AnyWordStartsIn(const std::vector<std::string>& words, std::string_view region) {
  for (std::size_t i = 0; i < region.size(); ++i) {
    if (i > 0 && IsAlnum(static_cast<unsigned char>(region[i - 1]))) continue;
    const auto first = static_cast<unsigned char>(Lower(static_cast<unsigned char>(region[i])));
    for (const std::string& w : words) {
      if (static_cast<unsigned char>(w[0]) != first || w.size() > region.size() - i) continue;
      std::size_t k = 1;
      while (k < w.size() &&
             Lower(static_cast<unsigned char>(region[i + k])) == static_cast<unsigned char>(w[k])) {
        ++k;
      }
      if (k == w.size()) return true;
    }
  }
  return false;
}

// True if one of `words` starts (at a word boundary) within `window` bytes
// before `begin` or after `end`. O(window * words sharing a first letter).
bool AnyWordNear(const std::vector<std::string>& words, std::uint32_t window,
                 std::string_view text, std::size_t begin, std::size_t end) {
  const std::size_t lo = begin > window ? begin - window : 0;
  const std::string_view before = text.substr(lo, begin - lo);
  const std::string_view after = text.substr(end, std::min<std::size_t>(window, text.size() - end));
  return AnyWordStartsIn(words, before) || AnyWordStartsIn(words, after);
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
  Collector(const std::vector<Rule>& rules, std::string_view text, std::uint64_t hinted,
            std::vector<Finding>& out)
      : rules_(rules), text_(text), hinted_(hinted), out_(out) {}

  bool Offer(std::uint16_t rule, std::uint32_t begin, std::uint32_t end) override {
    if (!EdgesOk(text_, begin, end)) return false;
    const Rule& r = rules_[rule];
    if (!Validate(r.validator, text_, begin, end)) return false;
    float score = r.score;
    if (!r.context.words.empty()) {
      if (AnyWordNear(r.context.words, r.context.window, text_, begin, end)) {
        score += r.context.boost;
      } else if (r.context.required) {
        return false;
      }
    }
    if (!r.context.against.empty() &&
        AnyWordNear(r.context.against, r.context.window, text_, begin, end)) {
      score -= r.context.penalty;
      if (score <= 0) return false;
    }
    if (hinted_ & TypeBit(r.type)) score += kFieldHintBoost;
    out_.push_back(Finding{r.type, begin, end, std::min(score, 1.0f), rule});
    return true;
  }

 private:
  const std::vector<Rule>& rules_;
  std::string_view text_;
  std::uint64_t hinted_;
  std::vector<Finding>& out_;
};

// Keeps the best non-overlapping candidates (score, then length, then
// catalog order) and writes them to `out` sorted by begin.
void ResolveOverlaps(std::vector<Finding>& candidates, std::vector<Finding>& out) {
  std::sort(candidates.begin(), candidates.end(), [](const Finding& a, const Finding& b) {
    if (a.score != b.score) return a.score > b.score;
    const std::uint32_t la = a.end - a.begin, lb = b.end - b.begin;
    if (la != lb) return la > lb;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.begin < b.begin;
  });
  for (const Finding& c : candidates) {
    auto pos = std::lower_bound(out.begin(), out.end(), c.begin,
                                [](const Finding& f, std::uint32_t b) { return f.begin < b; });
    if (pos != out.end() && pos->begin < c.end) continue;
    if (pos != out.begin() && std::prev(pos)->end > c.begin) continue;
    out.insert(pos, c);
  }
}

}  // namespace

struct PiiClassifier::Impl {
  std::vector<Rule> rules;
  std::unique_ptr<const MatchEngine> engine;
  std::vector<std::pair<std::string, std::string>> source_files;
};

struct PiiClassifier::Scratch::Impl {
  const PiiClassifier::Impl* owner = nullptr;
  std::unique_ptr<MatchEngine::Scratch> engine;
  std::vector<Finding> candidates;
};

PiiClassifier::Scratch::Scratch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PiiClassifier::Scratch::~Scratch() = default;

PiiClassifier::PiiClassifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PiiClassifier::~PiiClassifier() = default;

namespace {

// Runs every example of the kept entries through the compiled classifier.
Status CheckExamples(const PiiClassifier& classifier, const std::vector<CatalogEntry>& entries) {
  auto scratch = classifier.NewScratch();
  if (!scratch.ok()) return scratch.status();
  std::vector<Finding> found;
  for (const CatalogEntry& e : entries) {
    const std::string_view type = EntityTypeName(e.type);
    for (std::size_t i = 0; i < e.match_examples.size(); ++i) {
      const CatalogExample& ex = e.match_examples[i];
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
    specs.push_back(PatternSpec{e.pattern, e.Where()});
    impl->rules.push_back(
        Rule{e.id, e.type, e.data_category, e.privacy_category, e.validator, e.score, e.context});
  }
  auto engine = MatchEngine::Create(specs, options.engine);
  if (!engine.ok()) return engine.status();
  impl->engine = std::move(*engine);
  impl->source_files = std::move(catalog->source_files);

  std::shared_ptr<const PiiClassifier> classifier(new PiiClassifier(std::move(impl)));
  if (options.check_examples) SCRUBLINE_RETURN_IF_ERROR(CheckExamples(*classifier, kept));
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
  Collector collector(impl_->rules, text, HintedTypes(hint.field_name), s.candidates);
  SCRUBLINE_RETURN_IF_ERROR(impl_->engine->Scan(text, *s.engine, collector));
  if (!s.candidates.empty()) ResolveOverlaps(s.candidates, out);
  return Status::Ok();
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
