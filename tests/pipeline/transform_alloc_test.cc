// The transform allocates nothing per record once warm (transform.h's
// promise): every shape of the default router, nested selectors, name rules,
// derived members, redaction and dead letters' absence included.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/transform.h"
#include "tests/support/allocation_counter.h"

namespace scrubline {
namespace {

TEST(TransformAllocations, NoneOnceWarmForEveryShape) {
  if (!SCRUBLINE_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under ASan";
  std::vector<std::string> records;
  std::ifstream in(std::string(SCRUBLINE_SOURCE_DIR) + "/tests/golden/shapes.input.jsonl");
  for (std::string line; std::getline(in, line);) records.push_back(line);
  ASSERT_GE(records.size(), 9u);
  // And a message that raises an acceptable-use alert (a third output).
  records.push_back(
      R"({"account_sid":"AC0123456789abcdef0123456789abcdef","sid":"SM0123456789abcdef0123456789abcdef",)"
      R"("from":"+14155550100","to":"+14155550101","body":"URGENT! Your card 4111 1111 1111 1111 is )"
      R"(blocked. Verify now at http://secure-verify.example.net/login","status":"sent"})");
  auto keys = KeyRing::Parse("test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n");
  ASSERT_TRUE(keys.ok());
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto transformer = Transformer::Create(*pipeline, nullptr);
  ASSERT_TRUE(transformer.ok());
  OutputBatch batch;
  std::int64_t offset = 0;
  for (int round = 0; round < 3; ++round) {  // warm: buffers grow, names get cached
    for (const auto& r : records) (*transformer)->Process({"events", 0, offset++, r}, batch);
  }
  g_allocations = 0;
  g_counting = true;
  for (int round = 0; round < 5; ++round) {
    for (const auto& r : records) (*transformer)->Process({"events", 0, offset++, r}, batch);
  }
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0) << "allocations in " << 5 * records.size() << " records";
  ASSERT_EQ(batch.size(), 3u);  // the last record's alert was built without allocating
  EXPECT_EQ(batch[2].kind, OutputKind::kAlert);
}

}  // namespace
}  // namespace scrubline
