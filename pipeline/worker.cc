#include "pipeline/worker.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "pipeline/kafka/topic_reader.h"
#include "pipeline/dlq_replay.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/kafka/kafka_source.h"
#include "pipeline/kafka/offset_tracker.h"
#include "pipeline/log.h"
#include "pipeline/parallel_transformer.h"

namespace scrubline {
namespace {

std::atomic<std::uint64_t> g_in_flight{0};

// Output buffers up to this size stay allocated from batch to batch (no
// allocation per record); larger ones are freed once produced.
constexpr std::size_t kKeepOutputBytes = 64 * 1024;


KafkaClientOptions ClientOptions(const Config& config) {
  return KafkaClientOptions{config.bootstrap, config.kafka_properties};
}

// A replayed input (scrubline dlq replay) that fails again passes its replay
// count on to its new dead letter, so replays stop at the limit. Input
// headers are read only for dead letters.
void CarryReplayCount(KafkaSource& source, std::size_t index,
                      std::vector<ConsumedHeader>& input_headers, OutputBatch& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    Output& out = outputs[i];
    if (out.kind != OutputKind::kDeadLetter) continue;
    if (!source.ReadHeaders(index, input_headers).ok()) return;
    for (const ConsumedHeader& h : input_headers) {
      if (h.name == kHeaderReplayCount) out.AddHeader(kHeaderReplayCount, h.value);
    }
  }
}

constexpr int kTxnTimeoutMs = 30000;
constexpr int kTxnAttempts = 10;  // for calls that fail with a retriable error

std::string TransactionalId(const Config& config) {
  if (!config.delivery_transactional_id.empty()) return config.delivery_transactional_id;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  return "scrubline-" + config.group_id + "-" + host;
}

// The batch's offsets go into its open transaction, which then commits: its
// outputs and the input positions after it become visible together. When
// `must_abort` (not all of its outputs were produced) it never commits. On an
// abortable error the transaction is aborted and every partition of the
// batch is rewound to its first offset in it, so the next polls read it
// again (tracker and velocity state of those partitions is dropped with
// it: their records will be seen again). A fatal
// error (fenced by a newer instance with the same transactional id) is
// returned: the worker stops without committing anything more.
Status CommitBatchTransaction(const std::vector<ConsumedRecord>& batch, bool must_abort,
                              KafkaSource& source, KafkaSink& sink, OffsetTracker& tracker,
                              VelocityTracker* velocity, Stats& stats) {
  // Per partition: the first offset of the batch and the position after it.
  std::vector<TopicPartitionOffset> first;
  std::vector<TopicPartitionOffset> next;
  for (const ConsumedRecord& r : batch) {
    auto it = std::find_if(next.begin(), next.end(), [&](const TopicPartitionOffset& p) {
      return p.partition == r.partition && p.topic == r.topic;
    });
    if (it == next.end()) {
      first.push_back({std::string(r.topic), r.partition, r.offset});
      next.push_back({std::string(r.topic), r.partition, r.offset + 1});
    } else {
      it->offset = std::max(it->offset, r.offset + 1);
    }
  }
  TxnResult result;
  if (must_abort) {
    result = {UnavailableError("not every output of the batch could be produced"),
              TxnAction::kAbort};
  }
  for (int attempt = 0; !must_abort && attempt < kTxnAttempts; ++attempt) {
    result = sink.SendOffsetsToTransaction(next, source, kTxnTimeoutMs);
    if (result.action != TxnAction::kRetry) break;
  }
  if (result.ok()) {
    for (int attempt = 0; attempt < kTxnAttempts; ++attempt) {
      result = sink.CommitTransaction(kTxnTimeoutMs);
      if (result.action != TxnAction::kRetry) break;
    }
  }
  if (result.ok()) {
    Stats::Add(stats.transactions_committed);
    return Status::Ok();
  }
  if (result.action != TxnAction::kAbort) return result.status;
  LogWarning("aborting the batch's transaction and reading it again: " +
             result.status.ToString());
  if (TxnResult aborted = sink.AbortTransaction(kTxnTimeoutMs); !aborted.ok()) {
    return aborted.status;
  }
  Stats::Add(stats.transactions_aborted);
  for (const TopicPartitionOffset& p : first) {
    tracker.Forget(p.topic, p.partition);
    if (velocity != nullptr) velocity->Forget(p.topic, p.partition);
  }
  return source.Seek(first, kTxnTimeoutMs);
}

}  // namespace

