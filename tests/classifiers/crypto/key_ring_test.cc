#include "classifiers/crypto/key_ring.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "classifiers/crypto/encoding.h"

namespace scrubline {
namespace {

// Key material 00 01 .. 1f; the subkeys below were computed independently with
// python3 (hmac/hashlib; HKDF written out by hand), see tokenizer_test.cc:
//   hkdf(bytes(range(32)), b"scrubline/v1", b"scrubline encryption", 64).hex()
constexpr char kKeyText[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
constexpr char kOtherKeyText[] = "ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZm";  // 36 bytes
constexpr char kShortKeyText[] = "c2hvcnRrZXlzaG9ydGtleXNob3J0a2V5";                  // 24 bytes

std::string Hex(std::string_view bytes) {
  std::string out;
  AppendHex(bytes, out);
  return out;
}

StatusOr<KeyRing> ParseOk(std::string_view text) {
  StatusOr<KeyRing> ring = KeyRing::Parse(text);
  EXPECT_TRUE(ring.ok()) << ring.status().ToString();
  return ring;
}

// The error must be INVALID_ARGUMENT, name the line, and never echo key text.
void ExpectLineError(std::string_view text, int line, std::string_view secret) {
  StatusOr<KeyRing> ring = KeyRing::Parse(text);
  ASSERT_FALSE(ring.ok()) << text;
  EXPECT_EQ(ring.status().code(), StatusCode::kInvalidArgument);
  const std::string& message = ring.status().message();
  EXPECT_NE(message.find("line " + std::to_string(line) + ":"), std::string::npos) << message;
  if (!secret.empty()) {
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
    // Not even a fragment of it.
    EXPECT_EQ(message.find(secret.substr(0, 8)), std::string::npos) << message;
  }
}

TEST(KeyRing, ParsesOneKeyAndDerivesSubkeys) {
  StatusOr<KeyRing> ring = ParseOk(std::string("kat1:") + kKeyText);
  ASSERT_TRUE(ring.ok());
  ASSERT_EQ(ring->keys().size(), 1u);
  const Key& key = ring->active();
  EXPECT_EQ(key.id, "kat1");
  std::string material;
  for (int i = 0; i < 32; ++i) material.push_back(static_cast<char>(i));
  EXPECT_EQ(key.material, material);
  ASSERT_EQ(key.token_subkey.size(), 32u);
  ASSERT_EQ(key.encryption_subkey.size(), 64u);
  ASSERT_EQ(key.dead_letter_subkey.size(), 64u);
  EXPECT_EQ(Hex(key.encryption_subkey),
            "14e444635f5d7e0c68acd4ff62f2420fe033987865ff1dd0ec75349da9ea5d22"
            "b2a737d909831dcb41c05523fab920ed841dec92a9405c5577b2802202ea3d89");
  EXPECT_EQ(Hex(key.dead_letter_subkey),
            "f6a0c9a6afb96c15f3cdb34e81a0969da0ea4d49c164e7a606ce4ff8c004ce2a"
            "0a13780c81752932813e887add2d60fabb999ba1b983d5c79e2abb6d01981c41");
  EXPECT_EQ(&key.Subkey(KeyPurpose::kToken), &key.token_subkey);
  EXPECT_EQ(&key.Subkey(KeyPurpose::kEncryption), &key.encryption_subkey);
  EXPECT_EQ(&key.Subkey(KeyPurpose::kDeadLetter), &key.dead_letter_subkey);
  EXPECT_NE(key.token_subkey, key.encryption_subkey.substr(0, 32));
}

TEST(KeyRing, CommentsBlankLinesAndOrder) {
  const std::string text = std::string() +
                           "# scrubline keys, newest first\n"
                           "\n"
                           "   # indented comment\n"
                           "new1:" +
                           kKeyText +
                           "   # active since 2024-05\r\n"
                           "\t\n"
                           "  old1:" +
                           kOtherKeyText +
                           "#no space before the comment\n"
                           "#trailing comment without newline";
  StatusOr<KeyRing> ring = ParseOk(text);
  ASSERT_TRUE(ring.ok());
  ASSERT_EQ(ring->keys().size(), 2u);
  EXPECT_EQ(ring->active().id, "new1");
  EXPECT_EQ(ring->keys()[1].id, "old1");
  EXPECT_EQ(ring->keys()[1].material, std::string(36, 'f'));
  ASSERT_NE(ring->Find("old1"), nullptr);
  EXPECT_EQ(ring->Find("old1")->id, "old1");
  EXPECT_EQ(ring->Find("new1"), &ring->active());
  EXPECT_EQ(ring->Find("missing"), nullptr);
  EXPECT_EQ(ring->Find(""), nullptr);
  // Different material, different subkeys.
  EXPECT_NE(ring->keys()[0].token_subkey, ring->keys()[1].token_subkey);
}

TEST(KeyRing, AcceptsPaddedBase64UrlAndLongIds) {
  // 33 bytes of 'a' -> 44 symbols, no padding needed; 34 bytes needs "==" when padded.
  const std::string id32(32, 'Z');
  StatusOr<KeyRing> ring = ParseOk(id32 + ":YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYQ==");
  ASSERT_TRUE(ring.ok());
  EXPECT_EQ(ring->active().id, id32);
  EXPECT_EQ(ring->active().material, std::string(34, 'a'));
}

TEST(KeyRing, ShortKey) {
  ExpectLineError(std::string("# c\nk1:") + kShortKeyText, 2, kShortKeyText);
  StatusOr<KeyRing> ring = KeyRing::Parse(std::string("k1:") + kShortKeyText);
  EXPECT_NE(ring.status().message().find("24 bytes"), std::string::npos) << ring.status().message();
}

TEST(KeyRing, BadIds) {
  const std::string key = kKeyText;
  ExpectLineError(":" + key, 1, key);                         // empty id
  ExpectLineError(std::string(33, 'a') + ":" + key, 1, key);  // too long
  ExpectLineError("k-1:" + key, 1, key);
  ExpectLineError("k_1:" + key, 1, key);
  ExpectLineError("k 1:" + key, 1, key);
  ExpectLineError("\n\nk\xc3\xa9:" + key, 3, key);  // non-ASCII
  ExpectLineError(key, 1, key);                     // no id at all
}

TEST(KeyRing, BadBase64) {
  const std::string key = kKeyText;
  ExpectLineError("k1:" + key + "!", 1, key);
  ExpectLineError("k1: " + key, 1, key);        // no spaces inside the line
  ExpectLineError("k1:" + key + "AB", 1, key);  // 45 symbols: 1 mod 4 is impossible
  // Standard base64 alphabet is rejected ('+' and '/').
  ExpectLineError("k1:+/" + key.substr(2), 1, key.substr(2));
  ExpectLineError("k1:" + key + ":extra", 1, key);
}

TEST(KeyRing, DuplicateIdNamesBothLines) {
  const std::string text = std::string("a1:") + kKeyText + "\n# c\na1:" + kOtherKeyText + "\n";
  ExpectLineError(text, 3, kOtherKeyText);
  StatusOr<KeyRing> ring = KeyRing::Parse(text);
  EXPECT_NE(ring.status().message().find("line 1"), std::string::npos) << ring.status().message();
  EXPECT_EQ(ring.status().message().find(kKeyText), std::string::npos);
  // Ids are case-sensitive: A1 and a1 are different keys.
  EXPECT_TRUE(KeyRing::Parse(std::string("a1:") + kKeyText + "\nA1:" + kOtherKeyText).ok());
}

TEST(KeyRing, EmptyRing) {
  for (const char* text : {"", "\n\n", "# only a comment\n", "   \t\r\n# x\n  # y"}) {
    StatusOr<KeyRing> ring = KeyRing::Parse(text);
    ASSERT_FALSE(ring.ok()) << text;
    EXPECT_EQ(ring.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(ring.status().message().find("no keys"), std::string::npos);
  }
}

TEST(KeyRing, GenerateLineParsesBackAndIsRandom) {
  StatusOr<std::string> a = KeyRing::GenerateLine();
  StatusOr<std::string> b = KeyRing::GenerateLine();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  for (const std::string& line : {*a, *b}) {
    // "k" + 8 hex, ':', 43 base64url symbols (32 bytes, unpadded).
    ASSERT_EQ(line.size(), 1 + 8 + 1 + 43u) << line;
    EXPECT_EQ(line[0], 'k');
    EXPECT_EQ(line.find_first_not_of("0123456789abcdef", 1), 9u);
    EXPECT_EQ(line[9], ':');
    StatusOr<KeyRing> ring = ParseOk(line);
    ASSERT_TRUE(ring.ok());
    EXPECT_EQ(ring->active().id, line.substr(0, 9));
    EXPECT_EQ(ring->active().material.size(), 32u);
  }
  EXPECT_NE(a->substr(10), b->substr(10));
}

class KeyRingFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_env_ = std::getenv("SCRUBLINE_KEY");
    had_env_ = saved_env_ != nullptr;
    if (had_env_) saved_value_ = saved_env_;
    unsetenv("SCRUBLINE_KEY");
    path_ = ::testing::TempDir() + "scrubline_key_ring_test_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".keys";
  }
  void TearDown() override {
    std::remove(path_.c_str());
    if (had_env_) {
      setenv("SCRUBLINE_KEY", saved_value_.c_str(), 1);
    } else {
      unsetenv("SCRUBLINE_KEY");
    }
  }
  void WriteFile(const std::string& text) {
    std::ofstream out(path_, std::ios::binary);
    out << text;
  }

  std::string path_;

 private:
  const char* saved_env_ = nullptr;
  bool had_env_ = false;
  std::string saved_value_;
};

TEST_F(KeyRingFiles, LoadFile) {
  WriteFile(std::string("# keys\nfile1:") + kKeyText + "\n");
  StatusOr<KeyRing> ring = KeyRing::LoadFile(path_);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(ring->active().id, "file1");

  StatusOr<KeyRing> missing = KeyRing::LoadFile(path_ + ".missing");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST_F(KeyRingFiles, FileErrorsNameTheFileAndLine) {
  WriteFile(std::string("\n\nbad:") + kShortKeyText + "\n");
  StatusOr<KeyRing> ring = KeyRing::LoadFile(path_);
  ASSERT_FALSE(ring.ok());
  const std::string& message = ring.status().message();
  EXPECT_NE(message.find(path_), std::string::npos) << message;
  EXPECT_NE(message.find("line 3"), std::string::npos) << message;
  EXPECT_EQ(message.find(kShortKeyText), std::string::npos) << message;
}

TEST_F(KeyRingFiles, FileWinsOverEnvironment) {
  WriteFile(std::string("file1:") + kKeyText + "\n");
  setenv("SCRUBLINE_KEY", (std::string("env1:") + kOtherKeyText).c_str(), 1);
  StatusOr<KeyRing> ring = KeyRing::FromFileOrEnv(path_);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(ring->active().id, "file1");
  // A named file that does not exist is an error, not a fallback to the env.
  EXPECT_EQ(KeyRing::FromFileOrEnv(path_ + ".missing").status().code(), StatusCode::kNotFound);
}

TEST_F(KeyRingFiles, EnvironmentWhenNoFile) {
  setenv("SCRUBLINE_KEY", (std::string("env1:") + kOtherKeyText + "\nenv0:" + kKeyText).c_str(), 1);
  StatusOr<KeyRing> ring = KeyRing::FromFileOrEnv("");
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(ring->active().id, "env1");
  EXPECT_EQ(ring->keys().size(), 2u);

  setenv("SCRUBLINE_KEY", (std::string("env1:") + kShortKeyText).c_str(), 1);
  StatusOr<KeyRing> bad = KeyRing::FromFileOrEnv("");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("SCRUBLINE_KEY"), std::string::npos);
  EXPECT_EQ(bad.status().message().find(kShortKeyText), std::string::npos);
}

TEST_F(KeyRingFiles, NeitherIsFailedPrecondition) {
  StatusOr<KeyRing> ring = KeyRing::FromFileOrEnv("");
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(ring.status().message().find("scrubline keygen"), std::string::npos);
  setenv("SCRUBLINE_KEY", "", 1);  // set but empty counts as absent
  EXPECT_EQ(KeyRing::FromFileOrEnv("").status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace scrubline
