// CompiledPipeline: everything the transform needs, built once at start.
//
// Holds the PII classifier, the policies (default and per input topic), the
// key ring, output topic names and limits. Immutable after Create and shared
// by every processing thread through std::shared_ptr<const CompiledPipeline>;
// a reload builds a new one and swaps the pointer. Creating it is the one
// place a bad catalog, policy or key stops start-up with a precise message.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/aup/aup_detector.h"
#include "classifiers/base/status.h"
#include "classifiers/crypto/key_ring.h"
#include "classifiers/pii/pii_classifier.h"
#include "classifiers/policy/policy.h"
#include "classifiers/policy/policy_router.h"
#include "pipeline/config/config.h"
#include "pipeline/json_decoder.h"
#include "pipeline/opt_out_table.h"

namespace scrubline {

struct PolicyContext {
  std::shared_ptr<const Policy> policy;
  // scrubline.policy.id: the policy's versioned id ("message_log@1"); for a
  // router's own context (dead letters) the router's ("default@1").
  std::string versioned_id;
  // scrubline.policy.sha256: over the router file (when the policy was chosen
  // by one), the policy file and every catalog file the classifier loaded,
  // each framed as name NUL length NUL bytes, in order.
  std::string sha256;
  // The classifier for records under this policy: the catalog's, or one
  // built with the policy's `pii:` allow/deny additions.
  // CompiledPipeline::classifiers()[classifier_index] (for per-classifier scratch).
  const PiiClassifier* classifier = nullptr;
  std::size_t classifier_index = 0;
};

// What an input topic is bound to: one policy, or a router (policy_router.h)
// that picks a policy per record by its shape.
struct PolicyBinding {
  // Headers of records that never reach a policy (dead letters): the
  // policy's own context, or the router's (sha over the router, every
  // policy it names and the catalog).
  PolicyContext identity;
  std::shared_ptr<const PolicyRouter> router;  // null: every record gets `identity`
  std::vector<PolicyContext> shapes;           // router: one per shape, in order
  PolicyContext fallback;                      // router: records no shape matches
};

struct PipelineOptions {
  std::string patterns_dir;                            // resolved (ResolvePatternsDir)
  std::string policy_default = "default";              // name under policies/ or a path
  std::map<std::string, std::string> policy_bindings;  // input topic -> policy
  TopicNames topics;
  DecodeLimits limits;
  ScanBudget scan_budget;  // the PII classifier's per-text work limits
  // Opt-outs and deletions in clear, `TYPE VALUE [REASON]` per line
  // (OptOutTable::LoadFile), hashed at load with the ring's subjects key;
  // empty: none. National phone numbers in it are read with this code.
  std::string opt_outs_file;
  std::string opt_outs_calling_code = "1";
};

class CompiledPipeline {
 public:
  static StatusOr<std::shared_ptr<const CompiledPipeline>> Create(const PipelineOptions& options,
                                                                  KeyRing keys);

  const PolicyBinding& BindingFor(std::string_view input_topic) const;
  // The catalog's classifier (policies without a `pii:` section use it).
  const PiiClassifier& classifier() const { return *classifiers_.front(); }
  // Every distinct classifier: [0] the catalog's, then one per policy with
  // `pii:` additions. A Transformer keeps one scratch for each.
  const std::vector<std::shared_ptr<const PiiClassifier>>& classifiers() const {
    return classifiers_;
  }
  const KeyRing& keys() const { return keys_; }
  // The opted-out and deleted subjects, or null when none were loaded (then
  // records are not checked at all).
  const OptOutTable* opt_outs() const { return opt_outs_.get(); }
  const TopicNames& topics() const { return topics_; }
  const DecodeLimits& limits() const { return limits_; }
  // Acceptable-use scoring (patterns/aup), loaded when some bound policy
  // has an `aup:` section; null otherwise.
  const AupDetector* aup() const { return aup_.get(); }

 private:
  CompiledPipeline() = default;
  std::vector<std::shared_ptr<const PiiClassifier>> classifiers_;
  KeyRing keys_;
  std::shared_ptr<const OptOutTable> opt_outs_;
  std::shared_ptr<const AupDetector> aup_;
  TopicNames topics_;
  DecodeLimits limits_;
  PolicyBinding default_binding_;
  std::map<std::string, PolicyBinding, std::less<>> bindings_;
};

// "default" -> <patterns_dir>/policies/default.yaml; a value containing '/' or
// ending in ".yaml" is a path.
std::string ResolvePolicyPath(const std::string& patterns_dir, const std::string& reference);
// The field-name vocabulary policies' `names:` rules use:
// <patterns_dir>/fields/names.yaml.
StatusOr<std::shared_ptr<const FieldNameVocabulary>> LoadFieldNames(
    const std::string& patterns_dir);
// A policy a router names, relative to the router file's directory: a name
// "voice_cdr" -> <dir>/voice_cdr.yaml; a relative path -> <dir>/path.
std::string ResolveShapePolicyPath(const std::string& router_path, const std::string& reference);

}  // namespace scrubline
