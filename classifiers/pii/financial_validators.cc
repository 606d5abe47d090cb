#include "classifiers/pii/financial_validators.h"

#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
constexpr bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
constexpr bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

// ---------------------------------------------------------------------------
// Payment cards
// ---------------------------------------------------------------------------

// The digits of a card candidate and the sizes of its printed groups.
struct CardDigits {
  static constexpr int kMaxDigits = 19;
  static constexpr int kMaxGroups = 5;  // 4-4-4-4-3 is the most
  std::array<char, kMaxDigits> d{};
  int n = 0;
  std::array<std::uint8_t, kMaxGroups> group{};
  int groups = 0;
};

// Splits `s` into digit groups separated by single ' ' or '-' bytes, one
// separator kind throughout. Any other byte, a doubled, leading or trailing
// separator, or too many digits or groups fail.
bool CollectCardDigits(std::string_view s, CardDigits& out) {
  char sep = 0;
  bool after_sep = true;  // at the start, as after a separator: a digit must come
  for (char c : s) {
    if (IsDigit(c)) {
      if (out.n == CardDigits::kMaxDigits) return false;
      if (after_sep) {
        if (out.groups == CardDigits::kMaxGroups) return false;
        out.group[out.groups++] = 0;
        after_sep = false;
      }
      out.d[out.n++] = c;
      ++out.group[out.groups - 1];
      continue;
    }
    if (c != ' ' && c != '-') return false;
    if (after_sep) return false;
    if (sep == 0) sep = c;
    if (c != sep) return false;
    after_sep = true;
  }
  return !after_sep;
}

// Printed groupings: 4-4-4-4[-1..3] and 4-4-4-1..4 (all groups of four but
// the last), 4-4-5 and 4-4-4-5/6 (the last group takes the remainder of an
// odd length: 13-digit Visa and Maestro, 17- and 18-digit UnionPay), 4-6-5
// (Amex) and 4-6-4 (Diners).
bool CardGroupingValid(const CardDigits& c) {
  if (c.groups == 1) return true;
  bool fours = true;
  for (int i = 0; i + 1 < c.groups; ++i) fours = fours && c.group[i] == 4;
  if (fours && c.group[c.groups - 1] >= 1 && c.group[c.groups - 1] <= 4) return true;
  if (fours && c.groups >= 3 && c.group[c.groups - 1] >= 5 && c.group[c.groups - 1] <= 6 &&
      (c.n == 13 || c.n == 17 || c.n == 18)) {
    return true;
  }
  return c.groups == 3 && c.group[0] == 4 && c.group[1] == 6 &&
         (c.group[2] == 5 || c.group[2] == 4);
}

bool CardAllSameDigit(const CardDigits& c) {
  for (int i = 1; i < c.n; ++i) {
    if (c.d[i] != c.d[0]) return false;
  }
  return true;
}

// The card's digits alone, through the core Luhn check (validators.h).
bool CardLuhn(const CardDigits& c) { return LuhnValid(std::string_view(c.d.data(), c.n)); }

int CardPrefix(const CardDigits& c, int k) {
  int v = 0;
  for (int i = 0; i < k; ++i) v = v * 10 + (c.d[i] - '0');
  return v;
}

// Card lengths as a bit mask: bit n set = n digits allowed.
constexpr std::uint32_t Lengths(int lo, int hi) {
  std::uint32_t m = 0;
  for (int n = lo; n <= hi; ++n) m |= std::uint32_t{1} << n;
  return m;
}
constexpr std::uint32_t Length(int n) { return std::uint32_t{1} << n; }

