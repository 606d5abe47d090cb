// The identity family: ITIN, passports, driving licences, NINO, NHS, DNI/NIE,
// codice fiscale, Aadhaar, dates of birth and coordinates.
//
// Two layers: the validators on their own (structure, ranges, check
// characters, neighbourhood), and the real shipped catalog
// (patterns/pii/*.yaml compiled by PiiClassifier::Create) finding each type
// in sentences and leaving near-misses alone. Checksum-valid values are
// generated here from a fixed seed with this file's own implementation of
// each check (Verhoeff through the dihedral group's algebra rather than the
// validator's tables), so a shared mistake would have to be made twice.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <new>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/pii/pii_classifier.h"
#include "classifiers/pii/validators.h"

#include "tests/support/allocation_counter.h"

namespace scrubline {
namespace {

// --- Generators: this file's own implementation of each check. ---

std::mt19937& Rng() {
  static std::mt19937 rng(20240315);
  return rng;
}
int Rand(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(Rng()); }
std::string RandomDigits(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + Rand(0, 9));
  return s;
}
char RandomLetter() { return static_cast<char>('A' + Rand(0, 25)); }
template <typename T>
const T& Pick(const std::vector<T>& v) {
  return v[static_cast<std::size_t>(Rand(0, static_cast<int>(v.size()) - 1))];
}
std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}
std::string Format(const char* fmt, const std::string& a) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, a.c_str());
  return buf;
}

// NHS: weights 10..2 over the first nine digits; 11 - sum mod 11, 11 -> 0,
// 10 -> never issued (-1).
int NhsCheck(const std::string& nine) {
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (nine[i] - '0') * (10 - i);
  int c = 11 - sum % 11;
  return c == 11 ? 0 : (c == 10 ? -1 : c);
}
// A valid NHS number; `exchange_low` makes digit 4 a 0 or 1, so that the
// 3-3-4 form is never also a valid NANP phone number.
std::string RandomNhs(bool exchange_low) {
  while (true) {
    std::string nine = std::to_string(Rand(4, 7)) + RandomDigits(8);
    if (exchange_low) nine[3] = static_cast<char>('0' + Rand(0, 1));
    int c = NhsCheck(nine);
    if (c >= 0) return nine + static_cast<char>('0' + c);
  }
}
std::string Group334(const std::string& ten, char sep) {
  return ten.substr(0, 3) + sep + ten.substr(3, 3) + sep + ten.substr(6);
}

constexpr std::string_view kDni = "TRWAGMYFPDXBNJZSQVHLCKE";
std::string RandomNif() {
  int n = Rand(10000000, 99999999);
  return std::to_string(n) + kDni[n % 23];
}
std::string RandomNie() {
  int prefix = Rand(0, 2);
  std::string seven = RandomDigits(7);
  int n = prefix * 10000000 + std::stoi(seven);
  return std::string(1, "XYZ"[prefix]) + seven + kDni[n % 23];
}

// Codice fiscale: odd positions (1st, 3rd, ...) through the odd table
// (digits as A-J), even positions at face value; sum mod 26 as a letter.
constexpr int kOdd[26] = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                          20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
char FiscalCheck(const std::string& fifteen) {
  int sum = 0;
  for (int i = 0; i < 15; ++i) {
    char c = fifteen[i];
    int v = (c >= '0' && c <= '9') ? c - '0' : c - 'A';
    sum += (i % 2 == 0) ? kOdd[v] : v;
  }
  return static_cast<char>('A' + sum % 26);
}
// `omocodic` rightmost digit positions replaced by their letters.
std::string RandomFiscalCode(int omocodic = 0) {
  std::string s;
  for (int i = 0; i < 6; ++i) s += RandomLetter();
  s += RandomDigits(2);
  s += "ABCDEHLMPRST"[Rand(0, 11)];
  int day = Rand(1, 28) + (Rand(0, 1) ? 40 : 0);
  char dd[3];
  std::snprintf(dd, sizeof dd, "%02d", day);
  s += dd;
  s += RandomLetter();
  s += RandomDigits(3);
  const int positions[] = {14, 13, 12, 10, 9, 7, 6};
  for (int k = 0; k < omocodic; ++k) s[positions[k]] = "LMNPQRSTUV"[s[positions[k]] - '0'];
  return s + FiscalCheck(s);
}

// Verhoeff through the dihedral group D5: 0-4 are rotations r^k, 5-9 the
// reflections s r^k (Verhoeff's numbering).
int D5(int a, int b) {
  auto mod5 = [](int x) { return ((x % 5) + 5) % 5; };
  if (a < 5 && b < 5) return mod5(a + b);
  if (a < 5) return 5 + mod5(a + (b - 5));
  if (b < 5) return 5 + mod5((a - 5) - b);
  return mod5((a - 5) - (b - 5));
}
int D5Inverse(int a) { return a < 5 ? (5 - a) % 5 : a; }
int VerhoeffPermute(int times, int digit) {
  static const int p1[10] = {1, 5, 7, 6, 2, 8, 3, 0, 9, 4};
  for (int i = 0; i < times % 8; ++i) digit = p1[digit];
  return digit;
}
char VerhoeffCheck(const std::string& payload) {
  int c = 0;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    int digit = payload[payload.size() - 1 - i] - '0';
    c = D5(c, VerhoeffPermute(static_cast<int>(i) + 1, digit));
  }
  return static_cast<char>('0' + D5Inverse(c));
}
std::string RandomAadhaar() {
  std::string eleven = std::to_string(Rand(2, 9)) + RandomDigits(10);
  return eleven + VerhoeffCheck(eleven);
}
std::string Group444(const std::string& twelve, char sep) {
  return twelve.substr(0, 4) + sep + twelve.substr(4, 4) + sep + twelve.substr(8);
}

