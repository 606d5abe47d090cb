#include "classifiers/policy/policy.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

namespace scrubline {
namespace {

// Errors carry "<source>: <where>: <problem>"; policies hold no personal data,
// but we still never echo whole values, only names the author wrote.
Status PolicyError(const std::string& source, const std::string& where, const std::string& what) {
  return InvalidArgumentError(source + ": " + where + ": " + what);
}

// An error if `rule`, or one name it lists, can never apply because the
// rules before it (`earlier`, tried first) take every key it would match.
// Only what is provable is an error: a listed name is matched case-blind,
// so a `match:` rule takes it only when the whole expression is
// case-insensitive ("(?i)..."); a concept's fuzzy matching is never
// assumed to take a listed name.
Status NameRuleReachable(const std::vector<NameRule>& earlier, const NameRule& rule) {
  const auto taken = [](std::size_t j, const NameRule& by, const std::string& what) {
    return InvalidArgumentError(what + " can never apply: names[" + std::to_string(j) +
                                "] (line " + std::to_string(by.rule.line) +
                                ") takes every key it matches first");
  };
  for (std::size_t j = 0; j < earlier.size(); ++j) {
    const NameRule& e = earlier[j];
    if (rule.concept_index >= 0 && e.concept_index == rule.concept_index) {
      return taken(j, e, "the concept");
    }
    if (rule.pattern != nullptr && e.pattern != nullptr && e.pattern->pattern() == rule.pattern->pattern()) {
      return taken(j, e, "the expression");
    }
    for (const std::string& name : rule.names) {
      const bool blind = e.pattern != nullptr && e.pattern->pattern().starts_with("(?i)") &&
                         e.pattern->pattern().find("-i") == std::string::npos;
      if (std::find(e.names.begin(), e.names.end(), name) != e.names.end() ||
          (blind && RE2::PartialMatch(name, *e.pattern))) {
        return taken(j, e, "'" + name + "'");
      }
    }
  }
  for (std::size_t i = 0; i < rule.names.size(); ++i) {
    if (std::find(rule.names.begin(), rule.names.begin() + static_cast<std::ptrdiff_t>(i),
                  rule.names[i]) != rule.names.begin() + static_cast<std::ptrdiff_t>(i)) {
      return InvalidArgumentError("'" + rule.names[i] + "' is listed twice");
    }
  }
  return Status::Ok();
}

std::string Line(const YAML::Node& node) {
  return "line " + std::to_string(node.Mark().line + 1);
}

std::optional<Action> ParseAction(const std::string& name) {
  for (std::size_t i = 0; i < kActionCount; ++i) {
    auto action = static_cast<Action>(i);
    if (ActionName(action) == name) return action;
  }
  return std::nullopt;
}

Status CheckKeys(const YAML::Node& map, const std::set<std::string>& allowed,
                 const std::string& source, const std::string& where) {
  for (const auto& kv : map) {
    const auto key = kv.first.as<std::string>();
    if (!allowed.count(key)) {
      return PolicyError(source, where + "." + key + " (" + Line(kv.first) + ")", "unknown key");
    }
  }
  return Status::Ok();
}

// `selector_keys`: the keys a `names:` entry adds (concept, names, match).
StatusOr<FieldRule> ParseRule(const YAML::Node& node, const std::string& source,
                              const std::string& field, bool name_rule = false) {
  // Errors name the field and its line; unknown keys are named by CheckKeys.
  const std::string where = field + " (" + Line(node) + ")";
  FieldRule rule;
  std::string action_name;
  if (node.IsScalar()) {
    action_name = node.as<std::string>();
  } else if (node.IsMap()) {
    std::set<std::string> allowed = {"action", "type", "output", "method", "ipv4_bits",
                                      "ipv6_bits", "unit", "decimals", "keep", "keep_last",
                                      "tokens", "keys", "also", "subject", "max_days", "cpni"};
    if (name_rule) allowed.insert({"concept", "names", "match"});
    SCRUBLINE_RETURN_IF_ERROR(CheckKeys(node, allowed, source, field));
    if (!node["action"]) return PolicyError(source, where, "missing 'action'");
    action_name = node["action"].as<std::string>();
  } else {
    return PolicyError(source, where, "expected an action name or a map with 'action'");
  }
  auto action = ParseAction(action_name);
  if (!action) return PolicyError(source, where, "unknown action '" + action_name + "'");
  rule.action = *action;
  switch (rule.action) {
    case Action::kKeep:
    case Action::kDrop:
    case Action::kRedact:
    case Action::kToken:
    case Action::kGeneralize:
    case Action::kEncrypt:
    case Action::kMask:
    case Action::kShiftDate:
      break;
  }
  // A kept subtree keeps its member names; every other action scans them.
  if (rule.action == Action::kKeep) rule.keys = KeyAction::kKeep;
  if (!node.IsMap()) {
    if (rule.action == Action::kShiftDate) {
      return PolicyError(source, where, "action shift_date needs 'subject': a top-level field");
    }
    return rule;
  }

  if (auto keys = node["keys"]) {
    const auto name = keys.as<std::string>();
    if (name == "redact") {
      rule.keys = KeyAction::kRedact;
    } else if (name == "keep") {
      rule.keys = KeyAction::kKeep;
    } else if (name == "token") {
      rule.keys = KeyAction::kToken;
    } else {
      return PolicyError(source, where, "keys must be 'redact', 'keep' or 'token'");
    }
  }

  if (auto type = node["type"]) {
    if (rule.action != Action::kToken) {
      return PolicyError(source, where, "'type' only applies to action 'token'");
    }
    const auto name = type.as<std::string>();
    if (name == "auto") {
      rule.token_auto = true;
    } else if (auto parsed = ParseEntityType(name)) {
      rule.token_type = *parsed;
    } else {
      return PolicyError(source, where, "unknown entity type '" + name + "'");
    }
  } else if (rule.action == Action::kToken) {
    return PolicyError(source, where, "action 'token' needs 'type' (an entity type or auto)");
  }
  if (auto output = node["output"]) {
    const auto name = output.as<std::string>();
    if (name == "usage") {
      rule.output = OutputKind::kUsage;
    } else if (name == "content") {
      rule.output = OutputKind::kContent;
    } else {
      return PolicyError(source, where, "output must be 'usage' or 'content'");
    }
  }
  if (auto method = node["method"]) {
    if (rule.action != Action::kGeneralize) {
      return PolicyError(source, where, "'method' only applies to action 'generalize'");
    }
    const auto name = method.as<std::string>();
    if (name == "ip_prefix") {
      rule.method = GeneralizeMethod::kIpPrefix;
    } else if (name == "time_bucket") {
      rule.method = GeneralizeMethod::kTimeBucket;
    } else if (name == "round") {
      rule.method = GeneralizeMethod::kRound;
    } else if (name == "truncate") {
      rule.method = GeneralizeMethod::kTruncate;
    } else if (name == "phone_country") {
      rule.method = GeneralizeMethod::kPhoneCountry;
    } else if (name == "url") {
      rule.method = GeneralizeMethod::kUrl;
    } else if (name == "user_agent") {
      rule.method = GeneralizeMethod::kUserAgent;
    } else {
      return PolicyError(source, where,
                         "unknown generalize method '" + name +
                             "' (supported: ip_prefix, time_bucket, round, truncate, phone_country, url, user_agent)");
    }
  } else if (rule.action == Action::kGeneralize) {
    return PolicyError(source, where, "action 'generalize' needs 'method'");
  }
  // Each option belongs to one method (or to mask): a misplaced one is a
  // mistake in the policy, not something to ignore.
  const auto only_for = [&](const char* key, bool applies, const char* owner) -> Status {
    if (node[key] && !applies) {
      return PolicyError(source, where, std::string("'") + key + "' only applies to " + owner);
    }
    return Status::Ok();
  };
  const bool generalize = rule.action == Action::kGeneralize;
  SCRUBLINE_RETURN_IF_ERROR(only_for(
      "ipv4_bits", generalize && rule.method == GeneralizeMethod::kIpPrefix, "method ip_prefix"));
  SCRUBLINE_RETURN_IF_ERROR(only_for(
      "ipv6_bits", generalize && rule.method == GeneralizeMethod::kIpPrefix, "method ip_prefix"));
  SCRUBLINE_RETURN_IF_ERROR(only_for(
      "unit", generalize && rule.method == GeneralizeMethod::kTimeBucket, "method time_bucket"));
  SCRUBLINE_RETURN_IF_ERROR(only_for(
      "decimals", generalize && rule.method == GeneralizeMethod::kRound, "method round"));
  SCRUBLINE_RETURN_IF_ERROR(only_for(
      "keep", generalize && rule.method == GeneralizeMethod::kTruncate, "method truncate"));
  SCRUBLINE_RETURN_IF_ERROR(only_for("keep_last", rule.action == Action::kMask, "action mask"));
  SCRUBLINE_RETURN_IF_ERROR(
      only_for("subject", rule.action == Action::kShiftDate, "action shift_date"));
  SCRUBLINE_RETURN_IF_ERROR(
      only_for("max_days", rule.action == Action::kShiftDate, "action shift_date"));
  if (rule.action == Action::kShiftDate) {
    if (!node["subject"]) {
      return PolicyError(source, where, "action shift_date needs 'subject': a top-level field");
    }
    rule.shift_subject = node["subject"].as<std::string>();
    if (rule.shift_subject.empty()) return PolicyError(source, where, "empty 'subject'");
    if (auto days = node["max_days"]) {
      rule.max_shift_days = days.as<int>();
      if (rule.max_shift_days < 1 || rule.max_shift_days > 3650) {
        return PolicyError(source, where, "max_days must be 1..3650");
      }
    }
  }
  if (generalize && rule.method == GeneralizeMethod::kTimeBucket) {
    const auto unit = node["unit"] ? node["unit"].as<std::string>() : std::string();
    if (unit == "hour") {
      rule.time_unit = TimeUnit::kHour;
    } else if (unit == "day") {
      rule.time_unit = TimeUnit::kDay;
    } else {
      return PolicyError(source, where, "method time_bucket needs unit: hour or day");
    }
  }
  if (auto decimals = node["decimals"]) {
    rule.decimals = decimals.as<int>();
    if (rule.decimals < 0 || rule.decimals > 8) {
      return PolicyError(source, where, "decimals must be 0..8");
    }
  }
  if (generalize && rule.method == GeneralizeMethod::kTruncate) {
    if (!node["keep"]) return PolicyError(source, where, "method truncate needs 'keep'");
    rule.keep = node["keep"].as<int>();
    if (rule.keep < 1 || rule.keep > 64) return PolicyError(source, where, "keep must be 1..64");
  }
  SCRUBLINE_RETURN_IF_ERROR(only_for("tokens", rule.action == Action::kRedact, "action redact"));
  if (auto tokens = node["tokens"]) {
    if (!tokens.IsSequence()) return PolicyError(source, where, "tokens must be a list of entity types");
    for (const auto& t : tokens) {
      const auto name = t.as<std::string>();
      const auto type = ParseEntityType(name);
      if (!type) return PolicyError(source, where, "tokens: unknown entity type '" + name + "'");
      rule.token_types.set(static_cast<std::size_t>(*type));
    }
  }
  if (auto cpni = node["cpni"]) rule.cpni = cpni.as<bool>();
  if (auto also = node["also"]) {
    if (!also.IsMap() || also.size() == 0) {
      return PolicyError(source, where, "also must map new member names to rules");
    }
    for (const auto& kv : also) {
      const auto name = kv.first.as<std::string>();
      const std::string sub = field + ".also." + name;
      if (name.empty()) return PolicyError(source, sub, "empty member name");
      auto derived = ParseRule(kv.second, source, sub);
      if (!derived.ok()) return derived.status();
      if (derived->action == Action::kDrop) {
        return PolicyError(source, sub, "a derived member cannot be dropped (leave it out)");
      }
      if (!derived->also.empty()) return PolicyError(source, sub, "'also' cannot nest");
      if (kv.second.IsMap() && kv.second["output"]) {
        return PolicyError(source, sub, "a derived member goes where its field goes: no 'output'");
      }
      for (const auto& existing : rule.also) {
        if (existing.name == name) return PolicyError(source, sub, "listed twice");
      }
      rule.also.push_back({name, std::make_shared<const FieldRule>(std::move(*derived))});
    }
  }
  if (auto keep_last = node["keep_last"]) {
    rule.keep_last = keep_last.as<int>();
    if (rule.keep_last < 0 || rule.keep_last > 64) {
      return PolicyError(source, where, "keep_last must be 0..64");
    }
  }
  if (auto bits = node["ipv4_bits"]) {
    rule.ipv4_bits = bits.as<int>();
    if (rule.ipv4_bits < 0 || rule.ipv4_bits > 32) {
      return PolicyError(source, where, "ipv4_bits must be 0..32");
    }
  }
  if (auto bits = node["ipv6_bits"]) {
    rule.ipv6_bits = bits.as<int>();
    if (rule.ipv6_bits < 0 || rule.ipv6_bits > 128) {
      return PolicyError(source, where, "ipv6_bits must be 0..128");
    }
  }
  return rule;
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
      return false;
  }
  return true;
}

}  // namespace

