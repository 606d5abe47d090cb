// Fuzz target: PolicyRouter::Parse on arbitrary YAML, then See/Choose.
//
// A router is a policy file (policy.bindings may name one from outside the
// repository): yaml-cpp's exceptions must never escape and an accepted router
// must route records as policy_router.h says. The whole input is the YAML;
// comment lines "#> key=value" (or "#> key") are members of records fed to
// See, a bare "#>" ends a record. Invariants:
//  - an error names the source ("fuzz.yaml: ...");
//  - on success: LooksLikeRouter() agrees (the loader asks it first); source
//    name and text are kept; versioned_id() is "<id>@<version >= 1>"; at least
//    one shape; shape policies are unique; each shape has a field that must be
//    present, and no field both in all/any and none; its FieldSets and value
//    globs are the distinct names and the globs the YAML lists;
//  - a record with no members chooses -1 (the fallback);
//  - every accepted shape can match: a record holding its `all` fields, its
//    first `any` field and its `values` fields (each with its glob, '*' read
//    as nothing) chooses it or an earlier shape, never the fallback;
//  - for every record, Choose() returns -1 or a valid index, and equals a
//    reference that evaluates each shape's condition on the member names and
//    values read from the YAML (first shape that holds wins).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "classifiers/policy/field_selector.h"
#include "classifiers/policy/policy_router.h"
#include "tests/fuzz/fuzz_check.h"

namespace scrubline {
namespace {

constexpr std::size_t kMaxRecords = 64;
constexpr std::size_t kMaxMembers = 128;

using Member = std::pair<std::string, std::string>;  // key, string value
using Record = std::vector<Member>;

// One shape's condition as the YAML writes it, read independently of the
// router (and of its field indexes).
struct Condition {
  std::vector<std::string> all, any, none;
  std::vector<std::pair<std::string, std::string>> values;  // field, glob
};

std::vector<Condition> ReadConditions(std::string_view yaml) {
  std::vector<Condition> conditions;
  try {
    const YAML::Node shapes = YAML::Load(std::string(yaml))["shapes"];
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      Condition c;
      for (const auto& kv : shapes[i]["when"]) {
        const auto key = kv.first.as<std::string>();
        if (key == "values") {
          for (const auto& v : kv.second) {
            c.values.emplace_back(v.first.as<std::string>(), v.second.as<std::string>());
          }
          continue;
        }
        auto& list = key == "all" ? c.all : key == "any" ? c.any : c.none;
        for (const auto& f : kv.second) list.push_back(f.as<std::string>());
      }
      conditions.push_back(std::move(c));
    }
  } catch (const YAML::Exception&) {
    FUZZ_CHECK(false, "YAML the router accepted reads again");
  }
  return conditions;
}

// The value of the last member named `key`, or nullptr if there is none
// (See keeps the last value it was given).
const std::string* Find(const Record& record, const std::string& key) {
  for (auto it = record.rbegin(); it != record.rend(); ++it) {
    if (it->first == key) return &it->second;
  }
  return nullptr;
}

bool Holds(const Condition& c, const Record& record) {
  const auto present = [&](const std::string& f) { return Find(record, f) != nullptr; };
  if (!std::all_of(c.all.begin(), c.all.end(), present)) return false;
  if (!c.any.empty() && std::none_of(c.any.begin(), c.any.end(), present)) return false;
  if (std::any_of(c.none.begin(), c.none.end(), present)) return false;
  return std::all_of(c.values.begin(), c.values.end(), [&](const auto& fv) {
    const std::string* value = Find(record, fv.first);
    return value != nullptr && GlobMatches(fv.second, *value);
  });
}

int ReferenceChoose(const std::vector<Condition>& conditions, const Record& record) {
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    if (Holds(conditions[i], record)) return static_cast<int>(i);
  }
  return -1;
}

int Route(const PolicyRouter& router, const Record& record, PolicyRouter::Probe& probe) {
  probe.Reset();
  for (const auto& [key, value] : record) router.See(key, value, probe);
  const int chosen = router.Choose(probe);
  FUZZ_CHECK(chosen >= -1 && chosen < static_cast<int>(router.shapes().size()),
             "Choose returns -1 or a shape index");
  return chosen;
}

std::size_t Distinct(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return static_cast<std::size_t>(std::unique(names.begin(), names.end()) - names.begin());
}

