#include "pipeline/opt_out_table.h"

#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "classifiers/crypto/encoding.h"
#include "tests/support/allocation_counter.h"
#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

const std::string kKeyFile = std::string(SCRUBLINE_SOURCE_DIR) + "/tests/golden/subjects.keys";
constexpr char kAt[] = "2026-11-01T10:00:00Z";

class OptOutTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<KeyRing> ring = KeyRing::LoadFile(kKeyFile);
    ASSERT_TRUE(ring.ok()) << ring.status().ToString();
    StatusOr<SubjectIdBuilder> ids = SubjectIdBuilder::Create(*ring);
    ASSERT_TRUE(ids.ok()) << ids.status().ToString();
    ids_.emplace(std::move(*ids));
    dir_ = testing::TempDir();
  }

  std::string Id(SubjectType type, std::string_view value, std::string_view calling_code = "1") {
    std::string out;
    const Status st = ids_->Append(type, value, calling_code, out);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  std::string Value(std::string_view reason, std::string_view at = kAt) {
    return std::string("{\"reason\":\"") + std::string(reason) + "\",\"at\":\"" + std::string(at) +
           "\"}";
  }

  // Writes `text` to a file and loads it into `table`.
  Status Load(OptOutTable& table, const std::string& text) {
    const std::string path = dir_ + "/opt-outs.txt";
    testing::WriteFile(path, text);
    return table.LoadFile(path, *ids_, "1");
  }

  std::optional<SubjectIdBuilder> ids_;
  std::string dir_;
};

TEST(OptOutRecord, ReasonNamesRoundTrip) {
  for (const OptOutReason reason :
       {OptOutReason::kOptOut, OptOutReason::kDeletion, OptOutReason::kCpniRestrict}) {
    EXPECT_EQ(ParseOptOutReason(OptOutReasonName(reason)), reason);
  }
  EXPECT_EQ(OptOutReasonName(OptOutReason::kOptOut), "opt_out");
  EXPECT_EQ(OptOutReasonName(OptOutReason::kDeletion), "deletion");
  EXPECT_EQ(OptOutReasonName(OptOutReason::kCpniRestrict), "cpni_restrict");
  for (const char* name : {"", "optout", "OPT_OUT", "delete", "cpni"}) {
    EXPECT_FALSE(ParseOptOutReason(name).has_value()) << name;
  }
}

TEST(OptOutRecord, Rfc3339DateTimes) {
  for (const char* good : {"2026-11-01T10:00:00Z", "2026-11-01t10:00:00z", "2024-02-29T23:59:60Z",
                           "2026-11-01T10:00:00.5+02:00", "2026-11-01T10:00:00.123456789-11:30",
                           "0000-01-01T00:00:00Z", "2000-02-29T00:00:00Z"}) {
    EXPECT_TRUE(IsRfc3339DateTime(good)) << good;
  }
  for (const char* bad :
       {"", "2026-11-01", "2026-11-01T10:00:00", "2026-11-01 10:00:00Z", "2026-13-01T10:00:00Z",
        "2026-00-01T10:00:00Z", "2026-11-31T10:00:00Z", "2025-02-29T10:00:00Z",
        "1900-02-29T10:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T10:60:00Z",
        "2026-11-01T10:00:61Z", "2026-11-01T10:00:00.Z", "2026-11-01T10:00:00+0200",
        "2026-11-01T10:00:00+24:00", "2026-11-01T10:00:00Z ", "26-11-01T10:00:00Z",
        "2026-1-01T10:00:00Z", "yesterday at noon..."}) {
    EXPECT_FALSE(IsRfc3339DateTime(bad)) << bad;
  }
  EXPECT_TRUE(IsRfc3339DateTime(Rfc3339UtcNow())) << Rfc3339UtcNow();
  EXPECT_EQ(Rfc3339UtcNow().size(), 20u);
}

TEST(OptOutRecord, WrittenValuesParseBack) {
  for (const OptOutReason reason :
       {OptOutReason::kOptOut, OptOutReason::kDeletion, OptOutReason::kCpniRestrict}) {
    std::string value;
    AppendOptOutValue(reason, kAt, value);
    EXPECT_EQ(value, std::string("{\"reason\":\"") + std::string(OptOutReasonName(reason)) +
                         "\",\"at\":\"" + kAt + "\"}");
    StatusOr<OptOutReason> parsed = ParseOptOutValue(value);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, reason);
  }
  // Any member order, whitespace and escapes are JSON like any other.
  StatusOr<OptOutReason> parsed =
      ParseOptOutValue(" {\n \"at\" : \"2026-11-01T10:00:00Z\", \"reason\":\"del\\u0065tion\" } ");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, OptOutReason::kDeletion);
}