std::string RandomNino() {
  static const std::string first = "ABCEGHJKLMNOPRSTWXYZ";
  static const std::string second = "ABCEGHJKLMNPRSTWXYZ";
  while (true) {
    std::string p{first[Rand(0, static_cast<int>(first.size()) - 1)],
                  second[Rand(0, static_cast<int>(second.size()) - 1)]};
    if (p == "BG" || p == "GB" || p == "KN" || p == "NK" || p == "NT" || p == "TN" || p == "ZZ") {
      continue;
    }
    return p + RandomDigits(6) + static_cast<char>('A' + Rand(0, 3));
  }
}
std::string SpacedNino(const std::string& n) {
  return n.substr(0, 2) + " " + n.substr(2, 2) + " " + n.substr(4, 2) + " " + n.substr(6, 2) + " " +
         n.substr(8);
}

std::string RandomItin() {
  static const std::vector<std::pair<int, int>> ranges = {{50, 65}, {70, 88}, {90, 92}, {94, 99}};
  auto [lo, hi] = Pick(ranges);
  char buf[16];
  std::snprintf(buf, sizeof buf, "9%02d%c%02d%c%04d", Rand(0, 99), '-', Rand(lo, hi), '-',
                Rand(0, 9999));
  std::string s = buf;
  if (Rand(0, 1)) std::replace(s.begin(), s.end(), '-', ' ');
  return s;
}

bool Leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysIn(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return days[m - 1] + (m == 2 && Leap(y) ? 1 : 0);
}
const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};
std::string Ordinal(int d) {
  if (d % 10 == 1 && d != 11) return "st";
  if (d % 10 == 2 && d != 12) return "nd";
  if (d % 10 == 3 && d != 13) return "rd";
  return "th";
}
// A random real date in 1900-2029 in one of the supported written forms.
std::string RandomBirthDate(int form) {
  int y = Rand(1900, 2029), m = Rand(1, 12), d = Rand(1, DaysIn(y, m));
  char buf[64];
  std::string month = kMonths[m - 1];
  switch (form % 9) {
    case 0:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      break;
    case 1:
      std::snprintf(buf, sizeof buf, "%04d/%d/%d", y, m, d);
      break;
    case 2:
      std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y);
      break;
    case 3:
      std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", m, d, y);
      break;
    case 4:
      std::snprintf(buf, sizeof buf, "%d.%d.%04d", d, m, y);
      break;
    case 5:
      std::snprintf(buf, sizeof buf, "%d %s %04d", d, month.c_str(), y);
      break;
    case 6:
      std::snprintf(buf, sizeof buf, "%d%s of %s %04d", d, Ordinal(d).c_str(), month.c_str(), y);
      break;
    case 7:
      std::snprintf(buf, sizeof buf, "%02d-%s-%04d", d, month.substr(0, 3).c_str(), y);
      break;
    default:
      std::snprintf(buf, sizeof buf, "%s %d, %04d", month.c_str(), d, y);
      break;
  }
  return buf;
}

// A decimal-degree value with `decimals` decimals and |integer part| <= max.
std::string RandomDegrees(int min_int, int max_int, int decimals) {
  std::string s = Rand(0, 1) ? "-" : "";
  s += std::to_string(Rand(min_int, max_int - 1)) + "." + RandomDigits(decimals);
  return s;
}

// --- The real catalog. ---

class Identity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto c = PiiClassifier::Create(std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii");
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    classifier_ = *c;
    auto s = classifier_->NewScratch();
    ASSERT_TRUE(s.ok());
    scratch_ = s->release();
  }
  static void TearDownTestSuite() {
    delete scratch_;
    scratch_ = nullptr;
    classifier_.reset();
  }

  struct Case {
    std::string text;
    std::string span;  // first occurrence in text
  };

  static ::testing::AssertionResult Found(const Case& c, EntityType type) {
    std::vector<Finding> out;
    if (!classifier_->Classify(c.text, FieldHint{}, *scratch_, out).ok()) {
      return ::testing::AssertionFailure() << "classify failed: " << c.text;
    }
    const std::size_t begin = c.text.find(c.span);
    if (begin == std::string::npos) return ::testing::AssertionFailure() << "bad case " << c.text;
    std::string seen;
    for (const Finding& f : out) {
      if (f.type == type && f.begin == begin && f.end == begin + c.span.size()) {
        return ::testing::AssertionSuccess();
      }
      seen += " " + std::string(EntityTypeName(f.type)) + ":\"" +
              c.text.substr(f.begin, f.end - f.begin) + "\"";
    }
    return ::testing::AssertionFailure() << EntityTypeName(type) << " \"" << c.span
                                         << "\" not found in \"" << c.text << "\"; found" << seen;
  }

  static ::testing::AssertionResult NotFound(const std::string& text, EntityType type) {
    std::vector<Finding> out;
    if (!classifier_->Classify(text, FieldHint{}, *scratch_, out).ok()) {
      return ::testing::AssertionFailure() << "classify failed: " << text;
    }
    for (const Finding& f : out) {
      if (f.type == type) {
        return ::testing::AssertionFailure()
               << EntityTypeName(type) << " \"" << text.substr(f.begin, f.end - f.begin)
               << "\" found in \"" << text << "\" by " << classifier_->rule_id(f.rule);
      }
    }
    return ::testing::AssertionSuccess();
  }

  static void Check(EntityType type, const std::vector<Case>& positives,
                    const std::vector<std::string>& negatives) {
    ASSERT_GE(positives.size(), 20u);
    ASSERT_GE(negatives.size(), 20u);
    for (const Case& c : positives) EXPECT_TRUE(Found(c, type));
    for (const std::string& n : negatives) EXPECT_TRUE(NotFound(n, type));
  }

  static std::shared_ptr<const PiiClassifier> classifier_;
  static PiiClassifier::Scratch* scratch_;
};
std::shared_ptr<const PiiClassifier> Identity::classifier_;
PiiClassifier::Scratch* Identity::scratch_ = nullptr;

