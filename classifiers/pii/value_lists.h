// Allow lists and deny lists: the catalog's exceptions, as data.
//
// An allow list names values that look like personal data but are not: the
// company's own support number, documented test card numbers. A finding of
// an allow-listed type whose *canonical* value equals a listed value's is not
// reported, however it is written ("+1 888 555 0142", "(888) 555-0142",
// "1-888-555-0142" are one number). A deny list names terms that are always
// reported (project code names, internal host names): each becomes one more
// literal pattern of the match engine, type CUSTOM_TERM unless the entry
// names another, validator none, score 1.
//
// Both come from patterns/pii/*.yaml (top-level `allow:` / `deny:`, schema in
// patterns/README.md) and from a policy's `pii:` section, which adds to the
// catalog's lists (PiiClassifierOptions::extra_allow / extra_deny).
//
// Canonical forms (CanonicalAllowKey):
//  - PHONE: digits, marked international ("+" or "00" written) or national.
//    A listed number must be written internationally; its national written
//    forms are derived for the regions of the phone table (phone_numbers.h):
//    NANP "888 555 0142" and "1 888 555 0142", trunk-0 countries "020 ...",
//    countries without a trunk prefix (ES, IT, MX) the bare national number.
//    An extension ("x23", "ext. 23") is ignored: the listed line with any
//    extension is the listed line. "(0)" after a country code is ignored.
//  - card, account and national numbers (CREDIT_CARD, US_SSN, IMEI, ...):
//    digits only.
//  - IBAN, SWIFT_BIC, UK_NINO, passports, MAC_ADDRESS, ...: letters and
//    digits only, upper-cased.
//  - EMAIL, IP_ADDRESS, SIP_URI: ASCII lower-cased.
//  - anything else: the value as written.
//
// The allow check runs on every finding of a listed type and allocates
// nothing: the finding's canonical key is built in a fixed stack buffer and
// looked up in a sorted vector.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/entity_type.h"
#include "classifiers/base/status.h"

namespace YAML {
class Node;
}

namespace scrubline {

// One allow-listed value.
struct AllowEntry {
  EntityType type = EntityType::kPhone;
  std::string value;  // as written in the list
  std::string note;   // why it is listed; documentation only
  std::string where;  // names the entry in messages, e.g. `... "lists.yaml": allow #2`
};

// One deny-listed term.
struct DenyEntry {
  std::string term;  // ASCII case-insensitive, matched at word boundaries
  EntityType type = EntityType::kCustomTerm;
  std::string note;
  std::string where;  // names the entry in messages (never the term)
  std::string id;     // the rule id it gets in the classifier, e.g. "lists_deny_1"
};

// The longest value or term a list may hold, in bytes.
inline constexpr std::size_t kMaxListValueBytes = 200;

// Parses a YAML list of allow entries ({type, value, note?}) and appends them
// to `out`. Errors read "<prefix>: <key> #<n> (line <l>): <problem>", e.g.
// `pii catalog file "lists.yaml": allow #2 (line 7): unknown type "PHONES"`
// or `strict.yaml: pii.allow #1 (line 12): ...`. A value that has no
// canonical form for its type (a PHONE not written internationally, a
// CREDIT_CARD without digits) is an error; list values are never echoed.
Status ParseAllowEntries(const YAML::Node& list, std::string_view prefix, std::string_view key,
                         std::vector<AllowEntry>& out);

// Parses a YAML list of deny entries ({term, type?, note?}) and appends them
// to `out`; rule ids are `<id_prefix>_deny_<n>` (n counts from 1 within the
// list). Errors as for ParseAllowEntries; terms are never echoed.
Status ParseDenyEntries(const YAML::Node& list, std::string_view prefix, std::string_view key,
                        std::string_view id_prefix, std::vector<DenyEntry>& out);

// The regular expression of a deny term, accepted by Hyperscan and RE2 alike:
// ASCII letters as [xX] classes (no case folding of other bytes, so both
// engines agree byte for byte), punctuation escaped, bytes >= 0x80 as \xHH,
// each run of whitespace as [ \t\r\n]+, and \b at an end that is a word
// character.
std::string DenyTermPattern(std::string_view term);

// The canonical key of `value` as a finding of `type` (see the header
// comment) written to `buf`: one byte for the type, then the canonical form.
// Returns its length, or 0 if it has none or does not fit in `capacity`.
std::size_t CanonicalAllowKey(EntityType type, std::string_view value, char* buf,
                              std::size_t capacity);

// The compiled allow list. Immutable; thread-safe.
class AllowList {
 public:
  // Keys of every entry (an international PHONE adds its national forms).
  // An entry without a canonical form is an error naming `entry.where`.
  static StatusOr<AllowList> Create(const std::vector<AllowEntry>& entries);

  bool empty() const { return keys_.empty(); }
  // True if `written` (a finding's text) is allow-listed as `type`.
  // No allocation.
  bool Contains(EntityType type, std::string_view written) const;

 private:
  std::vector<std::string> keys_;  // sorted, unique
  std::uint64_t types_ = 0;        // bit per listed type: most findings skip the lookup
};

}  // namespace scrubline
