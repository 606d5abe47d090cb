// Validators for network and device identifiers: MAC addresses, IMEI, ICCID,
// advertising ids, SIP URIs.
//
// This family contributes SCRUBLINE_PII_DEVICE_VALIDATORS(X) to the
// registry in validators.h: X(enumerator, catalog name, ValidatorFn) where
// the function has the signature of ValidatorFn (whole text + span, so it
// may look at neighbouring bytes). Like every validator: pure, thread-safe,
// allocation-free, linear in the span, safe on any bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace scrubline {

#define SCRUBLINE_PII_DEVICE_VALIDATORS(X)                 \
  X(kMacAddress, "mac_address", MacAddressInText)          \
  X(kImei, "imei", ImeiInText)                             \
  X(kIccid, "iccid", IccidInText)                          \
  X(kAdvertisingId, "advertising_id", AdvertisingIdInText) \
  X(kSipUri, "sip_uri", SipUriInText)

// --- Entry points (whole text + span). ---

// MacAddressValid, and the address is not one group of a longer run of hex
// groups ("aa:bb:cc:dd:ee:ff:00", a colon-separated fingerprint, the tail
// of an IPv6 address): no separator + hex group glued on either side. A hex
// run that ends a word ("mac:aa:...", "HWaddr") does not count as a group.
bool MacAddressInText(std::string_view text, std::size_t begin, std::size_t end);
// ImeiValid; not the tail of "+<digits>" (an international phone number)
// and not glued to more digits by '.' or '-'.
bool ImeiInText(std::string_view text, std::size_t begin, std::size_t end);
// IccidValid; not glued to more digits by '.' or '-'.
bool IccidInText(std::string_view text, std::size_t begin, std::size_t end);
// AdvertisingIdValid; not glued to more '-'-separated alphanumerics (a
// longer dashed id that merely contains a UUID).
bool AdvertisingIdInText(std::string_view text, std::size_t begin, std::size_t end);
// SipUriValid on the span alone.
bool SipUriInText(std::string_view text, std::size_t begin, std::size_t end);

// --- The checks on the candidate alone (unit-testable). ---

// A 48-bit MAC address in one of its written forms: six hex pairs joined by
// one consistent separator ("00:1a:2b:3c:4d:5e" or "00-1A-2B-3C-4D-5E"), or
// Cisco's three dotted quads ("001a.2b3c.4d5e", which must hold at least one
// hex letter: all-digit dotted quads are far more often versions or
// numbers). Not all zeros and not the broadcast address ff:ff:ff:ff:ff:ff.
bool MacAddressValid(std::string_view s);

// An IMEI (3GPP TS 23.003): 15 digits, Luhn-valid, not one digit repeated;
// written unseparated or in the printed groups 2-6-6-1 (RBI, rest of TAC,
// serial, check digit) or 8-6-1 (TAC, serial, check) with one separator
// kind (' ' or '-'). The catalog pattern decides which reporting-body
// prefixes an entry admits.
bool ImeiValid(std::string_view s);

// A SIM card ICCID (ITU-T E.118): 19 or 20 digits starting with the
// telecom industry identifier "89", Luhn-valid over all digits; unseparated
// or in groups of four (the last group 3-4 digits) with one separator kind.
bool IccidValid(std::string_view s);

// A UUID in its canonical 8-4-4-4-12 hex form, as advertising ids (IDFA,
// Google advertising id) are written; not the nil UUID (all zeros: the id a
// device reports when ad tracking is limited) and not the max UUID (all f).
bool AdvertisingIdValid(std::string_view s);

// A SIP or SIPS URI with a user part (RFC 3261 section 19.1):
// "sip:" / "sips:" (any case), user (1-64 bytes, may be a phone number) with
// an optional ":password", "@", then a host: a domain name (labels of 1-63
// [A-Za-z0-9-] without edge hyphens, the last one starting with a letter),
// a dotted-quad IPv4 address or a bracketed IPv6 address; then an optional
// ":port" (1-65535), ";parameters" and "?headers". The URI must end in an
// alphanumeric byte or ']' (trailing sentence punctuation is not part of it).
bool SipUriValid(std::string_view s);

}  // namespace scrubline
