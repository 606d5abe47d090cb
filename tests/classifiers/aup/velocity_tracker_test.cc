// The bulk-messaging signal: one sender, one body (give or take a name),
// many distinct recipients within the window.
#include "classifiers/aup/velocity_tracker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/base/hash.h"
#include "tests/classifiers/aup/campaign_texts.h"
#include "tests/support/allocation_counter.h"

namespace scrubline {
namespace {

constexpr std::string_view kTopic = "sms.outbound";

// Senders and recipients arrive hashed; these allocate nothing, so loops
// that count allocations can call them.
std::uint64_t Sender(int i) { return SplitMix64(0x5345'4e44'0000'0000ull + i); }
std::uint64_t Recipient(int i) { return SplitMix64(0x5243'5054'0000'0000ull + i); }

using testing_campaign::kHosts;
using testing_campaign::kNames;
using testing_campaign::Sign;

// The campaign's body for recipient i: a name, an amount and a link host
// that no detector tagged all vary, the hardest case for clustering.
BodySignature CampaignBody(int i) {
  return Sign(std::string("Hi ") + kNames[i % 20] + ", your Barclays card was used for a $" +
              std::to_string(37 * i + 120) + " purchase. If this wasn't you, verify at " +
              kHosts[(i / 20 + i) % 20] + "/secure now");
}

constexpr const char* kOpeners[] = {"",        "Hey, ", "Hi! ",   "So ",        "Btw ",
                                    "Oh and ", "Ok, ",  "Hiya. ", "Quick one: "};
constexpr const char* kConversation[] = {
    "are we still on for dinner tonight?",
    "running about 10 minutes late, sorry!",
    "can you pick up milk and bread on the way home?",
    "happy birthday!! Hope you have an amazing day",
    "did you see the game last night? Unbelievable ending",
    "I'll call you after my meeting, probably around 3",
    "thanks for yesterday, had a really great time",
    "mum says dinner is at 7, don't be late",
    "where did you park? I can't find the car",
    "the kids have a dentist appointment on Thursday at 4pm",
    "see you soon",
    "can I borrow your drill this weekend? Mine just broke",
    "just landed, waiting for my bag",
    "don't forget to send me the photos from the wedding",
    "is the meeting still at the office or did it move online?",
    "that's hilarious, send it to the group chat",
    "my train is cancelled again, going to work from home today",
    "let me know when you're free to talk about the flat",
    "good luck with the interview tomorrow, you've got this",
    "sorry I missed your call, what's up?",
    "on my way",
    "yes please",
    "thank you!",
    "where are you?",
};
constexpr int kConversationTexts = sizeof(kConversation) / sizeof(kConversation[0]);

// A body unlike any other: random bins.
BodySignature RandomBody(std::uint64_t seed) {
  BodySignature s;
  for (int b = 0; b < BodySignature::kBins; ++b) {
    s.bins[b] = static_cast<std::uint32_t>(SplitMix64(seed * BodySignature::kBins + b) >> 33);
  }
  return s;
}

TEST(VelocityTracker, CampaignFiresAtTheThreshold) {
  VelocityTracker tracker({});
  const int threshold = tracker.settings().recipients;
  int first_fired = -1;
  VelocityObservation last;
  for (int i = 0; i < 100; ++i) {
    last = tracker.Observe(kTopic, 0, Sender(1), Recipient(i), 1'700'000'000 + 10 * i,
                           CampaignBody(i));
    if (last.fired && first_fired < 0) first_fired = i + 1;
    if (first_fired > 0) {
      EXPECT_TRUE(last.fired) << "recipient " << i + 1;
    }
  }
  // Linear counting is near exact at these counts (measured: fires at 25;
  // 24 before the doorkeeper, which only remembers the first record).
  EXPECT_GE(first_fired, threshold - 3);
  EXPECT_LE(first_fired, threshold + 3);
  EXPECT_NEAR(last.recipients, 100, 15);  // measured: 99.1
}

TEST(VelocityTracker, RepeatsToOneRecipientCountOnce) {
  VelocityTracker tracker({});
  VelocityObservation o;
  for (int i = 0; i < 100; ++i) {
    o = tracker.Observe(kTopic, 0, Sender(1), Recipient(7), 1000 + i, CampaignBody(0));
  }
  EXPECT_FALSE(o.fired);
  EXPECT_NEAR(o.recipients, 1.0, 0.01);
}

TEST(VelocityTracker, ConversationDoesNotFire) {
  // 200 distinct messages (an opener and a text) to 200 recipients in an
  // hour: each text recurs to ~8 people, far from a campaign.
  VelocityTracker tracker({});
  double highest = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string body =
        std::string(kOpeners[(i / kConversationTexts) % 9]) + kConversation[i % kConversationTexts];
    const VelocityObservation o =
        tracker.Observe(kTopic, 0, Sender(1), Recipient(i), 5000 + 15 * i, Sign(body));
    EXPECT_FALSE(o.fired) << body;
    highest = std::max(highest, o.recipients);
  }
  EXPECT_LE(highest, 12);  // measured: 8.3, a text sent to nine
}

TEST(VelocityTracker, CountsPerSender) {
  VelocityTracker tracker({});
  const BodySignature body = CampaignBody(0);
  VelocityObservation a, b;
  for (int i = 0; i < 15; ++i) {
    a = tracker.Observe(kTopic, 0, Sender(1), Recipient(i), 100 + i, body);
    b = tracker.Observe(kTopic, 0, Sender(2), Recipient(100 + i), 100 + i, body);
  }
  EXPECT_FALSE(a.fired);
  EXPECT_FALSE(b.fired);
  // 14 counted: each first sighting is only remembered.
  EXPECT_NEAR(a.recipients, 14, 3);
  EXPECT_NEAR(b.recipients, 14, 3);
}

TEST(VelocityTracker, CountsWithinTheWindowOnly) {
  VelocitySettings settings;
  settings.window_seconds = 3600;
  VelocityTracker tracker(settings);
  // 30 recipients over five windows: at most about 12 in any one count.
  VelocityObservation o;
  for (int i = 0; i < 30; ++i) {
    o = tracker.Observe(kTopic, 0, Sender(1), Recipient(i), i * 600, CampaignBody(i));
    EXPECT_FALSE(o.fired) << i;
  }
  EXPECT_LE(o.recipients, 13);
  // The same 30 within half a window.
  int fired = 0;
  for (int i = 0; i < 30; ++i) {
    o = tracker.Observe(kTopic, 0, Sender(2), Recipient(i), 50'000 + i * 60, CampaignBody(i));
    fired += o.fired;
  }
  EXPECT_GT(fired, 0);
  EXPECT_TRUE(o.fired);
}

TEST(VelocityTracker, CountSlidesByHalfWindows) {
  VelocitySettings settings;
  settings.window_seconds = 100;  // halves [0, 50), [50, 100), ...
  VelocityTracker tracker(settings);
  const auto observe = [&](int recipient, std::int64_t time) {
    return tracker.Observe(kTopic, 0, Sender(1), Recipient(recipient), time, CampaignBody(0));
  };
  for (int i = 0; i < 20; ++i) observe(i, 10);  // 19 counted: the first is only remembered
  EXPECT_NEAR(observe(20, 60).recipients, 20, 2);  // the next half adds to the previous
  EXPECT_FALSE(observe(21, 70).fired);
  EXPECT_FALSE(observe(22, 99).fired);
  for (int i = 23; i < 30; ++i) observe(i, 90);
  EXPECT_TRUE(observe(30, 95).fired);  // 30 counted in [0, 100)
  // The half after next forgets [0, 50): what is left is [50, 100) and now.
  const VelocityObservation later = observe(31, 100);
  EXPECT_FALSE(later.fired);
  EXPECT_NEAR(later.recipients, 12, 2);
  // A late record of the previous half still counts; an older one does not.
  const double late = observe(32, 55).recipients;
  EXPECT_GT(late, later.recipients);
  EXPECT_EQ(observe(33, 49).recipients, late);
  // After a silence of more than a half, nothing of before is left.
  EXPECT_NEAR(observe(34, 1000).recipients, 1, 0.01);
}

TEST(VelocityTracker, NegativeTimesUseFloorHalves) {
  VelocitySettings settings;
  settings.window_seconds = 100;
  VelocityTracker tracker(settings);
  const auto observe = [&](int recipient, std::int64_t time) {
    return tracker.Observe(kTopic, 0, Sender(1), Recipient(recipient), time, CampaignBody(0));
  };
  for (int i = 0; i < 10; ++i) observe(i, -1);  // the half [-50, 0); 9 counted
  EXPECT_NEAR(observe(10, 49).recipients, 10, 1);
  // Two halves on from [-50, 0): only [0, 50) and now are left. (Were -1 in
  // the half of 0, as truncating division would have it, 12 would be.)
  EXPECT_NEAR(observe(11, 50).recipients, 2, 0.5);
}

TEST(VelocityTracker, ExtremeTimesDoNotOverflow) {
  // Record times come from the data; under UBSan an overflow here fails.
  VelocityTracker tracker({});
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  EXPECT_NEAR(tracker.Observe(kTopic, 0, Sender(1), Recipient(0), kMax, CampaignBody(0)).recipients,
              1, 0.01);
  // The first sighting was only remembered; this one, far older, is
  // admitted and starts the cluster's count in its own half.
  EXPECT_NEAR(tracker.Observe(kTopic, 0, Sender(1), Recipient(1), kMin, CampaignBody(0)).recipients,
              1, 0.01);
  EXPECT_NEAR(tracker.Observe(kTopic, 0, Sender(1), Recipient(2), kMax, CampaignBody(0)).recipients,
              1, 0.01);  // a jump of many halves: a fresh count
  EXPECT_NEAR(tracker.Observe(kTopic, 0, Sender(1), Recipient(3), kMax, CampaignBody(0)).recipients,
              2, 0.1);
  // Far older than the count: ignored.
  EXPECT_NEAR(tracker.Observe(kTopic, 0, Sender(1), Recipient(4), kMin, CampaignBody(0)).recipients,
              2, 0.1);
  // Half windows of one second: epochs at both ends of the int64 range.
  VelocitySettings seconds;
  seconds.window_seconds = 2;
  VelocityTracker fine(seconds);
  for (const std::int64_t t : {kMin, kMax, kMin, kMax, kMax - 1, kMin + 1}) {
    EXPECT_FALSE(
        fine.Observe(kTopic, 0, Sender(2), Recipient(static_cast<int>(t & 7)), t, CampaignBody(0))
            .fired);
  }
}

TEST(VelocityTracker, ForgetDropsThePartition) {
  VelocityTracker tracker({});
  for (int i = 0; i < 20; ++i)
    tracker.Observe(kTopic, 0, Sender(1), Recipient(i), 100, CampaignBody(i));
  // Twice: the first sighting is only remembered, the second gets a cluster.
  tracker.Observe(kTopic, 1, Sender(1), Recipient(0), 100, CampaignBody(0));
  tracker.Observe(kTopic, 1, Sender(1), Recipient(0), 100, CampaignBody(0));
  EXPECT_EQ(tracker.partitions(), 2u);
  const std::size_t two = tracker.memory_bytes();

  tracker.Forget(kTopic, 0);
  EXPECT_EQ(tracker.partitions(), 1u);
  EXPECT_EQ(tracker.memory_bytes(), two / 2);
  tracker.Forget(kTopic, 7);  // never seen: nothing happens
  EXPECT_EQ(tracker.partitions(), 1u);
  // The count restarts.
  const VelocityObservation o =
      tracker.Observe(kTopic, 0, Sender(1), Recipient(20), 100, CampaignBody(20));
  EXPECT_NEAR(o.recipients, 1, 0.01);
  EXPECT_EQ(tracker.partitions(), 2u);
  // Partition 1 kept its count.
  EXPECT_NEAR(tracker.Observe(kTopic, 1, Sender(1), Recipient(1), 100, CampaignBody(1)).recipients,
              2, 0.1);

  tracker.ForgetAll();
  EXPECT_EQ(tracker.partitions(), 0u);
  EXPECT_EQ(tracker.memory_bytes(), 0u);
}

TEST(VelocityTracker, PartitionsAndTopicsAreIndependent) {
  VelocityTracker tracker({});
  VelocityObservation p0, p1, other_topic;
  for (int i = 0; i < 15; ++i) {
    p0 = tracker.Observe(kTopic, 0, Sender(1), Recipient(i), 100, CampaignBody(i));
    p1 = tracker.Observe(kTopic, 1, Sender(1), Recipient(100 + i), 100, CampaignBody(i));
    other_topic =
        tracker.Observe("sms.inbound", 0, Sender(1), Recipient(200 + i), 100, CampaignBody(i));
  }
  EXPECT_EQ(tracker.partitions(), 3u);
  EXPECT_FALSE(p0.fired || p1.fired || other_topic.fired);
  EXPECT_NEAR(p0.recipients, 14, 3);  // the first sighting only remembered
  EXPECT_NEAR(p1.recipients, 14, 3);
  EXPECT_NEAR(other_topic.recipients, 14, 3);
}

TEST(VelocityTracker, SettingsAreClamped) {
  VelocitySettings odd;
  odd.window_seconds = 0;
  odd.recipients = -3;
  odd.min_matching_bins = 40;
  odd.clusters = 100;
  const VelocitySettings s = VelocityTracker(odd).settings();
  EXPECT_EQ(s.window_seconds, 2);
  EXPECT_EQ(s.recipients, 1);
  EXPECT_EQ(s.min_matching_bins, BodySignature::kBins);
  EXPECT_EQ(s.clusters, 128u);
  odd.clusters = 1;
  odd.min_matching_bins = 0;
  EXPECT_EQ(VelocityTracker(odd).settings().clusters, 64u);
  EXPECT_EQ(VelocityTracker(odd).settings().min_matching_bins, 1);
  EXPECT_EQ(VelocityTracker({}).settings().clusters, 4096u);
}

TEST(VelocityTracker, MemoryIsFixedPerPartition) {
  VelocityTracker tracker({});
  EXPECT_EQ(tracker.memory_bytes(), 0u);
  tracker.Observe(kTopic, 0, Sender(0), Recipient(0), 0, RandomBody(0));
  const std::size_t one_partition = tracker.memory_bytes();
  EXPECT_EQ(one_partition,
            4096 * (VelocityTracker::kClusterBytes + VelocityTracker::kIndexBytesPerCluster +
                    VelocityTracker::kDoorkeeperBytesPerCluster));
  EXPECT_EQ(one_partition, 1536u * 1024);  // the 1.5 MiB the README gives

  const long before = g_allocations.load();
  g_counting = true;
  for (int i = 1; i < 200'000; ++i) {
    tracker.Observe(kTopic, 0, Sender(i), Recipient(i), i / 100, RandomBody(i));
  }
  g_counting = false;
  EXPECT_EQ(tracker.memory_bytes(), one_partition);
  EXPECT_EQ(tracker.partitions(), 1u);
  if (SCRUBLINE_COUNT_ALLOCATIONS) {
    EXPECT_EQ(g_allocations.load() - before, 0);
  }
}

TEST(VelocityTracker, ActiveCampaignSurvivesChurn) {
  // 200k one-off senders first (the doorkeeper turns them away but for
  // its ~1 % false positives, which take some 2,000 clusters); then the
  // campaign, each of its records between 10 (then 300) more one-offs,
  // keeps its cluster and its index slots (each record points its bands at
  // its cluster again), and fires as if alone. Measured: fires at 25 (24
  // before the doorkeeper, which only remembers the first record), 99.1 at
  // 100, as without churn. (Without the re-pointing, 100 one-offs between
  // records lost it; before the doorkeeper, 1,000 one-offs between records
  // did, as each took a cluster: CampaignAmidOneOffTrafficFiresAsAlone.)
  for (const int churn_per_record : {10, 300}) {
    VelocityTracker tracker({});
    int churn = 0;
    for (; churn < 200'000; ++churn) {
      tracker.Observe(kTopic, 0, Sender(1000 + churn), Recipient(churn), 0, RandomBody(churn));
    }
    int first_fired = -1;
    VelocityObservation o;
    for (int i = 0; i < 100; ++i) {
      o = tracker.Observe(kTopic, 0, Sender(1), Recipient(i), i, CampaignBody(i));
      if (o.fired && first_fired < 0) first_fired = i + 1;
      for (int k = 0; k < churn_per_record; ++k, ++churn) {
        tracker.Observe(kTopic, 0, Sender(1000 + churn), Recipient(churn), i, RandomBody(churn));
      }
    }
    EXPECT_GE(first_fired, tracker.settings().recipients - 3) << churn_per_record;
    EXPECT_LE(first_fired, tracker.settings().recipients + 3) << churn_per_record;
    EXPECT_NEAR(o.recipients, 100, 15) << churn_per_record;
  }
}

TEST(VelocityTracker, ObserveAllocatesOnlyForANewPartition) {
  if (!SCRUBLINE_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under ASan";
  VelocityTracker tracker({});
  tracker.Observe(kTopic, 0, Sender(1), Recipient(0), 0, CampaignBody(0));
  tracker.Observe(kTopic, 1, Sender(1), Recipient(0), 0, CampaignBody(0));
  const BodySignature body = CampaignBody(1);
  const long before = g_allocations.load();
  g_counting = true;
  for (int i = 0; i < 1000; ++i)
    tracker.Observe(kTopic, i % 2, Sender(i % 7), Recipient(i), i, body);
  g_counting = false;
  EXPECT_EQ(g_allocations.load() - before, 0);
}

// The campaign of CampaignFiresAtTheThreshold, `one_offs` bodies from
// distinct other senders between each two of its records (at its records'
// times: 10 s apart, so all within one window). The first recipient at
// which it fires, and its estimate at its 100th.
struct CampaignResult {
  int first_fired = -1;
  double recipients = 0;
  bool one_off_fired = false;
};
CampaignResult CampaignAmidOneOffs(int one_offs) {
  VelocityTracker tracker({});
  CampaignResult result;
  int other = 0;
  for (int i = 0; i < 100; ++i) {
    const std::int64_t t = 1'700'000'000 + 10 * i;
    const VelocityObservation o =
        tracker.Observe(kTopic, 0, Sender(1), Recipient(i), t, CampaignBody(i));
    if (o.fired && result.first_fired < 0) result.first_fired = i + 1;
    result.recipients = o.recipients;
    for (int k = 0; k < one_offs; ++k, ++other) {
      result.one_off_fired |=
          tracker.Observe(kTopic, 0, Sender(1000 + other), Recipient(other), t, RandomBody(other))
              .fired;
    }
  }
  return result;
}

TEST(VelocityTracker, CampaignAmidOneOffTrafficFiresAsAlone) {
  // The weakness the doorkeeper fixes: before it, every one-off body took a
  // cluster, and about 1,000 of them between two records of a campaign
  // evicted its cluster (least recently used of four), so its count kept
  // restarting and it never fired. Now one-offs leave only their keys in
  // the doorkeeper, which remembers the campaign's previous record across
  // at least 16,384 sightings (so 20,000 one-offs are bridged in most
  // gaps), and the few one-offs it admits by mistake cannot displace a
  // cluster with more recipients than theirs. Measured: alone, 2,000 and
  // 20,000 between records, it fires at the 25th recipient (the 24th
  // before admission, which now costs the first record) and reads 99.1
  // at the 100th. (Before the doorkeeper: never fired, 3.0 and 1.0 at the
  // 100th.)
  const CampaignResult alone = CampaignAmidOneOffs(0);
  ASSERT_GT(alone.first_fired, 0);
  for (const int one_offs : {2'000, 20'000}) {
    const CampaignResult busy = CampaignAmidOneOffs(one_offs);
    EXPECT_GT(busy.first_fired, 0) << one_offs;
    EXPECT_LE(std::abs(busy.first_fired - alone.first_fired), 2)
        << one_offs << ": fired at " << busy.first_fired << ", alone at " << alone.first_fired;
    EXPECT_NEAR(busy.recipients, alone.recipients, 5) << one_offs;
    EXPECT_FALSE(busy.one_off_fired) << one_offs;
  }
}

// A random body sent twice by one sender, to `recipient` and the next one:
// the second sighting, admitted (counted) unless the first was forgotten.
VelocityObservation SendTwice(VelocityTracker& tracker, int sender, int body, int recipient,
                              std::int64_t time) {
  tracker.Observe(kTopic, 0, Sender(sender), Recipient(recipient), time, RandomBody(body));
  return tracker.Observe(kTopic, 0, Sender(sender), Recipient(recipient + 1), time,
                         RandomBody(body));
}

TEST(VelocityTracker, OneOffTrafficIsRarelyAdmitted) {
  // 100,000 bodies no one sent before, from as many senders, 1,000 a
  // second (one half window): none has been seen, so every one would be
  // turned away but for the doorkeeper's false positives, which its sizing
  // holds near 1 in 100 at a full generation (measured: 983, 0.98 %) and lower
  // while a generation fills. At 2 % something is wrong with the filter.
  VelocityTracker tracker({});
  int counted = 0;
  for (int i = 0; i < 100'000; ++i) {
    const VelocityObservation o =
        tracker.Observe(kTopic, 0, Sender(10 + i), Recipient(i), i / 1000, RandomBody(i));
    EXPECT_FALSE(o.fired) << i;
    counted += o.counted;
  }
  EXPECT_LE(counted, 2'000);
  // Each seen twice (another recipient) is admitted on its second sighting.
  int admitted = 0;
  for (int i = 0; i < 1'000; ++i) {
    admitted += SendTwice(tracker, 200'000 + i, 200'000 + i, i, 100).counted;
  }
  EXPECT_EQ(admitted, 1'000);
}

TEST(VelocityTracker, ACountNearTheThresholdSurvivesAFloodOfNewClusters) {
  // A small table (64 clusters: 16 sets of four), a campaign at 20
  // recipients, then 4,000 bodies from other senders, each sent twice, so
  // each is admitted and takes a cluster: 250 new clusters per set. Each
  // of them counts one recipient, fewer than the campaign's, so they
  // replace one another and the campaign's cluster keeps its count. (Least
  // recently used replacement loses it to the first four of its set.)
  VelocitySettings settings;
  settings.clusters = 64;
  VelocityTracker tracker(settings);
  VelocityObservation o;
  for (int i = 0; i < 20; ++i) {
    o = tracker.Observe(kTopic, 0, Sender(1), Recipient(i), 100, CampaignBody(i));
  }
  EXPECT_FALSE(o.fired);
  const double before = o.recipients;
  int admitted = 0;
  for (int k = 0; k < 4'000; ++k) admitted += SendTwice(tracker, 1000 + k, k, k, 100).counted;
  EXPECT_GT(admitted, 3'900);  // the flood did take clusters
  o = tracker.Observe(kTopic, 0, Sender(1), Recipient(20), 100, CampaignBody(20));
  EXPECT_GT(o.recipients, before);
  for (int i = 21; i < 30; ++i) {
    o = tracker.Observe(kTopic, 0, Sender(1), Recipient(i), 100, CampaignBody(i));
  }
  EXPECT_TRUE(o.fired);
  EXPECT_NEAR(o.recipients, 29, 3);
}

TEST(VelocityTracker, AnExpiredClusterGoesBeforeALiveOne) {
  // 64 clusters (16 sets) filled with bodies of three recipients each;
  // more than a window later, eight times: a new body (admitted on its
  // second sighting: one recipient), 16 other new bodies (one per set on
  // average), and the new body once more. The old clusters count nothing
  // any more, so they are replaced before the young one, though each
  // counted more recipients when last seen; and once the table is young,
  // the least recently seen of equals go first.
  VelocitySettings settings;
  settings.clusters = 64;
  settings.window_seconds = 100;
  VelocityTracker tracker(settings);
  for (int k = 0; k < 400; ++k) {
    for (int r = 0; r < 4; ++r) {
      tracker.Observe(kTopic, 0, Sender(1000 + k), Recipient(r), 0, RandomBody(k));
    }
  }
  int kept = 0;
  for (int young = 0; young < 8; ++young) {
    const int body = 10'000 + young;
    ASSERT_TRUE(SendTwice(tracker, body, body, 0, 1000 + young).counted);
    for (int k = 0; k < 16; ++k) {
      const int other = 20'000 + 16 * young + k;
      SendTwice(tracker, other, other, 0, 1000 + young);
    }
    kept += tracker.Observe(kTopic, 0, Sender(body), Recipient(2), 1000 + young, RandomBody(body))
                .recipients > 1.5;
  }
  EXPECT_EQ(kept, 8);
}

TEST(VelocityTracker, TheDoorkeeperForgets) {
  VelocitySettings settings;
  settings.window_seconds = 100;
  {
    // Seen again within the window: admitted.
    VelocityTracker tracker(settings);
    EXPECT_FALSE(tracker.Observe(kTopic, 0, Sender(1), Recipient(0), 0, CampaignBody(0)).counted);
    EXPECT_TRUE(tracker.Observe(kTopic, 0, Sender(1), Recipient(1), 99, CampaignBody(1)).counted);
  }
  {
    // Seen again more than a whole window later: a first sighting again,
    // admitted on the next.
    VelocityTracker tracker(settings);
    EXPECT_FALSE(tracker.Observe(kTopic, 0, Sender(1), Recipient(0), 0, CampaignBody(0)).counted);
    EXPECT_FALSE(tracker.Observe(kTopic, 0, Sender(1), Recipient(1), 101, CampaignBody(1)).counted);
    const VelocityObservation o =
        tracker.Observe(kTopic, 0, Sender(1), Recipient(2), 102, CampaignBody(2));
    EXPECT_TRUE(o.counted);
    EXPECT_NEAR(o.recipients, 1, 0.01);
  }
  {
    // Seen again after more sightings than two generations hold (2 x
    // 4 x 64 with 64 clusters), all within one half window: forgotten too.
    settings.clusters = 64;
    VelocityTracker tracker(settings);
    EXPECT_FALSE(tracker.Observe(kTopic, 0, Sender(1), Recipient(0), 0, CampaignBody(0)).counted);
    for (int k = 0; k < 2 * 4 * 64; ++k) {
      tracker.Observe(kTopic, 0, Sender(1000 + k), Recipient(k), 0, RandomBody(k));
    }
    EXPECT_FALSE(tracker.Observe(kTopic, 0, Sender(1), Recipient(1), 0, CampaignBody(1)).counted);
  }
}
}  // namespace
}  // namespace scrubline