// The lengths the issuer named by the prefix (IIN) issues; 0 if the prefix
// belongs to no issuer of its series. First match wins (see the header).
std::uint32_t IssuerLengths(const CardDigits& c) {
  const int p2 = CardPrefix(c, 2), p3 = CardPrefix(c, 3), p4 = CardPrefix(c, 4);
  switch (c.d[0]) {
    case '4':  // Visa (Electron and the 19-digit debit cards included)
      return Length(13) | Length(16) | Length(19);
    case '2':
      if (p4 >= 2221 && p4 <= 2720) return Length(16);       // Mastercard 2-series
      if (p4 >= 2200 && p4 <= 2204) return Lengths(16, 19);  // Mir
      return 0;
    case '5':
      if (p2 >= 51 && p2 <= 55) return Length(16);  // Mastercard
      return Lengths(12, 19);                       // Maestro 50, 56-59
    case '3':
      if (p2 == 34 || p2 == 37) return Length(15);           // Amex
      if (p4 >= 3528 && p4 <= 3589) return Lengths(16, 19);  // JCB
      if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) {
        return Lengths(14, 19);  // Diners Club
      }
      return 0;
    case '6':
      if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65) {
        return Lengths(16, 19);  // Discover
      }
      if (p2 == 62) return Lengths(16, 19);  // UnionPay (incl. Discover co-brands 622126-622925)
      return Lengths(12, 19);                // Maestro 60, 61, 63, 64, 66-69
    case '1':                                // UATP
      return Length(15);
    default:  // 0, 7, 8, 9: no major network; structure alone
      return Lengths(13, 19);
  }
}

// ---------------------------------------------------------------------------
// Country tables
// ---------------------------------------------------------------------------

constexpr int CountryIndex(char a, char b) { return (a - 'A') * 26 + (b - 'A'); }

// ISO 3166-1 alpha-2 (the 249 officially assigned codes, 2023) plus XK
// (Kosovo, user-assigned but used by SWIFT and the IBAN registry).
constexpr std::string_view kIsoCountries =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
    "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
    "DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR "
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY "
    "HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP "
    "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY "
    "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
    "NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
    "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ "
    "VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

constexpr std::array<bool, 26 * 26> BuildCountrySet() {
  std::array<bool, 26 * 26> set{};
  for (std::size_t i = 0; i + 1 < kIsoCountries.size(); i += 3) {
    set[CountryIndex(kIsoCountries[i], kIsoCountries[i + 1])] = true;
  }
  return set;
}
constexpr std::array<bool, 26 * 26> kIsoCountrySet = BuildCountrySet();
static_assert(kIsoCountries.size() == 250 * 3 - 1, "250 codes");

bool IsIsoCountry(char a, char b) {
  return IsUpper(a) && IsUpper(b) && kIsoCountrySet[CountryIndex(a, b)];
}

// The SWIFT IBAN registry: country code and total IBAN length. Territories
// that use another country's code (French overseas departments use FR, the
// Crown Dependencies use GB, Aland uses FI) need no entry of their own.
constexpr std::string_view kIbanLengths =
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 "
    "DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 "
    "GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 "
    "LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 "
    "PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 "
    "SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";

constexpr std::array<std::uint8_t, 26 * 26> BuildIbanLengths() {
  std::array<std::uint8_t, 26 * 26> len{};
  for (std::size_t i = 0; i + 3 < kIbanLengths.size(); i += 5) {
    len[CountryIndex(kIbanLengths[i], kIbanLengths[i + 1])] =
        static_cast<std::uint8_t>((kIbanLengths[i + 2] - '0') * 10 + (kIbanLengths[i + 3] - '0'));
  }
  return len;
}
constexpr std::array<std::uint8_t, 26 * 26> kIbanLength = BuildIbanLengths();
static_assert(kIbanLengths.size() == 89 * 5 - 1, "89 registry countries");
static_assert(kIbanLength[CountryIndex('D', 'E')] == 22 &&
              kIbanLength[CountryIndex('N', 'O')] == 15 &&
              kIbanLength[CountryIndex('R', 'U')] == 33 &&
              kIbanLength[CountryIndex('Y', 'E')] == 30);

constexpr int kMaxIban = 34;

// ---------------------------------------------------------------------------
// SWIFT/BIC context
// ---------------------------------------------------------------------------

