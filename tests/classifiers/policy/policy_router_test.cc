// Routers: recognising record shapes by their top-level fields, and the
// conditions a router file may not contain.
#include "classifiers/policy/policy_router.h"

#include <gtest/gtest.h>

namespace scrubline {
namespace {

constexpr char kRouter[] =
    "id: r\nversion: 2\n"
    "shapes:\n"
    "  - policy: calls\n"
    "    when: {all: [sid], any: [duration, caller_name], none: [body]}\n"
    "  - policy: messages\n"
    "    when: {all: [sid], values: {sid: \"SM*\"}}\n"
    "  - policy: events\n"
    "    when: {any: [userId, anonymousId]}\n"
    "fallback: other\n";

int Choose(const PolicyRouter& router,
           std::initializer_list<std::pair<const char*, const char*>> members) {
  PolicyRouter::Probe probe;
  probe.Reset();
  for (const auto& [key, value] : members) router.See(key, value, probe);
  return router.Choose(probe);
}

TEST(PolicyRouter, TheFirstShapeWhoseConditionHoldsWins) {
  ASSERT_TRUE(PolicyRouter::LooksLikeRouter(kRouter));
  auto router = PolicyRouter::Parse(kRouter, "r.yaml");
  ASSERT_TRUE(router.ok()) << router.status().ToString();
  const PolicyRouter& r = **router;
  EXPECT_EQ(r.versioned_id(), "r@2");
  EXPECT_EQ(r.fallback(), "other");
  EXPECT_EQ(Choose(r, {{"sid", "CA1"}, {"duration", ""}}), 0);
  EXPECT_EQ(Choose(r, {{"sid", "SM1"}, {"duration", ""}}), 0);  // calls first
  EXPECT_EQ(Choose(r, {{"sid", "SM1"}, {"body", "hi"}}), 1);
  EXPECT_EQ(Choose(r, {{"sid", "SM1"}, {"duration", ""}, {"body", "x"}}), 1);  // none: [body]
  EXPECT_EQ(Choose(r, {{"sid", "MM1"}, {"body", "hi"}}), -1);    // value glob fails
  EXPECT_EQ(Choose(r, {{"anonymousId", "a"}}), 2);
  EXPECT_EQ(Choose(r, {{"unknown", "x"}}), -1);
  EXPECT_EQ(Choose(r, {}), -1);
  EXPECT_FALSE(PolicyRouter::LooksLikeRouter("id: p\nversion: 1\nfields: {}\n"));
}

TEST(PolicyRouter, ShapesThatCanNeverMatchAndOtherMistakesAreErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"shapes: []\nfallback: f\n", "non-empty list"},
      {"shapes:\n  - {policy: a, when: {all: [x]}}\n", "needs 'fallback'"},
      {"shapes:\n  - {policy: a, when: {none: [x]}}\nfallback: f\n", "must be present"},
      {"shapes:\n  - {policy: a, when: {all: [x], none: [x]}}\nfallback: f\n", "never matches"},
      {"shapes:\n  - {policy: a, when: {values: {x: 'S*'}, none: [x]}}\nfallback: f\n",
       "never matches"},
      {"shapes:\n  - {policy: a, when: {any: [x], none: [x]}}\nfallback: f\n", "never matches"},
      {"shapes:\n  - {policy: a, when: {values: {x: 'S*', x: 'C*'}}}\nfallback: f\n",
       "line"},  // yaml-cpp reports or we do: a field named twice
      {"shapes:\n  - {policy: a, when: {all: [x]}}\n  - {policy: a, when: {all: [y]}}\n"
       "fallback: f\n",
       "has a shape already"},
      {"shapes:\n  - {policy: a, when: {some: [x]}}\nfallback: f\n", "unknown key"},
      {"shapes:\n  - {policy: a}\nfallback: f\n", "expected {policy"},
      {"shapez: []\n", "unknown key"},
  };
  for (const auto& [body, expected] : cases) {
    const std::string text = std::string("id: r\nversion: 1\n") + body;
    auto router = PolicyRouter::Parse(text, "r.yaml");
    ASSERT_FALSE(router.ok()) << body;
    EXPECT_NE(router.status().message().find(expected), std::string::npos)
        << body << " -> " << router.status().ToString();
    EXPECT_EQ(router.status().message().rfind("r.yaml: ", 0), 0u) << router.status().ToString();
  }
  // A field may be excluded while another of `any` can still be present.
  auto ok = PolicyRouter::Parse(
      "id: r\nversion: 1\nshapes:\n  - {policy: a, when: {any: [x, y], none: [x]}}\nfallback: f\n",
      "r.yaml");
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

}  // namespace
}  // namespace scrubline
