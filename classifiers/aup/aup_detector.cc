#include "classifiers/aup/aup_detector.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <hs/hs.h>

#include "classifiers/crypto/digest.h"

namespace scrubline {

namespace {

constexpr std::string_view kModelReasonId = "model.naive_bayes";
constexpr std::string_view kVelocityReasonId = "velocity.bulk";

// Heaviest first, ties in catalog order (std::sort: stable_sort may allocate).
void SortReasons(std::vector<AupContribution>& reasons) {
  std::sort(reasons.begin(), reasons.end(), [](const AupContribution& a, const AupContribution& b) {
    if (std::fabs(a.weight) != std::fabs(b.weight)) return std::fabs(a.weight) > std::fabs(b.weight);
    return a.source != b.source ? a.source < b.source : a.index < b.index;
  });
}

struct DatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct ScratchDeleter {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};

int OnRuleMatch(unsigned int id, unsigned long long /*from*/, unsigned long long /*to*/,
                unsigned int /*flags*/, void* ctx) {
  auto* fired = static_cast<std::vector<std::uint8_t>*>(ctx);
  (*fired)[id] = 1;
  return 0;
}

std::string Sha256Prefix(const std::vector<std::pair<std::string, std::string>>& files,
                         std::size_t hex_chars) {
  Sha256Digest d;
  for (const auto& [name, bytes] : files) {
    d.Update(name);
    d.Update(std::string_view("\0", 1));
    d.Update(std::to_string(bytes.size()));
    d.Update(std::string_view("\0", 1));
    d.Update(bytes);
  }
  return d.FinalHex().substr(0, hex_chars);
}

}  // namespace

struct AupDetector::Impl {
  AupCatalog catalog;
  AupParts parts;
  KeywordMatcher keywords;
  std::optional<SpamModel> model;
  std::unique_ptr<hs_database_t, DatabaseDeleter> db;
  std::string ruleset_version;
  std::string model_version = "none";
};

struct AupDetector::Scratch::Impl {
  const AupDetector::Impl* owner = nullptr;
  std::unique_ptr<hs_scratch_t, ScratchDeleter> hs;
  std::vector<std::uint8_t> fired;  // per rule, this text
  std::array<double, kAupCategoryCount> per_category{};
  MessageFeatures features;
};

AupDetector::Scratch::Scratch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AupDetector::Scratch::~Scratch() = default;
AupDetector::AupDetector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AupDetector::~AupDetector() = default;

StatusOr<std::shared_ptr<const AupDetector>> AupDetector::Create(const std::string& dir, AupParts parts) {
  auto catalog = AupCatalog::LoadDirectory(dir);
  if (!catalog.ok()) return catalog.status();
  std::optional<SpamModel> model;
  if (!catalog->scoring.model_file.empty() && parts.model) {
    const std::string path = dir + "/" + catalog->scoring.model_file;
    std::ifstream in(path, std::ios::binary);
    if (!in) return NotFoundError("cannot read the spam model " + path);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto loaded = SpamModel::Parse(bytes.str(), path);
    if (!loaded.ok()) return loaded.status();
    model = std::move(*loaded);
    // The model's bytes are part of what shapes a verdict: version them.
    catalog->source_files.emplace_back(catalog->scoring.model_file, bytes.str());
  }
  // A process builds one pipeline per start and reload, and tests build
  // many: detectors from identical files (and parts) share one, as the PII
  // engine's databases do. The cache holds weak references.
  const std::string key = std::to_string(parts.rules) + std::to_string(parts.features) +
                          std::to_string(parts.model) + Sha256Prefix(catalog->source_files, 64);
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<const AupDetector>> cache;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(key); it != cache.end()) {
    if (auto shared = it->second.lock()) return shared;
  }
  auto created = Create(std::move(*catalog), std::move(model), parts);
  if (!created.ok()) return created.status();
  for (auto i = cache.begin(); i != cache.end();) {  // forget freed detectors
    i = i->second.expired() ? cache.erase(i) : std::next(i);
  }
  cache[key] = *created;
  return created;
}

