// Financial identifiers (CREDIT_CARD, IBAN, SWIFT_BIC, ABA_ROUTING_NUMBER,
// CRYPTO): the family's validators on their own, then realistic message
// sentences run through the REAL shipped catalog (patterns/pii) on every
// engine: at least 20 sentences that must yield exactly the expected span and
// at least 20 near misses that must yield nothing of the type, per type.
//
// Checksum-valid values were made by a seeded Python script written for this
// test (Luhn, ISO 7064 MOD 97-10, the ABA 3-7-1 sum, base58check over
// hashlib's SHA-256, a BIP-173/BIP-350 bech32 encoder): an implementation
// independent of the validators under test. Public reference values appear
// where they document something: the BIP-173 example address, the card
// networks' published test numbers, banks' public BICs and routing numbers.
#include "classifiers/pii/financial_validators.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "classifiers/pii/pii_classifier.h"
#include "classifiers/pii/validators.h"
#include "tests/support/openssl_allocation_counter.h"

namespace scrubline {
namespace {

// ---------------------------------------------------------------------------
// Allocation: OpenSSL's allocations are counted through its own hooks, which
// can only be installed before its first allocation in the process. This test
// comes first in the file (gtest runs a file's tests in order) and ctest runs
// each test in its own process; should OpenSSL have allocated already, the
// hook is refused and the test says so instead of passing.
// ---------------------------------------------------------------------------

using testing_support::InstallOpenSslAllocationCounter;
using testing_support::OpenSslAllocations;

constexpr std::string_view kP2pkh = "1EfNTEbg5JcghZNxvjaQXiBfTdKc48jsh5";
constexpr std::string_view kP2sh = "38GTfEauHZNDavn4jDrsmBXLn526ttGcUG";

TEST(FinancialAllocation, Base58ChecksumAllocatesNothingOnceWarm) {
  ASSERT_TRUE(InstallOpenSslAllocationCounter())
      << "OpenSSL allocated before this test: run it alone (--gtest_filter)";
  ASSERT_TRUE(BitcoinBase58Valid(kP2pkh));  // warm: digest lookup, this thread's context
  const long before = OpenSslAllocations();
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(BitcoinBase58Valid(kP2pkh));
    ASSERT_TRUE(BitcoinBase58Valid(kP2sh));
    ASSERT_FALSE(BitcoinBase58Valid("1EfNTEbg5JcghZNxvjaQXiBfTdKc48j2h5"));
  }
  EXPECT_EQ(OpenSslAllocations() - before, 0);
  // The hook is live (not a vacuous zero): a plain EVP digest allocates.
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  ASSERT_EQ(EVP_Digest("x", 1, md, &len, EVP_sha256(), nullptr), 1);
  EXPECT_GT(OpenSslAllocations() - before, 0);
}

TEST(FinancialAllocation, ChecksumsOnManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (!BitcoinBase58Valid(kP2pkh) || !BitcoinBase58Valid(kP2sh) ||
            BitcoinBase58Valid("38GTfEauHZ2Davn4jDrsmBXLn526ttGcUG")) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

// ---------------------------------------------------------------------------
// The validators on their own
// ---------------------------------------------------------------------------

TEST(PaymentCard, IssuerPrefixesAndLengths) {
  // Published network test numbers: valid structure, so they pass.
  EXPECT_TRUE(CreditCardValid("4111111111111111"));     // Visa 16
  EXPECT_TRUE(CreditCardValid("4222222222222"));        // Visa 13
  EXPECT_TRUE(CreditCardValid("4022757244625696678"));  // Visa 19
  EXPECT_TRUE(CreditCardValid("5555555555554444"));     // Mastercard
  EXPECT_TRUE(CreditCardValid("2720962092340732"));     // Mastercard 2-series, top
  EXPECT_TRUE(CreditCardValid("2201046497995445"));     // Mir
  EXPECT_TRUE(CreditCardValid("378282246310005"));      // Amex
  EXPECT_TRUE(CreditCardValid("3528064206423017"));     // JCB 3528
  EXPECT_TRUE(CreditCardValid("3589720368816909997"));  // JCB 3589, 19
  EXPECT_TRUE(CreditCardValid("36039703760096"));       // Diners 36, 14
  EXPECT_TRUE(CreditCardValid("30168078490934"));       // Diners 301
  EXPECT_TRUE(CreditCardValid("30955916444002"));       // Diners 3095
  EXPECT_TRUE(CreditCardValid("3890576399008263"));     // Diners 38, 16
  EXPECT_TRUE(CreditCardValid("6011000990139424"));     // Discover
  EXPECT_TRUE(CreditCardValid("6590776927069805737"));  // Discover 65, 19
  EXPECT_TRUE(CreditCardValid("6245923087572637"));     // UnionPay 16
  EXPECT_TRUE(CreditCardValid("6212733416430253382"));  // UnionPay 19
  EXPECT_TRUE(CreditCardValid("675907589955"));         // Maestro 12
  EXPECT_TRUE(CreditCardValid("6304422462676129"));     // Maestro 16
  EXPECT_TRUE(CreditCardValid("5020240578685235960"));  // Maestro 19
  EXPECT_TRUE(CreditCardValid("194494749569209"));      // UATP 15

  EXPECT_FALSE(CreditCardValid("3528064206423018"));  // JCB, Luhn
  EXPECT_FALSE(CreditCardValid("352806420642302"));   // JCB 15 (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("35280642064239"));    // JCB 14 (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("3527064206423018"));  // 3527: below JCB (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("3590064206423010"));  // 3590: above JCB (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("3603970376008"));     // Diners 13 (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("30660780490939"));    // 306: not Diners (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("3128227472528744"));  // 31: no issuer (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("624592308757261"));   // UnionPay 15 (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("601100099013949"));   // Discover 15 (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("5555555555554"));     // Mastercard 13 (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("2721962092340731"));  // 2721: above Mastercard (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("1944947495691"));     // UATP 13 (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("420007949043"));      // 12 digits: Maestro only
  EXPECT_FALSE(CreditCardValid("67590758990"));       // 11 digits (Luhn-valid)
}

TEST(PaymentCard, GroupingsAndSeparators) {
  EXPECT_TRUE(CreditCardValid("4111 1111 1111 1111"));
  EXPECT_TRUE(CreditCardValid("4111-1111-1111-1111"));
  EXPECT_TRUE(CreditCardValid("4022 7572 4462 5696 678"));  // 4-4-4-4-3
  EXPECT_TRUE(CreditCardValid("4222 2222 2222 2"));         // 4-4-4-1
  EXPECT_TRUE(CreditCardValid("3782 822463 10005"));        // 4-6-5
  EXPECT_TRUE(CreditCardValid("3603 970376 0096"));         // 4-6-4
  EXPECT_TRUE(CreditCardValid("6759 0758 9955"));           // 4-4-4 (Maestro 12)

  EXPECT_FALSE(CreditCardValid("4111-1111 1111-1111"));   // mixed separators
  EXPECT_FALSE(CreditCardValid("4111  1111 1111 1111"));  // doubled separator
  EXPECT_FALSE(CreditCardValid("4111.1111.1111.1111"));   // dots
  EXPECT_FALSE(CreditCardValid(" 4111111111111111"));     // leading separator
  EXPECT_FALSE(CreditCardValid("4111111111111111-"));     // trailing separator
  EXPECT_FALSE(CreditCardValid("41111 11111 11111 1"));   // 5-5-5-1
  EXPECT_FALSE(CreditCardValid("4111 111111 111111"));    // 4-6-6
  EXPECT_FALSE(CreditCardValid("0000000000000000"));      // one digit repeated
  EXPECT_FALSE(CreditCardValid("41111111111111111111"));  // 20 digits
}

TEST(PaymentCard, ChecksumCanBeSkippedForUnionPayOnly) {
  EXPECT_TRUE(PaymentCardValid("6245923087572638", CardChecksum::kNone));
  EXPECT_FALSE(PaymentCardValid("6245923087572638", CardChecksum::kLuhn));
  EXPECT_TRUE(UnionPayCardValid("6245 9230 8757 2638"));    // Luhn fails: accepted
  EXPECT_TRUE(UnionPayCardValid("6212733416430253383"));    // 19 digits
  EXPECT_TRUE(UnionPayCardValid("6245923087572637"));       // Luhn-valid too
  EXPECT_FALSE(UnionPayCardValid("624592308757263"));       // 15 digits
  EXPECT_FALSE(UnionPayCardValid("62459230875726381234"));  // 20 digits
  EXPECT_FALSE(UnionPayCardValid("6345923087572638"));      // not 62
  EXPECT_FALSE(UnionPayCardValid("4111111111111111"));      // Visa
  EXPECT_FALSE(UnionPayCardValid("6245 9230-8757 2638"));   // mixed separators
}

// One generated IBAN per registry country (89).
// clang-format off
constexpr std::string_view kIbanPerCountry[] = {
    "AD2606420642301720368816", "AE849099903970376009680", "AL39784909390576399008265916",
    "AT28XIII004592308757", "AZ56263733416430253380758995", "BA662405786852359642",
    "BE34EIVX62676120", "BG41464979954494494749", "BH05569200227572446256",
    "BI44TUNN7962092340739077692", "BR197069805731433803862729366", "BY58VTYX03868472718900101489",
    "CH8818691625550076596", "CR58535937303772111363", "CY23084115270871997364792030",
    "CZ5215243899585481907743", "DE84754640655066910679", "DJ7415884235854227472528748",
    "DK3401230670325862", "DO48406722740693595943741248", "EE69HQMF000794904353",
    "EG794527547960788152614227314", "ES8742933287985804439964", "FI68HZNM3900965050",
    "FK9636359853018659", "FO0920146009110494", "FR61FIDO5383262958894272028",
    "GB07HRAD67643467613144", "GE02LNGF59879567134115", "GI720138763387341622080",
    "GL13EPJB1483709517", "GR35FIIU2834106781865404678", "GT30513322859354902678552679",
    "HN50285471657768158482932994", "HR3875840682848422419", "HU61755033852342392632649480",
    "IE40UIEB34205323019067", "IL896866610922383244677", "IQ205522956160112926073",
    "IS779873050314531013600791", "IT5946773394644794250929450", "JO44QFTB9203245638806815398385",
    "KW1963599550685139763428176457", "KZ53YCVO407894868129", "LB06409294653996416162081658",
    "LC81CILC184556166024970604987969", "LI02BQCV5813289874577", "LT126625387686110696",
    "LU845577487881553788", "LV84DRNF8395401410235", "LY58DJUN56834734801412788",
    "MC83TPTH1789562548385489519", "MD5779709881182755589484", "ME09996352746246256906",
    "MK53082374576150814", "MN26ENIP572585202266", "MR59FNWI4848091025751689713",
    "MT10858822017701325903335287485", "MU30RYUL3914953413566129617727",
    "NI20238740153612347554267299", "NL86WWTJ9582844238", "NO8032877609959",
    "OM394761091000481378796", "PK10CSMT4571438274819706", "PL87DIGJ10539791450570473918",
    "PS071074077379001678873105849", "PT04238609669841276423521", "QA678865782681555335553411175",
    "RO05HOWO9659597670361135", "RS94062701536861743643", "RU4491582290634389999119957332973",
    "SA0372837815003377767352", "SC82302356618001132678824861777", "SD5985631790947239",
    "SE55GTCQ3524024928364878", "SI94248288693677960", "SK9186313665316835561855",
    "SM21OMRZ5955589068466578886", "SO535455488951728677548", "ST95KJEM34357757123464016",
    "SV70689648634102577087091296", "TL238323594319690987222", "TN03KWMJ7246266050384859",
    "TR843020413051800305832940", "UA058772170096215577375958218", "VA55DZGG70433328203178",
    "VG0567719640528018667221", "XK508552164681789810", "YE11SBJL0696400969727762608629",
};
// clang-format on

TEST(Iban, EveryRegistryCountryWithItsLength) {
  static_assert(std::size(kIbanPerCountry) == 89);
  for (std::string_view iban : kIbanPerCountry) {
    SCOPED_TRACE(iban);
    EXPECT_TRUE(IbanValid(iban));
    // One character more or less breaks the country's length.
    EXPECT_FALSE(IbanValid(std::string(iban) + "0"));
    EXPECT_FALSE(IbanValid(iban.substr(0, iban.size() - 1)));
    // The printed form: groups of four.
    std::string printed;
    for (std::size_t i = 0; i < iban.size(); i += 4) {
      if (i > 0) printed += ' ';
      printed += iban.substr(i, 4);
    }
    EXPECT_TRUE(IbanValid(printed));
  }
}

TEST(Iban, Mod97AndCheckDigits) {
  EXPECT_TRUE(IbanValid("DE89370400440532013000"));  // ISO 13616's example
  EXPECT_TRUE(IbanValid("GB29NWBK60161331926819"));
  EXPECT_FALSE(IbanValid("DE89370400440532013001"));  // one digit off
  EXPECT_FALSE(IbanValid("DE98370400440532013000"));  // check digits swapped
  EXPECT_FALSE(IbanValid("DE89370400440523013000"));  // two BBAN digits swapped
  EXPECT_FALSE(IbanValid("GB29NWBK60161331926818"));
  // 00/01/99 are never issued (97/98/02 give the same remainder).
  EXPECT_FALSE(IbanValid("DE00370400440532013000"));
  EXPECT_FALSE(IbanValid("DE01370400440532013000"));
  EXPECT_FALSE(IbanValid("DE99370400440532013000"));
}

TEST(Iban, CountryCaseAndLayout) {
  EXPECT_FALSE(IbanValid("US89370400440532013000"));  // no IBAN in the US
  EXPECT_FALSE(IbanValid("ZZ89370400440532013000"));
  EXPECT_FALSE(IbanValid("1E89370400440532013000"));
  EXPECT_FALSE(IbanValid("DEA9370400440532013000"));  // check digits must be digits
  EXPECT_TRUE(IbanValid("de89370400440532013000"));   // all lower case: accepted
  EXPECT_TRUE(IbanValid("gb29 nwbk 6016 1331 9268 19"));
  EXPECT_FALSE(IbanValid("De89370400440532013000"));  // mixed case
  EXPECT_FALSE(IbanValid("GB29 nwbk 6016 1331 9268 19"));
  EXPECT_TRUE(IbanValid("DE89 3704 0044 0532 0130 00"));
  EXPECT_FALSE(IbanValid("DE89 3704 0044 0532 0130 0 0"));  // a short group inside
  EXPECT_FALSE(IbanValid("DE89 37040 0440 5320 1300 0"));   // a group of five
  EXPECT_FALSE(IbanValid("DE893704 0044 0532 0130 00"));    // compact start, then groups
  EXPECT_FALSE(IbanValid("DE89  3704 0044 0532 0130 00"));  // doubled space
  EXPECT_FALSE(IbanValid("DE89 3704 0044 0532 0130 00 "));  // trailing space
  EXPECT_FALSE(IbanValid("DE89-3704-0044-0532-0130-00"));   // dashes are not IBAN layout
  EXPECT_FALSE(IbanValid(""));
  EXPECT_FALSE(IbanValid(std::string(40, 'A')));
}

TEST(SwiftBic, Structure) {
  for (std::string_view bic :
       {"DEUTDEFF", "COBADEFFXXX", "CHASUS33", "NWBKGB2L", "UBSWCHZH80A", "BKCHCNBJ110",
        "GENODEF1M04", "ICBKCNBJ", "HSBCHKHHHKH", "PBNKDEFF", "ABNANL2A", "BOFAUS3N", "DEUTDEFF500",
        "KOEXKRSE", "RZBAATWW", "TESTXKPR"}) {
    EXPECT_TRUE(SwiftBicValid(bic)) << bic;
  }
  EXPECT_FALSE(SwiftBicValid("DEUTXXFF"));     // XX: not a country
  EXPECT_FALSE(SwiftBicValid("DEUTUKFF"));     // UK is not ISO 3166 (GB is)
  EXPECT_FALSE(SwiftBicValid("DEUTDE0F"));     // location starts with 0
  EXPECT_FALSE(SwiftBicValid("DEUTDE1F"));     // location starts with 1
  EXPECT_FALSE(SwiftBicValid("DEUTDEFO"));     // letter O second in the location
  EXPECT_FALSE(SwiftBicValid("COBADEFFXYZ"));  // branch X.. other than XXX
  EXPECT_FALSE(SwiftBicValid("DEU1DEFF"));     // digit in the bank code
  EXPECT_FALSE(SwiftBicValid("DEUTD3FF"));     // digit in the country
  EXPECT_FALSE(SwiftBicValid("deutdeff"));     // lower case
  EXPECT_FALSE(SwiftBicValid("DeutDEFF"));
  EXPECT_FALSE(SwiftBicValid("DEUTDEF"));       // 7
  EXPECT_FALSE(SwiftBicValid("DEUTDEFFX"));     // 9
  EXPECT_FALSE(SwiftBicValid("DEUTDEFFXX"));    // 10
  EXPECT_FALSE(SwiftBicValid("DEUTDEFFXXXX"));  // 12
  EXPECT_FALSE(SwiftBicValid("DEUTDEFF-XX"));
}

TEST(SwiftBic, LetterOnlyCodesNeedALabelOrToStandOut) {
  auto in_text = [](std::string_view text, std::string_view bic) {
    const std::size_t b = text.find(bic);
    return SwiftBicInText(text, b, b + bic.size());
  };
  EXPECT_TRUE(in_text("please wire to DEUTDEFF today", "DEUTDEFF"));
  EXPECT_TRUE(in_text("SWIFT: DEUTDEFF", "DEUTDEFF"));
  EXPECT_TRUE(in_text("BENEFICIARY BANK BIC DEUTDEFF", "DEUTDEFF"));
  EXPECT_TRUE(in_text("DEUTDEFF (SWIFT)", "DEUTDEFF"));
  EXPECT_TRUE(in_text("YOUR BANK CHASUS33 IS SET", "CHASUS33"));  // a digit: always
  // All-capitals neighbours and no label: read as a word.
  EXPECT_FALSE(in_text("DEAR CUSTOMER, YOUR BANK", "CUSTOMER"));
  EXPECT_FALSE(in_text("NEW BENEFICIARY ADDED", "BENEFICIARY"));
  EXPECT_FALSE(in_text("TRANSFER TO DEUTDEFF DONE", "DEUTDEFF"));
  // A label too far away does not count.
  EXPECT_FALSE(in_text("SWIFT TRANSFER FOR YOUR ACCOUNT TO CUSTOMER NOW", "CUSTOMER"));
  // Nothing in lower case before it: a headline word (found in real tweets).
  EXPECT_FALSE(in_text("BREAKING : Bank of Canada keeps its rate", "BREAKING"));
  EXPECT_FALSE(in_text("DEUTDEFF is our bank", "DEUTDEFF"));  // the price of that rule
  // Handles and hashtags are never codes, digits or not.
  EXPECT_FALSE(in_text("@AGRYGMER A wireless channel change may help", "AGRYGMER"));
  EXPECT_FALSE(in_text("wire to @CHASUS33", "CHASUS33"));
  EXPECT_FALSE(in_text("wire to #DEUTDEFF", "DEUTDEFF"));
}

TEST(AbaRouting, ChecksumAndDistricts) {
  // Public routing numbers of large banks (printed on their cheques).
  for (std::string_view rtn :
       {"021000021", "011000015", "121000358", "322271627", "026009593", "0260-0959-3"}) {
    EXPECT_TRUE(AbaRoutingValid(rtn)) << rtn;
  }
  EXPECT_FALSE(AbaRoutingValid("021000022"));  // checksum
  EXPECT_FALSE(AbaRoutingValid("012000021"));  // transposed digits
  EXPECT_TRUE(AbaRoutingValid("012000027"));   // (its valid neighbour)
  EXPECT_FALSE(AbaRoutingValid("000000000"));  // checksum holds; one digit repeated
  // Checksum-valid but outside the Federal Reserve ranges.
  EXPECT_FALSE(AbaRoutingValid("131000021"));    // 13
  EXPECT_FALSE(AbaRoutingValid("201000029"));    // 20
  EXPECT_FALSE(AbaRoutingValid("331000025"));    // 33
  EXPECT_FALSE(AbaRoutingValid("601000027"));    // 60
  EXPECT_FALSE(AbaRoutingValid("731000023"));    // 73
  EXPECT_FALSE(AbaRoutingValid("811000024"));    // 81
  EXPECT_FALSE(AbaRoutingValid("921000024"));    // 92
  EXPECT_FALSE(AbaRoutingValid("02100002"));     // 8 digits
  EXPECT_FALSE(AbaRoutingValid("0210000210"));   // 10 digits
  EXPECT_FALSE(AbaRoutingValid("021-000-021"));  // not the dddd-dddd-d layout
  EXPECT_FALSE(AbaRoutingValid("0210 0002 1"));
  EXPECT_FALSE(AbaRoutingValid("02100002a"));
}

TEST(Bitcoin, Base58Check) {
  // BIP-173's example key hash, as a P2PKH address (made by the script).
  EXPECT_TRUE(BitcoinBase58Valid("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"));
  EXPECT_TRUE(BitcoinBase58Valid(kP2pkh));
  EXPECT_TRUE(BitcoinBase58Valid(kP2sh));
  EXPECT_TRUE(BitcoinBase58Valid("1VgZhCXq9FmUvMg8fwL9hy5ikeae4xcvc"));     // 33 characters
  EXPECT_FALSE(BitcoinBase58Valid("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMh"));   // one case flip
  EXPECT_FALSE(BitcoinBase58Valid("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAM"));    // one short
  EXPECT_FALSE(BitcoinBase58Valid("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMHH"));  // one long
  EXPECT_FALSE(BitcoinBase58Valid("11BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"));  // extra leading 1
  EXPECT_FALSE(BitcoinBase58Valid("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SA0H"));   // '0' is not base58
  EXPECT_FALSE(BitcoinBase58Valid("n2Wny8sFv2i4YGdo8h8MoTxEfzQFotKwqL"));   // testnet version
  EXPECT_FALSE(BitcoinBase58Valid("LcZeUHxV4SyK12f4ygvTSXox9qg2P3cpbw"));   // Litecoin version
  EXPECT_FALSE(BitcoinBase58Valid(std::string(34, '1')));                   // all zero bytes
  EXPECT_FALSE(BitcoinBase58Valid(std::string(35, 'z')));                   // overflows 25 bytes
  EXPECT_FALSE(
      BitcoinBase58Valid("1\xff"
                         "gGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"));
}

TEST(Bitcoin, Bech32AndBech32m) {
  EXPECT_TRUE(BitcoinBech32Valid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));  // BIP-173
  EXPECT_TRUE(BitcoinBech32Valid("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"));
  EXPECT_TRUE(BitcoinBech32Valid(
      "bc1qjyzf5d7f6z2s4w6c083k7wyenyylmusxat8crn3gc9h9tydgcststywgs2"));  // v0, 32 bytes
  EXPECT_TRUE(BitcoinBech32Valid(
      "bc1ph3jmk368g6aq8t8qavxytw25ju3rwpydw046m2j30chxcdtk8yeqxfzftn"));          // v1 (taproot)
  EXPECT_FALSE(BitcoinBech32Valid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"));  // checksum
  EXPECT_FALSE(BitcoinBech32Valid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8f3t4"));  // mixed case
  EXPECT_FALSE(BitcoinBech32Valid("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7k8e76x7"));  // v1, bech32
  EXPECT_FALSE(BitcoinBech32Valid("bc1q2s36pk3ap8pjfeal4mp0yw65v65lafrzrepeaf"));  // v0, bech32m
  EXPECT_FALSE(BitcoinBech32Valid(
      "bc1qrxpq4f78quw3k0pqdnc84vu0sl0wggjdsznt5cwhg2vcsx"));  // v0 with 25 bytes
  EXPECT_FALSE(BitcoinBech32Valid("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"));  // testnet
  EXPECT_FALSE(BitcoinBech32Valid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kb8f3t4"));  // 'b' not bech32
  EXPECT_FALSE(BitcoinBech32Valid("bc1q"));
  EXPECT_FALSE(BitcoinBech32Valid(std::string("bc1q") + std::string(90, 'q')));  // over 90
}

TEST(Ethereum, FormOnly) {
  EXPECT_TRUE(EthereumAddressValid("0x4daa1f6bd7e0bc4035a601e72d5afaa039d0a23d"));
  EXPECT_TRUE(EthereumAddressValid("0x4DAA1F6BD7E0BC4035A601E72D5AFAA039D0A23D"));
  EXPECT_TRUE(EthereumAddressValid("0x4dAA1f6bD7e0bc4035a601e72d5afaa039d0a23D"));  // unchecked
  EXPECT_FALSE(EthereumAddressValid("0x0000000000000000000000000000000000000000"));
  EXPECT_FALSE(EthereumAddressValid("0xffffffffffffffffffffffffffffffffffffffff"));
  EXPECT_FALSE(EthereumAddressValid("0x4daa1f6bd7e0bc4035a601e72d5afaa039d0a23"));
  EXPECT_FALSE(EthereumAddressValid("0x4daa1f6bd7e0bc4035a601e72d5afaa039d0a23dd"));
  EXPECT_FALSE(EthereumAddressValid("0X4daa1f6bd7e0bc4035a601e72d5afaa039d0a23d"));
  EXPECT_FALSE(EthereumAddressValid("0x4daa1f6bd7e0bc4035a601e72d5afaa039d0a2g3"));
}

TEST(FinancialRegistry, NamesResolveToTheFamilysFunctions) {
  for (std::string_view name : {"unionpay_card", "iban", "swift_bic", "aba_routing",
                                "bitcoin_base58", "bitcoin_bech32", "ethereum_address"}) {
    auto v = ParseValidator(name);
    ASSERT_TRUE(v.has_value()) << name;
    EXPECT_EQ(ValidatorName(*v), name);
  }
  // Validate dispatches with neighbours: glued to more digits, an IBAN is not one.
  const std::string text = "DE89370400440532013000-12";
  EXPECT_FALSE(Validate(*ParseValidator("iban"), text, 0, 22));
  EXPECT_TRUE(Validate(*ParseValidator("iban"), "DE89370400440532013000.", 0, 22));
  EXPECT_FALSE(Validate(*ParseValidator("aba_routing"), "1-021000021", 2, 11));
  EXPECT_TRUE(Validate(*ParseValidator("aba_routing"), "# 021000021", 2, 11));
}

// ---------------------------------------------------------------------------
// Messages through the shipped catalog
// ---------------------------------------------------------------------------

struct Case {
  const char* text;
  const char* span;
};

// clang-format off
const Case kCardPositives[] = {
    {"Card number is 4064 2064 2301 7209, expiry 08/27.",
     "4064 2064 2301 7209"},
    {"pls charge 4368816909995 for the deposit",
     "4368816909995"},
    {"new debit card 4039-7037-6009-6807-840 arrived today",
     "4039-7037-6009-6807-840"},
    {"my mastercard: 5390939057639904 cvv in next msg",
     "5390939057639904"},
    {"MC 2331 0826 5916 4440 exp 11/26",
     "2331 0826 5916 4440"},
    {"Amex 3700 459230 87578 - use that one",
     "3700 459230 87578"},
    {"Discover card 6011-2637-3341-6430",
     "6011-2637-3341-6430"},
    {"try 6502533807589952400 instead",
     "6502533807589952400"},
    {"JCB card 3566 5786 8523 5967 thanks",
     "3566 5786 8523 5967"},
    {"paid with 3589422462676120463 yesterday",
     "3589422462676120463"},
    {"Diners Club 3649 799544 9440",
     "3649 799544 9440"},
    {"the diners card is 30294749569201",
     "30294749569201"},
    {"card 3802 2757 2446 2561 expired",
     "3802 2757 2446 2561"},
    {"UnionPay debit 6296 6796 2092 3400",
     "6296 6796 2092 3400"},
    {"card no. 6212739077692706980",
     "6212739077692706980"},
    {"my UnionPay card 6228 0573 1433 8033 does not pass Luhn",
     "6228 0573 1433 8033"},
    {"Maestro card 6761 8627 2933",
     "6761 8627 2933"},
    {"maestro 5018669038684727 please",
     "5018669038684727"},
    {"debit card: 6799-7189-0010-1489-180",
     "6799-7189-0010-1489-180"},
    {"Mir card 2203691625550071",
     "2203691625550071"},
    {"UATP card 165965359373037 for the flight",
     "165965359373037"},
    {"test with 4111 1111 1111 1111 please",
     "4111 1111 1111 1111"},
    {"use 5555555555554444 in the sandbox",
     "5555555555554444"},
    {"{\"note\":\"card 4064206423017209\"}",
     "4064206423017209"},
};
// clang-format on

const char* const kCardNegatives[] = {
    "Card number is 4064 2064 2301 7200, expiry 08/27.",
    "visa 47721113630848",
    "amex 3711527087199739",
    "mastercard 536479203015242",
    "JCB 356638995854814",
    "diners 3690774375468",
    "card 4064-2064 2301-7209",
    "card 4064.2064.2301.7209",
    "card 40642 06423 01720 9",
    "order #6011406550669109 shipped",
    "tracking 1Z4679158842358549",
    "call +1 415 555 0100 now",
    "meeting on 2024-11-29 at 10:30",
    "total 1,234,567.89 USD",
    "ts=1732867200000 ok",
    "pi is 3.4064206423017209",
    "order 6761 8627 2933 shipped",
    "ref 6228 0573 1433 8033",
    "card 3128227472528744",
    "card 2180123067032589",
    "card 4444 4444 4444 4444",
    "account 44624067227406935959",
    "IMEI 359437412483860",
    "card 420007949043",
    "version 4.1111.1111.1111",
};

// clang-format off
const Case kIbanPositives[] = {
    {"Please transfer to DE73 3534 5275 4796 0788 15 by Friday.",
     "DE73 3534 5275 4796 0788 15"},
    {"IBAN: FR0826142273144293328798580",
     "FR0826142273144293328798580"},
    {"pay into GB98 JJGV 9964 3663 9009 65 thanks",
     "GB98 JJGV 9964 3663 9009 65"},
    {"rekening NL78UBLA3635985301",
     "NL78UBLA3635985301"},
    {"mi cuenta es ES11 8659 2014 6009 1104 9424",
     "ES11 8659 2014 6009 1104 9424"},
    {"conto IT94D7538326295889427202838 grazie",
     "IT94D7538326295889427202838"},
    {"BE21 0167 6434 6761 is my account",
     "BE21 0167 6434 6761"},
    {"IBAN CH87 3144 5632 5987 9567 1 (UBS)",
     "CH87 3144 5632 5987 9567 1"},
    {"Konto: AT703411501387633873.",
     "AT703411501387633873"},
    {"przelew na PL55 4162 2080 2740 1483 7095 1724",
     "PL55 4162 2080 2740 1483 7095 1724"},
    {"send to SE2242834106781865404678",
     "SE2242834106781865404678"},
    {"konto NO18 5133 2285 935",
     "NO18 5133 2285 935"},
    {"iban ie25 jtaf 6785 5267 9285 47",
     "ie25 jtaf 6785 5267 9285 47"},
    {"NIB/IBAN PT95165776815848293299475",
     "PT95165776815848293299475"},
    {"SA account SA21 8406 8284 8422 4197 5503",
     "SA21 8406 8284 8422 4197 5503"},
    {"wire to AE833852342392632649480, ref INV-22",
     "AE833852342392632649480"},
    {"conta BR28 4203 4205 3230 1906 7686 6610 9",
     "BR28 4203 4205 3230 1906 7686 6610 9"},
    {"Malta: MT38 FFHR 3244 6775 5229 5616 0112 926",
     "MT38 FFHR 3244 6775 5229 5616 0112 926"},
    {"RU6807398730503145310136007914677",
     "RU6807398730503145310136007914677"},
    {"beneficiary LC33 XHGS 4644 7942 5092 9450 8290 9203",
     "LC33 XHGS 4644 7942 5092 9450 8290 9203"},
    {"IBAN XK572456388068153983",
     "XK572456388068153983"},
    {"acct YE89 QKMH 5995 5068 5139 7634 2817 64",
     "YE89 QKMH 5995 5068 5139 7634 2817 64"},
    {"tilinumero fi9657174078948681",
     "fi9657174078948681"},
    {"{\"iban\":\"DK1629409294653996\"}",
     "DK1629409294653996"},
};
// clang-format on

const char* const kIbanNegatives[] = {
    "Please transfer to DE74 3534 5275 4796 0788 15 by Friday.",
    "IBAN: FR082614227314429332879858",
    "IBAN: DE733534527547960788150",
    "IBAN US73353452754796078815",
    "IBAN ZZ73353452754796078815",
    "IBAN Gb98 jjgv 9964 3663 9009 65",
    "IBAN DE73 35345 27547 96078 815",
    "IBAN DE73  3534  5275  4796  0788  15",
    "order AB12 3456 7890 1234 5 shipped",
    "postcode SW1A 1AA, London",
    "version DE12.3.4 released",
    "BBAN only: 353452754796078815",
    "ref DE73353452754796078815-77",
    "IBAN DE00353452754796078815",
    "IBAN DE99353452754796078815",
    "tracking DE1234567890123456789012",
    "serial NL12ABCD3456789012 in stock",
    "flight LH1234567890123 on time",
    "code DE73353452754796O78815",
    "IBAN BE21 0167 6434 676",
    "date 2024-11-29 amount 1200.00 EUR",
    "IBAN NO18 51332285935",
};

// clang-format off
const Case kBicPositives[] = {
    {"SWIFT: DEUTDEFF",
     "DEUTDEFF"},
    {"BIC COBADEFFXXX",
     "COBADEFFXXX"},
    {"wire it to CHASUS33 please",
     "CHASUS33"},
    {"the bank code is NWBKGB2L",
     "NWBKGB2L"},
    {"SWIFT/BIC: UBSWCHZH80A",
     "UBSWCHZH80A"},
    {"Bank: BNP Paribas, BIC BNPAFRPP",
     "BNPAFRPP"},
    {"swift code BOFAUS3N for the transfer",
     "BOFAUS3N"},
    {"ING Amsterdam, BIC INGBNL2A",
     "INGBNL2A"},
    {"transfer via RABONL2U tomorrow",
     "RABONL2U"},
    {"beneficiary bank HSBCHKHHHKH",
     "HSBCHKHHHKH"},
    {"send the wire to MIDLGB22 today",
     "MIDLGB22"},
    {"SWIFT BKCHCNBJ110",
     "BKCHCNBJ110"},
    {"our bank is ABNANL2A",
     "ABNANL2A"},
    {"please use SOGEFRPP for the transfer",
     "SOGEFRPP"},
    {"BIC: GENODEF1M04",
     "GENODEF1M04"},
    {"The BIC of the bank is BARCGB22.",
     "BARCGB22"},
    {"wire transfer to CITIUS33XXX",
     "CITIUS33XXX"},
    {"remittance to SBININBB104",
     "SBININBB104"},
    {"ICBKCNBJ (SWIFT) for the wire",
     "ICBKCNBJ"},
    {"bank transfer: SMBCJPJT",
     "SMBCJPJT"},
    {"SEPA: BIC PBNKDEFF, IBAN follows",
     "PBNKDEFF"},
    {"{\"bank_bic\":\"DEUTDEDBBER\",\"note\":\"wire\"}",
     "DEUTDEDBBER"},
};
// clang-format on

const char* const kBicNegatives[] = {
    "DEUTDEFF",
    "we met at DEUTDEFF headquarters",
    "SWIFT: DEUTXXFF",
    "SWIFT: DEUTDE0F",
    "SWIFT: DEUTDE1F",
    "SWIFT: DEUTDEFO",
    "SWIFT: COBADEFFXYZ",
    "swift: deutdeff",
    "SWIFT: DeutDeFF",
    "SWIFT: DEUTDEFFX",
    "SWIFT: DEUTDEFFXX",
    "DEAR CUSTOMER, YOUR BANK TRANSFER HAS BEEN RECEIVED",
    "BANK ALERT: BENEFICIARY ADDED TO YOUR ACCOUNT",
    "YOUR BUSINESS ACCOUNT WIRE IS PENDING",
    "BANK NOTICE: DEPOSITS VERIFIED TODAY",
    "WIRE TRANSFER TO HOSPITAL COMPLETE",
    "YOUR CHECKING ACCOUNT AT THE BANK",
    "bank transfer ref 12345678",
    "bank transfer ref DEUT1EFF",
    "wire to DEUTDEFF2",
    "bank DE89DEFF ok",
    "SWIFT: QQQQZZFF",
};

// clang-format off
const Case kAbaPositives[] = {
    {"Routing number: 024161624",
     "024161624"},
    {"ABA 010816585, account 12345678",
     "010816585"},
    {"routing 031451181",
     "031451181"},
    {"RTN 044556167 for direct deposit",
     "044556167"},
    {"056024975 is the routing no.",
     "056024975"},
    {"ACH routing: 060604983",
     "060604983"},
    {"transit number 077969080",
     "077969080"},
    {"ABA routing 081581328-",
     "081581328"},
    {"routing #098987452",
     "098987452"},
    {"wire: routing 107766250 acct 998877",
     "107766250"},
    {"ABA=113876862",
     "113876862"},
    {"(routing 121106964)",
     "121106964"},
    {"routing number 005577486",
     "005577486"},
    {"routing: 217881559",
     "217881559"},
    {"my routing number is 263788185 thanks",
     "263788185"},
    {"RTN: 326283954",
     "326283954"},
    {"electronic routing 614014107",
     "614014107"},
    {"ACH 672351462",
     "672351462"},
    {"routing 725683472",
     "725683472"},
    {"traveler cheques routing 803480144",
     "803480144"},
    {"ABA 2212-7889-9",
     "2212-7889-9"},
    {"{\"routing\":\"317931781\"}",
     "317931781"},
};
// clang-format on

const char* const kAbaNegatives[] = {
    "024161624",
    "order 010816585 shipped",
    "routing number 031451182",
    "routing number 044556168",
    "routing 131000028",
    "routing 201000025",
    "routing 331000023",
    "routing 731000029",
    "routing 811000022",
    "routing 000000000",
    "routing 1056024975",
    "routing 06060498",
    "routing 2024-077969080",
    "routing 081581328.5",
    "routing 098-98-7452",
    "routing desk: call 415-555-0100",
    "routing ZIP 94105-1234",
    "routing on 2024-11-29",
    "transit fare 12.50 USD",
    "routing 1077 6625 0",
    "routing ID113876862",
    "the aba therapist, invoice 121106965",
};

// clang-format off
const Case kCryptoPositives[] = {
    {"send 0.05 BTC to 1EfNTEbg5JcghZNxvjaQXiBfTdKc48jsh5",
     "1EfNTEbg5JcghZNxvjaQXiBfTdKc48jsh5"},
    {"my bitcoin address: 19GviGQrxrATniDKVa7Qj51YwVJEKRxhUY",
     "19GviGQrxrATniDKVa7Qj51YwVJEKRxhUY"},
    {"1QHsbkTKuUECVaMVzCPLcRxJVDTS5mybLG",
     "1QHsbkTKuUECVaMVzCPLcRxJVDTS5mybLG"},
    {"pay 1ETRSu3wafrYQ2YGJSGBTvJffvo9w546kz asap",
     "1ETRSu3wafrYQ2YGJSGBTvJffvo9w546kz"},
    {"wallet=1PzzRVLmhB8RsJVdCxKoramLz3qMMB5u6q;",
     "1PzzRVLmhB8RsJVdCxKoramLz3qMMB5u6q"},
    {"(1BRELabDG7RtXfJ8YwrNF2H6AerfcUP4AA)",
     "1BRELabDG7RtXfJ8YwrNF2H6AerfcUP4AA"},
    {"multisig 38GTfEauHZNDavn4jDrsmBXLn526ttGcUG",
     "38GTfEauHZNDavn4jDrsmBXLn526ttGcUG"},
    {"deposit to 3KpnXgFUZgLVqs1R9ik6ZfT3r2EPbWVAtN",
     "3KpnXgFUZgLVqs1R9ik6ZfT3r2EPbWVAtN"},
    {"BTC: 32PFd7pVtoA1seDQhV2buxAoXo7J5BbY44.",
     "32PFd7pVtoA1seDQhV2buxAoXo7J5BbY44"},
    {"3PGatXGdKtyxfWH5JEMGE53jk1BxpoMosu is mine",
     "3PGatXGdKtyxfWH5JEMGE53jk1BxpoMosu"},
    {"addr 3CwtxFMqK2CNYmFNPutcuEMi77EwqgRDVM",
     "3CwtxFMqK2CNYmFNPutcuEMi77EwqgRDVM"},
    {"segwit bc1qayu9sg42cw8hv3uym069l7yfckj9njd4z3hm9w",
     "bc1qayu9sg42cw8hv3uym069l7yfckj9njd4z3hm9w"},
    {"send to bc1q65cd82vhznduj3vjcffrx3ch83td8vnvrlzgjp please",
     "bc1q65cd82vhznduj3vjcffrx3ch83td8vnvrlzgjp"},
    {"QR: BC1QE3SPCT06J3HV9GGJWECA52KU0GSAHAE69Z0NHP",
     "BC1QE3SPCT06J3HV9GGJWECA52KU0GSAHAE69Z0NHP"},
    {"p2wsh bc1q3em52zkzrpttcvwedtmus8fdxkc5l2wsw3w4js3glp58nvfrhkfq9ty8eu",
     "bc1q3em52zkzrpttcvwedtmus8fdxkc5l2wsw3w4js3glp58nvfrhkfq9ty8eu"},
    {"bc1qlknmrfy4kjmejjykt7hwhrwg7lhu5gvqgdq0wf3le2u6dz379lyqqj368f",
     "bc1qlknmrfy4kjmejjykt7hwhrwg7lhu5gvqgdq0wf3le2u6dz379lyqqj368f"},
    {"taproot bc1p39c8qm005g9el96kukvm4vhzan7y6uryulhug8kj7lvqfn7pnmzs0s4gnn",
     "bc1p39c8qm005g9el96kukvm4vhzan7y6uryulhug8kj7lvqfn7pnmzs0s4gnn"},
    {"new address bc1pzurdurh7pa8g420zrgc8lj7hk7y2yaw6n4k3f9tpnklvtl202nnqhdgg3u!",
     "bc1pzurdurh7pa8g420zrgc8lj7hk7y2yaw6n4k3f9tpnklvtl202nnqhdgg3u"},
    {"bitcoin:bc1pa2k6clq5f0kt3e3kkkz05gtsc0f5m6wxczzlgxxsl2wa5uqfdvvsrhxf9x?amount=0.1",
     "bc1pa2k6clq5f0kt3e3kkkz05gtsc0f5m6wxczzlgxxsl2wa5uqfdvvsrhxf9x"},
    {"my ETH address: 0x46f136491aeaf7b7015c3792e1d772cb981cec43",
     "0x46f136491aeaf7b7015c3792e1d772cb981cec43"},
    {"send USDT (ERC-20) to 0x54d6015f750a4376339debbdee1f8c12097e48b7",
     "0x54d6015f750a4376339debbdee1f8c12097e48b7"},
    {"metamask wallet 0x9B8A4C1dFB2c766F4C2B3bB458f1dBc222f51C81",
     "0x9B8A4C1dFB2c766F4C2B3bB458f1dBc222f51C81"},
    {"0x0f7074e33b7091d2080713627ab784867b3712e8 is my ethereum wallet",
     "0x0f7074e33b7091d2080713627ab784867b3712e8"},
    {"deposit address 0x09AD518A449028B13A83A6E26F069866F9C26CE1",
     "0x09AD518A449028B13A83A6E26F069866F9C26CE1"},
};
// clang-format on

const char* const kCryptoNegatives[] = {
    "send 0.05 BTC to 1EfNTEbg5JcghZNxvjaQXiBfTdKc48j2h5",
    "send to 38GTfEauHZ2Davn4jDrsmBXLn526ttGcUG",
    "address 19GviGQrxrATniDKVa7Qj51YwVJEKRxhU",
    "address 19GviGQrxrATniDKVa7Qj51YwVJEKRxhUY2",
    "address n2Wny8sFv2i4YGdo8h8MoTxEfzQFotKwqL",
    "address LcZeUHxV4SyK12f4ygvTSXox9qg2P3cpbw",
    "address 1vLDzyqbdsytkjsfedz88igeQVkjqEGBdX",
    "address 1QHsb0TKuUECVaMVzCPLcRxJVDTS5mybLG",
    "segwit bc1qayu9sg42cw8hv3uym069l7yfckj9njd4z3h29w",
    "segwit bc1q65cd82VHZNDUJ3VJCFFRX3CH83TD8VNVRLZGJP",
    "segwit bc1p80l8t2pysre0q0ax0tdgwyj5p8g6lj03pvmrjatnwdnurmrnxm8say76dt",
    "segwit bc1q2s36pk3ap8pjfeal4mp0yw65v65lafrzrepeaf",
    "segwit bc1qrxpq4f78quw3k0pqdnc84vu0sl0wggjdsznt5cwhg2vcsx",
    "testnet tb1q5sdhw7nn392mpsr260xw7wknrdl2a9sdu2r4vy",
    "0x46f136491aeaf7b7015c3792e1d772cb981cec43",
    "tx hash 0x944f76c42e3e9330e29dd2d6168432e1f65cd923ff4ee103fe284d9a2f8f326c",
    "wallet 0x428477c8d78524f5b348842c8f8869a791366c7",
    "wallet 0xaffcb8dc7f9b64e9c404a78b68cfbd3616b93ee4a",
    "wallet 0x0000000000000000000000000000000000000000",
    "commit 676ddfec5f3f17bb6d8e31a155c1b75e681c82dd on main",
    "sha256 5d5e70638adcce549f59c6e0bef2d4d0bcb85952a2d9e6849b0a608ecd486e61",
    "version 1.2.3 build 3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "order 1234567890123456789012345678",
    "wallet 0xc9517e8d8bf68c6056d6g0d028f88a6d7172a2af",
};

static_assert(std::size(kCardPositives) >= 20 && std::size(kCardNegatives) >= 20);
static_assert(std::size(kIbanPositives) >= 20 && std::size(kIbanNegatives) >= 20);
static_assert(std::size(kBicPositives) >= 20 && std::size(kBicNegatives) >= 20);
static_assert(std::size(kAbaPositives) >= 20 && std::size(kAbaNegatives) >= 20);
static_assert(std::size(kCryptoPositives) >= 20 && std::size(kCryptoNegatives) >= 20);

// One classifier per engine over the shipped catalog, shared by the tests.
class FinancialCatalog : public ::testing::TestWithParam<PiiEngine> {
 protected:
  static void SetUpTestSuite() {
    for (PiiEngine engine :
         {PiiEngine::kHyperscanSom, PiiEngine::kPrefilterRe2, PiiEngine::kRe2Set}) {
      PiiClassifierOptions options;
      options.engine = engine;
      auto c = PiiClassifier::Create(std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii", options);
      ASSERT_TRUE(c.ok()) << c.status().ToString();
      classifiers_[static_cast<int>(engine)] = *c;
    }
  }
  static void TearDownTestSuite() {
    for (auto& c : classifiers_) c.reset();
  }

  // The spans of findings of `type` in `text`.
  std::vector<std::string> Spans(std::string_view text, EntityType type) {
    const auto& classifier = classifiers_[static_cast<int>(GetParam())];
    EXPECT_TRUE(classifier);
    if (!classifier) return {};
    auto scratch = classifier->NewScratch();
    EXPECT_TRUE(scratch.ok());
    std::vector<Finding> found;
    Status st = classifier->Classify(text, FieldHint{}, **scratch, found);
    EXPECT_TRUE(st.ok()) << st.ToString();
    std::vector<std::string> out;
    for (const Finding& f : found) {
      if (f.type == type) out.emplace_back(text.substr(f.begin, f.end - f.begin));
    }
    return out;
  }

  template <std::size_t N>
  void ExpectFound(const Case (&cases)[N], EntityType type) {
    for (const Case& c : cases) {
      EXPECT_EQ(Spans(c.text, type), std::vector<std::string>{c.span}) << c.text;
    }
  }

  template <std::size_t N>
  void ExpectNone(const char* const (&texts)[N], EntityType type) {
    for (const char* text : texts) {
      EXPECT_EQ(Spans(text, type), std::vector<std::string>{}) << text;
    }
  }

  static std::shared_ptr<const PiiClassifier> classifiers_[3];
};

std::shared_ptr<const PiiClassifier> FinancialCatalog::classifiers_[3];

TEST_P(FinancialCatalog, CreditCards) {
  ExpectFound(kCardPositives, EntityType::kCreditCard);
  ExpectNone(kCardNegatives, EntityType::kCreditCard);
}

TEST_P(FinancialCatalog, Ibans) {
  ExpectFound(kIbanPositives, EntityType::kIban);
  ExpectNone(kIbanNegatives, EntityType::kIban);
}

TEST_P(FinancialCatalog, SwiftBics) {
  ExpectFound(kBicPositives, EntityType::kSwiftBic);
  ExpectNone(kBicNegatives, EntityType::kSwiftBic);
}

TEST_P(FinancialCatalog, AbaRoutingNumbers) {
  ExpectFound(kAbaPositives, EntityType::kAbaRoutingNumber);
  ExpectNone(kAbaNegatives, EntityType::kAbaRoutingNumber);
}

TEST_P(FinancialCatalog, CryptoWallets) {
  ExpectFound(kCryptoPositives, EntityType::kCrypto);
  ExpectNone(kCryptoNegatives, EntityType::kCrypto);
}

// The types do not steal each other's values: each positive sentence yields
// no finding of the other financial types.
TEST_P(FinancialCatalog, NoCrossTypeFindings) {
  const EntityType kTypes[] = {EntityType::kCreditCard, EntityType::kIban, EntityType::kSwiftBic,
                               EntityType::kAbaRoutingNumber, EntityType::kCrypto};
  auto check = [&](const auto& cases, EntityType own) {
    for (const Case& c : cases) {
      for (EntityType t : kTypes) {
        if (t == own) continue;
        EXPECT_EQ(Spans(c.text, t), std::vector<std::string>{})
            << c.text << " as " << EntityTypeName(t);
      }
    }
  };
  check(kCardPositives, EntityType::kCreditCard);
  check(kIbanPositives, EntityType::kIban);
  check(kBicPositives, EntityType::kSwiftBic);
  check(kAbaPositives, EntityType::kAbaRoutingNumber);
  check(kCryptoPositives, EntityType::kCrypto);
}

// Several identifiers in one message: each found, sorted, none overlapping.
TEST_P(FinancialCatalog, OneMessageWithEverything) {
  const std::string text =
      "Hi! Pay by card 4111 1111 1111 1111 or wire to IBAN DE89 3704 0044 0532 0130 00, "
      "BIC COBADEFFXXX (US: routing 021000021), or BTC bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4.";
  EXPECT_EQ(Spans(text, EntityType::kCreditCard), std::vector<std::string>{"4111 1111 1111 1111"});
  EXPECT_EQ(Spans(text, EntityType::kIban),
            std::vector<std::string>{"DE89 3704 0044 0532 0130 00"});
  EXPECT_EQ(Spans(text, EntityType::kSwiftBic), std::vector<std::string>{"COBADEFFXXX"});
  EXPECT_EQ(Spans(text, EntityType::kAbaRoutingNumber), std::vector<std::string>{"021000021"});
  EXPECT_EQ(Spans(text, EntityType::kCrypto),
            std::vector<std::string>{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"});
}

INSTANTIATE_TEST_SUITE_P(Engines, FinancialCatalog,
                         ::testing::Values(PiiEngine::kHyperscanSom, PiiEngine::kPrefilterRe2,
                                           PiiEngine::kRe2Set),
                         [](const ::testing::TestParamInfo<PiiEngine>& info) {
                           return std::string(PiiEngineName(info.param));
                         });

}  // namespace
}  // namespace scrubline
