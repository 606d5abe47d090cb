// PII classifier speed on short message bodies, the issue-3 target
// (>= 300 MB/s per core for the full catalog with validation on ~70-byte
// bodies), next to a same-run baseline: a naive 20-pattern set (one
// RE2::Set pass, then RE2 span extraction for every pattern that matched,
// no validation, no context) such as a quick in-house redactor would use.
//
// Inputs, named by what makes them hard:
//   SmsHam       real SMS (UCI SMS Spam Collection, ham, 4,827 texts, mean
//                71 bytes): short texts, so the per-text cost dominates;
//   SmsSpam      real spam (747 texts, mean 139 bytes): prices, short codes,
//                phone numbers and URLs, i.e. many candidates;
//   Digits70     generated ~70-byte bodies full of times, prices, dates,
//                order numbers and codes: every text has candidates that
//                validation must reject;
//   OnePii70     generated ~70-byte bodies, each with one real entity.
// Texts are classified one at a time on one thread, as the transform does.
// Each row reports texts/s (items), MB/s (bytes) and heap allocations per
// text (operator new calls on the benchmark thread, counted by
// tests/support/allocation_counter.h).
//
// Run: pii_speed_bench [--benchmark_min_time=2]. The catalog comes from
// $SCRUBLINE_PATTERNS/pii if set, else the source tree's. The UCI rows need
// ../shared/data (SCRUBLINE_SHARED_DATA_DIR) and are skipped without it.
#include <benchmark/benchmark.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "classifiers/pii/pii_classifier.h"
#include "tests/support/allocation_counter.h"  // the operator new hook (g_counting)

namespace scrubline {
namespace {

// --- Inputs. ---

// The "text" value of each JSON line whose "label" is `label`. The file is
// ours to read (fixed format, one object per line); a tiny extractor keeps
// this program free of a JSON dependency.
std::string JsonStringField(const std::string& line, const std::string& key) {
  const std::string marker = "\"" + key + "\": \"";
  std::size_t at = line.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  std::string out;
  for (; at < line.size() && line[at] != '"'; ++at) {
    if (line[at] != '\\' || at + 1 >= line.size()) {
      out += line[at];
      continue;
    }
    const char e = line[++at];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'u': {  // \uXXXX, BMP only (enough for this data set)
        if (at + 4 >= line.size()) return out;
        const unsigned cp = static_cast<unsigned>(std::stoul(line.substr(at + 1, 4), nullptr, 16));
        at += 4;
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        break;
      }
      default: out += e;
    }
  }
  return out;
}

std::vector<std::string> UciTexts(const std::string& label) {
  std::vector<std::string> texts;
  std::ifstream in(std::string(SCRUBLINE_SHARED_DATA_DIR) + "/uci_sms_spam.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (JsonStringField(line, "label") == label) texts.push_back(JsonStringField(line, "text"));
  }
  return texts;
}

const std::vector<std::string>& SmsHam() {
  static const auto v = UciTexts("ham");
  return v;
}
const std::vector<std::string>& SmsSpam() {
  static const auto v = UciTexts("spam");
  return v;
}

// ~70-byte bodies from `pieces`, joined by spaces; `entity` (if non-empty)
// replaces one piece in each body.
std::vector<std::string> Generate70(std::uint32_t seed, const std::vector<std::string>& pieces,
                                    const std::vector<std::string>& entities) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::string> parts;
    std::size_t len = 0;
    while (len < 64) {
      parts.push_back(pieces[rng() % pieces.size()]);
      len += parts.back().size() + 1;
    }
    if (!entities.empty()) parts[rng() % parts.size()] = entities[rng() % entities.size()];
    std::string body;
    for (const std::string& p : parts) {
      if (!body.empty()) body += ' ';
      body += p;
    }
    out.push_back(std::move(body));
  }
  return out;
}

const std::vector<std::string>& DigitPieces() {
  static const std::vector<std::string> v = {
      "order", "#100234587", "ships", "12/03/2024", "at",      "7:30pm",  "total",   "$1,249.99",
      "code",  "481516",     "v2.14.3", "room",    "204",     "call",    "x4402",   "ref",
      "2023-11-02", "tracking", "1Z999AA10123456784", "qty", "12", "of", "3", "at", "10.30",
      "£5.99", "invoice", "INV-2024-00931", "flight", "BA2490", "seat", "14C", "PIN", "expires"};
  return v;
}

const std::vector<std::string>& Digits70() {
  static const auto v = Generate70(7, DigitPieces(), {});
  return v;
}

const std::vector<std::string>& OnePii70() {
  static const std::vector<std::string> entities = {
      "ana.r@example.com", "+14155550100", "(415) 555-0100", "+44 20 7946 0958",
      "4111 1111 1111 1111", "203.0.113.7", "GB82 WEST 1234 5698 7654 32", "078-05-1120",
      "AC0123456789abcdef0123456789abcdef", "2001:db8::8a2e:370:7334"};
  static const auto v = Generate70(8, DigitPieces(), entities);
  return v;
}

// --- The naive baseline: 20 common patterns, RE2::Set + RE2 spans. ---

