// JsonDecoder and JsonWriter: limits, error codes, and exact round trips.
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/json_decoder.h"
#include "pipeline/json_writer.h"

namespace scrubline {
namespace {

std::string RoundTrip(JsonDecoder& d, std::string_view in) {
  JsonTree tree;
  auto error = d.Decode(in, tree);
  EXPECT_FALSE(error.has_value()) << (error ? error->reason : "");
  if (error) return {};
  std::string out;
  JsonWriter w(out);
  WriteTree(tree, 0, w);
  return out;
}

ErrorCode ErrorOf(JsonDecoder& d, std::string_view in) {
  JsonTree tree;
  auto error = d.Decode(in, tree);
  EXPECT_TRUE(error.has_value()) << in;
  return error ? error->code : ErrorCode::kTransformFailed;
}

TEST(JsonDecoder, KeepsNumbersExactlyAndUnescapesStrings) {
  JsonDecoder d({});
  EXPECT_EQ(RoundTrip(d, R"({"a" : 1.50, "b":-0.0075 ,"c":1e3,"d":123456789012345678901234})"),
            R"({"a":1.50,"b":-0.0075,"c":1e3,"d":123456789012345678901234})");
  EXPECT_EQ(RoundTrip(d, R"({"s":"\u00e9\n\"q\" \/ \ud83d\ude00","t":true,"n":null})"),
            "{\"s\":\"\xC3\xA9\\n\\\"q\\\" / \xF0\x9F\x98\x80\",\"t\":true,\"n\":null}");
  EXPECT_EQ(RoundTrip(d, R"({"o":{"x":[1,{"y":[]},"z"]},"e":{}})"),
            R"({"o":{"x":[1,{"y":[]},"z"]},"e":{}})");
  EXPECT_EQ(RoundTrip(d, "{\"ctl\":\"a\\u0001b\"}"), "{\"ctl\":\"a\\u0001b\"}");
}

TEST(JsonDecoder, FlatTreeStructure) {
  JsonDecoder d({});
  JsonTree tree;
  ASSERT_FALSE(d.Decode(R"({"a":{"b":1,"c":[2,3]},"d":"x"})", tree).has_value());
  ASSERT_EQ(tree.nodes.size(), 7u);  // root, a, b, c, 2, 3, d
  EXPECT_EQ(tree.root().end, 7u);
  EXPECT_EQ(tree.nodes[1].key, "a");
  EXPECT_EQ(tree.nodes[1].end, 6u);
  EXPECT_EQ(tree.NextSibling(1), 6u);
  EXPECT_EQ(tree.nodes[6].key, "d");
  EXPECT_EQ(tree.nodes[6].text, "x");
}

TEST(JsonDecoder, ErrorCodes) {
  JsonDecoder d({.max_record_bytes = 64, .max_depth = 4, .max_fields = 6});
  EXPECT_EQ(ErrorOf(d, ""), ErrorCode::kEmptyRecord);
  EXPECT_EQ(ErrorOf(d, std::string(65, ' ')), ErrorCode::kTooLarge);
  EXPECT_EQ(ErrorOf(d, "{\"a\":\"\xff\"}"), ErrorCode::kInvalidUtf8);
  EXPECT_EQ(ErrorOf(d, "{\"a\":\"\xc3\"}"), ErrorCode::kInvalidUtf8);
  EXPECT_EQ(ErrorOf(d, "{\"a\":"), ErrorCode::kInvalidJson);
  EXPECT_EQ(ErrorOf(d, "{\"a\":1}x"), ErrorCode::kInvalidJson);
  EXPECT_EQ(ErrorOf(d, "{\"a\":01}"), ErrorCode::kInvalidJson);
  EXPECT_EQ(ErrorOf(d, "{\"a\":tru}"), ErrorCode::kInvalidJson);
  EXPECT_EQ(ErrorOf(d, "{a:1}"), ErrorCode::kInvalidJson);
  EXPECT_EQ(ErrorOf(d, "not json"), ErrorCode::kInvalidJson);
  EXPECT_EQ(ErrorOf(d, "[1,2]"), ErrorCode::kNotAnObject);
  EXPECT_EQ(ErrorOf(d, "\"str\""), ErrorCode::kNotAnObject);
  EXPECT_EQ(ErrorOf(d, "42"), ErrorCode::kNotAnObject);
  EXPECT_EQ(ErrorOf(d, R"({"a":{"b":{"c":{"d":{}}}}})"), ErrorCode::kTooDeep);
  EXPECT_EQ(ErrorOf(d, R"({"a":1,"b":2,"c":3,"d":4,"e":5,"f":6})"), ErrorCode::kTooManyFields);
  // Within the limits it still decodes, and the decoder is reusable after errors.
  JsonTree tree;
  EXPECT_FALSE(d.Decode(R"({"a":{"b":{"c":{}}}})", tree).has_value());
}

TEST(JsonDecoder, ReasonsNeverQuoteTheInput) {
  JsonDecoder d({.max_record_bytes = 1 << 20, .max_depth = 8, .max_fields = 100});
  JsonTree tree;
  for (std::string_view bad : {std::string_view("{\"card\":\"4111111111111111\""),
                               std::string_view("[\"4111111111111111\"]"),
                               std::string_view("{\"x\":\"4111111111111111\"} trailing")}) {
    auto error = d.Decode(bad, tree);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->reason.find("4111"), std::string::npos) << error->reason;
    EXPECT_FALSE(error->reason.empty());
  }
}

