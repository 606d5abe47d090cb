// WorkerHealth's readiness checks on their own (the worker and the HTTP
// endpoint together: tests/integration/worker_readiness_test.cc).
#include "pipeline/worker_health.h"

#include <gtest/gtest.h>

namespace scrubline {
namespace {

// The checks on their own: each condition named, and a stall only while
// inputs are in flight.
TEST(WorkerHealth, NamesEachProblem) {
  WorkerHealth health(/*stall_after_ms=*/1000);
  Readiness r = health.Check(0);
  EXPECT_FALSE(r.ready);
  EXPECT_EQ(r.detail, "worker not running; no input partitions assigned; producer not connected");
  health.SetRunning(true);
  health.SetOptOutsPending(true);
  health.AddAssignedPartitions(3);
  health.SetProducerConnected(true);
  EXPECT_EQ(health.Check(0).detail, "opt-out topic not read to its end yet");
  health.SetOptOutsPending(false);
  EXPECT_TRUE(health.Check(0).ready);
  health.AddAssignedPartitions(-3);  // all revoked
  EXPECT_EQ(health.Check(0).detail, "no input partitions assigned");
  health.AddAssignedPartitions(2);
  health.NoteProgress(10'000);
  EXPECT_TRUE(health.Check(60'000).ready);  // idle without work in flight: fine
  health.SetInFlight(5);
  EXPECT_TRUE(health.Check(10'900).ready);
  EXPECT_EQ(health.Check(12'500).detail, "stalled: 5 inputs in flight, no progress for 2 s");
  health.NoteProgress(12'400);
  EXPECT_TRUE(health.Check(12'500).ready);
}

}  // namespace
}  // namespace scrubline
