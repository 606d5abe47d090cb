#include "pipeline/compiled_pipeline.h"

#include "classifiers/crypto/digest.h"

namespace scrubline {
namespace {

void Frame(Sha256Digest& digest, std::string_view name, std::string_view bytes) {
  digest.Update(name);
  digest.Update(std::string_view("\0", 1));
  const std::string length = std::to_string(bytes.size());
  digest.Update(length);
  digest.Update(std::string_view("\0", 1));
  digest.Update(bytes);
}

// Loads a policy; one with a `pii:` section gets its own classifier (the
// catalog with `base_options` plus its additions), appended to `classifiers`
// ([0]: the catalog's).
StatusOr<PolicyContext> LoadPolicy(const std::string& patterns_dir, const std::string& reference,
                                   const PiiClassifierOptions& base_options,
                                   std::vector<std::shared_ptr<const PiiClassifier>>& classifiers) {
  auto policy = Policy::LoadFile(ResolvePolicyPath(patterns_dir, reference));
  if (!policy.ok()) return policy.status();
  std::size_t index = 0;
  if (!(*policy)->pii_allow().empty() || !(*policy)->pii_deny().empty()) {
    PiiClassifierOptions options = base_options;
    options.extra_allow = (*policy)->pii_allow();
    options.extra_deny = (*policy)->pii_deny();
    auto classifier = PiiClassifier::Create(patterns_dir + "/pii", options);
    if (!classifier.ok()) return classifier.status();
    index = classifiers.size();
    classifiers.push_back(std::move(*classifier));
  }
  const PiiClassifier& classifier = *classifiers[index];
  // The policy text (and so its pii section) and the catalog files.
  Sha256Digest digest;
  Frame(digest, "policies/" + (*policy)->source_name(), (*policy)->source_text());
  for (const auto& [name, bytes] : classifier.source_files()) Frame(digest, "pii/" + name, bytes);
  return PolicyContext{std::move(*policy), digest.FinalHex(), &classifier, index};
}

}  // namespace

std::string ResolvePolicyPath(const std::string& patterns_dir, const std::string& reference) {
  const bool is_path = reference.find('/') != std::string::npos ||
                       (reference.size() > 5 && reference.ends_with(".yaml"));
  return is_path ? reference : patterns_dir + "/policies/" + reference + ".yaml";
}

StatusOr<std::shared_ptr<const CompiledPipeline>> CompiledPipeline::Create(
    const PipelineOptions& options, KeyRing keys) {
  if (options.limits.max_depth > 200) {
    return InvalidArgumentError("limits.max_depth must be at most 200");
  }
  std::shared_ptr<CompiledPipeline> compiled(new CompiledPipeline());
  PiiClassifierOptions classifier_options;
  classifier_options.budget = options.scan_budget;
  auto classifier = PiiClassifier::Create(options.patterns_dir + "/pii", classifier_options);
  if (!classifier.ok()) return classifier.status();
  compiled->classifiers_.push_back(std::move(*classifier));
  compiled->keys_ = std::move(keys);
  compiled->topics_ = options.topics;
  compiled->limits_ = options.limits;
  auto policy = LoadPolicy(options.patterns_dir, options.policy_default, classifier_options,
                           compiled->classifiers_);
  if (!policy.ok()) return policy.status();
  compiled->default_policy_ = std::move(*policy);
  for (const auto& [topic, reference] : options.policy_bindings) {
    auto bound =
        LoadPolicy(options.patterns_dir, reference, classifier_options, compiled->classifiers_);
    if (!bound.ok()) return bound.status();
    compiled->bindings_.emplace(topic, std::move(*bound));
  }
  return std::shared_ptr<const CompiledPipeline>(std::move(compiled));
}

const PolicyContext& CompiledPipeline::PolicyFor(std::string_view input_topic) const {
  auto it = bindings_.find(input_topic);
  return it == bindings_.end() ? default_policy_ : it->second;
}

}  // namespace scrubline
