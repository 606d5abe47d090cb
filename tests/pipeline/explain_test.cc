// `scrubline explain` output (ExplainStream): one JSON line per input line,
// offsets and catalog names only: no byte of the input text is printed.
#include "pipeline/explain.h"

#include <algorithm>

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

TEST(ExplainStream, PrintsOffsetsAndRulesButNeverTheText) {
  auto classifier = PiiClassifier::Create(kShippedCatalog);
  ASSERT_TRUE(classifier.ok()) << classifier.status().ToString();
  const std::string planted_phone = "415-555-0137";
  const std::string planted_mail = "zora.quill@example.net";
  std::istringstream in("call " + planted_phone + " now\nwrite to " + planted_mail +
                        "\nplain words only\n");
  std::ostringstream out;
  ASSERT_TRUE(ExplainStream(in, out, **classifier, "").ok());
  const std::string text = out.str();
  EXPECT_EQ(text.find(planted_phone), std::string::npos);
  EXPECT_EQ(text.find("555"), std::string::npos);
  EXPECT_EQ(text.find(planted_mail), std::string::npos);
  EXPECT_EQ(text.find("zora"), std::string::npos);
  std::istringstream lines(text);
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_NE(line.find(R"("line":1)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("type":"PHONE","begin":5,"end":17)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("verdict":"reported")"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("context_word":"call")"), std::string::npos) << line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_NE(line.find(R"("type":"EMAIL","begin":9,"end":31)"), std::string::npos) << line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_EQ(line, R"({"line":3,"bytes":16,"findings":0,"candidates":[]})");
  EXPECT_FALSE(std::getline(lines, line));
}

TEST(ExplainStream, OverBudgetLineIsReportedAndTheRestGoOn) {
  PiiClassifierOptions options;
  options.budget.max_text_bytes = 32;
  options.check_examples = false;  // some catalog examples are longer than 32 bytes
  auto classifier = PiiClassifier::Create(kShippedCatalog, options);
  ASSERT_TRUE(classifier.ok()) << classifier.status().ToString();
  std::istringstream in(std::string(40, 'x') + "\nshort\n");
  std::ostringstream out;
  ASSERT_TRUE(ExplainStream(in, out, **classifier, "").ok());
  EXPECT_EQ(out.str(),
            "{\"line\":1,\"bytes\":40,\"over_budget\":true}\n"
            "{\"line\":2,\"bytes\":5,\"findings\":0,\"candidates\":[]}\n");
}

TEST(ExplainCommand, RunsAsASubcommand) {
  auto r = testing::RunShell("printf 'mail ana.r@example.com\\n' | " + std::string(SCRUBLINE_BINARY) +
                             " explain --patterns " + SCRUBLINE_SOURCE_DIR + "/patterns");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(R"("rule":"email")"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ana.r"), std::string::npos);
}

TEST(ExplainCommand, RecordsGetOneDecisionPerFieldAndNoValues) {
  const std::string input = std::string(SCRUBLINE_SOURCE_DIR) + "/tests/golden/shapes.input.jsonl";
  auto r = testing::RunShell("env -u SCRUBLINE_KEY " + std::string(SCRUBLINE_BINARY) +
                             " explain --patterns " + SCRUBLINE_SOURCE_DIR + "/patterns < " + input);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // One line per record, each under the policy its shape chose.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 9) << r.out;
  EXPECT_NE(r.out.find(R"({"line":1,"policy":"message_log@5","fields":[)"), std::string::npos);
  EXPECT_NE(r.out.find(R"({"line":8,"policy":"fallback@1")"), std::string::npos);
  // Path, deciding selector, output record, action and detected types.
  EXPECT_NE(r.out.find(R"({"path":"$.body","selector":"body","output":"content",)"
                       R"("action":"redact","detected":"EMAIL=1"})"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"({"path":"$.context.traits.email","selector":"$.context.traits.email",)"
                       R"("output":"usage","action":"token","detected":""})"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"x({"path":"$.from_line","selector":"from (also)")x"), std::string::npos);
  EXPECT_NE(r.out.find(R"("selector":"names[)"), std::string::npos);  // a field-name rule decided
  // A member name that is data shows as the output shows it.
  EXPECT_NE(r.out.find(R"("path":"$.contacts_by_phone.[PHONE].name")"), std::string::npos);
  for (const char* value : {"4155550100", "help@example.com", "Jane", "203.0.113.77", "4111",
                            "Dana", "hunter2", "+14155550188"}) {
    EXPECT_EQ(r.out.find(value), std::string::npos) << value;
  }
  // --policy picks the policy; a broken record is named, not shown.
  auto one = testing::RunShell("printf '{\"from\":\"+14155550100\"}\\n{bad\\n' | " +
                               std::string(SCRUBLINE_BINARY) + " explain --policy message_log");
  ASSERT_EQ(one.exit_code, 0) << one.out;
  EXPECT_NE(one.out.find(R"({"line":1,"policy":"message_log@5","fields":[{"path":"$.from",)"),
            std::string::npos)
      << one.out;
  EXPECT_NE(one.out.find(R"({"line":2,"dead_letter":"invalid_json")"), std::string::npos)
      << one.out;
  EXPECT_EQ(one.out.find("4155550100"), std::string::npos);
}

}  // namespace
}  // namespace scrubline
