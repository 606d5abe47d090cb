// Allow and deny lists (classifiers/pii/value_lists.h): an allow-listed value
// is not reported in any of its written forms, its neighbours still are; deny
// terms are found case-insensitively at word boundaries only; bad list
// entries are errors naming the file and the entry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "classifiers/pii/catalog.h"
#include "classifiers/pii/pii_classifier.h"
#include "classifiers/pii/value_lists.h"
#include "tests/classifiers/pii/pii_test_util.h"
#include "tests/support/allocation_counter.h"

namespace scrubline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::HasExactFinding;

namespace fs = std::filesystem;
const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

// The shipped allow list's support number (patterns/pii/lists.yaml).
constexpr char kSupportLine[] = "+1 888 555 0142";

class TempDir {
 public:
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "scrubline_value_lists_XXXXXX").string();
    if (mkdtemp(templ.data()) != nullptr) path_ = templ;
  }
  ~TempDir() {
    if (!path_.empty()) fs::remove_all(path_);
  }
  const std::string& path() const { return path_; }
  void Write(const std::string& name, const std::string& content) const {
    std::ofstream(fs::path(path_) / name) << content;
  }

 private:
  std::string path_;
};

// Classifies with one classifier and a scratch of its own.
class Runner {
 public:
  explicit Runner(std::shared_ptr<const PiiClassifier> c) : c_(std::move(c)) {
    if (!c_) return;  // Build reported the failure; Run finds nothing
    auto s = c_->NewScratch();
    EXPECT_TRUE(s.ok());
    if (s.ok()) scratch_ = std::move(*s);
  }
  const std::vector<Finding>& Run(std::string_view text) {
    found_.clear();
    if (!scratch_) return found_;
    const Status st = c_->Classify(text, FieldHint{}, *scratch_, found_);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return found_;
  }
  bool Finds(std::string_view text, EntityType type, std::string_view span) {
    return HasExactFinding(Run(text), text, type, span);
  }
  bool AnyOfType(std::string_view text, EntityType type) {
    for (const Finding& f : Run(text)) {
      if (f.type == type) return true;
    }
    return false;
  }
  const PiiClassifier& classifier() const { return *c_; }

 private:
  std::shared_ptr<const PiiClassifier> c_;
  std::unique_ptr<PiiClassifier::Scratch> scratch_;
  std::vector<Finding> found_;
};

std::shared_ptr<const PiiClassifier> Build(const std::string& dir,
                                           const PiiClassifierOptions& options = {}) {
  auto c = PiiClassifier::Create(dir, options);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? *c : nullptr;
}

AllowEntry Allow(EntityType type, std::string value) {
  AllowEntry e;
  e.type = type;
  e.value = std::move(value);
  e.where = "test allow";
  return e;
}

DenyEntry Deny(std::string term, EntityType type = EntityType::kCustomTerm) {
  DenyEntry e;
  e.term = std::move(term);
  e.type = type;
  e.where = "test deny";
  e.id = "test_deny";
  return e;
}

// The shipped catalog without its lists: what the catalog finds on its own.
class WithoutLists {
 public:
  WithoutLists() {
    for (const auto& f : fs::directory_iterator(kShippedCatalog)) {
      if (f.path().extension() == ".yaml" && f.path().filename() != "lists.yaml") {
        fs::copy_file(f.path(), fs::path(dir_.path()) / f.path().filename());
      }
    }
  }
  const std::string& path() const { return dir_.path(); }

 private:
  TempDir dir_;
};

// --- Allow lists. ---

const std::vector<std::string> kSupportLineForms = {
    "+1 888 555 0142", "+1 (888) 555-0142", "+18885550142",   "001 888 555 0142",
    "(888) 555-0142",  "888-555-0142",      "888.555.0142",   "1-888-555-0142",
    "1 888 555 0142",  "8885550142",        "+1 888 555 0142 ext. 12",
};