TEST_F(OptOutTableTest, FindOnAnEmptyTableAndOnUnknownOrMalformedIds) {
  OptOutTable table;
  EXPECT_EQ(table.size(), 0u);
  EXPECT_FALSE(table.Find(Id(SubjectType::kPhone, "+14155550100")).has_value());
  ASSERT_TRUE(table.ApplyRecord(Id(SubjectType::kPhone, "+14155550100"), Value("opt_out")).ok());
  EXPECT_FALSE(table.Find(Id(SubjectType::kPhone, "+14155550101")).has_value());
  // The same digest under another type is another subject.
  const std::string phone = Id(SubjectType::kPhone, "+14155550100");
  EXPECT_FALSE(table.Find("user" + phone.substr(5)).has_value());
  for (const char* junk : {"", "phone:", "phone:short", "+14155550100", "phone:+14155550100"}) {
    EXPECT_FALSE(table.Find(junk).has_value()) << junk;
  }
}

TEST_F(OptOutTableTest, ApplyRecordAddsUpdatesAndTombstonesRemove) {
  OptOutTable table;
  const std::string phone = Id(SubjectType::kPhone, "(415) 555-0100");
  const std::string email = Id(SubjectType::kEmail, "jane@example.com");
  ASSERT_TRUE(table.ApplyRecord(phone, Value("opt_out")).ok());
  ASSERT_TRUE(table.ApplyRecord(email, Value("cpni_restrict", "2026-11-02T00:00:00+01:00")).ok());
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.Find(phone), OptOutReason::kOptOut);
  EXPECT_EQ(table.Find(Id(SubjectType::kPhone, "+1 415 555 0100")), OptOutReason::kOptOut);
  EXPECT_EQ(table.Find(Id(SubjectType::kEmail, "JANE@example.com")), OptOutReason::kCpniRestrict);

  // A later record for the key replaces the reason (compaction keeps the last).
  ASSERT_TRUE(table.ApplyRecord(phone, Value("deletion")).ok());
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.Find(phone), OptOutReason::kDeletion);

  // A tombstone removes it; removing again, or an unknown subject, is fine.
  ASSERT_TRUE(table.ApplyRecord(phone, std::nullopt).ok());
  EXPECT_EQ(table.size(), 1u);
  EXPECT_FALSE(table.Find(phone).has_value());
  ASSERT_TRUE(table.ApplyRecord(phone, std::nullopt).ok());
  ASSERT_TRUE(table.ApplyRecord(Id(SubjectType::kUser, "nobody"), std::nullopt).ok());
  EXPECT_EQ(table.size(), 1u);
  EXPECT_EQ(table.Find(email), OptOutReason::kCpniRestrict);
}