const std::vector<std::string>& NaivePatterns() {
  static const std::vector<std::string> v = {
      R"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})",          // email
      R"(\+[1-9][0-9]{7,14})",                                     // E.164
      R"(\(?[0-9]{3}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4})",              // US phone
      R"(\b0[0-9]{2,4}[ ]?[0-9]{3,4}[ ]?[0-9]{3,4}\b)",             // national phone
      R"(\b(?:[0-9]{4}[ -]?){3}[0-9]{4}\b)",                        // 16-digit card
      R"(\b3[47][0-9]{2}[ -]?[0-9]{6}[ -]?[0-9]{5}\b)",             // Amex
      R"(\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b)",                          // SSN
      R"(\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b)",                        // IPv4
      R"(\b(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{1,4}\b)",           // IPv6 (simple)
      R"(\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b)",  // IBAN
      R"(\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b)",              // MAC
      R"(\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)",  // UUID
      R"(\bAKIA[0-9A-Z]{16}\b)",                                     // AWS key id
      R"(\bghp_[A-Za-z0-9]{36}\b)",                                  // GitHub token
      R"(\bxox[bpoas]-[A-Za-z0-9-]{10,})",                           // Slack token
      R"(\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)",      // JWT
      R"(\b[13][a-km-zA-HJ-NP-Z1-9]{25,34}\b)",                      // bitcoin
      R"(\b0x[0-9a-fA-F]{40}\b)",                                    // ethereum
      R"(\b[A-Z]{2}[0-9]{6}[A-D]\b)",                                // UK NINO
      R"(https?://[^\s]+)",                                          // URL
  };
  return v;
}

struct NaiveSet {
  std::unique_ptr<RE2::Set> set;
  std::vector<std::unique_ptr<RE2>> each;
};

const NaiveSet& Naive() {
  static const NaiveSet n = [] {
    NaiveSet s;
    RE2::Options o;
    o.set_encoding(RE2::Options::EncodingLatin1);
    o.set_never_capture(true);
    s.set = std::make_unique<RE2::Set>(o, RE2::UNANCHORED);
    for (const std::string& p : NaivePatterns()) {
      s.set->Add(p, nullptr);
      s.each.push_back(std::make_unique<RE2>(p, o));
    }
    s.set->Compile();
    return s;
  }();
  return n;
}

void Report(benchmark::State& state, std::uint64_t bytes, std::uint64_t allocations,
            std::uint64_t spans) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  const double n = static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
  state.counters["allocs/text"] = static_cast<double>(allocations) / n;
  state.counters["spans/text"] = static_cast<double>(spans) / n;
}

void BM_NaiveSet20(benchmark::State& state, const std::vector<std::string>& (*texts)()) {
  const auto& bodies = texts();
  if (bodies.empty()) {
    state.SkipWithError("no input texts (../shared/data missing?)");
    return;
  }
  const NaiveSet& naive = Naive();
  std::vector<int> hits;
  std::size_t i = 0;
  std::uint64_t bytes = 0, spans = 0;
  const long allocs_before = g_allocations.load();
  g_counting = true;
  for (auto _ : state) {
    const std::string& body = bodies[i];
    if (++i == bodies.size()) i = 0;
    bytes += body.size();
    if (!naive.set->Match(body, &hits)) continue;
    for (int p : hits) {
      re2::StringPiece input(body), m;
      while (RE2::FindAndConsume(&input, *naive.each[p])) ++spans;
      (void)m;
    }
  }
  g_counting = false;
  Report(state, bytes, static_cast<std::uint64_t>(g_allocations.load() - allocs_before), spans);
}

void BM_Catalog(benchmark::State& state, const std::vector<std::string>& (*texts)()) {
  const auto& bodies = texts();
  if (bodies.empty()) {
    state.SkipWithError("no input texts (../shared/data missing?)");
    return;
  }
  PiiClassifierOptions options;
  options.check_examples = false;
  const char* patterns = std::getenv("SCRUBLINE_PATTERNS");
  static const auto classifier = PiiClassifier::Create(
      std::string(patterns ? patterns : SCRUBLINE_SOURCE_PATTERNS_DIR) + "/pii", options);
  if (!classifier.ok()) {
    state.SkipWithError(classifier.status().ToString().c_str());
    return;
  }
  auto scratch = (*classifier)->NewScratch();
  if (!scratch.ok()) {
    state.SkipWithError(scratch.status().ToString().c_str());
    return;
  }
  std::vector<Finding> found;
  found.reserve(64);
  // Warm the scratch buffers so the counted loop sees steady state.
  for (const std::string& body : bodies) {
    (void)(*classifier)->Classify(body, FieldHint{}, **scratch, found);
  }
  std::size_t i = 0;
  std::uint64_t bytes = 0, spans = 0;
  const long allocs_before = g_allocations.load();
  g_counting = true;
  for (auto _ : state) {
    const std::string& body = bodies[i];
    if (++i == bodies.size()) i = 0;
    Status st = (*classifier)->Classify(body, FieldHint{}, **scratch, found);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      return;
    }
    bytes += body.size();
    spans += found.size();
  }
  g_counting = false;
  Report(state, bytes, static_cast<std::uint64_t>(g_allocations.load() - allocs_before), spans);
}

BENCHMARK_CAPTURE(BM_NaiveSet20, SmsHam, &SmsHam);
BENCHMARK_CAPTURE(BM_Catalog, SmsHam, &SmsHam);
BENCHMARK_CAPTURE(BM_NaiveSet20, SmsSpam, &SmsSpam);
BENCHMARK_CAPTURE(BM_Catalog, SmsSpam, &SmsSpam);
BENCHMARK_CAPTURE(BM_NaiveSet20, Digits70, &Digits70);
BENCHMARK_CAPTURE(BM_Catalog, Digits70, &Digits70);
BENCHMARK_CAPTURE(BM_NaiveSet20, OnePii70, &OnePii70);
BENCHMARK_CAPTURE(BM_Catalog, OnePii70, &OnePii70);

}  // namespace
}  // namespace scrubline

BENCHMARK_MAIN();
