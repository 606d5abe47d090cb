#include "classifiers/crypto/hkdf.h"

#include <string>

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

// RFC 5869 Appendix A.1 (test case 1).
TEST(HkdfSha256, Rfc5869TestCase1) {
  const std::string ikm = FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  const std::string salt = FromHex("000102030405060708090a0b0c");
  const std::string info = FromHex("f0f1f2f3f4f5f6f7f8f9");
  StatusOr<std::string> okm = HkdfSha256(ikm, salt, info, 42);
  ASSERT_TRUE(okm.ok()) << okm.status().ToString();
  EXPECT_EQ(Hex(*okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
            "34007208d5b887185865");
}

// RFC 5869 Appendix A.3 (test case 3): empty salt and info.
TEST(HkdfSha256, Rfc5869TestCase3EmptySaltAndInfo) {
  const std::string ikm = FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  StatusOr<std::string> okm = HkdfSha256(ikm, "", "", 42);
  ASSERT_TRUE(okm.ok()) << okm.status().ToString();
  EXPECT_EQ(Hex(*okm),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
            "9d201395faa4b61a96c8");
}

TEST(HkdfSha256, RejectsBadArguments) {
  EXPECT_EQ(HkdfSha256("", "salt", "info", 32).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HkdfSha256("ikm", "salt", "info", 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HkdfSha256("ikm", "salt", "info", 255 * 32 + 1).status().code(),
            StatusCode::kInvalidArgument);
  StatusOr<std::string> max = HkdfSha256("ikm", "salt", "info", 255 * 32);
  ASSERT_TRUE(max.ok()) << max.status().ToString();
  EXPECT_EQ(max->size(), 255u * 32);
}

TEST(HkdfSha256, InfoSeparatesOutputs) {
  StatusOr<std::string> a = HkdfSha256("ikm", "salt", "a", 32);
  StatusOr<std::string> b = HkdfSha256("ikm", "salt", "b", 32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  // A shorter output is a prefix of a longer one (same T(1)...).
  StatusOr<std::string> a64 = HkdfSha256("ikm", "salt", "a", 64);
  ASSERT_TRUE(a64.ok());
  EXPECT_EQ(a64->substr(0, 32), *a);
}

}  // namespace
}  // namespace scrubline