StatusOr<std::shared_ptr<const AupDetector>> AupDetector::Create(AupCatalog catalog,
                                                                  std::optional<SpamModel> model,
                                                                  AupParts parts) {
  auto impl = std::make_unique<Impl>();
  impl->parts = parts;
  impl->keywords = KeywordMatcher(catalog.keywords);
  if (parts.model && !catalog.scoring.model_file.empty() && !model) {
    return FailedPreconditionError("aup catalog: scoring names model '" +
                                   catalog.scoring.model_file + "' but none was loaded");
  }
  if (parts.model && model) {
    impl->model_version = "nb-" + Sha256Prefix({{"model", model->Serialize()}}, 12);
    impl->model = std::move(model);
  }
  if (catalog.rules.size() > 65535) return InvalidArgumentError("aup catalog: more than 65535 rules");
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < catalog.rules.size(); ++i) {
    const AupRule& r = catalog.rules[i];
    expressions.push_back(r.pattern.c_str());
    flags.push_back(HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL | (r.case_sensitive ? 0u : HS_FLAG_CASELESS));
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                       &error) != HS_SUCCESS) {
    std::string where = "aup catalog";
    if (error != nullptr && error->expression >= 0 &&
        static_cast<std::size_t>(error->expression) < catalog.rules.size()) {
      where = catalog.rules[static_cast<std::size_t>(error->expression)].source;
    }
    const std::string message = error != nullptr && error->message ? error->message : "unknown error";
    hs_free_compile_error(error);
    return InvalidArgumentError(where + ": Hyperscan cannot compile the pattern: " + message);
  }
  impl->db.reset(db);
  impl->ruleset_version = "aup-" + Sha256Prefix(catalog.source_files, 12);
  impl->catalog = std::move(catalog);
  std::shared_ptr<const AupDetector> detector(new AupDetector(std::move(impl)));

  // Every entry must reproduce its own examples, on the real database.
  auto scratch = detector->NewScratch();
  if (!scratch.ok()) return scratch.status();
  Scratch::Impl& s = (*scratch)->impl();
  const AupCatalog& c = detector->catalog();
  for (std::size_t i = 0; i < c.rules.size(); ++i) {
    const AupRule& r = c.rules[i];
    for (int want = 1; want >= 0; --want) {
      for (const std::string& text : want ? r.examples.match : r.examples.no_match) {
        std::fill(s.fired.begin(), s.fired.end(), 0);
        if (hs_scan(detector->impl_->db.get(), text.data(), static_cast<unsigned>(text.size()), 0,
                    s.hs.get(), OnRuleMatch, &s.fired) != HS_SUCCESS) {
          return InternalError(r.source + ": hs_scan failed on an example");
        }
        if (s.fired[i] != want) {
          return InvalidArgumentError(r.source + (want ? ": misses its match example \""
                                                       : ": fires on its no_match example \"") +
                                      text + "\"");
        }
      }
    }
  }
  for (const AupFeatureRule& f : c.features) {
    for (int want = 1; want >= 0; --want) {
      for (const std::string& text : want ? f.examples.match : f.examples.no_match) {
        MeasureMessage(text, s.features);
        const bool fires = s.features[f.feature] >= f.at_least;
        if (fires != static_cast<bool>(want)) {
          return InvalidArgumentError(f.source + (want ? ": misses its match example \""
                                                       : ": fires on its no_match example \"") +
                                      text + "\" (" + std::string(AupFeatureName(f.feature)) +
                                      " = " + std::to_string(s.features[f.feature]) + ")");
        }
      }
    }
  }
  return detector;
}

StatusOr<std::unique_ptr<AupDetector::Scratch>> AupDetector::NewScratch() const {
  auto s = std::make_unique<Scratch::Impl>();
  s->owner = impl_.get();
  hs_scratch_t* raw = nullptr;
  if (hs_alloc_scratch(impl_->db.get(), &raw) != HS_SUCCESS) {
    return ResourceExhaustedError("aup detector: cannot allocate Hyperscan scratch");
  }
  s->hs.reset(raw);
  s->fired.assign(impl_->catalog.rules.size(), 0);
  return std::make_unique<Scratch>(std::move(s));
}

