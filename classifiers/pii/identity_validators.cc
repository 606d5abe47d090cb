#include "classifiers/pii/identity_validators.h"

#include <array>
#include <cstdint>
#include <initializer_list>

#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
constexpr char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

constexpr bool Contains(std::string_view set, char c) {
  return set.find(c) != std::string_view::npos;
}

// True if the letters of `s` are all upper case or all lower case: printed
// identifiers are upper case, typed ones often lower case; "Ab123456c" is
// neither and more likely something else.
bool OneLetterCase(std::string_view s) {
  bool upper = false, lower = false;
  for (char c : s) {
    upper = upper || IsUpper(c);
    lower = lower || IsLower(c);
  }
  return !(upper && lower);
}

// A candidate made only of digit groups separated by single bytes of one
// kind (taken from `seps`): "943 476 5919", "2345-6789-0123", "123456789".
struct DigitGroups {
  static constexpr int kMaxDigits = 16;
  static constexpr int kMaxGroups = 6;
  std::array<std::uint8_t, kMaxDigits> digit{};
  int n = 0;
  std::array<std::uint8_t, kMaxGroups> len{};
  int groups = 0;
  char sep = 0;  // 0 when there is one group

  // True if the groups have exactly these lengths.
  bool Shape(std::initializer_list<int> lengths) const {
    if (static_cast<int>(lengths.size()) != groups) return false;
    int i = 0;
    for (int l : lengths) {
      if (len[i++] != l) return false;
    }
    return true;
  }
  bool AllSame() const {
    for (int i = 1; i < n; ++i) {
      if (digit[i] != digit[0]) return false;
    }
    return true;
  }
};

// Parses `s` into `g`. False for any other byte, an empty group (leading,
// trailing or doubled separator), mixed separators or too many digits.
bool ParseGroups(std::string_view s, std::string_view seps, DigitGroups& g) {
  bool in_group = false;
  for (char c : s) {
    if (IsDigit(c)) {
      if (g.n == DigitGroups::kMaxDigits) return false;
      if (!in_group) {
        if (g.groups == DigitGroups::kMaxGroups) return false;
        g.len[g.groups++] = 0;
        in_group = true;
      }
      g.digit[g.n++] = static_cast<std::uint8_t>(c - '0');
      ++g.len[g.groups - 1];
    } else {
      if (!in_group || !Contains(seps, c)) return false;
      if (g.sep == 0) g.sep = c;
      if (c != g.sep) return false;
      in_group = false;
    }
  }
  return in_group;
}

// True if a candidate that starts or ends with a digit continues, across one
// byte of `seps`, into another digit: "+1 415 555 0100" holds "415 555 0100"
// and "4111 1111 1111 1111" holds "4111 1111 1111", neither an identifier of
// its own. A wider net than InsideLongerNumber (which only knows '.' and '-'),
// for the printed digit-group forms.
bool GluedToMoreDigits(std::string_view text, std::size_t begin, std::size_t end,
                       std::string_view seps) {
  if (begin >= 2 && begin < end && IsDigit(text[begin]) && Contains(seps, text[begin - 1]) &&
      IsDigit(text[begin - 2])) {
    return true;
  }
  return begin < end && end + 1 < text.size() && IsDigit(text[end - 1]) &&
         Contains(seps, text[end]) && IsDigit(text[end + 1]);
}

constexpr std::string_view kGroupSeparators = " -./";

// Digits right after "+", "+ " or a country code ("+39 ", "+44-") are an
// international phone number, never a national identifier (the same rule as
// for payment cards): "+39 2464164836" is not an NHS number.
bool AfterInternationalPrefix(std::string_view text, std::size_t begin) {
  std::size_t i = begin;
  if (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '-' || text[i - 1] == '.')) --i;
  std::size_t digits = 0;
  while (i > 0 && digits < 4 && IsDigit(text[i - 1])) {
    --i;
    ++digits;
  }
  if (digits == 4) return false;  // longer than any country code
  return i > 0 && text[i - 1] == '+';
}

