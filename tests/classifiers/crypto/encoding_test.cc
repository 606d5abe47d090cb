#include "classifiers/crypto/encoding.h"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace scrubline {
namespace {

std::string B64(std::string_view bytes) {
  std::string out;
  AppendBase64(bytes, out);
  return out;
}
std::string B64Url(std::string_view bytes) {
  std::string out;
  AppendBase64UrlNoPad(bytes, out);
  return out;
}
std::string Hex(std::string_view bytes) {
  std::string out;
  AppendHex(bytes, out);
  return out;
}

// RFC 4648 §10 test vectors.
TEST(Encoding, Rfc4648Vectors) {
  const struct {
    const char* in;
    const char* padded;
    const char* unpadded;
  } kCases[] = {
      {"", "", ""},
      {"f", "Zg==", "Zg"},
      {"fo", "Zm8=", "Zm8"},
      {"foo", "Zm9v", "Zm9v"},
      {"foob", "Zm9vYg==", "Zm9vYg"},
      {"fooba", "Zm9vYmE=", "Zm9vYmE"},
      {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(B64(c.in), c.padded) << c.in;
    EXPECT_EQ(B64Url(c.in), c.unpadded) << c.in;
    EXPECT_EQ(DecodeBase64(c.padded), std::string(c.in)) << c.padded;
    EXPECT_EQ(DecodeBase64Url(c.unpadded), std::string(c.in)) << c.unpadded;
    // base64url also accepts the padded form.
    EXPECT_EQ(DecodeBase64Url(c.padded), std::string(c.in)) << c.padded;
  }
}

TEST(Encoding, AlphabetsDiffer) {
  const std::string bytes("\xfb\xff\xbf", 3);
  EXPECT_EQ(B64(bytes), "+/+/");
  EXPECT_EQ(B64Url(bytes), "-_-_");
  EXPECT_EQ(DecodeBase64("+/+/"), bytes);
  EXPECT_EQ(DecodeBase64Url("-_-_"), bytes);
  EXPECT_FALSE(DecodeBase64("-_-_").has_value());
  EXPECT_FALSE(DecodeBase64Url("+/+/").has_value());
}

TEST(Encoding, HexIsLowerCase) {
  EXPECT_EQ(Hex(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(Hex(""), "");
}

TEST(Encoding, AppendNeverClears) {
  std::string out = "x:";
  AppendBase64("f", out);
  AppendBase64UrlNoPad("f", out);
  AppendHex("f", out);
  EXPECT_EQ(out, "x:Zg==Zg66");
}

TEST(Encoding, RandomRoundTrips) {
  std::mt19937 rng(42);
  for (int len = 0; len < 200; ++len) {
    std::string bytes(len, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
    const std::string padded = B64(bytes);
    const std::string unpadded = B64Url(bytes);
    EXPECT_EQ(padded.size() % 4, 0u);
    EXPECT_EQ(unpadded.find('='), std::string::npos);
    EXPECT_EQ(DecodeBase64(padded), bytes) << len;
    EXPECT_EQ(DecodeBase64Url(unpadded), bytes) << len;
    EXPECT_EQ(Hex(bytes).size(), 2u * len);
  }
}

TEST(Encoding, Base64IsStrict) {
  for (const char* bad : {
           "Zg",        // padding required
           "Zg=",       // wrong length
           "Zg===",     // too much padding
           "====",      //
           "Z===",      //
           "Zh==",      // non-zero trailing bits ("Zg==" is the only spelling)
           "Zm9=",      // non-zero trailing bits
           "Zm9v\n",    // whitespace
           " Zm9v",     //
           "Zm=v",      // padding in the middle
           "Zg==Zg==",  // padding in the middle
           "Zm9v!A==",  // foreign character
           "Zm9-",      // base64url alphabet
       }) {
    EXPECT_FALSE(DecodeBase64(bad).has_value()) << bad;
  }
}

TEST(Encoding, Base64UrlIsStrict) {
  for (const char* bad : {
           "Z",       // 1 mod 4 symbols is impossible
           "Zm9vY",   //
           "Zg=",     // padding must complete the group
           "Zm8==",   //
           "Zg===",   //
           "Zh",      // non-zero trailing bits
           "Zm9",     //
           "Zm9v+A",  // base64 alphabet
           "Zm9v/A",  //
           "Zm 9v",   // whitespace
           "Zm9v\r",  //
           "Zg==Zg",  // padding in the middle
           "=",       //
       }) {
    EXPECT_FALSE(DecodeBase64Url(bad).has_value()) << bad;
  }
  EXPECT_EQ(DecodeBase64Url(""), std::string());
}

}  // namespace
}  // namespace scrubline
