// Validators: cheap structural checks that turn a regex candidate into a
// finding (or drop it). A pattern finds text that *looks* like an entity; a
// validator checks what a regex cannot say cheaply: checksums (Luhn), numeric
// ranges (IPv4 octets, SSN areas), country-code plausibility, label lengths.
//
// Every function is pure, thread-safe, allocation-free and linear in the
// candidate's length (candidates are short: the patterns bound them). They
// read bytes only, so any input (including invalid UTF-8) is safe.
//
// Catalog entries name a validator by its catalog name ("luhn", "phone", ...);
// ParseValidator maps the name to the enum and Validate dispatches, also
// looking at the bytes around the span where the entity's grammar needs it
// (an IPv4 address followed by ".7" is part of a longer dotted number).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace scrubline {

// A validator's entry point: the whole scanned text and the candidate's span
// text[begin, end), so it can look at neighbouring bytes.
using ValidatorFn = bool (*)(std::string_view text, std::size_t begin, std::size_t end);

// The core validators (this file): X(enumerator, catalog name, ValidatorFn).
#define SCRUBLINE_PII_CORE_VALIDATORS(X)       \
  X(kNone, "none", NoneInText)                 \
  X(kLuhn, "luhn", LuhnInText)                 \
  X(kCreditCard, "credit_card", CreditCardInText) \
  X(kIpv4, "ipv4", Ipv4InText)                 \
  X(kIpv6, "ipv6", Ipv6InText)                 \
  X(kEmail, "email", EmailInText)              \
  X(kPhone, "phone", PhoneInText)              \
  X(kUsSsn, "us_ssn", UsSsnInText)

bool NoneInText(std::string_view text, std::size_t begin, std::size_t end);
bool LuhnInText(std::string_view text, std::size_t begin, std::size_t end);
bool CreditCardInText(std::string_view text, std::size_t begin, std::size_t end);
bool Ipv4InText(std::string_view text, std::size_t begin, std::size_t end);
bool Ipv6InText(std::string_view text, std::size_t begin, std::size_t end);
bool EmailInText(std::string_view text, std::size_t begin, std::size_t end);
bool PhoneInText(std::string_view text, std::size_t begin, std::size_t end);
bool UsSsnInText(std::string_view text, std::size_t begin, std::size_t end);

// True if text[begin, end) is glued to more digits by '.' or '-' on either
// side ("2021-415-555-0100", "3.4111111111111111"): then it is part of a
// longer number, not an entity of its own. For the family validators too.
bool InsideLongerNumber(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace scrubline

// Each family of validators lives in its own file pair and contributes its
// own X-list, so families grow without touching each other.
#include "classifiers/pii/device_validators.h"     // SCRUBLINE_PII_DEVICE_VALIDATORS
#include "classifiers/pii/financial_validators.h"  // SCRUBLINE_PII_FINANCIAL_VALIDATORS
#include "classifiers/pii/identity_validators.h"   // SCRUBLINE_PII_IDENTITY_VALIDATORS
#include "classifiers/pii/secret_validators.h"     // SCRUBLINE_PII_SECRET_VALIDATORS

namespace scrubline {

// Every validator a catalog entry can name.
#define SCRUBLINE_PII_VALIDATORS(X)      \
  SCRUBLINE_PII_CORE_VALIDATORS(X)       \
  SCRUBLINE_PII_FINANCIAL_VALIDATORS(X)  \
  SCRUBLINE_PII_IDENTITY_VALIDATORS(X)   \
  SCRUBLINE_PII_DEVICE_VALIDATORS(X)     \
  SCRUBLINE_PII_SECRET_VALIDATORS(X)

enum class Validator : unsigned char {
#define SCRUBLINE_X(name, text, fn) name,
  SCRUBLINE_PII_VALIDATORS(SCRUBLINE_X)
#undef SCRUBLINE_X
};

// "luhn" for Validator::kLuhn. The view is static.
std::string_view ValidatorName(Validator v);
// Inverse of ValidatorName; nullopt for an unknown name.
std::optional<Validator> ParseValidator(std::string_view name);
// The catalog names, comma-separated, for error messages.
const std::string& ValidatorNames();

// Runs `v` on text[begin, end). `text` is the whole scanned text so that the
// validator can look at the neighbouring bytes; begin <= end <= text.size().
bool Validate(Validator v, std::string_view text, std::size_t begin, std::size_t end);

// Where the finding of a span text[begin, end) that `v` accepted begins:
// `begin`, except for a validator whose pattern anchors on a label that is
// not personal data itself (labelled_secret: "password: <value>" reports
// the value). The end is never moved.
std::size_t ReportedBegin(Validator v, std::string_view text, std::size_t begin, std::size_t end);

// --- The individual checks, on the candidate alone (unit-testable). ---

// Luhn (mod 10) over the decimal digits of `s`, ignoring every other byte.
// False when `s` holds no digit.
bool LuhnValid(std::string_view s);

// A payment card number, Luhn-checked: PaymentCardValid(s, kLuhn) in
// financial_validators.h, which documents the issuer prefixes and lengths
// (Visa, Mastercard incl. 2-series, Amex, Discover, JCB, Diners, UnionPay,
// Maestro incl. 12 digits, UATP) and the printed groupings.
bool CreditCardValid(std::string_view s);

// A dotted-quad IPv4 address, each octet 0-255 written in 1-3 digits,
// optionally followed by a CIDR prefix "/0".."/32".
bool Ipv4Valid(std::string_view s);

// A textual IPv6 address (RFC 4291 section 2.2 forms: eight groups, "::"
// compression at most once, an embedded dotted quad as the last 32 bits),
// optionally followed by a zone "%eth0" and/or a prefix "/0".."/128".
// Addresses writing fewer than two groups ("::", "::1", "1::") fail: they are
// the unspecified and loopback addresses, never personal data, and "::"
// alone is far more often punctuation.
bool Ipv6Valid(std::string_view s);

// local@domain with: local part 1-64 bytes of [A-Za-z0-9._%+-], not starting
// or ending with '.', no ".."; domain of >= 2 labels, each 1-63 bytes of
// [A-Za-z0-9-] not starting or ending with '-'; the last label alphabetic
// (2-63) or an IDNA label "xn--..."; at most 254 bytes in all. An
// alphabetic last label must also be an existing top-level domain once a
// list is installed (top_level_domains.h; PiiClassifier::Create does).
bool EmailValid(std::string_view s);

// A phone number, E.164 or a supported country's national written form:
// compiled numbering-plan tables decide most numbers, libphonenumber
// (behind a lock-free cache) confirms the doubtful ones. See phone_numbers.h.
bool PhoneValid(std::string_view s);

// A US Social Security number: 9 digits (separators ignored); area not 000,
// 666 or 900-999; group not 00; serial not 0000.
bool UsSsnValid(std::string_view s);

}  // namespace scrubline
