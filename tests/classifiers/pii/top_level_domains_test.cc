// TopLevelDomains: the Public Suffix List's last labels, for the email
// validator ("icon@2x.png" is a file name, "jane@example.co.uk" an address).
#include "classifiers/pii/top_level_domains.h"

#include <gtest/gtest.h>

#include "classifiers/pii/validators.h"

namespace scrubline {
namespace {

TEST(TopLevelDomains, ParsesTheLastLabelOfEachRule) {
  auto tlds = TopLevelDomains::Parse(
      "// ===BEGIN ICANN DOMAINS===\n"
      "com\n"
      "co.uk\n"
      "*.ck\n"
      "!www.ck\n"
      "\n"
      "  org   // trailing text\r\n"
      "\xD1\x80\xD1\x84\n");  // a Unicode TLD: skipped (matched as xn--)
  ASSERT_TRUE(tlds.ok()) << tlds.status().message();
  for (const char* yes : {"com", "COM", "uk", "ck", "org", "example", "test"}) {
    EXPECT_TRUE((*tlds)->Contains(yes)) << yes;
  }
  for (const char* no : {"png", "co", "www", "", "jpg"}) EXPECT_FALSE((*tlds)->Contains(no)) << no;
}

TEST(TopLevelDomains, EmptyListIsAnError) {
  EXPECT_FALSE(TopLevelDomains::Parse("// nothing\n").ok());
}

TEST(TopLevelDomains, MissingFileNamesThePackage) {
  auto tlds = LoadTopLevelDomains("/nonexistent/public_suffix_list.dat");
  ASSERT_FALSE(tlds.ok());
  EXPECT_NE(tlds.status().message().find("publicsuffix"), std::string::npos);
}

TEST(TopLevelDomains, TheInstalledListDecidesEmailTopLevelLabels) {
  auto tlds = LoadTopLevelDomains(kDefaultPublicSuffixList);
  ASSERT_TRUE(tlds.ok()) << tlds.status().message();
  EXPECT_GT((*tlds)->size(), 1000u);
  InstallTopLevelDomains(*tlds);
  EXPECT_EQ(InstalledTopLevelDomains(), tlds->get());
  EXPECT_TRUE(EmailValid("jane@example.co.uk"));
  EXPECT_TRUE(EmailValid("jane@mail.example"));
  EXPECT_TRUE(EmailValid("user@xn--bcher-kva.xn--p1ai"));
  EXPECT_FALSE(EmailValid("icon@2x.png"));
  EXPECT_FALSE(EmailValid("bg@2x.gif"));
}

}  // namespace
}  // namespace scrubline
