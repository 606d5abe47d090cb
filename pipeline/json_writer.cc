#include "pipeline/json_writer.h"

#include <cassert>
#include <charconv>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace scrubline {

namespace {

constexpr bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// The position of the first byte at or after `i` that must be escaped, or
// `n`. Values are mostly long runs with nothing to escape: SSE2 checks 16
// bytes per step.
std::size_t NextToEscape(const char* p, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1F);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, last_control), v);  // v <= 0x1F
    const __m128i special =
        _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < n && !NeedsEscape(static_cast<unsigned char>(p[i]))) ++i;
  return i;
}

}  // namespace

void AppendJsonEscaped(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char* p = text.data();
  const std::size_t n = text.size();
  std::size_t run_start = 0;
  for (std::size_t i = NextToEscape(p, 0, n); i < n; i = NextToEscape(p, i + 1, n)) {
    const auto c = static_cast<unsigned char>(p[i]);
    out.append(p + run_start, i - run_start);
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
  out.append(p + run_start, n - run_start);
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
