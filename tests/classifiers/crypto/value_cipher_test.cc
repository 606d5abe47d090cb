// The `encrypt` action's cipher: deterministic, authenticated, readable under
// older keys while they stay in the ring, and every tampering rejected.
#include "classifiers/crypto/value_cipher.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace scrubline {
namespace {

constexpr char kKeys[] =
    "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n"
    "old0:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM\n";

ValueCipher Cipher(std::string_view keys) {
  auto ring = KeyRing::Parse(keys);
  EXPECT_TRUE(ring.ok()) << ring.status().ToString();
  auto cipher = ValueCipher::Create(*ring);
  EXPECT_TRUE(cipher.ok()) << cipher.status().ToString();
  return std::move(*cipher);
}

std::string Encrypt(ValueCipher& c, std::string_view value) {
  std::string out;
  EXPECT_TRUE(c.Encrypt(value, out).ok());
  return out;
}

TEST(ValueCipher, RoundTripsExactBytesDeterministically) {
  ValueCipher c = Cipher(kKeys);
  for (std::string value : {std::string("+14155550100"), std::string("jane.doe@example.com"),
                            std::string(""), std::string("line\nbreak \"quoted\" \xC3\xA9"),
                            std::string(3000, 'x'), std::string("\0\xff", 2)}) {
    const std::string e = Encrypt(c, value);
    EXPECT_TRUE(std::regex_match(e, std::regex("enc_test1_[A-Za-z0-9_-]{22,}"))) << e;
    EXPECT_TRUE(ValueCipher::LooksEncrypted(e));
    EXPECT_EQ(e, Encrypt(c, value)) << "deterministic: equal values join";
    EXPECT_EQ(e.find(value.empty() ? "\x01" : value), std::string::npos);
    std::string back;
    ASSERT_TRUE(c.Decrypt(e, back).ok());
    EXPECT_EQ(back, value);
  }
  EXPECT_NE(Encrypt(c, "+14155550100"), Encrypt(c, "+14155550101"));
}

TEST(ValueCipher, OlderKeysStillDecryptAndDestroyedOnesCannot) {
  ValueCipher old_only = Cipher("old0:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM\n");
  const std::string written_long_ago = Encrypt(old_only, "+442079460958");
  ASSERT_EQ(written_long_ago.rfind("enc_old0_", 0), 0u);
  ValueCipher rotated = Cipher(kKeys);  // test1 active, old0 kept for reading
  std::string back;
  ASSERT_TRUE(rotated.Decrypt(written_long_ago, back).ok());
  EXPECT_EQ(back, "+442079460958");
  EXPECT_NE(Encrypt(rotated, "+442079460958"), written_long_ago);  // new values: the new key
  ValueCipher destroyed = Cipher("test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n");
  back.clear();
  EXPECT_EQ(destroyed.Decrypt(written_long_ago, back).code(), StatusCode::kNotFound);
  EXPECT_TRUE(back.empty());
}

// Key epochs choose a key per record: Encrypt under a named key of the ring
// gives exactly what a ring with that key active gives.
TEST(ValueCipher, EncryptsUnderANamedKey) {
  ValueCipher c = Cipher(kKeys);
  ValueCipher old_only = Cipher("old0:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM\n");
  std::string under_old;
  ASSERT_TRUE(c.Encrypt("+442079460958", under_old, "old0").ok());
  EXPECT_EQ(under_old, Encrypt(old_only, "+442079460958"));
  std::string under_active;
  ASSERT_TRUE(c.Encrypt("+442079460958", under_active, "test1").ok());
  EXPECT_EQ(under_active, Encrypt(c, "+442079460958"));
  std::string none;
  EXPECT_EQ(c.Encrypt("+442079460958", none, "gone").code(), StatusCode::kNotFound);
}

TEST(ValueCipher, RejectsEveryTampering) {
  ValueCipher c = Cipher(kKeys);
  const std::string e = Encrypt(c, "jane.doe@example.com");
  std::string out;
  // Every single-character change in the data.
  const std::string prefix = "enc_test1_";
  for (std::size_t i = prefix.size(); i < e.size(); ++i) {
    std::string t = e;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    out.clear();
    const Status s = c.Decrypt(t, out);
    EXPECT_FALSE(s.ok()) << i;
    EXPECT_TRUE(out.empty()) << i;
    EXPECT_EQ(s.message().find("jane"), std::string::npos);
  }
  // Cut short, moved under the other key id, not the form at all.
  EXPECT_FALSE(c.Decrypt(e.substr(0, e.size() - 4), out).ok());
  EXPECT_EQ(c.Decrypt("enc_old0_" + e.substr(prefix.size()), out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(c.Decrypt("enc_nokey_" + e.substr(prefix.size()), out).code(), StatusCode::kNotFound);
  for (const char* bad : {"", "tok_test1_abc", "enc_", "enc_test1_", "enc__AAAAAAAAAAAAAAAAAAAAAAAA",
                          "enc_test1_AAAA", "enc_te$t_AAAAAAAAAAAAAAAAAAAAAAAA",
                          "enc_test1_AAAAAAAAAAAAAAAAAAAAAA=="}) {
    EXPECT_FALSE(ValueCipher::LooksEncrypted(bad)) << bad;
    EXPECT_EQ(c.Decrypt(bad, out).code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace scrubline
