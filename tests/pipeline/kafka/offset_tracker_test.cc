#include "pipeline/kafka/offset_tracker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace scrubline {
namespace {

using Committables = std::vector<OffsetTracker::Committable>;

Committables Take(OffsetTracker& tracker) {
  Committables out;
  tracker.TakeCommittable(out);
  return out;
}

// The single next_offset reported for (topic, partition), or -1 if none.
std::int64_t NextFor(const Committables& c, const std::string& topic, std::int32_t partition) {
  std::int64_t found = -1;
  int hits = 0;
  for (const auto& entry : c) {
    if (entry.topic == topic && entry.partition == partition) {
      found = entry.next_offset;
      ++hits;
    }
  }
  EXPECT_LE(hits, 1) << "a partition is reported at most once per call";
  return found;
}

TEST(OffsetTrackerTest, NothingCommittableBeforeAnyAck) {
  OffsetTracker tracker;
  tracker.Begin("in", 0, 0, 1);
  tracker.Begin("in", 0, 1, 2);
  EXPECT_TRUE(Take(tracker).empty());
  EXPECT_EQ(tracker.in_flight(), 2u);
}

// Ack reports the input delivered only on its last output, and hands back
// the timestamp it was Begun with (the added-latency measure), whether or
// not its prefix is committable yet; never for a failed or stale one.
TEST(OffsetTrackerTest, AckReportsDeliveryOnTheLastOutputWithTheTimestamp) {
  OffsetTracker tracker;
  const std::uint64_t first = tracker.Begin("in", 0, 0, 2, 10, 1000);
  const std::uint64_t second = tracker.Begin("in", 0, 1, 1, 10, 2000);
  const std::uint64_t third = tracker.Begin("in", 0, 2, 2, 10);
  std::int64_t ts = 0;
  EXPECT_TRUE(tracker.Ack(second, &ts));  // done behind an unfinished input
  EXPECT_EQ(ts, 2000);
  ts = 0;
  EXPECT_FALSE(tracker.Ack(first, &ts));  // one of two
  EXPECT_EQ(ts, 0);
  EXPECT_TRUE(tracker.Ack(first, &ts));
  EXPECT_EQ(ts, 1000);
  EXPECT_FALSE(tracker.Ack(first, &ts));  // a duplicate report
  tracker.Fail(third);
  EXPECT_FALSE(tracker.Ack(third, &ts));  // its other output failed
  EXPECT_EQ(ts, 1000);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 2);
  const std::uint64_t fourth = tracker.Begin("in", 1, 0, 1);
  EXPECT_TRUE(tracker.Ack(fourth, &ts));
  EXPECT_EQ(ts, -1);  // no timestamp given
  tracker.Forget("in", 1);
  EXPECT_FALSE(tracker.Ack(fourth));
}

TEST(OffsetTrackerTest, ContiguousPrefixAdvancesInOrder) {
  OffsetTracker tracker;
  std::vector<std::uint64_t> tokens;
  for (std::int64_t offset = 10; offset < 15; ++offset) {
    tokens.push_back(tracker.Begin("in", 0, offset, 1));
  }
  tracker.Ack(tokens[0]);
  Committables c = Take(tracker);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].topic, "in");
  EXPECT_EQ(c[0].partition, 0);
  EXPECT_EQ(c[0].next_offset, 11);
  // Only reported when it advanced.
  EXPECT_TRUE(Take(tracker).empty());

  tracker.Ack(tokens[1]);
  tracker.Ack(tokens[2]);
  c = Take(tracker);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].next_offset, 13);
  EXPECT_EQ(tracker.in_flight(), 2u);
}

TEST(OffsetTrackerTest, OutOfOrderAcksWaitForTheGap) {
  OffsetTracker tracker;
  const auto t5 = tracker.Begin("in", 0, 5, 1);
  const auto t6 = tracker.Begin("in", 0, 6, 1);
  const auto t7 = tracker.Begin("in", 0, 7, 1);
  tracker.Ack(t7);
  EXPECT_TRUE(Take(tracker).empty()) << "7 acked but 5 and 6 not";
  tracker.Ack(t5);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 6);
  tracker.Ack(t6);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 8) << "6 closes the gap; 7 was already done";
  EXPECT_EQ(tracker.in_flight(), 0u);
}

