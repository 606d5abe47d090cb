// `scrubline optout` and `scrubline keygen --subjects`, run as the real
// binary: the printed key is the subject id SubjectIdBuilder computes, the
// value is the strict JSON OptOutTable reads, and the clear value is printed
// nowhere, not even in errors.
#include <cstdlib>
#include <ctime>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "classifiers/crypto/subject_id.h"
#include "pipeline/opt_out_table.h"
#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

using testing::RunShell;

const std::string kBinary = SCRUBLINE_BINARY;
const std::string kEnv = "env -u SCRUBLINE_KEY ";
const std::string kSubjectsKeys = std::string(SCRUBLINE_SOURCE_DIR) + "/tests/golden/subjects.keys";
const std::string kTestKeys = std::string(SCRUBLINE_SOURCE_DIR) + "/tests/golden/test.keys";

struct Record {
  std::string key;
  std::string value;
};

// Splits "KEY<TAB>VALUE\n"; fails the test on any other shape.
Record SplitLine(const std::string& out) {
  Record record;
  EXPECT_TRUE(out.ends_with("\n")) << out;
  const std::size_t tab = out.find('\t');
  EXPECT_NE(tab, std::string::npos) << out;
  if (tab == std::string::npos || !out.ends_with("\n")) return record;
  EXPECT_EQ(out.find('\n'), out.size() - 1) << "one line";
  record.key = out.substr(0, tab);
  record.value = out.substr(tab + 1, out.size() - tab - 2);
  return record;
}

std::string ExpectedId(SubjectType type, std::string_view value, std::string_view calling_code) {
  StatusOr<KeyRing> ring = KeyRing::LoadFile(kSubjectsKeys);
  EXPECT_TRUE(ring.ok()) << ring.status().ToString();
  StatusOr<SubjectIdBuilder> ids = SubjectIdBuilder::Create(*ring);
  EXPECT_TRUE(ids.ok()) << ids.status().ToString();
  std::string out;
  EXPECT_TRUE(ids->Append(type, value, calling_code, out).ok());
  return out;
}

std::string OptOut(const std::string& arguments, const std::string& key_file = kSubjectsKeys) {
  return kEnv + kBinary + " optout " + arguments + " --key-file " + key_file;
}

TEST(OptOutCli, PrintsTheSubjectIdAndAValueOfTheTopic) {
  struct Case {
    std::string args;
    SubjectType type;
    std::string value;
    std::string calling_code;
    OptOutReason reason;
  };
  const Case cases[] = {
      {"--type phone '+1 415-555-0100' --reason opt_out", SubjectType::kPhone, "+14155550100", "1",
       OptOutReason::kOptOut},
      {"--type phone '(415) 555-0100' --reason deletion --calling-code 1", SubjectType::kPhone,
       "+14155550100", "1", OptOutReason::kDeletion},
      {"--type phone '020 7946 0958' --reason opt_out --calling-code=+44", SubjectType::kPhone,
       "+442079460958", "44", OptOutReason::kOptOut},
      {"--type email 'Jane.Doe@Example.com' --reason cpni_restrict", SubjectType::kEmail,
       "jane.doe@example.com", "", OptOutReason::kCpniRestrict},
      {"--reason deletion --type account ' AC0123 '", SubjectType::kAccount, "AC0123", "",
       OptOutReason::kDeletion},
      {"--type user 'jane doe' --reason=opt_out", SubjectType::kUser, "jane doe", "",
       OptOutReason::kOptOut},
  };
  for (const Case& c : cases) {
    auto r = RunShell(OptOut(c.args + " --at 2026-11-01T10:00:00Z"));
    ASSERT_EQ(r.exit_code, 0) << c.args;
    const Record record = SplitLine(r.out);
    EXPECT_EQ(record.key, ExpectedId(c.type, c.value, c.calling_code)) << c.args;
    EXPECT_EQ(record.value, std::string("{\"reason\":\"") +
                                std::string(OptOutReasonName(c.reason)) +
                                "\",\"at\":\"2026-11-01T10:00:00Z\"}");
    // Valid JSON with the reason, as the table reads it off the topic.
    StatusOr<OptOutReason> parsed = ParseOptOutValue(record.value);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, c.reason);
    OptOutTable table;
    ASSERT_TRUE(table.ApplyRecord(record.key, record.value).ok());
    EXPECT_EQ(table.Find(ExpectedId(c.type, c.value, c.calling_code)), c.reason);
  }
}

