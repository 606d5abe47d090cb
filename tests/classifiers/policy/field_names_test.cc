// The field-name vocabulary on the shipped data file: key names in the
// spellings schemaless records use, the near misses that must stay
// unclassified, the loader's errors and hostile keys.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "classifiers/policy/field_names.h"

#include "tests/support/allocation_counter.h"

namespace scrubline {
namespace {

using ::testing::HasSubstr;

const FieldNameVocabulary& Shipped() {
  static const FieldNameVocabulary* vocabulary = [] {
    auto loaded = FieldNameVocabulary::LoadFile(std::string(SCRUBLINE_SOURCE_DIR) +
                                                "/patterns/fields/names.yaml");
    if (!loaded.ok()) {  // every test needs it: stop with the reason
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      std::abort();
    }
    return new FieldNameVocabulary(std::move(*loaded));
  }();
  return *vocabulary;
}

// The concept name `key` classifies as, or "-" for none.
std::string ConceptOf(std::string_view key) {
  const int index = Shipped().Classify(key);
  return index < 0 ? "-" : Shipped().concept_name(index);
}

struct Case {
  const char* key;
  const char* concept_name;
};

TEST(FieldNames, ShippedFileHasTheAgreedConcepts) {
  const auto& v = Shipped();
  for (const char* name :
       {"email", "phone", "person_name", "postal_address", "postal_code", "city", "ip_address",
        "user_agent", "date_of_birth", "national_id", "payment_card", "bank_account", "credential",
        "device_id", "geo_latitude", "geo_longitude"}) {
    const int index = v.Find(name);
    ASSERT_GE(index, 0) << name;
    EXPECT_EQ(v.concept_name(index), name);
  }
  EXPECT_EQ(v.Find("nonexistent"), -1);
  EXPECT_EQ(v.entity(v.Find("email")), EntityType::kEmail);
  EXPECT_EQ(v.entity(v.Find("ip_address")), EntityType::kIpAddress);
  EXPECT_EQ(v.entity(v.Find("credential")), EntityType::kCredential);
  EXPECT_EQ(v.entity(v.Find("national_id")), std::nullopt);  // spans several types
}

TEST(FieldNames, ClassifiesKeySpellings) {
  // clang-format off
  const Case cases[] = {
      // e-mail: camelCase, separators, qualifiers on either side
      {"emailAddr", "email"}, {"e_mail", "email"}, {"mail_address", "email"},
      {"EmailAddress", "email"}, {"email", "email"}, {"E-Mail", "email"}, {"EMail", "email"},
      {"contact_email", "email"}, {"user.email", "email"}, {"email_hash", "email"},
      {"customerEmailAddress", "email"}, {"mail", "email"},
      // phone
      {"phoneNumber", "phone"}, {"mobile", "phone"}, {"msisdn", "phone"},
      {"cell_phone", "phone"}, {"tel", "phone"}, {"phone_no", "phone"}, {"home_phone_2", "phone"},
      {"from_number", "phone"}, {"MobileNumber", "phone"},
      // names: a qualifying word is required
      {"firstName", "person_name"}, {"last_name", "person_name"}, {"fullName", "person_name"},
      {"surname", "person_name"}, {"caller_name", "person_name"}, {"fname", "person_name"},
      // places
      {"zip", "postal_code"}, {"postcode", "postal_code"}, {"to_zip", "postal_code"},
      {"zip4", "postal_code"}, {"PostalCode", "postal_code"}, {"address_zip", "postal_code"},
      {"address", "postal_address"}, {"billing_address", "postal_address"},
      {"street", "postal_address"}, {"addressLine1", "postal_address"},
      {"from_city", "city"}, {"city", "city"},
      {"lat", "geo_latitude"}, {"gps_latitude", "geo_latitude"}, {"lng", "geo_longitude"},
      // network and devices
      {"ipAddress", "ip_address"}, {"client_ip", "ip_address"}, {"IPv4", "ip_address"},
      {"remote_addr", "ip_address"}, {"last_login_ip", "ip_address"},
      {"userAgent", "user_agent"}, {"HTTPUserAgent", "user_agent"}, {"ua", "user_agent"},
      {"deviceId", "device_id"}, {"idfa", "device_id"}, {"imei", "device_id"},
      {"mac_address", "device_id"},
      // identity, money, secrets
      {"dob", "date_of_birth"}, {"date_of_birth", "date_of_birth"},
      {"birthDate", "date_of_birth"}, {"ssn", "national_id"},
      {"social_security_number", "national_id"}, {"tax_id", "national_id"},
      {"card_number", "payment_card"}, {"ccNumber", "payment_card"}, {"pan", "payment_card"},
      {"primary_account_number", "payment_card"},  // fewer stripped words beat "account number"
      {"iban", "bank_account"}, {"routing_number", "bank_account"},
      {"password", "credential"}, {"new_password", "credential"}, {"api_key", "credential"},
      {"client_secret", "credential"}, {"accessToken", "credential"},
      {"oneTimePassword", "credential"},
  };
  // clang-format on
  for (const auto& c : cases) EXPECT_EQ(ConceptOf(c.key), c.concept_name) << c.key;
}

TEST(FieldNames, ForgivesTyposWithinTheBudget) {
  const Case cases[] = {
      {"emial", "email"},                  // transposition, 5 bytes: 1 edit
      {"adress", "postal_address"},        // deletion
      {"phonenumbr", "phone"},             // one word against "phone number"
      {"phone_numbr", "phone"},            // word by word
      {"user_agnet", "user_agent"},        // transposition inside a word
      {"longtitude", "geo_longitude"},     // 9 bytes: up to 2 edits
      {"emailAdress", "email"},            // typo plus qualifier
      {"passwords", "credential"},         // plural
      {"driving_license", "national_id"},  // licence/license
      {"lognitdue", "geo_longitude"},      // two transpositions, one-word synonym
      {"emial_adress", "email"},           // one typo in each word
  };
  for (const auto& c : cases) EXPECT_EQ(ConceptOf(c.key), c.concept_name) << c.key;
}

TEST(FieldNames, LeavesLookAlikesUnclassified) {
  for (const char* key : {
           // describe a value rather than hold one
           "email_verified",
           "emailVerified",
           "phone_count",
           "has_email",
           "email_opt_in",
           "emailOptIn",
           "is_phone_valid",
           "is_phone_number",
           "phone_type",
           "email_status",
           "email_domain",
           "mobile_app_version",
           "password_policy",
           "altitude",
           // common keys of message records
           "name",
           "status",
           "id",
           "sid",
           "account_sid",
           "body",
           "price",
           "timestamp",
           "direction",
           "from",
           "to",
           "date_sent",
           "num_segments",
           "user_id",
           "friendly_name",
           // near misses
           "mailbox",
           "ipsum",
           "zipper",
           "domain",
           "tip",
           "main",
           "username",
           "hostname",
           "filename",
           "part_number",
           "first_page",
           "first_time",
           "taxi",
           "cardio",
           "accounts",
           "agent",
           "number",
           "key",
           "card",
           "code",
           "telephony",
           "nationality",
           "android",
           "advertising",
           "accessed",
           "accessory",
           "secretary",
           "headdress",
           "hone",
           "gmail",
           "ip_country",
           "phone_country",
           "area_code",
           "page_token",
           "next_page_token",
           "secret_name",
           "display_name",
           "from_name",
       }) {
    EXPECT_EQ(ConceptOf(key), "-") << key;
  }
}

TEST(FieldNames, HostileKeysClassifyAsNothing) {
  const auto& v = Shipped();
  EXPECT_EQ(v.Classify(""), -1);
  EXPECT_EQ(v.Classify("___"), -1);
  EXPECT_EQ(v.Classify("\xff\xfe"
                       "email"),
            -1);  // invalid UTF-8
  EXPECT_EQ(v.Classify("e\xc3"
                       "mail"),
            -1);                                              // truncated sequence
  EXPECT_EQ(v.Classify("courriel_\xc3\xa9lectronique"), -1);  // valid UTF-8: not ASCII
  EXPECT_EQ(v.Classify(std::string("email\0"
                                   "2",
                                   7)),
            v.Find("email"));  // NUL separates
  EXPECT_EQ(v.Classify(std::string(10 * 1024, 'e')), -1);
  EXPECT_EQ(v.Classify(std::string(10 * 1024, '_') + "email"), -1);      // over kMaxKeyBytes
  EXPECT_EQ(v.Classify("a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p_q_email"), -1);  // over kMaxKeyWords
  // At the limits it still works.
  const std::string padded = std::string(FieldNameVocabulary::kMaxKeyBytes - 5, '_') + "email";
  EXPECT_EQ(v.Classify(padded), v.Find("email"));
  EXPECT_EQ(v.Classify("1_2_3_4_5_6_7_8_9_10_11_12_13_14_15_email"), v.Find("email"));
  // Every byte value, alone and next to a synonym: no crash, no match from junk.
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    (void)v.Classify(std::string(1, c));
    (void)v.Classify(std::string(1, c) + "phone" + std::string(1, c));
  }
}

TEST(FieldNames, ClassifyAllocatesNothing) {
  if (!SCRUBLINE_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under ASan";
  const auto& v = Shipped();
  const std::string long_key(FieldNameVocabulary::kMaxKeyBytes, 'x');
  int found = 0;
  g_allocations = 0;
  g_counting = true;
  for (std::string_view key : {std::string_view("emailAddr"), std::string_view("phonenumbr"),
                               std::string_view("first_page"), std::string_view(long_key)}) {
    found += v.Classify(key) >= 0 ? 1 : 0;
  }
  g_counting = false;
  EXPECT_EQ(found, 2);
  EXPECT_EQ(g_allocations.load(), 0);
}

// ---- Loader ----

struct BadFile {
  const char* yaml;
  const char* expected;  // a fragment of the error
};

TEST(FieldNames, RejectsBadFilesNamingFileAndLine) {
  const BadFile cases[] = {
      {"concepts: [", "bad.yaml: line "},
      {"- a\n- b\n", "bad.yaml: top level (line 1): expected a map"},
      {"colour: red\nconcepts: [{name: a, synonyms: [a]}]\n",
       "bad.yaml: colour (line 1): unknown key"},
      {"concepts: []\n", "concepts (line 1): expected a non-empty list"},
      {"concepts:\n  - name: a\n    entity: EMAIL_ADDRESS\n    synonyms: [a]\n",
       "bad.yaml: concepts.a.entity (line 3): unknown entity type 'EMAIL_ADDRESS'"},
      {"concepts:\n  - name: a\n    synonyms: [a]\n    colour: red\n",
       "concepts[0].colour (line 4): unknown key"},
      {"concepts:\n  - name: a\n    synonyms: []\n",
       "concepts.a.synonyms (line 3): expected a non-empty list of synonyms"},
      {"concepts:\n  - name: a\n    exact_only: [a]\n", "concepts.a (line 2): missing 'synonyms'"},
      {"concepts:\n  - {name: a, synonyms: [a]}\n  - {name: a, synonyms: [b]}\n",
       "concepts.a (line 3): duplicate concept"},
      {"concepts:\n  - {name: a, synonyms: [e mail]}\n  - {name: b, synonyms: [email]}\n",
       "concepts.b.synonyms (line 3): synonym 'email' (joined) is already listed under 'a'"},
      {"concepts:\n  - {name: a, synonyms: [Email]}\n",
       "concepts.a.synonyms (line 2): expected words of [a-z0-9] separated by single spaces"},
      {"concepts:\n  - {name: a, synonyms: ['e  mail']}\n", "expected words of [a-z0-9]"},
      {"concepts:\n  - {name: a, synonyms: [a], qualifiers: [two words]}\n",
       "concepts.a.qualifiers (line 2): expected one word of [a-z0-9]"},
      {"disqualifiers: [count]\nconcepts:\n  - {name: a, synonyms: [phone count]}\n",
       "concepts.a.synonyms (line 3): 'count' is a disqualifier"},
      {"disqualifiers: [count]\nqualifiers: [count]\nconcepts:\n  - {name: a, synonyms: [a]}\n",
       "qualifiers (line 2): 'count' is a disqualifier"},
      {"concepts:\n  - {name: Email, synonyms: [a]}\n",
       "concepts[0].name (line 2): must be 1-64 chars of [a-z0-9_]"},
      {"concepts:\n  - {synonyms: [a]}\n", "concepts[0] (line 2): missing 'name'"},
      {"concepts:\n  - {name: a, synonyms: {x: y}}\n", "expected a non-empty list of synonyms"},
  };
  for (const auto& c : cases) {
    auto parsed = FieldNameVocabulary::Parse(c.yaml, "bad.yaml");
    ASSERT_FALSE(parsed.ok()) << c.yaml;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << c.yaml;
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.expected)) << c.yaml;
  }
}

