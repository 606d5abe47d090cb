// Validators for national and personal identifiers: ITIN, passports, driving licences, NINO, NHS,
// DNI/NIE, codice fiscale, Aadhaar, dates of birth, coordinates.
//
// This family contributes SCRUBLINE_PII_IDENTITY_VALIDATORS(X) to the
// registry in validators.h: X(enumerator, catalog name, ValidatorFn) where
// the function has the signature of ValidatorFn (whole text + span, so it
// may look at neighbouring bytes). Like every validator: pure, thread-safe,
// allocation-free, linear in the span, safe on any bytes.
//
// Each entity has two functions: `...Valid(candidate)` checks the candidate
// alone (structure, ranges, check characters; unit-testable), and
// `...InText(text, begin, end)` is the registry entry: the same check plus
// the neighbourhood (a candidate glued to more digits or digit groups is part
// of a longer number, not an identifier of its own). Context words (which
// passports, licences and dates of birth require) are the catalog's business,
// not the validators'.
#pragma once

#include <cstddef>
#include <string_view>

namespace scrubline {

#define SCRUBLINE_PII_IDENTITY_VALIDATORS(X)                      \
  X(kUsItin, "us_itin", UsItinInText)                             \
  X(kUsPassport, "us_passport", UsPassportInText)                 \
  X(kUsDriverLicense, "us_driver_license", UsDriverLicenseInText) \
  X(kUkNino, "uk_nino", UkNinoInText)                             \
  X(kUkNhs, "uk_nhs", UkNhsInText)                                \
  X(kEsNif, "es_nif", EsNifInText)                                \
  X(kEsNie, "es_nie", EsNieInText)                                \
  X(kItFiscalCode, "it_fiscal_code", ItFiscalCodeInText)          \
  X(kInAadhaar, "in_aadhaar", InAadhaarInText)                    \
  X(kDateOfBirth, "date_of_birth", DateOfBirthInText)             \
  X(kGeoCoordinates, "geo_coordinates", GeoCoordinatesInText)

bool UsItinInText(std::string_view text, std::size_t begin, std::size_t end);
bool UsPassportInText(std::string_view text, std::size_t begin, std::size_t end);
bool UsDriverLicenseInText(std::string_view text, std::size_t begin, std::size_t end);
bool UkNinoInText(std::string_view text, std::size_t begin, std::size_t end);
bool UkNhsInText(std::string_view text, std::size_t begin, std::size_t end);
bool EsNifInText(std::string_view text, std::size_t begin, std::size_t end);
bool EsNieInText(std::string_view text, std::size_t begin, std::size_t end);
bool ItFiscalCodeInText(std::string_view text, std::size_t begin, std::size_t end);
bool InAadhaarInText(std::string_view text, std::size_t begin, std::size_t end);
bool DateOfBirthInText(std::string_view text, std::size_t begin, std::size_t end);
bool GeoCoordinatesInText(std::string_view text, std::size_t begin, std::size_t end);

// --- The individual checks, on the candidate alone (unit-testable). ---

// A US Individual Taxpayer Identification Number: 9 digits, compact or
// 3-2-4 with one separator (' ' or '-'); the first digit is 9 and the middle
// group is 50-65, 70-88, 90-92 or 94-99 (IRS ranges).
bool UsItinValid(std::string_view s);

// A US passport number: 9 digits (not one repeated digit), or one letter and
// 8 digits (next-generation books; not all zeros). No check digit exists, so
// the catalog requires passport context.
bool UsPassportValid(std::string_view s);

// A US driver's licence number in the generic shapes most states use: 1-2
// letters and 4-14 digits, compact or in dash-separated groups of 1-4 digits
// after a first group of 3-4 ("D123-456-78-901-0", "S530-4608-0411"), or
// 7-12 digits alone, or Washington's "WDL" + 9 upper-case letters or digits.
// Not all digits one repeated digit. No check digit exists, so the catalog
// requires licence context.
bool UsDriverLicenseValid(std::string_view s);

// A UK National Insurance number: two prefix letters (neither D, F, I, Q, U
// nor V, the second not O; not BG, GB, KN, NK, NT, TN or ZZ), 6 digits and a
// suffix A-D; compact or with single spaces between the printed groups
// ("AB 12 34 56 C", "AB 123456 C"). Letters all upper or all lower case.
bool UkNinoValid(std::string_view s);

// A UK NHS number: 10 digits, compact or 3-3-4 with one separator (' ' or
// '-'), whose last digit is the mod-11 check digit (weights 10..2; a
// remainder giving 10 is never issued). Not one repeated digit.
bool UkNhsValid(std::string_view s);

// A Spanish DNI/NIF: 8 digits (compact or "12.345.678") then, optionally
// after '-' or ' ', the control letter "TRWAGMYFPDXBNJZSQVHLCKE"[n mod 23]
// (either case). Not one repeated digit.
bool EsNifValid(std::string_view s);

// A Spanish NIE: X, Y or Z (read as 0, 1, 2), 7 digits and the DNI control
// letter of the resulting 8-digit number; '-' allowed after the first letter
// and before the last. Letters all upper or all lower case.
bool EsNieValid(std::string_view s);

// An Italian codice fiscale: 16 characters, 6 letters (surname, name), 2-digit
// year, month letter (ABCDEHLMPRST), 2-digit day (+40 for women; day valid for
// the month), a letter and 3 digits (municipality), and the check letter of
// the official odd/even table. Omocodia is accepted: the digit positions may
// hold L M N P Q R S T U V for 0-9, substituted from the rightmost digit
// leftwards. All upper or all lower case.
bool ItFiscalCodeValid(std::string_view s);

// An Indian Aadhaar number: 12 digits, compact or 4-4-4 with one separator
// (' ' or '-'); first digit 2-9; not one repeated digit; Verhoeff check digit.
bool InAadhaarValid(std::string_view s);
// Verhoeff checksum over the decimal digits of `s` (other bytes ignored):
// true if the last digit is the check digit of the others. False without
// digits.
bool VerhoeffValid(std::string_view s);

// A calendar date that could be a date of birth, year 1900-2029:
//   numeric  Y-M-D (ISO), D/M/Y or M/D/Y (either reading may be the valid
//            one), one separator kind out of '-', '/', '.'; 4-digit year,
//            or D/M/YY and M/D/YY with YY <= 29 read as 20YY, else 19YY;
//   textual  "15 March 1990", "15th of Mar. 1990", "15-Mar-1990",
//            "March 15, 1990", "Sept 5th 1990" (English month names or
//            3-letter abbreviations, "Sept").
// Day and month ranges and leap years are checked.
bool DateOfBirthValid(std::string_view s);
// True if year-month-day is a real Gregorian calendar date.
bool CalendarDateValid(int year, int month, int day);

// A latitude/longitude pair in decimal degrees: two decimal numbers with an
// optional sign and at least 3 decimals (fewer are not precise enough to
// locate a person, and prices and versions have fewer), latitude in
// [-90, 90] and longitude in [-180, 180]; not both within 1 degree of 0
// (null-island defaults and small decimals such as "0.125, 0.250"). Words
// between and before the numbers ("lat", "lng=") are skipped; nothing else
// may hold a digit.
// Also the hemisphere forms: decimal degrees with N/S and E/W letters
// ("40.7128° N, 74.0060° W", "40.7128N 74.0060W"; degree sign optional,
// >= 3 decimals) and degrees-minutes-seconds ("40°42'46.1\"N 74°00'21\"W";
// minutes and seconds 0-59), latitude first.
bool GeoCoordinatesValid(std::string_view s);

}  // namespace scrubline