TEST_F(OptOutTableTest, MalformedRecordsNameTheProblemAndChangeNothing) {
  OptOutTable table;
  const std::string phone = Id(SubjectType::kPhone, "+14155550100");
  ASSERT_TRUE(table.ApplyRecord(phone, Value("opt_out")).ok());

  const std::vector<std::pair<std::string, std::string>> bad_values = {
      {"", "empty (a tombstone must be a null value; with kcat use -Z)"},
      {"opt_out", "invalid JSON"},
      {"{\"reason\":\"deletion\",\"at\":\"2026-11-01T10:00:00Z\"", "invalid JSON"},
      {"{\"reason\":\"deletion\",\"at\":\"2026-11-01T10:00:00Z\"} x", "invalid JSON"},
      {"[\"deletion\"]", "not a JSON object"},
      {"\"deletion\"", "not a JSON object"},
      {"{\"at\":\"2026-11-01T10:00:00Z\"}", "missing member \"reason\""},
      {"{\"reason\":\"deletion\"}", "missing member \"at\""},
      {"{\"reason\":\"erase\",\"at\":\"2026-11-01T10:00:00Z\"}", "\"reason\" is not one of"},
      {"{\"reason\":1,\"at\":\"2026-11-01T10:00:00Z\"}", "\"reason\" is not a string"},
      {"{\"reason\":\"deletion\",\"at\":1793491200}", "\"at\" is not a string"},
      {"{\"reason\":\"deletion\",\"at\":\"yesterday\"}", "\"at\" is not an RFC 3339"},
      {"{\"reason\":\"deletion\",\"at\":\"2026-11-01T10:00:00Z\",\"who\":\"x\"}",
       "unexpected member"},
      {"{\"reason\":\"deletion\",\"reason\":\"opt_out\",\"at\":\"2026-11-01T10:00:00Z\"}",
       "duplicate member \"reason\""},
      {"{\"reason\":\"deletion\",\"at\":\"2026-11-01T10:00:00Z\",\"at\":\"2026-11-01T10:00:00Z\"}",
       "duplicate member \"at\""},
      {"{\"reason\":\"deletion\",\"at\":\"2026-11-01T10:00:00Z\",\"x\":[[[[[[1]]]]]]}",
       "invalid JSON"},
      {std::string(2000, ' '), "2000 bytes, more than the 1024 allowed"},
      {"{\"reason\":\"deletion\",\"at\":\"\xff\"}", "invalid JSON"},
  };
  for (const auto& [value, problem] : bad_values) {
    const Status st = table.ApplyRecord(phone, value);
    ASSERT_FALSE(st.ok()) << value;
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(st.message().starts_with("opt-out value: ")) << st.message();
    EXPECT_NE(st.message().find(problem), std::string::npos) << st.message();
    EXPECT_EQ(st.message().find("yesterday"), std::string::npos) << "never quote the value";
    EXPECT_EQ(table.Find(phone), OptOutReason::kOptOut) << value;
  }
  for (const std::string& key : {std::string(""), std::string("+14155550100"),
                                 "fax" + phone.substr(5), phone + "A", phone.substr(6)}) {
    const Status st = table.ApplyRecord(key, Value("deletion"));
    ASSERT_FALSE(st.ok()) << key;
    EXPECT_NE(st.message().find("not a subject id"), std::string::npos) << st.message();
    if (!key.empty()) {
      EXPECT_EQ(st.message().find(key), std::string::npos) << st.message();
    }
    EXPECT_FALSE(table.ApplyRecord(key, std::nullopt).ok()) << key;
  }
  EXPECT_EQ(table.size(), 1u);
  EXPECT_EQ(table.Find(phone), OptOutReason::kOptOut);
}

TEST_F(OptOutTableTest, LoadsAFileOfClearValues) {
  OptOutTable table;
  const Status st = Load(table,
                         "# opt-outs from the support desk\n"
                         "\n"
                         "phone +1 415-555-0100\n"
                         "  phone\t(415) 555-0199   deletion  \r\n"
                         "email Jane.Doe@Example.com cpni_restrict\n"
                         "account AC0123 opt_out\n"
                         "user jane doe #2 deletion\n"
                         "user ends in deletion opt_out\n"
                         "   # indented comment\n"
                         "account AC0123 deletion\n");  // a later line wins
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(table.size(), 6u);
  EXPECT_EQ(table.Find(Id(SubjectType::kPhone, "+14155550100")), OptOutReason::kOptOut);
  EXPECT_EQ(table.Find(Id(SubjectType::kPhone, "4155550199")), OptOutReason::kDeletion);
  EXPECT_EQ(table.Find(Id(SubjectType::kEmail, "jane.doe@example.com")),
            OptOutReason::kCpniRestrict);
  EXPECT_EQ(table.Find(Id(SubjectType::kAccount, "AC0123")), OptOutReason::kDeletion);
  EXPECT_EQ(table.Find(Id(SubjectType::kUser, "jane doe #2")), OptOutReason::kDeletion);
  EXPECT_EQ(table.Find(Id(SubjectType::kUser, "ends in deletion")), OptOutReason::kOptOut);
  // A file adds to what the table holds.
  ASSERT_TRUE(Load(table, "user u-42\n").ok());
  EXPECT_EQ(table.size(), 7u);
  EXPECT_EQ(table.Find(Id(SubjectType::kAccount, "AC0123")), OptOutReason::kDeletion);
}