// A grouped candidate (one holding a separator) must not continue into more
// digit groups; a compact one must not be glued to more digits by '.'/'-'.
bool Standalone(std::string_view text, std::size_t begin, std::size_t end) {
  if (InsideLongerNumber(text, begin, end)) return false;
  if (AfterInternationalPrefix(text, begin)) return false;
  std::string_view s = text.substr(begin, end - begin);
  bool grouped = s.find_first_of(kGroupSeparators) != std::string_view::npos;
  return !grouped || !GluedToMoreDigits(text, begin, end, kGroupSeparators);
}

// --- Spain: the DNI control letter. ---
constexpr std::string_view kDniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

bool DniLetterMatches(std::uint32_t number, char letter) {
  return ToUpper(letter) == kDniLetters[number % 23];
}

// --- Italy: codice fiscale tables. ---
// Value of a character in an odd (1st, 3rd, ...) position; digits count as
// the letters A-J.
constexpr std::array<std::uint8_t, 26> kFiscalOdd = {
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
constexpr std::string_view kFiscalMonths = "ABCDEHLMPRST";
constexpr std::string_view kOmocodia = "LMNPQRSTUV";  // stand-ins for 0-9
// The digit positions, right to left: the order in which omocodia replaces
// them.
constexpr std::array<int, 7> kFiscalDigitPositions = {14, 13, 12, 10, 9, 7, 6};

// --- India: Verhoeff (dihedral group D5). ---
constexpr std::uint8_t kVerhoeffD[10][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
// The permutation applied to a digit at position i (from the right) is
// kVerhoeffP1 applied i mod 8 times.
constexpr std::array<std::uint8_t, 10> kVerhoeffP1 = {1, 5, 7, 6, 2, 8, 3, 0, 9, 4};

constexpr std::array<std::array<std::uint8_t, 10>, 8> MakeVerhoeffP() {
  std::array<std::array<std::uint8_t, 10>, 8> p{};
  for (int j = 0; j < 10; ++j) p[0][j] = static_cast<std::uint8_t>(j);
  for (int i = 1; i < 8; ++i) {
    for (int j = 0; j < 10; ++j) p[i][j] = p[i - 1][kVerhoeffP1[j]];
  }
  return p;
}
constexpr auto kVerhoeffP = MakeVerhoeffP();

// --- Dates. ---
constexpr int kMinBirthYear = 1900;
constexpr int kMaxBirthYear = 2029;

constexpr std::array<std::string_view, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// A small cursor over a candidate, for the textual forms.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;

  bool Done() const { return i == s.size(); }
  char Peek() const { return i < s.size() ? s[i] : '\0'; }
  bool Eat(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  // Eats one byte of `set`; returns it, or '\0'.
  char EatOneOf(std::string_view set) {
    if (i < s.size() && Contains(set, s[i])) return s[i++];
    return '\0';
  }
  // A decimal number of min..max digits; -1 (nothing eaten) otherwise.
  int Number(int min_digits, int max_digits) {
    std::size_t j = i;
    int v = 0;
    while (j < s.size() && IsDigit(s[j]) && static_cast<int>(j - i) < max_digits) {
      v = v * 10 + (s[j] - '0');
      ++j;
    }
    int digits = static_cast<int>(j - i);
    if (digits < min_digits || (j < s.size() && IsDigit(s[j]))) return -1;
    i = j;
    return v;
  }
  // The run of letters at the cursor (possibly empty), eaten.
  std::string_view Word() {
    std::size_t j = i;
    while (j < s.size() && IsAlpha(s[j])) ++j;
    std::string_view w = s.substr(i, j - i);
    i = j;
    return w;
  }
};

bool EqualsIgnoreCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// 1-12 for an English month name, its 3-letter abbreviation or "sept"; 0
// otherwise.
int MonthFromWord(std::string_view w) {
  for (int m = 0; m < 12; ++m) {
    std::string_view name = kMonthNames[m];
    if (EqualsIgnoreCase(w, name) || EqualsIgnoreCase(w, name.substr(0, 3))) return m + 1;
  }
  return EqualsIgnoreCase(w, "sept") ? 9 : 0;
}

// Eats an ordinal suffix ("st", "nd", "rd", "th") glued to a day number.
// False if letters follow that are not one.
bool EatOrdinal(Cursor& c) {
  if (!IsAlpha(c.Peek())) return true;
  std::string_view w = c.Word();
  return EqualsIgnoreCase(w, "st") || EqualsIgnoreCase(w, "nd") || EqualsIgnoreCase(w, "rd") ||
         EqualsIgnoreCase(w, "th");
}

bool BirthDateValid(int year, int month, int day) {
  return year >= kMinBirthYear && year <= kMaxBirthYear && CalendarDateValid(year, month, day);
}

// Y-M-D, D-M-Y or M-D-Y with one separator kind out of '-', '/', '.'.
bool NumericDateValid(std::string_view s) {
  DigitGroups g;
  if (!ParseGroups(s, "-/.", g) || g.groups != 3) return false;
  auto value = [&](int group) {
    int start = 0;
    for (int i = 0; i < group; ++i) start += g.len[i];
    int v = 0;
    for (int i = 0; i < g.len[group]; ++i) v = v * 10 + g.digit[start + i];
    return v;
  };
  auto short_group = [&](int group) { return g.len[group] >= 1 && g.len[group] <= 2; };
  if (g.len[0] == 4 && short_group(1) && short_group(2)) {
    return BirthDateValid(value(0), value(1), value(2));
  }
  if (g.len[2] == 4 && short_group(0) && short_group(1)) {
    return BirthDateValid(value(2), value(1), value(0)) ||  // D/M/Y
           BirthDateValid(value(2), value(0), value(1));    // M/D/Y
  }
  // "6/14/66", "14/6/66": a two-digit year of a birth date is in the past,
  // so up to the last allowed birth year's it is 20YY, above it 19YY.
  if (g.len[2] == 2 && short_group(0) && short_group(1)) {
    const int yy = value(2);
    const int year = yy <= kMaxBirthYear % 100 ? 2000 + yy : 1900 + yy;
    return BirthDateValid(year, value(1), value(0)) || BirthDateValid(year, value(0), value(1));
  }
  return false;
}

// "15 March 1990", "15th of Mar. 1990", "15-Mar-1990", "15 March, 1990".
bool DayFirstDateValid(std::string_view s) {
  Cursor c{s};
  int day = c.Number(1, 2);
  if (day < 0 || !EatOrdinal(c)) return false;
  char sep = c.EatOneOf(" -");
  if (sep == '\0') return false;
  std::string_view w = c.Word();
  if (EqualsIgnoreCase(w, "of")) {
    if (!c.Eat(sep)) return false;
    w = c.Word();
  }
  int month = MonthFromWord(w);
  if (month == 0) return false;
  c.Eat('.');
  bool comma = c.Eat(',');
  if (!c.Eat(sep) && !(comma && sep == ' ')) return false;
  int year = c.Number(4, 4);
  return year >= 0 && c.Done() && BirthDateValid(year, month, day);
}

// "March 15, 1990", "Mar. 15th 1990", "Sept 5 1990".
bool MonthFirstDateValid(std::string_view s) {
  Cursor c{s};
  int month = MonthFromWord(c.Word());
  if (month == 0) return false;
  c.Eat('.');
  if (!c.Eat(' ')) return false;
  int day = c.Number(1, 2);
  if (day < 0 || !EatOrdinal(c)) return false;
  bool comma = c.Eat(',');
  bool space = c.Eat(' ');
  if (!comma && !space) return false;
  int year = c.Number(4, 4);
  return year >= 0 && c.Done() && BirthDateValid(year, month, day);
}

// --- Coordinates. ---

// One decimal degree value: sign, integer part, fraction (>= 3 digits).
struct Degrees {
  bool ok = false;
  int integer = 0;
  bool fraction_zero = true;
};

Degrees ParseDegrees(std::string_view s, std::size_t* pos) {
  Degrees d;
  std::size_t i = *pos;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_start = i;
  while (i < s.size() && IsDigit(s[i]) && i - int_start < 4) {
    d.integer = d.integer * 10 + (s[i] - '0');
    ++i;
  }
  std::size_t int_digits = i - int_start;
  if (int_digits == 0 || int_digits > 3) return d;
  if (int_digits > 1 && s[int_start] == '0') return d;  // "05.1234": not how degrees are written
  if (i >= s.size() || s[i] != '.') return d;
  ++i;
  std::size_t frac_start = i;
  while (i < s.size() && IsDigit(s[i])) {
    if (s[i] != '0') d.fraction_zero = false;
    ++i;
  }
  if (i - frac_start < 3 || i - frac_start > 15) return d;
  *pos = i;
  d.ok = true;
  return d;
}

bool WithinDegrees(const Degrees& d, int limit) {
  return d.integer < limit || (d.integer == limit && d.fraction_zero);
}

// --- Coordinates with hemisphere letters. ---

constexpr std::string_view kDegreeSign = "\xC2\xB0";  // U+00B0 in UTF-8

// One angle with its hemisphere letter: decimal "40.7128° N", "40.7128N"
// (>= 3 decimals, like the signed form) or degrees-minutes-seconds
// "40°42'46.1\"N" (minutes and seconds below 60). Returns the hemisphere
// letter (upper case) or '\0'; *degrees gets the whole degrees and
// *over tells whether anything follows them (for the 90/180 limits).
char ParseHemisphereAngle(std::string_view s, std::size_t* pos, int* degrees, bool* over) {
  Cursor c{s, *pos};
  const int deg = c.Number(1, 3);
  if (deg < 0) return '\0';
  bool nonzero_rest = false;
  if (c.Eat('.')) {
    const std::size_t start = c.i;
    while (IsDigit(c.Peek())) {
      nonzero_rest = nonzero_rest || c.Peek() != '0';
      ++c.i;
    }
    if (c.i - start < 3 || c.i - start > 15) return '\0';
    if (s.substr(c.i, kDegreeSign.size()) == kDegreeSign) c.i += kDegreeSign.size();
  } else {
    if (s.substr(c.i, kDegreeSign.size()) != kDegreeSign) return '\0';
    c.i += kDegreeSign.size();
    c.Eat(' ');
    const int minutes = c.Number(1, 2);
    if (minutes < 0 || minutes > 59 || !c.Eat('\'')) return '\0';
    c.Eat(' ');
    const int seconds = c.Number(1, 2);
    if (seconds < 0 || seconds > 59) return '\0';
    bool fraction_nonzero = false;
    if (c.Eat('.')) {
      const std::size_t start = c.i;
      while (IsDigit(c.Peek())) {
        fraction_nonzero = fraction_nonzero || c.Peek() != '0';
        ++c.i;
      }
      if (c.i == start || c.i - start > 3) return '\0';
    }
    if (!c.Eat('"')) return '\0';
    nonzero_rest = minutes > 0 || seconds > 0 || fraction_nonzero;
  }
  c.Eat(' ');
  const char h = ToUpper(c.Peek());
  if (h != 'N' && h != 'S' && h != 'E' && h != 'W') return '\0';
  ++c.i;
  *pos = c.i;
  *degrees = deg;
  *over = nonzero_rest;
  return h;
}

// "40.7128° N, 74.0060° W", "40.7128N 74.0060W", "40°42'46\"N 74°00'21\"W":
// latitude (N/S, at most 90) then longitude (E/W, at most 180).
bool HemisphereCoordinatesValid(std::string_view s) {
  std::size_t i = 0;
  int lat = 0, lon = 0;
  bool lat_over = false, lon_over = false;
  const char first = ParseHemisphereAngle(s, &i, &lat, &lat_over);
  if (first != 'N' && first != 'S') return false;
  if (i < s.size() && (s[i] == ',' || s[i] == ';')) ++i;
  for (int k = 0; k < 2 && i < s.size() && s[i] == ' '; ++k) ++i;
  const char second = ParseHemisphereAngle(s, &i, &lon, &lon_over);
  if ((second != 'E' && second != 'W') || i != s.size()) return false;
  if (lat > 90 || (lat == 90 && lat_over) || lon > 180 || (lon == 180 && lon_over)) return false;
  return lat != 0 || lon != 0;
}

}  // namespace

bool UsItinValid(std::string_view s) {
  DigitGroups g;
  if (!ParseGroups(s, " -", g)) return false;
  if (!g.Shape({9}) && !g.Shape({3, 2, 4})) return false;
  if (g.digit[0] != 9) return false;
  int group = g.digit[3] * 10 + g.digit[4];
  return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) ||
         (group >= 90 && group <= 92) || (group >= 94 && group <= 99);
}

