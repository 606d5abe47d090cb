// The PII catalog: the shipped catalog's own examples against the real
// compiled database (both engines), and the loader's errors, each of which
// must name the file, the entry and the problem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "classifiers/pii/catalog.h"
#include "classifiers/pii/pii_classifier.h"

namespace scrubline {
namespace {

using ::testing::HasSubstr;

const std::string kShippedCatalog = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns/pii";

TEST(ShippedCatalog, LoadsWithEveryRequiredType) {
  auto catalog = LoadCatalog(kShippedCatalog);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  std::set<EntityType> types;
  for (const CatalogEntry& e : catalog->entries) types.insert(e.type);
  for (EntityType t : {EntityType::kEmail, EntityType::kPhone, EntityType::kCreditCard,
                       EntityType::kIpAddress, EntityType::kUsSsn, EntityType::kPlatformSid}) {
    EXPECT_TRUE(types.count(t)) << EntityTypeName(t);
  }
  ASSERT_FALSE(catalog->source_files.empty());
  for (std::size_t i = 1; i < catalog->source_files.size(); ++i) {
    EXPECT_LT(catalog->source_files[i - 1].first, catalog->source_files[i].first);
  }
  for (const auto& [path, bytes] : catalog->source_files) {
    EXPECT_NE(path.find(".yaml"), std::string::npos);
    EXPECT_FALSE(bytes.empty()) << path;
  }

  auto classifier = PiiClassifier::Create(kShippedCatalog);
  ASSERT_TRUE(classifier.ok()) << classifier.status().ToString();
  ASSERT_EQ((*classifier)->rule_count(), catalog->entries.size());
  for (std::size_t i = 0; i < catalog->entries.size(); ++i) {
    auto rule = static_cast<std::uint16_t>(i);
    EXPECT_EQ((*classifier)->rule_id(rule), catalog->entries[i].id);
    EXPECT_EQ((*classifier)->rule_type(rule), catalog->entries[i].type);
    EXPECT_EQ((*classifier)->rule_data_category(rule),
              DataCategoryName(catalog->entries[i].data_category));
  }
  EXPECT_EQ((*classifier)->source_files(), catalog->source_files);
}

class ShippedExamples : public ::testing::TestWithParam<PiiEngine> {};

// Runs every entry's examples itself (Create's own check is switched off so
// this test is the one that decides).
TEST_P(ShippedExamples, EveryExampleHolds) {
  auto catalog = LoadCatalog(kShippedCatalog);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  PiiClassifierOptions options;
  options.engine = GetParam();
  options.check_examples = false;
  auto classifier = PiiClassifier::Create(kShippedCatalog, options);
  ASSERT_TRUE(classifier.ok()) << classifier.status().ToString();
  ASSERT_EQ((*classifier)->engine(), GetParam());
  auto scratch = (*classifier)->NewScratch();
  ASSERT_TRUE(scratch.ok());

  std::size_t matches = 0, no_matches = 0;
  std::vector<Finding> found;
  for (const CatalogEntry& e : catalog->entries) {
    for (const CatalogExample& ex : e.match_examples) {
      ASSERT_TRUE((*classifier)->Classify(ex.text, FieldHint{}, **scratch, found).ok());
      const std::size_t begin = ex.text.find(ex.span);
      ASSERT_NE(begin, std::string::npos);
      bool hit = false;
      for (const Finding& f : found) {
        hit = hit || (f.type == e.type && f.begin == begin && f.end == begin + ex.span.size());
      }
      EXPECT_TRUE(hit) << e.id << ": \"" << ex.span << "\" not found in \"" << ex.text << "\"";
      ++matches;
    }
    for (const CatalogExample& ex : e.no_match_examples) {
      ASSERT_TRUE((*classifier)->Classify(ex.text, FieldHint{}, **scratch, found).ok());
      for (const Finding& f : found) {
        EXPECT_NE(f.type, e.type) << e.id << ": \"" << ex.text << "\" found as "
                                  << EntityTypeName(f.type) << " by "
                                  << (*classifier)->rule_id(f.rule);
      }
      ++no_matches;
    }
  }
  // Not vacuous: the shipped catalog documents itself.
  EXPECT_GE(matches, 50u);
  EXPECT_GE(no_matches, 50u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ShippedExamples,
                         ::testing::Values(PiiEngine::kHyperscanSom, PiiEngine::kPrefilterRe2,
                                           PiiEngine::kRe2Set),
                         [](const auto& info) { return std::string(PiiEngineName(info.param)); });

// --- Loader errors, on catalogs written to a temporary directory. ---

// One entry in YAML. Fields in `set` replace the defaults; an empty value
// leaves the field out. `extra` is appended verbatim (indented lines).
std::string Entry(std::map<std::string, std::string> set = {}, const std::string& extra = "") {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"id", "x"},
      {"type", "EMAIL"},
      {"category", "{data: account, privacy: identifiers}"},
      {"pattern", "'ab+c'"},
      {"validator", "none"},
      {"score", "0.5"},
      {"examples", "{match: [abbc], no_match: [ac]}"},
  };
  std::string out;
  bool first = true;
  for (auto& [key, value] : fields) {
    auto it = set.find(key);
    std::string v = it == set.end() ? value : it->second;
    if (it != set.end()) set.erase(it);
    if (v.empty()) continue;
    out += (first ? "  - " : "    ") + key + ": " + v + "\n";
    first = false;
  }
  for (auto& [key, value] : set) out += "    " + key + ": " + value + "\n";
  return out + extra;
}

class CatalogErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ =
        (std::filesystem::temp_directory_path() / "scrubline_pii_catalog_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& content) {
    std::ofstream(std::filesystem::path(dir_) / name) << content;
  }
  // Loads the directory through the public entry point; returns the error.
  std::string CreateError() {
    auto c = PiiClassifier::Create(dir_);
    if (c.ok()) return "(no error)";
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument) << c.status().ToString();
    return c.status().message();
  }

  std::string dir_;
};

