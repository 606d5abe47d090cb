#include "classifiers/aup/aup_catalog.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <yaml-cpp/yaml.h>

#include "classifiers/base/yaml_directory.h"

namespace scrubline {
namespace {

constexpr double kMaxWeight = 50;

Status CatalogError(const std::string& where, const std::string& what) {
  return InvalidArgumentError(where + ": " + what);
}

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

// Checks that `node` has only `allowed` keys.
Status OnlyKeys(const YAML::Node& node, const std::vector<const char*>& allowed,
                const std::string& where) {
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
      return CatalogError(where, "unknown key '" + key + "'");
    }
  }
  return Status::Ok();
}

StatusOr<AupExamples> ParseExamples(const YAML::Node& node, const std::string& where) {
  if (!node || !node.IsMap()) return CatalogError(where, "needs examples: {match: [...], no_match: [...]}");
  SCRUBLINE_RETURN_IF_ERROR(OnlyKeys(node, {"match", "no_match"}, where + ".examples"));
  AupExamples out;
  for (const char* key : {"match", "no_match"}) {
    const YAML::Node list = node[key];
    if (!list || !list.IsSequence() || list.size() == 0) {
      return CatalogError(where, std::string("examples.") + key + " must be a non-empty list");
    }
    for (const auto& e : list) (std::string(key) == "match" ? out.match : out.no_match).push_back(e.as<std::string>());
  }
  return out;
}

// The fields rules and features share.
template <typename Entry>
Status ParseCommon(const YAML::Node& node, const std::string& where, Entry& e) {
  if (!node["id"]) return CatalogError(where, "missing 'id'");
  e.id = node["id"].as<std::string>();
  if (!ValidId(e.id)) return CatalogError(where, "id must be 1-64 chars of [a-z0-9_.-]");
  const std::string at = where + " (" + e.id + ")";
  e.source = at;
  if (!node["category"]) return CatalogError(at, "missing 'category'");
  const auto category = ParseVocabulary<AupCategory, kAupCategoryCount>(
      AupCategoryName, node["category"].as<std::string>());
  if (!category) return CatalogError(at, "unknown category '" + node["category"].as<std::string>() + "'");
  e.category = *category;
  if (!node["weight"]) return CatalogError(at, "missing 'weight'");
  e.weight = node["weight"].as<double>();
  if (!std::isfinite(e.weight) || std::fabs(e.weight) > kMaxWeight) {
    return CatalogError(at, "weight must be a number in [-50, 50]");
  }
  if (!node["description"] || node["description"].as<std::string>().empty()) {
    return CatalogError(at, "missing 'description' (what a reviewer reads)");
  }
  e.description = node["description"].as<std::string>();
  auto examples = ParseExamples(node["examples"], at);
  if (!examples.ok()) return examples.status();
  e.examples = std::move(*examples);
  return Status::Ok();
}

// The list `key` of `root`, if any: each entry a map of the keys every
// entry has (ParseCommon) plus `own`, which `parse_own` reads.
template <typename Entry, typename ParseOwn>
Status ParseEntries(const YAML::Node& root, const char* key, const std::string& name,
                    std::initializer_list<const char*> own, ParseOwn parse_own,
                    std::vector<Entry>& out) {
  const YAML::Node list = root[key];
  if (!list) return Status::Ok();
  if (!list.IsSequence()) return CatalogError(name + ": " + key, "expected a list");
  std::vector<const char*> allowed = {"id", "category", "weight", "description", "examples"};
  allowed.insert(allowed.end(), own.begin(), own.end());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = name + ": " + key + "[" + std::to_string(i) + "]";
    const YAML::Node node = list[i];
    if (!node.IsMap()) return CatalogError(where, "expected a map");
    SCRUBLINE_RETURN_IF_ERROR(OnlyKeys(node, allowed, where));
    Entry entry;
    SCRUBLINE_RETURN_IF_ERROR(ParseCommon(node, where, entry));
    SCRUBLINE_RETURN_IF_ERROR(parse_own(node, entry));
    out.push_back(std::move(entry));
  }
  return Status::Ok();
}

