// Unit tests of the PII validators: checksums, ranges and structure, on the
// candidate alone and with its neighbouring bytes.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

TEST(Validators, NamesRoundTrip) {
  for (auto v : {Validator::kNone, Validator::kLuhn, Validator::kCreditCard, Validator::kIpv4,
                 Validator::kIpv6, Validator::kEmail, Validator::kPhone, Validator::kUsSsn}) {
    auto parsed = ParseValidator(ValidatorName(v));
    ASSERT_TRUE(parsed.has_value()) << ValidatorName(v);
    EXPECT_EQ(*parsed, v);
    EXPECT_NE(ValidatorNames().find(ValidatorName(v)), std::string_view::npos);
  }
  EXPECT_FALSE(ParseValidator("Luhn").has_value());
  EXPECT_FALSE(ParseValidator("").has_value());
}

TEST(Luhn, KnownNumbers) {
  EXPECT_TRUE(LuhnValid("79927398713"));  // the textbook example
  EXPECT_TRUE(LuhnValid("4111111111111111"));
  EXPECT_TRUE(LuhnValid("4111 1111 1111 1111"));  // separators ignored
  EXPECT_TRUE(LuhnValid("0"));
  EXPECT_FALSE(LuhnValid("79927398710"));
  EXPECT_FALSE(LuhnValid("4111111111111112"));
  EXPECT_FALSE(LuhnValid(""));
  EXPECT_FALSE(LuhnValid("abc"));
  // Every single-digit change of a valid number is caught.
  std::string n = "4012888888881881";
  for (std::size_t i = 0; i < n.size(); ++i) {
    std::string m = n;
    m[i] = static_cast<char>('0' + (m[i] - '0' + 1) % 10);
    EXPECT_FALSE(LuhnValid(m)) << m;
  }
}

TEST(CreditCard, IssuerLengthsAndGrouping) {
  EXPECT_TRUE(CreditCardValid("4111111111111111"));   // Visa 16
  EXPECT_TRUE(CreditCardValid("4222222222222"));      // Visa 13
  EXPECT_TRUE(CreditCardValid("5555555555554444"));   // Mastercard
  EXPECT_TRUE(CreditCardValid("2223003122003222"));   // Mastercard 2-series
  EXPECT_TRUE(CreditCardValid("378282246310005"));    // Amex 15
  EXPECT_TRUE(CreditCardValid("3782 822463 10005"));  // Amex printed 4-6-5
  EXPECT_TRUE(CreditCardValid("6011000990139424"));   // Discover
  EXPECT_TRUE(CreditCardValid("6011-0009-9013-9424"));
  EXPECT_TRUE(CreditCardValid("3530111333300000"));  // JCB: other prefix, Luhn only
  EXPECT_TRUE(CreditCardValid("3056 930902 5904"));  // Diners 4-6-4

  EXPECT_FALSE(CreditCardValid("4111111111111112"));      // Luhn
  EXPECT_FALSE(CreditCardValid("41111111111114"));        // Visa 14 digits (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("5555555555554"));         // Mastercard 13 digits (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("37828224631003"));        // Amex 14 (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("2100000000000005"));      // 2-series outside MC/Mir (Luhn-valid)
  EXPECT_FALSE(CreditCardValid("0000000000000000"));      // one digit repeated
  EXPECT_FALSE(CreditCardValid("4111-1111 1111-1111"));   // mixed separators
  EXPECT_FALSE(CreditCardValid("4111.1111.1111.1111"));   // dots are not card separators
  EXPECT_FALSE(CreditCardValid("411 1111 1111 11111"));   // not a printed grouping
  EXPECT_FALSE(CreditCardValid("411111111111"));          // 12 digits
  EXPECT_FALSE(CreditCardValid("41111111111111111111"));  // 20 digits
}

TEST(Ipv4, OctetsAndPrefix) {
  for (const char* ok : {"0.0.0.0", "255.255.255.255", "192.168.0.1", "10.0.0.0/8", "1.2.3.4/32",
                         "1.2.3.4/0", "010.1.1.1"}) {
    EXPECT_TRUE(Ipv4Valid(ok)) << ok;
  }
  for (const char* bad : {"256.0.0.1", "1.2.3", "1.2.3.4.5", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/08",
                          "1..2.3", "1.2.3.1000", "a.b.c.d", ""}) {
    EXPECT_FALSE(Ipv4Valid(bad)) << bad;
  }
}