constexpr char LowerAscii(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// True if `word` (lower case) starts at a word start inside text[lo, hi).
bool WordStartsIn(std::string_view text, std::size_t lo, std::size_t hi, std::string_view word) {
  for (std::size_t i = lo; i + word.size() <= hi; ++i) {
    if (i > 0 && IsAlnum(text[i - 1])) continue;
    std::size_t k = 0;
    while (k < word.size() && LowerAscii(text[i + k]) == word[k]) ++k;
    if (k == word.size()) return true;
  }
  return false;
}

// An all-capitals word of at least two letters and no digit.
bool IsCapsWord(std::string_view w) {
  if (w.size() < 2) return false;
  for (char c : w) {
    if (!IsUpper(c)) return false;
  }
  return true;
}

bool HasLower(std::string_view w) {
  for (char c : w) {
    if (IsLower(c)) return true;
  }
  return false;
}

// The alphanumeric word nearest before `begin` (across at most 4 other
// bytes), or empty.
std::string_view WordBefore(std::string_view text, std::size_t begin) {
  std::size_t i = begin, skipped = 0;
  while (i > 0 && !IsAlnum(text[i - 1])) {
    if (++skipped > 4) return {};
    --i;
  }
  std::size_t end = i;
  while (i > 0 && IsAlnum(text[i - 1])) --i;
  return text.substr(i, end - i);
}

std::string_view WordAfter(std::string_view text, std::size_t end) {
  std::size_t i = end, skipped = 0;
  while (i < text.size() && !IsAlnum(text[i])) {
    if (++skipped > 4) return {};
    ++i;
  }
  std::size_t start = i;
  while (i < text.size() && IsAlnum(text[i])) ++i;
  return text.substr(start, i - start);
}

// ---------------------------------------------------------------------------
// SHA-256 without per-call allocation
// ---------------------------------------------------------------------------
//
// EVP_DigestInit_ex2 allocates the provider's digest context on every call
// in OpenSSL 3.0 (measured: one allocation per digest, even with a reused
// EVP_MD_CTX). So the SHA-256 implementation that EVP_MD_fetch selects is
// looked up once in its provider's dispatch table (OSSL_PROVIDER_query_
// operation, public provider API) and each thread keeps one context of it,
// re-initialised per digest: no allocation after a thread's first digest.
// Should the lookup fail (an unusual provider setup), EVP_Digest is used.
struct Sha256Dispatch {
  EVP_MD* md = nullptr;  // held for the process lifetime: keeps the provider loaded
  void* provctx = nullptr;
  OSSL_FUNC_digest_newctx_fn* newctx = nullptr;
  OSSL_FUNC_digest_freectx_fn* freectx = nullptr;
  OSSL_FUNC_digest_init_fn* init = nullptr;
  OSSL_FUNC_digest_update_fn* update = nullptr;
  OSSL_FUNC_digest_final_fn* final = nullptr;

  bool complete() const { return newctx && freectx && init && update && final && provctx; }
};

// True if `name` is one of the ':'-separated names in `names`.
bool HasAlgorithmName(const char* names, std::string_view name) {
  std::string_view all(names);
  while (!all.empty()) {
    std::size_t colon = all.find(':');
    if (all.substr(0, colon) == name) return true;
    if (colon == std::string_view::npos) break;
    all.remove_prefix(colon + 1);
  }
  return false;
}

Sha256Dispatch LoadSha256Dispatch() {
  Sha256Dispatch d;
  d.md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  if (d.md == nullptr) return d;
  OSSL_PROVIDER* prov = const_cast<OSSL_PROVIDER*>(EVP_MD_get0_provider(d.md));
  if (prov == nullptr) return d;
  int no_cache = 0;
  const OSSL_ALGORITHM* algs = OSSL_PROVIDER_query_operation(prov, OSSL_OP_DIGEST, &no_cache);
  for (const OSSL_ALGORITHM* a = algs; a != nullptr && a->algorithm_names != nullptr; ++a) {
    if (!HasAlgorithmName(a->algorithm_names, "SHA2-256")) continue;
    for (const OSSL_DISPATCH* f = a->implementation; f->function_id != 0; ++f) {
      switch (f->function_id) {
        case OSSL_FUNC_DIGEST_NEWCTX:
          d.newctx = OSSL_FUNC_digest_newctx(f);
          break;
        case OSSL_FUNC_DIGEST_FREECTX:
          d.freectx = OSSL_FUNC_digest_freectx(f);
          break;
        case OSSL_FUNC_DIGEST_INIT:
          d.init = OSSL_FUNC_digest_init(f);
          break;
        case OSSL_FUNC_DIGEST_UPDATE:
          d.update = OSSL_FUNC_digest_update(f);
          break;
        case OSSL_FUNC_DIGEST_FINAL:
          d.final = OSSL_FUNC_digest_final(f);
          break;
        default:
          break;
      }
    }
    break;
  }
  // The function pointers stay valid: they are the provider's code, and
  // `md` keeps the provider loaded.
  if (algs != nullptr) OSSL_PROVIDER_unquery_operation(prov, OSSL_OP_DIGEST, algs);
  d.provctx = OSSL_PROVIDER_get0_provider_ctx(prov);
  return d;
}

const Sha256Dispatch& GetSha256Dispatch() {
  static const Sha256Dispatch d = LoadSha256Dispatch();
  return d;
}

// One provider SHA-256 context per thread, made on the thread's first digest.
class ThreadSha256 {
 public:
  ThreadSha256() {
    const Sha256Dispatch& d = GetSha256Dispatch();
    if (d.complete()) ctx_ = d.newctx(d.provctx);
  }
  ~ThreadSha256() {
    if (ctx_ != nullptr) GetSha256Dispatch().freectx(ctx_);
  }
  ThreadSha256(const ThreadSha256&) = delete;
  ThreadSha256& operator=(const ThreadSha256&) = delete;

  bool Digest(const unsigned char* in, std::size_t n, unsigned char out[32]) {
    const Sha256Dispatch& d = GetSha256Dispatch();
    if (ctx_ != nullptr) {
      std::size_t len = 0;
      return d.init(ctx_, nullptr) == 1 && d.update(ctx_, in, n) == 1 &&
             d.final(ctx_, out, &len, 32) == 1 && len == 32;
    }
    unsigned int len = 0;
    return d.md != nullptr && EVP_Digest(in, n, out, &len, d.md, nullptr) == 1 && len == 32;
  }

 private:
  void* ctx_ = nullptr;
};

bool DoubleSha256(const unsigned char* in, std::size_t n, unsigned char out[32]) {
  thread_local ThreadSha256 sha;
  unsigned char first[32];
  return sha.Digest(in, n, first) && sha.Digest(first, sizeof first, out);
}

// ---------------------------------------------------------------------------
// Bech32 (BIP-173) and bech32m (BIP-350)
// ---------------------------------------------------------------------------

constexpr std::string_view kBech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::uint32_t kBech32Const = 1;
constexpr std::uint32_t kBech32mConst = 0x2bc830a3;

constexpr std::array<std::int8_t, 128> BuildBech32Values() {
  std::array<std::int8_t, 128> v{};
  for (auto& x : v) x = -1;
  for (std::size_t i = 0; i < kBech32Charset.size(); ++i) {
    v[static_cast<unsigned char>(kBech32Charset[i])] = static_cast<std::int8_t>(i);
  }
  return v;
}
constexpr std::array<std::int8_t, 128> kBech32Values = BuildBech32Values();

std::uint32_t Bech32PolymodStep(std::uint32_t chk, std::uint32_t value) {
  constexpr std::uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  std::uint32_t top = chk >> 25;
  chk = ((chk & 0x1ffffff) << 5) ^ value;
  for (int i = 0; i < 5; ++i) {
    if ((top >> i) & 1) chk ^= kGen[i];
  }
  return chk;
}

// ---------------------------------------------------------------------------
// Base58
// ---------------------------------------------------------------------------

constexpr std::string_view kBase58Alphabet =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::array<std::int8_t, 128> BuildBase58Values() {
  std::array<std::int8_t, 128> v{};
  for (auto& x : v) x = -1;
  for (std::size_t i = 0; i < kBase58Alphabet.size(); ++i) {
    v[static_cast<unsigned char>(kBase58Alphabet[i])] = static_cast<std::int8_t>(i);
  }
  return v;
}
constexpr std::array<std::int8_t, 128> kBase58Values = BuildBase58Values();

}  // namespace

