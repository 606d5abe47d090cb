// Rules that can never apply are errors ("selectors that can never match",
// policy engine issue): a router shape every record of which an earlier
// shape takes, a policy selector whose member no record routed to that
// policy can have, a name rule (or a name it lists) that earlier name rules
// take first. Each case has a near miss that must still load, so the checks
// cannot pass by refusing everything.
#include <gtest/gtest.h>

#include "classifiers/policy/field_names.h"
#include "classifiers/policy/policy.h"
#include "classifiers/policy/policy_router.h"

namespace scrubline {
namespace {

std::string Router(const std::string& shapes) {
  return "id: r\nversion: 1\nshapes:\n" + shapes + "fallback: other\n";
}

TEST(UnreachableRules, AShapeTakenWhollyByAnEarlierShapeIsAnError) {
  const std::pair<const char*, const char*> shadowed[] = {
      // Fewer requirements first: every record of the second has sid.
      {"  - {policy: a, when: {all: [sid]}}\n  - {policy: b, when: {all: [sid, body]}}\n",
       "shapes[1] (line 5): never chosen: every record it matches is taken first by shapes[0] "
       "(line 4, policy a)"},
      // The earlier `any` is met by a field the later one requires.
      {"  - {policy: a, when: {any: [x, y]}}\n  - {policy: b, when: {all: [y]}}\n", "never chosen"},
      // The later `any` is a subset of the earlier one.
      {"  - {policy: a, when: {any: [x, y, z]}}\n  - {policy: b, when: {any: [x, y]}}\n",
       "never chosen"},
      // The earlier exclusion is one the later shape also makes.
      {"  - {policy: a, when: {all: [x], none: [q]}}\n  - {policy: b, when: {all: [x, y], "
       "none: [q]}}\n",
       "never chosen"},
      // The same value glob.
      {"  - {policy: a, when: {values: {sid: 'CA*'}}}\n  - {policy: b, when: {all: [d], values: "
       "{sid: 'CA*'}}}\n",
       "never chosen"},
      // A '*' glob only needs the member.
      {"  - {policy: a, when: {values: {sid: '*'}}}\n  - {policy: b, when: {all: [sid, d]}}\n",
       "never chosen"},
  };
  for (const auto& [shapes, expected] : shadowed) {
    auto router = PolicyRouter::Parse(Router(shapes), "r.yaml");
    ASSERT_FALSE(router.ok()) << shapes;
    EXPECT_NE(router.status().message().find(expected), std::string::npos)
        << shapes << " -> " << router.status().ToString();
  }
  const char* reachable[] = {
      // Order matters: the more specific shape first is the right way.
      "  - {policy: a, when: {all: [sid, body]}}\n  - {policy: b, when: {all: [sid]}}\n",
      // The earlier shape excludes what the later one allows.
      "  - {policy: a, when: {all: [sid], none: [body]}}\n  - {policy: b, when: {all: [sid]}}\n",
      // The later `any` reaches beyond the earlier one's.
      "  - {policy: a, when: {any: [x, y]}}\n  - {policy: b, when: {any: [y, z]}}\n",
      // Different value globs cannot be compared: not provably taken.
      "  - {policy: a, when: {values: {sid: 'C*'}}}\n  - {policy: b, when: {values: {sid: "
      "'CA*'}}}\n",
      // The shipped default's order (voice records have sid; messages need not).
      "  - {policy: a, when: {all: [sid, account_sid], any: [duration], none: [body]}}\n"
      "  - {policy: b, when: {all: [account_sid], any: [body, num_segments]}}\n",
  };
  for (const char* shapes : reachable) {
    auto router = PolicyRouter::Parse(Router(shapes), "r.yaml");
    EXPECT_TRUE(router.ok()) << shapes << " -> " << router.status().ToString();
  }
}

TEST(UnreachableRules, APolicySelectorNoRoutedRecordCanHaveIsAnError) {
  auto router = PolicyRouter::Parse(
      Router("  - {policy: calls, when: {all: [sid], any: [duration], none: [body]}}\n"
             "  - {policy: messages, when: {all: [sid]}}\n"
             "  - {policy: events, when: {all: [userId]}}\n"),
      "r.yaml");
  ASSERT_TRUE(router.ok()) << router.status().ToString();
  const auto policy = [](const std::string& fields) {
    auto parsed = Policy::Parse("id: p\nversion: 1\nfields:\n" + fields, "p.yaml");
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return *parsed;
  };
  // The calls shape excludes body: its policy's body rule is dead.
  auto calls = policy("  sid: keep\n  body: redact\n");
  Status s = (*router)->CheckSelectorsReachable(0, *calls);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "p.yaml: fields.body (line 5): can never match under router r.yaml: shapes[0] "
            "(line 4) routes here only records without 'body'");
  // A record of `messages` with duration would have gone to calls only
  // without body, so duration stays reachable; userId too (the earlier
  // shapes do not exclude it, and events comes later).
  EXPECT_TRUE((*router)->CheckSelectorsReachable(1, *policy("  duration: keep\n  userId: keep\n"))
                  .ok());
  // Every record with userId goes to events before the fallback (no
  // exclusions): a fallback rule for userId is dead; one for duration is not
  // (a record with duration but no sid reaches the fallback).
  s = (*router)->CheckSelectorsReachable(-1, *policy("  duration: keep\n  userId: token\n"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("fields.userId (line 5): can never match under router r.yaml: every "
                             "record with 'userId' is taken by shapes[2] (line 6, policy events) "
                             "before the fallback"),
            std::string::npos)
      << s.ToString();
  // A record of events with sid is taken by messages first.
  s = (*router)->CheckSelectorsReachable(2, *policy("  sid: keep\n"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("a record of shapes[2] (line 6) with 'sid' is taken first by "
                             "shapes[1] (line 5, policy messages)"),
            std::string::npos)
      << s.ToString();
  // Nested and glob selectors, and members no condition reads, are not judged.
  EXPECT_TRUE((*router)->CheckSelectorsReachable(0, *policy("  body.x: keep\n  '*dy': keep\n  "
                                                            "other: keep\n"))
                  .ok());
}

TEST(UnreachableRules, ANameRuleEarlierRulesTakeIsAnError) {
  auto vocabulary = FieldNameVocabulary::LoadFile(std::string(SCRUBLINE_SOURCE_DIR) +
                                                  "/patterns/fields/names.yaml");
  ASSERT_TRUE(vocabulary.ok()) << vocabulary.status().ToString();
  const auto shared = std::make_shared<const FieldNameVocabulary>(std::move(*vocabulary));
  const auto parse = [&](const std::string& names) {
    return Policy::Parse("id: p\nversion: 1\nnames:\n" + names, "p.yaml", shared);
  };
  const std::pair<const char*, const char*> dead[] = {
      {"  - {names: [mail, email], action: drop}\n  - {names: [Email], action: keep}\n",
       "p.yaml: names[1] (line 5): 'email' can never apply: names[0] (line 4) takes every key it "
       "matches first"},
      {"  - {concept: email, action: drop}\n  - {concept: email, action: keep}\n",
       "names[1] (line 5): the concept can never apply"},
      {"  - {match: '^x_', action: drop}\n  - {match: '^x_', action: keep}\n",
       "names[1] (line 5): the expression can never apply"},
      {"  - {match: '(?i)mail', action: drop}\n  - {names: [e_MAIL], action: keep}\n",
       "'e_mail' can never apply"},
      {"  - {names: [a, b, a], action: drop}\n", "names[0] (line 4): 'a' is listed twice"},
  };
  for (const auto& [names, expected] : dead) {
    auto policy = parse(names);
    ASSERT_FALSE(policy.ok()) << names;
    EXPECT_NE(policy.status().message().find(expected), std::string::npos)
        << names << " -> " << policy.status().ToString();
  }
  const char* live[] = {
      // A case-sensitive expression does not take every spelling of a name.
      "  - {match: 'mail', action: drop}\n  - {names: [email], action: keep}\n",
      // A concept's fuzzy matching is not assumed to take a listed name.
      "  - {concept: email, action: drop}\n  - {names: [email], action: keep}\n",
      // Different expressions, different concepts.
      "  - {match: '^x_', action: drop}\n  - {match: '^y_', action: keep}\n",
      "  - {concept: email, action: drop}\n  - {concept: phone, action: keep}\n",
  };
  for (const char* names : live) {
    auto policy = parse(names);
    EXPECT_TRUE(policy.ok()) << names << " -> " << policy.status().ToString();
  }
}

}  // namespace
}  // namespace scrubline
