// PII classifier speed on short message bodies, the issue-3 target
// (>= 300 MB/s per core for the full catalog with validation on ~70-byte
// bodies), next to a same-run baseline: a naive 20-pattern set (one
// RE2::Set pass, then RE2 span extraction for every pattern that matched,
// no validation, no context) such as a quick in-house redactor would use.
//
// Inputs, named by what makes them hard:
//   SmsHam       real SMS (UCI SMS Spam Collection, ham, 4,827 texts, mean
//                71 bytes): short texts, so the per-text cost dominates.
//                A small corpus read over and over: a lazy DFA (RE2::Set)
//                soon has every state it needs, so this is its best case;
//   SmsSpam      real spam (747 texts, mean 139 bytes): prices, short codes,
//                phone numbers and URLs, i.e. many candidates; repeated too;
//   Digits70     400,000 distinct generated ~70-byte bodies full of times,
//                prices, dates, order numbers and codes, every number drawn
//                afresh: every text has candidates that validation must
//                reject, and no text repeats (production's case);
//   OnePii70     the same, each body with one real entity.
// Each catalog row runs with the default engine (PrefilterRe2: Hyperscan
// says which entries match) and with Re2Set (one RE2::Set). Texts are
// classified one at a time on one thread, as the transform does.
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
#include <functional>
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

// ~70-byte bodies of chatter with digits: every number is drawn afresh, so
// (unlike a small repeated corpus) no two bodies are alike and a lazy DFA
// cannot serve them from states built for earlier ones, as in production.
// `entities` (if non-empty): one of them replaces one piece of each body.
std::vector<std::string> Generate70(std::uint32_t seed, int n,
                                    const std::vector<std::string>& entities) {
  std::mt19937 rng(seed);
  const auto digits = [&](int k) {
    std::string d;
    for (int i = 0; i < k; ++i) d += static_cast<char>('0' + rng() % 10);
    return d;
  };
  const std::vector<std::function<std::string()>> pieces = {
      [&] { return std::string("order"); },
      [&] { return "#" + digits(9); },
      [&] { return std::string("ships"); },
      [&] { return digits(2) + "/" + digits(2) + "/20" + digits(2); },
      [&] { return std::string("at"); },
      [&] { return std::to_string(1 + rng() % 12) + ":" + digits(2) + "pm"; },
      [&] { return "$" + std::to_string(rng() % 2000) + "." + digits(2); },
      [&] { return std::string("code"); },
      [&] { return digits(6); },
      [&] { return "v" + std::to_string(rng() % 20) + "." + std::to_string(rng() % 30) + "." +
                   std::to_string(rng() % 10); },
      [&] { return std::string("room"); },
      [&] { return digits(3); },
      [&] { return std::string("ref"); },
      [&] { return "20" + digits(2) + "-" + digits(2) + "-" + digits(2); },
      [&] { return "1Z" + digits(3) + "AA" + digits(10); },
      [&] { return std::string("qty"); },
      [&] { return std::to_string(rng() % 50); },
      [&] { return "INV-20" + digits(2) + "-" + digits(5); },
      [&] { return std::string("flight"); },
      [&] { return "BA" + digits(4); },
      [&] { return std::string("thanks"); },
  };
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> parts;
    std::size_t len = 0;
    while (len < 64) {
      parts.push_back(pieces[rng() % pieces.size()]());
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

// Enough bodies that a run of a few seconds rarely sees one twice.
constexpr int kDistinct = 400000;

const std::vector<std::string>& Digits70() {
  static const auto v = Generate70(7, kDistinct, {});
  return v;
}

const std::vector<std::string>& OnePii70() {
  static const std::vector<std::string> entities = {
      "ana.r@example.com", "+14155550100", "(415) 555-0100", "+44 20 7946 0958",
      "4111 1111 1111 1111", "203.0.113.7", "GB82 WEST 1234 5698 7654 32", "078-05-1120",
      "AC0123456789abcdef0123456789abcdef", "2001:db8::8a2e:370:7334"};
  static const auto v = Generate70(8, kDistinct, entities);
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

void BM_Catalog(benchmark::State& state, PiiEngine engine,
                const std::vector<std::string>& (*texts)()) {
  const auto& bodies = texts();
  if (bodies.empty()) {
    state.SkipWithError("no input texts (../shared/data missing?)");
    return;
  }
  PiiClassifierOptions options;
  options.check_examples = false;
  options.engine = engine;
  const char* patterns = std::getenv("SCRUBLINE_PATTERNS");
  const auto classifier = PiiClassifier::Create(
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
  // Warm the scratch buffers (first 1,000 bodies only: the rest must stay
  // new to the engine, see Generate70).
  const std::size_t warm = std::min<std::size_t>(1000, bodies.size() / 2);
  for (std::size_t k = 0; k < warm; ++k) {
    (void)(*classifier)->Classify(bodies[k], FieldHint{}, **scratch, found);
  }
  std::size_t i = warm;
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

#define SCRUBLINE_SPEED_ROWS(input)                                                  \
  BENCHMARK_CAPTURE(BM_NaiveSet20, input, &input);                                   \
  BENCHMARK_CAPTURE(BM_Catalog, input##_PrefilterRe2, PiiEngine::kPrefilterRe2, &input); \
  BENCHMARK_CAPTURE(BM_Catalog, input##_Re2Set, PiiEngine::kRe2Set, &input);
SCRUBLINE_SPEED_ROWS(SmsHam)
SCRUBLINE_SPEED_ROWS(SmsSpam)
SCRUBLINE_SPEED_ROWS(Digits70)
SCRUBLINE_SPEED_ROWS(OnePii70)
#undef SCRUBLINE_SPEED_ROWS

}  // namespace
}  // namespace scrubline

BENCHMARK_MAIN();