// ---------------------------------------------------------------------------
// Candidate checks
// ---------------------------------------------------------------------------

bool PaymentCardValid(std::string_view s, CardChecksum checksum) {
  CardDigits c;
  if (!CollectCardDigits(s, c)) return false;
  if (c.n < 12) return false;
  if (!CardGroupingValid(c)) return false;
  if (CardAllSameDigit(c)) return false;
  if (checksum == CardChecksum::kLuhn && !CardLuhn(c)) return false;
  return (IssuerLengths(c) & Length(c.n)) != 0;
}

bool UnionPayCardValid(std::string_view s) {
  CardDigits c;
  if (!CollectCardDigits(s, c)) return false;
  if (c.n < 16 || c.d[0] != '6' || c.d[1] != '2') return false;
  return PaymentCardValid(s, CardChecksum::kNone);
}

bool IbanValid(std::string_view s) {
  // Compact, or groups of 4 separated by one space (last group 1-4).
  std::array<char, kMaxIban> iban;
  int n = 0;
  int group = 0;  // characters in the current group
  bool spaced = false, upper = false, lower = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ') {
      if (group != 4 || i + 1 == s.size()) return false;
      spaced = true;
      group = 0;
      continue;
    }
    if (!IsAlnum(c)) return false;
    if (spaced && group == 4) return false;  // a group of 5 in the printed form
    if (n == kMaxIban) return false;
    upper = upper || IsUpper(c);
    lower = lower || IsLower(c);
    iban[n++] = ToUpper(c);
    ++group;
  }
  if (upper && lower) return false;
  if (n < 15) return false;
  if (!IsUpper(iban[0]) || !IsUpper(iban[1]) || !IsDigit(iban[2]) || !IsDigit(iban[3])) {
    return false;
  }
  if (kIbanLength[CountryIndex(iban[0], iban[1])] != n) return false;
  const int check = (iban[2] - '0') * 10 + (iban[3] - '0');
  if (check < 2 || check > 98) return false;
  // ISO 7064 MOD 97-10 over BBAN + country + check digits, letters as 10-35.
  int r = 0;
  for (int k = 0; k < n; ++k) {
    char c = iban[(k + 4) % n];
    r = IsDigit(c) ? (r * 10 + (c - '0')) % 97 : (r * 100 + (c - 'A' + 10)) % 97;
  }
  return r == 1;
}