TEST(AllowList, ShippedSupportLineIsNotReportedInAnyWrittenForm) {
  WithoutLists bare;
  Runner without(Build(bare.path()));
  Runner with(Build(kShippedCatalog));
  for (const std::string& form : kSupportLineForms) {
    const std::string text = "Questions? Call " + form + " any time.";
    // The catalog alone finds it (so the list is what hides it) ...
    EXPECT_TRUE(without.AnyOfType(text, EntityType::kPhone)) << form;
    // ... and with the shipped list nothing of it is reported, not even a part.
    EXPECT_TRUE(with.Run(text).empty()) << form;
  }
}

TEST(AllowList, NeighboursOfTheSupportLineAreStillReported) {
  Runner with(Build(kShippedCatalog));
  for (const char* neighbour : {"+1 888 555 0143", "+1 888 555 0141", "(877) 555-0142",
                                "888-555-0124", "+1 415 555 0142", "+44 20 7946 0142"}) {
    const std::string text = std::string("Call ") + neighbour + " now";
    EXPECT_TRUE(with.Finds(text, EntityType::kPhone, neighbour)) << neighbour;
  }
  // The listed number next to a real one: only the listed one is hidden.
  const std::string both = std::string("Support ") + kSupportLine + ", me 415-555-0100.";
  EXPECT_TRUE(with.Finds(both, EntityType::kPhone, "415-555-0100"));
  EXPECT_EQ(with.Run(both).size(), 1u);
}

TEST(AllowList, TestCardsAddedByOptionsAreHiddenOtherCardsAreNot) {
  PiiClassifierOptions options;
  options.extra_allow = {Allow(EntityType::kCreditCard, "4111 1111 1111 1111"),
                         Allow(EntityType::kCreditCard, "378282246310005")};
  Runner base(Build(kShippedCatalog));
  Runner with(Build(kShippedCatalog, options));
  for (const char* card : {"4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111",
                           "3782 822463 10005", "378282246310005"}) {
    const std::string text = std::string("card ") + card + " ok";
    EXPECT_TRUE(base.Finds(text, EntityType::kCreditCard, card)) << card;
    EXPECT_FALSE(with.AnyOfType(text, EntityType::kCreditCard)) << card;
  }
  for (const char* card : {"4242 4242 4242 4242", "5555 5555 5555 4444", "4012 8888 8888 1881"}) {
    const std::string text = std::string("card ") + card + " ok";
    EXPECT_TRUE(with.Finds(text, EntityType::kCreditCard, card)) << card;
  }
}

TEST(AllowList, InternationalEntriesCoverTheirNationalForms) {
  PiiClassifierOptions options;
  options.extra_allow = {Allow(EntityType::kPhone, "+44 20 7946 0018")};
  Runner base(Build(kShippedCatalog));
  Runner with(Build(kShippedCatalog, options));
  for (const char* form : {"+44 20 7946 0018", "+44 (0)20 7946 0018", "020 7946 0018",
                           "0044 20 7946 0018"}) {
    const std::string text = std::string("Ring ") + form + " today";
    EXPECT_TRUE(base.AnyOfType(text, EntityType::kPhone)) << form;
    EXPECT_FALSE(with.AnyOfType(text, EntityType::kPhone)) << form;
  }
  const std::string other = "Ring 020 7946 0019 today";
  EXPECT_TRUE(with.Finds(other, EntityType::kPhone, "020 7946 0019"));
}

TEST(AllowList, EmailAndIbanCompareCanonically) {
  PiiClassifierOptions options;
  options.extra_allow = {Allow(EntityType::kEmail, "Support@Example.com"),
                         Allow(EntityType::kIban, "GB82 WEST 1234 5698 7654 32")};
  Runner base(Build(kShippedCatalog));
  Runner with(Build(kShippedCatalog, options));
  const std::string mail = "write to SUPPORT@example.COM please";
  EXPECT_TRUE(base.Finds(mail, EntityType::kEmail, "SUPPORT@example.COM"));
  EXPECT_FALSE(with.AnyOfType(mail, EntityType::kEmail));
  EXPECT_TRUE(with.Finds("write to support2@example.com", EntityType::kEmail,
                         "support2@example.com"));
  const std::string iban = "IBAN GB82WEST12345698765432 thanks";
  EXPECT_TRUE(base.Finds(iban, EntityType::kIban, "GB82WEST12345698765432"));
  EXPECT_FALSE(with.AnyOfType(iban, EntityType::kIban));
}

