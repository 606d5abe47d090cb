// Validators for banking and payment identifiers: payment cards, IBAN, SWIFT/BIC, ABA routing
// numbers, crypto wallets.
//
// This family contributes SCRUBLINE_PII_FINANCIAL_VALIDATORS(X) to the
// registry in validators.h: X(enumerator, catalog name, ValidatorFn) where
// the function has the signature of ValidatorFn (whole text + span, so it
// may look at neighbouring bytes). Like every validator: pure, thread-safe,
// allocation-free (stack buffers only; SHA-256 runs on a per-thread OpenSSL
// context made once per thread), linear in the span, safe on any bytes.
//
// The card rules behind the core "credit_card" validator (CreditCardValid in
// validators.h) live here too, in PaymentCardValid: CreditCardValid is
// PaymentCardValid(s, CardChecksum::kLuhn).
#pragma once

#include <cstddef>
#include <string_view>

namespace scrubline {

#define SCRUBLINE_PII_FINANCIAL_VALIDATORS(X)              \
  X(kUnionPayCard, "unionpay_card", UnionPayCardInText)    \
  X(kIban, "iban", IbanInText)                             \
  X(kSwiftBic, "swift_bic", SwiftBicInText)                \
  X(kAbaRouting, "aba_routing", AbaRoutingInText)          \
  X(kBitcoinBase58, "bitcoin_base58", BitcoinBase58InText) \
  X(kBitcoinBech32, "bitcoin_bech32", BitcoinBech32InText) \
  X(kEthereumAddress, "ethereum_address", EthereumAddressInText)

bool UnionPayCardInText(std::string_view text, std::size_t begin, std::size_t end);
bool IbanInText(std::string_view text, std::size_t begin, std::size_t end);
bool SwiftBicInText(std::string_view text, std::size_t begin, std::size_t end);
bool AbaRoutingInText(std::string_view text, std::size_t begin, std::size_t end);
bool BitcoinBase58InText(std::string_view text, std::size_t begin, std::size_t end);
bool BitcoinBech32InText(std::string_view text, std::size_t begin, std::size_t end);
bool EthereumAddressInText(std::string_view text, std::size_t begin, std::size_t end);

// --- The individual checks, on the candidate alone (unit-testable). ---

enum class CardChecksum : unsigned char { kLuhn, kNone };

// A payment card number (PAN):
//  - 12-19 digits, unseparated or in a printed grouping with one separator
//    kind (' ' or '-'): 4-4-4-4[-1..3], 4-4-4-1..4, 4-4-5 and 4-4-4-5/6
//    (13, 17 and 18 digits), 4-6-5 (Amex), 4-6-4 (Diners); not one digit
//    repeated;
//  - the Luhn check unless `checksum` is kNone;
//  - the issuer's lengths where the prefix (IIN) names one, first match wins:
//      Visa 4: 13, 16, 19          Mastercard 51-55, 2221-2720: 16
//      Mir 2200-2204: 16-19        Amex 34, 37: 15
//      JCB 3528-3589: 16-19        Diners 300-305, 3095, 36, 38-39: 14-19
//      Discover 6011, 644-649, 65: 16-19
//      UnionPay 62: 16-19          Maestro 50, 56-69 (the rest of 6): 12-19
//      UATP 1: 15
//    other 2- and 3-series prefixes fail; a prefix of 0, 7, 8 or 9 (no
//    major network) passes on 13-19 digits, grouping and checksum alone.
// Only Maestro may be 12 digits long. Documented test numbers are valid
// structure and pass: an allow list is policy, not structure.
bool PaymentCardValid(std::string_view s, CardChecksum checksum);

// A UnionPay card (IIN 62, 16-19 digits, card grouping) WITHOUT the Luhn
// check: UnionPay does not require Luhn and some of its cards fail it. The
// catalog pairs it with required UnionPay context words; Luhn-valid UnionPay
// numbers are found by the ordinary credit_card entries.
bool UnionPayCardValid(std::string_view s);

// An IBAN (ISO 13616): country code of the SWIFT IBAN registry (built-in
// table of 89 countries with their IBAN lengths), check digits 02-98 and the
// ISO 7064 MOD 97-10 check over the rearranged string. Written compact or in
// groups of 4 separated by single spaces (the last group 1-4 characters).
// Letters all upper case or all lower case ("de89 3704 ..." as typed in a
// chat is accepted; "De89..." mixing cases is not).
bool IbanValid(std::string_view s);

// A SWIFT/BIC code (ISO 9362): 4 letters (institution), an ISO 3166-1
// alpha-2 country (or XK), a 2-character location (first not '0'/'1',
// second not the letter 'O'), optionally a 3-character branch ("XXX" is the
// only branch starting with 'X'). Upper case only; 8 or 11 characters.
bool SwiftBicValid(std::string_view s);

// A US ABA routing transit number: 9 digits, unseparated or printed
// "dddd-dddd-d"; first two digits 00-12, 21-32, 61-72 or 80 (Federal Reserve
// districts, thrift, electronic and traveler's-cheque ranges); the 3-7-1
// weighted checksum is 0 mod 10; not one digit repeated.
bool AbaRoutingValid(std::string_view s);

// A Bitcoin legacy address: base58 (no 0, O, I, l), 26-35 characters,
// decoding to exactly 25 bytes = version + 20-byte hash + 4-byte checksum,
// version 0x00 (P2PKH, "1...") or 0x05 (P2SH, "3..."), the checksum the
// first 4 bytes of SHA-256(SHA-256(version + hash)) (OpenSSL).
bool BitcoinBase58Valid(std::string_view s);

// A Bitcoin SegWit address (BIP-173/BIP-350): "bc1" + data in the bech32
// alphabet, all lower or all upper case, at most 90 characters; witness
// version 0 with a 20- or 32-byte program and the bech32 checksum, or
// version 1-16 with a 2-40-byte program and the bech32m checksum.
bool BitcoinBech32Valid(std::string_view s);

// An Ethereum address by form: "0x" + 40 hex digits, not one digit repeated
// (the zero address is a burn address, not a person's). The EIP-55
// mixed-case checksum needs Keccak-256, which OpenSSL 3.0 lacks, so mixed
// case is accepted unchecked.
bool EthereumAddressValid(std::string_view s);

}  // namespace scrubline
