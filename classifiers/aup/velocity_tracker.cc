#include "classifiers/aup/velocity_tracker.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

#include "classifiers/aup/velocity_doorkeeper.h"
#include "classifiers/base/hash.h"

namespace scrubline {
namespace {

// Salts keeping these hashes apart from other SplitMix64 uses of the same
// inputs (arbitrary odd constants).
constexpr std::uint64_t kBandSalt = 0x9e3779b97f4a7c15ull;
constexpr std::uint64_t kVictimSalt = 0xd6e8feb86659fd93ull;
constexpr std::uint64_t kRecipientSalt = 0xa0761d6478bd642full;

constexpr int kBitmapBits = 128;
constexpr int kVictimCandidates = 4;  // a 4-way set
constexpr std::uint32_t kMaxClusters = std::uint32_t{1} << 24;

using Bitmap = std::array<std::uint64_t, kBitmapBits / 64>;

// One sender's body. Two cache lines; `last_used` 0 marks a slot never used.
struct alignas(64) Cluster {
  BodySignature representative;
  std::uint64_t sender = 0;
  // The table's Observe count when this cluster was last matched or created:
  // replacement order. An Observe count and not the record time, so records
  // of the same second (thousands at full rate) still have an order.
  std::uint64_t last_used = 0;
  std::int64_t epoch = 0;  // the half-window `current` counts
  Bitmap current{};
  Bitmap previous{};
};
static_assert(sizeof(Cluster) == VelocityTracker::kClusterBytes);

// Direct-mapped: a later cluster whose band lands here overwrites it. Key 0
// is an empty slot (computed keys have their low bit set).
struct IndexSlot {
  std::uint64_t key = 0;
  std::uint32_t cluster = 0;
};
static_assert(VelocityTracker::kBands * sizeof(IndexSlot) ==
              VelocityTracker::kIndexBytesPerCluster);
static_assert(std::size_t{2} * VelocityTracker::kSightingsPerCluster *
                  VelocityDoorkeeper::kBytesPerSighting ==
              VelocityTracker::kDoorkeeperBytesPerCluster);

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {  // b > 0
  const std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

void SetBit(Bitmap& bitmap, unsigned bit) { bitmap[bit >> 6] |= std::uint64_t{1} << (bit & 63); }

// Linear counting over the union of both halves: n = m ln(m / zero bits).
// With no zero bit left the count is past what 128 bits can tell; it reads
// as one zero bit, m ln m ~ 621.
double EstimateRecipients(const Cluster& cluster) {
  int set = 0;
  for (std::size_t i = 0; i < cluster.current.size(); ++i) {
    set += std::popcount(cluster.current[i] | cluster.previous[i]);
  }
  const int zeros = std::max(kBitmapBits - set, 1);
  return kBitmapBits * std::log(static_cast<double>(kBitmapBits) / zeros);
}

// The recipient bits a cluster still counts at `epoch`: both halves while
// its current half is `epoch` (or later than a late record's), that half
// alone once it has become the previous one, none after that (expired) or
// in a slot never used. (The difference is taken unsigned: epochs span the
// whole int64 range.)
int LiveRecipientBits(const Cluster& cluster, std::int64_t epoch) {
  const std::uint64_t halves_since =
      epoch > cluster.epoch
          ? static_cast<std::uint64_t>(epoch) - static_cast<std::uint64_t>(cluster.epoch)
          : 0;
  if (cluster.last_used == 0 || halves_since > 1) return 0;
  int set = 0;
  for (std::size_t i = 0; i < cluster.current.size(); ++i) {
    set += std::popcount(halves_since == 1 ? cluster.current[i]
                                           : cluster.current[i] | cluster.previous[i]);
  }
  return set;
}

VelocitySettings Clamped(VelocitySettings s) {
  s.window_seconds = std::max<std::int64_t>(s.window_seconds, 2);  // two halves of >= 1 s
  s.recipients = std::max(s.recipients, 1);
  s.min_matching_bins = std::clamp(s.min_matching_bins, 1, BodySignature::kBins);
  s.clusters = std::bit_ceil(std::clamp<std::uint32_t>(s.clusters, 64, kMaxClusters));
  return s;
}

}  // namespace

struct VelocityTracker::Table {
  Table(std::string_view topic_name, std::int32_t partition_number, std::uint32_t cluster_count)
      : topic(topic_name),
        partition(partition_number),
        mask(cluster_count - 1),
        clusters(std::make_unique<Cluster[]>(cluster_count)),
        index(std::make_unique<IndexSlot[]>(std::size_t{kBands} * cluster_count)),
        doorkeeper(kSightingsPerCluster * cluster_count) {}

