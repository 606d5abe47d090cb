#include "bench/pii_generator.h"

#include <openssl/evp.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>

namespace scrubline::bench {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using TemplateList = std::vector<std::string>;

// ---------------------------------------------------------------------------
// Sampling. Own integer mapping (not std::uniform_int_distribution, whose
// output differs between standard libraries) so a seed means one corpus.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  // Uniform in [lo, hi].
  int Int(int lo, int hi) {
    return lo + static_cast<int>(engine_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < p; }
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  std::uint8_t Byte() { return static_cast<std::uint8_t>(engine_() & 0xff); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(Int(0, static_cast<int>(v.size()) - 1))];
  }
  char DigitChar(int lo = 0) { return static_cast<char>('0' + Int(lo, 9)); }
  std::string Digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += DigitChar();
    return s;
  }
  std::string FromAlphabet(std::string_view alphabet, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += alphabet[static_cast<std::size_t>(Int(0, static_cast<int>(alphabet.size()) - 1))];
    return s;
  }

 private:
  std::mt19937_64 engine_;
};

constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kLowerHex = "0123456789abcdef";
constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// Digits grouped by `groups` with `sep` ("4-4-4-4").
std::string Group(std::string_view digits, const std::vector<int>& groups, std::string_view sep) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t g = 0; g < groups.size() && at < digits.size(); ++g) {
    if (g) out += sep;
    out += digits.substr(at, static_cast<std::size_t>(groups[g]));
    at += static_cast<std::size_t>(groups[g]);
  }
  if (at < digits.size()) out += digits.substr(at);
  return out;
}

// Fills each '#' of `pattern` with the next digit of `digits`.
std::string FillPattern(std::string_view pattern, std::string_view digits) {
  std::string out;
  std::size_t at = 0;
  for (char c : pattern) {
    if (c == '#') {
      out += at < digits.size() ? digits[at] : '0';
      ++at;
    } else {
      out += c;
    }
  }
  if (at != digits.size()) {
    std::fprintf(stderr, "pii_generator: pattern %.*s has %zu digits, value %zu\n",
                 static_cast<int>(pattern.size()), pattern.data(), at, digits.size());
    std::abort();  // a bug in the tables below, caught by the unit test
  }
  return out;
}

// ---------------------------------------------------------------------------
// Check digits, each from its specification.

// Luhn (ISO/IEC 7812): the digit to append to `payload`.
int LuhnDigit(std::string_view payload) {
  int sum = 0;
  bool twice = true;  // the rightmost payload digit is doubled
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return (10 - sum % 10) % 10;
}

std::string WithLuhn(std::string payload) {
  payload += static_cast<char>('0' + LuhnDigit(payload));
  return payload;
}

// Changes the last character (a digit) so the check no longer holds.
std::string BreakLastDigit(std::string s, Rng& rng) {
  char& c = s.back();
  c = static_cast<char>('0' + (c - '0' + rng.Int(1, 9)) % 10);
  return s;
}

// ISO 7064 mod 97-10 over an IBAN-style string (letters A=10 .. Z=35).
int Mod97(std::string_view s) {
  int r = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      r = (r * 10 + (c - '0')) % 97;
    } else {
      const int v = c - 'A' + 10;
      r = (r * 100 + v) % 97;
    }
  }
  return r;
}

// Verhoeff (Aadhaar): dihedral group D5 tables.
constexpr int kVerhoeffD[10][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
constexpr int kVerhoeffP[8][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
constexpr int kVerhoeffInv[10] = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

int VerhoeffDigit(std::string_view payload) {
  int c = 0;
  int i = 1;  // the check digit will take position 0
  for (auto it = payload.rbegin(); it != payload.rend(); ++it, ++i) {
    c = kVerhoeffD[c][kVerhoeffP[i % 8][*it - '0']];
  }
  return kVerhoeffInv[c];
}

void Sha256(const std::uint8_t* data, std::size_t n, std::uint8_t out[32]) {
  unsigned int len = 0;
  EVP_Digest(data, n, out, &len, EVP_sha256(), nullptr);
}

std::string Base58(const std::vector<std::uint8_t>& bytes) {
  static constexpr std::string_view kAlphabet =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::vector<std::uint8_t> num(bytes);
  std::string out;
  std::size_t start = 0;
  while (start < num.size() && num[start] == 0) ++start;
  const std::size_t zeros = start;
  while (start < num.size()) {
    int rem = 0;
    for (std::size_t i = start; i < num.size(); ++i) {
      const int acc = rem * 256 + num[i];
      num[i] = static_cast<std::uint8_t>(acc / 58);
      rem = acc % 58;
    }
    out += kAlphabet[static_cast<std::size_t>(rem)];
    while (start < num.size() && num[start] == 0) ++start;
  }
  out.append(zeros, '1');
  return std::string(out.rbegin(), out.rend());
}

std::string Base58Check(std::vector<std::uint8_t> payload) {
  std::uint8_t h1[32], h2[32];
  Sha256(payload.data(), payload.size(), h1);
  Sha256(h1, 32, h2);
  payload.insert(payload.end(), h2, h2 + 4);
  return Base58(payload);
}

constexpr std::string_view kBech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

std::uint32_t Bech32Polymod(const std::vector<std::uint8_t>& values) {
  static constexpr std::uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd,
                                            0x2a1462b3};
  std::uint32_t chk = 1;
  for (std::uint8_t v : values) {
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGen[i];
    }
  }
  return chk;
}

// A segwit address (BIP 173 bech32 for v0, BIP 350 bech32m for v1+).
std::string SegwitAddress(int version, const std::vector<std::uint8_t>& program) {
  std::vector<std::uint8_t> data = {static_cast<std::uint8_t>(version)};
  int acc = 0, bits = 0;
  for (std::uint8_t b : program) {  // 8-bit groups to 5-bit groups
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push_back(static_cast<std::uint8_t>((acc >> bits) & 31));
    }
  }
  if (bits) data.push_back(static_cast<std::uint8_t>((acc << (5 - bits)) & 31));
  const std::string hrp = "bc";
  std::vector<std::uint8_t> values;
  for (char c : hrp) values.push_back(static_cast<std::uint8_t>(c >> 5));
  values.push_back(0);
  for (char c : hrp) values.push_back(static_cast<std::uint8_t>(c & 31));
  values.insert(values.end(), data.begin(), data.end());
  values.insert(values.end(), 6, 0);
  const std::uint32_t constant = version == 0 ? 1u : 0x2bc830a3u;
  const std::uint32_t mod = Bech32Polymod(values) ^ constant;
  std::string out = hrp + "1";
  for (std::uint8_t d : data) out += kBech32Charset[d];
  for (int i = 0; i < 6; ++i) out += kBech32Charset[(mod >> (5 * (5 - i))) & 31];
  return out;
}

std::string Base64Url(std::string_view in) {
  static constexpr std::string_view kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int k = 3; k >= 0; --k) out += kChars[(v >> (6 * k)) & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kChars[(v >> 18) & 63];
    out += kChars[(v >> 12) & 63];
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kChars[(v >> 18) & 63];
    out += kChars[(v >> 12) & 63];
    out += kChars[(v >> 6) & 63];
  }
  return out;
}

// ---------------------------------------------------------------------------
// What a value generator returns.
struct Value {
  std::string text;
  std::string variant;
  // Templates to embed it in; null: the type's own choice.
  const TemplateList* templates = nullptr;
};

// ---------------------------------------------------------------------------
// Message templates. "{}" is the value. Styles: SMS, chat, e-mail, voice
// transcript (lower case, fillers), in several languages.

const TemplateList kNeutral = {
    "here it is: {}",
    "{} — can you double-check?",
    "ok so it's {} right?",
    "Sorry, typo. The correct one is {}",
    "Thanks! Noted {} 👍",
    "As discussed this morning: {}. Best regards, Ana",
    "Réponse : {} merci !",
    "copy that, {}",
    "pls use {} from now on",
    "Update: {} (replaces the old one)",
    "uh yeah it's {} okay",
    "> {}\nyes that one",
    "FYI {}",
    "{}",
    "Hallo Jürgen, hier nochmal: {} Grüße",
    "Hi team,\n\nplease find it below:\n{}\n\nKind regards,\nMaría",
    "so um the one you need is {} yeah",
    "Can you save {} for me? 🙏",
    "{} is the new one, the old one is gone",
    "Quick note before I forget — {}.",
    "ok… {} 😅",
    "Per our chat: {}",
    "Ciao! Ecco: {} a presto",
    "Oi, segue: {} obrigado",
    "see below\n\n{}",
    "it's {}",
};

const TemplateList kGreetings = {
    "Hi! ",          "Hello there, ",      "Hey 👋 ",        "Olá! ",          "Grüße — ",
    "Señora Núñez: ", "Bonjour Zoé, ",      "Привет! ",       "こんにちは。",    "Dear Mr Ó Briain, ",
    "Yo. ",          "Good morning ☀️ ",   "Hej Åsa, ",      "Ciao Niccolò, ", "[voice] ",
};
const TemplateList kClosings = {
    " 🙏",          " — merci beaucoup",  " ¡gracias!",     " (café ☕ later?)", " Thx",
    " Cheers, Zoë", " 👍👍",               " Danke schön.",  " See you Tuesday.",  "\n\nSent from my phone",
    " ok bye",      " à bientôt",          " xx",            " — Łukasz",         " 🎉",
};

std::string Fill(std::string_view tpl, std::string_view value, std::uint32_t& value_begin) {
  const std::size_t at = tpl.find("{}");
  std::string out(tpl.substr(0, at));
  value_begin = static_cast<std::uint32_t>(out.size());
  out += value;
  out += tpl.substr(at + 2);
  return out;
}

// ---------------------------------------------------------------------------
// PHONE: national numbering plans. Each kind is one number range of one
// country: national significant number (NSN) prefixes and length, and the
// written forms ('#' = the next NSN digit; other characters are literal,
// e.g. the trunk prefix 0). libphonenumber confirms every generated number.

struct PhoneKind {
  const char* region;
  const char* name;  // variant label
  std::vector<std::string> prefixes;
  int nsn_length;
  TemplateList national;
  TemplateList international;
};