TEST_F(Identity, UsItin) {
  std::vector<Case> pos;
  const std::vector<std::string> ctx = {"%s", "ITIN: %s", "my taxpayer id is %s.", "%s (ITIN)",
                                        "IRS letter for %s"};
  for (int i = 0; i < 24; ++i) {
    std::string v = RandomItin();
    pos.push_back({Format(Pick(ctx).c_str(), v), v});
  }
  // Unseparated next to an ITIN word (us_itin_compact): a 9-digit number
  // whose middle digits are an IRS group, named as an ITIN, is one.
  pos.push_back({"ITIN 912701234", "912701234"});
  pos.push_back({"my taxpayer id is 950990181.", "950990181"});
  std::vector<std::string> neg = {
      "912-93-1234",  "912-49-1234",      "912-89-1234", "912-66-1234",       "912-69-1234",
      "912-00-1234",  "812-70-1234",      "912-70 1234", "912 70-1234",       "1-912-70-1234",
      "912-70-12345", "9912-70-1234",     "912701234",   "ITIN 912931234",    "912-7-1234",
      "v9.12.70",     "order 912-70-123", "2023-11-02",  "tel 912 70 1234 5", "price 912.70"};
  for (int i = 0; i < 10; ++i) {  // random groups outside the IRS ranges
    int g = Pick(std::vector<int>{Rand(0, 49), Rand(66, 69), 89, 93});
    char buf[32];
    std::snprintf(buf, sizeof buf, "ITIN 9%02d-%02d-%04d", Rand(0, 99), g, Rand(0, 9999));
    neg.push_back(buf);
  }
  Check(EntityType::kUsItin, pos, neg);
}

TEST_F(Identity, UsPassport) {
  std::vector<Case> pos;
  const std::vector<std::string> ctx = {"passport %s",
                                        "Passport No. %s",
                                        "%s is my passport",
                                        "pasaporte: %s",
                                        "Reisepass %s",
                                        "travel document %s",
                                        "my passport number is %s, thanks"};
  std::vector<std::string> values;
  for (int i = 0; i < 24; ++i) {
    std::string v = (i % 2) ? std::string(1, RandomLetter()) + RandomDigits(8)
                            : std::to_string(Rand(1, 9)) + RandomDigits(8);
    values.push_back(v);
    pos.push_back({Format(Pick(ctx).c_str(), v), v});
  }
  std::vector<std::string> neg;
  for (int i = 0; i < 10; ++i) neg.push_back("ref " + values[i]);  // no passport word
  for (const char* n :
       {"passport 91280345", "passport 9128034567", "passport AB12803456", "passport 111111111",
        "passport A00000000", "passport 1.912803456", "passport 912803456-2",
        "passport renewal form ............................ 912803456", "order A12803456 shipped",
        "tracking 912803456", "passport 912 803 456", "passport A1280345"}) {
    neg.push_back(n);
  }
  Check(EntityType::kUsPassport, pos, neg);
}

TEST_F(Identity, UsDriverLicense) {
  std::vector<Case> pos;
  const std::vector<std::string> ctx = {"driver's license %s", "DL# %s",
                                        "driving licence: %s", "%s (driver license)",
                                        "DMV record %s",       "License number %s"};
  for (int i = 0; i < 24; ++i) {
    std::string v;
    switch (i % 6) {
      case 0:
        v = std::string(1, RandomLetter()) + RandomDigits(7);
        break;  // CA
      case 1:
        v = std::string(1, RandomLetter()) + RandomDigits(12);
        break;  // FL, MI
      case 2:   // FL printed
        v = std::string(1, RandomLetter()) + RandomDigits(3) + "-" + RandomDigits(3) + "-" +
            RandomDigits(2) + "-" + RandomDigits(3) + "-" + RandomDigits(1);
        break;
      case 3:  // IL printed
        v = std::string(1, RandomLetter()) + RandomDigits(3) + "-" + RandomDigits(4) + "-" +
            RandomDigits(4);
        break;
      case 4:
        v = std::to_string(Rand(1, 9)) + RandomDigits(7);
        break;  // TX 8 digits
      default:
        v = std::to_string(Rand(1, 9)) + RandomDigits(8);
        break;  // NY 9 digits
    }
    pos.push_back({Format(Pick(ctx).c_str(), v), v});
  }
  const std::vector<std::string> neg = {
      "H12234567",
      "flight BA1234567 boards",
      "ref 12345678",
      "license key AB123456",
      "license plate AB12345",
      "license A0000000",
      "license 22222222",
      "license ABC1234567",
      "license A1234-5678",
      "license 123456",
      "license 1234567890123",
      "license A123456789012345",
      "software license serial 12345678",
      "product license A1234567",
      "driver's license 1.2345678",
      "license v1.2.3",
      "license renewal .................................. A1234567",
      "DL-12345678-9",
      "room 204 at 10.30",
      "Code 481516 expires"};
  Check(EntityType::kUsDriverLicense, pos, neg);
}

TEST_F(Identity, UkNino) {
  std::vector<Case> pos;
  const std::vector<std::string> ctx = {"%s", "NI number %s", "National Insurance: %s.", "nino %s",
                                        "%s is my NI no"};
  for (int i = 0; i < 24; ++i) {
    std::string v = RandomNino();
    if (i % 3 == 1) v = SpacedNino(v);
    if (i % 3 == 2) v = Lower(v);
    pos.push_back({Format(Pick(ctx).c_str(), v), v});
  }
  std::vector<std::string> neg;
  for (char bad : std::string("DFIQUV")) neg.push_back(std::string(1, bad) + "A123456A");
  for (char bad : std::string("DFIQUVO")) neg.push_back("A" + std::string(1, bad) + "123456B");
  for (const char* p : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}) {
    neg.push_back(std::string(p) + " 12 34 56 C");
  }
  for (const char* n : {"AB123456E", "AB 12 34 56 Z", "Ab123456c", "AB12345C", "AB1234567C",
                        "XAB123456C", "AB123456CD", "AB  123456C"}) {
    neg.push_back(n);
  }
  Check(EntityType::kUkNino, pos, neg);
}

