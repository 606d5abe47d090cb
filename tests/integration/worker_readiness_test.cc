// /readyz of a real worker against the mock cluster over TCP, read through
// the real HTTP endpoint: 503 before the worker runs, 200 once it owns
// partitions and its producer reaches the broker, 503 while the broker is
// down, 200 again after it comes back, 503 once the worker stopped.
// /healthz answers 200 throughout.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/metrics/http_get.h"
#include "pipeline/metrics/metrics_server.h"
#include "pipeline/worker.h"
#include "pipeline/worker_health.h"
#include "tests/integration/worker_test_util.h"

namespace scrubline {
namespace {

TEST(WorkerReadiness, ReadyzFollowsAssignmentAndTheBroker) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  Config config = testing::MockWorkerConfig((*cluster)->bootstrap(), "it-health");
  testing::CreateWorkerTopics(**cluster, config);
  const auto pipeline = testing::TestPipeline();
  ASSERT_NE(pipeline, nullptr);

  Stats stats;
  WorkerHealth health;
  auto server = MetricsServer::Create("127.0.0.1:0", stats, "test");
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ASSERT_TRUE((*server)->SetReadiness([&health] { return health.Check(WorkerHealth::NowMs()); }).ok());
  ASSERT_TRUE((*server)->Start().ok());
  const int port = (*server)->port();
  const auto ready = [&] { return HttpGet("127.0.0.1", port, "/readyz", 5000).ok(); };
  const auto wait_until_ready_is = [&](bool want) {
    testing::Eventually(
        [&] {
          if (ready() == want) return true;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          return false;
        },
        std::chrono::seconds(60));
    return ready() == want;
  };
  EXPECT_FALSE(ready());  // no worker yet
  EXPECT_NE(health.Check(WorkerHealth::NowMs()).detail.find("worker not running"),
            std::string::npos);

  std::atomic<bool> stop{false};
  WorkerOptions worker_options = testing::MakeWorkerOptions(config, pipeline, &stats, &stop);
  worker_options.health = &health;
  Status worker_status;
  std::thread worker([&] { worker_status = RunWorker(worker_options); });
  EXPECT_TRUE(wait_until_ready_is(true)) << health.Check(WorkerHealth::NowMs()).detail;
  EXPECT_EQ(health.assigned_partitions(), 1);

  ASSERT_TRUE((*cluster)->SetBrokerUp(1, false).ok());
  EXPECT_TRUE(wait_until_ready_is(false));
  EXPECT_NE(health.Check(WorkerHealth::NowMs()).detail.find("producer not connected"),
            std::string::npos)
      << health.Check(WorkerHealth::NowMs()).detail;
  EXPECT_TRUE(HttpGet("127.0.0.1", port, "/healthz", 5000).ok());  // alive all the same
  ASSERT_TRUE((*cluster)->SetBrokerUp(1, true).ok());
  EXPECT_TRUE(wait_until_ready_is(true)) << health.Check(WorkerHealth::NowMs()).detail;

  stop = true;
  worker.join();
  EXPECT_TRUE(worker_status.ok()) << worker_status.ToString();
  EXPECT_FALSE(ready());
}

}  // namespace
}  // namespace scrubline