const std::vector<PhoneKind>& PhoneKinds() {
  static const std::vector<PhoneKind> kinds = {
      {"US", "us", {"201", "202", "206", "212", "213", "214", "305", "312", "404", "408", "415", "469",
                    "503", "512", "602", "617", "646", "702", "713", "718", "720", "773", "786", "808",
                    "818", "917", "949", "954"}, 10,
       {"(###) ###-####", "###-###-####", "###.###.####", "### ### ####", "1-###-###-####",
        "1 (###) ###-####", "(###)###-####"},
       {"+1 ###-###-####", "+1 ### ### ####", "+1##########", "+1 (###) ###-####", "+1.###.###.####",
        "+1-###-###-####"}},
      {"CA", "ca", {"416", "647", "437", "514", "438", "604", "778", "403", "587", "613", "902", "905",
                    "780", "306", "204"}, 10,
       {"(###) ###-####", "###-###-####", "###.###.####", "### ### ####", "1-###-###-####"},
       {"+1 ###-###-####", "+1 ### ### ####", "+1##########", "+1 (###) ###-####"}},
      {"GB", "gb_mobile", {"71", "73", "74", "75", "77", "78", "79"}, 10,
       {"0#### ######", "0#### ### ###", "0##########"},
       {"+44 #### ######", "+44 (0)#### ######", "+44##########", "0044 #### ######",
        "+44 #### ### ###"}},
      {"GB", "gb_london", {"207", "208", "203"}, 10,
       {"0## #### ####", "(0##) #### ####", "0##########"},
       {"+44 ## #### ####", "+44 (0)## #### ####", "+44##########"}},
      {"GB", "gb_geo", {"161", "121", "131", "141", "113", "117"}, 10,
       {"0### ### ####", "(0###) ### ####", "0##########"},
       {"+44 ### ### ####", "+44 (0)### ### ####", "+44##########"}},
      {"DE", "de_mobile", {"151", "152", "157", "159", "160", "162", "163", "170", "171", "172", "173",
                           "174", "175", "176", "177", "178", "179"}, 11,
       {"0### ########", "0###/########", "0###-########", "0### #### ####", "0###########"},
       {"+49 ### ########", "+49 (0)### ########", "+49###########", "0049 ### ########",
        "+49 ### #### ####"}},
      {"DE", "de_city", {"30", "40", "89", "69"}, 10,
       {"0## ########", "0##/########", "0##-########", "(0##) ########", "0## #### ####"},
       {"+49 ## ########", "+49 (0)## ########", "+49##########", "0049 ## ########"}},
      {"DE", "de_geo", {"221", "211", "711", "511", "341"}, 10,
       {"0### #######", "0###/#######", "0###-#######", "(0###) #######"},
       {"+49 ### #######", "+49 (0)### #######", "+49##########"}},
      {"FR", "fr", {"6", "7", "1", "2", "3", "4", "5", "9"}, 9,
       {"0# ## ## ## ##", "0#.##.##.##.##", "0#########", "0#-##-##-##-##"},
       {"+33 # ## ## ## ##", "+33#########", "+33 (0)# ## ## ## ##", "0033 # ## ## ## ##",
        "+33 #########"}},
      {"ES", "es_mobile", {"6", "7"}, 9,
       {"### ### ###", "### ## ## ##", "#########", "###-###-###"},
       {"+34 ### ### ###", "+34#########", "0034 ### ### ###", "+34 ### ## ## ##"}},
      {"ES", "es_fixed", {"91", "93", "95", "96", "94", "98"}, 9,
       {"## ### ## ##", "### ## ## ##", "#########"},
       {"+34 ## ### ## ##", "+34 ### ### ###", "+34#########"}},
      {"IT", "it_mobile", {"32", "33", "34", "35", "36", "37", "38", "39"}, 10,
       {"### ### ####", "### #######", "###-#######", "##########", "###.###.####"},
       {"+39 ### ### ####", "+39 ##########", "+39##########", "0039 ### ### ####", "+39 ### #######"}},
      {"IT", "it_fixed", {"06", "02"}, 10,
       {"## #### ####", "##-########", "## ########"},
       {"+39 ## #### ####", "+39 ##########", "+39 ## ########"}},
      {"NL", "nl_mobile", {"6"}, 9,
       {"0# ########", "0#-########", "0# ## ## ## ##", "0#########"},
       {"+31 # ########", "+31 (0)# ########", "+31#########", "0031 # ########",
        "+31 # ## ## ## ##"}},
      {"NL", "nl_fixed", {"20", "10", "70", "30"}, 9,
       {"0## ### ####", "0##-#######", "0## #######"},
       {"+31 ## ### ####", "+31 (0)## ### ####", "+31#########"}},
      {"IN", "in_mobile", {"6", "7", "8", "9"}, 10,
       {"##### #####", "0##### #####", "##########", "0##########"},
       {"+91 ##### #####", "+91-##########", "+91##########", "0091 ##### #####", "+91 ##########",
        "+91-#####-#####"}},
      {"IN", "in_fixed", {"11", "22"}, 10,
       {"0## #### ####", "0##-########"},
       {"+91 ## #### ####", "+91-##-########"}},
      {"BR", "br_mobile", {"119", "219", "319", "419", "519", "619", "719", "819"}, 11,
       {"(##) #####-####", "## #####-####", "(##) ##### ####", "###########"},
       {"+55 ## #####-####", "+55 (##) #####-####", "+55###########", "+55 ## ##### ####"}},
      {"BR", "br_fixed", {"112", "113", "213", "313", "412", "513"}, 10,
       {"(##) ####-####", "## ####-####"},
       {"+55 ## ####-####", "+55 (##) ####-####", "+55##########"}},
      {"MX", "mx_metro", {"55", "33", "81"}, 10,
       {"## #### ####", "(##) ####-####", "##-####-####", "##########"},
       {"+52 ## #### ####", "+52 (##) ####-####", "+52##########"}},
      {"MX", "mx_geo", {"222", "442", "998", "664"}, 10,
       {"### ### ####", "(###) ###-####"},
       {"+52 ### ### ####", "+52##########"}},
      {"AU", "au_mobile", {"4"}, 9,
       {"0### ### ###", "0#########", "0### ######"},
       {"+61 ### ### ###", "+61 #########", "+61#########", "0061 ### ### ###"}},
      {"AU", "au_fixed", {"2", "3", "7", "8"}, 9,
       {"(0#) #### ####", "0# #### ####", "0#########"},
       {"+61 # #### ####", "+61#########", "+61 (0)# #### ####"}},
      {"JP", "jp_mobile", {"70", "80", "90"}, 10,
       {"0##-####-####", "0## #### ####", "0##########"},
       {"+81 ##-####-####", "+81 ## #### ####", "+81##########", "+81-##-####-####"}},
      {"JP", "jp_fixed", {"3", "6"}, 9,
       {"0#-####-####", "0# #### ####", "(0#) ####-####", "0#########"},
       {"+81 #-####-####", "+81 # #### ####", "+81#########"}},
  };
  return kinds;
}

bool IsValidForRegion(const std::string& nsn, const char* region) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  std::string e164 = "+";
  e164 += std::to_string(util.GetCountryCodeForRegion(region));
  e164 += nsn;
  if (util.Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return false;
  return util.IsValidNumberForRegion(number, region);
}

// Valid for some region when read as written (national forms are tried
// against the generator's own regions).
bool ValidAnywhereAsWritten(const std::string& written) {
  static const char* kRegions[] = {"US", "CA", "GB", "DE", "FR", "ES", "IT",
                                   "NL", "IN", "BR", "MX", "AU", "JP"};
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  for (const char* region : kRegions) {
    PhoneNumber number;
    if (util.Parse(written, region, &number) == PhoneNumberUtil::NO_PARSING_ERROR &&
        util.IsValidNumber(number)) {
      return true;
    }
  }
  return false;
}

std::string RandomNsn(const PhoneKind& kind, Rng& rng) {
  std::string nsn = rng.Pick(kind.prefixes);
  if (static_cast<int>(nsn.size()) < kind.nsn_length) nsn += rng.DigitChar(2);  // subscriber/exchange start
  while (static_cast<int>(nsn.size()) < kind.nsn_length) nsn += rng.DigitChar();
  return nsn;
}

const TemplateList kPhoneContext = {
    "call me on {}",
    "my number is {}",
    "text {} when you land ✈️",
    "Tel.: {}",
    "WhatsApp: {}",
    "Rufen Sie mich bitte an: {}",
    "appelle-moi au {} stp",
    "llámame al {} por favor",
    "chiamami al {} grazie",
    "mobile {}",
    "um, you can reach me at {} any time after five",
    "New phone, who dis? It's Zoë, save {}",
    "Please ring the front desk on {} to confirm.",
    "my cell's {} — landline is dead",
    "Contact number: {}\nAddress to follow",
    "ligue para {} amanhã",
    "bel me op {} aub",
    "電話番号は {} です",
    "फ़ोन: {}",
    "fax {}",
};

Value PhonePositive(Rng& rng) {
  const auto& kinds = PhoneKinds();
  const PhoneKind& kind = kinds[static_cast<std::size_t>(rng.Int(0, static_cast<int>(kinds.size()) - 1))];
  std::string nsn;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    nsn = RandomNsn(kind, rng);
    if (IsValidForRegion(nsn, kind.region)) break;
    nsn.clear();
  }
  if (nsn.empty()) {
    std::fprintf(stderr, "pii_generator: no valid number for %s\n", kind.name);
    std::abort();
  }
  const bool international = rng.Chance(0.5);
  const TemplateList& forms = international ? kind.international : kind.national;
  const std::string& form = rng.Pick(forms);
  Value v{FillPattern(form, nsn), std::string(kind.name) + (international ? "/intl" : "/national")};
  return v;
}

// A number in a real country's written form whose digits are not a valid
// number anywhere (an unassigned prefix, or one digit short / long).
Value PhoneInvalidNumber(Rng& rng) {
  const auto& kinds = PhoneKinds();
  for (;;) {
    const PhoneKind& kind = kinds[static_cast<std::size_t>(rng.Int(0, static_cast<int>(kinds.size()) - 1))];
    const bool international = rng.Chance(0.5);
    const std::string& form = rng.Pick(international ? kind.international : kind.national);
    std::string nsn = rng.Digits(kind.nsn_length);
    std::string written = FillPattern(form, nsn);
    std::string reason = "invalid_prefix";
    if (rng.Chance(0.4)) {  // drop or add a digit at the end
      reason = "wrong_length";
      if (rng.Chance(0.5)) {
        written.pop_back();
      } else {
        written += rng.DigitChar();
      }
    }
    if (written.back() < '0' || written.back() > '9') continue;
    if (!ValidAnywhereAsWritten(written)) return Value{written, reason};
  }
}

// ---------------------------------------------------------------------------
// Generic look-alikes: what a message full of numbers looks like without
// personal data. Each brings its own sentence.

const TemplateList kOrderTemplates = {"Your order {} has shipped 📦", "Order {} confirmed, thanks!",
                                      "re: order {} — where is it?", "Bestellung {} wurde versandt"};
const TemplateList kTrackingTemplates = {"Tracking number: {}", "track it here with {} 🚚",
                                         "Sendungsnummer {}", "your parcel {} is out for delivery"};
const TemplateList kVersionTemplates = {"upgraded to {} last night", "build {} is broken again",
                                        "running version {} on prod", "release notes for {} attached"};
const TemplateList kDateTemplates = {"meeting moved to {}", "the invoice is due {}",
                                     "rdv le {} à 14h", "offer valid until {}"};
const TemplateList kAmountTemplates = {"total: {}", "that'll be {} pls", "refund of {} issued",
                                       "Betrag: {} inkl. MwSt."};
const TemplateList kTimeTemplates = {"see you at {}", "call starts {} sharp", "train leaves {}",
                                     "open {} daily"};
const TemplateList kInvoiceTemplates = {"Invoice {} attached", "please pay invoice {}",
                                        "Rechnung {} anbei", "ref. {} in the subject please"};