std::int64_t KafkaClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double WorkerInFlight() { return static_cast<double>(g_in_flight.load()); }

Status RunWorker(const WorkerOptions& options) {
  const Config& config = options.config;
  Stats& stats = *options.stats;
  OffsetTracker tracker;
  // Readiness goes to options.health when given, else nowhere.
  WorkerHealth unused_health;
  WorkerHealth& health = options.health != nullptr ? *options.health : unused_health;
  struct NotRunningOnExit {
    WorkerHealth& health;
    ~NotRunningOnExit() { health.SetRunning(false); }
  } not_running_on_exit{health};

  // The opt-out topic is read to its end before a single input partition is
  // consumed (the input subscription comes after), then followed between
  // batches. The table starts from the pipeline's opt-out file, if any.
  std::unique_ptr<TopicReader> opt_out_reader;
  OptOutTable live_opt_outs;
  const TopicReader::Apply apply_opt_out =
      [&](std::string_view key, std::optional<std::string_view> value) {
        if (Status st = live_opt_outs.ApplyRecord(key, value); !st.ok()) {
          // A malformed record names its problem (never a value) and is skipped.
          LogWarning("opt-out record skipped: " + st.ToString());
        } else {
          Stats::Add(stats.opt_out_updates);
        }
        return Status::Ok();
      };
  if (config.opt_outs_read_topic != "false") {
    if (config.opt_outs_read_topic != "true") {
      return InvalidArgumentError("opt_outs.read_topic must be true or false");
    }
    if (options.pipeline->opt_outs() != nullptr) live_opt_outs = *options.pipeline->opt_outs();
    auto reader = TopicReader::Create(ClientOptions(config), config.topics.opt_out, 10000);
    if (!reader.ok()) return reader.status();
    opt_out_reader = std::move(*reader);
    LogInfo("reading opt-out topic " + config.topics.opt_out + " to its end");
    health.SetOptOutsPending(true);
    SCRUBLINE_RETURN_IF_ERROR(opt_out_reader->CatchUp(apply_opt_out, 120000));
    health.SetOptOutsPending(false);
    LogInfo("opt-out topic read: " + std::to_string(opt_out_reader->records_read()) +
            " records, " + std::to_string(live_opt_outs.size()) + " subjects");
  }

  if (config.delivery_exactly_once != "true" && config.delivery_exactly_once != "false") {
    return InvalidArgumentError("delivery.exactly_once must be true or false");
  }
  const bool exactly_once = config.delivery_exactly_once == "true";

  KafkaSourceOptions source_options;
  source_options.client = ClientOptions(config);
  // Exactly-once: offsets commit only inside each batch's transaction.
  source_options.auto_commit = !exactly_once;
  source_options.group_id = config.group_id;
  source_options.topics = config.input_topics;
  source_options.pattern = config.input_pattern;
  // Partition-local velocity state (ARCHITECTURE, "Scaling out"): lives
  // across policy reloads, dropped with a revoked partition.
  std::unique_ptr<VelocityTracker> velocity = NewVelocityTracker(*options.pipeline);
  source_options.on_revoked = [&tracker, &health, &velocity](const std::vector<TopicPartition>& revoked) {
    // In-flight work of revoked partitions is abandoned without commit; the
    // new owner re-processes it (at-least-once), and counts its velocity.
    for (const auto& tp : revoked) {
      tracker.Forget(tp.topic, tp.partition);
      if (velocity) velocity->Forget(tp.topic, tp.partition);
    }
    health.AddAssignedPartitions(-static_cast<std::int64_t>(revoked.size()));
    LogInfo("partitions revoked: " + std::to_string(revoked.size()));
  };
  source_options.on_assigned = [&health](const std::vector<TopicPartition>& assigned) {
    health.AddAssignedPartitions(static_cast<std::int64_t>(assigned.size()));
    LogInfo("partitions assigned: " + std::to_string(assigned.size()));
  };
  auto source = KafkaSource::Create(source_options);
  if (!source.ok()) return source.status();

  KafkaSinkOptions sink_options;
  sink_options.client = ClientOptions(config);
  if (exactly_once) {
    sink_options.client.properties["transactional.id"] = TransactionalId(config);
    LogInfo("exactly-once: transactional.id " + sink_options.client.properties["transactional.id"]);
  }
  sink_options.on_all_brokers_down = [&health] { health.SetProducerConnected(false); };
  auto sink = KafkaSink::Create(sink_options, [&](std::uint64_t token, const Status& result) {
    health.NoteProgress(WorkerHealth::NowMs());
    if (result.ok()) {
      health.SetProducerConnected(true);
      std::int64_t timestamp_ms = -1;
      if (tracker.Ack(token, &timestamp_ms) && timestamp_ms >= 0) {
        const std::int64_t latency_ms = std::max<std::int64_t>(0, KafkaClockMs() - timestamp_ms);
        stats.ObserveLatencyMs(static_cast<std::uint64_t>(latency_ms));
        if (options.on_input_delivered) options.on_input_delivered(latency_ms);
      }
    } else if (exactly_once) {
      // The open transaction is now abortable: its commit reports that,
      // and the batch is aborted and read again.
      LogWarning("delivery failed inside a transaction (it will be aborted): " + result.ToString());
    } else {
      Stats::Add(stats.delivery_failures);
      tracker.Fail(token);
      LogError("delivery failed: " + result.ToString());
    }
  });
  if (!sink.ok()) return sink.status();
  bool all_warm = true;
  for (const std::string* topic : {&config.topics.usage, &config.topics.content,
                                   &config.topics.dead_letter}) {
    if (auto st = (*sink)->WarmUp(*topic, 5000); !st.ok()) {
      all_warm = false;
      LogWarning("metadata for output topic " + *topic + " not ready: " + st.ToString());
    }
  }
  health.SetProducerConnected(all_warm);
  if (exactly_once) {
    // Registers the transactional id, fencing an older instance with the
    // same one. Retriable failures (coordinator not ready) are retried.
    TxnResult init;
    for (int attempt = 0; attempt < kTxnAttempts; ++attempt) {
      init = (*sink)->InitTransactions(kTxnTimeoutMs);
      if (init.action != TxnAction::kRetry) break;
      LogWarning("init transactions, retrying: " + init.status.ToString());
    }
    if (!init.ok()) return init.status;
  }
  // While the producer is not known to reach a broker, a metadata request
  // probes it every few seconds (short, so the loop barely waits).
  constexpr std::int64_t kProbeEveryMs = 3000;
  std::int64_t last_probe_ms = WorkerHealth::NowMs();

  // Records are transformed on `threads` threads per batch, then produced
  // here in batch order (parallel_transformer.h). A shadow policy runs on
  // this thread alone: its runner compares and samples record by record.
  const std::size_t threads = options.shadow ? 1 : ProcessingThreads(config.processing_threads);
  auto transformer = ParallelTransformer::Create(options.pipeline, &stats, threads);
  if (!transformer.ok()) return transformer.status();
  LogInfo("processing threads: " + std::to_string(threads));
  if (opt_out_reader) SCRUBLINE_RETURN_IF_ERROR((*transformer)->UseOptOuts(&live_opt_outs));
  if (options.shadow && opt_out_reader) {
    SCRUBLINE_RETURN_IF_ERROR(options.shadow->UseOptOuts(&live_opt_outs));
  }
  OutputBatch review;

  std::vector<ConsumedRecord> batch;
  std::vector<InputRecord> inputs;
  std::vector<OutputBatch> outputs_of;  // per record of the batch; buffers reused
  std::vector<OutboundHeader> headers;
  std::vector<ConsumedHeader> input_headers;
  std::vector<OffsetTracker::Committable> commits;
  Status fatal;

  auto store_committable = [&]() {
    commits.clear();
    tracker.TakeCommittable(commits);
    if (exactly_once) commits.clear();  // offsets went with the transactions
    for (const auto& c : commits) {
      if (auto st = (*source)->StoreOffset(c.topic, c.partition, c.next_offset); !st.ok()) {
        LogWarning("offset store failed: " + st.ToString());
      } else {
        Stats::Add(stats.offsets_committed);
      }
    }
    g_in_flight.store(tracker.in_flight());
  };

  LogInfo("worker started: group " + config.group_id);
  health.NoteProgress(WorkerHealth::NowMs());
  health.SetRunning(true);
  while (!options.stop->load()) {
    const std::int64_t now_ms = WorkerHealth::NowMs();
    health.SetInFlight(tracker.in_flight());
    if (!health.producer_connected() && now_ms - last_probe_ms >= kProbeEveryMs) {
      last_probe_ms = now_ms;
      if ((*sink)->WarmUp(config.topics.usage, 200).ok()) health.SetProducerConnected(true);
    }
    if (options.reload != nullptr && options.rebuild && options.reload->exchange(false)) {
      // Between batches: every output produced so far came from the old
      // pipeline, every later one comes from the new.
      auto rebuilt = options.rebuild();
      StatusOr<std::unique_ptr<ParallelTransformer>> next =
          rebuilt.ok() ? ParallelTransformer::Create(*rebuilt, &stats, threads)
                       : StatusOr<std::unique_ptr<ParallelTransformer>>(rebuilt.status());
      if (next.ok() && opt_out_reader) {
        if (Status st = (*next)->UseOptOuts(&live_opt_outs); !st.ok()) next = st;
      }
      if (next.ok() && options.shadow) {
        // Last, because it is the step that swaps: the runner replaces both
        // of its sides or neither.
        std::shared_ptr<const CompiledPipeline> candidate;
        if (options.rebuild_shadow) {
          auto built = options.rebuild_shadow();
          if (built.ok()) {
            candidate = std::move(*built);
          } else {
            next = Status(built.status().code(), "shadow policy: " + built.status().message());
          }
        }
        if (next.ok()) {
          const OptOutTable* opt_outs = opt_out_reader ? &live_opt_outs : nullptr;
          if (Status st = options.shadow->Replace(*rebuilt, candidate, opt_outs, &stats); !st.ok()) {
            next = st;
          }
        }
      }
      if (next.ok()) {
        transformer = std::move(next);
        // Velocity state survives a reload unless the signal's settings
        // changed (then its clusters no longer mean the same).
        std::unique_ptr<VelocityTracker> fresh = NewVelocityTracker(**rebuilt);
        if (!fresh || !velocity || fresh->settings() != velocity->settings()) {
          velocity = std::move(fresh);
        }
        Stats::Add(stats.policy_reloads);
        LogInfo("policies reloaded");
      } else {
        Stats::Add(stats.policy_reload_failures);
        LogError("policy reload refused, keeping the current policies: " +
                 next.status().ToString());
      }
    }
    if (opt_out_reader) {  // new opt-outs apply to every later record
      if (auto st = opt_out_reader->PollNew(apply_opt_out, 10000); !st.ok()) {
        fatal = st;
        break;
      }
    }
    if (tracker.failed_count() > 0) {
      fatal = UnavailableError("an output could not be delivered; stopping without committing it");
      break;
    }
    // Back-pressure: at the in-flight bound the input partitions are paused
    // (fetching stops, the member stays in its group because Poll is still
    // called) until half of it is delivered. librdkafka drops what it had
    // fetched for them and fetches again from the position on resume.
    const std::uint64_t in_flight = tracker.in_flight();
    const std::uint64_t in_flight_bytes = tracker.in_flight_bytes();
    if (!(*source)->paused() && (in_flight >= config.limits.max_in_flight_records ||
                                 in_flight_bytes >= config.limits.max_in_flight_bytes)) {
      if (auto st = (*source)->Pause(); !st.ok()) {
        fatal = st;
        break;
      }
      Stats::Add(stats.backpressure_pauses);
    } else if ((*source)->paused() && in_flight <= config.limits.max_in_flight_records / 2 &&
               in_flight_bytes <= config.limits.max_in_flight_bytes / 2) {
      if (auto st = (*source)->Resume(); !st.ok()) {
        fatal = st;
        break;
      }
    }
    if ((*source)->paused()) {
      (*sink)->Poll(50);  // wait for acknowledgements
      store_committable();
    }
    // Delivery reports are served only between polls: while outputs are in
    // flight, wait for input briefly so their reports (and the offsets they
    // release) are not held back by an idle input.
    const int poll_wait_ms = (*source)->paused() ? 0 : tracker.in_flight() > 0 ? 2 : 100;
    if (auto st = (*source)->Poll(poll_wait_ms, config.limits.batch_size, batch); !st.ok()) {
      fatal = st;
      break;
    }
    if (!batch.empty()) health.NoteProgress(WorkerHealth::NowMs());
    inputs.clear();
    for (const ConsumedRecord& record : batch) {
      inputs.push_back({record.topic, record.partition, record.offset, record.value, record.has_key,
                        record.key, record.timestamp_ms});
    }
    if (options.shadow) {
      if (outputs_of.size() < inputs.size()) outputs_of.resize(inputs.size());
    } else {
      (*transformer)->ProcessBatch(inputs, outputs_of, velocity.get());
      review.Clear();
    }
    bool batch_produce_failed = false;
    if (exactly_once && !batch.empty()) {
      if (TxnResult begun = (*sink)->BeginTransaction(); !begun.ok()) {
        fatal = begun.status;
        break;
      }
    }
    for (std::size_t index = 0; index < batch.size(); ++index) {
      const ConsumedRecord& record = batch[index];
      const InputRecord& in = inputs[index];
      OutputBatch& outputs = outputs_of[index];
      if (options.shadow) options.shadow->Process(in, outputs, review);
      CarryReplayCount(**source, index, input_headers, outputs);
      if (options.observer) options.observer(in, outputs);
      const std::uint64_t token =
          tracker.Begin(record.topic, record.partition, record.offset,
                        static_cast<int>(outputs.size() + review.size()), record.value.size(),
                        record.timestamp_ms);
      // The live outputs, then the shadow's review sample (if any).
      for (const OutputBatch* produced : {&outputs, &review}) {
        for (const Output& out : *produced) {
          headers.clear();
          for (const OutputHeader& h : out.headers()) headers.push_back({h.name, h.value});
          OutboundRecord outbound{out.topic, out.has_key, out.key, out.value, headers, token};
          if (auto st = (*sink)->Produce(outbound); !st.ok()) {
            if (exactly_once) {
              // Typically a failed delivery made the transaction abortable.
              // Stop producing; the batch's transaction is aborted (never
              // committed with part of the batch) and the batch read again.
              batch_produce_failed = true;
              LogWarning("produce refused inside a transaction (it will be aborted): " +
                         st.ToString());
            } else {
              fatal = st;
            }
            break;
          }
        }
        if (!fatal.ok() || batch_produce_failed) break;
      }
      if (!fatal.ok() || batch_produce_failed) break;
    }
    if (!fatal.ok()) break;
    if (exactly_once && !batch.empty()) {
      fatal = CommitBatchTransaction(batch, batch_produce_failed, **source, **sink, tracker,
                                     velocity.get(), stats);
      if (!fatal.ok()) break;
    }
    // librdkafka copied every value: a huge record's buffers need not wait
    // for the next batch that reaches its slot.
    for (std::size_t index = 0; index < batch.size(); ++index) {
      outputs_of[index].ReleaseLargeBuffers(kKeepOutputBytes);
    }
    (*sink)->Poll(0);
    store_committable();
  }

  // Drain: deliver what was produced, store what is complete, leave the group.
  const auto deadline_ms = static_cast<int>(config.limits.shutdown_deadline_ms);
  if (auto st = (*sink)->Flush(deadline_ms); !st.ok()) {
    LogWarning("flush incomplete at shutdown: " + st.ToString());
  }
  store_committable();
  if (auto st = (*source)->Close(); !st.ok()) LogWarning("close: " + st.ToString());
  LogInfo("worker stopped; in flight at stop: " + std::to_string(tracker.in_flight()));
  if (!fatal.ok()) LogError("worker stopped on an error: " + fatal.ToString());
  return fatal;
}

}  // namespace scrubline
