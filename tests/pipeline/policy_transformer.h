// PolicyTransformer: a real Transformer built from a policy given as text
// (written to a temporary directory) with the shipped catalog and a fixed
// test key, for tests of how a policy shapes records.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "pipeline/transform.h"

namespace scrubline {

inline constexpr char kPolicyTestKeys[] = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n";

// The pipeline of the shipped patterns with `policy` (a shipped policy's
// name, or a file) as the default, under the fixed test key; null (and a
// test failure) if it cannot be built.
inline std::shared_ptr<const CompiledPipeline> ShippedPipeline(const std::string& policy) {
  auto keys = KeyRing::Parse(kPolicyTestKeys);
  EXPECT_TRUE(keys.ok());
  if (!keys.ok()) return nullptr;
  PipelineOptions options;
  options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
  options.policy_default = policy;
  auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  return pipeline.ok() ? *pipeline : nullptr;
}

class PolicyTransformer {
 public:
  // Builds the pipeline; `status()` says why it could not be built.
  explicit PolicyTransformer(std::string_view policy_yaml) {
    std::string templ =
        (std::filesystem::temp_directory_path() / "scrubline_policy_XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
      status_ = InternalError("mkdtemp failed");
      return;
    }
    dir_ = templ;
    std::ofstream(dir_ + "/policy.yaml") << policy_yaml;
    auto keys = KeyRing::Parse(kPolicyTestKeys);
    if (!keys.ok()) {
      status_ = keys.status();
      return;
    }
    PipelineOptions options;
    options.patterns_dir = std::string(SCRUBLINE_SOURCE_DIR) + "/patterns";
    options.policy_default = dir_ + "/policy.yaml";
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    if (!pipeline.ok()) {
      status_ = pipeline.status();
      return;
    }
    auto transformer = Transformer::Create(*pipeline, nullptr);
    if (!transformer.ok()) {
      status_ = transformer.status();
      return;
    }
    transformer_ = std::move(*transformer);
  }
  ~PolicyTransformer() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  const Status& status() const { return status_; }

  // All outputs for one record (offset `offset` of topic "messages").
  const OutputBatch& Process(std::string_view record, std::int64_t offset = 1) {
    transformer_->Process(InputRecord{"messages", 0, offset, record}, batch_);
    return batch_;
  }
  // The usage record's value ("" and a test failure if there is none).
  std::string Usage(std::string_view record) {
    const OutputBatch& batch = Process(record);
    EXPECT_EQ(batch.size(), 2u) << (batch.size() == 1 ? *batch[0].FindHeader("scrubline.error.reason")
                                                      : std::string());
    return batch.size() == 2 ? batch[0].value : std::string();
  }
  std::string Content(std::string_view record) {
    const OutputBatch& batch = Process(record);
    EXPECT_EQ(batch.size(), 2u);
    return batch.size() == 2 ? batch[1].value : std::string();
  }

 private:
  Status status_;
  std::string dir_;
  std::unique_ptr<Transformer> transformer_;
  OutputBatch batch_;
};

}  // namespace scrubline
