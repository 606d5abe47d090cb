// JsonDecoder: untrusted record bytes -> JsonTree, with limits.
//
// Uses simdjson's On-Demand parser (validates UTF-8 and structure; ~GB/s).
// Errors are values: a DecodeError names a closed ErrorCode and a reason that
// says where and why (byte counts, depths, simdjson's error name) and never
// quotes the input, because it ends up in dead-letter headers and logs.
//
// Cost: one memcpy of the input into a reused padded buffer (simdjson reads
// up to 64 bytes past the end); no allocation per record once the buffers
// have grown to the largest record seen.
// NOT thread-safe: one decoder per thread. Not copyable (owns the parser).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "classifiers/base/vocabulary.h"
#include "pipeline/json_tree.h"

namespace scrubline {

struct DecodeLimits {
  std::uint64_t max_record_bytes = 1 << 20;
  std::uint32_t max_depth = 64;
  std::uint32_t max_fields = 10000;
};

struct DecodeError {
  ErrorCode code;
  std::string reason;
};

class JsonDecoder {
 public:
  explicit JsonDecoder(DecodeLimits limits);
  ~JsonDecoder();
  JsonDecoder(const JsonDecoder&) = delete;
  JsonDecoder& operator=(const JsonDecoder&) = delete;

  // Decodes one record that must be a JSON object. On success fills `tree`
  // (cleared first) and returns nullopt. Views stay valid until the next call.
  std::optional<DecodeError> Decode(std::string_view bytes, JsonTree& tree);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrubline
