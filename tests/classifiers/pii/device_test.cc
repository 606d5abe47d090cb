// Device and network identifiers: MAC_ADDRESS, IMEI, ICCID, ADVERTISING_ID
// and SIP_URI, through the real shipped catalog (patterns/pii) and as unit
// tests of the device validators. Checksum-valid values are generated here
// (Luhn over random bodies from a fixed seed), never copied from elsewhere.
#include "classifiers/pii/device_validators.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <initializer_list>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "classifiers/pii/pii_classifier.h"
#include "tests/classifiers/pii/pii_test_util.h"
#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

// --- Value generators. ---

char LuhnCheckDigit(const std::string& body) {
  int sum = 0;
  bool twice = true;  // the check digit will take the rightmost place
  for (auto it = body.rbegin(); it != body.rend(); ++it) {
    int v = *it - '0';
    if (twice) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string RandomDigits(std::mt19937& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng() % 10);
  return s;
}

std::string RandomHex(std::mt19937& rng, int n, bool upper = false) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string s;
  for (int i = 0; i < n; ++i) s += digits[rng() % 16];
  return s;
}

std::string WithLuhn(const std::string& body) { return body + LuhnCheckDigit(body); }

// The same number with its last digit changed: Luhn fails.
std::string BreakLast(std::string s) {
  char& c = s.back();
  c = static_cast<char>('0' + (c - '0' + 1) % 10);
  return s;
}

// "35" + 12 digits + check, grouped as `shape` with `sep` (empty shape: none).
std::string Group(const std::string& digits, std::initializer_list<int> shape, char sep) {
  std::string out;
  std::size_t at = 0;
  for (int len : shape) {
    if (!out.empty()) out += sep;
    out += digits.substr(at, len);
    at += len;
  }
  return out;
}

// --- Classifier harness: the shipped catalog, compiled once per program. ---

class DeviceCatalog : public testing::ShippedCatalogTest {
 protected:
  // True if `span` (its first occurrence in `text`) is found exactly, as `type`.
  bool FoundAs(std::string_view text, EntityType type, std::string_view span) {
    return testing::HasExactFinding(Run(text), text, type, span);
  }
  bool FoundAs(std::string_view text, EntityType type) { return FoundAs(text, type, text); }

  // True if any finding in `text` has `type`.
  bool AnyOf(std::string_view text, EntityType type) {
    for (const Finding& f : Run(text)) {
      if (f.type == type) return true;
    }
    return false;
  }

  using ShippedCatalogTest::Describe;
  std::string Describe(std::string_view text) { return Describe(text, Run(text)); }
};

// ---------------------------------------------------------------- MAC

TEST_F(DeviceCatalog, MacAddressPositives) {
  std::mt19937 rng(1);
  std::vector<std::pair<std::string, std::string>> cases;  // text, span
  for (int i = 0; i < 8; ++i) {
    std::string pairs[6];
    for (auto& p : pairs) p = RandomHex(rng, 2, i % 2 == 1);
    const char sep = i < 4 ? ':' : '-';
    std::string mac = pairs[0];
    for (int k = 1; k < 6; ++k) mac += sep + pairs[k];
    cases.push_back({mac, mac});
  }
  for (int i = 0; i < 5; ++i) {
    std::string cisco;
    do {
      cisco = RandomHex(rng, 4) + "." + RandomHex(rng, 4) + "." + RandomHex(rng, 4);
    } while (cisco.find_first_of("abcdef") == std::string::npos);
    cases.push_back({"arp entry " + cisco + " on Vlan10", cisco});
  }
  const std::vector<std::pair<std::string, std::string>> written = {
      {"ether 3c:22:fb:91:0a:7e  txqueuelen 1000", "3c:22:fb:91:0a:7e"},
      {"HWaddr 00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E"},
      {"mac:a4:83:e7:12:9f:01", "a4:83:e7:12:9f:01"},
      {"{\"bssid\":\"f0:9f:c2:11:22:33\"}", "f0:9f:c2:11:22:33"},
      {"Physical Address. . . : 9C-B6-D0-12-34-56", "9C-B6-D0-12-34-56"},
      {"device (00:11:22:33:44:55) joined.", "00:11:22:33:44:55"},
      {"seen 02:42:ac:11:00:02.", "02:42:ac:11:00:02"},
      {"Wi-Fi: 001a.2b3c.4d5e", "001a.2b3c.4d5e"},
  };
  cases.insert(cases.end(), written.begin(), written.end());
  ASSERT_GE(cases.size(), 20u);
  for (const auto& [text, span] : cases) {
    EXPECT_TRUE(FoundAs(text, EntityType::kMacAddress, span)) << text << " -> " << Describe(text);
  }
}