TEST(Ipv4, NeighboursMakeALongerNumber) {
  std::string t = "v 1.2.3.4.5";
  EXPECT_FALSE(Validate(Validator::kIpv4, t, 2, 9));   // "1.2.3.4" then ".5"
  EXPECT_FALSE(Validate(Validator::kIpv4, t, 4, 11));  // "2.3.4.5" after "1."
  std::string u = "IP: 1.2.3.4.";
  EXPECT_TRUE(Validate(Validator::kIpv4, u, 4, 11));  // a full stop is fine
}

TEST(Ipv6, Forms) {
  for (const char* ok : {"2001:db8::1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1%eth0",
                         "::ffff:192.0.2.1", "2001:db8::/32", "64:ff9b::192.0.2.1",
                         "0:0:0:0:0:FFFF:129.144.52.38", "2001:db8::", "::1:2"}) {
    EXPECT_TRUE(Ipv6Valid(ok)) << ok;
  }
  for (const char* bad : {"::", "::1", "1::", "2001::db8::1", "12345::1", "1:2:3:4:5:6:7",
                          "1:2:3:4:5:6:7:8:9", "2001:db8::/129", "fe80::1%", "::ffff:256.0.0.1",
                          "2001:db8:", "gggg::1", "1:2:3:4:5:6:7:1.2.3.4"}) {
    EXPECT_FALSE(Ipv6Valid(bad)) << bad;
  }
  std::string t = "std::cout fe80::1 x";
  EXPECT_FALSE(Validate(Validator::kIpv6, t, 3, 6));   // "::c" glued to "std" and "out"
  EXPECT_TRUE(Validate(Validator::kIpv6, t, 10, 17));  // "fe80::1"
}

TEST(Email, Structure) {
  for (const char* ok : {"a@b.co", "john.smith@example.com", "x+tag@sub.example.co.uk",
                         "u@xn--80ak6aa92e.com", "a@xn--d1acufc.xn--p1ai", "100%_sure-1@x-y.io"}) {
    EXPECT_TRUE(EmailValid(ok)) << ok;
  }
  std::string long_local(65, 'a');
  std::string long_label(64, 'b');
  for (const std::string& bad : std::initializer_list<std::string>{
           "a@b", "a@b.c", ".a@b.com", "a.@b.com", "a..b@c.com", "a@-b.com", "a@b-.com", "a@b..com",
           "a@b.c0m", "@b.com", "a@b.com@c.com", long_local + "@b.com",
           "a@" + long_label + ".com"}) {
    EXPECT_FALSE(EmailValid(bad)) << bad;
  }
  std::string t = "john..doe@x.com";
  EXPECT_FALSE(Validate(Validator::kEmail, t, 5, t.size()));  // not "doe@x.com"
}

TEST(Phone, International) {
  EXPECT_TRUE(PhoneValid("+14155550100"));
  EXPECT_TRUE(PhoneValid("+1 415 555 0100"));
  EXPECT_TRUE(PhoneValid("+44 20 7946 0958"));
  EXPECT_TRUE(PhoneValid("+44 (0)20 7946 0958"));  // trunk "(0)" ignored
  EXPECT_TRUE(PhoneValid("+44 020 7946 0958"));    // a stray trunk 0 too
  EXPECT_FALSE(PhoneValid("+44 020 7946 09581"));
  EXPECT_TRUE(PhoneValid("+33 6 12 34 56 78"));
  EXPECT_TRUE(PhoneValid("+49 30 12345678"));
  EXPECT_TRUE(PhoneValid("+353 87 123 4567"));   // three-digit country code
  EXPECT_TRUE(PhoneValid("0044 20 7946 0958"));  // "00" international prefix

  EXPECT_FALSE(PhoneValid("+1234567"));           // 7 digits
  EXPECT_FALSE(PhoneValid("+1234567890123456"));  // 16 digits
  EXPECT_FALSE(PhoneValid("+1 415 555 010"));     // +1 needs 10 national digits
  EXPECT_FALSE(PhoneValid("+1 115 555 0100"));    // NANP area code
  EXPECT_FALSE(PhoneValid("+1 415 155 0100"));    // NANP exchange
  EXPECT_FALSE(PhoneValid("+44 20 7946 09581"));  // UK national number too long
  EXPECT_FALSE(PhoneValid("+999 123 456 789"));   // no such country code
  EXPECT_FALSE(PhoneValid("+0 415 555 0100"));
}

