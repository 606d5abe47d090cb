// Fuzz target: Policy::Parse on arbitrary YAML.
//
// Policies are data files that may come from outside the repository
// (policy.bindings takes a path). yaml-cpp's exceptions must never escape,
// and a policy that parses must keep the promises policy.h and
// patterns/README.md make. Invariants on success:
//  - id is 1-64 chars of [A-Za-z0-9_.-]; version >= 1; versioned_id() is
//    "id@version"; source_name() and source_text() are what was passed;
//  - other_fields is redact, encrypt or drop (fail closed);
//  - record_key and join_key, when set, name fields whose action is token;
//  - default_calling_code, when set, is 1-3 digits not starting with 0;
//  - every rule reachable through RuleFor has an action this version supports,
//    output usage or content, and IP prefix lengths in range.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "classifiers/policy/policy.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

void CheckRule(const scrubline::FieldRule& rule) {
  using scrubline::Action;
  using scrubline::OutputKind;
  FUZZ_CHECK(rule.action == Action::kKeep || rule.action == Action::kDrop ||
                 rule.action == Action::kRedact || rule.action == Action::kToken ||
                 rule.action == Action::kGeneralize || rule.action == Action::kEncrypt ||
                 rule.action == Action::kMask,
             "only supported actions");
  FUZZ_CHECK(rule.output == OutputKind::kUsage || rule.output == OutputKind::kContent,
             "output is usage or content");
  FUZZ_CHECK(rule.ipv4_bits >= 0 && rule.ipv4_bits <= 32, "ipv4_bits in 0..32");
  FUZZ_CHECK(rule.ipv6_bits >= 0 && rule.ipv6_bits <= 128, "ipv6_bits in 0..128");
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  auto parsed = Policy::Parse(yaml, "fuzz.yaml");
  if (!parsed.ok()) {
    FUZZ_CHECK(!parsed.status().message().empty(), "an error says why");
    return 0;
  }
  const Policy& p = **parsed;
  FUZZ_CHECK(IsIdentifier(p.id()), "id is 1-64 chars of [A-Za-z0-9_.-]");
  FUZZ_CHECK(p.version() >= 1, "version >= 1");
  FUZZ_CHECK(p.versioned_id() == p.id() + "@" + std::to_string(p.version()), "versioned id");
  FUZZ_CHECK(p.source_name() == "fuzz.yaml", "source name kept");
  FUZZ_CHECK(p.source_text() == yaml, "source text kept (it is fingerprinted)");
  const FieldRule& other = p.other_fields();
  FUZZ_CHECK(other.action == Action::kRedact || other.action == Action::kDrop ||
                 other.action == Action::kEncrypt,
             "other_fields fails closed");
  CheckRule(other);
  for (const std::string* key : {&p.record_key_field(), &p.join_key_field()}) {
    if (key->empty()) continue;
    const FieldRule& rule = p.RuleFor(*key);
    FUZZ_CHECK(rule.action == Action::kToken, "record_key / join_key fields are tokenised");
    CheckRule(rule);
  }
  const std::string& code = p.default_calling_code();
  if (!code.empty()) {
    FUZZ_CHECK(code.size() <= 3 && code[0] != '0' &&
                   code.find_first_not_of("0123456789") == std::string::npos,
               "default_calling_code is 1-3 digits");
  }
  // The field names the shipped policies use: whatever rule they get is sane.
  for (std::string_view field : {"account_sid", "sid", "from", "to", "body", "client_ip", "status",
                                 "price", "uri", "tags"}) {
    CheckRule(p.RuleFor(field));
  }
  return 0;
}
