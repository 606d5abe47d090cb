// JsonWriter: compact, deterministic JSON text appended to a caller's buffer.
//
// Strings are escaped minimally and always the same way ('"', '\\', control
// characters; everything else is copied as UTF-8), so equal inputs give equal
// bytes. Numbers, booleans and null are written from their raw tokens.
// The writer only tracks commas; nesting correctness is the caller's (checked
// by assertions in debug builds). Cheap to construct; holds a reference to
// the output string, which must outlive it. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/json_tree.h"

namespace scrubline {

// Appends `text` escaped as the inside of a JSON string (no quotes).
void AppendJsonEscaped(std::string_view text, std::string& out);

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // An object member name; the next call writes its value.
  void Key(std::string_view name);
  void String(std::string_view value);
  // A raw JSON token (number, true, false, null) written as is.
  void Raw(std::string_view token);
  void Null() { Raw("null"); }
  void Int(std::int64_t value);

  std::string& out() { return out_; }

 private:
  static constexpr int kMaxDepth = 256;
  void BeforeValue();
  void Open(char c);
  void Close(char c);

  std::string& out_;
  int depth_ = 0;
  bool need_comma_[kMaxDepth + 1] = {};
  bool after_key_ = false;
};

// Writes the subtree at `node` of `tree` verbatim (the `keep` action; also
// the benchmark's parse + serialise baseline). The caller writes the key.
void WriteTree(const JsonTree& tree, std::uint32_t node, JsonWriter& w);

}  // namespace scrubline
