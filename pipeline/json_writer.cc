#include "pipeline/json_writer.h"

#include <cassert>
#include <charconv>

namespace scrubline {

void AppendJsonEscaped(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, 6);
      }
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (need_comma_[depth_]) out_ += ',';
  need_comma_[depth_] = true;
}

void JsonWriter::Open(char c) {
  BeforeValue();
  out_ += c;
  assert(depth_ < kMaxDepth);
  ++depth_;
  need_comma_[depth_] = false;
}

void JsonWriter::Close(char c) {
  assert(depth_ > 0 && !after_key_);
  --depth_;
  out_ += c;
}

void JsonWriter::Key(std::string_view name) {
  assert(!after_key_);
  if (need_comma_[depth_]) out_ += ',';
  need_comma_[depth_] = true;
  out_ += '"';
  AppendJsonEscaped(name, out_);
  out_ += "\":";
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_ += '"';
  AppendJsonEscaped(value, out_);
  out_ += '"';
}

void JsonWriter::Raw(std::string_view token) {
  BeforeValue();
  out_.append(token);
}

void JsonWriter::Int(std::int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  Raw(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

void WriteTree(const JsonTree& tree, std::uint32_t node, JsonWriter& w) {
  const JsonNode& n = tree.nodes[node];
  switch (n.kind) {
    case JsonKind::kString: w.String(n.text); return;
    case JsonKind::kNumber:
    case JsonKind::kBool:
    case JsonKind::kNull: w.Raw(n.text); return;
    case JsonKind::kObject:
    case JsonKind::kArray: {
      const bool object = n.kind == JsonKind::kObject;
      object ? w.BeginObject() : w.BeginArray();
      for (std::uint32_t c = JsonTree::FirstChild(node); c < n.end; c = tree.NextSibling(c)) {
        if (object) w.Key(tree.nodes[c].key);
        WriteTree(tree, c, w);
      }
      object ? w.EndObject() : w.EndArray();
    }
  }
}

}  // namespace scrubline