Value GenericDecoy(Rng& rng) {
  switch (rng.Int(0, 9)) {
    case 0: {
      const int form = rng.Int(0, 3);
      std::string s;
      if (form == 0) s = std::to_string(rng.Int(1, 12)) + "." + std::to_string(rng.Int(0, 9)) + "." +
                         std::to_string(rng.Int(0, 20)) + "." + std::to_string(rng.Int(0, 99)) + "-beta";
      if (form == 1) s = "v" + std::to_string(rng.Int(1, 9)) + "." + std::to_string(rng.Int(0, 30)) +
                         "." + std::to_string(rng.Int(0, 30));
      if (form == 2) s = std::to_string(rng.Int(1, 4)) + "." + std::to_string(rng.Int(0, 9)) + "." +
                         std::to_string(rng.Int(0, 9)) + "." + rng.Digits(4);
      if (form == 3) s = std::to_string(rng.Int(1, 9)) + "." + std::to_string(rng.Int(0, 9)) + ".2024" +
                         rng.Digits(4);
      return Value{s, "version_number", &kVersionTemplates};
    }
    case 1: {
      std::string s = rng.Chance(0.5) ? "#" + rng.Digits(rng.Int(6, 10))
                                      : rng.Digits(3) + "-" + rng.Digits(7) + "-" + rng.Digits(7);
      return Value{s, "order_number", &kOrderTemplates};
    }
    case 2: {
      const int form = rng.Int(0, 2);
      std::string s;
      if (form == 0) s = "1Z" + rng.FromAlphabet(kUpperAlnum, 6) + rng.Digits(10);
      if (form == 1) s = Group("9400" + rng.Digits(18), {4, 4, 4, 4, 4, 2}, " ");
      if (form == 2) s = "JD" + rng.Digits(16);
      return Value{s, "tracking_number", &kTrackingTemplates};
    }
    case 3: {
      const int y = rng.Int(2020, 2027), m = rng.Int(1, 12), d = rng.Int(1, 28);
      char buf[32];
      const int form = rng.Int(0, 2);
      if (form == 0) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      if (form == 1) std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d, m, y);
      if (form == 2) std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", m, d, y);
      return Value{buf, "date", &kDateTemplates};
    }
    case 4: {
      char buf[48];
      const int form = rng.Int(0, 3);
      const int whole = rng.Int(1, 99999), cents = rng.Int(0, 99);
      if (form == 0) std::snprintf(buf, sizeof buf, "$%d,%03d.%02d", whole / 1000 + 1, whole % 1000, cents);
      if (form == 1) std::snprintf(buf, sizeof buf, "€ %d.%03d,%02d", whole / 1000 + 1, whole % 1000, cents);
      if (form == 2) std::snprintf(buf, sizeof buf, "%d %03d,%02d €", whole / 1000 + 1, whole % 1000, cents);
      if (form == 3) std::snprintf(buf, sizeof buf, "₹%d,%03d", whole / 1000 + 1, whole % 1000);
      return Value{buf, "amount", &kAmountTemplates};
    }
    case 5: {
      char buf[32];
      const int form = rng.Int(0, 2);
      if (form == 0) std::snprintf(buf, sizeof buf, "%d:%02d", rng.Int(0, 23), rng.Int(0, 59));
      if (form == 1) std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", rng.Int(0, 23), rng.Int(0, 59), rng.Int(0, 59));
      if (form == 2) std::snprintf(buf, sizeof buf, "%d:%02d-%d:%02d", rng.Int(7, 12), rng.Int(0, 59), rng.Int(13, 20), rng.Int(0, 59));
      return Value{buf, "time", &kTimeTemplates};
    }
    case 6: {
      std::string s = rng.Chance(0.5) ? "INV-" + std::to_string(rng.Int(2019, 2026)) + "-" + rng.Digits(5)
                                      : std::to_string(rng.Int(2019, 2026)) + "/" + rng.Digits(7);
      return Value{s, "invoice_number", &kInvoiceTemplates};
    }
    case 7: {  // ISBN-13, a checksummed 13-digit number that is no one's
      std::string digits = "978" + rng.Digits(9);
      int sum = 0;
      for (std::size_t i = 0; i < digits.size(); ++i) sum += (digits[i] - '0') * (i % 2 ? 3 : 1);
      digits += static_cast<char>('0' + (10 - sum % 10) % 10);
      return Value{Group(digits, {3, 1, 2, 6, 1}, "-"), "isbn", &kOrderTemplates};
    }
    case 8: {
      std::string s = "case " + rng.Digits(8);
      return Value{s, "ticket_number", &kInvoiceTemplates};
    }
    default: {
      std::string s = std::to_string(rng.Int(10000, 99999)) + "-" + rng.Digits(4);  // ZIP+4
      return Value{s, "zip_plus_4", &kAmountTemplates};
    }
  }
}

// ---------------------------------------------------------------------------
// EMAIL

const TemplateList kEmailContext = {
    "email me at {}",        "my new address is {} 😊", "Reply to {} please",
    "Contact: {}",           "From: Jane Doe <{}>",     "mailto:{}",
    "schreib mir an {}",     "écris-moi à {}",          "send the deck to {} before Monday",
    "cc {} on that thread",  "um my email is {}",       "E-Mail: {}",
};

const std::vector<std::string> kFirst = {"anna", "ben", "chloe", "diego", "eva", "femi", "gita",
                                         "hiro", "ines", "jonas", "kai", "lea", "mateo", "nora",
                                         "omar", "priya", "quinn", "rosa", "sven", "tomasz"};
const std::vector<std::string> kLast = {"smith", "garcia", "mueller", "rossi", "dubois", "tanaka",
                                        "silva", "kowalski", "jansen", "patel", "obrien", "nguyen"};
const std::vector<std::string> kDomains = {
    "example.com", "example.org", "example.net", "mail.example.com", "example.co.uk", "example.de",
    "example.fr",  "example.com.br", "corp.example.io", "example.travel", "students.example.edu",
    "example.museum"};

Value EmailPositive(Rng& rng) {
  std::string local;
  const int form = rng.Int(0, 6);
  const std::string& f = rng.Pick(kFirst);
  const std::string& l = rng.Pick(kLast);
  if (form == 0) local = f + "." + l;
  if (form == 1) local = f + l + std::to_string(rng.Int(1, 99));
  if (form == 2) local = f[0] + std::string(".") + l;
  if (form == 3) local = f + "+" + (rng.Chance(0.5) ? "news" : "shop");
  if (form == 4) local = f + "_" + l;
  if (form == 5) local = f + "-" + l + "." + std::to_string(rng.Int(1970, 2005));
  if (form == 6) local = f;
  std::string email = local + "@" + rng.Pick(kDomains);
  std::string variant = "local_form_" + std::to_string(form);
  if (rng.Chance(0.15)) {
    email = Upper(email.substr(0, 1)) + email.substr(1);
    variant += "/capitalised";
  }
  return Value{email, variant};
}

Value EmailNearMiss(Rng& rng) {
  const std::string& f = rng.Pick(kFirst);
  switch (rng.Int(0, 5)) {
    case 0: return Value{"icon@" + std::to_string(rng.Int(2, 3)) + "x.png", "image_at_suffix"};
    case 1: return Value{"lodash@4." + std::to_string(rng.Int(1, 17)) + "." + std::to_string(rng.Int(0, 21)), "package_at_version"};
    case 2: return Value{"@" + f + "_" + rng.Digits(2), "social_handle"};
    case 3: return Value{f + "@" + rng.Pick(kLast), "no_domain_dot"};
    case 4: return Value{f + "@@" + rng.Pick(kDomains), "double_at"};
    default: return Value{"@" + rng.Pick(kDomains), "no_local_part"};
  }
}

// ---------------------------------------------------------------------------
// CREDIT_CARD: issuer identification numbers and lengths per brand.

struct CardBrand {
  const char* name;
  std::function<std::string(Rng&)> prefix;
  std::vector<int> lengths;
};

const std::vector<CardBrand>& CardBrands() {
  static const std::vector<CardBrand> brands = {
      {"visa", [](Rng&) { return std::string("4"); }, {16, 16, 16, 16, 13, 19}},
      {"mastercard", [](Rng& r) { return r.Chance(0.6) ? std::to_string(r.Int(51, 55)) : std::to_string(r.Int(2221, 2720)); }, {16}},
      {"amex", [](Rng& r) { return std::string(r.Chance(0.5) ? "34" : "37"); }, {15}},
      {"discover", [](Rng& r) {
         const int f = r.Int(0, 2);
         return f == 0 ? std::string("6011") : f == 1 ? std::to_string(r.Int(644, 649)) : std::string("65");
       }, {16, 16, 16, 19}},
      {"jcb", [](Rng& r) { return std::to_string(r.Int(3528, 3589)); }, {16}},
      {"diners", [](Rng& r) {
         const int f = r.Int(0, 2);
         return f == 0 ? std::to_string(r.Int(300, 305)) : f == 1 ? std::string("36") : std::string("38");
       }, {14}},
      {"unionpay", [](Rng& r) { return "62" + std::to_string(r.Int(0, 9)); }, {16, 16, 17, 18, 19}},
      {"maestro", [](Rng& r) {
         static const std::vector<std::string> p = {"5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"};
         return r.Pick(p);
       }, {16, 16, 19, 13}},
  };
  return brands;
}

std::vector<int> CardGroups(std::size_t length) {
  switch (length) {
    case 13: return {4, 4, 5};
    case 14: return {4, 6, 4};
    case 15: return {4, 6, 5};
    case 16: return {4, 4, 4, 4};
    case 17: return {4, 4, 4, 5};
    case 18: return {4, 4, 4, 6};
    default: return {4, 4, 4, 4, 3};
  }
}

std::string CardNumber(const CardBrand& brand, int length, Rng& rng) {
  std::string digits = brand.prefix(rng);
  while (static_cast<int>(digits.size()) < length - 1) digits += rng.DigitChar();
  return WithLuhn(digits);
}

const TemplateList kCardContext = {
    "card number {}",           "my Visa is {}",             "pay with {} please",
    "Kartennummer: {}",         "charge it to {} pls",       "cc {} exp next year",
    "numéro de carte {}",       "tarjeta {}",                "uh the card is {} and the code I'll text",
    "Card: {}\nName: as on card", "use my Amex {} for the hotel", "carta di credito {}",
};

Value CardPositive(Rng& rng) {
  const auto& brands = CardBrands();
  const CardBrand& brand = brands[static_cast<std::size_t>(rng.Int(0, static_cast<int>(brands.size()) - 1))];
  const int length = rng.Pick(brand.lengths);
  const std::string digits = CardNumber(brand, length, rng);
  const int form = rng.Int(0, 2);
  const std::vector<int> groups = CardGroups(digits.size());
  std::string written = form == 0 ? digits : Group(digits, groups, form == 1 ? " " : "-");
  std::string variant = std::string(brand.name) + "/" + std::to_string(length) +
                        (form == 0 ? "/plain" : form == 1 ? "/spaces" : "/dashes");
  return Value{written, variant};
}

Value CardNearMiss(Rng& rng) {
  const int form = rng.Int(0, 2);
  if (form == 0) {  // a brand's shape with a wrong check digit
    const auto& brands = CardBrands();
    const CardBrand& brand = brands[static_cast<std::size_t>(rng.Int(0, static_cast<int>(brands.size()) - 1))];
    const std::string digits = BreakLastDigit(CardNumber(brand, rng.Pick(brand.lengths), rng), rng);
    return Value{rng.Chance(0.5) ? digits : Group(digits, CardGroups(digits.size()), " "), "bad_checksum", &kCardContext};
  }
  if (form == 1) {  // Luhn-valid, but no issuer starts with 1, 7, 8 or 9... (9: national cards, excluded)
    std::string digits = std::string(1, "1789"[rng.Int(0, 3)]) + rng.Digits(14);
    digits = WithLuhn(digits);
    return Value{Group(digits, {4, 4, 4, 4}, " "), "no_issuer"};
  }
  // Visa is 13, 16 or 19 digits: 15 Luhn-valid digits starting with 4.
  std::string digits = WithLuhn("4" + rng.Digits(13));
  return Value{Group(digits, {4, 4, 4, 3}, " "), "wrong_length"};
}

// ---------------------------------------------------------------------------
// IBAN: ISO 13616 registry BBAN structures ("8n,10n": counts of n digits,
// a upper-case letters, c alphanumerics).

struct IbanCountry {
  const char* code;
  const char* bban;
};

const std::vector<IbanCountry>& IbanCountries() {
  static const std::vector<IbanCountry> countries = {
      {"DE", "8n,10n"},       {"GB", "4a,6n,8n"},      {"FR", "5n,5n,11c,2n"}, {"ES", "4n,4n,2n,10n"},
      {"IT", "1a,5n,5n,12c"}, {"NL", "4a,10n"},        {"BE", "3n,7n,2n"},     {"CH", "5n,12c"},
      {"AT", "5n,11n"},       {"PL", "8n,16n"},        {"PT", "4n,4n,11n,2n"}, {"IE", "4a,6n,8n"},
      {"SE", "3n,16n,1n"},    {"DK", "4n,9n,1n"},      {"NO", "4n,6n,1n"},     {"FI", "3n,11n"},
      {"LU", "3n,13c"},       {"GR", "3n,4n,16c"},     {"CZ", "4n,6n,10n"},    {"HU", "3n,4n,1n,15n,1n"},
      {"RO", "4a,16c"},       {"BG", "4a,4n,2n,8c"},   {"HR", "7n,10n"},       {"SI", "5n,8n,2n"},
      {"LT", "5n,11n"},       {"LV", "4a,13c"},        {"EE", "2n,2n,11n,1n"}, {"MT", "4a,5n,18c"},
      {"CY", "3n,5n,16c"},    {"IS", "4n,2n,6n,10n"},  {"LI", "5n,12c"},       {"MC", "5n,5n,11c,2n"},
      {"SK", "4n,6n,10n"},    {"TR", "5n,1n,16c"},     {"SA", "2n,18c"},       {"AE", "3n,16n"},
      {"IL", "3n,3n,13n"},    {"BR", "8n,5n,10n,1a,1c"}, {"KW", "4a,22c"},     {"QA", "4a,21c"},
  };
  return countries;
}

