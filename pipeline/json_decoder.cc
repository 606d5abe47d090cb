#include "pipeline/json_decoder.h"

#include <cstring>
#include <string>

#include <simdjson.h>

namespace scrubline {
namespace {

namespace od = simdjson::ondemand;

// Trailing whitespace can be part of simdjson's raw token view.
std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&]() {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

}  // namespace

struct JsonDecoder::Impl {
  DecodeLimits limits;
  od::parser parser;
  simdjson::dom::parser dom_parser;
  std::unique_ptr<char[]> buffer;
  std::size_t buffer_capacity = 0;  // usable bytes (padding excluded)
  std::size_t parser_capacity = 0;
  JsonTree* tree = nullptr;
  std::optional<DecodeError> error;

  void Fail(ErrorCode code, std::string reason) {
    if (!error) error = DecodeError{code, std::move(reason)};
  }

  void FailSimdjson(simdjson::error_code e, const char* where) {
    switch (e) {
      case simdjson::UTF8_ERROR:
        Fail(ErrorCode::kInvalidUtf8, "record is not valid UTF-8");
        return;
      case simdjson::DEPTH_ERROR:
        Fail(ErrorCode::kTooDeep,
             "record nests deeper than limits.max_depth=" + std::to_string(limits.max_depth));
        return;
      default:
        Fail(ErrorCode::kInvalidJson, std::string("invalid JSON ") + where + ": " +
                                          simdjson::error_message(e));
    }
  }

