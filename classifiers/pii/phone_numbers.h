// Phone numbers: the "phone" validator of the PII catalog (PhoneValid in
// validators.h calls PhoneNumberTextValid), built from two layers.
//
// 1. A compiled possible-number table (this project's own data, in
//    phone_numbers.cc): per country calling code, rows of {leading digits of
//    the national significant number (NSN), NSN lengths, line type, exact?},
//    plus the national conventions (trunk prefix "0", Italy's significant
//    leading 0, the digit groupings written without a trunk prefix). Regions:
//    US/CA (+1), GB, DE, FR, ES, IT, NL, IN, BR, MX, AU, JP. A lookup is a
//    scan of a few constexpr rows, allocation-free; a whole table-decided
//    validation ("+44 20 7946 0958") costs ~80 ns.
//    A row is *exact* when its prefix and length settle that the number is
//    valid (FR "6[0-24-8]" + 7 digits; GB "7[1-57-9]" + 8; >= 99% of its
//    numbers valid for libphonenumber): a match is accepted without
//    libphonenumber. The NANP row is the one structural exception (below). Rows that are coarse (DE and IT fixed lines of
//    variable length, Indian and Japanese fixed lines, Mexico) only say the
//    number is *possible* and send it to layer 2.
//
// 2. libphonenumber, Parse-free: the NSN is handed over as a PhoneNumber and
//    checked with IsValidNumber (~2.5 us CPU for a German number, measured
//    on these machines under load; Parse + IsValidNumber ~8 us CPU, 13-17 us
//    wall as ARCHITECTURE.md says). Called only for candidates the table
//    cannot settle: possible-but-not-exact rows, and international numbers
//    of countries outside the table. Verdicts go into PhoneVerdictCache
//    (below), so a number costs libphonenumber once per cache lifetime. The
//    first call loads libphonenumber's metadata (~8 ms, once per process).
//
// How a written candidate is read (PhoneNumberTextValid):
//  - An extension at the end ("x23", " ext. 23", " extension 23", 1-6
//    digits; "x" touches its digits) is part of the finding's span (it is
//    part of the subscriber's contact data, and "555-0100x23" could not be
//    cut at a word edge anyway) and is ignored for validation.
//  - "+" or "00" then the country code: an international number. 8-15 digits;
//    "(0)" after the country code and a stray trunk "0" ("+44 020 ...") are
//    dropped where the country's trunk prefix is 0. Countries in the table
//    are settled by it (or confirmed); other plausible ITU codes go to
//    libphonenumber.
//  - Otherwise national. The classifier has no locale, so a national number
//    is accepted if it is valid in ANY table region whose national written
//    form it matches:
//      trunk "0" + NSN (GB, DE, FR, NL, IN, BR, AU, JP; and Italy, whose 0 is
//      part of the number): 9-13 digits, any grouping;
//      no trunk prefix: NANP (10 digits, or 11 with a leading 1, written
//      3-3-4 or unseparated), ES (3-3-3, 3-2-2-2, 2-3-2-2), IT mobiles (3-3-4,
//      3-7, 3-4-3, 3-6, 3-3-3), IN mobiles (5-5), MX (2-4-4, 2-8), BR
//      (2-4-4, 2-5-4, 2-8, 2-9), AU 1300/1800 (4-3-3, 4-6); an unseparated or
//      digit-by-digit spaced number may be any of them.
//    National separators: one kind (space, dot, dash or slash) between digit
//    groups; a bracketed area code may be followed by any one separator;
//    the first separator may be "/" ("0171/123 45 67"). This keeps dates,
//    ranges and lists ("01-02-2023 1530", "415-555 0100") out.
//  Not glued to more digits: see PhoneNumberInText.
//
// All functions are thread-safe. PhoneNumberTextValid allocates nothing
// unless it calls libphonenumber (a cache miss).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace scrubline {

// The whole validator on a candidate span, e.g. "+44 (0)20 7946 0958",
// "(415) 555-0100 ext. 23", "06 12 34 56 78".
bool PhoneNumberTextValid(std::string_view s);