std::string Bban(const char* structure, Rng& rng) {
  std::string out;
  int count = 0;
  for (const char* p = structure; *p; ++p) {
    if (*p >= '0' && *p <= '9') {
      count = count * 10 + (*p - '0');
    } else if (*p == ',') {
      count = 0;
    } else {
      for (int i = 0; i < count; ++i) {
        if (*p == 'n') out += rng.DigitChar();
        if (*p == 'a') out += rng.FromAlphabet(kUpper, 1);
        if (*p == 'c') out += rng.FromAlphabet(kUpperAlnum, 1);
      }
      count = 0;
    }
  }
  return out;
}

std::string IbanFrom(const std::string& country, const std::string& bban) {
  const int check = 98 - Mod97(bban + country + "00");
  char cd[8];
  std::snprintf(cd, sizeof cd, "%02d", check);
  return country + cd + bban;
}

const TemplateList kIbanContext = {
    "IBAN: {}",                         "please transfer to {}",     "my account is {}",
    "Bankverbindung: {}",               "virement sur {} svp",       "Kontonummer (IBAN) {}",
    "pay the deposit into {} by Friday", "IBAN {} BIC to follow",     "cuenta: {}",
    "the IBAN is uh {}",
};

Value IbanPositive(Rng& rng) {
  const auto& countries = IbanCountries();
  const IbanCountry& c = countries[static_cast<std::size_t>(rng.Int(0, static_cast<int>(countries.size()) - 1))];
  const std::string iban = IbanFrom(c.code, Bban(c.bban, rng));
  const bool print = rng.Chance(0.5);
  return Value{print ? Group(iban, std::vector<int>(9, 4), " ") : iban,
               std::string(c.code) + (print ? "/print" : "/electronic")};
}

Value IbanNearMiss(Rng& rng) {
  const auto& countries = IbanCountries();
  const IbanCountry& c = countries[static_cast<std::size_t>(rng.Int(0, static_cast<int>(countries.size()) - 1))];
  std::string iban = IbanFrom(c.code, Bban(c.bban, rng));
  std::string reason;
  if (rng.Chance(0.5)) {  // other check digits: 02..98 are distinct mod 97
    const int right = std::stoi(iban.substr(2, 2));
    int wrong;
    do wrong = rng.Int(2, 98); while (wrong == right);
    char cd[8];
    std::snprintf(cd, sizeof cd, "%02d", wrong);
    iban.replace(2, 2, cd);
    reason = "bad_checksum";
  } else {  // the country's length plus or minus one, check digits recomputed
    std::string bban = iban.substr(4);
    if (rng.Chance(0.5)) {
      bban.pop_back();
    } else {
      bban += rng.DigitChar();
    }
    iban = IbanFrom(c.code, bban);
    reason = "wrong_length";
  }
  return Value{rng.Chance(0.5) ? Group(iban, std::vector<int>(9, 4), " ") : iban, reason, &kIbanContext};
}

// ---------------------------------------------------------------------------
// IP_ADDRESS

const TemplateList kIpContext = {
    "server at {} is down again",  "ping {}",                       "logged in from {} 🤔",
    "IP: {}",                      "connect to {} on port 22",      "blocked {} in the firewall",
    "the router's address is {}",  "new login from {} (Lisbon)",    "DNS points to {} now",
};
const TemplateList kIpPortTemplates = {"curl http://{}:8080/health", "listening on {}:443"};
const TemplateList kIpv6BracketTemplates = {"curl http://[{}]:8080/health", "open [{}]:443 in the browser"};

std::string Ipv4(Rng& rng) {
  int a;
  switch (rng.Int(0, 3)) {
    case 0: a = 10; break;
    case 1: a = 192; break;
    default: a = rng.Int(1, 223); break;
  }
  const int b = a == 192 ? 168 : rng.Int(0, 255);
  return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(rng.Int(0, 255)) + "." +
         std::to_string(rng.Int(1, 254));
}

std::string HexGroup(unsigned v, bool pad) {
  char buf[8];
  std::snprintf(buf, sizeof buf, pad ? "%04x" : "%x", v);
  return buf;
}

// RFC 5952 compression of the longest run (>= 2) of zero groups.
std::string Ipv6Compressed(const std::array<unsigned, 8>& g, int groups) {
  int best = -1, best_len = 0;
  for (int i = 0; i < groups;) {
    if (g[static_cast<std::size_t>(i)] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < groups && g[static_cast<std::size_t>(j)] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  auto append = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      if (i > from) out += ':';
      out += HexGroup(g[static_cast<std::size_t>(i)], false);
    }
  };
  if (best_len < 2) {
    append(0, groups);
    return out;
  }
  append(0, best);
  out += "::";
  append(best + best_len, groups);
  return out;
}

Value IpPositive(Rng& rng) {
  if (rng.Chance(0.4)) {
    Value v{Ipv4(rng), "v4"};
    if (rng.Chance(0.15)) {
      v.templates = &kIpPortTemplates;
      v.variant = "v4/with_port";
    }
    return v;
  }
  std::array<unsigned, 8> g{};
  const int prefix = rng.Int(0, 3);
  if (prefix == 0) { g[0] = 0x2001; g[1] = 0x0db8; }
  if (prefix == 1) { g[0] = 0xfe80; }
  if (prefix == 2) { g[0] = 0x2a00 + static_cast<unsigned>(rng.Int(0, 255)); g[1] = static_cast<unsigned>(rng.Int(0, 0xffff)); }
  if (prefix == 3) { g[0] = 0x2600 + static_cast<unsigned>(rng.Int(0, 255)); g[1] = static_cast<unsigned>(rng.Int(0, 0xffff)); }
  for (std::size_t i = prefix == 1 ? 4 : 2; i < 8; ++i) {
    g[i] = rng.Chance(0.2) ? static_cast<unsigned>(rng.Int(0, 0xff)) : static_cast<unsigned>(rng.Int(0, 0xffff));
  }
  if (prefix != 1 && rng.Chance(0.6)) {  // a run of zeros to compress
    const int len = rng.Int(1, 4), at = rng.Int(2, 8 - len);
    for (int i = at; i < at + len; ++i) g[static_cast<std::size_t>(i)] = 0;
  }
  std::string text, variant;
  const int form = rng.Int(0, 4);
  if (form == 0) {
    for (std::size_t i = 0; i < 8; ++i) {
      if (i) text += ':';
      text += HexGroup(g[i], true);
    }
    variant = "v6/full";
  } else if (form == 1) {
    for (std::size_t i = 0; i < 8; ++i) {
      if (i) text += ':';
      text += HexGroup(g[i], false);
    }
    variant = "v6/unpadded";
  } else if (form == 2 || form == 3) {
    text = Ipv6Compressed(g, 8);
    variant = "v6/compressed";
  } else {  // embedded IPv4 in the last 32 bits
    const std::string v4 = Ipv4(rng);
    const int mixed = rng.Int(0, 2);
    if (mixed == 0) text = "::ffff:" + v4;
    if (mixed == 1) text = "64:ff9b::" + v4;
    if (mixed == 2) {
      text = Ipv6Compressed(g, 6);
      text += text.ends_with("::") ? v4 : ":" + v4;
    }
    variant = "v6/mixed_v4";
  }
  if (rng.Chance(0.25)) {
    text = Upper(text);
    variant += "/upper";
  }
  Value v{text, variant};
  if (rng.Chance(0.1)) {
    v.templates = &kIpv6BracketTemplates;
    v.variant += "/bracketed";
  }
  return v;
}

Value IpNearMiss(Rng& rng) {
  switch (rng.Int(0, 6)) {
    case 0: return Value{std::to_string(rng.Int(256, 999)) + "." + std::to_string(rng.Int(0, 255)) + "." +
                         std::to_string(rng.Int(0, 255)) + "." + std::to_string(rng.Int(0, 255)), "octet_out_of_range", &kIpContext};
    case 1: return Value{"1.3.6.1." + std::to_string(rng.Int(2, 4)) + ".1." + rng.Digits(4), "snmp_oid"};
    case 2: return Value{std::to_string(rng.Int(1, 12)) + "." + std::to_string(rng.Int(0, 9)) + "." +
                         std::to_string(rng.Int(0, 9)) + "." + std::to_string(rng.Int(0, 9)) + "-beta", "version_number", &kVersionTemplates};
    case 3: return Value{"std::" + rng.Pick(std::vector<std::string>{"vector", "string", "map", "move"}), "cpp_scope"};
    case 4: return Value{rng.Pick(std::vector<std::string>{"dead:beef:cafe", "a1:b2:c3", "fe80:1"}), "too_few_groups"};
    case 5: return Value{std::to_string(rng.Int(1, 9)) + "." + std::to_string(rng.Int(0, 20)) + "." + std::to_string(rng.Int(0, 40)),
                         "three_parts", &kVersionTemplates};
    default: return Value{"2001:db8:" + HexGroup(static_cast<unsigned>(rng.Int(0x10000, 0xfffff)), false) + "::1",
                          "group_too_long", &kIpContext};
  }
}

// ---------------------------------------------------------------------------
// MAC_ADDRESS

const TemplateList kMacContext = {"MAC {}",  "device {} joined the network", "whitelist {} on the AP",
                                  "the printer's MAC address is {}", "unknown client {} on guest wifi",
                                  "Adresse MAC : {}"};

std::string MacBytes(Rng& rng, std::string_view sep, bool upper) {
  std::string out;
  for (int i = 0; i < 6; ++i) {
    if (i) out += sep;
    out += rng.FromAlphabet(kLowerHex, 2);
  }
  return upper ? Upper(out) : out;
}

Value MacPositive(Rng& rng) {
  const int form = rng.Int(0, 4);
  if (form == 4) {
    std::string h = rng.FromAlphabet(kLowerHex, 12);
    std::string s = h.substr(0, 4) + "." + h.substr(4, 4) + "." + h.substr(8, 4);
    return Value{s, "cisco_dot"};
  }
  const bool upper = form % 2 == 1;
  const bool dash = form >= 2;
  return Value{MacBytes(rng, dash ? "-" : ":", upper),
               std::string(dash ? "dash" : "colon") + (upper ? "/upper" : "/lower")};
}

Value MacNearMiss(Rng& rng) {
  switch (rng.Int(0, 3)) {
    case 0: {
      std::string s = MacBytes(rng, ":", false);
      return Value{s.substr(0, 14), "five_groups", &kMacContext};
    }
    case 1: {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", rng.Int(0, 23), rng.Int(0, 59), rng.Int(0, 59));
      return Value{buf, "time", &kTimeTemplates};
    }
    case 2: {
      std::string s = MacBytes(rng, ":", false);
      s[static_cast<std::size_t>(rng.Int(0, 5) * 3)] = 'g';
      return Value{s, "non_hex", &kMacContext};
    }
    default: {
      std::string h = rng.FromAlphabet(kLowerHex, 12);
      return Value{h.substr(0, 4) + "." + h.substr(4, 4), "short_dot"};
    }
  }
}

// ---------------------------------------------------------------------------
// IMEI (3GPP TS 23.003): 8-digit TAC, 6-digit serial, Luhn check digit.
// ICCID (ITU-T E.118): 89, country code, issuer, account, Luhn check digit.

const TemplateList kImeiContext = {"IMEI {}", "IMEI: {}", "my phone's IMEI is {}",
                                   "*#06# shows {}", "blocked IMEI {} after the theft",
                                   "IMEI-Nummer {}", "numéro IMEI {}"};
const TemplateList kIccidContext = {"SIM ICCID {}", "ICCID: {}", "SIM card number {}",
                                    "the ICCID printed on the SIM is {}", "replace SIM {} please",
                                    "ICCID {} activated"};

