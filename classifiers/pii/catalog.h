// The PII catalog: the data that says what personal data looks like.
//
// patterns/pii/*.yaml, loaded in file-name order (schema: patterns/README.md,
// "PII catalog"). Each entry is one regular expression in the subset both
// Hyperscan and RE2 accept, the entity type it reports, a validator, a base
// score, optional context words, and examples that the loaded classifier must
// reproduce (PiiClassifier::Create checks them, so a catalog cannot ship an
// entry that misses its own examples).
//
// Loading only parses and checks the schema; the patterns are compiled by
// MatchEngine. Every error names the file, the entry id (or its position when
// the id is missing) and the problem; never record data (a catalog holds none).
// Plain value types: copyable, immutable once loaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classifiers/base/entity_type.h"
#include "classifiers/base/status.h"
#include "classifiers/pii/validators.h"
#include "classifiers/pii/value_lists.h"

namespace scrubline {

// Where data of this kind belongs in a telecom record: the subscriber's
// account, usage (traffic) metadata, or message content.
enum class DataCategory : unsigned char { kAccount, kUsage, kContent };
std::string_view DataCategoryName(DataCategory c);

// The privacy-law category (CCPA-style) of an entity: reports and policies
// group findings by it.
#define SCRUBLINE_PRIVACY_CATEGORIES(X)     \
  X(kIdentifiers, "identifiers")            \
  X(kContact, "contact")                    \
  X(kFinancial, "financial")                \
  X(kGovernmentId, "government_id")         \
  X(kGeolocation, "geolocation")            \
  X(kInternetActivity, "internet_activity") \
  X(kCredentials, "credentials")            \
  X(kHealth, "health")                      \
  X(kBiometric, "biometric")                \
  X(kDemographic, "demographic")

enum class PrivacyCategory : unsigned char {
#define SCRUBLINE_X(name, text) name,
  SCRUBLINE_PRIVACY_CATEGORIES(SCRUBLINE_X)
#undef SCRUBLINE_X
};
std::string_view PrivacyCategoryName(PrivacyCategory c);

// Raises a candidate's score when one of `words` (ASCII case-insensitive,
// starting at a word boundary) occurs in the `window` bytes before it.
// Words near a candidate that change what it is worth. Words are looked for
// at word starts within `window` bytes before the match and after it.
struct ContextRule {
  std::vector<std::string> words;  // lower-cased; empty: no context rule
  std::uint32_t window = 0;        // bytes on each side of the match
  float boost = 0;                 // added to the score, capped at 1
  // A candidate without one of `words` nearby is dropped (types that are
  // only personal data in context: routing numbers, passports, wallets).
  bool required = false;
  std::vector<std::string> against;  // lower-cased words that lower the score
  float penalty = 0;                 // subtracted when one of `against` is near
  // Ids of `words` and `against` in the classifier's ContextVocabulary
  // (context_words.h); filled by PiiClassifier::Create, not by the loader.
  std::vector<std::uint16_t> word_ids;
  std::vector<std::uint16_t> against_ids;
};

// One example of an entry. A match example must be found, with the entry's
// type, covering exactly `span` (a substring of `text`; the whole text when
// the catalog writes a plain string). A no-match example must yield no
// finding of the entry's type.
struct CatalogExample {
  std::string text;
  std::string span;
};

struct CatalogEntry {
  std::string id;    // unique across the catalog
  std::string file;  // the catalog file it came from (relative), for messages
  EntityType type;
  DataCategory data_category;
  PrivacyCategory privacy_category;
  std::string pattern;  // ASCII regex, Hyperscan and RE2 compatible
  Validator validator = Validator::kNone;
  float score = 0;  // 0..1
  ContextRule context;
  // The entry finds values already partly masked ("***-**-1234",
  // "+1415555XXXX"): its findings carry Finding::masked.
  bool masked = false;
  std::vector<CatalogExample> match_examples;
  std::vector<CatalogExample> no_match_examples;

  // "file \"phone.yaml\", entry \"phone_e164\"": the prefix of every message
  // about this entry.
  std::string Where() const;
};

struct Catalog {
  std::vector<CatalogEntry> entries;  // in load order: the catalog order
  // The files' `allow:` and `deny:` lists, in load order (value_lists.h).
  std::vector<AllowEntry> allow;
  std::vector<DenyEntry> deny;
  // (path relative to the catalog dir, file bytes), sorted by path.
  std::vector<std::pair<std::string, std::string>> source_files;
};

// The most entries one catalog may hold (Finding::rule is 16 bits).
inline constexpr std::size_t kMaxCatalogEntries = 65535;

// Parses one catalog file's bytes; `file_name` is used in messages and
// recorded in each entry. Checks the schema, not the regex syntax. A file
// holds `entries`, and/or `allow` and `deny` lists, which are appended to
// `lists_allow` / `lists_deny`.
StatusOr<std::vector<CatalogEntry>> ParseCatalogFile(std::string_view file_name,
                                                     std::string_view bytes,
                                                     std::vector<AllowEntry>& lists_allow,
                                                     std::vector<DenyEntry>& lists_deny);

// Loads every regular file named *.yaml directly under `dir`, sorted by name,
// and checks the catalog as a whole (at least one entry, unique ids).
StatusOr<Catalog> LoadCatalog(const std::string& dir);

}  // namespace scrubline