TEST(AllowList, AValueIsOnlyAllowedAsItsOwnType) {
  // The same digits listed as a card do not hide a phone number.
  PiiClassifierOptions options;
  options.extra_allow = {Allow(EntityType::kCreditCard, "415 555 0100")};
  Runner with(Build(kShippedCatalog, options));
  EXPECT_TRUE(with.Finds("call 415-555-0100", EntityType::kPhone, "415-555-0100"));
}

TEST(AllowList, CanonicalKeys) {
  char a[64], b[64];
  const auto key = [](EntityType t, std::string_view v, char* buf) {
    return std::string(buf, CanonicalAllowKey(t, v, buf, 64));
  };
  EXPECT_EQ(key(EntityType::kCreditCard, "4111-1111 1111.1111", a),
            key(EntityType::kCreditCard, "4111111111111111", b));
  EXPECT_NE(key(EntityType::kCreditCard, "4111111111111111", a),
            key(EntityType::kUsBankNumber, "4111111111111111", b));
  EXPECT_EQ(key(EntityType::kIban, "gb82 west 1234", a), key(EntityType::kIban, "GB82WEST1234", b));
  EXPECT_EQ(key(EntityType::kEmail, " A@B.example ", a), key(EntityType::kEmail, "a@b.example", b));
  // International and national phone forms are told apart ...
  EXPECT_NE(key(EntityType::kPhone, "+18885550142", a), key(EntityType::kPhone, "18885550142", b));
  EXPECT_EQ(key(EntityType::kPhone, "+1 888 555 0142", a), key(EntityType::kPhone, "0018885550142", b));
  // ... an extension is not part of the line.
  EXPECT_EQ(key(EntityType::kPhone, "+1 888 555 0142 x99", a),
            key(EntityType::kPhone, "+1 888 555 0142", b));
  // No canonical form: nothing to compare, or too long for the buffer.
  EXPECT_EQ(CanonicalAllowKey(EntityType::kCreditCard, "no digits", a, 64), 0u);
  EXPECT_EQ(CanonicalAllowKey(EntityType::kUrl, std::string(100, 'x'), a, 64), 0u);
}

TEST(AllowList, CheckingAFindingAllocatesNothing) {
  auto list = AllowList::Create({Allow(EntityType::kPhone, kSupportLine),
                                 Allow(EntityType::kCreditCard, "4111 1111 1111 1111")});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  if (!SCRUBLINE_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under ASan";
  bool hits[4];
  const long before = g_allocations.load();
  g_counting = true;
  hits[0] = list->Contains(EntityType::kPhone, "(888) 555-0142");
  hits[1] = list->Contains(EntityType::kPhone, "(888) 555-0143");
  hits[2] = list->Contains(EntityType::kCreditCard, "4111-1111-1111-1111");
  hits[3] = list->Contains(EntityType::kEmail, "a@example.com");
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), before);
  EXPECT_TRUE(hits[0]);
  EXPECT_FALSE(hits[1]);
  EXPECT_TRUE(hits[2]);
  EXPECT_FALSE(hits[3]);
}

// --- Deny lists, on every engine (the pattern must mean the same to both). ---

class DenyList : public ::testing::TestWithParam<PiiEngine> {};