std::string ImeiDigits(Rng& rng) {
  static const std::vector<std::string> kReporting = {"35", "86", "01", "99", "49", "45", "30", "33"};
  return WithLuhn(rng.Pick(kReporting) + rng.Digits(12));
}

Value ImeiPositive(Rng& rng) {
  const std::string d = ImeiDigits(rng);
  const int form = rng.Int(0, 2);
  if (form == 0) return Value{d, "plain", &kImeiContext};
  return Value{Group(d, {2, 6, 6, 1}, form == 1 ? "-" : " "), form == 1 ? "dashes" : "spaces", &kImeiContext};
}

Value ImeiNearMiss(Rng& rng) {
  if (rng.Chance(0.6)) return Value{BreakLastDigit(ImeiDigits(rng), rng), "bad_checksum", &kImeiContext};
  return Value{ImeiDigits(rng).substr(0, 14), "wrong_length", &kImeiContext};
}

std::string IccidDigits(Rng& rng, int total) {
  static const std::vector<std::string> kCountry = {"1", "44", "49", "33", "34", "39", "31", "91", "55", "52", "61", "81"};
  std::string d = "89" + rng.Pick(kCountry) + rng.Digits(2);
  while (static_cast<int>(d.size()) < total - 1) d += rng.DigitChar();
  return WithLuhn(d);
}

Value IccidPositive(Rng& rng) {
  const int total = rng.Chance(0.5) ? 19 : 20;
  const std::string d = IccidDigits(rng, total);
  if (rng.Chance(0.3)) return Value{Group(d, {4, 4, 4, 4, 4}, " "), std::to_string(total) + "/spaces", &kIccidContext};
  return Value{d, std::to_string(total) + "/plain", &kIccidContext};
}

Value IccidNearMiss(Rng& rng) {
  if (rng.Chance(0.6)) return Value{BreakLastDigit(IccidDigits(rng, 19 + rng.Int(0, 1)), rng), "bad_checksum", &kIccidContext};
  std::string d = WithLuhn("88" + rng.Digits(17));
  return Value{d, "not_89", &kIccidContext};
}

// ---------------------------------------------------------------------------
// US_SSN (SSA rules since 2011 randomisation): area 001-899 except 666,
// group 01-99, serial 0001-9999. US_ITIN: 9XX, group 50-65, 70-88, 90-92,
// 94-99.

const TemplateList kSsnContext = {"SSN {}", "social security number {}", "my SS# is {}",
                                  "SSN: {} (for the background check)", "soc sec no. {}",
                                  "uh social is {}"};
const TemplateList kItinContext = {"ITIN {}", "taxpayer ID {}", "ITIN: {}", "my ITIN is {} for the W-7",
                                   "individual taxpayer identification number {}"};

std::string FormatNine(const std::string& d, int form) {
  if (form == 0) return d.substr(0, 3) + "-" + d.substr(3, 2) + "-" + d.substr(5);
  if (form == 1) return d.substr(0, 3) + " " + d.substr(3, 2) + " " + d.substr(5);
  return d;
}

std::string Pad(int v, int width) {
  std::string s = std::to_string(v);
  while (static_cast<int>(s.size()) < width) s = "0" + s;
  return s;
}

Value SsnPositive(Rng& rng) {
  int area;
  do area = rng.Int(1, 899); while (area == 666);
  const std::string d = Pad(area, 3) + Pad(rng.Int(1, 99), 2) + Pad(rng.Int(1, 9999), 4);
  const int form = rng.Int(0, 2);
  Value v{FormatNine(d, form), form == 0 ? "dashes" : form == 1 ? "spaces" : "plain"};
  if (form == 2 || rng.Chance(0.4)) v.templates = &kSsnContext;
  return v;
}

Value SsnNearMiss(Rng& rng) {
  const int bad = rng.Int(0, 3);
  std::string d;
  if (bad == 0) d = "000" + Pad(rng.Int(1, 99), 2) + Pad(rng.Int(1, 9999), 4);
  if (bad == 1) d = "666" + Pad(rng.Int(1, 99), 2) + Pad(rng.Int(1, 9999), 4);
  if (bad == 2) d = Pad(rng.Int(1, 665), 3) + "00" + Pad(rng.Int(1, 9999), 4);
  if (bad == 3) d = Pad(rng.Int(1, 665), 3) + Pad(rng.Int(1, 99), 2) + "0000";
  return Value{FormatNine(d, rng.Int(0, 1)), "invalid_area_group_serial", &kSsnContext};
}

int ItinGroup(Rng& rng) {
  static const std::vector<int> kGroups = [] {
    std::vector<int> g;
    for (int i = 50; i <= 65; ++i) g.push_back(i);
    for (int i = 70; i <= 88; ++i) g.push_back(i);
    for (int i : {90, 91, 92, 94, 95, 96, 97, 98, 99}) g.push_back(i);
    return g;
  }();
  return rng.Pick(kGroups);
}

Value ItinPositive(Rng& rng) {
  const std::string d = "9" + rng.Digits(2) + Pad(ItinGroup(rng), 2) + rng.Digits(4);
  const int form = rng.Int(0, 2);
  Value v{FormatNine(d, form), form == 0 ? "dashes" : form == 1 ? "spaces" : "plain"};
  if (form == 2 || rng.Chance(0.5)) v.templates = &kItinContext;
  return v;
}

Value ItinNearMiss(Rng& rng) {
  static const std::vector<int> kBadGroups = {0, 10, 45, 66, 69, 89, 93};
  std::string d = "9";
  d += rng.Digits(2) + Pad(rng.Pick(kBadGroups), 2) + rng.Digits(4);
  return Value{FormatNine(d, 0), "invalid_group", &kItinContext};
}

// ---------------------------------------------------------------------------
// UK_NINO (HMRC): prefix letters (first not D F I Q U V, second not D F I O Q
// U V, not BG GB KN NK NT TN ZZ), six digits, suffix A-D. UK_NHS: nine
// digits and a mod-11 check digit (weights 10..2; 10 is never issued).

const TemplateList kNinoContext = {"NI number {}", "National Insurance no. {}", "my NINO is {}",
                                   "NI No: {} (payroll)", "national insurance number {}"};
const TemplateList kNhsContext = {"NHS number {}", "NHS no: {}", "patient NHS No. {}",
                                  "my NHS number is {} for the GP", "NHS {} – appointment Tue"};

bool NinoPrefixOk(char a, char b) {
  if (std::string_view("DFIQUV").find(a) != std::string_view::npos) return false;
  if (std::string_view("DFIOQUV").find(b) != std::string_view::npos) return false;
  const std::string p{a, b};
  return p != "BG" && p != "GB" && p != "KN" && p != "NK" && p != "NT" && p != "TN" && p != "ZZ";
}

std::string NinoFormat(const std::string& prefix, const std::string& digits, char suffix, int form) {
  if (form == 0) return prefix + digits + suffix;
  if (form == 1) return prefix + " " + digits.substr(0, 2) + " " + digits.substr(2, 2) + " " + digits.substr(4) + " " + suffix;
  return prefix + " " + digits + " " + suffix;
}

Value NinoPositive(Rng& rng) {
  std::string prefix;
  do prefix = rng.FromAlphabet(kUpper, 2); while (!NinoPrefixOk(prefix[0], prefix[1]));
  const int form = rng.Int(0, 2);
  Value v{NinoFormat(prefix, rng.Digits(6), "ABCD"[rng.Int(0, 3)], form),
          form == 0 ? "compact" : form == 1 ? "pairs" : "spaced"};
  if (rng.Chance(0.4)) v.templates = &kNinoContext;
  return v;
}

Value NinoNearMiss(Rng& rng) {
  std::string prefix;
  char suffix = "ABCD"[rng.Int(0, 3)];
  if (rng.Chance(0.5)) {
    do prefix = rng.FromAlphabet(kUpper, 2); while (NinoPrefixOk(prefix[0], prefix[1]));
  } else {
    do prefix = rng.FromAlphabet(kUpper, 2); while (!NinoPrefixOk(prefix[0], prefix[1]));
    suffix = static_cast<char>('E' + rng.Int(0, 21));
  }
  return Value{NinoFormat(prefix, rng.Digits(6), suffix, rng.Int(0, 2)), "invalid_letters", &kNinoContext};
}

std::string NhsDigits(Rng& rng, bool valid) {
  for (;;) {
    std::string d = rng.Digits(9);
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * (10 - i);
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10) {
      if (!valid) return d + static_cast<char>('0' + rng.Int(0, 9));  // no digit makes it valid
      continue;
    }
    if (valid) return d + static_cast<char>('0' + check);
    return d + static_cast<char>('0' + (check + rng.Int(1, 9)) % 10);
  }
}

Value NhsPositive(Rng& rng) {
  const std::string d = NhsDigits(rng, true);
  const int form = rng.Int(0, 2);
  return Value{form == 2 ? d : Group(d, {3, 3, 4}, form == 0 ? " " : "-"),
               form == 0 ? "spaces" : form == 1 ? "dashes" : "plain", &kNhsContext};
}

Value NhsNearMiss(Rng& rng) {
  return Value{Group(NhsDigits(rng, false), {3, 3, 4}, " "), "bad_checksum", &kNhsContext};
}

// ---------------------------------------------------------------------------
// ES_NIF (DNI): 8 digits + letter of TRWAGMYFPDXBNJZSQVHLCKE at n mod 23.
// ES_NIE: X/Y/Z (read as 0/1/2) + 7 digits + the same letter.

constexpr std::string_view kDniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
const TemplateList kNifContext = {"DNI {}", "NIF: {}", "mi DNI es {}", "con DNI {} y domicilio en Sevilla",
                                  "documento {}"};
const TemplateList kNieContext = {"NIE {}", "mi NIE es {}", "NIE: {}", "número de extranjero {}"};

Value NifPositive(Rng& rng) {
  const std::string d = rng.Digits(8);
  const char letter = kDniLetters[static_cast<std::size_t>(std::stol(d) % 23)];
  const int form = rng.Int(0, 3);
  std::string s;
  if (form == 0) s = d + letter;
  if (form == 1) s = d + "-" + letter;
  if (form == 2) s = d.substr(0, 2) + "." + d.substr(2, 3) + "." + d.substr(5) + "-" + letter;
  if (form == 3) s = d + " " + letter;
  Value v{s, form == 0 ? "compact" : form == 1 ? "dash" : form == 2 ? "dotted" : "space"};
  if (rng.Chance(0.5)) v.templates = &kNifContext;
  return v;
}

Value NifNearMiss(Rng& rng) {
  const std::string d = rng.Digits(8);
  const std::size_t right = static_cast<std::size_t>(std::stol(d) % 23);
  const char wrong = kDniLetters[(right + static_cast<std::size_t>(rng.Int(1, 22))) % 23];
  return Value{d + wrong, "bad_letter", &kNifContext};
}

Value NiePositive(Rng& rng) {
  const int lead = rng.Int(0, 2);
  const std::string d = rng.Digits(7);
  const char letter = kDniLetters[static_cast<std::size_t>(std::stol(std::to_string(lead) + d) % 23)];
  const char first = "XYZ"[lead];
  const bool dashed = rng.Chance(0.3);
  Value v{dashed ? std::string(1, first) + "-" + d + "-" + letter : std::string(1, first) + d + letter,
          dashed ? "dashes" : "compact"};
  if (rng.Chance(0.5)) v.templates = &kNieContext;
  return v;
}

Value NieNearMiss(Rng& rng) {
  const int lead = rng.Int(0, 2);
  const std::string d = rng.Digits(7);
  const std::size_t right = static_cast<std::size_t>(std::stol(std::to_string(lead) + d) % 23);
  if (rng.Chance(0.5)) {
    return Value{std::string(1, "XYZ"[lead]) + d + kDniLetters[(right + static_cast<std::size_t>(rng.Int(1, 22))) % 23],
                 "bad_letter", &kNieContext};
  }
  return Value{std::string(1, "WV"[rng.Int(0, 1)]) + d + kDniLetters[right], "bad_first_letter", &kNieContext};
}