bool UsPassportValid(std::string_view s) {
  if (s.size() != 9) return false;
  std::string_view digits = s;
  if (IsAlpha(s[0])) digits.remove_prefix(1);
  DigitGroups g;
  if (!ParseGroups(digits, "", g)) return false;
  if (g.n == 9) return !g.AllSame();
  return g.n == 8 && !(g.AllSame() && g.digit[0] == 0);
}

bool UsDriverLicenseValid(std::string_view s) {
  // Washington since 2018: "WDL" and 9 upper-case letters or digits.
  if (s.size() == 12 && s.substr(0, 3) == "WDL") {
    for (char c : s.substr(3)) {
      if (!IsUpper(c) && !IsDigit(c)) return false;
    }
    return true;
  }
  std::size_t letters = 0;
  while (letters < s.size() && IsAlpha(s[letters])) ++letters;
  if (letters > 2) return false;
  DigitGroups g;
  if (!ParseGroups(s.substr(letters), "-", g)) return false;
  if (g.AllSame()) return false;
  if (letters == 0) return g.groups == 1 && g.n >= 7 && g.n <= 12;
  if (g.n < 4 || g.n > 14) return false;
  if (g.groups == 1) return true;
  if (g.groups < 3 || g.groups > 5 || g.len[0] < 3 || g.len[0] > 4) return false;
  for (int i = 1; i < g.groups; ++i) {
    if (g.len[i] > 4) return false;
  }
  return true;
}

