// VelocityTracker: the bulk-messaging signal. The same or a near-identical
// body (body_signature.h) sent by one sender to many distinct recipients
// within a sliding window.
//
// State is partition-local (ARCHITECTURE, "Scaling out"): one table per
// input partition, created on its first record and dropped by Forget when
// the partition is revoked, so it is only right when the input topic is
// keyed by sender. Each table has a fixed number of clusters, so memory is
// bounded however many senders there are.
//
// A cluster is one sender's body: its first counted signature (the
// representative), and the distinct recipients seen in the current and the
// previous half window, each a 128-bit bitmap of recipient hashes read by
// linear counting (accurate to a few percent up to a few hundred
// recipients, saturating beyond). The count so covers between half a window
// and a whole one: a sliding window at the cost of two bitmaps. A record
// finds its sender's cluster through a locality-sensitive index: the
// signature's bins in kBands bands of two, each band hashed with the sender
// into an index key and slot; a candidate is accepted when at least
// `min_matching_bins` of the 16 bins equal the representative's.
//
// Admission: most bodies of a partition are one-offs, and a cluster for each
// would evict the clusters of a campaign that spreads its sends over busy
// traffic. So a body no cluster knows only leaves its index keys in the
// table's doorkeeper (velocity_doorkeeper.h) on its first sighting; a later
// body of the same sender that shares a band key with a remembered one (the
// index's own rule, without the bin check: the doorkeeper keeps no
// signature) gets a cluster. That cluster counts from its own record: the
// doorkeeper keeps no recipient, so whether the first sighting went to
// another recipient is unknown, and a campaign fires one record later than
// if every body had a cluster. A first sighting reports one recipient and
// `counted` false. The doorkeeper remembers a sighting for between half a
// window and a whole one of record time, but across no more than between
// kSightingsPerCluster x `clusters` later sightings (16,384 by default) and
// twice that; about 1 in 100 bodies never sent before is admitted anyway
// (a false positive).
//
// Eviction: an admitted body takes one of a 4-way set of clusters: an
// unused or expired one (nothing counted in the current or the previous
// half window) first, else the one with the fewest recipients still
// counted, the least recently seen of those. So a flood of new clusters
// replaces new clusters, and a campaign on its way to the threshold keeps
// its count. Likewise in the index: a record does not take a band's slot
// from a live cluster that counts more recipients than its own, so such a
// cluster also stays findable.
//
// Nothing here holds a value: senders and recipients arrive as 64-bit
// hashes, bodies as signatures. Deterministic for a given order of
// Observe calls. Not thread-safe: the worker's loop thread owns it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/aup/body_signature.h"

namespace scrubline {

struct VelocitySettings {
  std::int64_t window_seconds = 3600;
  // The signal fires when a cluster's distinct recipients reach this.
  int recipients = 25;
  int min_matching_bins = 8;  // of BodySignature::kBins
  // Clusters per partition, rounded up to a power of two (>= 64). Each
  // costs VelocityTracker::kClusterBytes plus its share of the index
  // (kIndexBytesPerCluster) and of the doorkeeper
  // (kDoorkeeperBytesPerCluster): 384 bytes.
  std::uint32_t clusters = 4096;

  bool operator==(const VelocitySettings&) const = default;
};

struct VelocityObservation {
  double recipients = 0;  // the cluster's estimated distinct recipients, this one included
  bool fired = false;     // recipients >= settings.recipients
  // False for a first sighting: remembered by the doorkeeper, not counted
  // in a cluster (recipients is then this one).
  bool counted = false;
};

class VelocityTracker {
 public:
  static constexpr int kBands = 8;
  // Sightings (bodies no cluster knows) the doorkeeper's current generation
  // takes per cluster before it rotates.
  static constexpr std::uint32_t kSightingsPerCluster = 4;
  // Bytes of one cluster, of its share of the index (kBands slots), and of
  // its share of the doorkeeper (two generations of kSightingsPerCluster
  // sightings of 16 bytes): the default 4096 clusters hold 1.5 MiB per
  // partition (1 MiB of clusters and index, 0.5 MiB of doorkeeper).
  static constexpr std::size_t kClusterBytes = 128;
  static constexpr std::size_t kIndexBytesPerCluster = kBands * 16;
  static constexpr std::size_t kDoorkeeperBytesPerCluster =
      std::size_t{2} * kSightingsPerCluster * 16;

  // Settings out of range are clamped, and settings() shows the result:
  // window_seconds >= 2 (two halves of at least a second), recipients >= 1,
  // min_matching_bins in 1..kBins, clusters a power of two in 64..2^24.
  explicit VelocityTracker(VelocitySettings settings);
  ~VelocityTracker();
  VelocityTracker(const VelocityTracker&) = delete;
  VelocityTracker& operator=(const VelocityTracker&) = delete;

  // One message: `sender` sent a body with `signature` to `recipient` at
  // `time_seconds` (the record's own time). A time earlier than its
  // cluster's current half-window counts into the previous half when it
  // falls there and is otherwise ignored (too old to matter). A body no
  // cluster knows and the doorkeeper does not either is only remembered:
  // `counted` false.
  VelocityObservation Observe(std::string_view topic, std::int32_t partition,
                              std::uint64_t sender, std::uint64_t recipient,
                              std::int64_t time_seconds, const BodySignature& signature);

  // Drops a partition's table (revoked, or rewound after an aborted
  // transaction: its records will be seen again).
  void Forget(std::string_view topic, std::int32_t partition);
  void ForgetAll();

  const VelocitySettings& settings() const { return settings_; }
  std::size_t partitions() const { return tables_.size(); }
  // Bytes held by all partition tables (fixed per partition).
  std::size_t memory_bytes() const;

  struct Table;

 private:
  Table& TableFor(std::string_view topic, std::int32_t partition);

  VelocitySettings settings_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::size_t last_ = 0;  // the table of the previous Observe: usually the next one's
};

}  // namespace scrubline