bool SwiftBicValid(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (int i = 0; i < 4; ++i) {
    if (!IsUpper(s[i])) return false;
  }
  if (!IsIsoCountry(s[4], s[5])) return false;
  for (std::size_t i = 6; i < s.size(); ++i) {
    if (!IsUpper(s[i]) && !IsDigit(s[i])) return false;
  }
  // Location: the first character is not 0 or 1; the second is not the
  // letter O (kept apart from the digit 0, which marks test BICs).
  if (s[6] == '0' || s[6] == '1' || s[7] == 'O') return false;
  // Branch: "XXX" (head office) is the only branch code starting with X.
  if (s.size() == 11 && s[8] == 'X' && s.substr(8) != "XXX") return false;
  return true;
}

bool AbaRoutingValid(std::string_view s) {
  std::array<int, 9> d{};
  if (s.size() == 9) {
    for (int i = 0; i < 9; ++i) {
      if (!IsDigit(s[i])) return false;
      d[i] = s[i] - '0';
    }
  } else if (s.size() == 11 && s[4] == '-' && s[9] == '-') {  // dddd-dddd-d
    int k = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i == 4 || i == 9) continue;
      if (!IsDigit(s[i])) return false;
      d[k++] = s[i] - '0';
    }
  } else {
    return false;
  }
  const int district = d[0] * 10 + d[1];
  if (!(district <= 12 || (district >= 21 && district <= 32) ||
        (district >= 61 && district <= 72) || district == 80)) {
    return false;
  }
  bool same = true;
  for (int i = 1; i < 9; ++i) same = same && d[i] == d[0];
  if (same) return false;
  const int sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
  return sum % 10 == 0;
}

bool BitcoinBase58Valid(std::string_view s) {
  if (s.size() < 26 || s.size() > 35) return false;
  if (s[0] != '1' && s[0] != '3') return false;
  // Big-endian base-58 to base-256 into exactly 25 bytes; overflow fails.
  std::array<unsigned char, 25> b{};
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (u >= 128 || kBase58Values[u] < 0) return false;
    unsigned carry = static_cast<unsigned>(kBase58Values[u]);
    for (int i = 24; i >= 0; --i) {
      carry += 58u * b[i];
      b[i] = static_cast<unsigned char>(carry & 0xff);
      carry >>= 8;
    }
    if (carry != 0) return false;
  }
  // Canonical: one leading '1' per leading zero byte, no more, no fewer.
  std::size_t ones = 0;
  while (ones < s.size() && s[ones] == '1') ++ones;
  std::size_t zeros = 0;
  while (zeros < b.size() && b[zeros] == 0) ++zeros;
  if (ones != zeros) return false;
  if (b[0] != 0x00 && b[0] != 0x05) return false;
  unsigned char hash[32];
  if (!DoubleSha256(b.data(), 21, hash)) return false;
  return std::memcmp(hash, b.data() + 21, 4) == 0;
}