TEST_F(Identity, UkNhs) {
  std::vector<Case> pos;
  for (int i = 0; i < 24; ++i) {
    switch (i % 4) {
      case 0: {  // printed, alone (not a NANP number)
        std::string v = Group334(RandomNhs(true), Rand(0, 1) ? ' ' : '-');
        pos.push_back({v, v});
        break;
      }
      case 1: {  // printed, with health words
        std::string v = Group334(RandomNhs(false), Rand(0, 1) ? ' ' : '-');
        pos.push_back({Format("NHS number: %s", v), v});
        break;
      }
      case 2: {
        std::string v = RandomNhs(false);
        pos.push_back({Format("patient %s admitted", v), v});
        break;
      }
      default: {
        std::string v = RandomNhs(false);
        pos.push_back({v, v});
        break;
      }
    }
  }
  std::vector<std::string> neg;
  for (int i = 0; i < 12; ++i) {  // every wrong check digit, and the never-issued 10
    std::string nine = std::to_string(Rand(4, 7)) + RandomDigits(8);
    int c = NhsCheck(nine);
    int wrong = (c < 0 ? Rand(0, 9) : (c + Rand(1, 9)) % 10);
    neg.push_back("NHS " + Group334(nine + static_cast<char>('0' + wrong), ' '));
  }
  for (const char* n :
       {"401-023-2138", "628 194-8211", "000 000 0000", "order 401-023-2137", "+44 401 023 2137",
        "1-401-023-2137", "40102321370", "tracking 4010232137", "office 223-087-9502 fax",
        "call 4010232137", "2222222222", "401-023-21377"}) {
    neg.push_back(n);
  }
  Check(EntityType::kUkNhs, pos, neg);
}

TEST_F(Identity, EsNif) {
  std::vector<Case> pos;
  const std::vector<std::string> ctx = {"%s", "DNI: %s", "mi NIF es %s.", "documento %s"};
  for (int i = 0; i < 24; ++i) {
    std::string v = RandomNif();
    switch (i % 5) {
      case 1:
        v = v.substr(0, 8) + "-" + v.substr(8);
        break;
      case 2:
        v = v.substr(0, 2) + "." + v.substr(2, 3) + "." + v.substr(5, 3) + "-" + v[8];
        break;
      case 3:
        v = Lower(v);
        break;
      case 4:
        v = v.substr(0, 8) + " " + v.substr(8);
        break;
      default:
        break;
    }
    pos.push_back({Format(Pick(ctx).c_str(), v), v});
  }
  std::vector<std::string> neg;
  const std::string nif = RandomNif();
  for (char l : kDni) {  // every wrong control letter of one number
    if (l != nif[8]) neg.push_back("DNI " + nif.substr(0, 8) + l);
  }
  for (const char* n : {"1234567Z", "123456789Z", "11111111H", "1-12345678Z", "12345678Z3",
                        "12.3456.78Z", "v12345678Z", "order 12345678Z"}) {
    neg.push_back(n);
  }
  Check(EntityType::kEsNif, pos, neg);
}

TEST_F(Identity, EsNie) {
  std::vector<Case> pos;
  const std::vector<std::string> ctx = {"%s", "NIE: %s", "tarjeta de residencia %s", "%s (NIE)"};
  for (int i = 0; i < 24; ++i) {
    std::string v = RandomNie();
    if (i % 3 == 1) v = v.substr(0, 1) + "-" + v.substr(1, 7) + "-" + v.substr(8);
    if (i % 3 == 2) v = Lower(v);
    pos.push_back({Format(Pick(ctx).c_str(), v), v});
  }
  std::vector<std::string> neg;
  const std::string nie = RandomNie();
  for (char l : kDni) {
    if (l != nie[8]) neg.push_back("NIE " + nie.substr(0, 8) + l);
  }
  for (const char* n : {"W2538365Q", "A2538365Q", "X253836Q", "X25383650Q", "x2538365Q",
                        "X2538365q", "XX2538365Q"}) {
    neg.push_back(n);
  }
  Check(EntityType::kEsNie, pos, neg);
}

TEST_F(Identity, ItFiscalCode) {
  // The generator agrees with the documented example.
  ASSERT_EQ(FiscalCheck("RSSMRA85T10A562"), 'S');
  std::vector<Case> pos;
  const std::vector<std::string> ctx = {"%s", "codice fiscale: %s", "CF %s", "tax code %s."};
  for (int i = 0; i < 24; ++i) {
    std::string v = RandomFiscalCode(i % 4 == 3 ? Rand(1, 7) : 0);
    if (i % 5 == 4) v = Lower(v);
    pos.push_back({Format(Pick(ctx).c_str(), v), v});
  }
  std::vector<std::string> neg;
  for (int i = 0; i < 8; ++i) {  // wrong check letter
    std::string v = RandomFiscalCode(i % 2);
    v[15] = static_cast<char>('A' + (v[15] - 'A' + Rand(1, 25)) % 26);
    neg.push_back(v);
  }
  for (int i = 0; i < 6; ++i) {  // a day that no month has, with a correct check letter
    std::string v = RandomFiscalCode().substr(0, 15);
    const int day = Pick(std::vector<int>{0, 32, 39, 40, 72, 99});
    v[9] = static_cast<char>('0' + day / 10);
    v[10] = static_cast<char>('0' + day % 10);
    neg.push_back(v + FiscalCheck(v));
  }
  {  // 30 February, omocodia not from the right, both with correct check letters
    std::string feb = "RSSMRA85B30A562";
    neg.push_back(feb + FiscalCheck(feb));
    std::string left = "RSSMRA85T10A5N2";
    neg.push_back(left + FiscalCheck(left));
  }
  for (const char* n : {"RssMRA85T10A562S", "RSSMRA85T10A562", "RSSMRA85T10A562SX",
                        "RSSMRA85F10A562S", "RSSMR485T10A562S", "XRSSMRA85T10A562S"}) {
    neg.push_back(n);
  }
  Check(EntityType::kItFiscalCode, pos, neg);
}

