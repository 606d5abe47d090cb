#include <set>
#include <string>

#include <gtest/gtest.h>

#include "classifiers/base/entity_type.h"
#include "classifiers/base/status.h"
#include "classifiers/base/vocabulary.h"

namespace scrubline {
namespace {

TEST(EntityType, NamesRoundTripAndAreUnique) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < kEntityTypeCount; ++i) {
    auto type = static_cast<EntityType>(i);
    std::string_view name = EntityTypeName(type);
    EXPECT_TRUE(seen.insert(name).second) << name;
    ASSERT_TRUE(ParseEntityType(name).has_value()) << name;
    EXPECT_EQ(*ParseEntityType(name), type);
    EXPECT_EQ(EntityTypeTag(type), "[" + std::string(name) + "]");
  }
  EXPECT_FALSE(ParseEntityType("email").has_value());
  EXPECT_FALSE(ParseEntityType("").has_value());
}

TEST(EntityType, DataReadmeVocabularyIsPresent) {
  for (const char* name : {"EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "IP_ADDRESS", "US_SSN", "URL"}) {
    EXPECT_TRUE(ParseEntityType(name).has_value()) << name;
  }
}

TEST(Vocabulary, ClosedNames) {
  EXPECT_EQ(OutputKindName(OutputKind::kDeadLetter), "dead_letter");
  EXPECT_EQ(ActionName(Action::kGeneralize), "generalize");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInvalidUtf8), "invalid_utf8");
  EXPECT_EQ(kOutputKindCount, 5u);
}

TEST(Status, CarriesCodeAndMessage) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  Status bad = InvalidArgumentError("line 3: no colon");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.ToString(), "INVALID_ARGUMENT: line 3: no colon");
  StatusOr<int> v = 5;
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 5);
  StatusOr<int> e = NotFoundError("x");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace scrubline
