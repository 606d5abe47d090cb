#include "pipeline/compiled_pipeline.h"

#include <fstream>
#include <sstream>

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

std::string ReadWholeFile(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string BaseName(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Loads a policy; one with a `pii:` section gets its own classifier (the
// catalog with `base_options` plus its additions), appended to `classifiers`
// ([0]: the catalog's). `router` (may be null) chose it: its text is part
// of the fingerprint.
StatusOr<PolicyContext> LoadPolicy(const std::string& patterns_dir, const std::string& reference,
                                   const PolicyRouter* router,
                                   const std::shared_ptr<const FieldNameVocabulary>& vocabulary,
                                   const KeyRing& keys,
                                   const PiiClassifierOptions& base_options,
                                   std::vector<std::shared_ptr<const PiiClassifier>>& classifiers) {
  auto policy = Policy::LoadFile(ResolvePolicyPath(patterns_dir, reference), vocabulary);
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
  for (const KeyEpoch& epoch : (*policy)->key_epochs()) {
    if (keys.Find(epoch.key_id) == nullptr) {
      return FailedPreconditionError((*policy)->source_name() + ": key_epochs: key '" +
                                     epoch.key_id + "' is not in the key ring");
    }
  }
  Sha256Digest digest;
  if (router != nullptr) Frame(digest, "policies/" + router->source_name(), router->source_text());
  Frame(digest, "policies/" + (*policy)->source_name(), (*policy)->source_text());
  for (const auto& [name, bytes] : classifier.source_files()) Frame(digest, "pii/" + name, bytes);
  const std::string versioned_id = (*policy)->versioned_id();
  return PolicyContext{std::move(*policy), versioned_id, digest.FinalHex(), &classifier, index};
}

// A policy or a router with every policy it names.
StatusOr<PolicyBinding> LoadBinding(const std::string& patterns_dir, const std::string& reference,
                                    const std::shared_ptr<const FieldNameVocabulary>& vocabulary,
                                    const KeyRing& keys,
                                    const PiiClassifierOptions& base_options,
                                    std::vector<std::shared_ptr<const PiiClassifier>>& classifiers) {
  const std::string path = ResolvePolicyPath(patterns_dir, reference);
  bool readable = false;
  const std::string text = ReadWholeFile(path, readable);
  if (!readable) return NotFoundError("cannot read policy file " + path);
  PolicyBinding binding;
  if (!PolicyRouter::LooksLikeRouter(text)) {
    auto policy = LoadPolicy(patterns_dir, reference, nullptr, vocabulary, keys, base_options,
                             classifiers);
    if (!policy.ok()) return policy.status();
    binding.identity = std::move(*policy);
    return binding;
  }
  auto router = PolicyRouter::Parse(text, BaseName(path));
  if (!router.ok()) return router.status();
  binding.router = *router;
  const auto resolve = [&](const std::string& ref) { return ResolveShapePolicyPath(path, ref); };
  Sha256Digest all;
  Frame(all, "policies/" + (*router)->source_name(), (*router)->source_text());
  for (std::size_t i = 0; i < (*router)->shapes().size(); ++i) {
    auto policy = LoadPolicy(patterns_dir, resolve((*router)->shapes()[i].policy), router->get(),
                             vocabulary, keys, base_options, classifiers);
    if (!policy.ok()) return policy.status();
    const Status reachable = (*router)->CheckSelectorsReachable(static_cast<int>(i), *policy->policy);
    if (!reachable.ok()) return reachable;
    Frame(all, "policies/" + policy->policy->source_name(), policy->policy->source_text());
    binding.shapes.push_back(std::move(*policy));
  }
  auto fallback = LoadPolicy(patterns_dir, resolve((*router)->fallback()), router->get(),
                             vocabulary, keys, base_options, classifiers);
  if (!fallback.ok()) return fallback.status();
  const Status reachable = (*router)->CheckSelectorsReachable(-1, *fallback->policy);
  if (!reachable.ok()) return reachable;
  Frame(all, "policies/" + fallback->policy->source_name(), fallback->policy->source_text());
  for (const auto& [name, bytes] : classifiers.front()->source_files()) Frame(all, "pii/" + name, bytes);
  binding.fallback = *fallback;
  binding.identity = std::move(*fallback);
  binding.identity.versioned_id = (*router)->versioned_id();
  binding.identity.sha256 = all.FinalHex();
  return binding;
}

}  // namespace

std::string ResolvePolicyPath(const std::string& patterns_dir, const std::string& reference) {
  const bool is_path = reference.find('/') != std::string::npos ||
                       (reference.size() > 5 && reference.ends_with(".yaml"));
  return is_path ? reference : patterns_dir + "/policies/" + reference + ".yaml";
}

StatusOr<std::shared_ptr<const FieldNameVocabulary>> LoadFieldNames(
    const std::string& patterns_dir) {
  auto vocabulary = FieldNameVocabulary::LoadFile(patterns_dir + "/fields/names.yaml");
  if (!vocabulary.ok()) return vocabulary.status();
  return std::make_shared<const FieldNameVocabulary>(std::move(*vocabulary));
}

std::string ResolveShapePolicyPath(const std::string& router_path, const std::string& reference) {
  const auto slash = router_path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : router_path.substr(0, slash);
  const bool is_path = reference.find('/') != std::string::npos || reference.ends_with(".yaml");
  if (!is_path) return dir + "/" + reference + ".yaml";
  return reference.starts_with("/") ? reference : dir + "/" + reference;
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
  if (!options.opt_outs_file.empty()) {
    auto ids = SubjectIdBuilder::Create(compiled->keys_);
    if (!ids.ok()) return ids.status();
    auto table = std::make_shared<OptOutTable>();
    SCRUBLINE_RETURN_IF_ERROR(
        table->LoadFile(options.opt_outs_file, *ids, options.opt_outs_calling_code));
    compiled->opt_outs_ = std::move(table);
  }
  compiled->topics_ = options.topics;
  compiled->limits_ = options.limits;
  auto vocabulary = LoadFieldNames(options.patterns_dir);
  if (!vocabulary.ok()) return vocabulary.status();
  auto policy = LoadBinding(options.patterns_dir, options.policy_default, *vocabulary,
                            compiled->keys_, classifier_options, compiled->classifiers_);
  if (!policy.ok()) return policy.status();
  compiled->default_binding_ = std::move(*policy);
  for (const auto& [topic, reference] : options.policy_bindings) {
    auto bound =
        LoadBinding(options.patterns_dir, reference, *vocabulary, compiled->keys_,
                    classifier_options, compiled->classifiers_);
    if (!bound.ok()) return bound.status();
    compiled->bindings_.emplace(topic, std::move(*bound));
  }
  bool scores = false;
  const auto check = [&](const PolicyBinding& b) {
    scores |= !b.identity.policy->aup().fields.empty() ||
              (b.fallback.policy && !b.fallback.policy->aup().fields.empty());
    for (const PolicyContext& shape : b.shapes) scores |= !shape.policy->aup().fields.empty();
  };
  check(compiled->default_binding_);
  for (const auto& [topic, binding] : compiled->bindings_) check(binding);
  if (scores) {
    auto aup = AupDetector::Create(options.patterns_dir + "/aup");
    if (!aup.ok()) return aup.status();
    compiled->aup_ = std::move(*aup);
  }
  return std::shared_ptr<const CompiledPipeline>(std::move(compiled));
}

const PolicyBinding& CompiledPipeline::BindingFor(std::string_view input_topic) const {
  auto it = bindings_.find(input_topic);
  return it == bindings_.end() ? default_binding_ : it->second;
}

}  // namespace scrubline
