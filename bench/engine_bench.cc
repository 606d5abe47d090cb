// PII engine benchmarks: the matching strategies of classifiers/pii
// (Hyperscan with start-of-match; a Hyperscan or RE2::Set prefilter + RE2
// spans; see classifiers/pii/match_engine.h), per
// pattern family and for the whole Classify, on generated SMS-like bodies of
// 70-500 bytes:
//   NoPii      chatter only (times, prices, dates, counts: digits that are
//              not personal data),
//   SparsePii  one body in ten holds one entity,
//   DensePii   every body holds three to six entities.
// Bodies are generated from a fixed seed, so runs compare. BM_Baseline_*
// reads the same bytes without matching: the memory-bandwidth ceiling.
//
// Run: engine_bench [--benchmark_filter=...]. The catalog comes from
// $SCRUBLINE_PATTERNS/pii if set, else the source tree's patterns/pii.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "classifiers/pii/pii_classifier.h"

namespace scrubline {
namespace {

std::string CatalogDir() {
  if (const char* env = std::getenv("SCRUBLINE_PATTERNS")) return std::string(env) + "/pii";
  return std::string(SCRUBLINE_SOURCE_PATTERNS_DIR) + "/pii";
}

// --- Corpus generation. ---

const std::vector<std::string>& ChatterWords() {
  static const std::vector<std::string> words = {
      "ok",      "see",  "you",     "at",     "7:30",    "tonight", "bring",      "2",
      "bottles", "of",   "wine",    "lol",    "the",     "train",   "is",         "late",
      "again",   "by",   "15",      "min",    "£5.99",   "for",     "both",       "x",
      "Are",     "we",   "still",   "on",     "tmrw?",   "call",    "me",         "when",
      "u",       "get",  "home",    "love",   "Your",    "order",   "ships",      "on",
      "12/03",   "and",  "arrives", "in",     "3-5",     "days.",   "Thanks",     "meeting",
      "moved",   "to",   "room",    "204",    "at",      "10.30",   "pls",        "confirm",
      "haha",    "yes",  "no",      "maybe",  "100%",    "sure",    "2023-11-02", "v1.2.3",
      "got",     "it",   "k",       "cu",     "soon",    "Reply",   "STOP",       "to",
      "opt",     "out",  "Code",    "481516", "expires", "in",      "10",         "minutes.",
      "Hi",      "mum,", "it's",    "me,",    "new",     "phone!",  "cost",       "was",
      "$12.50",  "each", "and",     "the",    "score",   "was",     "3-1",        "at",
      "half",    "time", "ticket",  "no",     "A12B",    "gate",    "B7"};
  return words;
}

const std::map<std::string, std::vector<std::string>>& EntitiesByFamily() {
  static const std::map<std::string, std::vector<std::string>> families = {
      {"email",
       {"ana.r@example.com", "j.doe+sms@mail.example.co.uk", "support@shop-1.example.io",
        "x_y@sub.domain.example.org"}},
      {"phone",
       {"+14155550100", "+44 20 7946 0958", "(415) 555-0100", "415.555.0100", "020 7946 0958",
        "07700 900123", "06 12 34 56 78", "+33 6 12 34 56 78", "030 12345678"}},
      {"card",
       {"4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011000990139424",
        "3530111333300000"}},
      {"ip", {"203.0.113.7", "10.0.0.0/8", "2001:db8::8a2e:370:7334", "fe80::1%eth0"}},
  };
  return families;
}

std::string RandomEntity(std::mt19937& rng, const std::string& family = "") {
  const auto& families = EntitiesByFamily();
  const std::vector<std::string>* list;
  if (family.empty()) {
    auto it = families.begin();
    std::advance(it, rng() % families.size());
    list = &it->second;
  } else {
    list = &families.at(family);
  }
  return (*list)[rng() % list->size()];
}

// `n` bodies of 70-500 bytes; `entities(rng)` says how many entities each
// gets, `family` restricts them ("" = any).
template <typename EntityCount>
std::vector<std::string> MakeBodies(int n, std::uint32_t seed, EntityCount entities,
                                    const std::string& family = "") {
  std::mt19937 rng(seed);
  const auto& words = ChatterWords();
  std::vector<std::string> bodies;
  for (int i = 0; i < n; ++i) {
    const std::size_t target = std::uniform_int_distribution<std::size_t>(70, 500)(rng);
    std::vector<std::string> parts;
    std::size_t len = 0;
    while (len < target) {
      parts.push_back(words[rng() % words.size()]);
      len += parts.back().size() + 1;
    }
    const int k = entities(rng);
    for (int e = 0; e < k; ++e) parts[rng() % parts.size()] = RandomEntity(rng, family);
    std::string body;
    for (const std::string& p : parts) {
      if (!body.empty()) body += ' ';
      body += p;
    }
    if (body.size() > 500) body.resize(500);  // may cut an entity: fine, realistic
    bodies.push_back(std::move(body));
  }
  return bodies;
}

constexpr int kBodies = 2000;

const std::vector<std::string>& NoPii() {
  static const auto v = MakeBodies(kBodies, 1, [](std::mt19937&) { return 0; });
  return v;
}
const std::vector<std::string>& SparsePii() {
  static const auto v = MakeBodies(kBodies, 2, [](std::mt19937& r) { return r() % 10 == 0; });
  return v;
}
const std::vector<std::string>& DensePii() {
  static const auto v = MakeBodies(kBodies, 3, [](std::mt19937& r) { return 3 + r() % 4; });
  return v;
}
// Per family: one body in five holds one or two entities of that family.
const std::vector<std::string>& FamilyBodies(const std::string& family) {
  static std::map<std::string, std::vector<std::string>> cache;
  auto it = cache.find(family);
  if (it == cache.end()) {
    it = cache
             .emplace(family,
                      MakeBodies(
                          kBodies, 4,
                          [](std::mt19937& r) { return r() % 5 == 0 ? 1 + r() % 2 : 0; }, family))
             .first;
  }
  return it->second;
}

// --- Benchmarks. ---

// One classifier per (engine, types), shared by every benchmark thread like
// the worker shares it; each thread has its own scratch.
StatusOr<std::shared_ptr<const PiiClassifier>> SharedClassifier(PiiEngine engine,
                                                                std::vector<EntityType> types) {
  static std::mutex mu;
  static std::map<std::pair<PiiEngine, std::vector<EntityType>>,
                  std::shared_ptr<const PiiClassifier>>
      cache;
  std::lock_guard<std::mutex> lock(mu);
  auto key = std::make_pair(engine, types);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  PiiClassifierOptions options;
  options.engine = engine;
  options.only_types = std::move(types);
  options.check_examples = false;
  auto classifier = PiiClassifier::Create(CatalogDir(), options);
  if (!classifier.ok()) return classifier.status();
  cache.emplace(key, *classifier);
  return *classifier;
}

void RunClassify(benchmark::State& state, PiiEngine engine, std::vector<EntityType> types,
                 const std::vector<std::string>& bodies) {
  auto classifier = SharedClassifier(engine, std::move(types));
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
  // Threads start at different bodies so they do not walk in step.
  std::size_t i = (static_cast<std::size_t>(state.thread_index()) * 997) % bodies.size();
  std::size_t bytes = 0, findings = 0;
  for (auto _ : state) {
    const std::string& body = bodies[i];
    if (++i == bodies.size()) i = 0;
    Status st = (*classifier)->Classify(body, FieldHint{}, **scratch, found);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(found.data());
    bytes += body.size();
    findings += found.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  state.counters["findings/msg"] =
      benchmark::Counter(static_cast<double>(findings) / std::max<double>(1, state.iterations()),
                         benchmark::Counter::kAvgThreads);
}

const std::map<std::string, std::vector<EntityType>>& FamilyTypes() {
  static const std::map<std::string, std::vector<EntityType>> types = {
      {"email", {EntityType::kEmail}},
      {"phone", {EntityType::kPhone}},
      {"card", {EntityType::kCreditCard}},
      {"ip", {EntityType::kIpAddress}},
  };
  return types;
}

void BM_Family(benchmark::State& state, PiiEngine engine, const std::string& family) {
  RunClassify(state, engine, FamilyTypes().at(family), FamilyBodies(family));
}

void BM_Classify(benchmark::State& state, PiiEngine engine,
                 const std::vector<std::string>& (*bodies)()) {
  RunClassify(state, engine, {}, bodies());
}

// Reads every byte (counts '@') without matching: the ceiling.
void BM_Baseline_ReadBytes(benchmark::State& state) {
  const auto& bodies = SparsePii();
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& body = bodies[i];
    if (++i == bodies.size()) i = 0;
    benchmark::DoNotOptimize(std::count(body.begin(), body.end(), '@'));
    bytes += body.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_ReadBytes);

#define SCRUBLINE_FAMILY_BENCH(family)                                                    \
  BENCHMARK_CAPTURE(BM_Family, family##_HyperscanSom, PiiEngine::kHyperscanSom, #family); \
  BENCHMARK_CAPTURE(BM_Family, family##_PrefilterRe2, PiiEngine::kPrefilterRe2, #family); \
  BENCHMARK_CAPTURE(BM_Family, family##_Re2Set, PiiEngine::kRe2Set, #family);
SCRUBLINE_FAMILY_BENCH(email)
SCRUBLINE_FAMILY_BENCH(phone)
SCRUBLINE_FAMILY_BENCH(card)
SCRUBLINE_FAMILY_BENCH(ip)
#undef SCRUBLINE_FAMILY_BENCH

BENCHMARK_CAPTURE(BM_Classify, NoPii_HyperscanSom, PiiEngine::kHyperscanSom, &NoPii);
BENCHMARK_CAPTURE(BM_Classify, NoPii_PrefilterRe2, PiiEngine::kPrefilterRe2, &NoPii);
BENCHMARK_CAPTURE(BM_Classify, NoPii_Re2Set, PiiEngine::kRe2Set, &NoPii);
BENCHMARK_CAPTURE(BM_Classify, SparsePii_HyperscanSom, PiiEngine::kHyperscanSom, &SparsePii);
BENCHMARK_CAPTURE(BM_Classify, SparsePii_PrefilterRe2, PiiEngine::kPrefilterRe2, &SparsePii);
BENCHMARK_CAPTURE(BM_Classify, SparsePii_Re2Set, PiiEngine::kRe2Set, &SparsePii);
BENCHMARK_CAPTURE(BM_Classify, DensePii_HyperscanSom, PiiEngine::kHyperscanSom, &DensePii);
BENCHMARK_CAPTURE(BM_Classify, DensePii_PrefilterRe2, PiiEngine::kPrefilterRe2, &DensePii);
BENCHMARK_CAPTURE(BM_Classify, DensePii_Re2Set, PiiEngine::kRe2Set, &DensePii);
// Two threads sharing one classifier (RE2 keeps its DFA cache inside the
// shared objects): does the default engine scale on the 2-core machine?
BENCHMARK_CAPTURE(BM_Classify, SparsePii_PrefilterRe2, PiiEngine::kPrefilterRe2, &SparsePii)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Classify, SparsePii_Re2Set, PiiEngine::kRe2Set, &SparsePii)
    ->Threads(2)
    ->UseRealTime();

}  // namespace
}  // namespace scrubline

BENCHMARK_MAIN();
