// JsonTree: one decoded JSON record as a flat, pre-order array of nodes.
//
// Flat on purpose: decoding appends to one reused vector (no allocation per
// record once warm), and a subtree is the contiguous range [i, nodes[i].end).
// Children of an object/array node i are found by starting at i+1 and hopping
// to each child's `end`.
//
// Ownership: every string_view points into the JsonDecoder that filled the
// tree (its padded copy of the input and simdjson's string buffer). They are
// valid until that decoder's next Decode(). Movable, copyable (views only).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace scrubline {

enum class JsonKind : std::uint8_t { kNull, kBool, kNumber, kString, kObject, kArray };

struct JsonNode {
  JsonKind kind;
  std::uint32_t end;      // index one past the last node of this subtree
  std::string_view key;   // member name, unescaped (empty for array items and the root)
  std::string_view text;  // kString: unescaped value; kNumber/kBool/kNull: the raw JSON token
};

struct JsonTree {
  std::vector<JsonNode> nodes;  // nodes[0] is the root

  void Clear() { nodes.clear(); }
  const JsonNode& root() const { return nodes.front(); }
  // Index of the first child of `parent` (== nodes[parent].end when it has none).
  static std::uint32_t FirstChild(std::uint32_t parent) { return parent + 1; }
  std::uint32_t NextSibling(std::uint32_t child) const { return nodes[child].end; }
};

}  // namespace scrubline