TEST_F(Identity, InAadhaar) {
  ASSERT_EQ(VerhoeffCheck("236"), '3');  // the textbook example
  std::vector<Case> pos;
  for (int i = 0; i < 24; ++i) {
    std::string v = RandomAadhaar();
    switch (i % 4) {
      case 0:
        v = Group444(v, ' ');
        pos.push_back({v, v});
        break;
      case 1:
        v = Group444(v, '-');
        pos.push_back({Format("Aadhaar: %s", v), v});
        break;
      case 2:
        pos.push_back({Format("my aadhaar no is %s", v), v});
        break;
      default:
        pos.push_back({v, v});
        break;
    }
  }
  std::vector<std::string> neg;
  for (int i = 0; i < 10; ++i) {  // every kind of wrong check digit
    std::string v = RandomAadhaar();
    v[11] = static_cast<char>('0' + (v[11] - '0' + Rand(1, 9)) % 10);
    neg.push_back("Aadhaar " + Group444(v, ' '));
  }
  {
    std::string v = RandomAadhaar();
    std::swap(v[3], v[4]);  // Verhoeff catches adjacent transpositions
    if (v[3] != v[4]) neg.push_back("Aadhaar " + v);
  }
  for (const char* n : {"0412 1547 2806", "1412 1547 2806", "2222 2222 2222", "4111 1111 1111 1111",
                        "9412 1547-2806", "order 725388853935", "7253888539351", "72538885393",
                        "1-9412-1547-2806", "9412 1547 2806 7"}) {
    neg.push_back(n);
  }
  Check(EntityType::kInAadhaar, pos, neg);
}

TEST_F(Identity, DateOfBirth) {
  std::vector<Case> pos;
  const std::vector<std::string> ctx = {"born %s",
                                        "DOB: %s",
                                        "%s (date of birth)",
                                        "Geburtsdatum %s",
                                        "birthday %s!",
                                        "né le %s",
                                        "fecha de nacimiento: %s",
                                        "D.O.B. %s",
                                        "I was born on %s in Leeds"};
  std::vector<std::string> dates;
  for (int i = 0; i < 27; ++i) {
    std::string v = RandomBirthDate(i);
    dates.push_back(v);
    pos.push_back({Format(Pick(ctx).c_str(), v), v});
  }
  pos.push_back({"born 29/02/2000", "29/02/2000"});  // leap years
  pos.push_back({"DOB 1996-02-29", "1996-02-29"});
  std::vector<std::string> neg;
  for (int i = 0; i < 12; ++i) neg.push_back("sent " + dates[i]);  // dates alone: usage data
  for (const char* n : {"born 1900-02-29",
                        "born 29/02/1990",
                        "born 31/04/1990",
                        "born 15/13/1990",
                        "born 32 March 1990",
                        "born February 30, 1990",
                        "DOB 1899-12-31",
                        "DOB 2030-01-01",
                        "DOB 1990-03-15T10:00",
                        "born 1.15.03.1990",
                        "born 15/03/19901",
                        "born 15/03.1990",
                        "born 00/00/1990",
                        "born 15-March 1990",
                        "born March 151990",
                        "order ships on 12/03/2024",
                        "Today is 5-20-2021",
                        "v1.2.2023",
                        "birthday party on 12/03",
                        "born in Leeds, a lovely city in the north of England, on 15/03/1990"}) {
    neg.push_back(n);
  }
  Check(EntityType::kDateOfBirth, pos, neg);
}

TEST_F(Identity, GeoCoordinates) {
  std::vector<Case> pos;
  for (int i = 0; i < 25; ++i) {
    std::string lat = RandomDegrees(1, 90, Rand(3, 6));
    std::string lon = RandomDegrees(0, 180, Rand(3, 6));
    switch (i % 5) {
      case 0:
        pos.push_back({lat + ", " + lon, lat + ", " + lon});
        break;
      case 1:
        pos.push_back({"at " + lat + "," + lon + " now", lat + "," + lon});
        break;
      case 2: {
        std::string v = "lat " + lat + " lon " + lon;
        pos.push_back({"gps: " + v, v});
        break;
      }
      case 3: {
        std::string v = "lat=" + lat + "&lng=" + lon;
        pos.push_back({"https://maps.example.com/?" + v + "&z=12", v});
        break;
      }
      default: {
        std::string v = "latitude\": " + lat + ", \"longitude\": " + lon;
        pos.push_back({"{\"" + v + "}", v});
        break;
      }
    }
  }
  std::vector<std::string> neg;
  for (int i = 0; i < 6; ++i) {  // out of range
    neg.push_back(RandomDegrees(91, 99, 4) + ", " + RandomDegrees(0, 180, 4));
    neg.push_back(RandomDegrees(1, 90, 4) + ", " + std::to_string(Rand(181, 999)) + ".1234");
  }
  for (const char* n :
       {"cost 12.50, 7.99", "37.77, -122.41", "lat 37.77 lon -122.41", "0.125, 0.250",
        "lat 0.0000 lon 0.0000", "v1.2.3, 4.5.6", "price 12.345, 67.890", "1.37.7749, -122.4194",
        "90.0001, 10.1234", "45.1234, 180.0001", "192.168.100.200", "3.14159", "05.1234, 10.1234",
        "37.7749 -122.4194 x", "Tickets 1.250, 2.500 EUR", "$1.250, 2.500"}) {
    neg.push_back(n);
  }
  Check(EntityType::kGeoCoordinates, pos, neg);
}

// --- The validators on their own. ---

TEST(IdentityValidators, RegisteredByName) {
  for (auto v :
       {Validator::kUsItin, Validator::kUsPassport, Validator::kUsDriverLicense, Validator::kUkNino,
        Validator::kUkNhs, Validator::kEsNif, Validator::kEsNie, Validator::kItFiscalCode,
        Validator::kInAadhaar, Validator::kDateOfBirth, Validator::kGeoCoordinates}) {
    auto parsed = ParseValidator(ValidatorName(v));
    ASSERT_TRUE(parsed.has_value()) << ValidatorName(v);
    EXPECT_EQ(*parsed, v);
  }
  EXPECT_EQ(ValidatorName(Validator::kUkNhs), "uk_nhs");
  EXPECT_TRUE(Validate(Validator::kUkNhs, "x 401-023-2137 y", 2, 14));
  EXPECT_FALSE(Validate(Validator::kUkNhs, "x 401-023-2138 y", 2, 14));
}

