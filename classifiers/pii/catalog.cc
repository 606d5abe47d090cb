#include "classifiers/pii/catalog.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <set>
#include <sstream>

#include "classifiers/base/yaml_directory.h"

namespace scrubline {
namespace {

constexpr std::string_view kPrivacyNames[] = {
#define SCRUBLINE_X(name, text) text,
    SCRUBLINE_PRIVACY_CATEGORIES(SCRUBLINE_X)
#undef SCRUBLINE_X
};
constexpr std::string_view kDataNames[] = {"account", "usage", "content"};

constexpr std::uint32_t kMaxContextWindow = 1024;

std::string Quote(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

// Builds messages for one entry: file, id (or position) and the problem.
class EntryErrors {
 public:
  EntryErrors(std::string_view file, std::size_t index) : file_(file), index_(index) {}
  void set_id(std::string id) { id_ = std::move(id); }

  Status Error(std::string_view problem) const {
    std::string m = "pii catalog file " + Quote(file_) + ", entry ";
    m += id_.empty() ? "#" + std::to_string(index_ + 1) + " (no id)" : Quote(id_);
    m += ": ";
    m += problem;
    return InvalidArgumentError(std::move(m));
  }

 private:
  std::string file_;
  std::size_t index_;
  std::string id_;
};

std::string Line(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return "";
  return " (line " + std::to_string(mark.line + 1) + ")";
}

// Checks that `map` is a mapping with only `allowed` keys, each at most once.
Status CheckKeys(const YAML::Node& map, std::string_view what,
                 std::initializer_list<std::string_view> allowed, const EntryErrors& err) {
  if (!map.IsMap()) return err.Error(std::string(what) + " must be a mapping" + Line(map));
  std::set<std::string> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) return err.Error(std::string(what) + " has a non-scalar key");
    std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string m =
          "unknown key " + Quote(key) + " in " + std::string(what) + Line(kv.first) + "; allowed: ";
      bool first = true;
      for (std::string_view a : allowed) {
        if (!first) m += ", ";
        m += a;
        first = false;
      }
      return err.Error(m);
    }
    if (!seen.insert(key).second) {
      return err.Error("duplicate key " + Quote(key) + " in " + std::string(what) + Line(kv.first));
    }
  }
  return Status::Ok();
}

StatusOr<std::string> RequiredString(const YAML::Node& map, const char* key,
                                     const EntryErrors& err) {
  YAML::Node n = map[key];
  if (!n) return err.Error(std::string("missing required field ") + Quote(key));
  if (!n.IsScalar()) return err.Error(Quote(key) + " must be a string" + Line(n));
  if (n.Scalar().empty()) return err.Error(Quote(key) + " must not be empty" + Line(n));
  return n.Scalar();
}

StatusOr<double> Number(const YAML::Node& n, const char* key, double lo, double hi,
                        const EntryErrors& err) {
  if (!n.IsScalar()) return err.Error(Quote(key) + " must be a number" + Line(n));
  const std::string& s = n.Scalar();
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) {
    return err.Error(Quote(key) + " must be a number, got " + Quote(s) + Line(n));
  }
  if (v < lo || v > hi) {
    std::ostringstream m;
    m << Quote(key) << " must be in [" << lo << ", " << hi << "], got " << s << Line(n);
    return err.Error(m.str());
  }
  return v;
}

StatusOr<std::vector<std::string>> StringList(const YAML::Node& n, std::string_view what,
                                              const EntryErrors& err) {
  if (!n.IsSequence()) return err.Error(std::string(what) + " must be a list" + Line(n));
  std::vector<std::string> out;
  for (const YAML::Node& item : n) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      return err.Error(std::string(what) + " items must be non-empty strings" + Line(item));
    }
    out.push_back(item.Scalar());
  }
  return out;
}

Status ParseCategory(const YAML::Node& n, CatalogEntry& e, const EntryErrors& err) {
  if (!n) return err.Error("missing required field \"category\"");
  SCRUBLINE_RETURN_IF_ERROR(CheckKeys(n, "category", {"data", "privacy"}, err));
  auto data = RequiredString(n, "data", err);
  if (!data.ok()) return data.status();
  auto privacy = RequiredString(n, "privacy", err);
  if (!privacy.ok()) return privacy.status();
  auto d = std::find(std::begin(kDataNames), std::end(kDataNames), *data);
  if (d == std::end(kDataNames)) {
    return err.Error("category.data " + Quote(*data) + " is not one of account, usage, content");
  }
  e.data_category = static_cast<DataCategory>(d - std::begin(kDataNames));
  auto p = std::find(std::begin(kPrivacyNames), std::end(kPrivacyNames), *privacy);
  if (p == std::end(kPrivacyNames)) {
    std::string m = "category.privacy " + Quote(*privacy) + " is not one of ";
    for (std::size_t i = 0; i < std::size(kPrivacyNames); ++i) {
      if (i > 0) m += ", ";
      m += kPrivacyNames[i];
    }
    return err.Error(m);
  }
  e.privacy_category = static_cast<PrivacyCategory>(p - std::begin(kPrivacyNames));
  return Status::Ok();
}