StatusOr<std::shared_ptr<const Policy>> Policy::Parse(
    std::string_view yaml_text, std::string source_name,
    std::shared_ptr<const FieldNameVocabulary> vocabulary) {
  const std::string& src = source_name;
  std::shared_ptr<Policy> policy(new Policy());
  policy->vocabulary_ = std::move(vocabulary);
  policy->source_name_ = source_name;
  policy->source_text_ = std::string(yaml_text);
  try {
    YAML::Node root = YAML::Load(policy->source_text_);
    if (!root.IsMap()) return PolicyError(src, "top level", "expected a map");
    SCRUBLINE_RETURN_IF_ERROR(CheckKeys(root,
                                        {"id", "version", "schema", "description", "record_key",
                                         "join_key", "default_calling_code", "fields",
                                         "names", "subjects", "key_epochs", "other_fields",
                                         "pii", "aup"},
                                        src, "policy"));
    if (!root["id"]) return PolicyError(src, "policy", "missing 'id'");
    policy->id_ = root["id"].as<std::string>();
    if (!IsIdentifier(policy->id_)) {
      return PolicyError(src, "id", "must be 1-64 chars of [A-Za-z0-9_.-]");
    }
    if (!root["version"]) return PolicyError(src, "policy", "missing 'version'");
    policy->version_ = root["version"].as<int>();
    if (policy->version_ < 1) return PolicyError(src, "version", "must be >= 1");
    policy->versioned_id_ = policy->id_ + "@" + std::to_string(policy->version_);
    int schema = 1;
    if (auto n = root["schema"]) {
      schema = n.as<int>();
      if (schema < 1) return PolicyError(src, "schema", "must be >= 1");
    }
    policy->schema_ = policy->id_ + "/" + std::to_string(schema);
    if (auto n = root["record_key"]) policy->record_key_ = n.as<std::string>();
    if (auto n = root["join_key"]) policy->join_key_ = n.as<std::string>();
    if (auto n = root["default_calling_code"]) {
      policy->default_calling_code_ = n.as<std::string>();
      const auto& code = policy->default_calling_code_;
      if (code.empty() || code.size() > 3 ||
          code.find_first_not_of("0123456789") != std::string::npos || code[0] == '0') {
        return PolicyError(src, "default_calling_code", "must be 1-3 digits, e.g. \"1\" or \"44\"");
      }
    }
    if (auto fields = root["fields"]) {
      if (!fields.IsMap()) return PolicyError(src, "fields", "expected a map of field -> rule");
      for (const auto& kv : fields) {
        const auto name = kv.first.as<std::string>();
        auto rule = ParseRule(kv.second, src, "fields." + name);
        if (!rule.ok()) return rule.status();
        rule->line = kv.first.Mark().line + 1;
        const int index = static_cast<int>(policy->rules_.size());
        const Status added = policy->selectors_.Add(name, index);
        if (!added.ok()) {
          return PolicyError(src, "fields." + name + " (" + Line(kv.first) + ")", added.message());
        }
        // Content records are flat: only a top-level field can be routed
        // there (a nested one would need its parents copied along).
        if (rule->output == OutputKind::kContent && policy->selectors_.entries().back().depth != 1) {
          return PolicyError(src, "fields." + name + " (" + Line(kv.first) + ")",
                             "'output: content' needs a top-level selector");
        }
        policy->rules_.push_back(std::move(*rule));
      }
    }
    if (auto names = root["names"]) {
      if (!names.IsSequence()) return PolicyError(src, "names", "expected a list of name rules");
      for (std::size_t i = 0; i < names.size(); ++i) {
        const YAML::Node entry = names[i];
        const std::string where = "names[" + std::to_string(i) + "]";
        if (!entry.IsMap()) {
          return PolicyError(src, where + " (" + Line(entry) + ")", "expected a map");
        }
        auto rule = ParseRule(entry, src, where, /*name_rule=*/true);
        if (!rule.ok()) return rule.status();
        rule->line = entry.Mark().line + 1;
        const std::string at = where + " (" + Line(entry) + ")";
        if (rule->output == OutputKind::kContent) {
          return PolicyError(src, at, "'output: content' needs a top-level selector");
        }
        NameRule name_rule;
        name_rule.rule = *rule;
        const int kinds = (entry["concept"] ? 1 : 0) + (entry["names"] ? 1 : 0) +
                          (entry["match"] ? 1 : 0);
        if (kinds != 1) return PolicyError(src, at, "needs exactly one of concept, names, match");
        if (auto c = entry["concept"]) {
          const auto name = c.as<std::string>();
          if (policy->vocabulary_ == nullptr) {
            return PolicyError(src, at, "concept rules need the field-name vocabulary "
                                        "(patterns/fields/names.yaml)");
          }
          name_rule.concept_index = policy->vocabulary_->Find(name);
          if (name_rule.concept_index < 0) {
            return PolicyError(src, at, "unknown concept '" + name +
                                            "' (see patterns/fields/names.yaml)");
          }
        } else if (auto list = entry["names"]) {
          if (!list.IsSequence() || list.size() == 0) {
            return PolicyError(src, at, "names must be a non-empty list");
          }
          for (const auto& n : list) {
            std::string lower = n.as<std::string>();
            for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            name_rule.names.push_back(std::move(lower));
          }
        } else {
          const auto pattern = entry["match"].as<std::string>();
          RE2::Options options;
          options.set_log_errors(false);
          auto re = std::make_shared<const RE2>(pattern, options);
          if (!re->ok()) return PolicyError(src, at, "match: " + re->error());
          name_rule.pattern = std::move(re);
        }
        const Status reachable = NameRuleReachable(policy->name_rules_, name_rule);
        if (!reachable.ok()) return PolicyError(src, at, reachable.message());
        policy->name_rules_.push_back(std::move(name_rule));
      }
    }
    if (auto subjects = root["subjects"]) {
      if (!subjects.IsSequence()) {
        return PolicyError(src, "subjects", "expected a list of {field: PATH, type: TYPE}");
      }
      for (std::size_t i = 0; i < subjects.size(); ++i) {
        const YAML::Node entry = subjects[i];
        const std::string at = "subjects[" + std::to_string(i) + "] (" + Line(entry) + ")";
        if (!entry.IsMap() || !entry["field"]) return PolicyError(src, at, "needs 'field'");
        SCRUBLINE_RETURN_IF_ERROR(CheckKeys(entry, {"field", "type"}, src, at));
        SubjectField subject;
        subject.selector = entry["field"].as<std::string>();
        auto segments = ParseSelector(subject.selector);
        if (!segments.ok()) return PolicyError(src, at, segments.status().message());
        for (const auto& seg : *segments) {
          if (seg.kind != SelectorSegment::Kind::kName) {
            return PolicyError(src, at, "a subject field is one field: names only, no wildcards");
          }
          subject.path.push_back(seg.text);
        }
        if (auto type = entry["type"]) subject.type = type.as<std::string>();
        if (subject.type == "auto") subject.type.clear();
        if (!subject.type.empty() && subject.type != "phone" && subject.type != "email" &&
            subject.type != "account" && subject.type != "user") {
          return PolicyError(src, at, "type must be phone, email, account, user or auto");
        }
        policy->subjects_.push_back(std::move(subject));
      }
    }
    if (auto epochs = root["key_epochs"]) {
      const std::string at = "key_epochs (" + Line(epochs) + ")";
      if (!epochs.IsMap()) return PolicyError(src, at, "expected {time_field: F, epochs: [...]}");
      SCRUBLINE_RETURN_IF_ERROR(CheckKeys(epochs, {"time_field", "epochs"}, src, "key_epochs"));
      if (!epochs["time_field"] || !epochs["epochs"] || !epochs["epochs"].IsSequence() ||
          epochs["epochs"].size() == 0) {
        return PolicyError(src, at, "needs time_field and a non-empty epochs list");
      }
      policy->key_epoch_field_ = epochs["time_field"].as<std::string>();
      for (const auto& e : epochs["epochs"]) {
        const std::string where = "key_epochs.epochs (" + Line(e) + ")";
        if (!e.IsMap() || !e["key"] || !e["from"]) {
          return PolicyError(src, where, "expected {key: KEY_ID, from: DATE}");
        }
        SCRUBLINE_RETURN_IF_ERROR(CheckKeys(e, {"key", "from"}, src, "key_epochs.epochs"));
        KeyEpoch epoch;
        epoch.key_id = e["key"].as<std::string>();
        if (!ParseTimeSeconds(e["from"].as<std::string>(), epoch.from)) {
          return PolicyError(src, where, "from must be a date or RFC 3339 date-time");
        }
        for (const KeyEpoch& other : policy->key_epochs_) {
          if (other.from == epoch.from) return PolicyError(src, where, "two epochs start together");
          if (other.key_id == epoch.key_id) {
            return PolicyError(src, where, "key '" + epoch.key_id + "' has an epoch already");
          }
        }
        policy->key_epochs_.push_back(std::move(epoch));
      }
      std::sort(policy->key_epochs_.begin(), policy->key_epochs_.end(),
                [](const KeyEpoch& a, const KeyEpoch& b) { return a.from > b.from; });
    }
    if (auto other = root["other_fields"]) {
      auto rule = ParseRule(other, src, "other_fields");
      if (!rule.ok()) return rule.status();
      // Fail closed: a field nobody listed is never kept or tokenised blindly
      // (encrypting it keeps it from every reader without the key).
      if (rule->action != Action::kRedact && rule->action != Action::kDrop &&
          rule->action != Action::kEncrypt) {
        return PolicyError(src, "other_fields",
                           "must be 'redact', 'encrypt' or 'drop' (fail closed)");
      }
      policy->other_fields_ = *rule;
    }
    if (auto pii = root["pii"]) {
      if (!pii.IsMap()) return PolicyError(src, "pii", "expected a map with 'allow' and/or 'deny'");
      SCRUBLINE_RETURN_IF_ERROR(CheckKeys(pii, {"allow", "deny"}, src, "pii"));
      if (auto allow = pii["allow"]) {
        SCRUBLINE_RETURN_IF_ERROR(ParseAllowEntries(allow, src, "pii.allow", policy->pii_allow_));
      }
      if (auto deny = pii["deny"]) {
        SCRUBLINE_RETURN_IF_ERROR(
            ParseDenyEntries(deny, src, "pii.deny", "policy_" + policy->id_, policy->pii_deny_));
      }
    }
    if (auto aup = root["aup"]) {
      const std::string at = "aup (" + Line(aup) + ")";
      if (!aup.IsMap()) return PolicyError(src, at, "expected {fields: [...], threshold: N, thresholds: {...}}");
      SCRUBLINE_RETURN_IF_ERROR(CheckKeys(aup, {"fields", "threshold", "thresholds", "velocity"}, src, "aup"));
      const YAML::Node fields = aup["fields"];
      if (!fields || !fields.IsSequence() || fields.size() == 0) {
        return PolicyError(src, at, "fields must be a non-empty list of top-level fields");
      }
      for (const auto& f : fields) {
        const auto name = f.as<std::string>();
        auto segments = ParseSelector(name);
        if (!segments.ok() || segments->size() != 1 ||
            segments->front().kind != SelectorSegment::Kind::kName) {
          return PolicyError(src, at, "'" + name + "': an aup field is one top-level field, no wildcards");
        }
        const std::string& member = segments->front().text;
        if (std::find(policy->aup_.fields.begin(), policy->aup_.fields.end(), member) !=
            policy->aup_.fields.end()) {
          return PolicyError(src, at, "'" + member + "' is listed twice");
        }
        policy->aup_.fields.push_back(member);
      }
      const auto positive = [&](const YAML::Node& n, const std::string& what, double& out) -> Status {
        out = n.as<double>();
        if (!(out > 0) || out > 1000) return PolicyError(src, at, what + " must be a positive number");
        return Status::Ok();
      };
      if (auto t = aup["threshold"]) SCRUBLINE_RETURN_IF_ERROR(positive(t, "threshold", policy->aup_.threshold));
      if (auto per = aup["thresholds"]) {
        if (!per.IsMap()) return PolicyError(src, at, "thresholds maps categories to numbers");
        for (const auto& kv : per) {
          const auto name = kv.first.as<std::string>();
          const auto category = ParseVocabulary<AupCategory, kAupCategoryCount>(AupCategoryName, name);
          if (!category) return PolicyError(src, at, "unknown aup category '" + name + "'");
          SCRUBLINE_RETURN_IF_ERROR(positive(kv.second, "thresholds." + name,
                                             policy->aup_.thresholds[static_cast<std::size_t>(*category)]));
        }
      }
      if (auto velocity = aup["velocity"]) {
        if (!velocity.IsMap() || !velocity["sender"] || !velocity["recipient"]) {
          return PolicyError(src, at, "velocity: expected {sender: F, recipient: F, time: F}");
        }
        SCRUBLINE_RETURN_IF_ERROR(CheckKeys(velocity, {"sender", "recipient", "time"}, src, "aup.velocity"));
        for (auto [key, out] : {std::pair{"sender", &policy->aup_.velocity_sender},
                                std::pair{"recipient", &policy->aup_.velocity_recipient},
                                std::pair{"time", &policy->aup_.velocity_time}}) {
          if (!velocity[key]) continue;
          const auto name = velocity[key].as<std::string>();
          auto segments = ParseSelector(name);
          if (!segments.ok() || segments->size() != 1 ||
              segments->front().kind != SelectorSegment::Kind::kName) {
            return PolicyError(src, at, "velocity." + std::string(key) + " '" + name +
                                            "': one top-level field, no wildcards");
          }
          *out = segments->front().text;
        }
      }
    }
    for (const auto* key_field : {&policy->record_key_, &policy->join_key_}) {
      if (key_field->empty()) continue;
      const char* what = key_field == &policy->record_key_ ? "record_key" : "join_key";
      const auto& entries = policy->selectors_.entries();
      const bool named = std::any_of(entries.begin(), entries.end(), [&](const auto& e) {
        return e.top_level_name && (e.text == *key_field || e.text == "$." + *key_field);
      });
      if (!named || policy->RuleFor(*key_field).action != Action::kToken) {
        return PolicyError(src, what,
                           "field '" + *key_field + "' must be a top-level field with action 'token'");
      }
      (key_field == &policy->record_key_ ? policy->record_key_rule_ : policy->join_key_rule_) =
          &policy->RuleFor(*key_field);
    }
  } catch (const YAML::Exception& e) {
    return PolicyError(src, "line " + std::to_string(e.mark.line + 1), e.msg);
  }
  return std::shared_ptr<const Policy>(std::move(policy));
}