TEST_F(DeviceCatalog, MacAddressNegatives) {
  const std::vector<std::string> cases = {
      "00:00:00:00:00:00",     // all zero
      "ff:ff:ff:ff:ff:ff",     // broadcast
      "FF-FF-FF-FF-FF-FF",     // broadcast
      "00:1a:2b-3c:4d:5e",     // mixed separators
      "00:1a:2b:3c:4d",        // five pairs
      "00:1a:2b:3c:4d:5e:6f",  // seven pairs
      "SHA1 Fingerprint=3C:22:FB:91:0A:7E:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE",
      "x00:1a:2b:3c:4d:5e",                       // glued to a word
      "00:1a:2b:3c:4d:5ex",                       // glued to a word
      "00:1a:2b:3c:4d:5g",                        // not hex
      "0:1a:2b:3c:4d:5e",                         // short group
      "001:1a:2b:3c:4d:5e",                       // long group
      "at 12:34:56 on 2023-11-02",                // time, date
      "2001:0db8:85a3:0000:0000:8a2e:0370:7334",  // IPv6
      "fe80::aa:bb:cc:dd:ee:ff",                  // IPv6 tail
      "2023.1102.1200",                           // dotted, all digits
      "0000.0000.0000",
      "ffff.ffff.ffff",
      "v1.2.3 build 001a.2b3c.4d5e.6f70",  // four dotted groups
      "001a.2b3c",                         // two dotted groups
      "001a:2b3c:4d5e",                    // colons in dotted shape
      "score 12-34-56-78-90",              // five dashed pairs
      "price 1.99-2.99",
  };
  ASSERT_GE(cases.size(), 20u);
  for (const std::string& text : cases) {
    EXPECT_FALSE(AnyOf(text, EntityType::kMacAddress)) << text << " -> " << Describe(text);
  }
  // The IPv6 tail stays an IP address.
  EXPECT_TRUE(FoundAs("fe80::aa:bb:cc:dd:ee:ff", EntityType::kIpAddress));
}

// ---------------------------------------------------------------- IMEI

TEST_F(DeviceCatalog, ImeiPositives) {
  std::mt19937 rng(2);
  std::vector<std::pair<std::string, std::string>> cases;
  const char* rbis[] = {"01", "10", "30", "33", "35", "44", "45", "49", "50",
                        "51", "52", "53", "54", "86", "91", "98", "99"};
  for (const char* rbi : rbis) {
    const std::string imei = WithLuhn(rbi + RandomDigits(rng, 12));
    cases.push_back({"handset " + imei, imei});
  }
  const std::string a = WithLuhn("35" + RandomDigits(rng, 12));
  const std::string b = WithLuhn("86" + RandomDigits(rng, 12));
  const std::string c = WithLuhn("12" + RandomDigits(rng, 12));  // prefix outside the list
  cases.push_back({"IMEI: " + Group(a, {2, 6, 6, 1}, '-'), Group(a, {2, 6, 6, 1}, '-')});
  cases.push_back({"IMEI " + Group(a, {2, 6, 6, 1}, ' ') + ".", Group(a, {2, 6, 6, 1}, ' ')});
  cases.push_back({"imei " + Group(b, {8, 6, 1}, ' ') + " locked", Group(b, {8, 6, 1}, ' ')});
  cases.push_back({"{\"imei\":\"" + b + "\"}", b});
  cases.push_back({"IMEI " + c, c});         // imei_context
  cases.push_back({c + " is the IMEI", c});  // context after
  cases.push_back({a, a});                   // alone
  ASSERT_GE(cases.size(), 20u);
  for (const auto& [text, span] : cases) {
    EXPECT_TRUE(FoundAs(text, EntityType::kImei, span)) << text << " -> " << Describe(text);
  }
}