// ---------------------------------------------------------------------------
// IT_FISCAL_CODE (DM 23/12/1976): surname and name codes from consonants,
// year, month letter, day (+40 for women), Belfiore place code, check letter.

const TemplateList kCfContext = {"codice fiscale {}", "CF: {}", "C.F. {}", "il mio codice fiscale è {}",
                                 "cod. fisc. {} – grazie"};

std::string CfNamePart(std::string_view name, bool given) {
  std::string consonants, vowels;
  for (char c : name) {
    if (c < 'A' || c > 'Z') continue;
    (std::string_view("AEIOU").find(c) != std::string_view::npos ? vowels : consonants) += c;
  }
  if (given && consonants.size() >= 4) return {consonants[0], consonants[2], consonants[3]};
  std::string code = consonants + vowels + "XXX";
  return code.substr(0, 3);
}

char CfCheck(std::string_view first15) {
  static constexpr int kOdd[36] = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21,  // 0-9
                                   1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
                                   16, 10, 22, 25, 24, 23};
  int sum = 0;
  for (std::size_t i = 0; i < first15.size(); ++i) {
    const char c = first15[i];
    const int idx = c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10;
    if (i % 2 == 0) {
      sum += kOdd[idx];
    } else {
      sum += c >= '0' && c <= '9' ? c - '0' : c - 'A';
    }
  }
  return static_cast<char>('A' + sum % 26);
}

std::string CfBody(Rng& rng) {
  static const std::vector<std::string> kSurnames = {"ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "BIANCHI", "ROMANO",
                                                     "COLOMBO", "RICCI", "MARINO", "GRECO", "BRUNO", "GALLO",
                                                     "CONTI", "DE LUCA", "MANCINI", "COSTA", "GIORDANO", "RIZZO",
                                                     "LOMBARDI", "MORETTI", "FO", "RE"};
  static const std::vector<std::string> kMale = {"MARCO", "LUCA", "ALESSANDRO", "ANDREA", "MATTEO", "GIUSEPPE", "PAOLO", "UGO"};
  static const std::vector<std::string> kFemale = {"GIULIA", "FRANCESCA", "CHIARA", "SARA", "ELENA", "ANNA", "MARIA", "LEA"};
  static const std::vector<std::string> kPlaces = {"H501", "F205", "F839", "L219", "G273", "A944", "D612",
                                                   "L736", "A662", "C351", "Z112", "Z404", "Z114", "B157"};
  const bool female = rng.Chance(0.5);
  std::string body = CfNamePart(rng.Pick(kSurnames), false) +
                     CfNamePart(rng.Pick(female ? kFemale : kMale), true);
  body += Pad(rng.Int(0, 99), 2);
  body += "ABCDEHLMPRST"[rng.Int(0, 11)];
  body += Pad(rng.Int(1, 28) + (female ? 40 : 0), 2);
  body += rng.Pick(kPlaces);
  return body;
}

Value CfPositive(Rng& rng) {
  std::string body = CfBody(rng);
  std::string variant = "standard";
  if (rng.Chance(0.05)) {  // omocodia: a digit replaced by L M N P Q R S T U V
    body[14] = "LMNPQRSTUV"[body[14] - '0'];
    variant = "omocode";
  }
  Value v{body + CfCheck(body), variant};
  if (rng.Chance(0.15)) {  // typed in lower case in a chat
    for (char& c : v.text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    v.variant += "/lower";
  }
  if (rng.Chance(0.5)) v.templates = &kCfContext;
  return v;
}

Value CfNearMiss(Rng& rng) {
  std::string body = CfBody(rng);
  if (rng.Chance(0.6)) {
    const char right = CfCheck(body);
    return Value{body + static_cast<char>('A' + (right - 'A' + rng.Int(1, 25)) % 26), "bad_check_letter", &kCfContext};
  }
  body[8] = "FGIJKNOQUVWXYZ"[rng.Int(0, 13)];  // not a month letter
  return Value{body + CfCheck(body), "bad_month_letter", &kCfContext};
}

// ---------------------------------------------------------------------------
// IN_AADHAAR (UIDAI): 12 digits, first 2-9, Verhoeff check digit.

const TemplateList kAadhaarContext = {"Aadhaar {}", "aadhaar no. {}", "my Aadhaar number is {}",
                                      "UID {} linked to the SIM", "आधार {}"};

std::string AadhaarDigits(Rng& rng) {
  std::string d = std::string(1, rng.DigitChar(2)) + rng.Digits(10);
  return d + static_cast<char>('0' + VerhoeffDigit(d));
}

Value AadhaarPositive(Rng& rng) {
  const std::string d = AadhaarDigits(rng);
  const int form = rng.Int(0, 2);
  Value v{form == 0 ? d : Group(d, {4, 4, 4}, form == 1 ? " " : "-"),
          form == 0 ? "plain" : form == 1 ? "spaces" : "dashes"};
  if (form == 0 || rng.Chance(0.5)) v.templates = &kAadhaarContext;
  return v;
}

Value AadhaarNearMiss(Rng& rng) {
  std::string d = AadhaarDigits(rng);
  std::string reason = "bad_checksum";
  if (rng.Chance(0.5)) {
    d = BreakLastDigit(d, rng);
  } else {
    d[0] = rng.Chance(0.5) ? '0' : '1';
    d.back() = static_cast<char>('0' + VerhoeffDigit(d.substr(0, 11)));
    reason = "first_digit_0_or_1";
  }
  return Value{Group(d, {4, 4, 4}, " "), reason, &kAadhaarContext};
}

// ---------------------------------------------------------------------------
// CRYPTO: bitcoin (base58check version 0x00 / 0x05, BIP 173/350 segwit) and
// ethereum (0x + 40 hex; personal only next to a wallet word).

const TemplateList kBtcContext = {"send BTC to {}", "bitcoin address {}", "wallet: {}",
                                  "pay 0.002 BTC to {} pls", "my btc addy {}", "Bitcoin-Adresse {}"};
const TemplateList kEthContext = {"ETH address {}", "my ethereum wallet {}", "send 0.5 ETH to {}",
                                  "wallet {} (ERC-20 only!)", "USDT on ethereum: {}", "metamask addr {}"};
const TemplateList kHashTemplates = {"tx hash {}", "commit {} fixed it", "sha1 of the file is {}",
                                     "storage slot {}"};

std::vector<std::uint8_t> RandomBytes(Rng& rng, int n) {
  std::vector<std::uint8_t> b;
  for (int i = 0; i < n; ++i) b.push_back(rng.Byte());
  return b;
}

Value CryptoPositive(Rng& rng) {
  const int form = rng.Int(0, 5);
  if (form <= 1) {
    std::vector<std::uint8_t> payload = {static_cast<std::uint8_t>(form == 0 ? 0x00 : 0x05)};
    const auto h = RandomBytes(rng, 20);
    payload.insert(payload.end(), h.begin(), h.end());
    Value v{Base58Check(payload), form == 0 ? "btc/p2pkh" : "btc/p2sh"};
    if (rng.Chance(0.5)) v.templates = &kBtcContext;
    return v;
  }
  if (form <= 3) {
    const int witver = form == 2 ? 0 : 1;
    std::string addr = SegwitAddress(witver, RandomBytes(rng, witver == 0 && rng.Chance(0.6) ? 20 : 32));
    std::string variant = witver == 0 ? "btc/bech32" : "btc/bech32m";
    if (rng.Chance(0.1)) {
      addr = Upper(addr);
      variant += "/upper";
    }
    Value v{addr, variant};
    if (rng.Chance(0.5)) v.templates = &kBtcContext;
    return v;
  }
  return Value{"0x" + rng.FromAlphabet(kLowerHex, 40), "eth/lower", &kEthContext};
}

Value CryptoNearMiss(Rng& rng) {
  const int form = rng.Int(0, 3);
  if (form == 0) {
    std::vector<std::uint8_t> payload = {0x00};
    const auto h = RandomBytes(rng, 20);
    payload.insert(payload.end(), h.begin(), h.end());
    std::string a = Base58Check(payload);
    const std::size_t at = a.size() - 1 - static_cast<std::size_t>(rng.Int(0, 5));
    a[at] = a[at] == 'z' ? 'y' : 'z';
    return Value{a, "bad_checksum", &kBtcContext};
  }
  if (form == 1) {
    std::string a = SegwitAddress(0, RandomBytes(rng, 20));
    a.back() = a.back() == 'q' ? 'p' : 'q';
    return Value{a, "bad_checksum", &kBtcContext};
  }
  if (form == 2) return Value{"0x" + rng.FromAlphabet(kLowerHex, 40), "no_context"};
  return Value{"0x" + rng.FromAlphabet(kLowerHex, 64), "tx_hash", &kHashTemplates};
}

// ---------------------------------------------------------------------------
// PLATFORM_SID: two-letter resource prefix + 32 lower-case hex.

const TemplateList kSidContext = {"message {} failed to deliver", "Call SID {}", "account {} suspended",
                                  "see {} in the console", "webhook for {} returned 500"};

Value SidPositive(Rng& rng) {
  static const std::vector<std::string> kPrefixes = {"AC", "SM", "MM", "CA", "RE", "PN", "SK"};
  const std::string& p = rng.Pick(kPrefixes);
  Value v{p + rng.FromAlphabet(kLowerHex, 32), p};
  if (rng.Chance(0.5)) v.templates = &kSidContext;
  return v;
}

Value SidNearMiss(Rng& rng) {
  static const std::vector<std::string> kPrefixes = {"AC", "SM", "MM", "CA", "RE", "PN", "SK"};
  if (rng.Chance(0.5)) {
    return Value{rng.Pick(kPrefixes) + rng.FromAlphabet(kLowerHex, rng.Chance(0.5) ? 31 : 33), "wrong_length", &kSidContext};
  }
  return Value{std::string(rng.Chance(0.5) ? "ZX" : "QB") + rng.FromAlphabet(kLowerHex, 32), "unknown_prefix", &kSidContext};
}

// ---------------------------------------------------------------------------
// SWIFT_BIC (ISO 9362): 4 letters bank, ISO 3166 country, 2 alnum location,
// optional 3 alnum branch. Personal-looking only next to "SWIFT"/"BIC".

const TemplateList kBicContext = {"SWIFT {}", "BIC: {}", "SWIFT/BIC code {}", "the bank's SWIFT code is {}",
                                  "BIC {} — IBAN in the other message", "código SWIFT {}"};
const std::vector<std::string> kCountries = {"DE", "GB", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "US",
                                             "JP", "IN", "BR", "MX", "AU", "SE", "PL", "IE", "SG", "HK"};

std::string BicValue(Rng& rng) {
  std::string bic = rng.FromAlphabet(kUpper, 4) + rng.Pick(kCountries) + rng.FromAlphabet(kUpper, 1) +
                    rng.FromAlphabet("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 1);
  // Branch: "XXX" (head office) or a code that does not start with 'X'.
  if (rng.Chance(0.4)) {
    bic += rng.Chance(0.5) ? "XXX" : rng.FromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWYZ0123456789", 1) +
                                         rng.FromAlphabet(kUpperAlnum, 2);
  }
  return bic;
}

Value BicPositive(Rng& rng) {
  const std::string bic = BicValue(rng);
  return Value{bic, bic.size() == 8 ? "bic8" : "bic11", &kBicContext};
}

Value BicNearMiss(Rng& rng) {
  if (rng.Chance(0.5)) return Value{BicValue(rng), "no_context"};
  static const std::vector<std::string> kWords = {"HEADLINE", "IMPORTANT", "CONGRATS", "DISCOUNT", "FREEBIES",
                                                  "WELCOMEBACK", "ATTENTION", "DOWNLOADS", "UNSUBSCRIBE"};
  return Value{rng.Pick(kWords), "capitalised_word"};
}

// ---------------------------------------------------------------------------
// ABA_ROUTING_NUMBER: Federal Reserve prefix (01-12, 21-32, 61-72, 80),
// 3-7-1 weighted check digit.

const TemplateList kAbaContext = {"routing number {}", "ABA {}", "routing # {}", "RTN: {}",
                                  "bank routing no. {} account ending 4411", "ABA routing number is {}"};

std::string AbaDigits(Rng& rng, bool valid) {
  static const std::vector<int> kPrefixes = [] {
    std::vector<int> p;
    for (int i = 1; i <= 12; ++i) p.push_back(i);
    for (int i = 21; i <= 32; ++i) p.push_back(i);
    for (int i = 61; i <= 72; ++i) p.push_back(i);
    p.push_back(80);
    return p;
  }();
  std::string d = Pad(rng.Pick(kPrefixes), 2) + rng.Digits(6);
  auto at = [&](int i) { return d[static_cast<std::size_t>(i)] - '0'; };
  const int partial = 3 * (at(0) + at(3) + at(6)) + 7 * (at(1) + at(4) + at(7)) + (at(2) + at(5));
  int check = (10 - partial % 10) % 10;
  if (!valid) check = (check + rng.Int(1, 9)) % 10;
  return d + static_cast<char>('0' + check);
}

Value AbaPositive(Rng& rng) { return Value{AbaDigits(rng, true), "nine_digits", &kAbaContext}; }

Value AbaNearMiss(Rng& rng) {
  if (rng.Chance(0.5)) return Value{AbaDigits(rng, true), "no_context"};
  return Value{AbaDigits(rng, false), "bad_checksum", &kAbaContext};
}

// ---------------------------------------------------------------------------
// ADVERTISING_ID: IDFA (upper-case UUID) / GAID (lower-case UUID), v4.

const TemplateList kAdIdContext = {"IDFA {}", "advertising ID {}", "GAID: {}", "AAID {}",
                                   "reset my ad id {} please", "device advertising identifier {}"};
const TemplateList kUuidOtherTemplates = {"request id {} timed out", "trace {} in the logs",
                                          "order {} refunded", "session {} expired"};

std::string Uuid4(Rng& rng, bool upper) {
  std::string h = rng.FromAlphabet(kLowerHex, 32);
  h[12] = '4';
  h[16] = "89ab"[rng.Int(0, 3)];
  std::string s = h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
  return upper ? Upper(s) : s;
}

Value AdIdPositive(Rng& rng) {
  const bool upper = rng.Chance(0.5);
  return Value{Uuid4(rng, upper), upper ? "idfa_upper" : "gaid_lower", &kAdIdContext};
}

Value AdIdNearMiss(Rng& rng) {
  return Value{Uuid4(rng, rng.Chance(0.5)), "uuid_other_context", &kUuidOtherTemplates};
}

// ---------------------------------------------------------------------------
// US_PASSPORT (9 digits; next-generation books a letter + 8 digits) and
// US_DRIVER_LICENSE (per-state formats), both only with their context words.

const TemplateList kPassportContext = {"passport {}", "passport number {}", "passport no. {} exp 2031",
                                       "my US passport is {}", "Passnummer {}", "uh passport number is {}"};
const TemplateList kDlContext = {"driver's license {}", "DL# {}", "driver license number {}",
                                 "driving licence {}", "CA DL {}", "license no. {} (Florida)",
                                 "my driver's license number is {}"};

Value PassportPositive(Rng& rng) {
  if (rng.Chance(0.3)) return Value{rng.FromAlphabet(kUpper, 1) + rng.Digits(8), "letter_8_digits", &kPassportContext};
  return Value{std::string(1, rng.DigitChar(1)) + rng.Digits(8), "nine_digits", &kPassportContext};
}

Value PassportNearMiss(Rng& rng) {
  return Value{std::string(1, rng.DigitChar(1)) + rng.Digits(8), "no_context"};
}

Value DlValue(Rng& rng) {
  switch (rng.Int(0, 8)) {
    case 0: return Value{rng.FromAlphabet(kUpper, 1) + rng.Digits(7), "CA"};
    case 1: return Value{rng.Digits(9), "NY"};
    case 2: {
      const std::string d = rng.Digits(12);
      return Value{rng.FromAlphabet(kUpper, 1) + d.substr(0, 3) + "-" + d.substr(3, 3) + "-" + d.substr(6, 2) + "-" + d.substr(8, 3) + "-" + d.substr(11),
                   "FL/dashes"};
    }
    case 3: return Value{rng.FromAlphabet(kUpper, 1) + rng.Digits(12), "FL/plain"};
    case 4: return Value{rng.Digits(8), "TX"};
    case 5: {
      const std::string d = rng.Digits(11);
      return Value{rng.FromAlphabet(kUpper, 1) + d.substr(0, 3) + "-" + d.substr(3, 4) + "-" + d.substr(7), "IL/dashes"};
    }
    case 6: return Value{"WDL" + rng.FromAlphabet(kUpperAlnum, 9), "WA"};
    case 7: return Value{rng.FromAlphabet(kUpper, 1) + rng.Digits(14), "NJ"};
    default: return Value{rng.FromAlphabet(kUpper, 2) + rng.Digits(6), "OH"};
  }
}

Value DlPositive(Rng& rng) {
  Value v = DlValue(rng);
  v.templates = &kDlContext;
  return v;
}

Value DlNearMiss(Rng& rng) {
  Value v = DlValue(rng);
  v.variant = "no_context";
  v.templates = nullptr;
  return v;
}

// ---------------------------------------------------------------------------
// DATE_OF_BIRTH: a date next to "born", "DOB", "date of birth", "birthday".

const TemplateList kDobContext = {"born on {}", "DOB: {}", "date of birth {}", "my birthday is {} 🎂",
                                  "D.O.B. {}", "geboren am {}", "né le {}", "fecha de nacimiento {}",
                                  "patient DOB {} – allergies none", "uh she was born {} I think"};
const std::vector<std::string> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};

std::string DateText(Rng& rng, int y, int m, int d, std::string& variant) {
  char buf[48];
  switch (rng.Int(0, 6)) {
    case 0: std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", m, d, y); variant = "mm/dd/yyyy"; break;
    case 1: std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y); variant = "dd/mm/yyyy"; break;
    case 2: std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d, m, y); variant = "dd.mm.yyyy"; break;
    case 3: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d); variant = "iso"; break;
    case 4: std::snprintf(buf, sizeof buf, "%s %d, %04d", kMonths[static_cast<std::size_t>(m - 1)].c_str(), d, y); variant = "month d, yyyy"; break;
    case 5: std::snprintf(buf, sizeof buf, "%d %s %04d", d, kMonths[static_cast<std::size_t>(m - 1)].c_str(), y); variant = "d month yyyy"; break;
    default: std::snprintf(buf, sizeof buf, "%d/%d/%02d", m, d, y % 100); variant = "m/d/yy"; break;
  }
  return buf;
}

