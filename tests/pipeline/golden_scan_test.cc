// `scrubline scan` byte for byte against the golden file, through the real
// binary. Regenerate after an intended change with SCRUBLINE_UPDATE_GOLDEN=1
// and review the diff like code.
#include <cstdlib>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/subprocess.h"

namespace scrubline {
namespace {

using testing::ReadFile;
using testing::RunShell;

const std::string kSource = SCRUBLINE_SOURCE_DIR;
const std::string kBinary = SCRUBLINE_BINARY;

std::string ScanCommand(const std::string& input) {
  return "env -u SCRUBLINE_KEY -u SCRUBLINE_PATTERNS " + kBinary +
         " scan --key-file " + kSource + "/tests/golden/test.keys --topic messages < " + input;
}

TEST(GoldenScan, MessageLogIsByteForByteStable) {
  const std::string input = kSource + "/tests/golden/message_log.input.jsonl";
  const std::string expected_path = kSource + "/tests/golden/message_log.expected.jsonl";
  auto result = RunShell(ScanCommand(input));
  ASSERT_EQ(result.exit_code, 0);
  if (const char* update = std::getenv("SCRUBLINE_UPDATE_GOLDEN"); update && *update == '1') {
    testing::WriteFile(expected_path, result.out);
  }
  EXPECT_EQ(result.out, ReadFile(expected_path))
      << "scan output changed; if intended, rerun with SCRUBLINE_UPDATE_GOLDEN=1";
  // Twice in a row: nothing comes from the clock or a random source.
  EXPECT_EQ(RunShell(ScanCommand(input)).out, result.out);
}

TEST(GoldenScan, EveryInputLineIsOneOffsetAccountedForOnce) {
  auto result = RunShell(ScanCommand(kSource + "/tests/golden/message_log.input.jsonl"));
  ASSERT_EQ(result.exit_code, 0);
  std::multiset<std::string> seen;  // "offset/kind"
  std::size_t pos = 0;
  int lines = 0;
  while (pos < result.out.size()) {
    auto nl = result.out.find('\n', pos);
    ASSERT_NE(nl, std::string::npos) << "every output line ends with a newline";
    std::string line = result.out.substr(pos, nl - pos);
    pos = nl + 1;
    ++lines;
    ASSERT_TRUE(line.starts_with("{\"topic\":\"scrubline.")) << line;
    ASSERT_NE(line.find(",\"partition\":null,\"key\":"), std::string::npos) << line;
    auto offset_at = line.find("\"scrubline.src.offset\":\"");
    auto kind_at = line.find("\"scrubline.kind\":\"");
    ASSERT_NE(offset_at, std::string::npos);
    ASSERT_NE(kind_at, std::string::npos);
    offset_at += 24;
    kind_at += 18;
    seen.insert(line.substr(offset_at, line.find('"', offset_at) - offset_at) + "/" +
                line.substr(kind_at, line.find('"', kind_at) - kind_at));
  }
  // 10 physical lines (the last unterminated): 3 usage+content pairs, the
  // empty line, an array, a truncated object and bad UTF-8 as dead letters,
  // then 3 more pairs.
  const std::set<std::string> dead = {"3", "4", "5", "6"};
  for (int offset = 0; offset < 10; ++offset) {
    const std::string o = std::to_string(offset);
    if (dead.count(o)) {
      EXPECT_EQ(seen.count(o + "/dead_letter"), 1u) << o;
      EXPECT_EQ(seen.count(o + "/usage"), 0u) << o;
    } else {
      EXPECT_EQ(seen.count(o + "/usage"), 1u) << o;
      EXPECT_EQ(seen.count(o + "/content"), 1u) << o;
    }
  }
  EXPECT_EQ(lines, 4 + 6 * 2);
  // Nothing planted in the input survives in clear.
  for (const char* planted :
       {"4155550100", "4155550101", "415) 555-0132", "jane.doe@example.com", "4111 1111",
        "2079460958", "203.0.113.77", "198.51.100.23", "owner@example.org", "192.0.2.44",
        "ACfedcba9876543210", "AC0123456789abcdef", "SM0000000000000", "7946 0958",
        "unterminated", "bad utf8"}) {
    EXPECT_EQ(result.out.find(planted), std::string::npos) << planted;
  }
}

}  // namespace
}  // namespace scrubline
