// Generalisation of quasi-identifiers: coarser values that still serve
// analytics (an IP's network, not the host; the hour, not the second; a
// coordinate to ~1 km; a postal code's area).
// Pure functions; no allocation beyond appending to `out`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scrubline {

// "203.0.113.77" -> "203.0.113.0/24"; "2001:db8:1:2::7" -> "2001:db8:1::/48".
// Returns false (and leaves `out` unchanged) if `ip` is not a textual IPv4 or
// IPv6 address. Bits are clamped to the address size.
bool AppendIpPrefix(std::string_view ip, int ipv4_bits, int ipv6_bits, std::string& out);

enum class TimeUnit : std::uint8_t { kHour, kDay };

// The start of the hour or day a timestamp falls in, written as it came:
//   "2026-11-01T10:23:45.123+02:00" -> "2026-11-01T10:00:00+02:00" (hour)
//                                   -> "2026-11-01" (day)
// Accepts RFC 3339 date-times ('T' or ' ' between date and time, optional
// seconds and fraction, 'Z' / "+HH:MM" / "+HHMM" or no zone) and dates
// (returned as they are: already a day). Epoch times given as digits, 9-10
// of them seconds or 12-13 milliseconds, are floored in the same unit
// (1762000000 -> 1761998400 for an hour). The day is the day in the value's
// own offset. Returns false (leaving `out` unchanged) for anything else.
bool AppendTimeBucket(std::string_view value, TimeUnit unit, std::string& out);

// Seconds since 1970-01-01T00:00:00Z of a timestamp AppendTimeBucket accepts
// (a date is its midnight UTC; a date-time without a zone is read as UTC;
// epoch milliseconds are floored to seconds). False for anything else.
bool ParseTimeSeconds(std::string_view value, std::int64_t& seconds);

// The time `days` whole days later (earlier when negative), in the value's
// own form: the same timestamps as AppendTimeBucket accepts; a date-time
// keeps its time of day and zone ("2026-03-01T10:00:00+01:00" + 30 ->
// "2026-03-31T10:00:00+01:00"), an epoch time stays in its unit. Returns
// false (leaving `out` unchanged) for anything else or a result outside
// years 0000-9999 / before the epoch.
bool AppendShiftedTime(std::string_view value, int days, std::string& out);

// A plain decimal number ("-33.8567844", "151.2152967", "7") rounded to
// `decimals` places (0..8), half away from zero, computed on the digits (no
// binary floating point): "-33.8567844" -> "-33.86". No exponent, no '+',
// no leading '.'. Returns false (leaving `out` unchanged) otherwise.
bool AppendRounded(std::string_view number, int decimals, std::string& out);

// The first `keep` code points of UTF-8 `value` ("94107" -> "941"); bytes
// that are not valid UTF-8 count one each.
void AppendTruncated(std::string_view value, int keep, std::string& out);

// The parts of a URL the `url` generalisation works with:
// "scheme://[userinfo@]host[:port][/path][?query][#fragment]". The userinfo
// and fragment are never kept; path and query are views into the URL.
struct UrlParts {
  std::string_view scheme;     // "https"
  std::string_view authority;  // "example.com:8443" (userinfo removed)
  std::string_view path;       // "/a/b" or empty
  std::string_view query;      // "x=1&y=2" (without '?') or empty
};
// Splits `url`; false (parts unspecified) when it is not an absolute URL
// with a scheme of [A-Za-z][A-Za-z0-9+.-]* and a non-empty host, or holds
// bytes a URL cannot (spaces, controls).
bool SplitUrl(std::string_view url, UrlParts& parts);

// Percent-decodes `text` ("%40" -> "@"; '+' -> ' ' when `plus_is_space`, as in
// query strings); a '%' not followed by two hex digits stays as it is.
void AppendPercentDecoded(std::string_view text, bool plus_is_space, std::string& out);

// A phone number's country calling code and line type: "+44 7700 900123" ->
// "+44 mobile", "(415) 555-0100" with default calling code "1" -> "+1
// fixed_or_mobile"; a channel prefix stays ("whatsapp:+44 ..." ->
// "whatsapp:+44 mobile"). The number is read as the token action reads it
// (Canonicalize, into `scratch`: the caller's reused buffer, so a warm call
// allocates nothing) and must be valid for libphonenumber. Returns false
// (leaving `out` unchanged) otherwise. `value` must not view into `scratch`.
bool AppendPhoneCountry(std::string_view value, std::string_view default_calling_code,
                        std::string& scratch, std::string& out);

// The `mask` action: every code point but the last `keep_last` written as
// '*' ("+14155550100", 4 -> "********0100"; the length stays visible). A
// value of `keep_last` code points or fewer is masked whole: keeping "all
// but nothing" would disclose it.
void AppendMasked(std::string_view value, int keep_last, std::string& out);

}  // namespace scrubline