bool UkNinoValid(std::string_view s) {
  // The nine characters without spaces, and where the spaces were.
  std::array<char, 9> c{};
  unsigned spaces = 0;  // bit k: a space before character k
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') {
      if (n == 0 || n == 9 || (spaces & (1u << n))) return false;
      spaces |= 1u << n;
      continue;
    }
    if (n == 9) return false;
    c[n++] = s[i];
  }
  if (n != 9 || s.back() == ' ') return false;
  // Spaces only between the printed groups "AB 12 34 56 C", any of them
  // ("AB123456C", "AB 123456 C", "PR 123612C").
  constexpr unsigned kGroupStarts = (1u << 2) | (1u << 4) | (1u << 6) | (1u << 8);
  if ((spaces & ~kGroupStarts) != 0) return false;
  if (!OneLetterCase(s)) return false;
  for (int i = 2; i < 8; ++i) {
    if (!IsDigit(c[i])) return false;
  }
  const char a = ToUpper(c[0]), b = ToUpper(c[1]), suffix = ToUpper(c[8]);
  if (!IsUpper(a) || !IsUpper(b) || !IsUpper(suffix)) return false;
  if (Contains("DFIQUV", a) || Contains("DFIQUVO", b)) return false;
  for (std::string_view bad : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}) {
    if (a == bad[0] && b == bad[1]) return false;
  }
  return suffix >= 'A' && suffix <= 'D';
}

