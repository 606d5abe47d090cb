// KeyedHmac is HMAC-SHA256 of label 0x00 value: checked against OpenSSL's
// own HMAC (EVP_Q_mac) for keys shorter than, equal to and longer than the
// SHA-256 block and messages across block boundaries, and against RFC 4231
// test case 2. Restarting from the keyed state never carries anything over.
#include "classifiers/crypto/keyed_hmac.h"

#include <openssl/evp.h>

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/openssl_allocation_counter.h"

namespace scrubline {
namespace {

// Installed before main, before OpenSSL allocates anything.
const bool g_counting_installed = testing_support::InstallOpenSslAllocationCounter();

std::string Unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

std::string Reference(const std::string& key, const std::string& message) {
  unsigned char out[32];
  std::size_t length = 0;
  EXPECT_NE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                      reinterpret_cast<const unsigned char*>(message.data()), message.size(), out,
                      sizeof out, &length),
            nullptr);
  return std::string(reinterpret_cast<char*>(out), length);
}

std::string Mac(KeyedHmac& hmac, const std::string& label, const std::string& value) {
  unsigned char out[KeyedHmac::kMacBytes];
  EXPECT_TRUE(hmac.Mac(label, value, out).ok());
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

TEST(KeyedHmac, EqualsOpenSslHmacForEveryKeyAndMessageLength) {
  std::uint64_t state = 12345;
  const auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<char>(state >> 56);
  };
  for (std::size_t key_length : {1u, 16u, 32u, 63u, 64u, 65u, 100u, 200u}) {
    std::string key;
    for (std::size_t i = 0; i < key_length; ++i) key += next();
    auto hmac = KeyedHmac::Create(key, "test");
    ASSERT_TRUE(hmac.ok());
    for (std::size_t value_length : {0u, 1u, 12u, 50u, 54u, 55u, 56u, 64u, 119u, 120u, 200u, 1000u}) {
      std::string value;
      for (std::size_t i = 0; i < value_length; ++i) value += next();
      for (const std::string label : {"PHONE", "EMAIL", "x"}) {
        ASSERT_EQ(Mac(*hmac, label, value), Reference(key, label + std::string(1, '\0') + value))
            << "key " << key_length << ", value " << value_length << ", label " << label;
      }
    }
  }
}

TEST(KeyedHmac, Rfc4231TestCase2) {
  // HMAC-SHA256("Jefe", "what do ya want for nothing?"): label "what do ya
  // want for nothing?" cannot hold the message's own bytes with the 0x00
  // separator, so compare the construction on the message split there.
  auto hmac = KeyedHmac::Create("Jefe", "test");
  ASSERT_TRUE(hmac.ok());
  EXPECT_EQ(Reference("Jefe", "what do ya want for nothing?"),
            Unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
  EXPECT_EQ(Mac(*hmac, "what do ya want", " for nothing?"),
            Reference("Jefe", std::string("what do ya want") + '\0' + " for nothing?"));
}

TEST(KeyedHmac, RestartsCleanAllocatesNothingAndRefusesAnEmptyKey) {
  auto hmac = KeyedHmac::Create("k", "test");
  ASSERT_TRUE(hmac.ok());
  const std::string first = Mac(*hmac, "PHONE", "+14155550100");
  (void)Mac(*hmac, "EMAIL", std::string(300, 'a'));
  EXPECT_EQ(Mac(*hmac, "PHONE", "+14155550100"), first);
  EXPECT_NE(Mac(*hmac, "EMAIL", "+14155550100"), first);  // labels separate domains
  unsigned char out[KeyedHmac::kMacBytes];
  if (g_counting_installed) {
    // OpenSSL's own HMAC allocates per message (the counter works) ...
    long before = testing_support::OpenSslAllocations();
    (void)Reference("k", "PHONE");
    EXPECT_GT(testing_support::OpenSslAllocations() - before, 0);
    // ... and a restart from the keyed state allocates nothing.
    before = testing_support::OpenSslAllocations();
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(hmac->Mac("PHONE", "+14155550100", out).ok());
    EXPECT_EQ(testing_support::OpenSslAllocations() - before, 0);
  } else {
    ADD_FAILURE() << "OpenSSL allocated before main: its allocations cannot be counted";
  }
  KeyedHmac moved = std::move(*hmac);
  EXPECT_EQ(Mac(moved, "PHONE", "+14155550100"), first);
  auto empty = KeyedHmac::Create("", "tokenizer");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("tokenizer: empty HMAC key"), std::string::npos);
}

}  // namespace
}  // namespace scrubline