void LowerAscii(std::vector<std::string>& words) {
  for (std::string& w : words) {
    for (char& c : w) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
}

Status ParseContext(const YAML::Node& n, CatalogEntry& e, const EntryErrors& err) {
  if (!n) return Status::Ok();
  SCRUBLINE_RETURN_IF_ERROR(CheckKeys(
      n, "context", {"words", "window", "boost", "required", "against", "penalty"}, err));
  for (const char* key : {"words", "window", "boost"}) {
    if (!n[key]) return err.Error(std::string("context needs ") + Quote(key));
  }
  auto words = StringList(n["words"], "context.words", err);
  if (!words.ok()) return words.status();
  if (words->empty()) return err.Error("context.words must not be empty");
  LowerAscii(*words);
  auto window = Number(n["window"], "window", 1, kMaxContextWindow, err);
  if (!window.ok()) return window.status();
  if (*window != std::floor(*window)) return err.Error("context.window must be an integer");
  auto boost = Number(n["boost"], "boost", 0, 1, err);
  if (!boost.ok()) return boost.status();
  e.context.words = std::move(*words);
  e.context.window = static_cast<std::uint32_t>(*window);
  e.context.boost = static_cast<float>(*boost);
  if (YAML::Node required = n["required"]) {
    bool value = false;
    if (!required.IsScalar() || !YAML::convert<bool>::decode(required, value)) {
      return err.Error("context.required must be true or false");
    }
    e.context.required = value;
  }
  if (n["against"] || n["penalty"]) {
    if (!n["against"] || !n["penalty"]) {
      return err.Error("context.against and context.penalty go together");
    }
    auto against = StringList(n["against"], "context.against", err);
    if (!against.ok()) return against.status();
    if (against->empty()) return err.Error("context.against must not be empty");
    LowerAscii(*against);
    auto penalty = Number(n["penalty"], "penalty", 0, 1, err);
    if (!penalty.ok()) return penalty.status();
    e.context.against = std::move(*against);
    e.context.penalty = static_cast<float>(*penalty);
  }
  return Status::Ok();
}

Status ParseExamples(const YAML::Node& n, CatalogEntry& e, const EntryErrors& err) {
  if (!n) return err.Error("missing required field \"examples\" (at least one match example)");
  SCRUBLINE_RETURN_IF_ERROR(CheckKeys(n, "examples", {"match", "no_match"}, err));
  for (const char* key : {"match", "no_match"}) {
    YAML::Node list = n[key];
    if (!list) continue;
    std::string what = std::string("examples.") + key;
    if (!list.IsSequence()) return err.Error(what + " must be a list" + Line(list));
    std::vector<CatalogExample>& out =
        std::string_view(key) == "match" ? e.match_examples : e.no_match_examples;
    for (const YAML::Node& item : list) {
      CatalogExample ex;
      if (item.IsScalar()) {
        ex.text = item.Scalar();
        ex.span = ex.text;
      } else if (item.IsMap() && std::string_view(key) == "match") {
        SCRUBLINE_RETURN_IF_ERROR(CheckKeys(item, what + " item", {"text", "span"}, err));
        auto text = RequiredString(item, "text", err);
        if (!text.ok()) return text.status();
        auto span = RequiredString(item, "span", err);
        if (!span.ok()) return span.status();
        if (text->find(*span) == std::string::npos) {
          return err.Error(what + " item" + Line(item) + ": span is not part of text");
        }
        ex.text = std::move(*text);
        ex.span = std::move(*span);
      } else {
        return err.Error(what + " items must be strings" +
                         (std::string_view(key) == "match" ? " or {text, span}" : "") + Line(item));
      }
      if (ex.text.empty()) return err.Error(what + " items must not be empty" + Line(item));
      out.push_back(std::move(ex));
    }
  }
  if (e.match_examples.empty()) return err.Error("examples.match needs at least one example");
  return Status::Ok();
}

StatusOr<CatalogEntry> ParseEntry(const YAML::Node& n, std::string_view file, std::size_t index) {
  EntryErrors err(file, index);
  if (n.IsMap() && n["id"] && n["id"].IsScalar()) err.set_id(n["id"].Scalar());
  SCRUBLINE_RETURN_IF_ERROR(CheckKeys(
      n, "entry",
      {"id", "type", "category", "pattern", "validator", "score", "context", "masked", "examples"},
      err));
  CatalogEntry e;
  e.file = std::string(file);
  auto id = RequiredString(n, "id", err);
  if (!id.ok()) return id.status();
  for (char c : *id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return err.Error("id must be lower-case letters, digits and '_'");
  }
  e.id = std::move(*id);

  auto type = RequiredString(n, "type", err);
  if (!type.ok()) return type.status();
  auto parsed_type = ParseEntityType(*type);
  if (!parsed_type) {
    return err.Error("unknown type " + Quote(*type) +
                     " (entity type names are listed in classifiers/base/entity_type.h)");
  }
  e.type = *parsed_type;

  SCRUBLINE_RETURN_IF_ERROR(ParseCategory(n["category"], e, err));

  auto pattern = RequiredString(n, "pattern", err);
  if (!pattern.ok()) return pattern.status();
  for (char c : *pattern) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\n' || c == '\r') {
      return err.Error("pattern must be one line of ASCII (spans must not split UTF-8)");
    }
  }
  e.pattern = std::move(*pattern);

  auto validator = RequiredString(n, "validator", err);
  if (!validator.ok()) return validator.status();
  auto parsed_validator = ParseValidator(*validator);
  if (!parsed_validator) {
    return err.Error("unknown validator " + Quote(*validator) + "; one of " +
                     std::string(ValidatorNames()));
  }
  e.validator = *parsed_validator;

  if (!n["score"]) return err.Error("missing required field \"score\"");
  auto score = Number(n["score"], "score", 0, 1, err);
  if (!score.ok()) return score.status();
  e.score = static_cast<float>(*score);

  SCRUBLINE_RETURN_IF_ERROR(ParseContext(n["context"], e, err));
  if (YAML::Node masked = n["masked"]) {
    if (!masked.IsScalar() || !YAML::convert<bool>::decode(masked, e.masked)) {
      return err.Error("masked must be true or false" + Line(masked));
    }
  }
  SCRUBLINE_RETURN_IF_ERROR(ParseExamples(n["examples"], e, err));
  return e;
}

}  // namespace