bool UkNhsValid(std::string_view s) {
  DigitGroups g;
  if (!ParseGroups(s, " -", g)) return false;
  if (!g.Shape({10}) && !g.Shape({3, 3, 4})) return false;
  if (g.AllSame()) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += g.digit[i] * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  return check != 10 && check == g.digit[9];
}

bool EsNifValid(std::string_view s) {
  if (s.size() < 9 || !IsAlpha(s.back())) return false;
  const char letter = s.back();
  std::string_view body = s.substr(0, s.size() - 1);
  if (body.back() == '-' || body.back() == ' ') body.remove_suffix(1);
  DigitGroups g;
  if (!ParseGroups(body, ".", g)) return false;
  if (!g.Shape({8}) && !g.Shape({2, 3, 3})) return false;
  if (g.AllSame()) return false;
  std::uint32_t number = 0;
  for (int i = 0; i < 8; ++i) number = number * 10 + g.digit[i];
  return DniLetterMatches(number, letter);
}

bool EsNieValid(std::string_view s) {
  if (s.size() < 9 || !OneLetterCase(s)) return false;
  const int prefix = static_cast<int>(std::string_view("XYZ").find(ToUpper(s[0])));
  if (prefix < 0 || !IsAlpha(s.back())) return false;
  std::string_view body = s.substr(1, s.size() - 2);
  if (!body.empty() && body.front() == '-') body.remove_prefix(1);
  if (!body.empty() && body.back() == '-') body.remove_suffix(1);
  DigitGroups g;
  if (!ParseGroups(body, "", g) || g.n != 7) return false;
  std::uint32_t number = static_cast<std::uint32_t>(prefix);
  for (int i = 0; i < 7; ++i) number = number * 10 + g.digit[i];
  return DniLetterMatches(number, s.back());
}

