// Fuzz target: one Kafka record value through JsonDecoder and the whole Transformer.
//
// Record bytes are the most exposed input scrubline has: anyone who can
// produce to an input topic controls them. Invariants checked on every input:
//  - JsonDecoder::Decode never crashes; on success the tree is well formed
//    (root is an object, every subtree range is nested inside its parent's);
//  - Transformer::Process never crashes and yields either a usage record then
//    a content record, or exactly one dead letter (fail closed, nothing else);
//  - every JSON output re-decodes without error (a decoder with larger limits,
//    since tokens and redaction tags can make a value longer and deeper
//    nesting is not what is under test there);
//  - a dead letter never carries the input in clear, not even as a substring
//    (checked for inputs of 16 bytes or more, where a chance match is nil);
//  - outputs are deterministic (transform.h): processing the same input again
//    gives identical keys, values and headers, so nothing leaks from one
//    record to the next through the reused buffers.
// Set-up (catalog compile, key derivation) happens once, in a static.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "classifiers/crypto/key_ring.h"
#include "pipeline/compiled_pipeline.h"
#include "pipeline/json_decoder.h"
#include "pipeline/transform.h"
#include "tests/fuzz/fuzz_check.h"

namespace scrubline {
namespace {

// The fixed test key of tests/golden/test.keys, under a fuzz-only id.
constexpr char kKeyLine[] = "fz:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

struct Harness {
  std::shared_ptr<const CompiledPipeline> pipeline;
  std::unique_ptr<Transformer> transformer;
  JsonDecoder decoder{DecodeLimits{}};
  // Outputs only: deeper and larger than any input the transformer accepts.
  JsonDecoder output_decoder{DecodeLimits{1u << 30, 1u << 16, 1u << 30}};
  JsonTree tree;
  JsonTree output_tree;
  OutputBatch batch;
  OutputBatch again;
};

// The shipped catalogs and policies; SCRUBLINE_FUZZ_PATTERNS_DIR points a long
// fuzzing run at a frozen copy while the tree is being edited.
std::string PatternsDir() {
  const char* dir = std::getenv("SCRUBLINE_FUZZ_PATTERNS_DIR");
  return dir != nullptr && *dir != '\0' ? dir : SCRUBLINE_SOURCE_DIR "/patterns";
}

Harness& GetHarness() {
  static Harness* const harness = [] {
    auto* h = new Harness();
    auto keys = KeyRing::Parse(kKeyLine);
    if (!keys.ok()) {
      std::fprintf(stderr, "record_fuzz: key ring: %s\n", keys.status().ToString().c_str());
      std::abort();
    }
    PipelineOptions options;
    options.patterns_dir = PatternsDir();
    auto pipeline = CompiledPipeline::Create(options, std::move(*keys));
    if (!pipeline.ok()) {
      std::fprintf(stderr, "record_fuzz: pipeline: %s\n", pipeline.status().ToString().c_str());
      std::abort();
    }
    h->pipeline = *pipeline;
    auto transformer = Transformer::Create(h->pipeline, nullptr);
    if (!transformer.ok()) {
      std::fprintf(stderr, "record_fuzz: transformer: %s\n",
                   transformer.status().ToString().c_str());
      std::abort();
    }
    h->transformer = std::move(*transformer);
    return h;
  }();
  return *harness;
}

void CheckTree(const JsonTree& tree) {
  FUZZ_CHECK(!tree.nodes.empty(), "a decoded record has a root");
  FUZZ_CHECK(tree.root().kind == JsonKind::kObject, "a decoded record is an object");
  FUZZ_CHECK(tree.root().end == tree.nodes.size(), "the root spans the whole tree");
  for (std::uint32_t i = 0; i < tree.nodes.size(); ++i) {
    const JsonNode& node = tree.nodes[i];
    FUZZ_CHECK(node.end > i && node.end <= tree.nodes.size(), "subtree range in bounds");
    const bool container = node.kind == JsonKind::kObject || node.kind == JsonKind::kArray;
    if (!container) {
      FUZZ_CHECK(node.end == i + 1, "a scalar has no children");
      continue;
    }
    // Children tile the parent's range exactly.
    std::uint32_t child = JsonTree::FirstChild(i);
    while (child < node.end) {
      const std::uint32_t next = tree.NextSibling(child);
      FUZZ_CHECK(next > child && next <= node.end, "a child's subtree lies inside its parent");
      if (node.kind == JsonKind::kArray) {
        FUZZ_CHECK(tree.nodes[child].key.empty(), "array items have no key");
      }
      child = next;
    }
    FUZZ_CHECK(child == node.end, "children end where the parent ends");
  }
}

bool SameOutput(const Output& a, const Output& b) {
  if (a.kind != b.kind || a.topic != b.topic || a.has_key != b.has_key || a.key != b.key ||
      a.value != b.value || a.value_is_json != b.value_is_json ||
      a.headers().size() != b.headers().size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.headers().size(); ++i) {
    if (a.headers()[i].name != b.headers()[i].name ||
        a.headers()[i].value != b.headers()[i].value) {
      return false;
    }
  }
  return true;
}

}  // namespace
}  // namespace scrubline