TEST_P(DenyList, TermsAreFoundCaseInsensitivelyAtWordBoundaries) {
  PiiClassifierOptions options;
  options.engine = GetParam();
  options.extra_deny = {Deny("Project Nightingale"), Deny("acme.internal"),
                        Deny("Dr. Quinn", EntityType::kPerson)};
  Runner r(Build(kShippedCatalog, options));
  const auto term = EntityType::kCustomTerm;
  EXPECT_TRUE(r.Finds("status of Project Nightingale today", term, "Project Nightingale"));
  EXPECT_TRUE(r.Finds("re: project nightingale.", term, "project nightingale"));
  EXPECT_TRUE(r.Finds("PROJECT   NIGHTINGALE!", term, "PROJECT   NIGHTINGALE"));
  EXPECT_TRUE(r.Finds("(Project\nNightingale)", term, "Project\nNightingale"));
  EXPECT_TRUE(r.Finds("ssh ACME.internal now", term, "ACME.internal"));
  EXPECT_TRUE(r.Finds("ask Dr. Quinn", EntityType::kPerson, "Dr. Quinn"));
  // Not inside words, not with other punctuation in place of the dot.
  for (const char* text : {"Project Nightingales", "SubProject Nightingale", "ProjectNightingale",
                           "project_nightingale", "acmexinternal", "acme.internals",
                           "Dr Quinn"}) {
    for (const Finding& f : r.Run(text)) {
      EXPECT_NE(f.type, term) << text;
      EXPECT_NE(f.type, EntityType::kPerson) << text;
    }
  }
  // A deny rule is a rule like any other: it has an id and a type.
  const std::vector<Finding>& found = r.Run("Project Nightingale");
  ASSERT_EQ(found.size(), 1u);  // (and so the classifier was built)
  EXPECT_EQ(r.classifier().rule_id(found[0].rule), "test_deny");
  EXPECT_EQ(r.classifier().rule_type(found[0].rule), term);
  EXPECT_EQ(found[0].score, 1.0f);
}

TEST_P(DenyList, ATermInsideAnotherEntityLeavesNoneOfItInClear) {
  // The deny term wins its bytes (score 1.0); the e-mail address around it
  // keeps the rest, so the findings cover every byte of the address.
  PiiClassifierOptions options;
  options.engine = GetParam();
  options.extra_deny = {Deny("kestrel")};
  Runner r(Build(kShippedCatalog, options));
  const std::string text = "write to kestrel.jones@example.com today";
  const std::string address = "kestrel.jones@example.com";
  const std::size_t begin = text.find(address);
  std::vector<bool> covered(text.size(), false);
  bool term = false, email = false;
  for (const Finding& f : r.Run(text)) {
    for (std::uint32_t i = f.begin; i < f.end; ++i) covered[i] = true;
    term = term || f.type == EntityType::kCustomTerm;
    email = email || f.type == EntityType::kEmail;
  }
  EXPECT_TRUE(term);
  EXPECT_TRUE(email);
  for (std::size_t i = begin; i < begin + address.size(); ++i) EXPECT_TRUE(covered[i]) << i;
  EXPECT_FALSE(covered[0]);
}

INSTANTIATE_TEST_SUITE_P(Engines, DenyList,
                         ::testing::Values(PiiEngine::kHyperscanSom, PiiEngine::kPrefilterRe2,
                                           PiiEngine::kRe2Set),
                         [](const auto& info) { return std::string(PiiEngineName(info.param)); });

TEST(DenyTermPattern, EscapesEverythingButLettersDigitsAndSpace) {
  EXPECT_EQ(DenyTermPattern("Ab 1"), "\\b[aA][bB][ \\t\\r\\n]+1\\b");
  EXPECT_EQ(DenyTermPattern("a.b(c)"), "\\b[aA]\\.[bB]\\([cC]\\)");
  EXPECT_EQ(DenyTermPattern("\xC3\xA9t\xC3\xA9"), "\\xC3\\xA9[tT]\\xC3\\xA9");
}

// --- List files in a catalog directory. ---

constexpr char kOneEntry[] =
    "entries:\n"
    "  - id: x\n"
    "    type: EMAIL\n"
    "    category: {data: account, privacy: identifiers}\n"
    "    pattern: 'ab+c'\n"
    "    validator: none\n"
    "    score: 0.5\n"
    "    examples: {match: [abbc]}\n";

class ListFiles : public ::testing::Test {
 protected:
  void SetUp() override { dir_.Write("a.yaml", kOneEntry); }
  std::string CreateError(const std::string& lists) {
    dir_.Write("lists.yaml", lists);
    auto c = PiiClassifier::Create(dir_.path());
    if (c.ok()) return "(no error)";
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument) << c.status().ToString();
    return c.status().message();
  }
  TempDir dir_;
};

