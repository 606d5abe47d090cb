// Field selectors: the path syntax, glob matching, and which selector wins
// when several match the same field.
#include "classifiers/policy/field_selector.h"

#include <gtest/gtest.h>

namespace scrubline {
namespace {

using Kind = SelectorSegment::Kind;

TEST(ParseSelector, ReadsNamesWildcardsItemsAndQuotedNames) {
  auto s = ParseSelector("$.context.traits.*");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 3u);
  EXPECT_EQ((*s)[0].kind, Kind::kName);
  EXPECT_EQ((*s)[0].text, "context");
  EXPECT_EQ((*s)[2].kind, Kind::kAnyMember);

  s = ParseSelector("media_urls[*]");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[1].kind, Kind::kAnyItem);

  s = ParseSelector("$['a.b'][*].c");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 3u);
  EXPECT_EQ((*s)[0].text, "a.b");
  EXPECT_EQ((*s)[2].text, "c");

  s = ParseSelector("*_zip");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)[0].kind, Kind::kGlob);
  // "$" starts a path only before '.' or '[': "$email" is a member name.
  s = ParseSelector("$email");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].text, "$email");
  s = ParseSelector("$.$email");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)[0].text, "$email");
  // "$.from" and "from" are the same selector.
  auto a = ParseSelector("$.from");
  auto b = ParseSelector("from");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)[0].text, (*b)[0].text);
}

TEST(ParseSelector, RejectsMalformedSelectorsNamingTheProblem) {
  for (const char* bad : {"", "$", "$.", "a..b", "a.", "a[0]", "a['x", "a['']", "a.[*]", "[*]x"}) {
    auto s = ParseSelector(bad);
    EXPECT_FALSE(s.ok()) << bad;
    if (!s.ok()) {
      EXPECT_NE(s.status().message().find("selector"), std::string::npos) << bad;
    }
  }
}

TEST(GlobMatches, MatchesRunsAnywhere) {
  EXPECT_TRUE(GlobMatches("*_zip", "from_zip"));
  EXPECT_TRUE(GlobMatches("*_zip", "_zip"));
  EXPECT_FALSE(GlobMatches("*_zip", "zip"));
  EXPECT_TRUE(GlobMatches("from_*", "from_city"));
  EXPECT_TRUE(GlobMatches("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(GlobMatches("a*b*c", "aXXbYY"));
  EXPECT_TRUE(GlobMatches("**", ""));
  EXPECT_FALSE(GlobMatches("x", ""));
  // Adversarial input stays fast (no exponential backtracking).
  EXPECT_FALSE(GlobMatches("*a*a*a*a*a*b", std::string(10000, 'a')));
}

// Follows a path (member names; "[]" is an array item) and returns the rule.
FieldSelectors::Match Follow(const FieldSelectors& fs, std::initializer_list<const char*> path) {
  std::vector<FieldSelectors::State> states{FieldSelectors::kRoot}, next;
  for (const char* step : path) {
    next.clear();
    if (std::string_view(step) == "[]") {
      fs.StepItem(states, next);
    } else {
      fs.StepMember(states, step, next);
    }
    states.swap(next);
  }
  return fs.Best(states);
}

TEST(FieldSelectors, TheMostSpecificSelectorWinsSegmentBySegment) {
  FieldSelectors fs;
  ASSERT_TRUE(fs.Add("context.*.email", 0).ok());
  ASSERT_TRUE(fs.Add("context.traits.*", 1).ok());
  ASSERT_TRUE(fs.Add("$.context.traits.email", 2).ok());
  ASSERT_TRUE(fs.Add("context.traits.e*", 3).ok());
  ASSERT_TRUE(fs.Add("media_urls[*]", 4).ok());
  ASSERT_TRUE(fs.Add("*_zip", 5).ok());
  ASSERT_TRUE(fs.Add("from_*", 6).ok());
  EXPECT_EQ(Follow(fs, {"context", "traits", "email"}).rule, 2);
  EXPECT_TRUE(Follow(fs, {"context", "traits", "email"}).named);
  EXPECT_EQ(Follow(fs, {"context", "traits", "eyes"}).rule, 3);   // glob beats wildcard
  EXPECT_FALSE(Follow(fs, {"context", "traits", "eyes"}).named);
  EXPECT_EQ(Follow(fs, {"context", "traits", "phone"}).rule, 1);
  EXPECT_EQ(Follow(fs, {"context", "other", "email"}).rule, 0);
  EXPECT_EQ(Follow(fs, {"context", "other", "phone"}).rule, -1);
  EXPECT_EQ(Follow(fs, {"media_urls", "[]"}).rule, 4);
  EXPECT_EQ(Follow(fs, {"media_urls"}).rule, -1);
  EXPECT_EQ(Follow(fs, {"media_urls", "x"}).rule, -1);
  // Equal specificity: the selector written first.
  EXPECT_EQ(Follow(fs, {"from_zip"}).rule, 5);
  EXPECT_EQ(Follow(fs, {"from_city"}).rule, 6);
  EXPECT_EQ(Follow(fs, {"body"}).rule, -1);
}

TEST(FieldSelectors, KnowsWhetherSelectorsContinueBelowAState) {
  FieldSelectors fs;
  ASSERT_TRUE(fs.Add("context.ip", 0).ok());
  std::vector<FieldSelectors::State> root{FieldSelectors::kRoot}, next;
  EXPECT_TRUE(fs.HasDescendants(root));
  fs.StepMember(root, "context", next);
  EXPECT_TRUE(fs.HasDescendants(next));
  std::vector<FieldSelectors::State> leaf;
  fs.StepMember(next, "ip", leaf);
  EXPECT_FALSE(fs.HasDescendants(leaf));
  EXPECT_EQ(fs.Best(leaf).rule, 0);
}

TEST(FieldSelectors, RejectsTheSameSelectorTwiceAndItemsAtTheTop) {
  FieldSelectors fs;
  ASSERT_TRUE(fs.Add("$.from", 0).ok());
  const Status again = fs.Add("from", 1);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.message().find("same fields as '$.from'"), std::string::npos);
  const Status items = fs.Add("[*]", 2);
  ASSERT_FALSE(items.ok());
  EXPECT_NE(items.message().find("no array items"), std::string::npos);
}

}  // namespace
}  // namespace scrubline
