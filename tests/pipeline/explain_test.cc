// `scrubline explain` output (ExplainStream): one JSON line per input line,
// offsets and catalog names only: no byte of the input text is printed.
#include "pipeline/explain.h"

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

}  // namespace
}  // namespace scrubline
