// Validators for national and personal identifiers: ITIN, passports, driving licences, NINO, NHS, DNI/NIE, codice fiscale, Aadhaar, dates of birth, coordinates.
//
// This family contributes SCRUBLINE_PII_IDENTITY_VALIDATORS(X) to the
// registry in validators.h: X(enumerator, catalog name, ValidatorFn) where
// the function has the signature of ValidatorFn (whole text + span, so it
// may look at neighbouring bytes). Like every validator: pure, thread-safe,
// allocation-free, linear in the span, safe on any bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace scrubline {

#define SCRUBLINE_PII_IDENTITY_VALIDATORS(X)

}  // namespace scrubline
