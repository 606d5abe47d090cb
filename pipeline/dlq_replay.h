// Dead-letter replay (`scrubline dlq replay`): after a policy or catalog fix,
// the dead letters of a range go back to their source topics to be
// processed again.
//
// Reads topics.dead_letter outside any consumer group, from an offset or a
// time up to its end when the replay starts. Each dead letter's payload is
// decrypted with the dead-letter subkey of the key it names
// (scrubline.key.id) and its own coordinates as associated data, then
// produced to its source topic (scrubline.src.topic; the partitioner
// chooses the partition, the record has no key) with headers
// scrubline.replay.count (one more than the dead letter carried: the worker
// copies an input's count onto the dead letter it makes of it) and
// scrubline.replay.source (the dead letter's topic/partition/offset). A dead
// letter already replayed `max_replays` times is not replayed again: a
// record that can never pass stops circulating. Payloads are never printed
// or logged; a dead letter that cannot be decrypted (its key left the ring,
// it was tampered with, or it was discarded at the time) is counted and
// skipped.
#pragma once

#include <cstdint>
#include <string>

#include "classifiers/base/status.h"
#include "classifiers/crypto/key_ring.h"
#include "pipeline/kafka/kafka_options.h"
#include "pipeline/kafka/topic_reader.h"

namespace scrubline {

inline constexpr char kHeaderReplayCount[] = "scrubline.replay.count";
inline constexpr char kHeaderReplaySource[] = "scrubline.replay.source";

struct DlqReplayOptions {
  KafkaClientOptions client;
  std::string dead_letter_topic;
  ReadFrom from;
  int max_replays = 3;
  bool dry_run = false;  // count what would be replayed, produce nothing
  int timeout_ms = 60000;
};

struct DlqReplayReport {
  std::uint64_t read = 0;         // records read from the dead-letter topic
  std::uint64_t replayed = 0;     // produced to their source topic (delivered)
  std::uint64_t over_limit = 0;   // already replayed max_replays times
  std::uint64_t unreadable = 0;   // not a dead letter, or its payload does not decrypt
};

// Replays the dead letters of the range; the report counts each kind. An
// error: the topic cannot be read, or a replayed record was not delivered.
StatusOr<DlqReplayReport> ReplayDeadLetters(const DlqReplayOptions& options, const KeyRing& keys);

}  // namespace scrubline
