#include "classifiers/policy/policy_router.h"

#include <algorithm>
#include <set>

#include <yaml-cpp/yaml.h>

#include "classifiers/policy/field_selector.h"
#include "classifiers/policy/policy.h"

namespace scrubline {
namespace {

Status RouterError(const std::string& source, const std::string& where, const std::string& what) {
  return InvalidArgumentError(source + ": " + where + ": " + what);
}

std::string Line(const YAML::Node& node) { return "line " + std::to_string(node.Mark().line + 1); }

}  // namespace

bool PolicyRouter::LooksLikeRouter(std::string_view yaml_text) {
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    return root.IsMap() && root["shapes"];
  } catch (const YAML::Exception&) {
    return false;  // the policy parser reports the syntax error
  }
}

StatusOr<std::shared_ptr<const PolicyRouter>> PolicyRouter::Parse(std::string_view yaml_text,
                                                                  std::string source_name) {
  const std::string src = source_name;
  std::shared_ptr<PolicyRouter> router(new PolicyRouter());
  router->source_name_ = std::move(source_name);
  router->source_text_ = std::string(yaml_text);
  try {
    const YAML::Node root = YAML::Load(router->source_text_);
    if (!root.IsMap()) return RouterError(src, "top level", "expected a map");
    for (const auto& kv : root) {
      const auto key = kv.first.as<std::string>();
      if (key != "id" && key != "version" && key != "description" && key != "shapes" &&
          key != "fallback") {
        return RouterError(src, key + " (" + Line(kv.first) + ")",
                           "unknown key (a router has id, version, description, shapes, fallback)");
      }
    }
    if (!root["id"] || !root["version"]) return RouterError(src, "router", "needs 'id' and 'version'");
    router->id_ = root["id"].as<std::string>();
    const int version = root["version"].as<int>();
    if (version < 1) return RouterError(src, "version", "must be >= 1");
    router->versioned_id_ = router->id_ + "@" + std::to_string(version);
    if (!root["fallback"]) {
      return RouterError(src, "router",
                         "needs 'fallback': the policy for records no shape matches");
    }
    router->fallback_ = root["fallback"].as<std::string>();
    const YAML::Node shapes = root["shapes"];
    if (!shapes.IsSequence() || shapes.size() == 0) {
      return RouterError(src, "shapes", "expected a non-empty list");
    }
    // Field names get indexes in order of first use.
    std::vector<std::string> names;
    const auto index_of = [&](const std::string& name) -> int {
      auto it = std::find(names.begin(), names.end(), name);
      if (it != names.end()) return static_cast<int>(it - names.begin());
      names.push_back(name);
      return static_cast<int>(names.size() - 1);
    };
    std::set<std::string> policies;
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      const YAML::Node node = shapes[i];
      const std::string where = "shapes[" + std::to_string(i) + "] (" + Line(node) + ")";
      if (!node.IsMap() || !node["policy"] || !node["when"]) {
        return RouterError(src, where, "expected {policy: NAME, when: {...}}");
      }
      Shape shape;
      shape.line = node.Mark().line + 1;
      shape.policy = node["policy"].as<std::string>();
      if (!policies.insert(shape.policy).second) {
        return RouterError(src, where, "policy '" + shape.policy + "' has a shape already");
      }
      const YAML::Node when = node["when"];
      if (!when.IsMap() || when.size() == 0) {
        return RouterError(src, where, "'when' needs all, any, none and/or values");
      }
      for (const auto& kv : when) {
        const auto key = kv.first.as<std::string>();
        if (key == "values") {
          if (!kv.second.IsMap()) return RouterError(src, where, "'values' maps fields to globs");
          for (const auto& v : kv.second) {
            const int f = index_of(v.first.as<std::string>());
            for (const auto& [seen, glob] : shape.values) {
              if (seen == f) return RouterError(src, where, "'values' names a field twice");
            }
            shape.values.emplace_back(f, v.second.as<std::string>());
            router->valued_.set(static_cast<std::size_t>(f) % kMaxFields);
          }
          continue;
        }
        FieldSet* set = key == "all" ? &shape.all : key == "any" ? &shape.any
                        : key == "none" ? &shape.none : nullptr;
        if (set == nullptr) {
          return RouterError(src, where + ".when." + key, "unknown key (all, any, none, values)");
        }
        if (!kv.second.IsSequence() || kv.second.size() == 0) {
          return RouterError(src, where + ".when." + key, "expected a non-empty list of fields");
        }
        for (const auto& f : kv.second) set->set(static_cast<std::size_t>(index_of(f.as<std::string>())) % kMaxFields);
      }
      if (shape.all.none() && shape.any.none() && shape.values.empty()) {
        return RouterError(src, where, "a shape needs a field that must be present");
      }
      FieldSet valued;  // a `values` field must be present too
      for (const auto& [f, glob] : shape.values) valued.set(static_cast<std::size_t>(f) % kMaxFields);
      if ((shape.all & shape.none).any() || (valued & shape.none).any() ||
          (shape.any.any() && (shape.any & ~shape.none).none())) {
        return RouterError(src, where, "a field is both required and excluded: the shape never matches");
      }
      for (std::size_t j = 0; j < router->shapes_.size(); ++j) {
        const Shape& earlier = router->shapes_[j];
        if (Takes(earlier, FieldSet{}, &shape)) {
          return RouterError(src, where,
                             "never chosen: every record it matches is taken first by shapes[" +
                                 std::to_string(j) + "] (line " + std::to_string(earlier.line) +
                                 ", policy " + earlier.policy + ")");
        }
      }
      router->shapes_.push_back(std::move(shape));
    }
    if (names.size() > kMaxFields) {
      return RouterError(src, "shapes", "conditions name more than 64 distinct fields");
    }
    // A field's index is its position in `names`, which is what Find gives.
    const std::vector<std::string_view> views(names.begin(), names.end());
    router->field_index_ = NameIndex(views);
  } catch (const YAML::Exception& e) {
    return RouterError(src, "line " + std::to_string(e.mark.line + 1), e.msg);
  }
  return std::shared_ptr<const PolicyRouter>(std::move(router));
}

