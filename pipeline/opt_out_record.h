// The records of the opt-out / deletion topic (topics.opt_out, compacted;
// issue 4, "Opt-outs and deletions"):
//
//   key    a subject id (classifiers/crypto/subject_id.h), e.g. "phone:…"
//   value  {"reason":"opt_out"|"deletion"|"cpni_restrict","at":"<RFC 3339>"}
//   null   a tombstone: the subject is no longer listed (compaction then
//          forgets the key)
//
// This file is the format, both ways: `scrubline optout` writes values with
// AppendOptOutValue, OptOutTable reads them with ParseOptOutValue. Pure
// functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "classifiers/base/status.h"
#include "classifiers/base/vocabulary.h"

namespace scrubline {

#define SCRUBLINE_OPT_OUT_REASONS(X) \
  X(kOptOut, "opt_out")              \
  X(kDeletion, "deletion")           \
  X(kCpniRestrict, "cpni_restrict")

// OptOutReason, OptOutReasonName ("opt_out"; the view is static),
// kOptOutReasonCount.
SCRUBLINE_DECLARE_VOCABULARY(OptOutReason, SCRUBLINE_OPT_OUT_REASONS, OptOutReasonName,
                             kOptOutReasonCount)

// Inverse of OptOutReasonName (exact); nullopt for anything else.
inline std::optional<OptOutReason> ParseOptOutReason(std::string_view name) {
  return ParseVocabulary<OptOutReason, kOptOutReasonCount>(OptOutReasonName, name);
}

// A value longer than this is malformed (a real one is ~60 bytes); the bound
// lets the parser work in a fixed buffer.
inline constexpr std::size_t kMaxOptOutValueBytes = 1024;

// Parses a record value strictly: valid JSON (simdjson), an object with
// exactly the members "reason" (a reason name) and "at" (an RFC 3339
// date-time, see IsRfc3339DateTime), each once; anything else, including an
// empty value (kcat without -Z sends a tombstone as ""), is INVALID_ARGUMENT
// naming the problem, never quoting the value. "at" is checked, not returned:
// nothing downstream needs it yet.
// Cost: one copy into a stack buffer and a DOM parse with a per-thread reused
// simdjson parser (~0.2 µs); no allocation once a thread has parsed once.
StatusOr<OptOutReason> ParseOptOutValue(std::string_view value);

// Appends {"reason":"<name>","at":"<at>"} to `out` (what ParseOptOutValue
// reads). `at` should satisfy IsRfc3339DateTime.
void AppendOptOutValue(OptOutReason reason, std::string_view at, std::string& out);

// RFC 3339 section 5.6 date-time: "2026-11-01T10:00:00Z",
// "2026-11-01t10:00:00.123+02:00"; 'T'/'Z' in either case, optional
// fraction, "Z" or a ±HH:MM offset, ranges checked (month, day of that month
// including 29 February in leap years, hour, minute, second 00-60).
bool IsRfc3339DateTime(std::string_view text);

// The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds).
std::string Rfc3339UtcNow();

}  // namespace scrubline