TEST(IdentityValidators, UsItin) {
  EXPECT_TRUE(UsItinValid("911-70-1234"));
  EXPECT_TRUE(UsItinValid("911 50 1234"));
  EXPECT_TRUE(UsItinValid("999651234"));
  for (int g : {50, 65, 70, 88, 90, 92, 94, 99}) {
    EXPECT_TRUE(UsItinValid("900-" + std::to_string(g) + "-0000")) << g;
  }
  for (int g : {0, 49, 66, 69, 89, 93}) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "900-%02d-0000", g);
    EXPECT_FALSE(UsItinValid(buf)) << g;
  }
  EXPECT_FALSE(UsItinValid("811-70-1234"));
  EXPECT_FALSE(UsItinValid("911-70 1234"));
  EXPECT_FALSE(UsItinValid("9117-0-1234"));
  EXPECT_FALSE(UsItinValid("911-70-12345"));
  EXPECT_FALSE(UsItinValid(""));
  EXPECT_FALSE(UsItinInText("1-911-70-1234", 2, 13));
  EXPECT_FALSE(UsItinInText("911 70 1234 5", 0, 11));
  EXPECT_TRUE(UsItinInText("ITIN 911 70 1234.", 5, 16));
}

TEST(IdentityValidators, UsPassportAndDriverLicense) {
  EXPECT_TRUE(UsPassportValid("912803456"));
  EXPECT_TRUE(UsPassportValid("A12803456"));
  EXPECT_TRUE(UsPassportValid("a12803456"));
  EXPECT_FALSE(UsPassportValid("999999999"));
  EXPECT_FALSE(UsPassportValid("A00000000"));
  EXPECT_FALSE(UsPassportValid("AB2803456"));
  EXPECT_FALSE(UsPassportValid("91280345"));
  EXPECT_FALSE(UsPassportValid("9128034567"));
  EXPECT_FALSE(UsPassportValid("912-80345"));
  EXPECT_FALSE(UsPassportInText("1.912803456", 2, 11));

  EXPECT_TRUE(UsDriverLicenseValid("H1223456"));
  EXPECT_TRUE(UsDriverLicenseValid("AB123456"));
  EXPECT_TRUE(UsDriverLicenseValid("A1234"));
  EXPECT_TRUE(UsDriverLicenseValid("D123-456-78-901-0"));
  EXPECT_TRUE(UsDriverLicenseValid("S530-4608-0411"));
  EXPECT_TRUE(UsDriverLicenseValid("12345678"));
  EXPECT_TRUE(UsDriverLicenseValid("123456789012"));
  EXPECT_FALSE(UsDriverLicenseValid("ABC12345"));
  EXPECT_FALSE(UsDriverLicenseValid("A123"));
  EXPECT_FALSE(UsDriverLicenseValid("A123456789012345"));
  EXPECT_FALSE(UsDriverLicenseValid("123456"));
  EXPECT_FALSE(UsDriverLicenseValid("1234567890123"));
  EXPECT_FALSE(UsDriverLicenseValid("A0000000"));
  EXPECT_FALSE(UsDriverLicenseValid("D12-456-78"));      // first group 3-4
  EXPECT_FALSE(UsDriverLicenseValid("D123-45678-901"));  // later groups 1-4
  EXPECT_FALSE(UsDriverLicenseValid("D123-456"));        // 3-5 groups
  EXPECT_FALSE(UsDriverLicenseValid("1234-5678-90"));    // digits alone: compact only
  EXPECT_FALSE(UsDriverLicenseValid("D123--456-78"));
  EXPECT_FALSE(UsDriverLicenseInText("A1234-5678", 0, 5));
}

TEST(IdentityValidators, UkNino) {
  EXPECT_TRUE(UkNinoValid("AA123456B"));
  EXPECT_TRUE(UkNinoValid("AA 12 34 56 B"));
  EXPECT_TRUE(UkNinoValid("AA 123456 B"));
  EXPECT_TRUE(UkNinoValid("PR 123612C"));
  EXPECT_TRUE(UkNinoValid("tw987654a"));
  EXPECT_TRUE(UkNinoValid("OA123456D"));  // O is allowed first
  EXPECT_FALSE(UkNinoValid("AO123456D"));
  for (char c : std::string("DFIQUV")) {
    EXPECT_FALSE(UkNinoValid(std::string(1, c) + "A123456A")) << c;
    EXPECT_FALSE(UkNinoValid("A" + std::string(1, c) + "123456A")) << c;
  }
  for (const char* p : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}) {
    EXPECT_FALSE(UkNinoValid(std::string(p) + "123456A")) << p;
  }
  EXPECT_FALSE(UkNinoValid("AA123456E"));
  EXPECT_FALSE(UkNinoValid("Aa123456B"));
  EXPECT_FALSE(UkNinoValid("AA1234567"));
  EXPECT_FALSE(UkNinoValid("AA12345B"));
  EXPECT_FALSE(UkNinoValid("AA1 23456B"));  // a space inside a group
  EXPECT_FALSE(UkNinoValid("AA  123456B"));
  EXPECT_FALSE(UkNinoValid(" AA123456B"));
  EXPECT_FALSE(UkNinoValid("AA123456B "));
  EXPECT_FALSE(UkNinoValid(""));
}

TEST(IdentityValidators, UkNhsCatchesEverySingleDigitError) {
  EXPECT_TRUE(UkNhsValid("4010232137"));
  EXPECT_TRUE(UkNhsValid("401 023 2137"));
  EXPECT_TRUE(UkNhsValid("401-023-2137"));
  EXPECT_FALSE(UkNhsValid("401 023-2137"));
  EXPECT_FALSE(UkNhsValid("4010 23 2137"));
  EXPECT_FALSE(UkNhsValid("0000000000"));
  EXPECT_FALSE(UkNhsValid("401023213"));
  EXPECT_FALSE(UkNhsValid("40102321370"));
  // A check of 10 is never issued: no last digit makes such a number valid.
  for (int tries = 0, found = 0; found < 3 && tries < 1000; ++tries) {
    std::string nine = RandomDigits(9);
    if (NhsCheck(nine) >= 0) continue;
    ++found;
    for (char d = '0'; d <= '9'; ++d) EXPECT_FALSE(UkNhsValid(nine + d)) << nine << d;
  }
  for (int i = 0; i < 20; ++i) {
    std::string v = RandomNhs(false);
    ASSERT_TRUE(UkNhsValid(v)) << v;
    for (std::size_t k = 0; k < v.size(); ++k) {
      std::string m = v;
      m[k] = static_cast<char>('0' + (m[k] - '0' + Rand(1, 9)) % 10);
      EXPECT_FALSE(UkNhsValid(m)) << m;
    }
  }
  EXPECT_FALSE(UkNhsInText("+1 401 023 2137", 3, 15));
  EXPECT_TRUE(UkNhsInText("NHS 401 023 2137.", 4, 16));
  EXPECT_TRUE(UkNhsInText("NHS 4010232137 5", 4, 14));  // compact: a space is no glue
}

