// Erasure notices: what a deletion tells downstream stores.
//
// Analytics stores already hold tokens of a subject who asks for deletion.
// The notice carries that subject's token under every key of the ring (old
// keys too: data written under them may still be stored), so each store can
// find and delete its rows without ever seeing the value:
//
//   {"subject":"phone:CYOgtiFKDOkWaj0tJ1g9ew","at":"2026-11-29T10:00:00Z",
//    "type":"PHONE","tokens":{"test1":"tok_test1_…","old0":"tok_old0_…"}}
//
// `type` is the entity type the shipped policies tokenise such a subject as
// (phone PHONE, email EMAIL, account PLATFORM_SID, user USER_ID): the tokens
// equal those in the outputs of fields of that type. Written by
// `scrubline optout --erasure-notice` for the erasures topic.
#pragma once

#include <string>
#include <string_view>

#include "classifiers/base/status.h"
#include "classifiers/crypto/key_ring.h"
#include "classifiers/crypto/subject_id.h"

namespace scrubline {

// Appends the notice for `value` (in clear, canonicalised like a token:
// national phone numbers with `default_calling_code`) to `out`. `subject_id`
// is its id (SubjectIdBuilder::Append). Errors never contain the value.
Status AppendErasureNotice(const KeyRing& ring, SubjectType type, std::string_view value,
                           std::string_view default_calling_code, std::string_view subject_id,
                           std::string_view at, std::string& out);

}  // namespace scrubline
