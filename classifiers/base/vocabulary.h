// The closed vocabularies besides entity types: output kinds, policy actions
// and dead-letter error codes. Headers, metrics and reports use these names
// only, so a label value can never come from record data.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace scrubline {

// Value of the scrubline.kind header.
#define SCRUBLINE_OUTPUT_KINDS(X) \
  X(kUsage, "usage")              \
  X(kContent, "content")          \
  X(kDeadLetter, "dead_letter")   \
  X(kAlert, "alert")              \
  X(kReview, "review")

// What the policy did to one field (scrubline.actions header: ACTION=n).
#define SCRUBLINE_ACTIONS(X)     \
  X(kKeep, "keep")               \
  X(kDrop, "drop")               \
  X(kToken, "token")             \
  X(kGeneralize, "generalize")   \
  X(kRedact, "redact")           \
  X(kEncrypt, "encrypt")         \
  X(kMask, "mask")               \
  X(kShiftDate, "shift_date")

// scrubline.error.code of a dead letter.
#define SCRUBLINE_ERROR_CODES(X)              \
  X(kEmptyRecord, "empty_record")             \
  X(kTooLarge, "too_large")                   \
  X(kInvalidUtf8, "invalid_utf8")             \
  X(kInvalidJson, "invalid_json")             \
  X(kNotAnObject, "not_an_object")            \
  X(kTooDeep, "too_deep")                     \
  X(kTooManyFields, "too_many_fields")        \
  X(kTransformFailed, "transform_failed")     \
  X(kInvalidFeedback, "invalid_feedback")

#define SCRUBLINE_DECLARE_VOCABULARY(Enum, LIST, NameFn, CountConst) \
  enum class Enum : unsigned char {                                  \
    LIST(SCRUBLINE_VOCAB_ENUMERATOR)                                 \
  };                                                                 \
  inline constexpr std::size_t CountConst = 0 LIST(SCRUBLINE_VOCAB_COUNT); \
  constexpr std::string_view NameFn(Enum v) {                        \
    constexpr std::string_view kNames[] = {LIST(SCRUBLINE_VOCAB_NAME)}; \
    return kNames[static_cast<std::size_t>(v)];                      \
  }

#define SCRUBLINE_VOCAB_ENUMERATOR(name, text) name,
#define SCRUBLINE_VOCAB_COUNT(name, text) +1
#define SCRUBLINE_VOCAB_NAME(name, text) text,

// Inverse of a vocabulary's NameFn: the value named exactly `name`, if any.
// A linear scan over a handful of names: for parsing flags, files and
// records, not for lookups per field.
template <typename Enum, std::size_t kCount>
constexpr std::optional<Enum> ParseVocabulary(std::string_view (*name_of)(Enum),
                                              std::string_view name) {
  for (std::size_t i = 0; i < kCount; ++i) {
    if (name_of(static_cast<Enum>(i)) == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

SCRUBLINE_DECLARE_VOCABULARY(OutputKind, SCRUBLINE_OUTPUT_KINDS, OutputKindName, kOutputKindCount)
SCRUBLINE_DECLARE_VOCABULARY(Action, SCRUBLINE_ACTIONS, ActionName, kActionCount)
SCRUBLINE_DECLARE_VOCABULARY(ErrorCode, SCRUBLINE_ERROR_CODES, ErrorCodeName, kErrorCodeCount)

}  // namespace scrubline