TEST_F(ListFiles, AListsOnlyFileLoadsAndItsDenyTermsBecomeRules) {
  dir_.Write("lists.yaml",
             "allow:\n  - {type: EMAIL, value: abc, note: fine}\n"
             "deny:\n  - {term: Nightingale}\n  - {term: Kestrel, type: PERSON}\n");
  auto catalog = LoadCatalog(dir_.path());
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->entries.size(), 1u);
  ASSERT_EQ(catalog->allow.size(), 1u);
  EXPECT_EQ(catalog->allow[0].note, "fine");
  ASSERT_EQ(catalog->deny.size(), 2u);
  EXPECT_EQ(catalog->deny[1].type, EntityType::kPerson);
  EXPECT_EQ(catalog->source_files.size(), 2u);  // the lists count for the fingerprint
  auto c = PiiClassifier::Create(dir_.path());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ((*c)->rule_count(), 3u);
  EXPECT_EQ((*c)->rule_id(1), "lists_deny_1");
  EXPECT_EQ((*c)->rule_id(2), "lists_deny_2");
  Runner r(*c);
  EXPECT_TRUE(r.Finds("abbc", EntityType::kEmail, "abbc"));  // not the listed "abc"
  EXPECT_TRUE(r.Run("abc").empty());
  EXPECT_TRUE(r.Finds("a kestrel", EntityType::kPerson, "kestrel"));
}

TEST_F(ListFiles, ErrorsNameTheFileTheEntryAndTheProblem) {
  struct Case {
    std::string yaml;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"allow:\n  - {type: PHONE, value: '+1 888 555 0142'}\n  - {type: PHONES, value: '1'}\n",
       {"\"lists.yaml\": allow #2 (line 3)", "unknown type \"PHONES\""}},
      {"allow:\n  - {type: PHONE, value: '888 555 0199'}\n",
       {"\"lists.yaml\": allow #1", "must be written internationally"}},
      {"allow:\n  - {type: CREDIT_CARD, value: 'test card'}\n",
       {"allow #1", "no canonical form as CREDIT_CARD"}},
      {"allow:\n  - {type: PHONE, value: '+1 888 555 0142', colour: red}\n",
       {"allow #1", "unknown key \"colour\"", "allowed: type, value, note"}},
      {"allow:\n  - {type: PHONE}\n", {"allow #1", "missing or empty \"value\""}},
      {"allow:\n  - {type: CUSTOM_TERM, value: x}\n", {"allow #1", "cannot be allowed"}},
      {"allow: {type: PHONE}\n", {"\"lists.yaml\": allow must be a list"}},
      {"deny:\n  - {term: ok}\n  - {type: PERSON}\n",
       {"\"lists.yaml\": deny #2 (line 3)", "missing or empty \"term\""}},
      {"deny:\n  - {term: '---'}\n", {"deny #1", "at least one ASCII letter or digit"}},
      {"deny:\n  - {term: x, type: NOPE}\n", {"deny #1", "unknown type \"NOPE\""}},
      {"deny:\n  - just a string\n", {"deny #1", "must be a mapping"}},
      {"allowed: []\n", {"unknown top-level key \"allowed\"", "allowed: entries, allow, deny"}},
      {"{}\n", {"\"lists.yaml\"", "\"entries\", \"allow\" or \"deny\""}},
  };
  for (const Case& c : cases) {
    const std::string m = CreateError(c.yaml);
    EXPECT_THAT(m, HasSubstr("pii catalog file \"lists.yaml\"")) << c.yaml;
    for (const std::string& e : c.expected) EXPECT_THAT(m, HasSubstr(e)) << c.yaml;
  }
  // A rejected value is not echoed (lists may hold real numbers).
  EXPECT_THAT(CreateError("allow:\n  - {type: PHONE, value: '888 555 0199'}\n"),
              Not(HasSubstr("555")));
}

TEST_F(ListFiles, TheShippedListsAreValid) {
  auto catalog = LoadCatalog(kShippedCatalog);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  ASSERT_FALSE(catalog->allow.empty());
  EXPECT_EQ(catalog->allow[0].value, kSupportLine);
  EXPECT_FALSE(catalog->allow[0].note.empty());
  EXPECT_TRUE(catalog->deny.empty());
}

}  // namespace
}  // namespace scrubline