TEST(FieldNames, MissingFileIsNotFound) {
  auto loaded = FieldNameVocabulary::LoadFile("/nonexistent/field_names.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
}

TEST(FieldNames, TiesGoToTheConceptWrittenFirst) {
  auto v = FieldNameVocabulary::Parse(
      "concepts:\n"
      "  - {name: first, synonyms: [alpha, phone], qualifiers: [beta]}\n"
      "  - {name: second, synonyms: [beta, phones, alpha beta gamma], qualifiers: [alpha]}\n"
      "  - {name: third, synonyms: [fone]}\n",
      "t.yaml");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->concept_count(), 3u);
  // Both strip one word ("alpha" for first, "beta" for second): the first wins.
  EXPECT_EQ(v->concept_name(v->Classify("alpha_beta")), "first");
  // An exact synonym with nothing stripped beats stripping ("alpha_beta_gamma"
  // never reaches a one-word candidate of first anyway: gamma is no qualifier).
  EXPECT_EQ(v->concept_name(v->Classify("alphaBetaGamma")), "second");
  // Distance 1 from "phone" (first) and from "phones" (second): the first wins.
  EXPECT_EQ(v->concept_name(v->Classify("phonez")), "first");
  // Exact beats fuzzy even when the fuzzy concept comes first.
  EXPECT_EQ(v->concept_name(v->Classify("phones")), "second");
  EXPECT_EQ(v->Classify("fones"), -1);  // "fone" is 4 bytes: exact only
}

}  // namespace
}  // namespace scrubline