TEST(IdentityValidators, SpanishNifAndNie) {
  EXPECT_TRUE(EsNifValid("12345678Z"));
  EXPECT_TRUE(EsNifValid("12345678-Z"));
  EXPECT_TRUE(EsNifValid("12345678 z"));
  EXPECT_TRUE(EsNifValid("12.345.678-Z"));
  EXPECT_TRUE(EsNifValid("12.345.678Z"));
  EXPECT_FALSE(EsNifValid("12345678A"));
  EXPECT_FALSE(EsNifValid("1234567Z"));
  EXPECT_FALSE(EsNifValid("123456789Z"));
  EXPECT_FALSE(EsNifValid("12.3456.78Z"));
  EXPECT_FALSE(EsNifValid("12345678--Z"));
  EXPECT_FALSE(EsNifValid("00000000T"));  // valid letter, but one repeated digit
  // The table: n mod 23 picks the letter.
  for (int r = 0; r < 23; ++r) {
    std::string n = std::to_string(10000000 + (23 - 10000000 % 23) % 23 + r);
    for (char l : kDni) EXPECT_EQ(EsNifValid(n + l), l == kDni[r]) << n << l;
  }
  EXPECT_TRUE(EsNieValid("X2538365Q"));
  EXPECT_TRUE(EsNieValid("X-2538365-Q"));
  EXPECT_TRUE(EsNieValid("x2538365q"));
  EXPECT_TRUE(EsNieValid("Y4730012F"));
  EXPECT_TRUE(EsNieValid("Z3059205A"));
  EXPECT_FALSE(EsNieValid("Y2538365Q"));  // Y reads as 1
  EXPECT_FALSE(EsNieValid("X2538365R"));
  EXPECT_FALSE(EsNieValid("x2538365Q"));
  EXPECT_FALSE(EsNieValid("W2538365Q"));
  EXPECT_FALSE(EsNieValid("X253836Q"));
  EXPECT_FALSE(EsNieValid("X25383650Q"));
  EXPECT_FALSE(EsNieValid("X--2538365Q"));
}

TEST(IdentityValidators, ItalianFiscalCode) {
  EXPECT_TRUE(ItFiscalCodeValid("RSSMRA85T10A562S"));
  EXPECT_TRUE(ItFiscalCodeValid("rssmra85t10a562s"));
  EXPECT_FALSE(ItFiscalCodeValid("RSSMRA85T10A562T"));
  EXPECT_FALSE(ItFiscalCodeValid("RssMRA85T10A562S"));
  EXPECT_FALSE(ItFiscalCodeValid("RSSMRA85T10A562"));
  // Omocodia: every rightmost run of substitutions, with its check letter.
  const std::string base = "RSSMRA85T10A562";
  const int positions[] = {14, 13, 12, 10, 9, 7, 6};
  std::string omo = base;
  for (int k = 0; k < 7; ++k) {
    omo[positions[k]] = "LMNPQRSTUV"[base[positions[k]] - '0'];
    EXPECT_TRUE(ItFiscalCodeValid(omo + FiscalCheck(omo))) << omo;
  }
  // A substitution left of a digit is not omocodia.
  std::string left = base;
  left[6] = 'U';  // 8 -> U, while position 14 is still a digit
  EXPECT_FALSE(ItFiscalCodeValid(left + FiscalCheck(left)));
  // Days: women +40; no 0, 32-40, 72+; per month (29 February passes).
  auto with_day = [&](char month, int day) {
    std::string s = base;
    s[8] = month;
    s[9] = static_cast<char>('0' + day / 10);
    s[10] = static_cast<char>('0' + day % 10);
    return ItFiscalCodeValid(s + FiscalCheck(s));
  };
  EXPECT_TRUE(with_day('A', 31));
  EXPECT_TRUE(with_day('A', 71));
  EXPECT_TRUE(with_day('B', 29));
  EXPECT_TRUE(with_day('B', 69));
  EXPECT_FALSE(with_day('B', 30));
  EXPECT_FALSE(with_day('D', 31));  // April
  EXPECT_FALSE(with_day('A', 0));
  EXPECT_FALSE(with_day('A', 32));
  EXPECT_FALSE(with_day('A', 40));
  EXPECT_FALSE(with_day('A', 72));
  EXPECT_FALSE(with_day('F', 10));  // not a month letter
  for (int i = 0; i < 50; ++i) {
    std::string v = RandomFiscalCode(Rand(0, 7));
    EXPECT_TRUE(ItFiscalCodeValid(v)) << v;
    v[Rand(0, 5)] = '1';  // a digit among the name letters
    EXPECT_FALSE(ItFiscalCodeValid(v)) << v;
  }
}

TEST(IdentityValidators, AadhaarAndVerhoeff) {
  EXPECT_TRUE(VerhoeffValid("2363"));
  EXPECT_FALSE(VerhoeffValid("2364"));
  EXPECT_FALSE(VerhoeffValid(""));
  EXPECT_TRUE(InAadhaarValid("9412 1547 2806"));
  EXPECT_TRUE(InAadhaarValid("9412-1547-2806"));
  EXPECT_TRUE(InAadhaarValid("941215472806"));
  EXPECT_FALSE(InAadhaarValid("9412 1547-2806"));
  EXPECT_FALSE(InAadhaarValid("94121 547 2806"));
  EXPECT_FALSE(InAadhaarValid("94121547280"));
  for (int i = 0; i < 40; ++i) {
    std::string v = RandomAadhaar();
    ASSERT_TRUE(InAadhaarValid(v)) << v;
    // Every single-digit error and every adjacent transposition is caught.
    for (std::size_t k = 1; k < v.size(); ++k) {
      std::string m = v;
      m[k] = static_cast<char>('0' + (m[k] - '0' + Rand(1, 9)) % 10);
      EXPECT_FALSE(VerhoeffValid(m)) << m;
      std::string t = v;
      std::swap(t[k - 1], t[k]);
      if (t != v) {
        EXPECT_FALSE(VerhoeffValid(t)) << t;
      }
    }
  }
  // First digit 0/1 and one repeated digit are refused even when Verhoeff-valid.
  std::string low = "1" + RandomDigits(10);
  EXPECT_FALSE(InAadhaarValid(low + VerhoeffCheck(low)));
  EXPECT_FALSE(InAadhaarInText("4111 1111 1111 1111", 0, 14));
}