TEST(OffsetTrackerTest, MultipleOutputsNeedEveryAck) {
  OffsetTracker tracker;
  const auto token = tracker.Begin("in", 3, 100, 3);
  tracker.Ack(token);
  tracker.Ack(token);
  EXPECT_TRUE(Take(tracker).empty());
  tracker.Ack(token);
  EXPECT_EQ(NextFor(Take(tracker), "in", 3), 101);
  // A duplicate ack of a finished input changes nothing.
  tracker.Ack(token);
  EXPECT_TRUE(Take(tracker).empty());
}

TEST(OffsetTrackerTest, ZeroOutputInputsAreDoneImmediately) {
  OffsetTracker tracker;
  tracker.Begin("in", 0, 0, 0);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 1);
  EXPECT_EQ(tracker.in_flight(), 0u);

  // Behind an unfinished input, a zero-output input waits for it.
  const auto t1 = tracker.Begin("in", 0, 1, 1);
  tracker.Begin("in", 0, 2, 0);
  tracker.Begin("in", 0, 3, 0);
  EXPECT_TRUE(Take(tracker).empty());
  tracker.Ack(t1);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 4);
}

TEST(OffsetTrackerTest, OffsetGapsAreFine) {
  // Compacted topics and transaction markers leave holes in the offsets.
  OffsetTracker tracker;
  const auto a = tracker.Begin("in", 0, 10, 1);
  const auto b = tracker.Begin("in", 0, 500, 1);
  const auto c = tracker.Begin("in", 0, 90000, 2);
  tracker.Ack(c);
  tracker.Ack(b);
  tracker.Ack(a);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 501);
  tracker.Ack(c);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 90001);
}

TEST(OffsetTrackerTest, FailureBlocksThePrefixUntilForget) {
  OffsetTracker tracker;
  const auto t0 = tracker.Begin("in", 0, 0, 1);
  const auto t1 = tracker.Begin("in", 0, 1, 2);
  const auto t2 = tracker.Begin("in", 0, 2, 1);
  tracker.Ack(t0);
  tracker.Fail(t1);
  tracker.Ack(t1);  // its other output succeeds: still failed
  tracker.Ack(t2);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 1) << "offset 0 is done, 1 failed";
  EXPECT_EQ(tracker.failed_count(), 1u);
  // More work behind the failure never becomes committable.
  for (std::int64_t offset = 3; offset < 20; ++offset) {
    tracker.Ack(tracker.Begin("in", 0, offset, 1));
  }
  EXPECT_TRUE(Take(tracker).empty());
  EXPECT_EQ(tracker.in_flight(), 19u);

  // Revocation drops it; the partition starts afresh when re-assigned.
  tracker.Forget("in", 0);
  EXPECT_EQ(tracker.in_flight(), 0u);
  EXPECT_TRUE(Take(tracker).empty());
  tracker.Ack(tracker.Begin("in", 0, 1, 1));
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 2);
  EXPECT_EQ(tracker.failed_count(), 1u);
}

TEST(OffsetTrackerTest, StaleTokensAfterForgetAreIgnored) {
  OffsetTracker tracker;
  const auto old0 = tracker.Begin("in", 0, 40, 1);
  const auto old1 = tracker.Begin("in", 0, 41, 1);
  tracker.Forget("in", 0);

  // Re-assigned from the committed offset: the same offsets, new tokens.
  const auto new0 = tracker.Begin("in", 0, 40, 1);
  const auto new1 = tracker.Begin("in", 0, 41, 1);
  EXPECT_NE(old0, new0);
  EXPECT_NE(old1, new1);
  tracker.Ack(old0);
  tracker.Ack(old1);
  tracker.Fail(old0);
  EXPECT_TRUE(Take(tracker).empty()) << "stale acks must not complete the new inputs";
  EXPECT_EQ(tracker.failed_count(), 0u) << "stale fails are ignored too";
  EXPECT_EQ(tracker.in_flight(), 2u);

  tracker.Ack(new0);
  tracker.Ack(new1);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 42);
}

TEST(OffsetTrackerTest, UnknownTokensAreIgnored) {
  OffsetTracker tracker;
  const auto t = tracker.Begin("in", 0, 0, 1);
  EXPECT_NE(t, 0u);
  tracker.Ack(0);
  tracker.Ack(~std::uint64_t{0});
  tracker.Ack(t + 1);  // same partition, a sequence number never issued
  tracker.Fail(t + 7);
  EXPECT_TRUE(Take(tracker).empty());
  EXPECT_EQ(tracker.failed_count(), 0u);
  tracker.Ack(t);
  EXPECT_EQ(NextFor(Take(tracker), "in", 0), 1);
}