TEST(JsonDecoder, DeepNestingIsAnErrorNotACrash) {
  JsonDecoder d({});
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "{\"a\":";
  ASSERT_EQ(ErrorOf(d, deep + "1" + std::string(100000, '}')), ErrorCode::kTooDeep);
  std::string arrays = "{\"a\":" + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_EQ(ErrorOf(d, arrays), ErrorCode::kTooDeep);
}

TEST(JsonWriter, EscapesDeterministically) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("k\"ey");
  w.String(std::string_view("a\\b\x01\x1f\t\xC3\xA9", 8));
  w.Key("n");
  w.Int(-42);
  w.Key("arr");
  w.BeginArray();
  w.Null();
  w.Raw("true");
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(out, "{\"k\\\"ey\":\"a\\\\b\\u0001\\u001f\\t\xC3\xA9\",\"n\":-42,\"arr\":[null,true]}");
}

// The 16-bytes-at-a-time scan against the byte-by-byte rule: escaping is
// byte by byte, so a text escapes as the concatenation of its bytes escaped
// one at a time (a one-byte text never reaches the 16-byte loop; the forms
// themselves are pinned by EscapesDeterministically). Random bytes of every
// length around the block size, with escapes at every position.
TEST(JsonWriter, EscapingMatchesTheByteByByteRuleAtEveryLength) {
  const auto reference = [](std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) AppendJsonEscaped(text.substr(i, 1), out);
    return out;
  };
  std::mt19937 rng(20261130);
  // Mostly plain bytes (ASCII and high bytes), sometimes a byte to escape.
  const std::string plain = "abcXYZ 09.,:\x7f\x80\xc3\xa9\xff~";
  const std::string special = std::string("\"\\\n\r\t\b\f\x01\x1f\x00", 10);
  for (int round = 0; round < 4000; ++round) {
    const std::size_t length = rng() % 70;
    std::string text;
    for (std::size_t i = 0; i < length; ++i) {
      text += rng() % 8 == 0 ? special[rng() % special.size()] : plain[rng() % plain.size()];
    }
    std::string out = "prefix";
    AppendJsonEscaped(text, out);
    ASSERT_EQ(out, "prefix" + reference(text)) << "length " << length;
  }
}

}  // namespace
}  // namespace scrubline