Value DobPositive(Rng& rng) {
  std::string variant;
  const std::string text = DateText(rng, rng.Int(1940, 2008), rng.Int(1, 12), rng.Int(1, 28), variant);
  return Value{text, variant, &kDobContext};
}

Value DobNearMiss(Rng& rng) {
  std::string variant;
  const std::string text = DateText(rng, rng.Int(2019, 2027), rng.Int(1, 12), rng.Int(1, 28), variant);
  return Value{text, "date_without_birth_context", &kDateTemplates};
}

// ---------------------------------------------------------------------------
// GEO_COORDINATES: a latitude/longitude pair precise enough to locate a
// person (>= 4 decimals, ~11 m), decimal or degrees-minutes-seconds.

const TemplateList kGeoContext = {"I'm at {}", "coordinates {}", "location: {}", "GPS {}",
                                  "pin dropped at {} 📍", "meet me here {}", "Standort {}"};

std::string Decimal(double v, int places) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

Value GeoPositive(Rng& rng) {
  const double lat = rng.Unit() * 170.0 - 85.0, lon = rng.Unit() * 358.0 - 179.0;
  const int places = rng.Int(4, 6);
  Value v;
  switch (rng.Int(0, 3)) {
    case 0: v = Value{Decimal(lat, places) + ", " + Decimal(lon, places), "decimal/comma_space"}; break;
    case 1: v = Value{Decimal(lat, places) + "," + Decimal(lon, places), "decimal/comma"}; break;
    case 2:
      v = Value{Decimal(std::abs(lat), places) + "° " + (lat < 0 ? "S" : "N") + ", " + Decimal(std::abs(lon), places) +
                    "° " + (lon < 0 ? "W" : "E"),
                "decimal/hemisphere"};
      break;
    default: {
      auto dms = [&](double x, const char* pos, const char* neg) {
        const double a = std::abs(x);
        const int deg = static_cast<int>(a);
        const int min = static_cast<int>((a - deg) * 60);
        const double sec = ((a - deg) * 60 - min) * 60;
        char buf[48];
        std::snprintf(buf, sizeof buf, "%d°%02d'%04.1f\"%s", deg, min, sec, x < 0 ? neg : pos);
        return std::string(buf);
      };
      v = Value{dms(lat, "N", "S") + " " + dms(lon, "E", "W"), "dms"};
    }
  }
  if (rng.Chance(0.5)) v.templates = &kGeoContext;
  return v;
}

Value GeoNearMiss(Rng& rng) {
  switch (rng.Int(0, 2)) {
    case 0: return Value{Decimal(rng.Int(1, 99) + rng.Int(0, 99) / 100.0, 2) + ", " + Decimal(rng.Int(1, 99) + rng.Int(0, 99) / 100.0, 2),
                         "prices", &kAmountTemplates};
    case 1: return Value{Decimal(90.5 + rng.Unit() * 80, 4) + ", " + Decimal(rng.Unit() * 100, 4), "latitude_out_of_range", &kGeoContext};
    default: return Value{std::to_string(rng.Int(1, 9)) + "." + std::to_string(rng.Int(0, 9)) + ", " +
                              std::to_string(rng.Int(1, 9)) + "." + std::to_string(rng.Int(0, 9)),
                          "version_list", &kVersionTemplates};
  }
}

// ---------------------------------------------------------------------------
// CREDENTIAL: vendor tokens by their documented shapes; a JWT; a generic
// secret after "password:".

const TemplateList kTokenContext = {"AWS key {}", "token {}", "export API_KEY={}", "here's the key: {}",
                                    "oops I pasted {} in the public channel", "secret {} rotate it pls"};
const TemplateList kJwtContext = {"Authorization: Bearer {}", "jwt={}", "token: {}", "the session token {} expired"};
const TemplateList kPasswordContext = {"password: {}", "Password: {} (change it after login)",
                                       "wifi password: {}", "pwd: {}", "Passwort: {}", "mot de passe : {}",
                                       "login admin / password: {}"};
const TemplateList kPasswordDecoys = {"password: {}", "forgot my password again {}", "Password: {} (see vault)"};

Value CredentialPositive(Rng& rng) {
  switch (rng.Int(0, 6)) {
    case 0: return Value{"AKIA" + rng.FromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), "aws_access_key_id"};
    case 1: return Value{"ghp_" + rng.FromAlphabet(kAlnum, 36), "github_pat"};
    case 2: return Value{"xoxb-" + rng.Digits(12) + "-" + rng.Digits(13) + "-" + rng.FromAlphabet(kAlnum, 24), "slack_bot"};
    case 3: return Value{"sk_live_" + rng.FromAlphabet(kAlnum, rng.Chance(0.5) ? 24 : 99), "stripe_live"};
    case 4: {
      const std::string header = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
      const std::string payload = Base64Url("{\"sub\":\"" + rng.Digits(10) + "\",\"name\":\"" + rng.Pick(kFirst) +
                                            "\",\"iat\":" + std::to_string(1700000000 + rng.Int(0, 99999999)) + "}");
      std::string sig;
      for (int i = 0; i < 32; ++i) sig += static_cast<char>(rng.Byte());
      return Value{header + "." + payload + "." + Base64Url(sig), "jwt", &kJwtContext};
    }
    default: {
      std::string pw = rng.FromAlphabet(kAlnum, 1);
      const int n = rng.Int(6, 16);
      for (int i = 0; i < n; ++i) pw += rng.FromAlphabet(rng.Chance(0.2) ? "!#$%&*@-_" : kAlnum, 1);
      pw += rng.FromAlphabet(kAlnum, 1);
      return Value{pw, "password_after_label", &kPasswordContext};
    }
  }
}