Status ParseFile(const std::string& name, const std::string& text, AupCatalog& out,
                 bool& have_keywords, bool& have_scoring) {
  try {
    const YAML::Node root = YAML::Load(text);
    if (root.IsNull()) return Status::Ok();
    if (!root.IsMap()) return CatalogError(name, "expected a map");
    SCRUBLINE_RETURN_IF_ERROR(OnlyKeys(root, {"rules", "features", "keywords", "scoring"}, name));
    SCRUBLINE_RETURN_IF_ERROR(ParseEntries(
        root, "rules", name, {"pattern", "case_sensitive"},
        [](const YAML::Node& node, AupRule& rule) {
          if (!node["pattern"]) return CatalogError(rule.source, "missing 'pattern'");
          rule.pattern = node["pattern"].as<std::string>();
          if (rule.pattern.empty() || rule.pattern.find('\n') != std::string::npos) {
            return CatalogError(rule.source, "pattern must be one non-empty line");
          }
          if (node["case_sensitive"]) rule.case_sensitive = node["case_sensitive"].as<bool>();
          return Status::Ok();
        },
        out.rules));
    SCRUBLINE_RETURN_IF_ERROR(ParseEntries(
        root, "features", name, {"feature", "at_least"},
        [](const YAML::Node& node, AupFeatureRule& rule) {
          if (!node["feature"]) return CatalogError(rule.source, "missing 'feature'");
          const auto feature = ParseVocabulary<AupFeature, kAupFeatureCount>(
              AupFeatureName, node["feature"].as<std::string>());
          if (!feature) {
            return CatalogError(rule.source,
                                "unknown feature '" + node["feature"].as<std::string>() + "'");
          }
          rule.feature = *feature;
          if (!node["at_least"]) return CatalogError(rule.source, "missing 'at_least'");
          rule.at_least = node["at_least"].as<double>();
          if (!std::isfinite(rule.at_least) || rule.at_least <= 0) {
            return CatalogError(rule.source, "at_least must be a positive number");
          }
          if (rule.feature == AupFeature::kCapitalsShare && rule.at_least > 1) {
            return CatalogError(rule.source, "capitals_share is a share: at_least must be <= 1");
          }
          return Status::Ok();
        },
        out.features));
    if (const YAML::Node keywords = root["keywords"]) {
      if (have_keywords) return CatalogError(name + ": keywords", "defined in two files");
      have_keywords = true;
      if (!keywords.IsMap()) return CatalogError(name + ": keywords", "expected a map");
      SCRUBLINE_RETURN_IF_ERROR(OnlyKeys(keywords, {"opt_out", "help", "opt_in"}, name + ": keywords"));
      std::set<std::string> seen;
      for (const MessageKeyword kind : {MessageKeyword::kOptOut, MessageKeyword::kHelp, MessageKeyword::kOptIn}) {
        const std::string key(MessageKeywordName(kind));
        const YAML::Node list = keywords[key];
        const std::string where = name + ": keywords." + key;
        if (!list || !list.IsSequence() || list.size() == 0) {
          return CatalogError(where, "must be a non-empty list");
        }
        for (const auto& w : list) {
          std::string word = w.as<std::string>();
          for (char& c : word) {
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
          }
          if (word.empty() || word.size() > 32 ||
              !std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
            return CatalogError(where, "'" + w.as<std::string>() + "': a keyword is 1-32 ASCII letters");
          }
          if (!seen.insert(word).second) return CatalogError(where, "'" + word + "' is listed twice");
          out.keywords[static_cast<std::size_t>(kind)].push_back(std::move(word));
        }
      }
    }
    if (const YAML::Node scoring = root["scoring"]) {
      if (have_scoring) return CatalogError(name + ": scoring", "defined in two files");
      have_scoring = true;
      const std::string where = name + ": scoring";
      if (!scoring.IsMap()) return CatalogError(where, "expected a map");
      SCRUBLINE_RETURN_IF_ERROR(OnlyKeys(scoring, {"threshold", "thresholds", "model", "velocity"}, where));
      AupScoring& s = out.scoring;
      if (scoring["threshold"]) s.threshold = scoring["threshold"].as<double>();
      if (!std::isfinite(s.threshold) || s.threshold <= 0) {
        return CatalogError(where, "threshold must be a positive number");
      }
      if (const YAML::Node per = scoring["thresholds"]) {
        if (!per.IsMap()) return CatalogError(where, "thresholds maps categories to numbers");
        for (const auto& kv : per) {
          const auto category = ParseVocabulary<AupCategory, kAupCategoryCount>(
              AupCategoryName, kv.first.as<std::string>());
          if (!category) return CatalogError(where, "unknown category '" + kv.first.as<std::string>() + "'");
          const double t = kv.second.as<double>();
          if (!std::isfinite(t) || t <= 0) return CatalogError(where, "a threshold must be positive");
          s.thresholds[static_cast<std::size_t>(*category)] = t;
        }
      }
      if (const YAML::Node model = scoring["model"]) {
        if (!model.IsMap() || !model["file"]) return CatalogError(where, "model needs 'file'");
        SCRUBLINE_RETURN_IF_ERROR(OnlyKeys(model, {"file", "weight", "cap"}, where + ".model"));
        s.model_file = model["file"].as<std::string>();
        if (s.model_file.empty() || s.model_file.find('/') != std::string::npos) {
          return CatalogError(where, "model.file is a file name in the catalog directory");
        }
        if (model["weight"]) s.model_weight = model["weight"].as<double>();
        if (model["cap"]) s.model_cap = model["cap"].as<double>();
        if (!std::isfinite(s.model_weight) || s.model_weight <= 0 || s.model_weight > kMaxWeight ||
            !std::isfinite(s.model_cap) || s.model_cap <= 0 || s.model_cap > kMaxWeight) {
          return CatalogError(where, "model weight and cap must be in (0, 50]");
        }
      }
      if (const YAML::Node velocity = scoring["velocity"]) {
        const std::string at = where + ".velocity";
        if (!velocity.IsMap() || !velocity["weight"]) return CatalogError(at, "velocity needs 'weight'");
        SCRUBLINE_RETURN_IF_ERROR(OnlyKeys(
            velocity, {"weight", "window_seconds", "recipients", "min_matching_bins", "clusters"}, at));
        VelocitySettings& v = s.velocity;
        s.velocity_weight = velocity["weight"].as<double>();
        if (!std::isfinite(s.velocity_weight) || s.velocity_weight <= 0 || s.velocity_weight > kMaxWeight) {
          return CatalogError(at, "weight must be in (0, 50]");
        }
        if (velocity["window_seconds"]) v.window_seconds = velocity["window_seconds"].as<std::int64_t>();
        if (velocity["recipients"]) v.recipients = velocity["recipients"].as<int>();
        if (velocity["min_matching_bins"]) v.min_matching_bins = velocity["min_matching_bins"].as<int>();
        if (velocity["clusters"]) v.clusters = velocity["clusters"].as<std::uint32_t>();
        if (v.window_seconds < 2 || v.window_seconds > 30 * 86400) {
          return CatalogError(at, "window_seconds must be in [2, 2592000] (30 days)");
        }
        if (v.recipients < 2 || v.recipients > 500) {
          return CatalogError(at, "recipients must be in [2, 500]: the count saturates beyond");
        }
        if (v.min_matching_bins < 1 || v.min_matching_bins > BodySignature::kBins) {
          return CatalogError(at, "min_matching_bins must be in [1, 16]");
        }
        if (v.clusters < 64 || v.clusters > (1u << 22)) {
          return CatalogError(at, "clusters must be in [64, 4194304] per partition");
        }
      }
    }
  } catch (const YAML::Exception& e) {
    return CatalogError(name, "line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return Status::Ok();
}

}  // namespace

StatusOr<AupCatalog> AupCatalog::Parse(const std::vector<std::pair<std::string, std::string>>& files) {
  AupCatalog out;
  bool have_keywords = false, have_scoring = false;
  for (const auto& [name, text] : files) {
    SCRUBLINE_RETURN_IF_ERROR(ParseFile(name, text, out, have_keywords, have_scoring));
    out.source_files.emplace_back(name, text);
  }
  if (!have_keywords) return InvalidArgumentError("aup catalog: no file defines 'keywords'");
  if (out.rules.empty()) return InvalidArgumentError("aup catalog: no rules");
  std::set<std::string> ids;
  for (const AupRule& r : out.rules) {
    if (!ids.insert(r.id).second) return CatalogError(r.source, "id used twice");
  }
  for (const AupFeatureRule& f : out.features) {
    if (!ids.insert(f.id).second) return CatalogError(f.source, "id used twice");
  }
  return out;
}

StatusOr<AupCatalog> AupCatalog::LoadDirectory(const std::string& dir) {
  auto files = ReadYamlDirectory(dir, "aup catalog");
  if (!files.ok()) return files.status();
  return Parse(*files);
}

}  // namespace scrubline