TEST(OptOutCli, AtDefaultsToNowInUtcWholeSeconds) {
  auto r = RunShell(OptOut("--type phone +14155550100 --reason opt_out"));
  ASSERT_EQ(r.exit_code, 0);
  const Record record = SplitLine(r.out);
  std::smatch match;
  ASSERT_TRUE(std::regex_match(
      record.value, match,
      std::regex(R"re(\{"reason":"opt_out","at":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"\})re")))
      << record.value;
  EXPECT_TRUE(IsRfc3339DateTime(match[1].str()));
  std::tm tm{};
  ASSERT_NE(strptime(match[1].str().c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm), nullptr);
  EXPECT_LE(std::abs(static_cast<long>(timegm(&tm) - std::time(nullptr))), 60L) << "now, UTC";
}

TEST(OptOutCli, TombstoneIsKeyTabEmptyWithANoteAboutKcatZ) {
  auto r = RunShell(OptOut("--type phone '(415) 555-0100' --tombstone 2>&1 1>/dev/null"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("kcat -Z"), std::string::npos) << r.out;
  auto out = RunShell(OptOut("--type phone '(415) 555-0100' --tombstone 2>/dev/null"));
  ASSERT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.out, ExpectedId(SubjectType::kPhone, "+14155550100", "1") + "\t\n");
}

TEST(OptOutCli, ReadsTheValueFromStdinWithADash) {
  auto r = RunShell("printf 'Jane@Example.com\\n' | " +
                    OptOut("--type email - --reason deletion --at 2026-11-01T10:00:00Z"));
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(SplitLine(r.out).key, ExpectedId(SubjectType::kEmail, "jane@example.com", ""));
}

TEST(OptOutCli, NeverPrintsTheClearValue) {
  // Success, runtime failure and usage error: stdout and stderr together.
  for (const std::string& args : {
           std::string("--type email 'secret.person@example.com' --reason opt_out"),
           std::string("--type email 'secret.person@example.com' --tombstone"),
           std::string("--type phone 'secret-4155550177' --reason opt_out"),  // not a phone
           std::string("--type email 'secret.person@example.com' --reason bogus"),
           std::string("--type fax 'secret.person@example.com' --reason opt_out"),
           std::string("--type email 'secret.person@example.com' extra --reason opt_out"),
           std::string("--type email 'secret.person@example.com' --reason opt_out --at now"),
       }) {
    auto r = RunShell(OptOut(args + " 2>&1"));
    EXPECT_LE(r.exit_code, 2) << args;  // exited, did not crash
    EXPECT_EQ(r.out.find("secret"), std::string::npos) << args << "\n" << r.out;
    EXPECT_EQ(r.out.find("4155550177"), std::string::npos) << args << "\n" << r.out;
  }
  auto no_subjects =
      RunShell(OptOut("--type email secret@example.com --reason opt_out 2>&1", kTestKeys));
  EXPECT_EQ(no_subjects.out.find("secret"), std::string::npos) << no_subjects.out;
}

TEST(OptOutCli, ErrorsAndExitCodes) {
  auto usage = [](const std::string& args) { return RunShell(OptOut(args + " 2>&1")).exit_code; };
  EXPECT_EQ(usage("--type phone +14155550100"), 2);                        // no --reason
  EXPECT_EQ(usage("--type phone +14155550100 --reason optout"), 2);        // bad reason
  EXPECT_EQ(usage("--reason opt_out +14155550100"), 2);                    // no --type
  EXPECT_EQ(usage("--type phone --reason opt_out"), 2);                    // no VALUE
  EXPECT_EQ(usage("--type phone 1 2 --reason opt_out"), 2);                // two VALUEs
  EXPECT_EQ(usage("--type phone 1 --reason opt_out --at 2026-11-01"), 2);  // not RFC 3339
  EXPECT_EQ(usage("--type phone 1 --reason opt_out --calling-code 1234"), 2);
  EXPECT_EQ(usage("--type phone 1 --tombstone --reason opt_out"), 2);
  EXPECT_EQ(usage("--type phone 1 --tombstone --at 2026-11-01T10:00:00Z"), 2);
  EXPECT_EQ(usage("--type phone 1 --reason opt_out --bogus"), 2);
  // Runtime failures: a value that is not of its type, a ring without a subjects key.
  auto bad_value = RunShell(OptOut("--type phone 415-CALL-NOW --reason opt_out 2>&1"));
  EXPECT_EQ(bad_value.exit_code, 1);
  EXPECT_NE(bad_value.out.find("not a phone number"), std::string::npos) << bad_value.out;
  auto no_subjects = RunShell(OptOut("--type phone +14155550100 --reason opt_out 2>&1", kTestKeys));
  EXPECT_EQ(no_subjects.exit_code, 1);
  EXPECT_NE(no_subjects.out.find(
                "the key ring has no subjects key; add one with scrubline keygen --subjects"),
            std::string::npos)
      << no_subjects.out;
  auto no_key = RunShell(kEnv + kBinary + " optout --type user u --reason opt_out 2>&1");
  EXPECT_EQ(no_key.exit_code, 1);
  EXPECT_NE(no_key.out.find("keygen"), std::string::npos) << no_key.out;
}

TEST(OptOutCli, HelpAndTopLevelUsage) {
  auto help = RunShell(kBinary + " optout --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("usage: scrubline optout"), std::string::npos);
  EXPECT_NE(help.out.find("kcat -P"), std::string::npos);
  EXPECT_NE(help.out.find("-Z"), std::string::npos);
  EXPECT_NE(RunShell(kBinary + " --help").out.find("optout"), std::string::npos);
  auto keygen_help = RunShell(kBinary + " keygen --help");
  EXPECT_NE(keygen_help.out.find("--subjects"), std::string::npos);
}

TEST(OptOutCli, KeygenSubjectsLineMakesAWorkingRing) {
  auto a = RunShell(kBinary + " keygen --subjects");
  auto b = RunShell(kBinary + " keygen --subjects");
  ASSERT_EQ(a.exit_code, 0);
  EXPECT_TRUE(std::regex_match(a.out, std::regex("subjects s[0-9a-f]{8}:[A-Za-z0-9_-]{43}\n")))
      << a.out;
  EXPECT_NE(a.out, b.out);
  // Appended to an existing ring, it serves optout, and the ring still scans.
  const std::string dir = testing::TempDir();
  const std::string ring = dir + "/ring.keys";
  testing::WriteFile(ring, testing::ReadFile(kTestKeys) + a.out);
  auto optout = RunShell(OptOut("--type user u-42 --reason opt_out", ring));
  EXPECT_EQ(optout.exit_code, 0);
  EXPECT_TRUE(optout.out.starts_with("user:")) << optout.out;
  auto scan = RunShell("echo '{\"from\":\"+14155550100\"}' | " + kEnv + kBinary +
                       " scan --key-file " + ring);
  EXPECT_EQ(scan.exit_code, 0);
  EXPECT_NE(scan.out.find("\"scrubline.key.id\":\"test1\""), std::string::npos) << scan.out;
}

TEST(OptOutCli, ErasureNoticeCarriesTheSubjectsTokenUnderEveryKey) {
  auto r = RunShell("echo '(415) 555-0100' | " +
                    OptOut("--type phone - --erasure-notice --at 2026-11-29T10:00:00Z"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const Record record = SplitLine(r.out);
  EXPECT_EQ(record.key, ExpectedId(SubjectType::kPhone, "+14155550100", "1"));
  EXPECT_EQ(record.value.find(R"({"subject":")" + record.key +
                              R"(","at":"2026-11-29T10:00:00Z","type":"PHONE","tokens":{"test1":"tok_test1_)"),
            0u)
      << record.value;
  EXPECT_NE(record.value.find(R"(,"old0":"tok_old0_)"), std::string::npos) << record.value;  // old keys too
  EXPECT_EQ(record.value.find("4155550100"), std::string::npos);
  // The test1 token is exactly what scan writes for the same number in `from`.
  auto scan = RunShell("echo '{\"sid\":\"SM1\",\"account_sid\":\"AC1\",\"from\":\"+14155550100\",\"body\":\"x\"}' | " +
                       kEnv + kBinary + " scan --key-file " + kSubjectsKeys);
  ASSERT_EQ(scan.exit_code, 0);
  const auto at = record.value.find("tok_test1_");
  const std::string token = record.value.substr(at, record.value.find('"', at) - at);
  EXPECT_NE(scan.out.find(R"("from":")" + token + "\""), std::string::npos) << scan.out;
  // Not with a reason.
  EXPECT_EQ(RunShell("echo x | " + OptOut("--type user - --erasure-notice --reason deletion") +
                     " 2>/dev/null")
                .exit_code,
            2);
}

}  // namespace
}  // namespace scrubline