  // Appends `value` (and its subtree) as a node. Returns false after an error.
  bool Walk(od::value value, std::string_view key, std::uint32_t depth) {
    if (depth > limits.max_depth) {
      Fail(ErrorCode::kTooDeep,
           "record nests deeper than limits.max_depth=" + std::to_string(limits.max_depth));
      return false;
    }
    if (tree->nodes.size() >= limits.max_fields) {
      Fail(ErrorCode::kTooManyFields,
           "record has more than limits.max_fields=" + std::to_string(limits.max_fields) +
               " values");
      return false;
    }
    od::json_type type;
    if (auto e = value.type().get(type)) {
      FailSimdjson(e, "value");
      return false;
    }
    const auto index = static_cast<std::uint32_t>(tree->nodes.size());
    tree->nodes.push_back(JsonNode{JsonKind::kNull, index + 1, key, {}});
    switch (type) {
      case od::json_type::object: {
        tree->nodes[index].kind = JsonKind::kObject;
        od::object object;
        if (auto e = value.get_object().get(object)) {
          FailSimdjson(e, "object");
          return false;
        }
        for (auto field_result : object) {
          od::field field;
          if (auto e = std::move(field_result).get(field)) {
            FailSimdjson(e, "object member");
            return false;
          }
          std::string_view name;
          if (auto e = field.unescaped_key().get(name)) {
            FailSimdjson(e, "member name");
            return false;
          }
          if (!Walk(field.value(), name, depth + 1)) return false;
        }
        break;
      }
      case od::json_type::array: {
        tree->nodes[index].kind = JsonKind::kArray;
        od::array array;
        if (auto e = value.get_array().get(array)) {
          FailSimdjson(e, "array");
          return false;
        }
        for (auto item_result : array) {
          od::value item;
          if (auto e = std::move(item_result).get(item)) {
            FailSimdjson(e, "array item");
            return false;
          }
          if (!Walk(item, {}, depth + 1)) return false;
        }
        break;
      }
      case od::json_type::string: {
        tree->nodes[index].kind = JsonKind::kString;
        std::string_view text;
        if (auto e = value.get_string().get(text)) {
          FailSimdjson(e, "string");
          return false;
        }
        tree->nodes[index].text = text;
        break;
      }
      case od::json_type::number: {
        tree->nodes[index].kind = JsonKind::kNumber;
        // The raw token keeps the number exactly as written (no double round
        // trip); get_number() then validates its syntax.
        tree->nodes[index].text = TrimRight(value.raw_json_token());
        // simdjson 3.0.1 rejects integers beyond 64 bits, which are valid
        // JSON; check the grammar on the raw token ourselves instead.
        if (!IsJsonNumber(tree->nodes[index].text)) {
          Fail(ErrorCode::kInvalidJson, "invalid JSON number");
          return false;
        }
        break;
      }
      case od::json_type::boolean: {
        tree->nodes[index].kind = JsonKind::kBool;
        tree->nodes[index].text = TrimRight(value.raw_json_token());
        bool b;
        if (auto e = value.get_bool().get(b)) {
          FailSimdjson(e, "boolean");
          return false;
        }
        break;
      }
      case od::json_type::null: {
        tree->nodes[index].kind = JsonKind::kNull;
        tree->nodes[index].text = "null";
        bool is_null = false;
        if (auto e = value.is_null().get(is_null); e || !is_null) {
          FailSimdjson(e ? e : simdjson::INCORRECT_TYPE, "null");
          return false;
        }
        break;
      }
    }
    tree->nodes[index].end = static_cast<std::uint32_t>(tree->nodes.size());
    return true;
  }
};

JsonDecoder::JsonDecoder(DecodeLimits limits) : impl_(std::make_unique<Impl>()) {
  impl_->limits = limits;
}

JsonDecoder::~JsonDecoder() = default;

std::optional<DecodeError> JsonDecoder::Decode(std::string_view bytes, JsonTree& tree) {
  Impl& m = *impl_;
  tree.Clear();
  m.tree = &tree;
  m.error.reset();
  if (bytes.empty()) {
    return DecodeError{ErrorCode::kEmptyRecord, "record is empty"};
  }
  if (bytes.size() > m.limits.max_record_bytes) {
    return DecodeError{ErrorCode::kTooLarge,
                       "record has " + std::to_string(bytes.size()) +
                           " bytes, above limits.max_record_bytes=" +
                           std::to_string(m.limits.max_record_bytes)};
  }
  // Grow the padded copy geometrically; never shrink (no per-record allocation).
  if (bytes.size() > m.buffer_capacity) {
    std::size_t capacity = m.buffer_capacity == 0 ? 4096 : m.buffer_capacity;
    while (capacity < bytes.size()) capacity *= 2;
    m.buffer = std::make_unique<char[]>(capacity + simdjson::SIMDJSON_PADDING);
    m.buffer_capacity = capacity;
  }
  std::memcpy(m.buffer.get(), bytes.data(), bytes.size());
  std::memset(m.buffer.get() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
  if (m.buffer_capacity > m.parser_capacity) {
    // +1: let simdjson see one level past our limit so Walk reports it as ours.
    if (auto e = m.parser.allocate(m.buffer_capacity, m.limits.max_depth + 1)) {
      return DecodeError{ErrorCode::kTooLarge,
                         std::string("cannot allocate parser: ") + simdjson::error_message(e)};
    }
    m.parser_capacity = m.buffer_capacity;
  }

  od::document doc;
  if (auto e = m.parser.iterate(m.buffer.get(), bytes.size(), m.buffer_capacity +
                                                                  simdjson::SIMDJSON_PADDING)
                   .get(doc)) {
    m.FailSimdjson(e, "document");
    return m.error;
  }
  od::json_type type;
  if (auto e = doc.type().get(type)) {
    m.FailSimdjson(e, "document");
    return m.error;
  }
  if (type != od::json_type::object) {
    // On-Demand types a document by its first byte; a full (runtime-dispatched)
    // DOM parse tells "not JSON" from "JSON but not an object". Error path only.
    simdjson::dom::element element;
    if (auto e = m.dom_parser.parse(m.buffer.get(), bytes.size(), false).get(element)) {
      m.FailSimdjson(e, "document");
      return m.error;
    }
    return DecodeError{ErrorCode::kNotAnObject, "record is JSON but not an object"};
  }
  od::value root;
  if (auto e = doc.get_value().get(root)) {
    m.FailSimdjson(e, "document");
    return m.error;
  }
  if (!m.Walk(root, {}, 1)) return m.error;
  // In bounds after the root object means trailing content (simdjson 3.0.1
  // has no document::at_end()).
  const char* trailing = nullptr;
  if (!doc.current_location().get(trailing)) {
    return DecodeError{ErrorCode::kInvalidJson, "invalid JSON: content after the object"};
  }
  return std::nullopt;
}

}  // namespace scrubline
