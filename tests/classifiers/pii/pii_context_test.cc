// Context rules: words near a candidate boost it, are required for it, or
// count against it — on both sides of the match, within the window.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "classifiers/pii/pii_classifier.h"

namespace scrubline {
namespace {

class ContextTest : public ::testing::Test {
 protected:
  // One entry: 9-digit numbers as ABA_ROUTING_NUMBER, with `context` YAML.
  std::shared_ptr<const PiiClassifier> Build(const std::string& context) {
    std::string dir = "/tmp/scrubline-ctx-XXXXXX";
    EXPECT_NE(mkdtemp(dir.data()), nullptr);
    dirs_.push_back(dir);
    std::ofstream(dir + "/c.yaml") << "entries:\n"
                                      "  - id: routing\n"
                                      "    type: ABA_ROUTING_NUMBER\n"
                                      "    category: {data: account, privacy: financial}\n"
                                      "    pattern: '\\b[0-9]{9}\\b'\n"
                                      "    validator: none\n"
                                      "    score: 0.5\n"
                                   << context
                                   << "    examples:\n"
                                      "      match: [{text: 'routing 123456789', span: '123456789'}]\n";
    auto classifier = PiiClassifier::Create(dir);
    EXPECT_TRUE(classifier.ok()) << classifier.status().ToString();
    return classifier.ok() ? *classifier : nullptr;
  }

  std::vector<Finding> Run(const PiiClassifier& c, std::string_view text) {
    auto scratch = c.NewScratch();
    std::vector<Finding> out;
    EXPECT_TRUE(c.Classify(text, {}, **scratch, out).ok());
    return out;
  }

  void TearDown() override {
    for (const auto& d : dirs_) std::filesystem::remove_all(d);
  }

  std::vector<std::string> dirs_;
};

TEST_F(ContextTest, RequiredContextOnEitherSideWithinTheWindow) {
  auto c = Build(
      "    context: {words: [routing, aba], window: 20, boost: 0.3, required: true}\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(Run(*c, "order 123456789 shipped").size(), 0u);
  auto before = Run(*c, "ABA routing 123456789");
  ASSERT_EQ(before.size(), 1u);
  EXPECT_FLOAT_EQ(before[0].score, 0.8f);
  EXPECT_EQ(Run(*c, "123456789 is the routing no").size(), 1u);
  // Outside the window: dropped.
  EXPECT_EQ(Run(*c, "routing ........................ 123456789").size(), 0u);
  // Words count only at a word start: "subrouting" is not "routing".
  EXPECT_EQ(Run(*c, "subrouting 123456789").size(), 0u);
}

TEST_F(ContextTest, AgainstWordsLowerOrDrop) {
  auto c = Build(
      "    context: {words: [routing], window: 20, boost: 0.2, against: [order, tracking],"
      " penalty: 0.3}\n");
  ASSERT_TRUE(c);
  auto plain = Run(*c, "ref 123456789");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_FLOAT_EQ(plain[0].score, 0.5f);
  auto lowered = Run(*c, "order 123456789");
  ASSERT_EQ(lowered.size(), 1u);
  EXPECT_FLOAT_EQ(lowered[0].score, 0.2f);
  auto drop = Build(
      "    context: {words: [routing], window: 20, boost: 0.2, against: [tracking], penalty: "
      "0.5}\n");
  ASSERT_TRUE(drop);
  EXPECT_EQ(Run(*drop, "tracking 123456789").size(), 0u);
}

TEST_F(ContextTest, SchemaErrorsNameTheProblem) {
  std::string dir = "/tmp/scrubline-ctx-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  dirs_.push_back(dir);
  for (const auto& [context, expected] :
       std::vector<std::pair<std::string, std::string>>{
           {"{words: [a], window: 5, boost: 0.1, required: maybe}", "required"},
           {"{words: [a], window: 5, boost: 0.1, against: [b]}", "penalty"},
           {"{words: [a], window: 5, boost: 0.1, penalty: 0.2}", "against"},
           {"{words: [a], window: 5, boost: 0.1, colour: red}", "colour"}}) {
    std::ofstream(dir + "/c.yaml")
        << "entries:\n  - id: r\n    type: US_SSN\n"
           "    category: {data: account, privacy: identifiers}\n"
           "    pattern: '[0-9]{9}'\n    validator: none\n    score: 0.5\n"
           "    context: "
        << context << "\n    examples: {match: ['123456789']}\n";
    auto c = PiiClassifier::Create(dir);
    ASSERT_FALSE(c.ok()) << context;
    EXPECT_NE(c.status().message().find(expected), std::string::npos) << c.status().message();
    EXPECT_NE(c.status().message().find("c.yaml"), std::string::npos);
  }
}

}  // namespace
}  // namespace scrubline
