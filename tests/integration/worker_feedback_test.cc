// Reviewer feedback through the worker, with the real librdkafka client
// against the mock cluster over TCP: verdicts on topics.feedback (listed
// among the input topics) are counted per category and per declared rule,
// produce nothing, and their offsets commit; a record that is no verdict is
// a dead letter, and its offset commits too.
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/kafka/admin.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/mock_cluster.h"
#include "pipeline/worker.h"
#include "tests/integration/worker_test_util.h"
#include "tests/pipeline/kafka/kafka_test_util.h"

namespace scrubline {
namespace {

constexpr char kAlertId[] = "al_oegkdfljdckbjdfedgmajpclnhifcclb";

TEST(WorkerFeedback, VerdictsAreCountedAndTheirOffsetsCommit) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  const std::string bootstrap = (*cluster)->bootstrap();
  Config config = testing::MockWorkerConfig(bootstrap, "it-feedback");
  config.input_topics = {"messages", config.topics.feedback};
  for (const std::string& topic : {std::string("messages"), config.topics.feedback, config.topics.usage,
                                   config.topics.content, config.topics.alerts,
                                   config.topics.dead_letter}) {
    ASSERT_TRUE((*cluster)->CreateTopic(topic, 2).ok());
  }
  const std::vector<std::string> feedback = {
      std::string(R"({"alert":")") + kAlertId +
          R"(","verdict":"spam","category":"smishing","rules":["smishing.bank_link","feature.link"]})",
      std::string(R"({"alert":")") + kAlertId +
          R"(","verdict":"ham","category":"smishing","rules":["smishing.bank_link"]})",
      std::string(R"({"alert":")") + kAlertId + R"(","verdict":"spam","category":"gambling","rules":[]})",
      R"({"alert":"not an id","verdict":"spam","category":"spam","rules":[]})",
  };
  {
    std::atomic<int> acked{0};
    auto sink = KafkaSink::Create({.client = {bootstrap, {}}},
                                  [&](std::uint64_t, const Status& s) { acked += s.ok(); });
    ASSERT_TRUE(sink.ok());
    for (std::size_t i = 0; i < feedback.size(); ++i) {
      ASSERT_TRUE((*sink)->Produce({config.topics.feedback, true, "reviewer-1", feedback[i], {}, i}).ok());
    }
    ASSERT_TRUE((*sink)->Flush(30000).ok());
    ASSERT_EQ(acked.load(), static_cast<int>(feedback.size()));
  }

  testing::BackgroundWorker worker(config, testing::TestPipeline());
  Stats& stats = worker.stats;
  KafkaClientOptions client{bootstrap, {}};
  std::int64_t committed = 0;
  testing::Eventually(
      [&] {
        auto offsets = QueryCommittedOffsets(client, "it-feedback", config.topics.feedback, 2, 5000);
        committed = 0;
        if (offsets.ok()) {
          for (auto o : *offsets) committed += std::max<std::int64_t>(0, o);
        }
        if (committed == static_cast<std::int64_t>(feedback.size())) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return false;
      },
      std::chrono::seconds(60));
  const Status stopped = worker.Stop();
  ASSERT_TRUE(stopped.ok()) << stopped.ToString();
  EXPECT_EQ(committed, static_cast<std::int64_t>(feedback.size()));

  const auto smishing = static_cast<std::size_t>(AupCategory::kSmishing);
  EXPECT_EQ(Stats::Read(stats.aup_feedback[smishing][0]), 1u);
  EXPECT_EQ(Stats::Read(stats.aup_feedback[smishing][1]), 1u);
  EXPECT_EQ(Stats::Read(stats.aup_feedback[static_cast<std::size_t>(AupCategory::kGambling)][0]), 1u);
  const auto rules = stats.aup_rule_feedback.Snapshot();
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[1].rule, "smishing.bank_link");
  EXPECT_EQ(rules[1].spam, 1u);
  EXPECT_EQ(rules[1].ham, 1u);
  EXPECT_EQ(Stats::Read(stats.dead_letters[static_cast<std::size_t>(ErrorCode::kInvalidFeedback)]), 1u);
  // Verdicts produce nothing but the one dead letter.
  EXPECT_EQ(Stats::Read(stats.records_out[static_cast<std::size_t>(OutputKind::kUsage)]), 0u);
  EXPECT_EQ(Stats::Read(stats.records_out[static_cast<std::size_t>(OutputKind::kDeadLetter)]), 1u);
}

}  // namespace
}  // namespace scrubline
