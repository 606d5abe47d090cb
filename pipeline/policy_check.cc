#include "pipeline/policy_check.h"

#include <fstream>
#include <map>
#include <sstream>

#include "pipeline/compiled_pipeline.h"

namespace scrubline {
namespace {

// One policy file: parsed, its pii additions compiled into a classifier.
// `router` (may be null) hands records of `shape` (-1: the fallback) to it.
bool CheckPolicyFile(const std::string& patterns_dir, const std::string& path, std::ostream& out,
                     std::ostream& err, const PolicyRouter* router = nullptr, int shape = -1) {
  auto vocabulary = LoadFieldNames(patterns_dir);
  if (!vocabulary.ok()) {
    err << patterns_dir << "/fields/names.yaml: " << vocabulary.status().message() << "\n";
    return false;
  }
  auto policy = Policy::LoadFile(path, *vocabulary);
  if (policy.ok() && (!(*policy)->pii_allow().empty() || !(*policy)->pii_deny().empty())) {
    PiiClassifierOptions options;
    options.extra_allow = (*policy)->pii_allow();
    options.extra_deny = (*policy)->pii_deny();
    auto classifier = PiiClassifier::Create(patterns_dir + "/pii", options);
    if (!classifier.ok()) policy = classifier.status();
  }
  if (policy.ok() && router != nullptr) {
    const Status reachable =
        router->CheckSelectorsReachable(shape, **policy);
    if (!reachable.ok()) policy = reachable;
  }
  if (!policy.ok()) {
    err << path << ": " << policy.status().message() << "\n";
    return false;
  }
  std::map<std::string_view, int> per_action;
  for (const FieldRule& rule : (*policy)->rules()) ++per_action[ActionName(rule.action)];
  out << path << ": ok, " << (*policy)->versioned_id() << ", " << (*policy)->rules().size()
      << " fields (";
  const char* sep = "";
  for (const auto& [action, count] : per_action) {
    out << sep << action << " " << count;
    sep = ", ";
  }
  out << ")";
  if (!(*policy)->name_rules().empty()) out << ", " << (*policy)->name_rules().size() << " name rules";
  if (!(*policy)->subjects().empty()) out << ", " << (*policy)->subjects().size() << " subjects";
  out << ", other_fields " << ActionName((*policy)->other_fields().action) << "\n";
  return true;
}

}  // namespace

bool CheckPolicyReference(const std::string& patterns_dir, const std::string& reference,
                          std::ostream& out, std::ostream& err) {
  const std::string path = ResolvePolicyPath(patterns_dir, reference);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << path << ": cannot read the file\n";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!PolicyRouter::LooksLikeRouter(text.str())) {
    return CheckPolicyFile(patterns_dir, path, out, err);
  }
  const auto slash = path.find_last_of('/');
  auto router =
      PolicyRouter::Parse(text.str(), slash == std::string::npos ? path : path.substr(slash + 1));
  if (!router.ok()) {
    err << path << ": " << router.status().message() << "\n";
    return false;
  }
  out << path << ": ok, router " << (*router)->versioned_id() << ", shapes";
  for (const auto& shape : (*router)->shapes()) out << " " << shape.policy;
  out << ", fallback " << (*router)->fallback() << "\n";
  // Every policy the router names must load too: the worker refuses to
  // start otherwise.
  bool ok = true;
  const auto& shapes = (*router)->shapes();
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    ok &= CheckPolicyFile(patterns_dir, ResolveShapePolicyPath(path, shapes[i].policy), out, err,
                          router->get(), static_cast<int>(i));
  }
  ok &= CheckPolicyFile(patterns_dir, ResolveShapePolicyPath(path, (*router)->fallback()), out, err,
                        router->get(), -1);
  return ok;
}

}  // namespace scrubline