TEST(IdentityValidators, CalendarAndDatesOfBirth) {
  EXPECT_TRUE(CalendarDateValid(2000, 2, 29));
  EXPECT_TRUE(CalendarDateValid(1996, 2, 29));
  EXPECT_FALSE(CalendarDateValid(1900, 2, 29));
  EXPECT_FALSE(CalendarDateValid(1999, 2, 29));
  EXPECT_FALSE(CalendarDateValid(1999, 4, 31));
  EXPECT_FALSE(CalendarDateValid(1999, 13, 1));
  EXPECT_FALSE(CalendarDateValid(1999, 0, 1));
  EXPECT_FALSE(CalendarDateValid(1999, 1, 0));
  // Every day of a leap and a common year, against this file's own calendar.
  for (int y : {1900, 2000, 2023, 2024}) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= 32; ++d) EXPECT_EQ(CalendarDateValid(y, m, d), d <= DaysIn(y, m));
    }
  }
  for (const char* ok :
       {"1990-03-15", "1990/3/15", "1990.03.15", "15/03/1990", "03/15/1990", "5-3-1990",
        "15.03.1990", "15 March 1990", "15th of March 1990", "15 Mar. 1990", "15-Mar-1990",
        "15 MARCH, 1990", "March 15, 1990", "Mar. 15th 1990", "Sept 5 1990", "sep 5th, 1990",
        "1st January 1900", "December 31 2029", "15/03/90", "6/14/66", "2/29/00"}) {
    EXPECT_TRUE(DateOfBirthValid(ok)) << ok;
  }
  for (const char* bad :
       {"1990-15-03",   "1990-03/15",     "15/13/1990",        "13/13/1990",       "31/04/1990",
        "29/02/1990",   "1899-12-31",     "2030-01-01",        "15/13/90",         "15 March 90",
        "15 Marc 1990", "15 of 1990",     "15-March 1990",     "March 15 1990x",   "March 151990",
        "15th March",   "32 March 1990",  "15 Smarch 1990",    "15nd March 1990x", "",
        "15.03.1990.",  "Sept. 31, 1990", "15th of-March 1990"}) {
    EXPECT_FALSE(DateOfBirthValid(bad)) << bad;
  }
  EXPECT_FALSE(DateOfBirthInText("1.15.03.1990", 2, 12));
  EXPECT_FALSE(DateOfBirthInText("12/15/03/1990", 3, 13));
  EXPECT_TRUE(DateOfBirthInText("15/03/1990 10:30", 0, 10));
}

TEST(IdentityValidators, GeoCoordinates) {
  for (const char* ok :
       {"37.7749, -122.4194", "37.7749,-122.4194", "-33.868,151.209", "+48.8584, +2.2945",
        "lat 37.7749 lon -122.4194", "lat=51.5074&lng=-0.1278", "90.000, 180.000",
        "-90.0000, -180.0000", "latitude\": 40.7128, \"longitude\": -74.0060", "0.5000, 1.5000",
        "1.5000, 0.5000"}) {
    EXPECT_TRUE(GeoCoordinatesValid(ok)) << ok;
  }
  for (const char* bad :
       {"37.77, -122.4194", "37.7749, -122.41", "90.001, 10.000", "45.000, 180.001",
        "91.000, 10.000", "45.000, 1800.000", "0.125, 0.250", "-0.000, 0.000", "05.1234, 10.1234",
        "37.7749", "37.7749, -122.4194, 10.0000", "37.7749; -122.4194!", "37.7749, -122.4194.5",
        "37.7749, --122.4194", "", "37.7749, -122.", "lat 37 lon 122"}) {
    EXPECT_FALSE(GeoCoordinatesValid(bad)) << bad;
  }
  EXPECT_FALSE(GeoCoordinatesInText("1.37.7749, -122.4194", 2, 20));
  EXPECT_TRUE(GeoCoordinatesInText("@37.7749,-122.4194,17z", 1, 18));
}

TEST(IdentityValidators, AllocateNothing) {
  if (!SCRUBLINE_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under ASan";
  const std::string text =
      "911-70-1234 | A12803456 | D123-456-78-901-0 | AB 12 34 56 C | 401-023-2137 | "
      "12.345.678-Z | X-2538365-Q | RSSMRA85T10A56NH | 9412 1547 2806 | 15th of March 1990 | "
      "37.7749, -122.4194";
  struct Span {
    Validator v;
    std::string_view s;
  };
  const Span spans[] = {{Validator::kUsItin, "911-70-1234"},
                        {Validator::kUsPassport, "A12803456"},
                        {Validator::kUsDriverLicense, "D123-456-78-901-0"},
                        {Validator::kUkNino, "AB 12 34 56 C"},
                        {Validator::kUkNhs, "401-023-2137"},
                        {Validator::kEsNif, "12.345.678-Z"},
                        {Validator::kEsNie, "X-2538365-Q"},
                        {Validator::kItFiscalCode, "RSSMRA85T10A56NH"},
                        {Validator::kInAadhaar, "9412 1547 2806"},
                        {Validator::kDateOfBirth, "15th of March 1990"},
                        {Validator::kGeoCoordinates, "37.7749, -122.4194"}};
  int valid = 0;
  g_allocations = 0;
  g_counting = true;
  for (const Span& sp : spans) {
    const std::size_t b = text.find(sp.s);
    valid += Validate(sp.v, text, b, b + sp.s.size()) ? 1 : 0;
  }
  g_counting = false;
  EXPECT_EQ(valid, 11);
  EXPECT_EQ(g_allocations.load(), 0);
}

}  // namespace
}  // namespace scrubline