// PhoneNumberTextValid on text[begin, end), which also looks at the
// neighbours of national numbers: none is glued by '/' to a run of 1-4
// digits ("12/03 020 7946"); a short trunk-prefix one (9 digits) does not
// follow another digit group; one without a trunk prefix (NANP's 3-3-4
// aside) is not one group of a longer run of digit groups ("22 4111 1111"
// starting a card number). Any form is rejected when it is part of a longer
// written number: a national candidate right after "+" or after a "+CC" or
// "(digits)" group ("+44 (0)951 658 5001" holding "951 658 5001"), or any
// candidate continuing across its own separator kind into more digit groups
// (cards, IBANs, tracking numbers), unless that neighbouring run is a
// complete phone number itself or a 1-2 digit count with nothing glued on
// the other side. A national candidate introduced by another identifier's
// label ("NHS number", "Aadhaar", "SSN:", "routing no.", "passport", ...) is
// that identifier, not a phone. Glue by '.' or '-' to any digit is checked
// by the caller (InsideLongerNumber).
bool PhoneNumberInText(std::string_view text, std::size_t begin, std::size_t end);

// --- The table (for tests, documentation and benchmarks). ---

enum class PhoneLineType : std::uint8_t {
  kFixed,
  kMobile,
  kFixedOrMobile,
  kTollFree,
  kPremium,
  kSharedCost,
  kVoip,
  kPersonal,
  kPager,
  kOther,
};

// One row: NSNs of `calling_code` that start with `prefix` (digits and
// "[...]" classes with ranges, e.g. "7[1-57-9]") and have min..max digits.
struct PhonePlanRow {
  std::uint16_t calling_code;
  std::string_view prefix;
  std::uint8_t min_length, max_length;
  PhoneLineType line;
  bool exact;  // a match is a possible number; no confirmation needed
};

// A region of the table and its national conventions.
struct PhoneRegion {
  std::string_view region;  // ISO 3166-1 alpha-2 ("GB"); "US" stands for the NANP
  std::uint16_t calling_code;
  char trunk_prefix;              // '0', or 0 if none ('1' for the NANP)
  bool leading_zero_significant;  // Italy: the 0 of fixed lines is dialled from abroad
};

std::span<const PhonePlanRow> PhonePlanTable();
std::span<const PhoneRegion> PhoneRegions();

enum class PhonePlanMatch : std::uint8_t { kNone, kPossible, kExact };

// What the table says about the NSN `nsn` (digits only) of `calling_code`.
// kNone also for calling codes the table does not cover (see
// PhoneTableCovers).
PhonePlanMatch PhonePlanLookup(std::uint16_t calling_code, std::string_view nsn);
bool PhoneTableCovers(std::uint16_t calling_code);

std::string_view PhoneLineTypeName(PhoneLineType line);  // "mobile", "fixed", "toll_free", ...

// --- What a number is (the policy's phone_country generalisation). ---

struct PhoneCountryAndType {
  std::uint16_t calling_code;
  PhoneLineType line;
};
// The calling code and line type of a valid E.164 number ("+447700900123" ->
// 44, mobile), by libphonenumber (13-17 us a call), remembered per number in
// a bounded process-wide cache. nullopt for anything that is not a valid
// number in E.164 form. Thread-safe.
std::optional<PhoneCountryAndType> ClassifyPhoneNumber(std::string_view e164);

// --- libphonenumber confirmation. ---

// IsValidNumber for +calling_code nsn, through the verdict cache. `nsn` is
// digits only (leading zeros are kept as Italian leading zeros).
bool PhoneLibValid(std::uint16_t calling_code, std::string_view nsn);
// The same without the cache (benchmarks).
bool PhoneLibValidUncached(std::uint16_t calling_code, std::string_view nsn);

// PhoneVerdictCache: a fixed-size, lock-free, set-associative cache of
// libphonenumber verdicts keyed by the E.164 digits (country code + NSN,
// at most 15). One entry is one std::atomic<uint64_t> holding the digits as
// 15 nibbles plus the verdict, so a reader never sees a torn entry and
// needs no lock: 4096 sets x 4 ways = 16384 entries, 128 KiB of static
// storage, no allocation ever. A hit costs packing the digits, one hash and
// up to four relaxed loads from one 32-byte set (~30 ns measured). Inserts replace
// an empty way or a pseudo-random one; two threads inserting at once may
// lose one entry, which only costs a later recomputation.
struct PhoneLibStats {
  std::uint64_t lib_calls;   // libphonenumber calls made (cache misses, uncached calls)
  std::uint64_t cache_hits;  // not counted unless counting is enabled (tests)
};
PhoneLibStats GetPhoneLibStats();
// Counting cache hits costs a shared atomic increment per hit: off by
// default, for tests only.
void SetPhoneCacheHitCounting(bool on);
// Empties the cache (tests and benchmarks; not while other threads validate
// numbers they expect to be cached: correctness is unaffected, only cost).
void ClearPhoneLibCache();

}  // namespace scrubline
