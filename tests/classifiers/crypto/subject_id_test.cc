#include "classifiers/crypto/subject_id.h"

#include <openssl/hmac.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "classifiers/base/ascii.h"
#include "classifiers/crypto/encoding.h"
#include "tests/support/allocation_counter.h"

namespace scrubline {
namespace {

// The subjects key of tests/golden/subjects.keys: material 40 41 .. 5f.
constexpr char kSubjectsLine[] = "subjects subj1:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8";
constexpr char kTokenLine[] = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
constexpr char kNewTokenLine[] = "kat2:ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZm";

// Known answers computed independently with the openssl CLI (OpenSSL 3.0),
// not with scrubline code:
//   IKM=$(python3 -c "print(bytes(range(0x40,0x60)).hex())")
//   openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexkey:$IKM
//     -kdfopt salt:scrubline/v1 -kdfopt info:"scrubline subject" HKDF   (one line)
//   printf 'phone\0+14155550100' | openssl dgst -sha256 -mac HMAC
//     -macopt hexkey:$SUBKEY -binary | head -c 16 | base64 | tr '+/' '-_' | tr -d '='
constexpr char kSubjectSubkeyHex[] =
    "362b4526819fee04c875fdac3d2099397e1ddf74fd67c2cb6a3117d2582a8309";
constexpr char kPhoneId[] = "phone:CYOgtiFKDOkWaj0tJ1g9ew";      // +14155550100
constexpr char kEmailId[] = "email:tDs_mgrEF15bztuFlKVX1A";      // jane@example.com
constexpr char kAccountId[] = "account:OgSoHj3ldO9ADVEU-6Y3Ow";  // AC0123
constexpr char kUserId[] = "user:jEOLAgTYyzPyBLAJawa8ww";        // u-42

KeyRing Ring(const std::string& text) {
  StatusOr<KeyRing> ring = KeyRing::Parse(text);
  EXPECT_TRUE(ring.ok()) << ring.status().ToString();
  return std::move(ring).value();
}

SubjectIdBuilder Builder(const KeyRing& ring) {
  StatusOr<SubjectIdBuilder> builder = SubjectIdBuilder::Create(ring);
  EXPECT_TRUE(builder.ok()) << builder.status().ToString();
  return std::move(builder).value();
}

std::string Id(SubjectIdBuilder& builder, SubjectType type, std::string_view value,
               std::string_view calling_code = "") {
  std::string out;
  const Status st = builder.Append(type, value, calling_code, out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

std::string Hex(std::string_view bytes) {
  std::string out;
  AppendHex(bytes, out);
  return out;
}

// The id as the format in subject_id.h defines it, with OpenSSL's one-shot
// HMAC() (not the EVP_MAC context scrubline uses) and the CLI-derived subkey.
std::string IndependentId(std::string_view type, std::string_view canonical) {
  std::string subkey;
  for (std::size_t i = 0; i < 64; i += 2) {
    const std::string byte(kSubjectSubkeyHex + i, 2);
    subkey.push_back(static_cast<char>(std::stoi(byte, nullptr, 16)));
  }
  std::string message(type);
  message.push_back('\0');
  message.append(canonical);
  unsigned char mac[32];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), subkey.data(), static_cast<int>(subkey.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
  EXPECT_EQ(mac_len, 32u);
  std::string id(type);
  id.push_back(':');
  AppendBase64UrlNoPad(std::string_view(reinterpret_cast<const char*>(mac), 16), id);
  return id;
}

class SubjectIdTest : public ::testing::Test {
 protected:
  KeyRing ring_ = Ring(std::string(kTokenLine) + "\n" + kSubjectsLine + "\n");
  SubjectIdBuilder builder_ = Builder(ring_);
};

TEST_F(SubjectIdTest, SubkeyMatchesTheOpenSslCli) {
  ASSERT_NE(ring_.subjects_key(), nullptr);
  EXPECT_EQ(Hex(ring_.subjects_key()->Subkey(KeyPurpose::kSubject)), kSubjectSubkeyHex);
  EXPECT_EQ(builder_.key_id(), "subj1");
}

TEST_F(SubjectIdTest, KnownAnswers) {
  EXPECT_EQ(Id(builder_, SubjectType::kPhone, "+14155550100"), kPhoneId);
  EXPECT_EQ(Id(builder_, SubjectType::kEmail, "jane@example.com"), kEmailId);
  EXPECT_EQ(Id(builder_, SubjectType::kAccount, "AC0123"), kAccountId);
  EXPECT_EQ(Id(builder_, SubjectType::kUser, "u-42"), kUserId);
}

TEST_F(SubjectIdTest, MatchesAnIndependentHmacForManyValues) {
  const std::vector<std::pair<SubjectType, std::string>> cases = {
      {SubjectType::kPhone, "+442079460958"},
      {SubjectType::kPhone, "+1"},
      {SubjectType::kEmail, "a@b"},
      {SubjectType::kEmail, "x.y+tag@sub.example.org"},
      {SubjectType::kAccount, "AC0123456789abcdef0123456789abcdef"},
      {SubjectType::kAccount, "with inner  blanks"},
      {SubjectType::kUser, std::string("nul\0inside", 10)},
      {SubjectType::kUser, std::string(300, 'u')},  // longer than the reserved buffer
  };
  for (const auto& [type, canonical] : cases) {
    EXPECT_EQ(Id(builder_, type, canonical), IndependentId(SubjectTypeName(type), canonical))
        << SubjectTypeName(type);
  }
}

TEST_F(SubjectIdTest, OnePhoneNumberInEveryFormatIsOneSubject) {
  const std::string id = Id(builder_, SubjectType::kPhone, "+1 415-555-0100", "1");
  EXPECT_EQ(id, kPhoneId);
  EXPECT_EQ(Id(builder_, SubjectType::kPhone, "(415) 555-0100", "1"), id);
  EXPECT_EQ(Id(builder_, SubjectType::kPhone, "(415) 555-0100", "+1"), id);
  EXPECT_EQ(Id(builder_, SubjectType::kPhone, "0014155550100", "1"), id);
  EXPECT_EQ(Id(builder_, SubjectType::kPhone, "0014155550100", ""), id);
  EXPECT_EQ(Id(builder_, SubjectType::kPhone, "  +1.415.555.0100\r\n", "44"), id);
  // The calling code decides what a national number means.
  EXPECT_NE(Id(builder_, SubjectType::kPhone, "(415) 555-0100", "44"), id);
}

TEST_F(SubjectIdTest, EmailIsCaseInsensitiveAndTrimmed) {
  EXPECT_EQ(Id(builder_, SubjectType::kEmail, "Jane@Example.COM"), kEmailId);
  EXPECT_EQ(Id(builder_, SubjectType::kEmail, " \tJANE@EXAMPLE.COM \n"), kEmailId);
}

TEST_F(SubjectIdTest, AccountAndUserAreTrimmedButOtherwiseExact) {
  EXPECT_EQ(Id(builder_, SubjectType::kAccount, "  AC0123\t"), kAccountId);
  EXPECT_NE(Id(builder_, SubjectType::kAccount, "ac0123"), kAccountId);
  EXPECT_EQ(Id(builder_, SubjectType::kUser, "\nu-42 "), kUserId);
}

TEST_F(SubjectIdTest, DifferentTypesNeverCollide) {
  // The same text under each type: different prefixes and different MACs.
  std::vector<std::string> digests;
  for (const SubjectType type : {SubjectType::kAccount, SubjectType::kUser}) {
    const std::string id = Id(builder_, type, "+14155550100");
    EXPECT_TRUE(id.starts_with(std::string(SubjectTypeName(type)) + ":")) << id;
    digests.push_back(id.substr(id.find(':')));
  }
  digests.push_back(std::string(kPhoneId).substr(5));
  EXPECT_NE(digests[0], digests[1]);
  EXPECT_NE(digests[0], digests[2]);
  EXPECT_NE(digests[1], digests[2]);
  EXPECT_NE(Id(builder_, SubjectType::kEmail, "u@x").substr(5),
            Id(builder_, SubjectType::kUser, "u@x").substr(4));
}

TEST_F(SubjectIdTest, ValuesNotOfTheirTypeAreErrorsThatNeverEchoTheValue) {
  const std::vector<std::pair<SubjectType, std::string>> bad = {
      {SubjectType::kPhone, "415-CALL-NOW"}, {SubjectType::kPhone, "ext 4155550100"},
      {SubjectType::kPhone, "1+4155550100"}, {SubjectType::kPhone, "00"},
      {SubjectType::kPhone, "   "},          {SubjectType::kPhone, ""},
      {SubjectType::kEmail, "janedoe"},      {SubjectType::kEmail, "@example.com"},
      {SubjectType::kEmail, "janedoe@"},     {SubjectType::kEmail, ""},
      {SubjectType::kAccount, " \t "},       {SubjectType::kUser, ""},
  };
  for (const auto& [type, value] : bad) {
    std::string out = "kept";
    const Status st = builder_.Append(type, value, "1", out);
    ASSERT_FALSE(st.ok()) << SubjectTypeName(type) << " [" << value << "]";
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(st.message().starts_with(std::string(SubjectTypeName(type)) + " subject: "))
        << st.message();
    const std::string trimmed(TrimAsciiSpace(value));
    if (trimmed.size() >= 3) {
      EXPECT_EQ(st.message().find(trimmed), std::string::npos) << st.message();
    }
    EXPECT_EQ(out, "kept");  // nothing appended on error
  }
}

TEST_F(SubjectIdTest, AppendAppendsAndComputeIsTheBinaryForm) {
  std::string out = "prefix ";
  ASSERT_TRUE(builder_.Append(SubjectType::kPhone, "+14155550100", "", out).ok());
  EXPECT_EQ(out, std::string("prefix ") + kPhoneId);

  SubjectDigest digest{};
  ASSERT_TRUE(builder_.Compute(SubjectType::kPhone, "+14155550100", "", digest).ok());
  SubjectType parsed_type = SubjectType::kUser;
  SubjectDigest parsed{};
  ASSERT_TRUE(ParseSubjectId(kPhoneId, parsed_type, parsed));
  EXPECT_EQ(parsed_type, SubjectType::kPhone);
  EXPECT_EQ(parsed, digest);
}

TEST(SubjectId, TypeNamesRoundTrip) {
  for (const SubjectType type :
       {SubjectType::kPhone, SubjectType::kEmail, SubjectType::kAccount, SubjectType::kUser}) {
    EXPECT_EQ(ParseSubjectType(SubjectTypeName(type)), type);
  }
  EXPECT_EQ(SubjectTypeName(SubjectType::kPhone), "phone");
  EXPECT_EQ(SubjectTypeName(SubjectType::kEmail), "email");
  EXPECT_EQ(SubjectTypeName(SubjectType::kAccount), "account");
  EXPECT_EQ(SubjectTypeName(SubjectType::kUser), "user");
  for (const char* name : {"", "Phone", "PHONE", "phones", "e-mail", "users"}) {
    EXPECT_FALSE(ParseSubjectType(name).has_value()) << name;
  }
}

TEST(SubjectId, ParseIsStrict) {
  SubjectType type = SubjectType::kPhone;
  SubjectDigest digest{};
  EXPECT_TRUE(ParseSubjectId(kUserId, type, digest));
  EXPECT_EQ(type, SubjectType::kUser);
  EXPECT_TRUE(ParseSubjectId(kEmailId, type, digest));
  EXPECT_EQ(type, SubjectType::kEmail);
  const std::string digest_text = std::string(kPhoneId).substr(6);
  for (const std::string& bad : {
           std::string(""),
           std::string("phone"),
           std::string("phone:"),
           digest_text,                                 // no type
           "PHONE:" + digest_text,                      // types are lower case
           "fax:" + digest_text,                        // unknown type
           "phone:" + digest_text.substr(1),            // 21 chars
           "phone:" + digest_text + "A",                // 23 chars
           "phone:" + digest_text + "==",               // padding
           "phone:" + digest_text.substr(0, 21) + "x",  // non-zero padding bits
           "phone:" + digest_text.substr(0, 10) + "+" + digest_text.substr(11),  // not base64url
           " phone:" + digest_text,
       }) {
    EXPECT_FALSE(ParseSubjectId(bad, type, digest)) << bad;
  }
}

TEST(SubjectId, RingWithoutSubjectsKeyIsAClearError) {
  const KeyRing ring = Ring(kTokenLine);
  EXPECT_EQ(ring.subjects_key(), nullptr);
  StatusOr<SubjectIdBuilder> builder = SubjectIdBuilder::Create(ring);
  ASSERT_FALSE(builder.ok());
  EXPECT_EQ(builder.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(builder.status().message(),
            "the key ring has no subjects key; add one with scrubline keygen --subjects");
}

TEST(SubjectId, TokenKeyRotationKeepsEveryId) {
  KeyRing before = Ring(std::string(kTokenLine) + "\n" + kSubjectsLine);
  // Rotated: a new active token key first, the old one kept, the subjects line moved.
  KeyRing after = Ring(std::string(kSubjectsLine) + "\n" + kNewTokenLine + "\n" + kTokenLine);
  ASSERT_NE(before.active().id, after.active().id);
  SubjectIdBuilder a = Builder(before);
  SubjectIdBuilder b = Builder(after);
  for (const SubjectType type :
       {SubjectType::kPhone, SubjectType::kEmail, SubjectType::kAccount, SubjectType::kUser}) {
    const std::string value = type == SubjectType::kEmail ? "jane@example.com" : "+14155550100";
    EXPECT_EQ(Id(a, type, value), Id(b, type, value)) << SubjectTypeName(type);
  }
  EXPECT_EQ(Id(b, SubjectType::kPhone, "+14155550100"), kPhoneId);
  // A different subjects key is a different id space.
  KeyRing other = Ring(std::string(kTokenLine) +
                       "\nsubjects subj2:ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZm");
  SubjectIdBuilder c = Builder(other);
  EXPECT_NE(Id(c, SubjectType::kPhone, "+14155550100"), kPhoneId);
}

TEST_F(SubjectIdTest, NoAllocationPerCallOnceWarm) {
  if (!SCRUBLINE_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under ASan";
  std::string out;
  out.reserve(64);
  SubjectDigest digest{};
  // Warm up: the canonical buffer is reserved at creation; OpenSSL fetches lazily.
  ASSERT_TRUE(builder_.Append(SubjectType::kPhone, "(415) 555-0100", "1", out).ok());
  const long before = g_allocations.load();
  g_counting = true;
  bool ok = true;
  for (int i = 0; i < 1000; ++i) {
    out.clear();
    ok &= builder_.Append(SubjectType::kPhone, "(415) 555-0100", "1", out).ok();
    out.clear();
    ok &= builder_.Append(SubjectType::kEmail, " Jane@Example.com ", "", out).ok();
    ok &= builder_.Compute(SubjectType::kAccount, "AC0123", "", digest).ok();
  }
  g_counting = false;
  EXPECT_TRUE(ok);
  EXPECT_EQ(g_allocations.load() - before, 0);
}

}  // namespace
}  // namespace scrubline
