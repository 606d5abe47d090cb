// FieldNameVocabulary: which personal-data concept a JSON key name denotes,
// for schemaless data where no policy names the field.
//
// `emailAddr`, `e_mail`, `mail_address` and `contact_email` all classify as
// the concept `email`; `email_verified`, `has_email` and `name` classify as
// nothing (-1). The concepts, their synonyms and the words that qualify or
// disqualify a key are data: patterns/fields/names.yaml (its header
// comment is the format's manual). The policy engine maps a concept to an
// action; this class only names the concept.
//
// How a key is matched (Classify):
//  1. Normalise. The key is split into words at every ASCII byte that is not
//     a letter or digit (`_ - . space $ /` …), at lower→Upper camelCase
//     boundaries, before the last capital of an acronym run ("HTTPUser" →
//     http user) and at letter/digit boundaries; words are lower-cased. A key
//     with a byte >= 0x80 (any UTF-8, valid or not), more than kMaxKeyBytes
//     bytes, more than kMaxKeyWords words or no letter or digit is -1: key
//     names of personal data are ASCII and short, and refusing the rest keeps
//     the work bounded and the buffers on the stack.
//  2. Disqualify. If any word is one of the file's `disqualifiers`
//     ("verified", "count", "has", "opt", …) the key describes a value rather
//     than holding one: -1.
//  3. Strip. For each concept, leading and trailing words that are
//     qualifiers (the file's global `qualifiers`, the concept's own, and any
//     all-digit word) may be dropped, in every combination that leaves at
//     least one word: "home_phone_2" is tried as home phone 2, phone 2,
//     home phone, phone.
//  4. Exact. A candidate whose words, joined without separators, equal a
//     synonym's joined words is a match ("e mail", "e-mail" and "email" are
//     the same synonym). Fewest stripped words wins, then the concept written
//     first. No synonym is written twice in the file (the loader refuses it),
//     so two concepts can only tie across different strippings.
//  5. Fuzzy, only if no exact match. Damerau–Levenshtein distance (optimal
//     string alignment) between the candidate and each synonym not listed as
//     `exact_only`: at most 1 edit for a synonym of 5..8 joined bytes, 2 for 9
//     or more, none below 5 ("emial", "adress", "phonenumbr" match; "main"
//     does not match "mail"). Typos keep the shape of a word, so:
//     - the first letter never changes ("hone" is not "phone");
//     - a second edit keeps the last letter and the length within one
//       ("android" is not "android id");
//     - when candidate and synonym have the same number of words (two or
//       more) every word must be within its own budget, so "part_number" is
//       not "card number" nor "first_page" "first name", while "phone_numbr"
//       is "phone number"; with different word counts a multi-word synonym
//       allows one edit only ("accessory" is not "access key").
//     Lowest distance wins, then fewest stripped words, then the concept
//     written first.
//
// Thread-safety: immutable after Parse; every method is const and safe to
// call from any number of threads. Cost: Classify works in fixed-size stack
// buffers and never allocates; it compares the key's few strippings with
// every synonym, and most fuzzy comparisons stop at a length or character-set
// check before the banded edit distance: about 1 µs per key with the shipped
// file on these 2-core machines, so a caller that sees the same keys over
// and over may still cache per key. Copyable and movable (vectors of strings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/entity_type.h"
#include "classifiers/base/status.h"

namespace scrubline {

class FieldNameVocabulary {
 public:
  // Keys longer or with more words than this classify as -1 (see step 1).
  static constexpr std::size_t kMaxKeyBytes = 128;
  static constexpr int kMaxKeyWords = 16;

  // `source_name` is used in error messages ("field_names.yaml: concepts.email
  // (line 12): …"). Unknown keys, unknown entity types, duplicate concepts or
  // synonyms, empty synonym lists and malformed words are errors.
  static StatusOr<FieldNameVocabulary> Parse(std::string_view yaml_text, std::string source_name);
  static StatusOr<FieldNameVocabulary> LoadFile(const std::string& path);

  // The index of the concept `key` denotes, or -1. Never allocates.
  int Classify(std::string_view key) const;
  // The index of the concept named `concept_name`, or -1.
  int Find(std::string_view concept_name) const;
  // Both take an index in [0, concept_count()) (asserted).
  const std::string& concept_name(int concept_index) const;
  // The closest entity type of the concept (its `entity:`), if it has one:
  // what a policy would tokenise or report the value as.
  std::optional<EntityType> entity(int concept_index) const;
  std::size_t concept_count() const { return concepts_.size(); }

  // What the matcher stores per synonym and per concept (public so the .cc's
  // helpers can take them; not part of the API).
  struct Synonym {
    std::string words;             // "mail address": lower-case words, single spaces
    std::string joined;            // "mailaddress": what steps 4 and 5 compare
    std::uint64_t characters = 0;  // which of a-z, 0-9 occur: a cheap filter
    int word_count = 1;
    bool fuzzy = true;  // false for `exact_only` entries
  };
  struct Concept {
    std::string name;
    std::optional<EntityType> entity;
    std::vector<Synonym> synonyms;
    std::vector<std::string> qualifiers;  // its own (not the global ones), sorted
  };

 private:
  FieldNameVocabulary() = default;

  std::vector<Concept> concepts_;
  std::vector<std::string> qualifiers_;     // global, sorted
  std::vector<std::string> disqualifiers_;  // sorted
};

}  // namespace scrubline
