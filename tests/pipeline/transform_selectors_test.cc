// Selectors in the transform: nested paths, wildcards over members and
// array items, globs, inherited rules, and what happens to member names
// that carry data (a map keyed by phone numbers).
#include <cstdio>
#include <cstdlib>
#include <set>

#include <gtest/gtest.h>

#include "tests/pipeline/policy_transformer.h"

namespace scrubline {
namespace {

constexpr char kPolicy[] =
    "id: nested\n"
    "version: 1\n"
    "default_calling_code: \"1\"\n"
    "fields:\n"
    "  userId: {action: token, type: USER_ID}\n"
    "  event: keep\n"
    "  $.context.ip: {action: generalize, method: ip_prefix}\n"
    "  $.context.traits.*: {action: token, type: auto, keys: keep}\n"
    "  $.context.traits.name: drop\n"
    "  $.context.location: keep\n"
    "  $.context.location.latitude: {action: generalize, method: round, decimals: 2}\n"
    "  media_urls[*]: drop\n"
    "  $.attachments[*].size: keep\n"
    "  $.by_phone: {action: redact, keys: token}\n"
    "  $.labels: {action: redact, keys: keep}\n"
    "  '*_zip': {action: generalize, method: truncate, keep: 3}\n"
    "  $.properties: {action: redact, output: content}\n"
    "other_fields: redact\n";

class TransformSelectors : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t_.status().ok()) << t_.status().ToString(); }
  PolicyTransformer t_{kPolicy};
};

TEST_F(TransformSelectors, NestedSelectorsShapeNestedFields) {
  const std::string out = t_.Usage(
      R"({"userId":"u-1","event":"Order","context":{"ip":"203.0.113.77",)"
      R"("traits":{"email":"Ann@Example.com","phone":"+1 415 555 0100","name":"Ann Lee"},)"
      R"("location":{"latitude":37.77493,"city":"Paris"},"other":"call 415-555-0199"}})");
  EXPECT_NE(out.find(R"("ip":"203.0.113.0/24")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("traits":{"email":"tok_test1_)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("phone":"tok_test1_)"), std::string::npos) << out;
  EXPECT_EQ(out.find("Ann"), std::string::npos) << out;
  EXPECT_EQ(out.find("name"), std::string::npos) << out;
  // The location is kept except its latitude, which is rounded.
  EXPECT_NE(out.find(R"("location":{"latitude":37.77,"city":"Paris"})"), std::string::npos) << out;
  // context.other matches no selector: it inherits other_fields (redact).
  EXPECT_NE(out.find(R"("other":"call [PHONE]")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("event":"Order")"), std::string::npos) << out;
}

TEST_F(TransformSelectors, TheSamePhoneGetsTheSameTokenAtAnyDepth) {
  // Referential integrity: context.traits.phone joins with a top-level token.
  PolicyTransformer flat(
      "id: flat\nversion: 1\ndefault_calling_code: \"1\"\n"
      "fields:\n  phone: {action: token, type: auto}\nother_fields: drop\n");
  ASSERT_TRUE(flat.status().ok());
  const std::string top = flat.Usage(R"({"phone":"(415) 555-0100"})");
  const std::string nested = t_.Usage(R"({"context":{"traits":{"phone":"+14155550100"}}})");
  const auto token_of = [](const std::string& json) {
    const auto at = json.find("tok_");
    return at == std::string::npos ? std::string() : json.substr(at, json.find('"', at) - at);
  };
  ASSERT_FALSE(token_of(top).empty()) << top;
  EXPECT_EQ(token_of(top), token_of(nested)) << top << " " << nested;
}