TEST_F(DeviceCatalog, ImeiNegatives) {
  std::mt19937 rng(3);
  std::vector<std::string> cases;
  for (int i = 0; i < 6; ++i)
    cases.push_back("handset " + BreakLast(WithLuhn("35" + RandomDigits(rng, 12))));
  const std::string a = WithLuhn("35" + RandomDigits(rng, 12));
  const std::string other = WithLuhn("12" + RandomDigits(rng, 12));
  cases.push_back(a.substr(0, 14));                         // 14 digits
  cases.push_back(WithLuhn("35" + RandomDigits(rng, 13)));  // 16 digits
  cases.push_back("+" + a);                                 // an international phone number
  cases.push_back("id 2021-" + a);                          // glued to more digits
  cases.push_back(a + ".5");
  cases.push_back("35-" + a.substr(2, 6) + " " + a.substr(8, 6) + "-" + a.substr(14));  // mixed
  cases.push_back(Group(a, {3, 4, 4, 4}, ' '));  // not an IMEI grouping
  cases.push_back("ref " + other);               // other prefix, no IMEI word
  cases.push_back("IMEI " + BreakLast(other));   // context, bad Luhn
  cases.push_back("IMEI 000000000000000");       // one digit repeated
  cases.push_back("x" + a);                      // glued to a word
  cases.push_back("355.260.181.590.838");        // dotted
  cases.push_back("paid $355,260,181.59 on 2023-11-02");
  cases.push_back("tracking 1Z999AA10123456784");
  cases.push_back("call 00" + a.substr(0, 13));  // 00 + digits: a phone number
  cases.push_back("4111111111111111");           // a card
  ASSERT_GE(cases.size(), 20u);
  for (const std::string& text : cases) {
    EXPECT_FALSE(AnyOf(text, EntityType::kImei)) << text << " -> " << Describe(text);
  }
}

TEST_F(DeviceCatalog, ImeiOrderWordsLowerTheScore) {
  std::mt19937 rng(4);
  const std::string a = WithLuhn("35" + RandomDigits(rng, 12));
  const auto& plain = Run("handset " + a);
  ASSERT_EQ(plain.size(), 1u);
  const float boosted = plain[0].score;
  const auto& order = Run("order " + a);
  ASSERT_EQ(order.size(), 1u);
  EXPECT_EQ(order[0].type, EntityType::kImei);
  EXPECT_LT(order[0].score, boosted);
}

// ---------------------------------------------------------------- ICCID

TEST_F(DeviceCatalog, IccidPositives) {
  std::mt19937 rng(5);
  std::vector<std::pair<std::string, std::string>> cases;
  for (int i = 0; i < 8; ++i) {
    const std::string v = WithLuhn("89" + RandomDigits(rng, 16));  // 19 digits
    cases.push_back({"sim " + v, v});
  }
  for (int i = 0; i < 8; ++i) {
    const std::string v = WithLuhn("89" + RandomDigits(rng, 17));  // 20 digits
    cases.push_back({v, v});
  }
  const std::string a = WithLuhn("8944" + RandomDigits(rng, 14));
  const std::string b = WithLuhn("8901" + RandomDigits(rng, 15));
  cases.push_back(
      {"SIM card ICCID " + Group(a, {4, 4, 4, 4, 3}, ' '), Group(a, {4, 4, 4, 4, 3}, ' ')});
  cases.push_back(
      {"ICCID: " + Group(b, {4, 4, 4, 4, 4}, '-') + ".", Group(b, {4, 4, 4, 4, 4}, '-')});
  cases.push_back({"iccid=" + b + "&x=1", b});
  cases.push_back({"{\"iccid\": \"" + a + "\"}", a});
  ASSERT_GE(cases.size(), 20u);
  for (const auto& [text, span] : cases) {
    EXPECT_TRUE(FoundAs(text, EntityType::kIccid, span)) << text << " -> " << Describe(text);
  }
}