std::string_view DataCategoryName(DataCategory c) { return kDataNames[static_cast<int>(c)]; }
std::string_view PrivacyCategoryName(PrivacyCategory c) {
  return kPrivacyNames[static_cast<int>(c)];
}

std::string CatalogEntry::Where() const {
  return "pii catalog file " + Quote(file) + ", entry " + Quote(id);
}

StatusOr<std::vector<CatalogEntry>> ParseCatalogFile(std::string_view file_name,
                                                     std::string_view bytes,
                                                     std::vector<AllowEntry>& lists_allow,
                                                     std::vector<DenyEntry>& lists_deny) {
  const std::string where = "pii catalog file " + Quote(file_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(bytes));
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(where + ": YAML syntax error at line " +
                                std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  std::vector<CatalogEntry> entries;
  try {
    if (!root.IsMap() || root.size() == 0) {
      return InvalidArgumentError(where +
                                  ": the top level must be a mapping with \"entries\", "
                                  "\"allow\" or \"deny\"");
    }
    for (const auto& kv : root) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      if (key != "entries" && key != "allow" && key != "deny") {
        return InvalidArgumentError(where + ": unknown top-level key " + Quote(key) +
                                    Line(kv.first) + "; allowed: entries, allow, deny");
      }
    }
    // Allow and deny lists (value_lists.h): a file may hold only these.
    if (YAML::Node allow = root["allow"]) {
      SCRUBLINE_RETURN_IF_ERROR(ParseAllowEntries(allow, where, "allow", lists_allow));
    }
    if (YAML::Node deny = root["deny"]) {
      std::string_view stem = file_name.substr(0, file_name.rfind('.'));
      SCRUBLINE_RETURN_IF_ERROR(ParseDenyEntries(deny, where, "deny", stem, lists_deny));
    }
    YAML::Node list = root["entries"];
    if (!list) return entries;
    if (!list.IsSequence() || list.size() == 0) {
      return InvalidArgumentError(where + ": \"entries\" must be a non-empty list");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto entry = ParseEntry(list[i], file_name, i);
      if (!entry.ok()) return entry.status();
      entries.push_back(std::move(*entry));
    }
  } catch (const YAML::Exception& e) {
    // Defensive: every access above checks node kinds first.
    return InvalidArgumentError(where + ": " + e.msg);
  }
  return entries;
}

StatusOr<Catalog> LoadCatalog(const std::string& dir) {
  auto files = ReadYamlDirectory(dir, "pii catalog");
  if (!files.ok()) return files.status();
  Catalog catalog;
  std::set<std::string> ids;
  for (auto& [name, content] : *files) {
    auto entries = ParseCatalogFile(name, content, catalog.allow, catalog.deny);
    if (!entries.ok()) return entries.status();
    for (CatalogEntry& e : *entries) {
      if (!ids.insert(e.id).second) {
        return InvalidArgumentError(e.Where() + ": duplicate id (ids are unique across files)");
      }
      catalog.entries.push_back(std::move(e));
    }
    catalog.source_files.emplace_back(name, std::move(content));
  }
  if (catalog.entries.size() > kMaxCatalogEntries) {
    return InvalidArgumentError("pii catalog: more than " + std::to_string(kMaxCatalogEntries) +
                                " entries");
  }
  return catalog;
}

}  // namespace scrubline