TEST_F(TransformSelectors, ArrayWildcardsReachEveryItem) {
  const std::string out = t_.Usage(
      R"({"media_urls":["https://x.test/a.jpg","https://x.test/b.jpg"],)"
      R"("attachments":[{"size":123,"owner":"ann@example.com"},{"size":7}]})");
  EXPECT_NE(out.find(R"("media_urls":[])"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("attachments":[{"size":123,"owner":"[EMAIL]"},{"size":7}])"),
            std::string::npos)
      << out;
}

TEST_F(TransformSelectors, MemberNamesAreDataUnlessASelectorNamesThem) {
  const std::string out = t_.Usage(
      R"({"by_phone":{"+14155550100":"vip","ann@example.com":"x"},)"
      R"("labels":{"+14155550100":"kept name"},"+442079460958":"unnamed"})");
  // keys: token -> each name is its token; values are redacted.
  EXPECT_NE(out.find(R"("by_phone":{"tok_test1_)"), std::string::npos) << out;
  // keys: keep -> the name stays (and is the only place the number appears).
  EXPECT_NE(out.find(R"("labels":{"+14155550100":"kept name"})"), std::string::npos) << out;
  EXPECT_EQ(out.find("4155550100"), out.rfind("4155550100")) << out;
  // A top-level member no selector names: its name is scanned.
  EXPECT_NE(out.find(R"("[PHONE]":"unnamed")"), std::string::npos) << out;
  EXPECT_EQ(out.find("ann@example.com"), std::string::npos) << out;
  EXPECT_EQ(out.find("2079460958"), std::string::npos) << out;
}

TEST_F(TransformSelectors, GlobsMatchTopLevelNames) {
  const std::string out = t_.Usage(R"({"from_zip":"94107","to_zip":"10001","zip":"75001"})");
  EXPECT_NE(out.find(R"("from_zip":"941")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("to_zip":"100")"), std::string::npos) << out;
  // "zip" does not match "*_zip": other_fields (a 5-digit number is no PII).
  EXPECT_NE(out.find(R"("zip":"75001")"), std::string::npos) << out;
}

TEST_F(TransformSelectors, ContentRoutingFollowsTheTopLevelRule) {
  const std::string record =
      R"({"userId":"u-1","properties":{"note":"mail ann@example.com","n":3}})";
  const std::string usage = t_.Usage(record);
  const std::string content = t_.Content(record);
  EXPECT_EQ(usage.find("properties"), std::string::npos) << usage;
  EXPECT_NE(content.find(R"("properties":{"note":"mail [EMAIL]","n":3})"), std::string::npos)
      << content;
}

TEST(TransformSelectorsPolicy, ContentOutputNeedsATopLevelSelector) {
  PolicyTransformer bad(
      "id: bad\nversion: 1\nfields:\n  $.a.b: {action: redact, output: content}\n");
  ASSERT_FALSE(bad.status().ok());
  EXPECT_NE(bad.status().message().find("needs a top-level selector"), std::string::npos)
      << bad.status().ToString();
}

TEST(TransformSelectorsPolicy, SelectorErrorsNameTheFieldAndLine) {
  PolicyTransformer bad("id: bad\nversion: 1\nfields:\n  a: keep\n  $.a: drop\n");
  ASSERT_FALSE(bad.status().ok());
  EXPECT_NE(bad.status().message().find("fields.$.a (line 5)"), std::string::npos)
      << bad.status().ToString();
  PolicyTransformer index("id: bad\nversion: 1\nfields:\n  a[0]: keep\n");
  ASSERT_FALSE(index.status().ok());
  EXPECT_NE(index.status().message().find("use [*]"), std::string::npos);
}

}  // namespace
}  // namespace scrubline