StatusOr<std::shared_ptr<const Policy>> Policy::LoadFile(
    const std::string& path, std::shared_ptr<const FieldNameVocabulary> vocabulary) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read policy file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto slash = path.find_last_of('/');
  return Parse(text.str(), slash == std::string::npos ? path : path.substr(slash + 1),
               std::move(vocabulary));
}

const FieldRule& Policy::RuleFor(std::string_view field_name) const {
  // Not the hot path (the transform walks states itself): a small vector is fine.
  const FieldSelectors::State root = FieldSelectors::kRoot;
  std::vector<FieldSelectors::State> states;
  selectors_.StepMember({&root, 1}, field_name, states);
  const auto match = selectors_.Best(states);
  return match.rule < 0 ? other_fields_ : rules_[static_cast<std::size_t>(match.rule)];
}

}  // namespace scrubline

namespace scrubline {

const FieldRule* Policy::NameRuleFor(std::string_view key) const {
  int concept_index = -2;  // not classified yet
  for (const NameRule& r : name_rules_) {
    if (r.concept_index >= 0) {
      if (concept_index == -2) concept_index = vocabulary_->Classify(key);
      if (concept_index == r.concept_index) return &r.rule;
    } else if (r.pattern != nullptr) {
      if (RE2::PartialMatch(key, *r.pattern)) return &r.rule;
    } else {
      for (const std::string& name : r.names) {
        if (name.size() == key.size() &&
            std::equal(name.begin(), name.end(), key.begin(), [](char a, char b) {
              return a == std::tolower(static_cast<unsigned char>(b));
            })) {
          return &r.rule;
        }
      }
    }
  }
  return nullptr;
}

}  // namespace scrubline