TEST_F(DeviceCatalog, IccidNegatives) {
  std::mt19937 rng(6);
  std::vector<std::string> cases;
  for (int i = 0; i < 6; ++i)
    cases.push_back("sim " + BreakLast(WithLuhn("89" + RandomDigits(rng, 16))));
  const std::string a = WithLuhn("89" + RandomDigits(rng, 16));
  cases.push_back(WithLuhn("89" + RandomDigits(rng, 15)));  // 18 digits
  cases.push_back(WithLuhn("89" + RandomDigits(rng, 18)));  // 21 digits
  cases.push_back(WithLuhn("88" + RandomDigits(rng, 16)));  // not the telecom prefix
  cases.push_back(WithLuhn("98" + RandomDigits(rng, 16)));
  cases.push_back(Group(a, {4, 4, 4, 4, 3}, ' ').replace(9, 1, "-"));  // mixed separators
  cases.push_back(Group(a, {5, 5, 5, 4}, ' '));                        // groups of five
  cases.push_back("2021-" + a);                                        // glued to more digits
  cases.push_back(a + "-7");
  cases.push_back("x" + a);
  cases.push_back(a + "x");
  cases.push_back("4111 1111 1111 1111");          // a card
  cases.push_back("GB82 WEST 1234 5698 7654 32");  // an IBAN
  cases.push_back("+8912345678901");               // a phone number
  cases.push_back("89.12.34.56");
  cases.push_back("order 8912-2023-11-02");
  ASSERT_GE(cases.size(), 20u);
  for (const std::string& text : cases) {
    EXPECT_FALSE(AnyOf(text, EntityType::kIccid)) << text << " -> " << Describe(text);
  }
}

// ---------------------------------------------------------------- ADVERTISING_ID

std::string RandomUuid(std::mt19937& rng, bool upper) {
  std::string u = RandomHex(rng, 8, upper) + "-" + RandomHex(rng, 4, upper) + "-4" +
                  RandomHex(rng, 3, upper) + "-" + (upper ? "A" : "a") + RandomHex(rng, 3, upper) +
                  "-" + RandomHex(rng, 12, upper);
  return u;
}

TEST_F(DeviceCatalog, AdvertisingIdPositives) {
  std::mt19937 rng(7);
  const std::vector<std::string> prefixes = {"idfa=",
                                             "IDFA: ",
                                             "idfv ",
                                             "gaid=",
                                             "{\"aaid\":\"",
                                             "adid: ",
                                             "ad id ",
                                             "ad_id=",
                                             "ad-id ",
                                             "advertisingId=",
                                             "\"advertising_id\":\"",
                                             "advertiser id ",
                                             "maid=",
                                             "{\"device\":{\"ifa\":\"",
                                             "rdid=",
                                             "device id: ",
                                             "device_id=",
                                             "deviceId=",
                                             "device-id: "};
  std::vector<std::pair<std::string, std::string>> cases;
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    const std::string u = RandomUuid(rng, i % 2 == 0);
    cases.push_back({prefixes[i] + u + "\"", u});
  }
  const std::string u = RandomUuid(rng, false);
  cases.push_back({u + " (GAID)", u});  // context after
  cases.push_back({"limit ad tracking off, ad id " + u, u});
  ASSERT_GE(cases.size(), 20u);
  for (const auto& [text, span] : cases) {
    EXPECT_TRUE(FoundAs(text, EntityType::kAdvertisingId, span))
        << text << " -> " << Describe(text);
  }
}