TEST_F(CatalogErrors, AValidCatalogLoads) {
  Write("a.yaml", "entries:\n" + Entry());
  auto c = PiiClassifier::Create(dir_);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)->rule_count(), 1u);
}

TEST_F(CatalogErrors, UnknownKey) {
  Write("a.yaml", "entries:\n" + Entry({{"colour", "red"}}));
  std::string m = CreateError();
  EXPECT_THAT(m, HasSubstr("\"a.yaml\""));
  EXPECT_THAT(m, HasSubstr("entry \"x\""));
  EXPECT_THAT(m, HasSubstr("unknown key \"colour\""));
}

TEST_F(CatalogErrors, UnknownKeyInANestedMap) {
  Write("a.yaml", "entries:\n" + Entry({{"category", "{data: usage, privacy: contact, x: 1}"}}));
  std::string m = CreateError();
  EXPECT_THAT(m, HasSubstr("entry \"x\""));
  EXPECT_THAT(m, HasSubstr("unknown key \"x\" in category"));
}

TEST_F(CatalogErrors, UnknownTopLevelKey) {
  Write("a.yaml", "version: 2\nentries:\n" + Entry());
  EXPECT_THAT(CreateError(), HasSubstr("\"a.yaml\": unknown top-level key \"version\""));
}

TEST_F(CatalogErrors, BadRegex) {
  Write("a.yaml", "entries:\n" + Entry({{"pattern", "'(ab+c'"}}));
  std::string m = CreateError();
  EXPECT_THAT(m, HasSubstr("\"a.yaml\""));
  EXPECT_THAT(m, HasSubstr("entry \"x\""));
  EXPECT_THAT(m, HasSubstr("pattern rejected"));
}

