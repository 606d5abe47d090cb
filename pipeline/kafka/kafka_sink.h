// KafkaSink: the worker's output — an idempotent producer with delivery
// reports.
//
// Produce() copies the record into librdkafka's queue; when that queue is full
// it serves delivery reports and retries until `queue_full_timeout_ms`, then
// returns RESOURCE_EXHAUSTED (the caller pauses its input). Each record carries
// an opaque ack token that comes back exactly once through the delivery
// callback, with OK or the delivery error, from inside Poll()/Flush() on the
// calling thread.
//
// Not thread-safe: one thread produces and polls.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "classifiers/base/status.h"
#include "pipeline/kafka/kafka_options.h"
#include "pipeline/kafka/kafka_source.h"

namespace scrubline {

struct OutboundHeader {
  std::string_view name;
  std::string_view value;
};

struct OutboundRecord {
  std::string_view topic;
  bool has_key = false;
  std::string_view key;
  std::string_view value;
  std::span<const OutboundHeader> headers;
  std::uint64_t ack_token = 0;
};

// Defaults, overridable through client.properties: enable.idempotence=true,
// acks=all, linger.ms=5, compression.type=lz4 (none if librdkafka lacks lz4).
// What a failed transaction call asks of the caller (librdkafka's error
// flags): retry the same call, abort the transaction and rewind the input,
// or stop (fatal: fenced by a newer instance, or a broken state machine).
enum class TxnAction { kNone, kRetry, kAbort, kStop };

struct TxnResult {
  Status status;
  TxnAction action = TxnAction::kNone;
  bool ok() const { return status.ok(); }
};

struct KafkaSinkOptions {
  KafkaClientOptions client;
  int queue_full_timeout_ms = 30000;
  // Optional: called (inside Poll/Flush/Produce, like delivery reports) when
  // librdkafka reports that no broker is reachable. Informational: the
  // client keeps retrying by itself.
  std::function<void()> on_all_brokers_down = nullptr;
};

class KafkaSink {
 public:
  // Runs inside Poll()/Flush()/Produce() (Produce serves reports while the
  // queue is full). Must not throw (it is called through librdkafka's C code)
  // and must not call Produce/Flush re-entrantly.
  using DeliveryCallback = std::function<void(std::uint64_t ack_token, const Status& result)>;

  static StatusOr<std::unique_ptr<KafkaSink>> Create(const KafkaSinkOptions& options,
                                                     DeliveryCallback on_delivery);
  // Does not flush: records without a delivery report are dropped without
  // callback. Call Flush() first.
  ~KafkaSink();

  Status Produce(const OutboundRecord& record);
  // Serves delivery reports; returns how many were served.
  int Poll(int timeout_ms);
  // Waits until every produced record has a delivery report.
  Status Flush(int timeout_ms);
  // Fetches metadata for `topic` now, so the first produce does not stall.
  Status WarmUp(const std::string& topic, int timeout_ms);
  // Records still waiting for a delivery report.
  int OutstandingCount() const;
  // (low, high) watermark offsets of topic[partition], asked of the partition
  // leader through this producer's connections. Through a consumer the same
  // query would wait behind its fetch long-poll. Blocks up to `timeout_ms`;
  // call it from the producing thread (it serves no delivery reports).
  StatusOr<std::pair<std::int64_t, std::int64_t>> QueryWatermarks(const std::string& topic,
                                                                  std::int32_t partition,
                                                                  int timeout_ms);

  // --- Transactions (exactly-once), librdkafka's recipe. Needs the client
  // property transactional.id. Delivery reports still arrive per record;
  // a failed one makes the open transaction abortable.
  // Registers the transactional id with its coordinator (fencing any older
  // producer with the same id) once, before the first BeginTransaction.
  TxnResult InitTransactions(int timeout_ms);
  TxnResult BeginTransaction();
  // Adds the consumed positions (next offset per partition) of `source`'s
  // group to the open transaction: they commit with its outputs or not at all.
  TxnResult SendOffsetsToTransaction(const std::vector<TopicPartitionOffset>& positions,
                                     const KafkaSource& source, int timeout_ms);
  // Flushes, then commits the outputs and offsets atomically.
  TxnResult CommitTransaction(int timeout_ms);
  // Drops the open transaction's outputs (read_committed readers never see
  // them) and purges what is still queued.
  TxnResult AbortTransaction(int timeout_ms);

  struct Impl;

 private:
  explicit KafkaSink(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