bool ItFiscalCodeValid(std::string_view s) {
  if (s.size() != 16 || !OneLetterCase(s)) return false;
  std::array<char, 16> u{};
  for (std::size_t i = 0; i < 16; ++i) u[i] = ToUpper(s[i]);
  for (int i : {0, 1, 2, 3, 4, 5, 8, 11, 15}) {
    if (!IsUpper(u[i])) return false;
  }
  // Digit positions: a digit, or (omocodia) its stand-in letter, substituted
  // from the right: once a position holds a digit, those left of it do too.
  std::array<int, 16> value{};
  bool digits_only = false;
  for (int pos : kFiscalDigitPositions) {
    const char ch = u[pos];
    if (IsDigit(ch)) {
      value[pos] = ch - '0';
      digits_only = true;
    } else {
      std::size_t k = kOmocodia.find(ch);
      if (k == std::string_view::npos || digits_only) return false;
      value[pos] = static_cast<int>(k);
    }
  }
  const std::size_t month_index = kFiscalMonths.find(u[8]);
  if (month_index == std::string_view::npos) return false;
  int day = value[9] * 10 + value[10];
  if (day > 40) day -= 40;  // women: day + 40
  // The year is two digits; 2000 is a leap year, so 29 February passes.
  if (!CalendarDateValid(2000, static_cast<int>(month_index) + 1, day)) return false;

  int sum = 0;
  for (int i = 0; i < 15; ++i) {
    const char ch = u[i];
    const int v = IsDigit(ch) ? ch - '0' : ch - 'A';
    sum += (i % 2 == 0) ? kFiscalOdd[v] : v;  // i = 0 is the 1st (odd) position
  }
  return u[15] == static_cast<char>('A' + sum % 26);
}

