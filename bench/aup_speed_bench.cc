// Acceptable-use scoring speed on short message bodies, the acceptable-use
// issue's target (rules + model [+ velocity, not built yet] >= 200 MB/s per
// core on ~70-byte bodies), next to a same-run baseline.
//
// Inputs: real SMS of the UCI SMS Spam Collection (../shared/data), ham
// (4,827 texts, mean 71 bytes) and spam (747, mean 139 bytes), read over
// and over on one thread, as the transform scores a body.
// Rows:
//   Baseline      one pass that lower-cases the body into a buffer and
//                 counts its words: the least any scorer of words must do
//   Rules         the catalog's rules and feature rules (one Hyperscan scan
//                 plus one feature pass)
//   Model         the naive Bayes model alone (hashing words, pairs and
//                 trigrams)
//   Full          rules, features and model: what production runs
//   BodySignature the velocity signal's near-duplicate signature of a
//                 ham body (body_signature.h)
//   VelocityObserve  one record into a partition's velocity table
//                 (velocity_tracker.h) in steady state: 10,007 senders,
//                 ham bodies, 1,000 records a second, table full
// Each reports texts/s, MB/s and heap allocations per text (operator new on
// the benchmark thread; tests/support/allocation_counter.h).
//
// Run: aup_speed_bench [--benchmark_min_time=2].
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/labelled_texts.h"
#include "classifiers/aup/aup_detector.h"
#include "classifiers/aup/body_signature.h"
#include "classifiers/aup/velocity_tracker.h"
#include "classifiers/base/hash.h"
#include "tests/support/allocation_counter.h"  // the operator new hook (g_counting)

