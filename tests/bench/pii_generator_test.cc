// The generated PII corpus (bench/pii_generator.h) checked against its own
// promises with checksum code written here, separately from the generator's:
// positives pass their specification's check, checksum near misses fail it,
// gold spans point at the value on UTF-8 boundaries, and a seed fixes the
// corpus.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench/pii_generator.h"

namespace scrubline::bench {
namespace {

std::string OnlyDigits(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (c >= '0' && c <= '9') d += c;
  }
  return d;
}

std::string WithoutSeparators(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (c != ' ' && c != '-' && c != '.') d += c;
  }
  return d;
}

bool LuhnOk(const std::string& digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return !digits.empty() && sum % 10 == 0;
}

bool IbanOk(const std::string& printed) {
  const std::string iban = WithoutSeparators(printed);
  if (iban.size() < 15) return false;
  const std::string moved = iban.substr(4) + iban.substr(0, 4);
  long long r = 0;
  for (char c : moved) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      r = (r * 10 + (c - '0')) % 97;
    } else if (c >= 'A' && c <= 'Z') {
      r = (r * 100 + (c - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return r == 1;
}

// Verhoeff validation by the multiplication / permutation tables.
bool VerhoeffOk(const std::string& digits) {
  static const int d[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                                {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                                {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                                {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static const int p[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                               {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                               {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                               {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  int c = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    c = d[c][p[i % 8][digits[digits.size() - 1 - i] - '0']];
  }
  return c == 0;
}

bool NhsOk(const std::string& digits) {
  if (digits.size() != 10) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[static_cast<std::size_t>(i)] - '0') * (10 - i);
  const int check = (11 - sum % 11) % 11;
  return check != 10 && check == digits[9] - '0';
}

bool AbaOk(const std::string& d) {
  if (d.size() != 9) return false;
  auto at = [&](int i) { return d[static_cast<std::size_t>(i)] - '0'; };
  return (3 * (at(0) + at(3) + at(6)) + 7 * (at(1) + at(4) + at(7)) + at(2) + at(5) + at(8)) % 10 == 0;
}

bool SpanishLetterOk(std::string s) {
  s = WithoutSeparators(s);
  if (s.size() != 9) return false;
  std::string number = s.substr(0, 8);
  if (number[0] == 'X' || number[0] == 'Y' || number[0] == 'Z') number[0] = static_cast<char>('0' + (number[0] - 'X'));
  for (char c : number) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return "TRWAGMYFPDXBNJZSQVHLCKE"[std::stol(number) % 23] == s[8];
}

bool FiscalCodeOk(std::string cf) {
  if (cf.size() != 16) return false;
  for (char& c : cf) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // Odd positions (1st, 3rd, ...): the ministerial conversion table.
  static const std::map<char, int> odd = {
      {'0', 1},  {'1', 0},  {'2', 5},  {'3', 7},  {'4', 9},  {'5', 13}, {'6', 15}, {'7', 17}, {'8', 19},
      {'9', 21}, {'A', 1},  {'B', 0},  {'C', 5},  {'D', 7},  {'E', 9},  {'F', 13}, {'G', 15}, {'H', 17},
      {'I', 19}, {'J', 21}, {'K', 2},  {'L', 4},  {'M', 18}, {'N', 20}, {'O', 11}, {'P', 3},  {'Q', 6},
      {'R', 8},  {'S', 12}, {'T', 14}, {'U', 16}, {'V', 10}, {'W', 22}, {'X', 25}, {'Y', 24}, {'Z', 23}};
  int sum = 0;
  for (int i = 0; i < 15; ++i) {
    const char c = cf[static_cast<std::size_t>(i)];
    if (i % 2 == 0) {
      sum += odd.at(c);
    } else {
      sum += std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A';
    }
  }
  const std::string months = "ABCDEHLMPRST";
  return cf[15] == 'A' + sum % 26 && months.find(cf[8]) != std::string::npos;
}

bool SsnOk(const std::string& d) {
  if (d.size() != 9) return false;
  const int area = std::stoi(d.substr(0, 3)), group = std::stoi(d.substr(3, 2)), serial = std::stoi(d.substr(5));
  return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
}

bool ItinOk(const std::string& d) {
  if (d.size() != 9 || d[0] != '9') return false;
  const int g = std::stoi(d.substr(3, 2));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
}

bool NinoOk(const std::string& s) {
  const std::string n = WithoutSeparators(s);
  if (n.size() != 9) return false;
  const std::string p = n.substr(0, 2);
  if (std::string("DFIQUV").find(p[0]) != std::string::npos) return false;
  if (std::string("DFIOQUV").find(p[1]) != std::string::npos) return false;
  for (const char* bad : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}) {
    if (p == bad) return false;
  }
  return n[8] >= 'A' && n[8] <= 'D';
}

bool Base58CheckOk(const std::string& s) {
  static const std::string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::vector<unsigned char> num;  // big-endian base 256
  for (char c : s) {
    const std::size_t v = alphabet.find(c);
    if (v == std::string::npos) return false;
    int carry = static_cast<int>(v);
    for (auto it = num.rbegin(); it != num.rend(); ++it) {
      carry += *it * 58;
      *it = static_cast<unsigned char>(carry & 0xff);
      carry >>= 8;
    }
    while (carry) {
      num.insert(num.begin(), static_cast<unsigned char>(carry & 0xff));
      carry >>= 8;
    }
  }
  for (char c : s) {
    if (c != '1') break;
    num.insert(num.begin(), 0);
  }
  if (num.size() != 25) return false;
  unsigned char h1[32], h2[32];
  unsigned int n = 0;
  EVP_Digest(num.data(), 21, h1, &n, EVP_sha256(), nullptr);
  EVP_Digest(h1, 32, h2, &n, EVP_sha256(), nullptr);
  return std::equal(h2, h2 + 4, num.begin() + 21) && (num[0] == 0x00 || num[0] == 0x05);
}

bool SegwitOk(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s.rfind("bc1", 0) != 0) return false;
  static const std::string charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  std::vector<int> values = {3, 3, 0, 2, 3};  // hrp "bc" expanded
  for (std::size_t i = 3; i < s.size(); ++i) {
    const std::size_t v = charset.find(s[i]);
    if (v == std::string::npos) return false;
    values.push_back(static_cast<int>(v));
  }
  std::uint32_t chk = 1;
  for (int v : values) {
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ static_cast<std::uint32_t>(v);
    const std::uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= gen[i];
    }
  }
  const int version = values[5];
  return chk == (version == 0 ? 1u : 0x2bc830a3u);
}

bool PhoneOk(const std::string& written) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  for (const char* region : {"US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "BR", "MX", "AU", "JP"}) {
    PhoneNumber n;
    if (util.Parse(written, region, &n) == PhoneNumberUtil::NO_PARSING_ERROR && util.IsValidNumber(n)) return true;
  }
  return false;
}

// The specification check of one positive value; nullopt-like "unchecked"
// for types whose validity is shape only (tested through spans below).
bool PassesSpecification(const GeneratedMessage& m) {
  const std::string& v = m.value;
  switch (m.target) {
    case EntityType::kCreditCard:
    case EntityType::kImei:
    case EntityType::kIccid:
      return LuhnOk(OnlyDigits(v));
    case EntityType::kIban: return IbanOk(v);
    case EntityType::kInAadhaar: return VerhoeffOk(OnlyDigits(v)) && OnlyDigits(v).size() == 12 && v[0] >= '2';
    case EntityType::kUkNhs: return NhsOk(OnlyDigits(v));
    case EntityType::kAbaRoutingNumber: return AbaOk(v);
    case EntityType::kEsNif:
    case EntityType::kEsNie: return SpanishLetterOk(v);
    case EntityType::kItFiscalCode: return FiscalCodeOk(v);
    case EntityType::kUsSsn: return SsnOk(OnlyDigits(v));
    case EntityType::kUsItin: return ItinOk(OnlyDigits(v));
    case EntityType::kUkNino: return NinoOk(v);
    case EntityType::kPhone: return PhoneOk(v);
    case EntityType::kCrypto:
      if (v.rfind("0x", 0) == 0) return v.size() == 42;
      if (v.rfind("bc1", 0) == 0 || v.rfind("BC1", 0) == 0) return SegwitOk(v);
      return Base58CheckOk(v);
    default: return true;
  }
}

class Generator : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    PiiGeneratorOptions options;
    options.per_type = 300;
    options.seed = 7;
    corpus_ = new std::vector<GeneratedMessage>(GeneratePiiCorpus(options));
  }
  static void TearDownTestSuite() {
    delete corpus_;
    corpus_ = nullptr;
  }
  static std::vector<GeneratedMessage>* corpus_;
};
std::vector<GeneratedMessage>* Generator::corpus_ = nullptr;

TEST_F(Generator, CountsPerTypeAndKind) {
  std::map<std::pair<EntityType, SampleKind>, int> counts;
  int clean = 0;
  for (const GeneratedMessage& m : *corpus_) {
    if (m.kind == SampleKind::kClean) {
      ++clean;
    } else {
      ++counts[{m.target, m.kind}];
    }
  }
  for (EntityType t : GeneratedTypes()) {
    EXPECT_EQ((counts[{t, SampleKind::kPositive}]), 300) << EntityTypeName(t);
    EXPECT_EQ((counts[{t, SampleKind::kNearMiss}]), 300) << EntityTypeName(t);
  }
  EXPECT_EQ(clean, 300);
  EXPECT_GE(GeneratedTypes().size(), 27u);
}

TEST_F(Generator, SpansPointAtTheValueOnUtf8Boundaries) {
  std::set<std::string> ids;
  int non_ascii = 0;
  for (const GeneratedMessage& m : *corpus_) {
    EXPECT_TRUE(ids.insert(m.id).second) << m.id;
    bool ascii = true;
    for (char c : m.text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    non_ascii += !ascii;
    if (m.kind != SampleKind::kPositive) {
      EXPECT_TRUE(m.spans.empty()) << m.id;
      if (m.kind == SampleKind::kNearMiss) {
        EXPECT_EQ(m.text.substr(m.value_begin, m.value.size()), m.value) << m.id;
      }
      continue;
    }
    ASSERT_EQ(m.spans.size(), 1u) << m.id;
    const GoldSpan& s = m.spans[0];
    EXPECT_EQ(s.type, m.target);
    ASSERT_LE(s.end, m.text.size()) << m.id;
    ASSERT_LT(s.begin, s.end) << m.id;
    EXPECT_EQ(m.text.substr(s.begin, s.end - s.begin), m.value) << m.id;
    auto continuation = [&](std::uint32_t at) {
      return at < m.text.size() && (static_cast<unsigned char>(m.text[at]) & 0xC0) == 0x80;
    };
    EXPECT_FALSE(continuation(s.begin)) << m.id;
    EXPECT_FALSE(continuation(s.end)) << m.id;
    // A value is a whole token: no letter or digit glued to either end.
    if (s.begin > 0) {
      EXPECT_FALSE(std::isalnum(static_cast<unsigned char>(m.text[s.begin - 1]))) << m.id;
    }
    if (s.end < m.text.size()) {
      EXPECT_FALSE(std::isalnum(static_cast<unsigned char>(m.text[s.end]))) << m.id;
    }
  }
  EXPECT_GT(non_ascii, static_cast<int>(corpus_->size() / 5));
}

TEST_F(Generator, PositivesPassTheirSpecification) {
  for (const GeneratedMessage& m : *corpus_) {
    if (m.kind != SampleKind::kPositive) continue;
    EXPECT_TRUE(PassesSpecification(m)) << m.id << " " << EntityTypeName(m.target) << " " << m.variant << " "
                                        << m.value;
  }
}

TEST_F(Generator, ChecksumNearMissesFailTheirSpecification) {
  int checked = 0;
  for (const GeneratedMessage& m : *corpus_) {
    if (m.kind != SampleKind::kNearMiss) continue;
    const bool checksum_kind = m.variant == "bad_checksum" || m.variant == "bad_letter" ||
                               m.variant == "bad_check_letter" || m.variant == "invalid_area_group_serial" ||
                               m.variant == "invalid_group" || m.variant == "invalid_letters" ||
                               m.variant == "invalid_prefix" || m.variant == "wrong_length" ||
                               m.variant == "first_digit_0_or_1" || m.variant == "bad_month_letter";
    if (!checksum_kind) continue;
    // Other wrong_length decoys keep a valid check (IBAN mod 97, Luhn): the
    // length is what is wrong, which the specification check here ignores.
    if (m.target == EntityType::kImei && m.variant == "wrong_length") {
      EXPECT_EQ(OnlyDigits(m.value).size(), 14u);
      continue;
    }
    if (m.target != EntityType::kPhone && m.variant == "wrong_length") continue;
    ++checked;
    EXPECT_FALSE(PassesSpecification(m)) << m.id << " " << EntityTypeName(m.target) << " " << m.variant << " "
                                         << m.value;
  }
  EXPECT_GT(checked, 2000);
}

TEST_F(Generator, EveryTypeHasSeveralWrittenForms) {
  std::map<EntityType, std::set<std::string>> forms;
  for (const GeneratedMessage& m : *corpus_) {
    if (m.kind == SampleKind::kPositive) forms[m.target].insert(m.variant);
  }
  for (EntityType t : GeneratedTypes()) {
    if (t == EntityType::kAbaRoutingNumber) continue;  // one written form
    EXPECT_GE(forms[t].size(), 2u) << EntityTypeName(t);
  }
  EXPECT_GE(forms[EntityType::kPhone].size(), 40u);
}

TEST(GeneratorDeterminism, SameSeedSameCorpusOtherSeedOther) {
  PiiGeneratorOptions a;
  a.per_type = 40;
  a.seed = 11;
  PiiGeneratorOptions b = a;
  b.seed = 12;
  const auto first = GeneratePiiCorpus(a), again = GeneratePiiCorpus(a), other = GeneratePiiCorpus(b);
  ASSERT_EQ(first.size(), again.size());
  int differ = 0;
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(CorpusJsonLine(first[i]), CorpusJsonLine(again[i]));
    differ += first[i].text != other[i].text;
  }
  EXPECT_GT(differ, static_cast<int>(first.size() / 2));
}

TEST(GeneratorJson, LineCarriesByteSpansAndEscapes) {
  GeneratedMessage m;
  m.id = "gen-000001";
  m.kind = SampleKind::kPositive;
  m.text = "café \"x\"\n4111";
  m.spans.push_back(GoldSpan{EntityType::kCreditCard, 10, 14});
  EXPECT_EQ(CorpusJsonLine(m),
            "{\"id\":\"gen-000001\",\"kind\":\"positive\",\"text\":\"café \\\"x\\\"\\n4111\","
            "\"spans\":[{\"type\":\"CREDIT_CARD\",\"start\":10,\"end\":14}]}");
}

}  // namespace
}  // namespace scrubline::bench
