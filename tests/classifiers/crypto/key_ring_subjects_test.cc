// The key ring's subjects key ("subjects ID:BASE64URL"): parsing, errors that
// name lines but never material, and that rings without it keep working.
#include <string>

#include <gtest/gtest.h>

#include "classifiers/crypto/key_ring.h"

namespace scrubline {
namespace {

constexpr char kKeyText[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";       // 00 .. 1f
constexpr char kSubjectsText[] = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8";  // 40 .. 5f
constexpr char kShortKeyText[] = "c2hvcnRrZXlzaG9ydGtleXNob3J0a2V5";             // 24 bytes

std::string Bytes(int first, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>(first + i));
  return out;
}

void ExpectLineError(const std::string& text, int line, std::string_view expected,
                     std::string_view secret) {
  StatusOr<KeyRing> ring = KeyRing::Parse(text);
  ASSERT_FALSE(ring.ok()) << text;
  EXPECT_EQ(ring.status().code(), StatusCode::kInvalidArgument);
  const std::string& message = ring.status().message();
  EXPECT_NE(message.find("line " + std::to_string(line) + ":"), std::string::npos) << message;
  EXPECT_NE(message.find(expected), std::string::npos) << message;
  EXPECT_EQ(message.find(secret.substr(0, 8)), std::string::npos) << message;
}

TEST(KeyRingSubjects, ExistingRingsHaveNoSubjectsKeyAndStillParse) {
  StatusOr<KeyRing> ring = KeyRing::LoadFile(SCRUBLINE_SOURCE_DIR "/tests/golden/test.keys");
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(ring->subjects_key(), nullptr);
  EXPECT_EQ(ring->active().id, "test1");
  EXPECT_TRUE(ring->active().subject_subkey.empty());
  EXPECT_TRUE(ring->active().Subkey(KeyPurpose::kSubject).empty());
}

TEST(KeyRingSubjects, SubjectsLineIsItsOwnKey) {
  StatusOr<KeyRing> ring = KeyRing::LoadFile(SCRUBLINE_SOURCE_DIR "/tests/golden/subjects.keys");
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  ASSERT_NE(ring->subjects_key(), nullptr);
  const Key& subjects = *ring->subjects_key();
  EXPECT_EQ(subjects.id, "subj1");
  EXPECT_EQ(subjects.material, Bytes(0x40, 32));
  EXPECT_EQ(subjects.subject_subkey.size(), 32u);
  EXPECT_EQ(&subjects.Subkey(KeyPurpose::kSubject), &subjects.subject_subkey);
  // It can never tokenise or encrypt: no such subkeys.
  EXPECT_TRUE(subjects.token_subkey.empty());
  EXPECT_TRUE(subjects.encryption_subkey.empty());
  EXPECT_TRUE(subjects.dead_letter_subkey.empty());
  // Not a token key: not active, not in keys(), not found by id for decryption.
  EXPECT_EQ(ring->active().id, "test1");
  ASSERT_EQ(ring->keys().size(), 2u);
  EXPECT_EQ(ring->Find("subj1"), nullptr);
}

TEST(KeyRingSubjects, AnywhereWithBlanksAndComments) {
  for (const std::string& text : {
           std::string("subjects s1:") + kSubjectsText + "\nk1:" + kKeyText,
           std::string("k1:") + kKeyText + "\n  subjects\t \ts1:" + kSubjectsText + "  # mine\r\n",
           std::string("# ring\nk1:") + kKeyText + "\n\nsubjects s1:" + kSubjectsText,
       }) {
    StatusOr<KeyRing> ring = KeyRing::Parse(text);
    ASSERT_TRUE(ring.ok()) << ring.status().ToString();
    ASSERT_NE(ring->subjects_key(), nullptr);
    EXPECT_EQ(ring->subjects_key()->id, "s1");
    EXPECT_EQ(ring->active().id, "k1");
    EXPECT_EQ(ring->keys().size(), 1u);
  }
}

TEST(KeyRingSubjects, SubkeyIsDomainSeparatedFromTokenSubkeys) {
  // The same material as a token key and as the subjects key: different subkeys.
  StatusOr<KeyRing> ring =
      KeyRing::Parse(std::string("k1:") + kKeyText + "\nsubjects s1:" + kKeyText);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_NE(ring->subjects_key()->subject_subkey, ring->active().token_subkey);
}

TEST(KeyRingSubjects, AnIdNamedSubjectsIsAnOrdinaryTokenKey) {
  StatusOr<KeyRing> ring = KeyRing::Parse(std::string("subjects:") + kKeyText);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(ring->active().id, "subjects");
  EXPECT_EQ(ring->subjects_key(), nullptr);
}

TEST(KeyRingSubjects, ErrorsNameLinesNeverMaterial) {
  const std::string token = std::string("k1:") + kKeyText + "\n";
  ExpectLineError(token + "subjects s1:" + kSubjectsText + "\n# c\nsubjects s2:" + kSubjectsText, 4,
                  "second subjects key (the first is on line 2)", kSubjectsText);
  ExpectLineError(token + "subjects k1:" + kSubjectsText, 2, "duplicate key id \"k1\"",
                  kSubjectsText);
  ExpectLineError(std::string("subjects s1:") + kSubjectsText + "\ns1:" + kKeyText, 2,
                  "first defined on line 1", kKeyText);
  ExpectLineError(token + "subjects s1:" + kShortKeyText, 2, "key too short: 24 bytes",
                  kShortKeyText);
  ExpectLineError(token + "subjects s1:" + kSubjectsText + "!", 2, "not valid base64url",
                  kSubjectsText);
  ExpectLineError(token + "subjects " + kSubjectsText, 2, "expected ID:BASE64URL", kSubjectsText);
  ExpectLineError(token + "subjects", 2, "expected ID:BASE64URL", kSubjectsText);
  ExpectLineError(token + "subjects s-1:" + kSubjectsText, 2, "key id must be", kSubjectsText);
  ExpectLineError(token + "subjects subjects s1:" + kSubjectsText, 2, "key id must be",
                  kSubjectsText);
}

TEST(KeyRingSubjects, ASubjectsKeyAloneIsNotARing) {
  StatusOr<KeyRing> ring = KeyRing::Parse(std::string("subjects s1:") + kSubjectsText);
  ASSERT_FALSE(ring.ok());
  EXPECT_NE(ring.status().message().find("no keys besides the subjects key"), std::string::npos)
      << ring.status().message();
  EXPECT_NE(ring.status().message().find("keygen"), std::string::npos);
}

TEST(KeyRingSubjects, GeneratedSubjectsLineParsesBackAndIsRandom) {
  StatusOr<std::string> a = KeyRing::GenerateSubjectsLine();
  StatusOr<std::string> b = KeyRing::GenerateSubjectsLine();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(a->starts_with("subjects s")) << *a;
  StatusOr<KeyRing> ring = KeyRing::Parse(std::string("k1:") + kKeyText + "\n" + *a);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  ASSERT_NE(ring->subjects_key(), nullptr);
  EXPECT_EQ(ring->subjects_key()->material.size(), 32u);
  EXPECT_EQ(a->find(ring->subjects_key()->id), 9u);  // "subjects " then the id
}

}  // namespace
}  // namespace scrubline