TEST_F(DeviceCatalog, AdvertisingIdNegatives) {
  std::mt19937 rng(8);
  const std::string u = RandomUuid(rng, false);
  const std::vector<std::string> cases = {
      u,  // no context
      "request " + u + " failed",
      "trace_id=" + u,
      "order " + u,
      "idfa=00000000-0000-0000-0000-000000000000",  // nil: ad tracking limited
      "idfa=ffffffff-ffff-ffff-ffff-ffffffffffff",  // max UUID
      "idfa=" + u.substr(0, 35),                    // short last group
      "idfa=" + u + "0",                            // long last group
      "idfa=" + u.substr(0, 8) + u.substr(9),       // a dash missing
      "idfa=" + std::string(u).replace(0, 1, "g"),  // not hex
      "idfa=x-" + u + "-2",                         // inside a longer dashed id
      "idfa=" + u + "-2b",
      "idfa: " + std::string(60, '.') + " " + u,  // context too far
      "address " + u,                             // "address" is not "ad id"
      "advice " + u,
      "device " + u,                 // "device" alone is not enough
      "idfa=" + RandomHex(rng, 32),  // without dashes
      "idfa={" + u.substr(0, 8) + "-" + u.substr(9, 4) + "}",
      "session 2023-11-02T10:30:00Z",
      "gaid=12345678-1234-1234-1234",
  };
  ASSERT_GE(cases.size(), 20u);
  for (const std::string& text : cases) {
    EXPECT_FALSE(AnyOf(text, EntityType::kAdvertisingId)) << text << " -> " << Describe(text);
  }
}

// ---------------------------------------------------------------- SIP_URI

TEST_F(DeviceCatalog, SipUriPositives) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"sip:alice@example.com", "sip:alice@example.com"},
      {"sips:bob@example.org", "sips:bob@example.org"},
      {"SIP:carol@pbx.example.net", "SIP:carol@pbx.example.net"},
      {"Sips:dave@example.io", "Sips:dave@example.io"},
      {"sip:+14155550100@carrier.example.net", "sip:+14155550100@carrier.example.net"},
      {"sips:+14155550100@carrier.example.net:5061;transport=tls",
       "sips:+14155550100@carrier.example.net:5061;transport=tls"},
      {"sip:+1-415-555-0100;npdi@gw.example.com;user=phone",
       "sip:+1-415-555-0100;npdi@gw.example.com;user=phone"},
      {"From: <sip:bob@192.0.2.4>;tag=1928301774", "sip:bob@192.0.2.4"},
      {"To: \"Alice\" <sip:alice@atlanta.example.com>", "sip:alice@atlanta.example.com"},
      {"Contact: sip:1001@[2001:db8::10]:5060", "sip:1001@[2001:db8::10]:5060"},
      {"sip:1001@10.0.0.5:5060", "sip:1001@10.0.0.5:5060"},
      {"sip:alice:secretword@example.com", "sip:alice:secretword@example.com"},
      {"sip:alice@example.com;transport=tcp;lr", "sip:alice@example.com;transport=tcp;lr"},
      {"sip:alice@example.com?subject=project&priority=urgent",
       "sip:alice@example.com?subject=project&priority=urgent"},
      {"call SIP:carol@pbx.example.org.", "SIP:carol@pbx.example.org"},
      {"{\"from\":\"sip:j.doe%40x@example.com\"}", "sip:j.doe%40x@example.com"},
      {"(sip:ops-team@sub.example.co.uk)", "sip:ops-team@sub.example.co.uk"},
      {"sip:alice@pbx", "sip:alice@pbx"},
      {"ring sip:4155550100@trunk.example.com, then hang up", "sip:4155550100@trunk.example.com"},
      {"sip:alice@example.com:5060;maddr=239.255.255.1;ttl=15",
       "sip:alice@example.com:5060;maddr=239.255.255.1;ttl=15"},
      {"Refer-To: <sips:conf-42@media.example.com>", "sips:conf-42@media.example.com"},
  };
  ASSERT_GE(cases.size(), 20u);
  for (const auto& [text, span] : cases) {
    EXPECT_TRUE(FoundAs(text, EntityType::kSipUri, span)) << text << " -> " << Describe(text);
  }
}