// Set-up (compiling the catalog, a few seconds under ASan) runs here rather
// than in the first input, so libFuzzer's -timeout does not count it.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  scrubline::GetHarness();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scrubline;
  Harness& h = GetHarness();
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (!h.decoder.Decode(input, h.tree).has_value()) CheckTree(h.tree);

  const InputRecord record{"messages.sms", 3, 1234, input};
  h.transformer->Process(record, h.batch);
  h.transformer->Process(record, h.again);
  const OutputBatch& out = h.batch;
  FUZZ_CHECK(h.again.size() == out.size(), "the same input gives the same outputs");
  for (std::size_t i = 0; i < out.size(); ++i) {
    FUZZ_CHECK(SameOutput(out[i], h.again[i]), "the same input gives the same outputs");
  }
  const TopicNames& topics = h.pipeline->topics();
  if (out.size() == 1) {
    const Output& dead = out[0];
    FUZZ_CHECK(dead.kind == OutputKind::kDeadLetter, "a single output is a dead letter");
    FUZZ_CHECK(dead.topic == topics.dead_letter, "dead letters go to the dead-letter topic");
    FUZZ_CHECK(!dead.value_is_json, "a dead letter's value is ciphertext");
    FUZZ_CHECK(dead.FindHeader("scrubline.error.code") != nullptr, "a dead letter says why");
    if (size >= 16) {
      FUZZ_CHECK(dead.value != input, "a dead letter never carries the input in clear");
      FUZZ_CHECK(dead.value.find(input) == std::string::npos,
                 "a dead letter never carries the input in clear");
    }
    return 0;
  }
  FUZZ_CHECK(out.size() == 2 || out.size() == 3,
             "a good record yields usage + content (+ an acceptable-use alert)");
  FUZZ_CHECK(out[0].kind == OutputKind::kUsage && out[0].topic == topics.usage, "usage first");
  FUZZ_CHECK(out[1].kind == OutputKind::kContent && out[1].topic == topics.content,
             "content second");
  if (out.size() == 3) {
    FUZZ_CHECK(out[2].kind == OutputKind::kAlert && out[2].topic == topics.alerts,
               "an alert third");
    FUZZ_CHECK(out[1].FindHeader("scrubline.aup.alert") != nullptr &&
                   *out[1].FindHeader("scrubline.aup.alert") == *out[2].FindHeader("scrubline.aup.alert"),
               "the content record names its alert");
  }
  for (const Output& o : out) {
    FUZZ_CHECK(o.value_is_json, "usage, content and alert values are JSON");
    auto error = h.output_decoder.Decode(o.value, h.output_tree);
    if (error) {
      std::fprintf(stderr, "output does not re-decode: %.*s: %s\n",
                   static_cast<int>(ErrorCodeName(error->code).size()),
                   ErrorCodeName(error->code).data(), error->reason.c_str());
    }
    FUZZ_CHECK(!error.has_value(), "every JSON output re-decodes");
    CheckTree(h.output_tree);
  }
  return 0;
}