TEST_F(OptOutTableTest, BadLinesNameTheLineNeverTheValue) {
  OptOutTable table;
  ASSERT_TRUE(Load(table, "user kept\n").ok());
  const std::vector<std::tuple<std::string, int, std::string>> cases = {
      {"# c\n+14155550177 opt_out\n", 2, "the first word is not a subject type"},
      {"phone +14155550177\nPhone +14155550177\n", 2, "the first word is not a subject type"},
      {"\n\nemail\n", 3, "no value after the subject type"},
      {"email   deletion\n", 1, "not an e-mail address"},
      {"phone +14155550177\nphone 415-555-O177 deletion\n", 2, "not a phone number"},
      {"email jane.secret.doe\n", 1, "not an e-mail address"},
      {"phone +14155550177 deletoin\n", 1, "not a phone number"},
  };
  for (const auto& [text, line, problem] : cases) {
    const Status st = Load(table, text);
    ASSERT_FALSE(st.ok()) << text;
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(st.message().find("opt-out file " + dir_ + "/opt-outs.txt: line " +
                                std::to_string(line) + ": "),
              std::string::npos)
        << st.message();
    EXPECT_NE(st.message().find(problem), std::string::npos) << st.message();
    for (const char* secret : {"4155550177", "555-O177", "jane.secret", "Phone"}) {
      EXPECT_EQ(st.message().find(secret), std::string::npos) << st.message();
    }
    // All or nothing: the good lines before the bad one were not added.
    EXPECT_EQ(table.size(), 1u) << text;
    EXPECT_FALSE(table.Find(Id(SubjectType::kPhone, "+14155550177")).has_value());
  }
  const Status missing = table.LoadFile(dir_ + "/no-such-file", *ids_, "1");
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << missing.ToString();
}

TEST_F(OptOutTableTest, TwoHundredThousandSubjects) {
  constexpr int kSubjects = 200000;
  OptOutTable table;
  std::vector<std::string> ids;
  ids.reserve(kSubjects);
  for (int i = 0; i < kSubjects; ++i) {
    ids.push_back(Id(i % 2 ? SubjectType::kPhone : SubjectType::kAccount,
                     "+1415" + std::to_string(1000000 + i)));
    const char* reason = i % 3 == 0 ? "opt_out" : i % 3 == 1 ? "deletion" : "cpni_restrict";
    ASSERT_TRUE(table.ApplyRecord(ids.back(), Value(reason)).ok());
  }
  EXPECT_EQ(table.size(), static_cast<std::size_t>(kSubjects));
  // 200,000 is just above 3/4 of 2^18 slots, so 2^19 slots of 17 bytes: 8.9 MB.
  EXPECT_LE(table.memory_bytes(), (std::size_t{1} << 19) * 17);
  for (int i = 0; i < kSubjects; ++i) {
    const OptOutReason expected = i % 3 == 0   ? OptOutReason::kOptOut
                                  : i % 3 == 1 ? OptOutReason::kDeletion
                                               : OptOutReason::kCpniRestrict;
    ASSERT_EQ(table.Find(ids[i]), expected) << i;
  }
  // Unknown subjects: never found, and lookups allocate nothing.
  std::vector<std::string> unknown;
  for (int i = 0; i < 1000; ++i) {
    unknown.push_back(Id(SubjectType::kPhone, "+1415" + std::to_string(2000000 + i)));
  }
  const long before = g_allocations.load();
  g_counting = true;
  int found = 0;
  for (const std::string& id : unknown) found += table.Find(id).has_value();
  for (int i = 0; i < kSubjects; i += 97) found += table.Find(ids[i]).has_value();
  g_counting = false;
  EXPECT_EQ(found, (kSubjects + 96) / 97);
  if (SCRUBLINE_COUNT_ALLOCATIONS) {
    EXPECT_EQ(g_allocations.load() - before, 0);
  }

  // Tombstones for every other subject: the rest stay findable (backward-shift
  // deletion must not break probe runs).
  for (int i = 0; i < kSubjects; i += 2) ASSERT_TRUE(table.ApplyRecord(ids[i], std::nullopt).ok());
  EXPECT_EQ(table.size(), static_cast<std::size_t>(kSubjects / 2));
  for (int i = 0; i < kSubjects; ++i) {
    ASSERT_EQ(table.Find(ids[i]).has_value(), i % 2 == 1) << i;
  }
}