Status AupDetector::Evaluate(std::string_view text, Scratch& scratch, AupVerdict& verdict) const {
  Scratch::Impl& s = scratch.impl();
  if (s.owner != impl_.get()) return InternalError("aup detector: scratch of another detector");
  verdict.keyword = impl_->keywords.Match(text);
  verdict.score = 0;
  verdict.category = AupCategory::kSpam;
  verdict.alert = false;
  verdict.reasons.clear();
  if (verdict.keyword != MessageKeyword::kNone) return Status::Ok();  // honoured, never scored
  const AupCatalog& c = impl_->catalog;
  if (impl_->parts.rules) {
    std::fill(s.fired.begin(), s.fired.end(), 0);
    if (text.size() > 0xFFFFFFFFu) return InvalidArgumentError("aup detector: text over 4 GiB");
    if (hs_scan(impl_->db.get(), text.data(), static_cast<unsigned>(text.size()), 0, s.hs.get(),
                OnRuleMatch, &s.fired) != HS_SUCCESS) {
      return InternalError("aup detector: hs_scan failed");
    }
    for (std::size_t i = 0; i < c.rules.size(); ++i) {
      if (!s.fired[i]) continue;
      verdict.reasons.push_back({AupContribution::Source::kRule, static_cast<std::uint16_t>(i),
                                 c.rules[i].weight, 1.0});
    }
  }
  if (impl_->parts.features && !c.features.empty()) {
    MeasureMessage(text, s.features);
    for (std::size_t i = 0; i < c.features.size(); ++i) {
      const double value = s.features[c.features[i].feature];
      if (value < c.features[i].at_least) continue;
      verdict.reasons.push_back({AupContribution::Source::kFeature, static_cast<std::uint16_t>(i),
                                 c.features[i].weight, value});
    }
  }
  if (impl_->model) {
    const double log_odds = impl_->model->LogOdds(text);
    const double cap = c.scoring.model_cap;
    const double weight = c.scoring.model_weight * std::clamp(log_odds, -cap, cap);
    verdict.reasons.push_back({AupContribution::Source::kModel, 0, weight, log_odds});
  }
  s.per_category.fill(0);
  for (const AupContribution& r : verdict.reasons) {
    verdict.score += r.weight;
    if (r.weight > 0) s.per_category[static_cast<std::size_t>(ReasonCategory(r))] += r.weight;
  }
  // The most-weighted specific category, else generic spam.
  double best = 0;
  for (std::size_t k = 1; k < kAupCategoryCount; ++k) {
    if (s.per_category[k] > best) {
      best = s.per_category[k];
      verdict.category = static_cast<AupCategory>(k);
    }
  }
  SortReasons(verdict.reasons);
  verdict.alert = verdict.score >= c.scoring.ThresholdFor(verdict.category);
  return Status::Ok();
}

void AupDetector::AddVelocity(double recipients, AupVerdict& verdict) const {
  const AupScoring& scoring = impl_->catalog.scoring;
  verdict.reasons.push_back({AupContribution::Source::kVelocity, 0, scoring.velocity_weight, recipients});
  verdict.score += scoring.velocity_weight;
  SortReasons(verdict.reasons);
  verdict.alert = verdict.score >= scoring.ThresholdFor(verdict.category);
}

std::string_view AupDetector::ReasonId(const AupContribution& c) const {
  switch (c.source) {
    case AupContribution::Source::kRule: return impl_->catalog.rules[c.index].id;
    case AupContribution::Source::kFeature: return impl_->catalog.features[c.index].id;
    case AupContribution::Source::kModel: return kModelReasonId;
    case AupContribution::Source::kVelocity: return kVelocityReasonId;
  }
  return kModelReasonId;
}

bool AupDetector::KnowsReasonId(std::string_view id) const {
  if (id == kModelReasonId) return impl_->model.has_value();
  if (id == kVelocityReasonId) return impl_->catalog.scoring.velocity_on();
  const AupCatalog& c = impl_->catalog;
  return std::any_of(c.rules.begin(), c.rules.end(), [&](const AupRule& r) { return r.id == id; }) ||
         std::any_of(c.features.begin(), c.features.end(),
                     [&](const AupFeatureRule& f) { return f.id == id; });
}

AupCategory AupDetector::ReasonCategory(const AupContribution& c) const {
  switch (c.source) {
    case AupContribution::Source::kRule: return impl_->catalog.rules[c.index].category;
    case AupContribution::Source::kFeature: return impl_->catalog.features[c.index].category;
    case AupContribution::Source::kModel:
    case AupContribution::Source::kVelocity: return AupCategory::kSpam;
  }
  return AupCategory::kSpam;
}

const AupCatalog& AupDetector::catalog() const { return impl_->catalog; }
const SpamModel* AupDetector::model() const { return impl_->model ? &*impl_->model : nullptr; }
const std::string& AupDetector::ruleset_version() const { return impl_->ruleset_version; }
const std::string& AupDetector::model_version() const { return impl_->model_version; }

}  // namespace scrubline