void CheckShapes(const PolicyRouter& router, const std::vector<Condition>& conditions) {
  const auto& shapes = router.shapes();
  FUZZ_CHECK(!shapes.empty(), "a router has a shape");
  FUZZ_CHECK(conditions.size() == shapes.size(), "one shape per YAML entry");
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const PolicyRouter::Shape& s = shapes[i];
    const Condition& c = conditions[i];
    for (std::size_t j = 0; j < i; ++j) {
      FUZZ_CHECK(shapes[j].policy != s.policy, "one shape per policy");
    }
    FUZZ_CHECK(s.all.any() || s.any.any() || !s.values.empty(), "a shape needs a present field");
    FUZZ_CHECK((s.all & s.none).none() && (s.any & s.none).none(),
               "no field both required and excluded");
    FUZZ_CHECK(s.all.count() == Distinct(c.all) && s.any.count() == Distinct(c.any) &&
                   s.none.count() == Distinct(c.none),
               "a FieldSet has one bit per distinct name");
    FUZZ_CHECK(s.values.size() == c.values.size(), "one glob per `values` entry");
    for (std::size_t v = 0; v < s.values.size(); ++v) {
      FUZZ_CHECK(s.values[v].first >= 0 &&
                     static_cast<std::size_t>(s.values[v].first) < PolicyRouter::kMaxFields,
                 "a value's field index is in range");
      FUZZ_CHECK(s.values[v].second == c.values[v].second, "globs kept as written");
    }
  }
}

// A record shape i's condition accepts, if the condition can hold at all.
Record Witness(const Condition& c) {
  Record record;
  for (const std::string& f : c.all) record.emplace_back(f, "");
  if (!c.any.empty()) record.emplace_back(c.any.front(), "");
  for (const auto& [f, glob] : c.values) {
    std::string value = glob;
    value.erase(std::remove(value.begin(), value.end(), '*'), value.end());
    record.emplace_back(f, std::move(value));
  }
  return record;
}

// The records written in the input's "#>" comment lines.
std::vector<Record> ReadRecords(std::string_view text) {
  std::vector<Record> records(1);
  std::size_t begin = 0;
  while (begin < text.size() && records.size() <= kMaxRecords) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    if (!line.starts_with("#>")) continue;
    line.remove_prefix(2);
    if (line.starts_with(' ')) line.remove_prefix(1);
    if (line.empty()) {
      if (!records.back().empty()) records.emplace_back();
      continue;
    }
    if (records.back().size() == kMaxMembers) continue;
    const std::size_t eq = line.find('=');
    records.back().emplace_back(std::string(line.substr(0, eq)),
                                eq == std::string_view::npos ? "" : line.substr(eq + 1));
  }
  return records;
}

}  // namespace
}  // namespace scrubline

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto parsed = PolicyRouter::Parse(yaml, "fuzz.yaml");
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().message().starts_with("fuzz.yaml: "), "an error names the source");
    return 0;
  }
  const PolicyRouter& router = **parsed;
  FUZZ_CHECK(PolicyRouter::LooksLikeRouter(yaml), "an accepted router looks like one");
  FUZZ_CHECK(router.source_name() == "fuzz.yaml", "source name kept");
  FUZZ_CHECK(router.source_text() == yaml, "source text kept (it is fingerprinted)");
  const std::string& vid = router.versioned_id();
  FUZZ_CHECK(vid.size() > router.id().size() + 1 && vid.starts_with(router.id()) &&
                 vid[router.id().size()] == '@',
             "versioned id is id@version");
  const std::string_view version = std::string_view(vid).substr(router.id().size() + 1);
  FUZZ_CHECK(
      version.find_first_not_of("0123456789") == std::string_view::npos && version.front() != '0',
      "version is a number >= 1");

  const std::vector<Condition> conditions = ReadConditions(yaml);
  CheckShapes(router, conditions);
  PolicyRouter::Probe probe;
  FUZZ_CHECK(Route(router, {}, probe) == -1, "a record with no members gets the fallback");
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    const Record witness = Witness(conditions[i]);
    const int chosen = Route(router, witness, probe);
    FUZZ_CHECK(chosen == ReferenceChoose(conditions, witness),
               "Choose is the first shape whose condition holds");
    FUZZ_CHECK(chosen >= 0 && chosen <= static_cast<int>(i),
               "every shape can match: its witness record is never the fallback");
  }
  for (const Record& record : ReadRecords(yaml)) {
    FUZZ_CHECK(Route(router, record, probe) == ReferenceChoose(conditions, record),
               "Choose is the first shape whose condition holds");
  }
  return 0;
}