TEST_F(CatalogErrors, LookaroundAndBackreferencesAreRejected) {
  Write("a.yaml", "entries:\n" + Entry({{"pattern", "'ab+c(?=d)'"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": pattern rejected"));
  Write("a.yaml", "entries:\n" + Entry({{"pattern", "'(a)b+c\\1'"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": pattern rejected"));
}

TEST_F(CatalogErrors, PatternMatchingNothingOrNonAscii) {
  Write("a.yaml", "entries:\n" + Entry({{"pattern", "'(?:ab+c)?'"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": pattern can match the empty string"));
  Write("a.yaml", "entries:\n" + Entry({{"pattern", "'ab+cé'"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": pattern must be one line of ASCII"));
}

TEST_F(CatalogErrors, UnknownType) {
  Write("a.yaml", "entries:\n" + Entry({{"type", "EMAIL_ADDRESS"}}));
  std::string m = CreateError();
  EXPECT_THAT(m, HasSubstr("\"a.yaml\", entry \"x\""));
  EXPECT_THAT(m, HasSubstr("unknown type \"EMAIL_ADDRESS\""));
}

TEST_F(CatalogErrors, UnknownValidatorAndCategories) {
  Write("a.yaml", "entries:\n" + Entry({{"validator", "checksum"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": unknown validator \"checksum\""));
  Write("a.yaml", "entries:\n" + Entry({{"category", "{data: billing, privacy: identifiers}"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": category.data \"billing\""));
  Write("a.yaml", "entries:\n" + Entry({{"category", "{data: usage, privacy: secrets}"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": category.privacy \"secrets\""));
}

TEST_F(CatalogErrors, DuplicateIdAcrossFiles) {
  Write("a.yaml", "entries:\n" + Entry());
  Write("b.yaml", "entries:\n" + Entry());
  std::string m = CreateError();
  EXPECT_THAT(m, HasSubstr("\"b.yaml\", entry \"x\""));
  EXPECT_THAT(m, HasSubstr("duplicate id"));
}

TEST_F(CatalogErrors, MissingFields) {
  Write("a.yaml", "entries:\n" + Entry({{"score", ""}}));
  EXPECT_THAT(CreateError(),
              HasSubstr("\"a.yaml\", entry \"x\": missing required field \"score\""));
  Write("a.yaml", "entries:\n" + Entry({{"id", "y"}}) + Entry({{"id", ""}}));
  EXPECT_THAT(CreateError(),
              HasSubstr("\"a.yaml\", entry #2 (no id): missing required field \"id\""));
  Write("a.yaml", "entries:\n" + Entry({{"examples", ""}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": missing required field \"examples\""));
  Write("a.yaml", "entries:\n" + Entry({{"category", "{data: usage}"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": missing required field \"privacy\""));
}

TEST_F(CatalogErrors, OutOfRangeValues) {
  Write("a.yaml", "entries:\n" + Entry({{"score", "1.5"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": \"score\" must be in [0, 1]"));
  Write("a.yaml", "entries:\n" + Entry({{"score", "high"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": \"score\" must be a number"));
  Write("a.yaml", "entries:\n" + Entry({{"context", "{words: [mail], window: 0, boost: 0.1}"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": \"window\" must be in [1, 1024]"));
  Write("a.yaml", "entries:\n" + Entry({{"context", "{words: [mail], window: 8}"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": context needs \"boost\""));
}

TEST_F(CatalogErrors, YamlSyntaxErrorNamesTheLine) {
  Write("a.yaml", "entries:\n  - id: x\n    type: [EMAIL\n");
  std::string m = CreateError();
  EXPECT_THAT(m, HasSubstr("\"a.yaml\": YAML syntax error at line"));
}

TEST_F(CatalogErrors, ExamplesAreCheckedAtCreate) {
  Write("a.yaml", "entries:\n" + Entry({{"examples", "{match: [abc, xyz]}"}}));
  std::string m = CreateError();
  EXPECT_THAT(m, HasSubstr("\"a.yaml\", entry \"x\": examples.match #2"));
  EXPECT_THAT(m, HasSubstr("is not found as EMAIL"));

  Write("a.yaml", "entries:\n" + Entry({{"examples", "{match: [abc], no_match: [abbbc]}"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": examples.no_match #1"));

  Write("a.yaml", "entries:\n" + Entry({{"examples", "{match: [{text: abc, span: zz}]}"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": examples.match item"));

  Write("a.yaml", "entries:\n" + Entry({{"examples", "{no_match: [ac]}"}}));
  EXPECT_THAT(CreateError(), HasSubstr("entry \"x\": examples.match needs at least one"));
}

TEST_F(CatalogErrors, EmptyOrMissingDirectory) {
  auto missing = PiiClassifier::Create(dir_ + "/nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  auto empty = PiiClassifier::Create(dir_);
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), HasSubstr("has no *.yaml"));
  Write("a.yaml", "entries: []\n");
  EXPECT_THAT(CreateError(), HasSubstr("\"a.yaml\": \"entries\" must be a non-empty list"));
}

TEST_F(CatalogErrors, FilesLoadInNameOrderAndOthersAreIgnored) {
  Write("b.yaml", "entries:\n" + Entry({{"id", "from_b"}}));
  Write("a.yaml",
        "entries:\n" +
            Entry({{"id", "from_a"}, {"pattern", "'xy+z'"}, {"examples", "{match: [xyz]}"}}));
  Write("README.md", "not a catalog: {{{");
  Write("c.yaml.orig", "not a catalog: {{{");
  auto c = PiiClassifier::Create(dir_);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ((*c)->rule_count(), 2u);
  EXPECT_EQ((*c)->rule_id(0), "from_a");
  EXPECT_EQ((*c)->rule_id(1), "from_b");
  ASSERT_EQ((*c)->source_files().size(), 2u);
  EXPECT_EQ((*c)->source_files()[0].first, "a.yaml");
}

TEST_F(CatalogErrors, OnlyTypesKeepsTheRequestedEntries) {
  Write("a.yaml", "entries:\n" + Entry({{"id", "mail"}}) +
                      Entry({{"id", "phone"},
                             {"type", "PHONE"},
                             {"pattern", "'xy+z'"},
                             {"examples", "{match: [xyz]}"}}));
  PiiClassifierOptions options;
  options.only_types = {EntityType::kPhone};
  auto c = PiiClassifier::Create(dir_, options);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ((*c)->rule_count(), 1u);
  EXPECT_EQ((*c)->rule_id(0), "phone");
  options.only_types = {EntityType::kIban};
  EXPECT_FALSE(PiiClassifier::Create(dir_, options).ok());
}

}  // namespace
}  // namespace scrubline
