// The `scrubline` command line: help, usage errors (exit 2), and refusing to
// start without a usable key.
#include <fstream>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

using testing::RunShell;

const std::string kBinary = SCRUBLINE_BINARY;
const std::string kEnv = "env -u SCRUBLINE_KEY -u SCRUBLINE_PATTERNS ";

TEST(Cli, HelpOnEverySubcommand) {
  for (const char* command : {"scan", "run", "demo", "dev-cluster", "keygen", "reidentify", "policy"}) {
    auto r = RunShell(kEnv + kBinary + " " + command + " --help");
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find(std::string("usage: scrubline ") + command), std::string::npos)
        << command;
  }
  auto top = RunShell(kBinary + " --help");
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("dev-cluster"), std::string::npos);
  // run --help documents every config key.
  auto run = RunShell(kBinary + " run --help");
  for (const char* key : {"kafka.bootstrap", "input.topics", "metrics.listen", "limits."}) {
    EXPECT_NE(run.out.find(key), std::string::npos) << key;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunShell(kBinary + " 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunShell(kBinary + " frobnicate 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunShell(kBinary + " scan --bogus 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunShell(kBinary + " scan --policy 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunShell(kBinary + " run 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunShell(kBinary + " keygen extra 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunShell(kBinary + " demo --rate 0 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunShell(kBinary + " dev-cluster --brokers=x 2>/dev/null").exit_code, 2);
}

TEST(Cli, KeygenPrintsAUsableKeyLine) {
  auto a = RunShell(kBinary + " keygen");
  auto b = RunShell(kBinary + " keygen");
  ASSERT_EQ(a.exit_code, 0);
  EXPECT_TRUE(std::regex_match(a.out, std::regex("[A-Za-z0-9]{1,32}:[A-Za-z0-9_-]{43,}\n")))
      << a.out;
  EXPECT_NE(a.out, b.out);
  // The line works as SCRUBLINE_KEY.
  std::string key = a.out.substr(0, a.out.size() - 1);
  auto scan = RunShell("echo '{\"from\":\"+14155550100\"}' | env SCRUBLINE_KEY='" + key + "' " +
                       kBinary + " scan --policy message_log");
  EXPECT_EQ(scan.exit_code, 0);
  EXPECT_NE(scan.out.find("\"from\":\"tok_" + key.substr(0, key.find(':')) + "_"),
            std::string::npos)
      << scan.out;
}

TEST(Cli, RefusesToStartWithoutAGoodKey) {
  auto none = RunShell("echo '{}' | " + kEnv + kBinary + " scan 2>&1");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.out.find("keygen"), std::string::npos) << none.out;
  auto shorty = RunShell("echo '{}' | env SCRUBLINE_KEY='k1:AAECAwQF' " + kBinary + " scan 2>&1");
  EXPECT_EQ(shorty.exit_code, 1);
  EXPECT_EQ(shorty.out.find("AAECAwQF"), std::string::npos) << "never echo key material";
  // --key-file wins over SCRUBLINE_KEY.
  auto file = RunShell("echo '{\"sid\":\"x\"}' | env SCRUBLINE_KEY='k1:AAECAwQF' " + kBinary +
                       " scan --key-file " + SCRUBLINE_SOURCE_DIR + "/tests/golden/test.keys");
  EXPECT_EQ(file.exit_code, 0);
  EXPECT_NE(file.out.find("\"scrubline.key.id\":\"test1\""), std::string::npos) << file.out;
}

TEST(Cli, BadPolicyOrPatternsStopStartupWithAPreciseMessage) {
  const std::string keys = std::string(" --key-file ") + SCRUBLINE_SOURCE_DIR +
                           "/tests/golden/test.keys";
  auto missing = RunShell("echo '{}' | " + kEnv + kBinary + " scan --policy nope" + keys + " 2>&1");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("nope.yaml"), std::string::npos) << missing.out;
  auto patterns =
      RunShell("echo '{}' | " + kEnv + kBinary + " scan --patterns /nonexistent" + keys + " 2>&1");
  EXPECT_EQ(patterns.exit_code, 1);
  EXPECT_NE(patterns.out.find("/nonexistent"), std::string::npos) << patterns.out;
  // SCRUBLINE_PATTERNS is honoured (and --patterns wins over it).
  auto env = RunShell("echo '{}' | env -u SCRUBLINE_KEY SCRUBLINE_PATTERNS=/nowhere " + kBinary +
                      " scan" + keys + " 2>&1");
  EXPECT_NE(env.out.find("/nowhere"), std::string::npos) << env.out;
  auto both = RunShell("echo '{}' | env -u SCRUBLINE_KEY SCRUBLINE_PATTERNS=/nowhere " + kBinary +
                       " scan --patterns " + SCRUBLINE_SOURCE_DIR + "/patterns" + keys);
  EXPECT_EQ(both.exit_code, 0);
}

}  // namespace
}  // namespace scrubline

