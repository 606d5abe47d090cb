// The `scan` ends: JSON-lines file in, one JSON line per produced record out.
//
// Input: every physical line (split on '\n') is one record, offsets counted
// from 0; a trailing '\r' is part of the line (and so invalid JSON). A final
// line without '\n' counts; the empty piece after a final '\n' does not.
// The input is partition 0 of `topic`.
//
// Output line, keys in this order (compact, deterministic):
//   {"topic":T,"partition":null,"key":K_or_null,"headers":{...},"value":OBJECT}
// or, for a value that is not JSON text (dead letters), "value_b64":"..."
// instead of "value". Not thread-safe; streams are the caller's.
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "classifiers/base/status.h"
#include "pipeline/shadow.h"
#include "pipeline/transform.h"

namespace scrubline {

// Appends one output as its scan line (with the trailing '\n').
void AppendScanLine(const Output& output, std::string& out);

struct ScanSummary {
  std::uint64_t records = 0;
  std::uint64_t outputs = 0;
  std::uint64_t dead_letters = 0;
};

// Reads all of `in`, transforms every line, writes the scan lines to `out`.
StatusOr<ScanSummary> ScanStream(std::istream& in, std::ostream& out, std::string_view topic,
                                 Transformer& transformer);

// The same with a shadow policy: live outputs as above, each followed by the
// review record the shadow runner made for it, if any.
StatusOr<ScanSummary> ScanStreamWithShadow(std::istream& in, std::ostream& out,
                                           std::string_view topic, ShadowRunner& shadow);

}  // namespace scrubline