bool PolicyRouter::Takes(const Shape& taker, FieldSet present, const Shape* given) {
  FieldSet excluded;
  FieldSet any_of;  // `given` guarantees at least one of these
  if (given != nullptr) {
    present |= given->all;
    for (const auto& [f, glob] : given->values) present.set(static_cast<std::size_t>(f) % kMaxFields);
    excluded = given->none;
    any_of = given->any & ~given->none;
  }
  if ((taker.all & ~present).any()) return false;
  if (taker.any.any() && (taker.any & present).none() &&
      (any_of.none() || (any_of & ~taker.any).any())) {
    return false;
  }
  if ((taker.none & ~excluded).any()) return false;
  for (const auto& [f, glob] : taker.values) {
    const bool any_value = glob.find_first_not_of('*') == std::string::npos;
    bool same_glob = false;
    if (given != nullptr) {
      for (const auto& [g, other] : given->values) same_glob |= g == f && other == glob;
    }
    if (!same_glob && !(any_value && present.test(static_cast<std::size_t>(f) % kMaxFields))) {
      return false;
    }
  }
  return true;
}

Status PolicyRouter::CheckSelectorsReachable(int shape, const Policy& policy) const {
  const Shape* routed = shape >= 0 ? &shapes_.at(static_cast<std::size_t>(shape)) : nullptr;
  const std::string routed_name =
      routed != nullptr ? "shapes[" + std::to_string(shape) + "] (line " +
                              std::to_string(routed->line) + ")"
                        : "the fallback";
  for (const FieldSelectors::Entry& entry : policy.selectors().entries()) {
    if (!entry.top_level_name) continue;
    auto segments = ParseSelector(entry.text);
    if (!segments.ok()) return segments.status();
    const int f = FieldIndex(segments->front().text);
    if (f < 0) continue;  // no condition reads it
    const auto bit = static_cast<std::size_t>(f);
    const auto never = [&](const std::string& why) {
      const int line = policy.rules().at(static_cast<std::size_t>(entry.rule)).line;
      return InvalidArgumentError(policy.source_name() + ": fields." + entry.text + " (line " +
                                  std::to_string(line) + "): can never match under router " +
                                  source_name_ + ": " + why);
    };
    if (routed != nullptr && routed->none.test(bit)) {
      return never(routed_name + " routes here only records without '" +
                   segments->front().text + "'");
    }
    FieldSet with;
    with.set(bit);
    const std::size_t earlier = routed != nullptr ? static_cast<std::size_t>(shape) : shapes_.size();
    for (std::size_t j = 0; j < earlier; ++j) {
      if (Takes(shapes_[j], with, routed)) {
        const std::string taker = "shapes[" + std::to_string(j) + "] (line " +
                                  std::to_string(shapes_[j].line) + ", policy " +
                                  shapes_[j].policy + ")";
        return never(routed != nullptr
                         ? "a record of " + routed_name + " with '" + segments->front().text +
                               "' is taken first by " + taker
                         : "every record with '" + segments->front().text + "' is taken by " +
                               taker + " before the fallback");
      }
    }
  }
  return Status::Ok();
}

int PolicyRouter::FieldIndex(std::string_view name) const {
  return field_index_.Find(name);
}

void PolicyRouter::See(std::string_view key, std::string_view string_value, Probe& probe) const {
  const int f = FieldIndex(key);
  if (f < 0) return;
  const auto bit = static_cast<std::size_t>(f);
  probe.present_.set(bit);
  if (valued_.test(bit)) probe.values_[bit] = string_value;
}

int PolicyRouter::Choose(const Probe& probe) const {
  for (std::size_t i = 0; i < shapes_.size(); ++i) {
    const Shape& s = shapes_[i];
    if ((probe.present_ & s.all) != s.all) continue;
    if (s.any.any() && (probe.present_ & s.any).none()) continue;
    if ((probe.present_ & s.none).any()) continue;
    bool values_hold = true;
    for (const auto& [f, glob] : s.values) {
      const auto bit = static_cast<std::size_t>(f);
      if (!probe.present_.test(bit) || !GlobMatches(glob, probe.values_[bit])) {
        values_hold = false;
        break;
      }
    }
    if (values_hold) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace scrubline