TEST_F(DeviceCatalog, SipUriBeatsTheEmailAndPhoneInside) {
  const std::string text = "sip:+14155550100@carrier.example.net";
  ASSERT_EQ(Run(text).size(), 1u) << Describe(text);
  EXPECT_EQ(found_[0].type, EntityType::kSipUri);
  // Even when a field name vouches for e-mail and phone ("from").
  std::vector<Finding> out;
  ASSERT_TRUE(
      (*classifier_)->Classify("sip:alice@example.com", FieldHint{"from"}, *scratch_, out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, EntityType::kSipUri);
}

TEST_F(DeviceCatalog, SipUriNegatives) {
  const std::vector<std::string> cases = {
      "sip:example.com",           // no user: a server, not a person
      "sip:@example.com",          // empty user
      "sip:alice@",                // no host
      "gossip:alice@example.com",  // not the scheme
      "xsip:alice@example.com",
      "tel:+14155550100",             // a tel URI (a PHONE)
      "sip:alice@-bad-.example",      // edge hyphens
      "sip:alice@example.123",        // numeric top label
      "sip:alice@256.1.1.1",          // bad IPv4
      "sip:alice@[::]",               // unspecified IPv6
      "sip:alice@example.com:99999",  // port out of range
      "sip:alice@example.com:0",      // port 0
      "sip:alice@.example.com",       // empty label
      "sip:alice@example..com",
      "sip:" + std::string(65, 'a') + "@example.com",  // user too long
      "sip alice@example.com",                         // no colon
      "sip:/alice",
      "SIP/2.0 200 OK",  // a status line
      "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds",
      "sip:alice@example.com_x",  // glued to a word
  };
  ASSERT_GE(cases.size(), 20u);
  for (const std::string& text : cases) {
    EXPECT_FALSE(AnyOf(text, EntityType::kSipUri)) << text << " -> " << Describe(text);
  }
}

// ---------------------------------------------------------------- unit tests

TEST(DeviceValidators, RegisteredByName) {
  for (auto v : {Validator::kMacAddress, Validator::kImei, Validator::kIccid,
                 Validator::kAdvertisingId, Validator::kSipUri}) {
    auto parsed = ParseValidator(ValidatorName(v));
    ASSERT_TRUE(parsed.has_value()) << ValidatorName(v);
    EXPECT_EQ(*parsed, v);
  }
  EXPECT_EQ(ValidatorName(Validator::kMacAddress), "mac_address");
  EXPECT_EQ(ValidatorName(Validator::kSipUri), "sip_uri");
}

TEST(DeviceValidators, MacAddressValid) {
  EXPECT_TRUE(MacAddressValid("00:1a:2b:3c:4d:5e"));
  EXPECT_TRUE(MacAddressValid("00-1A-2B-3C-4D-5E"));
  EXPECT_TRUE(MacAddressValid("001a.2b3c.4d5e"));
  EXPECT_TRUE(MacAddressValid("01:00:5e:00:00:fb"));  // multicast is still an address
  EXPECT_FALSE(MacAddressValid("00:00:00:00:00:00"));
  EXPECT_FALSE(MacAddressValid("FF:ff:FF:ff:FF:ff"));
  EXPECT_FALSE(MacAddressValid("00:1a:2b-3c:4d:5e"));
  EXPECT_FALSE(MacAddressValid("00:1a:2b:3c:4d:5"));
  EXPECT_FALSE(MacAddressValid("00.1a.2b.3c.4d.5e"));
  EXPECT_FALSE(MacAddressValid("0012.3456.7890"));  // dotted: needs a hex letter
  EXPECT_FALSE(MacAddressValid("001a.2b3c-4d5e"));
  EXPECT_FALSE(MacAddressValid(""));
}

TEST(DeviceValidators, MacAddressInTextLooksAtNeighbours) {
  auto in = [](std::string_view text, std::string_view span) {
    const std::size_t b = text.find(span);
    return MacAddressInText(text, b, b + span.size());
  };
  EXPECT_TRUE(in("mac:00:1a:2b:3c:4d:5e", "00:1a:2b:3c:4d:5e"));  // "mac" is a word
  EXPECT_TRUE(in("HWaddr 00:1a:2b:3c:4d:5e.", "00:1a:2b:3c:4d:5e"));
  EXPECT_FALSE(in("ab:00:1a:2b:3c:4d:5e", "00:1a:2b:3c:4d:5e"));  // a group before
  EXPECT_FALSE(in("00:1a:2b:3c:4d:5e:6f", "00:1a:2b:3c:4d:5e"));  // a group after
  EXPECT_FALSE(in("fe80::1:00:1a:2b:3c:4d:5e", "00:1a:2b:3c:4d:5e"));
  EXPECT_FALSE(in("001a.2b3c.4d5e.6f70", "001a.2b3c.4d5e"));
}

TEST(DeviceValidators, ImeiValid) {
  std::mt19937 rng(9);
  for (int i = 0; i < 50; ++i) {
    const std::string imei = WithLuhn("35" + RandomDigits(rng, 12));
    EXPECT_TRUE(ImeiValid(imei)) << imei;
    EXPECT_TRUE(ImeiValid(Group(imei, {2, 6, 6, 1}, '-'))) << imei;
    EXPECT_TRUE(ImeiValid(Group(imei, {8, 6, 1}, ' '))) << imei;
    EXPECT_FALSE(ImeiValid(BreakLast(imei))) << imei;
    EXPECT_FALSE(ImeiValid(Group(imei, {4, 4, 4, 3}, ' '))) << imei;
    EXPECT_FALSE(ImeiValid(imei.substr(0, 14)));
  }
  // Every single-digit change is caught by Luhn.
  const std::string imei = WithLuhn("86" + RandomDigits(rng, 12));
  for (std::size_t i = 0; i < imei.size(); ++i) {
    std::string m = imei;
    m[i] = static_cast<char>('0' + (m[i] - '0' + 3) % 10);
    EXPECT_FALSE(ImeiValid(m)) << m;
  }
  EXPECT_FALSE(ImeiValid("000000000000000"));  // Luhn-valid, one digit repeated
  EXPECT_FALSE(ImeiValid("35-526018 159083-8"));
  EXPECT_FALSE(ImeiValid("-355260181590838"));
  EXPECT_FALSE(ImeiValid("355260181590838-"));
  EXPECT_FALSE(ImeiValid("35--526018159083"));
}

TEST(DeviceValidators, ImeiInTextRejectsPhoneTailsAndLongerNumbers) {
  std::mt19937 rng(10);
  const std::string imei = WithLuhn("35" + RandomDigits(rng, 12));
  const std::string plus = "+" + imei;
  EXPECT_FALSE(ImeiInText(plus, 1, plus.size()));
  const std::string glued = "12-" + imei;
  EXPECT_FALSE(ImeiInText(glued, 3, glued.size()));
  const std::string fine = "IMEI " + imei + ".";
  EXPECT_TRUE(ImeiInText(fine, 5, 5 + imei.size()));
}

TEST(DeviceValidators, IccidValid) {
  std::mt19937 rng(11);
  for (int i = 0; i < 50; ++i) {
    const std::string v19 = WithLuhn("89" + RandomDigits(rng, 16));
    const std::string v20 = WithLuhn("89" + RandomDigits(rng, 17));
    EXPECT_TRUE(IccidValid(v19)) << v19;
    EXPECT_TRUE(IccidValid(v20)) << v20;
    EXPECT_TRUE(IccidValid(Group(v19, {4, 4, 4, 4, 3}, ' '))) << v19;
    EXPECT_TRUE(IccidValid(Group(v20, {4, 4, 4, 4, 4}, '-'))) << v20;
    EXPECT_FALSE(IccidValid(BreakLast(v19))) << v19;
    EXPECT_FALSE(IccidValid(Group(v20, {5, 5, 5, 5}, ' '))) << v20;
  }
  EXPECT_FALSE(IccidValid(WithLuhn("88" + RandomDigits(rng, 16))));
  EXPECT_FALSE(IccidValid(WithLuhn("89" + RandomDigits(rng, 15))));  // 18
  EXPECT_FALSE(IccidValid(WithLuhn("89" + RandomDigits(rng, 18))));  // 21
  EXPECT_FALSE(IccidValid(""));
}

TEST(DeviceValidators, AdvertisingIdValid) {
  EXPECT_TRUE(AdvertisingIdValid("6D92078A-8246-4BA4-AE5B-76104861E7DC"));
  EXPECT_TRUE(AdvertisingIdValid("38400000-8cf0-11bd-b23e-10b96e40000d"));
  EXPECT_FALSE(AdvertisingIdValid("00000000-0000-0000-0000-000000000000"));
  EXPECT_FALSE(AdvertisingIdValid("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"));
  EXPECT_FALSE(AdvertisingIdValid("6D92078A-8246-4BA4-AE5B-76104861E7D"));
  EXPECT_FALSE(AdvertisingIdValid("6D92078A8246-4BA4-AE5B-76104861E7DC0"));
  EXPECT_FALSE(AdvertisingIdValid("6D92078G-8246-4BA4-AE5B-76104861E7DC"));
  const std::string glued = "a-6D92078A-8246-4BA4-AE5B-76104861E7DC";
  EXPECT_FALSE(AdvertisingIdInText(glued, 2, glued.size()));
  const std::string fine = "idfa=6D92078A-8246-4BA4-AE5B-76104861E7DC;";
  EXPECT_TRUE(AdvertisingIdInText(fine, 5, 41));
}

TEST(DeviceValidators, SipUriValid) {
  EXPECT_TRUE(SipUriValid("sip:alice@example.com"));
  EXPECT_TRUE(SipUriValid("SIPS:alice@example.com"));
  EXPECT_TRUE(SipUriValid("sip:alice:pw@example.com:5060;transport=udp?x=y"));
  EXPECT_TRUE(SipUriValid("sip:+14155550100@192.0.2.1"));
  EXPECT_TRUE(SipUriValid("sip:1001@[2001:db8::1]:5060"));
  EXPECT_TRUE(SipUriValid("sip:alice@pbx"));
  EXPECT_FALSE(SipUriValid("sip:alice@example.com."));  // trailing punctuation
  EXPECT_FALSE(SipUriValid("sip:alice@example.com;"));
  EXPECT_FALSE(SipUriValid("sip:@example.com"));
  EXPECT_FALSE(SipUriValid("sip:alice"));
  EXPECT_FALSE(SipUriValid("tel:alice@example.com"));
  EXPECT_FALSE(SipUriValid("sip:alice@[::]"));
  EXPECT_FALSE(SipUriValid("sip:alice@[2001:db8::1"));
  EXPECT_FALSE(SipUriValid("sip:alice@example.com:65536"));
  EXPECT_FALSE(SipUriValid("sip:alice@example.com:"));
  EXPECT_FALSE(SipUriValid("sip:alice@999.1.1.1"));
  EXPECT_FALSE(SipUriValid("sip:alice@ex_ample.com"));
  EXPECT_FALSE(SipUriValid("sip:al ice@example.com"));
  EXPECT_FALSE(SipUriValid("sip:" + std::string(65, 'u') + "@example.com"));
  // The engine's shorter retries must not cut a host, a port or a parameter.
  const std::string port = "sip:alice@example.com:99999";
  EXPECT_FALSE(SipUriInText(port, 0, port.size() - 1));
  EXPECT_FALSE(SipUriInText(port, 0, port.find(':', 4)));
  EXPECT_FALSE(SipUriInText(port, 0, port.find('.')));
  const std::string sentence = "call sip:alice@example.com.";
  EXPECT_TRUE(SipUriInText(sentence, 5, sentence.size() - 1));
}

}  // namespace
}  // namespace scrubline
