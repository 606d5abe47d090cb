#include "pipeline/opt_out_record.h"

#include <cstring>
#include <ctime>

#include <simdjson.h>

#include "pipeline/json_writer.h"

namespace scrubline {
namespace {

// {"reason":..,"at":..} nests one level: anything much deeper is malformed,
// and simdjson rejects it (DEPTH_ERROR) before we look at it.
constexpr std::size_t kMaxDepth = 4;

Status ValueError(std::string_view problem) {
  return InvalidArgumentError("opt-out value: " + std::string(problem));
}

// Parses exactly `width` ASCII digits at `text[pos]`; -1 if any is not one.
int Digits(std::string_view text, std::size_t pos, std::size_t width) {
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

StatusOr<OptOutReason> ParseOptOutValue(std::string_view value) {
  if (value.empty()) {
    return ValueError("empty (a tombstone must be a null value; with kcat use -Z)");
  }
  if (value.size() > kMaxOptOutValueBytes) {
    return ValueError(std::to_string(value.size()) + " bytes, more than the " +
                      std::to_string(kMaxOptOutValueBytes) + " allowed");
  }
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: parse a padded
  // copy. The parser keeps its buffers between calls, per thread, so the
  // table's bulk load from the topic allocates nothing per record.
  char buffer[kMaxOptOutValueBytes + simdjson::SIMDJSON_PADDING];
  thread_local simdjson::dom::parser parser;
  thread_local bool sized = false;
  if (!sized) {
    // The parser sizes its document (tape, strings) to the largest input it
    // has seen, growing on a longer one: size it once for the largest value
    // allowed with the public API, by parsing "{}" padded to that length.
    std::memset(buffer, ' ', kMaxOptOutValueBytes);
    std::memset(buffer + kMaxOptOutValueBytes, 0, simdjson::SIMDJSON_PADDING);
    buffer[0] = '{';
    buffer[1] = '}';
    if (parser.allocate(kMaxOptOutValueBytes, kMaxDepth) != simdjson::SUCCESS ||
        parser.parse(buffer, kMaxOptOutValueBytes, false).error() != simdjson::SUCCESS) {
      return InternalError("opt-out value: cannot allocate the JSON parser");
    }
    sized = true;
  }
  std::memcpy(buffer, value.data(), value.size());
  std::memset(buffer + value.size(), 0, simdjson::SIMDJSON_PADDING);

  simdjson::dom::element root;
  if (auto e = parser.parse(buffer, value.size(), false).get(root)) {
    return ValueError(std::string("invalid JSON: ") + simdjson::error_message(e));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return ValueError("not a JSON object");
  std::optional<OptOutReason> reason;
  bool has_at = false;
  for (const simdjson::dom::key_value_pair field : object) {
    const bool is_reason = field.key == "reason";
    if (!is_reason && field.key != "at") {
      return ValueError("unexpected member (only \"reason\" and \"at\" are allowed)");
    }
    if (is_reason ? reason.has_value() : has_at) {
      return ValueError(std::string("duplicate member \"") + (is_reason ? "reason" : "at") + "\"");
    }
    std::string_view text;
    if (field.value.get_string().get(text) != simdjson::SUCCESS) {
      return ValueError(std::string("\"") + (is_reason ? "reason" : "at") + "\" is not a string");
    }
    if (is_reason) {
      reason = ParseOptOutReason(text);
      if (!reason) return ValueError("\"reason\" is not one of opt_out, deletion, cpni_restrict");
    } else {
      if (!IsRfc3339DateTime(text)) {
        return ValueError("\"at\" is not an RFC 3339 date-time (e.g. 2026-11-01T10:00:00Z)");
      }
      has_at = true;
    }
  }
  if (!reason) return ValueError("missing member \"reason\"");
  if (!has_at) return ValueError("missing member \"at\"");
  return *reason;
}

void AppendOptOutValue(OptOutReason reason, std::string_view at, std::string& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("reason");
  w.String(OptOutReasonName(reason));
  w.Key("at");
  w.String(at);
  w.EndObject();
}

bool IsRfc3339DateTime(std::string_view text) {
  // full-date "T" partial-time: YYYY-MM-DDTHH:MM:SS is 19 characters.
  if (text.size() < 20) return false;
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day = Digits(text, 8, 2);
  const int hour = Digits(text, 11, 2);
  const int minute = Digits(text, 14, 2);
  const int second = Digits(text, 17, 2);
  if (year < 0 || text[4] != '-' || month < 1 || month > 12 || text[7] != '-' || day < 1 ||
      day > DaysInMonth(year, month) || (text[10] != 'T' && text[10] != 't') || hour < 0 ||
      hour > 23 || text[13] != ':' || minute < 0 || minute > 59 || text[16] != ':' || second < 0 ||
      second > 60) {
    return false;
  }
  std::size_t pos = 19;
  if (text[pos] == '.') {  // time-secfrac: '.' and at least one digit
    const std::size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return false;
  }
  const std::string_view offset = text.substr(pos);
  if (offset == "Z" || offset == "z") return true;
  if (offset.size() != 6 || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':') {
    return false;
  }
  const int offset_hour = Digits(offset, 1, 2);
  const int offset_minute = Digits(offset, 4, 2);
  return offset_hour >= 0 && offset_hour <= 23 && offset_minute >= 0 && offset_minute <= 59;
}

std::string Rfc3339UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  const std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(stamp, n);
}

}  // namespace scrubline