bool BitcoinBech32Valid(std::string_view s) {
  if (s.size() < 14 || s.size() > 90) return false;
  bool upper = false, lower = false;
  for (char c : s) {
    upper = upper || IsUpper(c);
    lower = lower || IsLower(c);
  }
  if (upper && lower) return false;
  if (LowerAscii(s[0]) != 'b' || LowerAscii(s[1]) != 'c' || s[2] != '1') return false;
  // Data part: everything after "bc1" (the separator is the last '1'; the
  // bech32 alphabet has no '1', so "bc" is the whole human-readable part).
  const std::string_view data = s.substr(3);
  if (data.size() < 7) return false;  // version + checksum at least
  // Checksum over the expanded HRP "bc" and the data values.
  std::uint32_t chk = 1;
  for (char c : std::string_view("bc"))
    chk = Bech32PolymodStep(chk, static_cast<unsigned char>(c) >> 5);
  chk = Bech32PolymodStep(chk, 0);
  for (char c : std::string_view("bc"))
    chk = Bech32PolymodStep(chk, static_cast<unsigned char>(c) & 31);
  std::array<std::uint8_t, 90> values{};
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto u = static_cast<unsigned char>(LowerAscii(data[i]));
    if (u >= 128 || kBech32Values[u] < 0) return false;
    values[i] = static_cast<std::uint8_t>(kBech32Values[u]);
    chk = Bech32PolymodStep(chk, values[i]);
  }
  const int version = values[0];
  if (version > 16) return false;
  if (chk != (version == 0 ? kBech32Const : kBech32mConst)) return false;
  // Witness program: the 5-bit groups between version and checksum, as
  // bytes; at most 4 bits of zero padding.
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t program = 0;
  for (std::size_t i = 1; i + 6 < data.size(); ++i) {
    acc = ((acc << 5) | values[i]) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      ++program;
    }
  }
  if (bits > 4 || (acc & ((1u << bits) - 1)) != 0) return false;
  if (program < 2 || program > 40) return false;
  return version != 0 || program == 20 || program == 32;
}

bool EthereumAddressValid(std::string_view s) {
  if (s.size() != 42 || s[0] != '0' || s[1] != 'x') return false;
  bool same = true;
  for (std::size_t i = 2; i < s.size(); ++i) {
    if (!IsHex(s[i])) return false;
    same = same && LowerAscii(s[i]) == LowerAscii(s[2]);
  }
  return !same;
}

// ---------------------------------------------------------------------------
// Entry points (whole text + span)
// ---------------------------------------------------------------------------

