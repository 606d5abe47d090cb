// Context words (context_words.h): the Hyperscan search finds exactly what
// the byte-by-byte reference finds, word starts and case included, and
// ContextOccurrences answers from it.
#include "classifiers/pii/context_words.h"

#include <gtest/gtest.h>
#include <hs/hs.h>

#include <random>
#include <string>
#include <vector>

namespace scrubline {
namespace {

using Occurrence = ContextVocabulary::Occurrence;

class ContextWordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* w : {"pass", "passport", "ssn", "ss#", "dob", "c.f.", "wi-fi", "mot de passe",
                          "iban", "x", "tel"}) {
      ids_.push_back(vocabulary_.Add(w));
    }
    ASSERT_TRUE(vocabulary_.Seal());
    ASSERT_TRUE(vocabulary_.GrowScratch(scratch_));
  }
  void TearDown() override { hs_free_scratch(scratch_); }

  std::vector<Occurrence> Find(std::string_view text) {
    std::vector<Occurrence> out;
    vocabulary_.FindAll(text, scratch_, out);
    return out;
  }
  std::vector<Occurrence> Reference(std::string_view text) {
    std::vector<Occurrence> out;
    vocabulary_.FindAllByteByByte(text, out);
    return out;
  }

  ContextVocabulary vocabulary_;
  std::vector<std::uint16_t> ids_;
  hs_scratch* scratch_ = nullptr;
};

TEST_F(ContextWordsTest, FindsWordsAtWordStartsInAnyCase) {
  const std::string text = "My PASSPORT no, SSN: 1; Mot de passe=x; wifi? Wi-Fi! tel.bypass";
  const std::vector<Occurrence> found = Find(text);
  std::vector<std::string> words;
  for (const Occurrence& o : found) words.push_back(text.substr(o.begin, o.end - o.begin));
  // "pass" inside "bypass" is no word start; "x" after '=' is; "PASSPORT"
  // and "passe" hold "pass" too (words need a start, not an end).
  EXPECT_EQ(words, (std::vector<std::string>{"PASS", "PASSPORT", "SSN", "Mot de passe", "pass",
                                             "x", "Wi-Fi", "tel"}));
  EXPECT_EQ(found, Reference(text));
}

TEST_F(ContextWordsTest, AgreesWithTheByteByByteSearchOnRandomText) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"pass",  "PassPort", "ssn",  "ss#", "DOB", "c.f.",
                                           "wi-fi", "mot de passe", "iban", "x",   "tel", " ",
                                           "a",     "7",        ".",    "-",   "é",   "\n"};
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    const int n = static_cast<int>(rng() % 30);
    for (int j = 0; j < n; ++j) text += pieces[rng() % pieces.size()];
    EXPECT_EQ(Find(text), Reference(text)) << text;
  }
}

TEST_F(ContextWordsTest, OccurrencesAnswerAnyOfAndFirstNear) {
  ContextOccurrences occurrences;
  const std::string text = "card 4111 1111 1111 1111 exp 12/30, passport X1234567";
  occurrences.Reset(&vocabulary_, text);
  EXPECT_TRUE(occurrences.AnyOf({ids_[1]}));   // passport
  EXPECT_FALSE(occurrences.AnyOf({ids_[2]}));  // ssn
  const std::uint32_t at = static_cast<std::uint32_t>(text.find("X1234567"));
  EXPECT_EQ(occurrences.FirstNear({ids_[1]}, at, at + 8, 16), ids_[1]);
  EXPECT_EQ(occurrences.FirstNear({ids_[1]}, 0, 4, 4), -1);
  occurrences.Reset(&vocabulary_, "no words here");
  EXPECT_FALSE(occurrences.AnyOf({ids_[1]}));
}

TEST(ContextVocabularyEmpty, FindsNothing) {
  ContextVocabulary empty;
  EXPECT_TRUE(empty.Seal());
  hs_scratch* scratch = nullptr;
  EXPECT_FALSE(empty.GrowScratch(scratch));
  std::vector<Occurrence> out;
  empty.FindAll("pass ssn", scratch, out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace scrubline