TEST(OptOutTable, MemoryForOneMillionSubjects) {
  // Random digests stand in for MACs (both uniform); the measured footprint is
  // what opt_out_table.h quotes.
  constexpr std::size_t kSubjects = 1000000;
  std::mt19937_64 random(42);
  OptOutTable table;
  SubjectDigest digest;
  for (std::size_t i = 0; i < kSubjects; ++i) {
    const std::uint64_t a = random(), b = random();
    std::memcpy(digest.data(), &a, 8);
    std::memcpy(digest.data() + 8, &b, 8);
    table.Set(SubjectType::kPhone, digest, OptOutReason::kOptOut);
  }
  ASSERT_EQ(table.size(), kSubjects);
  EXPECT_EQ(table.memory_bytes(), (std::size_t{1} << 21) * 17);  // 35.7 MB
  const double per_subject = static_cast<double>(table.memory_bytes()) / kSubjects;
  std::printf("opt-out table: %zu subjects in %zu bytes, %.1f bytes each\n", kSubjects,
              table.memory_bytes(), per_subject);
  // Reserved up front: 1,000,000 / (3/4) -> still 2^21 slots (a power of two).
  OptOutTable reserved;
  reserved.Reserve(kSubjects);
  EXPECT_EQ(reserved.memory_bytes(), (std::size_t{1} << 21) * 17);
  // 786,432 subjects fill 2^20 slots to exactly 3/4: 22.7 bytes each.
  OptOutTable full;
  full.Reserve(786432);
  EXPECT_EQ(full.memory_bytes(), (std::size_t{1} << 20) * 17);
}

TEST(OptOutTable, MatchesAReferenceModelUnderCollisionsAndWrapAround) {
  // Digests that all want the same few home slots near the end of a small
  // table: long probe runs that wrap past the last slot, with erases in them.
  std::mt19937_64 random(7);
  OptOutTable table;
  std::map<std::pair<int, SubjectDigest>, OptOutReason> model;
  for (int step = 0; step < 20000; ++step) {
    SubjectDigest digest{};
    // Homes in the last 4 slots at every capacity; 2 x 4 x 24 = 192 subjects.
    digest[0] = static_cast<unsigned char>(0xfc | (random() & 3));
    digest[15] = static_cast<unsigned char>(random() % 24);
    const int type = static_cast<int>(random() % 2);
    const auto key = std::make_pair(type, digest);
    const auto subject_type = static_cast<SubjectType>(type);
    if (random() % 3 == 0) {
      EXPECT_EQ(table.Erase(subject_type, digest), model.erase(key) == 1);
    } else {
      const auto reason = static_cast<OptOutReason>(random() % 3);
      table.Set(subject_type, digest, reason);
      model[key] = reason;
    }
    ASSERT_EQ(table.size(), model.size());
    if (step % 97 == 0) {
      for (int t = 0; t < 2; ++t) {
        for (int d0 = 0; d0 < 4; ++d0) {
          for (int d15 = 0; d15 < 24; ++d15) {
            SubjectDigest probe{};
            probe[0] = static_cast<unsigned char>(0xfc | d0);
            probe[15] = static_cast<unsigned char>(d15);
            const auto it = model.find({t, probe});
            const auto got = table.Find(static_cast<SubjectType>(t), probe);
            ASSERT_EQ(got.has_value(), it != model.end());
            if (got) {
              ASSERT_EQ(*got, it->second);
            }
          }
        }
      }
    }
  }
}

TEST_F(OptOutTableTest, ACopyIsAnIndependentSnapshot) {
  OptOutTable live;
  const std::string a = Id(SubjectType::kUser, "a");
  const std::string b = Id(SubjectType::kUser, "b");
  ASSERT_TRUE(live.ApplyRecord(a, Value("opt_out")).ok());
  const OptOutTable snapshot = live;
  ASSERT_TRUE(live.ApplyRecord(a, std::nullopt).ok());
  ASSERT_TRUE(live.ApplyRecord(b, Value("deletion")).ok());
  EXPECT_EQ(snapshot.Find(a), OptOutReason::kOptOut);
  EXPECT_FALSE(snapshot.Find(b).has_value());
  EXPECT_FALSE(live.Find(a).has_value());
  EXPECT_EQ(live.Find(b), OptOutReason::kDeletion);
}

TEST_F(OptOutTableTest, ApplyingAnUpdateAllocatesNothingOnceWarm) {
  if (!SCRUBLINE_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under ASan";
  OptOutTable table;
  const std::string id = Id(SubjectType::kPhone, "+14155550100");
  const std::string deletion = Value("deletion");
  const std::string opt_out = Value("opt_out");
  ASSERT_TRUE(table.ApplyRecord(id, opt_out).ok());  // warms the thread's JSON parser
  const long before = g_allocations.load();
  g_counting = true;
  bool ok = true;
  for (int i = 0; i < 1000; ++i) ok &= table.ApplyRecord(id, i % 2 ? opt_out : deletion).ok();
  g_counting = false;
  EXPECT_TRUE(ok);
  EXPECT_EQ(g_allocations.load() - before, 0);
}

}  // namespace
}  // namespace scrubline
