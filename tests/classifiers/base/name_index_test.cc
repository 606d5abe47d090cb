#include "classifiers/base/name_index.h"

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace scrubline {
namespace {

TEST(NameIndex, FindsEveryNameAndNothingElse) {
  const std::vector<std::string_view> names = {"account_sid", "sid", "from", "to", "body",
                                               "date_sent", "", "é", "from ", "From"};
  const NameIndex index(names);
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(index.Find(names[i]), static_cast<int>(i));
  for (std::string_view absent : {"fro", "fromm", "FROM", "to ", "account", "x", "\xC3"}) {
    EXPECT_EQ(index.Find(absent), -1) << absent;
  }
}

TEST(NameIndex, AnEmptyIndexFindsNothing) {
  EXPECT_EQ(NameIndex().Find("a"), -1);
  EXPECT_EQ(NameIndex(std::vector<std::string_view>{}).Find(""), -1);
}

// Against a linear search, with sets large enough that hashes collide and
// probes wrap around the table.
TEST(NameIndex, AgreesWithALinearSearch) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> storage;
    const std::size_t n = 1 + rng() % 64;
    while (storage.size() < n) {
      std::string name(1 + rng() % 6, 'a');
      for (char& c : name) c = static_cast<char>('a' + rng() % 3);
      if (std::find(storage.begin(), storage.end(), name) == storage.end()) storage.push_back(name);
    }
    const std::vector<std::string_view> names(storage.begin(), storage.end());
    const NameIndex index(names);
    for (int probe = 0; probe < 100; ++probe) {
      std::string name(1 + rng() % 6, 'a');
      for (char& c : name) c = static_cast<char>('a' + rng() % 3);
      const auto it = std::find(storage.begin(), storage.end(), name);
      const int expected = it == storage.end() ? -1 : static_cast<int>(it - storage.begin());
      ASSERT_EQ(index.Find(name), expected) << name;
    }
  }
}

}  // namespace
}  // namespace scrubline