namespace scrubline {
namespace {

std::vector<std::string> UciTexts(bool spam) {
  std::vector<std::string> texts;
  for (LabelledExample& e :
       LoadLabelledTexts(std::string(SCRUBLINE_SHARED_DATA_DIR) + "/uci_sms_spam.jsonl")) {
    if (e.spam == spam) texts.push_back(std::move(e.text));
  }
  return texts;
}

const std::vector<std::string>& SmsHam() {
  static const auto v = UciTexts(false);
  return v;
}
const std::vector<std::string>& SmsSpam() {
  static const auto v = UciTexts(true);
  return v;
}

void Report(benchmark::State& state, std::uint64_t bytes, long allocations, double alerts) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  const double n = static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
  state.counters["allocs/text"] = static_cast<double>(allocations) / n;
  state.counters["alerts/text"] = alerts / n;
}

void BM_Baseline(benchmark::State& state, const std::vector<std::string>& (*texts)()) {
  const auto& bodies = texts();
  if (bodies.empty()) {
    state.SkipWithError("no input texts (../shared/data missing?)");
    return;
  }
  std::string lowered;
  lowered.reserve(4096);
  std::size_t i = 0;
  std::uint64_t bytes = 0, words = 0;
  const long before = g_allocations.load();
  g_counting = true;
  for (auto _ : state) {
    const std::string& body = bodies[i];
    if (++i == bodies.size()) i = 0;
    lowered.clear();
    bool in_word = false;
    for (char c : body) {
      const char l = c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c;
      lowered.push_back(l);
      const bool word = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
      words += word && !in_word;
      in_word = word;
    }
    benchmark::DoNotOptimize(lowered.data());
    bytes += body.size();
  }
  g_counting = false;
  benchmark::DoNotOptimize(words);
  Report(state, bytes, g_allocations.load() - before, 0);
}

void BM_Aup(benchmark::State& state, AupParts parts, const std::vector<std::string>& (*texts)()) {
  const auto& bodies = texts();
  if (bodies.empty()) {
    state.SkipWithError("no input texts (../shared/data missing?)");
    return;
  }
  auto detector = AupDetector::Create(std::string(SCRUBLINE_SOURCE_PATTERNS_DIR) + "/aup", parts);
  if (!detector.ok()) {
    state.SkipWithError(detector.status().ToString().c_str());
    return;
  }
  auto scratch = (*detector)->NewScratch();
  AupVerdict verdict;
  for (std::size_t k = 0; k < std::min<std::size_t>(200, bodies.size()); ++k) {
    (void)(*detector)->Evaluate(bodies[k], **scratch, verdict);  // grow the reason buffer
  }
  std::size_t i = 0;
  std::uint64_t bytes = 0;
  double alerts = 0;
  const long before = g_allocations.load();
  g_counting = true;
  for (auto _ : state) {
    const std::string& body = bodies[i];
    if (++i == bodies.size()) i = 0;
    const Status s = (*detector)->Evaluate(body, **scratch, verdict);
    if (!s.ok()) {
      g_counting = false;
      state.SkipWithError(s.ToString().c_str());
      return;
    }
    alerts += verdict.alert;
    bytes += body.size();
  }
  g_counting = false;
  Report(state, bytes, g_allocations.load() - before, alerts);
}

constexpr AupParts kRules{true, true, false};
constexpr AupParts kModel{false, false, true};
constexpr AupParts kFull{true, true, true};

#define SCRUBLINE_AUP_ROWS(input)                          \
  BENCHMARK_CAPTURE(BM_Baseline, input, &input);           \
  BENCHMARK_CAPTURE(BM_Aup, input##_Rules, kRules, &input); \
  BENCHMARK_CAPTURE(BM_Aup, input##_Model, kModel, &input); \
  BENCHMARK_CAPTURE(BM_Aup, input##_Full, kFull, &input);
SCRUBLINE_AUP_ROWS(SmsHam)
SCRUBLINE_AUP_ROWS(SmsSpam)
#undef SCRUBLINE_AUP_ROWS

void BM_BodySignature(benchmark::State& state) {
  const auto& bodies = SmsHam();
  if (bodies.empty()) {
    state.SkipWithError("no input texts (../shared/data missing?)");
    return;
  }
  BodySignatureBuilder builder;
  std::size_t i = 0;
  std::uint64_t bytes = 0;
  const long before = g_allocations.load();
  g_counting = true;
  for (auto _ : state) {
    const std::string& body = bodies[i];
    if (++i == bodies.size()) i = 0;
    builder.Reset();
    builder.AddText(body);
    const BodySignature signature = builder.Finish();
    benchmark::DoNotOptimize(signature.bins.data());
    bytes += body.size();
  }
  g_counting = false;
  Report(state, bytes, g_allocations.load() - before, 0);
}
BENCHMARK(BM_BodySignature);

void BM_VelocityObserve(benchmark::State& state) {
  const auto& bodies = SmsHam();
  if (bodies.empty()) {
    state.SkipWithError("no input texts (../shared/data missing?)");
    return;
  }
  std::vector<BodySignature> signatures;
  BodySignatureBuilder builder;
  for (const std::string& body : bodies) {
    builder.Reset();
    builder.AddText(body);
    signatures.push_back(builder.Finish());
  }
  // Record j: sender j mod 10,007 (a prime, so senders and bodies mix),
  // a new recipient, body j mod the ham texts, 1,000 records a second.
  constexpr std::uint64_t kSenders = 10'007;
  VelocityTracker tracker(VelocitySettings{});
  std::uint64_t j = 0;
  double fired = 0;
  const auto observe = [&] {
    const VelocityObservation o =
        tracker.Observe("sms", 0, SplitMix64(j % kSenders), SplitMix64(~j),
                        static_cast<std::int64_t>(j / 1000), signatures[j % signatures.size()]);
    ++j;
    return o;
  };
  while (j < 200'000) observe();  // every cluster taken: the steady state
  const long before = g_allocations.load();
  g_counting = true;
  for (auto _ : state) fired += observe().fired;
  g_counting = false;
  Report(state, 0, g_allocations.load() - before, fired);
}
BENCHMARK(BM_VelocityObserve);

}  // namespace
}  // namespace scrubline

BENCHMARK_MAIN();
