#include "classifiers/crypto/siv_cipher.h"

#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "classifiers/crypto/encoding.h"

namespace scrubline {
namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}
std::string Hex(std::string_view bytes) {
  std::string out;
  AppendHex(bytes, out);
  return out;
}

// 64-byte key 00 01 .. 3f, used for the cross-checked AES-256-SIV values below.
std::string Key256() {
  std::string key;
  for (int i = 0; i < 64; ++i) key.push_back(static_cast<char>(i));
  return key;
}

SivCipher MakeCipher(std::string_view key) {
  StatusOr<SivCipher> cipher = SivCipher::Create(key);
  EXPECT_TRUE(cipher.ok()) << cipher.status().ToString();
  return std::move(cipher).value();
}

std::string MustEncrypt(SivCipher& cipher, std::string_view pt, std::string_view ad) {
  std::string out;
  Status st = cipher.Encrypt(pt, ad, out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

// RFC 5297 Appendix A.1: deterministic authenticated encryption, AES-SIV with a
// 256-bit key (AES-128 inside), one associated-data component.
TEST(SivCipher, Rfc5297A1KnownAnswer) {
  const std::string key =
      FromHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  const std::string ad = FromHex("101112131415161718191a1b1c1d1e1f2021222324252627");
  const std::string plaintext = FromHex("112233445566778899aabbccddee");
  SivCipher cipher = MakeCipher(key);
  const std::string out = MustEncrypt(cipher, plaintext, ad);
  EXPECT_EQ(Hex(out),
            "85632d07c6e8f37f950acd320a2ecc93"  // the SIV (tag)
            "40c02b9690c4dc04daef7f6afe5c");    // ciphertext
  std::string decrypted;
  ASSERT_TRUE(cipher.Decrypt(out, ad, decrypted).ok());
  EXPECT_EQ(decrypted, plaintext);
}

// AES-256-SIV (the production size) and the empty plaintext, cross-checked in
// python3 with the `cryptography` package:
//   from cryptography.hazmat.primitives.ciphers.aead import AESSIV
//   AESSIV(bytes(range(64))).encrypt(b"hello", [b"topic/0/42"]).hex()
//   AESSIV(bytes(range(64))).encrypt(b"", [b"topic/0/42"]).hex()
// and the empty-plaintext tags additionally with a hand-written S2V over
// cryptography's CMAC (dbl(dbl(CMAC(0)) ^ CMAC(AD)) ^ 0x80.., then CMAC).
TEST(SivCipher, Aes256SivCrossChecked) {
  SivCipher cipher = MakeCipher(Key256());
  EXPECT_EQ(Hex(MustEncrypt(cipher, "hello", "topic/0/42")),
            "119c07d87cdf3ca7109800cfe73c0b3b705a37cb03");
  EXPECT_EQ(Hex(MustEncrypt(cipher, "hello", "")), "4c796974c0dfa6582b0961c08ee00b524803219221");
  EXPECT_EQ(Hex(MustEncrypt(cipher, "", "topic/0/42")), "805808de4acc88460c7fdc25c6a4d088");
  EXPECT_EQ(Hex(MustEncrypt(cipher, "", "")), "6ff5b8ef53fc365606cd3ea047374885");
  std::string out;
  ASSERT_TRUE(cipher.Decrypt(FromHex("4c796974c0dfa6582b0961c08ee00b524803219221"), "", out).ok());
  EXPECT_EQ(out, "hello");
  ASSERT_TRUE(cipher.Decrypt(FromHex("6ff5b8ef53fc365606cd3ea047374885"), "", out).ok());
  EXPECT_EQ(out, "hello");
}

TEST(SivCipher, EmptyPlaintextWithRfcKey) {
  const std::string key =
      FromHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  const std::string ad = FromHex("101112131415161718191a1b1c1d1e1f2021222324252627");
  SivCipher cipher = MakeCipher(key);
  const std::string out = MustEncrypt(cipher, "", ad);
  EXPECT_EQ(Hex(out), "b9d5cc97054dcd3f6dfda629d4f4d313");
  std::string decrypted = "keep:";
  ASSERT_TRUE(cipher.Decrypt(out, ad, decrypted).ok());
  EXPECT_EQ(decrypted, "keep:");
  // The tag of an empty plaintext still binds the associated data.
  EXPECT_EQ(cipher.Decrypt(out, "other", decrypted).code(), StatusCode::kDataLoss);
}

TEST(SivCipher, RoundTripsManyLengthsAndIsDeterministic) {
  SivCipher cipher = MakeCipher(Key256());
  for (std::size_t len = 0; len <= 80; ++len) {
    std::string plaintext;
    for (std::size_t i = 0; i < len; ++i) plaintext.push_back(static_cast<char>(i * 37 + len));
    const std::string a = MustEncrypt(cipher, plaintext, "ad");
    const std::string b = MustEncrypt(cipher, plaintext, "ad");
    EXPECT_EQ(a, b) << len;
    EXPECT_EQ(a.size(), 16 + len);
    std::string decrypted;
    Status st = cipher.Decrypt(a, "ad", decrypted);
    ASSERT_TRUE(st.ok()) << len << " " << st.ToString();
    EXPECT_EQ(decrypted, plaintext) << len;
  }
}

TEST(SivCipher, AppendsWithoutClearing) {
  SivCipher cipher = MakeCipher(Key256());
  std::string out = "prefix";
  ASSERT_TRUE(cipher.Encrypt("hello", "topic/0/42", out).ok());
  EXPECT_EQ(out.substr(0, 6), "prefix");
  EXPECT_EQ(Hex(out.substr(6)), "119c07d87cdf3ca7109800cfe73c0b3b705a37cb03");
  std::string plain = "p:";
  ASSERT_TRUE(cipher.Decrypt(std::string_view(out).substr(6), "topic/0/42", plain).ok());
  EXPECT_EQ(plain, "p:hello");
}

TEST(SivCipher, AssociatedDataIsBound) {
  SivCipher cipher = MakeCipher(Key256());
  const std::string ct = MustEncrypt(cipher, "+14155550100", "topic/0/42");
  EXPECT_NE(ct, MustEncrypt(cipher, "+14155550100", "topic/0/43"));
  EXPECT_NE(ct, MustEncrypt(cipher, "+14155550100", ""));
  std::string out;
  EXPECT_EQ(cipher.Decrypt(ct, "topic/0/43", out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(cipher.Decrypt(ct, "", out).code(), StatusCode::kDataLoss);
  EXPECT_TRUE(out.empty());
  ASSERT_TRUE(cipher.Decrypt(ct, "topic/0/42", out).ok());
  EXPECT_EQ(out, "+14155550100");
}

TEST(SivCipher, EveryModifiedByteIsDetected) {
  SivCipher cipher = MakeCipher(Key256());
  for (const std::string& plaintext : {std::string("alice@example.com"), std::string()}) {
    const std::string ct = MustEncrypt(cipher, plaintext, "topic/1/7");
    ASSERT_EQ(ct.size(), 16 + plaintext.size());
    for (std::size_t i = 0; i < ct.size(); ++i) {
      for (const unsigned char flip : {0x01, 0x80, 0xff}) {
        std::string tampered = ct;
        tampered[i] = static_cast<char>(tampered[i] ^ flip);
        std::string out = "untouched";
        Status st = cipher.Decrypt(tampered, "topic/1/7", out);
        EXPECT_EQ(st.code(), StatusCode::kDataLoss) << "byte " << i << " flip " << int{flip};
        EXPECT_EQ(out, "untouched") << "byte " << i;
      }
    }
    // The cipher still works after all those failures.
    std::string out;
    ASSERT_TRUE(cipher.Decrypt(ct, "topic/1/7", out).ok());
    EXPECT_EQ(out, plaintext);
  }
}

TEST(SivCipher, TruncatedOrExtendedInputIsDataLoss) {
  SivCipher cipher = MakeCipher(Key256());
  const std::string ct = MustEncrypt(cipher, "hello world", "ad");
  std::string out;
  for (std::size_t len = 0; len < ct.size(); ++len) {
    EXPECT_EQ(cipher.Decrypt(ct.substr(0, len), "ad", out).code(), StatusCode::kDataLoss) << len;
  }
  EXPECT_EQ(cipher.Decrypt(ct + "x", "ad", out).code(), StatusCode::kDataLoss);
  EXPECT_TRUE(out.empty());
}

TEST(SivCipher, DifferentKeysDiffer) {
  std::string other_key = Key256();
  other_key[63] ^= 1;  // only K2 (the CTR half) differs
  SivCipher a = MakeCipher(Key256());
  SivCipher b = MakeCipher(other_key);
  const std::string ct = MustEncrypt(a, "hello", "ad");
  EXPECT_NE(ct, MustEncrypt(b, "hello", "ad"));
  std::string out;
  EXPECT_EQ(b.Decrypt(ct, "ad", out).code(), StatusCode::kDataLoss);
}

TEST(SivCipher, KeySizes) {
  for (std::size_t size : {32u, 48u, 64u}) {
    EXPECT_TRUE(SivCipher::Create(std::string(size, 'k')).ok()) << size;
  }
  for (std::size_t size : {0u, 16u, 31u, 33u, 63u, 65u, 128u}) {
    StatusOr<SivCipher> cipher = SivCipher::Create(std::string(size, 'k'));
    EXPECT_EQ(cipher.status().code(), StatusCode::kInvalidArgument) << size;
  }
}

TEST(SivCipher, MovedCipherKeepsWorking) {
  SivCipher a = MakeCipher(Key256());
  SivCipher b = std::move(a);
  SivCipher c = MakeCipher(std::string(32, 'x'));
  c = std::move(b);
  EXPECT_EQ(Hex(MustEncrypt(c, "hello", "topic/0/42")),
            "119c07d87cdf3ca7109800cfe73c0b3b705a37cb03");
}

}  // namespace
}  // namespace scrubline