namespace {

// A card number is one run of digits or groups. A candidate written in
// groups that continues, across its own separator, into more digits is a
// part of a longer number (an IBAN, a tracking number, a 19-digit number
// cut short); so is one that follows "+" (a phone number in E.164 form:
// "+4456095485074").
// Two card numbers side by side ("4012-8888-8888-1881 4012 8888 8888 1881")
// stay two: the neighbouring run of digits and single ' '/'-' separators,
// standing alone, is a card number itself.
bool RunIsCard(std::string_view text, std::size_t from, std::size_t to) {
  const bool alone = (from == 0 || !IsAlnum(text[from - 1])) &&
                     (to == text.size() || !IsAlnum(text[to]));
  return alone && to - from <= 23 && PaymentCardValid(text.substr(from, to - from), CardChecksum::kLuhn);
}

bool IsCardSeparator(char c) { return c == ' ' || c == '-'; }

bool PartOfLongerNumber(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin > 0 && text[begin - 1] == '+') return true;
  std::string_view s = text.substr(begin, end - begin);
  const std::size_t sep_at = s.find_first_of(" -");
  if (sep_at == std::string_view::npos) return false;
  const char sep = s[sep_at];
  if (begin >= 2 && text[begin - 1] == sep && IsDigit(text[begin - 2])) {
    std::size_t from = begin - 1;
    char kind = 0;  // a card run has one separator kind
    while (from > 0) {
      const char c = text[from - 1];
      if (IsCardSeparator(c) && from >= 2 && IsDigit(text[from - 2]) && (kind == 0 || c == kind)) {
        kind = c;
      } else if (!IsDigit(c)) {
        break;
      }
      --from;
    }
    // Another item: a run written with other separators ("078-05-1123
    // 4111 1111 ..."), a standalone count ("room 22 4111 ..."), a card.
    const bool other_kind = kind != 0 && kind != sep;
    const bool count = kind == 0 && begin - 1 - from <= 2 && (from == 0 || !IsAlnum(text[from - 1]));
    if (!other_kind && !count && !RunIsCard(text, from, begin - 1)) return true;
  }
  if (end + 1 < text.size() && text[end] == sep && IsDigit(text[end + 1])) {
    std::size_t to = end + 1;
    char kind = 0;
    while (to < text.size()) {
      const char c = text[to];
      if (IsCardSeparator(c) && to + 1 < text.size() && IsDigit(text[to + 1]) &&
          (kind == 0 || c == kind)) {
        kind = c;
      } else if (!IsDigit(c)) {
        break;
      }
      ++to;
    }
    const bool other_kind = kind != 0 && kind != sep;
    if (!other_kind && !RunIsCard(text, end + 1, to)) return true;
  }
  return false;
}

}  // namespace

bool CreditCardInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && !PartOfLongerNumber(text, begin, end) &&
         CreditCardValid(text.substr(begin, end - begin));
}

bool UnionPayCardInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && !PartOfLongerNumber(text, begin, end) &&
         UnionPayCardValid(text.substr(begin, end - begin));
}

bool IbanInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && IbanValid(text.substr(begin, end - begin));
}

// A BIC written only in letters ("DEUTDEFF") has the shape of about half of
// all 8- and 11-letter English words in capitals (CUSTOMER, BUSINESS,
// BENEFICIARY, BREAKING, ...), and bank SMS and headlines are often written
// in capitals next to the required context words. So such a candidate needs
// a "swift"/"bic" label close by, or must stand out inside ordinary text: the
// word before it has a lower-case letter ("wire to DEUTDEFF") and the word
// after it is not in capitals. A BIC with a digit in its location or branch
// ("CHASUS33") needs neither. A handle or hashtag ("@AGRYGMER") is never one.
bool SwiftBicInText(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin > 0 && (text[begin - 1] == '@' || text[begin - 1] == '#')) return false;
  const std::string_view s = text.substr(begin, end - begin);
  if (!SwiftBicValid(s)) return false;
  for (char c : s) {
    if (IsDigit(c)) return true;
  }
  constexpr std::size_t kLabelBefore = 24, kLabelAfter = 16;
  const std::size_t lo = begin > kLabelBefore ? begin - kLabelBefore : 0;
  const std::size_t hi = std::min(text.size(), end + kLabelAfter);
  for (std::string_view label : {std::string_view("swift"), std::string_view("bic")}) {
    if (WordStartsIn(text, lo, begin, label) || WordStartsIn(text, end, hi, label)) return true;
  }
  return HasLower(WordBefore(text, begin)) && !IsCapsWord(WordAfter(text, end));
}

bool AbaRoutingInText(std::string_view text, std::size_t begin, std::size_t end) {
  return !InsideLongerNumber(text, begin, end) && AbaRoutingValid(text.substr(begin, end - begin));
}

bool BitcoinBase58InText(std::string_view text, std::size_t begin, std::size_t end) {
  return BitcoinBase58Valid(text.substr(begin, end - begin));
}

bool BitcoinBech32InText(std::string_view text, std::size_t begin, std::size_t end) {
  return BitcoinBech32Valid(text.substr(begin, end - begin));
}

bool EthereumAddressInText(std::string_view text, std::size_t begin, std::size_t end) {
  return EthereumAddressValid(text.substr(begin, end - begin));
}

}  // namespace scrubline
