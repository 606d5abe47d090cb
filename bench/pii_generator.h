// PiiCorpusGenerator: a labelled corpus of message texts for measuring the PII
// classifier, generated from the published specification of each identifier
// (checksums, numbering plans, registry formats) — deliberately NOT from the
// catalog's patterns (patterns/pii), so it can find the formats the catalog
// does not know instead of agreeing with it.
//
// Three kinds of message:
//   positive   one checksum-valid value of one type in a realistic SMS / chat /
//              e-mail / voice-transcript sentence, in every written form of
//              the type, with its gold span (UTF-8 byte offsets);
//   near_miss  a look-alike that is NOT that type (wrong checksum, wrong
//              length, an invalid prefix, a version / order / tracking number,
//              a date, an amount, or a context-only type without its context
//              words); no gold span;
//   clean      everyday text without personal data; no gold span.
// Text around values includes accents and emoji, so byte offsets are tested.
//
// Deterministic: the same options give the same corpus (own integer sampling
// on std::mt19937_64, no implementation-defined distributions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/entity_type.h"

namespace scrubline::bench {

enum class SampleKind : unsigned char { kPositive, kNearMiss, kClean };

// "positive", "near_miss", "clean": the `kind` values of the JSONL corpus.
std::string_view SampleKindName(SampleKind kind);

struct GoldSpan {
  EntityType type;
  std::uint32_t begin;  // UTF-8 byte offset, inclusive
  std::uint32_t end;    // exclusive
};

struct GeneratedMessage {
  std::string id;  // "gen-000001"
  SampleKind kind;
  // Positive: the type of the value. Near miss: the type it imitates. Clean:
  // unused (kEmail).
  EntityType target = EntityType::kEmail;
  // The written form ("amex/4-6-5", "e164") or the near-miss reason
  // ("bad_checksum", "no_context", "version_number", ...).
  std::string variant;
  // Positive: the value (== text at spans[0]). Near miss: the decoy string,
  // which occurs in text at value_begin. Clean: empty.
  std::string value;
  std::uint32_t value_begin = 0;
  std::string text;
  std::vector<GoldSpan> spans;  // exactly one for a positive, none otherwise
};

struct PiiGeneratorOptions {
  std::uint64_t seed = 20250101;
  int per_type = 2000;      // positives per type, and as many near misses
  int clean_messages = -1;  // -1: per_type
};

// The entity types the generator makes positives for, in generation order.
const std::vector<EntityType>& GeneratedTypes();

std::vector<GeneratedMessage> GeneratePiiCorpus(const PiiGeneratorOptions& options);

// One corpus line: {"id":..,"kind":..,"text":..,"spans":[{"type":..,"start":..,"end":..}]}
// (byte offsets), without a trailing newline.
std::string CorpusJsonLine(const GeneratedMessage& message);

}  // namespace scrubline::bench
