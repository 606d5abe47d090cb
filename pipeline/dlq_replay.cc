#include "pipeline/dlq_replay.h"

#include <charconv>
#include <map>
#include <optional>
#include <vector>

#include "classifiers/crypto/siv_cipher.h"
#include "pipeline/kafka/kafka_sink.h"
#include "pipeline/transform.h"

namespace scrubline {
namespace {

std::optional<std::string_view> HeaderOf(const ReadRecord& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

template <typename Int>
bool ParseDecimal(std::string_view text, Int& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

StatusOr<DlqReplayReport> ReplayDeadLetters(const DlqReplayOptions& options, const KeyRing& keys) {
  auto reader = TopicReader::Create(options.client, options.dead_letter_topic, options.timeout_ms,
                                    options.from);
  if (!reader.ok()) return reader.status();

  std::uint64_t delivered = 0;
  Status delivery_error;
  std::unique_ptr<KafkaSink> sink;
  if (!options.dry_run) {
    KafkaSinkOptions sink_options;
    sink_options.client = options.client;
    auto created = KafkaSink::Create(sink_options, [&](std::uint64_t, const Status& result) {
      if (result.ok()) {
        ++delivered;
      } else if (delivery_error.ok()) {
        delivery_error = result;
      }
    });
    if (!created.ok()) return created.status();
    sink = std::move(*created);
  }

  DlqReplayReport report;
  std::string associated_data, payload, count_text, source;
  std::vector<OutboundHeader> headers;
  std::map<std::string, SivCipher, std::less<>> ciphers;
  const Status read = (*reader)->CatchUpRecords(
      [&](const ReadRecord& r) -> Status {
        ++report.read;
        const auto kind = HeaderOf(r, "scrubline.kind");
        const auto topic = HeaderOf(r, "scrubline.src.topic");
        const auto partition_text = HeaderOf(r, "scrubline.src.partition");
        const auto offset_text = HeaderOf(r, "scrubline.src.offset");
        const auto key_id = HeaderOf(r, "scrubline.key.id");
        std::int32_t partition = 0;
        std::int64_t offset = 0;
        const Key* key = key_id ? keys.Find(*key_id) : nullptr;
        if (kind != "dead_letter" || !topic || topic->empty() || !partition_text ||
            !ParseDecimal(*partition_text, partition) || !offset_text ||
            !ParseDecimal(*offset_text, offset) || key == nullptr || !r.value ||
            r.value->empty()) {
          ++report.unreadable;
          return Status::Ok();
        }
        int count = 0;
        if (const auto c = HeaderOf(r, kHeaderReplayCount); c && !ParseDecimal(*c, count)) count = 0;
        if (count >= options.max_replays) {
          ++report.over_limit;
          return Status::Ok();
        }
        // One cipher per key of the ring, made when a dead letter first
        // names it (not per record).
        auto cached = ciphers.find(key->id);
        if (cached == ciphers.end()) {
          auto cipher = SivCipher::Create(key->Subkey(KeyPurpose::kDeadLetter));
          if (!cipher.ok()) return cipher.status();
          cached = ciphers.emplace(key->id, std::move(*cipher)).first;
        }
        BuildDeadLetterAssociatedData(*topic, partition, offset, associated_data);
        payload.clear();
        if (!cached->second.Decrypt(*r.value, associated_data, payload).ok()) {
          ++report.unreadable;  // tampered or moved: never replayed
          return Status::Ok();
        }
        if (options.dry_run) {
          ++report.replayed;
          return Status::Ok();
        }
        count_text = std::to_string(count + 1);
        source = options.dead_letter_topic + "/" + std::to_string(r.partition) + "/" +
                 std::to_string(r.offset);
        headers = {{kHeaderReplayCount, count_text}, {kHeaderReplaySource, source}};
        SCRUBLINE_RETURN_IF_ERROR(
            sink->Produce({*topic, /*has_key=*/false, {}, payload, headers, report.read}));
        ++report.replayed;
        sink->Poll(0);
        return Status::Ok();
      },
      options.timeout_ms);
  if (sink != nullptr) {
    const Status flushed = sink->Flush(options.timeout_ms);
    SCRUBLINE_RETURN_IF_ERROR(read);
    SCRUBLINE_RETURN_IF_ERROR(flushed);
    SCRUBLINE_RETURN_IF_ERROR(delivery_error);
    if (delivered != report.replayed) {
      return UnavailableError("dlq replay: " + std::to_string(report.replayed - delivered) +
                              " replayed records not delivered");
    }
  }
  SCRUBLINE_RETURN_IF_ERROR(read);
  return report;
}

}  // namespace scrubline