namespace scrubline {
namespace {

TEST(Cli, ReidentifyReversesTheEncryptActionAndRejectsTampering) {
  const std::string keys = std::string(SCRUBLINE_SOURCE_DIR) + "/tests/golden/test.keys";
  const std::string dir = ::testing::TempDir();
  const std::string policy = dir + "/scrubline_cli_encrypt.yaml";
  {
    std::ofstream(policy) << "id: enc\nversion: 1\nfields:\n  from: encrypt\nother_fields: drop\n";
  }
  auto scan = RunShell("echo '{\"from\":\"+14155550100\"}' | " + kEnv + kBinary +
                       " scan --key-file " + keys + " --policy " + policy);
  ASSERT_EQ(scan.exit_code, 0) << scan.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(scan.out, m, std::regex("enc_test1_[A-Za-z0-9_-]+"))) << scan.out;
  const std::string value = m.str();
  std::ofstream(dir + "/scrubline_cli_values.txt") << value << "\n\n" << value << "\r\n";
  auto back = RunShell(kEnv + kBinary + " reidentify --key-file " + keys + " < " + dir +
                       "/scrubline_cli_values.txt");
  EXPECT_EQ(back.exit_code, 0);
  EXPECT_EQ(back.out, "\"+14155550100\"\n\"+14155550100\"\n");
  // One changed character: rejected, the line named, nothing decrypted.
  std::string tampered = value;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  std::ofstream(dir + "/scrubline_cli_values.txt") << value << "\n" << tampered << "\n";
  auto bad = RunShell(kEnv + kBinary + " reidentify --key-file " + keys + " < " + dir +
                      "/scrubline_cli_values.txt 2>&1");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("line 2"), std::string::npos) << bad.out;
  EXPECT_EQ(bad.out.find(tampered), std::string::npos) << bad.out;
  // Without a key: refused.
  EXPECT_EQ(RunShell("echo x | " + kEnv + kBinary + " reidentify 2>/dev/null").exit_code, 1);
}