bool VerhoeffValid(std::string_view s) {
  int c = 0;
  int i = 0;
  for (std::size_t k = s.size(); k-- > 0;) {
    if (!IsDigit(s[k])) continue;
    c = kVerhoeffD[c][kVerhoeffP[i % 8][s[k] - '0']];
    ++i;
  }
  return i > 0 && c == 0;
}

bool InAadhaarValid(std::string_view s) {
  DigitGroups g;
  if (!ParseGroups(s, " -", g)) return false;
  if (!g.Shape({12}) && !g.Shape({4, 4, 4})) return false;
  if (g.digit[0] < 2 || g.AllSame()) return false;
  return VerhoeffValid(s);
}

bool CalendarDateValid(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

bool DateOfBirthValid(std::string_view s) {
  if (s.empty()) return false;
  bool alpha = false;
  for (char c : s) alpha = alpha || IsAlpha(c);
  if (!alpha) return NumericDateValid(s);
  return IsDigit(s[0]) ? DayFirstDateValid(s) : MonthFirstDateValid(s);
}

bool GeoCoordinatesValid(std::string_view s) {
  if (!s.empty() && Contains("NSEWnsew", s.back())) return HemisphereCoordinatesValid(s);
  std::array<Degrees, 2> values;
  int count = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const bool sign = (c == '-' || c == '+') && i + 1 < s.size() && IsDigit(s[i + 1]);
    if (IsDigit(c) || sign) {
      if (count == 2) return false;
      values[count] = ParseDegrees(s, &i);
      if (!values[count].ok) return false;
      ++count;
      continue;
    }
    // Labels and punctuation between the numbers: "lat", "lng=", ", ", "\": ".
    if (!IsAlpha(c) && !Contains(" ,;:=&\"'", c)) return false;
    ++i;
  }
  if (count != 2) return false;
  const Degrees& lat = values[0];
  const Degrees& lon = values[1];
  if (!WithinDegrees(lat, 90) || !WithinDegrees(lon, 180)) return false;
  return !(lat.integer == 0 && lon.integer == 0);
}

bool UsItinInText(std::string_view text, std::size_t begin, std::size_t end) {
  return Standalone(text, begin, end) && UsItinValid(text.substr(begin, end - begin));
}

bool UsPassportInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && UsPassportValid(text.substr(begin, end - begin));
}

bool UsDriverLicenseInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) &&
         UsDriverLicenseValid(text.substr(begin, end - begin));
}

bool UkNinoInText(std::string_view text, std::size_t begin, std::size_t end) {
  return UkNinoValid(text.substr(begin, end - begin));
}

bool UkNhsInText(std::string_view text, std::size_t begin, std::size_t end) {
  return Standalone(text, begin, end) && UkNhsValid(text.substr(begin, end - begin));
}

bool EsNifInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !GluedToMoreDigits(text, begin, end, kGroupSeparators) &&
         EsNifValid(text.substr(begin, end - begin));
}

bool EsNieInText(std::string_view text, std::size_t begin, std::size_t end) {
  return EsNieValid(text.substr(begin, end - begin));
}

bool ItFiscalCodeInText(std::string_view text, std::size_t begin, std::size_t end) {
  return ItFiscalCodeValid(text.substr(begin, end - begin));
}

bool InAadhaarInText(std::string_view text, std::size_t begin, std::size_t end) {
  return Standalone(text, begin, end) && InAadhaarValid(text.substr(begin, end - begin));
}

bool DateOfBirthInText(std::string_view text, std::size_t begin, std::size_t end) {
  // "1.15.03.1990" or "12/15/03/1990" are not dates; a time after a space
  // ("15/03/1990 10:30") is fine.
  return !GluedToMoreDigits(text, begin, end, "-./") &&
         DateOfBirthValid(text.substr(begin, end - begin));
}

bool GeoCoordinatesInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) &&
         GeoCoordinatesValid(text.substr(begin, end - begin));
}

}  // namespace scrubline