namespace scrubline {
namespace {

constexpr char kNamePolicy[] =
    "id: names\n"
    "version: 1\n"
    "fields:\n"
    "  $.profile: keep\n"
    "  $.audit.email: keep\n"
    "names:\n"
    "  - {concept: email, action: token, type: EMAIL}\n"
    "  - {names: [MSISDN, sub_no], action: token, type: auto}\n"
    "  - {match: '(?i)secret|passw', action: drop}\n"
    "  - {concept: person_name, action: drop}\n"
    "other_fields: redact\n";

TEST(TransformNameRules, RecogniseSchemalessFieldsByTheirNames) {
  PolicyTransformer t(kNamePolicy);
  ASSERT_TRUE(t.status().ok()) << t.status().ToString();
  const std::string out = t.Usage(
      R"({"emailAddr":"Ann@Example.com","meta":{"e_mail":"ann@example.com",)"
      R"("mail_address":"ANN@example.com","msisdn":"+14155550100","Sub_No":"+14155550100",)"
      R"("api_secret":"s3cr3t-value","userPassword":"hunter2","first_name":"Ann",)"
      R"("email_verified":true,"note":"hi"}})");
  // emailAddr, e_mail and mail_address are all the concept email: one token.
  const auto first = out.find("tok_test1_");
  ASSERT_NE(first, std::string::npos) << out;
  const std::string token = out.substr(first, out.find('"', first) - first);
  EXPECT_NE(out.find(R"("emailAddr":")" + token), std::string::npos) << out;
  EXPECT_NE(out.find(R"("e_mail":")" + token), std::string::npos) << out;
  EXPECT_NE(out.find(R"("mail_address":")" + token), std::string::npos) << out;
  EXPECT_NE(out.find(R"("msisdn":"tok_test1_)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("Sub_No":"tok_test1_)"), std::string::npos) << out;
  for (const char* gone : {"api_secret", "s3cr3t", "userPassword", "hunter2", "first_name", "Ann"}) {
    EXPECT_EQ(out.find(gone), std::string::npos) << gone << " in " << out;
  }
  // Not an e-mail value by its name: left to other_fields.
  EXPECT_NE(out.find(R"("email_verified":true)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("note":"hi")"), std::string::npos) << out;
}

TEST(TransformNameRules, SelectorsWinAndCoverTheirSubtrees) {
  PolicyTransformer t(kNamePolicy);
  ASSERT_TRUE(t.status().ok());
  const std::string out = t.Usage(
      R"({"profile":{"first_name":"Ann","email":"ann@example.com"},)"
      R"("audit":{"email":"ops@example.com","password":"x"}})");
  // profile is kept whole: name rules apply only where no selector reaches.
  EXPECT_NE(out.find(R"("profile":{"first_name":"Ann","email":"ann@example.com"})"),
            std::string::npos)
      << out;
  // audit.email is named by a selector; audit.password is not.
  EXPECT_NE(out.find(R"("audit":{"email":"ops@example.com"})"), std::string::npos) << out;
  // The same record twice (the second from the name cache) gives the same bytes.
  EXPECT_EQ(t.Usage(R"({"e_mail":"a@b.example","x":{"e_mail":"a@b.example"}})"),
            t.Usage(R"({"e_mail":"a@b.example","x":{"e_mail":"a@b.example"}})"));
}

TEST(TransformNameRules, BadNameRulesAreRefusedWithTheirPlace) {
  const std::pair<const char*, const char*> cases[] = {
      {"names:\n  - {concept: emails, action: drop}\n", "unknown concept 'emails'"},
      {"names:\n  - {concept: email, names: [x], action: drop}\n", "exactly one of"},
      {"names:\n  - {match: '(', action: drop}\n", "match: missing )"},
      {"names:\n  - {names: [], action: drop}\n", "non-empty list"},
      {"names:\n  - {names: [x], action: redact, output: content}\n", "top-level selector"},
      {"names:\n  - {names: [x], action: frob}\n", "unknown action"},
  };
  for (const auto& [yaml, expected] : cases) {
    PolicyTransformer t(std::string("id: bad\nversion: 1\n") + yaml);
    ASSERT_FALSE(t.status().ok()) << yaml;
    EXPECT_NE(t.status().message().find(expected), std::string::npos)
        << yaml << " -> " << t.status().ToString();
    EXPECT_NE(t.status().message().find("names[0]"), std::string::npos) << t.status().ToString();
  }
}

}  // namespace
}  // namespace scrubline

namespace scrubline {
namespace {

TEST(TransformDerivedFields, AlsoWritesExtraMembersFromTheSameValue) {
  PolicyTransformer t(
      "id: derived\nversion: 1\ndefault_calling_code: \"1\"\n"
      "fields:\n"
      "  caller: {action: token, type: auto, also: {caller_line: {action: generalize, method: "
      "phone_country}, caller_hint: {action: mask, keep_last: 2}}}\n"
      "  $.list[*]: {action: token, type: auto, also: {x: keep}}\n"
      "other_fields: drop\n");
  ASSERT_TRUE(t.status().ok()) << t.status().ToString();
  const std::string out =
      t.Usage(R"({"caller":"+44 7911 123456","list":["+14155550100"]})");
  EXPECT_NE(out.find(R"("caller":"tok_test1_)"), std::string::npos) << out;
  EXPECT_NE(out.find(R"(","caller_line":"+44 mobile","caller_hint":"*************56")"),
            std::string::npos)
      << out;
  // Array items have no name to put a derived member beside: none is written.
  EXPECT_EQ(out.find(R"("x")"), std::string::npos) << out;
  // A value the derived rule cannot read is redacted, never kept.
  const std::string word = t.Usage(R"({"caller":"ACMEBANK"})");
  EXPECT_NE(word.find(R"("caller_line":"ACMEBANK")"), std::string::npos) << word;
}

TEST(TransformDerivedFields, BadDerivedMembersAreRefused) {
  const std::pair<const char*, const char*> cases[] = {
      {"  a: {action: keep, also: {b: drop}}\n", "cannot be dropped"},
      {"  a: {action: keep, also: {b: {action: keep, also: {c: keep}}}}\n", "cannot nest"},
      {"  a: {action: keep, also: {b: {action: redact, output: content}}}\n", "no 'output'"},
      {"  a: {action: keep, also: []}\n", "also must map"},
  };
  for (const auto& [fields, expected] : cases) {
    PolicyTransformer t(std::string("id: bad\nversion: 1\nfields:\n") + fields);
    ASSERT_FALSE(t.status().ok()) << fields;
    EXPECT_NE(t.status().message().find(expected), std::string::npos)
        << fields << " -> " << t.status().ToString();
  }
}

}  // namespace
}  // namespace scrubline

namespace scrubline {
namespace {

constexpr char kShiftPolicy[] =
    "id: shifted\nversion: 1\ndefault_calling_code: \"1\"\n"
    "fields:\n"
    "  patient: {action: token, type: auto}\n"
    "  admitted: {action: shift_date, subject: patient, max_days: 10}\n"
    "  $.visits[*]: {action: shift_date, subject: patient, max_days: 10}\n"
    "  epoch: {action: shift_date, subject: patient, max_days: 10}\n"
    "other_fields: drop\n";

// The shifted date's day of month (test dates are in March, far from its ends).
int DayOf(const std::string& json, const std::string& field) {
  const auto at = json.find("\"" + field + "\":\"2026-03-");
  return at == std::string::npos ? -1000 : std::stoi(json.substr(at + field.size() + 12, 2));
}

TEST(TransformShiftDate, OneSubjectOneOffsetEverywhere) {
  PolicyTransformer t(kShiftPolicy);
  ASSERT_TRUE(t.status().ok()) << t.status().ToString();
  const std::string a = t.Usage(
      R"({"patient":"(415) 555-0100","admitted":"2026-03-15T08:30:00Z",)"
      R"("visits":["2026-03-16","2026-03-20"],"epoch":1773561600})");
  const int admitted = DayOf(a, "admitted");
  const int offset = admitted - 15;
  EXPECT_NE(offset, 0) << a;
  EXPECT_LE(std::abs(offset), 10) << a;
  EXPECT_NE(a.find(R"("admitted":"2026-03-)" + std::to_string(admitted) + "T08:30:00Z\""),
            std::string::npos)
      << a;
  // Intervals survive: the visits keep their distance from the admission.
  char visits[64];
  std::snprintf(visits, sizeof visits, R"("visits":["2026-03-%02d","2026-03-%02d"])", 16 + offset,
                20 + offset);
  EXPECT_NE(a.find(visits), std::string::npos) << a;
  EXPECT_NE(a.find("\"epoch\":" + std::to_string(1773561600 + offset * 86400)), std::string::npos)
      << a;
  // The same subject written another way, in another record: the same offset.
  const std::string b = t.Usage(R"({"patient":"+1 415 555 0100","admitted":"2026-03-15"})");
  EXPECT_EQ(DayOf(b, "admitted"), admitted) << b;
}

TEST(TransformShiftDate, SubjectsGetDifferentOffsetsAndNoSubjectMeansNoDate) {
  PolicyTransformer t(kShiftPolicy);
  ASSERT_TRUE(t.status().ok());
  std::set<int> offsets;
  for (int i = 0; i < 40; ++i) {
    const std::string out = t.Usage(R"({"patient":"user)" + std::to_string(i) +
                                    R"(@example.com","admitted":"2026-03-15"})");
    const int day = DayOf(out, "admitted");
    ASSERT_GE(day, 5) << out;
    ASSERT_LE(day, 25) << out;
    ASSERT_NE(day, 15) << out;
    offsets.insert(day);
  }
  EXPECT_GE(offsets.size(), 8u);  // 40 draws from 20 offsets
  // Fail closed: without the subject (or with an unreadable time) the value is withheld.
  EXPECT_NE(t.Usage(R"({"admitted":"2026-03-15"})").find(R"("admitted":null)"), std::string::npos);
  EXPECT_NE(t.Usage(R"({"patient":"x","admitted":"soon"})").find(R"("admitted":null)"),
            std::string::npos);
}

TEST(TransformShiftDate, PolicyNeedsASubject) {
  PolicyTransformer a("id: bad\nversion: 1\nfields:\n  d: shift_date\n");
  ASSERT_FALSE(a.status().ok());
  EXPECT_NE(a.status().message().find("needs 'subject'"), std::string::npos);
  PolicyTransformer b(
      "id: bad\nversion: 1\nfields:\n  d: {action: shift_date, subject: p, max_days: 0}\n");
  ASSERT_FALSE(b.status().ok());
  EXPECT_NE(b.status().message().find("max_days must be 1..3650"), std::string::npos);
  PolicyTransformer c("id: bad\nversion: 1\nfields:\n  d: {action: keep, subject: p}\n");
  ASSERT_FALSE(c.status().ok());
  EXPECT_NE(c.status().message().find("only applies to action shift_date"), std::string::npos);
}

}  // namespace
}  // namespace scrubline