TEST(Cli, PolicyCheckNamesFileLineAndField) {
  auto good = RunShell(kEnv + kBinary + " policy check default");
  EXPECT_EQ(good.exit_code, 0);
  // The default is a router: it and every policy it names are checked.
  EXPECT_NE(good.out.find("default.yaml: ok, router default@1, shapes voice_cdr message_log "
                          "email_event cdp_event, fallback fallback"),
            std::string::npos)
      << good.out;
  for (const char* id : {"voice_cdr@3", "message_log@5", "email_event@1", "cdp_event@1",
                         "fallback@1"}) {
    EXPECT_NE(good.out.find(std::string(".yaml: ok, ") + id), std::string::npos) << id;
  }
  const std::string bad_path = ::testing::TempDir() + "/scrubline_cli_bad_policy.yaml";
  std::ofstream(bad_path) << "id: bad\nversion: 1\nfields:\n  a: keep\n  b: {action: mask, "
                             "keep_last: 100}\n";
  auto bad = RunShell(kEnv + kBinary + " policy check default " + bad_path + " 2>&1");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("default.yaml: ok"), std::string::npos) << bad.out;  // each is checked
  EXPECT_NE(bad.out.find("fields.b (line 5): keep_last must be 0..64"), std::string::npos)
      << bad.out;
  // A router's policies are checked against its conditions: a rule for a
  // member the shape excludes can never match.
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/scrubline_cli_router.yaml")
      << "id: r\nversion: 1\nshapes:\n  - policy: scrubline_cli_calls\n"
         "    when: {all: [sid], none: [body]}\nfallback: scrubline_cli_calls\n";
  std::ofstream(dir + "/scrubline_cli_calls.yaml")
      << "id: calls\nversion: 1\nfields:\n  sid: keep\n  body: redact\n";
  auto dead = RunShell(kEnv + kBinary + " policy check " + dir + "/scrubline_cli_router.yaml 2>&1");
  EXPECT_EQ(dead.exit_code, 1);
  EXPECT_NE(dead.out.find("scrubline_cli_calls.yaml: fields.body (line 5): can never match under "
                          "router scrubline_cli_router.yaml: shapes[0] (line 4) routes here only "
                          "records without 'body'"),
            std::string::npos)
      << dead.out;
  EXPECT_EQ(RunShell(kEnv + kBinary + " policy check 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunShell(kEnv + kBinary + " policy frob 2>/dev/null").exit_code, 2);
}

TEST(Cli, TrainSpamLearnsFromReviewersVerdictsOnScanAlerts) {
  const std::string dir = ::testing::TempDir();
  const std::string keys =
      std::string(" --key-file ") + SCRUBLINE_SOURCE_DIR + "/tests/golden/test.keys";
  std::ofstream(dir + "/scrubline_cli_aup_in.jsonl")
      << "{\"sid\":\"SM1\",\"from\":\"+14155550100\",\"body\":\"URGENT! Your card 4111 1111 1111 "
         "1111 is blocked. Verify now at http://secure-verify.example.net/login\"}\n"
         "{\"sid\":\"SM2\",\"from\":\"+14155550100\",\"body\":\"WINNER!! You have won a FREE prize "
         "of $1000 cash! Claim now at http://bit.ly/xyz call 09061701461\"}\n";
  auto scan = RunShell(kEnv + kBinary + " scan --policy message_log" + keys + " < " + dir +
                       "/scrubline_cli_aup_in.jsonl > " + dir + "/scrubline_cli_aup_scan.jsonl");
  ASSERT_EQ(scan.exit_code, 0);
  std::ifstream scanned(dir + "/scrubline_cli_aup_scan.jsonl");
  std::ostringstream whole;
  whole << scanned.rdbuf();
  const std::string lines = whole.str();
  std::vector<std::string> ids;
  const std::regex alert_value("\"value\":\\{\"alert\":\"(al_[a-p]{32})\"");
  for (std::sregex_iterator it(lines.begin(), lines.end(), alert_value), end; it != end; ++it) {
    ids.push_back((*it)[1]);
  }
  ASSERT_EQ(ids.size(), 2u) << lines;
  std::ofstream(dir + "/scrubline_cli_aup_fb.jsonl")
      << "{\"alert\":\"" << ids[0]
      << "\",\"verdict\":\"spam\",\"category\":\"phishing\",\"rules\":[\"feature.link\"]}\n"
      << "{\"alert\":\"" << ids[1]
      << "\",\"verdict\":\"ham\",\"category\":\"prize_scam\",\"rules\":[]}\n"
      << "{\"alert\":\"al_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"verdict\":\"spam\",\"category\":\"spam\","
         "\"rules\":[]}\n";
  const std::string train = kEnv + kBinary + " train-spam --feedback " + dir +
                            "/scrubline_cli_aup_fb.jsonl --alerts " + dir +
                            "/scrubline_cli_aup_scan.jsonl --out " + dir + "/scrubline_cli_aup_";
  auto first = RunShell(train + "1.bin");
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_NE(first.out.find("trained on 1 spam and 1 ham texts (0 from data, 2 from feedback; "
                           "verdicts skipped: 1 without their alert, 0 overridden by a later one; "
                           "data sha256 "),
            std::string::npos)
      << first.out;
  ASSERT_EQ(RunShell(train + "2.bin").exit_code, 0);
  EXPECT_EQ(
      RunShell("cmp -s " + dir + "/scrubline_cli_aup_1.bin " + dir + "/scrubline_cli_aup_2.bin")
          .exit_code,
      0);
  // Usage errors, and a bad verdict named by file and line, never quoted.
  EXPECT_EQ(RunShell(kBinary + " train-spam --feedback x --out y 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunShell(kBinary + " train-spam --out y 2>/dev/null").exit_code, 2);
  std::ofstream(dir + "/scrubline_cli_aup_bad.jsonl")
      << "{\"alert\":\"" << ids[0] << "\",\"verdict\":\"SECRET\"}\n";
  auto bad = RunShell(
      kEnv + kBinary + " train-spam --feedback " + dir + "/scrubline_cli_aup_bad.jsonl --alerts " +
      dir + "/scrubline_cli_aup_scan.jsonl --out " + dir + "/scrubline_cli_aup_3.bin 2>&1");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("scrubline_cli_aup_bad.jsonl line 1: "), std::string::npos) << bad.out;
  EXPECT_EQ(bad.out.find("SECRET"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace scrubline