TEST(OffsetTrackerTest, PartitionsAndTopicsAreIndependent) {
  OffsetTracker tracker;
  const auto a0 = tracker.Begin("a", 0, 7, 1);
  const auto a1 = tracker.Begin("a", 1, 3, 1);
  const auto b0 = tracker.Begin("b", 0, 100, 1);
  const auto a0_next = tracker.Begin("a", 0, 8, 1);
  tracker.Ack(a1);
  tracker.Ack(b0);
  tracker.Ack(a0_next);
  Committables c = Take(tracker);
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(NextFor(c, "a", 1), 4);
  EXPECT_EQ(NextFor(c, "b", 0), 101);
  EXPECT_EQ(NextFor(c, "a", 0), -1) << "a[0] waits for offset 7";

  // Forgetting one partition leaves the others alone.
  const auto b0_next = tracker.Begin("b", 0, 101, 1);
  tracker.Forget("a", 0);
  tracker.Ack(a0);
  tracker.Ack(b0_next);
  c = Take(tracker);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(NextFor(c, "b", 0), 102);
}

TEST(OffsetTrackerTest, ManyInputsInterleavedAcrossPartitions) {
  // A deterministic shuffle of acks over 4 partitions: the final commit of
  // each partition must be its last offset + 1 and in_flight must drain.
  OffsetTracker tracker;
  constexpr int kPerPartition = 500;
  std::vector<std::uint64_t> tokens;
  for (int i = 0; i < kPerPartition; ++i) {
    for (int p = 0; p < 4; ++p) {
      tokens.push_back(tracker.Begin(p % 2 ? "odd" : "even", p, 1000 + i, 1 + (i % 3)));
    }
  }
  std::vector<std::uint64_t> acks;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const int outputs = 1 + static_cast<int>((k / 4) % 3);
    for (int o = 0; o < outputs; ++o) acks.push_back(tokens[k]);
  }
  std::uint64_t state = 12345;
  for (std::size_t i = acks.size() - 1; i > 0; --i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    std::swap(acks[i], acks[(state >> 33) % (i + 1)]);
  }
  std::int64_t last[4] = {-1, -1, -1, -1};
  for (std::size_t i = 0; i < acks.size(); ++i) {
    tracker.Ack(acks[i]);
    if (i % 97 == 0) {
      for (const auto& c : Take(tracker)) {
        EXPECT_GT(c.next_offset, last[c.partition]) << "commits only move forward";
        last[c.partition] = c.next_offset;
      }
    }
  }
  for (const auto& c : Take(tracker)) last[c.partition] = c.next_offset;
  for (int p = 0; p < 4; ++p) EXPECT_EQ(last[p], 1000 + kPerPartition) << "partition " << p;
  EXPECT_EQ(tracker.in_flight(), 0u);
}

}  // namespace
}  // namespace scrubline

namespace scrubline {
namespace {

// The bytes of in-flight inputs leave the count when their input is done
// (as part of a done prefix) or its partition is forgotten.
TEST(OffsetTrackerTest, InFlightBytesFollowTheInputs) {
  OffsetTracker t;
  const auto a = t.Begin("in", 0, 0, 1, 100);
  const auto b = t.Begin("in", 0, 1, 1, 20);
  t.Begin("in", 1, 0, 0, 7);  // no outputs, nothing before it: done at once
  const auto c = t.Begin("in", 1, 1, 2, 3);
  EXPECT_EQ(t.in_flight_bytes(), 123u);
  t.Ack(b);  // done, but behind a: still in flight
  EXPECT_EQ(t.in_flight_bytes(), 123u);
  t.Ack(a);
  EXPECT_EQ(t.in_flight_bytes(), 3u);
  t.Ack(c);
  EXPECT_EQ(t.in_flight_bytes(), 3u);  // one output of two
  t.Forget("in", 1);
  EXPECT_EQ(t.in_flight_bytes(), 0u);
  EXPECT_EQ(t.in_flight(), 0u);
}

}  // namespace
}  // namespace scrubline