  IndexSlot& Slot(int band, std::uint64_t key) {
    return index[static_cast<std::size_t>(band) * (mask + std::size_t{1}) + ((key >> 1) & mask)];
  }

  std::string topic;
  std::int32_t partition;
  std::uint32_t mask;       // clusters - 1
  std::uint64_t clock = 0;  // Observe calls so far
  std::unique_ptr<Cluster[]> clusters;
  std::unique_ptr<IndexSlot[]> index;  // kBands regions of `clusters` slots
  VelocityDoorkeeper doorkeeper;       // keys of bodies no cluster knew: who gets one
};

namespace {

// The slot an admitted body takes in its 4-way set (picked by `set_hash`):
// an unused or expired one first, else the one with the fewest recipients
// still counted; of equals, the least recently seen. Fewest recipients and
// not least recently used, so that a cluster on its way to the threshold
// is not displaced by new ones (they count one recipient).
std::uint32_t Victim(const VelocityTracker::Table& table, std::uint64_t set_hash,
                     std::int64_t epoch) {
  const std::uint32_t set =
      static_cast<std::uint32_t>(set_hash) & table.mask & ~std::uint32_t{kVictimCandidates - 1};
  std::uint32_t victim = set;
  int victim_bits = LiveRecipientBits(table.clusters[set], epoch);
  for (std::uint32_t i = set + 1; i < set + kVictimCandidates; ++i) {
    const int bits = LiveRecipientBits(table.clusters[i], epoch);
    if (bits < victim_bits ||
        (bits == victim_bits && table.clusters[i].last_used < table.clusters[victim].last_used)) {
      victim = i;
      victim_bits = bits;
    }
  }
  return victim;
}

}  // namespace

VelocityTracker::VelocityTracker(VelocitySettings settings) : settings_(Clamped(settings)) {}
VelocityTracker::~VelocityTracker() = default;

VelocityTracker::Table& VelocityTracker::TableFor(std::string_view topic, std::int32_t partition) {
  const auto is = [&](const Table& t) { return t.partition == partition && t.topic == topic; };
  if (last_ < tables_.size() && is(*tables_[last_])) return *tables_[last_];
  for (std::size_t i = 0; i < tables_.size(); ++i) {
    if (is(*tables_[i])) {
      last_ = i;
      return *tables_[i];
    }
  }
  tables_.push_back(std::make_unique<Table>(topic, partition, settings_.clusters));
  last_ = tables_.size() - 1;
  return *tables_.back();
}

VelocityObservation VelocityTracker::Observe(std::string_view topic, std::int32_t partition,
                                             std::uint64_t sender, std::uint64_t recipient,
                                             std::int64_t time_seconds,
                                             const BodySignature& signature) {
  Table& table = TableFor(topic, partition);
  const std::uint64_t now = ++table.clock;

  // The index keys: each band of two bins hashed with the sender, so one
  // sender's clusters never answer for another's.
  std::array<std::uint64_t, kBands> keys;
  std::uint64_t digest = 0;
  for (int b = 0; b < kBands; ++b) {
    const std::uint64_t band =
        (std::uint64_t{signature.bins[2 * b]} << 32) | signature.bins[2 * b + 1];
    const std::uint64_t band_hash =
        SplitMix64(band + kBandSalt * static_cast<std::uint64_t>(b + 1));
    keys[b] = SplitMix64(sender ^ band_hash) | 1;
    digest ^= band_hash;
  }

  // The sender's cluster whose representative agrees on the most bins.
  std::uint32_t best = 0;
  int best_matches = settings_.min_matching_bins - 1;
  for (int b = 0; b < kBands; ++b) {
    const IndexSlot& slot = table.Slot(b, keys[b]);
    if (slot.key != keys[b]) continue;
    const Cluster& candidate = table.clusters[slot.cluster];
    if (candidate.last_used == 0 || candidate.sender != sender) continue;
    const int matches = signature.Matches(candidate.representative);
    if (matches > best_matches) {
      best_matches = matches;
      best = slot.cluster;
    }
  }

  const std::int64_t epoch = FloorDiv(time_seconds, settings_.window_seconds / 2);
  table.doorkeeper.Advance(epoch);
  // Mixed once more: a recipient "hash" with structure in its low bits
  // (sequential ids, a hash multiplied up) must not pile onto a few bits.
  const unsigned bit =
      static_cast<unsigned>(SplitMix64(recipient ^ kRecipientSalt)) & (kBitmapBits - 1);
  if (best_matches < settings_.min_matching_bins) {
    // No cluster: the doorkeeper remembers this body's keys and tells
    // whether one of them was remembered before. If not, this is a first
    // sighting and ends here. (Admitted bodies are remembered too, so one
    // whose cluster is evicted later is admitted again on its next record.)
    const bool admitted = table.doorkeeper.Sight(keys);
    if (!admitted) {
      VelocityObservation first;
      first.recipients = 1;
      first.fired = first.recipients >= settings_.recipients;
      return first;
    }
    best = Victim(table, SplitMix64(sender ^ digest ^ kVictimSalt), epoch);
    Cluster& fresh = table.clusters[best];
    fresh.representative = signature;
    fresh.sender = sender;
    fresh.epoch = epoch;
    fresh.current = {};
    fresh.previous = {};
  }
  Cluster& cluster = table.clusters[best];
  cluster.last_used = now;
  if (epoch == cluster.epoch) {
    SetBit(cluster.current, bit);
  } else if (epoch > cluster.epoch) {  // a later half: the current one becomes the previous
    cluster.previous = epoch - 1 == cluster.epoch ? cluster.current : Bitmap{};
    cluster.current = {};
    SetBit(cluster.current, bit);
    cluster.epoch = epoch;
  } else if (epoch + 1 == cluster.epoch) {  // late, but within the previous half
    SetBit(cluster.previous, bit);
  }  // else older than the count covers: ignored

  // Point every band of this record at its cluster: a new cluster gets
  // indexed, and an active one stays findable however many new clusters
  // overwrite its slots in between, and also through its variants' bands.
  // Except a slot of another cluster that counts more recipients: as in
  // eviction, a cluster on its way to the threshold must not become
  // unfindable because new ones took its slots (the new one is indexed by
  // its other bands, and by this one again once it counts as many).
  const int bits = LiveRecipientBits(cluster, epoch);
  for (int b = 0; b < kBands; ++b) {
    IndexSlot& slot = table.Slot(b, keys[b]);
    if (slot.key != keys[b] && slot.key != 0 && slot.cluster != best &&
        LiveRecipientBits(table.clusters[slot.cluster], epoch) > bits) {
      continue;
    }
    slot.key = keys[b];
    slot.cluster = best;
  }

  VelocityObservation observation;
  observation.counted = true;
  observation.recipients = EstimateRecipients(cluster);
  observation.fired = observation.recipients >= settings_.recipients;
  return observation;
}

void VelocityTracker::Forget(std::string_view topic, std::int32_t partition) {
  for (std::size_t i = 0; i < tables_.size(); ++i) {
    if (tables_[i]->partition == partition && tables_[i]->topic == topic) {
      tables_.erase(tables_.begin() + static_cast<std::ptrdiff_t>(i));
      last_ = 0;
      return;
    }
  }
}

void VelocityTracker::ForgetAll() {
  tables_.clear();
  last_ = 0;
}

std::size_t VelocityTracker::memory_bytes() const {
  if (tables_.empty()) return 0;
  const std::size_t per_table =
      std::size_t{settings_.clusters} * (sizeof(Cluster) + kBands * sizeof(IndexSlot)) +
      tables_.front()->doorkeeper.memory_bytes();
  return tables_.size() * per_table;
}

}  // namespace scrubline
