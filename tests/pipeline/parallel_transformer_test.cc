// ParallelTransformer against one Transformer on the same records: whatever
// the thread count and batch size, every record's outputs are the same
// bytes (values, keys, headers) in the same slot.
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/parallel_transformer.h"
#include "pipeline/sample_events.h"

namespace scrubline {
namespace {

constexpr char kKeys[] = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n";

std::shared_ptr<const CompiledPipeline> Pipeline() {
  auto keys = KeyRing::Parse(kKeys);
  EXPECT_TRUE(keys.ok());
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  return pipeline.ok() ? *pipeline : nullptr;
}

// Sample message records with a share of malformed lines (dead letters).
std::vector<std::string> Values(int n) {
  SampleEventGenerator generator({.seed = 7, .spam_share = 0.2, .malformed_share = 0.1});
  SampleEvent event;
  std::vector<std::string> values;
  for (int i = 0; i < n; ++i) {
    generator.Next(event);
    values.push_back(event.json);
  }
  return values;
}

std::string Render(const OutputBatch& batch) {
  std::string out;
  for (const Output& o : batch) {
    out += std::to_string(static_cast<int>(o.kind)) + "|" + std::string(o.topic) + "|" +
           (o.has_key ? o.key : "-") + "|" + o.value + "|";
    for (const OutputHeader& h : o.headers()) out += std::string(h.name) + "=" + h.value + ";";
    out += "\n";
  }
  return out;
}

TEST(ParallelTransformer, SameOutputsAsOneTransformerForAnyThreadCountAndBatchSize) {
  const auto pipeline = Pipeline();
  ASSERT_NE(pipeline, nullptr);
  const std::vector<std::string> values = Values(700);
  std::vector<InputRecord> inputs;
  for (std::size_t i = 0; i < values.size(); ++i) {
    inputs.push_back({"messages", static_cast<std::int32_t>(i % 5), static_cast<std::int64_t>(i),
                      values[i]});
  }
  auto single = Transformer::Create(pipeline, nullptr);
  ASSERT_TRUE(single.ok());
  std::vector<std::string> expected;
  OutputBatch batch;
  std::size_t dead_letters = 0;
  for (const InputRecord& in : inputs) {
    (*single)->Process(in, batch);
    expected.push_back(Render(batch));
    for (const Output& o : batch) dead_letters += o.kind == OutputKind::kDeadLetter ? 1 : 0;
  }
  ASSERT_GT(dead_letters, 30u);  // the malformed share is in the mix

  for (std::size_t threads : {1u, 2u, 4u}) {
    Stats stats;
    auto parallel = ParallelTransformer::Create(pipeline, &stats, threads);
    ASSERT_TRUE(parallel.ok()) << parallel.status().ToString();
    EXPECT_EQ((*parallel)->threads(), threads);
    std::vector<OutputBatch> outputs;
    // Batch sizes below, at and above the inline limit, reusing `outputs`.
    std::size_t begin = 0;
    for (std::size_t size : {1u, 31u, 32u, 33u, 500u, 103u}) {
      ASSERT_LE(begin + size, inputs.size());
      (*parallel)->ProcessBatch({inputs.data() + begin, size}, outputs);
      ASSERT_GE(outputs.size(), size);
      for (std::size_t i = 0; i < size; ++i) {
        ASSERT_EQ(Render(outputs[i]), expected[begin + i])
            << "threads " << threads << ", record " << begin + i;
      }
      begin += size;
    }
    EXPECT_EQ(begin, inputs.size());
    EXPECT_EQ(Stats::Read(stats.records_in), inputs.size()) << "threads " << threads;
  }
}

// Many batches in a row on several threads: no batch is lost or mixed with
// the next (the generation hand-off), and destruction joins cleanly.
TEST(ParallelTransformer, BackToBackBatchesKeepTheirSlots) {
  const auto pipeline = Pipeline();
  ASSERT_NE(pipeline, nullptr);
  auto parallel = ParallelTransformer::Create(pipeline, nullptr, 3);
  ASSERT_TRUE(parallel.ok());
  std::vector<std::string> values;
  for (int i = 0; i < 64; ++i) values.push_back(R"({"status":"sent","n":)" + std::to_string(i) + "}");
  std::vector<OutputBatch> outputs;
  for (int round = 0; round < 200; ++round) {
    std::vector<InputRecord> inputs;
    for (std::size_t i = 0; i < values.size(); ++i) {
      inputs.push_back({"messages", 0, static_cast<std::int64_t>(round * 64 + i), values[i]});
    }
    (*parallel)->ProcessBatch(inputs, outputs);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      ASSERT_GE(outputs[i].size(), 1u);
      const std::string* offset = outputs[i][0].FindHeader("scrubline.src.offset");
      ASSERT_NE(offset, nullptr);
      ASSERT_EQ(*offset, std::to_string(round * 64 + i)) << "round " << round;
    }
  }
}

TEST(ParallelTransformer, RefusesZeroThreadsAndCountsCoresByDefault) {
  const auto pipeline = Pipeline();
  ASSERT_NE(pipeline, nullptr);
  EXPECT_FALSE(ParallelTransformer::Create(pipeline, nullptr, 0).ok());
  EXPECT_EQ(ProcessingThreads(3), 3u);
  EXPECT_EQ(ProcessingThreads(0), std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace
}  // namespace scrubline