TEST(Phone, National) {
  EXPECT_TRUE(PhoneValid("(415) 555-0100"));
  EXPECT_TRUE(PhoneValid("415-555-0100"));
  EXPECT_TRUE(PhoneValid("415.555.0100"));
  EXPECT_TRUE(PhoneValid("1-800-555-0199"));
  EXPECT_TRUE(PhoneValid("020 7946 0958"));
  EXPECT_TRUE(PhoneValid("07700 900123"));
  EXPECT_TRUE(PhoneValid("030 12345678"));
  EXPECT_TRUE(PhoneValid("06 12 34 56 78"));
  EXPECT_TRUE(PhoneValid("(030) 1234 5678"));

  EXPECT_FALSE(PhoneValid("415-555-010"));      // 9 digits
  EXPECT_FALSE(PhoneValid("030 1234567890"));   // 13 digits
  EXPECT_FALSE(PhoneValid("123-456-7890"));     // NANP area code 1xx
  EXPECT_FALSE(PhoneValid("2-415-555-0100"));   // 11 digits need a leading 1
  EXPECT_FALSE(PhoneValid("415-555 0100"));     // two kinds of separator
  EXPECT_FALSE(PhoneValid("01-02-2023 1530"));  // a date and a time
  EXPECT_FALSE(PhoneValid("415) 555-0100"));    // unbalanced bracket
}

TEST(Phone, InsideALongerNumber) {
  std::string t = "ref 2021-415-555-0100";
  EXPECT_FALSE(Validate(Validator::kPhone, t, 9, t.size()));
  std::string u = "call 415-555-0100.";
  EXPECT_TRUE(Validate(Validator::kPhone, u, 5, u.size() - 1));
}

TEST(UsSsn, AreaGroupSerial) {
  EXPECT_TRUE(UsSsnValid("078-05-1123"));
  EXPECT_TRUE(UsSsnValid("536 22 1234"));
  EXPECT_TRUE(UsSsnValid("899-99-9999"));
  EXPECT_TRUE(UsSsnValid("001-01-0001"));
  EXPECT_FALSE(UsSsnValid("000-12-3456"));  // area 000
  EXPECT_FALSE(UsSsnValid("666-12-3456"));  // area 666
  EXPECT_FALSE(UsSsnValid("900-12-3456"));  // area 9xx
  EXPECT_FALSE(UsSsnValid("999-12-3456"));
  EXPECT_FALSE(UsSsnValid("123-00-4567"));  // group 00
  EXPECT_FALSE(UsSsnValid("123-45-0000"));  // serial 0000
  EXPECT_FALSE(UsSsnValid("123-45-678"));   // 8 digits
  EXPECT_FALSE(UsSsnValid("123-45-67890"));
}

TEST(Validators, SafeOnArbitraryBytes) {
  std::string junk = "\xff\xfe+\x80\xc3(0)@@..::%/";
  for (std::size_t b = 0; b <= junk.size(); ++b) {
    for (std::size_t e = b; e <= junk.size(); ++e) {
      for (auto v : {Validator::kNone, Validator::kLuhn, Validator::kCreditCard, Validator::kIpv4,
                     Validator::kIpv6, Validator::kEmail, Validator::kPhone, Validator::kUsSsn}) {
        (void)Validate(v, junk, b, e);  // must not crash or read out of bounds (ASan)
      }
    }
  }
  std::string many_digits(200, '7');
  EXPECT_FALSE(PhoneValid(many_digits));
  EXPECT_FALSE(CreditCardValid(many_digits));
  EXPECT_FALSE(UsSsnValid(many_digits));
}

}  // namespace
}  // namespace scrubline