Value CredentialNearMiss(Rng& rng) {
  switch (rng.Int(0, 4)) {
    case 0: return Value{"AKIA" + rng.FromAlphabet(kUpper, 8), "aws_too_short", &kTokenContext};
    case 1: return Value{"ghp_" + rng.FromAlphabet(kAlnum, 10), "github_too_short", &kTokenContext};
    case 2: return Value{"sk_live_" + rng.FromAlphabet(kAlnum, 5), "stripe_too_short", &kTokenContext};
    case 3: return Value{"********", "masked_password", &kPasswordDecoys};
    default: return Value{"eyJhbGciOiJIUzI1NiJ9", "jwt_header_only", &kJwtContext};
  }
}

// ---------------------------------------------------------------------------
// SIP_URI (RFC 3261): sip:/sips: user@host[:port].

const TemplateList kSipContext = {"SIP {}", "dial {}", "registered as {}", "Contact: <{}>",
                                  "forward calls to {}", "trunk target {} is unreachable"};

Value SipPositive(Rng& rng) {
  std::string user;
  const int u = rng.Int(0, 2);
  if (u == 0) user = rng.Pick(kFirst) + (rng.Chance(0.5) ? "." + rng.Pick(kLast) : "");
  if (u == 1) user = std::to_string(rng.Int(100, 9999));
  if (u == 2) {
    const PhoneKind& us = PhoneKinds()[0];
    std::string nsn;
    do nsn = RandomNsn(us, rng); while (!IsValidForRegion(nsn, "US"));
    user = "+1" + nsn;
  }
  std::string host = rng.Chance(0.7) ? "sip." + rng.Pick(kDomains) : Ipv4(rng);
  std::string uri = std::string(rng.Chance(0.8) ? "sip:" : "sips:") + user + "@" + host;
  if (rng.Chance(0.3)) uri += ":" + std::to_string(rng.Chance(0.5) ? 5060 : 5061);
  Value v{uri, u == 0 ? "named_user" : u == 1 ? "extension" : "e164_user"};
  if (rng.Chance(0.5)) v.templates = &kSipContext;
  return v;
}

Value SipNearMiss(Rng& rng) {
  static const TemplateList kSipWords = {"just a {} of coffee", "she took a {} and smiled", "{}: session initiation protocol notes"};
  return Value{rng.Chance(0.5) ? "sip" : "sips", "the_word_sip", &kSipWords};
}

// ---------------------------------------------------------------------------
// Clean messages: everyday text with times, prices, weekdays and products.

const TemplateList kCleanFragments = {
    "See you on Tuesday at 7:30pm!",
    "The new Pixel 8 case is $29.99 at the mall.",
    "Grüße aus München 🍺",
    "Your parcel arrives Thursday between 9 and 12.",
    "Meeting moved to 14:00, room B2.",
    "Happy birthday!! 🎉🎂",
    "Can you grab milk and 2 baguettes on the way home?",
    "Réunion demain à 10h, salle Étoile.",
    "The iPhone 15 is €949 now, cheaper than last week.",
    "Train delayed by 25 min, sorry 😩",
    "Weekend plans? Hiking on Saturday if it doesn't rain.",
    "Dinner at Luigi's Friday 8pm? Table for 4.",
    "Thanks for the lovely evening ❤️",
    "Reminder: dentist Monday 9:15.",
    "Netflix price goes up to 15.49 next month.",
    "¿Vamos al cine el domingo?",
    "Ok 👍",
    "lol that's hilarious 😂",
    "Buy 2 get 1 free on all T-shirts until Sunday.",
    "Flight LH 441 lands at 06:40, terminal 1.",
    "The meeting notes are in the shared folder.",
    "Kannst du mir das Rezept schicken?",
    "Good luck with the exam tomorrow!",
    "Our office is closed on 25 and 26 December.",
    "Battery at 12%, will call later.",
    "Playstation 5 bundle for 499.99, worth it?",
    "It's 23°C and sunny ☀️",
    "Let's do Wednesday instead, 3 pm works.",
    "Your table is booked for 2 people at 19:30.",
    "Score was 3-2 in extra time ⚽",
    "version 2 of the slides is better",
    "Il treno parte alle 18:05 dal binario 7.",
    "Merci, à lundi !",
    "Chapter 12, page 304, paragraph 3.",
    "Got 3 kg of apples for €4.50 at the market.",
    "Running 10 min late, start without me.",
    "Take the A7 exit 21, then second left.",
    "Tickets are 45 each, 20% off for students.",
    "call you back in 5",
    "Room 1204, 12th floor.",
};

// ---------------------------------------------------------------------------
// The type table.

struct TypeSpec {
  EntityType type;
  std::function<Value(Rng&)> positive;
  std::function<Value(Rng&)> near_miss;
  const TemplateList* context;
};

const std::vector<TypeSpec>& TypeSpecs() {
  static const std::vector<TypeSpec> specs = {
      {EntityType::kEmail, EmailPositive, EmailNearMiss, &kEmailContext},
      {EntityType::kPhone, PhonePositive, PhoneInvalidNumber, &kPhoneContext},
      {EntityType::kCreditCard, CardPositive, CardNearMiss, &kCardContext},
      {EntityType::kIban, IbanPositive, IbanNearMiss, &kIbanContext},
      {EntityType::kIpAddress, IpPositive, IpNearMiss, &kIpContext},
      {EntityType::kMacAddress, MacPositive, MacNearMiss, &kMacContext},
      {EntityType::kImei, ImeiPositive, ImeiNearMiss, &kImeiContext},
      {EntityType::kIccid, IccidPositive, IccidNearMiss, &kIccidContext},
      {EntityType::kUsSsn, SsnPositive, SsnNearMiss, &kSsnContext},
      {EntityType::kUsItin, ItinPositive, ItinNearMiss, &kItinContext},
      {EntityType::kUkNino, NinoPositive, NinoNearMiss, &kNinoContext},
      {EntityType::kUkNhs, NhsPositive, NhsNearMiss, &kNhsContext},
      {EntityType::kEsNif, NifPositive, NifNearMiss, &kNifContext},
      {EntityType::kEsNie, NiePositive, NieNearMiss, &kNieContext},
      {EntityType::kItFiscalCode, CfPositive, CfNearMiss, &kCfContext},
      {EntityType::kInAadhaar, AadhaarPositive, AadhaarNearMiss, &kAadhaarContext},
      {EntityType::kCrypto, CryptoPositive, CryptoNearMiss, &kBtcContext},
      {EntityType::kPlatformSid, SidPositive, SidNearMiss, &kSidContext},
      {EntityType::kSwiftBic, BicPositive, BicNearMiss, &kBicContext},
      {EntityType::kAbaRoutingNumber, AbaPositive, AbaNearMiss, &kAbaContext},
      {EntityType::kAdvertisingId, AdIdPositive, AdIdNearMiss, &kAdIdContext},
      {EntityType::kUsPassport, PassportPositive, PassportNearMiss, &kPassportContext},
      {EntityType::kUsDriverLicense, DlPositive, DlNearMiss, &kDlContext},
      {EntityType::kDateOfBirth, DobPositive, DobNearMiss, &kDobContext},
      {EntityType::kGeoCoordinates, GeoPositive, GeoNearMiss, &kGeoContext},
      {EntityType::kCredential, CredentialPositive, CredentialNearMiss, &kTokenContext},
      {EntityType::kSipUri, SipPositive, SipNearMiss, &kSipContext},
  };
  return specs;
}

// Embeds `value` in a sentence: its templates, else the type's context
// templates (40%) or neutral ones; optional greeting and closing.
GeneratedMessage Embed(const Value& value, const TemplateList& context, Rng& rng) {
  const TemplateList* templates = value.templates;
  if (templates == nullptr) templates = rng.Chance(0.4) ? &context : &kNeutral;
  GeneratedMessage m;
  std::uint32_t begin = 0;
  std::string body = Fill(rng.Pick(*templates), value.text, begin);
  std::string prefix = rng.Chance(0.35) ? rng.Pick(kGreetings) : std::string();
  std::string suffix = rng.Chance(0.35) ? rng.Pick(kClosings) : std::string();
  m.text = prefix + body + suffix;
  m.value = value.text;
  m.value_begin = static_cast<std::uint32_t>(prefix.size()) + begin;
  m.variant = value.variant;
  return m;
}

std::string MakeId(std::size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "gen-%06zu", n);
  return buf;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::string_view SampleKindName(SampleKind kind) {
  switch (kind) {
    case SampleKind::kPositive: return "positive";
    case SampleKind::kNearMiss: return "near_miss";
    case SampleKind::kClean: return "clean";
  }
  return "unknown";
}

const std::vector<EntityType>& GeneratedTypes() {
  static const std::vector<EntityType> types = [] {
    std::vector<EntityType> t;
    for (const TypeSpec& s : TypeSpecs()) t.push_back(s.type);
    return t;
  }();
  return types;
}

std::vector<GeneratedMessage> GeneratePiiCorpus(const PiiGeneratorOptions& options) {
  std::vector<GeneratedMessage> out;
  const int clean = options.clean_messages < 0 ? options.per_type : options.clean_messages;
  out.reserve(TypeSpecs().size() * static_cast<std::size_t>(options.per_type) * 2 + static_cast<std::size_t>(clean));
  for (std::size_t t = 0; t < TypeSpecs().size(); ++t) {
    const TypeSpec& spec = TypeSpecs()[t];
    // One stream per type, so adding a type does not reshuffle the others.
    Rng rng(options.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(spec.type) + 1);
    for (int i = 0; i < options.per_type; ++i) {
      GeneratedMessage m = Embed(spec.positive(rng), *spec.context, rng);
      m.kind = SampleKind::kPositive;
      m.target = spec.type;
      m.spans.push_back(GoldSpan{spec.type, m.value_begin, m.value_begin + static_cast<std::uint32_t>(m.value.size())});
      out.push_back(std::move(m));
    }
    for (int i = 0; i < options.per_type; ++i) {
      // A third are generic numbers (orders, versions, dates...), the rest
      // look-alikes of this type.
      const Value decoy = rng.Chance(0.3) ? GenericDecoy(rng) : spec.near_miss(rng);
      GeneratedMessage m = Embed(decoy, kNeutral, rng);
      m.kind = SampleKind::kNearMiss;
      m.target = spec.type;
      out.push_back(std::move(m));
    }
  }
  Rng rng(options.seed * 0x9E3779B97F4A7C15ull);
  for (int i = 0; i < clean; ++i) {
    GeneratedMessage m;
    m.kind = SampleKind::kClean;
    m.variant = "clean";
    const int parts = rng.Int(1, 3);
    for (int p = 0; p < parts; ++p) {
      if (p) m.text += rng.Chance(0.5) ? " " : "\n";
      m.text += rng.Pick(kCleanFragments);
    }
    if (rng.Chance(0.3)) m.text = rng.Pick(kGreetings) + m.text;
    out.push_back(std::move(m));
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i].id = MakeId(i + 1);
  return out;
}

std::string CorpusJsonLine(const GeneratedMessage& m) {
  std::string out = "{\"id\":";
  AppendJsonString(out, m.id);
  out += ",\"kind\":";
  AppendJsonString(out, SampleKindName(m.kind));
  out += ",\"text\":";
  AppendJsonString(out, m.text);
  out += ",\"spans\":[";
  for (std::size_t i = 0; i < m.spans.size(); ++i) {
    if (i) out += ',';
    out += "{\"type\":";
    AppendJsonString(out, EntityTypeName(m.spans[i].type));
    out += ",\"start\":" + std::to_string(m.spans[i].begin) + ",\"end\":" + std::to_string(m.spans[i].end) + "}";
  }
  out += "]}";
  return out;
}

}  // namespace scrubline::bench
